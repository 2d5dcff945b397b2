//! The member states and observer states of the United Nations: who they are (codes, UN short and formal
//! names, regional groups), the order the UN lists them in, and how to recognise a state from the many names
//! other data gives it.
//!
//! The table is compiled in from `data/member-states.csv` and parsed once, on first use. Its row order is
//! not relied on: [`all`] sorts the states with [`un_order_key`], the English alphabetical order of UN
//! names in which the UN lists states in voting records (`Costa Rica, Côte d'Ivoire, Croatia`,
//! `Tunisia, Türkiye, Turkmenistan`, `Republic of Korea` under R).
//!
//! Name recognition ([`lookup`]) is deliberately exact: a name is normalised (case, diacritics, spacing,
//! apostrophes, `&`, `St.`, the word "the") and then looked up among the UN names, the formal names and a
//! short table of aliases. There is no fuzzy or partial matching, because attributing a vote to the wrong
//! state is worse than reporting a name as unknown.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// Whether a state is a full member or a non-member observer state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum StateStatus {
    Member,
    /// A non-member observer state (the Holy See, the State of Palestine): it takes part in the General
    /// Assembly but does not vote.
    Observer,
}

/// The five regional groups the UN uses to share out elected seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RegionalGroup {
    #[serde(rename = "African")]
    African,
    #[serde(rename = "Asia-Pacific")]
    AsiaPacific,
    #[serde(rename = "Eastern European")]
    EasternEuropean,
    #[serde(rename = "GRULAC")]
    LatinAmericanAndCaribbean,
    #[serde(rename = "WEOG")]
    WesternEuropeanAndOthers,
}

impl RegionalGroup {
    pub const ALL: [RegionalGroup; 5] = [
        RegionalGroup::African,
        RegionalGroup::AsiaPacific,
        RegionalGroup::EasternEuropean,
        RegionalGroup::LatinAmericanAndCaribbean,
        RegionalGroup::WesternEuropeanAndOthers,
    ];

    /// The group's name as the UN writes it in running text.
    pub fn name(self) -> &'static str {
        match self {
            RegionalGroup::African => "African States",
            RegionalGroup::AsiaPacific => "Asia-Pacific States",
            RegionalGroup::EasternEuropean => "Eastern European States",
            RegionalGroup::LatinAmericanAndCaribbean => "Latin American and Caribbean States",
            RegionalGroup::WesternEuropeanAndOthers => "Western European and other States",
        }
    }

    /// The short code used in the member-state table and in serialised data.
    pub fn code(self) -> &'static str {
        match self {
            RegionalGroup::African => "African",
            RegionalGroup::AsiaPacific => "Asia-Pacific",
            RegionalGroup::EasternEuropean => "Eastern European",
            RegionalGroup::LatinAmericanAndCaribbean => "GRULAC",
            RegionalGroup::WesternEuropeanAndOthers => "WEOG",
        }
    }

    /// The group a [`code`](RegionalGroup::code) stands for, in any case.
    pub fn from_code(code: &str) -> Option<RegionalGroup> {
        let code = code.trim();
        RegionalGroup::ALL.into_iter().find(|group| group.code().eq_ignore_ascii_case(code))
    }
}

/// A member state or observer state of the United Nations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberState {
    /// ISO 3166-1 alpha-3 code, upper case: `TUR`.
    pub iso3: String,
    /// ISO 3166-1 alpha-2 code, upper case: `TR`.
    pub iso2: String,
    /// UN M49 numeric code. It is written with three digits (`004`); the number drops the leading zeros.
    pub m49: u16,
    /// The UN short name, as printed in UN documents: `Bolivia (Plurinational State of)`.
    pub name: String,
    /// The formal name: `Plurinational State of Bolivia`.
    pub formal_name: String,
    pub status: StateStatus,
    /// Usually one group; Türkiye takes part in two, and observer states in none.
    pub regional_groups: Vec<RegionalGroup>,
}

impl MemberState {
    pub fn is_member(&self) -> bool {
        self.status == StateStatus::Member
    }
}

impl fmt::Display for MemberState {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.name)
    }
}

/// Every member and observer state, in the English alphabetical order of UN names (see [`un_order_key`]).
pub fn all() -> &'static [MemberState] {
    &table().states
}

/// The 193 member states, in UN order.
pub fn members() -> impl Iterator<Item = &'static MemberState> {
    all().iter().filter(|state| state.is_member())
}

/// The non-member observer states, in UN order.
pub fn observers() -> impl Iterator<Item = &'static MemberState> {
    all().iter().filter(|state| !state.is_member())
}

