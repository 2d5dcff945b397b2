//! The vocabulary resolutions are written in: the phrases that open preambular paragraphs ("Recalling",
//! "Reaffirming also", "Noting with deep concern", "Deeply concerned" …) and operative paragraphs
//! ("Condemns", "Also decides", "Calls upon", "Takes note with appreciation" …).
//!
//! Two callers need it. The importer asks whether a block of text extracted from a PDF opens a new
//! paragraph or continues the previous one across a page break; the writers ask where the italics of an
//! opening phrase end. Both need precision: a page that begins "United Nations Office on Drugs and Crime,
//! …", "Member States to …" or "Committed in the Territory of …" continues a sentence, and reading it as a
//! new paragraph would split one paragraph in two.
//!
//! The phrases live in `data/opening-phrases.txt`, compiled in. That file says where they come from and
//! which variants ("Recalling also", "Also decides", "Noting with grave concern") are built here rather
//! than listed there. Beyond the known phrases, [`starts_preambular_paragraph`] also accepts the general
//! shape of an opening (an unlisted participle such as "Celebrating the …" or "Deeply troubled by …"), but
//! only where that shape cannot be the middle of a name written in title case.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Where a paragraph stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphPart {
    /// Before the operative part; opens with a participle or an adjective ("Recalling", "Convinced").
    Preambular,
    /// The numbered paragraphs; each opens with a verb in the present tense ("Decides", "Calls upon").
    Operative,
}

/// The opening phrase that begins `text`, if `text` begins with one of the known phrases for that part.
/// `text` is the paragraph as printed, without its number ("Decides to …", not "3. Decides to …").
///
/// The longest phrase wins ("Noting with deep concern" over "Noting"), with the additives and adverbs
/// that belong to it ("Recalling also", "Also strongly condemns"). The result is the matched slice of
/// `text`: leading whitespace is skipped, so the italics of `text.trim_start()` end after
/// `phrase.len()` bytes. Matching is case-sensitive on the first letter (openings are capitalised),
/// tolerant of whitespace runs and line breaks between words, and ends at a word boundary ("Notingham"
/// is not "Noting"). A trailing comma or "that" is not part of the phrase.
pub fn opening_phrase(text: &str, part: ParagraphPart) -> Option<&str> {
    let vocabulary = &*VOCABULARY;
    let table = match part {
        ParagraphPart::Preambular => &vocabulary.preambular,
        ParagraphPart::Operative => &vocabulary.operative,
    };
    let start = text.len() - text.trim_start().len();
    let end = vocabulary.known_opening(Cursor::start(text), table)?;
    Some(&text[start..end])
}

/// True when `text` looks like the start of a new preambular paragraph: it begins with a known opening
/// phrase, or with the general shape of one that the list misses, an unlisted participle ("Celebrating
/// the …") or past participle of feeling ("Troubled by …"), optionally after an adverb ("Deeply …") and
/// before "also", "further", "in this regard" ….
///
/// It is deliberately conservative, because a false positive splits one paragraph in two: the general
/// shape is refused when it could be a word inside a name ("United Nations", "Practices Affecting the
/// Human Rights …", "Committed in the Territory of …"), a noun ("Financing for Development", "Ageing,
/// 2002") or a preposition ("Including", "Following").
pub fn starts_preambular_paragraph(text: &str) -> bool {
    let vocabulary = &*VOCABULARY;
    let cursor = Cursor::start(text);
    vocabulary.known_opening(cursor, &vocabulary.preambular).is_some()
        || vocabulary.participle_opening(cursor)
}

/// True when `text` looks like the start of an operative paragraph whose number was lost: it begins
/// with a known operative phrase ("Condemns", "Also condemns", "Calls upon", "Reaffirms", "Decides"), or
/// with an additive or adverb followed by a verb in the third person singular ("Also stipulates").
pub fn starts_operative_paragraph(text: &str) -> bool {
    let vocabulary = &*VOCABULARY;
    let cursor = Cursor::start(text);
    vocabulary.known_opening(cursor, &vocabulary.operative).is_some() || vocabulary.verb_opening(cursor)
}

/// The phrase list, compiled in so that the core needs no file at run time.
const PHRASE_FILE: &str = include_str!("../data/opening-phrases.txt");

/// Built once; every block of every imported document is matched against it.
static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| Vocabulary::parse(PHRASE_FILE));

/// What may follow a past participle of feeling when no adverb stands before it: "Troubled by",
/// "Heartened that", "Resolute about".
const FEELING_LINKS: &[&str] = &["about", "at", "by", "of", "over", "that", "to", "with"];

/// Words after which an unlisted participle is more likely a noun in a name or a list: "Training and
/// Research", "Financing for Development", "Trafficking in Persons".
const NOUN_LINKS: &[&str] =
    &["and", "as", "at", "but", "for", "from", "in", "nor", "of", "on", "or", "per", "than"];

