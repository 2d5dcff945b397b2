//! The index's counts against a plain scan of the same texts: for real phrases, the paragraphs and
//! documents matched and the facets the scan can tell by itself (stage from the symbol, body from the
//! symbol's prefix, part from the paragraph's place, year from the text's dates) must equal the index's.
//! The scan has its own normalisation (lower case, split at every character that is not a letter or digit,
//! the accents the corpus uses folded by a table here), independent of the crate's analyzer.

use std::collections::BTreeMap;

use plenary_core::{Document, Paragraph};
use plenary_search::{FacetName, SearchRequest, SearchResults};

use crate::corpus::{Text, corpus_dirs, index, read, shipped};

/// Phrases of agreed language, common and rare, from several series and both bodies.
const PHRASES: [&str; 12] = [
    "cruel, inhuman or degrading treatment or punishment",
    "calls upon all States",
    "International Criminal Court",
    "remain seized of the matter",
    "requests the Secretary-General to submit",
    "non-derogable",
    "Convention against Torture",
    "sexual and gender-based violence",
    "the right to development",
    "small island developing States",
    "Decides to remain actively seized of the matter",
    "Côte d’Ivoire",
];

/// The most values a facet lists (`plenary_search`'s `MAX_FACET_VALUES`), so the scan lists as many.
const FACET_VALUES_LISTED: usize = 40;

#[test]
fn phrase_counts_on_the_shipped_resolutions_equal_a_plain_scan() {
    let texts = read(&[shipped()]);
    assert_eq!(texts.len(), 10, "the ten shipped texts");
    let matched = check_against_scan(&texts);
    assert!(matched >= 5, "only {matched} of the phrases occur in the shipped texts: the check says little");
}

#[test]
fn phrase_counts_on_the_corpus_equal_a_plain_scan() {
    let Some(dirs) = corpus_dirs() else { return };
    let texts = read(&dirs);
    assert!(texts.len() > 1_000, "{} texts read from {dirs:?}", texts.len());
    let matched = check_against_scan(&texts);
    assert_eq!(matched, PHRASES.len(), "every phrase occurs in the corpus");
}

/// Checks every phrase; returns how many occur at all.
fn check_against_scan(texts: &[Text]) -> usize {
    let index = index(texts);
    let mut occurring = 0;
    for phrase in PHRASES {
        let expected = scan(texts, phrase);
        let mut request = SearchRequest::new(format!("\"{phrase}\""));
        request.limit = 100;
        let found = index.search(&request).expect("the phrase is a query");
        assert_eq!(found.total, expected.paragraphs, "paragraphs matching {phrase:?}");
        assert_eq!(found.documents, expected.documents, "documents matching {phrase:?}");
        for (facet, counts) in &expected.facets {
            if *facet == FacetName::Body {
                check_bodies(&listed(&found, *facet), counts, expected.without_symbol, phrase);
                continue;
            }
            let mut counts = counts.clone();
            if *facet == FacetName::Year {
                // The latest years are listed.
                let latest: Vec<String> = counts.keys().rev().take(FACET_VALUES_LISTED).cloned().collect();
                counts.retain(|year, _| latest.contains(year));
            }
            assert_eq!(listed(&found, *facet), counts, "{facet:?} counts of {phrase:?}");
        }
        if expected.paragraphs > 0 {
            occurring += 1;
            let hit = found.hits.first().expect("a hit shown");
            assert!(hit.highlight.contains("<mark>"), "{phrase:?} marked in {}", hit.highlight);
        }
    }
    occurring
}

/// Bodies are told from symbols; a text whose symbol the importer did not read has the body its masthead
/// names, or none, so its paragraphs may stand under a body or none: at most that many more.
fn check_bodies(
    listed: &BTreeMap<String, u64>,
    expected: &BTreeMap<String, u64>,
    without_symbol: u64,
    phrase: &str,
) {
    for (body, count) in expected {
        let held = listed.get(body).copied().unwrap_or(0);
        assert!(held >= *count, "{body}: {held} paragraphs matching {phrase:?}, the scan {count}");
    }
    let (held, scanned): (u64, u64) = (listed.values().sum(), expected.values().sum());
    assert!(
        held - scanned.min(held) <= without_symbol,
        "{held} paragraphs of {phrase:?} under a body, the scan {scanned}, {without_symbol} without a symbol"
    );
}

fn listed(found: &SearchResults, facet: FacetName) -> BTreeMap<String, u64> {
    found
        .facets
        .iter()
        .filter(|counts| counts.facet == facet)
        .flat_map(|counts| counts.values.iter().map(|value| (value.value.clone(), value.count)))
        .collect()
}

#[derive(Debug, Default)]
struct Expected {
    paragraphs: u64,
    documents: u64,
    facets: BTreeMap<FacetName, BTreeMap<String, u64>>,
    /// Matched paragraphs of texts whose symbol was not read.
    without_symbol: u64,
}

