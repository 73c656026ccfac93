#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::minify::{self, Kind};

/// A page shaped like the one Trunk writes from `web/index.html`.
const TRUNK_PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="description" content="Plan service packs.">
  <title>SP Planner</title>
  <link rel="icon" href="./favicon-1111.svg" integrity="sha384-stale"/>
  
<script type="module">
import init, * as bindings from './app-2222.js';
const wasm = await init({ module_or_path: './app-2222_bg.wasm' });


window.wasmBindings = bindings;


dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));

</script>
  <link rel="stylesheet" href="./base-3333.css" integrity="sha384-stale"/>
<link rel="modulepreload" href="./app-2222.js" crossorigin="anonymous" integrity="sha384-stale"><link rel="preload" href="./app-2222_bg.wasm" crossorigin="anonymous" integrity="sha384-stale" as="fetch" type="application/wasm"></head>
<body>
  <div id="app"><p class="loading">Loading&hellip;</p></div>
</body>
</html>
"#;

/// The same page as Trunk writes it when it minifies: no `<head>` start tag, no quotes where HTML
/// allows none.
const MINIFIED_PAGE: &str = "<!doctype html><html lang=en><meta charset=utf-8>\
    <meta content=\"Plan service packs.\" name=description><title>SP Planner</title>\
    <link href=./favicon-1111.svg integrity=sha384-stale rel=icon><script type=module>\
    import init, * as bindings from './app-2222.js';\n\
    const wasm = await init({ module_or_path: './app-2222_bg.wasm' });\n\
    window.wasmBindings = bindings;</script>\
    <link href=./base-3333.css integrity=sha384-stale rel=stylesheet>\
    <link crossorigin href=./app-2222.js integrity=sha384-stale rel=modulepreload>\
    <link as=fetch crossorigin href=./app-2222_bg.wasm integrity=sha384-stale rel=preload type=application/wasm>\
    </head><body><div id=app><p class=loading>Loading…</p></div></body></html>";

/// The glue of the fake build: a module with a comment and long local names.
const GLUE: &str = "// The glue's comment.\n\
    export default async function init(moduleOrPath) {\n    const longLocalName = moduleOrPath;\n    return longLocalName;\n}\n";

/// A fresh folder holding a fake Trunk build.
fn trunk_build() -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "xtask-site-{}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("index.html"), TRUNK_PAGE).unwrap();
    fs::write(dir.join("favicon-1111.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    fs::write(dir.join("app-2222.js"), GLUE).unwrap();
    fs::write(dir.join("app-2222_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    fs::write(dir.join("base-3333.css"), "body { margin: 0 }\n").unwrap();
    dir
}

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name)).unwrap()
}

fn loader_name(dir: &Path) -> String {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with(LOADER_PREFIX))
        .collect();
    assert_eq!(names.len(), 1, "one loader: {names:?}");
    names.pop().unwrap()
}

/// The precached paths the service worker lists, read back from its text.
fn worker_files(dir: &Path) -> Vec<(String, String)> {
    let worker = read(dir, SERVICE_WORKER);
    let start = worker.find("const FILES = [\n").unwrap() + "const FILES = [\n".len();
    let end = start + worker[start..].find("];\n").unwrap();
    worker[start..end]
        .lines()
        .map(|line| {
            let line = line.trim().trim_start_matches('[').trim_end_matches("],");
            let (path, hash) = line.split_once(", ").unwrap();
            (serde_json::from_str(path).unwrap(), hash.trim_matches('\'').to_owned())
        })
        .collect()
}

fn worker_version(dir: &Path) -> String {
    let worker = read(dir, SERVICE_WORKER);
    let line = worker.lines().find(|line| line.starts_with("const VERSION = ")).unwrap();
    line.trim_start_matches("const VERSION = '").trim_end_matches("';").to_owned()
}

