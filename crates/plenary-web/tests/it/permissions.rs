//! The permission matrix: every role × every state-changing endpoint × a delegation acting for its own
//! state and for another. The expected table is written out here, independently of `permissions.rs`: a
//! request the table forbids must be refused (401 or 403, or 404 for a draft the actor may not see) and must
//! leave the log as it was; a request it allows must succeed.

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

/// One state-changing request of the matrix. The path and body may depend on who asks, so that each
/// allowed actor acts on a resource of its own (its own new document, its own amendment) and succeeds; a
/// forbidden actor is sent what the first allowed actor will be sent.
struct Case {
    method: Method,
    path: Box<dyn Fn(&str) -> String>,
    body: Box<dyn Fn(&str) -> Body>,
    /// The actors allowed (by name from `ACTORS`); each is answered with success.
    allowed: &'static [&'static str],
    /// Whether the target is a draft in negotiation, which the observer may not even see (404 for it).
    draft: bool,
}

#[derive(Clone)]
enum Body {
    Json(Value),
    File(&'static [u8]),
    None,
}

impl Body {
    fn is_consensus_proposed(&self) -> bool {
        matches!(self, Body::Json(json) if json["event"] == "consensus_proposed")
    }
}

const L49: &[u8] = include_bytes!("../../../../data/resolutions/A_C.3_80_L.49.txt");
const RES_80_198: &[u8] = include_bytes!("../../../../data/resolutions/A_RES_80_198.txt");
const RES_74_143: &[u8] = include_bytes!("../../../../data/resolutions/A_RES_74_143.txt");
const RES_72_163: &[u8] = include_bytes!("../../../../data/resolutions/A_RES_72_163.txt");
const MEETING: &str = "/api/meetings/c3-80-torture";
/// Denmark's draft, imported before the matrix runs: Denmark and the sponsors printed on L.49 hold the pen;
/// China does not.
const DRAFT: &str = "/api/documents/matrix-draft";

/// The same path and body for everyone.
fn same(method: Method, path: &str, body: Body, allowed: &'static [&'static str]) -> Case {
    let path = path.to_owned();
    Case {
        method,
        path: Box::new(move |_| path.clone()),
        body: Box::new(move |_| body.clone()),
        allowed,
        draft: false,
    }
}

