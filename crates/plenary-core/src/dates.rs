//! Dates as the UN prints them: "15 December 2025", in a masthead, a meeting line, an adoption line and a
//! record. One function, so that every writer and the record print a date the same way.

use time::Date;

/// Prints a date as the UN does: `15 December 2025` (the day without a leading zero, the month in full).
pub fn format_date(date: Date) -> String {
    format!("{} {} {}", date.day(), date.month(), date.year())
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
}
