//! The topology editor: the organisation, its servers and clusters, and the update.

use sp_rules::{Error, Topology};
use yew::prelude::*;

use super::cluster_editor::{ClusterEditorProps, cluster_editor};
use super::field::text_field;
use super::server_editor::{ServerEditorProps, server_editor};
use super::update_editor::update_editor;
use super::field_id;
use crate::dom::{El, text_el};
use crate::planner_state::{BuildNotes, Machine, PlannerAction};

/// What [`topology_editor`] draws.
pub struct TopologyEditorProps<'a> {
    /// The topology being edited.
    pub topology: &'a Topology,
    /// Why the topology cannot be planned.
    pub problem: Option<&'a Error>,
    /// What pasted build numbers meant, by server or cluster.
    pub build_notes: &'a BuildNotes,
    /// Called with every change.
    pub on_action: &'a Callback<PlannerAction>,
}

/// Edits every part of the topology.
///
/// A plain function rather than a component: it keeps no state, and every component costs its
/// own copy of Yew's lifecycle code in the WebAssembly module.
pub fn topology_editor(props: &TopologyEditorProps<'_>) -> Html {
    let topology = props.topology;
    let servers = topology.servers.iter().enumerate().map(|(i, server)| {
        server_editor(&ServerEditorProps {
            index: i,
            server: server.clone(),
            problem: props.problem.cloned(),
            build_note: props.build_notes.get(Machine::Server(i)).cloned(),
            on_action: props.on_action.clone(),
        })
    });
    let clusters = topology.clusters.iter().enumerate().map(|(i, cluster)| {
        cluster_editor(&ClusterEditorProps {
            index: i,
            cluster: cluster.clone(),
            problem: props.problem.cloned(),
            build_note: props.build_notes.get(Machine::Cluster(i)).cloned(),
            on_action: props.on_action.clone(),
        })
    });
    El::with_class("section", "topology-editor")
        .set("aria-labelledby", "editor-heading")
        .child(El::new("h2").set("id", "editor-heading").text("Your organisation").html())
        .child(problem_summary(props.problem))
        .child(text_field(&field_id("name").into(), "Organisation name", topology.name.clone().into(), None,
            &props.on_action.reform(PlannerAction::SetName)))
        .child(update_editor(topology, props.problem, props.on_action))
        .children(machines(
            format!("Servers ({})", topology.servers.len()),
            "No server outside a cluster.",
            servers.collect(),
            "add-server",
            props.on_action.reform(|_: MouseEvent| PlannerAction::AddServer),
            "Add server",
        ))
        .children(machines(
            format!("Clusters ({})", topology.clusters.len()),
            "No cluster.",
            clusters.collect(),
            "add-cluster",
            props.on_action.reform(|_: MouseEvent| PlannerAction::AddCluster),
            "Add cluster",
        ))
        .html()
}

/// The servers or the clusters: a heading, a note when there are none, their editors (each
/// keyed), and the button with element id `add` that adds one.
fn machines(
    heading: String,
    none: &'static str,
    editors: Vec<Html>,
    add: &'static str,
    onclick: Callback<MouseEvent>,
    add_text: &'static str,
) -> Vec<Html> {
    let empty = editors.is_empty();
    vec![
        El::new("h3").string(heading).html(),
        if empty { text_el("p", "muted", none) } else { Html::default() },
        El::with_class("div", "machines").children(editors).html(),
        El::new("button").set("type", "button").set("id", add).on_click(onclick).text(add_text).html(),
    ]
}

/// Says what to fix before there is a plan, with a button that moves to the field.
fn problem_summary(problem: Option<&Error>) -> Html {
    let Some(problem) = problem else {
        return Html::default();
    };
    let path = problem.path().map(str::to_owned);
    let go = {
        let path = path.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(path) = &path {
                focus_field(path);
            }
        })
    };
    let at = path.as_ref().map_or_else(Html::default, |path| {
        El::with_class("span", "muted").string(format!(" (at {path})")).html()
    });
    El::with_class("div", "problem")
        .set("role", "alert")
        .child(
            El::new("p")
                .child(text_el("strong", "", "Fix this to see the plan: "))
                .string(problem.message().to_owned())
                .child(at)
                .html(),
        )
        .child(if path.is_some() {
            El::with_class("button", "secondary").set("type", "button").on_click(go).text("Go to the field").html()
        } else {
            Html::default()
        })
        .html()
}

/// Focuses the control for `path`, or the nearest enclosing part of the editor that exists.
fn focus_field(path: &str) {
    use wasm_bindgen::JsCast as _;
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let mut path = path.to_owned();
    loop {
        if let Some(element) = document
            .get_element_by_id(&field_id(&path))
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
        {
            if element.tag_name() == "FIELDSET" {
                // A fieldset is not focusable: focus its first control instead.
                if let Ok(Some(control)) = element.query_selector("input, select, button")
                    && let Ok(control) = control.dyn_into::<web_sys::HtmlElement>()
                {
                    let _ = control.focus();
                    return;
                }
            }
            let _ = element.focus();
            return;
        }
        match path.rfind(['.', '[']) {
            Some(end) => path.truncate(end),
            None => return,
        }
    }
}
