//! Reading content files into pages and sections.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use sp_kb_text::ContentError;
use sp_kb_text::html::{escape, tidy, to_text};

use crate::front::{self, FrontMatter};
use crate::markdown::{Lines, parser, slug, unique_id};
use crate::render::{to_html, transform};

/// One page: a content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The page id from the front matter.
    pub id: String,
    /// The page title.
    pub title: String,
    /// The versions it applies to; empty means all.
    pub versions: Vec<String>,
    /// The position in the table of contents.
    pub order: i64,
    /// The file it came from.
    pub file: String,
    /// Its sections, as indexes into [`Loaded::sections`].
    pub sections: Range<usize>,
}

/// One section: the text under one heading, or a page's text before its first heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The anchor, unique across the knowledge base.
    pub id: String,
    /// The id of the page it is on.
    pub page: String,
    /// The heading text (the page title for a page's opening section).
    pub title: String,
    /// 1 for a page's opening section, 2 for `##`, 3 for `###`.
    pub level: u8,
    /// The page title, the headings above, and the section's own title.
    pub breadcrumbs: Vec<String>,
    /// The body as plain text, one block per line: `sp_kb_text::html::to_text` of `html`,
    /// which is how the reader derives it, since the tables do not store it.
    pub text: String,
    /// The body as HTML (without its heading).
    pub html: String,
    /// The heading's inner HTML.
    pub heading_html: String,
    /// The preset that plans this scenario, from the front matter or the parent section.
    pub preset: Option<String>,
    /// The anchors this section links to.
    pub links: Vec<String>,
    /// The file it came from.
    pub file: String,
    /// The line of its heading (of the front matter for a page's opening section).
    pub line: usize,
}

/// Everything read from the content.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The pages in table-of-contents order.
    pub pages: Vec<Page>,
    /// Every section, page by page.
    pub sections: Vec<Section>,
    /// Every preset, `(name, JSON)`, sorted by name.
    pub presets: Vec<(String, String)>,
    /// The problems found, each with its file and line.
    pub errors: Vec<ContentError>,
}

/// A heading found in the first pass.
struct Heading {
    explicit: Option<String>,
    offset: usize,
}

/// A parsed file before ids are assigned.
struct Parsed<'a> {
    file: &'a str,
    front: FrontMatter,
    front_offset: usize,
    toml: String,
    lines: Lines,
    headings: Vec<Heading>,
    /// The whole file's events with their byte ranges, from the one parse of the file.
    events: Vec<(Event<'a>, Range<usize>)>,
}

