//! The torture series in the index: the phrase of its title found in every text of it, marked; a
//! paragraph of A/RES/80/198 that stands unchanged in 74/143 and 72/163 first agreed in the earliest; a
//! paragraph that came in with its draft, new in 80/198.

use plenary_search::SearchRequest;

use crate::corpus::{index, read, shipped};

const RESOLUTION_80_198: &str = "resolutions/A_RES_80_198";

#[test]
fn cruel_inhuman_or_degrading_treatment_finds_the_series_with_the_phrase_marked() {
    let index = index(&read(&[shipped()]));
    let found = index
        .search(&SearchRequest::new("\"cruel, inhuman or degrading treatment or punishment\""))
        .expect("a phrase query");
    let mut symbols: Vec<&str> = found.groups.iter().map(|group| group.symbol.as_str()).collect();
    symbols.sort_unstable();
    assert_eq!(symbols, ["A/C.3/80/L.49", "A/RES/72/163", "A/RES/74/143", "A/RES/80/198"]);
    for hit in &found.hits {
        assert!(
            hit.highlight.contains("<mark>cruel, inhuman or degrading treatment or punishment</mark>"),
            "{}",
            hit.highlight
        );
    }
}

/// Operative paragraph 5 is word for word the same in 72/163, 74/143 and 80/198.
#[test]
fn a_paragraph_unchanged_since_72_163_was_first_agreed_there_and_lists_the_three() {
    let index = index(&read(&[shipped()]));
    let history = index.history(RESOLUTION_80_198, 1, "op5", false).expect("op5 of 80/198 is indexed");
    let first = history.first_agreed.as_ref().expect("agreed before");
    assert_eq!((first.symbol.as_str(), first.paragraph.as_str()), ("A/RES/72/163", "op5"));
    assert!(!history.new_in_this_text);
    let adopted: Vec<(&str, bool)> = history
        .versions
        .iter()
        .filter(|version| version.stage == "adopted")
        .map(|version| (version.symbol.as_str(), version.verbatim))
        .collect();
    assert_eq!(adopted, [("A/RES/72/163", true), ("A/RES/74/143", true), ("A/RES/80/198", true)]);
    let agreed = index.agreed_in(RESOLUTION_80_198, 1);
    let op5 = agreed.iter().find(|paragraph| paragraph.paragraph == "op5").expect("op5");
    assert_eq!(op5.first_agreed.as_ref().map(|first| first.symbol.as_str()), Some("A/RES/72/163"));
}

/// Operative paragraph 6 ("… the prevention of torture …") came in with the draft A/C.3/80/L.49: no
/// adopted text before 80/198 holds it.
#[test]
fn a_paragraph_new_in_80_198_says_so() {
    let index = index(&read(&[shipped()]));
    let history = index.history(RESOLUTION_80_198, 1, "op6", false).expect("op6 of 80/198 is indexed");
    assert!(history.new_in_this_text);
    let held: Vec<&str> = history.versions.iter().map(|version| version.symbol.as_str()).collect();
    assert_eq!(held, ["A/C.3/80/L.49", "A/RES/80/198"]);
    let agreed = index.agreed_in(RESOLUTION_80_198, 1);
    let op6 = agreed.iter().find(|paragraph| paragraph.paragraph == "op6").expect("op6");
    assert_eq!(op6.first_agreed, None);
}

/// A query typed or pasted with typographic quotation marks, a non-breaking hyphen and non-breaking spaces
/// finds what the plain one finds, and the texts' own typography (curly apostrophes) does not stop a match.
#[test]
fn typographic_variants_never_stop_a_match() {
    let index = index(&read(&[shipped()]));
    let count = |query: &str| index.search(&SearchRequest::new(query)).expect("a query").total;
    let plain = count("\"non-derogable right under international law\"");
    assert!(plain > 0, "the phrase is in the torture series");
    assert_eq!(count("\u{201c}non\u{2011}derogable\u{a0}right under\u{a0}international law\u{201d}"), plain);
    // The texts print "the Court’s field activities" with a curly apostrophe; a straight one finds it.
    let curly = count("\"Court\u{2019}s field activities\"");
    assert!(curly > 0, "the phrase is in the International Criminal Court series");
    assert_eq!(count("\"Court's field activities\""), curly);
}
