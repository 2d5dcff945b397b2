//! The PDF writer on a shipped real text: the file is a PDF a reader opens, of plausible length, and its
//! text reads back (through lopdf, and through poppler's `pdftotext` where it is installed).

use std::path::PathBuf;
use std::process::Command;

use plenary_render::pdf::document_to_pdf;
use plenary_render::{record_pdf, vote_export};

/// A/RES/80/198 as shipped in `data/resolutions`, imported (and checked for conservation on the way).
fn torture_resolution() -> plenary_core::Document {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/resolutions/A_RES_80_198.txt");
    let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let imported = plenary_import::import(&bytes).unwrap_or_else(|error| panic!("{error}"));
    assert!(!imported.has_errors(), "{:?}", imported.diagnostics);
    imported.document
}

/// The decompressed content streams of every page, and the page count.
fn content_streams(pdf: &[u8]) -> (Vec<Vec<u8>>, usize) {
    let document = lopdf::Document::load_mem(pdf).unwrap_or_else(|error| panic!("lopdf: {error}"));
    let pages = document.get_pages();
    let streams = pages.values().map(|&page| document.get_page_content(page)).collect();
    (streams, pages.len())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

/// The text of a PDF as poppler's `pdftotext -layout` reads it, or `None` (with a note) where poppler is
/// not installed.
#[allow(clippy::print_stdout)]
fn pdftotext(pdf: &[u8], name: &str) -> Option<String> {
    let available = Command::new("pdftotext").arg("-v").output().is_ok();
    if !available {
        println!("pdftotext (poppler-utils) is not installed: the check of {name} through it is skipped");
        return None;
    }
    let directory = std::env::temp_dir().join(format!("plenary-pdf-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap_or_else(|error| panic!("{error}"));
    let input = directory.join("in.pdf");
    std::fs::write(&input, pdf).unwrap_or_else(|error| panic!("{error}"));
    let output = Command::new("pdftotext").arg("-layout").arg(&input).arg("-").output();
    let _ = std::fs::remove_dir_all(&directory);
    let output = output.unwrap_or_else(|error| panic!("pdftotext: {error}"));
    assert!(output.status.success(), "pdftotext: {}", String::from_utf8_lossy(&output.stderr));
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn the_torture_resolution_as_a_pdf() {
    let document = torture_resolution();
    let pdf = document_to_pdf(&document);
    assert!(pdf.starts_with(b"%PDF-"), "{:?}", &pdf[..pdf.len().min(16)]);
    assert!(contains(&pdf[pdf.len().saturating_sub(1024)..], b"%%EOF"));

    let (streams, pages) = content_streams(&pdf);
    // The printed A/RES/80/198 has 14 pages; the same text at the same size takes about as many.
    assert!((8..=20).contains(&pages), "{pages} pages");
    // The symbol is drawn on the first page (top right) and in the running head of the others.
    assert!(contains(&streams[0], b"(A/RES/80/198) Tj"), "no symbol on page 1");
    assert!(streams[1..].iter().all(|stream| contains(stream, b"(A/RES/80/198) Tj")), "no running head");
    // The opening phrase of operative paragraph 1 in Times-Italic (F3), its number in Times-Roman (F1).
    let page_of_op1 = streams.iter().position(|stream| contains(stream, b"(Condemns) Tj"));
    let page_of_op1 = page_of_op1.unwrap_or_else(|| panic!("no italic \"Condemns\""));
    assert!(contains(&streams[page_of_op1], b"/F3 10 Tf"));
    assert!(contains(&streams[page_of_op1], b"(1.) Tj"));
    // The page counter of the last page.
    assert!(contains(&streams[pages - 1], format!("({pages}/{pages}) Tj").as_bytes()));

    if let Some(text) = pdftotext(&pdf, "A_RES_80_198") {
        let words: Vec<&str> = text.split_whitespace().collect();
        let flowing = words.join(" ");
        assert!(flowing.contains("A/RES/80/198"), "{flowing}");
        assert!(
            flowing.contains("1. Condemns all forms of torture and other cruel, inhuman or degrading"),
            "{flowing}"
        );
        assert!(
            flowing.contains("80/198. Torture and other cruel, inhuman or degrading treatment or punishment")
        );
        assert!(flowing.contains("Calls upon all States"));
        // Each footnote stands once, at a page foot.
        assert_eq!(flowing.matches("Treaty Series, vol. 1465, No. 24841.").count(), 1, "{flowing}");
        // Every word of every operative paragraph is there, in order (justification spaces included).
        for paragraph in &document.operative {
            let first_words: Vec<&str> = paragraph.text.split_whitespace().take(6).collect();
            assert!(flowing.contains(&first_words.join(" ")), "op{:?}: {first_words:?}", paragraph.number);
        }
    }
}

#[test]
fn text_outside_latin_1_is_written_without_panicking() {
    let mut document = torture_resolution();
    // "Тор" is Cyrillic.
    document.title = "Торture 酷刑 — Łódź and România".to_string();
    document.preamble[0].text = format!("Reaffirming ☃ {}", "ﷺ ".repeat(200));
    let pdf = document_to_pdf(&document);
    let (streams, _) = content_streams(&pdf);
    // "???ture ?? — Lódz and România" in WinAnsi, which printpdf writes as a hexadecimal string: the
    // Cyrillic and Chinese letters are "?", "ł" is "l", "ó", "â" and the dash are kept.
    let expected: Vec<u8> = "3F3F3F74757265203F3F2097204CF3647A20616E6420526F6DE26E6961".bytes().collect();
    assert!(streams.iter().any(|stream| contains(stream, &expected)), "the title as written");
    if let Some(text) = pdftotext(&pdf, "outside-latin-1") {
        assert!(text.contains("???ture ?? — Lódz and România"), "{text}");
    }
}

/// The 2017 plenary meeting on A/RES/72/163, with the real roll calls 6004 and 6005, and its record.
fn meeting_2017() -> (plenary_core::procedure::Meeting, plenary_core::procedure::Record) {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/meetings/2017-plenary-torture.jsonl");
    let log = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let meeting = plenary_core::procedure::replay_log(&log).unwrap_or_else(|error| panic!("{error}"));
    let record = plenary_core::procedure::Record::of(&meeting);
    (meeting, record)
}

/// The `/CreationDate` of a PDF's document information, if it has one.
fn creation_date(pdf: &[u8]) -> Option<String> {
    let document = lopdf::Document::load_mem(pdf).unwrap_or_else(|error| panic!("lopdf: {error}"));
    let info = document.trailer.get(b"Info").and_then(lopdf::Object::as_reference).ok()?;
    let dictionary = document.get_dictionary(info).ok()?;
    let date = dictionary.get(b"CreationDate").ok()?.as_str().ok()?;
    Some(String::from_utf8_lossy(date).into_owned())
}

#[test]
fn a_vote_of_2017_as_a_pdf_set_in_times_with_its_meeting_date_and_question() {
    let (meeting, record) = meeting_2017();
    let recorded = vote_export::recorded_vote(&meeting, &record, "6004");
    let pdf = record_pdf::vote_pdf(&meeting, &record, recorded.as_ref(), "6004").unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(creation_date(&pdf).as_deref(), Some("D:20171219000000+00'00'"));
    let (streams, pages) = content_streams(&pdf);
    assert_eq!(pages, 1);
    assert!(!contains(&streams[0], b"Courier") && !contains(&streams[0], b"/F9 "), "no Courier");
    assert!(contains(&streams[0], b"(General Assembly) Tj"));
    assert!(contains(&streams[0], b"(73rd plenary meeting) Tj"));
    assert!(contains(&streams[0], b"(19 December 2017) Tj"));
    if let Some(text) = pdftotext(&pdf, "vote-6004") {
        let flowing = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for expected in [
            "General Assembly 73rd plenary meeting 19 December 2017",
            "Agenda item 72 (a): Promotion and protection of human rights: implementation of human rights \
             instruments",
            "Draft resolution A/72/439/Add.1, draft resolution II: Torture and other cruel, inhuman or degrading \
             treatment or punishment",
            "Recorded vote 6004: The seventh preambular paragraph",
            "The seventh preambular paragraph was retained by a recorded vote of 108 to 18, with 32 abstentions.",
            "In favour: Afghanistan, Albania, Andorra,",
            "Against: Bahrain, Belarus, Burundi,",
            "Abstaining: Algeria, Angola, Bolivia (Plurinational State of),",
            "Not voting: Azerbaijan,",
            "In favour: 108 | Against: 18 | Abstaining: 32 | Not voting: 35 | Total voting membership: 193",
            "Result: retained.",
        ] {
            assert!(flowing.contains(expected), "{expected:?} is not in {flowing}");
        }
        assert!(!flowing.contains("Absent"), "presence was not tracked: {flowing}");
        assert!(!flowing.contains("adopted"), "{flowing}");
    }
}

#[test]
fn a_pdf_without_a_date_carries_none_and_never_1970() {
    let mut document = torture_resolution();
    assert_eq!(creation_date(&document_to_pdf(&document)).as_deref(), Some("D:20251215000000+00'00'"));
    document.adoption = None;
    document.issued = None;
    document.meeting = None;
    let pdf = document_to_pdf(&document);
    assert_eq!(creation_date(&pdf), None);
    assert!(!contains(&pdf, b"1970"));
    let (_, pages) = content_streams(&pdf);
    assert!(pages > 8);
}
