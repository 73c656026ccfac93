//! End-to-end test of `sp-planner.html`, the single-file page, opened from `file://` in headless
//! Chromium with nothing beside it: the planner, search, the reader and a reload, under the
//! page's own content security policy with a listener that reports any violation.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{run, wait};
use std::path::PathBuf;

use serde_json::json;
use sp_e2e::webdriver::{Session, keys};
use sp_e2e::{Harness, dist_dir, errors, screenshot_dir, wait_for_app};

/// Installed before any script of the page runs, on every document the tab opens, so that a
/// violation during start-up is caught too.
const LISTENER: &str = "window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'an inline block'} \
(${event.sourceFile}:${event.lineNumber})`);
});";

/// A copy of the built `sp-planner.html`, alone in an empty folder; removed when dropped.
struct Lone {
    dir: PathBuf,
}

impl Lone {
    fn copy() -> Lone {
        let source = dist_dir().join("sp-planner.html");
        assert!(
            source.is_file(),
            "{} is missing: build the app (./scripts/build.sh) to write it",
            source.display()
        );
        let dir = std::env::temp_dir().join(format!("sp-e2e-single-file-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(&source, dir.join("sp-planner.html")).unwrap();
        Lone { dir }
    }

    /// The `file://` URL of the page with `hash` appended.
    fn url(&self, hash: &str) -> String {
        let path = self.dir.join("sp-planner.html");
        let path = path.to_str().unwrap();
        assert!(
            path.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"/-_.".contains(&b)),
            "the temporary path {path} would need escaping in a URL"
        );
        format!("file://{path}{hash}")
    }
}

impl Drop for Lone {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn wait_for_hash(session: &Session<'_>, expected: &str) {
    wait(
        session,
        expected,
        &format!("return location.hash === {expected:?}"),
    );
}

fn step_texts(session: &Session<'_>) -> Vec<String> {
    run(session, "return Array.from(document.querySelectorAll('li.step .step-text')).map(e => e.textContent)")
        .as_array()
        .unwrap()
        .iter()
        .map(|text| text.as_str().unwrap().to_owned())
        .collect()
}

fn position(texts: &[String], needle: &str) -> usize {
    texts
        .iter()
        .position(|text| text.contains(needle))
        .unwrap_or_else(|| panic!("no step mentions {needle:?} in {texts:#?}"))
}

/// The violations reported since the current document opened.
fn violations(session: &Session<'_>) -> Vec<String> {
    let value = run(
        session,
        "return window.__violations === undefined ? null : window.__violations",
    );
    let list = value
        .as_array()
        .unwrap_or_else(|| panic!("the violation listener is not installed: {value}"));
    list.iter()
        .map(|v| v.as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Nothing went wrong so far on the current document: no violation and no console error.
fn assert_clean(session: &Session<'_>, when: &str) {
    assert_eq!(
        violations(session),
        Vec::<String>::new(),
        "policy violations {when}"
    );
    assert_eq!(
        errors(&session.console_log().unwrap()),
        Vec::<String>::new(),
        "console errors {when}"
    );
}

/// Waits for the app to render; if it does not, says what the policy and the console reported.
fn wait_for_start(session: &Session<'_>) {
    if let Err(error) = wait_for_app(session) {
        let reported = session
            .execute("return window.__violations", &[])
            .unwrap_or_default();
        let log = session
            .console_log()
            .map(|log| errors(&log))
            .unwrap_or_default();
        panic!("the app did not start: {error}\nviolations: {reported}\nconsole errors: {log:#?}");
    }
}

/// Plans the Exchange 2000 active/passive cluster from its section's "Plan this scenario" link
/// and checks the passive node comes first.
fn plan_the_cluster(browser: &Session<'_>) {
    let link = ".plan-this a[href='#/plan?preset=e2000-active-passive']";
    wait(
        browser,
        "the scenario link",
        &format!("return document.querySelector({link:?}) !== null"),
    );
    run(
        browser,
        &format!(
            "document.querySelector({link:?}).scrollIntoView({{ block: 'center' }}); return true;"
        ),
    );
    browser.find(link).unwrap().click().unwrap();
    wait_for_hash(browser, "#/plan?preset=e2000-active-passive");
    wait(
        browser,
        "the plan",
        "return document.querySelectorAll('li.step').length > 0",
    );
    let texts = step_texts(browser);
    let passive = position(&texts, "Setup on NODE2");
    let moved = position(&texts, "move virtual server EVS1 from NODE1 to NODE2");
    let active = position(&texts, "Setup on NODE1");
    assert!(
        passive < moved && moved < active,
        "passive node, the move, then the old active node: {texts:#?}"
    );
    assert_eq!(
        run(
            browser,
            "return document.querySelectorAll('.violation').length"
        ),
        0
    );
}

#[test]
fn the_single_file_page_works_alone_from_a_file_url_under_its_own_policy() {
    let harness = Harness::start().unwrap_or_else(|error| panic!("{error}"));
    let lone = Lone::copy();
    let browser = harness.browser("single-file").unwrap();
    browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": LISTENER }),
        )
        .unwrap();

    // A knowledge-base section opened through the hash.
    browser
        .goto(&lone.url("#/kb/e2000-active-passive"))
        .unwrap();
    wait_for_start(&browser);
    assert_eq!(run(&browser, "return location.protocol"), "file:");
    wait(
        &browser,
        "the section",
        "return document.querySelector('section.current [id]')?.id",
    );
    assert_eq!(
        run(
            &browser,
            "return document.querySelector('section.current [id]').id"
        ),
        "e2000-active-passive"
    );
    let policy = run(
        &browser,
        "const meta = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]'); \
         return meta ? meta.content : '';",
    );
    let policy = policy.as_str().unwrap();
    for directive in [
        "default-src 'none'",
        "'wasm-unsafe-eval'",
        "object-src 'none'",
        "base-uri 'none'",
    ] {
        assert!(
            policy.contains(directive),
            "{directive} is missing from {policy}"
        );
    }
    assert_clean(&browser, "on opening a section");

    // The planner: the scenario link opens the cluster, passive node first.
    plan_the_cluster(&browser);
    run(
        &browser,
        "document.querySelector('li.step').scrollIntoView(); window.scrollBy(0, -120); return true;",
    );
    browser
        .screenshot(&screenshot_dir().join("single-file-plan.png"))
        .unwrap();
    browser
        .find("#f-name")
        .unwrap()
        .send_keys(" on a stick")
        .unwrap();
    wait(
        &browser,
        "the new name in the plan",
        "return document.querySelector('.plan-summary').textContent.includes('on a stick')",
    );
    // An edited organisation no longer matches the preset, so the route becomes the saved plan.
    wait_for_hash(&browser, "#/plan");
    let planned = step_texts(&browser);
    assert_clean(&browser, "while planning");

    // A reload keeps the route and the edited organisation.
    run(&browser, "location.reload(); return true;");
    wait_for_start(&browser);
    wait(
        &browser,
        "the plan after the reload",
        "return document.querySelectorAll('li.step').length > 0",
    );
    assert_eq!(run(&browser, "return location.hash"), "#/plan");
    let name = run(&browser, "return document.querySelector('#f-name').value");
    assert!(
        name.as_str().unwrap().ends_with(" on a stick"),
        "the name after the reload: {name}"
    );
    assert_eq!(step_texts(&browser), planned);
    assert_clean(&browser, "after the reload");

    // Search from the keyboard, then the first result.
    browser.press("/").unwrap();
    browser.press("c1037b44").unwrap();
    wait_for_hash(&browser, "#/search?q=c1037b44");
    wait(
        &browser,
        "results",
        "return document.querySelectorAll('#search-results li').length > 0",
    );
    browser.press(keys::ENTER).unwrap();
    wait_for_hash(&browser, "#/kb/error-c1037b44");
    wait(
        &browser,
        "the section",
        "return document.querySelector('section.current [id]')?.id === 'error-c1037b44'",
    );
    assert_clean(&browser, "after searching");

    // Back returns to the search through the hash history.
    browser.back().unwrap();
    wait_for_hash(&browser, "#/search?q=c1037b44");

    // Nothing was loaded: no resource but the page itself and what it carries.
    let loaded = run(
        &browser,
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('data:'))",
    );
    assert_eq!(loaded, json!([]), "resources loaded from outside the page");
    let files = std::fs::read_dir(&lone.dir).unwrap().count();
    assert_eq!(files, 1, "the folder holds the page alone");

    // The policy is enforced and the listener hears it: a style the policy does not list is refused.
    run(
        &browser,
        "const style = document.createElement('style'); style.textContent = 'body { display: none }'; \
         document.head.append(style); return true;",
    );
    let refused = wait(
        &browser,
        "the violation",
        "return window.__violations.length > 0 && window.__violations",
    );
    assert!(
        refused[0]
            .as_str()
            .unwrap()
            .starts_with("style-src-elem blocked inline"),
        "{refused}"
    );
    assert_eq!(
        run(&browser, "return getComputedStyle(document.body).display"),
        "block"
    );
}
