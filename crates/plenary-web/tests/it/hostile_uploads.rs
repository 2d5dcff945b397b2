//! Files built to bring the service down, uploaded through the API and the import page as the attack did:
//! a Word file whose text nests thousands of tracked insertions, an Akoma Ntoso file that expands one
//! entity into gigabytes, a Word file holding tens of megabytes of empty paragraphs. Each is refused with
//! a message that names the limit it broke, nothing is stored, and the service answers the next request.
//! The hostile parts are made here from a real resolution, the way an attacker edits a real file.

use std::io::{Cursor, Read, Write};

use axum::http::StatusCode;

use crate::support::Service;

const RES_80_198: &[u8] = include_bytes!("../../../../data/resolutions/A_RES_80_198.txt");

/// A real resolution as a Word file, with `word/document.xml` rewritten by `edit`.
fn word_file_with(edit: impl Fn(&str) -> String) -> Vec<u8> {
    let document = plenary_import::import(RES_80_198).expect("A/RES/80/198 imports").document;
    let genuine = plenary_render::docx::document_to_docx(&document);
    let mut archive = zip::ZipArchive::new(Cursor::new(genuine)).expect("the written .docx is a zip");
    let mut rebuilt = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).expect("a part");
        let name = part.name().to_owned();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).expect("a part unpacks");
        if name == "word/document.xml" {
            bytes = edit(&String::from_utf8(bytes).expect("document.xml is UTF-8")).into_bytes();
        }
        rebuilt.start_file(name, options).expect("a part starts");
        rebuilt.write_all(&bytes).expect("a part is written");
    }
    rebuilt.finish().expect("the archive closes").into_inner()
}

/// The attack's file: the resolution with its first run inside `depth` nested tracked insertions.
fn nested_insertions(depth: usize) -> Vec<u8> {
    word_file_with(|xml| {
        let start = xml.find("<w:r>").or_else(|| xml.find("<w:r ")).expect("a run");
        let end = start + xml[start..].find("</w:r>").expect("the run ends") + "</w:r>".len();
        format!(
            "{}{}{}{}{}",
            &xml[..start],
            r#"<w:ins w:id="901" w:author="x" w:date="2025-01-01T00:00:00Z">"#.repeat(depth),
            &xml[start..end],
            "</w:ins>".repeat(depth),
            &xml[end..]
        )
    })
}

/// The resolution followed by tens of megabytes of empty paragraphs, which deflate to a few hundred
/// kilobytes.
fn empty_paragraphs(megabytes: usize) -> Vec<u8> {
    word_file_with(|xml| {
        let end = xml.rfind("<w:sectPr").or_else(|| xml.rfind("</w:body>")).expect("the body ends");
        format!("{}{}{}", &xml[..end], "<w:p/>".repeat(megabytes * 1024 * 1024 / 6), &xml[end..])
    })
}

/// An Akoma Ntoso document whose internal DTD defines an entity of 50,000 characters and uses it 50,000
/// times: 2.5 billion characters once expanded.
fn entity_expansion() -> Vec<u8> {
    let big = "x".repeat(50_000);
    let uses = "&big;".repeat(50_000);
    format!(
        r#"<?xml version="1.0"?><!DOCTYPE akomaNtoso [<!ENTITY big "{big}">]><akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><doc name="resolution"><mainBody><p>{uses}</p></mainBody></doc></akomaNtoso>"#
    )
    .into_bytes()
}

async fn events(service: &Service) -> u64 {
    service.get(None, "/api/health").await.json()["events"].as_u64().unwrap_or(0)
}

/// Uploads `file` through the API and the import page as Denmark; both refuse it with a message naming
/// `limit`, nothing is recorded, and the service still answers.
async fn refused_everywhere(service: &Service, file: &[u8], limit: &str) {
    let logged = events(service).await;
    let response = service.upload(Some("dnk"), "/api/documents?id=hostile", file).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", response.text());
    assert_eq!(response.code(), "unreadable", "{}", response.text());
    assert!(response.text().contains(limit), "the API names the limit {limit}: {}", response.text());

    let token = service.csrf("dnk");
    let page = service
        .submit_multipart(
            "dnk",
            "/documents/import",
            &[("csrf_token", &token), ("id", "hostile")],
            ("hostile", file),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "the import page answers: {}", page.text());
    assert!(page.text().contains(limit), "the import page names the limit {limit}: {}", page.text());

    assert_eq!(events(service).await, logged, "nothing was recorded");
    assert_eq!(service.get(Some("dnk"), "/api/documents/hostile").await.status, StatusCode::NOT_FOUND);
    let health = service.get(None, "/api/health").await;
    assert_eq!(health.status, StatusCode::OK, "the service is still healthy");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_word_file_nesting_ten_thousand_insertions_is_refused_and_the_service_stays_up() {
    let mut service = Service::start().await;
    service.sign_in("dnk").await;
    let file = nested_insertions(10_000);
    assert!(file.len() < 20_000, "a small file: {} bytes", file.len());
    refused_everywhere(&service, &file, "MAX_XML_DEPTH").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_akoma_ntoso_entity_bomb_is_refused_and_the_service_stays_up() {
    let mut service = Service::start().await;
    service.sign_in("dnk").await;
    refused_everywhere(&service, &entity_expansion(), "XML_DTD_ALLOWED").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_word_file_of_sixty_megabytes_of_empty_paragraphs_is_refused_and_the_service_stays_up() {
    let mut service = Service::start().await;
    service.sign_in("dnk").await;
    let file = empty_paragraphs(60);
    assert!(file.len() < 400_000, "a small file: {} bytes", file.len());
    refused_everywhere(&service, &file, "MAX_UNPACKED_BYTES").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_word_file_of_real_depth_still_imports() {
    let mut service = Service::start().await;
    service.sign_in("dnk").await;
    let file = nested_insertions(3);
    let response = service.upload(Some("dnk"), "/api/documents?id=tracked", &file).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_text_that_would_store_more_than_eight_megabytes_is_refused_before_anything_is_written() {
    let mut service = Service::start().await;
    service.sign_in("dnk").await;
    // The resolution, then twenty thousand more operative paragraphs of its own words: 11 MB of text, under
    // the 16 MB upload limit, that would be kept in the log for ever.
    let text = String::from_utf8_lossy(RES_80_198).into_owned();
    let paragraph = "Calls upon all States to take persistent, determined and effective measures to prevent \
                     and combat all acts of torture and other cruel, inhuman or degrading treatment or \
                     punishment, stresses that all acts of torture must be made offences under domestic \
                     criminal law, and urges States to prohibit under domestic law acts constituting cruel, \
                     inhuman or degrading treatment or punishment;";
    let mut long = text.clone();
    for number in 100..20_100 {
        long.push_str(&format!("\n{number}. {paragraph}\n"));
    }
    assert!(long.len() < plenary_import::MAX_INPUT_BYTES, "{} bytes", long.len());
    let logged = events(&service).await;
    let response = service.upload(Some("dnk"), "/api/documents?id=too-long", long.as_bytes()).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", response.text());
    assert_eq!(response.code(), "too_large");
    assert!(response.text().contains("MAX_VERSION_JSON_BYTES"), "{}", response.text());
    assert_eq!(events(&service).await, logged);
}
