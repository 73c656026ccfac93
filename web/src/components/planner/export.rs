//! What leaves the planner: the shareable link, the Markdown checklist and the plan as JSON.
//!
//! These are pure functions, tested natively; the components only move their results to the
//! clipboard, the URL or a download.

use std::fmt::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sp_rules::{Plan, Report, Topology};

use crate::json::{plan_tree, topology_tree, write};
use crate::planner_state::read_draft;

/// The `t` value of a link that reopens `topology`: its compact JSON in base64url, unpadded
/// (what [`sp_link::encode_link`] writes, without serde's derived serializer).
pub fn encode_link(topology: &Topology) -> String {
    URL_SAFE_NO_PAD.encode(write(&topology_tree(topology)).as_bytes())
}

/// The largest file or pasted text the planner reads, in bytes.
pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;

/// Reads the `t` value of a link: base64url of the topology JSON (padded or not), or, for links
/// written by hand, the JSON itself (see [`sp_link::link_json`]). The JSON is read as a draft, so
/// the editor can show what is inconsistent in it.
pub fn decode_link(value: &str) -> Result<Topology, String> {
    let json = sp_link::link_json(value)?;
    read_draft(&json).map_err(|error| format!("the link's topology cannot be read: {error}"))
}

/// Refuses text over [`MAX_IMPORT_BYTES`] before it is parsed.
pub fn check_import_size(bytes: f64) -> Result<(), String> {
    // File sizes arrive from the browser as floating-point numbers.
    #[allow(clippy::cast_precision_loss)]
    let limit = MAX_IMPORT_BYTES as f64;
    if bytes > limit {
        // Sizes are whole numbers of bytes; the cast only saturates sizes no file has.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let whole = bytes as u64;
        Err(format!("the file is {} MB; the planner imports at most 10 MB", megabytes(whole)))
    } else {
        Ok(())
    }
}

