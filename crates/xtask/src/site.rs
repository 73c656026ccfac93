//! Finishes the served site: loader script, content security policy, manifest and service worker.
//!
//! Trunk writes `index.html` with an inline module script that starts the app. [`finish`] turns
//! the build into a site that runs under [`POLICY`], works offline after one visit and can be
//! installed:
//!
//! - the inline script becomes `loader-<hash>.js`, loaded with an `integrity` hash; it starts the
//!   app and registers the service worker (on http and https only);
//! - the policy is a `<meta http-equiv="Content-Security-Policy">` tag, first in the head;
//! - `manifest.webmanifest` describes the installed app and is linked from the page;
//! - `sw.js` precaches every file of the build but itself and the single-file page, under a
//!   version computed from the files' contents;
//! - the wasm-bindgen glue, the loader and the service worker are minified by terser
//!   ([`crate::minify`]), and the functions the module imports from the glue, and those of its
//!   exports whose names end in a hash, get short names in both ([`crate::imports`]); the page
//!   and the stylesheets come minified from Trunk in a release build.
//!
//! Every `integrity` attribute in the page is computed again from the file it names, and the page
//! is checked at the end: no inline script or style, no absolute or foreign URL, no link to a file
//! that is not there. Running [`finish`] again on a finished folder gives the same result, so a
//! folder can be changed and finished again.

use std::fmt::Write as _;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use sha2::{Digest as _, Sha256};

use crate::html::{self, Element};
use crate::imports;
use crate::minify::{self, Kind};

/// The content security policy the served page carries.
pub const POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'";

/// The service worker's file name, at the root of the site so that its scope is the site's folder.
pub const SERVICE_WORKER: &str = "sw.js";

/// The web app manifest's file name.
pub const MANIFEST: &str = "manifest.webmanifest";

/// The self-contained page, which is opened from disk and so never precached.
pub const SINGLE_FILE: &str = "sp-planner.html";

/// The page Trunk writes and this step rewrites.
const INDEX: &str = "index.html";

/// The loader's file name is `loader-<hash>.js`.
const LOADER_PREFIX: &str = "loader-";

const LOADER_TEMPLATE: &str = include_str!("site/loader.js");
const WORKER_TEMPLATE: &str = include_str!("site/sw.js");

/// The name and colours the installed app shows.
const APP_NAME: &str = "SP Planner";
const THEME_COLOUR: &str = "#0b57d0";
const BACKGROUND_COLOUR: &str = "#ffffff";

/// Rewrites the Trunk build in `dir` for offline use under a strict content security policy.
pub fn finish(dir: &Path) -> Result<(), String> {
    let index_path = dir.join(INDEX);
    let page = fs::read_to_string(&index_path).map_err(|error| {
        format!("cannot read {}: {error} (finish-dist needs a Trunk build)", index_path.display())
    })?;
    let page = rewrite_page(dir, &page)?;
    write(&dir.join(MANIFEST), manifest(&page)?.as_bytes())?;
    let page = refresh_integrity(dir, &page)?;
    check_page(dir, &page)?;
    write(&index_path, page.as_bytes())?;
    let files = precache_list(dir)?;
    write(&dir.join(SERVICE_WORKER), service_worker(&files)?.as_bytes())?;
    Ok(())
}

/// One file the service worker precaches: its path under the site's folder, with `/` between
/// folders, and its integrity hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Precached {
    /// The path relative to the site's folder.
    pub path: String,
    /// `sha256-` and the base64 of the file's SHA-256 digest.
    pub integrity: String,
}

