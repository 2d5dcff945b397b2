//! The web pages in a real browser: headless Chromium driven over WebDriver (chromedriver) against the real
//! `plenary serve`, one browser session per person (separate cookies), as docs/web.md names the pages.
//!
//! - The scenario (`scenario.rs`): a sponsor imports and compares two texts, a delegation submits an
//!   amendment, the chair opens a recorded vote, three delegations vote while the public watches the board
//!   update live without a reload, the chair locks and decides, and the record says it in UN wording.
//!   Screenshots go to `target/screenshots/` under the workspace root.
//! - Accessibility (`accessibility.rs`): axe-core runs on every page the scenario visits.
//! - Without JavaScript (`no_script.rs`): the same forms work with scripting disabled.
//! - Long words (`long_words.rs`): a draft with a 600-character word is no wider than the window.
//! - The floor (`floor.rs`): the lists of speakers, the speaker's timer and the roll of presence, each page
//!   checked with axe-core.
//! - The hall display (`hall.rs`): every member on one 1920 × 1080 screen, the letters, live.
//! - Search (`search.rs`): a phrase typed (live) and submitted, a facet value narrowing the results, a
//!   result opened at its paragraph, each state of the page checked with axe-core.
//! - The consoles (`consoles.rs`): the ballot panel after Back and after the lock, focus after a vote, the
//!   chair's next step.
//!
//! Without `chromedriver` on the PATH the tests say they are skipped and pass, unless
//! `PLENARY_BROWSER_TESTS=required` (CI), when they fail. axe-core is read from `PLENARY_AXE_JS`, or from
//! `target/axe/node_modules/axe-core/axe.min.js` (`npm install --prefix target/axe axe-core@4`).

mod accessibility;
mod consoles;
mod floor;
mod hall;
mod harness;
mod long_words;
mod no_script;
mod scenario;
mod search;
mod sitting;
mod treaties;
