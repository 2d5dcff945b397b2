//! UN document symbols (`A/RES/80/198`, `A/C.3/80/L.49`, `S/RES/830 (1993)` …): parsed once from untrusted
//! text into a [`Symbol`], shown in the canonical form the UN prints, and compared by a normalised key.
//!
//! Symbols are identifiers. Two spellings of the same symbol (`a/res/80/198`, `A/RES/80/198 `,
//! `S/RES/830(1993)`) must meet in storage and in comparisons, so equality and hashing use
//! [`Symbol::key`]: no spaces, upper case.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::body::{Body, Committee, Session};

/// A parsed, canonical UN document symbol.
#[derive(Debug, Clone)]
pub struct Symbol {
    display: String,
    kind: SymbolKind,
}

/// What a symbol says about the document it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SymbolKind {
    /// An adopted resolution: `A/RES/80/198`, `A/RES/75/290 B`, `S/RES/830 (1993)`, `A/HRC/RES/37/19`.
    Resolution {
        body: Body,
        session: Option<Session>,
        number: u32,
        /// The part letter of a resolution adopted in parts (`75/290 B`).
        part: Option<char>,
        /// The year the Security Council prints after its resolution numbers.
        year: Option<u16>,
    },
    /// A limited-distribution draft: `A/C.3/80/L.49`, `A/80/L.9/Rev.1`, `A/HRC/58/L.12`.
    Draft {
        body: Body,
        committee: Option<Committee>,
        session: Session,
        number: u32,
        revision: Option<u32>,
        addendum: Option<u32>,
    },
    /// Any other well-formed symbol (reports, notes, letters): `A/80/545`, `S/2023/123`.
    Other { body: Option<Body>, session: Option<Session> },
}

/// Why a piece of text is not a document symbol.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SymbolError {
    #[error("a document symbol cannot be empty")]
    Empty,
    #[error("{found:?} is not allowed in a document symbol (in {symbol:?})")]
    BadCharacter { symbol: String, found: char },
    #[error("{symbol:?} has an empty part between slashes")]
    EmptySegment { symbol: String },
    #[error("{symbol:?} does not start with a UN organ (A, S, E …) followed by a slash")]
    NoOrgan { symbol: String },
    #[error("{symbol:?} is longer than any UN document symbol")]
    TooLong { symbol: String },
}

/// Symbols longer than this are certainly not symbols; the bound keeps hostile input cheap.
const MAX_SYMBOL_LENGTH: usize = 80;

impl Symbol {
    /// Parses a symbol as printed on a document, in any case and spacing.
    pub fn parse(text: &str) -> Result<Symbol, SymbolError> {
        let compact = compact_spacing(text);
        if compact.is_empty() {
            return Err(SymbolError::Empty);
        }
        if compact.chars().count() > MAX_SYMBOL_LENGTH {
            return Err(SymbolError::TooLong { symbol: compact });
        }
        if let Some(found) = compact
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-' | ' ' | '(' | ')')))
        {
            return Err(SymbolError::BadCharacter { symbol: compact, found });
        }
        let (path, year) = split_year(&compact);
        let segments: Vec<String> = path.split('/').map(canonical_segment).collect();
        if segments.iter().any(|segment| segment.is_empty()) {
            return Err(SymbolError::EmptySegment { symbol: compact });
        }
        let organ_is_plausible = segments.len() >= 2
            && segments[0].len() <= 5
            && segments[0].chars().all(|c| c.is_ascii_uppercase());
        if !organ_is_plausible {
            return Err(SymbolError::NoOrgan { symbol: compact });
        }
        let kind = classify(&segments, year);
        let mut display = segments.join("/");
        if let Some(year) = year {
            display.push_str(&format!(" ({year})"));
        }
        Ok(Symbol { display, kind })
    }

    /// The symbol as the UN prints it: `S/RES/830 (1993)`, `A/80/L.9/Rev.1`.
    pub fn as_str(&self) -> &str {
        &self.display
    }

    /// The normalised identifier used for storage and comparison: no spaces, upper case.
    pub fn key(&self) -> String {
        self.display.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect()
    }

    pub fn kind(&self) -> &SymbolKind {
        &self.kind
    }

    /// The principal organ the document belongs to, where the symbol says.
    pub fn body(&self) -> Option<Body> {
        match &self.kind {
            SymbolKind::Resolution { body, .. } | SymbolKind::Draft { body, .. } => Some(*body),
            SymbolKind::Other { body, .. } => *body,
        }
    }

    pub fn session(&self) -> Option<Session> {
        match &self.kind {
            SymbolKind::Resolution { session, .. } | SymbolKind::Other { session, .. } => *session,
            SymbolKind::Draft { session, .. } => Some(*session),
        }
    }

    pub fn committee(&self) -> Option<Committee> {
        match &self.kind {
            SymbolKind::Draft { committee, .. } => *committee,
            _ => None,
        }
    }

    pub fn is_resolution(&self) -> bool {
        matches!(self.kind, SymbolKind::Resolution { .. })
    }

