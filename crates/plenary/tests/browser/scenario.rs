//! One sitting, in the browser, as the "done means" tells it: a sponsor (Denmark) imports last year's
//! resolution and its new draft and compares them; a delegation (the United States) submits an amendment; the
//! chair opens a recorded vote; the public watches the board while Denmark, Mexico and Brazil vote, and it
//! updates in place, never reloaded; the chair locks and decides; the record says it in UN wording. Every
//! page visited is checked with axe-core; screenshots of the comparison and the board are kept.

use serde_json::{Value, json};

use crate::accessibility::Audit;
use crate::harness::{
    Browser, ChromeDriver, MEETING, Scripts, Server, WAIT, assert_page_frame, chromedriver_or_skip,
    eventually, open_recorded_vote, say, shipped, shown, totals,
};

const LAST_YEAR: &str = "dnk-last-year";
const NEW_DRAFT: &str = "dnk-new-draft";
const AMENDMENT: &str = "A1";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sitting_from_import_to_record_works_in_the_browser_and_the_board_updates_live_without_a_reload() {
    let Some(chromedriver) = chromedriver_or_skip("the browser scenario") else { return };
    let mut audit = Audit::load();
    let server = Server::start("scenario");
    let driver = ChromeDriver::start(&chromedriver);

    let dnk = Browser::open(&driver, &server.url, "dnk", Scripts::Enabled).await;
    let compare_png =
        sponsor_imports_last_year_and_the_new_draft_and_compares_them(&server, &dnk, &mut audit).await;

    let usa = Browser::open(&driver, &server.url, "usa", Scripts::Enabled).await;
    delegation_submits_an_amendment_that_then_appears_on_the_meeting_page(&server, &usa, &mut audit).await;
    usa.close().await;

    let chair = Browser::open(&driver, &server.url, "chair", Scripts::Enabled).await;
    chair.sign_in(&server.account("chair")).await;
    chair.goto(&format!("/meetings/{MEETING}")).await;
    assert_page_frame(&chair, "the meeting (chair)").await;
    audit.check(&chair, "the meeting (chair)").await;
    let board = open_recorded_vote(&chair, &["amendment", "proposal"]).await;
    assert!(chair.has("form#lock").await, "chair: the board {board} has no form#lock for the chair");

    let public = Browser::open(&driver, &server.url, "the public", Scripts::Enabled).await;
    let watch = Watch::start(&public, &board).await;
    audit.check(&public, "the board (public)").await;

    let mex = Browser::open(&driver, &server.url, "mex", Scripts::Enabled).await;
    let bra = Browser::open(&driver, &server.url, "bra", Scripts::Enabled).await;
    mex.sign_in(&server.account("mex")).await;
    bra.sign_in(&server.account("bra")).await;
    for (delegation, choice) in [(&dnk, "yes"), (&mex, "no"), (&bra, "abstain")] {
        let state = server.account(&delegation.who).state;
        delegation.goto(&board).await;
        if choice == "yes" {
            assert_page_frame(delegation, "the board (delegation)").await;
            audit.check(delegation, "the board (delegation)").await;
        }
        a_ballot_appears_on_the_watchers_board_without_a_reload(delegation, &state, choice, &watch).await;
    }

    let board_png = chair_locks_and_decides_and_the_watcher_sees_the_result(&chair, &board, &watch).await;

    the_record_says_it_in_un_wording(&public, &board, &mut audit).await;

    say(&format!("screenshots: {} and {}", compare_png.display(), board_png.display()));
    for browser in [dnk, chair, public, mex, bra] {
        browser.close().await;
    }
    audit.assert_clean();
}