/// The first allowed actor, whose request a forbidden actor is sent.
fn first_allowed(allowed: &[&'static str], actor: &str) -> &'static str {
    allowed.iter().copied().find(|name| *name == actor).or_else(|| allowed.first().copied()).unwrap_or("none")
}

fn event(json: Value) -> Case {
    let allowed: &'static [&'static str] = match json["event"].as_str().unwrap_or_default() {
        "item_opened"
        | "draft_tabled"
        | "amendments_ordered"
        | "consensus_proposed"
        | "adopted_without_vote" => &["chair", "secretariat"],
        "vote_opened" | "vote_locked" | "vote_decided" => &["chair"],
        "speakers_ordered" | "floor_given" | "point_of_order_ruled" => &["chair"],
        "speaker_inscribed" | "speaker_withdrawn" | "presence_marked" => &["own", "secretariat"],
        "correction_noted" => &["own", "secretariat"],
        "ballot_refused" => &[],
        _ => &["own"],
    };
    same(Method::POST, &format!("{MEETING}/events"), Body::Json(json), allowed)
}

fn cases() -> Vec<Case> {
    let mut cases = vec![
        // Each importer its own new document; a delegation's import is a draft in negotiation.
        Case {
            method: Method::POST,
            path: Box::new(|actor| format!("/api/documents?id=matrix-{actor}")),
            body: Box::new(|_| Body::File(RES_80_198)),
            allowed: &["secretariat", "own", "other"],
            draft: false,
        },
        // Only the secretariat issues (or records as adopted) a document.
        same(
            Method::POST,
            "/api/documents?id=matrix-issued&status=issued",
            Body::File(L49),
            &["secretariat"],
        ),
        // A draft in negotiation is revised by the secretariat and the sponsors holding the pen (Denmark),
        // each with a text of its own (a version already recorded is refused as such).
        Case {
            method: Method::POST,
            path: Box::new(|_| format!("{DRAFT}/versions")),
            body: Box::new(|actor| {
                Body::File(if first_allowed(&["secretariat", "own"], actor) == "own" {
                    RES_72_163
                } else {
                    RES_74_143
                })
            }),
            allowed: &["secretariat", "own"],
            draft: true,
        },
        // An adopted resolution and an issued draft never change: nobody adds a version.
        same(Method::POST, "/api/documents/a-res-80-198/versions", Body::File(RES_74_143), &[]),
        same(Method::POST, "/api/documents/a-c-3-80-l-49/versions", Body::File(RES_74_143), &[]),
        // Comments in an informal round: the delegations (any, in their own name) and the secretariat.
        same(
            Method::POST,
            "/api/documents/a-c-3-80-l-49/comments",
            Body::Json(json!({"paragraph": "op4", "text": "Could we keep the 2023 wording here?"})),
            &["secretariat", "own", "other"],
        ),
        // Sponsorship: the secretariat for any state, a delegation for its own; each on a draft of its own
        // that Denmark does not sponsor yet.
        Case {
            method: Method::POST,
            path: Box::new(|actor| {
                format!("/api/documents/sponsored-{}/sponsors", first_allowed(&["secretariat", "own"], actor))
            }),
            body: Box::new(|_| Body::Json(json!({"state": "Denmark"}))),
            allowed: &["secretariat", "own"],
            draft: true,
        },
        Case {
            method: Method::DELETE,
            path: Box::new(|actor| {
                format!(
                    "/api/documents/sponsored-{}/sponsors/DNK",
                    first_allowed(&["secretariat", "own"], actor)
                )
            }),
            body: Box::new(|_| Body::None),
            allowed: &["secretariat", "own"],
            draft: true,
        },
        // The sponsors of an adopted resolution are final.
        same(
            Method::POST,
            "/api/documents/a-res-80-198/sponsors",
            Body::Json(json!({"state": "Denmark"})),
            &[],
        ),
        // A document's life goes forward: the secretariat records the adoption of the issued ICC draft.
        same(
            Method::POST,
            "/api/documents/a-80-l-9/status",
            Body::Json(json!({"status": "adopted"})),
            &["secretariat"],
        ),
        same(
            Method::POST,
            "/api/meetings",
            Body::Json(
                json!({"id": "permission-check", "forum": "plenary", "meeting": "1st plenary meeting", "date": "2025-09-09"}),
            ),
            &["secretariat"],
        ),
        Case {
            method: Method::POST,
            path: Box::new(|_| format!("{MEETING}/amendments")),
            body: Box::new(|actor| {
                Body::Json(json!({
                    "id": format!("A-{}", first_allowed(&["own", "other"], actor)),
                    "action": "reword",
                    "parts": ["op5"],
                    "text": "Also emphasizes that States must take effective measures;",
                }))
            }),
            allowed: &["own", "other"],
            draft: false,
        },
    ];
    // The floor, under L.49: a delegation inscribes itself and the secretariat an observer state; the chair
    // orders the list and gives the floor (to the Holy See); Denmark withdraws, and the secretariat takes
    // off China (inscribed before the matrix). Denmark raises a point of order; the chair rules on it.
    cases.push(for_each(
        json!({"event": "speaker_inscribed", "list": "debate", "state": "Denmark"}),
        json!({"event": "speaker_inscribed", "list": "debate", "state": "Holy See"}),
    ));
    cases.push(event(
        json!({"event": "speakers_ordered", "list": "debate", "order": ["Holy See", "Denmark", "China"]}),
    ));
    cases.push(event(json!({"event": "floor_given", "list": "debate", "time_limit": 300})));
    cases.push(for_each(
        json!({"event": "speaker_withdrawn", "list": "debate", "state": "Denmark"}),
        json!({"event": "speaker_withdrawn", "list": "debate", "state": "China"}),
    ));
    cases.push(event(json!({"event": "point_of_order_raised", "by": "Denmark"})));
    cases.push(event(json!({"event": "point_of_order_ruled", "ruling": "the statement was in order"})));
    for json in [
        // Under L.49, before action: Denmark (a sponsor holding the pen) revises orally, withdraws and
        // explains its vote before the vote (which a sponsor may not), and joins the sponsors again.
        json!({"event": "oral_revision", "by": "Denmark", "part": "op1", "text": "Condemns all forms of torture;"}),
        json!({"event": "sponsor_withdrew", "state": "Denmark"}),
        json!({"event": "explanation_of_vote", "state": "Denmark", "timing": "before_the_vote"}),
        json!({"event": "sponsor_joined", "state": "Denmark"}),
        json!({"event": "amendment_submitted", "id": "A-dnk", "by": ["Denmark"], "action": "delete", "parts": ["op2"]}),
        json!({"event": "amendment_withdrawn", "amendment": "A-dnk"}),
        json!({"event": "division_requested", "id": "D1", "by": "Denmark", "parts": ["op3"]}),
        // China asked, before the matrix, for a separate vote on op4; Denmark objects.
        json!({"event": "division_objected", "division": "D-chn", "by": "Denmark"}),
        json!({"event": "vote_requested", "question": "proposal", "by": "Denmark"}),
        json!({"event": "motion_moved", "id": "M1", "kind": "suspend_meeting", "by": "Denmark"}),
        json!({"event": "amendments_ordered", "order": ["A-own", "A-other"]}),
        json!({"event": "vote_opened", "vote": "X", "question": "motion:M1"}),
        json!({"event": "ballot_cast", "vote": "X", "state": "Denmark", "choice": "yes"}),
        json!({"event": "ballot_refused", "vote": "X", "state": "Denmark", "choice": "yes", "reason": "forged"}),
        json!({"event": "vote_locked", "vote": "X"}),
        json!({"event": "vote_decided", "vote": "X"}),
        json!({"event": "correction_noted", "vote": "X", "state": "Denmark", "intended": "no"}),
        json!({"event": "consensus_proposed", "question": "division:D-chn"}),
        json!({"event": "dissociated", "state": "Denmark"}),
        // A new item and its draft: the chair's in this meeting, the secretariat's in the meeting it opened.
        json!({"event": "item_opened", "title": "A second item"}),
        json!({"event": "draft_tabled", "symbol": "A/C.3/80/L.1", "title": "x", "preambular_paragraphs": 1, "operative_paragraphs": 1}),
    ] {
        let opens_an_item = matches!(json["event"].as_str(), Some("item_opened" | "draft_tabled"));
        cases.push(event(json));
        if opens_an_item {
            if let Some(case) = cases.last_mut() {
                case.path = Box::new(|actor| {
                    let meeting = if actor == "secretariat" { "permission-check" } else { "c3-80-torture" };
                    format!("/api/meetings/{meeting}/events")
                });
            }
        }
        if cases.last().is_some_and(|case| (case.body)("chair").is_consensus_proposed()) {
            // Adopted without a vote, each by its own: the chair the division, the secretariat (as the
            // secretary reading it out) the next question, China's amendment.
            let mut adopted = event(json!({"event": "adopted_without_vote"}));
            adopted.body = Box::new(|actor| {
                let question = if actor == "secretariat" { "amendment:A-own" } else { "division:D-chn" };
                Body::Json(json!({"event": "adopted_without_vote", "question": question}))
            });
            cases.push(adopted);
        }
    }
    cases.extend([
        same(
            Method::POST,
            &format!("{MEETING}/votes"),
            Body::Json(json!({"vote": "V9", "question": "proposal"})),
            &["chair"],
        ),
        same(
            Method::POST,
            &format!("{MEETING}/votes/V9/ballot"),
            Body::Json(json!({"choice": "yes"})),
            &["own", "other"],
        ),
        same(Method::POST, &format!("{MEETING}/votes/V9/lock"), Body::Json(json!({})), &["chair"]),
        same(Method::POST, &format!("{MEETING}/votes/V9/decide"), Body::Json(json!({})), &["chair"]),
    ]);
    // The depositary's record: only the secretariat records a signature, a consent or a denunciation, for
    // Denmark (the "own" delegation's state: it may not record its own instruments) as for China.
    cases.extend([
        same(
            Method::POST,
            "/api/treaties/cmw/actions",
            Body::Json(json!({"participant": "DNK", "action": "signature", "date": "2026-06-01"})),
            &["secretariat"],
        ),
        same(
            Method::POST,
            "/api/treaties/cat_op/actions",
            Body::Json(json!({"participant": "CHN", "action": "accession", "date": "2026-06-01"})),
            &["secretariat"],
        ),
    ]);
    // Last, for once presence is tracked the votes above would need a quorum: a delegation marks itself
    // present, the secretariat any members.
    cases.push(for_each(
        json!({"event": "presence_marked", "states": ["Denmark"], "present": true}),
        json!({"event": "presence_marked", "states": ["China", "Sudan"], "present": true}),
    ));
    cases
}

/// An event Denmark's delegation (`own`) and the secretariat may both post, each with its own body; the
/// others are sent Denmark's.
fn for_each(own: Value, secretariat: Value) -> Case {
    let mut case = event(own.clone());
    case.body = Box::new(move |actor| {
        Body::Json(if actor == "secretariat" { secretariat.clone() } else { own.clone() })
    });
    case
}

async fn events(service: &Service) -> u64 {
    service.get(None, "/api/health").await.json()["events"].as_u64().unwrap_or(0)
}

/// What the matrix acts on, set up by the accounts that would do it: Denmark's draft, two drafts of the
/// secretariat's that nobody sponsors, and China's request for a separate vote.
async fn set_up(service: &Service) {
    let draft = service.upload(Some("dnk"), "/api/documents?id=matrix-draft", L49).await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.text());
    for id in ["sponsored-secretariat", "sponsored-own"] {
        let path = format!("/api/documents?id={id}&status=negotiation");
        let created = service.upload(Some("secretariat"), &path, RES_74_143).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    }
    let division = json!({"event": "division_requested", "id": "D-chn", "by": "China", "parts": ["op4"]});
    let requested = service.post(Some("chn"), &format!("{MEETING}/events"), division).await;
    assert_eq!(requested.status, StatusCode::CREATED, "{}", requested.text());
    let speaker = json!({"event": "speaker_inscribed", "list": "debate", "state": "China"});
    let inscribed = service.post(Some("chn"), &format!("{MEETING}/events"), speaker).await;
    assert_eq!(inscribed.status, StatusCode::CREATED, "{}", inscribed.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_matrix_refuses_what_it_forbids_and_grants_what_it_allows() {
    let mut service = Service::start().await;
    for (_, account) in ACTORS {
        if let Some(account) = account {
            service.sign_in(account).await;
        }
    }
    set_up(&service).await;
    let mut checked = 0;
    for case in cases() {
        // Forbidden actors first, so that an allowed request cannot have changed what they are refused on.
        let mut actors = ACTORS.to_vec();
        actors.sort_by_key(|(name, _)| case.allowed.contains(name));
        for (name, account) in actors {
            let before = events(&service).await;
            let path = (case.path)(name);
            let response = match (case.body)(name) {
                Body::Json(json) => {
                    service
                        .send(
                            account,
                            case.method.clone(),
                            &path,
                            Some(json.to_string().into_bytes()),
                            "application/json",
                        )
                        .await
                }
                Body::File(bytes) => {
                    service
                        .send(account, case.method.clone(), &path, Some(bytes.to_vec()), "text/plain")
                        .await
                }
                Body::None => service.send(account, case.method.clone(), &path, None, "").await,
            };
            let what = format!("{} {path} as {name}: {} {}", case.method, response.status, response.text());
            if case.allowed.contains(&name) {
                assert!(response.status.is_success(), "allowed but not done: {what}");
                assert!(events(&service).await > before, "allowed, but nothing recorded: {what}");
            } else {
                let hidden = case.draft && name == "observer";
                let expected = match (account, hidden) {
                    (None, _) => (StatusCode::UNAUTHORIZED, "not_signed_in"),
                    (Some(_), true) => (StatusCode::NOT_FOUND, "not_found"),
                    (Some(_), false) => (StatusCode::FORBIDDEN, "forbidden"),
                };
                assert_eq!((response.status, response.code().as_str()), expected, "forbidden: {what}");
                assert_eq!(events(&service).await, before, "a refused request changed the log: {what}");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 47 * 6);
}

/// The floor and presence, attacker first: a delegation cannot put another state on a list, give itself
/// the floor, rule on its own point of order or mark another state present; its own acts go through.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delegation_speaks_and_answers_the_roll_only_for_itself() {
    let mut service = Service::start().await;
    for account in ["sdn", "chair", "secretariat"] {
        service.sign_in(account).await;
    }
    let events = format!("{MEETING}/events");
    for (attack, why) in [
        (
            json!({"event": "speaker_inscribed", "list": "debate", "state": "Denmark"}),
            "inscribe another state",
        ),
        (json!({"event": "floor_given", "list": "debate", "state": "Sudan"}), "give itself the floor"),
        (json!({"event": "speakers_ordered", "list": "debate", "order": []}), "order a list"),
        (json!({"event": "point_of_order_raised", "by": "Egypt"}), "raise a point of order for another"),
        (json!({"event": "point_of_order_ruled", "ruling": "it was right"}), "rule on a point of order"),
        (json!({"event": "presence_marked", "states": ["Denmark"], "present": true}), "mark another present"),
        (
            json!({"event": "presence_marked", "states": ["Sudan", "Denmark"], "present": false}),
            "mark itself and another",
        ),
    ] {
        let before = self::events(&service).await;
        let refused = service.post(Some("sdn"), &events, attack).await;
        assert_eq!((refused.status, refused.code().as_str()), (StatusCode::FORBIDDEN, "forbidden"), "{why}");
        assert_eq!(self::events(&service).await, before, "{why}: the log changed");
    }
    // The chair does not speak in a delegation's name either.
    let chair = json!({"event": "speaker_inscribed", "list": "debate", "state": "Sudan"});
    assert_eq!(service.post(Some("chair"), &events, chair).await.status, StatusCode::FORBIDDEN);

    for own in [
        json!({"event": "speaker_inscribed", "list": "debate", "state": "Sudan"}),
        json!({"event": "presence_marked", "states": ["Sudan"], "present": true}),
    ] {
        let done = service.post(Some("sdn"), &events, own.clone()).await;
        assert_eq!(done.status, StatusCode::CREATED, "{own}: {}", done.text());
    }
    let given = service.post(Some("chair"), &events, json!({"event": "floor_given", "list": "debate"})).await;
    assert_eq!(given.status, StatusCode::CREATED, "{}", given.text());
    let observer =
        json!({"event": "speaker_inscribed", "list": "right_of_reply", "state": "State of Palestine"});
    assert_eq!(service.post(Some("secretariat"), &events, observer).await.status, StatusCode::CREATED);
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
