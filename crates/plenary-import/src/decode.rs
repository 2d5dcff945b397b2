//! From bytes to text: the first gate every import passes. Refuses what cannot be a document (empty,
//! binary, far too large) with an error that says why, and reads text that is not UTF-8 as Windows-1252
//! (the usual "Latin-1" of Word and older exports) with a warning, instead of failing.

use std::borrow::Cow;

use plenary_core::Diagnostic;

use crate::ImportError;

use crate::limits::MAX_INPUT_BYTES;

/// Decodes `bytes` into text, with a diagnostic when the encoding had to be guessed.
pub(crate) fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Vec<Diagnostic>), ImportError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge { bytes: bytes.len(), limit: MAX_INPUT_BYTES });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE").or_else(|| bytes.strip_prefix(b"\xFE\xFF")) {
        let encoding = if bytes[0] == 0xFF { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
        let (text, had_errors) = encoding.decode_without_bom_handling(rest);
        let mut diagnostics = Vec::new();
        if had_errors {
            diagnostics
                .push(Diagnostic::warning(None, "the UTF-16 text has invalid sequences; they were replaced"));
        }
        return check_text(Cow::Owned(text.into_owned()), diagnostics);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(offset) = binary_byte(bytes) {
        return Err(ImportError::Binary { offset });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => check_text(Cow::Borrowed(text), Vec::new()),
        Err(error) => {
            let valid = error.valid_up_to();
            let line = bytes[..valid].iter().filter(|&&byte| byte == b'\n').count() + 1;
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            let diagnostics = vec![Diagnostic::warning(
                u32::try_from(line).ok(),
                format!(
                    "the file is not UTF-8 (byte 0x{:02X} at offset {valid}); it was read as Windows-1252 (Latin-1)",
                    bytes[valid]
                ),
            )];
            check_text(Cow::Owned(text.into_owned()), diagnostics)
        }
    }
}

fn check_text(
    text: Cow<'_, str>,
    diagnostics: Vec<Diagnostic>,
) -> Result<(Cow<'_, str>, Vec<Diagnostic>), ImportError> {
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    Ok((text, diagnostics))
}

/// The offset of the first byte that shows the input is binary: a NUL, or control characters making up
/// more than a small share of the start of the file.
fn binary_byte(bytes: &[u8]) -> Option<usize> {
    if let Some(offset) = bytes.iter().position(|&byte| byte == 0) {
        return Some(offset);
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let is_control = |byte: &u8| *byte < 0x20 && !matches!(byte, b'\n' | b'\r' | b'\t' | 0x0C);
    let controls = sample.iter().filter(|byte| is_control(byte)).count();
    if controls * 100 > sample.len().max(1) {
        return sample.iter().position(is_control);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_empty_and_binary_input() {
        assert!(matches!(decode(b""), Err(ImportError::Empty)));
        assert!(matches!(decode(b" \n \n"), Err(ImportError::Empty)));
        assert!(matches!(decode(b"%PDF-1.7\n\x00\x01\x02"), Err(ImportError::Binary { offset: 9 })));
    }

    #[test]
    fn reads_latin_1_with_a_warning() {
        let (text, diagnostics) = decode(b"The General Assembly,\nNoting the Caf\xE9 r\xF4le").unwrap();
        assert_eq!(text, "The General Assembly,\nNoting the Café rôle");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].line, Some(2));
    }

    #[test]
    fn strips_a_byte_order_mark() {
        let (text, _) = decode(b"\xEF\xBB\xBFThe General Assembly,").unwrap();
        assert_eq!(text, "The General Assembly,");
    }
}
