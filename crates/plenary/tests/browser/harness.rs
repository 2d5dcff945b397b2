//! What the browser tests stand on: the real server on a fresh data directory, a chromedriver of the test's
//! own on a free port, and one WebDriver session (one headless Chromium, its own cookies) per person.

use std::future::Future;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

/// The demo meeting a first start seeds, with A/C.3/80/L.49 before it.
pub const MEETING: &str = "c3-80-torture";

/// How long a page may take to show what a step expects (a live update, a page after a form).
pub const WAIT: Duration = Duration::from_secs(10);

/// A first start hashes the generated passwords of every account.
const SEED_TIMEOUT: Duration = Duration::from_secs(600);

const POLL: Duration = Duration::from_millis(100);

/// The window every session gets, so that screenshots and contrast checks are comparable.
const WINDOW: (u32, u32) = (1280, 900);

// ---------------------------------------------------------------------------------------------------------
// Whether the browser tests run here
// ---------------------------------------------------------------------------------------------------------

/// `PLENARY_BROWSER_TESTS=required`: a missing chromedriver or axe-core fails the tests instead of skipping.
pub fn required() -> bool {
    std::env::var("PLENARY_BROWSER_TESTS").is_ok_and(|value| value == "required")
}

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// Where the screenshots go: `target/screenshots/` under the workspace root.
pub fn screenshot_dir() -> PathBuf {
    workspace_root().join("target").join("screenshots")
}

fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|directory| directory.join(program))
        .find(|candidate| candidate.is_file())
}

/// The chromedriver to use, or `None` after saying that `test` is skipped; with
/// `PLENARY_BROWSER_TESTS=required` a missing chromedriver fails the test.
pub fn chromedriver_or_skip(test: &str) -> Option<PathBuf> {
    match on_path("chromedriver") {
        Some(path) => Some(path),
        None if required() => panic!(
            "{test}: chromedriver is not on the PATH and PLENARY_BROWSER_TESTS=required; install it with \
             `apt-get install -y chromium chromium-driver`"
        ),
        None => {
            say(&format!(
                "{test}: skipped: chromedriver not installed (apt-get install chromium chromium-driver; \
                 PLENARY_BROWSER_TESTS=required makes this a failure)"
            ));
            None
        }
    }
}

/// A line to the real stderr, shown even when the test passes (the test harness captures `eprintln!`).
pub fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

// ---------------------------------------------------------------------------------------------------------
// Polling
// ---------------------------------------------------------------------------------------------------------

