//! The floor and presence pages through the real router, as a browser without JavaScript uses them: the
//! lists of speakers (inscribe, the chair's order, the floor given with a time limit, a point of order and
//! its ruling), the roll of presence, and a vote refused without a quorum, citing the rule.

use axum::http::{StatusCode, header};
use serde_json::json;

use crate::support::{Service, flash, location};

const DEMO: &str = "/meetings/c3-80-torture";

/// Submits a form as `who` with its session's token and expects the redirect back to `back`; returns the
/// flash it carries.
async fn form(
    service: &Service,
    who: &str,
    path: &str,
    fields: &[(&str, &str)],
    back: &str,
) -> (char, String) {
    let token = service.csrf(who);
    let mut all = vec![("csrf_token", token.as_str())];
    all.extend_from_slice(fields);
    let response = service.submit_form(Some(who), path, &all).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{path} as {who}: {}", response.text());
    assert_eq!(location(&response), back, "{path} as {who}");
    flash(&response).unwrap_or_else(|| panic!("{path} as {who}: no message"))
}

fn notice(flash: (char, String)) -> String {
    assert_eq!(flash.0, 'n', "a refusal where a notice was expected: {}", flash.1);
    flash.1
}

fn error(flash: (char, String)) -> String {
    assert_eq!(flash.0, 'e', "a notice where a refusal was expected: {}", flash.1);
    flash.1
}

