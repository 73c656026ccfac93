//! The reader: the page a section is on, scrolled to that section.

use yew::prelude::*;

use crate::components::search_box::RESULT_LIMIT;
use crate::components::section_view::{SectionViewProps, section_view};
use crate::kb;
use crate::route::Route;

/// Props of [`KbPage`].
#[derive(Properties, PartialEq)]
pub struct KbPageProps {
    /// The section anchor from the route.
    pub section: AttrValue,
    /// The text in the search box.
    pub query: String,
}

/// Shows the whole page around a section, with the section marked and scrolled into view, or
/// says that the section does not exist.
#[component]
pub fn KbPage(props: &KbPageProps) -> Html {
    let section = kb::section(&props.section);
    // While the search box holds a query that found this section, its matched words are marked.
    let query = props.query.clone();
    let highlight = use_memo((query, props.section.clone()), |(query, id)| {
        kb::search(query, RESULT_LIMIT)
            .into_iter()
            .find(|hit| hit.id == id.as_str())
            .map(|hit| hit.words)
            .unwrap_or_default()
    });
    {
        let title = section.map(|s| s.title);
        use_effect_with(props.section.clone(), move |id| {
            super::set_title(title.unwrap_or("Section not found"));
            scroll_to(id);
        });
    }
    let Some((page_title, sections)) = section.and_then(kb::page_of) else {
        return html! {
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
        };
    };
    let mut parent_preset: Option<&&str> = None;
    html! {
        <article class="kb-page" aria-label={page_title}>
            { for sections.iter().map(|section| {
                // A subsection that only inherits its parent's preset does not repeat the link.
                let inherited = section.level > 2 && section.preset.as_ref() == parent_preset;
                if section.level <= 2 {
                    parent_preset = section.preset.as_ref();
                }
                let current = section.id == props.section.as_str();
                section_view(&SectionViewProps {
                    section,
                    current,
                    plan_link: !inherited,
                    highlight: if current { highlight.as_slice() } else { &[] },
                })
            }) }
        </article>
    }
}

/// Scrolls the section with this anchor into view, or to the top for a page's opening section.
fn scroll_to(id: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let target = window
        .document()
        .and_then(|document| document.get_element_by_id(id));
    match target {
        Some(element) if element.tag_name() != "H1" => element.scroll_into_view(),
        _ => window.scroll_to_with_x_and_y(0.0, 0.0),
    }
}
