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
//! **Compiled, not parsed.** `build.rs` runs the compiler, `sp-kb-build`, over every
//! `content/*.md` page and `content/presets/*.json` preset: it parses the Markdown and the
//! TOML front matter, cuts pages into sections, renders their HTML, and writes it all as a
//! text (every string) and small binary tables (the layout is in `sp_kb_text::layout`), which
//! this crate embeds with `include_str!` and `include_bytes!`. So the app and the CLI carry
//! neither pulldown-cmark nor a TOML parser nor the Markdown, and read no file at run time.
//! [`Kb::get`] reads the page and section records, which point into the text; the first
//! search (or [`Kb::warm`]) derives each section's plain text from its HTML and builds the
//! search index from it (a few milliseconds; see below why neither is stored).
//! [`Kb::open`] opens any compiled knowledge base the same way:
//! tests, benchmarks and tools compile fixtures or a generated corpus at run time with
//! `sp_kb_build::compile` and open the result. How pages become sections (anchors,
//! breadcrumbs, inherited presets, rendering) is described in `sp-kb-build`.
//!
//! **Sections.** A [`Section`] is the text under a `#`, `##` or `###` heading, or a page's
//! opening text, with its anchor, breadcrumbs, HTML, preset, and the rules that cite it (with
//! the default `rules` feature, from `sp_rules::rules::RULES`, matched when the knowledge base
//! is opened). Its plain text, which search indexes and cuts snippets from, is the HTML with
//! the tags taken out, a line per block and ` | ` between table cells
//! (`sp_kb_text::html::to_text`); [`Kb::text`] gives it. [`Kb::render_page`] gives headings
//! their anchors.
//!
//! **Errors.** Problems in the content (bad front matter, duplicate anchors, broken links,
//! unknown presets) do not stop the build: the compiler keeps what it could read, prints a
//! warning per problem, and stores the problems, which [`Kb::errors`] lists with their file
//! and line (the content tests fail on any).
//!
//! # Search
//!
//! One document per section, with three fields: the section title (weight 4), its breadcrumbs
//! (1.5) and its body (1). Ranking is BM25F (k1 = 1.2) with the per-field weights and length
//! normalisation computed into each posting when the index is built (by
//! `sp_kb_text::score::impact`), so a query only multiplies and
//! adds; a word in the title (or the breadcrumbs) also adds a fixed bonus outside BM25's
//! saturation, so a heading outweighs any number of mentions in a body.
//! A section that lacks some of the query's words keeps the square of the share it has of its
//! score; common question words ("which", "the", "how"…) count for ranking but are not
//! required. All readings of a query word (exact, completions, near misses) are weighed with
//! the idf of its commonest reading, so a rare completion cannot outrank the word itself.
//! Sections of summary pages (`sp_kb_build::HUB_PAGES`: overview, references, glossary, rules)
//! are weighted down a little, so the section that explains a topic wins over a list that
//! mentions it. The anchor counts as a breadcrumb (`e2003-non-clustered` finds "non
//! clustered").
//!
//! - **Tokens.** See [`tokenize`] (shared with the compiler through `sp-kb-text`): codes (`c1037b44`) and dotted builds (`6.5.7638`) stay
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
//! **Why a sorted list of terms, and no Levenshtein automata.** The term dictionary is the
//! terms sorted by their bytes, numbered in that order: a lookup is a binary search, and the
//! completions of the word being typed are a contiguous run of numbers. It was an `fst::Map`
//! (sorted, compact, pure Rust, well kept), which the issue suggested; stored front-coded the
//! list takes 3.8 KB gzipped in the app against the map's 6.7 KB, and without the `fst` crate
//! (its code and its checksum tables) the app's WebAssembly is 23 KB smaller gzipped
//! (`benches/README.md`), for the same results. For typos we first ran `fst`'s own
//! Levenshtein automaton over that map and measured it on this machine: building the
//! automaton alone took 0.1–0.7 ms for a word at one edit and 3–6 ms at two, against a
//! budget of 10 µs for a whole query. tantivy's `levenshtein_automata` (a parametric DFA)
//! brought that to 10–90 µs per word to build plus 13–48 µs to walk the dictionary, still far
//! over. So typos are found with a symmetric-deletion dictionary (see `fuzzy.rs`, about
//! 150 lines): every term is filed under the hashes of its variants with one or two letters
//! deleted, a query word looks up its own variants, and each candidate is confirmed with an
//! exact edit distance. A lookup is a few binary searches and a handful of small distance
//! computations; the price is memory (8 bytes per variant) and a few milliseconds to build,
//! paid by the first query that needs it (or by [`Kb::warm`]). It is built at run time, not
//! compiled in: its hashes do not compress, and it would add about 256 KB to the app.
//!
//! **Why compiled tables, and why the index is built when it is first needed.**
//! Parsing the Markdown at start-up put a Markdown and a TOML parser in the app, so the
//! content is compiled. The search index was compiled too at first, but even stored compactly
//! (sorted numbers as variable-length gaps, term frequencies rather than scores) it took
//! 36 KB gzipped, more than the text it indexes, in an app whose whole download has a budget
//! of 250 KB. So it is built from the sections' text with the tokenizer the queries use, when
//! it is first needed, straight into the vectors queries read, with every impact computed
//! (`index/build.rs`). The plain text itself is not stored either: it is almost the HTML without
//! its tags, and storing both took 7 KB more of the app's download (gzipped) than the code
//! that derives it when the index is built, which adds about an eighth to building the index
//! (`benches/README.md`);
//! only the idf of each document frequency is stored, since `ln` may round differently on
//! another target. Scores are the same to the bit as when the index was stored. A section's
//! word starts are found with the shared tokenizer the first time it needs a snippet (or by
//! [`Kb::warm`]); queries then read plain vectors. The benchmarks' generated corpus of 1,000
//! articles is compiled at run time by the same compiler and opened the same way.

