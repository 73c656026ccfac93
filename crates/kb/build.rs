//! Compiles the knowledge base: every `content/*.md` page and every `content/presets/*.json`
//! preset, through `sp-kb-build`, into `kb.txt` (every string) and `kb.bin` (the tables) in
//! `OUT_DIR`, which the crate embeds. Nothing is parsed at run time.
//!
//! Problems in the content are printed as warnings here and kept in the tables, where
//! `Kb::errors` reports them and the content tests fail on them.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let content = manifest.join("..").join("..").join("content");
    let sources = match sp_kb_build::Sources::read(&content) {
        Ok(sources) => sources,
        Err(error) => {
            println!("cargo::rerun-if-changed={}", content.display());
            println!("cargo::error=cannot read the knowledge base: {error}");
            return;
        }
    };
    for path in &sources.read {
        println!("cargo::rerun-if-changed={}", path.display());
    }
    let compiled = sources.compile();
    for error in &compiled.errors {
        println!("cargo::warning=content/{error}");
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    for (name, bytes) in [("kb.txt", compiled.text.as_bytes()), ("kb.bin", compiled.tables.as_slice())] {
        let dest = out.join(name);
        if let Err(error) = std::fs::write(&dest, bytes) {
            println!("cargo::error=cannot write {}: {error}", dest.display());
        }
    }
}
