//! The one Markdown parser configuration, heading ids and line numbers.

use std::collections::BTreeSet;

use pulldown_cmark::{Options, Parser};

/// The extensions every parse of the knowledge base uses.
///
/// Tables, strikethrough, heading attributes (`{#id}`), footnotes, task lists and `+++` TOML
/// front matter, which the parser reports as a metadata block so byte offsets stay those of the
/// whole file.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

/// Builds the parser for a whole content file (front matter included).
///
/// Rendering, section extraction and indexing all call this function, so they read the
/// Markdown the same way.
pub fn parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, options())
}

/// Makes a heading id from heading text: lowercase letters and digits joined by single hyphens.
///
/// Returns `"section"` when nothing is left.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '/' || c == '.' {
            pending_hyphen = true;
        }
    }
    if out.is_empty() { "section".to_owned() } else { out }
}

/// Returns `base`, or `base-1`, `base-2`… the first one not in `taken`, and records it.
pub fn unique_id(base: &str, taken: &mut BTreeSet<String>) -> String {
    if taken.insert(base.to_owned()) {
        return base.to_owned();
    }
    let mut n = 1usize;
    loop {
        let candidate = format!("{base}-{n}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// Maps byte offsets of a text to 1-based line numbers.
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// Whether `id` is kebab-case: lowercase ASCII letters and digits in hyphen-separated words.
pub fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn slug_lowercases_and_joins_words() {
        assert_eq!(slug("Active/active cluster"), "active-active-cluster");
        assert_eq!(slug("  Event 1025: the EVS  "), "event-1025-the-evs");
        assert_eq!(slug("Exchange 5.5 SP4"), "exchange-5-5-sp4");
        assert_eq!(slug("What's new?"), "whats-new");
        assert_eq!(slug("--"), "section");
        assert_eq!(slug(""), "section");
        assert_eq!(slug("Ärger über Öl"), "ärger-über-öl");
    }

    #[test]
    fn unique_id_appends_counters() {
        let mut taken = BTreeSet::new();
        assert_eq!(unique_id("steps", &mut taken), "steps");
        assert_eq!(unique_id("steps", &mut taken), "steps-1");
        assert_eq!(unique_id("steps", &mut taken), "steps-2");
        taken.insert("notes-1".to_owned());
        assert_eq!(unique_id("notes", &mut taken), "notes");
        assert_eq!(unique_id("notes", &mut taken), "notes-2");
    }

    #[test]
    fn lines_count_from_one() {
        let lines = Lines::new("ab\ncd\n\nef");
        assert_eq!(lines.line(0), 1);
        assert_eq!(lines.line(2), 1);
        assert_eq!(lines.line(3), 2);
        assert_eq!(lines.line(6), 3);
        assert_eq!(lines.line(7), 4);
        assert_eq!(lines.line(100), 4);
    }

    #[test]
    fn kebab_ids() {
        assert!(is_kebab("e2003-cluster"));
        assert!(is_kebab("rules"));
        assert!(!is_kebab("E2003"));
        assert!(!is_kebab("a--b"));
        assert!(!is_kebab("-a"));
        assert!(!is_kebab(""));
        assert!(!is_kebab("a b"));
    }
}