    pub fn is_draft(&self) -> bool {
        matches!(self.kind, SymbolKind::Draft { .. })
    }

    /// The short number a resolution is cited by in running text: `80/198` for `A/RES/80/198`,
    /// `830 (1993)` for `S/RES/830 (1993)`.
    pub fn resolution_number(&self) -> Option<String> {
        match &self.kind {
            SymbolKind::Resolution { body: Body::SecurityCouncil, number, year, .. } => Some(match year {
                Some(year) => format!("{number} ({year})"),
                None => number.to_string(),
            }),
            SymbolKind::Resolution { session: Some(session), number, part, .. } => {
                let part = part.map(|letter| format!(" {letter}")).unwrap_or_default();
                Some(format!("{}/{number}{part}", session.symbol_segment()))
            }
            _ => None,
        }
    }
}

impl PartialEq for Symbol {
    fn eq(&self, other: &Symbol) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Symbol {}

impl std::hash::Hash for Symbol {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl PartialOrd for Symbol {
    fn partial_cmp(&self, other: &Symbol) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Symbol {
    fn cmp(&self, other: &Symbol) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.display)
    }
}

impl FromStr for Symbol {
    type Err = SymbolError;

    fn from_str(text: &str) -> Result<Symbol, SymbolError> {
        Symbol::parse(text)
    }
}

impl Serialize for Symbol {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.display)
    }
}

