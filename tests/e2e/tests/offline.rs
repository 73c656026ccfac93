//! The served site offline and under its content security policy, in headless Chromium: no
//! policy violation on any route, the app working with the server gone, an update picked up
//! without ever mixing two builds, and a deep sub-path with `.wasm` sent as
//! `application/octet-stream`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{click, run};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{Value, json};
use sp_e2e::server::Server;
use sp_e2e::webdriver::{Driver, Session};
use sp_e2e::{PREFIX, WAIT, dist_dir, errors, foreign_requests, wait_for_app};

/// The policy the built page must carry, word for word.
const POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'";

/// How long the service worker may take to install and take charge of the page.
const INSTALL: Duration = Duration::from_secs(30);

/// Records every content security policy violation in `window.__violations`; it runs before the
/// page's own scripts.
const LISTENER: &str = "window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber} ${event.sample}`);
});";

/// The tests here run one at a time: each starts its own server, ChromeDriver and browser.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// A server for one folder and ChromeDriver.
struct Rig {
    server: Server,
    driver: Driver,
    profiles: PathBuf,
    _turn: MutexGuard<'static, ()>,
}

impl Rig {
    fn start(root: &Path, prefix: &str) -> Rig {
        let turn = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        assert!(
            root.join("index.html").is_file(),
            "{} has no built app: run ./scripts/build.sh (or set SP_DIST)",
            root.display()
        );
        let server = Server::start(root, prefix, 0).unwrap();
        let driver = Driver::start().unwrap();
        let profiles = scratch(&format!("profiles-{}", server.addr().port()));
        Rig { server, driver, profiles, _turn: turn }
    }

    fn browser(&self, name: &str) -> Session<'_> {
        let dir = self.profiles.join(name);
        fs::create_dir_all(&dir).unwrap();
        self.driver.session(&dir).unwrap()
    }

    /// A browser whose navigation commands do not wait for the page (see
    /// [`Driver::session_not_waiting_for_loads`]).
    fn browser_not_waiting(&self, name: &str) -> Session<'_> {
        let dir = self.profiles.join(name);
        fs::create_dir_all(&dir).unwrap();
        self.driver.session_not_waiting_for_loads(&dir).unwrap()
    }

    fn url(&self, hash: &str) -> String {
        format!("{}{hash}", self.server.url())
    }
}

impl Drop for Rig {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.profiles);
    }
}

/// An empty folder under the system's temporary folder.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sp-e2e-offline-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_folder(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The files of a build, by path under its folder.
fn files(dir: &Path) -> BTreeSet<String> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeSet<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_str().unwrap());
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &format!("{name}/"), out);
            } else {
                out.insert(name);
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(dir, "", &mut out);
    out
}

fn wait(session: &Session<'_>, what: &str, script: &str, timeout: Duration) -> Value {
    session.wait_through_loads(what, script, timeout).unwrap_or_else(|error| {
        let shown = session
            .execute("const main = document.querySelector('main'); return main ? main.innerText.slice(0, 400) : document.documentElement.outerHTML.slice(0, 400);", &[])
            .map(|value| value.to_string())
            .unwrap_or_default();
        panic!("waiting for {what}: {error}\nthe page shows: {shown}")
    })
}

fn wait_for_worker(session: &Session<'_>) {
    wait(
        session,
        "the service worker to take charge of the page",
        "return navigator.serviceWorker.controller !== null",
        INSTALL,
    );
}

/// Opens `url` as a new page load (a change of the hash alone would not load the page again).
fn visit(session: &Session<'_>, url: &str) {
    session.goto("about:blank").unwrap();
    session.goto(url).unwrap();
    wait_for_app(session).unwrap();
}

fn violations(session: &Session<'_>) -> Vec<String> {
    run(session, "return window.__violations")
        .as_array()
        .unwrap_or_else(|| panic!("the violation listener did not run"))
        .iter()
        .map(|entry| entry.as_str().unwrap_or_default().to_owned())
        .collect()
}

fn assert_no_violation(session: &Session<'_>, route: &str) {
    assert_eq!(violations(session), Vec::<String>::new(), "policy violations on {route}");
}

