//! The hall display on a 1920 × 1080 screen: every member of the body in one grid without scrolling, each
//! cell inside the screen with its name fitting it, the letter of its vote in every cell that voted; live
//! while a vote is taken. Checked on the seeded 2017 plenary's real roll call 6005 (operative paragraph 4
//! of the torture resolution: 109 in favour, 19 against, 31 abstentions) and on a vote taken now on the
//! demo meeting. Screenshot: `target/screenshots/hall.png` (the 2017 vote) and `hall-live.png`.

use serde_json::Value;

use crate::accessibility::Audit;
use crate::harness::{
    Browser, ChromeDriver, Scripts, Server, WAIT, chromedriver_or_skip, eventually, open_recorded_vote, say,
};

/// The screen of the hall.
const SCREEN: (u32, u32) = (1920, 1080);

/// What the page measures of its grid: the viewport, the document's height, and per cell its box, what it
/// shows and whether its text fits it.
const MEASURE: &str = r#"
const cells = Array.from(document.querySelectorAll('#hall-grid li[data-state]'));
const px = (element, property) => parseFloat(getComputedStyle(element)[property]);
return {
  innerWidth: window.innerWidth,
  innerHeight: window.innerHeight,
  scrollHeight: document.documentElement.scrollHeight,
  scrollWidth: document.documentElement.scrollWidth,
  letterFont: cells.length ? px(cells[0].querySelector('.letter'), 'fontSize') : 0,
  nameFont: cells.length ? px(cells[0].querySelector('.name'), 'fontSize') : 0,
  countFont: px(document.querySelector('#totals strong'), 'fontSize'),
  cells: cells.map((cell) => {
    const box = cell.getBoundingClientRect();
    const name = cell.querySelector('.name');
    return {
      state: cell.dataset.state,
      shown: cell.dataset.shown,
      letter: cell.querySelector('.letter').textContent,
      name: name.textContent,
      left: box.left, top: box.top, right: box.right, bottom: box.bottom,
      width: box.width, height: box.height,
      fits: cell.scrollWidth <= cell.clientWidth && cell.scrollHeight <= cell.clientHeight
        && name.getBoundingClientRect().bottom <= box.bottom + 0.5
        && name.getBoundingClientRect().right <= box.right + 0.5,
    };
  }),
};
"#;

/// The letter each vote shows in a cell.
fn letter_of(shown: &str) -> Option<&'static str> {
    match shown {
        "yes" => Some("Y"),
        "no" => Some("N"),
        "abstain" => Some("A"),
        _ => None,
    }
}

