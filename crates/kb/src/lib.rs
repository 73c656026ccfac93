//! The knowledge base: the guide's Markdown pages, cut into sections, rendered, and searchable
//! as you type.
//!
//! ```
//! let kb = sp_kb::Kb::get();
//! for hit in kb.search("c1037b44", 3) {
//!     println!("{} ({}): {}", hit.title, hit.breadcrumbs.join(" › "), hit.snippet);
//! }
//! if let Some(section) = kb.section("e2003-cluster") {
//!     assert_eq!(section.page, "exchange-2003");
//! }
//! ```
//!
//! # A tour
//!
//! `build.rs` embeds every `content/*.md` page and `content/presets/*.json` preset, so the
//! crate reads no file at run time; [`Kb::get`] builds the knowledge base from them once, on
//! first use. [`Kb::from_sources`] builds one from any text, for tests and benchmarks.
//!
//! **Parsing.** One function, [`markdown::parser`], sets the pulldown-cmark options (tables,
//! strikethrough, footnotes, task lists, heading attributes, `+++` front matter); rendering,
//! section extraction and link checking all call it.
//!
//! **Pages and sections.** A [`Page`] is a file; its TOML front matter gives id, title, versions,
//! order and the presets. A [`Section`] is the text under a `#`, `##` or `###` heading (deeper
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
//! `rel="noopener noreferrer"`, the marker `[unconfirmed]` becomes a badge, raw HTML passes
//! through (it is our own content), and [`Kb::render_page`] gives headings their anchors.
//!
//! **Errors.** Problems in the content (bad front matter, duplicate anchors, broken links,
//! unknown presets) never stop the build: the knowledge base keeps what it could read and
//! [`Kb::errors`] lists each problem with its file and line.
//!
//! # Search
//!
//! One document per section, with three fields: the section title (weight 4), its breadcrumbs
//! (1.5) and its body (1). Ranking is BM25F (k1 = 1.2) with the per-field weights and length
//! normalisation precomputed into each posting, so a query only multiplies and adds; a word in
//! the title (or the breadcrumbs) also adds a fixed bonus outside BM25's saturation, so a
//! heading outweighs any number of mentions in a body.
//! A section that lacks some of the query's words keeps the square of the share it has of its
//! score; common question words ("which", "the", "how"…) count for ranking but are not
//! required. All readings of a query word (exact, completions, near misses) are weighed with
//! the idf of its commonest reading, so a rare completion cannot outrank the word itself.
//! Sections of summary pages ([`HUB_PAGES`]: overview, references, glossary, rule catalogue)
//! are weighted down a little, so the section that explains a topic wins over a list that
//! mentions it. The anchor counts as a breadcrumb (`e2003-non-clustered` finds "non
//! clustered").
//!
//! - **Tokens.** See [`tokenize`]: codes (`c1037b44`) and dotted builds (`6.5.7638`) stay
//!   whole, builds also index their parts, `KB 842427` and `KB842427` both match `842427`,
//!   hyphenated words match written apart or together, plurals match their singular, `SBS`,
//!   `EVS` and `OWA` match the names they stand for, and terms over 32 characters are dropped.
//!   A query word ending in `-ing` or `-ed` also finds the other forms of its verb.
//! - **As you type.** The last word, when no space follows it, also matches every term it
//!   starts (the 32 most frequent), weighted a little below an exact match.
//! - **Typos.** Words of 5 or more letters match terms one edit away, words of 9 or more two
//!   edits away (an edit inserts, deletes or replaces a letter, or swaps two neighbours);
//!   words with digits never do, so `1025` does not find `1026`. A near miss counts about half
//!   as much as an exact match. The word being typed gets completions and near misses of the
//!   whole word, not near misses of its completions.
//! - **Phrases.** Text in double quotes must occur as written (word positions are stored).
//! - **Snippets.** Each hit carries a snippet of about 24 words where the most distinct query
//!   words meet, with byte ranges of the matches; [`Hit::snippet_html`] escapes it and wraps
//!   the matches in `<mark>`.
//!
//! **Why `fst`, and why not its Levenshtein automata.** The term dictionary is an
//! `fst::Map`: sorted, compact, pure Rust, builds for wasm32, and well kept; completions of the
//! word being typed are a range scan over it. For typos we first ran `fst`'s own Levenshtein
//! automaton over that map, as the issue suggests, and measured it on this machine: building
//! the automaton alone took 0.1–0.7 ms for a word at one edit and 3–6 ms at two, against a
//! budget of 10 µs for a whole query. tantivy's `levenshtein_automata` (a parametric DFA)
//! brought that to 10–90 µs per word to build plus 13–48 µs to walk the dictionary, still far
//! over. So typos are found with a symmetric-deletion dictionary (see `fuzzy.rs`, about
//! 150 lines): every term is filed under the hashes of its variants with one or two letters
//! deleted, a query word looks up its own variants, and each candidate is confirmed with an
//! exact edit distance. A lookup is a few binary searches and a handful of small distance
//! computations; the price is memory (8 bytes per variant) and a few milliseconds to build,
//! paid by the first query that needs it (or by [`Kb::warm`]).