/// The small words inside names in title case: "Marking of Fishing Gear", "Responding to Loss and Damage".
const NAME_LINKS: &[&str] = &["and", "at", "de", "for", "from", "in", "of", "on", "the", "to", "with"];

/// Words after which "further" is an adverb ("Recalling further that", "Decides further to") rather than
/// an adjective ("Encourages further efforts").
const AFTER_ADVERBIAL_FURTHER: &[&str] = &[
    "about", "all", "and", "at", "by", "for", "her", "his", "in", "its", "of", "on", "our", "that", "the",
    "their", "to", "upon", "with",
];

/// What may stand before the hyphen of a participle: "Re-emphasizing", "Co-sponsoring", "Pre-empting".
const VERB_PREFIXES: &[&str] = &["co", "pre", "re"];

/// How the object of an unlisted operative verb begins: "Also stipulates that", "Strongly exhorts all".
const OBJECT_STARTS: &[&str] = &[
    "a", "all", "an", "any", "each", "every", "for", "its", "on", "that", "the", "their", "to", "upon",
    "with",
];

/// Determiners of an expressed feeling: "Expressing its appreciation", "Expresses the hope".
const FEELING_DETERMINERS: &[&str] = &["its", "our", "the", "their"];

/// The most words of degree before a feeling: "its continued very serious concern".
const MAX_DEGREES: usize = 3;

/// The most manner adverbs before a phrase: "Also strongly condemns", "Once again firmly rejects".
const MAX_MANNER_ADVERBS: usize = 2;

/// How many words after an unlisted participle are looked at for the capitals of a name.
const TITLE_WINDOW: usize = 3;

/// The phrases of both parts with the words they are composed with.
#[derive(Debug)]
struct Vocabulary {
    preambular: PhraseTable,
    operative: PhraseTable,
    /// "also", "further", "once again" …, each as its words; the longest first so "once again" is tried
    /// before anything shorter.
    additives: Vec<Vec<&'static str>>,
    manner_adverbs: HashSet<&'static str>,
    degrees: HashSet<&'static str>,
    feelings: HashSet<&'static str>,
    /// -ing words that are nouns, names or prepositions more often than openings ("Financing", "During").
    not_participles: HashSet<&'static str>,
    /// Past participles of procedure and description rather than of feeling ("Adopted", "Affected").
    not_feelings: HashSet<&'static str>,
    /// Lines of the phrase file that could not be read; a test keeps this empty.
    problems: Vec<String>,
}

/// The known phrases of one part, grouped by their first word so that a block is compared only with
/// the phrases that can match it.
#[derive(Debug, Default)]
struct PhraseTable {
    /// Keyed by the first word in lower case, so that a phrase after an adverb ("Also recalling") is
    /// found under the same key as at the start ("Recalling").
    by_first_word: HashMap<String, Vec<Phrase>>,
}

/// One opening phrase as listed.
#[derive(Debug)]
struct Phrase {
    words: Vec<&'static str>,
    /// Words one of which must follow the phrase without belonging to it: "Committed (to)".
    followed_by: Vec<&'static str>,
    /// Whether the feeling expressed belongs to the phrase: "Expressing its deep concern".
    takes_feeling: bool,
    /// Whether the phrase is also a word of names ("Global Ocean Observing System"), so that it opens a
    /// paragraph only before words in lower case.
    in_names: bool,
}

impl PhraseTable {
    fn insert(&mut self, phrase: Phrase) {
        let Some(first) = phrase.words.first() else { return };
        self.by_first_word.entry(normalised_word(first)).or_default().push(phrase);
    }

    fn candidates(&self, first_word: &str) -> &[Phrase] {
        self.by_first_word.get(&normalised_word(first_word)).map(Vec::as_slice).unwrap_or_default()
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.by_first_word.values().map(Vec::len).sum()
    }
}

