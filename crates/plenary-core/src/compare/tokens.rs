//! The words of a paragraph as the comparison sees them: tokens for the word-level redline that keep
//! symbols, numbers and dates whole ("A/RES/80/198", "3,461,385,200", "15 December 2025"), the typographic
//! normalisation under which two texts count as the same, and the content words that tell what a
//! paragraph is about.

use std::borrow::Cow;

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

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const ORDINAL_UNITS: [&str; 19] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];
const ORDINAL_TENS: [&str; 9] = [
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
    "hundredth",
];
const CARDINAL_TENS: [&str; 8] =
    ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/// Splits a text into tokens whose concatenation is the text. A hand-written scanner: the comparison
/// tokenises every paragraph it pairs, and a regular expression with this many alternatives was most of
/// its time.
///
/// - a date: "15 December 2025";
/// - a document symbol: "A/RES/80/198", "E/CN.4/2005/102/Add.1", "S/RES/830 (1993)", "GC(69)/RES/9 A.2";
/// - a number, fraction, resolution number or range: "79/90", "3,461,385,200", "2015–2030", "338 (1973)",
///   "75/290 B";
/// - a word, hyphenated compounds and apostrophes included: "non-derogable", "Member States’";
/// - a run of spaces, or any other single character.
pub(crate) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::with_capacity(text.len() / 4 + 1);
    let mut at = 0;
    while let Some(first) = text[at..].chars().next() {
        let rest = &text[at..];
        let (length, kind) = if first.is_whitespace() {
            (rest.find(|c: char| !c.is_whitespace()).unwrap_or(rest.len()), TokenKind::Space)
        } else if first.is_ascii_digit() {
            (date_length(rest).unwrap_or_else(|| number_length(rest)), TokenKind::Reference)
        } else if let Some(length) = first.is_ascii_uppercase().then(|| symbol_length(rest)).flatten() {
            (length, TokenKind::Reference)
        } else if first.is_alphabetic() {
            let length = word_length(rest);
            let kind = if is_ordinal(&rest[..length]) { TokenKind::Reference } else { TokenKind::Word };
            (length, kind)
        } else {
            (first.len_utf8(), TokenKind::Punctuation)
        };
        tokens.push(Token { text: &rest[..length], kind });
        at += length;
    }
    tokens
}

/// The number of leading ASCII digits.
fn digits(text: &str) -> usize {
    text.bytes().take_while(u8::is_ascii_digit).count()
}

/// "15 December 2025" at the start of `text`.
fn date_length(text: &str) -> Option<usize> {
    let day = digits(text);
    if !(1..=2).contains(&day) {
        return None;
    }
    let rest = text[day..].strip_prefix(' ')?;
    let month = MONTHS.iter().find(|month| rest.starts_with(**month))?;
    let rest = rest[month.len()..].strip_prefix(' ')?;
    (digits(rest) == 4).then(|| text.len() - rest.len() + 4)
}

/// A number with its separators and suffixes at the start of `text` (which starts with a digit).
fn number_length(text: &str) -> usize {
    let mut at = digits(text);
    // Separators joining digit groups: "79/90", "3,461,385,200", "2015–2030", "10:00".
    while let Some(separator) =
        text[at..].chars().next().filter(|c| matches!(c, '/' | '.' | ',' | ':' | '–' | '-'))
    {
        let after = at + separator.len_utf8();
        let more = digits(&text[after..]);
        if more == 0 {
            break;
        }
        at = after + more;
    }
    at += year_suffix(&text[at..]);
    // A part letter: "75/290 B".
    let spaced = usize::from(text[at..].starts_with(' '));
    if let Some(letter) = text[at + spaced..].chars().next()
        && ('A'..='H').contains(&letter)
        && !text[at + spaced + 1..].chars().next().is_some_and(char::is_alphanumeric)
    {
        at += spaced + 1;
    }
    at
}

/// " (1993)" after a Council resolution number or symbol.
fn year_suffix(text: &str) -> usize {
    match text.strip_prefix(" (") {
        Some(rest) if digits(rest) == 4 && rest[4..].starts_with(')') => 7,
        _ => 0,
    }
}