/// The state with this ISO 3166-1 alpha-3 code, in any case.
pub fn by_iso3(code: &str) -> Option<&'static MemberState> {
    let table = table();
    table.by_iso3.get(&code.trim().to_ascii_uppercase()).map(|&index| &table.states[index])
}

/// The state with this ISO 3166-1 alpha-2 code, in any case.
pub fn by_iso2(code: &str) -> Option<&'static MemberState> {
    let table = table();
    table.by_iso2.get(&code.trim().to_ascii_uppercase()).map(|&index| &table.states[index])
}

/// Recognises a state from an ISO code or a name: the UN short name, the formal name or one of the aliases
/// other data uses (`Russia`, `Ivory Coast`, `St. Kitts & Nevis`, `Congo - Kinshasa` …).
///
/// Names are compared after normalising case, diacritics, spacing and punctuation, curly and straight
/// apostrophes, `&` and "and", `St.` and "Saint", and dropping the word "the". Nothing else is forgiven: a
/// partial name never matches a longer one (`Guinea` is Guinea, never Guinea-Bissau), and states that no
/// longer exist (Yugoslavia, Czechoslovakia, the German Democratic Republic …) are not found.
pub fn lookup(name_or_code: &str) -> Option<&'static MemberState> {
    let text = name_or_code.trim();
    if looks_like_code(text) {
        if let Some(state) = by_iso2(text).or_else(|| by_iso3(text)) {
            return Some(state);
        }
    }
    let table = table();
    table.by_name.get(&lookup_key(text)).map(|&index| &table.states[index])
}

/// The sort key for the English alphabetical order of UN names: lower case, diacritics folded to their base
/// letters (`Côte d'Ivoire` files under C, `Türkiye` under T), apostrophes ignored, other punctuation and
/// spacing reduced to single spaces so that names sort word by word.
///
/// The UN orders states by their full short name, so `Democratic People's Republic of Korea` sorts under D
/// and `United Republic of Tanzania` under U.
pub fn un_order_key(name: &str) -> String {
    folded_words(name).join(" ")
}

/// A state's name as it stands in a sentence of the record: the UN short name with the definite article
/// the UN gives it ("the representative of the United States of America", "the Sudan", "the Niger"), and a
/// short name with a parenthesised qualifier turned round ("Bolivia (Plurinational State of)" reads "the
/// Plurinational State of Bolivia", "Netherlands (Kingdom of the)" "the Kingdom of the Netherlands"). Lists
/// of votes and sponsors keep the bare short names, as the UN prints them in alphabetical order.
///
/// The article follows UNTERM's short names: those that are a form of government ("the Republic of
/// Korea", "the United Arab Emirates", "the Russian Federation") and the few countries named with it ("the
/// Bahamas", "the Congo", "the Gambia", "the Philippines").
pub fn in_running_text(name: &str) -> String {
    if let Some((country, qualifier)) = name.strip_suffix(')').and_then(|name| name.split_once(" (")) {
        return format!("the {qualifier} {country}");
    }
    let takes_article = NAMES_WITH_ARTICLE.contains(&name)
        || ["United ", "Republic of ", "Democratic "].iter().any(|prefix| name.starts_with(prefix));
    if takes_article { format!("the {name}") } else { name.to_owned() }
}

/// The short names, beyond the forms of government that begin "United", "Republic of" and "Democratic",
/// that the UN writes with "the" in running text.
const NAMES_WITH_ARTICLE: &[&str] = &[
    "Bahamas",
    "Central African Republic",
    "Comoros",
    "Congo",
    "Dominican Republic",
    "Gambia",
    "Holy See",
    "Lao People's Democratic Republic",
    "Marshall Islands",
    "Niger",
    "Philippines",
    "Russian Federation",
    "State of Palestine",
    "Sudan",
    "Syrian Arab Republic",
];