impl Vocabulary {
    /// Reads the phrase file: `[section]` lines, one entry a line, `#` comments.
    fn parse(source: &'static str) -> Vocabulary {
        let mut vocabulary = Vocabulary {
            preambular: PhraseTable::default(),
            operative: PhraseTable::default(),
            additives: Vec::new(),
            manner_adverbs: HashSet::new(),
            degrees: HashSet::new(),
            feelings: HashSet::new(),
            not_participles: HashSet::new(),
            not_feelings: HashSet::new(),
            problems: Vec::new(),
        };
        let mut section = "";
        for (index, raw_line) in source.lines().enumerate() {
            let line = raw_line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
                section = name;
                continue;
            }
            let number = index + 1;
            match section {
                "preambular" | "operative" => match parse_phrase(line) {
                    Ok(phrase) if section == "preambular" => vocabulary.preambular.insert(phrase),
                    Ok(phrase) => vocabulary.operative.insert(phrase),
                    Err(problem) => vocabulary.problems.push(format!("line {number}: {problem}")),
                },
                "additive" => vocabulary.additives.push(line.split_whitespace().collect()),
                "manner" => {
                    vocabulary.manner_adverbs.insert(line);
                }
                "degree" => {
                    vocabulary.degrees.insert(line);
                }
                "feeling" => {
                    vocabulary.feelings.insert(line);
                }
                "not-participle" => {
                    vocabulary.not_participles.insert(line);
                }
                "not-feeling" => {
                    vocabulary.not_feelings.insert(line);
                }
                _ => vocabulary.problems.push(format!("line {number}: {line:?} is outside a known section")),
            }
        }
        vocabulary.additives.sort_by_key(|words| std::cmp::Reverse(words.len()));
        vocabulary
    }

    /// The end (a byte offset into the text) of the longest known opening at `cursor`.
    fn known_opening(&self, cursor: Cursor<'_>, table: &PhraseTable) -> Option<usize> {
        let cursor = self.leading_adverbs(cursor);
        let (first_word, _) = cursor.word()?;
        table.candidates(first_word).iter().filter_map(|phrase| self.match_phrase(cursor, phrase)).max()
    }

    /// Skips what may stand before a phrase: one additive ("Also", "Once again"), then adverbs of manner
    /// ("Strongly", "Deeply").
    fn leading_adverbs<'t>(&self, cursor: Cursor<'t>) -> Cursor<'t> {
        let mut cursor = self.additive(cursor).unwrap_or(cursor);
        for _ in 0..MAX_MANNER_ADVERBS {
            match cursor.word() {
                Some((word, after)) if in_word_list(&self.manner_adverbs, word, cursor.at_start) => {
                    cursor = after;
                }
                _ => break,
            }
        }
        cursor
    }

    /// Matches `phrase` at `cursor`, with at most one additive inside or after it and the feeling that
    /// belongs to it; returns where the phrase ends.
    fn match_phrase(&self, cursor: Cursor<'_>, phrase: &Phrase) -> Option<usize> {
        let mut cursor = cursor;
        let mut insertion_used = false;
        for (index, expected) in phrase.words.iter().enumerate() {
            if let Some(after) = cursor.expect(expected) {
                cursor = after;
            } else if index > 0
                && !insertion_used
                && let Some(after) = self.insertion(cursor).and_then(|inside| inside.expect(expected))
            {
                cursor = after;
                insertion_used = true;
            } else {
                return None;
            }
        }
        let single_verb = phrase.words.len() == 1;
        if !insertion_used && let Some(after) = self.trailing_insertion(cursor, single_verb) {
            cursor = after;
            insertion_used = true;
        }
        if !phrase.followed_by.is_empty()
            && !phrase.followed_by.iter().any(|word| cursor.expect(word).is_some())
        {
            return None;
        }
        if phrase.in_names && starts_name(cursor) {
            return None;
        }
        let with_feeling = if phrase.takes_feeling { self.expressed_feeling(cursor) } else { None };
        if let Some(after) = with_feeling.or_else(|| self.manner_of_feeling(cursor)) {
            cursor = after;
            if !insertion_used && let Some(after) = self.trailing_insertion(cursor, false) {
                cursor = after;
            }
        }
        Some(cursor.position)
    }

    /// What may stand inside a phrase or after its verb: an additive ("Calls again upon") or an adverb of
    /// manner ("Appeals urgently to").
    fn insertion<'t>(&self, cursor: Cursor<'t>) -> Option<Cursor<'t>> {
        self.additive(cursor).or_else(|| {
            cursor.word().filter(|(word, _)| self.manner_adverbs.contains(word)).map(|(_, after)| after)
        })
    }

    /// An additive at `cursor`, as a whole: "also", "once again".
    fn additive<'t>(&self, cursor: Cursor<'t>) -> Option<Cursor<'t>> {
        self.additives.iter().find_map(|words| cursor.expect_all(words))
    }

    /// An additive that ends a phrase ("Recalling also"), or an adverb of manner after a lone verb
    /// ("Appeals urgently"); after a longer phrase an adverb belongs to what follows ("Reiterates its call
    /// to fully implement"). "further" only counts when it cannot be an adjective: "Noting further that"
    /// ends the phrase with it, "Encourages further efforts" does not.
    fn trailing_insertion<'t>(&self, cursor: Cursor<'t>, after_lone_verb: bool) -> Option<Cursor<'t>> {
        let after = if after_lone_verb { self.insertion(cursor)? } else { self.additive(cursor)? };
        let (word, _) = cursor.word()?;
        if word != "further" {
            return Some(after);
        }
        match after.word() {
            Some((next, _)) if starts_lowercase(next) && !AFTER_ADVERBIAL_FURTHER.contains(&next) => None,
            _ => Some(after),
        }
    }

    /// "with grave concern", "with appreciation": how a thing is noted or welcomed.
    fn manner_of_feeling<'t>(&self, cursor: Cursor<'t>) -> Option<Cursor<'t>> {
        self.feeling(cursor.expect("with")?)
    }

    /// "its deep concern", "the hope", "appreciation": what is expressed or reiterated.
    fn expressed_feeling<'t>(&self, cursor: Cursor<'t>) -> Option<Cursor<'t>> {
        let cursor = FEELING_DETERMINERS.iter().find_map(|word| cursor.expect(word)).unwrap_or(cursor);
        self.feeling(cursor)
    }

    /// Up to three words of degree, then a feeling: "deep concern", "very serious concern".
    fn feeling<'t>(&self, cursor: Cursor<'t>) -> Option<Cursor<'t>> {
        let mut cursor = cursor;
        for _ in 0..=MAX_DEGREES {
            let (word, after) = cursor.word()?;
            if self.feelings.contains(word) {
                return Some(after);
            }
            if !self.degrees.contains(word) {
                return None;
            }
            cursor = after;
        }
        None
    }

    /// The general shape of a preambular opening that the list misses: an -ing participle or a past
    /// participle of feeling, optionally after adverbs and before an additive, that cannot be a word of a
    /// name or a noun.
    fn participle_opening(&self, cursor: Cursor<'_>) -> bool {
        let after_adverbs = self.leading_adverbs(cursor);
        let has_adverb = after_adverbs.position != cursor.position;
        let Some((word, after)) = after_adverbs.word() else {
            return false;
        };
        if !is_plain_word(word, after_adverbs.at_start) || !has_verb_prefix_only(word) {
            return false;
        }
        let lower = word.to_lowercase();
        let after =
            self.additive(after).or_else(|| after.expect_all(&["in", "this", "regard"])).unwrap_or(after);
        let Some((next, _)) = after.word() else {
            return false;
        };
        if !starts_lowercase(next) || follows_title_case(after) {
            return false;
        }
        if self.is_participle(&lower) {
            !NOUN_LINKS.contains(&next)
        } else if self.is_past_participle(&lower) {
            has_adverb && !NOUN_LINKS.contains(&next) || FEELING_LINKS.contains(&next)
        } else {
            false
        }
    }

    /// An -ing form that can open a paragraph: long enough to have a stem, and not a known noun, name or
    /// preposition.
    fn is_participle(&self, lower: &str) -> bool {
        lower.len() >= 6 && lower.ends_with("ing") && !self.not_participles.contains(lower)
    }

    /// A past participle that can describe the Assembly's state of mind ("Troubled", "Heartened"): not a
    /// participle of procedure or description, and not a name ending in -eed ("Saeed").
    fn is_past_participle(&self, lower: &str) -> bool {
        lower.len() >= 6
            && lower.ends_with("ed")
            && !lower.ends_with("eed")
            && !self.not_feelings.contains(lower)
    }

    /// An additive or adverb followed by a verb in the third person singular and the start of its object:
    /// "Also stipulates that", "Strongly exhorts all". A lone "Further" is not enough, since it is also an
    /// adjective ("Further efforts are needed").
    fn verb_opening(&self, cursor: Cursor<'_>) -> bool {
        let after_adverbs = self.leading_adverbs(cursor);
        let only_further =
            cursor.expect("further").is_some_and(|after| after.position == after_adverbs.position);
        if after_adverbs.position == cursor.position || only_further {
            return false;
        }
        let Some((word, after)) = after_adverbs.word() else {
            return false;
        };
        let looks_like_verb = is_plain_word(word, false)
            && word.chars().count() >= 4
            && word.ends_with('s')
            && !word.ends_with("ss")
            && !word.ends_with("ous");
        looks_like_verb && after.word().is_some_and(|(next, _)| OBJECT_STARTS.contains(&next))
    }
}