#[test]
fn every_route_runs_under_the_strict_policy_and_the_listener_catches_inline_code() {
    let dist = dist_dir();
    let rig = Rig::start(&dist, PREFIX);
    let browser = rig.browser("policy");
    browser.run_before_every_page(LISTENER).unwrap();

    browser.goto(&rig.url("")).unwrap();
    wait_for_app(&browser).unwrap();
    let policy = run(
        &browser,
        "const first = document.head.firstElementChild;
         return { tag: first.tagName, equiv: first.httpEquiv, content: first.content,
                  count: document.querySelectorAll('meta[http-equiv]').length };",
    );
    assert_eq!(policy["tag"], "META", "the policy is the first element of <head>");
    assert_eq!(policy["equiv"], "Content-Security-Policy");
    assert_eq!(policy["content"], POLICY);
    assert_eq!(policy["count"], 1);
    let inline = run(
        &browser,
        "return { scripts: [...document.scripts].filter(s => !s.src).length,
                  styles: document.querySelectorAll('style, [style]').length };",
    );
    assert_eq!(inline, json!({ "scripts": 0, "styles": 0 }));
    assert_no_violation(&browser, "the start page");

    // A section of the knowledge base, with its "Plan this scenario" link.
    browser.goto(&rig.url("#/kb/e2000-active-passive")).unwrap();
    wait(&browser, "the section", "return document.getElementById('e2000-active-passive') !== null", WAIT);
    assert_no_violation(&browser, "a section");

    // Search, typed so that the results and their marks are drawn.
    browser.goto(&rig.url("#/search?q=cluster")).unwrap();
    wait(&browser, "results", "return document.querySelectorAll('#search-results li mark').length > 0", WAIT);
    assert_no_violation(&browser, "search");

    // A plan from a preset, with its timeline.
    browser.goto(&rig.url("#/plan?preset=e2003-front-end-back-end")).unwrap();
    wait(&browser, "the plan", "return document.querySelectorAll('li.step').length > 0", WAIT);
    wait(&browser, "the timeline", "return document.querySelectorAll('.timeline rect.down').length > 0", WAIT);
    assert_no_violation(&browser, "a plan");

    // What-if: a back end moved above the front end breaks a rule.
    let back_end = run(
        &browser,
        "return [...document.querySelectorAll('li.step .step-text')].findIndex(e => e.textContent.includes('Setup on EXBE01'))",
    );
    click(&browser, &format!("#step-up-{back_end}"));
    wait(&browser, "the violation", "return document.querySelector('li.step .violation') !== null", WAIT);
    assert_no_violation(&browser, "a reordered plan");

    // Export: Markdown to the clipboard, the plan as a download, the printed checklist.
    let origin = run(&browser, "return location.origin");
    browser
        .cdp(
            "Browser.grantPermissions",
            json!({ "origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"] }),
        )
        .unwrap();
    click(&browser, "#copy-markdown");
    wait(&browser, "the copy", "return document.querySelector('.notice') && document.querySelector('.notice').textContent.includes('Markdown')", WAIT);
    click(&browser, "#download-plan");
    wait(&browser, "the download", "return document.querySelector('.notice') && document.querySelector('.notice').textContent.includes('downloaded')", WAIT);
    click(&browser, "#copy-link");
    wait(&browser, "the link", "return location.hash.startsWith('#/plan?t=')", WAIT);
    browser.emulate_print(true).unwrap();
    run(&browser, "return document.body.offsetHeight");
    browser.emulate_print(false).unwrap();
    assert_no_violation(&browser, "export");

    // The same document reloaded, and a page that does not exist.
    browser.refresh().unwrap();
    wait_for_app(&browser).unwrap();
    wait(&browser, "the reloaded plan", "return document.querySelectorAll('li.step').length > 0", WAIT);
    browser.goto(&rig.url("#/no/such/place")).unwrap();
    wait(&browser, "the not-found page", "return document.querySelector('main h1')?.textContent === 'Page not found'", WAIT);
    assert_no_violation(&browser, "a reload and the not-found page");
    assert_eq!(errors(&browser.console_log().unwrap()), Vec::<String>::new(), "console errors");

    // The listener works: inline style and script are blocked and reported.
    run(
        &browser,
        "const style = document.createElement('style');
         style.textContent = 'body { outline: 1px solid red }';
         document.head.append(style);
         document.querySelector('main').setAttribute('style', 'color: red');
         const script = document.createElement('script');
         script.textContent = 'window.__inline_ran = true';
         document.body.append(script);
         return true;",
    );
    let caught = wait(&browser, "the deliberate violations", "return window.__violations.length >= 3 && window.__violations", WAIT);
    let caught: Vec<String> = caught.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect();
    for directive in ["style-src-elem", "style-src-attr", "script-src-elem"] {
        assert!(caught.iter().any(|v| v.starts_with(directive)), "no {directive} in {caught:#?}");
    }
    assert_eq!(run(&browser, "return window.__inline_ran === undefined"), true, "the inline script did not run");
    assert_eq!(run(&browser, "return getComputedStyle(document.querySelector('main')).color !== 'rgb(255, 0, 0)'"), true);
}

