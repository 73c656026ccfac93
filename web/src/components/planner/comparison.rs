//! The recommended order against the order being tried, figure by figure.

use sp_rules::Totals;
use yew::prelude::*;

use crate::dom::{El, fragment, text_el};

/// One line of the comparison: a label and the two figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// What is counted.
    pub label: &'static str,
    /// The figure for the recommended order.
    pub recommended: u32,
    /// The figure for the order being tried.
    pub edited: u32,
}

/// The lines of the comparison, from the totals and the number of broken rules of each order.
pub fn lines(recommended: &Totals, recommended_broken: u32, edited: &Totals, edited_broken: u32) -> Vec<Line> {
    let line = |label, pick: fn(&Totals) -> u32| Line {
        label,
        recommended: pick(recommended),
        edited: pick(edited),
    };
    vec![
        line("Steps", |t| t.steps),
        line("Steps with a front-end server out of service", |t| t.front_end_outage_steps),
        line("Steps with a whole load-balanced pool out of service", |t| t.pool_outage_steps),
        line("Steps with a virtual server offline", |t| t.evs_offline_steps),
        line("Virtual server moves", |t| t.evs_moves),
        line("Possible restarts", |t| t.possible_restarts),
        line("Likely restarts", |t| t.likely_restarts),
        Line {
            label: "Broken rules",
            recommended: recommended_broken,
            edited: edited_broken,
        },
    ]
}

/// The comparison table of `lines`; only the recommended column is shown unless the order was
/// `edited`.
///
/// A plain function rather than a component: it keeps no state, and every component costs its
/// own copy of Yew's lifecycle code in the WebAssembly module.
pub fn comparison(lines: &[Line], edited: bool) -> Html {
    El::with_class("table", "comparison")
        .child(text_el(
            "caption",
            "",
            if edited { "Your order against the recommended one" } else { "The recommended order in figures" },
        ))
        .child(
            El::new("thead")
                .child(
                    El::new("tr")
                        .child(column_head("Figure"))
                        .child(column_head("Recommended"))
                        .child(if edited { column_head("Your order") } else { Html::default() })
                        .html(),
                )
                .html(),
        )
        .child(El::new("tbody").child(fragment(lines.iter().map(|line| row(line, edited)).collect())).html())
        .html()
}

/// A column's heading.
fn column_head(text: &'static str) -> Html {
    El::new("th").set("scope", "col").text(text).html()
}

/// The table row of `line`, with the figure of the order being tried when it was `edited`.
fn row(line: &Line, edited: bool) -> Html {
    let change = if line.edited > line.recommended {
        Some("worse")
    } else if line.edited < line.recommended {
        Some("better")
    } else {
        None
    };
    El::new("tr")
        .child(El::new("th").set("scope", "row").text(line.label).html())
        .child(El::new("td").string(line.recommended.to_string()).html())
        .child(if edited {
            El::new("td")
                .attr_opt("class", change.map(AttrValue::Static))
                .string(line.edited.to_string())
                .child(change.map_or_else(Html::default, |change| {
                    El::with_class("span", "visually-hidden")
                        .string(format!(" ({})", if change == "worse" { "more" } else { "fewer" }))
                        .html()
                }))
                .html()
        } else {
            Html::default()
        })
        .html()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn lines_pair_the_figures() {
        let recommended = Totals { steps: 10, evs_moves: 2, ..Totals::default() };
        let edited = Totals { steps: 9, evs_moves: 3, likely_restarts: 1, ..Totals::default() };
        let lines = lines(&recommended, 0, &edited, 2);
        assert_eq!(lines.len(), 8);
        assert_eq!(lines[0], Line { label: "Steps", recommended: 10, edited: 9 });
        let moves = lines.iter().find(|line| line.label == "Virtual server moves");
        assert_eq!(moves.map(|line| (line.recommended, line.edited)), Some((2, 3)));
        let broken = lines.iter().find(|line| line.label == "Broken rules");
        assert_eq!(broken.map(|line| (line.recommended, line.edited)), Some((0, 2)));
    }
}
