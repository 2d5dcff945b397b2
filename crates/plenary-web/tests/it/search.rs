//! Agreed language over HTTP, on the seeded torture series (A/RES/72/163 of 2017, A/RES/74/143 of 2019,
//! the draft A/C.3/80/L.49 and A/RES/80/198 of 2025): the search finds the series with the words marked,
//! facets narrow it, a malformed query is refused with what and where; a draft in negotiation is searched
//! only by those who may read it (the attacker's request first); the history of a paragraph says where it
//! was first agreed; the document page marks every paragraph, the history page shows the chain, the
//! compare page flags an added paragraph that is agreed language; and a version recorded through the API
//! is found afterwards (the index follows the log).

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::Value;

use crate::support::Service;

const L49: &[u8] = include_bytes!("../../../../data/resolutions/A_C.3_80_L.49.txt");

/// The words the whole series repeats.
const TORTURE: &str = "%22cruel%2C%20inhuman%20or%20degrading%20treatment%20or%20punishment%22";

/// The documents of a search's answer, in order.
fn documents(results: &Value) -> Vec<String> {
    results["groups"]
        .as_array()
        .map(|groups| {
            groups.iter().filter_map(|group| group["document"].as_str()).map(str::to_owned).collect()
        })
        .unwrap_or_default()
}

/// Searches as `who`, asserting the answer is a 200.
async fn search(service: &Service, who: Option<&str>, query: &str) -> Value {
    let response = service.get(who, &format!("/api/search?{query}")).await;
    assert_eq!(response.status, StatusCode::OK, "/api/search?{query}: {}", response.text());
    response.json()
}