/// Reads every page and preset, each `(file name, text)`.
pub fn load(pages: &[(&str, &str)], presets: &[(&str, &str)]) -> Loaded {
    let mut out = Loaded {
        presets: presets
            .iter()
            .map(|(file, json)| (file.strip_suffix(".json").unwrap_or(file).to_owned(), (*json).to_owned()))
            .collect(),
        ..Loaded::default()
    };
    let mut parsed: Vec<Parsed<'_>> = Vec::new();
    let mut page_ids: BTreeMap<String, String> = BTreeMap::new();
    for &(file, text) in pages {
        let lines = Lines::new(text);
        let (split, problems) = match front::read(text) {
            Ok(found) => found,
            Err((at, message)) => {
                out.errors.push(error(file, lines.line(at), message));
                continue;
            }
        };
        for (at, message) in problems {
            out.errors.push(error(file, lines.line(at), message));
        }
        if let Some(other) = page_ids.get(&split.front.id) {
            let message = format!("page id `{}` is already used by {other}", split.front.id);
            out.errors.push(error(file, lines.line(split.toml_start), message));
            continue;
        }
        page_ids.insert(split.front.id.clone(), file.to_owned());
        let events: Vec<(Event<'_>, Range<usize>)> = parser(text).into_offset_iter().collect();
        let headings = headings(&events);
        parsed.push(Parsed { file, front: split.front, front_offset: split.toml_start, toml: split.toml, lines, headings, events });
    }
    parsed.sort_by(|a, b| a.front.order.cmp(&b.front.order).then_with(|| a.front.id.cmp(&b.front.id)));

    // Explicit anchors are claimed first, so generated ones never take them.
    let mut taken: BTreeSet<String> = page_ids.keys().cloned().collect();
    let mut explicit_owner: BTreeMap<String, String> = BTreeMap::new();
    let mut duplicates: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (p, page) in parsed.iter().enumerate() {
        for (h, heading) in page.headings.iter().enumerate() {
            let Some(id) = &heading.explicit else { continue };
            let clashes_with_page = page_ids.contains_key(id) && *id != page.front.id;
            if let Some(owner) = explicit_owner.get(id) {
                let message = format!("section anchor `{id}` is already used in {owner}");
                out.errors.push(error(page.file, page.lines.line(heading.offset), message));
                duplicates.insert((p, h));
            } else if clashes_with_page {
                let message = format!("section anchor `{id}` is already a page id");
                out.errors.push(error(page.file, page.lines.line(heading.offset), message));
                duplicates.insert((p, h));
            } else {
                explicit_owner.insert(id.clone(), page.file.to_owned());
                taken.insert(id.clone());
            }
        }
    }

    let mut links: Vec<(String, String, usize)> = Vec::new();
    for (p, page) in parsed.iter_mut().enumerate() {
        let first = out.sections.len();
        build_page(page, p, &duplicates, &mut taken, &mut out, &mut links);
        out.pages.push(Page {
            id: page.front.id.clone(),
            title: page.front.title.clone(),
            versions: page.front.versions.clone(),
            order: page.front.order,
            file: page.file.to_owned(),
            sections: first..out.sections.len(),
        });
    }

    let ids: BTreeSet<&str> = out.sections.iter().map(|s| s.id.as_str()).collect();
    let mut broken = Vec::new();
    for (anchor, file, line) in links {
        if !ids.contains(anchor.as_str()) {
            broken.push(error(&file, line, format!("link to unknown section `#{anchor}`")));
        }
    }
    out.errors.extend(broken);
    out
}

fn error(file: &str, line: usize, message: String) -> ContentError {
    ContentError { file: file.to_owned(), line, message }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Whether a heading of this level starts a section (`#`, `##` and `###` do).
fn starts_section(level: HeadingLevel) -> bool {
    level_number(level) <= 3
}

fn headings(events: &[(Event<'_>, Range<usize>)]) -> Vec<Heading> {
    events
        .iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Heading { level, id, .. }) if starts_section(*level) => {
                Some(Heading { explicit: id.as_ref().map(|id| id.to_string()), offset: range.start })
            }
            _ => None,
        })
        .collect()
}

/// A section being collected.
struct Draft<'a> {
    /// The anchor; empty until assigned.
    id: String,
    /// The text to make a fresh anchor from when `id` is empty (a duplicate explicit anchor).
    base: String,
    level: u8,
    title: String,
    heading: Vec<Event<'a>>,
    body: Vec<Event<'a>>,
    line: usize,
    /// Whether this is the page's opening section (the text before the first heading).
    intro: bool,
}

