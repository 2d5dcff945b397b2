//! Every page works without JavaScript, live updates aside: in Chromium with scripting disabled the chair
//! opens a vote and a delegation casts its ballot with plain form posts, and a reload of the board shows it.

use crate::harness::{
    Browser, ChromeDriver, MEETING, Scripts, Server, WAIT, assert_page_frame, chromedriver_or_skip,
    eventually, open_recorded_vote, shown, totals,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_the_chair_opens_a_vote_and_a_ballot_cast_by_form_shows_on_the_reloaded_board() {
    let Some(chromedriver) = chromedriver_or_skip("the no-JavaScript test") else { return };
    let server = Server::start("no-script");
    let driver = ChromeDriver::start(&chromedriver);
    let chair = Browser::open(&driver, &server.url, "chair (no JavaScript)", Scripts::Disabled).await;
    let fra = Browser::open(&driver, &server.url, "fra (no JavaScript)", Scripts::Disabled).await;

    chair.sign_in(&server.account("chair")).await;
    chair.goto(&format!("/meetings/{MEETING}")).await;
    assert_page_frame(&chair, "the meeting (chair, no JavaScript)").await;
    let board = open_recorded_vote(&chair, &["proposal", "amendment"]).await;
    let status = chair.text("#live-status").await;
    assert!(
        status.contains("Not live"),
        "chair (no JavaScript): #live-status says {status:?}, not that the board is not live"
    );

    let state = server.account("fra").state;
    fra.sign_in(&server.account("fra")).await;
    fra.goto(&board).await;
    assert_page_frame(&fra, "the board (delegation, no JavaScript)").await;
    assert_eq!(
        shown(&fra, &state).await.as_deref(),
        Some("pending"),
        "fra: {state} on the board before its ballot"
    );
    let navigated = fra.click_and_wait("form#ballot button[name=choice][value=yes]").await;
    assert!(
        navigated,
        "fra (no JavaScript): pressing the yes button did not post the form (no new page came)"
    );
    let alerts = fra.alerts().await;
    assert!(alerts.is_empty(), "fra (no JavaScript): the ballot was refused{alerts}");
    fra.find("#my-ballot").await;

    chair.reload().await;
    let (board_view, state) = (&chair, state.as_str());
    eventually("chair (no JavaScript): France's ballot on the reloaded board", WAIT, move || async move {
        let row = shown(board_view, state).await;
        let counts = totals(board_view).await?;
        if row.as_deref().is_some_and(|shown| shown != "pending") && counts[3] >= 1 {
            Ok(())
        } else {
            board_view.reload().await;
            Err(format!(
                "li[data-state={state}] data-shown={row:?}, totals (yes, no, abstain, voted) {counts:?}"
            ))
        }
    })
    .await;
    chair.close().await;
    fra.close().await;
}
