//! Front matter: the TOML block between `+++` lines at the top of every page.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::markdown::{Lines, is_kebab};

/// The versions a page may apply to.
pub const VERSIONS: &[&str] = &["5.5", "2000", "2003"];

/// A page's front matter, as written in the file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page id, kebab-case and unique.
    pub id: String,
    /// The page title.
    pub title: String,
    /// The versions the page applies to; empty means all.
    #[serde(default)]
    pub versions: Vec<String>,
    /// The position in the table of contents.
    pub order: i64,
    /// Section anchor to preset name.
    #[serde(default)]
    pub presets: BTreeMap<String, String>,
}

/// Front matter that was read, and where the Markdown body starts.
#[derive(Debug, Clone)]
pub struct Split {
    /// The parsed front matter.
    pub front: FrontMatter,
    /// The byte offset of the TOML text in the file.
    pub toml_start: usize,
    /// The TOML text.
    pub toml: String,
}

/// A problem in a front matter block: the byte offset in the file and the message.
pub type Problem = (usize, String);

/// Reads the front matter of a whole file.
///
/// On success also returns problems that do not stop the page from being used (an id that is
/// not kebab-case, an unknown version).
pub fn read(text: &str) -> Result<(Split, Vec<Problem>), Problem> {
    let Some(first_end) = text.find('\n') else {
        return Err((0, "missing front matter: the file must start with a `+++` line".to_owned()));
    };
    if text.get(..first_end).map(str::trim_end) != Some("+++") {
        return Err((0, "missing front matter: the file must start with a `+++` line".to_owned()));
    }
    let toml_start = first_end + 1;
    let mut offset = toml_start;
    let mut toml_end = None;
    for line in text.get(toml_start..).unwrap_or_default().split_inclusive('\n') {
        if line.trim_end() == "+++" {
            toml_end = Some(offset);
            break;
        }
        offset += line.len();
    }
    let Some(toml_end) = toml_end else {
        return Err((0, "unterminated front matter: no closing `+++` line".to_owned()));
    };
    let toml = text.get(toml_start..toml_end).unwrap_or_default();
    let front: FrontMatter = toml::from_str(toml).map_err(|error| {
        let at = error.span().map_or(0, |span| span.start);
        let message = error.message().trim_end_matches('.').to_owned();
        (toml_start + at, format!("front matter: {}", first_lowercase(&message)))
    })?;
    let mut problems = Vec::new();
    let key_at = |key: &str| toml_start + key_offset(toml, key);
    if !is_kebab(&front.id) {
        problems.push((key_at("id"), format!("page id `{}` is not kebab-case", front.id)));
    }
    if front.title.trim().is_empty() {
        problems.push((key_at("title"), "page title is empty".to_owned()));
    }
    for version in &front.versions {
        if !VERSIONS.contains(&version.as_str()) {
            problems.push((
                key_at("versions"),
                format!("unknown version `{version}` (expected one of 5.5, 2000, 2003)"),
            ));
        }
    }
    Ok((Split { front, toml_start, toml: toml.to_owned() }, problems))
}

/// The byte offset in `toml` of the line that sets `key`, or of its `[presets]` entry; 0 when absent.
pub fn key_offset(toml: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in toml.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let bare = trimmed.trim_start_matches('"');
        if let Some(rest) = bare.strip_prefix(key) {
            let rest = rest.trim_start_matches('"').trim_start();
            if rest.starts_with('=') {
                return offset;
            }
        }
        offset += line.len();
    }
    0
}

/// The 1-based line of a byte offset in a file.
pub fn line_of(lines: &Lines, offset: usize) -> usize {
    lines.line(offset)
}

fn first_lowercase(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn reads_front_matter() {
        let text = "+++\nid = \"x\"\ntitle = \"X\"\norder = 3\nversions = [\"2003\"]\n[presets]\na = \"b\"\n+++\n# Body\n";
        let (split, problems) = read(text).unwrap();
        assert!(problems.is_empty());
        assert_eq!(split.front.id, "x");
        assert_eq!(split.front.order, 3);
        assert_eq!(split.front.versions, vec!["2003"]);
        assert_eq!(split.front.presets.get("a").map(String::as_str), Some("b"));
        assert_eq!(split.toml_start, 4);
    }

    #[test]
    fn missing_and_unterminated_blocks_are_errors() {
        assert!(read("# no front matter\n").unwrap_err().1.contains("missing front matter"));
        assert!(read("").unwrap_err().1.contains("missing front matter"));
        assert!(read("+++\nid = \"x\"\n").unwrap_err().1.contains("unterminated"));
    }

    #[test]
    fn toml_errors_point_into_the_file() {
        let text = "+++\nid = \"x\"\ntitle = \"X\"\norder = \"late\"\n+++\n";
        let (at, message) = read(text).unwrap_err();
        assert_eq!(Lines::new(text).line(at), 4, "{message}");
        let (_, message) = read("+++\nid = \"x\"\ntitle = \"X\"\norder = 1\ncolour = 2\n+++\n").unwrap_err();
        assert!(message.contains("colour"), "{message}");
    }

    #[test]
    fn soft_problems_name_the_key_line() {
        let text = "+++\nid = \"Bad Id\"\ntitle = \"X\"\norder = 1\nversions = [\"2007\"]\n+++\n";
        let (_, problems) = read(text).unwrap();
        let lines = Lines::new(text);
        let found: Vec<(usize, &str)> = problems.iter().map(|(at, m)| (lines.line(*at), m.as_str())).collect();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, 2);
        assert!(found[0].1.contains("kebab"));
        assert_eq!(found[1].0, 5);
        assert!(found[1].1.contains("2007"));
    }
}
