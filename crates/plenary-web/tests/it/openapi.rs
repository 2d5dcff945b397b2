//! The OpenAPI description served at `/api/openapi.json` (derived from the handlers by utoipa): a well-formed
//! OpenAPI 3.1 document, and a faithful one — it lists exactly the routes `api::routes` registers, every
//! operation it lists is really routed, its security schemes name the real cookie and CSRF header, and the
//! answers of the seeded service match the schemas their operations document, field by field.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode, header};
use plenary_web::auth::{CSRF_HEADER, SESSION_COOKIE};
use regex::Regex;
use serde_json::{Value, json};

use crate::support::Service;

/// The source of the router: the list of routes the document must describe.
const ROUTER_SOURCE: &str = include_str!("../../src/api/mod.rs");

/// The HTTP methods an OpenAPI path item may hold, as its keys.
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// One operation: (method in upper case, path template).
type Operation = (String, String);

async fn served_document(service: &Service) -> Value {
    let response = service.get(None, "/api/openapi.json").await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        response.headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()),
        Some("application/json")
    );
    serde_json::from_slice(&response.body).expect("the served document is JSON")
}

/// Every operation of the document with its object.
fn operations(document: &Value) -> Vec<(Operation, &Value)> {
    let paths = document["paths"].as_object().expect("a paths object");
    paths
        .iter()
        .flat_map(|(path, item)| {
            METHODS.iter().filter_map(move |method| {
                item.get(*method).map(|operation| ((method.to_uppercase(), path.clone()), operation))
            })
        })
        .collect()
}

/// Every operation `source` registers with `.route("PATH", get(..).post(..)…)`, one per method of a chain.
fn routed_operations(source: &str) -> BTreeSet<Operation> {
    let route = Regex::new(r#"\.route\(\s*"([^"]+)""#).expect("a regex");
    let method = Regex::new(r"\b(get|put|post|delete|options|head|patch|trace)\(").expect("a regex");
    let starts: Vec<_> = route.captures_iter(source).collect();
    let mut routed = BTreeSet::new();
    for (index, captures) in starts.iter().enumerate() {
        let whole = captures.get(0).expect("the match");
        // A route's methods run to the next route, or to the layers after the last one.
        let rest = &source[whole.end()..];
        let end = match starts.get(index + 1) {
            Some(next) => next.get(0).expect("the match").start() - whole.end(),
            None => rest.find(".layer(").unwrap_or(rest.len()),
        };
        for name in method.captures_iter(&rest[..end]) {
            routed.insert((name[1].to_uppercase(), captures[1].to_owned()));
        }
    }
    routed
}

/// The object a local reference (`#/components/schemas/Board`) points at.
fn resolve<'a>(document: &'a Value, reference: &str) -> Option<&'a Value> {
    document.pointer(reference.strip_prefix('#')?)
}

fn references(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                found.push(reference.clone());
            }
            map.values().for_each(|child| references(child, found));
        }
        Value::Array(items) => items.iter().for_each(|child| references(child, found)),
        _ => {}
    }
}

fn path_parameters(path: &str) -> BTreeSet<String> {
    let parameter = Regex::new(r"\{([^}]+)\}").expect("a regex");
    parameter.captures_iter(path).map(|captures| captures[1].to_owned()).collect()
}

