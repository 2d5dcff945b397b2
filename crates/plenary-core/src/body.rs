//! The organs that adopt resolutions, the General Assembly's Main Committees, and sessions, with the
//! English names and ordinal words the documents print ("Third Committee", "Eightieth session").

use std::fmt;

use serde::{Deserialize, Serialize};

/// A principal organ or subsidiary body whose resolutions Plenary handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Body {
    #[serde(rename = "General Assembly")]
    GeneralAssembly,
    #[serde(rename = "Security Council")]
    SecurityCouncil,
    #[serde(rename = "Human Rights Council")]
    HumanRightsCouncil,
    #[serde(rename = "Economic and Social Council")]
    EconomicAndSocialCouncil,
}

impl Body {
    pub const ALL: [Body; 4] = [
        Body::GeneralAssembly,
        Body::SecurityCouncil,
        Body::HumanRightsCouncil,
        Body::EconomicAndSocialCouncil,
    ];

    /// The body's English name, as in "The General Assembly,".
    pub fn name(self) -> &'static str {
        match self {
            Body::GeneralAssembly => "General Assembly",
            Body::SecurityCouncil => "Security Council",
            Body::HumanRightsCouncil => "Human Rights Council",
            Body::EconomicAndSocialCouncil => "Economic and Social Council",
        }
    }

    /// The opening line of a resolution's body: "The General Assembly,".
    pub fn enacting_formula(self) -> String {
        format!("The {},", self.name())
    }

    pub fn from_name(name: &str) -> Option<Body> {
        let name = name.trim();
        Body::ALL.into_iter().find(|body| body.name().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Body {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

/// A committee of the General Assembly in which drafts are negotiated before the plenary adopts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Committee {
    /// One of the six Main Committees, by number (`A/C.3/…` is the Third Committee).
    Main(u8),
}

impl Committee {
    /// "Third Committee".
    pub fn name(self) -> String {
        match self {
            Committee::Main(number) => {
                format!("{} Committee", capitalise(ordinal_word(u32::from(number)).unwrap_or("Main")))
            }
        }
    }

    /// Reads the committee segment of a symbol: `C.3`.
    pub fn from_symbol_segment(segment: &str) -> Option<Committee> {
        let number: u8 = segment.strip_prefix("C.")?.parse().ok()?;
        (1..=6).contains(&number).then_some(Committee::Main(number))
    }

    /// Reads "Third Committee" as printed in mastheads and adoption routes, also with the committee's
    /// name before it: "Special Political and Decolonization Committee (Fourth Committee)".
    pub fn from_name(text: &str) -> Option<Committee> {
        let text = text.trim();
        if let Some(inner) =
            text.strip_suffix(')').and_then(|rest| rest.rsplit_once('(')).map(|(_, inner)| inner)
        {
            return Committee::from_name(inner);
        }
        let ordinal = text.strip_suffix("Committee")?.trim();
        let number = parse_ordinal_words(ordinal)?;
        (1..=6).contains(&number).then_some(Committee::Main(number as u8))
    }
}

/// A session of the body: the General Assembly's eightieth regular session, its tenth emergency special
/// session, the Human Rights Council's fifty-eighth session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Session {
    Regular(u32),
    Special(u32),
    EmergencySpecial(u32),
}

impl Session {
    /// Reads the session segment of a symbol: `80`, `S-27`, `ES-10`.
    pub fn from_symbol_segment(segment: &str) -> Option<Session> {
        if let Some(number) = segment.strip_prefix("ES-") {
            return number.parse().ok().map(Session::EmergencySpecial);
        }
        if let Some(number) = segment.strip_prefix("S-") {
            return number.parse().ok().map(Session::Special);
        }
        segment.parse().ok().filter(|&number| number > 0).map(Session::Regular)
    }

    /// The segment as it stands in a symbol.
    pub fn symbol_segment(self) -> String {
        match self {
            Session::Regular(number) => number.to_string(),
            Session::Special(number) => format!("S-{number}"),
            Session::EmergencySpecial(number) => format!("ES-{number}"),
        }
    }

    /// Reads a masthead line such as "Eightieth session", "Seventy-second session" or
    /// "Tenth emergency special session".
    pub fn from_masthead(line: &str) -> Option<Session> {
        let line = line.trim();
        let (ordinal, kind) = if let Some(ordinal) = line.strip_suffix("emergency special session") {
            (ordinal, Session::EmergencySpecial as fn(u32) -> Session)
        } else if let Some(ordinal) = line.strip_suffix("special session") {
            (ordinal, Session::Special as fn(u32) -> Session)
        } else {
            (line.strip_suffix("session")?, Session::Regular as fn(u32) -> Session)
        };
        parse_ordinal_words(ordinal.trim()).map(kind)
    }

    /// "Eightieth session".
    pub fn masthead(self) -> String {
        let (number, suffix) = match self {
            Session::Regular(number) => (number, "session"),
            Session::Special(number) => (number, "special session"),
            Session::EmergencySpecial(number) => (number, "emergency special session"),
        };
        match ordinal_words(number) {
            Some(words) => format!("{} {suffix}", capitalise(&words)),
            None => format!("Session {number}"),
        }
    }

    pub fn number(self) -> u32 {
        match self {
            Session::Regular(number) | Session::Special(number) | Session::EmergencySpecial(number) => number,
        }
    }
}

const UNITS: [&str; 20] = [
    "",
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
const TENS: [(&str, &str); 10] = [
    ("", ""),
    ("", ""),
    ("twenty", "twentieth"),
    ("thirty", "thirtieth"),
    ("forty", "fortieth"),
    ("fifty", "fiftieth"),
    ("sixty", "sixtieth"),
    ("seventy", "seventieth"),
    ("eighty", "eightieth"),
    ("ninety", "ninetieth"),
];

/// The ordinal word of a small number, lower case: 3 → "third", 72 → "seventy-second". Covers 1–199,
/// which is every session any body has held.
pub fn ordinal_words(number: u32) -> Option<String> {
    match number {
        1..=19 => Some(UNITS[number as usize].to_string()),
        20..=99 => {
            let (tens_cardinal, tens_ordinal) = TENS[(number / 10) as usize];
            Some(match number % 10 {
                0 => tens_ordinal.to_string(),
                unit => format!("{tens_cardinal}-{}", UNITS[unit as usize]),
            })
        }
        100 => Some("hundredth".to_string()),
        101..=199 => ordinal_words(number - 100).map(|rest| format!("hundred and {rest}")),
        _ => None,
    }
}

/// The ordinal word for numbers that have a single word ("third"); used for committee names.
fn ordinal_word(number: u32) -> Option<&'static str> {
    UNITS.get(number as usize).copied().filter(|word| !word.is_empty())
}

/// Reads an ordinal written in words, in any case: "Seventy-second" → 72.
pub fn parse_ordinal_words(text: &str) -> Option<u32> {
    let lower = text.trim().to_lowercase().replace('\u{2011}', "-");
    let lower = lower.strip_prefix("one ").unwrap_or(&lower);
    if let Some(rest) = lower.strip_prefix("hundred and ") {
        return parse_ordinal_words(rest).map(|n| n + 100);
    }
    if lower == "hundredth" {
        return Some(100);
    }
    if let Some(position) = UNITS.iter().position(|word| !word.is_empty() && *word == lower) {
        return Some(position as u32);
    }
    for (tens, (cardinal, ordinal)) in TENS.iter().enumerate().skip(2) {
        if lower == *ordinal {
            return Some(tens as u32 * 10);
        }
        if let Some(unit) = lower.strip_prefix(cardinal).and_then(|rest| rest.strip_prefix('-')) {
            let unit = UNITS.iter().position(|word| !word.is_empty() && *word == unit)?;
            return (unit < 10).then_some(tens as u32 * 10 + unit as u32);
        }
    }
    None
}

fn capitalise(word: &str) -> String {
    let mut characters = word.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinal_words_round_trip_for_every_session_number() {
        for number in 1..=199 {
            let words = ordinal_words(number).unwrap();
            assert_eq!(parse_ordinal_words(&words), Some(number), "{words}");
        }
    }

    #[test]
    fn masthead_sessions() {
        assert_eq!(Session::from_masthead("Eightieth session"), Some(Session::Regular(80)));
        assert_eq!(Session::from_masthead("Seventy-second session "), Some(Session::Regular(72)));
        assert_eq!(Session::from_masthead("Seventy‑eighth session"), Some(Session::Regular(78)));
        assert_eq!(
            Session::from_masthead("Tenth emergency special session"),
            Some(Session::EmergencySpecial(10))
        );
        assert_eq!(Session::Regular(80).masthead(), "Eightieth session");
        assert_eq!(Session::Regular(72).masthead(), "Seventy-second session");
    }

    #[test]
    fn committees_by_name_and_symbol() {
        assert_eq!(Committee::from_name("Third Committee"), Some(Committee::Main(3)));
        assert_eq!(Committee::from_symbol_segment("C.6"), Some(Committee::Main(6)));
        assert_eq!(
            Committee::from_name("Special Political and Decolonization Committee (Fourth Committee)"),
            Some(Committee::Main(4))
        );
        assert_eq!(Committee::from_symbol_segment("C.7"), None);
        assert_eq!(Committee::Main(3).name(), "Third Committee");
    }
}
