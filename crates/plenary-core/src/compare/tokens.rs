//! The words of a paragraph as the comparison sees them: tokens for the word-level redline that keep
//! symbols, numbers and dates whole ("A/RES/80/198", "3,461,385,200", "15 December 2025"), the typographic
//! normalisation under which two texts count as the same, and the content words that tell what a
//! paragraph is about.

use std::sync::LazyLock;

use regex::Regex;

/// One token of a text: its exact characters, and the key it is compared by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    pub text: &'a str,
    pub kind: TokenKind,
}

/// What a token is; references (symbols, numbers, dates, session ordinals) are reported apart from
/// substantive changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Space,
    Punctuation,
    Word,
    /// A document symbol, a number, a date, a year or a session ordinal ("seventy-ninth").
    Reference,
}

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        // A date: "15 December 2025".
        r"\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}",
        // A document symbol: "A/RES/80/198", "E/CN.4/2005/102/Add.1", "S/RES/830 (1993)", and the IAEA's
        // "GC(69)/RES/9 A.2".
        r"|[A-Z]{1,5}\(\d+\)(?:/[A-Za-z0-9.\-]+)+(?: [A-H](?:\.\d+)?\b)?",
        r"|[A-Z]{1,5}(?:/[A-Za-z0-9.\-]+)+(?: \(\d{4}\))?",
        // A number, fraction, resolution number or range: "79/90", "3,461,385,200", "2015–2030", "338 (1973)".
        r"|\d+(?:[/.,:–-]\d+)*(?: \(\d{4}\))?(?:\s?[A-H]\b)?",
        // A word, hyphenated compounds and apostrophes included: "non-derogable", "Member States’".
        r"|[\p{L}\p{M}]+(?:[-‑'’][\p{L}\p{M}]+)*",
        r"|\s+",
        r"|.",
    ))
    .expect("a valid built-in pattern")
});

static ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth|hundredth)$")
        .expect("a valid built-in pattern")
});

/// Splits a text into tokens whose concatenation is the text.
pub(crate) fn tokenize(text: &str) -> Vec<Token<'_>> {
    TOKEN
        .find_iter(text)
        .map(|found| {
            let token = found.as_str();
            let first = token.chars().next().unwrap_or(' ');
            let kind = if first.is_whitespace() {
                TokenKind::Space
            } else if first.is_ascii_digit()
                || (first.is_ascii_uppercase() && token.contains('/') && token.len() > 1)
            {
                TokenKind::Reference
            } else if first.is_alphabetic() {
                if ORDINAL.is_match(token) { TokenKind::Reference } else { TokenKind::Word }
            } else {
                TokenKind::Punctuation
            };
            Token { text: token, kind }
        })
        .collect()
}

/// The form a token is compared in: typographic variants (hyphens and dashes, quotes and apostrophes,
/// runs of spaces) count as the same character.
pub(crate) fn comparison_key(token: &str) -> String {
    token
        .chars()
        .map(|character| match character {
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' => '"',
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{00A0}' | '\u{202F}' | '\u{2009}' => ' ',
            other => other,
        })
        .collect()
}

/// A text in its comparison form: typographic variants unified, whitespace collapsed, ends trimmed.
pub(crate) fn normalized(text: &str) -> String {
    let mut normalized = String::with_capacity(text.len());
    for word in comparison_key(text).split_whitespace() {
        if !normalized.is_empty() {
            normalized.push(' ');
        }
        normalized.push_str(word);
    }
    normalized
}

/// Words that say nothing about what a paragraph is about.
const STOPWORDS: &[&str] = &[
    "the",
    "and",
    "of",
    "to",
    "in",
    "its",
    "for",
    "with",
    "that",
    "on",
    "by",
    "as",
    "all",
    "are",
    "be",
    "which",
    "this",
    "or",
    "at",
    "from",
    "an",
    "is",
    "their",
    "including",
    "other",
    "such",
    "also",
    "has",
    "have",
    "been",
    "was",
    "were",
    "not",
    "into",
    "under",
    "within",
    "those",
    "these",
    "who",
    "whose",
    "may",
    "can",
    "should",
    "would",
    "will",
    "shall",
    "between",
    "among",
    "through",
    "well",
    "any",
    "further",
    "inter",
    "alia",
    "upon",
    "well",
    "more",
    "most",
    "well",
    "both",
    "each",
    "well",
    "particular",
    "relevant",
    "united",
    "nations",
    "general",
    "assembly",
    "resolution",
    "resolutions",
    "states",
    "member",
];

/// The content words of a text, lower case, for judging whether two paragraphs are about the same thing.
pub(crate) fn content_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = tokenize(text)
        .into_iter()
        .filter(|token| matches!(token.kind, TokenKind::Word | TokenKind::Reference))
        .map(|token| comparison_key(token.text).to_lowercase())
        .filter(|word| word.chars().count() >= 3 && !STOPWORDS.contains(&word.as_str()))
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        tokenize(text)
            .into_iter()
            .filter(|token| token.kind != TokenKind::Space)
            .map(|token| token.text)
            .collect()
    }

    #[test]
    fn symbols_numbers_and_dates_stay_whole() {
        assert_eq!(
            texts("Recalling its resolution 78/77 of 15 December 2023 and A/RES/80/198,"),
            vec![
                "Recalling",
                "its",
                "resolution",
                "78/77",
                "of",
                "15 December 2023",
                "and",
                "A/RES/80/198",
                ","
            ]
        );
        assert_eq!(
            texts("totalling 3,461,385,200 dollars for 2015–2030"),
            vec!["totalling", "3,461,385,200", "dollars", "for", "2015–2030"]
        );
        assert_eq!(
            texts("resolution 338 (1973) and S/RES/830 (1993)"),
            vec!["resolution", "338 (1973)", "and", "S/RES/830 (1993)"]
        );
        assert_eq!(
            texts("resolutions GC(69)/RES/7 and GC(69)/RES/9 A.2,"),
            vec!["resolutions", "GC(69)/RES/7", "and", "GC(69)/RES/9 A.2", ","]
        );
    }

    #[test]
    fn tokens_put_back_together_are_the_text() {
        let text = "the non-derogable right “refouler”, E/CN.4/2005/102/Add.1;  twice";
        assert_eq!(tokenize(text).iter().map(|token| token.text).collect::<String>(), text);
    }

    #[test]
    fn references_are_told_apart_from_words() {
        let kinds: Vec<TokenKind> = tokenize("at its seventy-ninth session in 2024")
            .into_iter()
            .filter(|token| token.kind != TokenKind::Space)
            .map(|token| token.kind)
            .collect();
        assert_eq!(
            kinds,
            vec![
                TokenKind::Word,
                TokenKind::Word,
                TokenKind::Reference,
                TokenKind::Word,
                TokenKind::Word,
                TokenKind::Reference
            ]
        );
    }

    #[test]
    fn typographic_variants_compare_equal() {
        assert_eq!(normalized("a non‑derogable  “right”"), normalized("a non-derogable \"right\""));
        assert_ne!(normalized("a right"), normalized("a Right"));
    }
}
