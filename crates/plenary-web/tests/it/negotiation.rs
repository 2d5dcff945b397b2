//! The documents side of negotiation, on the shipped texts: who reads the informal rounds' comments, what
//! importing does and does not do (sponsor, take an existing id), one row per document, the sponsors in the
//! UN's order, sponsorship closed on adopted texts, and the secretariat issuing a draft under its symbol.
//! Where a test is about who may see or do what, the attacker's request comes first.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::support::{Service, flash, location};

const L49: &[u8] = include_bytes!("../../../../data/resolutions/A_C.3_80_L.49.txt");
const RES_74_143: &[u8] = include_bytes!("../../../../data/resolutions/A_RES_74_143.txt");
const RES_80_198: &[u8] = include_bytes!("../../../../data/resolutions/A_RES_80_198.txt");

/// The issued Third Committee draft of 2025, seeded.
const ISSUED_DRAFT: &str = "a-c-3-80-l-49";

async fn events(service: &Service) -> u64 {
    service.get(None, "/api/health").await.json()["events"].as_u64().unwrap_or(0)
}

/// The sponsors' ISO codes as the API lists them.
async fn api_sponsors(service: &Service, who: &str, id: &str) -> Vec<String> {
    let document = service.get(Some(who), &format!("/api/documents/{id}")).await.json();
    document["sponsors"]
        .as_array()
        .map(|list| list.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// The sponsors' ISO codes in the order the document page lists them.
async fn page_sponsors(service: &Service, who: &str, id: &str) -> Vec<String> {
    let page = service.get(Some(who), &format!("/documents/{id}")).await.text();
    let sponsors = page.split(r#"<div id="sponsors">"#).nth(1).unwrap_or_default();
    let sponsors = sponsors.split("</div>").next().unwrap_or_default();
    sponsors
        .split(r#"<li data-state=""#)
        .skip(1)
        .filter_map(|item| item.split('"').next())
        .map(str::to_owned)
        .collect()
}

/// Form fields as `submit_form` takes them.
fn form<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(name, value)| (*name, value.as_str())).collect()
}

/// The value of the hidden field `name` in `html`.
fn hidden(html: &str, name: &str) -> String {
    html.split(&format!(r#"name="{name}" value=""#))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_informal_rounds_comments_are_read_by_delegations_the_chair_and_the_secretariat_not_the_public() {
    let mut service = Service::start().await;
    for who in ["dnk", "chair", "secretariat", "observer"] {
        service.sign_in(who).await;
    }
    let words = "Could we keep the 2023 wording in op4?";
    let token = service.csrf("dnk");
    let commented = service
        .submit_form(
            Some("dnk"),
            &format!("/documents/{ISSUED_DRAFT}/comments"),
            &[("csrf_token", &token), ("version", "1"), ("paragraph", "op4"), ("text", words)],
        )
        .await;
    assert_eq!(flash(&commented).map(|(kind, _)| kind), Some('n'), "{}", location(&commented));

    // The public and the observer read the issued L. document, but not what was said about it in the rounds.
    let public = service.get(None, &format!("/api/documents/{ISSUED_DRAFT}/comments")).await;
    assert_eq!(public.status, StatusCode::UNAUTHORIZED, "{}", public.text());
    assert!(!public.text().contains(words));
    let observer = service.get(Some("observer"), &format!("/api/documents/{ISSUED_DRAFT}/comments")).await;
    assert_eq!(observer.status, StatusCode::FORBIDDEN, "{}", observer.text());
    for who in [None, Some("observer")] {
        let page = service.get(who, &format!("/documents/{ISSUED_DRAFT}")).await;
        assert_eq!(page.status, StatusCode::OK, "the text itself is public");
        assert!(!page.text().contains(words) && !page.text().contains(r#"id="comments""#), "{who:?}");
    }

    for who in ["dnk", "chair", "secretariat"] {
        let comments = service.get(Some(who), &format!("/api/documents/{ISSUED_DRAFT}/comments")).await;
        assert_eq!(comments.status, StatusCode::OK, "{who}: {}", comments.text());
        assert_eq!(comments.json()["comments"][0]["text"], words, "{who}");
        assert!(service.get(Some(who), &format!("/documents/{ISSUED_DRAFT}")).await.text().contains(words));
    }

    // A draft in negotiation and its comments are not even found by the public.
    let draft = service.upload(Some("dnk"), "/api/documents?id=dnk-draft", L49).await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.text());
    let hidden = service.get(None, "/api/documents/dnk-draft/comments").await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn importing_a_text_makes_the_delegation_a_sponsor_only_when_it_asks() {
    let mut service = Service::start().await;
    service.sign_in("dnk").await;
    service.sign_in("secretariat").await;
    let form = service.get(Some("dnk"), "/documents/import").await.text();
    assert!(
        form.contains(r#"<input type="checkbox" id="sponsor" name="sponsor" value="yes">"#)
            && form.contains("Sponsor this draft as Denmark"),
        "offered, and not ticked: {form}"
    );

    // Last session's resolution imported to work from lists no sponsors: Denmark is not made one.
    let token = service.csrf("dnk");
    let unticked = service
        .submit_multipart(
            "dnk",
            "/documents/import",
            &[("csrf_token", &token), ("id", "dnk-base")],
            ("A_RES_74_143.txt", RES_74_143),
        )
        .await;
    assert!(unticked.text().contains(r#"id="imported-document""#), "{}", unticked.text());
    assert!(api_sponsors(&service, "dnk", "dnk-base").await.is_empty());
    // It holds the pen all the same: it drafts from it.
    assert_eq!(service.get(Some("dnk"), "/documents/dnk-base/edit").await.status, StatusCode::OK);

    let ticked = service
        .submit_multipart(
            "dnk",
            "/documents/import",
            &[("csrf_token", &token), ("id", "dnk-sponsored"), ("sponsor", "yes")],
            ("A_RES_74_143.txt", RES_74_143),
        )
        .await;
    assert!(ticked.text().contains(r#"id="imported-document""#), "{}", ticked.text());
    assert_eq!(api_sponsors(&service, "dnk", "dnk-sponsored").await, ["DNK"]);

    // The API alike: an explicit field, never implied.
    let plain = service.upload(Some("dnk"), "/api/documents?id=api-plain", RES_74_143).await;
    assert_eq!(plain.status, StatusCode::CREATED, "{}", plain.text());
    assert!(api_sponsors(&service, "dnk", "api-plain").await.is_empty());
    let asked = service.upload(Some("dnk"), "/api/documents?id=api-asked&sponsor=true", RES_74_143).await;
    assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.text());
    assert_eq!(api_sponsors(&service, "dnk", "api-asked").await, ["DNK"]);
    let stateless = service
        .upload(Some("secretariat"), "/api/documents?id=api-secretariat&sponsor=true&status=negotiation", L49)
        .await;
    assert_eq!(stateless.status, StatusCode::BAD_REQUEST, "the secretariat sponsors for no state");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_text_whose_id_is_taken_is_offered_as_a_new_version_to_whoever_may_edit_it() {
    let mut service = Service::start().await;
    for who in ["dnk", "jpn"] {
        service.sign_in(who).await;
    }
    let token = service.csrf("dnk");
    let first = service
        .submit_multipart(
            "dnk",
            "/documents/import",
            &[("csrf_token", &token), ("id", "torture-2027")],
            ("L49.txt", L49),
        )
        .await;
    assert!(first.text().contains(r#"href="/documents/torture-2027""#), "{}", first.text());

    // Japan holds no pen on Denmark's draft: the page says why, and the version cannot be forced in.
    let japan_token = service.csrf("jpn");
    let japan = service
        .submit_multipart(
            "jpn",
            "/documents/import",
            &[("csrf_token", &japan_token), ("id", "torture-2027")],
            ("A_RES_80_198.txt", RES_80_198),
        )
        .await
        .text();
    assert!(japan.contains("A document torture-2027 already exists."), "{japan}");
    assert!(
        !japan.contains(r#"id="add-version""#) && japan.contains("only the sponsors holding the pen"),
        "{japan}"
    );
    let upload = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, RES_80_198);
    let logged = events(&service).await;
    let forced = service
        .submit_multipart(
            "jpn",
            "/documents/torture-2027/versions",
            &[("csrf_token", &japan_token), ("upload", &upload)],
            ("", b""),
        )
        .await;
    assert_eq!(forced.status, StatusCode::FORBIDDEN, "{}", forced.text());
    assert_eq!(events(&service).await, logged, "nothing written");

    // Denmark, holding the pen, is offered the button, and the text becomes version 2.
    let taken = service
        .submit_multipart(
            "dnk",
            "/documents/import",
            &[("csrf_token", &token), ("id", "torture-2027"), ("label", "Rev.1")],
            ("A_RES_80_198.txt", RES_80_198),
        )
        .await
        .text();
    assert!(
        taken.contains(r#"<form id="add-version""#)
            && taken.contains(r#"action="/documents/torture-2027/versions""#)
            && taken.contains("Add as a new version of torture-2027"),
        "{taken}"
    );
    let carried = hidden(&taken, "upload");
    let added = service
        .submit_multipart(
            "dnk",
            "/documents/torture-2027/versions",
            &[("csrf_token", &token), ("upload", &carried), ("label", "Rev.1")],
            ("", b""),
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text());
    assert_eq!(location(&added), "/documents/torture-2027?version=2");
    let versions = service.get(Some("dnk"), "/api/documents/torture-2027/versions").await.json();
    assert_eq!(versions["versions"][1]["label"], "Rev.1");
    assert_eq!(
        versions["versions"][1]["source_format"], versions["versions"][0]["source_format"],
        "{versions}"
    );
    let text = service.get(Some("dnk"), "/documents/torture-2027?version=2").await.text();
    assert!(text.contains("A/RES/80/198"), "the uploaded text, not the first one");

    // An adopted text's id: no version can be added, and the page says so.
    let adopted = service
        .submit_multipart(
            "dnk",
            "/documents/import",
            &[("csrf_token", &token)],
            ("A_RES_74_143.txt", RES_74_143),
        )
        .await
        .text();
    assert!(adopted.contains("A document a-res-74-143 already exists."), "{adopted}");
    assert!(
        !adopted.contains(r#"id="add-version""#) && adopted.contains("its text never changes again"),
        "{adopted}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_document_is_one_row_and_a_draft_from_last_sessions_text_is_listed_by_its_own_id() {
    let mut service = Service::start().await;
    service.sign_in("dnk").await;
    // Denmark drafts from A/RES/74/143: its text carries the adopted resolution's symbol.
    let draft = service.upload(Some("dnk"), "/api/documents?id=torture-2027", RES_74_143).await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.text());

    let list = service.get(Some("dnk"), "/documents").await.text();
    let documents = service.get(Some("dnk"), "/api/documents").await.json();
    let count = documents["documents"].as_array().map_or(0, Vec::len);
    assert_eq!(list.matches("<tr data-id=").count(), count, "one row per document");
    assert_eq!(list.matches(">A/RES/74/143</a>").count(), 1, "the adopted resolution, once: {list}");
    assert!(
        list.contains(r#"<a href="/documents/torture-2027">torture-2027</a><br><span class="hint">draft; its text carries A/RES/74/143</span>"#),
        "{list}"
    );
    // Searching by the symbol still finds both.
    let found = service.get(Some("dnk"), "/documents?q=A/RES/74/143").await.text();
    assert!(found.contains(r#"data-id="a-res-74-143""#) && found.contains(r#"data-id="torture-2027""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sponsors_are_listed_as_the_un_lists_them_the_first_sponsors_then_the_others_as_they_joined() {
    let mut service = Service::start().await;
    for who in ["dnk", "jpn", "chn", "and"] {
        service.sign_in(who).await;
    }
    // Denmark imports L.49 as printed: forty-seven sponsors, Andorra first, in the UN's alphabetical order.
    let draft = service.upload(Some("dnk"), "/api/documents?id=dnk-draft", L49).await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.text());
    let printed = api_sponsors(&service, "dnk", "dnk-draft").await;
    assert_eq!(printed.len(), 47);
    assert_eq!(
        (printed.first().map(String::as_str), printed.last().map(String::as_str)),
        (Some("AND"), Some("GBR"))
    );

    let join = |state: &'static str| json!({ "state": state });
    for (who, state) in [("jpn", "JPN"), ("chn", "CHN")] {
        let joined = service.post(Some(who), "/api/documents/dnk-draft/sponsors", join(state)).await;
        assert_eq!(joined.status, StatusCode::NO_CONTENT, "{}", joined.text());
    }
    // Andorra, printed first, withdraws and rejoins: it is printed on the text, and stays in its place.
    // Japan, which joined later, withdraws and rejoins: its first joining is void, it now joined after China.
    for (who, state) in [("and", "AND"), ("jpn", "JPN")] {
        let left = service.delete(Some(who), &format!("/api/documents/dnk-draft/sponsors/{state}")).await;
        assert_eq!(left.status, StatusCode::NO_CONTENT, "{}", left.text());
        let back = service.post(Some(who), "/api/documents/dnk-draft/sponsors", join(state)).await;
        assert_eq!(back.status, StatusCode::NO_CONTENT, "{}", back.text());
    }
    let mut expected = printed.clone();
    expected.extend(["CHN".to_owned(), "JPN".to_owned()]);
    assert_eq!(api_sponsors(&service, "dnk", "dnk-draft").await, expected);
    assert_eq!(page_sponsors(&service, "dnk", "dnk-draft").await, expected, "the page as the API");
    let listed = service.get(Some("dnk"), "/api/documents?q=dnk-draft").await.json();
    assert_eq!(listed["documents"][0]["sponsors"], json!(expected), "the list as the document");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_adopted_resolution_offers_no_join_form_and_says_why() {
    let mut service = Service::start().await;
    service.sign_in("dnk").await;
    let adopted = service.get(Some("dnk"), "/documents/a-res-80-198").await.text();
    assert!(!adopted.contains(r#"id="sponsorship""#), "{adopted}");
    assert!(adopted.contains("Sponsorship closes when the text is adopted."), "{adopted}");
    // The issued draft still takes sponsors.
    let issued = service.get(Some("dnk"), &format!("/documents/{ISSUED_DRAFT}")).await.text();
    assert!(issued.contains(r#"<form id="sponsorship""#) && !issued.contains("Sponsorship closes"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secretariat_issues_a_draft_under_its_symbol_and_a_revised_text_as_its_rev() {
    let mut service = Service::start().await;
    for who in ["dnk", "secretariat"] {
        service.sign_in(who).await;
    }
    for id in ["new-draft", "revised-draft"] {
        let path = format!("/api/documents?id={id}");
        let created =
            service.upload(Some("dnk"), &path, if id == "new-draft" { L49 } else { RES_80_198 }).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    }
    let issue = |token: String, symbol: &'static str| [("csrf_token", token), ("symbol", symbol.to_owned())];

    // Denmark sees no form and cannot issue its own draft.
    assert!(!service.get(Some("dnk"), "/documents/new-draft").await.text().contains(r#"id="issue""#));
    let logged = events(&service).await;
    let by_denmark = issue(service.csrf("dnk"), "A/C.3/80/L.50");
    let refused = service.submit_form(Some("dnk"), "/documents/new-draft/issue", &form(&by_denmark)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text());
    assert_eq!(events(&service).await, logged);

    // The secretariat's form; a symbol that is not a draft's, or that another document bears, is refused.
    let page = service.get(Some("secretariat"), "/documents/new-draft").await.text();
    assert!(page.contains(r#"<form id="issue""#) && page.contains(r#"value="A/C.3/80/L.49""#), "{page}");
    let token = service.csrf("secretariat");
    for (symbol, reason) in [
        ("A/RES/80/199", "not the symbol of a draft"),
        ("L.50", "does not start with a UN organ"),
        ("A/C.3/80/L.49", "already the symbol of a-c-3-80-l-49"),
    ] {
        let fields = issue(token.clone(), symbol);
        let refused =
            service.submit_form(Some("secretariat"), "/documents/new-draft/issue", &form(&fields)).await;
        assert_eq!(location(&refused), "/documents/new-draft", "{symbol}");
        assert!(
            flash(&refused).is_some_and(|(kind, text)| kind == 'e' && text.contains(reason)),
            "{symbol}: {:?}",
            flash(&refused)
        );
    }
    assert_eq!(events(&service).await, logged, "nothing written");
    assert_eq!(
        service.get(None, "/api/documents/new-draft").await.status,
        StatusCode::NOT_FOUND,
        "still a draft"
    );

    // Issued as L.50, written in any case: the symbol as the UN prints it, on a version labelled with it.
    let fields = issue(token.clone(), "a/c.3/80/l.50");
    let issued = service.submit_form(Some("secretariat"), "/documents/new-draft/issue", &form(&fields)).await;
    assert_eq!(flash(&issued), Some(('n', "Issued as A/C.3/80/L.50.".to_owned())));
    let public = service.get(None, "/api/documents/new-draft").await.json();
    assert_eq!(public["status"], "issued");
    assert_eq!(public["document"]["symbol"], "A/C.3/80/L.50");
    assert_eq!(public["versions"][1]["label"], "A/C.3/80/L.50");
    let shown = service.get(None, "/documents/new-draft").await.text();
    assert!(shown.contains(r#"<span class="symbol">A/C.3/80/L.50</span>"#), "{shown}");
    assert!(!service.get(Some("secretariat"), "/documents/new-draft").await.text().contains(r#"id="issue""#));
    let again = service.submit_form(Some("secretariat"), "/documents/new-draft/issue", &form(&fields)).await;
    assert!(
        flash(&again).is_some_and(|(kind, text)| kind == 'e' && text.contains("only a draft in negotiation"))
    );

    // The revised text, through the API: A/C.3/80/L.50/Rev.1.
    let revised = service
        .post(
            Some("secretariat"),
            "/api/documents/revised-draft/status",
            json!({"status": "issued", "symbol": "A/C.3/80/L.50/Rev.1"}),
        )
        .await;
    assert_eq!(revised.status, StatusCode::NO_CONTENT, "{}", revised.text());
    let listed = service.get(None, "/documents").await.text();
    assert!(listed.contains(r#"<a href="/documents/revised-draft">A/C.3/80/L.50/Rev.1</a>"#), "{listed}");
}
