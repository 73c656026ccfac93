//! The single-file page assembled from a fake Trunk build in a temporary folder.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::PathBuf;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use sha2::{Digest as _, Sha256};

use super::interface::fixtures::module;
use super::*;

const JS: &str = "sp-web-0123456789abcdef.js";
const WASM: &str = "sp-web-0123456789abcdef_bg.wasm";
const GLUE: &str =
    "let wasm_bindgen = (function(exports) {\n    return exports;\n})({ __proto__: null });\n";
const BASE_CSS: &str = "body { margin: 0; }\n";
const PRINT_CSS: &str = "@media print { nav { display: none; } }\n";
const ICON: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><rect width=\"1\" height=\"1\"/></svg>";

/// Trunk's `index.html` as it looks with hashed file names and a relative public URL.
fn trunk_index() -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>SP Planner</title>\n  \
         <link rel=\"icon\" href=\"./favicon-1111111111111111.svg\" integrity=\"sha384-abc\"/>\n  \n\
         <script type=\"module\">\nimport init, * as bindings from './{JS}';\n\
         const wasm = await init({{ module_or_path: './{WASM}' }});\n\nwindow.wasmBindings = bindings;\n</script>\n  \
         <link rel=\"stylesheet\" href=\"./base-2222222222222222.css\" integrity=\"sha384-def\"/>\n  \
         <link rel=\"stylesheet\" href=\"./print-3333333333333333.css\" media=\"print\"/>\n\
         <link rel=\"modulepreload\" href=\"./{JS}\" crossorigin=\"anonymous\">\
         <link rel=\"preload\" href=\"./{WASM}\" crossorigin=\"anonymous\" as=\"fetch\" type=\"application/wasm\"></head>\n\
         <body>\n  <div id=\"app\">\n    <p class=\"loading\">Loading SP Planner&hellip;</p>\n  </div>\n</body>\n</html>\n"
    )
}

/// A temporary folder holding a fake Trunk build; removed when dropped.
struct Build {
    dir: PathBuf,
}

impl Build {
    fn new(name: &str) -> Build {
        let dir =
            std::env::temp_dir().join(format!("sp-xtask-single-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let build = Build { dir };
        build.put("index.html", &trunk_index());
        build.put("favicon-1111111111111111.svg", ICON);
        build.put("base-2222222222222222.css", BASE_CSS);
        build.put("print-3333333333333333.css", PRINT_CSS);
        build.put(JS, "export default function init() {}\n");
        std::fs::write(build.dir.join(WASM), module("__wbg_log_1", "start", false)).unwrap();
        build
    }

    fn put(&self, name: &str, text: &str) {
        std::fs::write(self.dir.join(name), text).unwrap();
    }

    fn glue(&self) -> Glue {
        Glue {
            script: GLUE.to_owned(),
            module: module("__wbg_log_1", "start", false),
        }
    }

    /// Runs the assembly after the glue step and returns the page or the error.
    fn write(&self, glue: &Glue) -> Result<String, String> {
        let index = std::fs::read_to_string(self.dir.join("index.html")).unwrap();
        let loader = Loader::find(&index)?;
        write_with(&self.dir, &index, &loader, glue)?;
        Ok(std::fs::read_to_string(self.dir.join(FILE_NAME)).unwrap())
    }

    fn page(&self) -> String {
        self.write(&self.glue())
            .unwrap_or_else(|error| panic!("{error}"))
    }
}

impl Drop for Build {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn sha256(text: &str) -> String {
    format!(
        "'sha256-{}'",
        BASE64.encode(Sha256::digest(text.as_bytes()))
    )
}

/// The text of every `<tag>…</tag>` in the page, by plain string search.
fn texts_of<'a>(page: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut found = Vec::new();
    let mut rest = page;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at..];
        let start = after.find('>').unwrap() + 1;
        let end = after.find(&close).unwrap();
        found.push(&after[start..end]);
        rest = &after[end..];
    }
    found
}

fn policy_of(page: &str) -> String {
    let marker = "<meta http-equiv=\"Content-Security-Policy\" content=\"";
    let start = page.find(marker).expect("a policy meta tag") + marker.len();
    let end = start + page[start..].find('"').unwrap();
    page[start..end].replace("&#39;", "'")
}