#[test]
fn the_policy_is_the_first_tag_in_the_head() {
    let dir = trunk_build();
    finish(&dir).unwrap();
    let page = read(&dir, "index.html");
    let tags = html::elements(&page).unwrap();
    let head = tags.iter().position(|tag| tag.name == "head").unwrap();
    let first = &tags[head + 1];
    assert_eq!(first.name, "meta");
    assert_eq!(first.attribute("http-equiv"), Some("Content-Security-Policy"));
    assert_eq!(
        first.attribute("content"),
        Some("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'")
    );
    assert_eq!(page.matches("Content-Security-Policy").count(), 1);
    // The character set is still declared within the first 1024 bytes, as HTML requires.
    assert!(page.find("<meta charset=\"utf-8\">").unwrap() < 1024);
}

#[test]
fn no_inline_script_or_style_is_left_and_the_loader_is_external_and_hashed() {
    let dir = trunk_build();
    finish(&dir).unwrap();
    let page = read(&dir, "index.html");
    let tags = html::elements(&page).unwrap();
    let scripts: Vec<&Element> = tags.iter().filter(|tag| tag.name == "script").collect();
    assert_eq!(scripts.len(), 1, "{page}");
    let script = scripts[0];
    assert_eq!(script.text.clone().map(|range| range.len()), Some(0), "the script tag is empty");
    assert!(!tags.iter().any(|tag| tag.name == "style"));
    assert!(!tags.iter().any(|tag| tag.attributes.iter().any(|attr| attr.name == "style" || attr.name.starts_with("on"))));
    assert!(!page.contains("module_or_path"), "Trunk's inline loader is gone");

    let name = loader_name(&dir);
    assert_eq!(script.attribute("src"), Some(format!("./{name}").as_str()));
    assert_eq!(script.attribute("type"), Some("module"));
    let source = read(&dir, &name);
    assert_eq!(script.attribute("integrity"), Some(integrity(source.as_bytes()).as_str()));
    assert_eq!(name, format!("loader-{}.js", short_hash(source.as_bytes())));
    assert!(source.contains("import init, * as bindings from \"./app-2222.js\";"), "{source}");
    assert!(source.contains("const WASM = \"app-2222_bg.wasm\";"), "{source}");
    // Registration only on http and https, with a URL relative to the loader.
    assert!(LOADER_TEMPLATE.contains("location.protocol === 'http:' || location.protocol === 'https:'"));
    assert!(LOADER_TEMPLATE.contains("register(new URL('sw.js', import.meta.url)"));
    // The template follows, minified: no comment, and the names the header defines kept.
    let logic = minify::javascript(LOADER_TEMPLATE, Kind::Module).unwrap();
    assert!(source.ends_with(&logic), "{source}");
    assert_eq!(source.matches("//").count(), 1, "the header's line is the only comment: {source}");
    for kept in ["init(", "bindings", "WASM", "location.protocol", "new URL(\"sw.js\",import.meta.url)"] {
        assert!(logic.contains(kept), "{kept}: {logic}");
    }
    assert!(logic.len() < LOADER_TEMPLATE.len() / 2, "{logic}");
}

#[test]
fn the_glue_is_minified_once_and_its_hash_follows() {
    let dir = trunk_build();
    finish(&dir).unwrap();
    let glue = read(&dir, "app-2222.js");
    assert!(glue.len() < GLUE.len() / 2, "{glue}");
    assert!(!glue.contains("comment") && !glue.contains("longLocalName"), "{glue}");
    assert!(glue.contains("export"), "{glue}");
    let page = read(&dir, "index.html");
    assert!(page.contains(&integrity(glue.as_bytes())), "the preload's hash is the minified glue's");
    assert!(worker_files(&dir).contains(&("app-2222.js".to_owned(), integrity(glue.as_bytes()))));

    // A finished folder keeps its glue: one changed since is not minified again.
    fs::write(dir.join("app-2222.js"), GLUE).unwrap();
    finish(&dir).unwrap();
    assert_eq!(read(&dir, "app-2222.js"), GLUE);
}

