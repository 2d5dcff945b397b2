//! The floor and the roll in the browser: the secretariat marks every member present and inscribes an
//! observer state, the Sudan inscribes itself and marks itself absent, the chair moves it up and gives it
//! the floor with a time limit of a few seconds, and the timer counts down and then says the limit is
//! passed, without a reload. axe-core checks both pages as each of them sees them.

use crate::accessibility::Audit;
use crate::harness::{
    Browser, ChromeDriver, MEETING, Scripts, Server, WAIT, assert_page_frame, chromedriver_or_skip,
    eventually,
};

/// The waiting speakers of one list, by code, in order.
async fn waiting(browser: &Browser, list: &str) -> Vec<String> {
    let mut codes = Vec::new();
    for item in browser.all(&format!("#list-{list} ol.waiting li[data-state]")).await {
        if let Ok(Some(code)) = item.attr("data-state").await {
            codes.push(code);
        }
    }
    codes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lists_of_speakers_the_timer_and_the_roll_work_in_the_browser() {
    let Some(chromedriver) = chromedriver_or_skip("the floor") else { return };
    let mut audit = Audit::load();
    let server = Server::start("floor");
    let driver = ChromeDriver::start(&chromedriver);
    let speakers = format!("/meetings/{MEETING}/speakers");
    let presence = format!("/meetings/{MEETING}/presence");

    let secretariat = Browser::open(&driver, &server.url, "secretariat", Scripts::Enabled).await;
    secretariat.sign_in(&server.account("secretariat")).await;
    secretariat.goto(&presence).await;
    assert_page_frame(&secretariat, "presence (secretariat)").await;
    audit.check(&secretariat, "presence (secretariat)").await;
    secretariat.submit("form#mark-all").await;
    let quorum = secretariat.text("#quorum").await;
    assert!(quorum.contains("193 present; quorum for a decision 97: quorum present"), "{quorum}");
    secretariat.goto(&speakers).await;
    secretariat.fill("form#inscribe-for", "state", "VAT").await;
    secretariat.fill("form#inscribe-for", "list", "debate").await;
    secretariat.submit("form#inscribe-for").await;
    assert_eq!(waiting(&secretariat, "debate").await, ["VAT"]);
    audit.check(&secretariat, "speakers (secretariat)").await;

    let sdn = Browser::open(&driver, &server.url, "sdn", Scripts::Enabled).await;
    sdn.sign_in(&server.account("sdn")).await;
    sdn.goto(&speakers).await;
    sdn.click_and_wait("#list-debate form.inline button").await;
    assert_eq!(waiting(&sdn, "debate").await, ["VAT", "SDN"]);
    assert!(sdn.text("#list-debate").await.contains("Withdraw Sudan from: Debate on the item"));
    audit.check(&sdn, "speakers (delegation)").await;
    sdn.goto(&presence).await;
    sdn.submit("form#mark-self").await;
    sdn.screenshot("floor-presence-delegation.png").await;
    assert_eq!(sdn.text("#own-presence").await, "Sudan is marked absent.");
    assert!(sdn.text("#quorum").await.contains("192 present"));
    audit.check(&sdn, "presence (delegation)").await;

    let chair = Browser::open(&driver, &server.url, "chair", Scripts::Enabled).await;
    chair.sign_in(&server.account("chair")).await;
    chair.goto(&speakers).await;
    chair.click_and_wait("#list-debate li[data-state=SDN] button[value=up]").await;
    assert_eq!(waiting(&chair, "debate").await, ["SDN", "VAT"]);
    chair.fill("#list-debate form.give-floor", "limit", "0:04").await;
    chair.submit("#list-debate form.give-floor").await;
    assert!(chair.text("#speaking").await.starts_with("Sudan has the floor"));
    // The script counts down from what the server wrote, and says when the limit is passed.
    let first = chair.text("#floor-remaining").await;
    assert!(first.ends_with("left"), "{first}");
    let over = eventually("the timer passes the limit", WAIT, || async {
        let shown = chair.text("#floor-remaining").await;
        if shown.starts_with("over the limit by") { Ok(shown) } else { Err(shown) }
    })
    .await;
    assert!(chair.has("#floor-timer.over").await, "{over}: the timer is marked over the limit");
    audit.check(&chair, "speakers (chair, the timer over the limit)").await;
    chair.screenshot("floor-speakers-chair.png").await;

    let public = Browser::open(&driver, &server.url, "the public", Scripts::Enabled).await;
    public.goto(&speakers).await;
    assert!(public.text("#speaking").await.starts_with("Sudan has the floor"));
    audit.check(&public, "speakers (public)").await;
    public.goto(&presence).await;
    audit.check(&public, "presence (public)").await;

    for browser in [secretariat, sdn, chair, public] {
        browser.close().await;
    }
    audit.assert_clean();
}
