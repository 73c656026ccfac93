//! A small blocking WebDriver client for ChromeDriver and Debian's headless Chromium.
//!
//! It speaks just enough of the W3C WebDriver protocol over loopback HTTP for our tests, plus two
//! ChromeDriver extensions: the browser console log and Chrome DevTools Protocol commands (to
//! emulate a dark colour scheme or a phone-sized viewport).
//! No async runtime and no TLS: the whole client builds in seconds and needs no network.

use std::fmt;
use std::io::{self, Read as _, Write as _};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

/// The key that WebDriver uses to mark an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Special keys for [`Element::send_keys`] and [`Session::press`].
pub mod keys {
    /// The Enter key.
    pub const ENTER: &str = "\u{e007}";
    /// The Escape key.
    pub const ESCAPE: &str = "\u{e00c}";
    /// The down arrow.
    pub const ARROW_DOWN: &str = "\u{e015}";
    /// The up arrow.
    pub const ARROW_UP: &str = "\u{e013}";
    /// The Tab key.
    pub const TAB: &str = "\u{e004}";
}

/// Anything that went wrong while driving the browser.
#[derive(Debug)]
pub enum Error {
    /// Talking to ChromeDriver failed.
    Io(io::Error),
    /// ChromeDriver answered with something that is not a WebDriver response.
    Protocol(String),
    /// ChromeDriver reported a WebDriver error.
    WebDriver { error: String, message: String },
    /// A wait ran out of time.
    Timeout(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io(error) => write!(f, "webdriver connection failed: {error}"),
            Error::Protocol(message) => write!(f, "unexpected webdriver response: {message}"),
            Error::WebDriver { error, message } => write!(f, "webdriver error {error}: {message}"),
            Error::Timeout(what) => write!(f, "timed out waiting for {what}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<io::Error> for Error {
    fn from(error: io::Error) -> Self {
        Error::Io(error)
    }
}

/// The result type of this module.
pub type Result<T> = std::result::Result<T, Error>;

/// A running ChromeDriver; it is stopped when dropped.
#[derive(Debug)]
pub struct Driver {
    addr: SocketAddr,
    child: Child,
}

impl Driver {
    /// Starts ChromeDriver (`$CHROMEDRIVER` or `chromedriver` on PATH) on a free loopback port and
    /// waits until it is ready.
    pub fn start() -> Result<Driver> {
        let program = std::env::var_os("CHROMEDRIVER").unwrap_or_else(|| "chromedriver".into());
        let port = free_port()?;
        let child = Command::new(&program)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| {
                Error::Io(io::Error::new(
                    error.kind(),
                    format!("cannot start {}: {error} (scripts/setup.sh test installs it)", Path::new(&program).display()),
                ))
            })?;
        let driver = Driver {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
            child,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(status) = http(driver.addr, "GET", "/status", None)
                && status.pointer("/value/ready") == Some(&Value::Bool(true))
            {
                return Ok(driver);
            }
            if Instant::now() > deadline {
                return Err(Error::Timeout("chromedriver to start".into()));
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// Opens a fresh headless Chromium with an empty profile in `profile_dir`.
    pub fn session(&self, profile_dir: &Path) -> Result<Session<'_>> {
        self.open(profile_dir, "normal")
    }

    /// Like [`Driver::session`], but navigation commands return at once and scripts run on
    /// whatever page is there, instead of waiting for a page to load: for pages that load
    /// themselves again, which ChromeDriver's waits cannot follow. Wait with
    /// [`Session::wait_through_loads`].
    pub fn session_not_waiting_for_loads(&self, profile_dir: &Path) -> Result<Session<'_>> {
        self.open(profile_dir, "none")
    }

    fn open(&self, profile_dir: &Path, page_load_strategy: &str) -> Result<Session<'_>> {
        let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let args = [
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-default-apps".to_owned(),
            "--disable-extensions".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--no-default-browser-check".to_owned(),
            "--hide-scrollbars".to_owned(),
            "--force-device-scale-factor=1".to_owned(),
            "--window-size=1280,900".to_owned(),
            // Any host but the loopback test server fails to resolve.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1".to_owned(),
            format!("--user-data-dir={}", profile_dir.display()),
        ];
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "pageLoadStrategy": page_load_strategy,
                    "goog:chromeOptions": { "binary": binary, "args": args },
                    "goog:loggingPrefs": { "browser": "ALL" },
                    "timeouts": { "script": 10_000, "pageLoad": 20_000 },
                }
            }
        });
        let response = http(self.addr, "POST", "/session", Some(&capabilities))?;
        let id = response
            .pointer("/value/sessionId")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::Protocol(format!("no session id in {response}")))?
            .to_owned();
        Ok(Session { driver: self, id })
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One browser window; it is closed when dropped.
#[derive(Debug)]
pub struct Session<'d> {
    driver: &'d Driver,
    id: String,
}