/// Polls `probe` until it gives a value, for at most `timeout`; panics with `what` and the probe's last
/// report (what it saw instead) when it never does.
pub async fn eventually<T, F, Fut>(what: &str, timeout: Duration, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    let started = Instant::now();
    loop {
        match probe().await {
            Ok(value) => return value,
            Err(seen) if started.elapsed() >= timeout => {
                panic!("{what}: not within {:.0} s; last seen: {seen}", timeout.as_secs_f64())
            }
            Err(_) => tokio::time::sleep(POLL).await,
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------------------

/// A directory of one test's own, removed when the test passes (kept for a look when it fails).
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "plenary-browser-{name}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("a temporary directory");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// A running `plenary serve` on a fresh data directory (seeded by its first start), killed when dropped.
#[derive(Debug)]
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`, without the final slash.
    pub url: String,
    stderr: Arc<Mutex<String>>,
    accounts: Vec<Account>,
    // Dropped after the server is killed (fields drop in order after `Drop::drop`).
    data: TempDir,
}

impl Server {
    /// Seeds a fresh data directory and serves it on a free port; returns once the server says it is
    /// serving, or panics with what it wrote.
    pub fn start(name: &str) -> Server {
        let data = TempDir::new(name);
        let mut child = Command::new(env!("CARGO_BIN_EXE_plenary"))
            .arg("serve")
            .arg("--data")
            .arg(data.path())
            .args(["--listen", "127.0.0.1:0"])
            .env("RUST_LOG", "warn")
            .env("PLENARY_WITHOUT_CORPUS", "true")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("plenary serve runs");
        let stderr = Arc::new(Mutex::new(String::new()));
        let stderr_pipe = child.stderr.take().expect("the server's stderr");
        let collected = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr_pipe).lines().map_while(Result::ok) {
                let mut text = collected.lock().expect("the stderr buffer");
                text.push_str(&line);
                text.push('\n');
            }
        });
        let stdout = child.stdout.take().expect("the server's stdout");
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("Plenary is serving ") {
                    let _ = sender.send(url.trim().trim_end_matches('/').to_owned());
                }
            }
        });
        let mut server = Server { child, url: String::new(), stderr, accounts: Vec::new(), data };
        match receiver.recv_timeout(SEED_TIMEOUT) {
            Ok(url) => server.url = url,
            Err(error) => panic!(
                "plenary serve --data {} did not start ({error}); it wrote:\n{}",
                server.data.path().display(),
                server.stderr()
            ),
        }
        server.accounts = accounts(server.data.path());
        server
    }

    /// What the server wrote to stderr so far (for failure messages).
    pub fn stderr(&self) -> String {
        self.stderr.lock().expect("the stderr buffer").clone()
    }

    /// The demo account `username` from `accounts.csv`.
    pub fn account(&self, username: &str) -> Account {
        self.accounts
            .iter()
            .find(|account| account.username == username)
            .cloned()
            .unwrap_or_else(|| panic!("no demo account {username} in accounts.csv"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One line of `accounts.csv` (`username,role,state,password`).
#[derive(Debug, Clone)]
pub struct Account {
    pub username: String,
    /// The ISO 3 code of a delegation's state (upper case, as `data-state` carries it); empty for others.
    pub state: String,
    pub password: String,
}

fn accounts(data: &Path) -> Vec<Account> {
    let text = std::fs::read_to_string(data.join("accounts.csv")).expect("accounts.csv");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("username,role,state,password"));
    lines
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            assert_eq!(fields.len(), 4, "accounts.csv: {line}");
            Account {
                username: fields[0].to_owned(),
                state: fields[2].to_ascii_uppercase(),
                password: fields[3].to_owned(),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------------------
// chromedriver
// ---------------------------------------------------------------------------------------------------------

/// A chromedriver of the test's own on a free port, in its own process group; stopped with its browsers
/// when dropped.
#[derive(Debug)]
pub struct ChromeDriver {
    child: Child,
    port: u16,
    /// `http://127.0.0.1:PORT`
    pub url: String,
}

impl ChromeDriver {
    pub fn start(program: &Path) -> ChromeDriver {
        let port = free_port();
        let mut command = Command::new(program);
        command
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Ok(log) = std::env::var("PLENARY_CHROMEDRIVER_LOG") {
            command.arg(format!("--log-path={log}")).arg("--verbose");
        }
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            // Its own group: the browsers it starts are stopped with it.
            command.process_group(0);
        }
        let child = command.spawn().expect("chromedriver runs");
        let driver = ChromeDriver { child, port, url: format!("http://127.0.0.1:{port}") };
        let started = Instant::now();
        while http_get(port, "/status", Duration::from_secs(2))
            .is_none_or(|reply| !reply.contains("\"ready\""))
        {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not answer on port {port}"
            );
            std::thread::sleep(POLL);
        }
        driver
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        // Asks it to close its browsers, then stops whatever of its group is left.
        let _ = http_get(self.port, "/shutdown", Duration::from_secs(3));
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline && matches!(self.child.try_wait(), Ok(None)) {
            std::thread::sleep(POLL);
        }
        #[cfg(unix)]
        {
            let group = format!("-{}", self.child.id());
            let _ = Command::new("kill")
                .args(["-KILL", "--", &group])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a free port");
    listener.local_addr().expect("the bound address").port()
}

/// A plain HTTP/1.1 GET on localhost; the reply's text, or `None` if there is none within `timeout`.
/// (chromedriver keeps the connection open after its reply: the reply ends where its Content-Length says.)
fn http_get(port: u16, path: &str, timeout: Duration) -> Option<String> {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&address, timeout).ok()?;
    stream.set_read_timeout(Some(timeout)).ok()?;
    stream.set_write_timeout(Some(timeout)).ok()?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).ok()?;
    let mut reply = Vec::new();
    let mut buffer = [0; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(read) => reply.extend_from_slice(&buffer[..read]),
        }
        if reply_complete(&reply) {
            break;
        }
    }
    (!reply.is_empty()).then(|| String::from_utf8_lossy(&reply).into_owned())
}

fn reply_complete(reply: &[u8]) -> bool {
    let text = String::from_utf8_lossy(reply);
    let Some((head, body)) = text.split_once("\r\n\r\n") else { return false };
    let length = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse::<usize>().ok())
            .flatten()
    });
    length.is_some_and(|length| body.len() >= length)
}

// ---------------------------------------------------------------------------------------------------------
// A person in a browser
// ---------------------------------------------------------------------------------------------------------

/// Whether a session's Chromium runs scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scripts {
    Enabled,
    Disabled,
}

