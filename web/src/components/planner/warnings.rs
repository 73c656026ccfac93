//! The plan's warnings: what the user should know that is not a step.

use sp_rules::{Severity, Warning};
use yew::prelude::*;

use crate::dom::{El, fragment};
use crate::route::Route;

/// The warnings, in plan order, as a list, each with its KB link.
///
/// A plain function rather than a component: it keeps no state, and every component costs its
/// own copy of Yew's lifecycle code in the WebAssembly module.
pub fn warnings(warnings: &[Warning]) -> Html {
    if warnings.is_empty() {
        return Html::default();
    }
    El::with_class("section", "warnings")
        .set("aria-labelledby", "warnings-heading")
        .child(
            El::new("h3")
                .set("id", "warnings-heading")
                .string(format!(
                    "Before you start: {} warning{}",
                    warnings.len(),
                    if warnings.len() == 1 { "" } else { "s" }
                ))
                .html(),
        )
        .child(El::new("ul").child(fragment(warnings.iter().map(warning_item).collect())).html())
        .html()
}

/// One warning and its KB link.
fn warning_item(warning: &Warning) -> Html {
    El::with_class("li", if warning.severity == Severity::Required { "warning required" } else { "warning" })
        .string(warning.message.clone())
        .text(" ")
        .child(
            El::new("a")
                .set_string("href", Route::Kb { section: warning.kb.clone() }.to_hash())
                .text("Read more")
                .html(),
        )
        .html()
}
