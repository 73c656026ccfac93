//! The update to roll out (a service pack per version, or a hotfix) and the pool strategy.

use sp_rules::{Error, PoolStrategy, Topology, Update, Version};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::field::{check_field, field_error, select_field, text_field};
use super::{dispatch_some, error_at, field_id, level_label, level_options, parse_level, parse_version, version_options, LEVELS};
use crate::dom::{El, fragment, text_el};
use crate::planner_state::{PlannerAction, UpdateField, versions_in_use};

/// Chooses the update and how load-balanced front ends go through it; `problem` is shown here
/// when it is about the update.
///
/// A plain function rather than a component: it is redrawn with the topology editor anyway, and
/// a component would cost its own copy of Yew's lifecycle code and a copy of the topology.
pub fn update_editor(topology: &Topology, problem: Option<&Error>, on_action: &Callback<PlannerAction>) -> Html {
    let update = &topology.update;
    let on_kind = on_action.reform(|event: Event| {
        let value = event.target_unchecked_into::<HtmlInputElement>().value();
        PlannerAction::EditUpdate(if value == "hotfix" { UpdateField::Hotfix } else { UpdateField::ServicePack })
    });
    let is_hotfix = matches!(update, Update::Hotfix(_));
    let update_error = error_at(problem, "update");
    let body = match update {
        Update::ServicePack(levels) => {
            // The versions in use and those the update names, oldest first: filtering the fixed
            // list keeps the order without sorting.
            let in_use = versions_in_use(topology);
            let mut versions: Vec<Version> = Version::ALL
                .into_iter()
                .filter(|version| in_use.contains(version) || levels.contains_key(version))
                .collect();
            if versions.is_empty() {
                versions = Version::ALL.to_vec();
            }
            let rows = versions.into_iter().map(|version| {
                let mut options = vec![(AttrValue::from("none"), AttrValue::from("Leave alone"))];
                options.extend(LEVELS.into_iter().filter(|level| version.has_level(*level)).map(|level| {
                    (AttrValue::from(level.as_str()), AttrValue::from(format!("Bring to {}", level_label(level))))
                }));
                let selected = levels.get(&version).map_or("none", |level| level.as_str());
                let on_change = on_action.reform(move |value: String| {
                    PlannerAction::EditUpdate(UpdateField::ServicePackLevel(version, parse_level(&value)))
                });
                select_field(&field_id(&format!("update.service_pack.{}", version.as_str())).into(),
                    version.product(), &options, &AttrValue::Static(selected), None, &on_change)
            });
            El::with_class("div", "fields").child(fragment(rows.collect())).html()
        }
        Update::Hotfix(hotfix) => {
            let version = hotfix.version;
            El::with_class("div", "fields")
                .child(text_field(&field_id("update.hotfix.id").into(), "Hotfix article (e.g. KB893624)",
                    hotfix.id.clone().into(), error_at(problem, "update.hotfix.id"),
                    &on_action.reform(|value| PlannerAction::EditUpdate(UpdateField::HotfixId(value)))))
                .child(select_field(&field_id("update.hotfix.version").into(), "For version", &version_options(),
                    &AttrValue::Static(version.as_str()), None,
                    &dispatch_some(on_action, |value: String| parse_version(&value)
                        .map(|version| PlannerAction::EditUpdate(UpdateField::HotfixVersion(version))))))
                .child(select_field(&field_id("update.hotfix.requires").into(), "Requires level",
                    &level_options(version), &AttrValue::Static(hotfix.requires.as_str()), None,
                    &dispatch_some(on_action, |value: String| parse_level(&value)
                        .map(|level| PlannerAction::EditUpdate(UpdateField::HotfixRequires(level))))))
                .child(if version == Version::V2003 {
                    check_field(&field_id("update.hotfix.updates_virtual_servers").into(),
                        "Updates Exchange virtual servers (run Upgrade Exchange Virtual Server after the nodes)",
                        hotfix.updates_virtual_servers,
                        &on_action.reform(|value| PlannerAction::EditUpdate(UpdateField::HotfixUpdatesVirtualServers(value))))
                } else {
                    Html::default()
                })
                .html()
        }
    };
    let strategy = topology.options.front_end_pool;
    let on_strategy = on_action.reform(|event: Event| {
        let value = event.target_unchecked_into::<HtmlInputElement>().value();
        PlannerAction::SetPoolStrategy(if value == "rolling" { PoolStrategy::Rolling } else { PoolStrategy::Together })
    });
    let has_pool = topology.servers.iter().any(|server| server.pool.is_some());
    El::with_class("section", "update-editor")
        .set("aria-labelledby", "update-heading")
        .child(El::new("h3").set("id", "update-heading").text("The update").html())
        .child(
            El::with_class("fieldset", "choice")
                .set_string("id", field_id("update"))
                .child(text_el("legend", "", "Roll out"))
                .child(radio("update-kind", "service-pack", !is_hotfix, on_kind.clone(), " A service pack"))
                .child(radio("update-kind", "hotfix", is_hotfix, on_kind, " A hotfix"))
                .html(),
        )
        .child(update_error.map_or_else(Html::default, |message| {
            field_error(format!("{}-error", field_id("update")), message)
        }))
        .child(body)
        .child(
            El::with_class("fieldset", "choice")
                .set("id", "f-options-front_end_pool")
                .child(text_el("legend", "", "Load-balanced front-end pools"))
                .child(radio("pool-strategy", "together", strategy == PoolStrategy::Together, on_strategy.clone(),
                    " All together (KB 328839): no mixed versions, but the pool is out of service while it is updated"))
                .child(radio("pool-strategy", "rolling", strategy == PoolStrategy::Rolling, on_strategy,
                    " One at a time: no outage, but mobile devices may see synchronization key errors while versions are mixed"))
                .child(if has_pool {
                    Html::default()
                } else {
                    text_el("p", "field-hint", "No server is in a pool now: give front-end servers a pool name to use this.")
                })
                .html(),
        )
        .html()
}

/// A radio button of the group `name` with its label text after it.
#[inline(never)]
fn radio(name: &'static str, value: &'static str, checked: bool, onchange: Callback<Event>, text: &'static str) -> Html {
    let input = El::new("input")
        .set("type", "radio")
        .set("name", name)
        .value(AttrValue::Static(value))
        .checked(checked)
        .on_change(onchange)
        .html();
    El::new("label").child(input).text(text).html()
}
