//! Comparison of two versions of a text — last session's resolution and this session's draft, a draft and
//! the text adopted — as delegations ask it: which paragraphs are unchanged, modified, added or deleted,
//! which moved, what changed word by word, and "what is new" in a form that can be pasted into a report.
//!
//! The units are the preambular paragraphs, the operative paragraphs and each sub-paragraph (and the
//! blocks of annexes). Renumbering is not a change, and neither are typographic variants (hyphen and dash
//! kinds, quote styles, spaces). Alignment pairs identical units first, then units about the same thing
//! (weighted overlap of their content words, which survives rewriting and moves), more readily between two
//! pairs that already line up; a pair out of order relative to the others is marked moved.

mod align;
mod redline;
mod summary;
pub(crate) mod tokens;
mod units;

use serde::{Deserialize, Serialize};

use crate::document::{Document, ParagraphId};

pub use summary::{Brief, MostChanged, ReferenceUpdate, WhatIsNew};

/// The comparison of an old and a new version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comparison {
    pub summary: Summary,
    /// Every unit of both versions, in the reading order of the new one, with each deleted unit where it
    /// stood in the old one.
    pub changes: Vec<Change>,
}

/// How many units of each kind; `moved` counts independently of the kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ComparisonSummary))]
pub struct Summary {
    pub unchanged: usize,
    pub modified: usize,
    pub added: usize,
    pub deleted: usize,
    pub moved: usize,
}

/// What happened to one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ChangeKind {
    Unchanged,
    Modified,
    Added,
    Deleted,
}

/// One unit's fate between the versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ComparisonChange))]
pub struct Change {
    pub kind: ChangeKind,
    /// The pair changed position relative to its neighbours.
    pub moved: bool,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub old: Option<UnitRef>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub new: Option<UnitRef>,
    /// The word-level redline from the old text to the new: equal and deleted pieces give the old text,
    /// equal and inserted pieces the new one. Unchanged units have one equal piece, added ones one insertion,
    /// deleted ones one deletion. Typographic variants appear here (the texts differ) even when the unit
    /// counts as unchanged.
    pub diff: Vec<DiffOp>,
    /// For modified units: every difference is in references — symbols, numbers, dates, session ordinals
    /// ("resolution 78/77" → "79/90", "seventy-ninth" → "eightieth") — not in substance.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub references_only: bool,
    /// How alike the two texts are, from 0 to 1, for paired units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
}

/// A unit of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitRef {
    pub id: ParagraphId,
    pub part: UnitPart,
    /// The printed number or label: "4", "b", "ii".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub text: String,
}

/// Where a unit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum UnitPart {
    Preambular,
    Operative,
    Subparagraph,
    Annex,
}

/// A piece of the redline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiffOp {
    pub op: DiffOpKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DiffOpKind {
    Equal,
    Delete,
    Insert,
}

/// The word redline between two paragraph texts (the one every comparison uses): equal and deleted pieces
/// give `old`, equal and inserted pieces give `new`.
pub fn redline(old: &str, new: &str) -> Vec<DiffOp> {
    redline::word_diff(old, new)
}

/// Compares two versions of a text.
pub fn compare(old: &Document, new: &Document) -> Comparison {
    let old_units = units::units(old);
    let new_units = units::units(new);
    let pairs = align::align(&old_units, &new_units);
    let changes = redline::changes(&old_units, &new_units, &pairs);
    let mut summary = Summary::default();
    for change in &changes {
        match change.kind {
            ChangeKind::Unchanged => summary.unchanged += 1,
            ChangeKind::Modified => summary.modified += 1,
            ChangeKind::Added => summary.added += 1,
            ChangeKind::Deleted => summary.deleted += 1,
        }
        if change.moved {
            summary.moved += 1;
        }
    }
    Comparison { summary, changes }
}

impl Comparison {
    /// The "what is new" summary of this comparison.
    pub fn what_is_new(&self) -> WhatIsNew {
        summary::what_is_new(self)
    }

    /// The text of a side, put back together from the redline: `Insert` pieces dropped for the old side,
    /// `Delete` pieces for the new. Used to prove the redline exact.
    pub fn side_text(change: &Change, new_side: bool) -> String {
        change
            .diff
            .iter()
            .filter(|piece| match piece.op {
                DiffOpKind::Equal => true,
                DiffOpKind::Delete => !new_side,
                DiffOpKind::Insert => new_side,
            })
            .map(|piece| piece.text.as_str())
            .collect()
    }
}
