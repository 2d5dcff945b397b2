//! A word longer than any line — a 600-character string pasted into a draft — wraps inside the document
//! page instead of widening it: the page is never wider than the window. On the way, axe-core checks the
//! pages of the documents desk that the scenario does not visit: a text whose id is taken (the offer to add
//! it as a new version), the secretariat's form to issue a draft, and the error pages.

use crate::accessibility::Audit;
use crate::harness::{
    Browser, ChromeDriver, Scripts, Server, TempDir, assert_page_frame, chromedriver_or_skip, shipped,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_600_character_word_in_a_draft_does_not_make_the_document_page_wider_than_the_window() {
    let Some(chromedriver) = chromedriver_or_skip("the long-word test") else { return };
    let server = Server::start("long-words");
    let driver = ChromeDriver::start(&chromedriver);
    let dnk = Browser::open(&driver, &server.url, "dnk", Scripts::Enabled).await;
    dnk.sign_in(&server.account("dnk")).await;

    // L.49 with one word of 602 characters and no break in it, in its first operative paragraph.
    let word = "torture".repeat(86);
    let draft = std::fs::read_to_string(shipped("resolutions/A_C.3_80_L.49.txt")).expect("L.49");
    let draft = draft.replacen("Condemns", &format!("Condemns {word}"), 1);
    assert!(draft.contains(&word), "the long word is in the text");
    let directory = TempDir::new("long-word");
    let file = directory.path().join("long-word.txt");
    std::fs::write(&file, draft).expect("the draft is written");

    dnk.goto("/documents/import").await;
    dnk.fill("form#import", "file", file.to_str().expect("a UTF-8 path")).await;
    dnk.fill("form#import", "id", "long-word").await;
    dnk.submit("form#import").await;
    dnk.find("a#imported-document").await;

    dnk.goto("/documents/long-word").await;
    assert_page_frame(&dnk, "the document with a long word").await;
    let text = dnk.text("article#document").await;
    assert!(text.contains(&word[..100]), "the page shows the long word");
    let widths = dnk.script("return [document.body.scrollWidth, window.innerWidth];", Vec::new()).await;
    let (page, window) = (widths[0].as_u64().unwrap_or(u64::MAX), widths[1].as_u64().unwrap_or(0));
    assert!(page <= window, "dnk: the page is {page} px wide in a window of {window} px");

    let mut audit = Audit::load();
    // The same text under the same id: refused, with the offer to add it as a new version.
    dnk.goto("/documents/import").await;
    dnk.fill("form#import", "file", &shipped("resolutions/A_RES_80_198.txt")).await;
    dnk.fill("form#import", "id", "long-word").await;
    dnk.submit("form#import").await;
    dnk.find("form#add-version").await;
    audit.check(&dnk, "import, id taken").await;
    dnk.goto("/nonexistent").await;
    assert_page_frame(&dnk, "the 404 page").await;
    audit.check(&dnk, "404").await;

    let secretariat = Browser::open(&driver, &server.url, "secretariat", Scripts::Enabled).await;
    secretariat.sign_in(&server.account("secretariat")).await;
    secretariat.goto("/documents/long-word").await;
    secretariat.find("form#issue input[name=symbol]").await;
    audit.check(&secretariat, "a draft (secretariat)").await;
    dnk.close().await;
    secretariat.close().await;
    audit.assert_clean();
}
