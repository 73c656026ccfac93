//! The page for a link the app does not know.

use yew::prelude::*;

use crate::dom::{El, text_el};
use crate::route::Route;

/// Says that the link (`hash`, shown as text) is not understood and offers a way back. The app
/// sets the page's title.
///
/// A plain function rather than a component: it keeps no state, and every component costs its
/// own copy of Yew's lifecycle code in the WebAssembly module.
pub fn not_found(hash: &str) -> Html {
    let shown: String = hash.chars().take(200).collect();
    El::with_class("article", "missing")
        .child(text_el("h1", "", "Page not found"))
        .child(
            El::new("p")
                .text("This link (")
                .child(El::new("code").string(format!("#{shown}")).html())
                .text(") does not lead to anything in SP Planner. Start again from the ")
                .child(El::text_link(Route::Home.to_hash(), "contents"))
                .text(".")
                .html(),
        )
        .html()
}
