//! One server of the topology editor.

use sp_rules::{Error, Role, Server, Version};
use yew::prelude::*;

use super::field::{
    BuildFieldProps, build_field, check_field, editor_button, select_field, text_field, windows_field,
};
use super::{dispatch_some, error_at, field_id, level_options, parse_level, parse_version, version_options};
use crate::dom::El;
use crate::planner_state::{Machine, PlannerAction, ServerField};

/// What [`server_editor`] draws.
#[derive(Properties, PartialEq)]
pub struct ServerEditorProps {
    /// The server's index in the topology.
    pub index: usize,
    /// The server.
    pub server: Server,
    /// The topology's problem, shown at its field when it is about this server.
    #[prop_or_default]
    pub problem: Option<Error>,
    /// What the last build number pasted for this server meant.
    #[prop_or_default]
    pub build_note: Option<Result<String, String>>,
    /// Called with every change.
    pub on_action: Callback<PlannerAction>,
}

/// The fields of one server and a button to remove it.
///
/// A plain function rather than a component: it keeps no state, and every component costs its
/// own copy of Yew's lifecycle code in the WebAssembly module.
pub fn server_editor(props: &ServerEditorProps) -> Html {
    let i = props.index;
    let server = &props.server;
    let path = |field: &str| format!("servers[{i}].{field}");
    let id = |field: &str| AttrValue::from(field_id(&path(field)));
    let error = |field: &str| error_at(props.problem.as_ref(), &path(field));
    let edit = |make: fn(String) -> Option<ServerField>| {
        dispatch_some(&props.on_action, move |value: String| {
            make(value).map(|field| PlannerAction::EditServer(i, field))
        })
    };
    let on_flag = |make: fn(bool) -> ServerField| {
        props.on_action.reform(move |value: bool| PlannerAction::EditServer(i, make(value)))
    };
    let roles = vec![
        (AttrValue::from("standalone"), AttrValue::from("Mailbox server (standalone)")),
        (AttrValue::from("front-end"), AttrValue::from("Front-end server")),
        (AttrValue::from("back-end"), AttrValue::from("Back-end server")),
    ];
    let role = match server.role {
        Role::Standalone => "standalone",
        Role::FrontEnd => "front-end",
        Role::BackEnd => "back-end",
    };
    let level = server.level.map_or("", |level| level.as_str());
    let windows = server.windows.as_ref().map(|windows| AttrValue::from(windows.0.clone()));
    let title = if server.name.trim().is_empty() { "Unnamed server".to_owned() } else { server.name.clone() };
    let remove = props.on_action.reform(move |_: MouseEvent| PlannerAction::RemoveServer(i));
    let fields = El::with_class("div", "fields")
        .child(text_field(&id("name"), "Name", server.name.clone().into(), error("name"),
            &edit(|value| Some(ServerField::Name(value)))))
        .child(select_field(&id("version"), "Exchange version", &version_options(),
            &AttrValue::Static(server.version.as_str()), error("version"),
            &edit(|value| parse_version(&value).map(ServerField::Version))))
        .child(select_field(&id("level"), "Installed level", &level_options(server.version),
            &AttrValue::Static(level), error("level"),
            &edit(|value| parse_level(&value).map(ServerField::Level))))
        .child(if server.version == Version::V55 {
            Html::default()
        } else {
            select_field(&id("role"), "Role", &roles, &AttrValue::Static(role), error("role"),
                &edit(|value| match value.as_str() {
                    "front-end" => Some(ServerField::Role(Role::FrontEnd)),
                    "back-end" => Some(ServerField::Role(Role::BackEnd)),
                    "standalone" => Some(ServerField::Role(Role::Standalone)),
                    _ => None,
                }))
        })
        .child(if server.role == Role::FrontEnd {
            text_field(&id("pool"), "Load-balanced pool (empty for none)",
                server.pool.clone().unwrap_or_default().into(), error("pool"),
                &edit(|value| Some(ServerField::Pool(value))))
        } else {
            Html::default()
        })
        .child(build_field(&BuildFieldProps {
            id: &id("build"),
            note: props.build_note.as_ref(),
            error: error("build"),
            on_fill: props.on_action.reform(move |text| PlannerAction::FillFromBuild(Machine::Server(i), text)),
        }))
        .child(windows_field(&id("windows"), windows, error("windows"),
            &props.on_action.reform(move |value| PlannerAction::EditServer(i, ServerField::Windows(value)))))
        .html();
    let flags = El::with_class("div", "flags")
        .child(check_field(&id("sbs"), "Small Business Server", server.sbs, &on_flag(ServerField::Sbs)))
        .child(check_field(&id("remote"), "Update run over Terminal Services", server.remote,
            &on_flag(ServerField::Remote)))
        .html();
    El::with_class("fieldset", "machine server")
        .key(format!("server-{i}"))
        .set_string("id", field_id(&format!("servers[{i}]")))
        .child(El::new("legend").string(format!("Server: {title}")).html())
        .child(fields)
        .child(flags)
        .child(editor_button("remove secondary", remove, format!("Remove server {title}"), "Remove server"))
        .html()
}