#[test]
fn after_one_visit_the_app_works_with_the_server_gone() {
    let dist = dist_dir();
    let rig = Rig::start(&dist, PREFIX);
    let browser = rig.browser("offline");
    browser.goto(&rig.url("#/kb/backups")).unwrap();
    wait_for_app(&browser).unwrap();
    wait_for_worker(&browser);
    let scope = run(&browser, "return navigator.serviceWorker.getRegistration().then(r => r.scope)");
    assert_eq!(scope, rig.server.url(), "the worker's scope is the app's folder");

    let addr = rig.server.addr();
    rig.server.stop();
    assert!(std::net::TcpStream::connect(addr).is_err(), "the server is gone");
    let served = rig.server.requests().len();

    browser.refresh().unwrap();
    wait_for_app(&browser).unwrap();
    wait(&browser, "the section", "return document.getElementById('backups') !== null", WAIT);
    assert_eq!(run(&browser, "return navigator.serviceWorker.controller !== null"), true);

    // A different route, as a new page load: the planner computes a plan offline.
    visit(&browser, &rig.url("#/plan?preset=e2003-cluster"));
    wait(&browser, "the plan", "return document.querySelectorAll('li.step').length > 0", WAIT);
    visit(&browser, &rig.url("#/search?q=c1037b44"));
    wait(&browser, "results", "return document.querySelectorAll('#search-results li').length > 0", WAIT);
    let stylesheets = run(&browser, "return [...document.querySelectorAll('link[rel=stylesheet]')].every(link => link.sheet !== null)");
    assert_eq!(stylesheets, true, "every stylesheet came from the cache");

    assert_eq!(rig.server.requests().len(), served, "nothing reached the stopped server");
    assert_eq!(foreign_requests(&browser).unwrap(), Vec::<String>::new());
    let log = browser.console_log().unwrap();
    assert_eq!(errors(&log), Vec::<String>::new(), "console errors offline");
}

/// One build of the site: its folder and files.
struct Build {
    dir: PathBuf,
    files: BTreeSet<String>,
}

/// Makes build B from build A: the main stylesheet changed (under a new hashed name, as Trunk
/// would name it) and the site finished again by the build hook's own code.
fn changed_build(a: &Path, b: &Path) -> (String, String) {
    copy_folder(a, b);
    let old = files(b)
        .into_iter()
        .find(|name| name.starts_with("app-") && name.ends_with(".css"))
        .expect("an app-<hash>.css stylesheet");
    let new = "app-0b0b0b0b0b0b0b0b.css".to_owned();
    let mut css = fs::read_to_string(b.join(&old)).unwrap();
    css.push_str("\n:root { --sp-build: \"b\"; }\n");
    fs::write(b.join(&new), css).unwrap();
    fs::remove_file(b.join(&old)).unwrap();
    // The link is `href=./app-<hash>.css` in a minified page, with quotes in one that is not.
    let page = fs::read_to_string(b.join("index.html")).unwrap();
    assert!(page.contains(&format!("href=./{old} ")) || page.contains(&format!("href=\"./{old}\"")));
    fs::write(b.join("index.html"), page.replace(&format!("./{old}"), &format!("./{new}"))).unwrap();
    xtask::site::finish(b).unwrap();
    (old, new)
}

/// Replaces everything in `live` with the files of `build`, as a deployment would.
fn deploy(build: &Path, live: &Path) {
    for entry in fs::read_dir(live).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            fs::remove_dir_all(path).unwrap();
        } else {
            fs::remove_file(path).unwrap();
        }
    }
    copy_folder(build, live);
}