/// Reads one phrase line: words, then the optional markers `(word)`, `<feeling>` and `<not-in-names>`.
fn parse_phrase(line: &'static str) -> Result<Phrase, String> {
    let mut phrase =
        Phrase { words: Vec::new(), followed_by: Vec::new(), takes_feeling: false, in_names: false };
    for token in line.split_whitespace() {
        if token == "<feeling>" {
            phrase.takes_feeling = true;
        } else if token == "<not-in-names>" {
            phrase.in_names = true;
        } else if let Some(words) = token.strip_prefix('(').and_then(|rest| rest.strip_suffix(')')) {
            phrase.followed_by = words.split('|').collect();
        } else if phrase.takes_feeling || phrase.in_names || !phrase.followed_by.is_empty() {
            return Err(format!("{line:?} has words after its markers"));
        } else {
            phrase.words.push(token);
        }
    }
    match phrase.words.first() {
        Some(first) if first.starts_with(char::is_uppercase) => Ok(phrase),
        _ => Err(format!("{line:?} does not start with a capitalised word")),
    }
}

/// A position in the text being matched. Words are runs of letters, hyphens and apostrophes; between
/// two words of a phrase there must be whitespace, so a comma or a full stop ends the phrase.
#[derive(Debug, Clone, Copy)]
struct Cursor<'t> {
    text: &'t str,
    position: usize,
    /// Whether nothing has been read yet: the first word is capitalised, the others are not.
    at_start: bool,
}