fn directive<'a>(policy: &'a str, name: &str) -> Vec<&'a str> {
    policy
        .split(';')
        .map(str::trim)
        .find_map(|part| part.strip_prefix(name))
        .unwrap_or_else(|| panic!("no {name} in {policy}"))
        .split_ascii_whitespace()
        .collect()
}

#[test]
fn everything_is_inlined_and_no_file_is_referred_to() {
    let build = Build::new("inlined");
    let page = build.page();
    for name in [
        JS,
        WASM,
        "favicon-1111111111111111.svg",
        "base-2222222222222222.css",
        "print-3333333333333333.css",
    ] {
        assert!(!page.contains(name), "the page still names {name}");
    }
    assert!(
        !page.contains("type=\"module\""),
        "the module loader is gone"
    );
    assert!(!page.contains("integrity="));
    assert!(!page.contains("preload"));

    assert_eq!(texts_of(&page, "style"), [BASE_CSS, PRINT_CSS]);
    assert!(
        page.contains("<style media=\"print\">"),
        "the print stylesheet keeps its media"
    );
    let icon = format!(
        "<link rel=\"icon\" href=\"data:image/svg+xml;base64,{}\">",
        BASE64.encode(ICON)
    );
    assert!(page.contains(&icon), "the favicon is a data URL");

    let scripts = texts_of(&page, "script");
    assert_eq!(scripts.len(), 2, "the glue and the start script");
    assert_eq!(scripts[0], GLUE);
    let encoded = scripts[1]
        .split('"')
        .find(|part| part.len() > 40)
        .expect("the encoded module");
    assert_eq!(
        BASE64.decode(encoded).unwrap(),
        module("__wbg_log_1", "start", false)
    );
    assert!(scripts[1].contains("wasm_bindgen({ module_or_path: bytes })"));
    // The scripts run after the document is parsed, at the end of the body.
    assert!(page.find("<script>").unwrap() > page.find("<div id=\"app\">").unwrap());
    assert!(page.trim_end().ends_with("</script>\n</body>\n</html>"));
}

#[test]
fn the_policy_lists_exactly_the_hashes_of_the_inline_blocks() {
    let build = Build::new("policy");
    let page = build.page();
    let policy = policy_of(&page);
    let scripts: Vec<String> = texts_of(&page, "script").into_iter().map(sha256).collect();
    let styles: Vec<String> = texts_of(&page, "style").into_iter().map(sha256).collect();
    let mut script_src: Vec<String> = scripts.clone();
    script_src.push("'wasm-unsafe-eval'".into());
    assert_eq!(directive(&policy, "script-src"), script_src);
    assert_eq!(directive(&policy, "style-src"), styles);
    assert_eq!(directive(&policy, "default-src"), ["'none'"]);
    assert_eq!(directive(&policy, "object-src"), ["'none'"]);
    assert_eq!(directive(&policy, "base-uri"), ["'none'"]);
    assert_eq!(directive(&policy, "img-src"), ["data:"]);
    // The policy comes right after the character set, before any script or style.
    let meta = page.find("http-equiv=\"Content-Security-Policy\"").unwrap();
    assert!(page.find("<meta charset=\"utf-8\">").unwrap() < meta);
    assert!(meta < page.find("<style").unwrap());
    assert!(meta < page.find("<script").unwrap());
}

#[test]
fn windows_line_breaks_are_turned_into_line_feeds_so_the_hashes_match() {
    let build = Build::new("crlf");
    build.put(
        "base-2222222222222222.css",
        "body {\r\n  margin: 0;\r\n}\r\n",
    );
    let page = build.page();
    let styles = texts_of(&page, "style");
    assert_eq!(styles[0], "body {\n  margin: 0;\n}\n");
    assert!(directive(&policy_of(&page), "style-src").contains(&sha256(styles[0]).as_str()));
}

#[test]
fn the_loader_names_the_glue_the_module_and_the_binary() {
    let loader = Loader::find(&trunk_index()).unwrap();
    assert_eq!(
        loader,
        Loader {
            js: JS.into(),
            wasm: WASM.into(),
            bin: "sp-web".into()
        }
    );
    let unhashed = trunk_index().replace("-0123456789abcdef", "");
    assert_eq!(Loader::find(&unhashed).unwrap().bin, "sp-web");
    // Trunk drops the hash's leading zeros.
    let short = trunk_index().replace("-0123456789abcdef", "-7dc530bc2c2c5cc");
    assert_eq!(Loader::find(&short).unwrap().bin, "sp-web");
}

