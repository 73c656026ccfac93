//! Labelled form controls with their error message next to them.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

// The stateless controls below are plain functions rather than components: each component
// costs its own copy of Yew's lifecycle code in the WebAssembly module, and these are redrawn
// with the editor that holds them anyway.

/// A labelled text input, with its error under it.
pub fn text_field(
    id: &AttrValue,
    label: impl Into<AttrValue>,
    value: AttrValue,
    error: Option<AttrValue>,
    on_input: &Callback<String>,
) -> Html {
    let oninput = on_input.reform(|event: InputEvent| {
        event.target_unchecked_into::<HtmlInputElement>().value()
    });
    let invalid = error.is_some();
    html! {
        <div class={field_class(invalid)}>
            <label for={id.clone()}>{ label.into() }</label>
            <input type="text" id={id.clone()} {value} {oninput}
                spellcheck="false" autocomplete="off"
                aria-invalid={invalid.then_some("true")}
                aria-describedby={described_by(id, invalid, false)} />
            { messages(id, error, None) }
        </div>
    }
}

/// A labelled select of `options` (value and label), with its error under it.
///
/// A `selected` value that is not among the options stays selected and is marked as not a
/// choice, so that a value read from a file is never silently replaced.
pub fn select_field(
    id: &AttrValue,
    label: impl Into<AttrValue>,
    options: &[(AttrValue, AttrValue)],
    selected: &AttrValue,
    error: Option<AttrValue>,
    on_change: &Callback<String>,
) -> Html {
    let onchange = on_change.reform(|event: Event| {
        event.target_unchecked_into::<HtmlSelectElement>().value()
    });
    let known = options.iter().any(|(value, _)| value == selected);
    let invalid = error.is_some();
    html! {
        <div class={field_class(invalid)}>
            <label for={id.clone()}>{ label.into() }</label>
            <select id={id.clone()} {onchange}
                aria-invalid={invalid.then_some("true")}
                aria-describedby={described_by(id, invalid, false)}>
                if !known {
                    <option value={selected.clone()} selected=true>
                        { format!("{selected} (not a choice)") }
                    </option>
                }
                { for options.iter().map(|(value, label)| html! {
                    <option value={value.clone()} selected={value == selected}>{ label }</option>
                }) }
            </select>
            { messages(id, error, None) }
        </div>
    }
}

/// A labelled check box.
pub fn check_field(id: &AttrValue, label: impl Into<AttrValue>, checked: bool, on_change: &Callback<bool>) -> Html {
    let onchange = on_change.reform(|event: Event| {
        event.target_unchecked_into::<HtmlInputElement>().checked()
    });
    html! {
        <div class="field check">
            <input type="checkbox" id={id.clone()} {checked} {onchange} />
            <label for={id.clone()}>{ label.into() }</label>
        </div>
    }
}

/// The class of a field's box. Class lists are plain strings in the app: Yew's `classes!` costs
/// code at every use in the WebAssembly module.
fn field_class(invalid: bool) -> &'static str {
    if invalid { "field invalid" } else { "field" }
}

/// The ids a control's `aria-describedby` names.
fn described_by(id: &str, error: bool, hint: bool) -> Option<AttrValue> {
    match (error, hint) {
        (true, true) => Some(format!("{id}-error {id}-hint").into()),
        (true, false) => Some(format!("{id}-error").into()),
        (false, true) => Some(format!("{id}-hint").into()),
        (false, false) => None,
    }
}

/// The error and hint under a control, with the ids its `aria-describedby` names.
fn messages(id: &str, error: Option<AttrValue>, hint: Option<AttrValue>) -> Html {
    html! {
        <>
            if let Some(error) = error {
                <p class="field-error" id={format!("{id}-error")}>{ error }</p>
            }
            if let Some(hint) = hint {
                <p class="field-hint" id={format!("{id}-hint")}>{ hint }</p>
            }
        </>
    }
}

/// What [`build_field`] draws.
pub struct BuildFieldProps<'a> {
    /// The control's element id.
    pub id: &'a AttrValue,
    /// What the last pasted build meant, or why it could not be read.
    pub note: Option<&'a Result<String, String>>,
    /// An error of the topology about the build.
    pub error: Option<AttrValue>,
    /// Called with the build text when the user asks to fill version and level from it.
    pub on_fill: Callback<String>,
}