impl<'de> Deserialize<'de> for Symbol {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Symbol, D::Error> {
        let text = String::deserialize(deserializer)?;
        Symbol::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Collapses runs of whitespace and removes the spaces that extraction leaves around slashes.
fn compact_spacing(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.join(" ").replace(" /", "/").replace("/ ", "/")
}

/// Splits off the Security Council's year suffix: `830 (1993)` → (`830`, 1993).
fn split_year(compact: &str) -> (&str, Option<u16>) {
    if let Some(open) = compact.rfind('(')
        && let Some(inside) = compact[open + 1..].strip_suffix(')')
        && inside.len() == 4
        && let Ok(year) = inside.parse::<u16>()
    {
        return (compact[..open].trim_end(), Some(year));
    }
    (compact, None)
}

/// Puts one slash-separated segment in the UN's printed case: organ and series letters upper case,
/// `Rev.1`, `Add.2`, `Corr.1` capitalised, a resolution's part letter after a single space.
fn canonical_segment(segment: &str) -> String {
    let segment = segment.trim();
    let lower = segment.to_ascii_lowercase();
    for prefix in ["rev.", "add.", "corr.", "amend."] {
        if let Some(rest) = lower.strip_prefix(prefix) {
            let mut capitalised = prefix.to_string();
            capitalised[..1].make_ascii_uppercase();
            return format!("{capitalised}{}", rest.trim());
        }
    }
    segment.to_ascii_uppercase()
}

fn classify(segments: &[String], year: Option<u16>) -> SymbolKind {
    let parts: Vec<&str> = segments.iter().map(String::as_str).collect();
    match parts.as_slice() {
        ["A", "RES", session, number] => resolution(Body::GeneralAssembly, session, number, year),
        ["A", "HRC", "RES", session, number] => resolution(Body::HumanRightsCouncil, session, number, year),
        ["E", "RES", number] => resolution(Body::EconomicAndSocialCouncil, "", number, year),
        ["S", "RES", number] => match parse_number_and_part(number) {
            Some((number, None)) => SymbolKind::Resolution {
                body: Body::SecurityCouncil,
                session: None,
                number,
                part: None,
                year,
            },
            _ => SymbolKind::Other { body: Some(Body::SecurityCouncil), session: None },
        },
        // A decision of the General Assembly: `A/DEC/71/401`, session 71.
        ["A", "DEC", session, _number] => SymbolKind::Other {
            body: Some(Body::GeneralAssembly),
            session: Session::from_symbol_segment(session),
        },
        ["A", "HRC", session, rest @ ..] => draft_or_other(Body::HumanRightsCouncil, None, session, rest),
        ["A", committee, session, rest @ ..] if Committee::from_symbol_segment(committee).is_some() => {
            draft_or_other(Body::GeneralAssembly, Committee::from_symbol_segment(committee), session, rest)
        }
        ["A", session, rest @ ..] => draft_or_other(Body::GeneralAssembly, None, session, rest),
        ["S", ..] => SymbolKind::Other { body: Some(Body::SecurityCouncil), session: None },
        ["E", ..] => SymbolKind::Other { body: Some(Body::EconomicAndSocialCouncil), session: None },
        _ => SymbolKind::Other { body: None, session: None },
    }
}

fn resolution(body: Body, session: &str, number: &str, year: Option<u16>) -> SymbolKind {
    let session = Session::from_symbol_segment(session);
    match parse_number_and_part(number) {
        Some((number, part)) => SymbolKind::Resolution { body, session, number, part, year },
        None => SymbolKind::Other { body: Some(body), session },
    }
}

fn draft_or_other(body: Body, committee: Option<Committee>, session: &str, rest: &[&str]) -> SymbolKind {
    let Some(session) = Session::from_symbol_segment(session) else {
        return SymbolKind::Other { body: Some(body), session: None };
    };
    let other = SymbolKind::Other { body: Some(body), session: Some(session) };
    let Some((first, suffixes)) = rest.split_first() else {
        return other;
    };
    let Some(number) = first.strip_prefix("L.").and_then(|n| n.parse::<u32>().ok()) else {
        return other;
    };
    let mut revision = None;
    let mut addendum = None;
    for suffix in suffixes {
        if let Some(n) = suffix.strip_prefix("Rev.").and_then(|n| n.parse().ok()) {
            revision = Some(n);
        } else if let Some(n) = suffix.strip_prefix("Add.").and_then(|n| n.parse().ok()) {
            addendum = Some(n);
        } else {
            return other;
        }
    }
    SymbolKind::Draft { body, committee, session, number, revision, addendum }
}

/// `198` → (198, None); `290 B` → (290, Some('B')).
fn parse_number_and_part(text: &str) -> Option<(u32, Option<char>)> {
    let (number, part) = match text.split_once(' ') {
        Some((number, part)) => (number, Some(part)),
        None => (text, None),
    };
    let number = number.parse().ok()?;
    let part = match part {
        None => None,
        Some(part) => {
            let mut letters = part.chars();
            let letter = letters.next().filter(char::is_ascii_uppercase)?;
            if letters.next().is_some() {
                return None;
            }
            Some(letter)
        }
    };
    Some((number, part))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Symbol {
        Symbol::parse(text).unwrap_or_else(|error| panic!("{text:?} should parse: {error}"))
    }

    #[test]
    fn general_assembly_resolution() {
        let symbol = parsed("A/RES/80/198");
        assert_eq!(symbol.as_str(), "A/RES/80/198");
        assert_eq!(symbol.body(), Some(Body::GeneralAssembly));
        assert_eq!(symbol.session(), Some(Session::Regular(80)));
        assert_eq!(symbol.resolution_number().as_deref(), Some("80/198"));
        assert!(symbol.is_resolution());
    }

    #[test]
    fn committee_draft() {
        let symbol = parsed("A/C.3/80/L.49");
        assert_eq!(
            symbol.kind(),
            &SymbolKind::Draft {
                body: Body::GeneralAssembly,
                committee: Some(Committee::Main(3)),
                session: Session::Regular(80),
                number: 49,
                revision: None,
                addendum: None,
            }
        );
    }

    #[test]
    fn revised_plenary_draft_is_shown_with_capitalised_revision() {
        let symbol = parsed("a/80/l.9/rev.1");
        assert_eq!(symbol.as_str(), "A/80/L.9/Rev.1");
        assert!(matches!(
            symbol.kind(),
            SymbolKind::Draft { number: 9, revision: Some(1), committee: None, .. }
        ));
    }

    #[test]
    fn security_council_resolution_keeps_its_year() {
        let symbol = parsed("S/RES/830 (1993)");
        assert_eq!(symbol.as_str(), "S/RES/830 (1993)");
        assert_eq!(symbol.key(), "S/RES/830(1993)");
        assert_eq!(symbol, parsed("s/res/830(1993)"));
        assert_eq!(symbol.resolution_number().as_deref(), Some("830 (1993)"));
    }

    #[test]
    fn human_rights_council_resolution() {
        let symbol = parsed("A/HRC/RES/37/19");
        assert_eq!(symbol.body(), Some(Body::HumanRightsCouncil));
        assert_eq!(symbol.session(), Some(Session::Regular(37)));
        assert!(symbol.is_resolution());
    }

    #[test]
    fn resolution_in_parts_and_special_sessions() {
        assert_eq!(parsed("A/RES/75/290 B").resolution_number().as_deref(), Some("75/290 B"));
        assert_eq!(parsed("A/RES/ES-10/21").session(), Some(Session::EmergencySpecial(10)));
        assert_eq!(parsed("A/RES/S-27/2").session(), Some(Session::Special(27)));
    }

    #[test]
    fn spacing_from_extraction_is_normalised() {
        assert_eq!(parsed(" A / RES / 80 / 198 ").as_str(), "A/RES/80/198");
    }

    #[test]
    fn reports_are_other_documents() {
        assert!(matches!(
            parsed("A/80/545").kind(),
            SymbolKind::Other { body: Some(Body::GeneralAssembly), .. }
        ));
    }

    #[test]
    fn rejects_what_is_not_a_symbol() {
        assert_eq!(Symbol::parse("  "), Err(SymbolError::Empty));
        assert!(matches!(Symbol::parse("Torture and other"), Err(SymbolError::NoOrgan { .. })));
        assert!(matches!(Symbol::parse("A//80"), Err(SymbolError::EmptySegment { .. })));
        assert!(matches!(Symbol::parse("A/RES/80/198;"), Err(SymbolError::BadCharacter { found: ';', .. })));
    }
}
