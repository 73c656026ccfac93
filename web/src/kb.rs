//! The app's view of the knowledge base compiled into it (`sp-kb`).
//!
//! Screens read the knowledge base through these few functions, so the app depends on the
//! `sp-kb` API in one place.

/// A section of the knowledge base compiled into the app.
pub type Section = sp_kb::Section<'static>;

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
    /// The nesting below the page: 0 for the page's opening section and `##`, 1 for `###`.
    pub depth: usize,
}

/// One search result, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The section anchor.
    pub id: String,
    /// The section title as escaped HTML, the matched words in `<mark>`.
    pub title_html: String,
    /// Where the section sits, joined for display.
    pub breadcrumbs: String,
    /// A short excerpt as escaped HTML with the matched words in `<mark>`.
    pub snippet_html: String,
    /// The words of the section that matched, as written there.
    pub words: Vec<String>,
}

fn kb() -> &'static sp_kb::Kb<'static> {
    sp_kb::Kb::get()
}

/// Builds the search index, the typo dictionary and the snippets' word starts once the page
/// has been drawn, so that the first screen does not wait for them and the first keystroke in
/// the search box does not pay for them. A search before then builds what it needs itself.
pub fn warm_after_paint() {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let Some(window) = web_sys::window() else { return };
    // A frame callback runs just before the next paint; a timeout set there runs after it.
    let warm = Closure::once_into_js(|| kb().warm());
    let frame = Closure::once_into_js(move || {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(warm.unchecked_ref());
        }
    });
    let _ = window.request_animation_frame(frame.unchecked_ref());
}

/// The table of contents, one group per page in reading order.
pub fn toc() -> Vec<TocGroup> {
    let kb = kb();
    kb.pages()
        .iter()
        .map(|page| TocGroup {
            title: page.title.to_owned(),
            versions: page.versions.iter().map(|v| (*v).to_owned()).collect(),
            entries: kb
                .page_sections(page)
                .iter()
                .map(|section| TocEntry {
                    id: section.id.to_owned(),
                    title: section.title.to_owned(),
                    depth: usize::from(section.level.saturating_sub(2)),
                })
                .collect(),
        })
        .collect()
}

/// One section by anchor.
pub fn section(id: &str) -> Option<&'static Section> {
    kb().section(id)
}

/// The sections of the page a section is on, in reading order.
pub fn page_of(section: &Section) -> Option<(&'static str, &'static [Section])> {
    let kb = kb();
    let page = kb.page(section.page)?;
    Some((page.title, kb.page_sections(page)))
}

/// The best results for a query, at most `limit`.
pub fn search(query: &str, limit: usize) -> Vec<Hit> {
    kb().search(query, limit)
        .into_iter()
        .map(|hit| {
            // Sorted and without repeats, kept so while it is built: a sort call would bring a
            // sort routine of its own into the WebAssembly module for this short list.
            let mut words: Vec<String> = Vec::new();
            let found = hit
                .matches
                .iter()
                .filter_map(|&(start, end)| hit.snippet.get(start..end))
                .chain(hit.title_matches.iter().filter_map(|&(start, end)| hit.title.get(start..end)));
            for word in found {
                if let Err(at) = words.binary_search_by(|known| known.as_str().cmp(word)) {
                    words.insert(at, word.to_owned());
                }
            }
            Hit {
                id: hit.id.to_owned(),
                title_html: hit.title_html(),
                breadcrumbs: hit.breadcrumbs.join(" \u{203a} "),
                snippet_html: hit.snippet_html(),
                words,
            }
        })
        .collect()
}

/// The JSON of a preset topology by name.
#[allow(dead_code, reason = "the planner page reads presets once the planner lands")]
pub fn preset(name: &str) -> Option<&'static str> {
    kb().preset(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_of_contents_lists_every_section_once() {
        let listed: usize = toc().iter().map(|group| group.entries.len()).sum();
        assert_eq!(listed, kb().sections().len());
        assert!(toc().iter().all(|group| !group.entries.is_empty()));
    }

    #[test]
    fn troubleshooting_sections_are_found_by_their_codes() {
        let hits = search("c1037b44", 5);
        assert_eq!(hits.first().map(|hit| hit.id.as_str()), Some("error-c1037b44"));
        let first = hits.first().map(|hit| hit.title_html.clone()).unwrap_or_default();
        assert!(first.contains("<mark>"), "the matched word is marked in {first:?}");
        let words = hits.first().map(|hit| hit.words.clone()).unwrap_or_default();
        assert!(words.iter().any(|w| w.eq_ignore_ascii_case("c1037b44")), "{words:?}");
    }

    #[test]
    fn the_words_to_mark_are_sorted_without_repeats() {
        let hits = search("cluster node service pack", 10);
        assert!(!hits.is_empty());
        for hit in &hits {
            let mut expected = hit.words.clone();
            expected.sort();
            expected.dedup();
            assert_eq!(hit.words, expected);
        }
        assert!(hits.iter().any(|hit| hit.words.len() > 1), "some hit matches several words");
    }

    #[test]
    fn a_section_leads_to_its_page() {
        let section = section("e2003-cluster");
        let page = section.and_then(page_of);
        let (_, sections) = page.unwrap_or(("", &[]));
        assert!(sections.iter().any(|s| s.id == "e2003-cluster"));
    }
}
