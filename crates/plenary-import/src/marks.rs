//! Footnote marks in running text. Extraction glues the superscript marks to the words they follow
//! ("Punishment1 and", "Court,3 acts", "Rules);11") or sets them apart ("1949, 2  torture"), and older
//! compilations glue them to years ("15 November 198359"). A digit is only a mark when a footnote with that
//! mark exists and the mark's position in the sequence of marks fits; everything else stays text.

use std::collections::{BTreeMap, BTreeSet};

use crate::text::{MARK_PLACEHOLDER, MarkedText};

/// What the mark finder knows about the document's footnotes while it reads the body in order.
#[derive(Debug, Default)]
pub(crate) struct MarkContext {
    /// Every footnote mark defined in the document, with the page its text stands on (`None` when the
    /// layout has no pages, as in the Security Council compilations).
    defined: BTreeMap<String, Option<u32>>,
    /// The numeric marks among them, in order.
    numbered: BTreeMap<u32, Option<u32>>,
    /// The highest numeric mark cited so far; the next new one must be this plus one.
    highest_cited: Option<u32>,
    cited: BTreeSet<String>,
}

/// Words after which a number is a reference, not a footnote mark: "paragraph 3", "resolution 70/1".
const NUMBER_TAKING_WORDS: &[&str] = &[
    "paragraph",
    "paragraphs",
    "para",
    "paras",
    "resolution",
    "resolutions",
    "article",
    "articles",
    "goal",
    "goals",
    "target",
    "targets",
    "rule",
    "rules",
    "chapter",
    "chap",
    "annex",
    "annexes",
    "no",
    "nos",
    "vol",
    "volume",
    "section",
    "sect",
    "page",
    "pages",
    "p",
    "pp",
    "and",
    "or",
    "to",
    "of",
    "in",
    "by",
    "the",
    "decision",
    "decisions",
    "principle",
    "principles",
    "part",
    "item",
    "items",
    "recommendation",
    "recommendations",
    "protocol",
    "session",
    "sessions",
    "meeting",
    "year",
    "years",
    "agenda",
    "supplement",
    "add",
    "rev",
    "corr",
    "amendment",
    "level",
    "phase",
    "step",
    "table",
    "figure",
    "box",
    "option",
    "objective",
    "objectives",
    "indicator",
    "indicators",
    "than",
    "about",
    "some",
    "over",
    "under",
    "least",
    "most",
    "with",
    "from",
];

/// Abbreviations that a number follows after a full stop without being a mark: "Add.1", "No.5".
const ABBREVIATIONS: &[&str] = &[
    "add", "rev", "corr", "no", "nos", "vol", "para", "paras", "p", "pp", "chap", "sect", "art", "arts",
    "amend", "l", "c",
];

impl MarkContext {
    /// Declares a footnote mark, with the page its text is printed on when known.
    pub fn define(&mut self, mark: &str, page: Option<u32>) {
        self.defined.entry(mark.to_string()).or_insert(page);
        if let Ok(number) = mark.parse::<u32>() {
            self.numbered.entry(number).or_insert(page);
        }
    }

    pub fn is_defined(&self, mark: &str) -> bool {
        self.defined.contains_key(mark)
    }

    /// Marks that are defined but that no text cited.
    pub fn uncited(&self) -> Vec<String> {
        self.defined.keys().filter(|mark| !self.cited.contains(*mark)).cloned().collect()
    }

