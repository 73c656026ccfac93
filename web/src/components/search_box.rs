//! The search box: always visible, `/` focuses it, results follow every keystroke, and the arrow
//! keys with Enter open a result.

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast as _;
use yew::prelude::*;

use crate::app::StateHandle;
use crate::dom::El;
use crate::components::focus_by_id;
use crate::hooks::use_route::Router;
use crate::kb;
use crate::route::Route;
use crate::state::Action;

/// How many results the search shows.
pub const RESULT_LIMIT: usize = 20;

/// The id of the search input, for the `/` shortcut and for labels.
pub const INPUT_ID: &str = "search";

/// Props of [`SearchBox`].
#[derive(Properties, PartialEq)]
pub struct SearchBoxProps {
    /// The app's router.
    pub router: Router,
    /// The app's state, which holds the query.
    pub state: StateHandle,
}

/// The search box in the top bar.
#[component]
pub fn SearchBox(props: &SearchBoxProps) -> Html {
    let router = props.router.clone();
    let state = props.state.clone();
    use_slash_to_focus();

    let hits = use_memo(state.query.clone(), |query| kb::search(query, RESULT_LIMIT));
    let on_search_page = matches!(*router.route, Route::Search { .. });

    let oninput = {
        let state = state.clone();
        let router = router.clone();
        Callback::from(move |event: InputEvent| {
            let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            let query = input.value();
            state.dispatch(Action::SetQuery(query.clone()));
            router.search(query);
        })
    };

    let onkeydown = {
        let state = state.clone();
        let router = router.clone();
        let hits = hits.clone();
        Callback::from(move |event: KeyboardEvent| {
            let count = hits.len();
            match event.key().as_str() {
                "ArrowDown" => {
                    event.prevent_default();
                    state.dispatch(Action::MoveActive { delta: 1, count });
                }
                "ArrowUp" => {
                    event.prevent_default();
                    state.dispatch(Action::MoveActive { delta: -1, count });
                }
                "Enter" => {
                    event.prevent_default();
                    if let Some(hit) = hits.get(state.active) {
                        router.push(Route::Kb {
                            section: hit.id.clone(),
                        });
                        focus_by_id("main");
                    } else if !matches!(*router.route, Route::Search { .. }) {
                        router.push(Route::Search {
                            query: state.query.clone(),
                        });
                    }
                }
                "Escape" => {
                    // The first Escape clears the box, the second leaves it.
                    event.prevent_default();
                    if state.query.is_empty() {
                        if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
                            let _ = input.blur();
                        }
                    } else {
                        state.dispatch(Action::SetQuery(String::new()));
                        if matches!(*router.route, Route::Search { .. }) {
                            router.replace(Route::Search {
                                query: String::new(),
                            });
                        }
                    }
                }
                _ => {}
            }
        })
    };

    let expanded = on_search_page && !hits.is_empty();

    El::with_class("form", "search")
        .set("role", "search")
        .on_submit(Callback::from(|event: SubmitEvent| event.prevent_default()))
        .child(El::with_class("label", "visually-hidden").set("for", INPUT_ID).text("Search the knowledge base").html())
        .child(
            El::with_class("span", "visually-hidden")
                .set("id", "search-help")
                .text(
                    "Results follow as you type. The up and down arrows choose a result, Enter opens it, Escape clears the box.",
                )
                .html(),
        )
        .child(
            El::new("input")
                .set("id", INPUT_ID)
                .set("type", "search")
                .attr_opt("aria-controls", expanded.then_some(AttrValue::Static("search-results")))
                .set("aria-describedby", "search-help")
                .set("autocomplete", "off")
                .set("spellcheck", "false")
                .set("placeholder", "Search (press /)")
                .value(AttrValue::from(state.query.clone()))
                .on_input(oninput)
                .on_keydown(onkeydown)
                .html(),
        )
        .html()
}

/// Focuses the search box when `/` is pressed outside a text field.
#[hook]
fn use_slash_to_focus() {
    use_effect_with((), |()| {
        let listener = web_sys::window().and_then(|window| window.document()).map(|document| {
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&document, "keydown", options, |event| {
                let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                if event.key() != "/" || event.ctrl_key() || event.meta_key() || event.alt_key() {
                    return;
                }
                if typing_target(event.target()) {
                    return;
                }
                event.prevent_default();
                focus_by_id(INPUT_ID);
            })
        });
        move || drop(listener)
    });
}

/// Whether the key went to a place where `/` is text: an input, a text area or editable content.
fn typing_target(target: Option<web_sys::EventTarget>) -> bool {
    let Some(element) = target.and_then(|target| target.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    let tag = element.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select") || element.is_content_editable()
}
