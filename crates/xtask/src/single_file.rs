//! Writes `sp-planner.html`, the whole app in one file that works from `file://`.
//!
//! Trunk's page loads an ES module that fetches the WebAssembly; neither works from `file://`.
//! The single file instead carries:
//! - every stylesheet as a `<style>` element and the favicon as a `data:` URL;
//! - the classic-script glue that `wasm-bindgen --target no-modules` writes from the module cargo
//!   built, which defines the global `wasm_bindgen`;
//! - a start script holding the module Trunk already optimised, in base64, which it hands to
//!   `wasm_bindgen` as bytes, so nothing is fetched.
//!
//! The glue is written for the unoptimised module, so the build checks that Trunk's optimised
//! module has exactly the same imports and exports before pairing them; running wasm-opt again
//! would take longer and give the same bytes.
//!
//! A content security policy in a meta tag allows exactly the inline scripts and styles, by
//! their SHA-256 hashes, and WebAssembly compilation; everything else, from anywhere, is refused.

mod glue;
mod interface;

use std::ops::Range;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use sha2::{Digest as _, Sha256};

use self::glue::Glue;
use xtask::html::{self, Element, escape_attribute};

/// The name of the single-file page, next to `index.html`.
pub const FILE_NAME: &str = "sp-planner.html";

/// Writes `sp-planner.html` into `dir` from the Trunk build found there.
pub fn write(dir: &Path) -> Result<(), String> {
    let index = read_text(&dir.join("index.html"))?;
    let loader = Loader::find(&index)?;
    let raw = glue::raw_module(
        std::env::var_os("CARGO_TARGET_DIR"),
        std::env::var("TRUNK_PROFILE").ok(),
        &loader.bin,
    );
    let glue = glue::generate(
        Path::new("wasm-bindgen"),
        &raw,
        &loader.bin,
        &std::env::temp_dir(),
    )?;
    let size = write_with(dir, &index, &loader, &glue)?;
    eprintln!("xtask: wrote {FILE_NAME} ({size} bytes)");
    Ok(())
}

/// Pairs `glue` with Trunk's optimised module, assembles the page and writes it; returns its size.
fn write_with(dir: &Path, index: &str, loader: &Loader, glue: &Glue) -> Result<usize, String> {
    let module_path = dir.join(&loader.wasm);
    let module = std::fs::read(&module_path)
        .map_err(|error| format!("cannot read {}: {error}", module_path.display()))?;
    let expected = interface::read(&glue.module)
        .map_err(|error| format!("the module wasm-bindgen wrote: {error}"))?;
    let reused =
        interface::read(&module).map_err(|error| format!("{}: {error}", module_path.display()))?;
    let differences = interface::differences(&expected, &reused);
    if !differences.is_empty() {
        return Err(format!(
            "cannot pair Trunk's {} with the classic glue: their imports and exports differ \
             (was the module rebuilt after Trunk's build?):\n  {}",
            loader.wasm,
            differences.join("\n  ")
        ));
    }
    let page = assemble(dir, index, &glue.script, &module)?;
    let path = dir.join(FILE_NAME);
    std::fs::write(&path, &page)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    Ok(page.len())
}

fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))
}

/// The files Trunk's loader script names.
#[derive(Debug, PartialEq, Eq)]
struct Loader {
    /// The ES module glue, such as `sp-web-<hash>.js`.
    js: String,
    /// The optimised module, such as `sp-web-<hash>_bg.wasm`.
    wasm: String,
    /// The cargo binary they were built from, such as `sp-web`.
    bin: String,
}

impl Loader {
    /// Finds Trunk's inline module script in `index` and the two files it names.
    fn find(index: &str) -> Result<Loader, String> {
        let elements = html::elements(index)?;
        let mut loaders = elements.iter().filter(|e| is_module_script(e));
        let script = loaders
            .next()
            .ok_or("index.html has no module script that starts the app: is it Trunk's output?")?;
        if loaders.next().is_some() {
            return Err(
                "index.html has more than one module script; expected Trunk's loader alone".into(),
            );
        }
        let text = script.text_in(index);
        let literals = string_literals(text);
        let js = only_one(&literals, ".js", "script")?;
        let wasm = only_one(&literals, ".wasm", "WebAssembly module")?;
        let stem = js.strip_suffix(".js").unwrap_or(&js);
        // Trunk appends `-<hash>` when it hashes file names: a 64-bit number in lowercase hex
        // without leading zeros, so 1 to 16 digits.
        let bin = match stem.rsplit_once('-') {
            Some((name, hash))
                if (1..=16).contains(&hash.len())
                    && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) =>
            {
                name
            }
            _ => stem,
        };
        Ok(Loader {
            bin: bin.to_owned(),
            js,
            wasm,
        })
    }
}

