//! Snapshots of what Plenary prints from real texts, so that a reviewer sees what a change did to it: the
//! JSON of every shipped document and import fixture, the Akoma Ntoso and the printed text of two documents, the record (text
//! and JSON) of every example meeting log, the 2017 plenary's record as its CSV tables and its PDF's text, the four renderings of two real comparisons, the XML inside
//! a Word document and a Word comparison, and the treaty register's status of CAT and Denmark's instruments. They are made by the binary, as a user makes them.
//!
//! The reviewed `.snap` files are in `snapshots/`. A change to any output fails here until its new
//! snapshot is reviewed (`cargo insta review`, or `INSTA_UPDATE=always` and `git diff`); CI runs with
//! `INSTA_UPDATE=no`, so it never writes one. The hand-checked assertions of the other modules stay: a
//! snapshot shows what changed, they say what is right.

use std::io::Read;
use std::path::Path;
use std::process::Command;

/// What `plenary ARGUMENTS` writes to standard output; it must succeed.
fn plenary(arguments: &[&str]) -> Vec<u8> {
    let output =
        Command::new(env!("CARGO_BIN_EXE_plenary")).args(arguments).output().expect("the binary runs");
    assert!(output.status.success(), "plenary {arguments:?}: {}", String::from_utf8_lossy(&output.stderr));
    output.stdout
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("UTF-8 output")
}

fn path(relative: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(relative).display().to_string()
}

/// One part of a Word file (a zip archive), as text, with a line break before each paragraph, tracked
/// insertion and deletion, so that a difference names the paragraph it is in; nothing else is changed.
fn word_part(docx: &[u8], part: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip archive");
    let mut xml = String::new();
    archive.by_name(part).expect("the part").read_to_string(&mut xml).expect("UTF-8 XML");
    ["<w:p>", "<w:p ", "<w:ins ", "<w:del ", "<w:footnote ", "<w:sectPr"]
        .iter()
        .fold(xml, |xml, tag| xml.replace(tag, &format!("\n{tag}")))
}

/// The date the tracked changes of a Word comparison carry: fixed, so the XML is the same on every run.
const REVISION_DATE: &str = "2026-12-04T00:00:00Z";

#[test]
fn every_shipped_document_as_json() {
    insta::glob!("../../../../data/resolutions", "*.txt", |file| {
        let file = file.display().to_string();
        insta::assert_snapshot!("json", text(plenary(&["convert", &file, "--to", "json"])));
    });
}

#[test]
fn every_import_fixture_as_json() {
    insta::glob!("../../../plenary-import/tests/fixtures", "*.{txt,md}", |file| {
        let file = file.display().to_string();
        insta::assert_snapshot!(
            "fixture_json",
            text(plenary(&["convert", &file, "--to", "json", "--force"]))
        );
    });
}

#[test]
fn two_documents_as_akoma_ntoso_and_as_printed() {
    for (name, file) in [
        ("A_RES_80_198", "data/resolutions/A_RES_80_198.txt"),
        ("S_RES_0830_1993", "data/resolutions/S_RES_0830_1993.txt"),
    ] {
        for format in ["akn", "text"] {
            let output = text(plenary(&["convert", &path(file), "--to", format]));
            insta::assert_snapshot!(format!("{format}_{name}"), output);
        }
    }
}

#[test]
fn every_example_meeting_record_as_text_and_json() {
    insta::glob!("../../../../data/meetings", "*.jsonl", |log| {
        let log = log.display().to_string();
        insta::assert_snapshot!("record_text", text(plenary(&["replay", &log])));
        insta::assert_snapshot!("record_json", text(plenary(&["replay", &log, "--json"])));
    });
}

/// The 2017 plenary's record (the real roll calls 6004 and 6005 on A/RES/72/163) as its two tables — a row
/// for every one of the 193 members per recorded vote — and its PDF as poppler's `pdftotext` reads it.
#[test]
fn the_2017_plenary_record_as_tables_and_pdf() {
    let log = path("data/meetings/2017-plenary-torture.jsonl");
    let undl = text(plenary(&["replay", &log, "--to", "csv"]));
    assert_eq!(undl.lines().count(), 1 + 2 * 193);
    insta::assert_snapshot!("record_csv_2017_plenary", undl);
    let unvotes = text(plenary(&["replay", &log, "--to", "unvotes-csv"]));
    assert_eq!(unvotes.lines().count(), 1 + 2 * 193);
    insta::assert_snapshot!("record_unvotes_csv_2017_plenary", unvotes);

    let scratch = std::env::temp_dir().join(format!("plenary-record-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("a scratch directory");
    let pdf = scratch.join("record.pdf");
    plenary(&["replay", &log, "--to", "pdf", "-o", &pdf.display().to_string()]);
    assert!(std::fs::read(&pdf).expect("the PDF").starts_with(b"%PDF-"));
    let pdftotext = Command::new("pdftotext").arg(&pdf).arg("-").output();
    let _ = std::fs::remove_dir_all(&scratch);
    // Where poppler is not installed the PDF's text is checked by plenary-render's tests instead.
    if let Some(output) = pdftotext.ok().filter(|output| output.status.success()) {
        insta::assert_snapshot!("record_pdf_text_2017_plenary", text(output.stdout));
    }
}

/// Two real comparisons: a Third Committee draft against the resolution adopted from it, and two Security
/// Council renewals of UNDOF.
const PAIRS: [(&str, &str, &str); 2] = [
    ("L49_to_80_198", "data/resolutions/A_C.3_80_L.49.txt", "data/resolutions/A_RES_80_198.txt"),
    ("S_790_to_830", "data/resolutions/S_RES_0790_1992.txt", "data/resolutions/S_RES_0830_1993.txt"),
];

#[test]
fn two_real_comparisons_in_every_rendering() {
    for (name, old, new) in PAIRS {
        let (old, new) = (path(old), path(new));
        for format in ["text", "md", "html", "json"] {
            let rendering = text(plenary(&["compare", &old, &new, "--to", format]));
            insta::assert_snapshot!(format!("compare_{name}_{format}"), rendering);
        }
        let docx = plenary(&["compare", &old, &new, "--to", "docx", "--date", REVISION_DATE]);
        insta::assert_snapshot!(
            format!("compare_{name}_docx_document_xml"),
            word_part(&docx, "word/document.xml")
        );
    }
}

#[test]
fn a_word_document_inside() {
    let docx = plenary(&["convert", &path("data/resolutions/A_RES_80_198.txt"), "--to", "docx"]);
    insta::assert_snapshot!("docx_A_RES_80_198_document_xml", word_part(&docx, "word/document.xml"));
    insta::assert_snapshot!("docx_A_RES_80_198_footnotes_xml", word_part(&docx, "word/footnotes.xml"));
}

/// The treaty register as `plenary treaty` prints it from the shipped UN Treaty Collection data: every
/// state's status under the Convention against Torture on the day A/RES/72/163 was adopted, and Denmark's
/// standing under every instrument on the day of the status pages.
#[test]
fn the_treaty_register_as_printed() {
    insta::assert_snapshot!(
        "treaty_status_cat_2017_12_19",
        text(plenary(&["treaty", "status", "cat", "--as-of", "2017-12-19"]))
    );
    insta::assert_snapshot!(
        "treaty_state_DNK_2026_02_03",
        text(plenary(&["treaty", "state", "DNK", "--as-of", "2026-02-03"]))
    );
}
