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
use super::tokens::content_words;
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

    // Content words are worked out only for the units left unpaired: most units pair exactly.
    let old_free: Vec<usize> = (0..old.len()).filter(|&index| !old_taken[index]).collect();
    let new_free: Vec<usize> = (0..new.len()).filter(|&index| !new_taken[index]).collect();
    let old_words: Vec<Vec<String>> = old_free.iter().map(|&index| content_words(&old[index].text)).collect();
    let new_words: Vec<Vec<String>> = new_free.iter().map(|&index| content_words(&new[index].text)).collect();
    let vocabulary = Vocabulary::new(old.len() + new.len(), &old_words, &new_words);
    let old_bags: Vec<Bag> = old_words.iter().map(|words| vocabulary.bag(words)).collect();
    let new_bags: Vec<Bag> = new_words.iter().map(|words| vocabulary.bag(words)).collect();
    let mut candidates: Vec<Pair> = Vec::new();
    for (new_position, &new_index) in new_free.iter().enumerate() {
        for (old_position, &old_index) in old_free.iter().enumerate() {
            let affinity = part_affinity(old[old_index].part, new[new_index].part);
            let similarity =
                vocabulary.similarity(&old_bags[old_position], &new_bags[new_position]) * affinity;
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

/// The content words of the unpaired units, numbered, each with its weight: rarer words say more about a
/// paragraph, and the rarity of a word among the unpaired units is what tells them apart.
struct Vocabulary<'a> {
    numbers: HashMap<&'a str, u32>,
    weights: Vec<f64>,
}

/// A unit's content words as sorted word numbers, with their total weight.
struct Bag {
    words: Vec<u32>,
    weight: f64,
}

impl<'a> Vocabulary<'a> {
    fn new(units: usize, old: &'a [Vec<String>], new: &'a [Vec<String>]) -> Vocabulary<'a> {
        let mut numbers: HashMap<&str, u32> = HashMap::default();
        let mut frequency: Vec<usize> = Vec::new();
        for word in old.iter().chain(new).flatten() {
            let next = numbers.len() as u32;
            let number = *numbers.entry(word.as_str()).or_insert(next);
            if number as usize == frequency.len() {
                frequency.push(0);
            }
            frequency[number as usize] += 1;
        }
        let units = units.max(1) as f64;
        let weights = frequency.iter().map(|&count| (1.0 + units / count as f64).ln()).collect();
        Vocabulary { numbers, weights }
    }

    fn bag(&self, words: &[String]) -> Bag {
        let mut numbers: Vec<u32> =
            words.iter().filter_map(|word| self.numbers.get(word.as_str()).copied()).collect();
        numbers.sort_unstable();
        let weight = numbers.iter().map(|&number| self.weights[number as usize]).sum();
        Bag { words: numbers, weight }
    }

    /// Weighted Dice resemblance of two bags of words.
    fn similarity(&self, old: &Bag, new: &Bag) -> f64 {
        let total = old.weight + new.weight;
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
                    shared += self.weights[old.words[left] as usize];
                    left += 1;
                    right += 1;
                }
            }
        }
        2.0 * shared / total
    }
}

/// Units of different parts resemble each other less: a preambular paragraph rarely becomes an operative
/// one.
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
