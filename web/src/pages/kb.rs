//! The reader: the page a section is on, scrolled to that section.

use yew::prelude::*;

use crate::components::search_box::RESULT_LIMIT;
use crate::components::section_view::{SectionViewProps, section_view};
use crate::dom::{El, text_el};
use crate::kb;
use crate::route::Route;

/// Shows the whole page around the section `id`, with the section marked (and its `highlight`
/// words, what the search that led here matched), or says that the section does not exist.
///
/// The app finds the words, sets the title and scrolls the section into view
/// ([`words_to_mark`], [`arrived`]). A plain function rather than a component: every component
/// costs its own copy of Yew's lifecycle code in the WebAssembly module.
pub fn kb_page(id: &str, highlight: &[String]) -> Html {
    let section = kb::section(id);
    let Some((page_title, sections)) = section.and_then(kb::page_of) else {
        return El::with_class("article", "missing")
            .child(text_el("h1", "", "Section not found"))
            .child(
                El::new("p")
                    .text("There is no section ")
                    .child(El::new("code").string(id.to_owned()).html())
                    .text(" in this version of the knowledge base. ")
                    .child(El::text_link(Route::Search { query: id.replace('-', " ") }.to_hash(), "Search for it"))
                    .text(" or start from the ")
                    .child(El::text_link(Route::Home.to_hash(), "contents"))
                    .text(".")
                    .html(),
            )
            .html();
    };
    let mut parent_preset: Option<&&str> = None;
    // Every section is keyed by its anchor, so the sections are the article's children directly.
    El::with_class("article", "kb-page")
        .set("aria-label", page_title)
        .children(
            sections
                .iter()
                .map(|section| {
                    // A subsection that only inherits its parent's preset does not repeat the link.
                    let inherited = section.level > 2 && section.preset.as_ref() == parent_preset;
                    if section.level <= 2 {
                        parent_preset = section.preset.as_ref();
                    }
                    let current = section.id == id;
                    section_view(&SectionViewProps {
                        section,
                        current,
                        plan_link: !inherited,
                        highlight: if current { highlight } else { &[] },
                    })
                })
                .collect(),
        )
        .html()
}

/// The words to mark in the section `id`: those the query in the search box matched there, when
/// it found the section.
pub fn words_to_mark(query: &str, id: &str) -> Vec<String> {
    kb::search(query, RESULT_LIMIT)
        .into_iter()
        .find(|hit| hit.id == id)
        .map(|hit| hit.words)
        .unwrap_or_default()
}

/// Sets the title for the section `id` and scrolls it into view; the app calls it when the route
/// arrives at a section.
pub fn arrived(id: &str) {
    super::set_title(kb::section(id).map_or("Section not found", |section| section.title));
    scroll_to(id);
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
