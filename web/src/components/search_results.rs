//! The list of search results.

use yew::prelude::*;

use crate::dom::{El, fragment, string};
use crate::kb::Hit;
use crate::route::Route;

/// Search results (`hits`, best first) with their snippets; the matched words are marked, and
/// the result at `active` (moved by the arrow keys in the search box) is highlighted.
///
/// A plain function rather than a component: it keeps no state, and every component costs its
/// own copy of Yew's lifecycle code in the WebAssembly module.
pub fn search_results(hits: &[Hit], active: usize) -> Html {
    let announcement = hits.get(active).map(|hit| {
        format!(
            "Result {} of {}: {}. Press Enter to open it.",
            active + 1,
            hits.len(),
            hit.breadcrumbs
        )
    });
    fragment(vec![
        // Tells screen readers which result Enter opens, since the focus stays in the search box.
        El::with_class("p", "visually-hidden")
            .set("aria-live", "polite")
            .child(announcement.map_or_else(Html::default, string))
            .html(),
        El::with_class("ol", "results")
            .set("id", "search-results")
            .set("aria-label", "Search results")
            .child(fragment(hits.iter().enumerate().map(|(index, hit)| result(index, hit, index == active)).collect()))
            .html(),
    ])
}

/// One result: its title as a link, where it sits, and its snippet.
fn result(index: usize, hit: &Hit, active: bool) -> Html {
    let href = Route::Kb { section: hit.id.clone() }.to_hash();
    El::with_class("li", if active { "result active" } else { "result" })
        .set_string("id", format!("hit-{index}"))
        .child(
            // Title and snippet are our own content, escaped by the knowledge base, with <mark>.
            El::new("a")
                .set_string("href", href)
                .attr_opt("aria-current", active.then_some(AttrValue::Static("true")))
                .child(Html::from_html_unchecked(hit.title_html.clone().into()))
                .html(),
        )
        .child(El::with_class("div", "crumbs").string(hit.breadcrumbs.clone()).html())
        // The snippet is our own content, escaped by the knowledge base, with <mark>.
        .child(El::with_class("p", "snippet").child(Html::from_html_unchecked(hit.snippet_html.clone().into())).html())
        .html()
}
