//! The permission matrix: every role × every state-changing endpoint × a delegation acting for its own
//! state and for another. The expected table is written out here, independently of `permissions.rs`; a
//! request the table forbids must be refused (401 or 403) and must leave the log as it was.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::Service;

/// Who asks: nobody signed in, the observer, the chair, the secretariat, Denmark's delegation (the state
/// the requests name: "own") and China's ("other").
const ACTORS: [(&str, Option<&str>); 6] = [
    ("public", None),
    ("observer", Some("observer")),
    ("chair", Some("chair")),
    ("secretariat", Some("secretariat")),
    ("own", Some("dnk")),
    ("other", Some("chn")),
];

struct Case {
    method: Method,
    path: &'static str,
    body: Body,
    /// The actors allowed (by name from `ACTORS`).
    allowed: &'static [&'static str],
}

enum Body {
    Json(Value),
    File(&'static [u8]),
    None,
}

const L49: &[u8] = include_bytes!("../../../../data/resolutions/A_C.3_80_L.49.txt");
const RES_80_198: &[u8] = include_bytes!("../../../../data/resolutions/A_RES_80_198.txt");
const MEETING: &str = "/api/meetings/c3-80-torture";

fn event(json: Value) -> Case {
    let allowed: &'static [&'static str] = match json["event"].as_str().unwrap_or_default() {
        "item_opened"
        | "draft_tabled"
        | "amendments_ordered"
        | "consensus_proposed"
        | "adopted_without_vote" => &["chair", "secretariat"],
        "vote_opened" | "vote_locked" | "vote_decided" => &["chair"],
        "correction_noted" => &["own", "secretariat"],
        "ballot_refused" => &[],
        _ => &["own"],
    };
    Case { method: Method::POST, path: "/api/meetings/c3-80-torture/events", body: Body::Json(json), allowed }
}

fn cases() -> Vec<Case> {
    let mut cases = vec![
        Case {
            method: Method::POST,
            path: "/api/documents",
            body: Body::File(RES_80_198),
            allowed: &["secretariat", "own", "other"],
        },
        // Only the secretariat and the draft's sponsors (Denmark is one; China is not) revise it.
        Case {
            method: Method::POST,
            path: "/api/documents/a-c-3-80-l-49/versions",
            body: Body::File(L49),
            allowed: &["secretariat", "own"],
        },
        Case {
            method: Method::POST,
            path: "/api/documents/a-c-3-80-l-49/status",
            body: Body::Json(json!({"status": "issued"})),
            allowed: &["secretariat"],
        },
        Case {
            method: Method::POST,
            path: "/api/documents/a-c-3-80-l-49/sponsors",
            body: Body::Json(json!({"state": "Denmark"})),
            allowed: &["secretariat", "own"],
        },
        // Comments in an informal round: the delegations (any, in their own name) and the secretariat.
        Case {
            method: Method::POST,
            path: "/api/documents/a-c-3-80-l-49/comments",
            body: Body::Json(json!({"paragraph": "op4", "text": "Could we keep the 2023 wording here?"})),
            allowed: &["secretariat", "own", "other"],
        },
        Case {
            method: Method::DELETE,
            path: "/api/documents/a-c-3-80-l-49/sponsors/DNK",
            body: Body::None,
            allowed: &["secretariat", "own"],
        },
        Case {
            method: Method::POST,
            path: "/api/meetings",
            body: Body::Json(
                json!({"id": "permission-check", "forum": "plenary", "meeting": "1st plenary meeting", "date": "2025-09-09"}),
            ),
            allowed: &["secretariat"],
        },
        Case {
            method: Method::POST,
            path: "/api/meetings/c3-80-torture/amendments",
            body: Body::Json(
                json!({"id": "A-own", "action": "reword", "parts": ["op5"], "text": "Also emphasizes that States must take effective measures;"}),
            ),
            allowed: &["own", "other"],
        },
    ];
    for json in [
        json!({"event": "item_opened", "title": "A second item"}),
        json!({"event": "draft_tabled", "symbol": "A/C.3/80/L.1", "title": "x", "preambular_paragraphs": 1, "operative_paragraphs": 1}),
        json!({"event": "amendments_ordered", "order": []}),
        json!({"event": "consensus_proposed", "question": "part:op1"}),
        json!({"event": "adopted_without_vote", "question": "part:op1"}),
        json!({"event": "vote_opened", "vote": "X", "question": "part:op1"}),
        json!({"event": "vote_locked", "vote": "X"}),
        json!({"event": "vote_decided", "vote": "X"}),
        json!({"event": "oral_revision", "by": "Denmark", "part": "op1", "text": "Condemns all forms of torture;"}),
        json!({"event": "sponsor_joined", "state": "Denmark"}),
        json!({"event": "sponsor_withdrew", "state": "Denmark"}),
        json!({"event": "motion_moved", "id": "M1", "kind": "close_debate", "by": "Denmark"}),
        json!({"event": "division_requested", "id": "D1", "by": "Denmark", "parts": ["op1"]}),
        json!({"event": "division_objected", "division": "D1", "by": "Denmark"}),
        json!({"event": "vote_requested", "question": "proposal", "by": "Denmark"}),
        json!({"event": "explanation_of_vote", "state": "Denmark", "timing": "before_the_vote"}),
        // By now the chair's item_opened above has opened a second item, whose draft has one operative paragraph.
        json!({"event": "amendment_submitted", "id": "A-dnk", "by": ["Denmark"], "action": "delete", "parts": ["op1"]}),
        json!({"event": "amendment_withdrawn", "amendment": "A-dnk"}),
        json!({"event": "ballot_cast", "vote": "X", "state": "Denmark", "choice": "yes"}),
        json!({"event": "ballot_refused", "vote": "X", "state": "Denmark", "choice": "yes", "reason": "forged"}),
        json!({"event": "correction_noted", "vote": "X", "state": "Denmark", "intended": "yes"}),
        json!({"event": "dissociated", "state": "Denmark"}),
    ] {
        cases.push(event(json));
    }
    cases.extend([
        Case {
            method: Method::POST,
            path: "/api/meetings/c3-80-torture/votes",
            body: Body::Json(json!({"vote": "V9", "question": "part:op1"})),
            allowed: &["chair"],
        },
        Case {
            method: Method::POST,
            path: "/api/meetings/c3-80-torture/votes/V9/ballot",
            body: Body::Json(json!({"choice": "yes"})),
            allowed: &["own", "other"],
        },
        Case {
            method: Method::POST,
            path: "/api/meetings/c3-80-torture/votes/V9/lock",
            body: Body::Json(json!({})),
            allowed: &["chair"],
        },
        Case {
            method: Method::POST,
            path: "/api/meetings/c3-80-torture/votes/V9/decide",
            body: Body::Json(json!({})),
            allowed: &["chair"],
        },
    ]);
    cases
}

