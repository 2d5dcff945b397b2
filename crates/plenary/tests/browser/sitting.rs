//! A sitting of the Third Committee run wholly from the pages, in the browser, as issue 13's "done means"
//! tells it: the secretariat opens the meeting, takes up the item and puts the issued draft A/C.3/80/L.49
//! before it; the Sudan submits an amendment under its own symbol (A/C.3/80/L.60) and asks for a separate
//! vote on operative paragraph 4; the chair puts the amendment, then the paragraph, then the draft to
//! recorded votes in that order; Denmark, Mexico and the Sudan vote on the board; the record tells all of
//! it in the UN's words. Before that the secretariat marks the members present (so every decision is
//! checked against the quorum), Denmark and the Sudan speak in the debate, the Russian Federation explains
//! its vote before the vote and the Sudan after it, each given the floor by the chair from the list of
//! speakers with the time limit shown. Every page visited is checked with axe-core.

use crate::accessibility::Audit;
use crate::harness::{Browser, ChromeDriver, Scripts, Server, WAIT, chromedriver_or_skip, eventually};

const MEETING: &str = "c3-80-50";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sitting_is_set_up_and_run_from_the_pages_and_the_record_tells_it_in_un_wording() {
    let Some(chromedriver) = chromedriver_or_skip("the sitting") else { return };
    let mut audit = Audit::load();
    let server = Server::start("sitting");
    let driver = ChromeDriver::start(&chromedriver);
    let page = format!("/meetings/{MEETING}");

    let secretariat = Browser::open(&driver, &server.url, "secretariat", Scripts::Enabled).await;
    secretariat.sign_in(&server.account("secretariat")).await;
    the_secretariat_opens_the_meeting_and_puts_the_draft_before_it(&secretariat, &mut audit).await;

    secretariat.goto(&format!("{page}/presence")).await;
    submit_accepted(&secretariat, "form#mark-all").await;
    assert_eq!(secretariat.attribute("#quorum", "data-quorum").await.as_deref(), Some("present"));
    audit.check(&secretariat, "presence and quorum (the secretariat)").await;

    let sdn = Browser::open(&driver, &server.url, "sdn", Scripts::Enabled).await;
    sdn.sign_in(&server.account("sdn")).await;
    let chair = Browser::open(&driver, &server.url, "chair", Scripts::Enabled).await;
    chair.sign_in(&server.account("chair")).await;
    let dnk = Browser::open(&driver, &server.url, "dnk", Scripts::Enabled).await;
    dnk.sign_in(&server.account("dnk")).await;
    let mex = Browser::open(&driver, &server.url, "mex", Scripts::Enabled).await;
    mex.sign_in(&server.account("mex")).await;
    let rus = Browser::open(&driver, &server.url, "rus", Scripts::Enabled).await;
    rus.sign_in(&server.account("rus")).await;

    // The debate: Denmark, then the Sudan, inscribe; the chair gives each the floor in turn.
    for delegation in [&dnk, &sdn] {
        inscribes(delegation, "debate").await;
    }
    audit.check(&sdn, "the list of speakers (a delegation)").await;
    for _ in 0..2 {
        the_chair_gives_the_floor(&chair, "debate").await;
    }
    audit.check(&chair, "the list of speakers (the chair)").await;

    sdn.goto(&page).await;
    let offered = sdn.text("form#amendment select[name=parts]").await;
    assert!(
        offered.contains("Operative paragraph 5 — “Also emphasizes that States must take"),
        "sdn: the amendment form offers the paragraphs without their words: {offered:.300}"
    );
    audit.check(&sdn, "the meeting (a delegation's console)").await;
    sdn.fill("form#amendment", "document", "A/C.3/80/L.60").await;
    sdn.fill("form#amendment", "action", "delete").await;
    sdn.fill("form#amendment", "parts", "op5").await;
    submit_accepted(&sdn, "form#amendment").await;
    sdn.fill("form#division", "parts", "op4").await;
    submit_accepted(&sdn, "form#division").await;
    sdn.fill("form#request-vote", "question", "proposal").await;
    submit_accepted(&sdn, "form#request-vote").await;

    // An explanation of vote before the vote, by a delegation that does not sponsor the draft.
    inscribes(&rus, "before_the_vote").await;
    the_chair_gives_the_floor(&chair, "before_the_vote").await;

    chair.goto(&page).await;
    let next = chair.text("#next-step").await;
    assert_eq!(
        next,
        "Next: amendment A/C.3/80/L.60 — ask “May I take it …?”, or put it to the vote if a delegation asks."
    );
    audit.check(&chair, "the meeting (the chair's console)").await;
    // The questions in the order the rules put them: the amendment, the paragraph, the draft as a whole.
    for (question, ballots) in [
        ("amendment:A1", [("sdn", "yes"), ("dnk", "no"), ("mex", "no")]),
        ("part:op4", [("sdn", "no"), ("dnk", "yes"), ("mex", "yes")]),
        ("proposal", [("sdn", "abstain"), ("dnk", "yes"), ("mex", "yes")]),
    ] {
        let board = the_chair_opens_the_next_vote(&chair, question).await;
        for (who, choice) in ballots {
            let delegation =
                [&sdn, &dnk, &mex].into_iter().find(|browser| browser.who == who).expect("a delegation");
            votes(delegation, &board, choice).await;
        }
        chair.goto(&board).await;
        submit_accepted(&chair, "form#lock").await;
        submit_accepted(&chair, "form#decide").await;
    }

    inscribes(&sdn, "after_the_vote").await;
    the_chair_gives_the_floor(&chair, "after_the_vote").await;

    let public = Browser::open(&driver, &server.url, "the public", Scripts::Enabled).await;
    public.goto(&format!("{page}/record")).await;
    let record = public.text("#record").await;
    for sentence in [
        "In the debate on the item, statements were made by the representatives of Denmark and the Sudan.",
        "An explanation of vote before the vote was given by the representative of the Russian Federation.",
        "An explanation of vote after the vote was given by the representative of the Sudan.",
        "The Sudan submitted an amendment (A/C.3/80/L.60) to delete operative paragraph 5.",
        "The Sudan requested a separate vote on operative paragraph 4.",
        "The Sudan requested a recorded vote on the draft resolution.",
        "The Committee rejected, by a recorded vote of 1 in favour to 2 against, the amendment contained in \
         document A/C.3/80/L.60.",
        "Operative paragraph 4 was retained by a recorded vote of 2 to 1.",
        "The draft resolution as a whole was approved by a recorded vote of 2 to none, with one abstention.",
        "Vote V3: 2 in favour, 0 against, 1 abstention: approved",
    ] {
        assert!(record.contains(sentence), "the record does not say {sentence:?}:\n{record}");
    }
    assert!(!record.contains("(A/C.3/80/L.49) to delete"), "the record cites the draft for the amendment");
    audit.check(&public, "the record of the sitting").await;

    let order = [
        "In the debate",
        "submitted an amendment",
        "before the vote was given",
        "rejected",
        "retained",
        "approved",
        "after the vote was given",
    ];
    let positions: Vec<usize> = order.iter().map(|words| record.find(words).unwrap_or(usize::MAX)).collect();
    assert!(
        positions.windows(2).all(|pair| pair[0] < pair[1]),
        "the record tells the sitting out of order ({order:?} at {positions:?}):\n{record}"
    );

    for browser in [secretariat, sdn, chair, dnk, mex, rus, public] {
        browser.close().await;
    }
    audit.assert_clean();
}

