//! End-to-end tests of the built app in headless Chromium, served under a sub-path.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::harness;
use std::time::Duration;

use sp_e2e::webdriver::{Session, keys};
use sp_e2e::{WAIT, errors, foreign_requests, screenshot_dir, wait_for_app};

fn hash(session: &Session<'_>) -> String {
    session
        .execute("return location.hash", &[])
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn wait_for_hash(session: &Session<'_>, expected: &str) {
    let script = format!("return location.hash === {expected:?}");
    if session.wait_for(expected, &script, WAIT).is_err() {
        panic!("expected the hash {expected:?}, found {:?}", hash(session));
    }
}

#[test]
fn the_app_loads_under_a_sub_path_with_no_error_and_no_foreign_request() {
    let harness = harness();
    let browser = harness.browser("load").unwrap();
    browser.goto(&harness.url("")).unwrap();
    wait_for_app(&browser).unwrap();

    let heading = browser.find("main h1").unwrap().text().unwrap();
    assert!(!heading.is_empty(), "the start page has a heading");
    assert!(
        browser.execute("return document.querySelector('.loading') === null", &[]).unwrap()
            == true,
        "the loading message is replaced by the app"
    );
    let log = browser.console_log().unwrap();
    assert_eq!(errors(&log), Vec::<String>::new(), "console errors");
    assert_eq!(foreign_requests(&browser).unwrap(), Vec::<String>::new());

    let served = harness.server.requests();
    assert!(
        served.iter().any(|line| line.contains(".wasm ") && line.ends_with(" 200")),
        "the wasm module was served: {served:?}"
    );
    let failed: Vec<_> = served.iter().filter(|line| !line.ends_with(" 200")).collect();
    assert!(failed.is_empty(), "requests that failed: {failed:?}");
}

#[test]
fn links_back_and_forward_follow_the_hash() {
    let harness = harness();
    let browser = harness.browser("history").unwrap();
    browser.goto(&harness.url("")).unwrap();
    wait_for_app(&browser).unwrap();

    browser.find(".main-nav a[href='#/plan']").unwrap().click().unwrap();
    wait_for_hash(&browser, "#/plan");
    browser
        .wait_for("the planner", "return document.querySelector('.plan-page') !== null", WAIT)
        .unwrap();

    browser.back().unwrap();
    browser
        .wait_for("the start page", "return document.querySelector('.home') !== null", WAIT)
        .unwrap();
    browser.forward().unwrap();
    wait_for_hash(&browser, "#/plan");
    browser
        .wait_for("the planner again", "return document.querySelector('.plan-page') !== null", WAIT)
        .unwrap();

    browser.goto(&harness.url("#/no/such/place")).unwrap();
    wait_for_app(&browser).unwrap();
    let heading = browser.find("main h1").unwrap().text().unwrap();
    assert_eq!(heading, "Page not found");
    assert_eq!(errors(&browser.console_log().unwrap()), Vec::<String>::new());
}

#[test]
fn slash_focuses_the_search_box_and_typing_opens_the_search_page() {
    let harness = harness();
    let browser = harness.browser("search-keys").unwrap();
    browser.goto(&harness.url("")).unwrap();
    wait_for_app(&browser).unwrap();

    browser.press("/").unwrap();
    let focused = browser
        .execute("return document.activeElement && document.activeElement.id", &[])
        .unwrap();
    assert_eq!(focused, "search");
    let typed = browser.execute("return document.activeElement.value", &[]).unwrap();
    assert_eq!(typed, "", "the slash itself is not typed");

    browser.press("c1037").unwrap();
    wait_for_hash(&browser, "#/search?q=c1037");
    browser.find("#search").unwrap().send_keys("b44").unwrap();
    wait_for_hash(&browser, "#/search?q=c1037b44");

    // Typing rewrites one history entry instead of adding one per keystroke.
    browser.back().unwrap();
    wait_for_hash(&browser, "");

    // The first Escape clears the search box, the second leaves it.
    browser.forward().unwrap();
    wait_for_hash(&browser, "#/search?q=c1037b44");
    browser.find("#search").unwrap().send_keys(keys::ESCAPE).unwrap();
    wait_for_hash(&browser, "#/search");
    let value = browser.execute("return document.querySelector('#search').value", &[]).unwrap();
    assert_eq!(value, "");
    browser.press(keys::ESCAPE).unwrap();
    let focused = browser
        .execute("return document.activeElement && document.activeElement.id", &[])
        .unwrap();
    assert_ne!(focused, "search");
}

#[test]
fn screenshots_of_the_main_screens() {
    let harness = harness();
    let browser = harness.browser("screenshots").unwrap();
    let dir = screenshot_dir();
    let screens = [
        ("home", ""),
        ("section", "#/kb/e2000-active-passive"),
        ("search", "#/search?q=cluster"),
        ("plan", "#/plan"),
    ];
    for (width, height) in [(1280, 900), (360, 780)] {
        for dark in [false, true] {
            browser.emulate(width, height, dark).unwrap();
            for (name, route) in screens {
                browser.goto(&harness.url(route)).unwrap();
                wait_for_app(&browser).unwrap();
                // Let fonts and layout settle before the picture.
                std::thread::sleep(Duration::from_millis(150));
                let scheme = if dark { "dark" } else { "light" };
                let path = dir.join(format!("{name}-{width}-{scheme}.png"));
                browser.screenshot(&path).unwrap();
                let overflow = browser
                    .execute(
                        "return document.documentElement.scrollWidth > document.documentElement.clientWidth",
                        &[],
                    )
                    .unwrap();
                assert_eq!(overflow, false, "{name} at {width} px scrolls sideways");
            }
        }
    }
    assert_eq!(errors(&browser.console_log().unwrap()), Vec::<String>::new());
}

#[test]
fn searching_c1037b44_and_pressing_enter_lands_on_the_troubleshooting_section() {
    let harness = harness();
    let browser = harness.browser("search-c1037b44").unwrap();
    browser.goto(&harness.url("")).unwrap();
    wait_for_app(&browser).unwrap();

    browser.press("/").unwrap();
    browser.press("c1037b44").unwrap();
    wait_for_hash(&browser, "#/search?q=c1037b44");
    browser
        .wait_for("results", "return document.querySelectorAll('#search-results li').length > 0", WAIT)
        .unwrap();
    let first = browser.find("#search-results li a").unwrap().text().unwrap();
    assert!(!first.is_empty());
    let marked = browser
        .execute("return [...document.querySelectorAll('#search-results mark')].map(m => m.textContent.toLowerCase())", &[])
        .unwrap();
    assert!(
        marked.as_array().is_some_and(|words| words.iter().any(|w| w == "c1037b44")),
        "the matched word is marked: {marked}"
    );

    browser.press(keys::ENTER).unwrap();
    wait_for_hash(&browser, "#/kb/error-c1037b44");
    browser
        .wait_for(
            "the section to be marked",
            "return document.querySelector('section.current h1, section.current h2, section.current h3')?.id",
            WAIT,
        )
        .unwrap();
    let current = browser
        .execute("return document.querySelector('section.current [id]').id", &[])
        .unwrap();
    assert_eq!(current, "error-c1037b44");
    let visible = browser
        .execute(
            "const r = document.getElementById('error-c1037b44').getBoundingClientRect(); \
             return r.top >= 0 && r.top < window.innerHeight",
            &[],
        )
        .unwrap();
    assert_eq!(visible, true, "the section is scrolled into view");
    let marked = browser
        .execute(
            "return [...document.querySelectorAll('section.current mark.hit')].map(m => m.textContent.toLowerCase())",
            &[],
        )
        .unwrap();
    assert!(
        marked.as_array().is_some_and(|words| words.iter().any(|w| w == "c1037b44")),
        "the matched word is marked in the section: {marked}"
    );
    assert_eq!(errors(&browser.console_log().unwrap()), Vec::<String>::new());
}

#[test]
fn arrow_keys_choose_a_result() {
    let harness = harness();
    let browser = harness.browser("search-arrows").unwrap();
    browser.goto(&harness.url("#/search?q=cluster")).unwrap();
    wait_for_app(&browser).unwrap();
    browser
        .wait_for("results", "return document.querySelectorAll('#search-results li').length > 1", WAIT)
        .unwrap();
    let second = browser
        .execute("return document.querySelectorAll('#search-results li a')[1].getAttribute('href')", &[])
        .unwrap();
    let search = browser.find("#search").unwrap();
    search.send_keys(keys::ARROW_DOWN).unwrap();
    let active = browser
        .execute("return document.querySelector('#search-results li.active a').getAttribute('href')", &[])
        .unwrap();
    assert_eq!(active, second);
    search.send_keys(keys::ARROW_UP).unwrap();
    search.send_keys(keys::ARROW_UP).unwrap();
    let last = browser
        .execute("const all = document.querySelectorAll('#search-results li a'); return all[all.length - 1].getAttribute('href')", &[])
        .unwrap();
    let active = browser
        .execute("return document.querySelector('#search-results li.active a').getAttribute('href')", &[])
        .unwrap();
    assert_eq!(active, last, "the highlight wraps to the last result");
    search.send_keys(keys::ENTER).unwrap();
    let expected = last.as_str().unwrap_or_default().to_owned();
    wait_for_hash(&browser, &expected);
}

#[test]
fn axe_core_finds_no_accessibility_violation_on_any_screen() {
    let harness = harness();
    let browser = harness.browser("axe").unwrap();
    let screens = [
        "",
        "#/kb/e2000-active-passive",
        "#/search?q=cluster",
        "#/search",
        "#/plan",
        "#/no/such/place",
    ];
    let mut found = Vec::new();
    for (width, height) in [(1280, 900), (360, 780)] {
        for dark in [false, true] {
            browser.emulate(width, height, dark).unwrap();
            for route in screens {
                browser.goto(&harness.url(route)).unwrap();
                wait_for_app(&browser).unwrap();
                for violation in sp_e2e::axe_violations(&browser).unwrap() {
                    let scheme = if dark { "dark" } else { "light" };
                    found.push(format!(
                        "{route:?} at {width} px, {scheme}: {} ({}) on {:?}",
                        violation.rule, violation.impact, violation.targets
                    ));
                }
            }
        }
    }
    assert!(found.is_empty(), "accessibility violations:\n{}", found.join("\n"));
}

#[test]
fn the_keyboard_alone_reaches_the_content_and_a_section() {
    let harness = harness();
    let browser = harness.browser("keyboard").unwrap();
    browser.goto(&harness.url("")).unwrap();
    wait_for_app(&browser).unwrap();
    let focused = |browser: &Session<'_>| {
        browser
            .execute(
                "const e = document.activeElement; return e ? (e.id || e.className || e.tagName) : ''",
                &[],
            )
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };

    browser.press(keys::TAB).unwrap();
    assert_eq!(focused(&browser), "skip-link", "the first Tab reaches the skip link");
    browser.press(keys::ENTER).unwrap();
    assert_eq!(focused(&browser), "main", "the skip link moves the focus to the content");

    // From the content, Tab reaches the first link of the start page; Enter follows it.
    browser.press(keys::TAB).unwrap();
    let href = browser
        .execute("return document.activeElement.getAttribute('href')", &[])
        .unwrap();
    assert_eq!(href, "#/kb/before-you-start");
    browser.press(keys::ENTER).unwrap();
    wait_for_hash(&browser, "#/kb/before-you-start");
    browser
        .wait_for("the section", "return document.querySelector('section.current') !== null", WAIT)
        .unwrap();
}