/// Denmark signs in, imports A/RES/74/143 and the draft A/C.3/80/L.49 through `form#import`, sees the
/// importer's diagnostics, and compares the two: what is new, and the inline view with insertions and
/// deletions. Returns the comparison's screenshot.
async fn sponsor_imports_last_year_and_the_new_draft_and_compares_them(
    server: &Server,
    dnk: &Browser,
    audit: &mut Audit,
) -> std::path::PathBuf {
    dnk.goto("/").await;
    assert_page_frame(dnk, "home").await;
    for css in ["#meetings", "#open-votes"] {
        dnk.find(css).await;
    }
    assert!(
        dnk.has("header a[href^='/sign-in']").await,
        "dnk: the home page has no Sign in link when signed out"
    );
    audit.check(dnk, "home").await;

    dnk.goto("/sign-in").await;
    assert_page_frame(dnk, "sign-in").await;
    audit.check(dnk, "sign-in").await;
    dnk.sign_in(&server.account("dnk")).await;

    dnk.goto("/documents").await;
    assert_page_frame(dnk, "documents").await;
    dnk.find("form[role=search] input[name=q]").await;
    assert!(!dnk.all("table#documents tr[data-id]").await.is_empty(), "dnk: /documents lists no documents");
    audit.check(dnk, "documents").await;

    for (file, id, label) in [
        ("resolutions/A_RES_74_143.txt", LAST_YEAR, "A/RES/74/143 (last year)"),
        ("resolutions/A_C.3_80_L.49.txt", NEW_DRAFT, "A/C.3/80/L.49 (new draft)"),
    ] {
        dnk.goto("/documents/import").await;
        if id == LAST_YEAR {
            assert_page_frame(dnk, "import").await;
            audit.check(dnk, "import").await;
        }
        dnk.fill("form#import", "file", &shipped(file)).await;
        dnk.fill("form#import", "id", id).await;
        dnk.fill("form#import", "label", label).await;
        dnk.submit("form#import").await;
        dnk.find("#diagnostics").await;
        let link = dnk.find("a#imported-document").await;
        let href = link.attr("href").await.ok().flatten().unwrap_or_default();
        assert!(href.contains(id), "dnk: a#imported-document points to {href:?}, not to the document {id}");
        if id == NEW_DRAFT {
            audit.check(dnk, "import result").await;
        }
    }

    dnk.click_and_wait("a#imported-document").await;
    assert_page_frame(dnk, "a document").await;
    let text = dnk.text("article#document").await;
    assert!(text.contains("Torture"), "dnk: article#document does not show the draft's text: {text:.300}");
    dnk.find("#versions").await;
    for format in ["akn", "docx", "md", "pdf", "json"] {
        dnk.find(&format!("#exports a[data-format={format}]")).await;
    }
    audit.check(dnk, "a document").await;

    // A paragraph's history, from the document page's agreed-language marks.
    let history = format!("/documents/{NEW_DRAFT}/paragraphs/op5/history");
    dnk.goto(&history).await;
    assert_page_frame(dnk, "a paragraph's history").await;
    let first = dnk.text("#first-agreed").await;
    assert!(first.contains("First agreed in A/RES/72/163 (2017)"), "dnk: {history} says {first:?}");
    assert!(
        dnk.all("#clause-versions li[data-document]").await.len() >= 3,
        "dnk: {history} lists fewer than three texts holding the clause"
    );
    audit.check(dnk, "a paragraph's history").await;

    dnk.goto(&format!("/compare?old={LAST_YEAR}&new={NEW_DRAFT}")).await;
    assert_page_frame(dnk, "compare").await;
    dnk.find("form#compare-form").await;
    let png = dnk.screenshot("compare.png").await;
    let mut missing = Vec::new();
    for css in [
        "form#compare-form select[name=old]",
        "form#compare-form select[name=new]",
        "a#compare-docx",
        "#what-is-new",
        "#redline",
        "#side-by-side",
    ] {
        if !dnk.has(css).await {
            missing.push(css);
        }
    }
    assert!(missing.is_empty(), "dnk: the comparison page has no {}", missing.join(", no "));
    let inserted = dnk.all("#redline ins").await.len();
    let deleted = dnk.all("#redline del").await.len();
    assert!(
        inserted > 0 && deleted > 0,
        "dnk: the inline comparison of last year's text and the new draft shows {inserted} insertions (ins) and \
         {deleted} deletions (del)"
    );
    audit.check(dnk, "compare").await;
    png
}