fn is_module_script(element: &Element) -> bool {
    element.name == "script"
        && element
            .attribute("type")
            .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("module"))
}

/// The contents of the quoted string literals in a script.
fn string_literals(script: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = script;
    while let Some(open) = rest.find(['\'', '"']) {
        let quote = rest.get(open..=open).unwrap_or("'");
        let after = rest.get(open + 1..).unwrap_or_default();
        let Some(close) = after.find(quote) else {
            break;
        };
        found.push(after.get(..close).unwrap_or_default());
        rest = after.get(close + 1..).unwrap_or_default();
    }
    found
}

/// The one literal ending in `suffix`, as a file name next to `index.html`.
fn only_one(literals: &[&str], suffix: &str, what: &str) -> Result<String, String> {
    let mut matching = literals.iter().filter(|literal| literal.ends_with(suffix));
    let (Some(first), None) = (matching.next(), matching.next()) else {
        return Err(format!(
            "Trunk's loader script should name exactly one {what} ({suffix})"
        ));
    };
    local_file(first)
        .ok_or_else(|| format!("Trunk's loader names {first:?}, not a file next to index.html"))
}

/// The file name a reference such as `./app-<hash>.css` names next to `index.html`, or `None`
/// for anything else: a URL with a scheme, an absolute path or a file in another folder.
fn local_file(reference: &str) -> Option<String> {
    let name = reference.strip_prefix("./").unwrap_or(reference);
    let plain = !name.is_empty()
        && !name.contains(['/', '\\', ':', '?', '#'])
        && name != "."
        && name != "..";
    plain.then(|| name.to_owned())
}

/// Assembles the single-file page from Trunk's `index` in `dir`, the classic `glue` script and
/// the WebAssembly `module`.
fn assemble(dir: &Path, index: &str, glue: &str, module: &[u8]) -> Result<String, String> {
    let elements = html::elements(index)?;
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut policy = Policy::default();
    // The policy goes first in the head, whether or not the page writes the `<head>` start tag
    // (a minified page leaves it out), or after the head's `<meta charset>`.
    let mut policy_at = html::head_start(&elements).ok_or("index.html has no elements")?;
    let mut loader_found = false;
    for element in &elements {
        let whole = element.span.start..element.end;
        match element.name.as_str() {
            "head" => {}
            "meta" => {
                let equiv = element.attribute("http-equiv").unwrap_or_default();
                if equiv.eq_ignore_ascii_case("content-security-policy") {
                    return Err("index.html already has a content security policy; \
                                the single-file page must be written from Trunk's own output"
                        .into());
                }
                if element.attribute("charset").is_some() && element.span.start >= policy_at {
                    policy_at = element.end;
                }
            }
            "base" => edits.push((whole, String::new())),
            "link" => edits.push((whole, inline_link(dir, element, &mut policy)?)),
            "script" => {
                if let Some(source) = element.attribute("src") {
                    return Err(format!(
                        "index.html loads the script {source:?}; expected only Trunk's inline loader"
                    ));
                }
                if is_module_script(element) {
                    loader_found = true;
                    edits.push((whole, String::new()));
                } else if is_classic_script(element) {
                    policy.scripts.push(hash(element.text_in(index)));
                }
            }
            "style" => policy.styles.push(hash(element.text_in(index))),
            _ => check_references(element)?,
        }
    }
    if !loader_found {
        return Err(
            "index.html has no module script that starts the app: is it Trunk's output?".into(),
        );
    }
    let glue = normalise_newlines(glue);
    check_raw_text(&glue, "script", "the wasm-bindgen glue")?;
    let start = start_script(module);
    policy.scripts.push(hash(&glue));
    policy.scripts.push(hash(&start));
    let scripts = format!("<script>{glue}</script>\n<script>{start}</script>\n");
    let meta = format!(
        "\n  <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        escape_attribute(&policy.render())
    );
    // Without an end tag, the body runs to the end of the page.
    let body_end = elements
        .iter()
        .find(|element| element.name == "body")
        .and_then(|body| body.end_tag.as_ref())
        .map_or(index.len(), |end_tag| end_tag.start);
    if body_end < policy_at {
        return Err("index.html ends its body before its head".into());
    }
    edits.push((policy_at..policy_at, meta));
    edits.push((body_end..body_end, scripts));
    let page = html::apply(index, edits)?;
    verify(&page)?;
    Ok(page)
}

