//! The app root: the router, the shared state and the page layout.

use yew::prelude::*;

use crate::components::header::header;
use crate::dom::{El, fragment, text_el};
use crate::components::toc::{reveal_current, toc};
use crate::hooks::use_route::{Router, use_hash_router};
use crate::components::search_box::RESULT_LIMIT;
use crate::kb::{self, Hit};
use crate::pages::kb::{arrived, kb_page, words_to_mark};
use crate::pages::{home::home, not_found::not_found, plan::PlanPage, search::search_page, set_title};
use crate::route::Route;
use crate::state::{Action, State};

/// The shared state handle given to the components that need it.
pub type StateHandle = UseReducerHandle<State>;

/// The whole app.
#[component]
pub fn App() -> Html {
    let router = use_hash_router();
    let state = use_reducer(State::default);
    use_effect_with((), |()| kb::warm_after_paint());

    // A search route reached from outside (a link, back or forward) fills the search box; the
    // box's own typing is never overwritten, so no keystroke is lost to a stale route.
    {
        let state = state.clone();
        let route = router.route.clone();
        use_effect_with(router.outside_changes, move |_| {
            if let Route::Search { query } = &*route {
                state.dispatch(Action::SetQuery(query.clone()));
            }
        });
    }
    {
        let state = state.clone();
        let shown = use_mut_ref(|| std::mem::discriminant(&*router.route));
        use_effect_with(router.route.clone(), move |route| {
            // Another screen starts at the top; a section scrolls itself into view, and the same
            // screen with new details (a search being typed, a plan being edited) stays put.
            // Every screen gets its title here; a section is also scrolled into view.
            match &**route {
                Route::Home => set_title(""),
                Route::NotFound { .. } => set_title("Page not found"),
                Route::Search { query } => set_title(&format!("Search: {query}")),
                Route::Plan { .. } => set_title("Plan"),
                Route::Kb { section } => arrived(section),
            }
            let screen = std::mem::discriminant(&**route);
            let changed = screen != *shown.borrow();
            *shown.borrow_mut() = screen;
            if changed
                && !matches!(**route, Route::Kb { .. })
                && let Some(window) = web_sys::window()
            {
                window.scroll_to_with_x_and_y(0.0, 0.0);
            }
            state.dispatch(Action::CloseMenu);
            // Keep the current entry in sight when the table of contents scrolls on its own.
            reveal_current();
        });
    }
    let pages = use_memo((), |()| kb::toc());
    // The search page's results, for the query in the route.
    let searched = match &*router.route {
        Route::Search { query } => query.clone(),
        _ => String::new(),
    };
    let hits = use_memo(searched, |query| kb::search(query, RESULT_LIMIT));
    // While the search box holds a query that found the section shown, its matched words are
    // marked.
    let reading = match &*router.route {
        Route::Kb { section } => (state.query.clone(), section.clone()),
        _ => (String::new(), String::new()),
    };
    let highlight = use_memo(reading, |(query, id)| {
        if id.is_empty() { Vec::new() } else { words_to_mark(query, id) }
    });

    fragment(vec![
        El::with_class("a", "skip-link").set("href", "#main").on_click(skip_to_main()).text("Skip to content").html(),
        header(&router, &state),
        El::with_class("div", if state.menu_open { "layout menu-open" } else { "layout" })
            .child(toc(&pages, &router.route, &state))
            .child(
                El::new("main")
                    .set("id", "main")
                    .set("tabindex", "-1")
                    .child(switch(&router, &state, &hits, &highlight))
                    .html(),
            )
            .html(),
        El::with_class("footer", "site-footer")
            .child(text_el(
                "p",
                "",
                "Based on Microsoft KB 328839 and the articles it cites. \
                 Steps marked \u{201c}unconfirmed\u{201d} rest on sources we could not confirm.",
            ))
            .html(),
    ])
}

fn switch(router: &Router, state: &StateHandle, hits: &[Hit], highlight: &[String]) -> Html {
    match &*router.route {
        Route::Home => home(),
        Route::Kb { section } => kb_page(section, highlight),
        Route::Search { query } => search_page(query, hits, state.active),
        Route::Plan { source } => html! { <PlanPage source={source.clone()} router={router.clone()} /> },
        Route::NotFound { hash } => not_found(hash),
    }
}

/// The skip link focuses the main region without touching the hash, which holds the route.
fn skip_to_main() -> Callback<MouseEvent> {
    Callback::from(|event: MouseEvent| {
        event.prevent_default();
        crate::components::focus_by_id("main");
    })
}
