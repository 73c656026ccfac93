//! End-to-end tests of web app details in headless Chromium: the Windows release in the
//! topology editor and the prerequisite it drives.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{harness, run, string, wait};
use serde_json::json;
use sp_e2e::webdriver::{Session, keys};
use sp_e2e::{errors, foreign_requests, wait_for_app};

/// Chooses `value` in the select as a user's choice does: the value changes and `change` fires.
fn choose(session: &Session<'_>, selector: &str, value: &str) {
    session
        .execute(
            "const select = document.querySelector(arguments[0]);
             select.value = arguments[1];
             if (select.value !== arguments[1]) { throw new Error('not a choice: ' + arguments[1]); }
             select.dispatchEvent(new Event('change', { bubbles: true }));
             return true;",
            &[json!(selector), json!(value)],
        )
        .unwrap_or_else(|error| panic!("cannot choose {value:?} in {selector}: {error:?}"));
}

/// The texts of the plan's warnings.
fn warnings(session: &Session<'_>) -> Vec<String> {
    let value = run(session, "return Array.from(document.querySelectorAll('li.warning')).map(e => e.textContent)");
    value.as_array().unwrap().iter().map(|text| text.as_str().unwrap().to_owned()).collect()
}

fn axe_clean(session: &Session<'_>, state: &str) {
    let found = sp_e2e::axe_violations(session).unwrap();
    assert!(found.is_empty(), "accessibility violations with {state}: {found:#?}");
}

const WINDOWS: &str = "#f-servers-0-windows";
const WINDOWS_ERROR: &str = "#f-servers-0-windows-error";
const NOT_GIVEN: &str = "The Windows release of EXMAIL01 is not given";

#[test]
fn the_windows_release_is_chosen_in_the_editor_and_exchange_2000_sp3_checks_it() {
    let harness = harness();
    let browser = harness.browser("web-windows").unwrap();
    // One Exchange 2000 SP1 server on Windows 2000 SP4, brought to SP3.
    browser.goto(&harness.url("#/plan?preset=e2000-non-clustered")).unwrap();
    wait_for_app(&browser).unwrap();
    wait(&browser, "the plan", "return document.querySelectorAll('li.step').length > 0");
    assert_eq!(string(&browser, &format!("return document.querySelector('{WINDOWS}').value")), "2000 SP4");
    let label = string(&browser, &format!("return document.querySelector(\"label[for='{}']\").textContent", &WINDOWS[1..]));
    assert_eq!(label, "Windows release");
    assert!(!warnings(&browser).iter().any(|w| w.contains(NOT_GIVEN)), "{:#?}", warnings(&browser));

    // The control is in the keyboard order, right after the build number's Fill button.
    run(&browser, "document.querySelector('#f-servers-0-build').focus(); return true;");
    browser.press(&format!("{}{}", keys::TAB, keys::TAB)).unwrap();
    assert_eq!(string(&browser, "return document.activeElement.id"), &WINDOWS[1..]);

    // Not stated: the plan stands, with a warning to confirm the Windows level.
    choose(&browser, WINDOWS, "");
    wait(
        &browser,
        "the warning about the unknown Windows release",
        &format!("return Array.from(document.querySelectorAll('li.warning')).some(e => e.textContent.includes({NOT_GIVEN:?}))"),
    );
    assert_eq!(run(&browser, &format!("return document.querySelector('{WINDOWS_ERROR}') === null")), true);

    // Too old for Exchange 2000 SP3: an error next to the field, and no plan until it is fixed.
    choose(&browser, WINDOWS, "2000 SP1");
    wait(&browser, "the prerequisite error", &format!("return document.querySelector('{WINDOWS_ERROR}') !== null"));
    let error = string(&browser, &format!("return document.querySelector('{WINDOWS_ERROR}').textContent"));
    assert!(error.contains("Exchange 2000 SP3 needs Windows 2000 SP2 or later"), "{error}");
    assert!(error.contains("Windows 2000 SP1"), "{error}");
    let beside = run(
        &browser,
        &format!(
            "return document.querySelector('{WINDOWS}').parentElement === document.querySelector('{WINDOWS_ERROR}').parentElement
                && document.querySelector('{WINDOWS}').getAttribute('aria-invalid') === 'true'
                && document.querySelector('{WINDOWS}').getAttribute('aria-describedby') === '{}'",
            &WINDOWS_ERROR[1..]
        ),
    );
    assert_eq!(beside, true, "the error is next to its field and named by it");
    let summary = string(&browser, "return document.querySelector('.problem[role=alert]').textContent");
    assert!(summary.contains("needs Windows 2000 SP2 or later"), "{summary}");
    assert_eq!(run(&browser, "return document.querySelectorAll('li.step').length"), 0);
    axe_clean(&browser, "the Windows error");

    // One step down the list with the keyboard is Windows 2000 SP2, which is enough.
    run(&browser, &format!("document.querySelector('{WINDOWS}').focus(); return true;"));
    browser.press(keys::ARROW_DOWN).unwrap();
    wait(&browser, "the error to clear", &format!("return document.querySelector('{WINDOWS_ERROR}') === null"));
    assert_eq!(string(&browser, &format!("return document.querySelector('{WINDOWS}').value")), "2000 SP2");
    wait(&browser, "the plan again", "return document.querySelectorAll('li.step').length > 0");
    assert_eq!(run(&browser, "return document.querySelector('.problem') === null"), true);
    assert!(!warnings(&browser).iter().any(|w| w.contains(NOT_GIVEN)), "{:#?}", warnings(&browser));
    axe_clean(&browser, "Windows 2000 SP2");

    assert_eq!(errors(&browser.console_log().unwrap()), Vec::<String>::new());
    assert_eq!(foreign_requests(&browser).unwrap(), Vec::<String>::new());
}
