//! Who held a seat in the General Assembly on any date since 1945: the history that tells how many members a
//! historical roll call had, and whether a state that voted in it was entitled to.
//!
//! The history is built from two compiled-in sources:
//! - `data/un-admission-dates.csv`: the admission date of each of the 193 current members. A current
//!   member holds its seat from that date on, unless [`NOT_SEATED`] says otherwise.
//! - Two short tables of historical facts in this file, each row with the reason it holds: the periods in
//!   which a current member did not hold its seat ([`NOT_SEATED`]) and the seats of states that no longer
//!   exist ([`FORMER_SEATS`]).
//!
//! # Seats and codes
//!
//! A [`Seat`] is one member's place in the Assembly. A current member's seat has the state's ISO 3166-1
//! alpha-3 code and its UN short name. A seat of a state that no longer exists has a code in the style of ISO
//! 3166-3 and the name the UN record printed:
//!
//! | code  | name                        | held                     |
//! |-------|-----------------------------|--------------------------|
//! | `CSK` | Czechoslovakia              | 1945-10-24 to 1993-01-01 |
//! | `DDR` | German Democratic Republic  | 1973-09-18 to 1990-10-03 |
//! | `YMD` | Democratic Yemen            | 1967-12-14 to 1990-05-22 |
//! | `YUG` | Yugoslavia (the SFRY)       | 1945-10-24 to 1992-09-22 |
//! | `ROC` | China (the Republic of China, Taiwan) | 1945-10-24 to 1971-10-25 |
//! | `ZZB` | Zanzibar                    | 1963-12-16 to 1964-04-26 |
//!
//! `CSK`, `DDR`, `YMD` and `YUG` are the alpha-3 codes ISO 3166-3 keeps for the former countries. ISO has no
//! code for the Republic of China's seat (`TWN` is Taiwan the territory, which is not what held the seat)
//! nor for Zanzibar, so `ROC` and `ZZB` are ours. Current members always print their present UN name
//! (Serbia, not "Serbia and Montenegro"; Germany, not "Germany, Federal Republic of").
//!
//! # Names that depend on the date
//!
//! Some names denote different seats at different times, and [`MembershipHistory::resolve`] takes the
//! period of the vote to choose: "Yugoslavia" (`YU`) is the Socialist Federal Republic before 1992-09-22 and
//! Serbia, admitted on 2000-11-01 as the Federal Republic of Yugoslavia, after (the `unvotes` data keeps
//! Serbia's votes under "Yugoslavia" to 2020); "China" is the Republic of China's seat before 1971-10-25
//! and the People's Republic's after, while "Taiwan" (`TW`) is only ever the former. "Yemen Arab Republic"
//! is Yemen's seat (the Republic of Yemen kept it in 1990) and "Federal Republic of Germany" is Germany's.
//!
//! # Counts
//!
//! The number of members on 31 December is 55 in 1946, 60 in 1950, 99 in 1960, 127 in 1970, 153 in 1980,
//! 158 in 1990, 182 in 1993, 189 in 2000, 192 in 2006 and 193 from 2011 (the tests hold these). The UN's own
//! published counts differ only in counting South Africa from 1974 to 1994 and Yugoslavia from 1992 to
//! 2000 as members: both kept their membership but took no part and had no vote, and a roll call counts
//! the members that could vote.
//!
//! # The period of a roll call
//!
//! The dates of the `unvotes` roll calls are approximate: most days of the month are 01 to 07 (roll call
//! 1177, the admission of Bahrain, is dated 1971-09-06 though resolution 2752 was adopted on
//! 1971-09-21), and with membership taken strictly on those dates 190 roll calls have a voter that was not
//! yet, or no longer, a member. Their session numbers are reliable, so [`Period::of_roll_call`] takes the
//! whole session: a roll call's members are the seats held at any time during its session. Where the date
//! lies outside the session's nominal year (48 roll calls: special and emergency special sessions held
//! between regular sessions — April–May 1947 and 1948, August 1961, May–June 1963, April–July 1967 — a
//! regular session's last meetings in September, three rows filed under the wrong session and one dated
//! months after its session) the period is the calendar month of the date instead. Over all 6,203 roll
//! calls this leaves no voter outside the membership (`docs/voting-data.md` lists them).
//!
//! The price is that a member admitted during a session counts as a member (not voting) in that session's
//! roll calls held before its admission: a session's members are an upper bound, never fewer than those who
//! could vote.

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use serde::Deserialize;
use time::macros::date;
use time::{Date, Month};

