//! axe-core on a page as the browser shows it: the WCAG 2.0 A and AA rules (labels, names, contrast,
//! bypass blocks, …) and, since axe files them under "best practice", the landmark rules (one `main`, one
//! banner, every piece of content inside a landmark).
//!
//! axe-core is not vendored: it is read from `PLENARY_AXE_JS`, or from
//! `target/axe/node_modules/axe-core/axe.min.js` under the workspace root, which
//! `npm install --prefix target/axe axe-core@4` puts there.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::harness::{Browser, ChromeDriver, Scripts, chromedriver_or_skip, required, say, workspace_root};

/// The WCAG 2.0 levels checked.
const TAGS: [&str; 2] = ["wcag2a", "wcag2aa"];

/// The landmark rules (axe tags them `best-practice`, so the tags above leave them out).
const LANDMARK_RULES: [&str; 9] = [
    "landmark-one-main",
    "landmark-no-duplicate-main",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-banner-is-top-level",
    "landmark-contentinfo-is-top-level",
    "landmark-main-is-top-level",
    "landmark-unique",
    "region",
];

/// Elements listed per violation (a contrast failure can hit every row of the board).
const TARGETS_SHOWN: usize = 8;

const INSTALL: &str = "npm install --prefix target/axe axe-core@4";

/// The violations found on the pages audited so far.
#[derive(Debug)]
pub struct Audit {
    /// axe.min.js, or `None` when it is not installed and not required (the audit is then skipped).
    axe: Option<String>,
    pages: Vec<String>,
    violations: Vec<String>,
}

impl Audit {
    /// Reads axe-core; without it the audit is skipped (with a note), or fails when browser tests are
    /// required.
    pub fn load() -> Audit {
        let path = std::env::var_os("PLENARY_AXE_JS")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_root().join("target/axe/node_modules/axe-core/axe.min.js"));
        let axe = match std::fs::read_to_string(&path) {
            Ok(source) => Some(source),
            Err(error) if required() => panic!(
                "axe-core is not at {} ({error}); install it with `{INSTALL}` in the workspace root, or set \
                 PLENARY_AXE_JS to an axe.min.js",
                path.display()
            ),
            Err(_) => {
                say(&format!(
                    "accessibility checks skipped: no axe-core at {} (`{INSTALL}`)",
                    path.display()
                ));
                None
            }
        };
        Audit { axe, pages: Vec::new(), violations: Vec::new() }
    }

    /// Runs axe on the page `browser` shows now (named `page` in the report) and keeps its violations;
    /// prints them at once too, so that a later failure of the scenario does not hide them.
    #[allow(clippy::print_stderr, reason = "violations are reported as they are found")]
    pub async fn check(&mut self, browser: &Browser, page: &str) {
        let Some(axe) = &self.axe else { return };
        let location = browser.location().await;
        let loaded = browser.script("return typeof window.axe === 'object';", Vec::new()).await;
        if loaded != Value::Bool(true) {
            browser.script(axe, Vec::new()).await;
        }
        let mut found = Vec::new();
        let by_tags = json!({ "runOnly": { "type": "tag", "values": TAGS }, "resultTypes": ["violations"] });
        let by_rules =
            json!({ "runOnly": { "type": "rule", "values": LANDMARK_RULES }, "resultTypes": ["violations"] });
        for options in [by_tags, by_rules] {
            let result = browser.script_async(RUN, vec![options]).await;
            if let Some(error) = result.get("error") {
                panic!("{}: axe-core failed on {location}: {error}", browser.who);
            }
            let Some(violations) = result.as_array() else {
                panic!("{}: axe-core gave no list of violations on {location}: {result}", browser.who);
            };
            found.extend(violations.iter().map(describe));
        }
        self.pages.push(format!("{page} ({location})"));
        for violation in found {
            let line = format!("{page} ({location}) as {}: {violation}", browser.who);
            eprintln!("accessibility: {line}");
            self.violations.push(line);
        }
    }

    /// Fails listing every violation found (rule, impact, elements, what to do).
    pub fn assert_clean(&self) {
        if self.axe.is_none() {
            return;
        }
        say(&format!(
            "accessibility: axe-core checked {} pages, {} violations: {}",
            self.pages.len(),
            self.violations.len(),
            self.pages.join(", ")
        ));
        assert!(
            self.violations.is_empty(),
            "axe-core found {} accessibility violations on the pages {}:\n{}",
            self.violations.len(),
            self.pages.join(", "),
            self.violations.join("\n")
        );
    }
}

/// Runs axe with the options passed as the first argument and passes back a short form of each violation.
const RUN: &str = r"
const options = arguments[0];
const done = arguments[arguments.length - 1];
window.axe.run(document, options)
  .then((results) => done(results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    targets: violation.nodes.map((node) => node.target.join(' ')),
    summaries: violation.nodes.map((node) => node.failureSummary || ''),
  }))))
  .catch((error) => done({ error: String(error) }));
";

fn describe(violation: &Value) -> String {
    let field = |name: &str| violation.get(name).and_then(Value::as_str).unwrap_or("?").to_owned();
    let mut line = format!("[{}] {} — {}", field("impact"), field("id"), field("help"));
    let targets: Vec<&str> = violation
        .get("targets")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let summaries: Vec<&str> = violation
        .get("summaries")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    for (index, target) in targets.iter().enumerate().take(TARGETS_SHOWN) {
        let _ = write!(line, "\n      at `{target}`");
        if let Some(summary) = summaries.get(index).filter(|summary| !summary.is_empty()) {
            let _ = write!(line, ": {}", summary.replace('\n', " "));
        }
    }
    if targets.len() > TARGETS_SHOWN {
        let _ = write!(line, "\n      … and {} more", targets.len() - TARGETS_SHOWN);
    }
    let _ = write!(line, "\n      ({})", field("helpUrl"));
    line
}

/// The audit itself: on a page with an unlabelled field and no landmarks, axe-core reports both (so that a
/// clean report on the real pages means they were checked, not that nothing ran).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_reports_an_unlabelled_field_and_content_outside_landmarks() {
    let Some(chromedriver) = chromedriver_or_skip("the accessibility audit's own test") else { return };
    let mut audit = Audit::load();
    if audit.axe.is_none() {
        return;
    }
    let driver = ChromeDriver::start(&chromedriver);
    let browser = Browser::open(&driver, "", "a page made to fail", Scripts::Enabled).await;
    let page = "<!doctype html><html lang=\"en\"><head><title>Bad</title></head>\
                <body><h1>Bad</h1><form><input type=\"text\" name=\"q\"></form></body></html>";
    let encoded: String =
        page.bytes()
            .map(|byte| {
                if byte.is_ascii_alphanumeric() {
                    char::from(byte).to_string()
                } else {
                    format!("%{byte:02X}")
                }
            })
            .collect();
    browser.goto(&format!("data:text/html,{encoded}")).await;
    audit.check(&browser, "a page made to fail").await;
    browser.close().await;
    let rules: Vec<&str> =
        audit.violations.iter().filter_map(|line| line.split("] ").nth(1)?.split(' ').next()).collect();
    for rule in ["label", "landmark-one-main", "region"] {
        assert!(
            rules.contains(&rule),
            "axe-core did not report `{rule}` on a page made to fail it: {rules:?}"
        );
    }
}