/// An element on the page.
#[derive(Debug)]
pub struct Element<'s, 'd> {
    session: &'s Session<'d>,
    id: String,
}

/// One line of the browser console log.
#[derive(Clone, Debug)]
pub struct LogEntry {
    /// `SEVERE`, `WARNING`, `INFO` or `DEBUG`.
    pub level: String,
    /// The message as Chromium wrote it.
    pub message: String,
}

impl<'d> Session<'d> {
    fn command(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        let path = format!("/session/{}{path}", self.id);
        let response = http(self.driver.addr, method, &path, body)?;
        Ok(response.get("value").cloned().unwrap_or(Value::Null))
    }

    /// Navigates to `url` and waits for the page load.
    pub fn goto(&self, url: &str) -> Result<()> {
        self.command("POST", "/url", Some(&json!({ "url": url })))?;
        Ok(())
    }

    /// The current URL.
    pub fn url(&self) -> Result<String> {
        let value = self.command("GET", "/url", None)?;
        value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| Error::Protocol(format!("url is not a string: {value}")))
    }

    /// Reloads the page and waits for the load.
    pub fn refresh(&self) -> Result<()> {
        self.command("POST", "/refresh", Some(&json!({})))?;
        Ok(())
    }

    /// Goes back one history entry.
    pub fn back(&self) -> Result<()> {
        self.command("POST", "/back", Some(&json!({})))?;
        Ok(())
    }

    /// Goes forward one history entry.
    pub fn forward(&self) -> Result<()> {
        self.command("POST", "/forward", Some(&json!({})))?;
        Ok(())
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its result.
    pub fn execute(&self, script: &str, args: &[Value]) -> Result<Value> {
        self.command(
            "POST",
            "/execute/sync",
            Some(&json!({ "script": script, "args": args })),
        )
    }

    /// How long a script may run, and wait for the promise it returns.
    pub fn set_script_timeout(&self, timeout: Duration) -> Result<()> {
        let millis = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX);
        self.command("POST", "/timeouts", Some(&json!({ "script": millis })))?;
        Ok(())
    }

    /// Polls `script` until it returns something other than `null`, `false` or an empty string.
    pub fn wait_for(&self, what: &str, script: &str, timeout: Duration) -> Result<Value> {
        let deadline = Instant::now() + timeout;
        loop {
            let value = self.execute(script, &[])?;
            let done = match &value {
                Value::Null | Value::Bool(false) => false,
                Value::String(text) => !text.is_empty(),
                _ => true,
            };
            if done {
                return Ok(value);
            }
            if Instant::now() > deadline {
                return Err(Error::Timeout(what.to_owned()));
            }
            thread::sleep(Duration::from_millis(25));
        }
    }

    /// Like [`Session::wait_for`], but a script that fails (because a page is unloading or a new
    /// one is not ready yet) counts as not done instead of ending the wait; the last failure is
    /// reported if time runs out.
    pub fn wait_through_loads(&self, what: &str, script: &str, timeout: Duration) -> Result<Value> {
        let deadline = Instant::now() + timeout;
        loop {
            let outcome = self.execute(script, &[]);
            let done = match &outcome {
                Ok(Value::Null | Value::Bool(false)) | Err(_) => false,
                Ok(Value::String(text)) => !text.is_empty(),
                Ok(_) => true,
            };
            if done {
                return outcome;
            }
            if Instant::now() > deadline {
                let last = outcome.err().map(|error| format!(" (last: {error})")).unwrap_or_default();
                return Err(Error::Timeout(format!("{what}{last}")));
            }
            thread::sleep(Duration::from_millis(25));
        }
    }

    /// Runs `source` in every page this session opens from now on, before the page's own
    /// scripts (and outside its content security policy).
    pub fn run_before_every_page(&self, source: &str) -> Result<()> {
        self.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": source }))?;
        Ok(())
    }

    /// The first element matching a CSS selector.
    pub fn find(&self, selector: &str) -> Result<Element<'_, 'd>> {
        let value = self.command(
            "POST",
            "/element",
            Some(&json!({ "using": "css selector", "value": selector })),
        )?;
        let id = value
            .get(ELEMENT_KEY)
            .and_then(Value::as_str)
            .ok_or_else(|| Error::Protocol(format!("no element reference in {value}")))?;
        Ok(Element {
            session: self,
            id: id.to_owned(),
        })
    }

    /// Presses and releases each key of `text` on whatever has the focus.
    pub fn press(&self, text: &str) -> Result<()> {
        let mut actions = Vec::new();
        for key in text.chars() {
            actions.push(json!({ "type": "keyDown", "value": key.to_string() }));
            actions.push(json!({ "type": "keyUp", "value": key.to_string() }));
        }
        let body = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] });
        self.command("POST", "/actions", Some(&body))?;
        Ok(())
    }

    /// Runs a Chrome DevTools Protocol command.
    pub fn cdp(&self, command: &str, params: Value) -> Result<Value> {
        self.command(
            "POST",
            "/goog/cdp/execute",
            Some(&json!({ "cmd": command, "params": params })),
        )
    }

    /// Emulates a viewport of `width` by `height` CSS pixels and a light or dark colour scheme.
    pub fn emulate(&self, width: u32, height: u32, dark: bool) -> Result<()> {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600 }),
        )?;
        let scheme = if dark { "dark" } else { "light" };
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        )?;
        Ok(())
    }

    /// Renders the page as printed (print media) or as on screen.
    pub fn emulate_print(&self, print: bool) -> Result<()> {
        let media = if print { "print" } else { "" };
        self.cdp("Emulation.setEmulatedMedia", json!({ "media": media }))?;
        Ok(())
    }

    /// Saves a PNG screenshot of the viewport to `path`, creating its directory.
    pub fn screenshot(&self, path: &Path) -> Result<PathBuf> {
        let value = self.command("GET", "/screenshot", None)?;
        let encoded = value
            .as_str()
            .ok_or_else(|| Error::Protocol("screenshot is not a string".into()))?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|error| Error::Protocol(format!("screenshot is not base64: {error}")))?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, png)?;
        Ok(path.to_path_buf())
    }

    /// The browser console log since the last call (ChromeDriver empties it on every read).
    pub fn console_log(&self) -> Result<Vec<LogEntry>> {
        let value = self.command("POST", "/se/log", Some(&json!({ "type": "browser" })))?;
        let entries = value
            .as_array()
            .ok_or_else(|| Error::Protocol(format!("log is not a list: {value}")))?;
        Ok(entries
            .iter()
            .map(|entry| LogEntry {
                level: entry["level"].as_str().unwrap_or_default().to_owned(),
                message: entry["message"].as_str().unwrap_or_default().to_owned(),
            })
            .collect())
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        let _ = http(
            self.driver.addr,
            "DELETE",
            &format!("/session/{}", self.id),
            None,
        );
    }
}

