//! Agreed language: every preambular and operative paragraph and sub-paragraph of every text, searchable
//! by words, exact phrases, boolean, prefix and proximity queries with facets ([`SearchIndex::search`]),
//! and for any paragraph the history of its clause and where it was first agreed ([`clauses`]).
//!
//! The crate is fed documents (it does not read the store): the web crate keeps an on-disk index in step
//! with the event log, and the command line builds a stand-alone index of a directory of texts. The index
//! is tantivy's; the clause index is built in memory from the index's stored paragraphs when it opens.

mod addressee;
pub mod clauses;
pub mod facets;
mod highlight;
mod index;
pub mod query;
mod results;
pub mod text;

pub use clauses::{Agreed, AgreedIn, ClauseVersion, Dropped, History};
pub use facets::{FacetName, is_agreed_language};
pub use index::{AddTimings, IndexError, IndexedText, IndexedVersion, SearchIndex};
pub use query::{Query, QueryError};
pub use results::{
    DocumentGroup, FacetCount, FacetCounts, FacetFilter, Hit, MAX_DOCUMENTS_PER_PAGE, SearchRequest,
    SearchResults, Sort,
};
