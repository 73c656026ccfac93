//! One knowledge-base section, rendered from our own Markdown content.

use yew::prelude::*;

use crate::dom::El;
use crate::kb::Section;
use crate::route::{PlanSource, Route};

/// What [`section_view`] draws.
pub struct SectionViewProps<'a> {
    /// The section to show.
    pub section: &'static Section,
    /// Whether the route points at this section; it is then marked for the eye.
    pub current: bool,
    /// Whether the section shows its own "Plan this scenario" link (a subsection that only
    /// inherits its parent's preset does not repeat it).
    pub plan_link: bool,
    /// Words to mark in the body: what the search that led here matched.
    pub highlight: &'a [String],
}

/// A section: its heading with the anchor as id, the way into the planner when it has a preset,
/// and its body.
///
/// A plain function rather than a component: it keeps no state, and every component costs its
/// own copy of Yew's lifecycle code in the WebAssembly module.
pub fn section_view(props: &SectionViewProps<'_>) -> Html {
    let section = props.section;
    let plan = section.preset.as_ref().filter(|_| props.plan_link).map(|preset| {
        let href = Route::Plan {
            source: PlanSource::Preset((*preset).to_owned()),
        }
        .to_hash();
        El::with_class("p", "plan-this")
            .child(El::with_class("a", "button").set_string("href", href).text("Plan this scenario").html())
            .html()
    });
    let body = if props.highlight.is_empty() {
        section.html.to_owned()
    } else {
        crate::highlight::mark_words(section.html, props.highlight)
    };
    let self_link = Route::Kb {
        section: section.id.to_owned(),
    }
    .to_hash();
    // Not a labelled region: many subsections share a title such as "Steps", and landmarks must
    // have unique names.
    El::with_class("section", if props.current { "kb-section current" } else { "kb-section" })
        .key(section.id.to_owned())
        .child(
            El::new(heading_tag(section.level))
                .set("id", section.id)
                .child(
                    // The heading comes from content/, rendered by the knowledge base.
                    El::with_class("a", "anchor")
                        .set_string("href", self_link)
                        .child(Html::from_html_unchecked(section.heading_html.into()))
                        .html(),
                )
                .html(),
        )
        .child(plan.unwrap_or_default())
        // Rendered from content/ by the knowledge base; never from user input.
        .child(El::with_class("div", "prose").child(Html::from_html_unchecked(body.into())).html())
        .html()
}

/// The heading element for a section at this level, from `h1` to `h6`.
fn heading_tag(level: u8) -> &'static str {
    match level {
        0 | 1 => "h1",
        2 => "h2",
        3 => "h3",
        4 => "h4",
        5 => "h5",
        _ => "h6",
    }
}