/// A build number box: paste a build (as the admin tools show it) and press Enter or "Fill" to
/// set the version and level.
///
/// The box keeps its own text, which is read when the user asks to fill: so this is a plain
/// function rather than a component with the text as state, as every component costs its own
/// copy of Yew's lifecycle code in the WebAssembly module.
pub fn build_field(props: &BuildFieldProps<'_>) -> Html {
    let onkeydown = {
        let on_fill = props.on_fill.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" {
                event.prevent_default();
                on_fill.emit(event.target_unchecked_into::<HtmlInputElement>().value());
            }
        })
    };
    let onclick = {
        let on_fill = props.on_fill.clone();
        let id = props.id.clone();
        Callback::from(move |_: MouseEvent| {
            use wasm_bindgen::JsCast as _;
            let input = web_sys::window()
                .and_then(|window| window.document())
                .and_then(|document| document.get_element_by_id(&id))
                .and_then(|element| element.dyn_into::<HtmlInputElement>().ok());
            if let Some(input) = input {
                on_fill.emit(input.value());
            }
        })
    };
    let (error, hint) = match (&props.error, props.note) {
        (Some(error), _) => (Some(error.clone()), None),
        (None, Some(Err(message))) => (Some(AttrValue::from(message.clone())), None),
        (None, Some(Ok(found))) => (None, Some(AttrValue::from(found.clone()))),
        (None, None) => (None, None),
    };
    let id = props.id;
    html! {
        <div class={if error.is_some() { "field build-field invalid" } else { "field build-field" }}>
            <label for={id.clone()}>{ "Build number (fills version and level)" }</label>
            <div class="inline">
                <input type="text" id={id.clone()} {onkeydown}
                    placeholder="6.5.7638.2" spellcheck="false" autocomplete="off"
                    aria-invalid={error.is_some().then_some("true")}
                    aria-describedby={described_by(id, error.is_some(), hint.is_some())} />
                <button type="button" class="secondary" {onclick}>{ "Fill" }</button>
            </div>
            { messages(id, error, hint) }
        </div>
    }
}

/// The Windows releases the topology format accepts, oldest first: value and label.
pub const WINDOWS_RELEASES: [(&str, &str); 16] = [
    ("NT4", "Windows NT 4.0"),
    ("NT4 SP1", "Windows NT 4.0 SP1"),
    ("NT4 SP2", "Windows NT 4.0 SP2"),
    ("NT4 SP3", "Windows NT 4.0 SP3"),
    ("NT4 SP4", "Windows NT 4.0 SP4"),
    ("NT4 SP5", "Windows NT 4.0 SP5"),
    ("NT4 SP6", "Windows NT 4.0 SP6"),
    ("NT4 SP6a", "Windows NT 4.0 SP6a"),
    ("2000", "Windows 2000"),
    ("2000 SP1", "Windows 2000 SP1"),
    ("2000 SP2", "Windows 2000 SP2"),
    ("2000 SP3", "Windows 2000 SP3"),
    ("2000 SP4", "Windows 2000 SP4"),
    ("2003", "Windows Server 2003"),
    ("2003 SP1", "Windows Server 2003 SP1"),
    ("2003 SP2", "Windows Server 2003 SP2"),
];

/// The value of the "not stated" choice of [`windows_field`].
const NOT_STATED: &str = "";

/// A labelled select of the Windows release, for the prerequisite checks; `selected` is `None`
/// when the release is not stated, and `on_change` is called with the choice in the same form.
///
/// A release the list does not know (from an imported file) stays selected and is marked as not
/// a choice, so its error shows next to it until the user picks another.
pub fn windows_field(
    id: &AttrValue,
    selected: Option<AttrValue>,
    error: Option<AttrValue>,
    on_change: &Callback<Option<String>>,
) -> Html {
    let mut options = vec![(AttrValue::Static(NOT_STATED), AttrValue::Static("Not stated"))];
    options.extend(
        WINDOWS_RELEASES
            .into_iter()
            .map(|(value, label)| (AttrValue::Static(value), AttrValue::Static(label))),
    );
    let selected = selected.unwrap_or(AttrValue::Static(NOT_STATED));
    let on_change = on_change.reform(|value: String| (value != NOT_STATED).then_some(value));
    select_field(id, "Windows release", &options, &selected, error, &on_change)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use sp_rules::Windows;

    use super::{NOT_STATED, WINDOWS_RELEASES};

    #[test]
    fn every_windows_choice_is_a_release_the_model_reads_in_release_order() {
        let releases: Vec<_> = WINDOWS_RELEASES
            .iter()
            .map(|(value, _)| Windows((*value).to_owned()).release().unwrap())
            .collect();
        assert!(releases.windows(2).all(|pair| pair[0] < pair[1]), "{releases:?}");
        assert!(WINDOWS_RELEASES.iter().all(|(value, _)| *value != NOT_STATED));
    }

    #[test]
    fn the_windows_choices_cover_every_service_pack_the_model_reads() {
        for (family, last) in [("NT4", 6), ("2000", 4), ("2003", 2)] {
            let mut expected = vec![family.to_owned()];
            expected.extend((1..=last).map(|sp| format!("{family} SP{sp}")));
            if family == "NT4" {
                expected.push("NT4 SP6a".to_owned());
            }
            for value in expected {
                assert!(WINDOWS_RELEASES.iter().any(|(v, _)| *v == value), "{value} is missing");
            }
            let beyond = format!("{family} SP{}", last + 1);
            assert!(Windows(beyond).release().is_err());
        }
    }
}