/// The `integrity` attribute value for `bytes`: SHA-256.
///
/// Trunk writes SHA-384 hashes; the page and the service worker carry twelve of these hashes,
/// which do not compress, and SHA-256 is as much a check against a wrong or damaged file and
/// 20 characters shorter.
pub fn integrity(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    format!("sha256-{}", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// Sixteen hexadecimal digits of the SHA-256 of `bytes`, for file names and versions.
fn short_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(16);
    for byte in digest.iter().take(8) {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    fs::write(path, bytes).map_err(|error| format!("cannot write {}: {error}", path.display()))
}

/// Replaces Trunk's inline loader with the external loader, puts the policy first in `<head>` and
/// links the manifest. A page finished before keeps its loader.
fn rewrite_page(dir: &Path, page: &str) -> Result<String, String> {
    let tags = html::elements(page).map_err(|error| format!("cannot read {INDEX}: {error}"))?;
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();

    let trunk_loader = tags.iter().find(|tag| is_trunk_loader(page, tag));
    let own_loader = tags.iter().find(|tag| loader_file(tag).is_some());
    match (trunk_loader, own_loader) {
        (Some(script), _) => {
            let text = script.text_in(page);
            let glue = quoted_after(text, "from")
                .ok_or_else(|| format!("Trunk's loader in {INDEX} does not import the JS glue"))?;
            let wasm = quoted_after(text, "module_or_path:").ok_or_else(|| {
                format!("Trunk's loader in {INDEX} does not name the WebAssembly module")
            })?;
            let glue = local_file(dir, glue)?;
            let wasm = local_file(dir, wasm)?;
            minify_file(dir, &glue)?;
            shorten_imports(dir, &glue, &wasm)?;
            let (name, source) = loader(&glue, &wasm)?;
            write(&dir.join(&name), source.as_bytes())?;
            let tag = format!(
                "<script type=\"module\" src=\"./{name}\" integrity=\"{}\"></script>",
                integrity(source.as_bytes())
            );
            edits.push((script.span.start..script.end, tag));
        }
        (None, Some(script)) => {
            let name = loader_file(script).unwrap_or_default();
            local_file(dir, name)?;
        }
        (None, None) => {
            return Err(format!(
                "{INDEX} has neither Trunk's inline module loader nor a loader script: \
                 finish-dist needs the page Trunk writes from web/index.html"
            ));
        }
    }

    // The policy and the manifest link of an earlier run are replaced; the head starts where it
    // would without them.
    let (ours, others): (Vec<Element>, Vec<Element>) = tags.into_iter().partition(|tag| {
        let is_policy = tag.name == "meta"
            && tag
                .attribute("http-equiv")
                .is_some_and(|value| value.eq_ignore_ascii_case("content-security-policy"));
        is_policy || (tag.name == "link" && tag.has_rel("manifest"))
    });
    for tag in &ours {
        edits.push((with_leading_space(page, tag.span.clone()), String::new()));
    }
    let head = html::head_start(&others).ok_or_else(|| format!("{INDEX} has no elements"))?;
    // The tags go on lines of their own in a page that puts its tags on lines, and without any
    // space in a minified page.
    let line = if page.get(head..).is_some_and(|rest| rest.starts_with(char::is_whitespace)) {
        "\n  "
    } else {
        ""
    };
    // The policy applies only to what follows it, so it comes first in the head, whether or not
    // the page writes the `<head>` start tag; the manifest link goes with it, where a later run
    // finds and replaces both.
    edits.push((
        head..head,
        format!(
            "{line}<meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">\
             {line}<link rel=\"manifest\" href=\"./{MANIFEST}\">"
        ),
    ));
    html::apply(page, edits)
}

/// Whether `tag` is Trunk's inline module script that starts the app.
fn is_trunk_loader(page: &str, tag: &Element) -> bool {
    tag.name == "script"
        && tag.attribute("src").is_none()
        && tag.attribute("type") == Some("module")
        && tag.text_in(page).contains("module_or_path")
}

/// The file name of the loader `tag` loads, if it is a loader written by [`finish`].
fn loader_file(tag: &Element) -> Option<&str> {
    if tag.name != "script" {
        return None;
    }
    let name = tag.attribute("src")?.strip_prefix("./")?;
    (name.starts_with(LOADER_PREFIX) && name.ends_with(".js") && !name.contains('/')).then_some(name)
}

/// The first quoted string after `marker` in `text`.
fn quoted_after<'t>(text: &'t str, marker: &str) -> Option<&'t str> {
    let rest = text.get(text.find(marker)? + marker.len()..)?;
    let open = rest.find(['\'', '"'])?;
    let quote = rest.get(open..=open)?;
    let inner = rest.get(open + 1..)?;
    let close = inner.find(quote)?;
    inner.get(..close)
}

/// Minifies the ES module `path` of `dir` in place. Only Trunk's glue comes here, on the first
/// run: a finished folder keeps its glue as it is.
fn minify_file(dir: &Path, path: &str) -> Result<(), String> {
    let full = dir.join(path);
    let source = fs::read_to_string(&full).map_err(|error| format!("cannot read {path}: {error}"))?;
    let small = minify::javascript(&source, Kind::Module).map_err(|error| format!("cannot minify {path}: {error}"))?;
    write(&full, small.as_bytes())
}

/// Gives the imports and the hashed exports of the module `wasm` of `dir` short names, in the
/// module and in its glue `glue` alike ([`crate::imports`]). Like the minifying, only Trunk's files come here.
fn shorten_imports(dir: &Path, glue: &str, wasm: &str) -> Result<(), String> {
    let glue_path = dir.join(glue);
    let wasm_path = dir.join(wasm);
    let source = fs::read_to_string(&glue_path).map_err(|error| format!("cannot read {glue}: {error}"))?;
    let module = fs::read(&wasm_path).map_err(|error| format!("cannot read {wasm}: {error}"))?;
    let (module, source) =
        imports::shorten(&module, &source).map_err(|error| format!("cannot rename the imports and exports of {wasm}: {error}"))?;
    write(&wasm_path, &module)?;
    write(&glue_path, source.as_bytes())
}

