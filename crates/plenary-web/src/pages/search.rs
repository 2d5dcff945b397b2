//! The agreed-language search page: `GET /search?q=…&facet=year:2017&sort=…&page=N`. The query and its
//! filters are a plain GET form and links, so the page is complete without JavaScript; with it, htmx
//! replaces the results and the facets as one types. Results are grouped by document, each paragraph
//! linked to its anchor on the document page, with what the query matched in `<mark>`.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use plenary_search::{FacetFilter, FacetName, SearchRequest, SearchResults, Sort};
use plenary_store::EventLog;

use super::{Layout, Section, Viewer, render};
use crate::app::App;
use crate::permissions::{Action, check};

/// Documents on one page of results.
pub const DOCUMENTS_PER_PAGE: usize = 20;
/// Paragraphs shown under each document.
pub const HITS_PER_DOCUMENT: usize = 5;
/// The highest page number asked for that is taken as it is (beyond it, the last page the index can reach).
const MAX_PAGE: usize = 500;

/// What a URL's query and fragment may carry as they are: the unreserved characters.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Example queries offered on the empty page.
const EXAMPLES: [&str; 4] = [
    "\"cruel, inhuman or degrading treatment or punishment\"",
    "\"calls upon all States\" -\"States parties\"",
    "\"national preventive mechanisms\"~3",
    "rehabilitat* victims",
];

/// What the form and the links carry: the query, the filters, the order, the page.
#[derive(Debug, Clone, Default)]
struct Asked {
    q: String,
    facets: Vec<FacetFilter>,
    sort: Sort,
    page: usize,
    /// Filters that could not be read (`facet=colour:blue`), to say so.
    unreadable: Vec<String>,
}

impl Asked {
    fn read(pairs: Vec<(String, String)>) -> Asked {
        let mut asked = Asked { page: 1, ..Asked::default() };
        for (name, value) in pairs {
            match name.as_str() {
                "q" => asked.q = value,
                "facet" => match FacetFilter::parse(&value) {
                    Some(filter) if !asked.facets.contains(&filter) => asked.facets.push(filter),
                    Some(_) => {}
                    None if value.trim().is_empty() => {}
                    None => asked.unreadable.push(value),
                },
                "sort" => asked.sort = Sort::parse(&value).unwrap_or_default(),
                "page" => asked.page = value.trim().parse::<usize>().unwrap_or(1).clamp(1, MAX_PAGE),
                _ => {}
            }
        }
        asked
    }