#[test]
fn every_integrity_hash_matches_its_file() {
    let dir = trunk_build();
    finish(&dir).unwrap();
    let page = read(&dir, "index.html");
    assert!(!page.contains("sha384-stale"), "{page}");
    let tags = html::elements(&page).unwrap();
    let mut checked = 0;
    for tag in &tags {
        if let Some(hash) = tag.attribute("integrity") {
            let url = tag.attribute("href").or_else(|| tag.attribute("src")).unwrap();
            let bytes = fs::read(dir.join(url.trim_start_matches("./"))).unwrap();
            assert_eq!(hash, integrity(&bytes), "{url}");
            checked += 1;
        }
    }
    assert_eq!(checked, 5, "icon, stylesheet, module preload, wasm preload and loader");
}

#[test]
fn the_manifest_is_linked_and_describes_the_installed_app() {
    let dir = trunk_build();
    finish(&dir).unwrap();
    let page = read(&dir, "index.html");
    assert_eq!(page.matches("<link rel=\"manifest\" href=\"./manifest.webmanifest\">").count(), 1);
    let manifest: serde_json::Value = serde_json::from_str(&read(&dir, MANIFEST)).unwrap();
    assert_eq!(manifest["name"], "SP Planner");
    assert_eq!(manifest["short_name"], "SP Planner");
    assert_eq!(manifest["description"], "Plan service packs.");
    assert_eq!(manifest["start_url"], "./");
    assert_eq!(manifest["scope"], "./");
    assert_eq!(manifest["display"], "standalone");
    assert_eq!(manifest["theme_color"], "#0b57d0");
    assert_eq!(manifest["background_color"], "#ffffff");
    assert_eq!(
        manifest["icons"],
        serde_json::json!([{ "src": "./favicon-1111.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any" }])
    );
}

#[test]
fn the_precache_list_is_the_files_present_with_their_hashes() {
    let dir = trunk_build();
    fs::create_dir_all(dir.join("fonts")).unwrap();
    fs::write(dir.join("fonts/a b.woff2"), b"font").unwrap();
    fs::write(dir.join(SINGLE_FILE), "<!doctype html><p>all in one</p>").unwrap();
    fs::write(dir.join(".DS_Store"), b"junk").unwrap();
    finish(&dir).unwrap();

    let listed = worker_files(&dir);
    let paths: Vec<&str> = listed.iter().map(|(path, _)| path.as_str()).collect();
    let loader = loader_name(&dir);
    let mut expected = vec![
        "app-2222.js",
        "app-2222_bg.wasm",
        "base-3333.css",
        "favicon-1111.svg",
        "fonts/a b.woff2",
        "index.html",
        loader.as_str(),
        "manifest.webmanifest",
    ];
    expected.sort_unstable();
    assert_eq!(paths, expected, "every file but sw.js, the single-file page and hidden files");
    for (path, hash) in &listed {
        assert_eq!(hash, &integrity(&fs::read(dir.join(path)).unwrap()), "{path}");
    }
    assert_eq!(precache_list(&dir).unwrap().len(), listed.len());
}

#[test]
fn the_version_changes_when_a_file_changes_and_only_then() {
    let dir = trunk_build();
    finish(&dir).unwrap();
    let first = worker_version(&dir);
    assert_eq!(first.len(), 16);
    assert_eq!(first, version(&precache_list(&dir).unwrap()));

    let worker = read(&dir, SERVICE_WORKER);
    finish(&dir).unwrap();
    assert_eq!(worker_version(&dir), first, "finishing again changes nothing");
    assert_eq!(read(&dir, SERVICE_WORKER), worker);

    fs::write(dir.join("base-3333.css"), "body { margin: 1px }\n").unwrap();
    finish(&dir).unwrap();
    let second = worker_version(&dir);
    assert_ne!(second, first, "a changed stylesheet is a new version");
    let page = read(&dir, "index.html");
    assert!(page.contains(&integrity(b"body { margin: 1px }\n")), "the page's hash follows the file");

    fs::write(dir.join("extra.txt"), "new file").unwrap();
    finish(&dir).unwrap();
    assert_ne!(worker_version(&dir), second, "a new file is a new version");
}

