//! What the unit tests of the writers share: the real texts of plenary-import's `tests/fixtures`, read by
//! the importer, as the writers' tests start from them.

use plenary_core::Document;

/// The fixtures of plenary-import the unit tests start from, as its own unit tests do.
pub(crate) const FIXTURES: &[&str] = include!("../../plenary-import/tests/fixtures/unit-tests.in");

/// A fixture as the importer reads it, with its format detected from the content.
pub(crate) fn import_fixture(name: &str) -> Document {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../plenary-import/tests/fixtures").join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    plenary_import::import(&bytes).unwrap_or_else(|error| panic!("{name}: {error}")).document
}

/// What must survive a trip through a writer and back to the reader, one line each: every paragraph (id,
/// number, label, heading, marks, words) and every footnote.
pub(crate) fn paragraphs_and_footnotes(document: &Document) -> Vec<String> {
    paragraph_lines(document).chain(footnote_lines(document)).collect()
}

/// [`paragraphs_and_footnotes`] with every annex block between them, as a Word file keeps them.
pub(crate) fn paragraphs_annexes_and_footnotes(document: &Document) -> Vec<String> {
    let annexes = document.annexes.iter().flat_map(|annex| {
        let blocks = annex
            .blocks
            .iter()
            .map(|block| format!("{} {:?} {:?} {}", block.id, block.label, block.footnote_refs, block.text));
        std::iter::once(format!("{} {}", annex.id, annex.heading)).chain(blocks)
    });
    paragraph_lines(document).chain(annexes).chain(footnote_lines(document)).collect()
}

fn paragraph_lines(document: &Document) -> impl Iterator<Item = String> + '_ {
    document.paragraphs().into_iter().map(|paragraph| {
        format!(
            "{} {:?} {:?} {:?} {:?} {}",
            paragraph.id,
            paragraph.number,
            paragraph.label,
            paragraph.heading,
            paragraph.footnote_refs,
            paragraph.text
        )
    })
}

fn footnote_lines(document: &Document) -> impl Iterator<Item = String> + '_ {
    document.footnotes.iter().map(|footnote| format!("[{}] {}", footnote.mark, footnote.text))
}

/// The 2017 plenary meeting on A/RES/72/163 (`data/meetings`), with the real roll calls 6004 and 6005,
/// and its record.
pub(crate) fn meeting_2017() -> (plenary_core::procedure::Meeting, plenary_core::procedure::Record) {
    let log = include_str!("../../../data/meetings/2017-plenary-torture.jsonl");
    let meeting = plenary_core::procedure::replay_log(log).unwrap();
    let record = plenary_core::procedure::Record::of(&meeting);
    (meeting, record)
}
