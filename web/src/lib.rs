//! The SP Planner web app: the knowledge base to read and search, and the planner.
//!
//! Routes live in the URL hash (`route.rs`), the rest of the state in one reducer (`state.rs`).
//! Components are in `components/`, one screen per file in `pages/`.
//!
//! The binary (`main.rs`) only calls [`start`]. The app is a library so that the component tests
//! in `web/tests/` can render its parts in a real browser; the modules they use are public for
//! that reason alone and are not an interface for anyone else.

mod app;
mod dom;
// Component props are compared by Yew, never printed; most hold callbacks.
#[doc(hidden)]
#[allow(missing_debug_implementations)]
pub mod components;
mod highlight;
mod hooks;
mod json;
mod kb;
mod pages;
#[doc(hidden)]
pub mod panic;
#[doc(hidden)]
pub mod planner_state;
mod route;
mod state;

/// Installs the panic hook and renders the app into the `#app` element, or into the body when
/// the page has none.
pub fn start() {
    panic::install();
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("app"));
    match root {
        Some(root) => {
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}
