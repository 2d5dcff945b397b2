//! The PDF writer on a shipped real text: the file is a PDF a reader opens, of plausible length, and its
//! text reads back (through lopdf, and through poppler's `pdftotext` where it is installed).

use std::path::PathBuf;
use std::process::Command;

use plenary_render::pdf::{document_to_pdf, lines_to_pdf};

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

#[test]
fn a_listing_as_a_pdf() {
    let mut lines = vec![
        "General Assembly, 73rd plenary meeting, 18 December 2017".to_string(),
        String::new(),
        "Draft resolution A/C.3/72/L.26 was adopted by a recorded vote of 120 to 0.".to_string(),
    ];
    let states = vec!["Afghanistan"; 120].join(", ");
    lines.push(format!("  In favour: {states}."));
    lines.extend((0..150).map(|index| format!("  line {index}")));
    let pdf = lines_to_pdf("Record of the meeting", &lines);
    assert!(pdf.starts_with(b"%PDF-"));
    let (streams, pages) = content_streams(&pdf);
    assert!(pages >= 2, "{pages} pages");
    assert!(contains(&streams[0], b"(Record of the meeting) Tj"));
    assert!(contains(&streams[0], b"/F9 9 Tf"), "Courier");
    if let Some(text) = pdftotext(&pdf, "listing") {
        assert!(text.contains("  In favour: Afghanistan, Afghanistan,"), "{text}");
        assert!(text.contains("line 149"));
        assert_eq!(text.matches("Afghanistan").count(), 120);
    }
}
