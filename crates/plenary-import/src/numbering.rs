//! Paragraph numbers and sub-paragraph labels at the start of a paragraph: `1.`, `(a)`, `(ii)`, `(aa)`,
//! and the section labels of annexes (`I.`, `A.`). Deciding whether `(i)` is a letter or a roman numeral
//! needs context; [`roman_value`] and [`letter_position`] give the two readings and the structure stage
//! chooses.

pattern!(NUMBER, r"^(\d{1,3})\.(?:\s+|$)");
pattern!(PARENTHESISED, r"^\(([a-z]{1,4}|\d{1,2})\)(?:\s+|$)");
pattern!(LONG_NUMBER, r"^(\d{4,7})\.(?:\s+|$)");
pattern!(SECTION, r"^([IVXL]{1,6}|[A-Z])\.(?:\s+|$)");

/// A number or label that opens a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Label {
    /// `12.`: an operative paragraph (or a numbered paragraph of an annex).
    Number(u32),
    /// `(b)`, `(ii)`, `(aa)`, `(3)`: a sub-paragraph, without the parentheses.
    Parenthesised(String),
}

/// Reads the label at the start of `text`, returning it and the byte offset where the text after it begins.
pub(crate) fn split_label(text: &str) -> Option<(Label, usize)> {
    if let Some(captures) = NUMBER.captures(text) {
        let number = captures[1].parse().ok()?;
        return Some((Label::Number(number), captures[0].len()));
    }
    let captures = PARENTHESISED.captures(text)?;
    let label = &captures[1];
    let plausible = label.chars().all(|c| c.is_ascii_digit())
        || roman_value(label).is_some()
        || letter_position(label).is_some();
    plausible.then(|| (Label::Parenthesised(label.to_string()), captures[0].len()))
}

/// Reads a paragraph number of four to seven digits (`1000.`) at the start of `text`, with the byte offset
/// where the text after it begins. Such a number is not a label everywhere [`split_label`] finds one —
/// "2015." at the start of a wrapped line is a year — only where it is the next operative paragraph's
/// number, which the structure stage decides.
pub(crate) fn split_long_number(text: &str) -> Option<(u32, usize)> {
    let captures = LONG_NUMBER.captures(text)?;
    Some((captures[1].parse().ok()?, captures[0].len()))
}

/// Reads a section label of an annex ("I.", "IV.", "B.") at the start of `text`.
pub(crate) fn split_section_label(text: &str) -> Option<(String, usize)> {
    let captures = SECTION.captures(text)?;
    Some((captures[1].to_string(), captures[0].len()))
}

pub(crate) fn starts_with_label(text: &str) -> bool {
    split_label(text).is_some()
}

/// A line that is only the label of a part of an omnibus resolution: "II", "B".
pub fn is_section_marker(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text.len() <= 6
        && (text.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
            || (text.len() == 1 && ('A'..='H').contains(&text.chars().next().unwrap_or(' '))))
}

/// True when `text` is nothing but a label: "4." on a line of its own.
pub(crate) fn is_bare_label(text: &str) -> bool {
    split_label(text).is_some_and(|(_, rest)| text[rest..].trim().is_empty())
}

/// The value of a lower-case roman numeral up to 39 (`ii` → 2), the deepest lists the UN prints.
pub(crate) fn roman_value(label: &str) -> Option<u32> {
    const ROMANS: [&str; 39] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi",
        "xvii", "xviii", "xix", "xx", "xxi", "xxii", "xxiii", "xxiv", "xxv", "xxvi", "xxvii", "xxviii",
        "xxix", "xxx", "xxxi", "xxxii", "xxxiii", "xxxiv", "xxxv", "xxxvi", "xxxvii", "xxxviii", "xxxix",
    ];
    ROMANS.iter().position(|roman| *roman == label).map(|position| position as u32 + 1)
}

/// The position of a letter label in the UN's sequence `a`…`z`, `aa`, `bb`…`zz`: `c` → 3, `bb` → 28.
pub(crate) fn letter_position(label: &str) -> Option<u32> {
    let mut characters = label.chars();
    let first = characters.next().filter(char::is_ascii_lowercase)?;
    let repeats = 1 + characters.clone().count();
    if characters.any(|c| c != first) || repeats > 3 {
        return None;
    }
    Some((repeats as u32 - 1) * 26 + (first as u32 - 'a' as u32) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_at_paragraph_starts() {
        assert_eq!(split_label("12. Requests the Secretary-General"), Some((Label::Number(12), 4)));
        assert_eq!(split_label("4."), Some((Label::Number(4), 2)));
        assert_eq!(split_label("(b) To renew the mandate"), Some((Label::Parenthesised("b".into()), 4)));
        assert_eq!(split_label("(ii) ensure"), Some((Label::Parenthesised("ii".into()), 5)));
        assert_eq!(split_label("2030 Agenda"), None);
        assert_eq!(split_label("70/1 of 25 September"), None);
        assert_eq!(split_label("(the Nelson Mandela Rules)"), None);
        assert_eq!(split_label("(ab) mixed"), None);
        assert_eq!(split_label("1000. Decides"), None);
        assert_eq!(split_long_number("1000. Decides"), Some((1000, 6)));
        assert_eq!(split_long_number("1000000. Decides"), Some((1_000_000, 9)));
        assert_eq!(split_long_number("999. Decides"), None);
    }

    #[test]
    fn both_readings_of_a_label() {
        assert_eq!(roman_value("i"), Some(1));
        assert_eq!(letter_position("i"), Some(9));
        assert_eq!(roman_value("iv"), Some(4));
        assert_eq!(letter_position("iv"), None);
        assert_eq!(letter_position("bb"), Some(28));
        assert_eq!(roman_value("c"), None);
    }
}