/// The secretariat opens the 50th meeting of the Third Committee from the list of meetings, takes up
/// agenda item 71 (a) and puts A/C.3/80/L.49 before the meeting.
async fn the_secretariat_opens_the_meeting_and_puts_the_draft_before_it(
    secretariat: &Browser,
    audit: &mut Audit,
) {
    secretariat.goto("/meetings").await;
    audit.check(secretariat, "the meetings (the secretariat's form)").await;
    secretariat.fill("form#open-meeting", "forum", "third-committee").await;
    secretariat.fill("form#open-meeting", "meeting", "50th meeting").await;
    // A date field takes keys in the browser's locale; its value is set as the form sends it.
    secretariat.script("document.querySelector('#meeting-date').value = '2025-11-19';", Vec::new()).await;
    secretariat.fill("form#open-meeting", "id", MEETING).await;
    submit_accepted(secretariat, "form#open-meeting").await;
    assert_eq!(secretariat.location().await, format!("/meetings/{MEETING}"));
    assert_eq!(secretariat.text("#next-step").await, "Next: take up an agenda item.");

    secretariat.fill("form#take-up-item", "agenda_item", "71 (a)").await;
    secretariat
        .fill(
            "form#take-up-item",
            "title",
            "Promotion and protection of human rights: implementation of human rights instruments",
        )
        .await;
    submit_accepted(secretariat, "form#take-up-item").await;
    secretariat.fill("form#table-draft", "document", "a-c-3-80-l-49").await;
    submit_accepted(secretariat, "form#table-draft").await;
    let draft = secretariat.text("main#main").await;
    assert!(
        draft.contains("Draft resolution A/C.3/80/L.49: Torture"),
        "secretariat: the draft is not before the meeting: {draft:.600}"
    );
    audit.check(secretariat, "the meeting (the secretariat's console)").await;
}