#[test]
fn the_route_reader_takes_every_method_of_a_chain() {
    let source = r#"
        Router::new()
            .route("/api/health", get(misc::health::<L>))
            .route(
                "/api/session",
                post(session::sign_in::<L>).get(session::current::<L>).delete(session::sign_out::<L>),
            )
            .route("/api/documents/{id}", get(documents::get::<L>))
            .layer(DefaultBodyLimit::max(BODY_LIMIT))
    "#;
    let expected: BTreeSet<Operation> = [
        ("GET", "/api/health"),
        ("POST", "/api/session"),
        ("GET", "/api/session"),
        ("DELETE", "/api/session"),
        ("GET", "/api/documents/{id}"),
    ]
    .into_iter()
    .map(|(method, path)| (method.to_owned(), path.to_owned()))
    .collect();
    assert_eq!(routed_operations(source), expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_served_document_is_openapi_3_1_with_a_summary_and_responses_for_every_operation() {
    let service = Service::start().await;
    let document = served_document(&service).await;

    let version = document["openapi"].as_str().expect("an openapi field");
    assert!(version.starts_with("3.1"), "OpenAPI {version}");
    assert_eq!(document["info"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(document["info"]["title"].as_str().is_some_and(|title| !title.is_empty()));
    assert!(document["info"]["summary"].as_str().is_some_and(|summary| !summary.is_empty()));

    let operations = operations(&document);
    assert!(operations.len() >= 30, "{} operations", operations.len());
    let mut ids = BTreeSet::new();
    for ((method, path), operation) in &operations {
        let described = |field: &str| operation[field].as_str().is_some_and(|text| !text.trim().is_empty());
        assert!(described("summary"), "{method} {path} has no summary");
        assert!(described("description"), "{method} {path} has no description");
        let responses = operation["responses"].as_object().expect("a responses object");
        assert!(!responses.is_empty(), "{method} {path} has no responses");
        let id = operation["operationId"].as_str().expect("an operationId");
        assert!(ids.insert(id.to_owned()), "the operationId {id} is used twice");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_reference_and_path_parameter_of_the_document_resolves() {
    let service = Service::start().await;
    let document = served_document(&service).await;

    let mut found = Vec::new();
    references(&document, &mut found);
    assert!(!found.is_empty());
    for reference in &found {
        assert!(resolve(&document, reference).is_some(), "{reference} points at nothing");
    }

    for ((method, path), operation) in operations(&document) {
        let declared: BTreeSet<String> = operation["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|parameter| match parameter["$ref"].as_str() {
                Some(reference) => resolve(&document, reference).expect("a parameter"),
                None => parameter,
            })
            .filter(|parameter| parameter["in"] == "path")
            .map(|parameter| parameter["name"].as_str().expect("a name").to_owned())
            .collect();
        assert_eq!(declared, path_parameters(&path), "{method} {path}: its path parameters");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_document_lists_exactly_the_routes_the_router_registers() {
    let service = Service::start().await;
    let document = served_document(&service).await;

    let documented: BTreeSet<Operation> =
        operations(&document).into_iter().map(|(operation, _)| operation).collect();
    let routed = routed_operations(ROUTER_SOURCE);
    assert!(routed.contains(&("GET".to_owned(), "/api/health".to_owned())), "the router source was read");

    let undocumented: Vec<_> = routed.difference(&documented).collect();
    let unrouted: Vec<_> = documented.difference(&routed).collect();
    assert!(undocumented.is_empty(), "routed but not in the document: {undocumented:?}");
    assert!(unrouted.is_empty(), "in the document but not routed: {unrouted:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_documented_operation_reaches_a_handler() {
    let service = Service::start().await;
    let document = served_document(&service).await;

    // What the router itself answers when nothing matches: 404 `no_route`, or 405 `method_not_allowed`
    // for a known path with another method. A handler's 404 is `not_found`.
    let unrouted = service.get(None, "/api/no-such-route").await;
    assert_eq!((unrouted.status, unrouted.code().as_str()), (StatusCode::NOT_FOUND, "no_route"));
    let wrong_method = service.send(None, Method::PUT, "/api/health", None, "").await;
    assert_eq!(
        (wrong_method.status, wrong_method.code().as_str()),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed")
    );

    let parameter = Regex::new(r"\{([^}]+)\}").expect("a regex");
    for ((method, template), _) in operations(&document) {
        // Ids that exist nowhere: no side effects, and the live stream answers 404 rather than staying open.
        let path = parameter.replace_all(&template, "no-such-$1").into_owned();
        let method = Method::from_bytes(method.as_bytes()).expect("a method");
        let response = service.send(None, method.clone(), &path, None, "").await;
        assert_ne!(
            response.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}: the router has no such method"
        );
        assert_ne!(
            response.code(),
            "no_route",
            "{method} {path}: {} from the router, not a handler",
            response.status
        );
        if response.status == StatusCode::NOT_FOUND {
            assert_eq!(
                response.code(),
                "not_found",
                "{method} {path}: a 404 from a handler says what is missing"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_security_schemes_name_the_real_cookie_and_csrf_header() {
    let service = Service::start().await;
    let document = served_document(&service).await;

    let schemes = &document["components"]["securitySchemes"];
    assert_eq!(schemes["session"]["type"], "apiKey");
    assert_eq!(schemes["session"]["in"], "cookie");
    assert_eq!(schemes["session"]["name"], SESSION_COOKIE);
    assert_eq!(schemes["csrf"]["type"], "apiKey");
    assert_eq!(schemes["csrf"]["in"], "header");
    assert_eq!(schemes["csrf"]["name"], CSRF_HEADER);

    // Every request that changes anything needs the cookie and the header together; signing in needs
    // neither; reading never needs the header.
    for ((method, path), operation) in operations(&document) {
        let requirements = operation["security"].as_array().expect("a security list");
        let needs_csrf = requirements.iter().all(|requirement| requirement.get("csrf").is_some());
        let both = requirements
            .iter()
            .all(|requirement| requirement.get("session").is_some() && requirement.get("csrf").is_some());
        match (method.as_str(), path.as_str()) {
            ("POST", "/api/session") => assert!(!needs_csrf, "{method} {path}"),
            ("GET", _) => assert!(!needs_csrf, "{method} {path}"),
            _ => assert!(both, "{method} {path} must require the session cookie and the CSRF header"),
        }
    }
}

/// Where `value` departs from `schema` (after `$ref`s): a wrong type, a value outside an `enum`, a required
/// field missing, or a field the schema does not describe. A schema with no `properties` takes any object.
fn departures(document: &Value, schema: &Value, value: &Value, at: &str, found: &mut Vec<String>) {
    if let Some(reference) = schema["$ref"].as_str() {
        match resolve(document, reference) {
            Some(target) => departures(document, target, value, at, found),
            None => found.push(format!("{at}: {reference} points at nothing")),
        }
        return;
    }
    if let Some(parts) = schema["allOf"].as_array() {
        // A part that is one of several schemas (a flattened, internally tagged enum such as a treaty
        // action's kind): the value must match the other parts together with one of its options.
        let resolved = |part: &Value| match part["$ref"].as_str() {
            Some(reference) => resolve(document, reference).cloned().unwrap_or(Value::Null),
            None => part.clone(),
        };
        let choice = parts
            .iter()
            .map(resolved)
            .enumerate()
            .find(|(_, part)| part["oneOf"].is_array() || part["anyOf"].is_array());
        if let Some((position, choice)) = choice {
            let options =
                choice["oneOf"].as_array().or(choice["anyOf"].as_array()).cloned().unwrap_or_default();
            let alternatives: Vec<Value> = options
                .into_iter()
                .map(|option| {
                    let mut alternative = schema.clone();
                    alternative["allOf"][position] = option;
                    alternative
                })
                .collect();
            return departures(document, &json!({ "oneOf": alternatives }), value, at, found);
        }
        // The parts of a flattened struct: one object with the fields of every part.
        let merged = merged(document, schema);
        return departures(document, &merged, value, at, found);
    }
    if let Some(options) = schema["oneOf"].as_array().or(schema["anyOf"].as_array()) {
        let matching = options
            .iter()
            .filter(|option| {
                let mut errors = Vec::new();
                departures(document, option, value, at, &mut errors);
                errors.is_empty()
            })
            .count();
        if matching == 0 {
            found.push(format!("{at}: {value} matches none of the schemas it may be"));
        }
        return;
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(name) => vec![name.as_str()],
        Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let is = |name: &str| match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "string" => value.is_string(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    };
    if !types.is_empty() && !types.iter().any(|name| is(name)) {
        found.push(format!("{at}: {value} is not {types:?}"));
        return;
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(value) {
            found.push(format!("{at}: {value} is not one of {allowed:?}"));
        }
    }
    match value {
        Value::Object(fields) => {
            let Some(properties) = schema["properties"].as_object() else { return };
            for required in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                if !fields.contains_key(required) {
                    found.push(format!("{at}: the required field {required:?} is missing"));
                }
            }
            for (name, field) in fields {
                match properties.get(name) {
                    Some(property) => departures(document, property, field, &format!("{at}.{name}"), found),
                    None if schema["additionalProperties"] == Value::Bool(true) => {}
                    None => found.push(format!("{at}: the field {name:?} is not documented")),
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                departures(document, &schema["items"], item, &format!("{at}[{index}]"), found);
            }
        }
        _ => {}
    }
}

/// The object an `allOf` describes: the properties and required fields of all its parts.
fn merged(document: &Value, schema: &Value) -> Value {
    let schema = match schema["$ref"].as_str() {
        Some(reference) => resolve(document, reference).expect("a schema"),
        None => schema,
    };
    let mut properties = schema["properties"].as_object().cloned().unwrap_or_default();
    let mut required = schema["required"].as_array().cloned().unwrap_or_default();
    for part in schema["allOf"].as_array().into_iter().flatten() {
        let part = merged(document, part);
        properties.extend(part["properties"].as_object().cloned().unwrap_or_default());
        required.extend(part["required"].as_array().cloned().unwrap_or_default());
    }
    json!({ "type": "object", "properties": properties, "required": required })
}

/// Checks a JSON answer against the schema its operation documents for its status.
fn assert_documented(document: &Value, method: &str, template: &str, response: &crate::support::Response) {
    let operation = &document["paths"][template][method];
    assert!(operation.is_object(), "{method} {template} is not documented");
    let status = response.status.as_str();
    let mut answer = &operation["responses"][status];
    assert!(answer.is_object(), "{method} {template} answered {status}, which it does not document");
    if let Some(reference) = answer["$ref"].as_str() {
        answer = resolve(document, reference).expect("a documented response");
    }
    let schema = &answer["content"]["application/json"]["schema"];
    assert!(schema.is_object(), "{method} {template} {status} documents no JSON body");
    let value: Value = serde_json::from_slice(&response.body).expect("a JSON answer");
    let mut found = Vec::new();
    departures(document, schema, &value, "answer", &mut found);
    assert!(found.is_empty(), "{method} {template} {status} departs from its schema: {found:#?}");
}

#[test]
fn the_schema_check_finds_an_undocumented_field_a_missing_one_and_a_wrong_type() {
    let document = json!({ "components": { "schemas": { "Pair": {
        "type": "object",
        "required": ["a", "b"],
        "properties": { "a": { "type": "integer" }, "b": { "type": ["string", "null"] } }
    } } } });
    let schema = json!({ "$ref": "#/components/schemas/Pair" });
    let check = |value: Value| {
        let mut found = Vec::new();
        departures(&document, &schema, &value, "answer", &mut found);
        found
    };
    assert!(check(json!({ "a": 1, "b": null })).is_empty());
    assert_eq!(check(json!({ "a": 1, "b": "x", "c": 2 })).len(), 1, "an undocumented field");
    assert_eq!(check(json!({ "a": 1 })).len(), 1, "a missing field");
    assert_eq!(check(json!({ "a": "1", "b": "x" })).len(), 1, "a wrong type");

    // A struct with a flattened, internally tagged enum: the fields of one of the enum's options.
    let document = json!({ "components": { "schemas": {
        "Kind": { "oneOf": [
            { "type": "object", "required": ["kind"], "properties": { "kind": { "enum": ["signature"] } } },
            { "type": "object", "required": ["kind", "consent"],
              "properties": { "kind": { "enum": ["consent"] }, "consent": { "type": "string" } } },
        ] },
        "Action": { "allOf": [
            { "$ref": "#/components/schemas/Kind" },
            { "type": "object", "required": ["date"], "properties": { "date": { "type": "string" } } },
        ] },
    } } });
    let schema = json!({ "$ref": "#/components/schemas/Action" });
    let check = |value: Value| {
        let mut found = Vec::new();
        departures(&document, &schema, &value, "answer", &mut found);
        found
    };
    assert!(check(json!({ "date": "1987-05-27", "kind": "consent", "consent": "ratification" })).is_empty());
    assert!(check(json!({ "date": "1985-02-04", "kind": "signature" })).is_empty());
    assert_eq!(
        check(json!({ "date": "1985-02-04", "kind": "signature", "consent": "x" })).len(),
        1,
        "a field of another option"
    );
    assert_eq!(check(json!({ "kind": "signature" })).len(), 1, "the struct's own field missing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_answers_of_the_service_match_the_schemas_of_their_operations() {
    let mut service = Service::start().await;
    let document = served_document(&service).await;
    service.sign_in("chair").await;
    service.sign_in("dnk").await;
    service.sign_in("secretariat").await;

    let reads = [
        ("/api/health", "/api/health"),
        ("/api/session", "/api/session"),
        ("/api/states", "/api/states"),
        ("/api/documents", "/api/documents"),
        ("/api/documents/a-res-80-198", "/api/documents/{id}"),
        ("/api/documents/a-res-80-198/versions", "/api/documents/{id}/versions"),
        ("/api/documents/a-res-80-198/export", "/api/documents/{id}/export"),
        ("/api/documents/a-res-80-198/comments", "/api/documents/{id}/comments"),
        ("/api/documents/no-such-document", "/api/documents/{id}"),
        ("/api/compare?old=a-res-72-163&new=a-res-80-198", "/api/compare"),
        ("/api/search?q=torture&facet=year:2017", "/api/search"),
        ("/api/search?q=%22never%20closed", "/api/search"),
        (
            "/api/documents/a-res-80-198/paragraphs/op5/history",
            "/api/documents/{id}/paragraphs/{pid}/history",
        ),
        (
            "/api/documents/a-res-80-198/paragraphs/pp6/history",
            "/api/documents/{id}/paragraphs/{pid}/history",
        ),
        (
            "/api/documents/a-res-80-198/paragraphs/op99/history",
            "/api/documents/{id}/paragraphs/{pid}/history",
        ),
        ("/api/meetings", "/api/meetings"),
        ("/api/meetings/ga-72-73", "/api/meetings/{id}"),
        ("/api/meetings/ga-72-73/events", "/api/meetings/{id}/events"),
        ("/api/meetings/ga-72-73/queue", "/api/meetings/{id}/queue"),
        ("/api/meetings/c3-80-torture/events", "/api/meetings/{id}/events"),
        ("/api/meetings/c3-80-torture/queue", "/api/meetings/{id}/queue"),
        ("/api/meetings/ga-72-73/record", "/api/meetings/{id}/record"),
        ("/api/meetings/ga-72-73/votes/6004", "/api/meetings/{id}/votes/{vote}"),
        ("/api/meetings/ga-72-73/votes/6004/proof", "/api/meetings/{id}/votes/{vote}/proof"),
        ("/api/log/checkpoints", "/api/log/checkpoints"),
        ("/api/log/proof/inclusion?seq=1", "/api/log/proof/inclusion"),
        ("/api/log/proof/consistency?from=1", "/api/log/proof/consistency"),
        ("/api/treaties?as_of=2017-12-19", "/api/treaties"),
        ("/api/treaties/cat/status?as_of=2017-12-19", "/api/treaties/{id}/status"),
        ("/api/treaties/cat/status?as_of=2017-13-40", "/api/treaties/{id}/status"),
        ("/api/treaties/no_such_treaty/status", "/api/treaties/{id}/status"),
        ("/api/treaties/cat/gap?as_of=2017-12-19", "/api/treaties/{id}/gap"),
        ("/api/treaties/cat_op/parties", "/api/treaties/{id}/parties"),
        ("/api/treaties/cat/changes?from=2017-01-01&to=2024-12-31", "/api/treaties/{id}/changes"),
        ("/api/treaties/all/changes?from=2024-01-01&to=2024-12-31", "/api/treaties/{id}/changes"),
        (
            "/api/treaties/cat/procedures/cat_individual_complaints?as_of=2023-02-21",
            "/api/treaties/{id}/procedures/{procedure}",
        ),
        ("/api/states/DNK/treaties?as_of=2026-02-03", "/api/states/{code}/treaties"),
        ("/api/states/PSE/treaties", "/api/states/{code}/treaties"),
    ];
    for (path, template) in reads {
        let response = service.get(Some("chair"), path).await;
        assert_documented(&document, "get", template, &response);
    }

    // The secretariat records India's ratification of CAT; the same again is refused.
    let ratification = json!({ "participant": "IND", "action": "ratification", "date": "2026-06-01" });
    let recorded = service.post(Some("secretariat"), "/api/treaties/cat/actions", ratification.clone()).await;
    assert_documented(&document, "post", "/api/treaties/{id}/actions", &recorded);
    let again = service.post(Some("secretariat"), "/api/treaties/cat/actions", ratification).await;
    assert_documented(&document, "post", "/api/treaties/{id}/actions", &again);
    let history = service.get(None, "/api/states/IND/treaties").await;
    assert_documented(&document, "get", "/api/states/{code}/treaties", &history);

    let comment = json!({ "paragraph": "op1", "text": "A comment." });
    let commented = service.post(Some("secretariat"), "/api/documents/a-res-80-198/comments", comment).await;
    assert_documented(&document, "post", "/api/documents/{id}/comments", &commented);
    let comments = service.get(None, "/api/documents/a-res-80-198/comments").await;
    assert_documented(&document, "get", "/api/documents/{id}/comments", &comments);

    let opened = service
        .post(
            Some("chair"),
            "/api/meetings/c3-80-torture/votes",
            json!({"vote": "V1", "question": "proposal"}),
        )
        .await;
    assert_documented(&document, "post", "/api/meetings/{id}/votes", &opened);
    let cast = service
        .post(Some("dnk"), "/api/meetings/c3-80-torture/votes/V1/ballot", json!({"choice": "yes"}))
        .await;
    assert_documented(&document, "post", "/api/meetings/{id}/votes/{vote}/ballot", &cast);
    let refused = service
        .post(Some("dnk"), "/api/meetings/c3-80-torture/votes/V1/ballot", json!({"choice": "maybe"}))
        .await;
    assert_documented(&document, "post", "/api/meetings/{id}/votes/{vote}/ballot", &refused);
    for step in ["lock", "decide"] {
        let path = format!("/api/meetings/c3-80-torture/votes/V1/{step}");
        let response = service.post(Some("chair"), &path, json!({})).await;
        assert_documented(
            &document,
            "post",
            &format!("/api/meetings/{{id}}/votes/{{vote}}/{step}"),
            &response,
        );
    }
    let board = service.get(None, "/api/meetings/c3-80-torture/votes/V1").await;
    assert_documented(&document, "get", "/api/meetings/{id}/votes/{vote}", &board);
    let meeting = service.get(None, "/api/meetings/c3-80-torture").await;
    assert_documented(&document, "get", "/api/meetings/{id}", &meeting);

    let text = b"Recalling its earlier resolutions,\n\n1. Decides to remain seized of the matter.\n";
    let imported = service.upload(Some("secretariat"), "/api/documents?id=openapi-import", text).await;
    assert_documented(&document, "post", "/api/documents", &imported);
    let opened = service
        .post(
            Some("secretariat"),
            "/api/meetings",
            json!({"id": "openapi-meeting", "forum": "plenary", "meeting": "1st meeting", "date": "2026-10-01"}),
        )
        .await;
    assert_documented(&document, "post", "/api/meetings", &opened);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opening_a_meeting_takes_the_fields_of_a_meeting_opened_event_and_an_id() {
    let service = Service::start().await;
    let document = served_document(&service).await;
    let schemas = &document["components"]["schemas"];
    let names = |schema: &Value| -> BTreeSet<String> {
        schema["properties"].as_object().expect("properties").keys().cloned().collect()
    };
    let opened = schemas["Event"]["oneOf"]
        .as_array()
        .expect("the events")
        .iter()
        .find(|variant| variant["properties"]["event"]["enum"] == json!(["meeting_opened"]))
        .expect("meeting_opened");
    let mut expected = names(opened);
    expected.remove("event");
    expected.insert("id".to_owned());
    assert_eq!(names(&schemas["OpenMeeting"]), expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_documented_format_answers_in_a_documented_content_type_and_no_other_format_does() {
    let service = Service::start().await;
    let document = served_document(&service).await;
    // A real request for every operation that takes a `format`.
    let requests = [
        ("/api/documents/{id}/export", "/api/documents/a-res-80-198/export?"),
        ("/api/compare", "/api/compare?old=a-res-72-163&new=a-res-80-198&"),
        ("/api/meetings/{id}/record", "/api/meetings/ga-72-73/record?"),
    ];
    let mut taking_a_format = BTreeSet::new();
    for ((_, template), operation) in operations(&document) {
        let parameters = operation["parameters"].as_array().into_iter().flatten();
        if parameters.clone().any(|parameter| parameter["name"] == "format") {
            taking_a_format.insert(template);
        }
    }
    let requested: BTreeSet<String> = requests.iter().map(|(template, _)| (*template).to_owned()).collect();
    assert_eq!(taking_a_format, requested, "the operations that take a format");

    for (template, request) in requests {
        let operation = &document["paths"][template]["get"];
        let format = operation["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|parameter| parameter["name"] == "format")
            .expect("a format parameter");
        let values = format["schema"]["enum"].as_array().expect("the formats, listed");
        let content_types: BTreeSet<&str> = operation["responses"]["200"]["content"]
            .as_object()
            .expect("the content types")
            .keys()
            .map(String::as_str)
            .collect();
        for value in values {
            let value = value.as_str().expect("a format");
            let response = service.get(None, &format!("{request}format={value}")).await;
            assert_eq!(response.status, StatusCode::OK, "{template} format={value}: {}", response.text());
            let content_type = response
                .headers
                .get(header::CONTENT_TYPE)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.split(';').next())
                .unwrap_or_default()
                .to_owned();
            assert!(
                content_types.contains(content_type.as_str()),
                "{template} format={value} answers {content_type}, which it does not document"
            );
        }
        let unknown = service.get(None, &format!("{request}format=no-such-format")).await;
        assert_eq!(unknown.status, StatusCode::BAD_REQUEST, "{template}: an undocumented format is refused");
    }
}

/// The events of the floor and of presence are in the document's `Event`, and a log holding them matches
/// the schema of the meeting's events as served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_floor_and_presence_events_are_documented_and_served_as_documented() {
    let mut service = Service::start().await;
    let document = served_document(&service).await;
    let schemas = &document["components"]["schemas"];
    let documented: BTreeSet<String> = schemas["Event"]["oneOf"]
        .as_array()
        .expect("the events")
        .iter()
        .filter_map(|variant| variant["properties"]["event"]["enum"][0].as_str().map(str::to_owned))
        .collect();
    for event in [
        "speaker_inscribed",
        "speaker_withdrawn",
        "speakers_ordered",
        "floor_given",
        "point_of_order_raised",
        "point_of_order_ruled",
        "presence_marked",
    ] {
        assert!(documented.contains(event), "{event} is not in the document's Event");
    }
    assert_eq!(
        schemas["SpeakerList"]["enum"],
        json!(["debate", "before_the_vote", "after_the_vote", "right_of_reply"])
    );

    for account in ["sdn", "chair", "secretariat"] {
        service.sign_in(account).await;
    }
    let events = "/api/meetings/c3-80-torture/events";
    for (who, event) in [
        ("secretariat", json!({"event": "presence_marked", "states": ["Sudan", "Egypt"], "present": true})),
        ("sdn", json!({"event": "speaker_inscribed", "list": "debate", "state": "Sudan"})),
        ("secretariat", json!({"event": "speaker_inscribed", "list": "debate", "state": "Holy See"})),
        ("chair", json!({"event": "speakers_ordered", "list": "debate", "order": ["Holy See", "Sudan"]})),
        ("chair", json!({"event": "floor_given", "list": "debate", "time_limit": 300})),
        ("sdn", json!({"event": "point_of_order_raised", "by": "Sudan"})),
        ("chair", json!({"event": "point_of_order_ruled", "ruling": "the observer could continue"})),
        ("sdn", json!({"event": "speaker_withdrawn", "list": "debate", "state": "Sudan"})),
    ] {
        let posted = service.post(Some(who), events, event.clone()).await;
        assert_eq!(posted.status, StatusCode::CREATED, "{event}: {}", posted.text());
        assert_documented(&document, "post", "/api/meetings/{id}/events", &posted);
    }
    let served = service.get(None, events).await;
    assert_documented(&document, "get", "/api/meetings/{id}/events", &served);
    let record = service.get(None, "/api/meetings/c3-80-torture/record").await;
    assert_documented(&document, "get", "/api/meetings/{id}/record", &record);
    assert!(
        record
            .text()
            .contains("In the debate on the item, a statement was made by the observer of the Holy See."),
        "{}",
        record.text()
    );
}