#[test]
fn a_page_that_is_not_trunks_output_is_refused() {
    let error = Loader::find("<html><head></head><body></body></html>").unwrap_err();
    assert_eq!(
        error,
        "index.html has no module script that starts the app: is it Trunk's output?"
    );
    let two = trunk_index().replace(
        "</head>",
        "<script type=\"module\">import './x.js';</script></head>",
    );
    assert!(
        Loader::find(&two)
            .unwrap_err()
            .contains("more than one module script")
    );
    let remote = trunk_index().replace(&format!("'./{WASM}'"), "'https://cdn.example/app.wasm'");
    assert_eq!(
        Loader::find(&remote).unwrap_err(),
        "Trunk's loader names \"https://cdn.example/app.wasm\", not a file next to index.html"
    );
}

#[test]
fn a_missing_file_is_an_error_that_names_it() {
    for missing in [
        "base-2222222222222222.css",
        "favicon-1111111111111111.svg",
        WASM,
    ] {
        let build = Build::new(&format!("missing-{missing}"));
        std::fs::remove_file(build.dir.join(missing)).unwrap();
        let error = build.write(&build.glue()).unwrap_err();
        assert!(error.starts_with("cannot read "), "{error}");
        assert!(error.contains(missing), "{error}");
        assert!(!build.dir.join(FILE_NAME).exists(), "no page is written");
    }
}

#[test]
fn a_module_whose_interface_differs_from_the_glues_is_refused() {
    let build = Build::new("mismatch");
    let glue = Glue {
        script: GLUE.into(),
        module: module("__wbg_log_2", "start", false),
    };
    let error = build.write(&glue).unwrap_err();
    assert!(
        error.starts_with(&format!("cannot pair Trunk's {WASM} with the classic glue")),
        "{error}"
    );
    assert!(
        error.contains("only the glue's module imports \"wbg\" \"__wbg_log_2\""),
        "{error}"
    );
    assert!(
        error.contains("only the optimised module imports \"wbg\" \"__wbg_log_1\""),
        "{error}"
    );
    assert!(!build.dir.join(FILE_NAME).exists());
}

#[test]
fn content_that_cannot_be_inlined_safely_is_refused() {
    let build = Build::new("unsafe");
    let glue = Glue {
        script: "const a = '</script><script>alert(1)';".into(),
        module: module("__wbg_log_1", "start", false),
    };
    assert!(
        build
            .write(&glue)
            .unwrap_err()
            .starts_with("the wasm-bindgen glue contains \"</script\"")
    );

    build.put(
        "base-2222222222222222.css",
        "@font-face { src: url(\"./font.woff2\"); }",
    );
    assert_eq!(
        build.write(&build.glue()).unwrap_err(),
        "the stylesheet base-2222222222222222.css refers to the file \"./font.woff2\"; use a data: URL"
    );
    build.put("base-2222222222222222.css", "@import 'other.css';");
    assert!(
        build
            .write(&build.glue())
            .unwrap_err()
            .contains("imports another one")
    );
    build.put(
        "base-2222222222222222.css",
        "body { background: url(data:image/png;base64,AAAA); }",
    );
    build.page();
}

#[test]
fn any_other_reference_to_a_file_is_refused() {
    let cases = [
        (
            "<img src=\"logo.png\" alt=\"\">",
            "<img src=\"logo.png\"> refers to a file the single-file page does not carry",
        ),
        (
            "<script src=\"./extra.js\"></script>",
            "index.html loads the script \"./extra.js\"; expected only Trunk's inline loader",
        ),
        (
            "<link rel=\"manifest\" href=\"./app.webmanifest\">",
            "cannot inline <link rel=\"manifest\" href=\"./app.webmanifest\">",
        ),
        (
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">",
            "index.html already has a content security policy; the single-file page must be written from Trunk's own output",
        ),
    ];
    for (extra, expected) in cases {
        let build = Build::new("reference");
        build.put(
            "index.html",
            &trunk_index().replace("<div id=\"app\">", &format!("{extra}<div id=\"app\">")),
        );
        assert_eq!(build.write(&build.glue()).unwrap_err(), expected);
    }
    // Links the reader follows and anchors inside the page are fine.
    let build = Build::new("links");
    build.put(
        "index.html",
        &trunk_index().replace("<div id=\"app\">", "<a href=\"https://support.microsoft.com/kb/328839\">KB</a><a href=\"#main\">skip</a><div id=\"app\">"),
    );
    build.page();
}

