//! What the unit tests of the writers share: the real texts of plenary-import's `tests/fixtures`, read by
//! the importer, as the writers' tests start from them.

use plenary_core::Document;

/// The fixtures the writers are tested on: every fixture of plenary-import but the plain texts that only
/// test its readers.
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

/// A fixture as the importer reads it, with its format detected from the content.
pub(crate) fn import_fixture(name: &str) -> Document {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../plenary-import/tests/fixtures").join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    plenary_import::import(&bytes).unwrap_or_else(|error| panic!("{name}: {error}")).document
}
