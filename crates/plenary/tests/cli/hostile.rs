//! `plenary convert` on the bombs of threats.md: each is refused with exit code 2 and a message that names
//! the limit it crosses — no abort, no gigabytes. (The importer's own tests cover each limit in detail.)

use std::io::{Cursor, Write};
use std::path::PathBuf;
use std::process::{Command, Output};

use zip::ZipWriter;
use zip::write::SimpleFileOptions;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A Word file whose body holds one paragraph inside `levels` nested insertions (4.6 KB for 50,000).
fn nested_insertions(levels: usize) -> Vec<u8> {
    let document = format!(
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"{W}\"><w:body>{}<w:p><w:r><w:t>Decides.</w:t></w:r>\
         </w:p>{}</w:body></w:document>",
        "<w:ins w:id=\"1\">".repeat(levels),
        "</w:ins>".repeat(levels)
    );
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("word/document.xml", SimpleFileOptions::default()).expect("a zip entry");
    zip.write_all(document.as_bytes()).expect("writing");
    zip.finish().expect("a zip").into_inner()
}

/// Akoma Ntoso with an entity of 50,000 characters used 50,000 times: 200 KB that expanded to 2.5 GB.
fn entity_bomb() -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE akomaNtoso [<!ENTITY a \"{}\">]>\n<akomaNtoso \
         xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"><statement name=\"resolution\"><mainBody>\
         <p>{}</p></mainBody></statement></akomaNtoso>",
        "x".repeat(50_000),
        "&a;".repeat(50_000)
    )
    .into_bytes()
}

fn convert(name: &str, bytes: &[u8]) -> Output {
    let directory = std::env::temp_dir().join(format!("plenary-cli-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&directory).expect("a temporary directory");
    let path: PathBuf = directory.join(name);
    std::fs::write(&path, bytes).expect("writing");
    let output = Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args(["convert", &path.display().to_string(), "--to", "json"])
        .output()
        .expect("the binary runs");
    std::fs::remove_file(&path).ok();
    output
}

fn assert_refused(output: &Output, name: &str, limit: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
    assert!(stderr.contains(name) && stderr.contains(limit), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn convert_refuses_ten_thousand_nested_insertions_by_depth() {
    let output = convert("nested-10k.docx", &nested_insertions(10_000));
    assert_refused(&output, "nested-10k.docx", "over the import limit MAX_XML_DEPTH = 256");
    assert!(String::from_utf8_lossy(&output.stderr).contains("word/document.xml"));
}

#[test]
fn convert_refuses_fifty_thousand_nested_insertions_without_aborting() {
    // Before the limit, this overflowed the stack and the process died with SIGABRT.
    let output = convert("nested-50k.docx", &nested_insertions(50_000));
    assert_refused(&output, "nested-50k.docx", "MAX_XML_DEPTH");
}

#[test]
fn convert_refuses_an_entity_bomb_for_its_dtd() {
    let output = convert("entities.xml", &entity_bomb());
    assert_refused(&output, "entities.xml", "over the import limit XML_DTD_ALLOWED");
}
