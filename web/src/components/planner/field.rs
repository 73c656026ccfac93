//! Labelled form controls with their error message next to them.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`TextField`].
#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// The control's element id.
    pub id: AttrValue,
    /// The visible label.
    pub label: AttrValue,
    /// The current text.
    pub value: AttrValue,
    /// What is wrong with the field, shown under it.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// A hint shown under the field.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Called with the new text on every keystroke.
    pub on_input: Callback<String>,
}

/// A labelled text input.
#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let oninput = props.on_input.reform(|event: InputEvent| {
        event.target_unchecked_into::<HtmlInputElement>().value()
    });
    let described = described_by(&props.id, props.error.is_some(), props.hint.is_some());
    html! {
        <div class={classes!("field", props.error.is_some().then_some("invalid"))}>
            <label for={props.id.clone()}>{ &props.label }</label>
            <input type="text" id={props.id.clone()} value={props.value.clone()} {oninput}
                spellcheck="false" autocomplete="off"
                aria-invalid={props.error.is_some().then_some("true")}
                aria-describedby={described} />
            <Messages id={props.id.clone()} error={props.error.clone()} hint={props.hint.clone()} />
        </div>
    }
}

/// Props of [`SelectField`].
#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    /// The control's element id.
    pub id: AttrValue,
    /// The visible label.
    pub label: AttrValue,
    /// The choices: value and label.
    pub options: Vec<(AttrValue, AttrValue)>,
    /// The chosen value.
    pub selected: AttrValue,
    /// What is wrong with the field, shown under it.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// Called with the chosen value.
    pub on_change: Callback<String>,
}

/// A labelled select.
#[component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let onchange = props.on_change.reform(|event: Event| {
        event.target_unchecked_into::<HtmlSelectElement>().value()
    });
    let known = props.options.iter().any(|(value, _)| *value == props.selected);
    html! {
        <div class={classes!("field", props.error.is_some().then_some("invalid"))}>
            <label for={props.id.clone()}>{ &props.label }</label>
            <select id={props.id.clone()} {onchange}
                aria-invalid={props.error.is_some().then_some("true")}
                aria-describedby={described_by(&props.id, props.error.is_some(), false)}>
                if !known {
                    <option value={props.selected.clone()} selected=true>
                        { format!("{} (not a choice)", props.selected) }
                    </option>
                }
                { for props.options.iter().map(|(value, label)| html! {
                    <option value={value.clone()} selected={*value == props.selected}>{ label }</option>
                }) }
            </select>
            <Messages id={props.id.clone()} error={props.error.clone()} />
        </div>
    }
}

/// Props of [`CheckField`].
#[derive(Properties, PartialEq)]
pub struct CheckFieldProps {
    /// The control's element id.
    pub id: AttrValue,
    /// The visible label.
    pub label: AttrValue,
    /// Whether the box is ticked.
    pub checked: bool,
    /// Called with the new state.
    pub on_change: Callback<bool>,
}

/// A labelled check box.
#[component]
pub fn CheckField(props: &CheckFieldProps) -> Html {
    let onchange = props.on_change.reform(|event: Event| {
        event.target_unchecked_into::<HtmlInputElement>().checked()
    });
    html! {
        <div class="field check">
            <input type="checkbox" id={props.id.clone()} checked={props.checked} {onchange} />
            <label for={props.id.clone()}>{ &props.label }</label>
        </div>
    }
}

/// The ids a control's `aria-describedby` names.
fn described_by(id: &str, error: bool, hint: bool) -> Option<AttrValue> {
    let mut ids = Vec::new();
    if error {
        ids.push(format!("{id}-error"));
    }
    if hint {
        ids.push(format!("{id}-hint"));
    }
    (!ids.is_empty()).then(|| AttrValue::from(ids.join(" ")))
}

/// Props of [`Messages`].
#[derive(Properties, PartialEq)]
pub struct MessagesProps {
    /// The control's element id.
    pub id: AttrValue,
    /// The error, if any.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// The hint, if any.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
}

