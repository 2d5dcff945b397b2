//! Agreed-language search in the browser: the public types a phrase in quotes and the results come as it
//! types (htmx, without leaving the page); Enter submits the form; a facet value narrows the results and is
//! shown selected; a result's paragraph link opens the document page at that paragraph (the URL's fragment
//! is the paragraph's id, and it is the page's `:target`). Without JavaScript the form, the order and the
//! facet links do the same. axe-core checks the page empty, with results and
//! a filter, and with a malformed query.

use serde_json::Value;

use crate::accessibility::Audit;
use crate::harness::{
    Browser, ChromeDriver, Scripts, Server, WAIT, assert_page_frame, chromedriver_or_skip, eventually,
};

const PHRASE: &str = "\"cruel, inhuman or degrading treatment or punishment\"";

/// The number of paragraphs `#results-summary` states ("57 paragraphs in 4 documents").
async fn paragraphs_found(browser: &Browser) -> u64 {
    let summary = browser.text("#results-summary").await;
    summary.split_whitespace().next().and_then(|count| count.parse().ok()).unwrap_or_else(|| {
        panic!("{}: #results-summary does not start with a count: {summary:?}", browser.who)
    })
}

/// The `data-document` of every result, in order.
async fn documents_found(browser: &Browser) -> Vec<String> {
    let mut found = Vec::new();
    for section in browser.all("#results section.result").await {
        if let Ok(Some(document)) = section.attr("data-document").await {
            found.push(document);
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_searches_a_phrase_narrows_by_a_facet_and_opens_a_result_at_its_paragraph() {
    let Some(chromedriver) = chromedriver_or_skip("the search page") else { return };
    let mut audit = Audit::load();
    let server = Server::start("search");
    let driver = ChromeDriver::start(&chromedriver);
    let public = Browser::open(&driver, &server.url, "the public", Scripts::Enabled).await;

    // From the main navigation.
    public.goto("/").await;
    public.click_and_wait("nav[aria-label=Main] a[href='/search']").await;
    assert_page_frame(&public, "search").await;
    assert!(public.has("#examples a").await, "the empty page offers example queries");
    audit.check(&public, "search (empty)").await;

    // Typing is enough: the results come while the page stays.
    public.script("window.stillTheSamePage = true;", Vec::new()).await;
    public.fill("form#search", "q", PHRASE).await;
    public.find("#results-summary").await;
    let stayed = public.script("return window.stillTheSamePage === true;", Vec::new()).await;
    assert_eq!(stayed, Value::Bool(true), "the results were put in the page, not loaded as a new one");
    eventually("the URL to carry the query", WAIT, || async {
        let location = public.location().await;
        if location.starts_with("/search?") && location.contains("q=") { Ok(()) } else { Err(location) }
    })
    .await;

    // Enter submits the form: the same results as a page of its own.
    let field = public.find("form#search input[name=q]").await;
    field.send_keys("\u{E007}").await.expect("pressing Enter in the search field");
    eventually("the submitted search to load", WAIT, || async {
        let stayed = public.script("return window.stillTheSamePage === true;", Vec::new()).await;
        if stayed != Value::Bool(true) && public.has("#results-summary").await {
            Ok(())
        } else {
            Err(format!("still the same page: {stayed}"))
        }
    })
    .await;
    assert_eq!(public.attribute("form#search input[name=q]", "value").await.as_deref(), Some(PHRASE));
    let mut found = documents_found(&public).await;
    found.sort();
    assert_eq!(found, ["a-c-3-80-l-49", "a-res-72-163", "a-res-74-143", "a-res-80-198"]);
    let marked = public.text("#results mark").await;
    assert_eq!(marked, "cruel, inhuman or degrading treatment or punishment");
    let all = paragraphs_found(&public).await;
    public.screenshot("search-phrase.png").await;

    // The year 2017: only A/RES/72/163's paragraphs, and the filter shown selected.
    let year = "#facets [data-facet=year] li[data-value='2017']";
    let counted: u64 = public.text(&format!("{year} .count")).await.parse().expect("a count beside 2017");
    public.click_and_wait(&format!("{year} a.facet-value")).await;
    assert_eq!(paragraphs_found(&public).await, counted);
    assert!(counted < all, "2017 narrows {all} paragraphs to {counted}");
    assert_eq!(documents_found(&public).await, ["a-res-72-163"]);
    public.find("#facets [data-facet=year] li.selected[data-value='2017'] a.remove-facet").await;
    assert_eq!(public.attribute("form#search input[name=q]", "value").await.as_deref(), Some(PHRASE));
    audit.check(&public, "search (results, a filter selected)").await;

    // A result opens the document at its paragraph.
    let hit = "section.result[data-document=a-res-72-163] li[data-paragraph] a.hit";
    let paragraph = public
        .attribute("section.result[data-document=a-res-72-163] li[data-paragraph]", "data-paragraph")
        .await
        .expect("a paragraph of A/RES/72/163");
    public.click_and_wait(hit).await;
    assert_eq!(public.location().await, "/documents/a-res-72-163");
    let landed = public
        .script(
            "const target = document.querySelector(':target'); \
             return [decodeURIComponent(location.hash.slice(1)), target ? target.id : null];",
            Vec::new(),
        )
        .await;
    assert_eq!(
        landed,
        serde_json::json!([paragraph, paragraph]),
        "the fragment and :target are the paragraph"
    );
    let text = public.text(&format!("article#document [id='{paragraph}']")).await;
    assert!(
        text.to_lowercase().contains("cruel, inhuman or degrading treatment or punishment"),
        "{paragraph}: {text}"
    );

    // A malformed query: the message, the query kept.
    public.goto("/search?q=%22cruel%2C+inhuman").await;
    let alert = public.text("#search-results [role=alert]").await;
    assert!(alert.contains("never closed"), "{alert}");
    assert_eq!(
        public.attribute("form#search input[name=q]", "value").await.as_deref(),
        Some("\"cruel, inhuman")
    );
    audit.check(&public, "search (a malformed query)").await;

    public.close().await;

    // Without JavaScript the form and the links do the same.
    let plain = Browser::open(&driver, &server.url, "the public (no JavaScript)", Scripts::Disabled).await;
    plain.goto("/search").await;
    plain.fill("form#search", "q", PHRASE).await;
    plain.fill("form#search", "sort", "oldest").await;
    assert!(plain.submit("form#search").await, "the form loads the results as a page");
    assert_eq!(paragraphs_found(&plain).await, all);
    assert_eq!(
        documents_found(&plain).await.first().map(String::as_str),
        Some("a-res-72-163"),
        "oldest first"
    );
    plain.click_and_wait("#facets [data-facet=stage] li[data-value=draft] a.facet-value").await;
    assert_eq!(documents_found(&plain).await, ["a-c-3-80-l-49"]);
    let location = plain.location().await;
    assert!(location.contains("facet=stage%3Adraft") && location.contains("sort=oldest"), "{location}");
    plain.click_and_wait("#facets li.selected[data-value=draft] a.remove-facet").await;
    assert_eq!(paragraphs_found(&plain).await, all);
    plain.close().await;
    audit.assert_clean();
}
