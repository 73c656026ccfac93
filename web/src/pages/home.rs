//! The start page.

use yew::prelude::*;

use crate::route::{PlanSource, Route};

/// What the app is for, and where to start. The app sets the page's title.
///
/// A plain function rather than a component: it keeps no state, and every component costs its
/// own copy of Yew's lifecycle code in the WebAssembly module.
pub fn home() -> Html {
    let start = Route::Kb {
        section: "before-you-start".into(),
    };
    let plan = Route::Plan {
        source: PlanSource::Empty,
    };
    html! {
        <article class="home">
            <h1>{ "Apply Exchange service packs and hotfixes safely" }</h1>
            <p class="lead">
                { "SP Planner explains, following Microsoft KB 328839, in which order to update the \
                   Exchange Server 5.5, 2000 and 2003 servers of an organisation: front ends before \
                   back ends, cluster nodes one at a time, and what users notice while it happens." }
            </p>
            <ul class="cards">
                <li>
                    <a href={start.to_hash()}>{ "Read the checklist" }</a>
                    <p>{ "What to do before any update: test in a lab, back up, expect restarts." }</p>
                </li>
                <li>
                    <a href={Route::Search { query: String::new() }.to_hash()}>{ "Search" }</a>
                    <p>{ "Look up an error such as c1037b44 or event 1025, or a build number. Press / anywhere." }</p>
                </li>
                <li>
                    <a href={plan.to_hash()}>{ "Plan a roll-out" }</a>
                    <p>{ "Describe your servers and clusters and get an ordered plan with its reasons." }</p>
                </li>
            </ul>
        </article>
    }
}