/// Waits for the next page load that shows the app, checks that it is wholly one build and says
/// which ('A' or 'B'). Each page is checked once: the check marks it.
fn next_page_build(session: &Session<'_>, rig: &Rig, a: &Build, b: &Build) -> char {
    wait(
        session,
        "a new page with the app",
        "return window.__checked === undefined && document.readyState === 'complete'
            && document.querySelector('.site-header') !== null",
        INSTALL,
    );
    let page = run(
        session,
        "window.__checked = true;
         return {
           stylesheet: document.querySelector('link[rel=stylesheet][href*=\"app-\"]').getAttribute('href'),
           loaded: performance.getEntriesByType('resource').map(entry => entry.name),
           complete: [...document.querySelectorAll('link[rel=stylesheet]')].every(link => link.sheet !== null),
           marker: getComputedStyle(document.documentElement).getPropertyValue('--sp-build').trim(),
         };",
    );
    let stylesheet = page["stylesheet"].as_str().unwrap().trim_start_matches("./").to_owned();
    let (name, build) = match (a.files.contains(&stylesheet), b.files.contains(&stylesheet)) {
        (true, false) => ('A', a),
        (false, true) => ('B', b),
        _ => panic!("{stylesheet} belongs to neither build or to both"),
    };
    let base = rig.server.url();
    for url in page["loaded"].as_array().unwrap() {
        let url = url.as_str().unwrap();
        let path = url.strip_prefix(base.as_str()).unwrap_or_else(|| panic!("{url} is outside the app"));
        let path = path.split(['?', '#']).next().unwrap();
        assert!(build.files.contains(path), "a page of build {name} loaded {path}, which is not in it");
    }
    assert_eq!(page["complete"], true, "every stylesheet of build {name} loaded");
    let expected = if name == 'B' { "\"b\"" } else { "" };
    assert_eq!(page["marker"], expected, "the page of build {name} has build {name}'s styles");
    name
}

#[test]
fn an_update_is_picked_up_within_two_reloads_and_a_page_never_mixes_builds() {
    let dist = dist_dir();
    let a_dir = scratch("build-a");
    copy_folder(&dist, &a_dir);
    let b_dir = scratch("build-b");
    let _ = fs::remove_dir_all(&b_dir);
    let (old_css, new_css) = changed_build(&a_dir, &b_dir);
    let a = Build { files: files(&a_dir), dir: a_dir };
    let b = Build { files: files(&b_dir), dir: b_dir };
    assert!(a.files.contains(&old_css) && !a.files.contains(&new_css));
    assert!(b.files.contains(&new_css) && !b.files.contains(&old_css));
    assert_ne!(fs::read(a.dir.join("sw.js")).unwrap(), fs::read(b.dir.join("sw.js")).unwrap());

    let live = scratch("live");
    deploy(&a.dir, &live);
    let rig = Rig::start(&live, PREFIX);
    let browser = rig.browser_not_waiting("update");
    browser.goto(&rig.url("#/kb/backups")).unwrap();
    assert_eq!(next_page_build(&browser, &rig, &a, &b), 'A');
    wait_for_worker(&browser);

    deploy(&b.dir, &live);
    // The next visit still shows A, whole, from the cache; B is fetched in the background.
    browser.goto("about:blank").unwrap();
    wait(&browser, "the blank page", "return location.href === 'about:blank'", WAIT);
    browser.goto(&rig.url("#/kb/backups")).unwrap();
    let mut seen = vec![next_page_build(&browser, &rig, &a, &b)];
    while seen.last() != Some(&'B') && seen.len() < 3 {
        wait(
            &browser,
            "the new build to be installed",
            "return navigator.serviceWorker.getRegistration().then(r => r.waiting !== null)",
            INSTALL,
        );
        run(&browser, "location.reload(); return true;");
        seen.push(next_page_build(&browser, &rig, &a, &b));
    }
    assert_eq!(seen.last(), Some(&'B'), "build B after the visit and two reloads: {seen:?}");
    assert_eq!(run(&browser, "return location.hash"), "#/kb/backups", "the route is kept");
    wait(&browser, "the section", "return document.getElementById('backups') !== null", WAIT);
    wait_for_worker(&browser);

    // B's worker takes over, at the latest once no page of A's worker is left (ChromeDriver
    // sometimes keeps the old worker busy, which delays the hand-over a reload asks for), then
    // deletes A's cache and keeps exactly B's files.
    browser.goto("about:blank").unwrap();
    wait(&browser, "the blank page", "return location.href === 'about:blank'", WAIT);
    browser.goto(&rig.url("#/kb/backups")).unwrap();
    assert_eq!(next_page_build(&browser, &rig, &a, &b), 'B');
    let version = xtask::site::version(&xtask::site::precache_list(&b.dir).unwrap());
    wait(
        &browser,
        "build B's worker to take over",
        "return navigator.serviceWorker.getRegistration().then(r => r.waiting === null && r.installing === null)
            .then(settled => settled && caches.keys().then(names => names.filter(n => n.startsWith('sp-planner ')).length === 1))",
        INSTALL,
    );
    let caches = run(&browser, "return caches.keys()");
    let ours: Vec<&str> = caches
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .filter(|name| name.starts_with("sp-planner "))
        .collect();
    assert_eq!(ours, [format!("sp-planner {} {version}", rig.server.url())], "one cache, B's");
    let cached = browser
        .execute(
            "return caches.open(arguments[0]).then(cache => cache.keys()).then(keys => keys.map(r => r.url))",
            &[json!(ours[0])],
        )
        .unwrap();
    let cached: BTreeSet<String> = cached
        .as_array()
        .unwrap()
        .iter()
        .map(|url| url.as_str().unwrap().strip_prefix(rig.server.url().as_str()).unwrap().to_owned())
        .collect();
    let expected: BTreeSet<String> = b.files.iter().filter(|name| *name != "sw.js" && *name != "sp-planner.html").cloned().collect();
    assert_eq!(cached, expected);

    let failed: Vec<String> = rig.server.requests().into_iter().filter(|line| !line.ends_with(" 200")).collect();
    assert!(failed.is_empty(), "no page asked for a file of the other build: {failed:?}");
    assert_eq!(errors(&browser.console_log().unwrap()), Vec::<String>::new());
}

