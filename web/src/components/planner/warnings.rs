//! The plan's warnings: what the user should know that is not a step.

use sp_rules::{Severity, Warning};
use yew::prelude::*;

use crate::route::Route;

/// Props of [`Warnings`].
#[derive(Properties, PartialEq)]
pub struct WarningsProps {
    /// The warnings, in plan order.
    pub warnings: Vec<Warning>,
}

/// The warnings as a list, each with its KB link.
#[component]
pub fn Warnings(props: &WarningsProps) -> Html {
    if props.warnings.is_empty() {
        return html! {};
    }
    html! {
        <section class="warnings" aria-labelledby="warnings-heading">
            <h3 id="warnings-heading">{ format!("Before you start: {} warning{}", props.warnings.len(), if props.warnings.len() == 1 { "" } else { "s" }) }</h3>
            <ul>
                { for props.warnings.iter().map(|warning| html! {
                    <li class={classes!("warning", (warning.severity == Severity::Required).then_some("required"))}>
                        { warning.message.clone() }{ " " }
                        <a href={Route::Kb { section: warning.kb.clone() }.to_hash()}>{ "Read more" }</a>
                    </li>
                }) }
            </ul>
        </section>
    }
}
