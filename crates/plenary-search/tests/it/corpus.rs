//! Texts read for the tests: every `.txt` file of a directory imported with `plenary-import`, and the index
//! of them built as the command line builds it (each text the current first version of its document).

use std::path::{Path, PathBuf};

use plenary_core::Document;
use plenary_search::{IndexedText, SearchIndex, is_agreed_language};

/// A text read from a file; its id is its file's name.
pub struct Text {
    pub id: String,
    pub document: Document,
}

/// The shipped resolutions.
pub fn shipped() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/resolutions")
}

/// The corpus directories named by `PLENARY_CORPUS_DIRS`, if it is set.
pub fn corpus_dirs() -> Option<Vec<PathBuf>> {
    let dirs = std::env::var("PLENARY_CORPUS_DIRS").ok()?;
    Some(dirs.split(':').filter(|dir| !dir.is_empty()).map(PathBuf::from).collect())
}

/// Every `.txt` text of `dirs` that imports without errors, in file-name order.
pub fn read(dirs: &[PathBuf]) -> Vec<Text> {
    let mut texts = Vec::new();
    for dir in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
            .map(|entry| entry.expect("a directory entry").path())
            .filter(|path| path.extension().is_some_and(|extension| extension == "txt"))
            .collect();
        files.sort();
        for file in files {
            let bytes = std::fs::read(&file).unwrap_or_else(|error| panic!("{}: {error}", file.display()));
            let Ok(imported) = plenary_import::import(&bytes) else { continue };
            if imported.has_errors() {
                continue;
            }
            texts.push(Text { id: id(dir, &file), document: imported.document });
        }
    }
    texts
}

fn id(dir: &Path, file: &Path) -> String {
    let name =
        |path: &Path| path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = file.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
    format!("{}/{stem}", name(dir))
}

/// The index of `texts`.
pub fn index(texts: &[Text]) -> SearchIndex {
    let index = SearchIndex::in_memory().expect("an index in memory");
    let indexed: Vec<IndexedText<'_>> = texts
        .iter()
        .map(|text| IndexedText {
            document: &text.id,
            version: 1,
            current: true,
            adopted: is_agreed_language(&text.document),
            public: true,
            text: &text.document,
        })
        .collect();
    index.add(&indexed).expect("the texts are indexed");
    index
}