use crate::states::{self, MemberState};

/// One place in the General Assembly: a current member's, or that of a state that no longer exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seat {
    /// ISO 3166-1 alpha-3 for a current member (`CHN`), or the code of a former seat (`CSK`, `ROC`; see the
    /// module documentation). Unique among seats.
    pub code: &'static str,
    /// The name the UN record prints: the UN short name of a current member, the historical name of a
    /// former seat.
    pub name: &'static str,
    /// The current member state that holds this seat; `None` for a former seat.
    pub state: Option<&'static MemberState>,
    /// When the seat was held, in date order, never overlapping.
    tenures: Vec<Tenure>,
}

impl Seat {
    /// The periods in which the seat was held, in date order.
    pub fn tenures(&self) -> &[Tenure] {
        &self.tenures
    }

    /// Whether the seat was held on this day.
    pub fn held_on(&self, date: Date) -> bool {
        self.held_during(Period::day(date))
    }

    /// Whether the seat was held at any time during the period.
    pub fn held_during(&self, period: Period) -> bool {
        self.tenures.iter().any(|tenure| tenure.overlaps(period))
    }

    /// "a member from 1945-10-24 until 1993-01-01", "a member since 1971-10-25", "a member from 1945-11-07
    /// until 1974-11-12 and since 1994-06-23".
    pub fn tenure_description(&self) -> String {
        let parts: Vec<String> = self
            .tenures
            .iter()
            .map(|tenure| match tenure.until {
                Some(until) => format!("from {} until {until}", tenure.from),
                None => format!("since {}", tenure.from),
            })
            .collect();
        format!("a member {}", parts.join(" and "))
    }
}

impl fmt::Display for Seat {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name)
    }
}

/// A continuous holding of a seat: from `from` (included) until `until` (excluded), or to the present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tenure {
    pub from: Date,
    pub until: Option<Date>,
}

impl Tenure {
    fn overlaps(self, period: Period) -> bool {
        self.from < period.until && self.until.is_none_or(|until| period.from < until)
    }
}

/// A span of days, from `from` (included) until `until` (excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    pub from: Date,
    pub until: Date,
}

impl Period {
    /// The period from `from` (included) until `until` (excluded); `None` if it holds no day.
    pub fn new(from: Date, until: Date) -> Option<Period> {
        (from < until).then_some(Period { from, until })
    }

    /// One day.
    pub fn day(date: Date) -> Period {
        Period { from: date, until: date.next_day().unwrap_or(date) }
    }

    /// The calendar month the date falls in.
    pub fn month_of(date: Date) -> Period {
        let from = date.replace_day(1).unwrap_or(date);
        let (year, month) = match date.month() {
            Month::December => (date.year() + 1, Month::January),
            month => (date.year(), month.next()),
        };
        let until = Date::from_calendar_date(year, month, 1).unwrap_or(date);
        Period { from, until }
    }

    /// The nominal year of a regular session: session N (N ≥ 2) from 1 September of 1945 + N to 1
    /// September of the next year; the first session, which met in London and New York in 1946, from
    /// 1 January 1946 to 1 September 1947. `None` for session 0.
    pub fn session(number: u16) -> Option<Period> {
        let september_first = |year: i32| Date::from_calendar_date(year, Month::September, 1).ok();
        match number {
            0 => None,
            1 => Some(Period { from: date!(1946 - 01 - 01), until: date!(1947 - 09 - 01) }),
            _ => {
                let year = 1945 + i32::from(number);
                Some(Period { from: september_first(year)?, until: september_first(year + 1)? })
            }
        }
    }

