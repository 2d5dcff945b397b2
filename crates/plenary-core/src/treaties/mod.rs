//! Treaties: the core human rights instruments, who took part in them and how, and the questions a
//! delegation asks of that — who is bound as of a date, who is still missing, what changed.
//!
//! - `model.rs` — the values: a treaty and its entry-into-force rule, a participant's action (signature,
//!   consent in its six forms, denunciation), a declaration or reservation with the procedures it accepts or
//!   excludes.
//! - `participants.rs` — the UN Treaty Collection's spellings of participants mapped explicitly to codes.
//! - `procedures.rs` — what a declaration's text says about the optional procedures (CAT articles 20, 21 and
//!   22; OPCAT article 24).
//! - `calls.rs` — the treaties an operative paragraph calls upon States to become parties to.
//! - `register.rs` — `TreatyRegister`, the fold of the treaty facts, and its questions.
//! - `shipped.rs` — the shipped status tables read into treaties, actions and declarations.
//!
//! Pure like the rest of the core: dates are passed in, the data is given as text.

pub mod calls;
mod model;
pub mod participants;
pub mod procedures;
mod register;
mod shipped;

pub use model::*;
pub use register::*;
pub use shipped::{ShippedTreaties, parse_date, read as read_shipped};