impl<'t> Cursor<'t> {
    fn start(text: &'t str) -> Cursor<'t> {
        Cursor { text, position: 0, at_start: true }
    }

    /// The next word and the cursor after it. At the start leading whitespace is skipped; elsewhere the
    /// word must follow whitespace.
    fn word(self) -> Option<(&'t str, Cursor<'t>)> {
        let rest = &self.text[self.position..];
        let trimmed = rest.trim_start();
        if !self.at_start && trimmed.len() == rest.len() {
            return None;
        }
        let word_length = trimmed.find(|c: char| !is_word_char(c)).unwrap_or(trimmed.len());
        if word_length == 0 {
            return None;
        }
        let start = self.position + rest.len() - trimmed.len();
        let end = start + word_length;
        Some((&self.text[start..end], Cursor { text: self.text, position: end, at_start: false }))
    }

    /// Consumes `expected` (written in lower case, or capitalised for the first word of a phrase); the
    /// text's word must be capitalised at the start of the text and in lower case elsewhere.
    fn expect(self, expected: &str) -> Option<Cursor<'t>> {
        let (word, after) = self.word()?;
        same_word(word, expected, self.at_start).then_some(after)
    }

    fn expect_all(self, expected: &[&str]) -> Option<Cursor<'t>> {
        expected.iter().try_fold(self, |cursor, word| cursor.expect(word))
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{00ad}' | '\'' | '\u{2019}')
}

/// Compares a word of the text with a listed word. The first letter must be upper case at the start of a
/// paragraph and lower case elsewhere; the non-breaking and soft hyphens of PDF text count as hyphens.
fn same_word(word: &str, listed: &str, capitalised: bool) -> bool {
    let mut word_chars = word.chars().filter(|&c| c != '\u{00ad}').map(plain_hyphen);
    let mut listed_chars = listed.chars();
    let (Some(first), Some(listed_first)) = (word_chars.next(), listed_chars.next()) else {
        return false;
    };
    let first_matches = if capitalised {
        first.is_uppercase() && first.to_lowercase().eq(listed_first.to_lowercase())
    } else {
        first.is_lowercase() && first == listed_first.to_lowercase().next().unwrap_or(listed_first)
    };
    first_matches && word_chars.eq(listed_chars)
}

fn plain_hyphen(c: char) -> char {
    if matches!(c, '\u{2010}' | '\u{2011}') { '-' } else { c }
}