#[test]
fn finishing_twice_gives_the_same_page() {
    let dir = trunk_build();
    finish(&dir).unwrap();
    let once = read(&dir, "index.html");
    finish(&dir).unwrap();
    assert_eq!(read(&dir, "index.html"), once);
    loader_name(&dir);
}

#[test]
fn a_folder_without_a_trunk_build_is_a_clear_error() {
    let dir = trunk_build();
    fs::remove_file(dir.join("index.html")).unwrap();
    let error = finish(&dir).unwrap_err();
    assert!(error.starts_with("cannot read") && error.contains("index.html"), "{error}");
    assert!(error.contains("needs a Trunk build"), "{error}");
}

#[test]
fn a_page_without_trunks_loader_is_a_clear_error() {
    let dir = trunk_build();
    fs::write(dir.join("index.html"), "<!doctype html><html><head><title>x</title></head><body></body></html>").unwrap();
    let error = finish(&dir).unwrap_err();
    assert!(error.contains("neither Trunk's inline module loader nor a loader script"), "{error}");
}

#[test]
fn missing_glue_or_module_is_a_clear_error() {
    let dir = trunk_build();
    fs::remove_file(dir.join("app-2222_bg.wasm")).unwrap();
    let error = finish(&dir).unwrap_err();
    assert!(error.contains("./app-2222_bg.wasm, which is not in"), "{error}");

    let dir = trunk_build();
    fs::remove_file(dir.join("app-2222.js")).unwrap();
    let error = finish(&dir).unwrap_err();
    assert!(error.contains("./app-2222.js, which is not in"), "{error}");

    let dir = trunk_build();
    fs::write(dir.join("index.html"), TRUNK_PAGE.replace("import init, * as bindings from './app-2222.js';", "")).unwrap();
    let error = finish(&dir).unwrap_err();
    assert_eq!(error, "Trunk's loader in index.html does not import the JS glue");
}

#[test]
fn a_page_with_other_inline_code_or_foreign_links_is_refused() {
    let cases = [
        ("<title>SP Planner</title>", "<title>SP Planner</title><style>p{}</style>", "has a <style> element"),
        ("<title>SP Planner</title>", "<title>SP Planner</title><script>alert(1)</script>", "still has an inline script"),
        ("<div id=\"app\">", "<div id=\"app\" style=\"color: red\">", "has a style attribute"),
        ("<div id=\"app\">", "<div id=\"app\" onclick=\"go()\">", "has an onclick handler"),
        ("./base-3333.css", "https://cdn.example.com/base.css", "load nothing from another host"),
        ("./base-3333.css", "/base-3333.css", "any sub-path"),
        ("<title>SP Planner</title>", "<title>SP Planner</title><img src=\"./missing.png\">", "./missing.png, which is not in"),
    ];
    for (from, to, expected) in cases {
        let dir = trunk_build();
        fs::write(dir.join("index.html"), TRUNK_PAGE.replacen(from, to, 1)).unwrap();
        let error = finish(&dir).unwrap_err();
        assert!(error.contains(expected), "{to}: {error}");
        assert!(!dir.join(SERVICE_WORKER).exists(), "{to}: no worker for a refused page");
    }
}

#[test]
fn a_page_without_an_svg_icon_is_refused() {
    let dir = trunk_build();
    let page = TRUNK_PAGE.replace("  <link rel=\"icon\" href=\"./favicon-1111.svg\" integrity=\"sha384-stale\"/>\n", "");
    fs::write(dir.join("index.html"), page).unwrap();
    assert_eq!(finish(&dir).unwrap_err(), "index.html links no SVG icon for the manifest");
}