    /// The period whose members a roll call of the `unvotes` data counts: its session's nominal year, or,
    /// when its (approximate) date lies outside that year, the calendar month of the date. See the module
    /// documentation for why.
    pub fn of_roll_call(session: u16, date: Date) -> Period {
        match Period::session(session) {
            Some(period) if period.contains(date) => period,
            _ => Period::month_of(date),
        }
    }

    pub fn contains(self, date: Date) -> bool {
        self.from <= date && date < self.until
    }

    /// The last day of the period.
    pub fn last_day(self) -> Date {
        self.until.previous_day().unwrap_or(self.from)
    }
}

impl fmt::Display for Period {
    /// "on 2017-12-19" for one day, "between 2017-09-01 and 2018-08-31" (both included) otherwise.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.last_day() == self.from {
            write!(formatter, "on {}", self.from)
        } else {
            write!(formatter, "between {} and {}", self.from, self.last_day())
        }
    }
}

/// Why a name does not give a seat.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MembershipError {
    /// No state, current or former, has this name or code.
    #[error("{name:?} is not a UN member state")]
    Unknown { name: String },
    /// A non-member observer State (the Holy See, the State of Palestine): it takes part but never votes.
    #[error("{name} is a non-member observer State and has no vote")]
    Observer { name: String },
    /// A known seat, but not held in the period.
    #[error("{name} was not a member {period} ({tenure})")]
    NotAMember { name: String, period: Period, tenure: String },
}

/// The seats a name or code can denote, before a period chooses among them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidates<'h> {
    /// In order of preference: when a period overlaps the tenures of two of them, the first wins.
    seats: Vec<&'h Seat>,
}

impl<'h> Candidates<'h> {
    pub fn seats(&self) -> &[&'h Seat] {
        &self.seats
    }

    /// The seat held during the period (see [`Candidates::seats`] for the order of preference).
    pub fn held_during(&self, period: Period) -> Result<&'h Seat, MembershipError> {
        if let Some(seat) = self.seats.iter().find(|seat| seat.held_during(period)) {
            return Ok(seat);
        }
        // `identify` never gives an empty list; an empty one would be a name of nothing.
        let first = self.seats.first().ok_or_else(|| MembershipError::Unknown { name: String::new() })?;
        let tenure = if self.seats.len() == 1 {
            first.tenure_description()
        } else {
            let each: Vec<String> = self
                .seats
                .iter()
                .map(|seat| format!("{} ({}): {}", seat.name, seat.code, seat.tenure_description()))
                .collect();
            each.join("; ")
        };
        Err(MembershipError::NotAMember { name: first.name.to_owned(), period, tenure })
    }
}

/// Every seat there has been, and the names that find them.
#[derive(Debug)]
pub struct MembershipHistory {
    /// In the English alphabetical order of UN names ([`states::un_order_key`]), then by code.
    seats: Vec<Seat>,
    by_code: HashMap<&'static str, usize>,
    /// From [`states::un_order_key`] of each entry of [`OTHER_NAMES`] to the seats it denotes.
    by_other_name: HashMap<String, Vec<usize>>,
}

/// The history compiled into the crate, built on first use.
pub fn history() -> &'static MembershipHistory {
    &HISTORY
}

static HISTORY: LazyLock<MembershipHistory> = LazyLock::new(|| {
    MembershipHistory::build().unwrap_or_else(|error| {
        panic!("the membership history compiled into plenary-core is inconsistent: {error}")
    })
});

impl MembershipHistory {
    /// Every seat, current and former, in UN order.
    pub fn seats(&self) -> &[Seat] {
        &self.seats
    }

    /// The seat with this code: ISO 3166-1 alpha-3 for a current member, or a former seat's code.
    pub fn seat(&self, code: &str) -> Option<&Seat> {
        let code = code.trim().to_ascii_uppercase();
        self.by_code.get(code.as_str()).map(|&index| &self.seats[index])
    }

    /// The members on this day, in UN order.
    pub fn members_on(&self, date: Date) -> Vec<&Seat> {
        self.members_during(Period::day(date))
    }

    /// The seats held at any time during the period, in UN order.
    pub fn members_during(&self, period: Period) -> Vec<&Seat> {
        self.seats.iter().filter(|seat| seat.held_during(period)).collect()
    }

