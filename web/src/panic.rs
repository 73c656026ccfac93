//! A panic hook that replaces a dead page with a visible error and a reload button.
//!
//! The release build aborts on panic, so nothing of the app can run afterwards: the hook builds
//! the message with plain DOM calls and keeps the reload handler alive on its own.
//!
//! The hook itself only logs and calls [`show`]. The component tests (web/tests/) call [`show`]
//! directly in headless Chromium to check the panel, and make a test-only component panic to check
//! that the installed hook is reached; the app ships no control that panics on purpose. Not
//! tested: the Reload button's click (it would reload the test page), and the optimised release
//! build itself (the component tests run a debug build; the browser tests never panic).

use std::panic::PanicHookInfo;

use wasm_bindgen::JsCast as _;
use wasm_bindgen::closure::Closure;
use web_sys::{Document, Element};

/// The id of the panel.
pub const PANEL_ID: &str = "fatal";

/// Installs the hook; call it before rendering.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(on_panic));
}

fn on_panic(info: &PanicHookInfo<'_>) {
    let message = info.to_string();
    web_sys::console::error_1(&format!("sp-planner stopped: {message}").into());
    // Showing the error is best effort: if the DOM is not reachable there is nothing else to do.
    if let Some(document) = web_sys::window().and_then(|window| window.document()) {
        let _ = show(&document, &message);
    }
}

/// Shows the panel with `message` as its details and focuses its Reload button.
///
/// The message is set as text, never parsed as markup. Only the first call shows a panel: later
/// calls return the panel already shown and leave it as it is. Returns `None` when the document
/// has no body or refuses an element.
pub fn show(document: &Document, message: &str) -> Option<Element> {
    if let Some(panel) = document.get_element_by_id(PANEL_ID) {
        return Some(panel);
    }
    let body = document.body()?;

    let panel = document.create_element("div").ok()?;
    panel.set_id(PANEL_ID);
    panel.set_attribute("role", "alertdialog").ok()?;
    panel.set_attribute("aria-labelledby", "fatal-title").ok()?;
    panel.set_attribute("aria-describedby", "fatal-text").ok()?;

    let title = document.create_element("h2").ok()?;
    title.set_id("fatal-title");
    title.set_text_content(Some("SP Planner stopped"));

    let text = document.create_element("p").ok()?;
    text.set_id("fatal-text");
    text.set_text_content(Some(
        "The app hit an internal error and cannot go on. \
         Your saved topology stays in this browser. \
         Reload the page to start again; if the error comes back, please report the details below.",
    ));

    let details = document.create_element("pre").ok()?;
    details.set_text_content(Some(message));

    let button = document.create_element("button").ok()?;
    button.set_attribute("type", "button").ok()?;
    button.set_text_content(Some("Reload"));
    let reload = Closure::<dyn Fn()>::new(|| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    button
        .add_event_listener_with_callback("click", reload.as_ref().unchecked_ref())
        .ok()?;
    // The handler must outlive this call; the page is reloaded before it would matter.
    reload.forget();

    panel.append_child(&title).ok()?;
    panel.append_child(&text).ok()?;
    panel.append_child(&details).ok()?;
    panel.append_child(&button).ok()?;
    body.append_child(&panel).ok()?;
    if let Some(button) = button.dyn_ref::<web_sys::HtmlElement>() {
        let _ = button.focus();
    }
    Some(panel)
}
