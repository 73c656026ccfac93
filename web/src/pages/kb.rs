//! The reader: one knowledge-base section.

use yew::prelude::*;

use crate::components::section_view::SectionView;
use crate::kb;
use crate::route::Route;

/// Props of [`KbPage`].
#[derive(Properties, PartialEq)]
pub struct KbPageProps {
    /// The section anchor from the route.
    pub section: AttrValue,
}

/// Shows one section, or says that it does not exist.
#[component]
pub fn KbPage(props: &KbPageProps) -> Html {
    let section = use_memo(props.section.clone(), |id| kb::section(id));
    {
        let title = section.as_ref().as_ref().map(|s| s.title.clone());
        use_effect_with(props.section.clone(), move |_| {
            super::set_title(title.as_deref().unwrap_or("Section not found"));
            if let Some(window) = web_sys::window() {
                window.scroll_to_with_x_and_y(0.0, 0.0);
            }
        });
    }
    match section.as_ref() {
        Some(section) => html! { <SectionView section={section.clone()} /> },
        None => html! {
            <article class="missing">
                <h1>{ "Section not found" }</h1>
                <p>
                    { "There is no section " }<code>{ &props.section }</code>
                    { " in this version of the knowledge base. " }
                    <a href={Route::Search { query: props.section.replace('-', " ") }.to_hash()}>
                        { "Search for it" }
                    </a>
                    { " or start from the " }
                    <a href={Route::Home.to_hash()}>{ "contents" }</a>{ "." }
                </p>
            </article>
        },
    }
}
