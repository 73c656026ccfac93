//! Components of the app, one per file.

pub mod header;
pub mod planner;
pub mod search_box;
pub mod search_results;
pub mod section_view;
pub mod toc;

/// Moves the keyboard focus to the element with this id, if there is one.
pub fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast as _;
    let element = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(id))
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}
