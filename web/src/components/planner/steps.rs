//! The steps of the plan with their reasons, and the what-if controls: move up and down,
//! drag and drop, remove, and the validator's findings at each step.

use sp_rules::rules;
use sp_rules::{Action, Error, Phase, Restart, Severity, Step, Violation};
use yew::prelude::*;

use crate::dom::{El, fragment, string, text_el};

use crate::planner_state::PlannerAction;
use crate::route::Route;

/// What [`step_list`] draws.
pub struct StepListProps<'a> {
    /// The steps shown, in order.
    pub steps: &'a [Step],
    /// The plan's phases, for the headings.
    pub phases: &'a [Phase],
    /// The validator's findings on these steps.
    pub violations: &'a [Violation],
    /// Why the steps cannot be checked, if they cannot.
    pub check_error: Option<&'a Error>,
    /// Called with every change of order.
    pub on_action: &'a Callback<PlannerAction>,
}

/// A link to a knowledge-base section.
fn kb_link(anchor: &str, text: &str) -> Html {
    let href = Route::Kb { section: anchor.to_owned() }.to_hash();
    El::new("a").set_string("href", href).string(text.to_owned()).html()
}

/// What happens while a step is dragged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drag {
    /// The step at this index is picked up.
    Start(usize),
    /// The pointer is over the step at this index.
    Over(usize),
    /// A step is dropped on the step at index `to`; `from` is the index the drag carried, for
    /// when the drop arrives before the list has seen the drag start.
    Drop { to: usize, from: Option<usize> },
    /// The drag ended, dropped or not.
    End,
}

/// The step list's own state: the step being dragged, the step it is over, and the callbacks
/// that change them or move the focus after a change of order.
pub struct StepListState {
    dragged: Option<usize>,
    over: Option<usize>,
    on_drag: Callback<Drag>,
    on_focus: Callback<String>,
}

/// The step list's state, kept by the page that shows the list.
#[hook]
pub fn use_step_list_state(on_action: &Callback<PlannerAction>) -> StepListState {
    let dragged = use_state(|| None::<usize>);
    let over = use_state(|| None::<usize>);
    let focus_next = use_state(|| None::<String>);
    {
        let focus_next = focus_next.clone();
        use_effect(move || {
            if let Some(id) = (*focus_next).clone() {
                crate::components::focus_by_id(&id);
                focus_next.set(None);
            }
        });
    }
    let on_focus = {
        let setter = focus_next.setter();
        use_callback((), move |id: String, ()| setter.set(Some(id)))
    };
    let on_drag = {
        let dragged_setter = dragged.setter();
        let over_setter = over.setter();
        let on_action = on_action.clone();
        use_callback((*dragged, *over, on_action), move |drag: Drag, (dragged, over, on_action)| match drag {
            Drag::Start(index) => dragged_setter.set(Some(index)),
            Drag::Over(index) => {
                if *over != Some(index) {
                    over_setter.set(Some(index));
                }
            }
            Drag::Drop { to, from } => {
                if let Some(from) = dragged.or(from) {
                    on_action.emit(PlannerAction::MoveStep { from, to });
                }
                dragged_setter.set(None);
                over_setter.set(None);
            }
            Drag::End => {
                dragged_setter.set(None);
                over_setter.set(None);
            }
        })
    };
    StepListState { dragged: *dragged, over: *over, on_drag, on_focus }
}

/// The numbered steps, grouped by phase where consecutive steps share one.
///
/// A plain function rather than a component, with its state kept by the page
/// ([`use_step_list_state`]): every component costs its own copy of Yew's lifecycle code in the
/// WebAssembly module.
pub fn step_list(props: &StepListProps<'_>, list: &StepListState) -> Html {
    let dragged = list.dragged;
    let over = list.over;
    let on_drag = &list.on_drag;
    let on_focus = &list.on_focus;
    let count = props.steps.len();

    let mut groups: Vec<(String, Vec<(usize, &Step)>)> = Vec::new();
    for (index, step) in props.steps.iter().enumerate() {
        match groups.last_mut() {
            Some((phase, members)) if *phase == step.phase => members.push((index, step)),
            _ => groups.push((step.phase.to_string(), vec![(index, step)])),
        }
    }

    let title_of = |id: &str| -> String {
        props
            .phases
            .iter()
            .find(|phase| phase.id == id)
            .map_or_else(|| if id.is_empty() { "Steps".to_owned() } else { id.to_owned() }, |phase| phase.title.clone())
    };
    let plan_wide: Vec<&Violation> = props.violations.iter().filter(|v| v.step.is_none()).collect();
    let render_step = |index: usize, step: &Step| -> Html {
        let violations: Vec<Violation> =
            props.violations.iter().filter(|v| v.step == Some(step.n)).cloned().collect();
        step_item(&StepItemProps {
            index,
            step,
            violations,
            last: index + 1 == count,
            dragging: dragged == Some(index),
            drop_target: over == Some(index) && dragged != Some(index),
            on_action: props.on_action,
            on_drag,
            on_focus,
        })
    };

    html! {
        <div class="step-list">
            if let Some(error) = props.check_error {
                <div class="problem" role="alert">
                    <p><strong>{ "These steps cannot be carried out: " }</strong>{ error.to_string() }</p>
                </div>
            }
            if !plan_wide.is_empty() {
                <div class="plan-wide">
                    <h3>{ "Broken for the plan as a whole" }</h3>
                    { for plan_wide.iter().map(|violation| violation_note(violation)) }
                </div>
            }
            { for groups.iter().map(|(phase, members)| {
                let start = members.first().map_or(1, |(_, step)| step.n);
                html! {
                    <section class="phase">
                        <h3>{ title_of(phase) }</h3>
                        <ol start={start.to_string()}>
                            { for members.iter().map(|(index, step)| render_step(*index, step)) }
                        </ol>
                    </section>
                }
            }) }
        </div>
    }
}

