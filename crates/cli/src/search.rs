//! The `search` subcommand: ranked knowledge-base results as JSON or text.

use serde::Serialize;
use sp_kb::Kb;

/// One result as the JSON output lists it.
#[derive(Debug, Serialize)]
struct Row<'a> {
    id: &'a str,
    title: &'a str,
    breadcrumbs: &'a [&'a str],
    score: f64,
    snippet: &'a str,
}

/// Searches the knowledge base for `query` and renders at most `limit` results, as JSON
/// or, when `text` is set, as lines for people.
pub fn run(query: &str, text: bool, limit: usize) -> Result<String, String> {
    search(Kb::get(), query, text, limit)
}

fn search(kb: &Kb<'_>, query: &str, text: bool, limit: usize) -> Result<String, String> {
    if query.trim().is_empty() {
        return Err("the search query is empty".to_owned());
    }
    if limit == 0 {
        return Err("the result limit must be at least 1".to_owned());
    }
    let hits = kb.search(query, limit);
    if text {
        if hits.is_empty() {
            return Ok(format!("No section matches \"{query}\".\n"));
        }
        let mut out = String::new();
        for (n, hit) in hits.iter().enumerate() {
            out.push_str(&format!("{}. {}  (#{})\n", n + 1, hit.breadcrumbs.join(" › "), hit.id));
            if !hit.snippet.is_empty() {
                out.push_str(&format!("   {}\n", hit.snippet));
            }
        }
        return Ok(out);
    }
    let rows: Vec<Row<'_>> = hits
        .iter()
        .map(|hit| Row {
            id: hit.id,
            title: hit.title,
            breadcrumbs: hit.breadcrumbs,
            score: (f64::from(hit.score) * 1000.0).round() / 1000.0,
            snippet: &hit.snippet,
        })
        .collect();
    serde_json::to_string_pretty(&rows).map(|json| json + "\n").map_err(|error| format!("cannot write the results: {error}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const PAGE: &str = "+++\nid = \"trouble\"\ntitle = \"Troubleshooting\"\norder = 1\n+++\n\
        ## Error c1037b44 {#error-c1037b44}\n\nThe version of Exchange on this computer does not match. ID no: c1037b44\n\n\
        ## Event 1025 {#event-1025}\n\nThe Exchange virtual server needs to be upgraded before coming online.\n";

    /// The test page, compiled; opened with [`open`].
    fn compiled() -> sp_kb_build::Compiled {
        sp_kb_build::compile(&[("trouble.md", PAGE)], &[])
    }

    fn open(compiled: &sp_kb_build::Compiled) -> Kb<'_> {
        Kb::open(&compiled.text, &compiled.tables, &[]).unwrap()
    }

    #[test]
    fn json_lists_ranked_sections() {
        let out = search(&open(&compiled()), "c1037b44", false, 5).unwrap();
        let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
        let rows = rows.as_array().unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["id"], "error-c1037b44");
        assert_eq!(rows[0]["title"], "Error c1037b44");
        assert_eq!(rows[0]["breadcrumbs"], serde_json::json!(["Troubleshooting", "Error c1037b44"]));
        assert!(rows[0]["score"].as_f64().unwrap() > 0.0);
        assert!(rows[0]["snippet"].as_str().unwrap().contains("c1037b44"));
        let keys: Vec<&String> = rows[0].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["breadcrumbs", "id", "score", "snippet", "title"]);
    }

    #[test]
    fn no_match_is_an_empty_list() {
        assert_eq!(search(&open(&compiled()), "zebra", false, 5).unwrap(), "[]\n");
    }

    #[test]
    fn text_lists_breadcrumbs_and_snippets() {
        let out = search(&open(&compiled()), "virtual server", true, 5).unwrap();
        assert!(out.starts_with("1. Troubleshooting › Event 1025  (#event-1025)\n   "), "{out}");
        assert_eq!(search(&open(&compiled()), "zebra", true, 5).unwrap(), "No section matches \"zebra\".\n");
    }

    #[test]
    fn limit_caps_the_results() {
        let out = search(&open(&compiled()), "exchange", false, 1).unwrap();
        let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(rows.as_array().unwrap().len(), 1);
    }

    #[test]
    fn bad_arguments_are_errors() {
        assert_eq!(search(&open(&compiled()), "  ", false, 5).unwrap_err(), "the search query is empty");
        assert_eq!(search(&open(&compiled()), "x", false, 0).unwrap_err(), "the result limit must be at least 1");
    }

    #[test]
    fn the_embedded_knowledge_base_answers() {
        let out = run("c1037b44", false, 3).unwrap();
        assert!(out.contains("\"error-c1037b44\""), "{out}");
    }
}
