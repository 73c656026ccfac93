//! The search results page.

use yew::prelude::*;

use crate::components::search_box::RESULT_LIMIT;
use crate::components::search_results::search_results;
use crate::kb;

/// Props of [`SearchPage`].
#[derive(Properties, PartialEq)]
pub struct SearchPageProps {
    /// The query from the route.
    pub query: AttrValue,
    /// The highlighted result, moved by the arrow keys in the search box.
    pub active: usize,
}

/// Results for the query in the route; the search box keeps it up to date as the user types.
#[component]
pub fn SearchPage(props: &SearchPageProps) -> Html {
    let active = props.active;
    let hits = use_memo(props.query.clone(), |query| kb::search(query, RESULT_LIMIT));
    use_effect_with(props.query.clone(), |query| {
        super::set_title(&format!("Search: {query}"));
    });
    let query = props.query.trim();
    html! {
        <article class="search-page">
            <h1>{ "Search" }</h1>
            if query.is_empty() {
                <p class="muted">
                    { "Type in the search box above: an error code such as c1037b44, an event such \
                       as 1025, a build number such as 6.5.7638, or a question such as \u{201c}which \
                       node first\u{201d}. The arrow keys choose a result and Enter opens it." }
                </p>
            } else if hits.is_empty() {
                <p role="status">{ format!("Nothing matches \u{201c}{query}\u{201d}.") }</p>
            } else {
                <p role="status" class="muted">
                    { format!("{} result{} for \u{201c}{query}\u{201d}", hits.len(), if hits.len() == 1 { "" } else { "s" }) }
                </p>
                { search_results(&hits, active) }
            }
        </article>
    }
}
