//! Hostile input: the bombs an attacker can send as a "resolution" (threats.md, "Read every input with
//! limits"). Each is either refused with the limit it crosses named in the message, or read correctly —
//! never a crash, never gigabytes of memory. The inputs are generated here by small functions.

use std::io::{Cursor, Write};

use plenary_import::{Format, ImportError, import, import_as};
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const AKN: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

/// A zip archive of the given parts, deflated.
pub fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(*name, SimpleFileOptions::default()).expect("a zip entry");
        zip.write_all(bytes).expect("writing a zip entry");
    }
    zip.finish().expect("a finished zip").into_inner()
}

/// A Word file whose only part is `word/document.xml` with this body.
pub fn docx_with_body(body: &str) -> Vec<u8> {
    zip_of(&[("word/document.xml", document_xml(body).as_bytes())])
}

pub fn document_xml(body: &str) -> String {
    format!("<?xml version=\"1.0\"?><w:document xmlns:w=\"{W}\"><w:body>{body}</w:body></w:document>")
}

/// A paragraph inside `levels` nested insertions, at block level: `<w:ins><w:ins>…<w:p>…`.
pub fn nested_insertions(levels: usize) -> Vec<u8> {
    let body = format!(
        "{}<w:p><w:r><w:t>Decides to remain seized of the matter.</w:t></w:r></w:p>{}",
        "<w:ins w:id=\"1\">".repeat(levels),
        "</w:ins>".repeat(levels)
    );
    docx_with_body(&body)
}

/// A run inside `levels` nested insertions within one paragraph: `<w:p><w:ins><w:ins>…<w:r>`.
pub fn nested_inline_insertions(levels: usize) -> Vec<u8> {
    let body = format!(
        "<w:p>{}<w:r><w:t>Decides to remain seized of the matter.</w:t></w:r>{}</w:p>",
        "<w:ins w:id=\"1\">".repeat(levels),
        "</w:ins>".repeat(levels)
    );
    docx_with_body(&body)
}

/// Akoma Ntoso with an internal entity of `length` characters, used `uses` times ("billion laughs" with
/// one level).
pub fn akn_entity_bomb(length: usize, uses: usize) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE akomaNtoso [<!ENTITY a \"{}\">]>\n<akomaNtoso xmlns=\"{AKN}\">\
         <statement name=\"resolution\"><mainBody><p>{}</p></mainBody></statement></akomaNtoso>",
        "x".repeat(length),
        "&a;".repeat(uses)
    )
}

/// Akoma Ntoso whose body nests `levels` elements.
pub fn akn_nested(levels: usize) -> String {
    format!(
        "<akomaNtoso xmlns=\"{AKN}\"><statement name=\"resolution\"><mainBody><p>{}deep{}</p></mainBody>\
         </statement></akomaNtoso>",
        "<i>".repeat(levels),
        "</i>".repeat(levels)
    )
}

/// A Word file whose body is `bytes` bytes of empty paragraphs, `<w:p/>`, deflated (about 1,000 to 1).
pub fn empty_paragraphs_docx(bytes: usize) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("word/document.xml", SimpleFileOptions::default()).expect("a zip entry");
    let (head, tail) = {
        let document = document_xml("|");
        let (head, tail) = document.split_once('|').expect("the body's place");
        (head.to_string(), tail.to_string())
    };
    zip.write_all(head.as_bytes()).expect("writing");
    let chunk = "<w:p/>".repeat(100_000);
    let mut written = 0;
    while written < bytes {
        zip.write_all(chunk.as_bytes()).expect("writing");
        written += chunk.len();
    }
    zip.write_all(tail.as_bytes()).expect("writing");
    zip.finish().expect("a finished zip").into_inner()
}

/// Clean text of `count` numbered operative paragraphs after one preambular paragraph.
pub fn numbered_text(count: usize) -> String {
    let mut text = String::with_capacity(count * 24);
    text.push_str("The General Assembly,\n\nRecalling its earlier resolutions,\n\n");
    for number in 1..=count {
        text.push_str(&format!("{number}. Decides {number}.\n\n"));
    }
    text
}

fn limit_named(error: &ImportError, limit: &str) -> bool {
    matches!(error, ImportError::Limit { limit: named, .. } if *named == limit)
}