/// Other names of current member and observer states, each with the ISO 3166-1 alpha-3 code of the state it
/// denotes. UN short names and formal names need no entry: they are recognised from the table itself, and so
/// are spellings that differ only in what [`lookup`] normalises.
///
/// Only names that denote one current state belong here. Names of states that no longer exist are left out
/// on purpose, so that they are reported as unknown rather than attributed to a successor:
/// - Yugoslavia and Czechoslovakia dissolved; the German Democratic Republic, the Yemen Arab Republic, the
///   Yemen People's Republic and Zanzibar merged into larger states. A record under one of these names is
///   the record of a different polity, and which current member (if any) it should be counted for depends
///   on its date, which a name cannot say. (The `unvotes` data records Serbia's votes under "Yugoslavia"
///   up to the present; an importer must map those rows by date.)
/// - Taiwan held China's seat as the Republic of China until 1971; that seat's record is not the record of
///   any current member under that name.
///
/// "Federal Republic of Germany" does resolve, to Germany, without an entry here: it is Germany's formal
/// name, and the UN membership of Germany is the membership of the Federal Republic (admitted in 1973),
/// which the German Democratic Republic joined in 1990.
const ALIASES: &[(&str, &str)] = &[
    // Common English short names, including those of the `unvotes` roll-call data.
    ("Bolivia", "BOL"),
    ("Brunei", "BRN"),
    ("Cape Verde", "CPV"),
    ("Congo - Brazzaville", "COG"),
    ("Congo - Kinshasa", "COD"),
    ("DR Congo", "COD"),
    ("Ivory Coast", "CIV"),
    ("Iran", "IRN"),
    ("Laos", "LAO"),
    ("Micronesia", "FSM"),
    ("Moldova", "MDA"),
    ("Myanmar (Burma)", "MMR"),
    ("Netherlands", "NLD"),
    ("North Korea", "PRK"),
    ("South Korea", "KOR"),
    ("Macedonia", "MKD"),
    ("Palestine", "PSE"),
    ("Russia", "RUS"),
    ("Syria", "SYR"),
    ("Tanzania", "TZA"),
    ("Turkey", "TUR"),
    ("United Kingdom", "GBR"),
    ("UK", "GBR"),
    ("Great Britain", "GBR"),
    ("Britain", "GBR"),
    ("United States", "USA"),
    ("UAE", "ARE"),
    ("Vatican", "VAT"),
    ("Vatican City", "VAT"),
    ("Venezuela", "VEN"),
    ("Vietnam", "VNM"),
    ("East Timor", "TLS"),
    // ISO 3166-1 short names that put the distinguishing words last. Those written like UN names with the
    // parentheses replaced by a comma ("Iran, Islamic Republic of") already match the UN name.
    ("Korea, Democratic People's Republic of", "PRK"),
    ("Korea, Republic of", "KOR"),
    ("Congo, Democratic Republic of the", "COD"),
    ("Congo, Republic of the", "COG"),
    ("Moldova, Republic of", "MDA"),
    ("Tanzania, United Republic of", "TZA"),
    ("Palestine, State of", "PSE"),
    ("Holy See (Vatican City State)", "VAT"),
    // Earlier names of the same UN member: the state only changed its name, so older documents and data
    // that use these names refer to today's member.
    ("Republic of Türkiye", "TUR"),
    ("Swaziland", "SWZ"),
    ("Burma", "MMR"),
    ("The former Yugoslav Republic of Macedonia", "MKD"),
    ("Zaire", "COD"),
    ("Upper Volta", "BFA"),
    ("Dahomey", "BEN"),
    ("Ceylon", "LKA"),
];

/// The table as compiled into the crate.
const MEMBER_STATES_CSV: &str = include_str!("../data/member-states.csv");

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    Table::parse(MEMBER_STATES_CSV).unwrap_or_else(|error| {
        panic!(
            "the member-state table compiled into plenary-core (data/member-states.csv) is malformed: {error}"
        )
    })
});

fn table() -> &'static Table {
    &TABLE
}

/// The parsed states and the indexes into them.
#[derive(Debug)]
struct Table {
    /// In UN order.
    states: Vec<MemberState>,
    by_iso3: HashMap<String, usize>,
    by_iso2: HashMap<String, usize>,
    /// From [`lookup_key`] of every UN name, formal name and alias.
    by_name: HashMap<String, usize>,
}

