//! The plan's warnings: what the user should know that is not a step.

use sp_rules::{Severity, Warning};
use yew::prelude::*;

use crate::route::Route;

/// The warnings, in plan order, as a list, each with its KB link.
///
/// A plain function rather than a component: it keeps no state, and every component costs its
/// own copy of Yew's lifecycle code in the WebAssembly module.
pub fn warnings(warnings: &[Warning]) -> Html {
    if warnings.is_empty() {
        return html! {};
    }
    html! {
        <section class="warnings" aria-labelledby="warnings-heading">
            <h3 id="warnings-heading">{ format!("Before you start: {} warning{}", warnings.len(), if warnings.len() == 1 { "" } else { "s" }) }</h3>
            <ul>
                { for warnings.iter().map(|warning| html! {
                    <li class={if warning.severity == Severity::Required { "warning required" } else { "warning" }}>
                        { warning.message.clone() }{ " " }
                        <a href={Route::Kb { section: warning.kb.clone() }.to_hash()}>{ "Read more" }</a>
                    </li>
                }) }
            </ul>
        </section>
    }
}