/// The names waiting on one list of the speakers page, in order.
fn waiting(page: &str, list: &str) -> Vec<String> {
    let start = page.find(&format!("id=\"list-{list}\"")).expect("the list's section");
    let section = &page[start..];
    let section = &section[..section.find("</section>").unwrap_or(section.len())];
    section
        .split("<span class=\"name\">")
        .skip(1)
        .filter_map(|part| part.split("</span>").next())
        .map(str::to_owned)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delegations_inscribe_the_chair_orders_and_gives_the_floor_with_a_time_limit() {
    let mut service = Service::start().await;
    for who in ["sdn", "dnk", "usa", "chair", "secretariat"] {
        service.sign_in(who).await;
    }
    let speakers = format!("{DEMO}/speakers");
    let inscribe = format!("{speakers}/inscribe");
    for who in ["dnk", "sdn", "usa"] {
        let message = notice(form(&service, who, &inscribe, &[("list", "debate")], &speakers).await);
        assert!(message.ends_with("is inscribed on the list for the debate on the item."), "{message}");
    }
    // The secretariat puts an observer state down; a delegation may not put down another.
    notice(
        form(&service, "secretariat", &inscribe, &[("list", "debate"), ("state", "VAT")], &speakers).await,
    );
    let forged = error(
        form(&service, "sdn", &inscribe, &[("list", "right_of_reply"), ("state", "DNK")], &speakers).await,
    );
    assert_eq!(forged, "the delegation of Sudan may not do this (speaker_inscribed)");
    // Twice on one list: refused, with the rule's words.
    let twice = error(form(&service, "sdn", &inscribe, &[("list", "debate")], &speakers).await);
    assert_eq!(twice, "Sudan is already inscribed on the list for the debate on the item");

    let page = service.get(Some("chair"), &speakers).await.text();
    assert_eq!(waiting(&page, "debate"), ["Denmark", "Sudan", "United States of America", "Holy See"]);
    assert!(page.contains("Move United States of America up"), "the chair's buttons");

    // The chair moves the United States up one place, then writes the order out.
    let order = format!("{speakers}/order");
    notice(
        form(
            &service,
            "chair",
            &order,
            &[("list", "debate"), ("state", "USA"), ("direction", "up")],
            &speakers,
        )
        .await,
    );
    let page = service.get(None, &speakers).await.text();
    assert_eq!(waiting(&page, "debate"), ["Denmark", "United States of America", "Sudan", "Holy See"]);
    notice(
        form(
            &service,
            "chair",
            &order,
            &[("list", "debate"), ("order", "Sudan, DNK, Holy See, USA")],
            &speakers,
        )
        .await,
    );
    let wrong =
        error(form(&service, "chair", &order, &[("list", "debate"), ("order", "Sudan")], &speakers).await);
    assert!(wrong.starts_with("the chair's order must list every delegation waiting"), "{wrong}");

    // A delegation does not give itself the floor; the chair gives it, with a limit of five minutes.
    let floor = format!("{speakers}/floor");
    let itself = error(form(&service, "sdn", &floor, &[("list", "debate")], &speakers).await);
    assert_eq!(itself, "the delegation of Sudan may not do this (floor_given)");
    let given =
        notice(form(&service, "chair", &floor, &[("list", "debate"), ("limit", "5")], &speakers).await);
    assert_eq!(given, "Sudan has the floor.");
    let page = service.get(None, &speakers).await.text();
    assert!(page.contains("<strong>Sudan</strong> has the floor (Debate on the item), since "), "{page}");
    assert!(page.contains("data-limit=\"300\""), "the limit for the script");
    assert!(page.contains("Time limit <strong>5:00</strong>"), "the limit without the script");
    assert!(page.contains("left</span>"), "the time left when the page was made");
    assert!(page.contains("<script src=\"/static/floor.js\" defer></script>"));
    let started = page.split("data-started=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or("");
    assert!(started.len() == 24 && started.ends_with('Z'), "the stored time, RFC 3339: {started:?}");
    assert_eq!(waiting(&page, "debate"), ["Denmark", "Holy See", "United States of America"]);

    // A point of order, ruled on at once; meanwhile nothing else is in order.
    let raised = notice(form(&service, "usa", &format!("{speakers}/point-of-order"), &[], &speakers).await);
    assert!(raised.starts_with("United States of America has raised a point of order"), "{raised}");
    let page = service.get(Some("chair"), &speakers).await.text();
    assert!(page.contains("United States of America has raised a point of order"), "the alert");
    assert!(page.contains("id=\"ruling\""), "the chair's ruling form");
    let blocked = error(form(&service, "chair", &floor, &[("list", "debate")], &speakers).await);
    assert!(blocked.contains("awaits the ruling of the chair"), "{blocked}");
    notice(
        form(
            &service,
            "chair",
            &format!("{speakers}/ruling"),
            &[("ruling", "the speaker could continue")],
            &speakers,
        )
        .await,
    );
    // The explanations of vote: not by a sponsor of the draft (Denmark sponsors L.49).
    let sponsor = error(form(&service, "dnk", &inscribe, &[("list", "before_the_vote")], &speakers).await);
    assert_eq!(sponsor, "Denmark may not explain its vote before the vote on a draft it sponsors");
    notice(form(&service, "sdn", &inscribe, &[("list", "before_the_vote")], &speakers).await);
    let given = notice(
        form(&service, "chair", &floor, &[("list", "before_the_vote"), ("limit", "")], &speakers).await,
    );
    assert_eq!(given, "Sudan has the floor.");
    let page = service.get(None, &speakers).await.text();
    assert!(page.contains("data-limit=\"600\""), "ten minutes by the rules: {page}");

    let record = service.get(None, &format!("{DEMO}/record")).await.text();
    for sentence in [
        "In the debate on the item, a statement was made by the representative of the Sudan.",
        "The representative of the United States of America raised a point of order; the Chair ruled that the \
         speaker could continue.",
        "An explanation of vote before the vote was given by the representative of the Sudan.",
    ] {
        assert!(record.contains(sentence), "the record lacks: {sentence}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delegation_withdraws_and_the_secretariat_takes_a_name_off() {
    let mut service = Service::start().await;
    for who in ["sdn", "secretariat"] {
        service.sign_in(who).await;
    }
    let speakers = format!("{DEMO}/speakers");
    notice(
        form(&service, "sdn", &format!("{speakers}/inscribe"), &[("list", "right_of_reply")], &speakers)
            .await,
    );
    let page = service.get(Some("sdn"), &speakers).await.text();
    assert!(page.contains("Withdraw Sudan from: Right of reply"), "its own withdraw button");
    notice(
        form(&service, "sdn", &format!("{speakers}/withdraw"), &[("list", "right_of_reply")], &speakers)
            .await,
    );
    assert!(waiting(&service.get(None, &speakers).await.text(), "right_of_reply").is_empty());
    notice(
        form(
            &service,
            "secretariat",
            &format!("{speakers}/inscribe"),
            &[("list", "debate"), ("state", "PSE")],
            &speakers,
        )
        .await,
    );
    notice(
        form(
            &service,
            "secretariat",
            &format!("{speakers}/withdraw"),
            &[("list", "debate"), ("state", "PSE")],
            &speakers,
        )
        .await,
    );
    assert!(waiting(&service.get(None, &speakers).await.text(), "debate").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_quorum_the_plenary_refuses_a_vote_citing_rule_67() {
    let mut service = Service::start().await;
    for who in ["secretariat", "chair", "sdn", "dnk"] {
        service.sign_in(who).await;
    }
    let opened = service
        .post(
            Some("secretariat"),
            "/api/meetings",
            json!({"id": "ga-80-quorum", "forum": "plenary", "meeting": "60th plenary meeting", "date": "2025-12-15"}),
        )
        .await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.text());
    for event in [
        json!({"event": "item_opened", "agenda_item": "71 (a)", "title": "Promotion and protection of human rights"}),
        json!({"event": "draft_tabled", "symbol": "A/80/545", "title": "Torture", "preambular_paragraphs": 16, "operative_paragraphs": 55}),
    ] {
        let posted = service.post(Some("secretariat"), "/api/meetings/ga-80-quorum/events", event).await;
        assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.text());
    }
    let meeting = "/meetings/ga-80-quorum";
    let presence = format!("{meeting}/presence");

    // Before anyone is marked, the whole membership is taken as present.
    let page = service.get(None, &presence).await.text();
    assert!(page.contains("presence not yet marked: the whole membership (193) is taken as present; quorum for a decision 97: quorum present"), "{page}");
    assert!(page.contains("not marked</span>"));

    // The Sudan marks itself present; it may not mark Denmark.
    let marked = notice(form(&service, "sdn", &presence, &[("act", "present")], &presence).await);
    assert_eq!(marked, "Presence recorded: 1 present; quorum for a decision 97: no quorum.");
    let forged =
        error(form(&service, "sdn", &presence, &[("act", "roll"), ("present", "DNK")], &presence).await);
    assert_eq!(forged, "the delegation of Sudan may not do this (presence_marked)", "nor call the roll");
    // The secretariat calls the roll: three present.
    let roll = notice(
        form(
            &service,
            "secretariat",
            &presence,
            &[("act", "roll"), ("present", "SDN"), ("present", "DNK"), ("present", "USA")],
            &presence,
        )
        .await,
    );
    assert_eq!(roll, "Presence recorded: 3 present; quorum for a decision 97: no quorum.");
    let page = service.get(None, &presence).await.text();
    assert!(page.contains("3 present; quorum for a decision 97: no quorum"));
    assert!(page.contains("data-quorum=\"absent\""));
    let afghanistan = page.find("data-state=\"AFG\"").expect("Afghanistan on the roll");
    let zimbabwe = page.find("data-state=\"ZWE\"").expect("Zimbabwe on the roll");
    assert!(afghanistan < zimbabwe, "the roll in UN order");
    assert!(page.contains("data-state=\"SDN\" data-presence=\"present\""));
    assert!(page.contains("data-state=\"AFG\" data-presence=\"absent\""));
    assert_eq!(page.matches("<li data-state=").count(), 193, "every member, and no observer");

    // The chair cannot open the vote, and the refusal cites the rule.
    let refused = error(
        form(
            &service,
            "chair",
            &format!("{meeting}/open-vote"),
            &[("vote", "V1"), ("question", "proposal"), ("method", "recorded")],
            meeting,
        )
        .await,
    );
    assert_eq!(
        refused,
        "no quorum: rule 67 requires a majority of the members (97 of 193) present for a decision; 3 are present"
    );
    // Nor take it without a vote.
    let without = error(
        form(&service, "chair", &format!("{meeting}/take-it"), &[("question", "proposal")], meeting).await,
    );
    assert!(without.starts_with("no quorum: rule 67"), "{without}");

    // Every member present, for a quick start; then the vote opens.
    let all = notice(form(&service, "secretariat", &presence, &[("act", "all")], &presence).await);
    assert_eq!(all, "Presence recorded: 193 present; quorum for a decision 97: quorum present.");
    let absent = notice(form(&service, "dnk", &presence, &[("act", "absent")], &presence).await);
    assert_eq!(absent, "Presence recorded: 192 present; quorum for a decision 97: quorum present.");
    let page = service.get(Some("dnk"), &presence).await.text();
    assert!(page.contains("Denmark is marked absent."), "its own line");
    let opened = service
        .submit_form(
            Some("chair"),
            &format!("{meeting}/open-vote"),
            &[
                ("csrf_token", &service.csrf("chair")),
                ("vote", "V1"),
                ("question", "proposal"),
                ("method", "recorded"),
            ],
        )
        .await;
    assert_eq!(location(&opened), format!("{meeting}/votes/V1"), "{:?}", flash(&opened));
    let vote = service.get(None, "/api/meetings/ga-80-quorum").await.json();
    assert_eq!(vote["votes"][0]["status"], "open");
}

#[tokio::test]
async fn the_floor_pages_style_sheet_and_timer_are_served() {
    let service = Service::start().await;
    for (file, kind) in [("floor.css", "text/css"), ("floor.js", "text/javascript")] {
        let response = service.get(None, &format!("/static/{file}")).await;
        assert_eq!(response.status, StatusCode::OK, "{file}");
        let content_type = response.headers[header::CONTENT_TYPE].to_str().unwrap_or_default().to_owned();
        assert!(content_type.starts_with(kind), "{file}: {content_type}");
    }
    let page = service.get(None, &format!("{DEMO}/speakers")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Nobody has the floor."));
    assert!(!page.text().contains("id=\"inscribe-for\""), "the public has no forms");
    assert_eq!(service.get(None, "/meetings/no-such-meeting/speakers").await.status, StatusCode::NOT_FOUND);
}
