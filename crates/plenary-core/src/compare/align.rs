//! Pairing the units of two versions.
//!
//! 1. Units whose comparison forms are equal pair first, in order where they repeat.
//! 2. The rest pair by how much they share of what they are about: the content words they have in common,
//!    each weighted by how rare it is across both versions (a paragraph on "corruption in justice systems"
//!    keeps those words when it is rewritten or moved; "Requests" and "States" say little).
//!    Strong resemblances pair anywhere in the text; weaker ones only inside a gap between two pairs that
//!    already line up, where a paragraph rewritten in place stands.
//! 3. The pairs in the longest run that keeps its order in both versions stay in place; the others moved.

use rustc_hash::FxHashMap as HashMap;

use super::UnitPart;
use super::units::Unit;

/// A unit of the old version paired with one of the new.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Pair {
    pub old: usize,
    pub new: usize,
    pub moved: bool,
    pub similarity: f64,
}

/// Resemblance above which two units pair wherever they stand.
const PAIR_ANYWHERE: f64 = 0.5;
/// Resemblance above which two units pair when they stand in the same gap between aligned pairs.
const PAIR_IN_PLACE: f64 = 0.25;

/// Pairs the units of the old and new versions.
pub(crate) fn align(old: &[Unit], new: &[Unit]) -> Vec<Pair> {
    let mut old_taken = vec![false; old.len()];
    let mut new_taken = vec![false; new.len()];
    let mut pairs = exact_pairs(old, new, &mut old_taken, &mut new_taken);

    let weights = Weights::new(old, new);
    let old_free: Vec<usize> = (0..old.len()).filter(|&index| !old_taken[index]).collect();
    let new_free: Vec<usize> = (0..new.len()).filter(|&index| !new_taken[index]).collect();
    let mut candidates: Vec<Pair> = Vec::new();
    for &new_index in &new_free {
        for &old_index in &old_free {
            let similarity = weights.similarity(&old[old_index], &new[new_index]);
            if similarity >= PAIR_IN_PLACE {
                candidates.push(Pair { old: old_index, new: new_index, moved: false, similarity });
            }
        }
    }
    candidates.sort_by(|a, b| {
        b.similarity.total_cmp(&a.similarity).then(a.new.cmp(&b.new)).then(a.old.cmp(&b.old))
    });

    // Strong resemblances first, anywhere.
    for candidate in candidates.iter().filter(|candidate| candidate.similarity >= PAIR_ANYWHERE) {
        if !old_taken[candidate.old] && !new_taken[candidate.new] {
            old_taken[candidate.old] = true;
            new_taken[candidate.new] = true;
            pairs.push(*candidate);
        }
    }
    // Weaker ones inside the gaps of the pairs that keep their order.
    mark_moves(&mut pairs);
    let anchors: Vec<(usize, usize)> =
        pairs.iter().filter(|pair| !pair.moved).map(|pair| (pair.old, pair.new)).collect();
    for candidate in &candidates {
        if old_taken[candidate.old] || new_taken[candidate.new] {
            continue;
        }
        if same_gap(&anchors, candidate.old, candidate.new) {
            old_taken[candidate.old] = true;
            new_taken[candidate.new] = true;
            pairs.push(*candidate);
        }
    }
    mark_moves(&mut pairs);
    pairs.sort_by_key(|pair| pair.new);
    pairs
}

/// Pairs units whose comparison forms are equal. Where a text repeats, the earliest unused old unit at or
/// after the last one paired is taken, so that repeats pair in order.
fn exact_pairs(old: &[Unit], new: &[Unit], old_taken: &mut [bool], new_taken: &mut [bool]) -> Vec<Pair> {
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::default();
    for (index, unit) in old.iter().enumerate() {
        by_text.entry(unit.normalized.as_str()).or_default().push(index);
    }
    let mut pairs = Vec::new();
    let mut last_old = 0usize;
    for (new_index, unit) in new.iter().enumerate() {
        let Some(candidates) = by_text.get(unit.normalized.as_str()) else { continue };
        let free = |index: &&usize| !old_taken[**index];
        let chosen = candidates
            .iter()
            .filter(free)
            .find(|&&index| index >= last_old)
            .or_else(|| candidates.iter().find(free));
        if let Some(&old_index) = chosen {
            old_taken[old_index] = true;
            new_taken[new_index] = true;
            last_old = old_index;
            pairs.push(Pair { old: old_index, new: new_index, moved: false, similarity: 1.0 });
        }
    }
    pairs
}