/// The key a word is filed under: lower case first letter, plain hyphens, no soft hyphens.
fn normalised_word(word: &str) -> String {
    let mut chars = word.chars().filter(|&c| c != '\u{00ad}').map(plain_hyphen);
    chars.next().map(|first| first.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

/// Whether `word` is in a lower-case word list, allowing for its place: capitalised at the start of the
/// text ("Also", "Strongly"), in lower case elsewhere. The lists are ASCII, so a short stack copy is enough
/// to lower the first letter without allocating.
fn in_word_list(list: &HashSet<&str>, word: &str, capitalised: bool) -> bool {
    let mut buffer = [0u8; 32];
    let bytes = word.as_bytes();
    let Some(&first) = bytes.first() else { return false };
    if !word.is_ascii() || bytes.len() > buffer.len() || capitalised != first.is_ascii_uppercase() {
        return false;
    }
    buffer[..bytes.len()].copy_from_slice(bytes);
    buffer[0] = first.to_ascii_lowercase();
    std::str::from_utf8(&buffer[..bytes.len()]).is_ok_and(|lowered| list.contains(lowered))
}

/// Whether the parts of a hyphenated word before its last are prefixes of a verb ("Re-emphasizing",
/// "Co-sponsoring") rather than the first half of a compound noun ("Capacity-building", "Hostage-taking").
fn has_verb_prefix_only(word: &str) -> bool {
    let mut parts: Vec<&str> = word.split(['-', '\u{2010}', '\u{2011}']).collect();
    parts.pop();
    parts.iter().all(|part| VERB_PREFIXES.iter().any(|prefix| part.eq_ignore_ascii_case(prefix)))
}

fn starts_lowercase(word: &str) -> bool {
    word.starts_with(char::is_lowercase)
}

/// A single word in the case a paragraph's first word has: capitalised at the start of the text (or in
/// lower case after an adverb), and in lower case after its first letter, so that "UNITED" and "McKinsey"
/// are not taken for participles.
fn is_plain_word(word: &str, capitalised: bool) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else { return false };
    let first_fits = if capitalised { first.is_uppercase() } else { first.is_lowercase() };
    first_fits && chars.all(|c| c.is_lowercase() || is_word_char(c) && !c.is_alphabetic())
}

/// Whether the words after `cursor` continue a name in title case rather than a paragraph: a
/// capitalised word, directly or after a small word ("Observing System", "Marking of Fishing Gear",
/// "Responding to Loss and Damage"). Figures and punctuation do not count ("Marking 30 years since").
fn starts_name(cursor: Cursor<'_>) -> bool {
    let Some((next, after)) = cursor.word() else {
        return false;
    };
    if next.starts_with(char::is_uppercase) {
        return true;
    }
    NAME_LINKS.contains(&next) && after.word().is_some_and(|(word, _)| word.starts_with(char::is_uppercase))
}

/// Whether a capitalised word follows within a few words: the mark of a name in title case ("Affecting
/// the Human Rights …", "Relating to the Status of Refugees") rather than of a paragraph's opening.
fn follows_title_case(cursor: Cursor<'_>) -> bool {
    let mut cursor = cursor;
    for _ in 0..TITLE_WINDOW {
        match cursor.word() {
            Some((word, after)) => {
                if word.starts_with(char::is_uppercase) {
                    return true;
                }
                cursor = after;
            }
            None => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preambular(text: &str) -> Option<&str> {
        opening_phrase(text, ParagraphPart::Preambular)
    }

    fn operative(text: &str) -> Option<&str> {
        opening_phrase(text, ParagraphPart::Operative)
    }

    #[test]
    fn the_phrase_file_reads_without_problems() {
        assert!(VOCABULARY.problems.is_empty(), "{:#?}", VOCABULARY.problems);
        assert!(VOCABULARY.preambular.len() > 150, "{} preambular phrases", VOCABULARY.preambular.len());
        assert!(VOCABULARY.operative.len() > 120, "{} operative phrases", VOCABULARY.operative.len());
    }

    #[test]
    fn preambular_openings_of_the_torture_resolution_are_found_with_their_extent() {
        // First lines of preambular paragraphs of A/RES/80/198 and A/RES/72/163, as extracted.
        let cases = [
            ("Reaffirming its previous resolutions on torture and other cruel, inhuman or", "Reaffirming"),
            (
                "Reaffirming also that no one shall be subjected to torture or other cruel, inhuman",
                "Reaffirming also",
            ),
            (
                "Recalling further the definition of torture contained in article 1 of the",
                "Recalling further",
            ),
            ("Recalling in particular article 2 of the Convention against Torture and Other", "Recalling"),
            ("Noting that, under the Geneva Conventions of 1949, 2  torture or inhuman", "Noting"),
            (
                "Recognizing further that the prevalence of corruption, including in law",
                "Recognizing further",
            ),
            ("Commending the persistent efforts of victims and survivors, civil society", "Commending"),
            ("Deeply concerned that acts which can amount to torture and other cruel,", "Deeply concerned"),
            ("Taking note of the launching of the Alliance for Torture-Free Trade,", "Taking note"),
        ];
        for (text, phrase) in cases {
            assert_eq!(preambular(text), Some(phrase), "in {text:?}");
            assert!(starts_preambular_paragraph(text), "{text:?} opens a preambular paragraph");
            assert!(!starts_operative_paragraph(text), "{text:?} is not operative");
        }
    }

    #[test]
    fn the_longest_preambular_phrase_wins() {
        // A/80/L.18, A/C.1/80/L.2, A/C.2/80/L.17, A/RES/78/311, A/80/L.23, S/RES/780 (1992), A/80/6.
        let cases = [
            (
                "Noting with deep concern the evolving threats that United Nations personnel",
                "Noting with deep concern",
            ),
            (
                "Taking note with appreciation of the report of the Secretary-General,5",
                "Taking note with appreciation",
            ),
            (
                "Noting with great concern also that many developing countries lack meaningful",
                "Noting with great concern also",
            ),
            (
                "Noting also with concern that actions inconsistent with international law and the",
                "Noting also with concern",
            ),
            (
                "Expressing its deep concern at the increasing challenges to Member States and",
                "Expressing its deep concern",
            ),
            (
                "Expressing once again its grave alarm at continuing reports of widespread",
                "Expressing once again its grave alarm",
            ),
            (
                "Expressing its appreciation to the Secretary-General for providing effective and",
                "Expressing its appreciation",
            ),
            (
                "Bearing in mind the consensus reached by the General Assembly since its thirty-",
                "Bearing in mind",
            ),
            (
                "Taking into account the work done by the Group of Governmental Experts on",
                "Taking into account",
            ),
            (
                "Gravely concerned at the number of accidents and resulting casualties among",
                "Gravely concerned",
            ),
            ("Strongly condemning all acts of violence, attacks and threats against", "Strongly condemning"),
            (
                "Ever mindful that, to preserve the credibility and strength of the Treaty on the",
                "Ever mindful",
            ),
            (
                "Looking forward to the thirtieth session of the Conference of the Parties to the",
                "Looking forward",
            ),
            ("Having considered the item entitled “The situation in the Middle East”,", "Having considered"),
            ("Acting under Chapter VII of the Charter of the", "Acting under"),
            (
                "Reiterating its call upon States to review urgently the scope of the existing",
                "Reiterating its call upon",
            ),
            ("Committed to working to strengthen regulatory frameworks at all levels to", "Committed"),
            (
                "Understanding that a continued freeze on appointments in respect of these fixed-",
                "Understanding",
            ),
        ];
        for (text, phrase) in cases {
            assert_eq!(preambular(text), Some(phrase), "in {text:?}");
            assert!(starts_preambular_paragraph(text), "{text:?} opens a preambular paragraph");
        }
    }

    #[test]
    fn operative_openings_are_found_with_their_extent() {
        // Operative paragraphs of A/RES/80/198 and other texts of session 80, without their numbers.
        let cases = [
            ("Condemns all forms of torture and other cruel, inhuman or degrading", "Condemns"),
            ("Also condemns any action or attempt by States or public officials to", "Also condemns"),
            ("Calls upon States to include education and information regarding the", "Calls upon"),
            ("Also urges States to ensure accountability for any act of sanction, reprisal,", "Also urges"),
            (
                "Takes note with appreciation of the Principles on Effective Interviewing",
                "Takes note with appreciation",
            ),
            ("Takes note of the report of the eighteenth round of informal consultations", "Takes note"),
            ("Requests the Secretary-General to ensure, within the overall budgetary", "Requests"),
            (
                "Reiterates its call upon States, individually and through regional fisheries",
                "Reiterates its call upon",
            ),
            ("Further decides that the thematic meetings will focus on identifying", "Further decides"),
            ("Strongly urges all States to take stronger action to ensure that crimes", "Strongly urges"),
            ("Also strongly condemns all violations and abuses committed against", "Also strongly condemns"),
            (
                "Expresses its appreciation for financial contributions from States to",
                "Expresses its appreciation",
            ),
            ("Welcomes with appreciation the additional contribution from the", "Welcomes with appreciation"),
            ("Decides to remain seized of the issue.", "Decides"),
            ("Reaffirms its commitment, in accordance with international law, to the two-", "Reaffirms"),
            ("Appeals urgently to the interested States to", "Appeals urgently"),
        ];
        for (text, phrase) in cases {
            assert_eq!(operative(text), Some(phrase), "in {text:?}");
            assert!(starts_operative_paragraph(text), "{text:?} opens an operative paragraph");
            assert!(!starts_preambular_paragraph(text), "{text:?} is not preambular");
        }
    }

    #[test]
    fn further_before_a_plain_noun_is_an_adjective() {
        // A/C.2/80/L.23 OP29 against A/RES/80/198 PP5.
        assert_eq!(
            operative("Encourages further efforts by relevant national and international actors to"),
            Some("Encourages")
        );
        assert_eq!(preambular("Recalling further the definition of torture"), Some("Recalling further"));
    }

    #[test]
    fn matching_is_exact_about_words_case_and_punctuation() {
        assert_eq!(preambular("Notingham Forest"), None);
        assert_eq!(preambular("recalling also its resolution 79/6"), None);
        assert_eq!(preambular("RECALLING its resolution 79/6"), None);
        assert_eq!(
            preambular("Noting  with\ndeep   concern the evolving threats"),
            Some("Noting  with\ndeep   concern")
        );
        // A/C.1/80/L.19: a comma ends the phrase, and "that" never belongs to it.
        assert_eq!(preambular("Recalling, in its resolution 78/47, its decision"), Some("Recalling"));
        assert_eq!(preambular("Convinced that ending impunity is essential"), Some("Convinced"));
        assert_eq!(preambular("Recalling"), Some("Recalling"));
        assert_eq!(preambular(""), None);
        assert_eq!(operative("Recalling its resolution 79/6"), None);
        assert_eq!(preambular("Decides to remain seized of the matter."), None);
    }

    #[test]
    fn pdf_hyphens_and_leading_space_are_tolerated() {
        // A/C.1/80/L.62, with the non-breaking hyphen the PDFs often carry.
        let text = "Re\u{2011}emphasizing its unequivocal support for the decision of the Director General";
        assert_eq!(preambular(text), Some("Re\u{2011}emphasizing"));
        // The pypdf texts (A/RES/73/7) indent the first line of each paragraph by a space.
        let indented = " Recalling also that the Rome Statute of the International Criminal Court 1";
        let phrase = preambular(indented);
        assert_eq!(phrase, Some("Recalling also"));
        assert_eq!(indented.trim_start().get(..phrase.map_or(0, str::len)), phrase);
    }

    #[test]
    fn continuations_across_page_breaks_are_not_openings() {
        // The first line of a page where a paragraph goes on from the page before.
        let continuations = [
            // A/RES/80/213, A/80/L.17 and A/C.2/80/L.22, where "Member", "coastal" and "Fifth" end the page.
            "Member States to prevent terrorists from benefiting from ransom payment and",
            "States, including limits on catch or fishing effort, technical measures, including by-",
            "United Nations Conference on the Least Developed Countries, held in Qatar from 5 to",
            // A/C.5/80/L.14, A/C.3/80/L.49 (a footnote mark glued to the word), A/C.3/80/L.15.
            "Human Settlements Programme,12 the United Nations Office on Drugs and Crime, 13",
            "Punishment1 and the obligation of States to abide strictly by the definition of torture",
            "Development2 and the Sevilla Commitment of the Fourth International Conference on",
            // A/RES/79/243, A/RES/78/182, A/RES/78/154, A/C.5/80/L.19.
            "Committed by Means of Information and Communications Technology Systems and",
            "Beijing Declaration and Platform for Action, and stresses in this regard the",
            "Convention to Combat Desertification in Those Countries Experiencing Serious",
            "Assembly and Conference Management and to consider changes to their programmes",
        ];
        for text in continuations {
            assert!(!starts_preambular_paragraph(text), "{text:?} continues a paragraph");
            assert!(!starts_operative_paragraph(text), "{text:?} continues a paragraph");
            assert_eq!(preambular(text), None, "{text:?}");
        }
    }

    #[test]
    fn words_inside_names_are_not_openings() {
        // Lines of session 78-80 texts that begin inside the name of a body, a treaty or a programme.
        let continuations = [
            "United Nations Office on Drugs and Crime, recalling further that it was endorsed by",
            "Committed in the Syrian Arab Republic since March 2011 and the Independent",
            "Affecting the Human Rights of the Palestinian People and Other",
            "Observing System, sponsored by the Intergovernmental Oceanographic Commission,",
            "Observing Network;",
            "Marking of Fishing Gear adopted by the Committee on Fisheries of the Food and",
            "Supporting Principles for Responsible Diamond Sourcing as Best Practices for the",
            "Responding to Loss and Damage;",
            "Financing for Development, the Sevilla Commitment, 12 which renews the global",
            "Ageing, a network of United Nations entities that exchange information and integrate",
            "United Kingdom of Great Britain and Northern Ireland",
        ];
        for text in continuations {
            assert!(!starts_preambular_paragraph(text), "{text:?} is inside a name");
            assert!(!starts_operative_paragraph(text), "{text:?} is inside a name");
        }
    }

    #[test]
    fn the_general_shape_catches_participles_the_list_misses() {
        // A/RES/78/127, and two misprints of the 1992-1993 Security Council compilations.
        assert!(starts_preambular_paragraph(
            "Aiming to further strengthen links between volunteering and the"
        ));
        assert!(starts_preambular_paragraph(
            "Recaliing all its previous resolutions on the conflict in the Republic of"
        ));
        assert!(starts_preambular_paragraph("Paying a tribute to His Royal Highness Prince Norodom"));
        assert!(starts_preambular_paragraph("Profoundly troubled by the continuing violence"));
        assert!(starts_preambular_paragraph("Heartened by the progress made"));
        // The shape is not enough for participles of procedure or prepositions.
        assert!(!starts_preambular_paragraph("Adopted at the 2330th meeting by 13 votes to none"));
        assert!(!starts_preambular_paragraph(
            "Following up on action taken at the national level on the basis of input"
        ));
        assert!(!starts_preambular_paragraph("Capacity-building adopted by the Programme;"));
    }

    #[test]
    fn unlisted_operative_verbs_need_an_adverb_and_an_object() {
        assert!(starts_operative_paragraph("Also stipulates that the report shall be issued"));
        assert!(starts_operative_paragraph("Strongly exhorts all parties to the conflict"));
        assert!(!starts_operative_paragraph("Further efforts are needed to"));
        assert!(!starts_operative_paragraph("States parties to the Convention"));
    }
}
