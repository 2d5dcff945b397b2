//! What the unit tests of the readers and writers share: the real texts in `tests/fixtures` and how to
//! read them.

use plenary_core::Document;

/// Every fixture of the crate: PDF-extracted GA texts (resolutions, a draft, an omnibus text with sections,
/// one with sub-headings, one with annexes, one with roman sub-paragraphs, one from pypdf), the clean
/// renderings of three of them, and Security Council compilation texts.
pub(crate) const FIXTURES: &[&str] = &[
    "A_RES_80_198.txt",
    "A_RES_72_163.txt",
    "A_RES_74_143.txt",
    "A_C.3_80_L.49.txt",
    "A_RES_78_253.txt",
    "A_80_L.41.txt",
    "A_RES_79_1.txt",
    "A_RES_80_220.txt",
    "A_RES_73_7.txt",
    "A_RES_80_4.txt",
    "A_RES_80_6.txt",
    "A_RES_80_7.txt",
    "S_RES_0830_1993.txt",
    "S_RES_0790_1992.txt",
    "S_RES_0541_1983.txt",
    "A_RES_80_4.md",
    "A_RES_80_6.md",
    "A_RES_80_7.md",
];

/// The bytes of a fixture.
pub(crate) fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// A fixture as the importer reads it, with its format detected from the content.
pub(crate) fn import_fixture(name: &str) -> Document {
    crate::import(&fixture(name)).unwrap_or_else(|error| panic!("{name}: {error}")).document
}