async fn events(service: &Service) -> u64 {
    service.get(None, "/api/health").await.json()["events"].as_u64().unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_is_allowed_that_the_matrix_forbids() {
    let mut service = Service::start().await;
    for (_, account) in ACTORS {
        if let Some(account) = account {
            service.sign_in(account).await;
        }
    }
    let mut checked = 0;
    for case in cases() {
        // Forbidden actors first, so that an allowed request cannot have changed what they are refused on.
        let mut actors = ACTORS.to_vec();
        actors.sort_by_key(|(name, _)| case.allowed.contains(name));
        for (name, account) in actors {
            let before = events(&service).await;
            let response = match &case.body {
                Body::Json(json) => {
                    service
                        .send(
                            account,
                            case.method.clone(),
                            case.path,
                            Some(json.to_string().into_bytes()),
                            "application/json",
                        )
                        .await
                }
                Body::File(bytes) => {
                    service
                        .send(account, case.method.clone(), case.path, Some(bytes.to_vec()), "text/plain")
                        .await
                }
                Body::None => service.send(account, case.method.clone(), case.path, None, "").await,
            };
            let refused_for_permission =
                matches!(response.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN);
            let what =
                format!("{} {} as {name}: {} {}", case.method, case.path, response.status, response.text());
            if case.allowed.contains(&name) {
                assert!(!refused_for_permission, "allowed but refused: {what}");
            } else {
                assert!(refused_for_permission, "forbidden but not refused: {what}");
                assert_eq!(events(&service).await, before, "a refused request changed the log: {what}");
                let expected = if account.is_none() { "not_signed_in" } else { "forbidden" };
                assert_eq!(response.code(), expected, "{what}");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 34 * 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_in_negotiation_is_seen_by_delegations_only() {
    let mut service = Service::start().await;
    for account in ["dnk", "chn", "observer", "chair"] {
        service.sign_in(account).await;
    }
    let created = service.upload(Some("dnk"), "/api/documents?id=dnk-torture-2027-draft", L49).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let path = "/api/documents/dnk-torture-2027-draft";
    assert_eq!(service.get(Some("chn"), path).await.status, StatusCode::OK);
    assert_eq!(service.get(Some("chair"), path).await.status, StatusCode::OK);
    assert_eq!(service.get(Some("observer"), path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(service.get(None, path).await.status, StatusCode::NOT_FOUND);
    let listed = service.get(None, "/api/documents?q=torture").await.json();
    assert!(listed["documents"].as_array().is_some_and(|documents| {
        documents.iter().all(|document| document["id"] != "dnk-torture-2027-draft")
    }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cookie_request_without_the_csrf_token_changes_nothing() {
    let mut service = Service::start().await;
    service.sign_in("chair").await;
    let with_token = service
        .post(Some("chair"), &format!("{MEETING}/votes"), json!({"vote": "V1", "question": "proposal"}))
        .await;
    assert_eq!(with_token.status, StatusCode::CREATED);
    // The same cookie, as a cross-site form would send it: no token.
    let cookie = service.cookie("chair");
    let request = axum::http::Request::builder()
        .method(Method::POST)
        .uri(format!("{MEETING}/votes/V1/lock"))
        .header("cookie", cookie)
        .body(axum::body::Body::empty())
        .expect("a request");
    let before = events(&service).await;
    let response = service.raw(request).await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    assert_eq!(response.code(), "csrf");
    assert_eq!(events(&service).await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_wrong_passwords_are_rate_limited() {
    let service = Service::start().await;
    let wrong = json!({"username": "dnk", "password": "not the password"});
    // The free failures of one account from one address; then a lock that doubles with each failure.
    for _ in 0..plenary_web::auth::SignInLimiter::default().free_per_account {
        assert_eq!(service.post(None, "/api/session", wrong.clone()).await.status, StatusCode::UNAUTHORIZED);
    }
    let limited = service.post(None, "/api/session", wrong).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers.contains_key("retry-after"));
    let right = json!({"username": "dnk", "password": service.password("dnk")});
    assert_eq!(
        service.post(None, "/api/session", right).await.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
}
