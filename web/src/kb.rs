//! The app's view of the knowledge base.
//!
//! Every screen reads the knowledge base through these few functions, so the app depends on the
//! `sp-kb` API in one place only.

/// A group of the table of contents: one page of the knowledge base.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TocGroup {
    /// The page title.
    pub title: String,
    /// The versions the page applies to; empty means all.
    pub versions: Vec<String>,
    /// The sections of the page, in reading order.
    pub entries: Vec<TocEntry>,
}

/// One section in the table of contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TocEntry {
    /// The section anchor.
    pub id: String,
    /// The heading text.
    pub title: String,
    /// The heading level below the page title: 0 for the page's first section.
    pub depth: usize,
}

/// A section ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The section anchor.
    pub id: String,
    /// The heading text.
    pub title: String,
    /// Where the section sits: page title, then parent headings.
    pub breadcrumbs: Vec<String>,
    /// The section rendered from our own Markdown content.
    pub html: String,
    /// The preset that plans this scenario, if there is one.
    pub preset: Option<String>,
}

/// One search result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The section anchor.
    pub id: String,
    /// The section title.
    pub title: String,
    /// Where the section sits, joined for display.
    pub breadcrumbs: String,
    /// A short excerpt as escaped HTML with the matched words in `<mark>`.
    pub snippet_html: String,
}

/// The table of contents, grouped by page.
pub fn toc() -> Vec<TocGroup> {
    Vec::new()
}

/// One section by anchor.
pub fn section(_id: &str) -> Option<Section> {
    None
}

/// The best results for a query, at most `limit`.
pub fn search(_query: &str, _limit: usize) -> Vec<Hit> {
    Vec::new()
}

/// The JSON of a preset topology by name.
pub fn preset(_name: &str) -> Option<&'static str> {
    None
}