    /// The seats a name or code can denote: a current member's ISO code, UN name, formal name or alias (see
    /// [`states::lookup`]), a former seat's code or name, or one of the names that depend on the date.
    pub fn identify(&self, name_or_code: &str) -> Result<Candidates<'_>, MembershipError> {
        let text = name_or_code.trim();
        let seats =
            |indexes: &[usize]| Candidates { seats: indexes.iter().map(|&i| &self.seats[i]).collect() };
        if let Some(indexes) = self.by_other_name.get(&states::un_order_key(text)) {
            return Ok(seats(indexes));
        }
        if let Some(&index) = FORMER_SEATS
            .iter()
            .find(|former| former.code.eq_ignore_ascii_case(text))
            .and_then(|former| self.by_code.get(former.code))
        {
            return Ok(seats(&[index]));
        }
        match states::lookup(text) {
            Some(state) if !state.is_member() => Err(MembershipError::Observer { name: state.name.clone() }),
            Some(state) => match self.by_code.get(state.iso3.as_str()) {
                Some(&index) => Ok(seats(&[index])),
                None => Err(MembershipError::Unknown { name: text.to_owned() }),
            },
            None => Err(MembershipError::Unknown { name: text.to_owned() }),
        }
    }

    /// The seat a name or code denotes during the period. The error tells an unknown name from an observer
    /// State and from a seat not held then, which it gives the dates of.
    pub fn resolve(&self, name_or_code: &str, period: Period) -> Result<&Seat, MembershipError> {
        self.identify(name_or_code)?.held_during(period)
    }

    fn build() -> Result<MembershipHistory, String> {
        let mut seats = Vec::new();
        let mut reader = csv::Reader::from_reader(ADMISSION_DATES_CSV.as_bytes());
        for (row, record) in reader.deserialize::<AdmissionRow>().enumerate() {
            let record =
                record.map_err(|error| format!("un-admission-dates.csv row {}: {error}", row + 1))?;
            let state = admitted_state(&record.member_state)?;
            let from = parse_date(&record.admission_date)?;
            let mut tenures = vec![Tenure { from, until: None }];
            for not_seated in NOT_SEATED.iter().filter(|not_seated| not_seated.iso3 == state.iso3) {
                tenures = without(&tenures, not_seated.from, not_seated.until);
            }
            seats.push(Seat {
                code: state.iso3.as_str(),
                name: state.name.as_str(),
                state: Some(state),
                tenures,
            });
        }
        let members = states::members().count();
        if seats.len() != members {
            return Err(format!("{} admission dates for {members} member states", seats.len()));
        }
        for former in FORMER_SEATS {
            let tenures = vec![Tenure { from: former.from, until: Some(former.until) }];
            seats.push(Seat { code: former.code, name: former.name, state: None, tenures });
        }
        seats.sort_by_cached_key(|seat| (states::un_order_key(seat.name), seat.code));

        let mut by_code = HashMap::new();
        for (index, seat) in seats.iter().enumerate() {
            if by_code.insert(seat.code, index).is_some() {
                return Err(format!("two seats have the code {}", seat.code));
            }
        }
        let mut by_other_name = HashMap::new();
        for &(name, codes) in OTHER_NAMES {
            let indexes = codes
                .iter()
                .map(|code| {
                    by_code.get(code).copied().ok_or_else(|| format!("{name:?} names no seat {code}"))
                })
                .collect::<Result<Vec<usize>, String>>()?;
            if by_other_name.insert(states::un_order_key(name), indexes).is_some() {
                return Err(format!("{name:?} is listed twice among the other names"));
            }
        }
        Ok(MembershipHistory { seats, by_code, by_other_name })
    }
}

/// The admission dates of the 193 current members, as the UN publishes them.
const ADMISSION_DATES_CSV: &str = include_str!("../data/un-admission-dates.csv");

#[derive(Debug, Deserialize)]
struct AdmissionRow {
    member_state: String,
    admission_date: String,
}