#[test]
fn ten_thousand_nested_insertions_in_a_word_file_are_refused_by_depth_not_a_stack_overflow() {
    for docx in [nested_insertions(10_000), nested_inline_insertions(10_000)] {
        assert!(docx.len() < 5_000, "a few kilobytes: {}", docx.len());
        let error = import(&docx).expect_err("refused");
        assert!(limit_named(&error, "MAX_XML_DEPTH"), "{error:?}");
        let message = error.to_string();
        assert!(
            message.contains("MAX_XML_DEPTH = 256") && message.contains("word/document.xml"),
            "{message}"
        );
        assert!(message.contains("<w:ins>"), "{message}");
    }
}

#[test]
fn fifty_thousand_nested_insertions_are_refused_the_same_way() {
    let error = import(&nested_insertions(50_000)).expect_err("refused");
    assert!(limit_named(&error, "MAX_XML_DEPTH"), "{error:?}");
}

#[test]
fn insertions_nested_as_deep_as_a_real_file_might_are_read() {
    let imported = import(&nested_insertions(100)).expect("read");
    assert_eq!(imported.document.operative.len() + imported.document.preamble.len(), 1);
}

#[test]
fn insertions_nested_just_under_the_depth_limit_are_read_within_the_stack() {
    // w:document, w:body, 250 insertions, w:p, w:r, w:t: 255 levels, one under the limit; the reader walks
    // them recursively on a test thread's 2 MB stack, in a debug build.
    for docx in [nested_insertions(250), nested_inline_insertions(250)] {
        let imported = import(&docx).expect("read");
        let texts: Vec<&str> = imported
            .document
            .preamble
            .iter()
            .chain(&imported.document.operative)
            .map(|paragraph| paragraph.text.as_str())
            .collect();
        assert_eq!(texts, ["Decides to remain seized of the matter."]);
    }
    assert!(import(akn_nested(250).as_bytes()).is_ok());
}

#[test]
fn an_entity_bomb_in_akoma_ntoso_is_refused_for_its_dtd() {
    // 50,000 characters used 50,000 times: 249 KB that expanded to 2.5 GB of text.
    let bomb = akn_entity_bomb(50_000, 50_000);
    assert!(bomb.len() < 260_000);
    let error = import(bomb.as_bytes()).expect_err("refused");
    assert!(limit_named(&error, "XML_DTD_ALLOWED"), "{error:?}");
    assert!(error.to_string().contains("DOCTYPE"), "{error}");
    // The same with a harmless entity: a DTD is refused whatever it declares.
    let error = import(akn_entity_bomb(3, 1).as_bytes()).expect_err("refused");
    assert!(limit_named(&error, "XML_DTD_ALLOWED"), "{error:?}");
}

#[test]
fn a_dtd_in_a_word_part_is_refused_too() {
    let document = document_xml("<w:p><w:r><w:t>&a;</w:t></w:r></w:p>").replacen(
        "?>",
        "?><!DOCTYPE w:document [<!ENTITY a \"text\">]>",
        1,
    );
    let error = import(&zip_of(&[("word/document.xml", document.as_bytes())])).expect_err("refused");
    assert!(limit_named(&error, "XML_DTD_ALLOWED"), "{error:?}");
    assert!(error.to_string().contains("word/document.xml"), "{error}");
}

#[test]
fn deeply_nested_akoma_ntoso_is_refused_by_the_shared_depth_limit() {
    let error = import(akn_nested(100_000).as_bytes()).expect_err("refused");
    assert!(limit_named(&error, "MAX_XML_DEPTH"), "{error:?}");
    assert!(error.to_string().contains("<i>"), "{error}");
    assert!(import(akn_nested(200).as_bytes()).is_ok());
}

#[test]
fn akoma_ntoso_of_more_than_a_million_nodes_is_refused_by_node_count() {
    let xml = format!(
        "<akomaNtoso xmlns=\"{AKN}\"><statement name=\"resolution\"><mainBody>{}</mainBody></statement>\
         </akomaNtoso>",
        "<p/>".repeat(1_000_001)
    );
    let error = import(xml.as_bytes()).expect_err("refused");
    assert!(limit_named(&error, "MAX_XML_NODES"), "{error:?}");
}

