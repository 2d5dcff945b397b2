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

use std::collections::{HashMap, HashSet};

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
}

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
        Profile {
            symbol: document.symbol.clone(),
            title: document.title.clone(),
            session,
            is_draft,
            adopted_from,
            title_words: content_words(&document.title).into_iter().collect(),
            words,
        }
    }
}

/// Searches `corpus` for the previous versions of `text`.
pub fn predecessors(text: &Profile, corpus: &[Profile]) -> Lineage {
    let rarity = Rarity::new(corpus);
    let mut adopted_from = Vec::new();
    let mut found = Vec::new();
    for (index, candidate) in corpus.iter().enumerate() {
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
        let same_title = !text.title_words.is_empty()
            && rarity.overlap(&text.title_words, &candidate.title_words) >= SAME_SERIES_TITLE;
        let resemblance = rarity.overlap(&text.words, &candidate.words);
        let belongs = if same_title { resemblance >= SERIES_WORDS } else { resemblance >= SAME_TEXT_WORDS };
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
        let session = |predecessor: &Predecessor| corpus[predecessor.index].session.unwrap_or(0);
        (a.relation != Relation::EarlierDraft)
            .cmp(&(b.relation != Relation::EarlierDraft))
            .then(session(b).cmp(&session(a)))
            .then(b.resemblance.total_cmp(&a.resemblance))
    });
    Lineage { adopted_from, predecessors: found }
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

/// How rare each word is across the corpus: shared rare words say more than shared common ones.
struct Rarity {
    weight: HashMap<String, f64>,
    unknown: f64,
}

impl Rarity {
    fn new(corpus: &[Profile]) -> Rarity {
        let mut frequency: HashMap<&str, usize> = HashMap::new();
        for profile in corpus {
            for word in &profile.words {
                *frequency.entry(word.as_str()).or_default() += 1;
            }
        }
        let texts = corpus.len().max(1) as f64;
        let weight = frequency
            .into_iter()
            .map(|(word, count)| (word.to_string(), (1.0 + texts / count as f64).ln()))
            .collect();
        Rarity { weight, unknown: (1.0 + texts).ln() }
    }

    /// Weighted Dice overlap of two word sets.
    fn overlap(&self, a: &HashSet<String>, b: &HashSet<String>) -> f64 {
        let weight = |word: &String| self.weight.get(word).copied().unwrap_or(self.unknown);
        let total: f64 = a.iter().chain(b).map(weight).sum();
        if total == 0.0 {
            return 0.0;
        }
        let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        let shared: f64 = small.iter().filter(|word| large.contains(*word)).map(weight).sum();
        2.0 * shared / total
    }
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
