//! Finding the previous version of a text in a collection: last session's resolution for this session's
//! draft, the draft for the adopted text, the earlier revision for a revised draft.
//!
//! Each text is reduced once to a [`Profile`] — symbol, session, title, and the set of its content words —
//! so that a whole corpus is searched without comparing texts in full. Candidates are texts of the same
//! series (the same title, or nearly) that came earlier, or failing a title match, texts that share most
//! of their words. They are ranked by how close they stand in the life of the text: a draft of the same
//! session, then the most recent earlier session; resemblance breaks ties. A draft that the text's own
//! adoption line names ("[without reference to a Main Committee (A/80/L.9)]") is the same text in its
//! draft form, so it is reported as the text's source, not as a previous version.

use std::collections::HashSet;

use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize};

use crate::compare::tokens::content_words;
use crate::document::Document;
use crate::symbol::{Symbol, SymbolKind};

/// What the search keeps of a text.
#[derive(Debug, Clone)]
pub struct Profile {
    pub symbol: Option<Symbol>,
    pub title: String,
    /// The session the text belongs to (from its symbol or masthead).
    pub session: Option<u32>,
    pub is_draft: bool,
    /// The symbols named in the adoption route: the draft a plenary resolution was adopted on.
    pub adopted_from: Vec<String>,
    title_words: HashSet<String>,
    words: HashSet<String>,
    /// A MinHash signature of `words`: two texts' signatures agree in about the share of words they have
    /// in common, which lets a search skip the texts that plainly differ without comparing word sets.
    signature: [u64; SIGNATURE_LENGTH],
}

/// The number of hashes in a signature; 32 estimate a share of common words to within about ±0.09.
const SIGNATURE_LENGTH: usize = 32;
/// Texts whose signatures agree less than this are not compared further unless their titles match.
const SIGNATURE_FLOOR: f64 = 0.3;

/// How a candidate stands to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// An earlier draft of the same session (or an earlier revision of a draft).
    EarlierDraft,
    /// A text of an earlier session.
    EarlierSession,
}

/// A ranked candidate for the previous version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Predecessor {
    /// The candidate's position in the list of profiles searched.
    pub index: usize,
    pub symbol: Option<String>,
    pub title: String,
    pub relation: Relation,
    /// How much of their vocabulary the two texts share, from 0 to 1 (weighted by rarity).
    pub resemblance: f64,
    pub same_title: bool,
}

/// The outcome of a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lineage {
    /// Drafts the text says it was adopted on (positions in the profiles searched).
    pub adopted_from: Vec<usize>,
    pub predecessors: Vec<Predecessor>,
}

/// Titles alike at least this much (weighted share of title words) make texts of one series.
const SAME_SERIES_TITLE: f64 = 0.8;
/// Without a title match, texts must share this much of their vocabulary to be versions of one another.
const SAME_TEXT_WORDS: f64 = 0.6;
/// A candidate of the same series must still share this much of its vocabulary.
const SERIES_WORDS: f64 = 0.3;

impl Profile {
    pub fn of(document: &Document) -> Profile {
        let mut words = HashSet::new();
        for paragraph in document.paragraphs() {
            words.extend(content_words(&paragraph.text));
        }
        let session = document.session.map(|session| session.number()).or_else(|| {
            document.symbol.as_ref().and_then(|symbol| symbol.session()).map(|session| session.number())
        });
        let is_draft = document.symbol.as_ref().is_some_and(Symbol::is_draft);
        let adopted_from = document
            .adoption
            .as_ref()
            .and_then(|adoption| adoption.route.as_deref())
            .map(symbols_in)
            .unwrap_or_default();
        let signature = signature(&words);
        Profile {
            symbol: document.symbol.clone(),
            title: document.title.clone(),
            session,
            is_draft,
            adopted_from,
            title_words: content_words(&document.title).into_iter().collect(),
            words,
            signature,
        }
    }

    /// The estimated share of words two profiles have in common (the Jaccard index), from their signatures.
    fn estimated_overlap(&self, other: &Profile) -> f64 {
        let agreeing = self.signature.iter().zip(&other.signature).filter(|(a, b)| a == b).count();
        agreeing as f64 / SIGNATURE_LENGTH as f64
    }
}

