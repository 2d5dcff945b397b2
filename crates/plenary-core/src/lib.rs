//! The pure core of Plenary: UN documents as structure, document symbols, bodies and sessions, member
//! states, and the vocabulary resolutions are written in.
//!
//! Architecture invariant: nothing in this crate does I/O, reads a clock or knows about storage or HTTP.
//! Data it needs (the member-state table) is compiled in; time is always passed in.

pub mod analysis;
pub mod body;
pub mod compare;
pub mod dates;
pub mod diagnostics;
pub mod document;
pub mod lineage;
pub mod membership;
#[cfg(feature = "openapi")]
mod openapi;
pub mod procedure;
pub mod states;
pub mod symbol;
pub mod treaties;
pub mod vocabulary;

pub use body::{Body, Committee, Session};
pub use diagnostics::{Diagnostic, Severity};
pub use document::{
    Adoption, AgendaItem, Annex, AnnexBlock, Distribution, Document, DocumentKind, Footnote, FootnoteRef,
    MeetingLine, Paragraph, ParagraphId, Section,
};
pub use symbol::{Symbol, SymbolError, SymbolKind};
