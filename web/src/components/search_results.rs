//! The list of search results.

use yew::prelude::*;

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
    html! {
        <>
        // Tells screen readers which result Enter opens, since the focus stays in the search box.
        <p class="visually-hidden" aria-live="polite">
            { announcement }
        </p>
        <ol id="search-results" class="results" aria-label="Search results">
            { for hits.iter().enumerate().map(|(index, hit)| {
                let active = index == active;
                let href = Route::Kb { section: hit.id.clone() }.to_hash();
                html! {
                    <li id={format!("hit-{index}")} class={if active { "result active" } else { "result" }}>
                        // Title and snippet are our own content, escaped by the knowledge base, with <mark>.
                        <a href={href} aria-current={active.then_some("true")}>
                            { Html::from_html_unchecked(hit.title_html.clone().into()) }
                        </a>
                        <div class="crumbs">{ &hit.breadcrumbs }</div>
                        // The snippet is our own content, escaped by the knowledge base, with <mark>.
                        <p class="snippet">{ Html::from_html_unchecked(hit.snippet_html.clone().into()) }</p>
                    </li>
                }
            }) }
        </ol>
        </>
    }
}