/// A MinHash signature: for each of several hash functions, the least hash of any word. The functions are
/// one 64-bit hash of the word mixed with a different odd multiplier each.
fn signature(words: &HashSet<String>) -> [u64; SIGNATURE_LENGTH] {
    let mut signature = [u64::MAX; SIGNATURE_LENGTH];
    for word in words {
        let base = fnv1a(word.as_bytes());
        for (position, slot) in signature.iter_mut().enumerate() {
            let multiplier = 0x9E37_79B9_7F4A_7C15u64
                .wrapping_add((2 * position as u64).wrapping_mul(0x2545_F491_4F6C_DD1D))
                | 1;
            let mixed = (base ^ (base >> 31)).wrapping_mul(multiplier);
            *slot = (*slot).min(mixed ^ (mixed >> 29));
        }
    }
    signature
}

/// FNV-1a: a small, stable hash (the standard library's is randomly seeded per process).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

/// A collection of texts to search, with how rare each word is across it; built once, searched many times.
/// Words are numbered, and each text is kept as the sorted numbers of its words, so that comparing two
/// texts is a merge of two short lists.
pub struct Library {
    profiles: Vec<Profile>,
    numbers: FxHashMap<String, u32>,
    /// The weight of each numbered word: rarer words say more.
    weights: Vec<f64>,
    /// The weight of a word no text of the library has.
    unknown: f64,
    encoded: Vec<Encoded>,
}

/// A text's words and title words as sorted word numbers, with their total weights.
#[derive(Debug, Clone)]
struct Encoded {
    words: Vec<u32>,
    words_weight: f64,
    title: Vec<u32>,
    title_weight: f64,
}

impl std::fmt::Debug for Library {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("Library").field("texts", &self.profiles.len()).finish()
    }
}

impl Library {
    pub fn new(profiles: Vec<Profile>) -> Library {
        let mut numbers: FxHashMap<String, u32> = FxHashMap::default();
        let mut frequency: Vec<usize> = Vec::new();
        for profile in &profiles {
            for word in &profile.words {
                let next = numbers.len() as u32;
                let number = *numbers.entry(word.clone()).or_insert(next);
                if number as usize == frequency.len() {
                    frequency.push(0);
                }
                frequency[number as usize] += 1;
            }
        }
        let texts = profiles.len().max(1) as f64;
        let weights = frequency.iter().map(|&count| (1.0 + texts / count as f64).ln()).collect();
        let mut library = Library {
            profiles: Vec::new(),
            numbers,
            weights,
            unknown: (1.0 + texts).ln(),
            encoded: Vec::new(),
        };
        library.encoded = profiles.iter().map(|profile| library.encode(profile)).collect();
        library.profiles = profiles;
        library
    }

    pub fn profiles(&self) -> &[Profile] {
        &self.profiles
    }

    /// The previous versions of `text` in the library.
    pub fn predecessors(&self, text: &Profile) -> Lineage {
        let encoded = self.encode(text);
        let mut adopted_from = Vec::new();
        let mut found = Vec::new();
        for (index, candidate) in self.profiles.iter().enumerate() {
            if candidate.symbol.is_some() && candidate.symbol == text.symbol {
                continue;
            }
            if candidate
                .symbol
                .as_ref()
                .is_some_and(|symbol| text.adopted_from.iter().any(|named| *named == symbol.key()))
            {
                adopted_from.push(index);
                continue;
            }
            let Some(relation) = relation(text, candidate) else { continue };
            let other = &self.encoded[index];
            let same_title = !encoded.title.is_empty()
                && self.overlap(&encoded.title, encoded.title_weight, &other.title, other.title_weight)
                    >= SAME_SERIES_TITLE;
            if !same_title && text.estimated_overlap(candidate) < SIGNATURE_FLOOR {
                continue;
            }
            let resemblance =
                self.overlap(&encoded.words, encoded.words_weight, &other.words, other.words_weight);
            let belongs =
                if same_title { resemblance >= SERIES_WORDS } else { resemblance >= SAME_TEXT_WORDS };
            if belongs {
                found.push(Predecessor {
                    index,
                    symbol: candidate.symbol.as_ref().map(|symbol| symbol.to_string()),
                    title: candidate.title.clone(),
                    relation,
                    resemblance: (resemblance * 1000.0).round() / 1000.0,
                    same_title,
                });
            }
        }
        found.sort_by(|a, b| {
            let session = |predecessor: &Predecessor| self.profiles[predecessor.index].session.unwrap_or(0);
            (a.relation != Relation::EarlierDraft)
                .cmp(&(b.relation != Relation::EarlierDraft))
                .then(session(b).cmp(&session(a)))
                .then(b.resemblance.total_cmp(&a.resemblance))
        });
        Lineage { adopted_from, predecessors: found }
    }

