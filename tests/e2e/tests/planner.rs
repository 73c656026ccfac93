//! End-to-end tests of the planner in headless Chromium: scenarios, what-if reordering, the saved
//! topology, shared links, the keyboard, hostile input and screenshots.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{click, harness, run, string, wait};
use std::time::Duration;

use serde_json::{Value, json};
use sp_e2e::webdriver::{Session, keys};
use sp_e2e::{errors, foreign_requests, screenshot_dir, wait_for_app};

/// The End key.
const END: &str = "\u{e010}";

/// The texts of the steps shown, in order.
fn step_texts(session: &Session<'_>) -> Vec<String> {
    let value = run(
        session,
        "return Array.from(document.querySelectorAll('li.step .step-text')).map(e => e.textContent)",
    );
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|text| text.as_str().unwrap().to_owned())
        .collect()
}

fn open_planner(session: &Session<'_>, url: &str) {
    session.goto(url).unwrap();
    wait_for_app(session).unwrap();
    wait(session, "the plan", "return document.querySelectorAll('li.step').length > 0");
}

fn position(texts: &[String], needle: &str) -> usize {
    texts
        .iter()
        .position(|text| text.contains(needle))
        .unwrap_or_else(|| panic!("no step mentions {needle:?} in {texts:#?}"))
}

#[test]
fn plan_this_scenario_opens_a_cluster_with_the_passive_node_first() {
    let harness = harness();
    let browser = harness.browser("planner-preset").unwrap();
    browser.goto(&harness.url("#/kb/e2000-active-passive")).unwrap();
    wait_for_app(&browser).unwrap();
    let link = ".plan-this a[href='#/plan?preset=e2000-active-passive']";
    wait(&browser, "the scenario link", &format!("return document.querySelector({link:?}) !== null"));
    click(&browser, link);
    wait(&browser, "the plan", "return document.querySelectorAll('li.step').length > 0");

    let texts = step_texts(&browser);
    let passive = position(&texts, "Setup on NODE2");
    let active = position(&texts, "Setup on NODE1");
    let moved = position(&texts, "move virtual server EVS1 from NODE1 to NODE2");
    assert!(passive < moved && moved < active, "passive node, then the move, then the old active node: {texts:#?}");
    assert_eq!(run(&browser, "return document.querySelectorAll('.violation').length"), 0);
    let status = browser.find(".order-status").unwrap().text().unwrap();
    assert!(status.contains("recommended order"), "{status}");
    let rows = run(&browser, "return document.querySelectorAll('.timeline g.row').length");
    assert_eq!(rows, 3, "one timeline row per node and virtual server");
    let marks = run(&browser, "return document.querySelectorAll('.timeline rect.down').length");
    assert!(marks.as_u64().unwrap() >= 7, "down marks: {marks}");
    assert_eq!(errors(&browser.console_log().unwrap()), Vec::<String>::new());
    assert_eq!(foreign_requests(&browser).unwrap(), Vec::<String>::new());
}

