//! The consoles say what the server holds: Denmark's ballot panel after a change of vote and the browser's
//! Back button, the focus after a vote, the panel after the chair closes the voting (live, no reload), a
//! delegation without JavaScript going Back after two posts, and the chair's console with its next step
//! and a disabled button that looks disabled.

use serde_json::Value;

use crate::accessibility::Audit;
use crate::harness::{
    Browser, ChromeDriver, MEETING, Scripts, Server, WAIT, chromedriver_or_skip, eventually,
    open_recorded_vote, shown,
};

/// Waits until `#my-ballot` on `browser` says `expected`.
async fn panel_says(browser: &Browser, expected: &str, when: &str) {
    eventually(&format!("{}: the ballot panel {when}", browser.who), WAIT, || async {
        let said = browser.text_content("#my-ballot").await.unwrap_or_default();
        if said.trim() == expected {
            Ok(())
        } else {
            Err(format!("it says {said:?}{}", browser.alerts().await))
        }
    })
    .await;
}

/// Whether the element with focus is inside the ballot panel.
async fn focus_in_the_panel(browser: &Browser) -> bool {
    browser
        .script(
            "return Boolean(document.activeElement && document.activeElement.closest('#ballot-panel'));",
            Vec::new(),
        )
        .await
        == Value::Bool(true)
}

/// Marks the page, to tell later whether it was reloaded.
async fn mark_page(browser: &Browser) {
    browser.script("window.__plenaryMarker = 1;", Vec::new()).await;
}

