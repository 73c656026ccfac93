//! The planner.

use yew::prelude::*;

use crate::route::PlanSource;

/// Props of [`PlanPage`].
#[derive(Properties, PartialEq)]
pub struct PlanPageProps {
    /// Where the topology comes from.
    pub source: PlanSource,
}

/// The planner page.
#[component]
pub fn PlanPage(props: &PlanPageProps) -> Html {
    use_effect_with((), |()| super::set_title("Plan"));
    let _ = &props.source;
    html! {
        <article class="plan-page">
            <h1>{ "Plan a roll-out" }</h1>
            <p class="muted">{ "The planner arrives with the rules crate." }</p>
        </article>
    }
}