impl Element<'_, '_> {
    /// Types `text` into the element (which gets the focus first).
    pub fn send_keys(&self, text: &str) -> Result<()> {
        self.session.command(
            "POST",
            &format!("/element/{}/value", self.id),
            Some(&json!({ "text": text })),
        )?;
        Ok(())
    }

    /// Clicks the element.
    pub fn click(&self) -> Result<()> {
        self.session.command(
            "POST",
            &format!("/element/{}/click", self.id),
            Some(&json!({})),
        )?;
        Ok(())
    }

    /// The element's rendered text.
    pub fn text(&self) -> Result<String> {
        let value = self
            .session
            .command("GET", &format!("/element/{}/text", self.id), None)?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }
}

fn free_port() -> io::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

/// One HTTP/1.1 request with a JSON body and a JSON answer, on a fresh connection.
fn http(addr: SocketAddr, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let payload = read_response(&mut stream)?;
    let value: Value = serde_json::from_str(&payload)
        .map_err(|error| Error::Protocol(format!("{error} in {payload:.200}")))?;
    if let Some(error) = value.pointer("/value/error").and_then(Value::as_str) {
        return Err(Error::WebDriver {
            error: error.to_owned(),
            message: value
                .pointer("/value/message")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .lines()
                .next()
                .unwrap_or_default()
                .to_owned(),
        });
    }
    Ok(value)
}

