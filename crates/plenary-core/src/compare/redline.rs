//! From pairs to changes: the merged reading order, and the word-level redline of each pair computed with
//! `similar` over tokens that keep symbols, numbers and dates whole.

use similar::{Algorithm, DiffOp as SimilarOp, capture_diff_slices};

use super::align::Pair;
use super::tokens::{TokenKind, comparison_key, tokenize};
use super::units::Unit;
use super::{Change, ChangeKind, DiffOp, DiffOpKind, UnitRef};

/// The changes in the reading order of the new version, each deleted unit placed where it stood among the
/// units that kept their order.
pub(crate) fn changes(old: &[Unit], new: &[Unit], pairs: &[Pair]) -> Vec<Change> {
    let mut pair_of_new: Vec<Option<&Pair>> = vec![None; new.len()];
    let mut old_paired = vec![false; old.len()];
    for pair in pairs {
        pair_of_new[pair.new] = Some(pair);
        old_paired[pair.old] = true;
    }
    let mut changes = Vec::with_capacity(old.len().max(new.len()));
    let mut next_old = 0usize;
    for (index, unit) in new.iter().enumerate() {
        match pair_of_new[index] {
            Some(pair) => {
                if !pair.moved {
                    while next_old < pair.old {
                        if !old_paired[next_old] {
                            changes.push(deleted(&old[next_old]));
                        }
                        next_old += 1;
                    }
                    next_old = next_old.max(pair.old + 1);
                }
                changes.push(paired(&old[pair.old], unit, pair));
            }
            None => changes.push(added(unit)),
        }
    }
    for (index, unit) in old.iter().enumerate().skip(next_old) {
        if !old_paired[index] {
            changes.push(deleted(unit));
        }
    }
    changes
}

fn reference(unit: &Unit) -> UnitRef {
    UnitRef { id: unit.id.clone(), part: unit.part, label: unit.label.clone(), text: unit.text.clone() }
}

fn added(unit: &Unit) -> Change {
    Change {
        kind: ChangeKind::Added,
        moved: false,
        old: None,
        new: Some(reference(unit)),
        diff: vec![DiffOp { op: DiffOpKind::Insert, text: unit.text.clone() }],
        references_only: false,
        similarity: None,
    }
}

fn deleted(unit: &Unit) -> Change {
    Change {
        kind: ChangeKind::Deleted,
        moved: false,
        old: Some(reference(unit)),
        new: None,
        diff: vec![DiffOp { op: DiffOpKind::Delete, text: unit.text.clone() }],
        references_only: false,
        similarity: None,
    }
}

fn paired(old: &Unit, new: &Unit, pair: &Pair) -> Change {
    let kind = if old.normalized == new.normalized { ChangeKind::Unchanged } else { ChangeKind::Modified };
    let diff = word_diff(&old.text, &new.text);
    let references_only = kind == ChangeKind::Modified && only_references_change(&diff);
    Change {
        kind,
        moved: pair.moved,
        old: Some(reference(old)),
        new: Some(reference(new)),
        diff,
        references_only,
        similarity: Some((pair.similarity * 1000.0).round() / 1000.0),
    }
}

/// The redline between two texts. Pieces are exact: equal and deleted pieces give `old`, equal and inserted
/// pieces give `new`. Runs of changes separated only by spaces are shown as one deletion and one insertion.
pub(crate) fn word_diff(old: &str, new: &str) -> Vec<DiffOp> {
    if old == new {
        return vec![DiffOp { op: DiffOpKind::Equal, text: new.to_string() }];
    }
    let old_tokens = tokenize(old);
    let new_tokens = tokenize(new);
    let old_keys: Vec<_> = old_tokens.iter().map(|token| key(token.text, token.kind)).collect();
    let new_keys: Vec<_> = new_tokens.iter().map(|token| key(token.text, token.kind)).collect();
    let mut pieces: Vec<(DiffOpKind, String)> = Vec::new();
    for operation in capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys) {
        match operation {
            SimilarOp::Equal { old_index, new_index, len } => {
                for offset in 0..len {
                    let (before, after) =
                        (old_tokens[old_index + offset].text, new_tokens[new_index + offset].text);
                    if before == after {
                        pieces.push((DiffOpKind::Equal, after.to_string()));
                    } else {
                        // Typographic variants: the same token to the comparison, not to the file.
                        pieces.push((DiffOpKind::Delete, before.to_string()));
                        pieces.push((DiffOpKind::Insert, after.to_string()));
                    }
                }
            }
            SimilarOp::Delete { old_index, old_len, .. } => {
                let text: String =
                    old_tokens[old_index..old_index + old_len].iter().map(|token| token.text).collect();
                pieces.push((DiffOpKind::Delete, text));
            }
            SimilarOp::Insert { new_index, new_len, .. } => {
                let text: String =
                    new_tokens[new_index..new_index + new_len].iter().map(|token| token.text).collect();
                pieces.push((DiffOpKind::Insert, text));
            }
            SimilarOp::Replace { old_index, old_len, new_index, new_len } => {
                let before: String =
                    old_tokens[old_index..old_index + old_len].iter().map(|token| token.text).collect();
                let after: String =
                    new_tokens[new_index..new_index + new_len].iter().map(|token| token.text).collect();
                pieces.push((DiffOpKind::Delete, before));
                pieces.push((DiffOpKind::Insert, after));
            }
        }
    }
    cluster(pieces)
}