/// Why the member-state table cannot be used. Any of these is a mistake in the embedded data or in
/// [`ALIASES`], caught by the tests.
#[derive(Debug, thiserror::Error)]
enum TableError {
    #[error("cannot be read: {0}")]
    Csv(#[from] csv::Error),
    #[error("the row for {iso3:?} {problem}")]
    BadRow { iso3: String, problem: String },
    #[error("the {field} {value:?} is used by more than one row")]
    DuplicateCode { field: &'static str, value: String },
    #[error("{name:?} would name both {first} and {second}")]
    AmbiguousName { name: String, first: String, second: String },
    #[error("the alias {alias:?} points at {iso3}, which is not in the table")]
    UnknownAliasTarget { alias: &'static str, iso3: &'static str },
}

/// One line of `member-states.csv`, before validation.
#[derive(Debug, Deserialize)]
struct Row {
    iso3: String,
    iso2: String,
    m49: u16,
    name: String,
    formal_name: String,
    status: String,
    regional_groups: String,
}

impl Table {
    fn parse(csv_text: &str) -> Result<Table, TableError> {
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let mut states = Vec::new();
        for row in reader.deserialize::<Row>() {
            states.push(validated(row?)?);
        }
        states.sort_by_cached_key(|state| (un_order_key(&state.name), state.name.clone()));

        let mut table =
            Table { states, by_iso3: HashMap::new(), by_iso2: HashMap::new(), by_name: HashMap::new() };
        for (index, state) in table.states.iter().enumerate() {
            insert_code(&mut table.by_iso3, "ISO 3166-1 alpha-3 code", &state.iso3, index)?;
            insert_code(&mut table.by_iso2, "ISO 3166-1 alpha-2 code", &state.iso2, index)?;
        }
        let mut m49_codes = HashMap::new();
        for (index, state) in table.states.iter().enumerate() {
            insert_code(&mut m49_codes, "M49 code", &state.m49.to_string(), index)?;
        }
        for index in 0..table.states.len() {
            let state = &table.states[index];
            for name in [&state.name, &state.formal_name] {
                insert_name(&table.states, &mut table.by_name, name, index)?;
            }
        }
        for &(alias, iso3) in ALIASES {
            let index = *table.by_iso3.get(iso3).ok_or(TableError::UnknownAliasTarget { alias, iso3 })?;
            // A short alias such as "UK" is tried as a code first by `lookup`, so it must not be another
            // state's code.
            if looks_like_code(alias) {
                let code = alias.to_ascii_uppercase();
                let coded = table.by_iso2.get(&code).or_else(|| table.by_iso3.get(&code));
                if let Some(&other) = coded.filter(|&&other| other != index) {
                    return Err(TableError::AmbiguousName {
                        name: alias.to_owned(),
                        first: table.states[other].name.clone(),
                        second: table.states[index].name.clone(),
                    });
                }
            }
            insert_name(&table.states, &mut table.by_name, alias, index)?;
        }
        Ok(table)
    }
}

fn validated(row: Row) -> Result<MemberState, TableError> {
    let problem = |problem: &str| TableError::BadRow { iso3: row.iso3.clone(), problem: problem.to_owned() };
    let is_code =
        |code: &str, length: usize| code.len() == length && code.chars().all(|c| c.is_ascii_uppercase());
    if !is_code(&row.iso3, 3) {
        return Err(problem("has an ISO 3166-1 alpha-3 code that is not three capital letters"));
    }
    if !is_code(&row.iso2, 2) {
        return Err(problem("has an ISO 3166-1 alpha-2 code that is not two capital letters"));
    }
    if row.name.trim().is_empty() || row.formal_name.trim().is_empty() {
        return Err(problem("has an empty name"));
    }
    let status = match row.status.as_str() {
        "member" => StateStatus::Member,
        "observer" => StateStatus::Observer,
        _ => {
            return Err(problem("has a status that is neither \"member\" nor \"observer\""));
        }
    };
    let mut regional_groups = Vec::new();
    for code in row.regional_groups.split(';').filter(|code| !code.trim().is_empty()) {
        let group = RegionalGroup::from_code(code)
            .ok_or_else(|| problem(&format!("names an unknown regional group {code:?}")))?;
        regional_groups.push(group);
    }
    if status == StateStatus::Member && regional_groups.is_empty() {
        return Err(problem("is a member of no regional group"));
    }
    Ok(MemberState {
        iso3: row.iso3,
        iso2: row.iso2,
        m49: row.m49,
        name: row.name,
        formal_name: row.formal_name,
        status,
        regional_groups,
    })
}

fn insert_code(
    index_by_code: &mut HashMap<String, usize>,
    field: &'static str,
    code: &str,
    index: usize,
) -> Result<(), TableError> {
    match index_by_code.entry(code.to_owned()) {
        Entry::Occupied(_) => Err(TableError::DuplicateCode { field, value: code.to_owned() }),
        Entry::Vacant(entry) => {
            entry.insert(index);
            Ok(())
        }
    }
}

/// Indexes a name under its [`lookup_key`]. The same key may come back for the same state (a UN name that is
/// also the formal name), but never for two states: that would make `lookup` guess.
fn insert_name(
    states: &[MemberState],
    index_by_name: &mut HashMap<String, usize>,
    name: &str,
    index: usize,
) -> Result<(), TableError> {
    let key = lookup_key(name);
    if key.is_empty() {
        return Err(TableError::BadRow {
            iso3: states[index].iso3.clone(),
            problem: format!("has a name {name:?} with nothing to look up by"),
        });
    }
    match index_by_name.entry(key) {
        Entry::Occupied(entry) if *entry.get() != index => Err(TableError::AmbiguousName {
            name: name.to_owned(),
            first: states[*entry.get()].name.clone(),
            second: states[index].name.clone(),
        }),
        Entry::Occupied(_) => Ok(()),
        Entry::Vacant(entry) => {
            entry.insert(index);
            Ok(())
        }
    }
}

/// Two or three ASCII letters: the shape of an ISO 3166-1 code. No state's name has that shape.
fn looks_like_code(text: &str) -> bool {
    matches!(text.len(), 2 | 3) && text.chars().all(|c| c.is_ascii_alphabetic())
}

/// The form names are compared in by [`lookup`]: the words of [`un_order_key`], with "St" read as "Saint"
/// and the word "the" dropped ("The Gambia", "Saint Vincent and the Grenadines" written without it).
fn lookup_key(name: &str) -> String {
    let words: Vec<String> = folded_words(name)
        .into_iter()
        .filter(|word| word != "the")
        .map(|word| if word == "st" { "saint".to_owned() } else { word })
        .collect();
    words.join(" ")
}

/// Splits a name into lower-case words with diacritics folded away. Apostrophes join (`d’Ivoire` gives
/// `divoire`, whichever apostrophe was typed); `&` is the word "and"; any other character that is not a
/// letter or digit separates words.
fn folded_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for character in name.chars() {
        if is_apostrophe(character) {
            continue;
        }
        if character == '&' {
            finish_word(&mut words, &mut word);
            words.push("and".to_owned());
            continue;
        }
        for lower in character.to_lowercase() {
            if lower.is_ascii_alphanumeric() {
                word.push(lower);
            } else if let Some(base) = base_letters(lower) {
                word.push_str(base);
            } else if is_combining_mark(lower) {
                // A diacritic typed as a separate character (decomposed Unicode) belongs to the letter
                // before it, which has already been kept.
            } else if lower.is_alphanumeric() {
                word.push(lower);
            } else {
                finish_word(&mut words, &mut word);
            }
        }
    }
    finish_word(&mut words, &mut word);
    words
}

fn finish_word(words: &mut Vec<String>, word: &mut String) {
    if !word.is_empty() {
        words.push(std::mem::take(word));
    }
}

fn is_apostrophe(character: char) -> bool {
    matches!(character, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}')
}

fn is_combining_mark(character: char) -> bool {
    matches!(character, '\u{0300}'..='\u{036F}')
}

/// The unaccented letters a lower-case Latin letter with a diacritic files under. Covers Latin-1 and
/// Latin Extended-A, which is every letter in UN names and in the country names of the data Plenary reads.
fn base_letters(letter: char) -> Option<&'static str> {
    Some(match letter {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn state(iso3: &str) -> &'static MemberState {
        by_iso3(iso3).unwrap_or_else(|| panic!("{iso3} should be in the table"))
    }

    #[test]
    fn a_sentence_names_a_state_with_the_article_the_un_gives_it() {
        assert_eq!(in_running_text(&state("USA").name), "the United States of America");
        assert_eq!(in_running_text(&state("SDN").name), "the Sudan");
        assert_eq!(in_running_text(&state("SSD").name), "South Sudan");
        assert_eq!(in_running_text(&state("BOL").name), "the Plurinational State of Bolivia");
        assert_eq!(in_running_text(&state("NLD").name), "the Kingdom of the Netherlands");
        assert_eq!(in_running_text(&state("DNK").name), "Denmark");
        assert_eq!(in_running_text(&state("SLB").name), "Solomon Islands");
        // Every state of the table whose name takes an article or turns round in a sentence, so that a new
        // or renamed state shows up here.
        let changed: Vec<String> = all()
            .iter()
            .map(|state| in_running_text(&state.name))
            .filter(|text| text.starts_with("the "))
            .collect();
        assert_eq!(
            changed,
            [
                "the Bahamas",
                "the Plurinational State of Bolivia",
                "the Central African Republic",
                "the Comoros",
                "the Congo",
                "the Democratic People's Republic of Korea",
                "the Democratic Republic of the Congo",
                "the Dominican Republic",
                "the Gambia",
                "the Holy See",
                "the Islamic Republic of Iran",
                "the Lao People's Democratic Republic",
                "the Marshall Islands",
                "the Federated States of Micronesia",
                "the Kingdom of the Netherlands",
                "the Niger",
                "the Philippines",
                "the Republic of Korea",
                "the Republic of Moldova",
                "the Russian Federation",
                "the State of Palestine",
                "the Sudan",
                "the Syrian Arab Republic",
                "the United Arab Emirates",
                "the United Kingdom of Great Britain and Northern Ireland",
                "the United Republic of Tanzania",
                "the United States of America",
                "the Bolivarian Republic of Venezuela",
            ]
        );
    }

    fn position(name: &str) -> usize {
        all()
            .iter()
            .position(|state| state.name == name)
            .unwrap_or_else(|| panic!("{name:?} should be a UN name in the table"))
    }

    fn assert_listed_in_this_order(names: &[&str]) {
        let positions: Vec<usize> = names.iter().map(|name| position(name)).collect();
        assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "{names:?} are at {positions:?}");
    }

