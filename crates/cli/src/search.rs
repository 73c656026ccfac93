//! The `search` subcommand: ranked knowledge-base results as JSON or text.

/// Searches the knowledge base for `query` and renders at most `limit` results, as JSON
/// or, when `text` is set, as lines for people.
pub fn run(query: &str, text: bool, limit: usize) -> Result<String, String> {
    let _ = (query, text, limit);
    Err("the knowledge base search is not built yet".to_owned())
}