/// The loader's file name and text, for the glue `glue` and the module `wasm`: the import and
/// the module's name, then the template, minified.
fn loader(glue: &str, wasm: &str) -> Result<(String, String), String> {
    let glue_literal = js_string(&format!("./{glue}"))?;
    let wasm_literal = js_string(wasm)?;
    let logic = minify::javascript(LOADER_TEMPLATE, Kind::Module)
        .map_err(|error| format!("cannot minify the loader: {error}"))?;
    let source = format!(
        "// Written by xtask finish-dist from crates/xtask/src/site/loader.js; do not edit.\n\
         import init, * as bindings from {glue_literal};\n\
         const WASM = {wasm_literal};\n\
         {logic}"
    );
    let name = format!("{LOADER_PREFIX}{}.js", short_hash(source.as_bytes()));
    Ok((name, source))
}

fn js_string(text: &str) -> Result<String, String> {
    serde_json::to_string(text).map_err(|error| format!("cannot quote {text:?}: {error}"))
}

/// Checks that `url`, as written in the page, names a file of the build, and returns its path
/// relative to `dir`.
fn local_file(dir: &Path, url: &str) -> Result<String, String> {
    let path = url.strip_prefix("./").unwrap_or(url);
    let path = path.split(['?', '#']).next().unwrap_or_default();
    if url.starts_with('/') || url.contains("//") || url.contains(':') {
        return Err(format!(
            "{INDEX} refers to {url}, which is not a relative path inside the site: \
             the site must work from any sub-path and load nothing from another host"
        ));
    }
    if path.is_empty() || path.split('/').any(|part| part == "..") {
        return Err(format!("{INDEX} refers to {url:?}, which is not a file of the site"));
    }
    if !dir.join(path).is_file() {
        return Err(format!("{INDEX} refers to {url}, which is not in {}", dir.display()));
    }
    Ok(path.to_owned())
}

/// Extends `span` back over the spaces before it and one line end, so that removing a tag
/// removes its line.
fn with_leading_space(page: &str, span: Range<usize>) -> Range<usize> {
    let before = page.get(..span.start).unwrap_or_default();
    let trimmed = before.trim_end_matches([' ', '\t']);
    let trimmed = trimmed
        .strip_suffix('\n')
        .map_or(trimmed, |rest| rest.strip_suffix('\r').unwrap_or(rest));
    trimmed.len()..span.end
}

/// Computes every `integrity` attribute of the page again from the file it names.
fn refresh_integrity(dir: &Path, page: &str) -> Result<String, String> {
    let tags = html::elements(page).map_err(|error| format!("cannot read the rewritten {INDEX}: {error}"))?;
    let mut edits = Vec::new();
    for tag in &tags {
        let Some(span) = tag.attribute_entry("integrity").and_then(|attr| attr.value_span.clone()) else {
            continue;
        };
        let Some(url) = tag.attribute("src").or_else(|| tag.attribute("href")) else {
            return Err(format!("a <{}> in {INDEX} has an integrity hash but no file", tag.name));
        };
        let path = local_file(dir, url)?;
        let bytes = fs::read(dir.join(&path)).map_err(|error| format!("cannot read {path}: {error}"))?;
        edits.push((span, integrity(&bytes)));
    }
    html::apply(page, edits)
}

/// Checks the finished page: the policy first in the head, no inline script or style anywhere,
/// and every URL a file of the site.
///
/// The `<html>` and `<head>` start tags may be left out, as in a minified page; the policy must
/// then still come before every other element, with nothing but the doctype and spaces before it
/// (text would start the body, where the policy has no effect).
pub fn check_page(dir: &Path, page: &str) -> Result<(), String> {
    let tags = html::elements(page).map_err(|error| format!("cannot read {INDEX}: {error}"))?;
    let first = tags.iter().position(|tag| tag.name != "html" && tag.name != "head");
    let policy_first = first.and_then(|at| tags.get(at)).filter(|tag| {
        tag.name == "meta"
            && tag.attribute("http-equiv") == Some("Content-Security-Policy")
            && tag.attribute("content") == Some(POLICY)
    });
    let Some(policy) = policy_first else {
        return Err(format!("the content security policy is not the first tag in the <head> of {INDEX}"));
    };
    let before = first
        .and_then(|at| at.checked_sub(1))
        .and_then(|at| tags.get(at))
        .map_or(0, |tag| tag.span.end);
    let gap = page.get(before..policy.span.start).unwrap_or_default();
    if !only_doctype_and_spaces(gap) {
        return Err(format!(
            "text comes before the content security policy in {INDEX}, which puts the policy in the <body>"
        ));
    }
    for tag in &tags {
        if tag.name == "script" && tag.attribute("src").is_none() {
            return Err(format!("{INDEX} still has an inline script, which the policy blocks"));
        }
        if tag.name == "style" {
            return Err(format!("{INDEX} has a <style> element, which the policy blocks"));
        }
        for attr in &tag.attributes {
            if attr.name == "style" {
                return Err(format!("a <{}> in {INDEX} has a style attribute, which the policy blocks", tag.name));
            }
            if attr.name.starts_with("on") {
                return Err(format!("a <{}> in {INDEX} has an {} handler, which the policy blocks", tag.name, attr.name));
            }
            if matches!(attr.name.as_str(), "src" | "href")
                && !attr.value.starts_with('#')
                && !attr.value.starts_with("data:")
            {
                local_file(dir, &attr.value)?;
            }
        }
    }
    Ok(())
}