/// Spellings of the admission-date list that [`states::lookup`] does not recognise, with the ISO 3166-1
/// alpha-3 code of the member they denote. The other odd spellings there ("Bahamas (The)", "Côte D'Ivoire",
/// "Guinea Bissau", "Lao People’s Democratic Republic") differ from UN names only in what `lookup`
/// normalises.
const ADMISSION_LIST_SPELLINGS: &[(&str, &str)] = &[("Gambia (Republic of The)", "GMB")];

fn admitted_state(name: &str) -> Result<&'static MemberState, String> {
    let state = match ADMISSION_LIST_SPELLINGS.iter().find(|(spelling, _)| *spelling == name) {
        Some((_, iso3)) => states::by_iso3(iso3),
        None => states::lookup(name),
    };
    state
        .filter(|state| state.is_member())
        .ok_or_else(|| format!("the admission date of {name:?} names no member state"))
}

fn parse_date(text: &str) -> Result<Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.trim(), &format).map_err(|error| format!("{text:?} is not a date: {error}"))
}

/// The tenures with the days from `from` until `until` taken out.
fn without(tenures: &[Tenure], from: Date, until: Date) -> Vec<Tenure> {
    let mut kept = Vec::new();
    for &tenure in tenures {
        if from > tenure.from {
            let end = tenure.until.map_or(from, |end| end.min(from));
            kept.push(Tenure { from: tenure.from, until: Some(end) });
        }
        if tenure.until.is_none_or(|end| until < end) {
            kept.push(Tenure { from: tenure.from.max(until), until: tenure.until });
        }
    }
    kept
}

/// A period in which a current member did not hold its seat.
#[derive(Debug)]
struct NotSeated {
    iso3: &'static str,
    from: Date,
    until: Date,
}

/// The periods in which a current member did not hold its seat.
const NOT_SEATED: &[NotSeated] = &[
    // China's seat was held by the Republic of China (Taiwan) from the founding until General Assembly
    // resolution 2758 (XXVI) of 25 October 1971 restored "all its rights" to the People's Republic of China.
    // The admission list gives China the founding date; the People's Republic holds the seat from 1971.
    NotSeated { iso3: "CHN", from: date!(1945 - 10 - 24), until: date!(1971 - 10 - 25) },
    // Syria and Egypt formed the United Arab Republic on 21 February 1958, which kept one seat (Egypt's).
    // Syria seceded in 1961 and resumed its separate membership on 13 October 1961.
    NotSeated { iso3: "SYR", from: date!(1958 - 02 - 21), until: date!(1961 - 10 - 13) },
    // Indonesia announced its withdrawal on 20 January 1965, effective 1 March 1965 (the only withdrawal
    // in UN history), and resumed full cooperation on 28 September 1966.
    NotSeated { iso3: "IDN", from: date!(1965 - 03 - 01), until: date!(1966 - 09 - 28) },
    // South Africa remained a member but was excluded from participating in the General Assembly from the
    // President's ruling of 12 November 1974, upheld by the Assembly, until its delegation was seated again
    // by resolution 48/258 of 23 June 1994.
    NotSeated { iso3: "ZAF", from: date!(1974 - 11 - 12), until: date!(1994 - 06 - 23) },
];

/// The seat of a state that no longer exists.
#[derive(Debug)]
struct FormerSeat {
    code: &'static str,
    name: &'static str,
    from: Date,
    until: Date,
}