/// A byte count in megabytes with one decimal, rounded half to even as `{:.1}` rounds.
///
/// Integer arithmetic keeps the formatting of floating-point numbers out of the WebAssembly
/// module, where it would cost several kilobytes for this one message.
pub fn megabytes(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    let scaled = bytes.min(u64::MAX / 10) * 10;
    let mut tenths = scaled / MIB;
    let rest = scaled % MIB;
    if rest * 2 > MIB || (rest * 2 == MIB && tenths % 2 == 1) {
        tenths += 1;
    }
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// The plan as a Markdown checklist, with the validator's findings when the order was edited.
pub fn plan_markdown(plan: &Plan, report: Option<&Report>) -> String {
    let mut out = plan.to_markdown();
    if let Some(report) = report
        && !report.violations.is_empty()
    {
        out.push_str("\n## Broken rules\n\n");
        for violation in &report.violations {
            let at = violation.step.map_or_else(|| "the plan".to_owned(), |n| format!("step {n}"));
            let _ = writeln!(
                out,
                "- {at}: {} — {} (rule `{}`, see `{}`)",
                escape(&violation.message),
                escape(&violation.consequence),
                violation.rule,
                violation.kb
            );
        }
    }
    out
}

/// The plan as pretty JSON in the `sp-planner/plan@1` format.
pub fn plan_json(plan: &Plan) -> String {
    pretty_json(&write(&plan_tree(plan)))
}

/// The topology as pretty JSON, for a download.
pub fn topology_json(topology: &Topology) -> String {
    pretty_json(&write(&topology_tree(topology)))
}

/// Lays out compact JSON as `serde_json::to_string_pretty` does: two spaces an indent, one
/// value or member a line, `": "` after keys, and `[]` and `{}` when empty.
///
/// Every document is written compact by `json::write` and laid out here, so the module needs no
/// pretty writer as well.
pub fn pretty_json(compact: &str) -> String {
    fn new_line(out: &mut String, depth: usize) {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    }
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = compact.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                let close = if c == '{' { '}' } else { ']' };
                if chars.peek() == Some(&close) {
                    chars.next();
                    out.push(close);
                } else {
                    depth += 1;
                    new_line(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                new_line(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                new_line(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes what Markdown would read as markup in names taken from the user.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        if !c.is_control() {
            out.push(c);
        }
    }
    out
}

/// A file name for downloads, from the organisation's name: letters, digits and hyphens.
pub fn file_stem(name: &str) -> String {
    let mut stem = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            stem.push(c.to_ascii_lowercase());
        } else if !stem.ends_with('-') && !stem.is_empty() {
            stem.push('-');
        }
        if stem.len() >= 60 {
            break;
        }
    }
    let stem = stem.trim_end_matches('-');
    if stem.is_empty() { "organisation".to_owned() } else { stem.to_owned() }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

    use base64::engine::general_purpose::URL_SAFE;
    use sp_link::MAX_LINK_BYTES;

    use super::*;
    use crate::planner_state::{PlannerAction, PlannerState, starter};

    #[test]
    fn links_round_trip_and_use_only_url_safe_characters() {
        let mut topology = starter();
        topology.name = "Contoso <b>&amp; \"Co\" é/+?#".into();
        let value = encode_link(&topology);
        assert!(value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{value}");
        assert_eq!(decode_link(&value).unwrap(), topology);
        let route = crate::route::Route::Plan {
            source: crate::route::PlanSource::Topology(value.clone()),
        };
        assert_eq!(route.to_hash(), format!("#/plan?t={value}"));
        assert_eq!(value, sp_link::encode_link(&topology));
    }

    #[test]
    fn links_accept_padding_and_plain_json() {
        let topology = starter();
        let json = serde_json::to_string(&topology).unwrap();
        let padded = URL_SAFE.encode(json.as_bytes());
        assert_eq!(decode_link(&padded).unwrap(), topology);
        assert_eq!(decode_link(&json).unwrap(), topology);
    }

    #[test]
    fn damaged_links_say_so() {
        let value = encode_link(&starter());
        let cut = &value[..value.len() / 2];
        let error = decode_link(cut).unwrap_err();
        assert!(error.starts_with("the link"), "{error}");
        assert!(decode_link("!!!").unwrap_err().contains("not valid base64url"));
        let not_utf8 = URL_SAFE_NO_PAD.encode([0xff, 0xfe]);
        assert!(decode_link(&not_utf8).unwrap_err().contains("UTF-8"));
        assert!(decode_link("").is_err());
    }

    #[test]
    fn oversized_links_are_refused_before_decoding() {
        let huge = "A".repeat(MAX_LINK_BYTES + 1);
        let error = decode_link(&huge).unwrap_err();
        assert!(error.contains("at most 1048576 bytes"), "{error}");
    }

    #[test]
    fn pretty_json_lays_out_as_serde_json_does() {
        let value = serde_json::json!({
            "name": "Contoso {\"quoted\"}, [a: b] \\ end\\",
            "empty_list": [],
            "empty_map": {},
            "nested": [[1, 2.5, -3e-7], {"a": [{}], "b": null, "c": true}],
            "text": "line\nbreak\ttab \u{1} é",
        });
        assert_eq!(pretty_json(&value.to_string()), serde_json::to_string_pretty(&value).unwrap());
        assert_eq!(pretty_json("[]"), "[]");
        assert_eq!(pretty_json("\"{,:}\""), "\"{,:}\"");
    }

    #[test]
    fn downloads_are_pretty_json() {
        let json = r#"{"servers": [
            {"name": "FE1", "version": "2003", "level": "SP1", "role": "front-end"},
            {"name": "BE1", "version": "2003", "level": "SP1", "role": "back-end"}],
            "clusters": [{"name": "CL", "version": "2003", "level": "SP1", "mode": "active-passive",
                "nodes": ["A", "B"], "virtual_servers": [{"name": "EVS1", "owner": "A"}]}],
            "update": {"service_pack": {"2003": "SP2"}}}"#;
        let state = PlannerState::new(read_draft(json).unwrap());
        let topology = state.document();
        assert_eq!(topology_json(&topology), serde_json::to_string_pretty(&topology).unwrap());
        let plan = state.shown_plan().unwrap();
        assert_eq!(plan_json(&plan), serde_json::to_string_pretty(&plan).unwrap());
    }

    #[test]
    fn megabytes_round_as_float_formatting_does() {
        const MIB: u64 = 1024 * 1024;
        // Exact ties (a quarter and three quarters of a megabyte) go to the even tenth.
        for bytes in [0, 1, MIB, 10 * MIB + MIB / 4, 10 * MIB + 3 * MIB / 4, 10 * MIB + MIB / 20, 20 * MIB, 123_456_789]
            .into_iter()
            .chain((0..4000).map(|k| 10 * MIB + k * 2621))
        {
            #[allow(clippy::cast_precision_loss)]
            let expected = format!("{:.1}", bytes as f64 / MIB as f64);
            assert_eq!(megabytes(bytes), expected, "{bytes} bytes");
        }
        // Sizes beyond any file are capped rather than overflowing.
        assert_eq!(megabytes(u64::MAX), "1759218604441.6");
    }

    #[test]
    fn oversized_imports_are_refused() {
        assert!(check_import_size(1000.0).is_ok());
        #[allow(clippy::cast_precision_loss)]
        let limit = MAX_IMPORT_BYTES as f64;
        assert!(check_import_size(limit).is_ok());
        assert_eq!(
            check_import_size(limit * 2.0).unwrap_err(),
            "the file is 20.0 MB; the planner imports at most 10 MB"
        );
    }

    #[test]
    fn markdown_lists_the_steps_and_the_broken_rules() {
        let json = r#"{"servers": [
            {"name": "FE1", "version": "2003", "level": "SP1", "role": "front-end"},
            {"name": "BE_1", "version": "2003", "level": "SP1", "role": "back-end"}],
            "update": {"service_pack": {"2003": "SP2"}}}"#;
        let state = PlannerState::default().apply(PlannerAction::Load(
            Box::new(read_draft(json).unwrap()),
            crate::planner_state::Origin::Pasted,
        ));
        let clean = plan_markdown(&state.shown_plan().unwrap(), None);
        assert!(clean.starts_with("# Plan: "), "{clean}");
        assert!(clean.contains("- [ ] 1. "), "{clean}");
        assert!(!clean.contains("Broken rules"));

        let back_end = state
            .derived
            .steps
            .iter()
            .position(|step| step.target == "BE_1" && step.action == sp_rules::Action::Install)
            .unwrap();
        let edited = state.apply(PlannerAction::MoveStep { from: back_end, to: 2 });
        let Some(Ok(report)) = &edited.derived.report else {
            panic!("no report");
        };
        let markdown = plan_markdown(&edited.shown_plan().unwrap(), Some(report));
        assert!(markdown.contains("## Broken rules"), "{markdown}");
        assert!(markdown.contains("rule `frontends-before-backends`"), "{markdown}");
        assert!(markdown.contains("BE\\_1"), "names are escaped: {markdown}");
    }

    #[test]
    fn plan_json_is_the_plan_format() {
        let plan = PlannerState::default().shown_plan().unwrap();
        let json = plan_json(&plan);
        let back: Plan = serde_json::from_str(&json).unwrap();
        assert_eq!(back, plan);
        assert!(json.contains("\"format\": \"sp-planner/plan@1\""));
    }

    #[test]
    fn file_stems_are_safe() {
        assert_eq!(file_stem("Contoso Ltd. (EU)"), "contoso-ltd-eu");
        assert_eq!(file_stem("<script>"), "script");
        assert_eq!(file_stem("***"), "organisation");
        assert_eq!(file_stem(""), "organisation");
    }
}
