//! The one gate, kept so: outside `acts.rs` (every act of a person) and `seed.rs` (the service's own first
//! start), no source file of the web crate builds a fact or records one. A handler that did would be a
//! second way to change the record, beside the permission table.

use std::path::{Path, PathBuf};

fn sources(directory: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(directory).expect("the source directory reads") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn only_the_acts_and_the_first_start_record_anything() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    assert!(files.len() > 10, "the crate's sources are found: {files:?}");
    let mut offenders = Vec::new();
    for file in files {
        let name = file.strip_prefix(&root).expect("under src").to_string_lossy().into_owned();
        if name == "acts.rs" || name == "seed.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("a source file reads");
        for (number, line) in text.lines().enumerate() {
            if line.contains("Fact::") || line.contains("journal.record(") || line.contains(".record(actor") {
                offenders.push(format!("{name}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    assert!(offenders.is_empty(), "facts built or recorded outside acts.rs:\n{}", offenders.join("\n"));
}
