//! The planner: the topology editor, the plan with its what-if controls, and export.
//!
//! The page owns the planner state ([`PlannerState`]) and its two links with the browser: the
//! topology is saved in local storage after every change, and the route says where the
//! topology comes from when the page opens (a preset, a shared link, or what was saved).

use sp_rules::Report;
use yew::prelude::*;

use crate::components::planner::browser::{self, Saved};
use crate::components::planner::button;
use crate::components::planner::comparison::{comparison, lines};
use crate::components::planner::export::{decode_link, encode_link};
use crate::components::planner::import_export::{ImportExportProps, import_export};
use crate::components::planner::steps::{StepListProps, step_list, use_step_list_state};
use crate::components::planner::timeline::{rows, timeline};
use crate::components::planner::topology_editor::{TopologyEditorProps, topology_editor};
use crate::components::planner::warnings::warnings;
use crate::dom::{El, fragment, text_el};
use crate::hooks::use_route::Router;
use crate::json;
use crate::kb;
use crate::planner_state::{Notice, NoticeKind, Origin, PlannerAction, PlannerState, read_draft};
use crate::route::{PlanSource, Route};

/// Props of [`PlanPage`].
#[derive(Properties, PartialEq)]
pub struct PlanPageProps {
    /// Where the topology comes from.
    pub source: PlanSource,
    /// The app's router, to keep the address in step with the topology.
    pub router: Router,
}

/// Saved text that could not be read, kept aside for the user.
#[derive(Clone, Debug, PartialEq)]
struct Unreadable {
    reason: String,
    aside: Option<String>,
    text: String,
}

/// What the route asks the planner to open, read without touching the browser.
fn from_source(source: &PlanSource) -> Option<Result<(sp_rules::Topology, Origin), String>> {
    match source {
        PlanSource::Empty => None,
        PlanSource::Preset(name) => Some(match kb::preset(name) {
            Some(json) => read_draft(json)
                .map(|topology| (topology, Origin::Preset(name.clone())))
                .map_err(|error| format!("The scenario {name} cannot be read: {error}.")),
            None => Err(format!(
                "There is no scenario called \u{201c}{}\u{201d}; the planner shows your saved organisation instead.",
                name.chars().filter(|c| !c.is_control()).take(80).collect::<String>()
            )),
        }),
        PlanSource::Topology(value) => Some(
            decode_link(value)
                .map(|topology| (topology, Origin::Link))
                .map_err(|error| format!("This link cannot be opened: {error}. The planner shows your saved organisation instead.")),
        ),
    }
}

/// The state the page opens with, and saved text that could not be read.
fn initial(source: &PlanSource) -> (PlannerState, Option<Unreadable>) {
    let (mut state, unreadable, own) = match browser::load_saved() {
        Saved::Nothing => (PlannerState::default(), None, false),
        Saved::Topology(topology) => (PlannerState::new(*topology), None, true),
        Saved::Unreadable { reason, aside, text } => {
            (PlannerState::default(), Some(Unreadable { reason, aside, text }), false)
        }
    };
    state.previous = browser::load_previous().map(Box::new);
    match from_source(source) {
        Some(Ok((topology, origin))) => {
            let kept = state.previous.clone();
            state = state.apply(PlannerAction::Load(Box::new(topology), origin));
            // Only the user's own saved work is worth bringing back, not the starting example.
            if !own {
                state.previous = kept;
            }
        }
        Some(Err(message)) => {
            state = state.apply(PlannerAction::Notify(Notice::error(message)));
        }
        None => {}
    }
    (state, unreadable)
}