/// Reads one response and returns its body as text.
/// ChromeDriver keeps connections open, so the body ends where Content-Length or the last chunk
/// says, not at the end of the stream.
fn read_response(stream: &mut TcpStream) -> Result<String> {
    let mut raw = Vec::new();
    let mut buffer = [0_u8; 16 * 1024];
    let head_end = loop {
        if let Some(end) = find(&raw, b"\r\n\r\n") {
            break end;
        }
        let read = stream.read(&mut buffer)?;
        if read == 0 {
            return Err(Error::Protocol("connection closed before the headers ended".into()));
        }
        raw.extend_from_slice(buffer.get(..read).unwrap_or_default());
    };
    let head = String::from_utf8_lossy(raw.get(..head_end).unwrap_or_default()).to_ascii_lowercase();
    let mut body = raw.get(head_end + 4..).unwrap_or_default().to_vec();
    let header = |name: &str| {
        head.lines()
            .find_map(|line| line.strip_prefix(name).map(|value| value.trim().to_owned()))
    };
    let is_chunked = header("transfer-encoding:").is_some_and(|value| value.contains("chunked"));
    let length = header("content-length:").and_then(|value| value.parse::<usize>().ok());
    loop {
        let complete = match length {
            Some(length) => body.len() >= length,
            None if is_chunked => find(&body, b"0\r\n\r\n").is_some_and(|at| {
                at == 0 || body.get(at.saturating_sub(2)..at) == Some(b"\r\n".as_slice())
            }),
            None => false,
        };
        if complete {
            break;
        }
        let read = stream.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(buffer.get(..read).unwrap_or_default());
    }
    if let Some(length) = length {
        body.truncate(length);
    }
    let body = if is_chunked { dechunk(&body)? } else { body };
    String::from_utf8(body).map_err(|_| Error::Protocol("response is not UTF-8".into()))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// Decodes a chunked HTTP body.
fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end =
            find(rest, b"\r\n").ok_or_else(|| Error::Protocol("bad chunk header".into()))?;
        let size_line = String::from_utf8_lossy(rest.get(..line_end).unwrap_or_default()).into_owned();
        let size_text = size_line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| Error::Protocol(format!("bad chunk size {size_text:?}")))?;
        if size == 0 {
            return Ok(out);
        }
        let after = rest.get(line_end + 2..).unwrap_or_default();
        let chunk = after
            .get(..size)
            .ok_or_else(|| Error::Protocol("chunk shorter than its size".into()))?;
        out.extend_from_slice(chunk);
        rest = after
            .get(size..)
            .and_then(|tail| tail.strip_prefix(b"\r\n".as_slice()))
            .ok_or_else(|| Error::Protocol("chunk without its line end".into()))?;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(dechunk(b"4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n").unwrap(), b"{\"a\":1}");
        assert_eq!(dechunk(b"0\r\n\r\n").unwrap(), b"");
    }

    #[test]
    fn broken_chunks_are_errors() {
        assert!(dechunk(b"zz\r\nab\r\n").is_err());
        assert!(dechunk(b"5\r\nab\r\n0\r\n").is_err());
        assert!(dechunk(b"2\r\nabc").is_err());
        assert!(dechunk(b"").is_err());
    }
}