#[test]
fn moving_a_back_end_above_the_front_end_shows_what_breaks_and_reset_restores_the_plan() {
    let harness = harness();
    let browser = harness.browser("planner-what-if").unwrap();
    open_planner(&browser, &harness.url("#/plan?preset=e2003-front-end-back-end"));
    let recommended = step_texts(&browser);
    let front_end = position(&recommended, "Setup on EXFE01");
    let back_end = position(&recommended, "Setup on EXBE01");
    assert!(front_end < back_end);

    click(&browser, &format!("#step-up-{back_end}"));
    wait(&browser, "the violation", "return document.querySelector('li.step .violation') !== null");
    let edited = step_texts(&browser);
    assert!(position(&edited, "Setup on EXBE01") < position(&edited, "Setup on EXFE01"));

    let note = browser.find("li.step.broken .violation").unwrap().text().unwrap();
    assert!(note.contains("What users notice:"), "{note}");
    assert!(note.contains("frontends-before-backends"), "{note}");
    let link = string(&browser, "return document.querySelector('li.step.broken .violation a').getAttribute('href')");
    assert_eq!(link, "#/kb/e2003-front-end-back-end");
    let table = browser.find("table.comparison").unwrap().text().unwrap();
    assert!(table.contains("Your order"), "{table}");
    assert!(table.contains("Broken rules"), "{table}");
    let status = browser.find(".order-status").unwrap().text().unwrap();
    assert!(status.contains("breaks"), "{status}");

    click(&browser, "#reset-order");
    wait(&browser, "the recommended order", "return document.querySelector('.violation') === null");
    assert_eq!(step_texts(&browser), recommended);

    // Drag and drop: the back end dropped on the front end's place breaks the same rule.
    let script = format!(
        "const items = document.querySelectorAll('li.step');
         const source = items[{back_end}], target = items[{front_end}];
         const data = new DataTransfer();
         source.dispatchEvent(new DragEvent('dragstart', {{ bubbles: true, dataTransfer: data }}));
         target.dispatchEvent(new DragEvent('dragover', {{ bubbles: true, cancelable: true, dataTransfer: data }}));
         target.dispatchEvent(new DragEvent('drop', {{ bubbles: true, cancelable: true, dataTransfer: data }}));
         source.dispatchEvent(new DragEvent('dragend', {{ bubbles: true, dataTransfer: data }}));
         return true;"
    );
    run(&browser, &script);
    wait(&browser, "the violation after a drop", "return document.querySelector('li.step .violation') !== null");
    let dropped = step_texts(&browser);
    assert_eq!(position(&dropped, "Setup on EXBE01"), front_end, "{dropped:#?}");

    // Removing a step is checked too.
    click(&browser, "#reset-order");
    wait(&browser, "the recommended order", "return document.querySelector('.violation') === null");
    click(&browser, &format!("#step-remove-{back_end}"));
    wait(&browser, "the violation after a removal", "return document.querySelector('.violation') !== null");
    assert_eq!(step_texts(&browser).len(), recommended.len() - 1);
    assert_eq!(errors(&browser.console_log().unwrap()), Vec::<String>::new());
}

#[test]
fn the_pool_strategy_replans() {
    let harness = harness();
    let browser = harness.browser("planner-pool").unwrap();
    open_planner(&browser, &harness.url("#/plan?preset=e2003-load-balanced"));
    let together = step_texts(&browser);
    click(&browser, "input[name='pool-strategy'][value='rolling']");
    wait(
        &browser,
        "a new plan",
        &format!(
            "return Array.from(document.querySelectorAll('li.step .step-text')).map(e => e.textContent).join('|') !== {:?}",
            together.join("|")
        ),
    );
    assert_ne!(step_texts(&browser), together);
}

#[test]
fn the_topology_is_kept_across_a_reload_and_unreadable_saves_are_kept_aside() {
    let harness = harness();
    let browser = harness.browser("planner-reload").unwrap();
    open_planner(&browser, &harness.url("#/plan"));
    browser.find("#f-servers-0-name").unwrap().send_keys("X").unwrap();
    wait(&browser, "the renamed server in the plan", "return document.querySelector('li.step .step-text') && Array.from(document.querySelectorAll('li.step .step-text')).some(e => e.textContent.includes('MAIL1X'))");
    click(&browser, "#add-cluster");
    wait(&browser, "the new cluster", "return document.querySelector('#f-clusters-0-name') !== null");
    let before = step_texts(&browser);

    run(&browser, "location.reload(); return true;");
    open_planner(&browser, &harness.url("#/plan"));
    let name = string(&browser, "return document.querySelector('#f-servers-0-name').value");
    assert_eq!(name, "MAIL1X");
    assert_eq!(step_texts(&browser), before);

    // A saved topology that cannot be read is kept aside, never overwritten, and offered back.
    run(&browser, "localStorage.setItem('sp-planner/topology', '{\"format\": \"sp-planner/topology@9\"}'); return true;");
    run(&browser, "location.reload(); return true;");
    open_planner(&browser, &harness.url("#/plan"));
    wait(&browser, "the unreadable notice", "return document.querySelector('.unreadable') !== null");
    let notice = browser.find(".unreadable").unwrap().text().unwrap();
    assert!(notice.contains("topology@9"), "{notice}");
    let aside = string(&browser, "return localStorage.getItem('sp-planner/topology-unreadable-1')");
    assert_eq!(aside, "{\"format\": \"sp-planner/topology@9\"}");
    let saved = string(&browser, "return localStorage.getItem('sp-planner/topology')");
    assert!(saved.contains("sp-planner/topology@1"), "the planner saves a readable topology again: {saved}");
    assert!(run(&browser, "return document.querySelector('#download-unreadable') !== null") == true);

    // A second unreadable save goes to a new key; the first one stays.
    run(&browser, "localStorage.setItem('sp-planner/topology', 'not json'); location.reload(); return true;");
    open_planner(&browser, &harness.url("#/plan"));
    wait(&browser, "the unreadable notice", "return document.querySelector('.unreadable') !== null");
    assert_eq!(string(&browser, "return localStorage.getItem('sp-planner/topology-unreadable-2')"), "not json");
    assert_eq!(
        string(&browser, "return localStorage.getItem('sp-planner/topology-unreadable-1')"),
        "{\"format\": \"sp-planner/topology@9\"}"
    );
}