/// Asks until `found` holds of the answer (the index follows the log a moment behind), at most ten seconds.
async fn search_until(
    service: &Service,
    who: Option<&str>,
    query: &str,
    found: impl Fn(&Value) -> bool,
) -> Value {
    for _ in 0..100 {
        let results = search(service, who, query).await;
        if found(&results) {
            return results;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("/api/search?{query} never found what was expected");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_torture_series_is_found_by_its_words_with_the_words_marked() {
    let service = Service::start().await;
    let results = search(&service, None, &format!("q={TORTURE}&limit=100")).await;
    let found = documents(&results);
    for document in ["a-res-72-163", "a-res-74-143", "a-c-3-80-l-49", "a-res-80-198"] {
        assert!(found.contains(&document.to_owned()), "{document} missing from {found:?}");
    }
    assert!(results["total"].as_u64().unwrap_or(0) >= 4, "{results}");
    let hits = results["hits"].as_array().expect("hits");
    assert!(!hits.is_empty());
    for hit in hits {
        let highlight = hit["highlight"].as_str().unwrap_or_default();
        assert!(highlight.contains("<mark>"), "a hit without its words marked: {highlight}");
    }
    assert!(
        results["facets"]
            .as_array()
            .is_some_and(|facets| facets.iter().any(|facet| facet["facet"] == "year")),
        "the answer counts the years: {results}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_facet_narrows_the_search_and_an_unknown_facet_is_named_in_the_refusal() {
    let service = Service::start().await;
    let everything = search(&service, None, &format!("q={TORTURE}&limit=100")).await;
    let in_2017 = search(&service, None, &format!("q={TORTURE}&limit=100&facet=year:2017")).await;
    assert_eq!(documents(&in_2017), ["a-res-72-163"], "{in_2017}");
    assert!(in_2017["total"].as_u64() < everything["total"].as_u64());
    let year = in_2017["facets"]
        .as_array()
        .and_then(|facets| facets.iter().find(|facet| facet["facet"] == "year"))
        .expect("the year facet");
    assert!(
        year["values"].as_array().is_some_and(|values| values
            .iter()
            .any(|value| value["value"] == "2017" && value["selected"] == true)),
        "the filter's value is marked selected: {year}"
    );

    let drafts = search(&service, None, &format!("q={TORTURE}&limit=100&facet=stage:draft")).await;
    assert_eq!(documents(&drafts), ["a-c-3-80-l-49"], "{drafts}");

    let unknown = service.get(None, &format!("/api/search?q={TORTURE}&facet=colour:red")).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.code(), "bad_request");
    assert!(unknown.text().contains("no facet \\\"colour\\\""), "{}", unknown.text());

    for (query, named) in [
        ("q=torture&offset=10001", "offset=10001"),
        ("q=torture&limit=0", "limit=0"),
        ("q=torture&sort=alphabetical", "sort="),
        ("q=torture&page=2", "\\\"page\\\""),
    ] {
        let refused = service.get(None, &format!("/api/search?{query}")).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(refused.text().contains(named), "{query}: {}", refused.text());
    }
    let long = format!("/api/search?q={}", "a".repeat(9_000));
    assert_eq!(service.get(None, &long).await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_query_is_refused_with_what_was_wrong_and_where() {
    let service = Service::start().await;
    let refused = service.get(None, "/api/search?q=%22cruel%2C%20inhuman").await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.code(), "bad_query");
    let message = refused.json()["error"]["message"].as_str().unwrap_or_default().to_owned();
    assert!(message.contains("quotation mark") && message.contains("never closed"), "{message}");
    assert!(message.contains("character"), "the refusal says where: {message}");

    let short = service.get(None, "/api/search?q=d*").await;
    assert_eq!((short.status, short.code().as_str()), (StatusCode::BAD_REQUEST, "bad_query"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_in_negotiation_is_searched_by_delegations_and_never_by_the_public() {
    let mut service = Service::start().await;
    service.sign_in("dnk").await;
    let imported = service.upload(Some("dnk"), "/api/documents?id=dnk-draft", L49).await;
    assert_eq!(imported.status, StatusCode::CREATED, "{}", imported.text());
    let query = format!("q={TORTURE}&limit=100");
    // Wait until the delegation finds it, so the public's answer below is not merely early.
    search_until(&service, Some("dnk"), &query, |results| {
        documents(results).contains(&"dnk-draft".to_owned())
    })
    .await;

    // The attacker first: the public, every version, every stage.
    for public_query in [query.clone(), format!("{query}&all_versions=true&facet=stage:draft")] {
        let public = search(&service, None, &public_query).await;
        assert!(!documents(&public).contains(&"dnk-draft".to_owned()), "{public}");
        assert!(!public.to_string().contains("dnk-draft"), "nothing of the draft leaks: {public}");
    }
    let history = service.get(None, "/api/documents/a-res-80-198/paragraphs/op5/history").await;
    assert!(!history.text().contains("dnk-draft"), "{}", history.text());
    let hidden = service.get(None, "/api/documents/dnk-draft/paragraphs/op5/history").await;
    assert_eq!((hidden.status, hidden.code().as_str()), (StatusCode::NOT_FOUND, "not_found"));
    let hidden_page = service.get(None, "/documents/dnk-draft/paragraphs/op5/history").await;
    assert_eq!(hidden_page.status, StatusCode::NOT_FOUND);

    // The delegation reads it, in the search and in the histories.
    let own = search(&service, Some("dnk"), &query).await;
    assert!(documents(&own).contains(&"dnk-draft".to_owned()));
    let history = service.get(Some("dnk"), "/api/documents/a-res-80-198/paragraphs/op5/history").await.json();
    let listed: Vec<&str> =
        history["versions"].as_array().into_iter().flatten().filter_map(|v| v["document"].as_str()).collect();
    assert!(listed.contains(&"dnk-draft"), "{listed:?}");
    assert_eq!(history["first_agreed"]["symbol"], "A/RES/72/163", "a draft is never agreed language");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operative_paragraph_5_of_80_198_was_first_agreed_in_72_163_and_pp6_is_new() {
    let service = Service::start().await;
    let response = service.get(None, "/api/documents/a-res-80-198/paragraphs/op5/history").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let history = response.json();
    assert_eq!(history["first_agreed"]["symbol"], "A/RES/72/163");
    assert_eq!(history["first_agreed"]["paragraph"], "op5");
    assert_eq!(history["first_agreed"]["year"], 2017);
    assert_eq!(history["new_in_this_text"], false);
    let symbols: Vec<&str> =
        history["versions"].as_array().into_iter().flatten().filter_map(|v| v["symbol"].as_str()).collect();
    for symbol in ["A/RES/72/163", "A/RES/74/143", "A/RES/80/198"] {
        assert!(symbols.contains(&symbol), "{symbol} missing from {symbols:?}");
    }
    let position = |symbol: &str| symbols.iter().position(|each| *each == symbol);
    assert!(position("A/RES/72/163") < position("A/RES/74/143"), "oldest first: {symbols:?}");
    assert!(position("A/RES/74/143") < position("A/RES/80/198"), "oldest first: {symbols:?}");

    for new in ["pp6", "op12"] {
        let history =
            service.get(None, &format!("/api/documents/a-res-80-198/paragraphs/{new}/history")).await;
        assert_eq!(history.status, StatusCode::OK);
        let history = history.json();
        assert_eq!(history["new_in_this_text"], true, "{new}: {history}");
        // Agreed for the first time in this very text: no adopted text before it holds the clause.
        assert_eq!(history["first_agreed"]["symbol"], "A/RES/80/198", "{new}: {history}");
    }

    for (path, missing) in [
        ("/api/documents/a-res-80-198/paragraphs/op99/history", "no paragraph \\\"op99\\\""),
        ("/api/documents/a-res-80-198/paragraphs/op5/history?version=7", "no version 7"),
        ("/api/documents/no-such-document/paragraphs/op5/history", "no document"),
    ] {
        let refused = service.get(None, path).await;
        assert_eq!((refused.status, refused.code().as_str()), (StatusCode::NOT_FOUND, "not_found"), "{path}");
        assert!(refused.text().contains(missing), "{path}: {}", refused.text());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_document_page_marks_each_paragraph_first_agreed_or_new() {
    let service = Service::start().await;
    let page = service.get(None, "/documents/a-res-80-198").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    let section = html.split(r#"<section id="agreed-language""#).nth(1).expect("the agreed-language section");
    let section = section.split("</section>").next().unwrap_or_default();
    let row = |paragraph: &str| {
        section
            .split(&format!(r#"<tr data-paragraph="{paragraph}""#))
            .nth(1)
            .and_then(|rest| rest.split("</tr>").next())
            .unwrap_or_else(|| panic!("no row for {paragraph}"))
            .to_owned()
    };
    let op5 = row("op5");
    assert!(op5.contains(r#"data-first-agreed="a-res-72-163""#), "{op5}");
    assert!(op5.contains("first agreed in A/RES/72/163 (2017)"), "{op5}");
    assert!(op5.contains(r#"href="/documents/a-res-80-198/paragraphs/op5/history?version=1""#), "{op5}");
    for new in ["pp6", "pp7", "op6", "op12"] {
        let row = row(new);
        assert!(row.contains("new in this text"), "{new}: {row}");
        assert!(!row.contains("data-first-agreed"), "{new}: {row}");
    }
    // The text itself is printed as every other caller gets it.
    assert!(html.contains(r#"<article id="document" class="resolution""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_history_page_shows_where_the_paragraph_was_first_agreed_and_every_text_holding_it() {
    let service = Service::start().await;
    let page = service.get(None, "/documents/a-res-80-198/paragraphs/op5/history").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let html = page.text();
    assert!(html.contains(r#"<p id="first-agreed""#), "{html}");
    assert!(html.contains(r#"First agreed in <a href="/documents/a-res-72-163#op5">A/RES/72/163 (2017)</a>, operative paragraph 5"#), "{html}");
    let chain = html.split(r#"<section id="clause-versions""#).nth(1).unwrap_or_default();
    let chain = chain.split("</section>").next().unwrap_or_default();
    let order: Vec<usize> = ["a-res-72-163", "a-res-74-143", "a-res-80-198"]
        .iter()
        .map(|document| chain.find(&format!(r#"<li data-document="{document}""#)).expect(document))
        .collect();
    assert!(order.windows(2).all(|pair| pair[0] < pair[1]), "oldest first: {order:?}");
    assert!(chain.contains(r#"<a href="/documents/a-res-74-143#op5">A/RES/74/143</a>"#), "{chain}");
    assert!(html.contains(r#"<section id="dropped""#));

    // A clause reworded on its way: the page shows the rewording between consecutive texts.
    let mut reworded = None;
    for paragraph in (1..=20).map(|n| format!("pp{n}")).chain((1..=60).map(|n| format!("op{n}"))) {
        let path = format!("/api/documents/a-res-80-198/paragraphs/{paragraph}/history");
        let history = service.get(None, &path).await.json();
        let changed = history["versions"].as_array().into_iter().flatten().any(|version| {
            version["redline"].as_array().into_iter().flatten().any(|piece| piece["op"] != "equal")
        });
        if changed {
            reworded = Some(paragraph);
            break;
        }
    }
    let reworded = reworded.expect("some paragraph of 80/198 was reworded since it was first agreed");
    let page =
        service.get(None, &format!("/documents/a-res-80-198/paragraphs/{reworded}/history")).await.text();
    let chain = page.split(r#"<section id="clause-versions""#).nth(1).unwrap_or_default();
    assert!(chain.contains("<ins>") || chain.contains("<del>"), "{reworded}: {chain}");

    let new = service.get(None, "/documents/a-res-80-198/paragraphs/op12/history").await.text();
    assert!(new.contains("New in this text"), "{new}");
    let missing = service.get(None, "/documents/a-res-80-198/paragraphs/op99/history").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_compare_page_flags_an_added_paragraph_that_is_agreed_language_from_elsewhere() {
    let service = Service::start().await;
    // 80/198 against 72/163: what 74/143 added and 80/198 kept is new against 72/163, but agreed in 2019.
    let page = service.get(None, "/compare?old=a-res-72-163&new=a-res-80-198").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    let section =
        html.split(r#"<section id="agreed-elsewhere""#).nth(1).expect("the agreed-elsewhere section");
    let section = section.split("</section>").next().unwrap_or_default();
    assert!(section.contains(r#"data-first-agreed="a-res-74-143""#), "{section}");
    assert!(section.contains("agreed language: <a href=\"/documents/a-res-80-198/paragraphs/"), "{section}");
    assert!(section.contains("first agreed in A/RES/74/143 (2019)"), "{section}");
    assert!(!section.contains(r#"data-first-agreed="a-res-72-163""#), "the old text is not 'elsewhere'");

    // Against the text before it, nothing 80/198 added was agreed before.
    let page = service.get(None, "/compare?old=a-res-74-143&new=a-res-80-198").await.text();
    assert!(!page.contains(r#"data-first-agreed="a-res-74-143""#), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_version_recorded_through_the_api_is_searched_as_soon_as_the_index_follows() {
    let mut service = Service::start().await;
    service.sign_in("dnk").await;
    let imported = service.upload(Some("dnk"), "/api/documents?id=dnk-draft", L49).await;
    assert_eq!(imported.status, StatusCode::CREATED, "{}", imported.text());
    let before = search(&service, Some("dnk"), "q=Tallinn").await;
    assert_eq!(before["total"], 0, "{before}");

    let text = String::from_utf8_lossy(L49).replacen(
        "Reaffirming its previous resolutions on torture",
        "Reaffirming the Tallinn principles and its previous resolutions on torture",
        1,
    );
    let revised = service.upload(Some("dnk"), "/api/documents/dnk-draft/versions", text.as_bytes()).await;
    assert_eq!(revised.status, StatusCode::CREATED, "{}", revised.text());

    let after =
        search_until(&service, Some("dnk"), "q=Tallinn", |results| results["total"].as_u64() == Some(1))
            .await;
    assert_eq!(documents(&after), ["dnk-draft"]);
    assert_eq!(after["groups"][0]["version"], 2);
    assert_eq!(after["hits"][0]["paragraph"], "pp1");
    assert!(after["hits"][0]["highlight"].as_str().unwrap_or_default().contains("<mark>Tallinn</mark>"));
    // Still nothing for the public: the draft is in negotiation.
    assert_eq!(search(&service, None, "q=Tallinn").await["total"], 0);
}