#[test]
fn sixty_megabytes_of_empty_paragraphs_in_a_word_file_are_refused_unpacked() {
    let docx = empty_paragraphs_docx(60 * 1024 * 1024);
    assert!(docx.len() < 300_000, "packed to {} bytes", docx.len());
    let error = import(&docx).expect_err("refused");
    assert!(limit_named(&error, "MAX_UNPACKED_BYTES"), "{error:?}");
    assert!(error.to_string().contains("word/document.xml"), "{error}");
}

#[test]
fn a_word_file_of_a_million_empty_paragraphs_is_refused_by_node_count() {
    // 6 MB unpacked, under the budget: the count of elements is what stops it.
    let error = import(&empty_paragraphs_docx(6_000_000)).expect_err("refused");
    assert!(limit_named(&error, "MAX_XML_NODES"), "{error:?}");
}

#[test]
fn a_zip_of_thousands_of_parts_is_refused_by_part_count() {
    let names: Vec<String> = (0..2_000).map(|index| format!("word/media/part{index}.xml")).collect();
    let document = document_xml("<w:p><w:r><w:t>Decides.</w:t></w:r></w:p>");
    let mut parts: Vec<(&str, &[u8])> = vec![("word/document.xml", document.as_bytes())];
    parts.extend(names.iter().map(|name| (name.as_str(), &b"<x/>"[..])));
    let error = import(&zip_of(&parts)).expect_err("refused");
    assert!(limit_named(&error, "MAX_DOCX_PARTS"), "{error:?}");
    assert!(error.to_string().contains("MAX_DOCX_PARTS = 1000"), "{error}");
}

#[test]
fn two_thousand_numbered_paragraphs_keep_their_numbers() {
    let imported = import(numbered_text(2_000).as_bytes()).expect("read");
    let operative = &imported.document.operative;
    assert_eq!(operative.len(), 2_000);
    for (index, paragraph) in operative.iter().enumerate() {
        let number = index as u32 + 1;
        assert_eq!(paragraph.number, Some(number), "{}", paragraph.text);
        assert_eq!(paragraph.text, format!("Decides {number}."));
    }
    assert_eq!(operative[999].id.to_string(), "op1000");
}

#[test]
fn a_million_and_one_paragraphs_are_refused_by_paragraph_count() {
    let mut text = String::with_capacity(13_000_000);
    for number in 1..=1_000_001 {
        text.push_str(&format!("{number}. a.\n\n"));
    }
    assert!(text.len() < plenary_import::MAX_INPUT_BYTES);
    let error = import_as(text.as_bytes(), Format::CleanText).expect_err("refused");
    assert!(limit_named(&error, "MAX_PARAGRAPHS"), "{error:?}");
    assert!(error.to_string().contains("MAX_PARAGRAPHS = 1000000"), "{error}");
}

#[test]
fn sixteen_megabytes_of_short_lines_are_refused_by_line_count_before_any_stage_runs() {
    // Four million one-word paragraphs: the line stages took 2.4 GB and 19 s before MAX_PARAGRAPHS refused
    // them.
    let text = "a.\n\n".repeat(4_000_000);
    let started = std::time::Instant::now();
    let error = import(text.as_bytes()).expect_err("refused");
    assert!(limit_named(&error, "MAX_LINES"), "{error:?}");
    assert!(error.to_string().contains("line 3000001"), "{error}");
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
}

#[test]
fn deeply_nested_json_is_refused_by_serde_json_not_a_stack_overflow() {
    // Sub-paragraphs of sub-paragraphs, 100,000 deep: serde_json stops at 128 levels of nesting on its own.
    let levels = 100_000;
    let json = format!(
        "{{\"title\": \"\", \"preamble\": [], \"footnotes\": [], \"operative\": [{}{}]}}",
        "{\"id\": \"op1\", \"text\": \"x\", \"subparagraphs\": [".repeat(levels),
        "]}".repeat(levels)
    );
    let error = import(json.as_bytes()).expect_err("refused");
    assert!(matches!(error, ImportError::Json { .. }), "{error:?}");
    assert!(error.to_string().contains("recursion limit"), "{error}");
}
