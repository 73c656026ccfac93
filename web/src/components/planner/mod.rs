//! The planner's components, one per file, and the few helpers they share.
//!
//! Every component takes domain values and `on_<event>` callbacks; the state lives in
//! [`crate::planner_state`] and only the page dispatches to it.

pub mod browser;
pub mod cluster_editor;
pub mod comparison;
pub mod export;
pub mod field;
pub mod import_export;
pub mod server_editor;
pub mod steps;
pub mod timeline;
pub mod topology_editor;
pub mod update_editor;
pub mod warnings;

use sp_rules::{Error, Level, Version};
use yew::{AttrValue, Callback, Html, MouseEvent};

use crate::dom::El;
use crate::planner_state::{PlannerAction, error_is_at};

/// A callback that turns its input into an action and dispatches it, or ignores input that
/// makes no action (an unknown choice in a select).
pub fn dispatch_some<T: 'static>(
    on_action: &Callback<PlannerAction>,
    make: impl Fn(T) -> Option<PlannerAction> + 'static,
) -> Callback<T> {
    let on_action = on_action.clone();
    Callback::from(move |value: T| {
        if let Some(action) = make(value) {
            on_action.emit(action);
        }
    })
}

/// A `<button type="button">` with a fixed class (none when `class` is empty), id (none when
/// `id` is empty) and text.
#[inline(never)]
pub fn button(class: &'static str, id: &'static str, text: &'static str, onclick: Callback<MouseEvent>) -> Html {
    let button = if class.is_empty() { El::new("button") } else { El::with_class("button", class) };
    let button = if id.is_empty() { button } else { button.set("id", id) };
    button.set("type", "button").on_click(onclick).text(text).html()
}

/// The element id of the control for the field at `path`: `servers[0].name` is
/// `f-servers-0-name`.
pub fn field_id(path: &str) -> String {
    let mut id = String::from("f-");
    for c in path.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            id.push(c);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_owned()
}

/// The problem's message when it is about the field at `path`.
pub fn error_at(problem: Option<&Error>, path: &str) -> Option<AttrValue> {
    let problem = problem?;
    let at = problem.path()?;
    error_is_at(at, path).then(|| AttrValue::from(problem.message().to_owned()))
}

/// The choices of a version select: value and label.
pub fn version_options() -> Vec<(AttrValue, AttrValue)> {
    Version::ALL
        .into_iter()
        .map(|version| (AttrValue::from(version.as_str()), AttrValue::from(version.product())))
        .collect()
}

/// The levels a version has, as choices of a select.
pub fn level_options(version: Version) -> Vec<(AttrValue, AttrValue)> {
    LEVELS
        .into_iter()
        .filter(|level| version.has_level(*level))
        .map(|level| (AttrValue::from(level.as_str()), AttrValue::from(level_label(level))))
        .collect()
}

/// Every level, oldest first.
pub const LEVELS: [Level; 5] = [Level::Rtm, Level::Sp1, Level::Sp2, Level::Sp3, Level::Sp4];

/// A level in words.
pub fn level_label(level: Level) -> &'static str {
    match level {
        Level::Rtm => "original release (RTM)",
        Level::Sp1 => "Service Pack 1",
        Level::Sp2 => "Service Pack 2",
        Level::Sp3 => "Service Pack 3",
        Level::Sp4 => "Service Pack 4",
    }
}

/// Reads a version from its JSON name.
pub fn parse_version(text: &str) -> Option<Version> {
    Version::ALL.into_iter().find(|version| version.as_str() == text)
}

/// Reads a level from its JSON name.
pub fn parse_level(text: &str) -> Option<Level> {
    LEVELS.into_iter().find(|level| level.as_str() == text)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use sp_rules::ErrorKind;

    use super::*;

    #[test]
    fn field_ids_follow_the_path() {
        assert_eq!(field_id("servers[0].name"), "f-servers-0-name");
        assert_eq!(field_id("clusters[2].virtual_servers[1].owner"), "f-clusters-2-virtual_servers-1-owner");
        assert_eq!(field_id("update"), "f-update");
    }

    #[test]
    fn errors_show_at_their_field_only() {
        let error = Error::new(ErrorKind::Invalid, "duplicate name").at("servers[1].name");
        assert_eq!(error_at(Some(&error), "servers[1].name").as_deref(), Some("duplicate name"));
        assert_eq!(error_at(Some(&error), "servers[1].role"), None);
        assert_eq!(error_at(Some(&error), "servers[11].name"), None);
        assert_eq!(error_at(None, "servers[1].name"), None);
        let nowhere = Error::new(ErrorKind::Invalid, "no path");
        assert_eq!(error_at(Some(&nowhere), "servers[1].name"), None);
    }

    #[test]
    fn levels_per_version() {
        assert_eq!(level_options(Version::V2003).len(), 3);
        assert_eq!(level_options(Version::V55).len(), 5);
        assert_eq!(parse_level("SP3"), Some(Level::Sp3));
        assert_eq!(parse_version("2000"), Some(Version::V2000));
        assert_eq!(parse_version("2007"), None);
    }
}