/// The error and hint under a control.
#[component]
pub fn Messages(props: &MessagesProps) -> Html {
    html! {
        <>
            if let Some(error) = &props.error {
                <p class="field-error" id={format!("{}-error", props.id)}>{ error }</p>
            }
            if let Some(hint) = &props.hint {
                <p class="field-hint" id={format!("{}-hint", props.id)}>{ hint }</p>
            }
        </>
    }
}

/// Props of [`BuildField`].
#[derive(Properties, PartialEq)]
pub struct BuildFieldProps {
    /// The control's element id.
    pub id: AttrValue,
    /// What the last pasted build meant, or why it could not be read.
    #[prop_or_default]
    pub note: Option<Result<String, String>>,
    /// An error of the topology about the build.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// Called with the build text when the user asks to fill version and level from it.
    pub on_fill: Callback<String>,
}

/// A build number box: paste a build (as the admin tools show it) and press Enter or "Fill" to
/// set the version and level.
#[component]
pub fn BuildField(props: &BuildFieldProps) -> Html {
    let text = use_state(String::new);
    let oninput = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| {
            text.set(event.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let fill = {
        let text = text.clone();
        let on_fill = props.on_fill.clone();
        move || on_fill.emit((*text).clone())
    };
    let onkeydown = {
        let fill = fill.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" {
                event.prevent_default();
                fill();
            }
        })
    };
    let onclick = Callback::from(move |_: MouseEvent| fill());
    let (error, hint) = match (&props.error, &props.note) {
        (Some(error), _) => (Some(error.clone()), None),
        (None, Some(Err(message))) => (Some(AttrValue::from(message.clone())), None),
        (None, Some(Ok(found))) => (None, Some(AttrValue::from(found.clone()))),
        (None, None) => (None, None),
    };
    html! {
        <div class={classes!("field", "build-field", error.is_some().then_some("invalid"))}>
            <label for={props.id.clone()}>{ "Build number (fills version and level)" }</label>
            <div class="inline">
                <input type="text" id={props.id.clone()} value={(*text).clone()} {oninput} {onkeydown}
                    placeholder="6.5.7638.2" spellcheck="false" autocomplete="off"
                    aria-invalid={error.is_some().then_some("true")}
                    aria-describedby={described_by(&props.id, error.is_some(), hint.is_some())} />
                <button type="button" class="secondary" {onclick}>{ "Fill" }</button>
            </div>
            <Messages id={props.id.clone()} {error} {hint} />
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

/// The value of the "not stated" choice of [`WindowsField`].
const NOT_STATED: &str = "";

/// Props of [`WindowsField`].
#[derive(Properties, PartialEq)]
pub struct WindowsFieldProps {
    /// The control's element id.
    pub id: AttrValue,
    /// The Windows release as the topology has it; `None` when it is not stated.
    #[prop_or_default]
    pub selected: Option<AttrValue>,
    /// What is wrong with the release, shown under the control.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// Called with the chosen release, or `None` for "not stated".
    pub on_change: Callback<Option<String>>,
}

/// A labelled select of the Windows release, for the prerequisite checks.
///
/// A release the list does not know (from an imported file) stays selected and is marked as not
/// a choice, so its error shows next to it until the user picks another.
#[component]
pub fn WindowsField(props: &WindowsFieldProps) -> Html {
    let mut options = vec![(AttrValue::from(NOT_STATED), AttrValue::from("Not stated"))];
    options.extend(
        WINDOWS_RELEASES
            .into_iter()
            .map(|(value, label)| (AttrValue::Static(value), AttrValue::Static(label))),
    );
    let selected = props.selected.clone().unwrap_or(AttrValue::Static(NOT_STATED));
    let on_change = props
        .on_change
        .reform(|value: String| (value != NOT_STATED).then_some(value));
    html! {
        <SelectField id={props.id.clone()} label="Windows release" {options} {selected}
            error={props.error.clone()} {on_change} />
    }
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