/// The seats of states that no longer exist.
const FORMER_SEATS: &[FormerSeat] = &[
    // An original member; dissolved on 1 January 1993. Czechia and Slovakia were admitted as new members on
    // 19 January 1993.
    FormerSeat {
        code: "CSK",
        name: "Czechoslovakia",
        from: date!(1945 - 10 - 24),
        until: date!(1993 - 01 - 01),
    },
    // Admitted with the Federal Republic on 18 September 1973; joined the Federal Republic on 3 October 1990,
    // which continued as the member "Germany".
    FormerSeat {
        code: "DDR",
        name: "German Democratic Republic",
        from: date!(1973 - 09 - 18),
        until: date!(1990 - 10 - 03),
    },
    // Admitted as Southern Yemen on 14 December 1967 (later the People's Democratic Republic of Yemen, listed
    // by the UN as Democratic Yemen); merged with the Yemen Arab Republic on 22 May 1990 into the Republic
    // of Yemen, which kept the Yemen Arab Republic's seat (admitted 1947).
    FormerSeat {
        code: "YMD",
        name: "Democratic Yemen",
        from: date!(1967 - 12 - 14),
        until: date!(1990 - 05 - 22),
    },
    // An original member. By resolution 47/1 of 22 September 1992 the Assembly decided that the Federal
    // Republic of Yugoslavia could not continue the membership of the Socialist Federal Republic and should
    // not participate in its work; the FRY was admitted as a new member on 1 November 2000 (Serbia in the
    // admission list).
    FormerSeat { code: "YUG", name: "Yugoslavia", from: date!(1945 - 10 - 24), until: date!(1992 - 09 - 22) },
    // China's seat as held by the Republic of China until resolution 2758 (XXVI) of 25 October 1971 (see
    // NOT_SEATED). The record printed it as "China".
    FormerSeat { code: "ROC", name: "China", from: date!(1945 - 10 - 24), until: date!(1971 - 10 - 25) },
    // Admitted on 16 December 1963; united with Tanganyika (a member since 1961) on 26 April 1964 into the
    // United Republic of Tanzania, which continued Tanganyika's seat.
    FormerSeat { code: "ZZB", name: "Zanzibar", from: date!(1963 - 12 - 16), until: date!(1964 - 04 - 26) },
];