/// Replaces a `<link>`: a stylesheet by a `<style>` element, an icon by one with a `data:` URL,
/// and a preload of the files now inlined by nothing.
fn inline_link(dir: &Path, element: &Element, policy: &mut Policy) -> Result<String, String> {
    let rel = element
        .attribute("rel")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let rel_words: Vec<&str> = rel.split_ascii_whitespace().collect();
    let href = element.attribute("href").unwrap_or_default();
    if rel_words
        .iter()
        .any(|word| ["modulepreload", "preload", "prefetch"].contains(word))
    {
        return Ok(String::new());
    }
    let is_stylesheet = rel_words.contains(&"stylesheet");
    let is_icon = rel_words
        .iter()
        .any(|word| *word == "icon" || *word == "apple-touch-icon");
    if !is_stylesheet && !is_icon {
        return Err(format!(
            "cannot inline <link rel=\"{rel}\" href=\"{href}\">"
        ));
    }
    let name = local_file(href)
        .ok_or_else(|| format!("the link {href:?} does not name a file next to index.html"))?;
    let path = dir.join(&name);
    if is_stylesheet {
        let css = normalise_newlines(&read_text(&path)?);
        check_raw_text(&css, "style", &name)?;
        check_css(&css, &name)?;
        policy.styles.push(hash(&css));
        let media = element
            .attribute("media")
            .map(|media| format!(" media=\"{}\"", escape_attribute(media)))
            .unwrap_or_default();
        return Ok(format!("<style{media}>{css}</style>"));
    }
    let bytes =
        std::fs::read(&path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let kind = image_type(&name)
        .ok_or_else(|| format!("the icon {name} is of a type the page cannot inline"))?;
    let mut tag = format!(
        "<link rel=\"{}\" href=\"data:{kind};base64,{}\"",
        escape_attribute(&rel),
        BASE64.encode(bytes)
    );
    for keep in ["sizes", "type"] {
        if let Some(value) = element.attribute(keep) {
            tag.push_str(&format!(" {keep}=\"{}\"", escape_attribute(value)));
        }
    }
    tag.push('>');
    Ok(tag)
}

fn image_type(name: &str) -> Option<&'static str> {
    let (_, extension) = name.rsplit_once('.')?;
    Some(match extension.to_ascii_lowercase().as_str() {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "gif" => "image/gif",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        _ => return None,
    })
}

fn is_classic_script(element: &Element) -> bool {
    let kind = element
        .attribute("type")
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    kind.is_empty() || kind == "text/javascript" || kind == "application/javascript"
}

/// The HTML parser turns every line break into a line feed before the policy hashes a script or
/// style, so the page must carry line feeds for the hashes to match.
fn normalise_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Refuses text that would end its `script` or `style` element early or start a comment in it.
fn check_raw_text(text: &str, element: &str, what: &str) -> Result<(), String> {
    let lower = text.to_ascii_lowercase();
    if lower.contains(&format!("</{element}")) || lower.contains("<!--") {
        return Err(format!(
            "{what} contains \"</{element}\" or \"<!--\" and cannot be inlined as is"
        ));
    }
    Ok(())
}

/// Refuses a stylesheet that loads anything: the page has nothing next to it.
fn check_css(css: &str, name: &str) -> Result<(), String> {
    let lower = css.to_ascii_lowercase();
    if lower.contains("@import") {
        return Err(format!(
            "the stylesheet {name} imports another one; inline it instead"
        ));
    }
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("url(") {
        rest = rest.get(at + 4..).unwrap_or_default();
        let target = rest.trim_start().trim_start_matches(['"', '\'']);
        if !target.starts_with("data:") && !target.starts_with('#') {
            let shown: String = target
                .chars()
                .take_while(|c| !matches!(c, ')' | '"' | '\''))
                .collect();
            return Err(format!(
                "the stylesheet {name} refers to the file {shown:?}; use a data: URL"
            ));
        }
    }
    Ok(())
}

