//! The top bar: the app name, the search box and the main links.

use yew::prelude::*;

use crate::app::StateHandle;
use crate::components::search_box::SearchBox;
use crate::dom::{El, text_el};
use crate::hooks::use_route::Router;
use crate::route::{PlanSource, Route};
use crate::state::Action;

/// The top bar, on every screen.
///
/// A plain function rather than a component: every component costs its own copy of Yew's
/// lifecycle code in the WebAssembly module, and the app, which holds the route and the state,
/// is drawn again whenever they change anyway.
pub fn header(router: &Router, state: &StateHandle) -> Html {
    let menu_open = state.menu_open;
    let toggle_menu = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::ToggleMenu))
    };
    let reading = matches!(*router.route, Route::Home | Route::Kb { .. });
    let planning = matches!(*router.route, Route::Plan { .. });
    let plan_href = Route::Plan {
        source: PlanSource::Empty,
    }
    .to_hash();

    El::with_class("header", "site-header")
        .child(
            El::with_class("button", "menu-button")
                .set("type", "button")
                .set("aria-controls", "toc")
                .set("aria-expanded", if menu_open { "true" } else { "false" })
                .on_click(toggle_menu)
                .child(text_el("span", "visually-hidden", "Contents"))
                .child(El::new("span").set("aria-hidden", "true").text("\u{2630}").html())
                .html(),
        )
        .child(El::with_class("a", "brand").set_string("href", Route::Home.to_hash()).text("SP Planner").html())
        .child(html! { <SearchBox router={router.clone()} state={state.clone()} /> })
        .child(
            El::with_class("nav", "main-nav")
                .set("aria-label", "Main")
                .child(nav_link(Route::Home.to_hash(), reading, "Read"))
                .child(nav_link(plan_href, planning, "Plan"))
                .html(),
        )
        .html()
}

/// A link of the main navigation, marked as the current page when `current` holds.
fn nav_link(href: String, current: bool, text: &'static str) -> Html {
    El::new("a")
        .set_string("href", href)
        .attr_opt("aria-current", current.then_some(AttrValue::Static("page")))
        .text(text)
        .html()
}