    /// Cuts the footnote marks out of one line of body text on `page`, leaving placeholders.
    pub fn extract(&mut self, line: &str, page: Option<u32>) -> MarkedText {
        if self.defined.is_empty() || !line.bytes().any(|byte| byte.is_ascii_digit() || byte == b'*') {
            return MarkedText::new(line);
        }
        let characters: Vec<(usize, char)> = line.char_indices().collect();
        let mut output = MarkedText::default();
        let mut copied_up_to = 0usize;
        let mut index = 0usize;
        while index < characters.len() {
            let (_, character) = characters[index];
            let run_end = if character.is_ascii_digit() {
                characters[index..].iter().take_while(|(_, c)| c.is_ascii_digit()).count() + index
            } else if character == '*' {
                characters[index..].iter().take_while(|(_, c)| *c == '*').count() + index
            } else {
                index += 1;
                continue;
            };
            let end_byte = characters.get(run_end).map_or(line.len(), |(position, _)| *position);
            let found = self.mark_at(line, &characters, index, run_end, page);
            if let Some((mark_start_byte, mark)) = found {
                output.text.push_str(&line[copied_up_to..mark_start_byte]);
                output.text.push(MARK_PLACEHOLDER);
                output.marks.push(mark);
                copied_up_to = end_byte;
            }
            index = run_end.max(index + 1);
        }
        output.text.push_str(&line[copied_up_to..]);
        output
    }

    /// Decides whether the run of digits or stars at `characters[from..to]` is a footnote mark, and if so
    /// returns the byte where the mark starts and the mark.
    fn mark_at(
        &mut self,
        line: &str,
        characters: &[(usize, char)],
        from: usize,
        to: usize,
        page: Option<u32>,
    ) -> Option<(usize, String)> {
        let run: String = characters[from..to].iter().map(|(_, c)| c).collect();
        let before = from.checked_sub(1).map(|i| characters[i].1);
        let after = characters.get(to).map(|(_, c)| *c);
        if !ends_a_mark(after, characters.get(to + 1).map(|(_, c)| *c)) {
            return None;
        }
        let start_byte = characters[from].0;
        if run.starts_with('*') {
            let glued = before.is_some_and(|c| !c.is_whitespace());
            return (glued && self.is_defined(&run)).then(|| {
                self.cited.insert(run.clone());
                (start_byte, run)
            });
        }
        if run.len() <= 3
            && !run.starts_with('0')
            && let Ok(number) = run.parse::<u32>()
        {
            let accepted = match before {
                // A number opening a line is a paragraph number or text; extraction never wraps a mark there.
                None => false,
                Some(previous) if previous.is_whitespace() => {
                    let end_byte = characters.get(to).map_or(line.len(), |(position, _)| *position);
                    let allowed = standalone_mark_allowed(line, start_byte, end_byte);
                    // At the very end of a line after a clause ("the Secretary-General; 7") a number can
                    // only be a mark, and may cite a footnote again.
                    let closes_clause = line[end_byte..].trim().is_empty()
                        && previous_word(line, start_byte)
                            .is_some_and(|word| word.ends_with([';', ':', '.', ')']));
                    (allowed && self.is_next_new_mark(number, page))
                        || (closes_clause && (self.is_new_mark(number, page) || self.is_repeat(number)))
                }
                Some(previous) => {
                    glues_a_mark(previous, characters, from)
                        && (self.is_new_mark(number, page) || self.is_repeat(number))
                }
            };
            if accepted {
                return Some(self.cite(number, start_byte));
            }
        }
        // A year with a mark glued to it: "15 November 198359" is 1983 and mark 59, "2015–20308" is the
        // range to 2030 and mark 8.
        if before.is_none_or(|c| c.is_whitespace() || matches!(c, '–' | '-')) {
            return self.year_with_mark(&run, characters, from, page);
        }
        None
    }

    fn year_with_mark(
        &mut self,
        run: &str,
        characters: &[(usize, char)],
        from: usize,
        page: Option<u32>,
    ) -> Option<(usize, String)> {
        if !(5..=7).contains(&run.len()) {
            return None;
        }
        let year: u32 = run[..4].parse().ok()?;
        let number: u32 = run[4..].parse().ok()?;
        if !(1900..=2099).contains(&year) || run[4..].starts_with('0') || !self.is_next_new_mark(number, page)
        {
            return None;
        }
        let mark_start_byte = characters[from + 4].0;
        Some(self.cite(number, mark_start_byte))
    }

