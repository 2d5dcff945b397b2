//! Dates as the UN prints them: "15 December 2025", in a masthead, a meeting line, an adoption line and a
//! record. One function, so that every writer and the record print a date the same way. And the two other
//! forms dates take across Plenary, each decided here once: the ISO form of the public JSON and the
//! command line (`2025-12-15`, `iso_date` for serde), and dates written out in running text ("On
//! 12 September 2003, …"), found by `written_dates`.

use std::sync::LazyLock;

use regex::Regex;
use time::{Date, Month};

/// Prints a date as the UN does: `15 December 2025` (the day without a leading zero, the month in full).
pub fn format_date(date: Date) -> String {
    format!("{} {} {}", date.day(), date.month(), date.year())
}

/// A date as ISO 8601 prints it: `2025-12-15`.
pub fn format_iso(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}

/// Reads an ISO date (`2025-12-15`), saying what is wrong otherwise.
pub fn parse_iso(text: &str) -> Result<Date, String> {
    Date::parse(text.trim(), &time::format_description::well_known::Iso8601::DATE)
        .map_err(|_| format!("{text:?} is not a date (YYYY-MM-DD)"))
}

// `#[serde(with = "crate::dates::iso_date")]` (and `iso_date::option`): a date in JSON as `2025-12-15`.
time::serde::format_description!(pub iso_date, Date, "[year]-[month]-[day]");

/// "12 September 2003", "12 September, 2003".
static WRITTEN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December),? (\d{4})\b",
    )
    .unwrap_or_else(|error| unreachable!("the written-date pattern is valid: {error}"))
});

/// Every date written out in `text` ("On 12 September 2003, …"), with the byte offset it starts at, in order.
/// A day that does not exist (31 April) is passed over.
pub fn written_dates(text: &str) -> impl Iterator<Item = (usize, Date)> + '_ {
    WRITTEN_DATE.captures_iter(text).filter_map(|captures| {
        let month: Month = captures[2].parse().ok()?;
        let date =
            Date::from_calendar_date(captures[3].parse().ok()?, month, captures[1].parse().ok()?).ok()?;
        Some((captures.get(0)?.start(), date))
    })
}

/// The first date written out in `text`.
pub fn first_written_date(text: &str) -> Option<Date> {
    written_dates(text).next().map(|(_, date)| date)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn a_date_as_printed() {
        assert_eq!(format_date(date!(2025 - 12 - 15)), "15 December 2025");
        assert_eq!(format_date(date!(1993 - 05 - 06)), "6 May 1993");
    }

    #[test]
    fn a_date_as_iso_prints_it_and_back() {
        assert_eq!(format_iso(date!(1987 - 05 - 27)), "1987-05-27");
        assert_eq!(parse_iso("1987-05-27"), Ok(date!(1987 - 05 - 27)));
        assert!(parse_iso("2017-13-40").is_err());
    }

    #[test]
    fn dates_written_out_in_running_text() {
        let text = "On 8 November 2022, the Government of Belarus notified the Secretary-General of its \
                    denunciation with effect from 8 February 2023 (not on 31 April 2023).";
        let found: Vec<Date> = written_dates(text).map(|(_, date)| date).collect();
        assert_eq!(found, [date!(2022 - 11 - 08), date!(2023 - 02 - 08)]);
        assert_eq!(first_written_date("4 February, 1985"), Some(date!(1985 - 02 - 04)));
    }
}