#[test]
fn a_deep_sub_path_with_wasm_as_octet_stream_loads_every_asset_and_every_link_works() {
    let dist = dist_dir();
    let prefix = "/intranet/it/tools/exchange/service-packs/planner/";
    let rig = Rig::start(&dist, prefix);
    rig.server.serve_wasm_as("application/octet-stream");
    let browser = rig.browser("deep");
    browser.goto(&rig.url("")).unwrap();
    wait_for_app(&browser).unwrap();
    assert!(rig.server.url().ends_with(prefix));

    // The module arrived with the wrong type and was compiled without streaming.
    let wasm_type = run(
        &browser,
        "const url = performance.getEntriesByType('resource').map(e => e.name).find(n => n.endsWith('.wasm'));
         return fetch(url, { cache: 'no-store' }).then(r => r.headers.get('content-type'));",
    );
    assert_eq!(wasm_type, "application/octet-stream");
    let log = browser.console_log().unwrap();
    assert!(
        log.iter().any(|entry| entry.message.contains("instantiateStreaming") && entry.level == "WARNING"),
        "the glue fell back from streaming compilation: {log:?}"
    );
    assert_eq!(errors(&log), Vec::<String>::new());

    // Links: the navigation, a section from the contents, a search result, the planner.
    click(&browser, ".main-nav a[href='#/plan']");
    wait(&browser, "the planner", "return document.querySelectorAll('li.step').length > 0", WAIT);
    browser.goto(&rig.url("#/kb/build-numbers")).unwrap();
    wait(&browser, "the section", "return document.getElementById('build-numbers') !== null", WAIT);
    browser.goto(&rig.url("#/search?q=c1037b44")).unwrap();
    wait(&browser, "a result", "return document.querySelector('#search-results li a') !== null", WAIT);
    click(&browser, "#search-results li a");
    wait(&browser, "the result's section", "return location.hash === '#/kb/error-c1037b44'", WAIT);
    assert!(
        run(&browser, "return location.href").as_str().unwrap().starts_with(&rig.server.url()),
        "links stay under the sub-path"
    );

    // The manifest and its icon load from the sub-path too.
    let manifest = run(
        &browser,
        "const link = document.querySelector('link[rel=manifest]');
         return fetch(link.href).then(r => r.json()).then(m =>
           fetch(new URL(m.icons[0].src, link.href)).then(icon => ({ start: new URL(m.start_url, link.href).href, icon: icon.status })));",
    );
    assert_eq!(manifest, json!({ "start": rig.server.url(), "icon": 200 }));

    // The worker takes charge under the sub-path and serves the module from its cache.
    wait_for_worker(&browser);
    let before = rig.server.requests().len();
    visit(&browser, &rig.url("#/plan?preset=e2003-cluster"));
    wait(&browser, "the plan", "return document.querySelectorAll('li.step').length > 0", WAIT);
    let after: Vec<String> = rig.server.requests().into_iter().skip(before).collect();
    assert!(
        after.iter().all(|line| line.contains("/sw.js ")),
        "a visit under the worker asks the server for its script at most: {after:?}"
    );

    let served = rig.server.requests();
    assert!(served.iter().all(|line| line.split(' ').nth(1).is_some_and(|path| path.starts_with(prefix))), "{served:?}");
    let failed: Vec<_> = served.iter().filter(|line| !line.ends_with(" 200")).collect();
    assert!(failed.is_empty(), "requests that failed: {failed:?}");
    assert_eq!(foreign_requests(&browser).unwrap(), Vec::<String>::new());
}