/// Names and codes that [`states::lookup`] does not resolve, or must not resolve alone, with the seats they
/// denote in order of preference (the first seat held during a period wins).
const OTHER_NAMES: &[(&str, &[&str])] = &[
    // "Yugoslavia" is the SFRY until 1992 and, in the `unvotes` data, the Federal Republic admitted in 2000
    // (Serbia) to the present.
    ("Yugoslavia", &["YUG", "SRB"]),
    ("YU", &["YUG", "SRB"]),
    ("Socialist Federal Republic of Yugoslavia", &["YUG"]),
    ("Federal Republic of Yugoslavia", &["SRB"]),
    ("Serbia and Montenegro", &["SRB"]),
    // The People's Republic in the data from 1971 on, but the Republic of China's seat in the records before.
    ("China", &["CHN", "ROC"]),
    ("Taiwan", &["ROC"]),
    ("TW", &["ROC"]),
    ("Republic of China", &["ROC"]),
    ("Czechoslovakia", &["CSK"]),
    ("CS", &["CSK"]),
    ("German Democratic Republic", &["DDR"]),
    ("DD", &["DDR"]),
    ("Democratic Yemen", &["YMD"]),
    ("Yemen People's Republic", &["YMD"]),
    ("People's Democratic Republic of Yemen", &["YMD"]),
    ("YD", &["YMD"]),
    // The Republic of Yemen kept the Yemen Arab Republic's seat.
    ("Yemen Arab Republic", &["YEM"]),
    ("Zanzibar", &["ZZB"]),
    // The Russian Federation continued the seat of the USSR in 1991.
    ("Union of Soviet Socialist Republics", &["RUS"]),
    ("USSR", &["RUS"]),
    ("Soviet Union", &["RUS"]),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn members_on_31_december(year: i32) -> usize {
        let date = Date::from_calendar_date(year, Month::December, 31).unwrap();
        history().members_on(date).len()
    }

    fn code_on(name: &str, date: Date) -> Result<&'static str, MembershipError> {
        history().resolve(name, Period::day(date)).map(|seat| seat.code)
    }

    #[test]
    fn the_counts_of_members_on_31_december() {
        let expected = [
            (1946, 55),
            (1950, 60),
            (1960, 99),
            (1970, 127),
            (1980, 153),
            (1990, 158),
            (1993, 182),
            (2000, 189),
            (2006, 192),
            (2011, 193),
            (2019, 193),
        ];
        for (year, members) in expected {
            assert_eq!(members_on_31_december(year), members, "{year}");
        }
    }

    #[test]
    fn every_admission_date_names_a_current_member() {
        let current: Vec<&Seat> = history().seats().iter().filter(|seat| seat.state.is_some()).collect();
        assert_eq!(current.len(), 193);
        for state in states::members() {
            let seat = history().seat(&state.iso3).unwrap_or_else(|| panic!("{} has no seat", state.name));
            assert_eq!(seat.state, Some(state));
        }
        for spelling in [
            "Bahamas (The)",
            "Côte D'Ivoire",
            "Gambia (Republic of The)",
            "Guinea Bissau",
            "Lao People’s Democratic Republic",
        ] {
            assert!(admitted_state(spelling).is_ok(), "{spelling:?}");
        }
        assert_eq!(history().seat("GMB").unwrap().tenures()[0].from, date!(1965 - 09 - 21));
    }

    #[test]
    fn today_the_members_are_the_193_member_states() {
        let today = history().members_on(date!(2026 - 01 - 01));
        assert_eq!(today.len(), 193);
        assert!(today.iter().all(|seat| seat.state.is_some_and(MemberState::is_member)));
        let names: Vec<&str> = today.iter().map(|seat| seat.name).collect();
        let mut sorted = names.clone();
        sorted.sort_by_cached_key(|name| states::un_order_key(name));
        assert_eq!(names, sorted, "in UN order");
    }

    #[test]
    fn chinas_seat_passed_to_the_peoples_republic_on_25_october_1971() {
        assert_eq!(code_on("China", date!(1971 - 10 - 24)), Ok("ROC"));
        assert_eq!(code_on("China", date!(1971 - 10 - 25)), Ok("CHN"));
        assert_eq!(code_on("Taiwan", date!(1950 - 06 - 01)), Ok("ROC"));
        assert_eq!(code_on("CN", date!(2017 - 12 - 19)), Ok("CHN"));
        assert_eq!(history().seat("ROC").unwrap().name, "China");
        let error = code_on("TW", date!(1972 - 01 - 01)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "China was not a member on 1972-01-01 (a member from 1945-10-24 until 1971-10-25)"
        );
        let error = code_on("CHN", date!(1960 - 01 - 01)).unwrap_err();
        assert_eq!(error.to_string(), "China was not a member on 1960-01-01 (a member since 1971-10-25)");
    }

    #[test]
    fn yugoslavia_is_the_sfry_before_1992_and_serbia_from_2000() {
        assert_eq!(code_on("Yugoslavia", date!(1980 - 01 - 01)), Ok("YUG"));
        assert_eq!(code_on("YU", date!(2017 - 12 - 19)), Ok("SRB"));
        assert_eq!(code_on("Serbia", date!(2017 - 12 - 19)), Ok("SRB"));
        let error = code_on("Yugoslavia", date!(1995 - 01 - 01)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Yugoslavia was not a member on 1995-01-01 (Yugoslavia (YUG): a member from 1945-10-24 until \
             1992-09-22; Serbia (SRB): a member since 2000-11-01)"
        );
    }

    #[test]
    fn seats_interrupted_and_seats_that_ended() {
        let held = |code: &str, date: Date| history().seat(code).unwrap().held_on(date);
        assert!(!held("SYR", date!(1960 - 01 - 01)));
        assert!(held("EGY", date!(1960 - 01 - 01)), "the United Arab Republic kept Egypt's seat");
        assert!(held("SYR", date!(1961 - 10 - 13)));
        assert!(!held("IDN", date!(1965 - 06 - 01)));
        assert!(held("IDN", date!(1966 - 09 - 28)));
        assert!(!held("ZAF", date!(1980 - 01 - 01)));
        assert!(held("ZAF", date!(1994 - 06 - 23)));
        assert_eq!(
            history().seat("ZAF").unwrap().tenure_description(),
            "a member from 1945-11-07 until 1974-11-12 and since 1994-06-23"
        );
        assert!(held("CSK", date!(1992 - 12 - 31)) && !held("CSK", date!(1993 - 01 - 01)));
        assert!(held("DDR", date!(1990 - 10 - 02)) && !held("DDR", date!(1990 - 10 - 03)));
        assert!(held("ZZB", date!(1964 - 01 - 01)));
    }

    #[test]
    fn names_of_former_states_and_of_seats_that_continued() {
        assert_eq!(code_on("German Democratic Republic", date!(1980 - 01 - 01)), Ok("DDR"));
        assert_eq!(code_on("Federal Republic of Germany", date!(1980 - 01 - 01)), Ok("DEU"));
        assert_eq!(code_on("Yemen Arab Republic", date!(1980 - 01 - 01)), Ok("YEM"));
        assert_eq!(code_on("Yemen People's Republic", date!(1980 - 01 - 01)), Ok("YMD"));
        assert_eq!(code_on("YD", date!(1980 - 01 - 01)), Ok("YMD"));
        assert_eq!(code_on("CSK", date!(1980 - 01 - 01)), Ok("CSK"));
        assert_eq!(code_on("Zanzibar", date!(1964 - 01 - 01)), Ok("ZZB"));
        assert_eq!(code_on("USSR", date!(1980 - 01 - 01)), Ok("RUS"));
    }

    #[test]
    fn unknown_names_observers_and_non_members_are_told_apart() {
        let period = Period::day(date!(2017 - 12 - 19));
        assert_eq!(
            history().resolve("Atlantis", period).unwrap_err().to_string(),
            "\"Atlantis\" is not a UN member state"
        );
        assert_eq!(
            history().resolve("Holy See", period).unwrap_err(),
            MembershipError::Observer { name: "Holy See".to_owned() }
        );
        assert!(matches!(
            history().resolve("Czechoslovakia", period),
            Err(MembershipError::NotAMember { .. })
        ));
    }

    #[test]
    fn other_names_are_not_names_of_current_states() {
        for &(name, _) in OTHER_NAMES {
            let current = states::lookup(name);
            assert!(
                current.is_none() || name == "China",
                "{name:?} is already {current:?}; only a name that depends on the date may be listed again"
            );
        }
    }

    #[test]
    fn a_session_runs_from_september_to_september() {
        let session_72 = Period::session(72).unwrap();
        assert_eq!((session_72.from, session_72.until), (date!(2017 - 09 - 01), date!(2018 - 09 - 01)));
        assert_eq!(history().members_during(session_72).len(), 193);
        assert_eq!(session_72.to_string(), "between 2017-09-01 and 2018-08-31");
        assert_eq!(Period::session(1).unwrap().from, date!(1946 - 01 - 01));
        assert_eq!(Period::session(0), None);
    }

    #[test]
    fn a_roll_call_dated_outside_its_session_counts_the_members_of_its_month() {
        // Roll call 9001: the first special session on Palestine, April–May 1947, filed under session 2.
        let special = Period::of_roll_call(2, date!(1947 - 05 - 06));
        assert_eq!((special.from, special.until), (date!(1947 - 05 - 01), date!(1947 - 06 - 01)));
        assert_eq!(history().members_during(special).len(), 55);
        // Roll call 1177 (the admission of Bahrain, 1971-09-21) is dated 1971-09-06: its session decides.
        let bahrain = Period::of_roll_call(26, date!(1971 - 09 - 06));
        assert_eq!(bahrain, Period::session(26).unwrap());
        assert!(history().resolve("Bahrain", bahrain).is_ok());
        assert!(history().resolve("Bahrain", Period::day(date!(1971 - 09 - 06))).is_err());
        let december = Period::month_of(date!(1999 - 12 - 15));
        assert_eq!((december.from, december.until), (date!(1999 - 12 - 01), date!(2000 - 01 - 01)));
    }

    #[test]
    fn in_the_session_of_the_change_both_chinas_were_members() {
        // Session 26 (1971–72) saw the Republic of China's last votes and the People's Republic's first.
        let session_26 = Period::session(26).unwrap();
        assert_eq!(history().resolve("Taiwan", session_26).map(|seat| seat.code), Ok("ROC"));
        assert_eq!(history().resolve("China", session_26).map(|seat| seat.code), Ok("CHN"));
    }
}
