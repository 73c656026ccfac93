//! One cluster of the topology editor: its nodes and its Exchange virtual servers.

use sp_rules::{Cluster, ClusterMode, Error};
use yew::prelude::*;

use super::field::{
    BuildFieldProps, build_field, check_field, editor_button, field_error, select_field, text_field, windows_field,
};
use super::{dispatch_some, error_at, field_id, level_options, parse_level, parse_version, version_options};
use crate::dom::El;
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
        member(j, vec![
            text_field(&id(&format!("nodes[{j}]")), format!("Node {}", j + 1), node.clone().into(),
                error(&format!("nodes[{j}]")), &on_input),
            editor_button("remove secondary", edit(ClusterField::RemoveNode(j)),
                format!("Remove node {node} from {title}"), "Remove"),
        ])
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
        member(j, vec![
            text_field(&id(&format!("{evs_path}.name")), format!("Virtual server {}", j + 1),
                evs.name.clone().into(), name_error, &on_name),
            select_field(&id(&format!("{evs_path}.owner")), "Owned by", &node_options,
                &evs.owner.clone().into(), owner_error, &on_owner),
            editor_button("remove secondary", edit(ClusterField::RemoveVirtualServer(j)),
                format!("Remove virtual server {} from {title}", evs.name), "Remove"),
        ])
    });
    let cluster_id = field_id(&format!("clusters[{i}]"));
    let fields = El::with_class("div", "fields")
        .child(text_field(&id("name"), "Cluster name", cluster.name.clone().into(), error("name"),
            &on_text(|value| Some(ClusterField::Name(value)))))
        .child(select_field(&id("version"), "Exchange version", &version_options(),
            &AttrValue::Static(cluster.version.as_str()), error("version"),
            &on_text(|value| parse_version(&value).map(ClusterField::Version))))
        .child(select_field(&id("level"), "Installed level", &level_options(cluster.version),
            &AttrValue::Static(level), error("level"),
            &on_text(|value| parse_level(&value).map(ClusterField::Level))))
        .child(select_field(&id("mode"), "Mode", &modes, &AttrValue::Static(mode), error("mode"),
            &on_text(|value| match value.as_str() {
                "active-active" => Some(ClusterField::Mode(ClusterMode::ActiveActive)),
                "active-passive" => Some(ClusterField::Mode(ClusterMode::ActivePassive)),
                _ => None,
            })))
        .child(build_field(&BuildFieldProps {
            id: &id("build"),
            note: props.build_note.as_ref(),
            error: error("build"),
            on_fill: props.on_action.reform(move |text| PlannerAction::FillFromBuild(Machine::Cluster(i), text)),
        }))
        .child(windows_field(&id("windows"), windows, error("windows"),
            &props.on_action.reform(move |value| PlannerAction::EditCluster(i, ClusterField::Windows(value)))))
        .html();
    let flags = El::with_class("div", "flags")
        .child(check_field(&id("remote"), "Update run over Terminal Services", cluster.remote,
            &props.on_action.reform(move |value| PlannerAction::EditCluster(i, ClusterField::Remote(value)))))
        .html();
    let members_error = |field: &str| error(field).map_or_else(Html::default, |message| field_error(field_id(&path(field)), message));
    El::with_class("fieldset", "machine cluster")
        .key(format!("cluster-{i}"))
        .set_string("id", cluster_id.clone())
        .child(El::new("legend").string(format!("Cluster: {title}")).html())
        .child(fields)
        .child(flags)
        .child(El::new("h4").set_string("id", format!("{cluster_id}-nodes")).text("Nodes").html())
        .child(members_error("nodes"))
        .child(members(format!("{cluster_id}-nodes"), nodes.collect()))
        .child(editor_button("secondary", edit(ClusterField::AddNode), format!("Add a node to {title}"), "Add node"))
        .child(El::new("h4").set_string("id", format!("{cluster_id}-evs")).text("Exchange virtual servers").html())
        .child(members_error("virtual_servers"))
        .child(members(format!("{cluster_id}-evs"), virtual_servers.collect()))
        .child(editor_button("secondary", edit(ClusterField::AddVirtualServer),
            format!("Add a virtual server to {title}"), "Add virtual server"))
        .child(
            El::new("div")
                .child(editor_button("remove secondary",
                    props.on_action.reform(move |_: MouseEvent| PlannerAction::RemoveCluster(i)),
                    format!("Remove cluster {title}"), "Remove cluster"))
                .html(),
        )
        .html()
}

/// A list of a cluster's nodes or virtual servers, labelled by the heading with id `heading`.
fn members(heading: String, items: Vec<Html>) -> Html {
    El::with_class("ul", "members").set_string("aria-labelledby", heading).children(items).html()
}

/// One node or virtual server of a cluster, keyed by its index: its fields and its remove button.
fn member(j: usize, children: Vec<Html>) -> Html {
    El::new("li").key(j.to_string()).children(children).html()
}