/// The United States, on the meeting page, submits an amendment deleting operative paragraph 4 through
/// `form#amendment`; the meeting page then shows it.
async fn delegation_submits_an_amendment_that_then_appears_on_the_meeting_page(
    server: &Server,
    usa: &Browser,
    audit: &mut Audit,
) {
    usa.sign_in(&server.account("usa")).await;
    let meeting = format!("/meetings/{MEETING}");
    usa.goto(&meeting).await;
    assert_page_frame(usa, "the meeting (delegation)").await;
    usa.find("#queue").await;
    let before = usa.text("main#main").await;
    assert!(!before.contains(AMENDMENT), "usa: the meeting page mentions {AMENDMENT} before it is submitted");
    audit.check(usa, "the meeting (delegation)").await;

    let form = "form#amendment";
    usa.fill(form, "id", AMENDMENT).await;
    usa.fill(form, "action", "delete").await;
    usa.fill(form, "parts", "op4").await;
    usa.submit(form).await;
    let alerts = usa.alerts().await;
    assert!(alerts.is_empty(), "usa: submitting the amendment was refused{alerts}");

    usa.goto(&meeting).await;
    let after = usa.text("main#main").await;
    assert!(
        after.contains(AMENDMENT),
        "usa: the meeting page does not show the amendment {AMENDMENT} after it was submitted"
    );
}

/// The public's view of the board: opened once, marked, and checked never to be reloaded.
#[derive(Debug)]
struct Watch<'a> {
    browser: &'a Browser,
    /// `performance.timeOrigin` of the board page as first loaded.
    time_origin: Value,
}

impl<'a> Watch<'a> {
    /// Opens the board (not signed in), waits for it to be live, and marks the page.
    async fn start(browser: &'a Browser, board: &str) -> Watch<'a> {
        browser.goto(board).await;
        assert_page_frame(browser, "the board (public)").await;
        for css in
            ["#board", "#totals", "#majority", "#result-bar", "#by-group", "#member-grid", "#live-status"]
        {
            browser.find(css).await;
        }
        let rows = browser.all("#board li[data-state]").await.len();
        assert!(rows >= 193, "the public: the board lists {rows} members, not every member (193)");
        assert!(
            !browser.has("form#ballot").await,
            "the public: the board offers a ballot form to the public"
        );
        eventually("the public: #live-status says Live", WAIT, move || async move {
            let status = browser.text_content("#live-status").await.unwrap_or_default();
            if status.contains("Live") && !status.contains("Not live") {
                Ok(())
            } else {
                Err(format!("{status:?}"))
            }
        })
        .await;
        let time_origin = browser
            .script("window.__plenaryMarker = 1; return window.performance.timeOrigin;", Vec::new())
            .await;
        Watch { browser, time_origin }
    }

    /// The page is the one first loaded: the marker is there and the time origin unchanged.
    async fn assert_not_reloaded(&self, after: &str) {
        let now = self
            .browser
            .script("return [window.__plenaryMarker || null, window.performance.timeOrigin];", Vec::new())
            .await;
        assert_eq!(
            now,
            json!([1, self.time_origin]),
            "the public's board page was reloaded ({after}): [marker, timeOrigin] was [1, {}]",
            self.time_origin
        );
    }
}

/// A delegation presses a ballot button on the board; the watcher's board shows the state's row as no
/// longer pending and new totals, within ten seconds, without a reload.
async fn a_ballot_appears_on_the_watchers_board_without_a_reload(
    delegation: &Browser,
    state: &str,
    choice: &str,
    watch: &Watch<'_>,
) {
    let watcher = watch.browser;
    assert_eq!(
        shown(watcher, state).await.as_deref(),
        Some("pending"),
        "the public: {state} on the board before its ballot"
    );
    let before = totals(watcher).await.unwrap_or_else(|seen| panic!("the public: the totals: {seen}"));
    let my_ballot_before = delegation.text_content("#my-ballot").await.unwrap_or_default();

    delegation.click(&format!("form#ballot button[name=choice][value={choice}]")).await;

    let who = &delegation.who;
    let my_ballot_before = &my_ballot_before;
    eventually(&format!("{who}: #my-ballot after voting {choice}"), WAIT, move || async move {
        let now = delegation.text_content("#my-ballot").await;
        match now {
            Some(text) if text.trim() != my_ballot_before.trim() && !text.trim().is_empty() => Ok(()),
            other => Err(format!("{other:?}{}", delegation.alerts().await)),
        }
    })
    .await;

    let before = &before;
    eventually(&format!("the public: {state}'s {choice} on the board, and new totals"), WAIT, move || async move {
        let row = shown(watcher, state).await;
        let now = totals(watcher).await?;
        if row.as_deref().is_some_and(|shown| shown != "pending") && now != *before {
            Ok(())
        } else {
            Err(format!("li[data-state={state}] data-shown={row:?}, totals (yes, no, abstain, voted) {now:?} (before {before:?})"))
        }
    })
    .await;
    watch.assert_not_reloaded(&format!("after {state}'s ballot")).await;
}

/// The chair locks the vote and decides it; the watcher's board shows the result, still without a reload,
/// and is then the board a fresh load serves (members, totals, majority). Returns the watcher's screenshot.
async fn chair_locks_and_decides_and_the_watcher_sees_the_result(
    chair: &Browser,
    board: &str,
    watch: &Watch<'_>,
) -> std::path::PathBuf {
    let watcher = watch.browser;
    if chair.location().await != board {
        chair.goto(board).await;
    }
    let before = watcher.text_content("main#main").await.unwrap_or_default();
    chair.submit("form#lock").await;
    let alerts = chair.alerts().await;
    assert!(alerts.is_empty(), "chair: locking the vote was refused{alerts}");
    chair.find("form#decide").await;
    chair.submit("form#decide").await;
    let alerts = chair.alerts().await;
    assert!(alerts.is_empty(), "chair: deciding the vote was refused{alerts}");

    let before = &before;
    eventually("the public: the result on the board", WAIT, move || async move {
        let now = watcher.text_content("main#main").await.unwrap_or_default();
        let lower = now.to_lowercase();
        let said = ["adopted", "rejected", "approved"].iter().any(|word| lower.contains(word));
        if said && now != *before {
            Ok(())
        } else {
            Err(format!("the page (changed since the lock: {}): {now:.600}", now != *before))
        }
    })
    .await;
    watch.assert_not_reloaded("after the decision").await;
    let png = watcher.screenshot("board.png").await;

    // What the live updates built is what the server serves: a fresh load of the board shows the same.
    chair.goto(board).await;
    let live = BoardView::of(watcher).await;
    let served = BoardView::of(chair).await;
    let differences = live.differences(&served);
    assert!(
        differences.is_empty(),
        "the public's live board differs from the board as served (a fresh load) after the decision:\n{}",
        differences.join("\n")
    );
    png
}

/// What a board shows: every member's `data-shown`, the totals and the majority (whitespace folded).
#[derive(Debug)]
struct BoardView {
    members: Vec<String>,
    totals: String,
    majority: String,
}

impl BoardView {
    async fn of(browser: &Browser) -> BoardView {
        let members = browser
            .script(
                "return Array.from(document.querySelectorAll('#board li[data-state]'))\
                 .map((li) => li.dataset.state + '=' + li.dataset.shown);",
                Vec::new(),
            )
            .await;
        let folded =
            |text: Option<String>| text.unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
        BoardView {
            members: members
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            totals: folded(browser.text_content("#totals").await),
            majority: folded(browser.text_content("#majority").await),
        }
    }

