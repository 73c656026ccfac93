//! The knowledge-base compiler: it reads the Markdown pages and presets, cuts them into
//! sections, renders their HTML, and writes it all as the text and binary tables that `sp-kb`
//! embeds (the layout is in `sp_kb_text::layout`). A section's plain text is a function of its
//! HTML, `sp_kb_text::html::to_text`: the compiler works it out for its own use
//! ([`Section::text`]) but does not store it, and `sp-kb` derives it again and builds the
//! search index from it when the first search needs it; the tables hold only the idf and the
//! boosts.
//!
//! `sp-kb`'s build script runs [`compile`] over `content/`, so neither the app nor the CLI
//! carries a Markdown or TOML parser or the Markdown itself. Tests, benchmarks and tools call
//! [`compile`] at run time on other content (fixtures, a generated corpus) and open the result with
//! `sp_kb::Kb::open`.
//!
//! **Parsing.** One function, [`markdown::parser`], sets the pulldown-cmark options (tables,
//! strikethrough, footnotes, task lists, heading attributes, `+++` front matter); rendering,
//! section extraction and link checking all call it.
//!
//! **Pages and sections.** A page is a file; its TOML front matter gives id, title, versions,
//! order and the presets. A section is the text under a `#`, `##` or `###` heading (deeper
//! headings stay inside their section), plus one opening section per page, whose anchor is the
//! page id, for the text before the first heading. A heading's anchor is its explicit `{#id}`,
//! or else the slug of its text made unique across the knowledge base with `-1`, `-2`…
//! (explicit anchors are claimed first, so a generated one never takes them). If a heading
//! claims its own page's id, the opening section becomes `<page>-intro` when it has text and
//! disappears when it has none.
//!
//! **Presets.** Front matter maps section anchors to presets. A `###` section without its own
//! preset inherits its `##` parent's, since a subsection (the numbered steps, say) plans the
//! same scenario; a page's opening section never passes its preset down.
//!
//! **Rendering.** `#anchor` links become the app's routes `#/kb/anchor`, external links get
//! `rel="noopener noreferrer"`, the marker `[unconfirmed]` becomes a badge, and raw HTML
//! passes through (it is our own content).
//!
//! **Errors.** Problems in the content (bad front matter, duplicate anchors, broken links,
//! unknown presets) do not stop the compiler: it keeps what it could read and lists each
//! problem with its file and line in [`Compiled::errors`] and in the tables, so that
//! `sp_kb::Kb::errors` reports them and the content tests fail on them.

pub mod front;
pub mod load;
pub mod markdown;
pub mod render;

use std::path::{Path, PathBuf};

use sp_kb_text::ContentError;
use sp_kb_text::layout::{MetaWriter, join, push_f32, push_varint};

pub use load::{Loaded, Page, Section};

/// Pages that summarise and point elsewhere, with what their sections' scores are multiplied
/// by, so that a search lands on the section that explains a topic rather than on a list
/// that mentions it.
pub const HUB_PAGES: &[(&str, f32)] = &[("overview", 0.6), ("references", 0.6), ("glossary", 0.7), ("rules", 0.5)];

/// A compiled knowledge base.
#[derive(Debug, Default)]
pub struct Compiled {
    /// Every string the tables point into.
    pub text: String,
    /// The binary tables.
    pub tables: Vec<u8>,
    /// The problems found in the content (also stored in the tables).
    pub errors: Vec<ContentError>,
}

/// Compiles Markdown pages and presets, each `(file name, text)`.
///
/// Never fails and never panics: problems in the content are listed in
/// [`Compiled::errors`].
pub fn compile(pages: &[(&str, &str)], presets: &[(&str, &str)]) -> Compiled {
    let loaded = load::load(pages, presets);
    let mut meta = MetaWriter::default();
    meta.usize(loaded.pages.len());
    for page in &loaded.pages {
        meta.str(&page.id);
        meta.str(&page.title);
        meta.str(&page.file);
        meta.i64(page.order);
        meta.strs(&page.versions);
        meta.usize(page.sections.start);
        meta.usize(page.sections.end);
    }
    meta.usize(loaded.sections.len());
    for section in &loaded.sections {
        meta.str(&section.id);
        meta.str(&section.page);
        meta.str(&section.title);
        meta.u32(u32::from(section.level));
        meta.strs(&section.breadcrumbs);
        meta.str(&section.html);
        meta.str(&section.heading_html);
        meta.opt_str(section.preset.as_deref());
        meta.strs(&section.links);
        meta.str(&section.file);
        meta.usize(section.line);
    }
    meta.usize(loaded.presets.len());
    for (name, json) in &loaded.presets {
        meta.str(name);
        meta.str(json);
    }
    meta.usize(loaded.errors.len());
    for error in &loaded.errors {
        meta.str(&error.file);
        meta.usize(error.line);
        meta.str(&error.message);
    }

    let mut sorted: Vec<usize> = (0..loaded.sections.len()).collect();
    sorted.sort_by(|&a, &b| loaded.sections.get(a).map(|s| &s.id).cmp(&loaded.sections.get(b).map(|s| &s.id)));
    let mut sorted_ids = Vec::with_capacity(sorted.len());
    for &i in &sorted {
        push_varint(&mut sorted_ids, u32::try_from(i).unwrap_or(u32::MAX));
    }

    // The reader builds the index; the idf and the boosts are all it cannot work out itself.
    let docs = loaded.sections.len();
    let mut idf = Vec::with_capacity(docs * 4);
    for df in 1..=docs {
        push_f32(&mut idf, sp_kb_text::score::idf(docs, df));
    }
    let mut boosts = Vec::with_capacity(docs * 4);
    for section in &loaded.sections {
        push_f32(&mut boosts, HUB_PAGES.iter().find(|(page, _)| *page == section.page).map_or(1.0, |(_, boost)| *boost));
    }

    let tables = join(&[meta.bytes, sorted_ids, idf, boosts]);
    Compiled { text: meta.text, tables, errors: loaded.errors }
}

/// The files of a content folder: its `*.md` pages and its `presets/*.json` presets.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    /// Every page, `(file name, text)`, sorted by file name.
    pub pages: Vec<(String, String)>,
    /// Every preset, `(file name, JSON)`, sorted by file name.
    pub presets: Vec<(String, String)>,
    /// Every folder and file read, for a build script to watch.
    pub read: Vec<PathBuf>,
}

impl Sources {
    /// Reads a content folder; a missing `presets` folder has no presets.
    pub fn read(dir: &Path) -> std::io::Result<Sources> {
        let presets = dir.join("presets");
        let mut read = vec![dir.to_path_buf(), presets.clone()];
        let pages = read_files(&files(dir, "md")?, &mut read)?;
        let presets = if presets.is_dir() { read_files(&files(&presets, "json")?, &mut read)? } else { Vec::new() };
        Ok(Sources { pages, presets, read })
    }

    /// Compiles the pages and presets.
    pub fn compile(&self) -> Compiled {
        let pages: Vec<(&str, &str)> = self.pages.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        let presets: Vec<(&str, &str)> = self.presets.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        compile(&pages, &presets)
    }
}

/// The files of `dir` with extension `ext`, sorted by name.
fn files(dir: &Path, ext: &str) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == ext) {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

/// `(file name, text)` of each file.
fn read_files(paths: &[PathBuf], read: &mut Vec<PathBuf>) -> std::io::Result<Vec<(String, String)>> {
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        read.push(path.clone());
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let text = std::fs::read_to_string(path).map_err(|error| std::io::Error::new(error.kind(), format!("{}: {error}", path.display())))?;
        out.push((name, text));
    }
    Ok(out)
}