/// What [`step_item`] draws one step from.
struct StepItemProps<'a> {
    /// The step's position in the list, from 0.
    pub index: usize,
    /// The step.
    pub step: &'a Step,
    /// The rules broken at this step.
    pub violations: Vec<Violation>,
    /// Whether this is the last step.
    pub last: bool,
    /// Whether this step is being dragged.
    pub dragging: bool,
    /// Whether a dragged step would be dropped here.
    pub drop_target: bool,
    /// Called with reorderings.
    pub on_action: &'a Callback<PlannerAction>,
    /// Called with drag and drop events.
    pub on_drag: &'a Callback<Drag>,
    /// Called with the id of the control to focus after the list changes.
    pub on_focus: &'a Callback<String>,
}

/// One step: its sentence, badges, broken rules, reasons and reordering controls.
///
/// A plain function rather than a component: it keeps no state, and every component costs its
/// own copy of Yew's lifecycle code in the WebAssembly module.
fn step_item(props: &StepItemProps<'_>) -> Html {
    let index = props.index;
    let step = props.step;
    let n = step.n;
    let move_to = |to: usize, button: &'static str| {
        let on_action = props.on_action.clone();
        let on_focus = props.on_focus.clone();
        Callback::from(move |_: MouseEvent| {
            on_action.emit(PlannerAction::MoveStep { from: index, to });
            on_focus.emit(format!("step-{button}-{to}"));
        })
    };
    let up = (index > 0).then(|| move_to(index - 1, "up"));
    let down = (!props.last).then(|| move_to(index + 1, "down"));
    let remove = {
        let on_action = props.on_action.clone();
        let on_focus = props.on_focus.clone();
        let last = props.last;
        Callback::from(move |_: MouseEvent| {
            on_action.emit(PlannerAction::RemoveStep(index));
            let next = if last { index.saturating_sub(1) } else { index };
            on_focus.emit(format!("step-remove-{next}"));
        })
    };
    let ondragstart = {
        let on_drag = props.on_drag.clone();
        Callback::from(move |event: DragEvent| {
            if let Some(transfer) = event.data_transfer() {
                transfer.set_effect_allowed("move");
                let _ = transfer.set_data("text/plain", &index.to_string());
            }
            on_drag.emit(Drag::Start(index));
        })
    };
    let ondragover = {
        let on_drag = props.on_drag.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            on_drag.emit(Drag::Over(index));
        })
    };
    let ondrop = {
        let on_drag = props.on_drag.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            let from = event
                .data_transfer()
                .and_then(|transfer| transfer.get_data("text/plain").ok())
                .and_then(|text| text.parse().ok());
            on_drag.emit(Drag::Drop { to: index, from });
        })
    };
    let ondragend = props.on_drag.reform(|_: DragEvent| Drag::End);
    let mut class = String::from("step");
    for (on, name) in [
        (!props.violations.is_empty(), " broken"),
        (props.dragging, " dragging"),
        (props.drop_target, " drop-target"),
    ] {
        if on {
            class.push_str(name);
        }
    }
    El::new("li")
        .key(format!("{}-{}", step.n, step.target))
        .set_string("class", class)
        .set_string("id", format!("step-{n}"))
        .set("draggable", "true")
        .on_dragstart(ondragstart)
        .on_dragover(ondragover)
        .on_drop(ondrop)
        .on_dragend(ondragend)
        .child(
            El::with_class("div", "step-head")
                .child(El::with_class("span", "tick").set("aria-hidden", "true").html())
                .child(El::with_class("span", "step-n").string(format!("{n}.")).html())
                .child(El::with_class("p", "step-text").string(describe(step)).html())
                .html(),
        )
        .child(
            El::with_class("ul", "badges")
                .set_string("aria-label", format!("Effects of step {n}"))
                .child(badges(step))
                .html(),
        )
        .child(fragment(props.violations.iter().map(violation_note).collect()))
        .child(El::with_class("details", "why").child(text_el("summary", "", "Why")).child(why(step)).html())
        .child(
            El::with_class("div", "step-controls")
                .set("role", "group")
                .set_string("aria-label", format!("Reorder step {n}"))
                .child(step_button(format!("step-up-{index}"), "secondary", up, format!("Move step {n} up"), "\u{2191} Up"))
                .child(step_button(format!("step-down-{index}"), "secondary", down, format!("Move step {n} down"), "\u{2193} Down"))
                .child(step_button(format!("step-remove-{index}"), "secondary danger", Some(remove), format!("Remove step {n}"), "Remove"))
                .html(),
        )
        .html()
}