/// Whether an (old, new) position lies in one gap between consecutive in-order anchors.
fn same_gap(anchors: &[(usize, usize)], old: usize, new: usize) -> bool {
    // The anchors are in increasing order on both sides; the gap of a position is the number of anchors
    // before it.
    let old_gap = anchors.partition_point(|&(anchor_old, _)| anchor_old < old);
    let new_gap = anchors.partition_point(|&(_, anchor_new)| anchor_new < new);
    old_gap == new_gap
}

/// Marks as moved the pairs outside the longest run that is in order in both versions.
fn mark_moves(pairs: &mut [Pair]) {
    pairs.sort_by_key(|pair| pair.new);
    let olds: Vec<usize> = pairs.iter().map(|pair| pair.old).collect();
    let in_order = longest_increasing(&olds);
    for (index, pair) in pairs.iter_mut().enumerate() {
        pair.moved = !in_order[index];
    }
}

/// Which items belong to one longest strictly increasing subsequence (patience sorting, O(n log n)).
fn longest_increasing(values: &[usize]) -> Vec<bool> {
    let mut tails: Vec<usize> = Vec::new(); // indices into `values`
    let mut previous: Vec<Option<usize>> = vec![None; values.len()];
    for (index, &value) in values.iter().enumerate() {
        let position = tails.partition_point(|&tail| values[tail] < value);
        previous[index] = position.checked_sub(1).map(|before| tails[before]);
        if position == tails.len() {
            tails.push(index);
        } else {
            tails[position] = index;
        }
    }
    let mut members = vec![false; values.len()];
    let mut cursor = tails.last().copied();
    while let Some(index) = cursor {
        members[index] = true;
        cursor = previous[index];
    }
    members
}

/// The weight of each content word: rarer words across both versions say more about a paragraph.
struct Weights<'a> {
    weight: HashMap<&'a str, f64>,
}

impl<'a> Weights<'a> {
    fn new(old: &'a [Unit], new: &'a [Unit]) -> Weights<'a> {
        let mut document_frequency: HashMap<&str, usize> = HashMap::default();
        for unit in old.iter().chain(new) {
            for word in &unit.words {
                *document_frequency.entry(word.as_str()).or_default() += 1;
            }
        }
        let units = (old.len() + new.len()).max(1) as f64;
        let weight = document_frequency
            .into_iter()
            .map(|(word, frequency)| (word, (1.0 + units / frequency as f64).ln()))
            .collect();
        Weights { weight }
    }

    fn of(&self, word: &str) -> f64 {
        self.weight.get(word).copied().unwrap_or(0.0)
    }

    /// Weighted Dice resemblance of two units' content words, lowered for units of different parts (a
    /// preambular paragraph rarely becomes an operative one).
    fn similarity(&self, old: &Unit, new: &Unit) -> f64 {
        let total: f64 = old.words.iter().chain(&new.words).map(|word| self.of(word)).sum();
        if total == 0.0 {
            return 0.0;
        }
        let mut shared = 0.0;
        let (mut left, mut right) = (0usize, 0usize);
        while left < old.words.len() && right < new.words.len() {
            match old.words[left].cmp(&new.words[right]) {
                std::cmp::Ordering::Less => left += 1,
                std::cmp::Ordering::Greater => right += 1,
                std::cmp::Ordering::Equal => {
                    shared += self.of(&old.words[left]);
                    left += 1;
                    right += 1;
                }
            }
        }
        2.0 * shared / total * part_affinity(old.part, new.part)
    }
}

fn part_affinity(old: UnitPart, new: UnitPart) -> f64 {
    match (old, new) {
        (a, b) if a == b => 1.0,
        (UnitPart::Operative, UnitPart::Subparagraph) | (UnitPart::Subparagraph, UnitPart::Operative) => 0.85,
        (UnitPart::Annex, _) | (_, UnitPart::Annex) => 0.6,
        _ => 0.7,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_increasing_run() {
        assert_eq!(longest_increasing(&[0, 1, 5, 2, 3, 4]), vec![true, true, false, true, true, true]);
        assert_eq!(longest_increasing(&[3, 0, 1, 2]), vec![false, true, true, true]);
        assert_eq!(longest_increasing(&[]), Vec::<bool>::new());
    }

    #[test]
    fn gaps_between_anchors() {
        let anchors = [(0, 0), (5, 3), (9, 8)];
        assert!(same_gap(&anchors, 2, 1));
        assert!(!same_gap(&anchors, 2, 4));
        assert!(same_gap(&anchors, 10, 9));
    }
}