/// What the hall shows on the screen now, checked: the page does not scroll, there are `members` cells,
/// each inside the viewport with its name inside it, and every cell that voted shows its letter. Returns
/// the measurements.
async fn assert_every_member_on_the_screen(
    browser: &Browser,
    members: usize,
    page: &str,
    png: &str,
) -> Value {
    // The picture first: it shows what a failure below is about.
    let path = browser.screenshot(png).await;
    say(&format!("{page}: {}", path.display()));
    let measured = browser.script(MEASURE, Vec::new()).await;
    let number = |name: &str| measured[name].as_f64().unwrap_or(f64::NAN);
    let (width, height) = (number("innerWidth"), number("innerHeight"));
    assert_eq!((width, height), (f64::from(SCREEN.0), f64::from(SCREEN.1)), "{page}: the viewport");
    assert!(
        number("scrollHeight") <= height && number("scrollWidth") <= width,
        "{page}: the page scrolls: the document is {} × {} in a {width} × {height} viewport",
        number("scrollWidth"),
        number("scrollHeight")
    );
    let cells = measured["cells"].as_array().cloned().unwrap_or_default();
    assert_eq!(cells.len(), members, "{page}: cells in the grid");
    let mut problems = Vec::new();
    for cell in &cells {
        let state = cell["state"].as_str().unwrap_or("?");
        let edge = |name: &str| cell[name].as_f64().unwrap_or(f64::NAN);
        let inside =
            edge("left") >= 0.0 && edge("top") >= 0.0 && edge("right") <= width && edge("bottom") <= height;
        if !inside {
            problems.push(format!(
                "{state}: its cell ({}, {}) – ({}, {}) is not inside the screen",
                edge("left"),
                edge("top"),
                edge("right"),
                edge("bottom")
            ));
        }
        if cell["fits"] != Value::Bool(true) {
            problems.push(format!("{state}: the name {:?} does not fit its cell", cell["name"]));
        }
        let shown = cell["shown"].as_str().unwrap_or_default();
        if let Some(letter) = letter_of(shown) {
            if cell["letter"].as_str() != Some(letter) {
                problems.push(format!(
                    "{state} voted {shown} and its cell shows {:?}, not {letter}",
                    cell["letter"]
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{page}:\n{}", problems.join("\n"));
    measured
}

/// The smallest cell of a measurement, as "W × H px".
fn smallest_cell(measured: &Value) -> (f64, f64) {
    let cells = measured["cells"].as_array().cloned().unwrap_or_default();
    let least =
        |name: &str| cells.iter().filter_map(|cell| cell[name].as_f64()).fold(f64::INFINITY, f64::min);
    (least("width"), least("height"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hall_display_shows_all_193_members_on_one_1920_by_1080_screen_with_their_letters_live() {
    let Some(chromedriver) = chromedriver_or_skip("the hall display") else { return };
    let mut audit = Audit::load();
    let server = Server::start("hall");
    let driver = ChromeDriver::start(&chromedriver);

    // The 2017 plenary's roll call on operative paragraph 4, as the hall showed it when it was decided.
    let hall = Browser::open(&driver, &server.url, "the hall", Scripts::Enabled).await;
    let viewport = hall.set_viewport(SCREEN.0, SCREEN.1).await;
    hall.goto("/meetings/ga-72-73/votes/6005/hall").await;
    let measured =
        assert_every_member_on_the_screen(&hall, 193, "the 2017 vote 6005 in the hall", "hall.png").await;
    let cells = measured["cells"].as_array().cloned().unwrap_or_default();
    let count = |shown: &str| cells.iter().filter(|cell| cell["shown"] == shown).count();
    assert_eq!(
        (count("yes"), count("no"), count("abstain")),
        (109, 19, 31),
        "roll call 6005 as the unvotes data has it"
    );
    let result = hall.text("#outcome").await;
    assert_eq!(result, "Retained", "a paragraph voted on separately is retained");
    let heading = hall.text("h1").await;
    assert!(heading.contains("Operative paragraph 4"), "the hall's heading: {heading:?}");
    audit.check(&hall, "the hall display (2017, decided)").await;
    let (cell_width, cell_height) = smallest_cell(&measured);
    say(&format!(
        "the hall at {viewport:?}: 193 cells inside the screen, the smallest {cell_width:.1} × {cell_height:.1} px; \
         letter {} px, name {} px, counts {} px",
        measured["letterFont"], measured["nameFont"], measured["countFont"],
    ));

    // A vote taken now: the hall follows it live, without a reload.
    let chair = Browser::open(&driver, &server.url, "chair", Scripts::Enabled).await;
    chair.sign_in(&server.account("chair")).await;
    let board = open_recorded_vote(&chair, &["proposal"]).await;
    hall.goto(&format!("{board}/hall")).await;
    eventually("the hall: #live-status says Live", WAIT, || async {
        let status = hall.text_content("#live-status").await.unwrap_or_default();
        if status == "Live" { Ok(()) } else { Err(status) }
    })
    .await;
    hall.script("window.__plenaryMarker = 1;", Vec::new()).await;
    audit.check(&hall, "the hall display (open)").await;

    let mut voted = Vec::new();
    for (username, choice) in [("dnk", "yes"), ("mex", "no"), ("bra", "abstain")] {
        let delegation = Browser::open(&driver, &server.url, username, Scripts::Enabled).await;
        delegation.sign_in(&server.account(username)).await;
        delegation.goto(&board).await;
        delegation.click(&format!("form#ballot button[name=choice][value={choice}]")).await;
        let state = server.account(username).state;
        let letter = letter_of(choice).unwrap_or_default();
        let cell = format!("#hall-grid li[data-state='{state}']");
        let (hall, cell, letter) = (&hall, cell.as_str(), letter);
        eventually(&format!("the hall: {state}'s cell shows {letter}"), WAIT, move || async move {
            let shown = hall.text_content(&format!("{cell} .letter")).await.unwrap_or_default();
            if shown == letter { Ok(()) } else { Err(format!("{shown:?}")) }
        })
        .await;
        voted.push(delegation);
    }
    let totals = hall.text("#totals").await.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        totals.contains("1 in favour")
            && totals.contains("1 against")
            && totals.contains("1 abstention")
            && !totals.contains("1 abstentions")
            && totals.contains("3 have voted"),
        "the hall's totals: {totals:?}"
    );
    let marker = hall.script("return window.__plenaryMarker || null;", Vec::new()).await;
    assert_eq!(marker, Value::from(1), "the hall was reloaded: it must update in place");

    chair.goto(&board).await;
    chair.submit("form#lock").await;
    chair.submit("form#decide").await;
    eventually("the hall: the result, large", WAIT, || async {
        let result = hall.text_content("#outcome").await.unwrap_or_default();
        if result == "Adopted" || result == "Rejected" { Ok(()) } else { Err(format!("{result:?}")) }
    })
    .await;
    let status = hall.text("#live-status").await;
    assert_eq!(status, "Decided: the result is final", "the decided hall says so, not \"Live\"");
    let measured =
        assert_every_member_on_the_screen(&hall, 193, "the demo vote in the hall, decided", "hall-live.png")
            .await;
    let absent = measured["cells"]
        .as_array()
        .map_or(0, |cells| cells.iter().filter(|cell| cell["shown"] == "pending").count());
    assert_eq!(absent, 190, "the members that did not vote");
    assert!(hall.has("#hall-grid li.absent[data-state='FRA']").await, "France did not vote: marked absent");
    audit.check(&hall, "the hall display (demo, decided)").await;

    for browser in voted {
        browser.close().await;
    }
    chair.close().await;
    hall.close().await;
    audit.assert_clean();
}
