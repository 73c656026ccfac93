//! Turning content events into the app's HTML.
//!
//! Internal links `#anchor` become the app's hash routes `#/kb/anchor`; external links get
//! `rel="noopener noreferrer"`; the marker `[unconfirmed]` becomes a badge; raw HTML passes
//! through, because the content is our own.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use sp_kb_text::html::escape_into;

/// The marker a writer puts after a sentence that rests on unconfirmed sources.
pub const UNCONFIRMED: &str = "[unconfirmed]";

/// The badge that replaces [`UNCONFIRMED`] in HTML.
pub const BADGE: &str = "<span class=\"badge unconfirmed\" title=\"This step rests on sources we could not confirm; treat it as likely, not certain.\">unconfirmed</span>";

/// The app route for a knowledge-base anchor.
pub fn route(anchor: &str) -> String {
    format!("#/kb/{anchor}")
}

/// Whether a link destination leaves the app.
pub fn is_external(dest: &str) -> bool {
    let lower = dest.trim_start().to_ascii_lowercase();
    lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("mailto:") || lower.starts_with("//")
}

/// Rewrites links and markers in a run of events, ready for `pulldown_cmark::html::push_html`.
pub fn transform<'a>(events: impl IntoIterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut out: Vec<Event<'a>> = Vec::new();
    for event in events {
        match event {
            Event::Start(Tag::Link { dest_url, title, .. }) => {
                let mut html = String::from("<a href=\"");
                match dest_url.strip_prefix('#') {
                    Some(anchor) => escape_into(&route(anchor), &mut html),
                    None => escape_into(&dest_url, &mut html),
                }
                html.push('"');
                if !title.is_empty() {
                    html.push_str(" title=\"");
                    escape_into(&title, &mut html);
                    html.push('"');
                }
                if is_external(&dest_url) {
                    html.push_str(" rel=\"noopener noreferrer\"");
                }
                html.push('>');
                out.push(Event::InlineHtml(CowStr::from(html)));
            }
            Event::End(TagEnd::Link) => out.push(Event::InlineHtml(CowStr::Borrowed("</a>"))),
            Event::Text(text) => match out.last_mut() {
                // Merges text split by the parser (it splits at brackets) so markers are found whole.
                Some(Event::Text(previous)) => {
                    let joined = format!("{previous}{text}");
                    *previous = CowStr::from(joined);
                }
                _ => out.push(Event::Text(text)),
            },
            other => out.push(other),
        }
    }
    let mut marked = Vec::with_capacity(out.len());
    for event in out {
        match event {
            Event::Text(text) if text.contains(UNCONFIRMED) => {
                let mut rest: &str = &text;
                while let Some(at) = rest.find(UNCONFIRMED) {
                    let (before, after) = rest.split_at(at);
                    if !before.is_empty() {
                        marked.push(Event::Text(CowStr::from(before.to_owned())));
                    }
                    marked.push(Event::InlineHtml(CowStr::Borrowed(BADGE)));
                    rest = after.get(UNCONFIRMED.len()..).unwrap_or_default();
                }
                if !rest.is_empty() {
                    marked.push(Event::Text(CowStr::from(rest.to_owned())));
                }
            }
            other => marked.push(other),
        }
    }
    marked
}

/// Renders events (already transformed) to HTML.
pub fn to_html<'a>(events: impl IntoIterator<Item = Event<'a>>) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::markdown::parser;

    fn html(markdown: &str) -> String {
        to_html(transform(parser(markdown)))
    }

    #[test]
    fn internal_links_become_routes() {
        assert_eq!(html("See [the steps](#e2003-cluster)."), "<p>See <a href=\"#/kb/e2003-cluster\">the steps</a>.</p>\n");
    }

    #[test]
    fn external_links_get_rel() {
        assert_eq!(
            html("[docs](https://example.com/a?b=1&c=2 \"Title\")"),
            "<p><a href=\"https://example.com/a?b=1&amp;c=2\" title=\"Title\" rel=\"noopener noreferrer\">docs</a></p>\n"
        );
    }

    #[test]
    fn unconfirmed_markers_become_badges() {
        let out = html("Start the Cluster service again. [unconfirmed]\n");
        assert_eq!(out, format!("<p>Start the Cluster service again. {BADGE}</p>\n"));
        let two = html("a [unconfirmed] b [unconfirmed]");
        assert_eq!(two.matches("badge unconfirmed").count(), 2);
        assert!(two.contains("b "));
    }

    #[test]
    fn markers_in_code_stay_literal() {
        assert_eq!(html("`[unconfirmed]`"), "<p><code>[unconfirmed]</code></p>\n");
    }

    #[test]
    fn raw_html_passes_through() {
        assert_eq!(html("<div class=\"note\">x</div>\n"), "<div class=\"note\">x</div>\n");
    }

    #[test]
    fn tables_and_strikethrough_render() {
        let out = html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n");
        assert!(out.contains("<table>") && out.contains("<td>2</td>"), "{out}");
        assert!(out.contains("<del>old</del>"), "{out}");
    }
}
