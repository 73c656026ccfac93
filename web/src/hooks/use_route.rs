//! The hash router: the current [`Route`] and ways to change it, shared by context.
//!
//! Pushing sets `location.hash`, so every screen is a history entry and back and forward work;
//! the `hashchange` listener then updates the route.
//! Replacing rewrites the current entry (used while typing a search) and updates the route at once.

use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::route::Route;

/// How to go to a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Add a history entry.
    Push,
    /// Rewrite the current history entry.
    Replace,
}

/// The current route and a way to change it.
#[derive(Clone, Debug, PartialEq)]
pub struct Router {
    /// The route shown now.
    pub route: Rc<Route>,
    navigate: Callback<(Route, Mode)>,
}

impl Router {
    /// Goes to `route` with a new history entry.
    pub fn push(&self, route: Route) {
        self.navigate.emit((route, Mode::Push));
    }

    /// Goes to `route`, rewriting the current history entry.
    pub fn replace(&self, route: Route) {
        self.navigate.emit((route, Mode::Replace));
    }
}

fn current_route() -> Route {
    let hash = web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .unwrap_or_default();
    Route::parse(&hash)
}

/// Owns the route state and the `hashchange` listener; used once, by the app root.
#[hook]
pub fn use_hash_router() -> Router {
    let route = use_state(|| Rc::new(current_route()));

    {
        let route = route.clone();
        use_effect_with((), move |()| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    route.set(Rc::new(current_route()));
                })
            });
            move || drop(listener)
        });
    }

    let navigate = {
        let route = route.clone();
        Callback::from(move |(next, mode): (Route, Mode)| {
            let Some(window) = web_sys::window() else {
                return;
            };
            let hash = next.to_hash();
            match mode {
                Mode::Push => {
                    if window.location().hash().ok().as_deref() == Some(hash.as_str()) {
                        route.set(Rc::new(next));
                    } else {
                        // The hashchange listener picks the new route up.
                        let _ = window.location().set_hash(&hash);
                    }
                }
                Mode::Replace => {
                    if let Ok(history) = window.history() {
                        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&hash));
                    }
                    route.set(Rc::new(next));
                }
            }
        })
    };

    Router {
        route: (*route).clone(),
        navigate,
    }
}

/// The router provided by the app root.
#[hook]
pub fn use_router() -> Router {
    use_context::<Router>().unwrap_or_else(|| Router {
        route: Rc::new(Route::Home),
        navigate: Callback::noop(),
    })
}
