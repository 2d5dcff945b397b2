//! The vote pages on the seeded demo meeting (`c3-80-torture`, the draft A/C.3/80/L.49 before the Third
//! Committee): the question stated with the words of the draft, the hall display, the member grid that
//! carries text, and the consoles that say what the server holds. (The browser tests in
//! `crates/plenary/tests/browser/{hall,consoles}.rs` drive the same pages live in Chromium.)

use axum::http::{StatusCode, header};
use serde_json::json;

use crate::support::{Response, Service};

const MEETING: &str = "/meetings/c3-80-torture";
const API: &str = "/api/meetings/c3-80-torture";

/// The start of operative paragraph 4 of A/C.3/80/L.49, as printed.
const OP4_OPENING: &str = "Emphasizes that acts of torture or inhuman treatment are grave breaches of the Geneva Conventions of 1949";

async fn service_with(accounts: &[&str]) -> Service {
    let mut service = Service::start().await;
    for who in accounts {
        service.sign_in(who).await;
    }
    service
}

async fn created(service: &Service, who: &str, path: &str, body: serde_json::Value) {
    let response = service.post(Some(who), path, body.clone()).await;
    assert_eq!(response.status, StatusCode::CREATED, "{who} posts {body} to {path}: {}", response.text());
}

async fn done(service: &Service, who: &str, path: &str) {
    let response = service.post(Some(who), path, json!({})).await;
    assert_eq!(response.status, StatusCode::OK, "{who} posts to {path}: {}", response.text());
}

/// The chair opens `vote` on `question`, three delegations vote, the chair locks and decides.
async fn vote_through(service: &Service, vote: &str, question: &str, ballots: &[(&str, &str)]) {
    created(
        service,
        "chair",
        &format!("{API}/votes"),
        json!({"vote": vote, "question": question, "method": "recorded"}),
    )
    .await;
    for (who, choice) in ballots {
        created(service, who, &format!("{API}/votes/{vote}/ballot"), json!({"choice": choice})).await;
    }
    done(service, "chair", &format!("{API}/votes/{vote}/lock")).await;
    done(service, "chair", &format!("{API}/votes/{vote}/decide")).await;
}