pub mod front;
mod fuzzy;
mod index;
mod load;
pub mod markdown;
mod query;
pub mod render;
mod snippet;
pub mod tokenize;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;

pub use index::Stats;
pub use load::{ContentError, Page, Section};
pub use query::Query;
pub use render::highlight_html;

/// Pages that summarise and point elsewhere, with what their sections' scores are multiplied
/// by, so that a search lands on the section that explains a topic rather than on a list
/// that mentions it.
pub const HUB_PAGES: &[(&str, f32)] = &[("overview", 0.6), ("references", 0.6), ("glossary", 0.7), ("rules", 0.5)];

/// The rules' citations, `(rule id, section anchor)`.
fn citations() -> Vec<(&'static str, &'static str)> {
    #[cfg(feature = "rules")]
    let citations = sp_rules::rules::RULES.iter().map(|rule| (rule.id, rule.kb)).collect();
    #[cfg(not(feature = "rules"))]
    let citations = Vec::new();
    citations
}

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The knowledge base: pages, sections, presets and the search index.
#[derive(Debug)]
pub struct Kb {
    pages: Vec<Page>,
    sections: Vec<Section>,
    by_id: BTreeMap<String, usize>,
    presets: Vec<(String, String)>,
    errors: Vec<ContentError>,
    index: index::Index,
}

/// One search result: a section with a snippet around its best match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit<'a> {
    /// The section anchor.
    pub id: &'a str,
    /// The id of the page it is on.
    pub page: &'a str,
    /// The section title.
    pub title: &'a str,
    /// The page title, the headings above, and the section's own title.
    pub breadcrumbs: &'a [String],
    /// The score results are ordered by (see the crate docs).
    pub score: f32,
    /// About 24 words of the section's text around the best match.
    pub snippet: String,
    /// Byte ranges of the matched words in `snippet`.
    pub matches: Vec<(usize, usize)>,
    /// Byte ranges of the matched words in `title`.
    pub title_matches: Vec<(usize, usize)>,
}

impl Hit<'_> {
    /// The snippet as escaped HTML with the matched words in `<mark>`.
    pub fn snippet_html(&self) -> String {
        highlight_html(&self.snippet, &self.matches)
    }

    /// The title as escaped HTML with the matched words in `<mark>`.
    pub fn title_html(&self) -> String {
        highlight_html(self.title, &self.title_matches)
    }
}