/// One WebDriver session: a headless Chromium with its own cookies, on one server.
#[derive(Debug)]
pub struct Browser {
    client: Client,
    base: String,
    /// Who this is, for failure messages ("dnk", "the public").
    pub who: String,
}

impl Browser {
    /// A new session for `who`, whose paths are taken relative to `base` (the server's URL).
    pub async fn open(driver: &ChromeDriver, base: &str, who: &str, scripts: Scripts) -> Browser {
        let mut arguments = vec![
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            format!("--window-size={},{}", WINDOW.0, WINDOW.1),
        ];
        if scripts == Scripts::Disabled {
            arguments.push("--blink-settings=scriptEnabled=false".to_owned());
        }
        let mut options = json!({ "args": arguments });
        if let Ok(binary) = std::env::var("PLENARY_CHROMIUM") {
            options["binary"] = Value::String(binary);
        }
        let capabilities = json!({ "browserName": "chrome", "goog:chromeOptions": options });
        let capabilities = capabilities.as_object().cloned().expect("an object");
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver.url)
            .await
            .unwrap_or_else(|error| panic!("{who}: chromedriver could not start Chromium: {error}"));
        client.set_window_size(WINDOW.0, WINDOW.1).await.expect("setting the window size");
        Browser { client, base: base.to_owned(), who: who.to_owned() }
    }

    /// Ends the session (closes its Chromium).
    pub async fn close(self) {
        let _ = self.client.close().await;
    }

    /// The absolute URL of a path on the server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn goto(&self, path: &str) {
        let url = self.url(path);
        self.client.goto(&url).await.unwrap_or_else(|error| panic!("{}: opening {url}: {error}", self.who));
    }

    /// The path and query of the page shown now.
    pub async fn location(&self) -> String {
        let url = self.client.current_url().await.expect("the current URL");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Goes back one page in the session's history (the browser's Back button).
    pub async fn back(&self) {
        self.client.back().await.unwrap_or_else(|error| panic!("{}: going back: {error}", self.who));
    }

    /// Sizes the window so that the page's viewport is `width` × `height` CSS pixels (whatever frame the
    /// window has added), and returns the viewport as the page then measures it (`innerWidth`,
    /// `innerHeight`).
    pub async fn set_viewport(&self, width: u32, height: u32) -> (u64, u64) {
        let measure = || async {
            let size = self.script("return [window.innerWidth, window.innerHeight];", Vec::new()).await;
            (size[0].as_u64().unwrap_or(0), size[1].as_u64().unwrap_or(0))
        };
        let (mut window_width, mut window_height) = (width, height);
        for _ in 0..3 {
            self.client
                .set_window_size(window_width, window_height)
                .await
                .unwrap_or_else(|error| panic!("{}: sizing the window: {error}", self.who));
            let (inner_width, inner_height) = measure().await;
            if (inner_width, inner_height) == (u64::from(width), u64::from(height)) {
                break;
            }
            // Add the frame: what the window has beyond its viewport.
            let frame = |window: u32, inner: u64, wanted: u32| {
                u32::try_from(i64::from(window) + i64::from(wanted) - i64::try_from(inner).unwrap_or(0))
                    .unwrap_or(wanted)
            };
            window_width = frame(window_width, inner_width, width);
            window_height = frame(window_height, inner_height, height);
        }
        measure().await
    }

    /// Reloads the page shown now.
    pub async fn reload(&self) {
        self.client.refresh().await.unwrap_or_else(|error| panic!("{}: reloading: {error}", self.who));
    }

    /// Every element matching `css` now (no waiting).
    pub async fn all(&self, css: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|error| panic!("{}: looking for `{css}`: {error}", self.who))
    }

    /// Whether an element matches `css` now.
    pub async fn has(&self, css: &str) -> bool {
        !self.all(css).await.is_empty()
    }

    /// The element matching `css`, waiting up to [`WAIT`] for it; panics naming the selector and the page.
    pub async fn find(&self, css: &str) -> Element {
        let started = Instant::now();
        loop {
            if let Some(element) = self.all(css).await.into_iter().next() {
                return element;
            }
            if started.elapsed() >= WAIT {
                let location = self.location().await;
                let alerts = self.alerts().await;
                panic!("{}: on {location}: no element matches `{css}`{alerts}", self.who);
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The visible text of the element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        self.find(css)
            .await
            .text()
            .await
            .unwrap_or_else(|error| panic!("{}: text of `{css}`: {error}", self.who))
    }

    /// The text content of the element matching `css`, visible or not (without waiting; `None` if absent).
    pub async fn text_content(&self, css: &str) -> Option<String> {
        let element = self.all(css).await.into_iter().next()?;
        element.prop("textContent").await.ok().flatten()
    }

    /// An attribute of the element matching `css` (without waiting; `None` if absent or unset).
    pub async fn attribute(&self, css: &str, name: &str) -> Option<String> {
        let element = self.all(css).await.into_iter().next()?;
        element.attr(name).await.ok().flatten()
    }

    /// What `[role=alert]` elements say, for failure messages ("" when there are none).
    pub async fn alerts(&self) -> String {
        let mut said = String::new();
        for alert in self.client.find_all(Locator::Css("[role=alert]")).await.unwrap_or_default() {
            let text = alert.text().await.unwrap_or_default();
            if !text.trim().is_empty() {
                said.push_str(&format!("; the page says: {}", text.trim()));
            }
        }
        said
    }

    /// Sets the field `name` of the form `form` (a CSS selector): a select by option value, a radio or
    /// checkbox by clicking the one with that value, a file input by sending the file's path, anything
    /// else by typing.
    pub async fn fill(&self, form: &str, name: &str, value: &str) {
        let css = format!("{form} [name=\"{name}\"]");
        let field = self.find(&css).await;
        let tag = field.tag_name().await.expect("a tag name").to_ascii_lowercase();
        let kind = field.attr("type").await.ok().flatten().unwrap_or_default().to_ascii_lowercase();
        let result = match (tag.as_str(), kind.as_str()) {
            ("select", _) => field.select_by_value(value).await,
            ("input", "radio" | "checkbox") => {
                self.find(&format!("{form} [name=\"{name}\"][value=\"{value}\"]")).await.click().await
            }
            ("input", "hidden") => Ok(()),
            _ => match field.clear().await {
                Ok(()) => field.send_keys(value).await,
                Err(error) => Err(error),
            },
        };
        result.unwrap_or_else(|error| panic!("{}: setting `{css}` to {value:?}: {error}", self.who));
    }

    /// The values of a select's options, in order.
    pub async fn options(&self, select: &str) -> Vec<String> {
        let mut values = Vec::new();
        for option in self.all(&format!("{select} option")).await {
            if let Ok(Some(value)) = option.attr("value").await {
                values.push(value);
            }
        }
        values
    }

    /// Clicks the element matching `css` and waits for the page it leads to (the old page's document is
    /// gone); returns whether a new page came (a script may update the page in place instead).
    pub async fn click_and_wait(&self, css: &str) -> bool {
        let old_page = self.client.find(Locator::Css("html")).await.expect("the page's root element");
        self.click(css).await;
        let started = Instant::now();
        loop {
            match old_page.tag_name().await {
                Err(CmdError::Standard(_)) => return true,
                Err(error) => panic!("{}: waiting for the page after `{css}`: {error}", self.who),
                Ok(_) if started.elapsed() >= WAIT => return false,
                Ok(_) => tokio::time::sleep(POLL).await,
            }
        }
    }

    /// Clicks the element matching `css` (waiting for it to be there).
    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        element.click().await.unwrap_or_else(|error| panic!("{}: clicking `{css}`: {error}", self.who));
    }

    /// Submits `form` with its first submit button and waits for the page it leads to.
    pub async fn submit(&self, form: &str) -> bool {
        let button = format!("{form} button:not([type=button]):not([type=reset]), {form} input[type=submit]");
        self.click_and_wait(&button).await
    }

    /// Signs `account` in through `form#sign-in` and checks that the page then says who is signed in.
    pub async fn sign_in(&self, account: &Account) {
        self.goto("/sign-in").await;
        self.fill("form#sign-in", "username", &account.username).await;
        self.fill("form#sign-in", "password", &account.password).await;
        self.submit("form#sign-in").await;
        let signed_in = self.find("form#sign-out").await;
        assert!(
            signed_in.is_displayed().await.unwrap_or(false),
            "{}: form#sign-out is not shown after signing in",
            self.who
        );
        let header = self.text("header").await;
        assert!(
            header.contains(&account.username) || header.contains("Signed in as"),
            "{}: the header does not say who is signed in: {header:?}",
            self.who
        );
    }

    /// Runs a script in the page and returns its value.
    pub async fn script(&self, source: &str, arguments: Vec<Value>) -> Value {
        self.client
            .execute(source, arguments)
            .await
            .unwrap_or_else(|error| panic!("{}: running a script: {error}", self.who))
    }

    /// Runs an asynchronous script (its last argument is the callback) and returns what it passes back.
    pub async fn script_async(&self, source: &str, arguments: Vec<Value>) -> Value {
        self.client
            .execute_async(source, arguments)
            .await
            .unwrap_or_else(|error| panic!("{}: running a script: {error}", self.who))
    }

    /// Saves a PNG of the window to `target/screenshots/NAME` and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self
            .client
            .screenshot()
            .await
            .unwrap_or_else(|error| panic!("{}: screenshot: {error}", self.who));
        let directory = screenshot_dir();
        std::fs::create_dir_all(&directory).expect("the screenshot folder");
        let path = directory.join(name);
        std::fs::write(&path, png).expect("writing the screenshot");
        path
    }
}