/// Refuses an element that loads or links to a file by a relative or remote address.
fn check_references(element: &Element) -> Result<(), String> {
    const LOADING: [&str; 9] = [
        "src",
        "href",
        "srcset",
        "poster",
        "data",
        "action",
        "formaction",
        "manifest",
        "ping",
    ];
    for attribute in &element.attributes {
        let (key, value) = (&attribute.name, &attribute.value);
        if !LOADING.contains(&key.as_str()) {
            continue;
        }
        let value = value.trim();
        let lower = value.to_ascii_lowercase();
        let inside = value.is_empty() || value.starts_with('#') || lower.starts_with("data:");
        // A link the reader follows may lead elsewhere; nothing is loaded until they do.
        let is_link = matches!(element.name.as_str(), "a" | "area")
            && key == "href"
            && ["https:", "http:", "mailto:"]
                .iter()
                .any(|scheme| lower.starts_with(scheme));
        if !inside && !is_link {
            return Err(format!(
                "<{} {key}=\"{value}\"> refers to a file the single-file page does not carry",
                element.name
            ));
        }
    }
    Ok(())
}

/// The script that decodes the module and starts the app through the glue's `wasm_bindgen`.
/// Compiling from bytes needs no fetch, which `file://` and the policy would refuse.
fn start_script(module: &[u8]) -> String {
    START_SCRIPT.replace("@MODULE@", &BASE64.encode(module))
}

/// The start script; `@MODULE@` stands for the module in base64.
const START_SCRIPT: &str = r##""use strict";
(() => {
  const text = atob("@MODULE@");
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) {
    bytes[i] = text.charCodeAt(i);
  }
  wasm_bindgen({ module_or_path: bytes }).catch((error) => {
    console.error(error);
    const loading = document.querySelector("#app .loading");
    if (loading) {
      loading.textContent = "SP Planner could not start: " + error;
    }
  });
})();
"##;

/// `'sha256-<base64>'`, the policy's name for an inline script or style with this text.
fn hash(text: &str) -> String {
    format!(
        "'sha256-{}'",
        BASE64.encode(Sha256::digest(text.as_bytes()))
    )
}

/// The content security policy of the single-file page.
#[derive(Debug, Default)]
struct Policy {
    scripts: Vec<String>,
    styles: Vec<String>,
}

impl Policy {
    fn render(&self) -> String {
        let list = |hashes: &[String]| {
            let mut unique: Vec<&str> = Vec::new();
            for hash in hashes {
                if !unique.contains(&hash.as_str()) {
                    unique.push(hash);
                }
            }
            unique.join(" ")
        };
        let styles = if self.styles.is_empty() {
            "'none'".to_owned()
        } else {
            list(&self.styles)
        };
        format!(
            "default-src 'none'; script-src {} 'wasm-unsafe-eval'; style-src {styles}; \
             img-src data:; object-src 'none'; base-uri 'none'; form-action 'none'",
            list(&self.scripts)
        )
    }
}

/// Checks the finished page: one policy, before every script and style, that allows each inline
/// script and style by hash, and no element that refers to a file.
fn verify(page: &str) -> Result<(), String> {
    let elements = html::elements(page)?;
    let mut policies = elements.iter().filter(|element| {
        element.name == "meta"
            && element
                .attribute("http-equiv")
                .is_some_and(|equiv| equiv.eq_ignore_ascii_case("content-security-policy"))
    });
    let meta = policies
        .next()
        .ok_or("the page has no content security policy")?;
    if policies.next().is_some() {
        return Err("the page has more than one content security policy".into());
    }
    let policy = meta.attribute("content").unwrap_or_default();
    let directive = |name: &str| -> Vec<&str> {
        policy
            .split(';')
            .map(str::trim)
            .find_map(|part| {
                part.strip_prefix(name)
                    .and_then(|rest| rest.strip_prefix(' '))
            })
            .map(|sources| sources.split_ascii_whitespace().collect())
            .unwrap_or_default()
    };
    let scripts = directive("script-src");
    let styles = directive("style-src");
    for element in &elements {
        match element.name.as_str() {
            "script" | "style" if element.span.start < meta.span.start => {
                return Err(format!(
                    "a {} comes before the content security policy",
                    element.name
                ));
            }
            "script" if is_classic_script(element) => {
                if element.attribute("src").is_some() {
                    return Err("the page loads a script from a file".into());
                }
                if !scripts.contains(&hash(element.text_in(page)).as_str()) {
                    return Err(format!(
                        "the policy does not allow the script at byte {}",
                        element.span.start
                    ));
                }
            }
            "script" => {
                return Err(format!(
                    "the script at byte {} is not a classic script",
                    element.span.start
                ));
            }
            "style" => {
                if !styles.contains(&hash(element.text_in(page)).as_str()) {
                    return Err(format!(
                        "the policy does not allow the style at byte {}",
                        element.span.start
                    ));
                }
            }
            _ => check_references(element)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
