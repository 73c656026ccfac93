//! One cluster of the topology editor: its nodes and its Exchange virtual servers.

use sp_rules::{Cluster, ClusterMode, Error};
use yew::prelude::*;

use super::field::{BuildFieldProps, build_field, check_field, select_field, text_field, windows_field};
use super::{dispatch_some, error_at, field_id, level_options, parse_level, parse_version, version_options};
use crate::planner_state::{ClusterField, Machine, PlannerAction};

/// What [`cluster_editor`] draws.
#[derive(Properties, PartialEq)]
pub struct ClusterEditorProps {
    /// The cluster's index in the topology.
    pub index: usize,
    /// The cluster.
    pub cluster: Cluster,
    /// The topology's problem, shown at its field when it is about this cluster.
    #[prop_or_default]
    pub problem: Option<Error>,
    /// What the last build number pasted for this cluster meant.
    #[prop_or_default]
    pub build_note: Option<Result<String, String>>,
    /// Called with every change.
    pub on_action: Callback<PlannerAction>,
}

/// The fields of one cluster, its nodes and virtual servers, and a button to remove it.
///
/// A plain function rather than a component: it keeps no state, and every component costs its
/// own copy of Yew's lifecycle code in the WebAssembly module.
pub fn cluster_editor(props: &ClusterEditorProps) -> Html {
    let i = props.index;
    let cluster = &props.cluster;
    let path = |field: &str| format!("clusters[{i}].{field}");
    let id = |field: &str| AttrValue::from(field_id(&path(field)));
    let error = |field: &str| error_at(props.problem.as_ref(), &path(field));
    let edit = |field: ClusterField| props.on_action.reform(move |_: MouseEvent| PlannerAction::EditCluster(i, field.clone()));
    let on_text = |make: fn(String) -> Option<ClusterField>| {
        dispatch_some(&props.on_action, move |value: String| {
            make(value).map(|field| PlannerAction::EditCluster(i, field))
        })
    };
    let modes = vec![
        (AttrValue::from("active-passive"), AttrValue::from("Active/passive")),
        (AttrValue::from("active-active"), AttrValue::from("Active/active")),
    ];
    let mode = match cluster.mode {
        ClusterMode::ActivePassive => "active-passive",
        ClusterMode::ActiveActive => "active-active",
    };
    let title = if cluster.name.trim().is_empty() { "Unnamed cluster".to_owned() } else { cluster.name.clone() };
    let level = cluster.level.map_or("", |level| level.as_str());
    let windows = cluster.windows.as_ref().map(|windows| AttrValue::from(windows.0.clone()));
    let node_options: Vec<(AttrValue, AttrValue)> = cluster
        .nodes
        .iter()
        .map(|node| (AttrValue::from(node.clone()), AttrValue::from(node.clone())))
        .collect();

    let nodes = cluster.nodes.iter().enumerate().map(|(j, node)| {
        let on_input = props
            .on_action
            .reform(move |value: String| PlannerAction::EditCluster(i, ClusterField::NodeName(j, value)));
        html! {
            <li key={j}>
                { text_field(&id(&format!("nodes[{j}]")), format!("Node {}", j + 1), node.clone().into(),
                    error(&format!("nodes[{j}]")), &on_input) }
                <button type="button" class="remove secondary" onclick={edit(ClusterField::RemoveNode(j))}
                    aria-label={format!("Remove node {node} from {title}")}>{ "Remove" }</button>
            </li>
        }
    });
    let virtual_servers = cluster.virtual_servers.iter().enumerate().map(|(j, evs)| {
        let on_name = props
            .on_action
            .reform(move |value: String| PlannerAction::EditCluster(i, ClusterField::VirtualServerName(j, value)));
        let on_owner = props
            .on_action
            .reform(move |value: String| PlannerAction::EditCluster(i, ClusterField::Owner(j, value)));
        let evs_path = format!("virtual_servers[{j}]");
        let name_error = error(&format!("{evs_path}.name"));
        let owner_error = error(&format!("{evs_path}.owner")).or_else(|| {
            // A problem about the virtual server as a whole shows at its owner.
            error(&evs_path).filter(|_| name_error.is_none())
        });
        html! {
            <li key={j}>
                { text_field(&id(&format!("{evs_path}.name")), format!("Virtual server {}", j + 1),
                    evs.name.clone().into(), name_error, &on_name) }
                { select_field(&id(&format!("{evs_path}.owner")), "Owned by", &node_options,
                    &evs.owner.clone().into(), owner_error, &on_owner) }
                <button type="button" class="remove secondary" onclick={edit(ClusterField::RemoveVirtualServer(j))}
                    aria-label={format!("Remove virtual server {} from {title}", evs.name)}>{ "Remove" }</button>
            </li>
        }
    });

    html! {
        <fieldset key={format!("cluster-{i}")} class="machine cluster" id={field_id(&format!("clusters[{i}]"))}>
            <legend>{ format!("Cluster: {title}") }</legend>
            <div class="fields">
                { text_field(&id("name"), "Cluster name", cluster.name.clone().into(), error("name"),
                    &on_text(|value| Some(ClusterField::Name(value)))) }
                { select_field(&id("version"), "Exchange version", &version_options(),
                    &AttrValue::Static(cluster.version.as_str()), error("version"),
                    &on_text(|value| parse_version(&value).map(ClusterField::Version))) }
                { select_field(&id("level"), "Installed level", &level_options(cluster.version),
                    &AttrValue::Static(level), error("level"),
                    &on_text(|value| parse_level(&value).map(ClusterField::Level))) }
                { select_field(&id("mode"), "Mode", &modes, &AttrValue::Static(mode), error("mode"),
                    &on_text(|value| match value.as_str() {
                        "active-active" => Some(ClusterField::Mode(ClusterMode::ActiveActive)),
                        "active-passive" => Some(ClusterField::Mode(ClusterMode::ActivePassive)),
                        _ => None,
                    })) }
                { build_field(&BuildFieldProps {
                    id: &id("build"),
                    note: props.build_note.as_ref(),
                    error: error("build"),
                    on_fill: props.on_action.reform(move |text| PlannerAction::FillFromBuild(Machine::Cluster(i), text)),
                }) }
                { windows_field(&id("windows"), windows, error("windows"),
                    &props.on_action.reform(move |value| PlannerAction::EditCluster(i, ClusterField::Windows(value)))) }
            </div>
            <div class="flags">
                { check_field(&id("remote"), "Update run over Terminal Services", cluster.remote,
                    &props.on_action.reform(move |value| PlannerAction::EditCluster(i, ClusterField::Remote(value)))) }
            </div>
            <h4 id={format!("{}-nodes", field_id(&format!("clusters[{i}]")))}>{ "Nodes" }</h4>
            if let Some(message) = error("nodes") {
                <p class="field-error" id={field_id(&path("nodes"))}>{ message }</p>
            }
            <ul class="members" aria-labelledby={format!("{}-nodes", field_id(&format!("clusters[{i}]")))}>
                { for nodes }
            </ul>
            <button type="button" class="secondary" onclick={edit(ClusterField::AddNode)}
                aria-label={format!("Add a node to {title}")}>{ "Add node" }</button>
            <h4 id={format!("{}-evs", field_id(&format!("clusters[{i}]")))}>{ "Exchange virtual servers" }</h4>
            if let Some(message) = error("virtual_servers") {
                <p class="field-error" id={field_id(&path("virtual_servers"))}>{ message }</p>
            }
            <ul class="members" aria-labelledby={format!("{}-evs", field_id(&format!("clusters[{i}]")))}>
                { for virtual_servers }
            </ul>
            <button type="button" class="secondary" onclick={edit(ClusterField::AddVirtualServer)}
                aria-label={format!("Add a virtual server to {title}")}>{ "Add virtual server" }</button>
            <div>
                <button type="button" class="remove secondary" onclick={props.on_action.reform(move |_: MouseEvent| PlannerAction::RemoveCluster(i))}
                    aria-label={format!("Remove cluster {title}")}>{ "Remove cluster" }</button>
            </div>
        </fieldset>
    }
}
