//! The availability timeline: one row per server, node and virtual server, one column per
//! step, a mark where it does not serve users. Drawn as inline SVG with classes only, so a
//! strict content security policy needs no inline style.

use sp_rules::{Step, Topology};
use yew::prelude::*;

use crate::dom::{El, fragment, text_el};

/// Narrowest and widest step column, in SVG units: few steps get wide columns.
const CELL_MIN: usize = 14;
const CELL_MAX: usize = 36;
/// The width the columns share when they can.
const PLOT: usize = 560;
/// Height of a row.
const ROW: usize = 20;
/// Width of the name column.
const LABEL: usize = 120;
/// Height of the step-number header.
const HEADER: usize = 20;
/// Names longer than this are cut in the label (the full name is in the tooltip).
const LABEL_CHARS: usize = 14;

/// The rows of the timeline: servers, then each cluster's nodes and virtual servers.
pub fn rows(topology: &Topology) -> Vec<String> {
    let mut rows: Vec<String> = topology.servers.iter().map(|server| server.name.clone()).collect();
    for cluster in &topology.clusters {
        rows.extend(cluster.nodes.iter().cloned());
        rows.extend(cluster.virtual_servers.iter().map(|evs| evs.name.clone()));
    }
    rows
}

/// The width of a step column for `columns` steps.
pub fn cell_width(columns: usize) -> usize {
    (PLOT / columns.max(1)).clamp(CELL_MIN, CELL_MAX)
}

/// What is down at each step: one row per name in `rows`, top to bottom, one column per step.
///
/// A plain function rather than a component: it keeps no state, and every component costs its
/// own copy of Yew's lifecycle code in the WebAssembly module.
pub fn timeline(rows: &[String], steps: &[Step]) -> Html {
    let names = rows;
    let columns = steps.len();
    let cell = cell_width(columns);
    let width = LABEL + columns.max(1) * cell + 4;
    let height = HEADER + names.len().max(1) * ROW + 4;
    let x_of = |column: usize| LABEL + column * cell;
    let y_of = |row: usize| HEADER + row * ROW;
    let mut down_count = 0usize;

    let rows = names.iter().enumerate().map(|(r, name)| {
        let label: String = if name.chars().count() > LABEL_CHARS {
            let cut: String = name.chars().take(LABEL_CHARS - 1).collect();
            format!("{cut}\u{2026}")
        } else {
            name.clone()
        };
        let marks: Vec<Html> = steps
            .iter()
            .enumerate()
            .filter(|(_, step)| step.unavailable.iter().any(|down| down == name))
            .map(|(c, step)| {
                rect("down", x_of(c) + 1, y_of(r) + 3, cell - 2, ROW - 6)
                    .child(El::new("title").string(format!("Step {}: {name} does not serve users", step.n)).html())
                    .html()
            })
            .collect();
        down_count += marks.len();
        El::with_class("g", if r % 2 == 1 { "row odd" } else { "row" })
            .child(rect("band", 0, y_of(r), width, ROW).html())
            .child(
                El::with_class("text", "label")
                    .set("x", "4")
                    .set_string("y", (y_of(r) + ROW - 6).to_string())
                    .child(El::new("title").string(name.clone()).html())
                    .string(label)
                    .html(),
            )
            .child(fragment(marks))
            .html()
    }).collect::<Vec<Html>>();

    let header = steps.iter().enumerate().filter(|(c, _)| c % 5 == 0 || columns <= 20).map(|(c, step)| {
        El::with_class("text", "step-number")
            .set_string("x", (x_of(c) + cell / 2).to_string())
            .set_string("y", (HEADER - 6).to_string())
            .string(step.n.to_string())
            .html()
    });

    let summary = format!(
        "Availability over {columns} steps: {down_count} marks where a server, node or virtual server does not serve users."
    );
    El::with_class("figure", "timeline")
        // The timeline scrolls sideways on narrow screens, so it takes the focus for the arrow
        // keys.
        .child(
            El::with_class("div", "timeline-scroll")
                .set("tabindex", "0")
                .set("role", "region")
                .set("aria-label", "Availability timeline, scrolls sideways")
                .child(
                    El::new("svg")
                        .set_string("viewBox", format!("0 0 {width} {height}"))
                        .set_string("width", width.to_string())
                        .set_string("height", height.to_string())
                        .set("role", "img")
                        .set("aria-labelledby", "timeline-title timeline-desc")
                        .set("xmlns", "http://www.w3.org/2000/svg")
                        .child(El::new("title").set("id", "timeline-title").text("Availability timeline").html())
                        .child(El::new("desc").set("id", "timeline-desc").string(summary).html())
                        .child(fragment(header.collect()))
                        .child(fragment(rows))
                        .html(),
                )
                .html(),
        )
        .child(text_el(
            "figcaption",
            "muted",
            "Each column is a step, each row a server, node or virtual server; a mark means it does not serve users during that step.",
        ))
        .html()
}

/// A rectangle of the timeline with this class, place and size.
fn rect(class: &'static str, x: usize, y: usize, width: usize, height: usize) -> El {
    El::with_class("rect", class)
        .set_string("x", x.to_string())
        .set_string("y", y.to_string())
        .set_string("width", width.to_string())
        .set_string("height", height.to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::planner_state::read_draft;

    #[test]
    fn rows_list_servers_then_nodes_and_virtual_servers() {
        let topology = read_draft(
            r#"{"servers": [{"name": "FE1", "version": "2003", "level": "SP1"}],
                "clusters": [{"name": "CL", "version": "2003", "level": "SP1", "mode": "active-passive",
                    "nodes": ["A", "B"], "virtual_servers": [{"name": "EVS1", "owner": "A"}]}],
                "update": {"service_pack": {"2003": "SP2"}}}"#,
        )
        .unwrap();
        assert_eq!(rows(&topology), ["FE1", "A", "B", "EVS1"]);
    }

    #[test]
    fn few_steps_get_wide_columns_and_many_get_narrow_ones() {
        assert_eq!(cell_width(0), CELL_MAX);
        assert_eq!(cell_width(7), CELL_MAX);
        assert_eq!(cell_width(20), 28);
        assert_eq!(cell_width(500), CELL_MIN);
    }
}
