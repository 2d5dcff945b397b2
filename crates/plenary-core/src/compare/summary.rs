//! "What is new": the summary a delegate pastes into a report — the counts, the paragraphs added and
//! deleted by their opening words, the most rewritten paragraphs, and, apart from substance, the
//! references that were only brought up to date.

use serde::{Deserialize, Serialize};

use super::tokens::{TokenKind, tokenize};
use super::{Change, ChangeKind, Comparison, DiffOpKind, Summary};
use crate::document::ParagraphId;

/// How many of the most changed paragraphs the summary lists.
const MOST_CHANGED: usize = 5;
/// How many words of a paragraph identify it in the summary.
const OPENING_WORDS: usize = 14;

/// The summary of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhatIsNew {
    pub summary: Summary,
    /// Modified units whose only differences are in references.
    pub references_only: usize,
    pub added: Vec<Brief>,
    pub deleted: Vec<Brief>,
    pub moved: Vec<Brief>,
    pub most_changed: Vec<MostChanged>,
    pub reference_updates: Vec<ReferenceUpdate>,
}

/// A unit named by its id (in the version it belongs to) and its opening words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Brief {
    pub id: ParagraphId,
    /// The id it had in the old version, when it moved or was renumbered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub was: Option<ParagraphId>,
    pub opening: String,
}

/// A rewritten unit and how much of it changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MostChanged {
    pub unit: Brief,
    /// The share of its words deleted or inserted, from 0 to 1.
    pub changed: f64,
}

/// A unit whose only changes are references: what they were and what they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceUpdate {
    pub unit: Brief,
    pub from: Vec<String>,
    pub to: Vec<String>,
}

pub(crate) fn what_is_new(comparison: &Comparison) -> WhatIsNew {
    let mut summary = WhatIsNew {
        summary: comparison.summary,
        references_only: 0,
        added: Vec::new(),
        deleted: Vec::new(),
        moved: Vec::new(),
        most_changed: Vec::new(),
        reference_updates: Vec::new(),
    };
    let mut rewritten: Vec<MostChanged> = Vec::new();
    for change in &comparison.changes {
        match change.kind {
            ChangeKind::Added => summary.added.extend(brief(change)),
            ChangeKind::Deleted => summary.deleted.extend(brief(change)),
            ChangeKind::Modified if change.references_only => {
                summary.references_only += 1;
                if let Some(unit) = brief(change) {
                    let (from, to) = changed_pieces(change);
                    summary.reference_updates.push(ReferenceUpdate { unit, from, to });
                }
            }
            ChangeKind::Modified => {
                if let Some(unit) = brief(change) {
                    rewritten.push(MostChanged { unit, changed: share_changed(change) });
                }
            }
            ChangeKind::Unchanged => {}
        }
        if change.moved {
            summary.moved.extend(brief(change));
        }
    }
    rewritten.sort_by(|a, b| b.changed.total_cmp(&a.changed));
    rewritten.truncate(MOST_CHANGED);
    summary.most_changed = rewritten;
    summary
}

impl WhatIsNew {
    /// The summary as plain text, ready to paste.
    pub fn report(&self, old_name: &str, new_name: &str) -> String {
        let counts = &self.summary;
        let mut report = format!("What is new in {new_name} compared with {old_name}\n\n");
        report.push_str(&format!(
            "{} paragraphs and sub-paragraphs compared: {} unchanged, {} modified ({} only in references), \
             {} added, {} deleted; {} moved.\n",
            counts.unchanged + counts.modified + counts.added + counts.deleted,
            counts.unchanged,
            counts.modified,
            self.references_only,
            counts.added,
            counts.deleted,
            counts.moved,
        ));
        let section = |report: &mut String, title: &str, briefs: &[Brief]| {
            if briefs.is_empty() {
                return;
            }
            report.push_str(&format!("\n{title}:\n"));
            for brief in briefs {
                report.push_str(&format!("- {}{}: {}\n", brief.id, was(brief), brief.opening));
            }
        };
        section(&mut report, "Added", &self.added);
        section(&mut report, "Deleted", &self.deleted);
        if !self.most_changed.is_empty() {
            report.push_str("\nMost changed:\n");
            for item in &self.most_changed {
                report.push_str(&format!(
                    "- {}{} ({:.0}% of its words): {}\n",
                    item.unit.id,
                    was(&item.unit),
                    item.changed * 100.0,
                    item.unit.opening
                ));
            }
        }
        section(&mut report, "Moved", &self.moved);
        if !self.reference_updates.is_empty() {
            report.push_str("\nReferences updated (no change of substance):\n");
            for update in &self.reference_updates {
                report.push_str(&format!(
                    "- {}{}: {} → {}\n",
                    update.unit.id,
                    was(&update.unit),
                    update.from.join(", "),
                    update.to.join(", ")
                ));
            }
        }
        report
    }
}

fn was(brief: &Brief) -> String {
    brief.was.as_ref().map(|was| format!(" (was {was})")).unwrap_or_default()
}

/// The unit of the new version (or the old, for a deletion) with its opening words.
fn brief(change: &Change) -> Option<Brief> {
    let unit = change.new.as_ref().or(change.old.as_ref())?;
    let was = match (&change.old, &change.new) {
        (Some(old), Some(new)) if old.id != new.id => Some(old.id.clone()),
        _ => None,
    };
    Some(Brief { id: unit.id.clone(), was, opening: opening_words(&unit.text) })
}

fn opening_words(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= OPENING_WORDS {
        words.join(" ")
    } else {
        format!("{} …", words[..OPENING_WORDS].join(" "))
    }
}

/// The deleted and inserted pieces of a change, trimmed.
fn changed_pieces(change: &Change) -> (Vec<String>, Vec<String>) {
    let pieces = |kind: DiffOpKind| {
        change
            .diff
            .iter()
            .filter(|piece| piece.op == kind)
            .map(|piece| piece.text.trim().to_string())
            .filter(|text| !text.is_empty())
            .collect()
    };
    (pieces(DiffOpKind::Delete), pieces(DiffOpKind::Insert))
}

/// The share of a modified unit's words that were deleted or inserted: deleted and inserted words over
/// the words of both versions, so a paragraph rewritten from end to end scores 1.
fn share_changed(change: &Change) -> f64 {
    let count = |kinds: &[DiffOpKind]| -> usize {
        change
            .diff
            .iter()
            .filter(|piece| kinds.contains(&piece.op))
            .flat_map(|piece| tokenize(&piece.text))
            .filter(|token| matches!(token.kind, TokenKind::Word | TokenKind::Reference))
            .count()
    };
    let changed = count(&[DiffOpKind::Delete, DiffOpKind::Insert]);
    let both =
        count(&[DiffOpKind::Equal, DiffOpKind::Delete]) + count(&[DiffOpKind::Equal, DiffOpKind::Insert]);
    if both == 0 { 0.0 } else { changed as f64 / both as f64 }
}