impl Kb {
    /// The knowledge base compiled into the binary, built on first use.
    ///
    /// With the default `rules` feature, sections know which rules of
    /// `sp_rules::rules::RULES` cite them.
    pub fn get() -> &'static Kb {
        static KB: OnceLock<Kb> = OnceLock::new();
        KB.get_or_init(|| Kb::from_sources(embedded::PAGES, embedded::PRESETS, &citations()))
    }

    /// The embedded content files, `(file name, text)`, sorted by name.
    pub fn embedded_pages() -> &'static [(&'static str, &'static str)] {
        embedded::PAGES
    }

    /// The embedded preset files, `(file name, JSON)`, sorted by name.
    pub fn embedded_presets() -> &'static [(&'static str, &'static str)] {
        embedded::PRESETS
    }

    /// Builds a knowledge base from Markdown pages and presets, each `(file name, text)`.
    ///
    /// `citations` pairs rule ids with the section anchors they cite. Problems in the content
    /// are collected in [`Kb::errors`]; this never fails and never panics.
    pub fn from_sources(pages: &[(&str, &str)], presets: &[(&str, &str)], citations: &[(&str, &str)]) -> Kb {
        let loaded = load::load(pages, presets, citations);
        let by_id = loaded.sections.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
        // The anchor joins the breadcrumbs: `e2003-non-clustered` says what the section is about.
        let crumbs: Vec<Vec<String>> = loaded
            .sections
            .iter()
            .map(|s| {
                let mut crumbs = s.breadcrumbs.split_last().map_or(Vec::new(), |(_, above)| above.to_vec());
                crumbs.push(s.id.clone());
                crumbs
            })
            .collect();
        let docs: Vec<index::Doc<'_>> = loaded
            .sections
            .iter()
            .zip(&crumbs)
            .map(|(s, crumbs)| index::Doc {
                title: &s.title,
                crumbs,
                body: &s.text,
                boost: HUB_PAGES.iter().find(|(page, _)| *page == s.page).map_or(1.0, |(_, boost)| *boost),
            })
            .collect();
        let index = index::Index::build(&docs);
        Kb {
            pages: loaded.pages,
            sections: loaded.sections,
            by_id,
            presets: loaded.presets,
            errors: loaded.errors,
            index,
        }
    }

    /// The pages in table-of-contents order (by `order`, then id).
    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    /// A page by id.
    pub fn page(&self, id: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.id == id)
    }

    /// The sections of a page, in order.
    pub fn page_sections(&self, page: &Page) -> &[Section] {
        self.sections.get(page.sections.clone()).unwrap_or_default()
    }

    /// Every section, page by page in table-of-contents order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// A section by anchor.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.by_id.get(id).and_then(|&i| self.sections.get(i))
    }

    /// A preset's JSON by name (its file name without `.json`).
    pub fn preset(&self, name: &str) -> Option<&str> {
        self.presets.iter().find(|(n, _)| n == name).map(|(_, json)| json.as_str())
    }

    /// Every preset, `(name, JSON)`, sorted by name.
    pub fn presets(&self) -> impl Iterator<Item = (&str, &str)> {
        self.presets.iter().map(|(n, j)| (n.as_str(), j.as_str()))
    }

    /// The problems found in the content, each with its file and line.
    pub fn errors(&self) -> &[ContentError] {
        &self.errors
    }

    /// A whole page as HTML: an `<h1>` with the title, then every section's heading (with its
    /// anchor as `id`) and body.
    pub fn render_page(&self, id: &str) -> Option<String> {
        let page = self.page(id)?;
        let mut html = String::new();
        let sections = self.page_sections(page);
        let opening = sections.first().filter(|s| s.level == 1 && s.breadcrumbs.len() == 1 && s.page == page.id);
        match opening {
            Some(s) if s.id == page.id => {
                html.push_str(&format!("<h1 id=\"{}\">{}</h1>\n", render::escape(&s.id), render::escape(&page.title)));
            }
            _ => html.push_str(&format!("<h1>{}</h1>\n", render::escape(&page.title))),
        }
        for (i, section) in sections.iter().enumerate() {
            let is_opening = i == 0 && opening.is_some();
            if !is_opening {
                let level = section.level.clamp(1, 6);
                html.push_str(&format!(
                    "<h{level} id=\"{}\">{}</h{level}>\n",
                    render::escape(&section.id),
                    section.heading_html
                ));
            }
            html.push_str(&section.html);
        }
        Some(html)
    }

    /// Searches every section; see the crate docs for the ranking. Returns at most `limit` hits.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit<'_>> {
        let parsed = Query::parse(query);
        if parsed.is_empty() {
            return Vec::new();
        }
        let (found, matched) = self.index.search(&parsed, limit);
        found
            .into_iter()
            .filter_map(|f| {
                let section = self.sections.get(f.doc as usize)?;
                let mut hits = self.index.hits(f.doc, 1, &matched);
                let starts = self.index.word_starts(f.doc, 1);
                let (snippet, matches) = snippet::snippet(&section.text, starts, &mut hits);
                Some(Hit {
                    id: &section.id,
                    page: &section.page,
                    title: &section.title,
                    breadcrumbs: &section.breadcrumbs,
                    score: f.score,
                    snippet,
                    matches,
                    title_matches: snippet::mark(&section.title, self.index.word_starts(f.doc, 0), &self.index.hits(f.doc, 0, &matched)),
                })
            })
            .collect()
    }

    /// Builds the typo dictionary now; otherwise the first query that tolerates a typo builds
    /// it (a few milliseconds on the real content), which an app can avoid by calling this
    /// when it is idle.
    pub fn warm(&self) {
        self.index.warm();
    }

    /// Sizes of the search index (the typo dictionary counts once it is built).
    pub fn index_stats(&self) -> Stats {
        self.index.stats()
    }

    /// Every indexed term with its postings, for snapshot tests.
    #[doc(hidden)]
    pub fn index_dump(&self) -> String {
        let names: Vec<&str> = self.sections.iter().map(|s| s.id.as_str()).collect();
        self.index.dump(&names)
    }
}