mod dictionary;
mod fuzzy;
mod index;
mod order;
mod query;
pub mod render;
mod snippet;

use std::sync::OnceLock;

use serde::Serialize;
use sp_kb_text::html::escape;
use sp_kb_text::layout::{MetaReader, Reader, split};

pub use index::Stats;
pub use query::Query;
pub use render::highlight_html;
pub use sp_kb_text::layout::LayoutError;
pub use sp_kb_text::{ContentError, tokenize};

use index::Index;

/// The rules' citations, `(rule id, section anchor)`.
fn citations() -> Vec<(&'static str, &'static str)> {
    #[cfg(feature = "rules")]
    let citations = sp_rules::rules::RULES.iter().map(|rule| (rule.id, rule.kb)).collect();
    #[cfg(not(feature = "rules"))]
    let citations = Vec::new();
    citations
}

/// Every string of the compiled content.
static TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/kb.txt"));
/// The compiled tables.
static TABLES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/kb.bin"));

/// One page: a content file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page<'a> {
    /// The page id from the front matter.
    pub id: &'a str,
    /// The page title.
    pub title: &'a str,
    /// The versions it applies to; empty means all.
    pub versions: Vec<&'a str>,
    /// The position in the table of contents.
    pub order: i64,
    /// The file it came from.
    pub file: &'a str,
    /// Its sections, as indexes into [`Kb::sections`].
    pub sections: std::ops::Range<usize>,
}

/// One section: the text under one heading, or a page's text before its first heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section<'a> {
    /// The anchor, unique across the knowledge base.
    pub id: &'a str,
    /// The id of the page it is on.
    pub page: &'a str,
    /// The heading text (the page title for a page's opening section).
    pub title: &'a str,
    /// 1 for a page's opening section, 2 for `##`, 3 for `###`.
    pub level: u8,
    /// The page title, the headings above, and the section's own title.
    pub breadcrumbs: Vec<&'a str>,
    /// The body as HTML (without its heading).
    pub html: &'a str,
    /// The heading's inner HTML.
    pub heading_html: &'a str,
    /// The preset that plans this scenario, from the front matter or the parent section.
    pub preset: Option<&'a str>,
    /// The ids of the rules that cite this section.
    pub rules: Vec<&'a str>,
    /// The anchors this section links to.
    pub links: Vec<&'a str>,
    /// The file it came from.
    pub file: &'a str,
    /// The line of its heading (of the front matter for a page's opening section).
    pub line: usize,
}

/// The knowledge base: pages, sections, presets and the search index, read from compiled
/// tables that live for `'a` (`'static` for the embedded one).
#[derive(Debug)]
pub struct Kb<'a> {
    pages: Vec<Page<'a>>,
    sections: Vec<Section<'a>>,
    /// The section numbers sorted by anchor.
    sorted_ids: Vec<u32>,
    presets: Vec<(&'a str, &'a str)>,
    errors: Vec<ContentError>,
    /// The idf of each document frequency and each section's boost, as the tables store them.
    idf: &'a [u8],
    boosts: &'a [u8],
    /// The sections' plain text and the search index built from it, by the first search (or
    /// [`Kb::warm`]).
    index: OnceLock<Index<'a>>,
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
    pub breadcrumbs: &'a [&'a str],
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