#[test]
fn a_copied_link_opens_the_same_plan_in_a_fresh_profile() {
    let harness = harness();
    let first = harness.browser("planner-link-a").unwrap();
    open_planner(&first, &harness.url("#/plan?preset=e2003-cluster"));
    first.find("#f-name").unwrap().send_keys(" <b>shared</b>").unwrap();
    wait(&first, "the new name", "return document.querySelector('.plan-summary').textContent.includes('<b>shared</b>')");
    click(&first, "#copy-link");
    wait(&first, "the link in the address bar", "return location.hash.startsWith('#/plan?t=')");
    let link = string(&first, "return document.querySelector('#share-link').value");
    assert!(link.starts_with(&harness.url("#/plan?t=")), "{link}");
    assert_eq!(string(&first, "return location.href"), link);
    let steps = step_texts(&first);
    let summary = first.find(".plan-summary").unwrap().text().unwrap();

    let second = harness.browser("planner-link-b").unwrap();
    open_planner(&second, &link);
    assert_eq!(step_texts(&second), steps);
    assert_eq!(second.find(".plan-summary").unwrap().text().unwrap(), summary);
    assert_eq!(run(&second, "return document.querySelectorAll('main b').length"), 0, "names are text");

    // A damaged link says so and falls back to what the browser has.
    let cut = &link[..link.len() - 7];
    second.goto(&format!("{cut}!!")).unwrap();
    wait(&second, "the error", "return document.querySelector('.notice.error') !== null");
    let notice = second.find(".notice.error").unwrap().text().unwrap();
    assert!(notice.contains("This link cannot be opened"), "{notice}");
}

