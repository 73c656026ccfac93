//! The panic hook's panel, shown in headless Chromium with the app's own stylesheet.
//!
//! These tests call `sp_web::panic::show`, the part of the hook that builds the panel, without a
//! panic, so they can share a binary. `panic_hook.rs` makes a real component panic and checks
//! that the installed hook shows the panel.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use wasm_bindgen::JsCast as _;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Document, Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The app's stylesheet, which styles the panel.
const APP_CSS: &str = include_str!("../styles/app.css");

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Loads the app's stylesheet into the test page once, and removes any panel left over.
fn fresh_page() -> Document {
    let document = document();
    if document.get_element_by_id("test-base-css").is_none() {
        let style = document.create_element("style").unwrap();
        style.set_id("test-base-css");
        style.set_text_content(Some(APP_CSS));
        document.head().unwrap().append_child(&style).unwrap();
    }
    if let Some(panel) = document.get_element_by_id(sp_web::panic::PANEL_ID) {
        panel.remove();
    }
    document
}

fn panel_button(panel: &Element) -> HtmlElement {
    panel.query_selector("button").unwrap().expect("the panel has a button").dyn_into().unwrap()
}

#[wasm_bindgen_test]
fn the_panel_is_an_announced_dialog_with_a_focused_reload_button() {
    let document = fresh_page();
    let panel = sp_web::panic::show(&document, "index out of bounds at src/plan.rs:12:5").expect("a panel");

    assert_eq!(panel.get_attribute("role").as_deref(), Some("alertdialog"));
    let title_id = panel.get_attribute("aria-labelledby").unwrap();
    let title = document.get_element_by_id(&title_id).expect("the title the panel names");
    assert_eq!(title.text_content().as_deref(), Some("SP Planner stopped"));
    assert!(panel.contains(Some(&title)));
    let text_id = panel.get_attribute("aria-describedby").unwrap();
    let text = document.get_element_by_id(&text_id).expect("the text the panel names");
    assert!(text.text_content().unwrap().contains("Reload the page"));

    let button = panel_button(&panel);
    assert_eq!(button.text_content().as_deref(), Some("Reload"));
    assert_eq!(button.get_attribute("type").as_deref(), Some("button"));
    let focused = document.active_element().expect("something has the focus");
    assert!(focused.is_same_node(Some(&button)), "the Reload button has the focus");
}

#[wasm_bindgen_test]
fn the_panel_is_visible_on_top_of_the_page() {
    let document = fresh_page();
    // Something that fills the page, as the app does, which the panel must cover.
    let filler = document.create_element("div").unwrap();
    filler.set_id("test-filler");
    filler.set_text_content(Some("the app"));
    document.body().unwrap().append_child(&filler).unwrap();

    let panel = sp_web::panic::show(&document, "attempt to subtract with overflow").expect("a panel");
    let style = web_sys::window().unwrap().get_computed_style(&panel).unwrap().unwrap();
    assert_eq!(style.get_property_value("position").unwrap(), "fixed");
    assert_ne!(style.get_property_value("display").unwrap(), "none");
    assert_eq!(style.get_property_value("visibility").unwrap(), "visible");
    let rect = panel.get_bounding_client_rect();
    assert!(rect.width() > 100.0 && rect.height() > 50.0, "the panel has a size: {rect:?}");

    // The panel is what the user sees at its own centre and at its Reload button.
    let centre_x = (rect.left() + rect.width() / 2.0) as f32;
    let centre_y = (rect.top() + rect.height() / 2.0) as f32;
    let hit = document.element_from_point(centre_x, centre_y).expect("an element at the centre");
    assert!(panel.contains(Some(&hit)), "the panel is on top at its centre");
    let button = panel_button(&panel).get_bounding_client_rect();
    let hit = document
        .element_from_point((button.left() + 4.0) as f32, (button.top() + 4.0) as f32)
        .expect("an element at the button");
    assert_eq!(hit.tag_name(), "BUTTON");
    filler.remove();
}

#[wasm_bindgen_test]
fn markup_in_the_message_stays_text() {
    let document = fresh_page();
    let message = "panicked at <img src=x onerror=alert(1)> & <b>bold</b>";
    let panel = sp_web::panic::show(&document, message).expect("a panel");

    let details = panel.query_selector("pre").unwrap().expect("the details");
    assert_eq!(details.text_content().as_deref(), Some(message));
    assert_eq!(details.child_element_count(), 0, "no element was made from the message");
    assert!(panel.query_selector("img, b").unwrap().is_none());
}

#[wasm_bindgen_test]
fn a_second_panic_leaves_the_first_panel_alone() {
    let document = fresh_page();
    let first = sp_web::panic::show(&document, "the first panic").expect("a panel");
    let second = sp_web::panic::show(&document, "a panic while showing the first").expect("the same panel");

    assert!(first.is_same_node(Some(&second)));
    let panels = document.query_selector_all(&format!("#{}", sp_web::panic::PANEL_ID)).unwrap();
    assert_eq!(panels.length(), 1);
    assert_eq!(document.query_selector_all("[role=alertdialog]").unwrap().length(), 1);
    let details = first.query_selector("pre").unwrap().unwrap();
    assert_eq!(details.text_content().as_deref(), Some("the first panic"));
}
