//! One knowledge-base section, rendered from our own Markdown content.

use yew::prelude::*;

use crate::kb::Section;
use crate::route::{PlanSource, Route};

/// Props of [`SectionView`].
#[derive(Properties, PartialEq)]
pub struct SectionViewProps {
    /// The section to show.
    pub section: Section,
}

/// A section with its breadcrumbs and, when it has a preset, the way into the planner.
#[component]
pub fn SectionView(props: &SectionViewProps) -> Html {
    let section = &props.section;
    let plan = section.preset.as_ref().map(|preset| {
        let href = Route::Plan {
            source: PlanSource::Preset(preset.clone()),
        }
        .to_hash();
        html! { <a class="button plan-this" href={href}>{ "Plan this scenario" }</a> }
    });
    html! {
        <article class="section" aria-labelledby={section.id.clone()}>
            <p class="crumbs">{ section.breadcrumbs.join(" \u{203a} ") }</p>
            { for plan }
            // Rendered from content/ by the knowledge base; never from user input.
            <div class="prose">{ Html::from_html_unchecked(section.html.clone().into()) }</div>
        </article>
    }
}