#[test]
fn the_contents_open_from_the_menu_button_on_a_phone_and_print_shows_only_the_article() {
    let harness = harness();
    let browser = harness.browser("phone-menu").unwrap();
    browser.emulate(360, 780, false).unwrap();
    browser.goto(&harness.url("#/kb/backups")).unwrap();
    wait_for_app(&browser).unwrap();
    let toc_shown =
        |browser: &Session<'_>| browser.execute("return getComputedStyle(document.getElementById('toc')).display !== 'none'", &[]).unwrap();
    assert_eq!(toc_shown(&browser), false, "the contents are folded away at 360 px");
    browser.find(".menu-button").unwrap().click().unwrap();
    assert_eq!(toc_shown(&browser), true, "the menu button opens the contents");
    let expanded = browser
        .execute("return document.querySelector('.menu-button').getAttribute('aria-expanded')", &[])
        .unwrap();
    assert_eq!(expanded, "true");
    browser.screenshot(&screenshot_dir().join("menu-360-light.png")).unwrap();
    browser.find("#toc a[href='#/kb/restarts']").unwrap().click().unwrap();
    wait_for_hash(&browser, "#/kb/restarts");
    assert_eq!(toc_shown(&browser), false, "following a link closes the contents");

    browser.emulate(1280, 900, false).unwrap();
    browser.emulate_print(true).unwrap();
    let hidden = browser
        .execute(
            "return ['.site-header', '#toc', '.site-footer'].every(s => getComputedStyle(document.querySelector(s)).display === 'none')",
            &[],
        )
        .unwrap();
    assert_eq!(hidden, true, "print shows neither the bar, the contents nor the footer");
    browser.screenshot(&screenshot_dir().join("section-print.png")).unwrap();
    browser.emulate_print(false).unwrap();
}