    /// A mark glued to its word may be any footnote of this page not cited yet and above the marks cited
    /// so far: a mark missed earlier must not hide the ones after it.
    fn is_new_mark(&self, number: u32, page: Option<u32>) -> bool {
        self.defined_here(number, page)
            && !self.cited.contains(&number.to_string())
            && self.highest_cited.is_none_or(|highest| number > highest)
    }

    /// A mark set apart by spaces is weaker evidence: it must be the next footnote of this page not cited
    /// yet. (Allowing a gap, for a mark glued to a number such as "Agenda 216", lets plain numbers in the
    /// text take marks that belong to later words; measured on the corpus, it does more harm than good.)
    fn is_next_new_mark(&self, number: u32, page: Option<u32>) -> bool {
        let mut next = self
            .numbered
            .iter()
            .filter(|(_, defined_on)| page.is_none() || defined_on.is_none() || **defined_on == page)
            .map(|(mark, _)| *mark)
            .filter(|mark| {
                !self.cited.contains(&mark.to_string())
                    && self.highest_cited.is_none_or(|highest| *mark > highest)
            });
        next.next() == Some(number)
    }

    fn defined_here(&self, number: u32, page: Option<u32>) -> bool {
        match self.numbered.get(&number) {
            None => false,
            Some(defined_on) => page.is_none() || defined_on.is_none() || *defined_on == page,
        }
    }

    fn is_repeat(&self, number: u32) -> bool {
        self.cited.contains(&number.to_string())
    }

    fn cite(&mut self, number: u32, start_byte: usize) -> (usize, String) {
        self.highest_cited = Some(self.highest_cited.map_or(number, |highest| highest.max(number)));
        let mark = number.to_string();
        self.cited.insert(mark.clone());
        (start_byte, mark)
    }
}

/// What may follow a mark: the end of the line, a space, or punctuation that closes a clause.
fn ends_a_mark(after: Option<char>, after_that: Option<char>) -> bool {
    match after {
        None => true,
        Some(c) if c.is_whitespace() => true,
        Some(',' | ';' | ':' | ')' | ']' | '”' | '’') => !after_that.is_some_and(|c| c.is_ascii_digit()),
        Some('.') => !after_that.is_some_and(|c| c.is_ascii_alphanumeric()),
        _ => false,
    }
}

/// Whether the character before a digit run can carry a glued mark: a lower-case word ("Punishment1") or
/// closing punctuation ("Court,3", "Rules);11", "”,1"), but not an abbreviation ("Add.1"), an upper-case
/// code ("G20", "CO2") or a number ("1,000").
fn glues_a_mark(previous: char, characters: &[(usize, char)], from: usize) -> bool {
    match previous {
        c if c.is_lowercase() => {
            // Units and codes such as "km2" or "m3" are short; words carrying marks are not.
            let word_length = characters[..from].iter().rev().take_while(|(_, c)| c.is_alphabetic()).count();
            word_length >= 3
        }
        ',' | ';' | ':' | ')' | ']' | '”' | '’' | '"' => true,
        '.' => {
            // "Add.1).1" and "”.2" carry marks after the full stop; "Add.1" and "No.5" do not.
            if from >= 2 && matches!(characters[from - 2].1, ')' | '”' | '’' | '"') {
                return true;
            }
            // A word in capitals before the full stop is part of a symbol: "A/C.2/80/CRP.1".
            let word: String = characters[..from - 1]
                .iter()
                .rev()
                .take_while(|(_, c)| c.is_alphabetic())
                .map(|(_, c)| *c)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let lower = word.to_lowercase();
            word.chars().count() >= 2
                && word.chars().any(char::is_lowercase)
                && !ABBREVIATIONS.contains(&lower.as_str())
        }
        _ => false,
    }
}