async fn not_reloaded(browser: &Browser) -> bool {
    browser.script("return window.__plenaryMarker || null;", Vec::new()).await == 1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ballot_panel_shows_the_servers_ballot_after_back_and_closes_live_when_the_chair_locks() {
    let Some(chromedriver) = chromedriver_or_skip("the consoles") else { return };
    let mut audit = Audit::load();
    let server = Server::start("consoles");
    let driver = ChromeDriver::start(&chromedriver);

    let chair = Browser::open(&driver, &server.url, "chair", Scripts::Enabled).await;
    chair.sign_in(&server.account("chair")).await;
    let board = open_recorded_vote(&chair, &["proposal"]).await;
    let next = chair.text("#next-step").await;
    assert_eq!(next, "Next: close the voting (lock the vote) when the delegations have voted.");
    let decide_style = chair
        .script(
            "const button = document.querySelector('#decide button'); const style = getComputedStyle(button);\
             return [button.disabled, style.cursor, style.backgroundColor, \
             getComputedStyle(document.querySelector('#lock button')).backgroundColor];",
            Vec::new(),
        )
        .await;
    assert_eq!(decide_style[0], Value::Bool(true), "nothing to announce before the lock");
    assert_eq!(decide_style[1], "not-allowed", "a disabled button says so to the pointer");
    assert_ne!(
        decide_style[2], decide_style[3],
        "the disabled button looks unlike the live one: {decide_style}"
    );
    audit.check(&chair, "the board (chair, open)").await;

    // Denmark votes yes, goes to the meeting and comes back to the board, changes to abstain there, and
    // goes Back twice: to the meeting, then to the board as it first had it, which must now say abstain,
    // as the server holds it.
    let dnk = Browser::open(&driver, &server.url, "dnk", Scripts::Enabled).await;
    dnk.sign_in(&server.account("dnk")).await;
    dnk.goto(&board).await;
    panel_says(&dnk, "Denmark has not voted.", "before voting").await;
    mark_page(&dnk).await;
    dnk.click("form#ballot button[name=choice][value=yes]").await;
    panel_says(&dnk, "Denmark votes yes. You may change it until the voting is closed.", "after voting yes")
        .await;
    assert!(not_reloaded(&dnk).await, "dnk: casting with JavaScript reloaded the page");
    assert!(focus_in_the_panel(&dnk).await, "dnk: the focus left the ballot panel after voting");
    assert_eq!(
        dnk.attribute("#my-ballot", "role").await.as_deref(),
        Some("status"),
        "the new ballot is announced"
    );
    assert_eq!(
        dnk.attribute("form#ballot button[value=yes]", "aria-pressed").await.as_deref(),
        Some("true"),
        "the yes button is shown pressed"
    );
    audit.check(&dnk, "the board (delegation, voted)").await;

    dnk.click_and_wait(&format!("main a[href='/meetings/{MEETING}']")).await;
    dnk.goto(&board).await;
    panel_says(
        &dnk,
        "Denmark votes yes. You may change it until the voting is closed.",
        "on the board opened again",
    )
    .await;
    dnk.click("form#ballot button[name=choice][value=abstain]").await;
    panel_says(
        &dnk,
        "Denmark votes abstain. You may change it until the voting is closed.",
        "after changing to abstain",
    )
    .await;
    dnk.back().await;
    assert_eq!(dnk.location().await, format!("/meetings/{MEETING}"), "dnk: one step back is the meeting");
    dnk.back().await;
    assert_eq!(dnk.location().await, board, "dnk: two steps back is the board as first opened");
    panel_says(&dnk, "Denmark votes abstain. You may change it until the voting is closed.", "after Back")
        .await;
    let pressed = dnk.attribute("form#ballot button[value=abstain]", "aria-pressed").await;
    assert_eq!(pressed.as_deref(), Some("true"), "dnk: after Back, the abstain button is the pressed one");
    assert_eq!(shown(&dnk, "DNK").await.as_deref(), Some("abstain"), "dnk: the board agrees with the panel");
    // Chromium driven by chromedriver here asks the server again on Back rather than restoring the page
    // from its back-forward cache; a browser that restores it fires `pageshow` with `persisted`, on which
    // the page must ask the server again: it reloads (the mark is gone).
    mark_page(&dnk).await;
    dnk.script("window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));", Vec::new())
        .await;
    eventually("dnk: the page restored from the back-forward cache reloads", WAIT, || async {
        if not_reloaded(&dnk).await { Err("the page is the one restored".to_owned()) } else { Ok(()) }
    })
    .await;
    panel_says(
        &dnk,
        "Denmark votes abstain. You may change it until the voting is closed.",
        "after the reload",
    )
    .await;

    // Mexico, without JavaScript, votes yes and then abstain by plain form posts, and goes Back.
    let mex = Browser::open(&driver, &server.url, "mex (no JavaScript)", Scripts::Disabled).await;
    mex.sign_in(&server.account("mex")).await;
    mex.goto(&board).await;
    for choice in ["yes", "abstain"] {
        let posted = mex.click_and_wait(&format!("form#ballot button[name=choice][value={choice}]")).await;
        assert!(posted, "mex: the {choice} button did not post the form");
    }
    panel_says(
        &mex,
        "Mexico votes abstain. You may change it until the voting is closed.",
        "after two posts",
    )
    .await;
    mex.back().await;
    panel_says(
        &mex,
        "Mexico votes abstain. You may change it until the voting is closed.",
        "after Back (no JavaScript)",
    )
    .await;

    // The chair closes the voting: Denmark's panel loses its buttons and says so, without a reload.
    mark_page(&dnk).await;
    dnk.find("form#ballot button[value=no]").await;
    chair.submit("form#lock").await;
    panel_says(&dnk, "The vote is closed: Denmark’s vote, abstain, stands.", "after the lock").await;
    assert!(!dnk.has("form#ballot").await, "dnk: the ballot buttons are still there after the lock");
    assert!(not_reloaded(&dnk).await, "dnk: the page was reloaded to show the lock");
    let main = dnk.text("main#main").await;
    assert!(!main.contains("You may change it"), "dnk: the page still offers a change after the lock");
    audit.check(&dnk, "the board (delegation, locked)").await;

    let next = chair.text("#next-step").await;
    assert_eq!(next, "Next: announce the result.");
    let lock_disabled =
        chair.script("return document.querySelector('#lock button').disabled;", Vec::new()).await;
    assert_eq!(lock_disabled, Value::Bool(true), "the chair cannot close the voting twice");
    audit.check(&chair, "the board (chair, locked)").await;
    chair.submit("form#decide").await;
    assert_eq!(chair.text("#next-step").await, "Decided: the result is final.");
    mex.reload().await;
    panel_says(&mex, "The vote is closed: Mexico’s vote, abstain, stands.", "after the result (reloaded)")
        .await;

    for browser in [chair, dnk, mex] {
        browser.close().await;
    }
    audit.assert_clean();
}
