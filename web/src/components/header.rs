//! The top bar: the app name, the search box and the main links.

use yew::prelude::*;

use crate::app::StateHandle;
use crate::components::search_box::SearchBox;
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
    let current = |active: bool| active.then_some("page");
    let reading = matches!(*router.route, Route::Home | Route::Kb { .. });
    let planning = matches!(*router.route, Route::Plan { .. });
    let plan_href = Route::Plan {
        source: PlanSource::Empty,
    }
    .to_hash();

    html! {
        <header class="site-header">
            <button
                type="button"
                class="menu-button"
                aria-controls="toc"
                aria-expanded={menu_open.to_string()}
                onclick={toggle_menu}
            >
                <span class="visually-hidden">{ "Contents" }</span>
                <span aria-hidden="true">{ "\u{2630}" }</span>
            </button>
            <a class="brand" href={Route::Home.to_hash()}>{ "SP Planner" }</a>
            <SearchBox router={router.clone()} state={state.clone()} />
            <nav class="main-nav" aria-label="Main">
                <a href={Route::Home.to_hash()} aria-current={current(reading)}>{ "Read" }</a>
                <a href={plan_href} aria-current={current(planning)}>{ "Plan" }</a>
            </nav>
        </header>
    }
}