/// A file shipped in the repository's `data/` folder, as an absolute path (for a file input).
pub fn shipped(relative: &str) -> String {
    let path = workspace_root().join("data").join(relative);
    assert!(path.is_file(), "{} is not there", path.display());
    path.to_str().expect("a UTF-8 path").to_owned()
}

/// The board's totals: `#totals [data-count=…]`, as numbers (yes, no, abstain, voted).
pub async fn totals(browser: &Browser) -> Result<[u64; 4], String> {
    let mut counts = [0; 4];
    for (count, name) in counts.iter_mut().zip(["yes", "no", "abstain", "voted"]) {
        let css = format!("#totals [data-count={name}]");
        let text = browser.text_content(&css).await.ok_or_else(|| format!("no `{css}`"))?;
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        *count = digits.parse().map_err(|_| format!("`{css}` says {text:?}, not a number"))?;
    }
    Ok(counts)
}

// ---------------------------------------------------------------------------------------------------------
// What every page has, and steps more than one test takes
// ---------------------------------------------------------------------------------------------------------

/// Every page: a skip link to `#main`, a banner with the main navigation (Documents, Compare, Meetings),
/// `main#main` and a footer.
pub async fn assert_page_frame(browser: &Browser, page: &str) {
    let location = browser.location().await;
    for css in [
        "a.skip-link[href='#main']",
        "header nav[aria-label='Main']",
        "header nav[aria-label='Main'] a[href='/documents']",
        "header nav[aria-label='Main'] a[href='/compare']",
        "header nav[aria-label='Main'] a[href='/meetings']",
        "main#main",
        "footer",
    ] {
        assert!(browser.has(css).await, "{}: {page} ({location}) has no `{css}`", browser.who);
    }
}