#[test]
fn a_build_that_arrives_damaged_is_never_installed() {
    let dist = dist_dir();
    let a_dir = scratch("damaged-a");
    copy_folder(&dist, &a_dir);
    let b_dir = scratch("damaged-b");
    let _ = fs::remove_dir_all(&b_dir);
    let (_, new_css) = changed_build(&a_dir, &b_dir);
    let a = Build { files: files(&a_dir), dir: a_dir };
    let b = Build { files: files(&b_dir), dir: b_dir };

    let live = scratch("damaged-live");
    deploy(&a.dir, &live);
    let rig = Rig::start(&live, PREFIX);
    let browser = rig.browser_not_waiting("damaged");
    browser.goto(&rig.url("")).unwrap();
    assert_eq!(next_page_build(&browser, &rig, &a, &b), 'A');
    wait_for_worker(&browser);

    // B's list of files, with one file that does not match its hash (a copy cut short).
    deploy(&b.dir, &live);
    let css = fs::read(live.join(&new_css)).unwrap();
    fs::write(live.join(&new_css), &css[..css.len() / 2]).unwrap();
    browser.goto("about:blank").unwrap();
    wait(&browser, "the blank page", "return location.href === 'about:blank'", WAIT);
    browser.goto(&rig.url("")).unwrap();
    assert_eq!(next_page_build(&browser, &rig, &a, &b), 'A');
    let fetched = format!("/{new_css} 200");
    for _ in 0..400 {
        if rig.server.requests().iter().any(|line| line.ends_with(&fetched)) {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    assert!(rig.server.requests().iter().any(|line| line.ends_with(&fetched)), "B's install fetched the damaged file");
    wait(
        &browser,
        "the failed install to end",
        "return navigator.serviceWorker.getRegistration().then(r => r.installing === null && r.waiting === null)",
        INSTALL,
    );
    let ours = run(&browser, "return caches.keys().then(names => names.filter(n => n.startsWith('sp-planner ')).length)");
    assert_eq!(ours, 1, "the damaged build left no cache behind");
    run(&browser, "location.reload(); return true;");
    assert_eq!(next_page_build(&browser, &rig, &a, &b), 'A', "A keeps serving, whole");

    // Once the file is whole, the next visits pick B up.
    fs::write(live.join(&new_css), &css).unwrap();
    browser.goto("about:blank").unwrap();
    wait(&browser, "the blank page", "return location.href === 'about:blank'", WAIT);
    browser.goto(&rig.url("")).unwrap();
    let mut seen = vec![next_page_build(&browser, &rig, &a, &b)];
    while seen.last() != Some(&'B') && seen.len() < 3 {
        wait(
            &browser,
            "the repaired build to be installed",
            "return navigator.serviceWorker.getRegistration().then(r => r.waiting !== null)",
            INSTALL,
        );
        run(&browser, "location.reload(); return true;");
        seen.push(next_page_build(&browser, &rig, &a, &b));
    }
    assert_eq!(seen.last(), Some(&'B'), "{seen:?}");
}
