//! The procedure engine: how an assembly decides, as the General Assembly's rules of procedure say.
//!
//! Everything here is pure. Time arrives inside events; membership arrives as data. The service, the CLI
//! and the tests run the same code, so a meeting replayed from its log gives the same state and the same
//! record, byte for byte.

pub mod forum;
pub mod majority;
pub mod wording;

pub use forum::{Forum, Settings};
pub use majority::{Choice, Majority, Outcome, Tally};
pub use wording::{Figures, Listing, Method};