impl Kb<'static> {
    /// The knowledge base compiled into the binary, opened on first use.
    ///
    /// With the default `rules` feature, sections know which rules of
    /// `sp_rules::rules::RULES` cite them.
    pub fn get() -> &'static Kb<'static> {
        static KB: OnceLock<Kb<'static>> = OnceLock::new();
        KB.get_or_init(|| {
            Kb::open(TEXT, TABLES, &citations()).unwrap_or_else(|error| Kb::empty(ContentError {
                file: "kb.bin".to_owned(),
                line: 1,
                message: error.to_string(),
            }))
        })
    }

    /// The compiled knowledge base as embedded: every string, and the tables.
    pub fn embedded() -> (&'static str, &'static [u8]) {
        (TEXT, TABLES)
    }

    /// A knowledge base with nothing in it but one error.
    fn empty(error: ContentError) -> Kb<'static> {
        Kb { pages: Vec::new(), sections: Vec::new(), sorted_ids: Vec::new(), presets: Vec::new(), errors: vec![error], idf: &[], boosts: &[], index: OnceLock::from(Index::empty()) }
    }
}

impl<'a> Kb<'a> {
    /// Opens a compiled knowledge base: `text` and `tables` as `sp_kb_build::compile` wrote
    /// them. `citations` pairs rule ids with the section anchors they cite.
    ///
    /// Reads the page and section records (their strings point into `text`); the search index
    /// is built by the first search, or by [`Kb::warm`]. Fails when the tables are damaged or
    /// of another format version.
    pub fn open(text: &'a str, tables: &'a [u8], citations: &[(&'a str, &'a str)]) -> Result<Kb<'a>, LayoutError> {
        let [meta, sorted_ids, idf, boosts] = split(tables)?;
        let mut r = MetaReader::new(meta, text);
        let page_count = r.usize()?;
        let mut pages = Vec::with_capacity(page_count.min(meta.len()));
        for _ in 0..page_count {
            let id = r.str()?;
            let title = r.str()?;
            let file = r.str()?;
            let order = r.i64()?;
            let versions = r.strs()?;
            let start = r.usize()?;
            let end = r.usize()?;
            pages.push(Page { id, title, versions, order, file, sections: start..end });
        }
        let section_count = r.usize()?;
        let mut sections = Vec::with_capacity(section_count.min(meta.len()));
        for _ in 0..section_count {
            let id = r.str()?;
            let page = r.str()?;
            let title = r.str()?;
            let level = u8::try_from(r.u32()?).map_err(|_| LayoutError("a heading level is out of range"))?;
            let breadcrumbs = r.strs()?;
            let html = r.str()?;
            let heading_html = r.str()?;
            let preset = r.opt_str()?;
            let links = r.strs()?;
            let file = r.str()?;
            let line = r.usize()?;
            let rules = citations.iter().filter(|(_, kb)| *kb == id).map(|(rule, _)| *rule).collect();
            sections.push(Section { id, page, title, level, breadcrumbs, html, heading_html, preset, rules, links, file, line });
        }
        if pages.iter().any(|p| p.sections.start > p.sections.end || p.sections.end > sections.len()) {
            return Err(LayoutError("a page's sections lie outside the section list"));
        }
        let preset_count = r.usize()?;
        let mut presets = Vec::with_capacity(preset_count.min(meta.len()));
        for _ in 0..preset_count {
            presets.push((r.str()?, r.str()?));
        }
        let error_count = r.usize()?;
        let mut errors = Vec::with_capacity(error_count.min(meta.len()));
        for _ in 0..error_count {
            let file = r.str()?.to_owned();
            let line = r.usize()?;
            let message = r.str()?.to_owned();
            errors.push(ContentError { file, line, message });
        }
        let mut ids = Reader::new(sorted_ids);
        let sorted_ids = (0..sections.len().min(sorted_ids.len())).map(|_| ids.varint()).collect::<Result<Vec<u32>, _>>()?;
        if sorted_ids.len() != sections.len() || ids.finish().is_err() {
            return Err(LayoutError("the anchor table does not match the sections"));
        }
        if idf.len() != sections.len().saturating_mul(4) || boosts.len() != idf.len() {
            return Err(LayoutError("the idf or boost table does not match the sections"));
        }
        Ok(Kb { pages, sections, sorted_ids, presets, errors, idf, boosts, index: OnceLock::new() })
    }

    /// The pages in table-of-contents order (by `order`, then id).
    pub fn pages(&self) -> &[Page<'a>] {
        &self.pages
    }

    /// A page by id.
    pub fn page(&self, id: &str) -> Option<&Page<'a>> {
        self.pages.iter().find(|p| p.id == id)
    }

    /// The sections of a page, in order.
    pub fn page_sections(&self, page: &Page<'_>) -> &[Section<'a>] {
        self.sections.get(page.sections.clone()).unwrap_or_default()
    }

    /// Every section, page by page in table-of-contents order.
    pub fn sections(&self) -> &[Section<'a>] {
        &self.sections
    }

    /// A section by anchor.
    pub fn section(&self, id: &str) -> Option<&Section<'a>> {
        self.sections.get(self.position(id)?)
    }

    /// A section's body as plain text, one block per line (see the crate docs), by anchor. It
    /// is derived from the sections' HTML with the search index, so the first call builds the
    /// index if no search has.
    pub fn text(&self, id: &str) -> Option<&str> {
        let doc = u32::try_from(self.position(id)?).ok()?;
        Some(self.index().text(doc))
    }

    /// A section's number by anchor.
    fn position(&self, id: &str) -> Option<usize> {
        let (mut low, mut high) = (0, self.sorted_ids.len());
        while low < high {
            let mid = low + (high - low) / 2;
            let number = *self.sorted_ids.get(mid)? as usize;
            match self.sections.get(number)?.id.cmp(id) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return Some(number),
            }
        }
        None
    }

    /// A preset's JSON by name (its file name without `.json`).
    pub fn preset(&self, name: &str) -> Option<&'a str> {
        self.presets.iter().find(|(n, _)| *n == name).map(|(_, json)| *json)
    }

    /// Every preset, `(name, JSON)`, sorted by name.
    pub fn presets(&self) -> impl Iterator<Item = (&'a str, &'a str)> + '_ {
        self.presets.iter().copied()
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
                html.push_str(&format!("<h1 id=\"{}\">{}</h1>\n", escape(s.id), escape(page.title)));
            }
            _ => html.push_str(&format!("<h1>{}</h1>\n", escape(page.title))),
        }
        for (i, section) in sections.iter().enumerate() {
            let is_opening = i == 0 && opening.is_some();
            if !is_opening {
                let level = section.level.clamp(1, 6);
                html.push_str(&format!("<h{level} id=\"{}\">{}</h{level}>\n", escape(section.id), section.heading_html));
            }
            html.push_str(section.html);
        }
        Some(html)
    }

    /// Searches every section; see the crate docs for the ranking. Returns at most `limit` hits.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit<'_>> {
        let parsed = Query::parse(query);
        if parsed.is_empty() {
            return Vec::new();
        }
        let index = self.index();
        let (found, matched) = index.search(&parsed, limit);
        let mut title_hits = Vec::new();
        let mut body_hits = Vec::new();
        found
            .into_iter()
            .filter_map(|f| {
                let section = self.sections.get(f.doc as usize)?;
                title_hits.clear();
                body_hits.clear();
                index.hits(f.doc, &matched, &mut title_hits, &mut body_hits);
                let (snippet, matches) = snippet::snippet(index.text(f.doc), index.word_starts(f.doc, 1), &mut body_hits);
                Some(Hit {
                    id: section.id,
                    page: section.page,
                    title: section.title,
                    breadcrumbs: &section.breadcrumbs,
                    score: f.score,
                    snippet,
                    matches,
                    title_matches: snippet::mark(section.title, index.word_starts(f.doc, 0), &title_hits),
                })
            })
            .collect()
    }

    /// Builds the search index and the typo dictionary and finds every section's word starts
    /// now; otherwise the first search builds the index, the first query that tolerates a typo
    /// builds the dictionary (a few milliseconds each on the real content) and each section's
    /// first snippet finds its word starts, which an app can avoid by calling this when it is
    /// idle.
    pub fn warm(&self) {
        self.index().warm();
    }

    /// The sections' plain text and the search index, built on first use. Building fails only
    /// on idf or boost tables that do not match the sections, which [`Kb::open`] refuses; if
    /// it failed anyway, search would find nothing rather than panic.
    fn index(&self) -> &Index<'a> {
        self.index.get_or_init(|| Index::build(&self.sections, self.idf, self.boosts).unwrap_or_else(|_| Index::empty()))
    }

    /// Sizes of the search index (the typo dictionary counts once it is built).
    pub fn index_stats(&self) -> Stats {
        self.index().stats()
    }

    /// Every indexed term with its postings, for snapshot tests.
    #[doc(hidden)]
    pub fn index_dump(&self) -> String {
        let names: Vec<&str> = self.sections.iter().map(|s| s.id).collect();
        self.index().dump(&names)
    }
}