/// The chair, on the meeting page, opens a recorded vote through `form#open-vote` on the question the
/// select offers (the first whose value starts with one of `preferred`, else the first offered); returns
/// the board's path, where the form leads.
pub async fn open_recorded_vote(chair: &Browser, preferred: &[&str]) -> String {
    let meeting = format!("/meetings/{MEETING}");
    if chair.location().await != meeting {
        chair.goto(&meeting).await;
    }
    let form = "form#open-vote";
    chair.find(form).await;
    let questions = chair.options(&format!("{form} select[name=question]")).await;
    let question = preferred
        .iter()
        .find_map(|prefix| questions.iter().find(|value| value.starts_with(prefix)))
        .or_else(|| questions.iter().find(|value| !value.is_empty()))
        .cloned();
    if let Some(question) = &question {
        chair.fill(form, "question", question).await;
    } else {
        // Not a select: a text field taking the question as the API names it.
        chair.fill(form, "question", preferred.first().copied().unwrap_or("proposal")).await;
    }
    chair.fill(form, "method", "recorded").await;
    let vote_field = format!("{form} [name=vote]");
    if chair.has(&vote_field).await {
        let given = chair.find(&vote_field).await.prop("value").await.ok().flatten().unwrap_or_default();
        if given.trim().is_empty() {
            chair.fill(form, "vote", "V1").await;
        }
    }
    chair.submit(form).await;
    let prefix = &format!("{meeting}/votes/");
    eventually(
        &format!("{}: the board after opening a vote ({question:?})", chair.who),
        WAIT,
        move || async move {
            let location = chair.location().await;
            if location.starts_with(prefix) {
                // Without the query: a notice ("The vote is open.") rides along.
                Ok(location.split('?').next().unwrap_or_default().to_owned())
            } else {
                Err(format!("the page is {location}{}", chair.alerts().await))
            }
        },
    )
    .await
}

/// What `li[data-state=STATE]` on the board shows now (`None` if there is no such row).
pub async fn shown(browser: &Browser, state: &str) -> Option<String> {
    browser.attribute(&format!("#board li[data-state='{state}']"), "data-shown").await
}