    /// A text's words as sorted word numbers; words the library lacks count in the weight only.
    fn encode(&self, profile: &Profile) -> Encoded {
        let numbered = |words: &HashSet<String>| -> (Vec<u32>, f64) {
            let mut numbers = Vec::with_capacity(words.len());
            let mut weight = 0.0;
            for word in words {
                match self.numbers.get(word) {
                    Some(&number) => {
                        numbers.push(number);
                        weight += self.weights[number as usize];
                    }
                    None => weight += self.unknown,
                }
            }
            numbers.sort_unstable();
            (numbers, weight)
        };
        let (words, words_weight) = numbered(&profile.words);
        let (title, title_weight) = numbered(&profile.title_words);
        Encoded { words, words_weight, title, title_weight }
    }

    /// Weighted Dice overlap of two sorted word lists.
    fn overlap(&self, a: &[u32], a_weight: f64, b: &[u32], b_weight: f64) -> f64 {
        let total = a_weight + b_weight;
        if total == 0.0 {
            return 0.0;
        }
        let (mut left, mut right, mut shared) = (0, 0, 0.0);
        while left < a.len() && right < b.len() {
            match a[left].cmp(&b[right]) {
                std::cmp::Ordering::Less => left += 1,
                std::cmp::Ordering::Greater => right += 1,
                std::cmp::Ordering::Equal => {
                    shared += self.weights[a[left] as usize];
                    left += 1;
                    right += 1;
                }
            }
        }
        2.0 * shared / total
    }
}

/// Searches `corpus` for the previous versions of `text` (for one search; build a [`Library`] once for
/// many).
pub fn predecessors(text: &Profile, corpus: &[Profile]) -> Lineage {
    Library::new(corpus.to_vec()).predecessors(text)
}

/// Whether a candidate came before the text, and how.
fn relation(text: &Profile, candidate: &Profile) -> Option<Relation> {
    let (Some(text_session), Some(candidate_session)) = (text.session, candidate.session) else {
        return None;
    };
    if candidate_session < text_session {
        return Some(Relation::EarlierSession);
    }
    if candidate_session > text_session || !candidate.is_draft {
        return None;
    }
    // Same session: a draft comes before the adopted text, and a lower revision before a higher one.
    if !text.is_draft {
        return Some(Relation::EarlierDraft);
    }
    match (text.symbol.as_ref().map(Symbol::kind), candidate.symbol.as_ref().map(Symbol::kind)) {
        (
            Some(SymbolKind::Draft {
                committee: text_committee,
                number: text_number,
                revision: text_revision,
                ..
            }),
            Some(SymbolKind::Draft { committee, number, revision, .. }),
        ) if text_committee == committee && text_number == number => {
            (revision.unwrap_or(0) < text_revision.unwrap_or(0)).then_some(Relation::EarlierDraft)
        }
        _ => None,
    }
}

/// The symbols named in a route: "without reference to a Main Committee (A/80/L.9 and A/80/L.9/Add.1)".
fn symbols_in(route: &str) -> Vec<String> {
    route
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | ';'))
        .filter(|part| part.contains('/'))
        .filter_map(|part| Symbol::parse(part).ok())
        .map(|symbol| symbol.key())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(symbol: &str) -> Profile {
        let symbol = Symbol::parse(symbol).expect("a symbol");
        Profile {
            session: symbol.session().map(|session| session.number()),
            is_draft: symbol.is_draft(),
            symbol: Some(symbol),
            title: String::new(),
            adopted_from: Vec::new(),
            title_words: HashSet::new(),
            words: HashSet::new(),
            signature: [u64::MAX; SIGNATURE_LENGTH],
        }
    }

    #[test]
    fn what_comes_before_what() {
        let adopted = profile("A/RES/80/198");
        assert_eq!(relation(&adopted, &profile("A/C.3/80/L.49")), Some(Relation::EarlierDraft));
        assert_eq!(relation(&adopted, &profile("A/RES/74/143")), Some(Relation::EarlierSession));
        assert_eq!(relation(&adopted, &profile("A/RES/80/199")), None);
        let revised = profile("A/80/L.9/Rev.1");
        assert_eq!(relation(&revised, &profile("A/80/L.9")), Some(Relation::EarlierDraft));
        assert_eq!(relation(&revised, &profile("A/80/L.10")), None);
        assert_eq!(relation(&profile("A/80/L.9"), &profile("A/80/L.9/Rev.1")), None);
    }

    #[test]
    fn the_route_names_the_draft_adopted() {
        assert_eq!(
            symbols_in("without reference to a Main Committee (A/73/L.8 and A/73/L.8/Add.1)"),
            vec!["A/73/L.8", "A/73/L.8/ADD.1"]
        );
        assert!(
            symbols_in("on the report of the Third Committee (A/80/545, para. 5)")
                .contains(&"A/80/545".to_string())
        );
    }
}