#[test]
fn an_existing_inline_style_is_kept_and_allowed_by_hash() {
    let build = Build::new("inline-style");
    build.put(
        "index.html",
        &trunk_index().replace("<title>", "<style>p { color: red }</style><title>"),
    );
    let page = build.page();
    assert!(
        directive(&policy_of(&page), "style-src").contains(&sha256("p { color: red }").as_str())
    );
}

#[test]
fn verification_catches_a_block_the_policy_does_not_allow() {
    let build = Build::new("tampered");
    let page = build.page();
    verify(&page).unwrap();
    let tampered = page.replacen(BASE_CSS, "body { margin: 1px; }\n", 1);
    assert_eq!(tampered.len(), page.len() + 2);
    assert!(
        verify(&tampered)
            .unwrap_err()
            .starts_with("the policy does not allow the style at byte")
    );
    let injected = page.replacen("</body>", "<script>alert(1)</script></body>", 1);
    assert!(
        verify(&injected)
            .unwrap_err()
            .starts_with("the policy does not allow the script")
    );
    let late = page.replacen("<head>", "<head><style>p{}</style>", 1);
    assert_eq!(
        verify(&late).unwrap_err(),
        "a style comes before the content security policy"
    );
}

#[test]
fn without_head_tags_the_policy_follows_the_character_set() {
    let build = Build::new("headless");
    let index = trunk_index().replace("<head>\n", "").replace("</head>", "");
    build.put("index.html", &index);
    let page = build.page();
    let policy_at = page
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    assert!(
        page[..policy_at].ends_with("<html lang=\"en\">\n  <meta charset=\"utf-8\">\n  "),
        "{page:.200}"
    );
    verify(&page).unwrap();
}

#[test]
fn a_page_minified_by_trunk_is_assembled() {
    let build = Build::new("minified");
    let index = format!(
        "<!doctype html><html lang=en><meta charset=utf-8><title>SP Planner</title>\
         <link href=./favicon-1111111111111111.svg integrity=sha384-abc rel=icon>\
         <script type=module>import init, * as bindings from './{JS}';\n\
         const wasm = await init({{ module_or_path: './{WASM}' }});</script>\
         <link href=./base-2222222222222222.css rel=stylesheet>\
         <link href=./print-3333333333333333.css media=print rel=stylesheet>\
         <link crossorigin href=./{JS} rel=modulepreload>\
         <link as=fetch crossorigin href=./{WASM} rel=preload type=application/wasm></head>\
         <body><div id=app><p class=loading>Loading…</p></div></body></html>"
    );
    build.put("index.html", &index);
    let page = build.page();
    assert!(
        page.starts_with("<!doctype html><html lang=en><meta charset=utf-8>\n  <meta http-equiv=\"Content-Security-Policy\""),
        "{page:.200}"
    );
    assert_eq!(texts_of(&page, "style"), [BASE_CSS, PRINT_CSS]);
    assert!(
        !page.contains(JS) && !page.contains(WASM),
        "the module files are not referred to"
    );
    assert!(page.contains("href=\"data:image/svg+xml;base64,"));
    assert!(page.contains("</div><script>"), "the scripts end the body");
    assert!(page.ends_with("</script>\n</body></html>"));
    verify(&page).unwrap();
}

#[test]
fn without_an_end_tag_for_the_body_the_scripts_go_at_the_end_of_the_page() {
    let build = Build::new("body-end");
    let index = trunk_index().replace("</body>\n</html>\n", "");
    build.put("index.html", &index);
    let page = build.page();
    let tail = &page[page.rfind("</div>").unwrap()..];
    assert!(tail.starts_with("</div>\n<script>"), "{tail:.60}");
    assert!(page.ends_with("</script>\n"), "{tail:.60}");
    assert!(!page.contains("</body>"));
}
