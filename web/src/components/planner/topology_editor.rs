//! The topology editor: the organisation, its servers and clusters, and the update.

use std::collections::BTreeMap;

use sp_rules::{Error, Topology};
use yew::prelude::*;

use super::cluster_editor::{ClusterEditorProps, cluster_editor};
use super::field::text_field;
use super::server_editor::{ServerEditorProps, server_editor};
use super::update_editor::update_editor;
use super::field_id;
use crate::planner_state::{Machine, PlannerAction};

/// What [`topology_editor`] draws.
pub struct TopologyEditorProps<'a> {
    /// The topology being edited.
    pub topology: &'a Topology,
    /// Why the topology cannot be planned.
    pub problem: Option<&'a Error>,
    /// What pasted build numbers meant, by server or cluster.
    pub build_notes: &'a BTreeMap<String, Result<String, String>>,
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
            build_note: props.build_notes.get(&Machine::Server(i).key()).cloned(),
            on_action: props.on_action.clone(),
        })
    });
    let clusters = topology.clusters.iter().enumerate().map(|(i, cluster)| {
        cluster_editor(&ClusterEditorProps {
            index: i,
            cluster: cluster.clone(),
            problem: props.problem.cloned(),
            build_note: props.build_notes.get(&Machine::Cluster(i).key()).cloned(),
            on_action: props.on_action.clone(),
        })
    });
    html! {
        <section class="topology-editor" aria-labelledby="editor-heading">
            <h2 id="editor-heading">{ "Your organisation" }</h2>
            { problem_summary(props.problem) }
            { text_field(&field_id("name").into(), "Organisation name", topology.name.clone().into(), None,
                &props.on_action.reform(PlannerAction::SetName)) }
            { update_editor(topology, props.problem, props.on_action) }
            <h3>{ format!("Servers ({})", topology.servers.len()) }</h3>
            if topology.servers.is_empty() {
                <p class="muted">{ "No server outside a cluster." }</p>
            }
            <div class="machines">{ for servers }</div>
            <button type="button" id="add-server" onclick={props.on_action.reform(|_: MouseEvent| PlannerAction::AddServer)}>
                { "Add server" }
            </button>
            <h3>{ format!("Clusters ({})", topology.clusters.len()) }</h3>
            if topology.clusters.is_empty() {
                <p class="muted">{ "No cluster." }</p>
            }
            <div class="machines">{ for clusters }</div>
            <button type="button" id="add-cluster" onclick={props.on_action.reform(|_: MouseEvent| PlannerAction::AddCluster)}>
                { "Add cluster" }
            </button>
        </section>
    }
}

/// Says what to fix before there is a plan, with a button that moves to the field.
fn problem_summary(problem: Option<&Error>) -> Html {
    let Some(problem) = problem else {
        return html! {};
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
    html! {
        <div class="problem" role="alert">
            <p>
                <strong>{ "Fix this to see the plan: " }</strong>
                { problem.message() }
                if let Some(path) = &path {
                    <span class="muted">{ format!(" (at {path})") }</span>
                }
            </p>
            if path.is_some() {
                <button type="button" class="secondary" onclick={go}>{ "Go to the field" }</button>
            }
        </div>
    }
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
