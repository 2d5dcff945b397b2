//! Who sat on the Human Rights Council on a given day, from the membership table we hold
//! (`data/hrc-membership-partial.csv`: the first two Council years, June 2006 to June 2008, and every
//! calendar year from 2016 to 2026).
//!
//! The Council's first two years ran from June to June; since 2008 terms follow the calendar year. Two
//! years changed in mid-course, and the table lists 48 names for them; the dates of the change are kept
//! here, one fact per line, so that a vote on a given day counts 47 seats or fewer, never 48.

use std::collections::BTreeSet;

use time::{Date, Month};

use super::event::StateRef;

const TABLE: &str = include_str!("../../data/hrc-membership-partial.csv");

/// A member whose seat changed hands during a year: it sat only between these dates (the end exclusive).
struct MidYearChange {
    member: &'static str,
    from: Option<(i32, Month, u8)>,
    until: Option<(i32, Month, u8)>,
}

const MID_YEAR_CHANGES: &[MidYearChange] = &[
    // The United States announced its withdrawal from the Council on 19 June 2018.
    MidYearChange { member: "USA", from: None, until: Some((2018, Month::June, 19)) },
    // Iceland was elected on 13 July 2018 to the seat the United States left.
    MidYearChange { member: "ISL", from: Some((2018, Month::July, 13)), until: None },
    // The Russian Federation's membership was suspended by resolution ES-11/3 on 7 April 2022, and it
    // resigned the same day.
    MidYearChange { member: "RUS", from: None, until: Some((2022, Month::April, 7)) },
    // Czechia was elected on 10 May 2022 for the remainder of the Russian Federation's term.
    MidYearChange { member: "CZE", from: Some((2022, Month::May, 10)), until: None },
];

/// The members of the Human Rights Council on `date`, or why we cannot say.
pub fn members_on(date: Date) -> Result<BTreeSet<StateRef>, String> {
    let period = period_of(date);
    let mut members = BTreeSet::new();
    for (line, record) in csv::Reader::from_reader(TABLE.as_bytes()).records().enumerate() {
        let record =
            record.map_err(|error| format!("the Council membership table, row {}: {error}", line + 2))?;
        if record.get(0) != Some(period.as_str()) {
            continue;
        }
        let name = record.get(1).unwrap_or_default();
        let member: StateRef = name
            .parse()
            .map_err(|error| format!("the Council membership table, row {}: {error}", line + 2))?;
        if sits_on(&member, date) {
            members.insert(member);
        }
    }
    if members.is_empty() {
        return Err(format!(
            "the membership of the Human Rights Council on {date} is not in our table (it holds June 2006 to \
             June 2008 and 2016 to 2026): list the members in meeting_opened"
        ));
    }
    Ok(members)
}

/// The table's name for the Council year that contains `date`.
fn period_of(date: Date) -> String {
    let year = date.year();
    let june_19 = |year| Date::from_calendar_date(year, Month::June, 19).ok();
    if (2006..=2008).contains(&year) {
        let start = if Some(date) >= june_19(year) { year } else { year - 1 };
        return format!("{start}-{}", start + 1);
    }
    year.to_string()
}

fn sits_on(member: &StateRef, date: Date) -> bool {
    let to_date = |(year, month, day): (i32, Month, u8)| Date::from_calendar_date(year, month, day).ok();
    MID_YEAR_CHANGES
        .iter()
        .filter(|change| change.member == member.code())
        .filter(|change| {
            let year = change.from.or(change.until).map(|(year, _, _)| year);
            year == Some(date.year())
        })
        .all(|change| {
            change.from.and_then(to_date).is_none_or(|from| date >= from)
                && change.until.and_then(to_date).is_none_or(|until| date < until)
        })
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn every_year_in_the_table_has_47_members_on_any_day() {
        for day in
            [date!(2006 - 07 - 01), date!(2008 - 03 - 01), date!(2017 - 03 - 23), date!(2019 - 07 - 11)]
        {
            assert_eq!(members_on(day).map(|members| members.len()), Ok(47), "{day}");
        }
        assert_eq!(members_on(date!(2026 - 10 - 01)).map(|members| members.len()), Ok(47));
    }

    #[test]
    fn a_seat_that_changed_hands_is_counted_once() {
        let before = members_on(date!(2018 - 03 - 23)).unwrap();
        assert!(before.contains(&"USA".parse().unwrap()) && !before.contains(&"ISL".parse().unwrap()));
        let after = members_on(date!(2018 - 09 - 28)).unwrap();
        assert!(!after.contains(&"USA".parse().unwrap()) && after.contains(&"ISL".parse().unwrap()));
        assert_eq!(after.len(), 47);
        assert_eq!(members_on(date!(2022 - 04 - 20)).unwrap().len(), 46, "between suspension and election");
    }

    #[test]
    fn years_we_do_not_hold_say_so() {
        assert!(members_on(date!(2012 - 03 - 22)).unwrap_err().contains("not in our table"));
    }
}