#[test]
fn hostile_input_is_refused_or_shown_as_text() {
    let harness = harness();
    let browser = harness.browser("planner-hostile").unwrap();
    open_planner(&browser, &harness.url("#/plan"));

    // Markup in a name stays text everywhere it is shown.
    browser.find("#f-servers-0-name").unwrap().send_keys("<img src=x onerror=alert(1)>").unwrap();
    wait(&browser, "the name in the legend", "return document.querySelector('fieldset.server legend').textContent.includes('<img')");
    assert_eq!(run(&browser, "return document.querySelectorAll('main img').length"), 0);

    // A duplicate name is shown next to its field, and the plan waits for the fix.
    click(&browser, "#add-server");
    wait(&browser, "the second server", "return document.querySelector('#f-servers-1-name') !== null");
    run(&browser, "const input = document.querySelector('#f-servers-1-name');
        input.value = document.querySelector('#f-servers-0-name').value.toUpperCase();
        input.dispatchEvent(new InputEvent('input', { bubbles: true })); return true;");
    wait(&browser, "the field error", "return document.querySelector('#f-servers-1-name-error') !== null");
    let error = browser.find("#f-servers-1-name-error").unwrap().text().unwrap();
    assert!(error.contains("duplicate name"), "{error}");
    assert_eq!(run(&browser, "return document.querySelector('#f-servers-1-name').getAttribute('aria-invalid')"), "true");
    assert_eq!(run(&browser, "return document.querySelectorAll('li.step').length"), 0);

    // Over-large pasted text is refused before it is parsed.
    run(&browser, "const box = document.querySelector('#import-text');
        box.value = ' '.repeat(11 * 1024 * 1024);
        box.dispatchEvent(new InputEvent('input', { bubbles: true })); return true;");
    click(&browser, "#import-pasted");
    wait(&browser, "the refusal", "return document.querySelector('.notice.error') !== null");
    let notice = browser.find(".notice.error").unwrap().text().unwrap();
    assert!(notice.contains("over 10 MB"), "{notice}");

    // Pasted JSON of a newer format is refused with the reason.
    run(&browser, "const box = document.querySelector('#import-text');
        box.value = '{\"format\": \"sp-planner/topology@2\", \"update\": {\"service_pack\": {}}}';
        box.dispatchEvent(new InputEvent('input', { bubbles: true })); return true;");
    click(&browser, "#import-pasted");
    wait(&browser, "the refusal", "return document.querySelector('.notice.error') && document.querySelector('.notice.error').textContent.includes('topology@2')");

    // A link of over 1 MB is refused with a message, quickly.
    let huge = "A".repeat(1024 * 1024 + 10);
    browser.goto(&harness.url(&format!("#/plan?t={huge}"))).unwrap();
    wait_for_app(&browser).unwrap();
    wait(&browser, "the refusal", "return document.querySelector('.notice.error') !== null");
    let notice = browser.find(".notice.error").unwrap().text().unwrap();
    assert!(notice.contains("at most 1048576 bytes"), "{notice}");
    assert_eq!(errors(&browser.console_log().unwrap()), Vec::<String>::new());
}

/// Presses Tab until the element with `id` has the focus, checking that every control reached
/// on the way has a name a screen reader can say.
fn tab_to(session: &Session<'_>, id: &str) {
    for _ in 0..400 {
        session.press(keys::TAB).unwrap();
        let focused = run(
            session,
            "const e = document.activeElement;
             if (!e || e === document.body) return null;
             const label = (e.labels && e.labels.length > 0 && e.labels[0].textContent)
                 || e.getAttribute('aria-label') || e.textContent || '';
             return { id: e.id, tag: e.tagName, named: label.trim().length > 0 };",
        );
        if focused.is_null() {
            continue;
        }
        assert_eq!(focused["named"], json!(true), "a control without a name: {focused}");
        if focused["id"] == id {
            return;
        }
    }
    panic!("Tab never reached #{id}");
}

#[test]
fn the_planner_works_from_the_keyboard_alone() {
    let harness = harness();
    let browser = harness.browser("planner-keyboard").unwrap();
    open_planner(&browser, &harness.url("#/plan"));

    tab_to(&browser, "f-servers-0-name");
    // Tab selects the text of the field; End keeps it and types after it.
    browser.press(&format!("{END}K")).unwrap();
    wait(&browser, "the typed name", "return document.querySelector('#f-servers-0-name').value === 'MAIL1K'");

    tab_to(&browser, "f-servers-0-version");
    browser.press(keys::ARROW_UP).unwrap();
    wait(&browser, "the new version", "return document.querySelector('#f-servers-0-version').value === '2000'");

    tab_to(&browser, "add-server");
    browser.press(keys::ENTER).unwrap();
    wait(&browser, "a second server", "return document.querySelector('#f-servers-1-name') !== null");

    // The update now names no Exchange 2000 level, so the plan waits; bring 2000 servers to SP3.
    tab_to(&browser, "f-update-service_pack-2000");
    browser.press(&keys::ARROW_DOWN.repeat(4)).unwrap();
    wait(&browser, "the plan again", "return document.querySelectorAll('li.step').length > 0");

    tab_to(&browser, "step-down-0");
    let first = step_texts(&browser)[0].clone();
    browser.press(keys::ENTER).unwrap();
    wait(&browser, "the moved step", "return document.querySelector('#reset-order') !== null");
    assert_eq!(step_texts(&browser)[1], first);
    let focused = string(&browser, "return document.activeElement.id");
    assert_eq!(focused, "step-down-1", "the focus follows the moved step");
}

#[test]
fn screenshots_of_the_planner() {
    let harness = harness();
    let browser = harness.browser("planner-screenshots").unwrap();
    let dir = screenshot_dir();
    for (width, height) in [(1280, 900), (360, 780)] {
        for dark in [false, true] {
            browser.emulate(width, height, dark).unwrap();
            // Leaving the planner first drops any order edited in the previous round.
            browser.goto(&harness.url("#/")).unwrap();
            wait_for_app(&browser).unwrap();
            open_planner(&browser, &harness.url("#/plan?preset=e2003-front-end-back-end"));
            let scheme = if dark { "dark" } else { "light" };
            std::thread::sleep(Duration::from_millis(150));
            browser.screenshot(&dir.join(format!("planner-editor-{width}-{scheme}.png"))).unwrap();
            let back_end = position(&step_texts(&browser), "Setup on EXBE01");
            click(&browser, &format!("#step-up-{back_end}"));
            wait(&browser, "the violation", "return document.querySelector('li.step .violation') !== null");
            std::thread::sleep(Duration::from_millis(150));
            run(&browser, "document.querySelector('.plan-view').scrollIntoView(); window.scrollBy(0, -70); return true;");
            std::thread::sleep(Duration::from_millis(100));
            browser.screenshot(&dir.join(format!("planner-steps-{width}-{scheme}.png"))).unwrap();
            run(&browser, "document.querySelector('li.step.broken').scrollIntoView(); window.scrollBy(0, -70); return true;");
            std::thread::sleep(Duration::from_millis(100));
            browser.screenshot(&dir.join(format!("planner-violation-{width}-{scheme}.png"))).unwrap();
            run(&browser, "document.querySelector('figure.timeline').scrollIntoView(); window.scrollBy(0, -70); return true;");
            std::thread::sleep(Duration::from_millis(100));
            browser.screenshot(&dir.join(format!("planner-timeline-{width}-{scheme}.png"))).unwrap();
            let overflow = run(
                &browser,
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth",
            );
            assert_eq!(overflow, false, "the planner at {width} px scrolls sideways");
        }
    }
    assert_eq!(errors(&browser.console_log().unwrap()), Vec::<String>::new());
}

#[test]
fn export_copies_markdown_downloads_json_and_prints_a_checklist() {
    let harness = harness();
    let browser = harness.browser("planner-export").unwrap();
    open_planner(&browser, &harness.url("#/plan?preset=e2003-front-end-back-end"));
    let origin = string(&browser, "return location.origin");
    browser
        .cdp(
            "Browser.grantPermissions",
            json!({ "origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"] }),
        )
        .unwrap();

    let back_end = position(&step_texts(&browser), "Setup on EXBE01");
    click(&browser, &format!("#step-up-{back_end}"));
    wait(&browser, "the violation", "return document.querySelector('li.step .violation') !== null");
    click(&browser, "#copy-markdown");
    wait(&browser, "the copy", "return document.querySelector('.notice') && document.querySelector('.notice').textContent.includes('Markdown')");
    let notice = browser.find(".notice").unwrap().text().unwrap();
    assert!(notice.contains("copied as a Markdown checklist"), "{notice}");
    // WebDriver waits for the promise the script returns.
    let markdown = string(&browser, "return navigator.clipboard.readText()");
    assert!(markdown.starts_with("# Plan: "), "{markdown}");
    assert!(markdown.contains("- [ ] 3. Run the Exchange Server 2003 SP2 Setup on EXBE01"), "{markdown}");
    assert!(markdown.contains("## Broken rules"), "{markdown}");

    click(&browser, "#download-plan");
    wait(&browser, "the download", "return document.querySelector('.notice') && document.querySelector('.notice').textContent.includes('downloaded')");
    assert_eq!(run(&browser, "return document.querySelector('.notice.error') === null"), true);

    // The print stylesheet hides the editor and the controls and shows a tick box per step.
    browser.cdp("Emulation.setEmulatedMedia", json!({ "media": "print" })).unwrap();
    let shown = |selector: &str| {
        run(
            &browser,
            &format!("return getComputedStyle(document.querySelector({selector:?})).display !== 'none'"),
        )
    };
    assert_eq!(shown(".topology-editor"), false);
    assert_eq!(shown(".import-export"), false);
    assert_eq!(shown(".step-controls"), false);
    assert_eq!(shown("li.step .tick"), true);
    assert_eq!(shown("li.step .step-text"), true);
    browser.screenshot(&screenshot_dir().join("planner-print-1280.png")).unwrap();
    browser.cdp("Emulation.setEmulatedMedia", json!({ "media": "" })).unwrap();
    assert_eq!(shown(".topology-editor"), true);
    assert_eq!(shown("li.step .tick"), false);
}

#[test]
fn opening_a_scenario_keeps_the_users_own_organisation_to_bring_back() {
    let harness = harness();
    let browser = harness.browser("planner-previous").unwrap();
    open_planner(&browser, &harness.url("#/plan"));
    browser.find("#f-name").unwrap().send_keys(" of mine").unwrap();
    wait(&browser, "the new name", "return document.querySelector('.plan-summary').textContent.includes('of mine')");
    assert_eq!(run(&browser, "return document.querySelector('#restore-previous') === null"), true);

    browser.goto(&harness.url("#/plan?preset=e2000-active-active")).unwrap();
    wait(&browser, "the scenario", "return document.querySelector('.plan-summary') && document.querySelector('.plan-summary').textContent.includes('2000')");
    let kept = browser.find(".notice.previous").unwrap().text().unwrap();
    assert!(kept.contains("My organisation of mine"), "{kept}");

    // The previous organisation survives a reload, then comes back at a click.
    run(&browser, "location.reload(); return true;");
    open_planner(&browser, &harness.url("#/plan"));
    click(&browser, "#restore-previous");
    wait(&browser, "the user's organisation", "return document.querySelector('.plan-summary').textContent.includes('of mine')");
    assert_eq!(string(&browser, "return document.querySelector('#f-name').value"), "My organisation of mine");
    click(&browser, "#forget-previous");
    wait(&browser, "no previous organisation", "return document.querySelector('#restore-previous') === null");
    assert_eq!(run(&browser, "return localStorage.getItem('sp-planner/topology-previous')"), Value::Null);
}

#[test]
fn a_topology_file_is_imported_and_an_over_large_one_is_refused() {
    let harness = harness();
    let browser = harness.browser("planner-file").unwrap();
    open_planner(&browser, &harness.url("#/plan"));
    let dir = std::env::temp_dir().join(format!("sp-e2e-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    let good = dir.join("lab.topology.json");
    let preset = sp_e2e::workspace_root().join("content/presets/e55-cluster.json");
    std::fs::copy(&preset, &good).unwrap();
    browser.find("#import-file").unwrap().send_keys(good.to_str().unwrap()).unwrap();
    wait(&browser, "the import", "return document.querySelector('.notice') && document.querySelector('.notice').textContent.includes('lab.topology.json')");
    wait(&browser, "the 5.5 plan", "return document.querySelector('.plan-summary') && document.querySelector('.plan-summary').textContent.includes('5.5')");

    let huge = dir.join("huge.json");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(11 * 1024 * 1024).unwrap();
    browser.find("#import-file").unwrap().send_keys(huge.to_str().unwrap()).unwrap();
    wait(&browser, "the refusal", "return document.querySelector('.notice.error') !== null");
    let notice = browser.find(".notice.error").unwrap().text().unwrap();
    assert!(notice.contains("at most 10 MB"), "{notice}");
    assert!(run(&browser, "return document.querySelector('.plan-summary').textContent.includes('5.5')") == true);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn without_a_clipboard_the_markdown_is_shown_to_copy_by_hand() {
    let harness = harness();
    let browser = harness.browser("planner-no-clipboard").unwrap();
    open_planner(&browser, &harness.url("#/plan"));
    let origin = string(&browser, "return location.origin");
    browser
        .cdp(
            "Browser.setPermission",
            json!({ "origin": origin, "permission": { "name": "clipboard-write" }, "setting": "denied" }),
        )
        .unwrap();
    click(&browser, "#copy-markdown");
    wait(&browser, "the refusal", "return document.querySelector('.notice.error') !== null");
    let notice = browser.find(".notice.error").unwrap().text().unwrap();
    assert!(notice.contains("select it in the box below"), "{notice}");
    let text = string(&browser, "return document.querySelector('#markdown-text').value");
    assert!(text.starts_with("# Plan: "), "{text}");
}

#[test]
fn axe_core_finds_no_accessibility_violation_in_the_planners_states() {
    let harness = harness();
    let browser = harness.browser("planner-axe").unwrap();
    let mut found = Vec::new();
    for (width, height) in [(1280, 900), (360, 780)] {
        for dark in [false, true] {
            browser.emulate(width, height, dark).unwrap();
            let scheme = if dark { "dark" } else { "light" };
            browser.goto(&harness.url("#/")).unwrap();
            wait_for_app(&browser).unwrap();
            // An edited order with a broken rule, the comparison and a notice.
            open_planner(&browser, &harness.url("#/plan?preset=e2003-front-end-back-end"));
            let back_end = position(&step_texts(&browser), "Setup on EXBE01");
            click(&browser, &format!("#step-up-{back_end}"));
            wait(&browser, "the violation", "return document.querySelector('li.step .violation') !== null");
            run(&browser, "document.querySelectorAll('details.why').forEach(d => d.open = true); return true;");
            for violation in sp_e2e::axe_violations(&browser).unwrap() {
                found.push(format!("edited plan at {width} px, {scheme}: {} ({}) on {:?}", violation.rule, violation.impact, violation.targets));
            }
            // A field error: the plan waits for a fix.
            run(&browser, "const input = document.querySelector('#f-servers-1-name');
                input.value = 'EXFE01'; input.dispatchEvent(new InputEvent('input', { bubbles: true })); return true;");
            wait(&browser, "the field error", "return document.querySelector('#f-servers-1-name-error') !== null");
            for violation in sp_e2e::axe_violations(&browser).unwrap() {
                found.push(format!("field error at {width} px, {scheme}: {} ({}) on {:?}", violation.rule, violation.impact, violation.targets));
            }
        }
    }
    assert!(found.is_empty(), "accessibility violations:\n{}", found.join("\n"));
}