#[test]
fn the_worker_knows_its_version_and_files_before_its_logic() {
    let dir = trunk_build();
    finish(&dir).unwrap();
    let worker = read(&dir, SERVICE_WORKER);
    let version_at = worker.find("const VERSION = '").unwrap();
    let files_at = worker.find("const FILES = [").unwrap();
    let logic = minify::javascript(WORKER_TEMPLATE, Kind::Script).unwrap();
    let logic_at = worker.find(&logic).unwrap();
    assert!(version_at < files_at && files_at < logic_at);
    assert!(worker.ends_with(&logic));
    assert_eq!(worker.matches("//").count(), 1, "the header's line is the only comment");
    // The names the header defines and the events the worker handles survive minification.
    for kept in ["VERSION", "FILES", "addEventListener(\"install\"", "addEventListener(\"fetch\""] {
        assert!(logic.contains(kept), "{kept}: {logic}");
    }
    assert!(logic.len() < WORKER_TEMPLATE.len() / 2);
}

#[test]
fn integrity_is_sha256_in_base64() {
    // The SHA-256 of the empty string, as `openssl dgst -sha256 -binary | base64` prints it.
    assert_eq!(integrity(b""), "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
}

#[test]
fn a_minified_page_without_a_head_start_tag_gets_the_policy_first() {
    let dir = trunk_build();
    fs::write(dir.join("index.html"), MINIFIED_PAGE).unwrap();
    finish(&dir).unwrap();
    let page = read(&dir, "index.html");
    let policy = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">");
    assert!(
        page.starts_with(&format!("<!doctype html><html lang=en>{policy}<link rel=\"manifest\" href=\"./manifest.webmanifest\"><meta charset=utf-8>")),
        "no spaces added to a minified page: {page}"
    );
    assert_eq!(page.matches("Content-Security-Policy").count(), 1);
    assert!(!page.contains("sha384-stale") && !page.contains("module_or_path"), "{page}");
    let loader = loader_name(&dir);
    assert!(page.contains(&format!("<script type=\"module\" src=\"./{loader}\"")), "{page}");

    // Finishing again finds the policy in the same place and gives the same page.
    finish(&dir).unwrap();
    assert_eq!(read(&dir, "index.html"), page);
}

#[test]
fn without_a_head_start_tag_the_policy_must_still_come_first() {
    let dir = trunk_build();
    fs::write(dir.join("index.html"), MINIFIED_PAGE).unwrap();
    finish(&dir).unwrap();
    let page = read(&dir, "index.html");
    check_page(&dir, &page).unwrap();
    let policy_at = page.find("<meta http-equiv").unwrap();

    let late = format!("{}<title>x</title>{}", &page[..policy_at], &page[policy_at..]);
    assert_eq!(
        check_page(&dir, &late).unwrap_err(),
        "the content security policy is not the first tag in the <head> of index.html"
    );
    let body = format!("{}<body>{}", &page[..policy_at], &page[policy_at..]);
    assert!(check_page(&dir, &body).is_err(), "a policy in the body is refused");
    let text = format!("{}Hello{}", &page[..policy_at], &page[policy_at..]);
    assert_eq!(
        check_page(&dir, &text).unwrap_err(),
        "text comes before the content security policy in index.html, which puts the policy in the <body>"
    );
    // Without the `<html>` start tag either, only the doctype and spaces may come first.
    let bare = page.replacen("<html lang=en>", "\n", 1);
    check_page(&dir, &bare).unwrap();
    let text = bare.replacen("<!doctype html>", "<!doctype html>Hello", 1);
    assert!(check_page(&dir, &text).is_err());
}

#[test]
fn the_manifest_is_one_line_of_json() {
    let dir = trunk_build();
    finish(&dir).unwrap();
    let manifest = read(&dir, MANIFEST);
    assert_eq!(manifest.lines().count(), 1, "{manifest}");
    assert!(manifest.contains("\"name\":\"SP Planner\",") && !manifest.contains("\": "), "no spaces: {manifest}");
}