/// Submits `form` and checks the page it leads to shows no refusal.
async fn submit_accepted(browser: &Browser, form: &str) {
    browser.submit(form).await;
    let alerts = browser.alerts().await;
    assert!(alerts.is_empty(), "{}: {form} was refused{alerts}", browser.who);
}

/// The chair opens a recorded vote on `question` — the one the console offers first, the next in the
/// order of the rules — and lands on its board; returns the board's path.
async fn the_chair_opens_the_next_vote(chair: &Browser, question: &str) -> String {
    chair.goto(&format!("/meetings/{MEETING}")).await;
    let offered = chair.options("form#open-vote select[name=question]").await;
    assert_eq!(offered.first().map(String::as_str), Some(question), "chair: the next question offered first");
    chair.fill("form#open-vote", "method", "recorded").await;
    chair.submit("form#open-vote").await;
    let prefix = format!("/meetings/{MEETING}/votes/");
    let location = chair.location().await;
    assert!(
        location.starts_with(&prefix),
        "chair: after opening the vote on {question} the page is {location}{}",
        chair.alerts().await
    );
    location.split('?').next().unwrap_or_default().to_owned()
}

/// A delegation votes on the board and sees its own ballot there.
async fn votes(delegation: &Browser, board: &str, choice: &str) {
    delegation.goto(board).await;
    delegation.click(&format!("form#ballot button[name=choice][value={choice}]")).await;
    let who = &delegation.who;
    eventually(&format!("{who}: its ballot {choice} on the board"), WAIT, move || async move {
        let ballot = delegation.text_content("#my-ballot").await.unwrap_or_default();
        if ballot.contains(choice) {
            Ok(())
        } else {
            Err(format!("#my-ballot says {ballot:?}{}", delegation.alerts().await))
        }
    })
    .await;
}

/// A delegation inscribes itself on a list of speakers of the item from the speakers page.
async fn inscribes(delegation: &Browser, list: &str) {
    delegation.goto(&format!("/meetings/{MEETING}/speakers")).await;
    let button = format!("#list-{list} form[action$='/speakers/inscribe'] button");
    delegation.click_and_wait(&button).await;
    let alerts = delegation.alerts().await;
    assert!(alerts.is_empty(), "{}: inscribing on {list} was refused{alerts}", delegation.who);
    let waiting = delegation.text(&format!("#list-{list}")).await;
    assert!(
        waiting.contains("Withdraw"),
        "{}: not waiting on {list} after inscribing: {waiting}",
        delegation.who
    );
}

/// The chair gives the floor to the next speaker on a list, with the list's default time limit, and the
/// page says who has the floor and shows the limit.
async fn the_chair_gives_the_floor(chair: &Browser, list: &str) {
    chair.goto(&format!("/meetings/{MEETING}/speakers")).await;
    let next = chair.text(&format!("#list-{list} ol.waiting li .name")).await;
    chair.submit(&format!("#list-{list} form.give-floor")).await;
    let alerts = chair.alerts().await;
    assert!(alerts.is_empty(), "chair: giving the floor on {list} was refused{alerts}");
    let speaking = chair.text("#speaking").await;
    assert!(
        speaking.starts_with(&format!("{next} has the floor")),
        "chair: {next} should have the floor: {speaking}"
    );
    if list != "debate" {
        let timer = chair.text("#floor-timer").await;
        assert!(timer.starts_with("Time limit 10:00"), "chair: the explanation's time limit: {timer}");
    }
}