/// The text of `<h1>…</h1>` on a page, tags removed.
fn heading(page: &str) -> String {
    let start = page.find("<h1").and_then(|at| page[at..].find('>').map(|end| at + end + 1)).unwrap_or(0);
    let end = page[start..].find("</h1>").map_or(page.len(), |end| start + end);
    let mut text = String::new();
    let mut in_tag = false;
    for character in page[start..end].chars() {
        match character {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(character),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The quotation of a page's question: the text between “ and ” after the heading's start.
fn quoted(page: &str) -> String {
    let from = page
        .find("“")
        .map(|at| at + "“".len())
        .unwrap_or_else(|| panic!("no quotation on the page:\n{page}"));
    let to = page[from..].find("”").map_or(page.len(), |end| from + end);
    page[from..to].to_owned()
}

fn no_store(response: &Response) -> bool {
    response.headers.get(header::CACHE_CONTROL).and_then(|value| value.to_str().ok()) == Some("no-store")
}

#[tokio::test]
async fn the_vote_pages_state_the_question_with_the_words_of_the_draft_l49() {
    let service = service_with(&["chair", "sdn", "dnk", "mex"]).await;
    // The Sudan proposes to delete operative paragraph 4 (circulated as A/C.3/80/L.60) and asks for a
    // separate vote on the paragraph.
    created(
        &service,
        "sdn",
        &format!("{API}/amendments"),
        json!({"id": "A1", "document": "A/C.3/80/L.60", "action": "delete", "parts": ["op4"]}),
    )
    .await;
    created(
        &service,
        "sdn",
        &format!("{API}/events"),
        json!({"event": "division_requested", "id": "D1", "by": "Sudan", "parts": ["op4"]}),
    )
    .await;

    // The amendment: what it does, and the words it would take out.
    created(&service, "chair", &format!("{API}/votes"), json!({"vote": "V1", "question": "amendment:A1"}))
        .await;
    for path in [format!("{MEETING}/votes/V1"), format!("{MEETING}/votes/V1/hall")] {
        let page = service.get(None, &path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let page = page.text();
        assert!(
            heading(&page).contains("Amendment A/C.3/80/L.60 to delete operative paragraph 4"),
            "{path}: the heading is {:?}",
            heading(&page)
        );
        let words = quoted(&page);
        assert!(words.starts_with(OP4_OPENING), "{path}: the quotation is {words:?}");
        assert!(
            words.ends_with(" …"),
            "{path}: operative paragraph 4 (about 700 characters) is shortened: {words:?}"
        );
        assert!(words.chars().count() <= 200, "{path}: {} characters quoted", words.chars().count());
    }
    for (who, choice) in [("sdn", "yes"), ("dnk", "no"), ("mex", "no")] {
        created(&service, who, &format!("{API}/votes/V1/ballot"), json!({"choice": choice})).await;
    }
    done(&service, "chair", &format!("{API}/votes/V1/lock")).await;
    done(&service, "chair", &format!("{API}/votes/V1/decide")).await;

    // The amendment failed; the paragraph is voted on separately, and the page quotes it.
    vote_through(&service, "V2", "part:op4", &[("sdn", "no"), ("dnk", "yes"), ("mex", "yes")]).await;
    let page = service.get(None, &format!("{MEETING}/votes/V2")).await.text();
    assert_eq!(heading(&page), "Vote V2: Operative paragraph 4");
    assert!(quoted(&page).starts_with(OP4_OPENING), "{}", quoted(&page));
    assert!(page.contains("<title>Vote V2 — Operative paragraph 4 · Plenary</title>"), "the window's title");

    // The draft as a whole is named by its symbol, and quotes nothing.
    created(&service, "chair", &format!("{API}/votes"), json!({"vote": "V3", "question": "proposal"})).await;
    let page = service.get(None, &format!("{MEETING}/votes/V3")).await.text();
    assert_eq!(heading(&page), "Vote V3: Draft resolution A/C.3/80/L.49 as a whole");
    assert!(!page.contains("id=\"question-text\""), "nothing is quoted for the draft as a whole");
    let hall = service.get(None, &format!("{MEETING}/votes/V3/hall")).await.text();
    assert_eq!(heading(&hall), "Vote V3 Draft resolution A/C.3/80/L.49 as a whole");
}

#[tokio::test]
async fn the_2017_plenarys_separate_votes_are_stated_by_paragraph_even_without_the_drafts_text() {
    let service = service_with(&[]).await;
    // The seeded 2017 plenary voted on the seventh preambular paragraph (roll call 6004) and operative
    // paragraph 4 (6005) of draft resolution II of the Third Committee's report, which the store does not
    // hold as a document: the pages name the paragraphs and quote nothing.
    for (vote, expected) in [
        ("6004", "Vote 6004: The seventh preambular paragraph"),
        ("6005", "Vote 6005: Operative paragraph 4"),
    ] {
        let page = service.get(None, &format!("/meetings/ga-72-73/votes/{vote}")).await.text();
        assert_eq!(heading(&page), expected);
        assert!(!page.contains("id=\"question-text\""), "vote {vote}: no words to quote");
    }
}

#[tokio::test]
async fn the_hall_display_is_public_and_shows_all_193_members_in_un_order_with_the_letter_of_their_vote() {
    let service = service_with(&["chair", "dnk", "mex", "usa"]).await;
    service.chair_opens_the_demo_vote().await;
    for (who, choice) in [("dnk", "yes"), ("mex", "no"), ("usa", "abstain")] {
        created(&service, who, &format!("{API}/votes/V1/ballot"), json!({"choice": choice})).await;
    }
    let response = service.get(None, &format!("{MEETING}/votes/V1/hall")).await;
    assert_eq!(response.status, StatusCode::OK, "anyone may view the hall display");
    let page = response.text();

    let cells: Vec<&str> = page.split("<li data-state=\"").skip(1).collect();
    assert_eq!(cells.len(), 193, "one cell per member of the Third Committee");
    let codes: Vec<&str> = cells.iter().map(|cell| &cell[..3]).collect();
    assert_eq!(&codes[..3], ["AFG", "ALB", "DZA"], "UN order: Afghanistan, Albania, Algeria");
    assert_eq!(codes.last(), Some(&"ZWE"));
    assert!(page.contains("style=\"--columns: 11; --rows: 18\""), "11 × 18 cells on the screen");

    let cell = |code: &str| cells.iter().find(|cell| cell.starts_with(code)).copied().unwrap_or_default();
    assert!(
        cell("DNK").contains(r#"data-shown="yes""#)
            && cell("DNK").contains(r#"<span class="letter" aria-hidden="true">Y</span>"#)
    );
    assert!(cell("DNK").contains(r#"<span class="sr-only said">Denmark: yes</span>"#), "{}", cell("DNK"));
    assert!(cell("MEX").contains(r#"<span class="letter" aria-hidden="true">N</span>"#));
    // The United States' full name is too long for a cell: it shows the short form, and says the full one.
    assert!(cell("USA").contains(r#"<span class="letter" aria-hidden="true">A</span><span class="name" aria-hidden="true">United States</span>"#));
    assert!(cell("USA").contains("United States of America: abstain"));
    assert!(cell("FRA").contains(r#"data-shown="pending""#) && cell("FRA").contains("France: not voted"));

    for (kind, count) in [("yes", 1), ("no", 1), ("abstain", 1), ("voted", 3)] {
        assert!(
            page.contains(&format!(r#"data-count="{kind}"><strong>{count}</strong>"#)),
            "the hall shows {count} {kind}"
        );
    }
    assert!(
        page.contains(
            "Required: a simple majority of the members present and voting — with 2 voting yes or no"
        )
    );
    assert!(page.contains(r#"src="/static/board.js""#), "live over the board's stream");
    let style = service.get(None, "/static/hall.css").await;
    assert_eq!(style.status, StatusCode::OK);
    assert!(style.text().contains("#hall-grid"));
}

#[tokio::test]
async fn while_a_vote_revealed_after_the_lock_is_open_the_hall_shows_only_who_has_voted() {
    let service = service_with(&["chair", "dnk"]).await;
    created(
        &service,
        "chair",
        &format!("{API}/votes"),
        json!({"vote": "V1", "question": "proposal", "method": "recorded", "reveal": "after_lock"}),
    )
    .await;
    created(&service, "dnk", &format!("{API}/votes/V1/ballot"), json!({"choice": "yes"})).await;

    let page = service.get(None, &format!("{MEETING}/votes/V1/hall")).await.text();
    assert!(page.contains(r#"<li data-state="DNK" data-shown="voted""#));
    assert!(page.contains("Denmark: has voted"));
    assert!(!page.contains(r#"aria-hidden="true">Y</span>"#), "no letter Y while the votes are hidden");
    assert!(page.contains(r#"data-count="yes" hidden"#), "the yes count is hidden until the lock");

    done(&service, "chair", &format!("{API}/votes/V1/lock")).await;
    let page = service.get(None, &format!("{MEETING}/votes/V1/hall")).await.text();
    assert!(page.contains(r#"<li data-state="DNK" data-shown="yes""#));
    assert!(page.contains(r#"<li data-state="FRA" data-shown="pending" class="shown-pending absent""#));
    assert!(page.contains("France: did not vote"));
}

#[tokio::test]
async fn the_boards_member_grid_carries_each_vote_as_text_with_the_members_name() {
    let service = service_with(&["chair", "dnk", "mex", "usa"]).await;
    service.chair_opens_the_demo_vote().await;
    for (who, choice) in [("dnk", "yes"), ("mex", "no"), ("usa", "abstain")] {
        created(&service, who, &format!("{API}/votes/V1/ballot"), json!({"choice": choice})).await;
    }
    let page = service.get(None, &format!("{MEETING}/votes/V1")).await.text();
    let grid = &page[page.find("id=\"member-grid\"").expect("the member grid")..];
    for (code, mark, said) in [
        ("DNK", "Y", "Denmark: yes"),
        ("MEX", "N", "Mexico: no"),
        ("USA", "A", "United States of America: abstain"),
        ("FRA", "–", "France: not voted"),
    ] {
        let expected = format!(
            r#"<span class="code" aria-hidden="true">{code}</span> <span class="mark" aria-hidden="true">{mark}</span><span class="sr-only said">{said}</span>"#
        );
        assert!(grid.contains(&expected), "the grid cell of {code}: {expected}");
    }
}

#[tokio::test]
async fn the_ballot_panel_shows_the_ballot_the_server_holds_and_after_the_lock_that_the_vote_is_closed() {
    let service = service_with(&["chair", "dnk", "mex"]).await;
    service.chair_opens_the_demo_vote().await;
    created(&service, "dnk", &format!("{API}/votes/V1/ballot"), json!({"choice": "yes"})).await;
    created(&service, "dnk", &format!("{API}/votes/V1/ballot"), json!({"choice": "abstain"})).await;

    let response = service.get(Some("dnk"), &format!("{MEETING}/votes/V1")).await;
    assert!(no_store(&response), "the board is never kept by the browser: Back asks the server again");
    let console = response.text();
    assert!(
        console.contains("Denmark votes abstain. You may change it until the voting is closed."),
        "{console}"
    );
    assert!(console.contains(r#"value="abstain" class="abstain" aria-pressed="true""#));
    assert!(console.contains(r#"value="yes" class="yes" aria-pressed="false""#));
    let mexico = service.get(Some("mex"), &format!("{MEETING}/votes/V1")).await.text();
    assert!(mexico.contains("Mexico has not voted."));

    let chair = service.get(Some("chair"), &format!("{MEETING}/votes/V1")).await.text();
    assert!(chair.contains(">Next: close the voting (lock the vote) when the delegations have voted.</p>"));
    assert!(
        chair.contains("<button type=\"submit\" disabled>Announce the result</button>"),
        "nothing to announce yet"
    );

    done(&service, "chair", &format!("{API}/votes/V1/lock")).await;
    let console = service.get(Some("dnk"), &format!("{MEETING}/votes/V1")).await.text();
    assert!(console.contains("The vote is closed: Denmark’s vote, abstain, stands."), "{console}");
    assert!(!console.contains("id=\"ballot\""), "no ballot buttons once the voting is closed");
    let said = &console[console.find("id=\"my-ballot\"").expect("the panel's sentence")..];
    let said = &said[..said.find("</p>").unwrap_or(said.len())];
    assert!(!said.contains("change it"), "no offer to change the vote once the voting is closed: {said}");
    let mexico = service.get(Some("mex"), &format!("{MEETING}/votes/V1")).await.text();
    assert!(mexico.contains("The vote is closed: Mexico did not vote."));
    let chair = service.get(Some("chair"), &format!("{MEETING}/votes/V1")).await.text();
    assert!(chair.contains(">Next: announce the result.</p>"));
    assert!(chair.contains("<button type=\"submit\" disabled>Close the voting</button>"));

    done(&service, "chair", &format!("{API}/votes/V1/decide")).await;
    let chair = service.get(Some("chair"), &format!("{MEETING}/votes/V1")).await.text();
    assert!(chair.contains(">Decided: the result is final.</p>"));
}
