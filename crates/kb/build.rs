//! Embeds the knowledge base: every `content/*.md` page and every `content/presets/*.json` preset.
//!
//! The generated file holds two sorted slices of `(file name, text)` pairs that `include_str!` the
//! files, so the crate reads nothing at run time and Cargo rebuilds it when a file changes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let content = manifest.join("..").join("..").join("content");
    let presets = content.join("presets");
    let mut out = String::new();
    out.push_str("/// Every page of `content/`, sorted by file name.\n");
    out.push_str("pub static PAGES: &[(&str, &str)] = &[\n");
    for path in files(&content, "md") {
        push_entry(&mut out, &path);
    }
    out.push_str("];\n\n/// Every preset of `content/presets/`, sorted by file name.\n");
    out.push_str("pub static PRESETS: &[(&str, &str)] = &[\n");
    for path in files(&presets, "json") {
        push_entry(&mut out, &path);
    }
    out.push_str("];\n");
    println!("cargo::rerun-if-changed={}", content.display());
    println!("cargo::rerun-if-changed={}", presets.display());
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("embedded.rs");
    if let Err(error) = std::fs::write(&dest, out) {
        println!("cargo::error=cannot write {}: {error}", dest.display());
    }
}

/// The files of `dir` with extension `ext`, sorted by name; a missing folder has none.
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|e| e == ext))
        .collect();
    found.sort();
    found
}

fn push_entry(out: &mut String, path: &Path) {
    println!("cargo::rerun-if-changed={}", path.display());
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let _ = writeln!(out, "    ({name:?}, include_str!({:?})),", path.display().to_string());
}