/// A mark set apart by spaces follows a clause ("Conventions of 1949, 2  torture", "Rules) 10 and") or a
/// word that does not take a number ("paragraph 3" and "resolution 5" are references). After a number
/// ("of 12 August 1949 2  and") it needs the wide gap the extractor leaves after a superscript.
fn standalone_mark_allowed(line: &str, start_byte: usize, end_byte: usize) -> bool {
    previous_word(line, start_byte).is_some_and(|word| {
        let bare = word.trim_end_matches('.').to_lowercase();
        if bare.chars().last().is_some_and(|c| c.is_ascii_digit()) {
            return line[end_byte..].starts_with("  ");
        }
        word.ends_with([',', ';', ')', '”', '’', '"', ':'])
            || (!NUMBER_TAKING_WORDS.contains(&bare.as_str())
                && bare.chars().last().is_some_and(char::is_alphabetic))
    })
}

/// The whitespace-separated word before byte `position` of `line`.
fn previous_word(line: &str, position: usize) -> Option<String> {
    line[..position].split_whitespace().next_back().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(marks: &[(&str, u32)]) -> MarkContext {
        let mut context = MarkContext::default();
        for (mark, page) in marks {
            context.define(mark, Some(*page));
        }
        context
    }

    fn shown(text: &MarkedText) -> String {
        let mut marks = text.marks.iter();
        text.text
            .chars()
            .map(
                |c| {
                    if c == MARK_PLACEHOLDER { format!("[{}]", marks.next().unwrap()) } else { c.to_string() }
                },
            )
            .collect()
    }

    #[test]
    fn marks_glued_to_words_and_punctuation() {
        let mut context = context(&[("1", 1), ("2", 2), ("3", 2)]);
        assert_eq!(
            shown(&context.extract("Punishment1 and the obligation", Some(1))),
            "Punishment[1] and the obligation"
        );
        assert_eq!(
            shown(&context.extract("Noting that, under the Geneva Conventions of 1949, 2  torture", Some(2))),
            "Noting that, under the Geneva Conventions of 1949, [2]  torture"
        );
        assert_eq!(
            shown(&context.extract("International Criminal Court,3 acts of torture", Some(2))),
            "International Criminal Court,[3] acts of torture"
        );
        // A repeated reference to an earlier footnote, glued.
        assert_eq!(
            shown(&context.extract("of the Geneva Conventions of 1949,2 that acts", Some(3))),
            "of the Geneva Conventions of 1949,[2] that acts"
        );
    }

    #[test]
    fn numbers_that_are_text_stay_text() {
        let mut context = context(&[("1", 1), ("2", 1)]);
        for line in [
            "resolution 70/1 of 25 September 2015",
            "in paragraph 1 above",
            "A/80/545/Add.1 and Corr.1",
            "the G20 and COVID-19",
            "2030 Agenda for Sustainable Development",
        ] {
            let extracted = context.extract(line, Some(1));
            assert!(extracted.marks.is_empty(), "{line}: {:?}", extracted.marks);
        }
    }

    #[test]
    fn a_standalone_mark_must_be_the_next_one_and_on_its_page() {
        let mut context = context(&[("1", 1), ("2", 2)]);
        // Mark 2's footnote is on page 2, so a "2" on page 1 is text.
        assert!(context.extract("Disappearance, 2 which", Some(1)).marks.is_empty());
        assert_eq!(context.extract("Treaty1 and", Some(1)).marks, vec!["1"]);
        assert_eq!(context.extract("Disappearance, 2 which", Some(2)).marks, vec!["2"]);
    }

    #[test]
    fn marks_glued_to_years_in_old_compilations() {
        let mut context = MarkContext::default();
        for mark in ["58", "59"] {
            context.define(mark, None);
        }
        assert_eq!(
            shown(&context.extract("of the Republic of Cyprus, 58", None)),
            "of the Republic of Cyprus, [58]"
        );
        assert_eq!(
            shown(&context.extract("issued on 15 November 198359 which", None)),
            "issued on 15 November 1983[59] which"
        );
    }

    #[test]
    fn star_marks() {
        let mut context = context(&[("*", 1), ("**", 1)]);
        assert_eq!(
            shown(&context.extract("Russian Federation:* amendment", Some(1))),
            "Russian Federation:[*] amendment"
        );
        assert_eq!(
            shown(&context.extract("Criminal Court,** and noting", Some(1))),
            "Criminal Court,[**] and noting"
        );
    }
}
