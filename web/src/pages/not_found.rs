//! The page for a link the app does not know.

use yew::prelude::*;

use crate::route::Route;

/// Says that the link (`hash`, shown as text) is not understood and offers a way back. The app
/// sets the page's title.
///
/// A plain function rather than a component: it keeps no state, and every component costs its
/// own copy of Yew's lifecycle code in the WebAssembly module.
pub fn not_found(hash: &str) -> Html {
    let shown: String = hash.chars().take(200).collect();
    html! {
        <article class="missing">
            <h1>{ "Page not found" }</h1>
            <p>
                { "This link (" }<code>{ format!("#{shown}") }</code>
                { ") does not lead to anything in SP Planner. Start again from the " }
                <a href={Route::Home.to_hash()}>{ "contents" }</a>{ "." }
            </p>
        </article>
    }
}