    #[test]
    fn the_table_has_193_members_and_2_observers() {
        assert_eq!(all().len(), 195);
        assert_eq!(members().count(), 193);
        let observers: Vec<&str> = observers().map(|state| state.iso3.as_str()).collect();
        assert_eq!(observers, ["VAT", "PSE"]);
    }

    #[test]
    fn codes_are_distinct() {
        let distinct =
            |field: fn(&MemberState) -> String| all().iter().map(field).collect::<HashSet<_>>().len();
        assert_eq!(distinct(|state| state.iso3.clone()), 195);
        assert_eq!(distinct(|state| state.iso2.clone()), 195);
        assert_eq!(distinct(|state| state.m49.to_string()), 195);
    }

    #[test]
    fn members_belong_to_a_regional_group_and_observers_to_none() {
        for state in all() {
            assert_eq!(state.regional_groups.is_empty(), !state.is_member(), "{state}");
        }
        assert_eq!(state("BRA").regional_groups, [RegionalGroup::LatinAmericanAndCaribbean]);
    }

    #[test]
    fn turkiye_takes_part_in_two_regional_groups() {
        assert_eq!(
            state("TUR").regional_groups,
            [RegionalGroup::AsiaPacific, RegionalGroup::WesternEuropeanAndOthers]
        );
    }