    /// The URL of this search with other filters and page.
    fn url(&self, facets: &[FacetFilter], page: usize) -> String {
        let mut parts = Vec::new();
        if !self.q.is_empty() {
            parts.push(format!("q={}", utf8_percent_encode(&self.q, COMPONENT)));
        }
        for filter in facets {
            let value = format!("{}:{}", filter.facet.name(), filter.value);
            parts.push(format!("facet={}", utf8_percent_encode(&value, COMPONENT)));
        }
        if self.sort != Sort::Relevance {
            parts.push(format!("sort={}", self.sort.name()));
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() { "/search".to_owned() } else { format!("/search?{}", parts.join("&")) }
    }

    /// The URL with `filter` added (a new filter starts again at page 1).
    fn with(&self, filter: &FacetFilter) -> String {
        let mut facets = self.facets.clone();
        facets.push(filter.clone());
        self.url(&facets, 1)
    }

    /// The URL with `filter` removed.
    fn without(&self, filter: &FacetFilter) -> String {
        let facets: Vec<FacetFilter> = self.facets.iter().filter(|kept| *kept != filter).cloned().collect();
        self.url(&facets, 1)
    }
}

/// A document found, with its paragraphs.
struct ResultGroup {
    document: String,
    href: String,
    symbol: String,
    title: String,
    year: Option<i32>,
    stage: String,
    body: Option<String>,
    matches: u64,
    hits: Vec<ResultHit>,
}

/// A paragraph found.
struct ResultHit {
    paragraph: String,
    label: String,
    href: String,
    /// Escaped HTML with `<mark>` (the index's highlighter escapes the text).
    highlight: String,
}

/// A facet's values, as links that add or remove the filter.
struct FacetBlock {
    name: &'static str,
    label: String,
    values: Vec<FacetLink>,
}

struct FacetLink {
    value: String,
    count: u64,
    selected: bool,
    href: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    q: String,
    sort: &'static str,
    /// The filters in force, carried by the form as hidden fields.
    selected: Vec<String>,
    /// Whether anything was asked (a query or a filter); if not, the page explains and offers examples.
    asked: bool,
    error: Option<String>,
    summary: String,
    groups: Vec<ResultGroup>,
    facets: Vec<FacetBlock>,
    page: usize,
    pages: usize,
    previous: Option<String>,
    next: Option<String>,
    examples: Vec<(String, String)>,
}

/// `GET /search`: agreed language searched, counted by facets, grouped by document.
pub async fn page<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let asked = Asked::read(pairs);
    let mut page = SearchPage {
        layout: viewer.layout(title(&asked.q), Section::Search),
        q: asked.q.clone(),
        sort: asked.sort.name(),
        selected: asked
            .facets
            .iter()
            .map(|filter| format!("{}:{}", filter.facet.name(), filter.value))
            .collect(),
        asked: !asked.q.trim().is_empty() || !asked.facets.is_empty(),
        error: None,
        summary: String::new(),
        groups: Vec::new(),
        facets: Vec::new(),
        page: asked.page,
        pages: 0,
        previous: None,
        next: None,
        examples: EXAMPLES
            .iter()
            .map(|example| {
                let link = Asked { q: (*example).to_owned(), ..Asked::default() };
                ((*example).to_owned(), link.url(&[], 1))
            })
            .collect(),
    };
    if let Some(unreadable) = asked.unreadable.first() {
        page.error = Some(format!(
            "“{unreadable}” is not a filter: a filter is a facet and a value, such as year:2017 (the facets: {})",
            FacetName::ALL.map(FacetName::name).join(", ")
        ));
        return render(&page);
    }
    if !page.asked {
        return render(&page);
    }
    let mut request = SearchRequest::new(asked.q.clone());
    request.filters = asked.facets.clone();
    request.sort = asked.sort;
    request.include_restricted = check(&viewer.0, &Action::ReadNegotiation).is_ok();
    request.limit = DOCUMENTS_PER_PAGE;
    request.offset = (asked.page - 1) * DOCUMENTS_PER_PAGE;
    request.per_document = HITS_PER_DOCUMENT;
    match app.search.search(request).await {
        // A malformed query is shown with what and where, the query kept in the form: the page is the
        // answer (200), so the live update shows the message as one types.
        Err(error) => page.error = Some(error.message),
        Ok(results) => fill(&mut page, &asked, &results),
    }
    render(&page)
}

fn title(q: &str) -> String {
    if q.trim().is_empty() { "Search agreed language".to_owned() } else { format!("Search: {}", q.trim()) }
}

