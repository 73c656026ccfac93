//! A real panic inside a rendered component reaches the app's panic hook, which shows its panel.
//!
//! A panic traps the WebAssembly instance, so this is the only test in its binary. The panic
//! happens in a click handler that a browser timer fires, in a task of its own: the trap ends
//! that task only, and the test, resumed later by another timer, reads the page the hook left.
//! Nothing of the app runs after the panic; the test only reads the DOM.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use wasm_bindgen::{JsCast as _, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A component whose button panics when pressed, as a bug in a handler would.
#[component]
fn Faulty() -> Html {
    let onclick = Callback::from(|_: MouseEvent| {
        let steps: Vec<u32> = Vec::new();
        // A bug: the list is assumed to be non-empty.
        let first = steps.first().copied().unwrap_or_else(|| panic!("no step <b>to</b> show"));
        web_sys::console::log_1(&first.into());
    });
    html! { <button id="faulty" type="button" {onclick}>{ "Press" }</button> }
}

#[wasm_bindgen_test]
async fn a_panic_in_a_component_shows_the_panel_with_its_message() {
    sp_web::panic::install();
    let window = web_sys::window().unwrap();
    let document = window.document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let _handle = yew::Renderer::<Faulty>::with_root(root).render();
    yew::scheduler::flush().await;
    assert!(document.get_element_by_id(sp_web::panic::PANEL_ID).is_none(), "no panel before the panic");

    // The browser presses the button from a timer, so the panic traps that task, not this test.
    let button = document.get_element_by_id("faulty").expect("the button");
    let click = js_sys::Reflect::get(&button, &JsValue::from_str("click")).unwrap();
    let click: js_sys::Function = click.dyn_into().unwrap();
    let click = click.bind0(&button);
    window.set_timeout_with_callback_and_timeout_and_arguments_0(&click, 0).unwrap();
    yew::platform::time::sleep(Duration::from_millis(200)).await;

    let panel = document.get_element_by_id(sp_web::panic::PANEL_ID).expect("the hook showed its panel");
    assert_eq!(panel.get_attribute("role").as_deref(), Some("alertdialog"));
    let details = panel.query_selector("pre").unwrap().expect("the details").text_content().unwrap();
    assert!(details.contains("no step <b>to</b> show"), "{details}");
    assert!(details.contains("panic_hook.rs"), "the details say where: {details}");
    assert_eq!(panel.query_selector("b").unwrap(), None);
    let focused = document.active_element().expect("the focus");
    assert_eq!(focused.text_content().as_deref(), Some("Reload"));
}
