//! The shapes of the lines UN documents print around and inside their text: job numbers, page counters,
//! barcodes, footnote rules, meeting lines and dates (printed by `plenary_core::dates`). Each is a pure predicate on one trimmed line, so that
//! the importers and the word-conservation check recognise furniture the same way.

use time::{Date, Month};

pattern!(JOB_NUMBER, r"^\d{2}-\d{5}\*?(?:\s*\(E\))?(?:\s+\d{6})?$");
pattern!(PAGE_COUNTER, r"^\d{1,3}/\d{1,3}$");
pattern!(
    JOB_AND_PAGE,
    r"^(?:\d{2}-\d{5}\*?(?:\s*\(E\))?\s+\d{1,3}/\d{1,3}|\d{1,3}/\d{1,3}\s+\d{2}-\d{5}\*?(?:\s*\(E\))?)$"
);
pattern!(BARCODE, r"^\*\d{7,8}\*$");
pattern!(RULE, r"^_{5,}$");
pattern!(ANNEX_HEADING, r"^(?:Annex(?:es)?|Appendix)(?:\s+(?:[IVXLC]+|\d{1,2}))?$");
pattern!(
    DATE,
    r"^(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December),? ?(\d{4})$"
);
pattern!(
    DATE_ANYWHERE,
    r"(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December),? (\d{4})"
);

/// `25-20949 (E)`, `17-22972 (E)    240118`, `25-20949`: the job number of a UN document.
pub fn is_job_number(line: &str) -> bool {
    JOB_NUMBER.is_match(line)
}

/// `2/11`: a page counter.
pub fn is_page_counter(line: &str) -> bool {
    PAGE_COUNTER.is_match(line) && page_counter(line).is_some_and(|(page, pages)| page >= 1 && page <= pages)
}

/// `18-18142 2/5` or `3/5 18-18142`: job number and page counter on one line, as some extractors print them.
pub fn is_job_number_and_page_counter(line: &str) -> bool {
    JOB_AND_PAGE.is_match(line)
}

/// The page and page count of a counter such as `2/11`.
pub fn page_counter(line: &str) -> Option<(u32, u32)> {
    let (page, pages) = line.split_once('/')?;
    Some((page.parse().ok()?, pages.parse().ok()?))
}

/// `*2520949*`: the barcode line under the job number.
pub fn is_barcode(line: &str) -> bool {
    BARCODE.is_match(line)
}

/// A line of underscores: the rule above a page's footnotes.
pub fn is_rule(line: &str) -> bool {
    RULE.is_match(line)
}

/// "Annex", "Annex II", "Appendix": the heading line that opens an annex.
pub fn is_annex_heading(line: &str) -> bool {
    ANNEX_HEADING.is_match(line)
}

/// A date printed as `15 December 2025`, alone on its line.
pub fn parse_date_line(line: &str) -> Option<Date> {
    let captures = DATE.captures(line.trim())?;
    build_date(&captures[1], &captures[2], &captures[3])
}

/// The first date printed as `15 December 2025` anywhere in the text.
pub fn find_date(text: &str) -> Option<Date> {
    let captures = DATE_ANYWHERE.captures(text)?;
    build_date(&captures[1], &captures[2], &captures[3])
}

fn build_date(day: &str, month: &str, year: &str) -> Option<Date> {
    let month = match month {
        "January" => Month::January,
        "February" => Month::February,
        "March" => Month::March,
        "April" => Month::April,
        "May" => Month::May,
        "June" => Month::June,
        "July" => Month::July,
        "August" => Month::August,
        "September" => Month::September,
        "October" => Month::October,
        "November" => Month::November,
        "December" => Month::December,
        _ => return None,
    };
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

/// A line holding the document's own symbol, as running headers print it: `A/RES/80/198`, with a star
/// when the document was reissued, or twice over when the extractor doubled it (`A/RES/78/18A/RES/78/18`).
pub fn is_own_symbol_line(line: &str, symbol: &plenary_core::Symbol) -> bool {
    if !line.contains('/') {
        return false;
    }
    let candidate = line.trim_end_matches('*').trim();
    let shown = symbol.as_str();
    if candidate == shown || candidate.replace(' ', "") == shown.replace(' ', "") {
        return true;
    }
    if let Some(rest) = candidate.strip_prefix(shown)
        && rest.trim() == shown
    {
        return true;
    }
    plenary_core::Symbol::parse(candidate).is_ok_and(|parsed| &parsed == symbol)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_lines() {
        assert!(is_job_number("25-20949 (E)"));
        assert!(is_job_number("17-22972 (E)    240118"));
        assert!(is_job_number("25-20949"));
        assert!(!is_job_number("2015-2030"));
        assert!(is_page_counter("2/11"));
        assert!(!is_page_counter("12/11"));
        assert!(!is_page_counter("70/1,"));
        assert!(is_job_number_and_page_counter("18-18142 2/5"));
        assert!(is_job_number_and_page_counter("3/5 18-18142"));
        assert!(is_barcode("*2520949*"));
        assert!(is_rule("_______________"));
    }

    #[test]
    fn dates() {
        let date = parse_date_line("15 December 2025").unwrap();
        assert_eq!(plenary_core::dates::format_date(date), "15 December 2025");
        assert_eq!(parse_date_line("31 February 2025"), None);
        assert_eq!(find_date("on 15 December 2025"), Some(date));
    }
}
