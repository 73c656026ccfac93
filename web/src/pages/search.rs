//! The search results page.

use yew::prelude::*;

use crate::components::search_results::search_results;
use crate::dom::{El, fragment, text_el};
use crate::kb::Hit;

/// Results (`hits`) for the query in the route; the search box keeps it up to date as the user
/// types, and the result at `active` is highlighted. The app runs the search and sets the title.
///
/// A plain function rather than a component: every component costs its own copy of Yew's
/// lifecycle code in the WebAssembly module.
pub fn search_page(query: &str, hits: &[Hit], active: usize) -> Html {
    let query = query.trim();
    // Each branch is a list, as `html!` makes it, so that the status line stays the same element
    // (and live region) as results come and go.
    let body = if query.is_empty() {
        fragment(vec![text_el(
            "p",
            "muted",
            "Type in the search box above: an error code such as c1037b44, an event such \
             as 1025, a build number such as 6.5.7638, or a question such as \u{201c}which \
             node first\u{201d}. The arrow keys choose a result and Enter opens it.",
        )])
    } else if hits.is_empty() {
        fragment(vec![El::new("p").set("role", "status").string(format!("Nothing matches \u{201c}{query}\u{201d}.")).html()])
    } else {
        let count = format!("{} result{} for \u{201c}{query}\u{201d}", hits.len(), if hits.len() == 1 { "" } else { "s" });
        fragment(vec![
            El::with_class("p", "muted").set("role", "status").string(count).html(),
            search_results(hits, active),
        ])
    };
    El::with_class("article", "search-page").child(text_el("h1", "", "Search")).child(body).html()
}