/// Whether `text` holds nothing but spaces and, first, a doctype.
fn only_doctype_and_spaces(text: &str) -> bool {
    let text = text.trim_start();
    let is_doctype = text.get(..9).is_some_and(|start| start.eq_ignore_ascii_case("<!doctype"));
    let rest = if is_doctype {
        text.find('>').and_then(|end| text.get(end + 1..)).unwrap_or_default()
    } else {
        text
    };
    rest.trim().is_empty()
}

/// The web app manifest, with the page's SVG icon.
fn manifest(page: &str) -> Result<String, String> {
    let tags = html::elements(page).map_err(|error| format!("cannot read {INDEX}: {error}"))?;
    let icon = tags
        .iter()
        .filter(|tag| tag.name == "link" && tag.has_rel("icon"))
        .filter_map(|tag| tag.attribute("href"))
        .find(|href| href.ends_with(".svg"))
        .ok_or_else(|| format!("{INDEX} links no SVG icon for the manifest"))?;
    let description = tags
        .iter()
        .find(|tag| tag.name == "meta" && tag.attribute("name") == Some("description"))
        .and_then(|tag| tag.attribute("content"))
        .unwrap_or(APP_NAME);
    let manifest = serde_json::json!({
        "name": APP_NAME,
        "short_name": APP_NAME,
        "description": description,
        "lang": "en",
        "id": "./",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [{
            "src": icon,
            "sizes": "any",
            "type": "image/svg+xml",
            "purpose": "any",
        }],
    });
    serde_json::to_string(&manifest)
        .map(|text| text + "\n")
        .map_err(|error| format!("cannot write the manifest: {error}"))
}

/// Every file of the site but the service worker and the single-file page, sorted by path.
pub fn precache_list(dir: &Path) -> Result<Vec<Precached>, String> {
    let mut paths = Vec::new();
    collect(dir, "", &mut paths)?;
    paths.sort();
    paths.retain(|path| path != SERVICE_WORKER && path != SINGLE_FILE);
    paths
        .into_iter()
        .map(|path| {
            let bytes = fs::read(dir.join(&path)).map_err(|error| format!("cannot read {path}: {error}"))?;
            Ok(Precached {
                integrity: integrity(&bytes),
                path,
            })
        })
        .collect()
}

fn collect(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|error| format!("cannot list {}: {error}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|error| format!("cannot list {}: {error}", dir.display()))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            return Err(format!("{} has a file name that is not UTF-8", dir.display()));
        };
        if name.starts_with('.') {
            continue;
        }
        let path: PathBuf = entry.path();
        let relative = format!("{prefix}{name}");
        if path.is_dir() {
            collect(&path, &format!("{relative}/"), out)?;
        } else if path.is_file() {
            out.push(relative);
        }
    }
    Ok(())
}

/// The version of a set of files: it changes whenever a file, a name or the worker changes.
pub fn version(files: &[Precached]) -> String {
    let mut text = String::from(WORKER_TEMPLATE);
    for file in files {
        let _ = writeln!(text, "{} {}", file.path, file.integrity);
    }
    short_hash(text.as_bytes())
}

/// The service worker's text for `files`: the version and the files, then the template, minified.
fn service_worker(files: &[Precached]) -> Result<String, String> {
    let logic = minify::javascript(WORKER_TEMPLATE, Kind::Script)
        .map_err(|error| format!("cannot minify the service worker: {error}"))?;
    let mut out = String::from(
        "// Written by xtask finish-dist from crates/xtask/src/site/sw.js; do not edit.\n",
    );
    let _ = writeln!(out, "const VERSION = '{}';", version(files));
    out.push_str("const FILES = [\n");
    for file in files {
        // JSON strings are JavaScript strings.
        let path = serde_json::to_string(&file.path).unwrap_or_default();
        let _ = writeln!(out, "  [{path}, '{}'],", file.integrity);
    }
    out.push_str("];\n");
    out.push_str(&logic);
    Ok(out)
}

#[cfg(test)]
mod tests;
