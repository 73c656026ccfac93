//! The top bar: the app name, the search box and the main links.

use yew::prelude::*;

use crate::app::StateHandle;
use crate::components::search_box::SearchBox;
use crate::hooks::use_route::use_router;
use crate::route::{PlanSource, Route};
use crate::state::Action;

/// The top bar, on every screen.
#[component]
pub fn Header() -> Html {
    let router = use_router();
    let state = use_context::<StateHandle>();
    let menu_open = state.as_ref().is_some_and(|state| state.menu_open);
    let toggle_menu = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(state) = &state {
                state.dispatch(Action::ToggleMenu);
            }
        })
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
            <SearchBox />
            <nav class="main-nav" aria-label="Main">
                <a href={Route::Home.to_hash()} aria-current={current(reading)}>{ "Read" }</a>
                <a href={plan_href} aria-current={current(planning)}>{ "Plan" }</a>
            </nav>
        </header>
    }
}
