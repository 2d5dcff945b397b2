//! What the unit tests of the readers and writers share: the real texts in `tests/fixtures` and how to
//! read them.

use plenary_core::Document;

/// The fixtures the unit tests start from (`tests/fixtures/unit-tests.in`, shared with plenary-render's).
pub(crate) const FIXTURES: &[&str] = include!("../tests/fixtures/unit-tests.in");

/// The bytes of a fixture.
pub(crate) fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// A fixture as the importer reads it, with its format detected from the content.
pub(crate) fn import_fixture(name: &str) -> Document {
    crate::import(&fixture(name)).unwrap_or_else(|error| panic!("{name}: {error}")).document
}