/// A document symbol at the start of `text` (which starts with a capital), if there is one.
fn symbol_length(text: &str) -> Option<usize> {
    let organ = text.bytes().take_while(u8::is_ascii_uppercase).count();
    if !(1..=5).contains(&organ) {
        return None;
    }
    let mut at = organ;
    // The IAEA's "GC(69)/RES/7".
    let session = text[at..].strip_prefix('(').map(digits).filter(|&count| count > 0);
    if let Some(count) = session {
        if !text[at + 1 + count..].starts_with(')') {
            return None;
        }
        at += count + 2;
    }
    let mut segments = 0;
    while text[at..].starts_with('/') {
        let segment = text[at + 1..]
            .bytes()
            .take_while(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'-'))
            .count();
        // A full stop at the end of a symbol ends the sentence, not the symbol.
        let segment = text[at + 1..at + 1 + segment].trim_end_matches('.').len();
        if segment == 0 {
            break;
        }
        at += 1 + segment;
        segments += 1;
    }
    if segments == 0 {
        return None;
    }
    if session.is_some() {
        // "GC(69)/RES/9 A.2": a part letter, perhaps with a number.
        if let Some(rest) = text[at..].strip_prefix(' ')
            && rest.starts_with(|c: char| ('A'..='H').contains(&c))
        {
            let number = rest[1..]
                .strip_prefix('.')
                .map(digits)
                .filter(|&count| count > 0)
                .map_or(0, |count| count + 1);
            if !rest[1 + number..].chars().next().is_some_and(char::is_alphanumeric) {
                at += 2 + number;
            }
        }
    } else {
        at += year_suffix(&text[at..]);
    }
    Some(at)
}

/// A word at the start of `text`, with its hyphenated or apostrophised continuations.
fn word_length(text: &str) -> usize {
    let letters = |text: &str| -> usize {
        text.chars()
            .take_while(|&c| c.is_alphabetic() || ('\u{0300}'..='\u{036F}').contains(&c))
            .map(char::len_utf8)
            .sum()
    };
    let mut at = letters(text);
    while let Some(joiner) = text[at..].chars().next().filter(|c| matches!(c, '-' | '\u{2011}' | '\'' | '’'))
    {
        let more = letters(&text[at + joiner.len_utf8()..]);
        if more == 0 {
            break;
        }
        at += joiner.len_utf8() + more;
    }
    at
}

/// "eightieth", "seventy-ninth", "Twenty-first": the ordinals that number sessions.
fn is_ordinal(word: &str) -> bool {
    let lower = word.to_lowercase();
    let single = |word: &str| ORDINAL_UNITS.contains(&word) || ORDINAL_TENS.contains(&word);
    match lower.split_once(['-', '\u{2011}']) {
        Some((tens, unit)) => CARDINAL_TENS.contains(&tens) && ORDINAL_UNITS[..9].contains(&unit),
        None => single(&lower),
    }
}

/// The form a token is compared in: typographic variants (hyphens and dashes, quotes and apostrophes,
/// runs of spaces) count as the same character.
pub(crate) fn comparison_key(token: &str) -> Cow<'_, str> {
    let variant = |character: char| match character {
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => Some('-'),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' => Some('"'),
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => Some('\''),
        '\u{00A0}' | '\u{202F}' | '\u{2009}' => Some(' '),
        _ => None,
    };
    if token.is_ascii() || !token.chars().any(|character| variant(character).is_some()) {
        return Cow::Borrowed(token);
    }
    Cow::Owned(token.chars().map(|character| variant(character).unwrap_or(character)).collect())
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
fn is_stopword(word: &str) -> bool {
    matches!(
        word,
        "the"
            | "and"
            | "of"
            | "to"
            | "in"
            | "its"
            | "for"
            | "with"
            | "that"
            | "on"
            | "by"
            | "as"
            | "all"
            | "are"
            | "be"
            | "which"
            | "this"
            | "or"
            | "at"
            | "from"
            | "an"
            | "is"
            | "their"
            | "including"
            | "other"
            | "such"
            | "also"
            | "has"
            | "have"
            | "been"
            | "was"
            | "were"
            | "not"
            | "into"
            | "under"
            | "within"
            | "those"
            | "these"
            | "who"
            | "whose"
            | "may"
            | "can"
            | "should"
            | "would"
            | "will"
            | "shall"
            | "between"
            | "among"
            | "through"
            | "well"
            | "any"
            | "further"
            | "inter"
            | "alia"
            | "upon"
            | "more"
            | "most"
            | "both"
            | "each"
            | "particular"
            | "relevant"
            | "united"
            | "nations"
            | "general"
            | "assembly"
            | "resolution"
            | "resolutions"
            | "states"
            | "member"
    )
}

/// The content words of a text, lower case, for judging whether two paragraphs are about the same thing.
pub(crate) fn content_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = tokenize(text)
        .into_iter()
        .filter(|token| matches!(token.kind, TokenKind::Word | TokenKind::Reference) && token.text.len() >= 3)
        .filter_map(|token| {
            let key = comparison_key(token.text);
            // Most words are lower case already: lower-casing them would only copy them.
            let word =
                if key.chars().any(char::is_uppercase) { key.to_lowercase() } else { key.into_owned() };
            (word.chars().count() >= 3 && !is_stopword(&word)).then_some(word)
        })
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