/// The planner page.
#[component]
pub fn PlanPage(props: &PlanPageProps) -> Html {
    let router = props.router.clone();
    let opened = use_memo((), {
        let source = props.source.clone();
        move |()| initial(&source)
    });
    let state = use_reducer({
        let opened = opened.clone();
        move || opened.0.clone()
    });
    // What the download of an unreadable saved topology did.
    let unreadable_download = use_state(|| None::<String>);
    // The plan's Markdown, shown for copying by hand when the clipboard refused it.
    let markdown_fallback = use_state(|| None::<String>);
    let save_failed = use_state(|| false);
    // One callback for the page's lifetime, so that components whose other props did not
    // change are not rendered again.
    let on_action = {
        let dispatcher = state.dispatcher();
        use_callback((), move |action: PlannerAction, ()| dispatcher.dispatch(action))
    };
    let step_list_state = use_step_list_state(&on_action);

    // A new source while the page is open (a link pasted into the address bar, a preset chosen)
    // replaces the topology, unless it is the topology already shown.
    {
        let state = state.clone();
        use_effect_with(props.source.clone(), move |source| {
            match from_source(source) {
                Some(Ok((topology, origin))) if topology != state.topology => {
                    state.dispatch(PlannerAction::Load(Box::new(topology), origin));
                }
                Some(Ok(_)) | None => {}
                Some(Err(message)) => state.dispatch(PlannerAction::Notify(Notice::error(message))),
            }
        });
    }

    // Every change is saved; a link or preset in the address bar that no longer matches the
    // topology is replaced by the plain planner route, so a reload restores the saved topology.
    {
        let save_failed = save_failed.clone();
        let router = router.clone();
        let source = props.source.clone();
        let may_save = opened.1.as_ref().is_none_or(|kept| kept.aside.is_some());
        use_effect_with(state.topology.clone(), move |topology| {
            if !may_save {
                return;
            }
            let mut document = topology.clone();
            document.format = Some(sp_rules::TOPOLOGY_FORMAT.to_owned());
            let json = json::write(&json::topology_tree(&document));
            let saved = browser::save(&json);
            if *save_failed == saved {
                save_failed.set(!saved);
            }
            let stale = match from_source(&source) {
                Some(Ok((shown, _))) => shown != *topology,
                Some(Err(_)) => true,
                None => false,
            };
            if stale {
                router.replace(Route::Plan { source: PlanSource::Empty });
            }
        });
    }

    use_effect_with(state.previous.clone(), |previous| {
        let json = previous.as_ref().map(|topology| json::write(&json::topology_tree(topology)));
        browser::save_previous(json.as_deref());
    });

    let link_value = encode_link(&state.document());
    let link = format!(
        "{}{}",
        browser::page_address(),
        Route::Plan { source: PlanSource::Topology(link_value.clone()) }.to_hash()
    );
    let on_share = {
        let router = router.clone();
        Callback::from(move |()| {
            router.replace(Route::Plan { source: PlanSource::Topology(link_value.clone()) });
        })
    };

    let derived = &state.derived;
    let report: Option<&Report> = derived.report.as_ref().and_then(|report| report.as_ref().ok());
    let check_error = derived.report.as_ref().and_then(|report| report.as_ref().err()).cloned();
    let violations = report.map(|report| report.violations.clone()).unwrap_or_default();
    let edited = state.is_edited();
    let figures = match (&derived.plan, &derived.baseline, report) {
        (Some(plan), baseline, Some(report)) => Some(lines(
            &plan.totals,
            baseline.as_ref().map_or(0, |baseline| count(baseline.violations.len())),
            &report.totals,
            count(report.violations.len()),
        )),
        _ => None,
    };

    let notice = state.notice.as_ref().map_or_else(Html::default, |notice| {
        let error = notice.kind == NoticeKind::Error;
        El::with_class("div", if error { "notice error" } else { "notice" })
            .set("role", if error { "alert" } else { "status" })
            .child(El::new("p").string(notice.text.clone()).html())
            .child(
                El::with_class("button", "secondary")
                    .set("type", "button")
                    .set("aria-label", "Dismiss the message")
                    .on_click(on_action.reform(|_: MouseEvent| PlannerAction::Dismiss))
                    .text("Dismiss")
                    .html(),
            )
            .html()
    });
    let previous = state.previous.as_ref().map_or_else(Html::default, |previous| {
        let name = if previous.name.trim().is_empty() {
            String::new()
        } else {
            format!(", \u{201c}{}\u{201d},", previous.name)
        };
        El::with_class("div", "notice previous")
            .set("role", "status")
            .child(El::new("p").string(format!("Your previous organisation{name} is kept until you forget it.")).html())
            .child(button(
                "secondary",
                "restore-previous",
                "Bring it back",
                on_action.reform(|_: MouseEvent| PlannerAction::RestorePrevious),
            ))
            .child(button(
                "secondary",
                "forget-previous",
                "Forget it",
                on_action.reform(|_: MouseEvent| PlannerAction::ForgetPrevious),
            ))
            .html()
    });
    let save_warning = if *save_failed {
        El::with_class("div", "notice error")
            .set("role", "alert")
            .child(text_el(
                "p",
                "",
                "This browser does not let the planner save: your changes will be lost on reload. Download the topology to keep it.",
            ))
            .html()
    } else {
        Html::default()
    };
    let plan_view = match &derived.plan {
        Some(plan) => {
            let order_status = if edited {
                fragment(vec![
                    El::new("p")
                        .string(if violations.is_empty() {
                            "Your order breaks no rule.".to_owned()
                        } else {
                            format!(
                                "Your order breaks {} rule{}: see the marked steps.",
                                violations.len(),
                                if violations.len() == 1 { "" } else { "s" }
                            )
                        })
                        .html(),
                    button(
                        "",
                        "reset-order",
                        "Reset to the recommended order",
                        on_action.reform(|_: MouseEvent| PlannerAction::ResetOrder),
                    ),
                ])
            } else {
                text_el("p", "muted", "This is the recommended order.")
            };
            fragment(vec![
                El::with_class("p", "plan-summary")
                    .string(format!(
                        "{} for {}: {} steps.",
                        plan.update,
                        if plan.organisation.is_empty() { "the organisation" } else { plan.organisation.as_str() },
                        derived.steps.len()
                    ))
                    .html(),
                El::with_class("div", "order-status").set("role", "status").child(order_status).html(),
                warnings(&plan.warnings),
                step_list(
                    &StepListProps {
                        steps: &derived.steps,
                        phases: &plan.phases,
                        violations: &violations,
                        check_error: check_error.as_ref(),
                        on_action: &on_action,
                    },
                    &step_list_state,
                ),
                text_el("h3", "", "Availability"),
                timeline(&rows(&state.topology), &derived.steps),
                figures.map_or_else(Html::default, |lines| comparison(&lines, edited)),
            ])
        }
        None => text_el("p", "muted", "The plan appears when the organisation above is complete and consistent."),
    };

    El::with_class("article", "plan-page")
        .child(text_el("h1", "", "Plan a roll-out"))
        .child(text_el(
            "p",
            "lead muted",
            "Describe your servers and clusters; the plan below follows every change. \
             Try another order with the Up and Down buttons or by dragging a step: \
             each broken rule shows at its step with what users would notice.",
        ))
        .child(notice)
        .child(previous)
        .child(opened.1.as_ref().map_or_else(Html::default, |kept| unreadable_notice(kept, &unreadable_download)))
        .child(save_warning)
        .child(
            El::with_class("div", "planner")
                .child(topology_editor(&TopologyEditorProps {
                    topology: &state.topology,
                    problem: derived.problem.as_ref(),
                    build_notes: &state.build_notes,
                    on_action: &on_action,
                }))
                .child(
                    El::with_class("section", "plan-view")
                        .set("aria-labelledby", "plan-heading")
                        .child(El::new("h2").set("id", "plan-heading").text("The plan").html())
                        .child(plan_view)
                        .html(),
                )
                .html(),
        )
        .child(import_export(
            &ImportExportProps {
                topology: state.document(),
                plan: state.shown_plan(),
                report: if edited { report.cloned() } else { None },
                link: link.into(),
                on_share,
                on_action: on_action.clone(),
            },
            &markdown_fallback,
        ))
        .html()
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Tells the user that the saved topology (`kept`) could not be read, where it is kept, and
/// offers it as a download; `result` holds what the download did.
///
/// A plain function rather than a component: every component costs its own copy of Yew's
/// lifecycle code in the WebAssembly module.
fn unreadable_notice(kept: &Unreadable, result: &UseStateHandle<Option<String>>) -> Html {
    let download = {
        let text = kept.text.clone();
        let result = result.clone();
        Callback::from(move |_: MouseEvent| {
            let outcome = browser::download("unreadable-topology.json", "application/json", &text);
            result.set(Some(match outcome {
                Ok(()) => "Downloaded.".to_owned(),
                Err(error) => format!("The download failed: {error}."),
            }));
        })
    };
    let aside = match &kept.aside {
        Some(key) => format!("It was kept aside in this browser under \u{201c}{key}\u{201d} and nothing was overwritten."),
        None => "The browser would not keep a copy aside, so the planner does not save your changes in this browser until you download it and reload.".to_owned(),
    };
    El::with_class("div", "notice error unreadable")
        .set("role", "alert")
        .child(
            El::new("p")
                .child(text_el("strong", "", "Your saved topology could not be read: "))
                .string(kept.reason.clone())
                .text(". ")
                .string(aside)
                .text(" The planner starts from an example instead.")
                .html(),
        )
        .child(button("", "download-unreadable", "Download the unreadable topology", download))
        .child((**result).as_ref().map_or_else(Html::default, |message| {
            El::new("p").set("role", "status").string(message.clone()).html()
        }))
        .html()
}
