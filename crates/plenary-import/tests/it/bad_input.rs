//! Bad input gives a clear error or diagnostics, never a panic, and a damaged text still keeps its words.

use plenary_core::Severity;
use plenary_import::{ImportError, MAX_INPUT_BYTES, conservation, import};

use crate::support::fixture_bytes;

#[test]
fn an_empty_file_is_refused() {
    assert_eq!(import(b"").unwrap_err(), ImportError::Empty);
    assert_eq!(import(b" \n \n\t\n").unwrap_err(), ImportError::Empty);
}

#[test]
fn a_binary_file_is_refused_with_where() {
    let pdf_start = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nstream\n\x00\x01\x02\x03";
    let error = import(pdf_start).unwrap_err();
    assert!(matches!(error, ImportError::Binary { .. }), "{error:?}");
    assert!(error.to_string().contains("binary"));
}

#[test]
fn latin_1_text_is_read_with_a_warning() {
    // The 2017 resolution as a Windows-1252 file, as older Word exports write it.
    let utf8 = String::from_utf8(fixture_bytes("A_RES_72_163.txt")).expect("the fixture is UTF-8");
    let (latin1, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&utf8);
    assert!(!unmappable, "the fixture has only characters Windows-1252 can hold");
    let imported = import(&latin1).expect("Latin-1 text is read");
    let warning = &imported.diagnostics[0];
    assert_eq!(warning.severity, Severity::Warning);
    assert!(warning.message.contains("Windows-1252"), "{}", warning.message);
    assert_eq!(imported.document.preamble.len(), 11);
    assert_eq!(imported.document.operative.len(), 50);
    assert!(imported.document.operative[6].text.contains("(“refouler”)"));
    assert!(conservation::account_bytes(&latin1, &imported).is_exact());
}

#[test]
fn a_truncated_text_keeps_every_word_it_has() {
    let bytes = fixture_bytes("A_RES_80_198.txt");
    let mut cut = bytes.len() / 2;
    while !String::from_utf8_lossy(&bytes[..cut]).is_char_boundary(cut)
        || std::str::from_utf8(&bytes[..cut]).is_err()
    {
        cut -= 1;
    }
    let truncated = &bytes[..cut];
    let imported = import(truncated).expect("a truncated text is still read");
    assert!(!imported.has_errors());
    assert!(imported.document.operative.len() < 55);
    assert!(imported.document.meeting.is_none());
    assert!(conservation::account_bytes(truncated, &imported).is_exact());
}

#[test]
fn a_text_that_is_not_a_resolution_is_an_error_diagnostic() {
    let csv = include_bytes!("../../../plenary-core/data/member-states.csv");
    let imported = import(csv).expect("text is read");
    assert!(imported.has_errors());
    let error = imported.diagnostics.iter().find(|d| d.severity == Severity::Error).expect("an error");
    assert!(error.message.contains("does not look like a resolution"), "{}", error.message);
    assert!(conservation::account_bytes(csv, &imported).is_exact());
}

#[test]
fn a_hundred_megabytes_of_noise_is_refused_at_once() {
    let noise: Vec<u8> = (0..100 * 1024 * 1024u32)
        .map(|i| b"abc def\nxyz, 12. (a) "[(i.wrapping_mul(2654435761) % 21) as usize])
        .collect();
    let error = import(&noise).unwrap_err();
    assert_eq!(error, ImportError::TooLarge { bytes: noise.len(), limit: MAX_INPUT_BYTES });
    assert!(error.to_string().contains("limit"));
}

#[test]
fn noise_under_the_limit_is_read_without_panic_and_without_losing_words() {
    // Two megabytes of pseudo-random printable noise with line breaks, labels and numbers in it.
    let alphabet = b"abcdefghij KLMNOP,;:.()*-_/0123456789\n\n \xC2\xA0";
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let noise: Vec<u8> = (0..2 * 1024 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            alphabet[(state % alphabet.len() as u64) as usize]
        })
        .collect();
    let imported = import(&noise).expect("noise that is text is read");
    assert!(conservation::account_bytes(&noise, &imported).is_exact());
}