/// Spaces count as equal whatever their length; other tokens by their comparison key.
fn key(text: &str, kind: TokenKind) -> std::borrow::Cow<'_, str> {
    if kind == TokenKind::Space { std::borrow::Cow::Borrowed(" ") } else { comparison_key(text) }
}

/// Words of a sentence that a rewriting leaves standing ("the", "of", "and") make a redline unreadable
/// when shown as kept between changes; an island of at most this many words between two changes is
/// shown as changed.
const ISLAND_WORDS: usize = 2;
/// A paragraph that keeps less than this share of its words is shown as replaced whole.
const REWRITTEN_BELOW: f64 = 0.3;

/// Merges each run of changes — with only spaces or a short island of words equal between them — into
/// one deletion followed by one insertion, joins neighbouring equal pieces, and shows a paragraph that
/// was rewritten from end to end as one deletion and one insertion.
fn cluster(pieces: Vec<(DiffOpKind, String)>) -> Vec<DiffOp> {
    let words = |text: &str| tokenize(text).iter().filter(|token| token.kind != TokenKind::Space).count();
    let kept: usize =
        pieces.iter().filter(|(kind, _)| *kind == DiffOpKind::Equal).map(|(_, text)| words(text)).sum();
    let old_words: usize =
        pieces.iter().filter(|(kind, _)| *kind != DiffOpKind::Insert).map(|(_, text)| words(text)).sum();
    if old_words > 0 && (kept as f64) < REWRITTEN_BELOW * old_words as f64 {
        let side = |skip: DiffOpKind| -> String {
            pieces.iter().filter(|(kind, _)| *kind != skip).map(|(_, text)| text.as_str()).collect()
        };
        return vec![
            DiffOp { op: DiffOpKind::Delete, text: side(DiffOpKind::Insert) },
            DiffOp { op: DiffOpKind::Insert, text: side(DiffOpKind::Delete) },
        ];
    }
    // Equal tokens arrive one by one; islands are judged on whole equal stretches.
    let mut merged: Vec<(DiffOpKind, String)> = Vec::with_capacity(pieces.len());
    for (kind, text) in pieces {
        match merged.last_mut() {
            Some((last_kind, last_text)) if *last_kind == kind && kind == DiffOpKind::Equal => {
                last_text.push_str(&text)
            }
            _ => merged.push((kind, text)),
        }
    }
    let pieces = merged;
    let pieces: Vec<(DiffOpKind, String)> = pieces
        .iter()
        .enumerate()
        .flat_map(|(index, (kind, text))| {
            let between_changes = index > 0
                && pieces[index - 1].0 != DiffOpKind::Equal
                && pieces.get(index + 1).is_some_and(|(next, _)| *next != DiffOpKind::Equal);
            if *kind == DiffOpKind::Equal
                && between_changes
                && words(text) <= ISLAND_WORDS
                && !text.trim().is_empty()
            {
                vec![(DiffOpKind::Delete, text.clone()), (DiffOpKind::Insert, text.clone())]
            } else {
                vec![(*kind, text.clone())]
            }
        })
        .collect();
    join_runs(pieces)
}