fn build_page(
    page: &mut Parsed<'_>,
    p: usize,
    duplicates: &BTreeSet<(usize, usize)>,
    taken: &mut BTreeSet<String>,
    out: &mut Loaded,
    links: &mut Vec<(String, String, usize)>,
) {
    let page_id = page.front.id.as_str();
    let claimed = page.headings.iter().any(|h| h.explicit.as_deref() == Some(page_id));
    let mut drafts: Vec<Draft<'_>> = vec![Draft {
        id: page_id.to_owned(),
        base: String::new(),
        level: 1,
        title: page.front.title.clone(),
        heading: Vec::new(),
        body: Vec::new(),
        line: 1,
        intro: true,
    }];
    let mut heading_index = 0usize;
    let mut in_heading: Option<HeadingLevel> = None;
    let mut in_metadata = false;
    for (event, range) in std::mem::take(&mut page.events) {
        if let Event::Start(Tag::Link { dest_url, .. }) = &event
            && let Some(anchor) = dest_url.strip_prefix('#')
        {
            links.push((anchor.to_owned(), page.file.to_owned(), page.lines.line(range.start)));
        }
        match &event {
            Event::Start(Tag::MetadataBlock(_)) => {
                in_metadata = true;
                continue;
            }
            Event::End(TagEnd::MetadataBlock(_)) => {
                in_metadata = false;
                continue;
            }
            _ if in_metadata => continue,
            Event::Start(Tag::Heading { level, id, .. }) if starts_section(*level) => {
                let explicit = id.as_ref().map(|id| id.to_string()).unwrap_or_default();
                let duplicate = duplicates.contains(&(p, heading_index));
                heading_index += 1;
                in_heading = Some(*level);
                let (id, base) = if duplicate { (String::new(), explicit) } else { (explicit, String::new()) };
                drafts.push(Draft {
                    id,
                    base,
                    level: level_number(*level),
                    title: String::new(),
                    heading: Vec::new(),
                    body: Vec::new(),
                    line: page.lines.line(range.start),
                    intro: false,
                });
                continue;
            }
            Event::End(TagEnd::Heading(level)) if in_heading == Some(*level) => {
                in_heading = None;
                continue;
            }
            _ => {}
        }
        let Some(draft) = drafts.last_mut() else { continue };
        if in_heading.is_some() {
            draft.heading.push(event);
        } else {
            draft.body.push(event);
        }
    }

    // Titles and generated ids.
    for draft in drafts.iter_mut().filter(|d| !d.intro) {
        draft.title = plain_text(&draft.heading).replace('\n', " ");
        if draft.id.is_empty() {
            let base = if draft.base.is_empty() { slug(&draft.title) } else { draft.base.clone() };
            draft.id = unique_id(&base, taken);
        }
    }
    if let Some(intro) = drafts.first_mut().filter(|_| claimed) {
        intro.id = if has_content(&intro.body) { unique_id(&format!("{page_id}-intro"), taken) } else { String::new() };
    }

    let mut stack: Vec<(u8, String, Option<String>)> = Vec::new();
    for draft in drafts {
        if draft.id.is_empty() {
            continue;
        }
        let own_preset = page.front.presets.get(&draft.id).cloned();
        let (breadcrumbs, preset) = if draft.intro {
            (vec![page.front.title.clone()], own_preset)
        } else {
            while stack.last().is_some_and(|(level, _, _)| *level >= draft.level) {
                stack.pop();
            }
            let mut crumbs = vec![page.front.title.clone()];
            crumbs.extend(stack.iter().map(|(_, title, _)| title.clone()));
            crumbs.push(draft.title.clone());
            // A heading that repeats the page title (`## Overview` on the overview page) adds nothing.
            crumbs.dedup();
            let preset = own_preset.or_else(|| stack.last().and_then(|(_, _, preset)| preset.clone()));
            stack.push((draft.level, draft.title.clone(), preset.clone()));
            (crumbs, preset)
        };
        let links = draft
            .body
            .iter()
            .chain(&draft.heading)
            .filter_map(|event| match event {
                Event::Start(Tag::Link { dest_url, .. }) => dest_url.strip_prefix('#').map(str::to_owned),
                _ => None,
            })
            .collect();
        let heading_html = if draft.heading.is_empty() { escape(&draft.title) } else { inline_html(draft.heading.clone()) };
        let html = to_html(transform(draft.body));
        out.sections.push(Section {
            text: to_text(&html),
            html,
            heading_html,
            id: draft.id,
            page: page_id.to_owned(),
            title: draft.title,
            level: draft.level,
            breadcrumbs,
            preset,
            links,
            file: page.file.to_owned(),
            line: draft.line,
        });
    }

    // Every preset mapping names a section of this page and an existing preset.
    for (anchor, preset) in &page.front.presets {
        let at = page.front_offset + front::key_offset(&page.toml, anchor);
        let on_page = out.sections.iter().any(|s| s.page == page_id && s.id == *anchor);
        if !on_page {
            out.errors.push(error(page.file, page.lines.line(at), format!("preset for unknown section `{anchor}` of this page")));
        }
        if !out.presets.iter().any(|(name, _)| name == preset) {
            out.errors.push(error(page.file, page.lines.line(at), format!("unknown preset `{preset}` (no content/presets/{preset}.json)")));
        }
    }
}

/// Renders inline events (a heading's content) without a surrounding paragraph.
fn inline_html(events: Vec<Event<'_>>) -> String {
    to_html(transform(events))
}

fn has_content(events: &[Event<'_>]) -> bool {
    events.iter().any(|e| match e {
        Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => !t.trim().is_empty(),
        Event::Rule | Event::Start(Tag::Image { .. }) => true,
        _ => false,
    })
}

/// The text of events (a heading's): words and code, single spaces between words, and a line
/// break after each block. A section's body text is derived from its HTML instead
/// (`sp_kb_text::html::to_text`), as the reader derives it.
pub fn plain_text(events: &[Event<'_>]) -> String {
    let mut out = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => out.push_str(t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak | Event::Rule => out.push('\n'),
            Event::End(TagEnd::TableCell) => out.push_str(" | "),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_)
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition
                | TagEnd::FootnoteDefinition,
            ) if !out.ends_with('\n') => out.push('\n'),
            _ => {}
        }
    }
    tidy(&out)
}
