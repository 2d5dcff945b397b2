//! Agreed language on the pages: the history page of a paragraph (where its clause was first agreed, its
//! versions across texts with a redline between consecutive ones, the texts that dropped it), and the
//! marks the document page and the compare page put beside paragraphs ("first agreed in A/RES/72/163
//! (2017)", "new in this text"). All of it is read from the search projection (`app.search`), as the API
//! reads it.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use plenary_core::compare::{DiffOp, DiffOpKind};
use plenary_render::html::escape;
use plenary_search::{Agreed, AgreedIn, ClauseVersion};
use plenary_store::EventLog;

use super::{Layout, PageError, Section, Viewer, render};
use crate::api::documents::VersionQuery;
use crate::api::search::paragraph_history;
use crate::app::App;

/// How a paragraph id reads: `op5` → "operative paragraph 5", `pp6` → "preambular paragraph 6", `op4.b`
/// → "operative paragraph 4 (b)", `sec2.op3` → "operative paragraph 3 of part 2".
pub fn paragraph_name(id: &str) -> String {
    let mut segments: Vec<&str> = id.split('.').collect();
    let part = match segments.first() {
        Some(first) if first.starts_with("sec") => {
            let part = first.trim_start_matches("sec").to_owned();
            segments.remove(0);
            Some(part)
        }
        _ => None,
    };
    let Some((head, labels)) = segments.split_first() else { return id.to_owned() };
    let mut name = if let Some(number) = head.strip_prefix("op") {
        format!("operative paragraph {number}")
    } else if let Some(number) = head.strip_prefix("pp") {
        format!("preambular paragraph {number}")
    } else if let Some(number) = head.strip_prefix("annex") {
        format!("annex {number}")
    } else {
        (*head).to_owned()
    };
    for label in labels {
        name.push_str(&format!(" ({label})"));
    }
    if let Some(part) = part {
        name.push_str(&format!(" of part {part}"));
    }
    name
}

/// A word redline as HTML: equal words as they are, deleted ones in `<del>`, inserted ones in `<ins>`
/// (the compare page's marks and styles), everything escaped.
pub fn redline_html(redline: &[DiffOp]) -> String {
    let mut html = String::new();
    for piece in redline {
        let text = escape(&piece.text);
        match piece.op {
            DiffOpKind::Equal => html.push_str(&text),
            DiffOpKind::Delete => html.push_str(&format!("<del>{text}</del>")),
            DiffOpKind::Insert => html.push_str(&format!("<ins>{text}</ins>")),
        }
    }
    html
}

/// "A/RES/72/163 (2017)".
fn symbol_and_year(symbol: &str, year: Option<i32>) -> String {
    match year {
        Some(year) => format!("{symbol} ({year})"),
        None => symbol.to_owned(),
    }
}

/// One paragraph's mark on the document page.
pub struct Mark {
    /// `op5`.
    pub paragraph: String,
    /// "operative paragraph 5".
    pub name: String,
    /// Where it was first agreed, when it was agreed before this text.
    pub first: Option<FirstAgreed>,
}

/// Where a clause was first agreed, as the pages link it.
pub struct FirstAgreed {
    /// `a-res-72-163`.
    pub document: String,
    /// "A/RES/72/163 (2017)".
    pub text: String,
    /// "operative paragraph 5".
    pub paragraph: String,
    /// `/documents/a-res-72-163#op5`.
    pub href: String,
    pub verbatim: bool,
}

impl FirstAgreed {
    fn of(agreed: &AgreedIn) -> FirstAgreed {
        FirstAgreed {
            document: agreed.document.clone(),
            text: symbol_and_year(&agreed.symbol, agreed.year),
            paragraph: paragraph_name(&agreed.paragraph),
            href: format!("/documents/{}#{}", agreed.document, agreed.paragraph),
            verbatim: agreed.verbatim,
        }
    }
}

/// The document page's marks: one per paragraph of the version, in reading order.
pub fn marks(agreed: &[Agreed]) -> Vec<Mark> {
    agreed
        .iter()
        .map(|each| Mark {
            paragraph: each.paragraph.clone(),
            name: paragraph_name(&each.paragraph),
            first: each.first_agreed.as_ref().map(FirstAgreed::of),
        })
        .collect()
}

/// An added paragraph of a comparison that is agreed language from another text.
pub struct AgreedElsewhere {
    pub paragraph: String,
    pub name: String,
    pub first: FirstAgreed,
}

