//! Labelled form controls with their error message next to them.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::dom::{El, fragment};

// The stateless controls below are plain functions rather than components: each component
// costs its own copy of Yew's lifecycle code in the WebAssembly module, and these are redrawn
// with the editor that holds them anyway. They are built with the shared element builders of
// [`crate::dom`] rather than `html!`, which writes out each element's construction where it is
// used.

/// A labelled text input, with its error under it.
pub fn text_field(
    id: &AttrValue,
    label: impl Into<AttrValue>,
    value: AttrValue,
    error: Option<AttrValue>,
    on_input: &Callback<String>,
) -> Html {
    text_field_of(id, label.into(), value, error, on_input)
}

/// The body of [`text_field`], kept apart because it is not generic: a generic function's code is
/// copied into the module once for every type it is called with.
#[inline(never)]
fn text_field_of(
    id: &AttrValue,
    label: AttrValue,
    value: AttrValue,
    error: Option<AttrValue>,
    on_input: &Callback<String>,
) -> Html {
    let oninput = on_input.reform(|event: InputEvent| {
        event.target_unchecked_into::<HtmlInputElement>().value()
    });
    let invalid = error.is_some();
    El::with_class("div", field_class(invalid))
        .child(label_for(id, label))
        .child(text_input(id, invalid, described_by(id, invalid, false)).value(value).on_input(oninput).html())
        .child(messages(id, error, None))
        .html()
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
    select_field_of(id, label.into(), options, selected, error, on_change)
}

/// The body of [`select_field`], kept apart because it is not generic: a generic function's code is
/// copied into the module once for every type it is called with.
#[inline(never)]
fn select_field_of(
    id: &AttrValue,
    label: AttrValue,
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
    let select = described(El::new("select").attr("id", id.clone()), invalid, described_by(id, invalid, false))
        .on_change(onchange)
        .child(if known {
            Html::default()
        } else {
            option(selected, true, AttrValue::from(format!("{selected} (not a choice)")))
        })
        .child(fragment(options.iter().map(|(value, label)| option(value, value == selected, label.clone())).collect()))
        .html();
    El::with_class("div", field_class(invalid))
        .child(label_for(id, label))
        .child(select)
        .child(messages(id, error, None))
        .html()
}

/// One choice of a select.
#[inline(never)]
fn option(value: &AttrValue, selected: bool, label: AttrValue) -> Html {
    El::new("option").attr("value", value.clone()).flag("selected", selected).text_value(label).html()
}

/// A labelled check box.
pub fn check_field(id: &AttrValue, label: impl Into<AttrValue>, checked: bool, on_change: &Callback<bool>) -> Html {
    check_field_of(id, label.into(), checked, on_change)
}

/// The body of [`check_field`], kept apart because it is not generic: a generic function's code is
/// copied into the module once for every type it is called with.
#[inline(never)]
fn check_field_of(id: &AttrValue, label: AttrValue, checked: bool, on_change: &Callback<bool>) -> Html {
    let onchange = on_change.reform(|event: Event| {
        event.target_unchecked_into::<HtmlInputElement>().checked()
    });
    El::with_class("div", "field check")
        .child(
            El::new("input")
                .set("type", "checkbox")
                .attr("id", id.clone())
                .checked(checked)
                .on_change(onchange)
                .html(),
        )
        .child(label_for(id, label))
        .html()
}

/// The class of a field's box. Class lists are plain strings in the app: Yew's `classes!` costs
/// code at every use in the WebAssembly module.
fn field_class(invalid: bool) -> &'static str {
    if invalid { "field invalid" } else { "field" }
}

/// The label of the control with id `id`.
#[inline(never)]
fn label_for(id: &AttrValue, text: AttrValue) -> Html {
    El::new("label").attr("for", id.clone()).text_value(text).html()
}

/// A one-line text input, with what describes it to assistive technology.
#[inline(never)]
fn text_input(id: &AttrValue, invalid: bool, described_by: Option<AttrValue>) -> El {
    let input = El::new("input")
        .set("type", "text")
        .attr("id", id.clone())
        .set("spellcheck", "false")
        .set("autocomplete", "off");
    described(input, invalid, described_by)
}

/// Marks a control as invalid when it is, and names the ids of the messages that describe it.
#[inline(never)]
fn described(control: El, invalid: bool, described_by: Option<AttrValue>) -> El {
    control
        .attr_opt("aria-invalid", invalid.then_some(AttrValue::Static("true")))
        .attr_opt("aria-describedby", described_by)
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
    fragment(vec![
        error.map_or_else(Html::default, |error| field_error(format!("{id}-error"), error)),
        hint.map_or_else(Html::default, |hint| {
            El::with_class("p", "field-hint").set_string("id", format!("{id}-hint")).text_value(hint).html()
        }),
    ])
}

/// An error message with element id `id`: `<p class="field-error" id=…>`.
#[inline(never)]
pub fn field_error(id: String, message: AttrValue) -> Html {
    El::with_class("p", "field-error").set_string("id", id).text_value(message).html()
}

/// A button of the editors (not one that submits a form), with class list `class`, the label
/// `label` for assistive technology, and visible text `text`.
#[inline(never)]
pub fn editor_button(class: &'static str, onclick: Callback<MouseEvent>, label: String, text: &'static str) -> Html {
    El::with_class("button", class)
        .set("type", "button")
        .on_click(onclick)
        .set_string("aria-label", label)
        .text(text)
        .html()
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
    let invalid = error.is_some();
    let input = text_input(id, invalid, described_by(id, invalid, hint.is_some()))
        .on_keydown(onkeydown)
        .set("placeholder", "6.5.7638.2");
    El::with_class("div", if invalid { "field build-field invalid" } else { "field build-field" })
        .child(label_for(id, AttrValue::Static("Build number (fills version and level)")))
        .child(
            El::with_class("div", "inline")
                .child(input.html())
                .child(El::with_class("button", "secondary").set("type", "button").on_click(onclick).text("Fill").html())
                .html(),
        )
        .child(messages(id, error, hint))
        .html()
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