    /// Where `self` (live) and `served` differ, one line each.
    fn differences(&self, served: &BoardView) -> Vec<String> {
        let mut lines = Vec::new();
        for (name, live, served) in
            [("#totals", &self.totals, &served.totals), ("#majority", &self.majority, &served.majority)]
        {
            if live != served {
                lines.push(format!("{name}: live {live:?}, served {served:?}"));
            }
        }
        if self.members.len() != served.members.len() {
            lines.push(format!(
                "#board: {} members live, {} served",
                self.members.len(),
                served.members.len()
            ));
        }
        for (live, served) in self.members.iter().zip(&served.members) {
            if live != served {
                lines.push(format!("#board li: live {live}, served {served}"));
            }
        }
        lines
    }
}

/// The meeting's record gives the vote in UN wording ("… by a recorded vote of …") with its exports.
async fn the_record_says_it_in_un_wording(public: &Browser, board: &str, audit: &mut Audit) {
    let vote = board.rsplit('/').next().unwrap_or_default();
    public.goto(&format!("/meetings/{MEETING}/record")).await;
    assert_page_frame(public, "the record").await;
    let record = public.text("#record").await;
    assert!(
        record.contains("recorded vote of")
            && ["adopted", "rejected", "approved"].iter().any(|word| record.contains(word)),
        "the public: #record does not give the vote in UN wording (\"… was adopted by a recorded vote of …\", \
         \"The Committee rejected, by a recorded vote of …\"): {record:.600}"
    );
    let section = format!("#record section[data-vote='{vote}']");
    public.find(&section).await;
    for format in ["csv", "json", "pdf"] {
        public.find(&format!("{section} a[data-format={format}]")).await;
    }
    audit.check(public, "the record").await;
}