    #[test]
    fn quoted_fields_keep_their_commas_and_m49_its_value() {
        let brunei = state("BRN");
        assert_eq!(brunei.name, "Brunei Darussalam");
        assert_eq!(brunei.formal_name, "Nation of Brunei, Abode of Peace");
        assert_eq!(state("AFG").m49, 4);
        assert_eq!(state("BOL").name, "Bolivia (Plurinational State of)");
    }

    #[test]
    fn all_is_in_un_order() {
        let keys: Vec<String> = all().iter().map(|state| un_order_key(&state.name)).collect();
        assert!(keys.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn un_order_files_names_under_their_first_letter_without_diacritics() {
        assert_listed_in_this_order(&["Costa Rica", "Côte d'Ivoire", "Croatia"]);
        assert_listed_in_this_order(&["Tunisia", "Türkiye", "Turkmenistan", "Tuvalu"]);
    }

    #[test]
    fn un_order_sorts_by_the_full_short_name() {
        assert_listed_in_this_order(&[
            "Czechia",
            "Democratic People's Republic of Korea",
            "Democratic Republic of the Congo",
            "Denmark",
        ]);
        assert_listed_in_this_order(&["Qatar", "Republic of Korea", "Republic of Moldova", "Romania"]);
        assert_listed_in_this_order(&[
            "United Kingdom of Great Britain and Northern Ireland",
            "United Republic of Tanzania",
            "United States of America",
        ]);
        assert_listed_in_this_order(&["Guinea", "Guinea-Bissau", "Guyana"]);
        assert_listed_in_this_order(&["Niger", "Nigeria"]);
    }

    #[test]
    fn observers_are_listed_among_the_members() {
        assert_listed_in_this_order(&["Haiti", "Holy See", "Honduras"]);
        assert_listed_in_this_order(&["Sri Lanka", "State of Palestine", "Sudan"]);
    }

    #[test]
    fn un_order_key_ignores_case_diacritics_and_apostrophes() {
        assert_eq!(un_order_key("Côte d’Ivoire"), "cote divoire");
        assert_eq!(un_order_key("COTE D'IVOIRE"), "cote divoire");
        assert_eq!(un_order_key("Türkiye"), "turkiye");
        assert_eq!(un_order_key("Bolivia (Plurinational State of)"), "bolivia plurinational state of");
        // The same letters typed as a base letter followed by a combining diacritic.
        assert_eq!(un_order_key("Tu\u{0308}rkiye"), "turkiye");
    }

    #[test]
    fn codes_are_found_in_any_case() {
        assert_eq!(by_iso3("tur").map(|state| state.name.as_str()), Some("Türkiye"));
        assert_eq!(by_iso3(" GBR ").map(|state| state.iso2.as_str()), Some("GB"));
        assert_eq!(by_iso2("ci").map(|state| state.iso3.as_str()), Some("CIV"));
        assert_eq!(by_iso2("va").map(|state| state.status), Some(StateStatus::Observer));
        assert_eq!(by_iso3("XXX"), None);
        assert_eq!(by_iso2("UK"), None, "the United Kingdom's ISO code is GB");
        assert_eq!(by_iso2("Türkiye"), None);
    }

    #[test]
    fn lookup_accepts_codes() {
        for (code, iso3) in [("TR", "TUR"), ("tur", "TUR"), ("gb", "GBR"), ("USA", "USA"), ("us", "USA")] {
            assert_eq!(lookup(code).map(|state| state.iso3.as_str()), Some(iso3), "{code}");
        }
    }

    #[test]
    fn every_state_is_found_by_its_own_names_and_codes() {
        for state in all() {
            for key in [&state.name, &state.formal_name, &state.iso2, &state.iso3] {
                assert_eq!(lookup(key), Some(state), "{key:?}");
            }
        }
    }

    #[test]
    fn lookup_forgives_case_spacing_punctuation_and_abbreviation() {
        let cases = [
            ("  united   REPUBLIC of tanzania ", "TZA"),
            ("Cote d'Ivoire", "CIV"),
            ("Côte d’Ivoire", "CIV"),
            ("COTE D’IVOIRE", "CIV"),
            ("Trinidad & Tobago", "TTO"),
            ("Saint Kitts & Nevis", "KNA"),
            ("St Lucia", "LCA"),
            ("St. Vincent and the Grenadines", "VCT"),
            ("The Gambia", "GMB"),
            ("the Bahamas", "BHS"),
            ("Democratic Republic of Congo", "COD"),
            ("Republic of Congo", "COG"),
            ("Timor Leste", "TLS"),
            ("Guinea Bissau", "GNB"),
            ("Lao People’s Democratic Republic", "LAO"),
            ("Iran, Islamic Republic of", "IRN"),
            ("Sao Tome and Principe", "STP"),
            ("São Tomé and Príncipe", "STP"),
        ];
        for (name, iso3) in cases {
            assert_eq!(lookup(name).map(|state| state.iso3.as_str()), Some(iso3), "{name:?}");
        }
    }

    #[test]
    fn lookup_knows_the_names_other_data_uses() {
        let cases = [
            ("Russia", "RUS"),
            ("United States", "USA"),
            ("Turkey", "TUR"),
            ("Iran", "IRN"),
            ("Bolivia", "BOL"),
            ("Czech Republic", "CZE"),
            ("Swaziland", "SWZ"),
            ("Cape Verde", "CPV"),
            ("Ivory Coast", "CIV"),
            ("Côte d’Ivoire", "CIV"),
            ("Antigua & Barbuda", "ATG"),
            ("Bosnia & Herzegovina", "BIH"),
            ("Brunei", "BRN"),
            ("Congo - Brazzaville", "COG"),
            ("Congo - Kinshasa", "COD"),
            ("Laos", "LAO"),
            ("Micronesia (Federated States of)", "FSM"),
            ("Moldova", "MDA"),
            ("Myanmar (Burma)", "MMR"),
            ("North Korea", "PRK"),
            ("South Korea", "KOR"),
            ("St. Kitts & Nevis", "KNA"),
            ("St. Lucia", "LCA"),
            ("St. Vincent & Grenadines", "VCT"),
            ("São Tomé & Príncipe", "STP"),
            ("Syria", "SYR"),
            ("Tanzania", "TZA"),
            ("Trinidad & Tobago", "TTO"),
            ("Venezuela", "VEN"),
            ("Vietnam", "VNM"),
            ("Netherlands", "NLD"),
            ("United Kingdom", "GBR"),
            ("Macedonia", "MKD"),
            ("Palestine", "PSE"),
            ("Vatican", "VAT"),
            ("UK", "GBR"),
            ("USA", "USA"),
            ("Great Britain", "GBR"),
            ("Korea, Republic of", "KOR"),
            ("Korea, Democratic People's Republic of", "PRK"),
            ("Czechia", "CZE"),
            ("Eswatini", "SWZ"),
            ("North Macedonia", "MKD"),
            ("Timor-Leste", "TLS"),
            ("Holy See", "VAT"),
            ("State of Palestine", "PSE"),
            ("Republic of Türkiye", "TUR"),
            ("The former Yugoslav Republic of Macedonia", "MKD"),
        ];
        for (name, iso3) in cases {
            assert_eq!(lookup(name).map(|state| state.iso3.as_str()), Some(iso3), "{name:?}");
        }
    }

    #[test]
    fn federal_republic_of_germany_is_germany() {
        assert_eq!(lookup("Federal Republic of Germany").map(|state| state.iso3.as_str()), Some("DEU"));
    }

    #[test]
    fn states_that_no_longer_exist_are_not_found() {
        for name in [
            "Yugoslavia",
            "Czechoslovakia",
            "German Democratic Republic",
            "Yemen Arab Republic",
            "Yemen People's Republic",
            "Zanzibar",
            "Taiwan",
        ] {
            assert_eq!(lookup(name), None, "{name:?}");
        }
    }

    #[test]
    fn a_name_never_matches_a_longer_name_that_contains_it() {
        let cases = [
            ("Guinea", "GIN"),
            ("Congo", "COG"),
            ("Niger", "NER"),
            ("Dominica", "DMA"),
            ("Sudan", "SDN"),
            ("Samoa", "WSM"),
        ];
        for (name, iso3) in cases {
            assert_eq!(lookup(name).map(|state| state.iso3.as_str()), Some(iso3), "{name:?}");
        }
        for name in ["Korea", "Bissau", "New Guinea", "American Samoa", "Republic", "Saint", "", "   ", "&"] {
            assert_eq!(lookup(name), None, "{name:?}");
        }
    }

    #[test]
    fn every_alias_points_at_a_state() {
        for &(alias, iso3) in ALIASES {
            assert_eq!(lookup(alias).map(|state| state.iso3.as_str()), Some(iso3), "{alias:?}");
        }
    }

    /// Roll calls 6004 and 6005 (A/72/PV.73, 19 December 2017) from the `unvotes` data set, with the names
    /// and ISO codes that data set uses.
    const UNVOTES_ROLL_CALLS: &str = include_str!("../tests/fixtures/un_votes_6004_6005.csv");

    #[test]
    fn names_in_unvotes_roll_calls_resolve_to_their_iso_codes() {
        let mut reader = csv::Reader::from_reader(UNVOTES_ROLL_CALLS.as_bytes());
        let mut checked = HashSet::new();
        for record in reader.records() {
            let record = record.unwrap_or_else(|error| panic!("the fixture should be valid CSV: {error}"));
            let (name, country_code) = (&record[1], &record[2]);
            if !checked.insert(name.to_owned()) {
                continue;
            }
            // `unvotes` records Serbia's seat under "Yugoslavia" (code YU) through to the present. A name
            // cannot say whether a row predates the break-up of Yugoslavia, so it is not resolved; importers
            // map those rows by date.
            if name == "Yugoslavia" {
                assert_eq!(lookup(name), None);
                continue;
            }
            let state = lookup(name).unwrap_or_else(|| panic!("{name:?} should resolve"));
            assert_eq!(state.iso2, country_code, "{name:?}");
        }
        assert_eq!(checked.len(), 161);
    }

    #[test]
    fn serialises_with_the_table_spellings() {
        let json = serde_json::to_value(state("TUR")).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(json["status"], "member");
        assert_eq!(json["regional_groups"], serde_json::json!(["Asia-Pacific", "WEOG"]));
        assert_eq!(json["m49"], 792);
        let observer = serde_json::to_value(state("PSE")).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(observer["status"], "observer");
    }

    #[test]
    fn displays_the_un_name() {
        assert_eq!(state("GBR").to_string(), "United Kingdom of Great Britain and Northern Ireland");
    }

    #[test]
    fn regional_groups_have_un_names_and_table_codes() {
        for group in RegionalGroup::ALL {
            assert_eq!(RegionalGroup::from_code(group.code()), Some(group));
        }
        assert_eq!(RegionalGroup::LatinAmericanAndCaribbean.name(), "Latin American and Caribbean States");
        assert_eq!(RegionalGroup::WesternEuropeanAndOthers.name(), "Western European and other States");
        assert_eq!(RegionalGroup::from_code("weog"), Some(RegionalGroup::WesternEuropeanAndOthers));
        assert_eq!(RegionalGroup::from_code("Latin American"), None);
    }

    const HEADER: &str = "iso3,iso2,m49,name,formal_name,status,regional_groups\n";

    fn parse_error(rows: &str) -> String {
        match Table::parse(&format!("{HEADER}{rows}")) {
            Ok(_) => panic!("{rows:?} should be rejected"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn a_malformed_table_is_rejected_with_the_reason() {
        assert!(parse_error("FRA,FR,250,France,French Republic,member,\n").contains("no regional group"));
        assert!(parse_error("FRA,FR,250,France,French Republic,full,WEOG\n").contains("status"));
        assert!(parse_error("FRA,FR,250,France,French Republic,member,Europe\n").contains("\"Europe\""));
        assert!(
            parse_error("FRA,FR,two fifty,France,French Republic,member,WEOG\n").contains("invalid digit")
        );
        assert!(parse_error("fra,FR,250,France,French Republic,member,WEOG\n").contains("alpha-3"));
        assert!(
            parse_error("FRA,FR,250,France,French Republic,member,WEOG\nFRA,FX,249,France,Metropolitan France,member,WEOG\n")
                .contains("more than one row")
        );
    }
}
