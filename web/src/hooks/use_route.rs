//! The hash router: the current [`Route`] and ways to change it, handed by the app root to the
//! components that need it.
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
    /// Rewrite the current entry when it is a search, else add one.
    Search,
}

/// The current route and a way to change it.
#[derive(Clone, Debug, PartialEq)]
pub struct Router {
    /// The route shown now.
    pub route: Rc<Route>,
    /// Counts route changes that came from outside the app's own navigation: the back and
    /// forward buttons, links, or an edited address. Screens that mirror the route in a control
    /// (the search box) sync on this, so their own typing is never overwritten by a stale route.
    pub outside_changes: u32,
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

    /// Goes to the search for `query`: a search typed on the search page rewrites its entry, one
    /// started elsewhere adds an entry.
    ///
    /// Which of the two is decided from the address when the keystroke arrives, not from the
    /// route this router was drawn with: Yew may hand a keystroke to the page before it has drawn
    /// the previous one, and a stale route would add an entry per keystroke.
    pub fn search(&self, query: String) {
        self.navigate.emit((Route::Search { query }, Mode::Search));
    }
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .unwrap_or_default()
}

/// Owns the route state and the `hashchange` listener; used once, by the app root.
#[hook]
pub fn use_hash_router() -> Router {
    let state = use_state(|| (Rc::new(Route::parse(&current_hash())), 0_u32));
    // The hash the app itself set last, so its hashchange event is not taken for an outside one.
    let expected = use_mut_ref(|| None::<String>);
    let outside = use_mut_ref(|| 0_u32);

    {
        let state = state.clone();
        let expected = expected.clone();
        let outside = outside.clone();
        use_effect_with((), move |()| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    let hash = current_hash();
                    if expected.borrow_mut().take().as_deref() == Some(hash.as_str()) {
                        return;
                    }
                    let count = {
                        let mut outside = outside.borrow_mut();
                        *outside = outside.wrapping_add(1);
                        *outside
                    };
                    state.set((Rc::new(Route::parse(&hash)), count));
                })
            });
            move || drop(listener)
        });
    }

    let navigate = {
        let state = state.clone();
        Callback::from(move |(next, mode): (Route, Mode)| {
            let Some(window) = web_sys::window() else {
                return;
            };
            let hash = next.to_hash();
            let count = *outside.borrow();
            let replace = match mode {
                Mode::Push => false,
                Mode::Replace => true,
                // The address already holds what the last keystroke wrote.
                Mode::Search => matches!(Route::parse(&current_hash()), Route::Search { .. }),
            };
            if replace {
                if let Ok(history) = window.history() {
                    let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&hash));
                }
            } else if current_hash() != hash {
                *expected.borrow_mut() = Some(hash.clone());
                let _ = window.location().set_hash(&hash);
            }
            state.set((Rc::new(next), count));
        })
    };

    Router {
        route: state.0.clone(),
        outside_changes: state.1,
        navigate,
    }
}
