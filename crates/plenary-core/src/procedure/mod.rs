//! The procedure engine: how an assembly decides, as the General Assembly's rules of procedure say.
//!
//! Everything here is pure. Time arrives inside events; membership arrives as data. The service, the CLI
//! and the tests run the same code, so a meeting replayed from its log gives the same state and the same
//! record, byte for byte.

pub mod board;
pub mod error;
pub mod event;
pub mod floor;
pub mod forum;
pub mod hrc;
pub mod log;
pub mod majority;
pub mod meeting;
pub mod queue;
pub mod record;
pub mod roll_call;
pub mod wording;

pub use error::ProcedureError;
pub use event::{
    AmendmentAction, Event, MotionKind, Part, Present, Question, Reveal, SpeakerList, StateRef, Timing,
};
pub use floor::{Floor, Turn};
pub use forum::{Forum, Settings};
pub use log::{LogError, LoggedEvent, parse_log, replay_log, write_log};
pub use majority::{Choice, Majority, Outcome, Tally};
pub use meeting::{Meeting, ReplayError, Vote, VoteStatus, replay};
pub use queue::{Decision, NotPutBecause};
pub use record::Record;
pub use wording::{Figures, Listing, Method};
