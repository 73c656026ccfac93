//! Browser end-to-end tests for the web app.
//!
//! [`server`] serves the built `dist/` on 127.0.0.1 under a sub-path, [`webdriver`] drives Debian's
//! headless Chromium through ChromeDriver, and the tests in `tests/browser.rs` use both.

pub mod server;
pub mod webdriver;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use serde_json::Value;

use crate::server::Server;
use crate::webdriver::{Driver, Error, LogEntry, Result, Session};

/// The sub-path the tests serve the app under, as an intranet server might.
pub const PREFIX: &str = "/tools/exchange/";

/// How long a test waits for the app to react.
pub const WAIT: Duration = Duration::from_secs(10);

/// Browser tests run one at a time: the machine is small and timings stay comparable.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|_| PathBuf::from("."))
}

/// The built app the tests serve: `$SP_DIST` when set (so engineers working in parallel can each
/// test their own build), otherwise `dist/` at the workspace root.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("SP_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("dist"))
}

/// Where screenshots go: `target/screenshots/`.
pub fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    target.join("screenshots")
}

/// The built app, served on loopback, with ChromeDriver ready to open browsers on it.
#[derive(Debug)]
pub struct Harness {
    /// The static server for `dist/`.
    pub server: Server,
    driver: Driver,
    profiles: PathBuf,
    _turn: MutexGuard<'static, ()>,
}

impl Harness {
    /// Serves `dist/` under [`PREFIX`] and starts ChromeDriver.
    /// `dist/` must have been built (`scripts/test.sh` builds it); a missing build is an error,
    /// never a skipped test.
    pub fn start() -> std::result::Result<Harness, String> {
        let turn = ONE_AT_A_TIME
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let dist = dist_dir();
        if !dist.join("index.html").is_file() {
            return Err(format!(
                "{} has no built app: run ./scripts/build.sh (./scripts/test.sh does it)",
                dist.display()
            ));
        }
        let server =
            Server::start(&dist, PREFIX, 0).map_err(|error| format!("cannot serve dist/: {error}"))?;
        let driver = Driver::start().map_err(|error| error.to_string())?;
        let profiles = std::env::temp_dir().join(format!(
            "sp-e2e-profiles-{}-{}",
            std::process::id(),
            server.addr().port()
        ));
        Ok(Harness {
            server,
            driver,
            profiles,
            _turn: turn,
        })
    }

    /// A fresh browser with an empty profile.
    pub fn browser(&self, name: &str) -> Result<Session<'_>> {
        let dir = self.profiles.join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        self.driver.session(&dir)
    }

    /// The URL of a route of the app, for example `#/kb/backups`.
    pub fn url(&self, hash: &str) -> String {
        format!("{}{hash}", self.server.url())
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.profiles);
    }
}

/// Waits until the app has rendered its frame.
pub fn wait_for_app(session: &Session<'_>) -> Result<()> {
    session.wait_for(
        "the app to render",
        "return document.querySelector('.site-header') !== null",
        WAIT,
    )?;
    Ok(())
}

/// Console errors, and warnings that name a failed resource load.
pub fn errors(log: &[LogEntry]) -> Vec<String> {
    log.iter()
        .filter(|entry| entry.level == "SEVERE")
        .map(|entry| entry.message.clone())
        .collect()
}

/// Every URL the page loaded or tried to load that is not on the page's own origin.
pub fn foreign_requests(session: &Session<'_>) -> Result<Vec<String>> {
    let value = session.execute(
        "return performance.getEntries()
            .map(entry => entry.name)
            .filter(name => /^[a-z][a-z0-9+.-]*:\\/\\//i.test(name))
            .filter(name => !name.startsWith(location.origin + '/'));",
        &[],
    )?;
    match value {
        Value::Array(names) => Ok(names
            .into_iter()
            .map(|name| name.as_str().unwrap_or_default().to_owned())
            .collect()),
        other => Err(Error::Protocol(format!("request list is not a list: {other}"))),
    }
}

/// One accessibility rule that axe-core found broken, with up to five of the elements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The axe-core rule id, such as `color-contrast`.
    pub rule: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: String,
    /// CSS selectors of the offending elements.
    pub targets: Vec<String>,
}

/// Runs axe-core (from `node_modules/axe-core`, installed by `scripts/setup.sh test`) on the
/// current page and returns its violations.
pub fn axe_violations(session: &Session<'_>) -> std::result::Result<Vec<Violation>, String> {
    let path = workspace_root().join("node_modules/axe-core/axe.min.js");
    let source = std::fs::read_to_string(&path).map_err(|error| {
        format!("cannot read {}: {error} (scripts/setup.sh test installs it)", path.display())
    })?;
    let loaded = session
        .execute(&format!("{source}\n;return typeof window.axe === 'object';"), &[])
        .map_err(|error| error.to_string())?;
    if loaded != Value::Bool(true) {
        return Err("axe-core did not load".into());
    }
    let found = session
        .execute(
            "return axe.run(document, { resultTypes: ['violations'] }).then(result =>
                result.violations.map(v => ({
                    rule: v.id,
                    impact: v.impact || '',
                    targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
                })));",
            &[],
        )
        .map_err(|error| error.to_string())?;
    let list = found.as_array().cloned().unwrap_or_default();
    Ok(list
        .iter()
        .map(|v| Violation {
            rule: v["rule"].as_str().unwrap_or_default().to_owned(),
            impact: v["impact"].as_str().unwrap_or_default().to_owned(),
            targets: v["targets"]
                .as_array()
                .map(|targets| {
                    targets
                        .iter()
                        .map(|t| t.as_str().unwrap_or_default().to_owned())
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect())
}
