//! The agreed-language search page (`GET /search`) on the shipped texts: a phrase found across the torture
//! series with the phrase marked, the facets counted and narrowing, a malformed query answered with what and
//! where, and a draft in negotiation kept from the public. Where a test is about who may see what, the
//! attacker's request comes first.

use axum::http::StatusCode;

use crate::support::Service;

const L49: &str = include_str!("../../../../data/resolutions/A_C.3_80_L.49.txt");

/// The phrase the torture series repeats, as a query for the exact phrase.
const PHRASE: &str = "%22cruel%2C%20inhuman%20or%20degrading%20treatment%20or%20punishment%22";

/// The `data-document` of every result section, in order.
fn documents(html: &str) -> Vec<String> {
    html.split(r#"<section class="result" data-document=""#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

/// The text of `#results-summary`.
fn summary(html: &str) -> String {
    html.split(r#"<p id="results-summary" role="status">"#)
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .unwrap_or_default()
        .to_owned()
}

/// The facet value's list item, from `<li` to `</li>`.
fn facet_value<'a>(html: &'a str, facet: &str, value: &str) -> Option<&'a str> {
    let block = html.split(&format!(r#"data-facet="{facet}""#)).nth(1)?.split("</ul>").next()?;
    let item = block.split(&format!(r#"data-value="{value}">"#)).nth(1)?;
    item.split("</li>").next()
}

/// The count shown beside a facet value.
fn facet_count(html: &str, facet: &str, value: &str) -> Option<u64> {
    let item = facet_value(html, facet, value)?;
    item.split(r#"<span class="count">"#).nth(1)?.split('<').next()?.parse().ok()
}

/// The `href` of the facet value's link, as the page escapes it.
fn facet_href(html: &str, facet: &str, value: &str) -> Option<String> {
    let item = facet_value(html, facet, value)?;
    let href = item.split(r#"href=""#).nth(1)?.split('"').next()?;
    Some(href.replace("&#38;", "&").replace("&amp;", "&"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phrase_is_found_across_the_torture_series_marked_whole_and_linked_to_its_paragraph() {
    let service = Service::start().await;
    let page = service.get(None, &format!("/search?q={PHRASE}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();

    // The three adopted resolutions and the issued draft of the series, and nothing else.
    let mut found = documents(&html);
    found.sort();
    assert_eq!(found, ["a-c-3-80-l-49", "a-res-72-163", "a-res-74-143", "a-res-80-198"], "{html}");
    assert!(summary(&html).ends_with("paragraphs in 4 documents"), "{}", summary(&html));
    // The phrase is marked whole, its commas included, and the query stays in the form.
    assert!(html.contains("<mark>cruel, inhuman or degrading treatment or punishment</mark>"), "{html}");
    assert!(
        html.contains(r#"value="&#34;cruel, inhuman or degrading treatment or punishment&#34;""#),
        "{html}"
    );
    // Each hit links to its paragraph's anchor on the document page, under a name people read.
    let section = html.split(r#"data-document="a-res-72-163""#).nth(1).unwrap_or_default();
    let section = section.split("</section>").next().unwrap_or_default();
    let anchor = section
        .split(r#"<a class="hit" href="/documents/a-res-72-163#"#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default();
    assert!(!anchor.is_empty(), "{section}");
    assert!(section.contains(r#"<a href="/documents/a-res-72-163">A/RES/72/163</a>"#), "{section}");
    assert!(section.contains("paragraph"), "{section}");
    let document = service.get(None, "/documents/a-res-72-163").await.text();
    assert!(document.contains(&format!(r#"id="{anchor}""#)), "the document page has the paragraph {anchor}");

    // The facets count the paragraphs found: the year 2017 is A/RES/72/163's alone.
    let in_2017 = facet_count(&html, "year", "2017").expect("a year facet with 2017");
    let adopted = facet_count(&html, "stage", "adopted").expect("a stage facet with adopted");
    let draft = facet_count(&html, "stage", "draft").expect("the issued draft counted as a draft");
    assert!(in_2017 > 0 && in_2017 < adopted, "2017: {in_2017}, adopted: {adopted}");
    assert!(summary(&html).starts_with(&format!("{} paragraphs", adopted + draft)), "{}", summary(&html));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_facet_value_narrows_the_results_and_is_shown_selected_with_a_way_to_remove_it() {
    let service = Service::start().await;
    let all = service.get(None, &format!("/search?q={PHRASE}")).await.text();
    let in_2017 = facet_count(&all, "year", "2017").expect("2017 counted");
    let narrow = facet_href(&all, "year", "2017").expect("a link for 2017");
    assert_eq!(narrow, format!("/search?q={PHRASE}&facet=year%3A2017"));

    let html = service.get(None, &narrow).await.text();
    assert_eq!(documents(&html), ["a-res-72-163"], "{html}");
    assert!(summary(&html).starts_with(&format!("{in_2017} paragraph")), "{}", summary(&html));
    let selected = facet_value(&html, "year", "2017").expect("2017 still listed");
    assert!(selected.contains(r#"class="remove-facet""#), "{selected}");
    // The form carries the filter, so a new query keeps it.
    assert!(html.contains(r#"<input type="hidden" name="facet" value="year:2017">"#), "{html}");
    // Removing it gives back the whole search.
    let widen = facet_href(&html, "year", "2017").expect("a link to remove 2017");
    assert_eq!(widen, format!("/search?q={PHRASE}"));
    assert_eq!(documents(&service.get(None, &widen).await.text()).len(), 4);

    // One page holds them all: a page beyond it says so and leads back, keeping the query and filter.
    let beyond = service.get(None, &format!("{narrow}&page=3")).await.text();
    assert!(documents(&beyond).is_empty() && beyond.contains("past the end of the results"), "{beyond}");
    assert!(
        beyond.contains(&format!(r#"<a rel="prev" href="{}">"#, narrow.replace('&', "&#38;"))),
        "{beyond}"
    );

    // A filter alone browses: every paragraph of the 2017 resolution's kind.
    let browse = service.get(None, "/search?facet=year:2017&facet=part:operative").await.text();
    assert_eq!(documents(&browse), ["a-res-72-163"], "{browse}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_query_is_shown_with_what_and_where_and_the_query_kept() {
    let service = Service::start().await;
    let page = service.get(None, "/search?q=%22cruel%2C%20inhuman").await;
    assert_eq!(page.status, StatusCode::OK, "the page is the answer, so the live update shows it");
    let html = page.text();
    let alert = html.split(r#"<p class="alert error" role="alert">"#).nth(1).unwrap_or_default();
    let alert = alert.split("</p>").next().unwrap_or_default();
    assert!(alert.contains("a quotation mark opened at character 1 is never closed"), "{alert}");
    assert!(html.contains(r#"value="&#34;cruel, inhuman""#), "{html}");
    assert!(documents(&html).is_empty());

    let unknown = service.get(None, "/search?q=torture&facet=colour:blue").await.text();
    assert!(unknown.contains(r#"role="alert">“colour:blue” is not a filter"#), "{unknown}");

    // Nothing asked: an explanation and example queries, not an empty result.
    let empty = service.get(None, "/search").await.text();
    assert!(empty.contains(r#"id="examples""#) && !empty.contains(r#"id="results""#), "{empty}");
    assert!(empty.contains(&format!(r#"href="/search?q={PHRASE}""#)), "{empty}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_in_negotiation_is_searched_by_delegations_and_never_shown_to_the_public() {
    let mut service = Service::start().await;
    service.sign_in("dnk").await;
    service.sign_in("observer").await;
    let secret = L49.replacen("Condemns", "Condemns unmistakablyconfidential", 1);
    let imported = service.upload(Some("dnk"), "/api/documents?id=dnk-secret", secret.as_bytes()).await;
    assert_eq!(imported.status, StatusCode::CREATED, "{}", imported.text());
    // The index follows the log: wait until it holds the draft (as the delegation would find it).
    let mut indexed = false;
    for _ in 0..100 {
        if service.get(Some("dnk"), "/search?q=unmistakablyconfidential").await.text().contains("dnk-secret")
        {
            indexed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(indexed, "the draft was indexed");

    // The attacker first: the public and an observer find nothing, by the word or by browsing drafts.
    for who in [None, Some("observer")] {
        let html = service.get(who, "/search?q=unmistakablyconfidential").await.text();
        assert!(documents(&html).is_empty(), "{who:?}: {html}");
        assert!(!html.contains("dnk-secret") && !html.contains("unmistakablyconfidential</mark>"), "{who:?}");
        let drafts = service.get(who, "/search?facet=stage:draft").await.text();
        assert!(!documents(&drafts).contains(&"dnk-secret".to_owned()), "{who:?}: {drafts}");
    }
    // The delegation that may read the negotiation finds its draft.
    let html = service.get(Some("dnk"), "/search?q=unmistakablyconfidential").await.text();
    assert_eq!(documents(&html), ["dnk-secret"], "{html}");
    assert!(html.contains("<mark>unmistakablyconfidential</mark>"), "{html}");
}
