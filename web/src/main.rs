//! The SP Planner web app: the knowledge base to read and search, and the planner.
//!
//! Routes live in the URL hash (`route.rs`), the rest of the state in one reducer (`state.rs`).
//! Components are in `components/`, one screen per file in `pages/`.

mod app;
mod components;
mod highlight;
mod hooks;
mod kb;
mod pages;
mod panic;
mod planner_state;
mod route;
mod state;

fn main() {
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
