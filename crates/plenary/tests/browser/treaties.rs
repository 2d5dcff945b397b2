//! The treaty pages in the browser: the public finds the Convention against Torture from the main navigation,
//! reads its parties and its chart, opens the map of the 193 members (a tile and a letter for each); the
//! secretariat records India's ratification through the treaty page's form; then the treaty page counts one
//! party more, the gap no longer lists India, the map shows India as a party, and the 2017 resolution's
//! call to join the Convention says so beside its paragraph. axe-core checks every page.
//!
//! The expected counts are read from the shipped UN Treaty Collection table here, not from the service.

use std::path::PathBuf;

use serde_json::Value;

use crate::accessibility::Audit;
use crate::harness::{
    Browser, ChromeDriver, Scripts, Server, assert_page_frame, chromedriver_or_skip, workspace_root,
};

/// CAT parties in the shipped table today: rows with a consent and not bracketed (no denunciations).
fn cat_parties_in_the_table() -> usize {
    let path: PathBuf = workspace_root().join("data/treaties/participants.csv");
    let mut reader = csv::Reader::from_path(&path).expect("the shipped participants table");
    let headers = reader.headers().expect("a header").clone();
    let column = |name: &str| headers.iter().position(|header| header == name).expect("a column");
    let (treaty, consent, bracketed) =
        (column("treaty_id"), column("consent_date"), column("bracketed_in_source"));
    reader
        .records()
        .map(|record| record.expect("a row"))
        .filter(|record| {
            &record[treaty] == "cat" && !record[consent].is_empty() && record[bracketed].is_empty()
        })
        .count()
}

async fn data_number(browser: &Browser, css: &str, attribute: &str) -> usize {
    browser
        .attribute(css, attribute)
        .await
        .and_then(|value| value.parse().ok())
        .unwrap_or_else(|| panic!("{}: `{css}` has no numeric {attribute}", browser.who))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secretariat_records_a_ratification_and_the_treaty_page_map_gap_and_resolution_follow() {
    let Some(chromedriver) = chromedriver_or_skip("the treaty pages") else { return };
    let mut audit = Audit::load();
    let server = Server::start("treaties");
    let driver = ChromeDriver::start(&chromedriver);
    let public = Browser::open(&driver, &server.url, "the public", Scripts::Enabled).await;
    let parties = cat_parties_in_the_table();
    assert_eq!(parties, 175, "the table's count is UNTC's");

    public.goto("/").await;
    public.click_and_wait("nav[aria-label=Main] a[href='/treaties']").await;
    assert_page_frame(&public, "treaties").await;
    assert_eq!(
        data_number(&public, "#treaties tr[data-treaty=cat] td[data-parties]", "data-parties").await,
        parties
    );
    audit.check(&public, "treaties").await;

    public.click_and_wait("#treaties tr[data-treaty=cat] a").await;
    assert_eq!(data_number(&public, "#counts", "data-parties").await, parties);
    assert!(public.text("h1").await.starts_with("Convention against Torture"));
    let chart_title = public.text_content("#parties-chart svg title").await.unwrap_or_default();
    assert!(chart_title.contains("CAT"), "the chart says what it shows: {chart_title:?}");
    assert_eq!(
        public.attribute("#status tr[data-state=IND]", "data-status").await.as_deref(),
        Some("signatory")
    );
    assert!(!public.has("form#record").await, "the public is offered no form to record an action");
    audit.check(&public, "treaty").await;

    public.click_and_wait("#map-link").await;
    let tiles = public.all("#map svg a").await;
    assert_eq!(tiles.len(), 193, "one tile per member state");
    audit.check(&public, "treaty map").await;

    // The secretariat records India's ratification today.
    let secretariat = Browser::open(&driver, &server.url, "the secretariat", Scripts::Enabled).await;
    secretariat.sign_in(&server.account("secretariat")).await;
    secretariat.goto("/treaties/cat").await;
    audit.check(&secretariat, "treaty (secretariat)").await;
    secretariat.fill("form#record", "participant", "IND").await;
    secretariat.fill("form#record", "action", "ratification").await;
    let today =
        secretariat.script("const d = new Date(); return d.toISOString().slice(0, 10);", Vec::new()).await;
    let Value::String(today) = today else { panic!("no date from the browser") };
    secretariat
        .script(
            "document.querySelector('#record-date').value = arguments[0];",
            vec![Value::String(today.clone())],
        )
        .await;
    secretariat.submit("form#record").await;
    let notice = secretariat.text(".alert.notice").await;
    assert!(
        notice.contains("Recorded: ratification by India"),
        "the page says what was recorded: {notice:?}"
    );
    assert_eq!(data_number(&secretariat, "#counts", "data-parties").await, parties + 1);

    // Everyone sees it: the gap, the map, the resolution's call.
    public.goto("/treaties/cat/gap").await;
    assert!(!public.has("li[data-state=IND]").await, "India is no longer missing");
    audit.check(&public, "treaty gap").await;
    public.goto("/treaties/cat/map").await;
    let india =
        public.text_content("#map svg a[href='/states/IND/treaties'] title").await.unwrap_or_default();
    assert!(india.starts_with("India: party since"), "India's tile says it is a party: {india:?}");
    public.goto("/documents/a-res-72-163").await;
    let call = "#treaty-calls tr[data-treaty=cat]";
    assert_eq!(data_number(&public, call, "data-parties-today").await, parties + 1);
    let said = public.text(call).await;
    assert!(
        said.contains("162 parties on 19 December 2017"),
        "the call names the parties at the adoption: {said:?}"
    );
    audit.check(&public, "document with a treaty call").await;
    public.goto("/states/IND/treaties").await;
    let history = public.text("#treaty-cat").await;
    assert!(history.contains("ratification"), "India's page lists the ratification: {history:?}");
    audit.check(&public, "state treaties").await;

    secretariat.close().await;
    public.close().await;
    audit.assert_clean();
}