/// Of the paragraphs `added` to the new text of a comparison, those first agreed in an adopted text other
/// than the old document, with where.
pub fn agreed_elsewhere(agreed: &[Agreed], added: &[String], old_document: &str) -> Vec<AgreedElsewhere> {
    agreed
        .iter()
        .filter(|each| added.contains(&each.paragraph))
        .filter_map(|each| {
            let first = each.first_agreed.as_ref().filter(|first| first.document != old_document)?;
            Some(AgreedElsewhere {
                paragraph: each.paragraph.clone(),
                name: paragraph_name(&each.paragraph),
                first: FirstAgreed::of(first),
            })
        })
        .collect()
}

/// One text in a clause's history, as the history page shows it.
pub struct VersionRow {
    pub document: String,
    pub paragraph: String,
    pub symbol: String,
    pub name: String,
    pub year: String,
    pub stage: &'static str,
    /// "verbatim", or "near-verbatim (78% alike)".
    pub likeness: String,
    /// The words, with the redline from the text before it (none for the first).
    pub redline: String,
}

impl VersionRow {
    fn of(version: &ClauseVersion, first: bool) -> VersionRow {
        VersionRow {
            document: version.document.clone(),
            paragraph: version.paragraph.clone(),
            symbol: version.symbol.clone(),
            name: paragraph_name(&version.paragraph),
            year: version.year.map(|year| year.to_string()).unwrap_or_default(),
            stage: version.stage,
            likeness: if version.verbatim {
                "verbatim".to_owned()
            } else {
                format!("near-verbatim ({:.0}% alike)", version.similarity * 100.0)
            },
            redline: if first || version.redline.is_empty() {
                escape(&version.text)
            } else {
                redline_html(&version.redline)
            },
        }
    }
}

/// A text that dropped the clause.
pub struct DroppedRow {
    pub document: String,
    pub text: String,
    pub after: String,
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    layout: Layout,
    id: String,
    name: String,
    version: usize,
    latest: bool,
    paragraph: String,
    text: String,
    first: Option<FirstAgreed>,
    versions: Vec<VersionRow>,
    dropped: Vec<DroppedRow>,
}

/// `GET /documents/{id}/paragraphs/{pid}/history?version=N`.
pub async fn history<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path((id, pid)): Path<(String, String)>,
    Query(query): Query<VersionQuery>,
) -> Result<Response, PageError> {
    let found = paragraph_history(&app, &viewer.0, &id, query.version, &pid).await?;
    let history = &found.history;
    let title = format!(
        "{} of {}: history",
        plenary_core::procedure::wording::capitalised(&paragraph_name(&pid)),
        found.name
    );
    let page = HistoryPage {
        layout: viewer.layout(title, Section::Documents),
        // A clause new here is first agreed in this very text (when it is adopted): the page says "new".
        first: history.first_agreed.as_ref().filter(|_| !history.new_in_this_text).map(|first| FirstAgreed {
            document: first.document.clone(),
            text: symbol_and_year(&first.symbol, first.year),
            paragraph: paragraph_name(&first.paragraph),
            href: format!("/documents/{}#{}", first.document, first.paragraph),
            verbatim: first.verbatim,
        }),
        versions: history
            .versions
            .iter()
            .enumerate()
            .map(|(index, version)| VersionRow::of(version, index == 0))
            .collect(),
        dropped: history
            .dropped
            .iter()
            .map(|dropped| DroppedRow {
                document: dropped.document.clone(),
                text: symbol_and_year(&dropped.symbol, dropped.year),
                after: dropped.after.clone(),
            })
            .collect(),
        id: found.id,
        name: found.name,
        version: found.version,
        latest: found.latest,
        paragraph: found.paragraph,
        text: found.text,
    };
    Ok(render(&page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_ids_read_as_the_un_names_them() {
        assert_eq!(paragraph_name("op5"), "operative paragraph 5");
        assert_eq!(paragraph_name("pp6"), "preambular paragraph 6");
        assert_eq!(paragraph_name("op4.b.ii"), "operative paragraph 4 (b) (ii)");
        assert_eq!(paragraph_name("sec2.op3"), "operative paragraph 3 of part 2");
    }

    #[test]
    fn a_redline_marks_deletions_and_insertions_and_escapes_the_words() {
        let redline = plenary_core::compare::redline("Urges all States <to act>", "Urges States to act now");
        assert_eq!(
            redline_html(&redline),
            "Urges <del>all States &#60;to act&#62;</del><ins>States to act now</ins>"
        );
    }
}