fn fill(page: &mut SearchPage, asked: &Asked, results: &SearchResults) {
    page.summary = format!(
        "{} in {}",
        counted(results.total, "paragraph", "paragraphs"),
        counted(results.documents, "document", "documents")
    );
    page.pages = usize::try_from(results.documents).unwrap_or(usize::MAX).div_ceil(DOCUMENTS_PER_PAGE);
    if asked.page > 1 {
        page.previous = Some(asked.url(&asked.facets, (asked.page - 1).min(page.pages.max(1))));
    }
    if asked.page < page.pages {
        page.next = Some(asked.url(&asked.facets, asked.page + 1));
    }
    page.groups = results
        .grouped()
        .into_iter()
        .map(|(group, hits)| {
            let document = utf8_percent_encode(&group.document, COMPONENT).to_string();
            ResultGroup {
                document: group.document.clone(),
                href: format!("/documents/{document}"),
                symbol: if group.symbol.is_empty() { group.document.clone() } else { group.symbol.clone() },
                title: group.title.clone(),
                year: group.year,
                stage: group.stage.clone(),
                body: group.body.clone(),
                matches: group.matches,
                hits: hits
                    .iter()
                    .map(|hit| ResultHit {
                        paragraph: hit.paragraph.clone(),
                        label: paragraph_label(&hit.paragraph),
                        href: format!(
                            "/documents/{document}#{}",
                            utf8_percent_encode(&hit.paragraph, COMPONENT)
                        ),
                        highlight: hit.highlight.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    page.facets = results
        .facets
        .iter()
        .filter(|facet| !facet.values.is_empty())
        .map(|facet| FacetBlock {
            name: facet.facet.name(),
            label: facet.label.clone(),
            values: facet
                .values
                .iter()
                .map(|value| {
                    let filter = FacetFilter { facet: facet.facet, value: value.value.clone() };
                    let selected = value.selected || asked.facets.contains(&filter);
                    FacetLink {
                        value: value.value.clone(),
                        count: value.count,
                        selected,
                        href: if selected { asked.without(&filter) } else { asked.with(&filter) },
                    }
                })
                .collect(),
        })
        .collect();
}

fn counted(count: u64, one: &str, many: &str) -> String {
    if count == 1 { format!("1 {one}") } else { format!("{count} {many}") }
}

/// A paragraph's id as people say it: `op5` "operative paragraph 5", `pp3` "preambular paragraph 3",
/// `op4.b.ii` "operative paragraph 4 (b) (ii)", `sec2.op3` "part 2, operative paragraph 3"; an id of
/// another shape (`annex1.p4`) as it is.
pub fn paragraph_label(id: &str) -> String {
    let (section, rest) = match id.split_once('.') {
        Some((first, rest)) if first.starts_with("sec") && first[3..].parse::<u32>().is_ok() => {
            (Some(&first[3..]), rest)
        }
        _ => (None, id),
    };
    let mut pieces = rest.split('.');
    let head = pieces.next().unwrap_or_default();
    let named = if let Some(number) = head.strip_prefix("op").filter(|n| n.parse::<u32>().is_ok()) {
        format!("operative paragraph {number}")
    } else if let Some(number) = head.strip_prefix("pp").filter(|n| n.parse::<u32>().is_ok()) {
        format!("preambular paragraph {number}")
    } else {
        return id.to_owned();
    };
    let mut label = named;
    for piece in pieces {
        label.push_str(&format!(" ({piece})"));
    }
    match section {
        Some(section) => format!("part {section}, {label}"),
        None => label,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_ids_are_named_as_people_say_them() {
        assert_eq!(paragraph_label("op5"), "operative paragraph 5");
        assert_eq!(paragraph_label("pp3"), "preambular paragraph 3");
        assert_eq!(paragraph_label("op4.b.ii"), "operative paragraph 4 (b) (ii)");
        assert_eq!(paragraph_label("sec2.op3"), "part 2, operative paragraph 3");
        assert_eq!(paragraph_label("annex1.p4"), "annex1.p4");
    }

    #[test]
    fn links_keep_the_query_the_filters_and_the_order_and_a_new_filter_starts_at_page_one() {
        let asked = Asked::read(vec![
            ("q".to_owned(), "\"calls upon\" & more".to_owned()),
            ("facet".to_owned(), "year:2017".to_owned()),
            ("sort".to_owned(), "oldest".to_owned()),
            ("page".to_owned(), "3".to_owned()),
        ]);
        assert_eq!(
            asked.url(&asked.facets, 4),
            "/search?q=%22calls%20upon%22%20%26%20more&facet=year%3A2017&sort=oldest&page=4"
        );
        let adopted = FacetFilter { facet: FacetName::Stage, value: "adopted".to_owned() };
        assert_eq!(
            asked.with(&adopted),
            "/search?q=%22calls%20upon%22%20%26%20more&facet=year%3A2017&facet=stage%3Aadopted&sort=oldest"
        );
        let year = asked.facets[0].clone();
        assert_eq!(asked.without(&year), "/search?q=%22calls%20upon%22%20%26%20more&sort=oldest");
    }

    #[test]
    fn an_unreadable_filter_or_page_is_not_taken_for_another() {
        let asked = Asked::read(vec![
            ("facet".to_owned(), "colour:blue".to_owned()),
            ("page".to_owned(), "-2".to_owned()),
            ("sort".to_owned(), "sideways".to_owned()),
        ]);
        assert_eq!(asked.unreadable, vec!["colour:blue".to_owned()]);
        assert_eq!(asked.page, 1);
        assert_eq!(asked.sort, Sort::Relevance);
    }
}