/// Joins each run of changes (spaces between them included) into one deletion and one insertion, and
/// neighbouring equal pieces into one.
fn join_runs(pieces: Vec<(DiffOpKind, String)>) -> Vec<DiffOp> {
    let mut output: Vec<DiffOp> = Vec::new();
    let mut deleted = String::new();
    let mut inserted = String::new();
    let mut index = 0;
    let flush = |output: &mut Vec<DiffOp>, deleted: &mut String, inserted: &mut String| {
        if !deleted.is_empty() {
            output.push(DiffOp { op: DiffOpKind::Delete, text: std::mem::take(deleted) });
        }
        if !inserted.is_empty() {
            output.push(DiffOp { op: DiffOpKind::Insert, text: std::mem::take(inserted) });
        }
    };
    while index < pieces.len() {
        let (kind, text) = &pieces[index];
        match kind {
            DiffOpKind::Delete => deleted.push_str(text),
            DiffOpKind::Insert => inserted.push_str(text),
            DiffOpKind::Equal => {
                let in_a_run = !(deleted.is_empty() && inserted.is_empty());
                let change_follows =
                    pieces.get(index + 1).is_some_and(|(next, _)| *next != DiffOpKind::Equal);
                if in_a_run && change_follows && text.trim().is_empty() {
                    deleted.push_str(text);
                    inserted.push_str(text);
                } else {
                    flush(&mut output, &mut deleted, &mut inserted);
                    match output.last_mut() {
                        Some(last) if last.op == DiffOpKind::Equal => last.text.push_str(text),
                        _ => output.push(DiffOp { op: DiffOpKind::Equal, text: text.clone() }),
                    }
                }
            }
        }
        index += 1;
    }
    flush(&mut output, &mut deleted, &mut inserted);
    output
}

/// Whether only references (symbols, numbers, dates, session ordinals) changed: the ordinary words
/// deleted are exactly the ordinary words inserted (a word shown inside a change, such as the "of" in
/// "78/77 of 15 December 2023", is on both sides).
fn only_references_change(diff: &[DiffOp]) -> bool {
    let mut balance: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
    for piece in diff {
        let sign = match piece.op {
            DiffOpKind::Equal => continue,
            DiffOpKind::Delete => 1,
            DiffOpKind::Insert => -1,
        };
        // The small words that join references in a list ("78/7 of 2 November 2023 and 79/7") come and go
        // with them.
        let connective =
            |word: &str| matches!(word, "of" | "and" | "to" | "from" | "the" | "at" | "its" | "in" | "on");
        for token in tokenize(&piece.text)
            .into_iter()
            .filter(|token| token.kind == TokenKind::Word && !connective(token.text))
        {
            *balance.entry(comparison_key(token.text).into_owned()).or_default() += sign;
        }
    }
    balance.values().all(|count| *count == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(diff: &[DiffOp], new_side: bool) -> String {
        diff.iter()
            .filter(|piece| match piece.op {
                DiffOpKind::Equal => true,
                DiffOpKind::Delete => !new_side,
                DiffOpKind::Insert => new_side,
            })
            .map(|piece| piece.text.as_str())
            .collect()
    }

    #[test]
    fn a_reference_update_keeps_numbers_and_dates_whole() {
        let old = "Recalling also its resolution 78/77 of 15 December 2023,";
        let new = "Recalling also its resolution 79/90 of 4 December 2024,";
        let diff = word_diff(old, new);
        assert_eq!(
            diff,
            vec![
                DiffOp { op: DiffOpKind::Equal, text: "Recalling also its resolution ".into() },
                // " of " between two changes is shown inside the change, so the reader sees whole phrases.
                DiffOp { op: DiffOpKind::Delete, text: "78/77 of 15 December 2023".into() },
                DiffOp { op: DiffOpKind::Insert, text: "79/90 of 4 December 2024".into() },
                DiffOp { op: DiffOpKind::Equal, text: ",".into() },
            ]
        );
        assert!(only_references_change(&diff));
    }

    #[test]
    fn the_redline_gives_back_both_texts_exactly() {
        let old = "Urges States not to expel, return (“refouler”) or extradite a person";
        let new = "Urges all States not to expel, return (\"refouler\"), extradite or in any other way transfer a person";
        let diff = word_diff(old, new);
        assert_eq!(side(&diff, false), old);
        assert_eq!(side(&diff, true), new);
        assert!(!only_references_change(&diff));
    }
}
