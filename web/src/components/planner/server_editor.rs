//! One server of the topology editor.

use sp_rules::{Error, Role, Server, Version};
use yew::prelude::*;

use super::field::{BuildField, CheckField, SelectField, TextField, WindowsField};
use super::{dispatch_some, error_at, field_id, level_options, parse_level, parse_version, version_options};
use crate::planner_state::{Machine, PlannerAction, ServerField};

/// Props of [`ServerEditor`].
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
#[component]
pub fn ServerEditor(props: &ServerEditorProps) -> Html {
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
    html! {
        <fieldset class="machine server" id={field_id(&format!("servers[{i}]"))}>
            <legend>{ format!("Server: {title}") }</legend>
            <div class="fields">
                <TextField id={id("name")} label="Name" value={server.name.clone()} error={error("name")}
                    on_input={edit(|value| Some(ServerField::Name(value)))} />
                <SelectField id={id("version")} label="Exchange version" options={version_options()}
                    selected={server.version.as_str()} error={error("version")}
                    on_change={edit(|value| parse_version(&value).map(ServerField::Version))} />
                <SelectField id={id("level")} label="Installed level" options={level_options(server.version)}
                    selected={level.to_owned()} error={error("level")}
                    on_change={edit(|value| parse_level(&value).map(ServerField::Level))} />
                if server.version != Version::V55 {
                    <SelectField id={id("role")} label="Role" options={roles} selected={role}
                        error={error("role")}
                        on_change={edit(|value| match value.as_str() {
                            "front-end" => Some(ServerField::Role(Role::FrontEnd)),
                            "back-end" => Some(ServerField::Role(Role::BackEnd)),
                            "standalone" => Some(ServerField::Role(Role::Standalone)),
                            _ => None,
                        })} />
                }
                if server.role == Role::FrontEnd {
                    <TextField id={id("pool")} label="Load-balanced pool (empty for none)"
                        value={server.pool.clone().unwrap_or_default()} error={error("pool")}
                        on_input={edit(|value| Some(ServerField::Pool(value)))} />
                }
                <BuildField id={id("build")} note={props.build_note.clone()} error={error("build")}
                    on_fill={props.on_action.reform(move |text| PlannerAction::FillFromBuild(Machine::Server(i), text))} />
                <WindowsField id={id("windows")} selected={windows} error={error("windows")}
                    on_change={props.on_action.reform(move |value| PlannerAction::EditServer(i, ServerField::Windows(value)))} />
            </div>
            <div class="flags">
                <CheckField id={id("sbs")} label="Small Business Server" checked={server.sbs}
                    on_change={on_flag(ServerField::Sbs)} />
                <CheckField id={id("remote")} label="Update run over Terminal Services" checked={server.remote}
                    on_change={on_flag(ServerField::Remote)} />
            </div>
            <button type="button" class="remove secondary" onclick={remove}
                aria-label={format!("Remove server {title}")}>{ "Remove server" }</button>
        </fieldset>
    }
}
