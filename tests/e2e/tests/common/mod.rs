//! Helpers shared by the browser test files: each file includes this module with `mod common;`.
//! A file uses only some of them.

#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use serde_json::{Value, json};
use sp_e2e::webdriver::Session;
use sp_e2e::{Harness, WAIT};

/// Serves the built app and starts ChromeDriver, or fails the test saying why not.
pub fn harness() -> Harness {
    Harness::start().unwrap_or_else(|error| panic!("{error}"))
}

/// Runs `script` in the page and returns its value.
pub fn run(session: &Session<'_>, script: &str) -> Value {
    session.execute(script, &[]).unwrap()
}

/// Runs `script` in the page and returns its value as a string (empty when it is not one).
pub fn string(session: &Session<'_>, script: &str) -> String {
    run(session, script).as_str().unwrap_or_default().to_owned()
}

/// What the page shows, for failure messages: the fatal-error panel when there is one, then the
/// start of the main area (or of the body, before the app has drawn it).
pub fn shown(session: &Session<'_>) -> String {
    session
        .execute(
            "const fatal = document.querySelector('#fatal');
             const main = document.querySelector('main');
             return (fatal ? 'FATAL: ' + fatal.innerText : '')
               + (main ? main.innerText.slice(0, 800) : 'no main: ' + document.body.innerText.slice(0, 400));",
            &[],
        )
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Waits until `script` returns a true value, and fails with what the page shows if it never does.
pub fn wait(session: &Session<'_>, what: &str, script: &str) -> Value {
    session
        .wait_for(what, script, WAIT)
        .unwrap_or_else(|error| panic!("waiting for {what}: {error:?}\nthe page shows: {}", shown(session)))
}

/// Clicks the element, first scrolled to the middle of the window so that the sticky header
/// does not cover it.
pub fn click(session: &Session<'_>, selector: &str) {
    session
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' }); return true;",
            &[json!(selector)],
        )
        .unwrap_or_else(|error| panic!("no {selector}: {error:?}"));
    session.find(selector).unwrap().click().unwrap();
}