/// One of a step's reordering buttons; without a callback it is disabled.
fn step_button(id: String, class: &'static str, onclick: Option<Callback<MouseEvent>>, label: String, text: &'static str) -> Html {
    El::with_class("button", class)
        .set("type", "button")
        .set_string("id", id)
        .flag("disabled", onclick.is_none())
        .on_click(onclick.unwrap_or_default())
        .set_string("aria-label", label)
        .text(text)
        .html()
}

/// The step's sentence, or a plain description for hand-made steps without one.
fn describe(step: &Step) -> String {
    if !step.text.is_empty() {
        return step.text().into_owned();
    }
    match (step.action, &step.from, &step.to) {
        (Action::Move, Some(from), Some(to)) => format!("Move {} from {from} to {to}.", step.target),
        (action, _, _) => format!("{action} {}.", step.target),
    }
}

fn badges(step: &Step) -> Html {
    let restart = match step.restart {
        Restart::Possible => Some(("badge restart", "restart possible")),
        Restart::Likely => Some(("badge restart likely", "restart likely")),
        Restart::None => None,
    };
    fragment(vec![
        restart.map_or_else(Html::default, |(class, text)| text_el("li", class, text)),
        if step.unavailable.is_empty() {
            Html::default()
        } else {
            El::with_class("li", "badge outage").string(format!("down: {}", step.unavailable.join(", "))).html()
        },
    ])
}

fn why(step: &Step) -> Html {
    let found: Vec<_> = step.rules.iter().map(|id| (id, rules::find(id))).collect();
    El::with_class("div", "why-body")
        .child(if found.is_empty() {
            text_el("p", "muted", "No rule asks for this step; it is part of the order you made.")
        } else {
            Html::default()
        })
        .child(
            El::new("ul")
                .children(
                    found
                        .iter()
                        .map(|(id, rule)| match rule {
                            Some(rule) => El::new("li")
                                .text(rule.summary)
                                .text(" ")
                                .child(kb_link(rule.kb, "Read why"))
                                .child(El::with_class("span", "muted").string(format!(" (rule {})", rule.id)).html())
                                .html(),
                            None => El::new("li").string(format!("Rule {id}")).html(),
                        })
                        .collect(),
                )
                .html(),
        )
        .child(if step.kb.is_empty() {
            Html::default()
        } else {
            El::new("p")
                .text("Explained in the knowledge base: ")
                .child(kb_link(&step.kb, &format!("#/kb/{}", step.kb)))
                .html()
        })
        .html()
}

/// A broken rule at its step: what is wrong, what users suffer, and where to read about it.
pub fn violation_note(violation: &Violation) -> Html {
    let class = match violation.severity {
        Severity::Required => "violation required",
        Severity::Recommended => "violation recommended",
    };
    let summary = rules::find(&violation.rule).map_or("", |rule| rule.summary);
    El::with_class("div", class)
        .set("role", "note")
        .child(
            El::with_class("p", "violation-title")
                .child(text_el(
                    "strong",
                    "",
                    if violation.severity == Severity::Required { "Breaks a required rule: " } else { "Breaks a recommendation: " },
                ))
                .string(violation.message.clone())
                .html(),
        )
        .child(
            El::with_class("p", "consequence")
                .child(text_el("strong", "", "What users notice: "))
                .string(violation.consequence.clone())
                .html(),
        )
        .child(
            El::with_class("p", "muted")
                .string(format!("Rule {}", violation.rule))
                .child(if summary.is_empty() { Html::default() } else { string(format!(": {summary} ")) })
                .text(" ")
                .child(kb_link(&violation.kb, "Read the KB section"))
                .html(),
        )
        .html()
}