fn scan(texts: &[Text], phrase: &str) -> Expected {
    let wanted = words(phrase);
    let mut expected = Expected::default();
    for text in texts {
        let mut in_this_text = 0;
        for (paragraph, part) in paragraphs(&text.document) {
            if !contains(&words(&paragraph.text), &wanted) {
                continue;
            }
            in_this_text += 1;
            expected.without_symbol += u64::from(text.document.symbol.is_none());
            let mut count = |facet: FacetName, value: Option<String>| {
                if let Some(value) = value {
                    *expected.facets.entry(facet).or_default().entry(value).or_default() += 1;
                }
            };
            count(FacetName::Part, Some(part.to_owned()));
            count(FacetName::Stage, Some(stage(text).to_owned()));
            count(FacetName::Body, body(text).map(str::to_owned));
            count(FacetName::Year, year(text).map(|year| year.to_string()));
        }
        expected.paragraphs += in_this_text;
        expected.documents += u64::from(in_this_text > 0);
    }
    expected
}

/// Every paragraph and sub-paragraph with its part, parts of omnibus texts included.
fn paragraphs(document: &Document) -> Vec<(&Paragraph, &'static str)> {
    fn walk<'a>(paragraph: &'a Paragraph, part: &'static str, out: &mut Vec<(&'a Paragraph, &'static str)>) {
        out.push((paragraph, part));
        for child in &paragraph.subparagraphs {
            walk(child, "sub-paragraph", out);
        }
    }
    let mut out = Vec::new();
    let blocks = std::iter::once((&document.preamble, &document.operative))
        .chain(document.sections.iter().map(|section| (&section.preamble, &section.operative)));
    for (preamble, operative) in blocks {
        preamble.iter().for_each(|paragraph| walk(paragraph, "preambular", &mut out));
        operative.iter().for_each(|paragraph| walk(paragraph, "operative", &mut out));
    }
    out
}

/// The symbol the text carries; some texts' mastheads are not read (`S_RES_0851_1993`, `A_DEC_79_545`).
fn symbol(text: &Text) -> String {
    text.document.symbol.as_ref().map(|symbol| symbol.as_str().to_ascii_uppercase()).unwrap_or_default()
}

/// Adopted texts are resolutions and decisions, by the symbol they carry; a text whose symbol was not
/// read is adopted only if it carries its adoption (its file's name is no evidence of a vote).
fn stage(text: &Text) -> &'static str {
    let symbol = symbol(text);
    if symbol.contains("/RES/") || symbol.contains("/DEC/") || text.document.adoption.is_some() {
        "adopted"
    } else {
        "draft"
    }
}

fn body(text: &Text) -> Option<&'static str> {
    let symbol = symbol(text);
    if symbol.starts_with("S/") {
        Some("Security Council")
    } else if symbol.starts_with("A/C.") {
        Some("Main Committee")
    } else if symbol.starts_with("A/") {
        Some("Plenary")
    } else {
        None
    }
}

/// The year of the text's adoption, else of its meeting, else of its issue, else the year in a Council
/// symbol's parentheses.
fn year(text: &Text) -> Option<i32> {
    let document = &text.document;
    let dated = document
        .adoption
        .as_ref()
        .and_then(|adoption| adoption.date)
        .or_else(|| document.meeting.as_ref().and_then(|meeting| meeting.date))
        .or(document.issued);
    dated.map(|date| date.year()).or_else(|| {
        let symbol = symbol(text);
        let inside = symbol.rsplit_once('(')?.1.strip_suffix(')')?;
        inside.parse().ok()
    })
}

fn contains(words: &[String], phrase: &[String]) -> bool {
    !phrase.is_empty() && words.windows(phrase.len()).any(|window| window == phrase)
}

/// Lower case, split at every character that is not a letter or a digit, accents folded.
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for character in text.chars() {
        if character.is_alphanumeric() {
            for lower in character.to_lowercase() {
                fold(lower, &mut word);
            }
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The accented letters and ligatures of the corpus's names and words, as plain ASCII.
fn fold(character: char, word: &mut String) {
    const TABLE: [(&str, &str); 14] = [
        ("àáâãäå", "a"),
        ("ç", "c"),
        ("èéêë", "e"),
        ("ìíîï", "i"),
        ("ñ", "n"),
        ("òóôõöø", "o"),
        ("ùúûü", "u"),
        ("ýÿ", "y"),
        ("æ", "ae"),
        ("œ", "oe"),
        ("ß", "ss"),
        ("ﬁ", "fi"),
        ("ﬂ", "fl"),
        ("ş", "s"),
    ];
    for (letters, plain) in TABLE {
        if letters.contains(character) {
            word.push_str(plain);
            return;
        }
    }
    word.push(character);
}
