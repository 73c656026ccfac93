//! The page for a link the app does not know.

use yew::prelude::*;

use crate::route::Route;

/// Props of [`NotFound`].
#[derive(Properties, PartialEq)]
pub struct NotFoundProps {
    /// The hash that was not understood, shown as text.
    pub hash: AttrValue,
}

/// Says that the link is not understood and offers a way back.
#[component]
pub fn NotFound(props: &NotFoundProps) -> Html {
    use_effect_with((), |()| super::set_title("Page not found"));
    let shown: String = props.hash.chars().take(200).collect();
    html! {
        <article class="missing">
            <h1>{ "Page not found" }</h1>
            <p>
                { "This link (" }<code>{ format!("#{shown}") }</code>
                { ") does not lead to anything in SP Planner. Start again from the " }
                <a href={Route::Home.to_hash()}>{ "contents" }</a>{ "." }
            </p>
        </article>
    }
}
