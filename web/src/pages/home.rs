//! The start page.

use yew::prelude::*;

use crate::dom::{El, text_el};
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
    El::with_class("article", "home")
        .child(text_el("h1", "", "Apply Exchange service packs and hotfixes safely"))
        .child(text_el(
            "p",
            "lead",
            "SP Planner explains, following Microsoft KB 328839, in which order to update the \
             Exchange Server 5.5, 2000 and 2003 servers of an organisation: front ends before \
             back ends, cluster nodes one at a time, and what users notice while it happens.",
        ))
        .child(
            El::with_class("ul", "cards")
                .child(card(
                    start.to_hash(),
                    "Read the checklist",
                    "What to do before any update: test in a lab, back up, expect restarts.",
                ))
                .child(card(
                    Route::Search { query: String::new() }.to_hash(),
                    "Search",
                    "Look up an error such as c1037b44 or event 1025, or a build number. Press / anywhere.",
                ))
                .child(card(
                    plan.to_hash(),
                    "Plan a roll-out",
                    "Describe your servers and clusters and get an ordered plan with its reasons.",
                ))
                .html(),
        )
        .html()
}

/// One way to start: a link and what it leads to.
fn card(href: String, link: &'static str, about: &'static str) -> Html {
    El::new("li").child(El::text_link(href, link)).child(text_el("p", "", about)).html()
}
