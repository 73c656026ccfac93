//! Browser end-to-end tests for the web app.
//!
//! [`server`] serves the built `dist/` on 127.0.0.1 under a sub-path, [`webdriver`] drives Debian's
//! headless Chromium through ChromeDriver, and the tests in `tests/browser.rs` use both.

pub mod server;
