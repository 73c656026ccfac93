//! Just enough of an HTML tag scanner to rewrite Trunk's `index.html` and to check what is left.
//!
//! It finds every start tag with its attributes and byte positions, skips comments, doctypes and
//! end tags, and treats the contents of `script` and `style` as raw text, as browsers do.
//! It is not a full HTML parser: it reads the well-formed pages Trunk writes and refuses a tag
//! that never ends.

use std::ops::Range;

/// One start tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    /// The tag's name in lowercase.
    pub name: String,
    /// Where the tag is in the page, from `<` to just after `>`.
    pub span: Range<usize>,
    /// For `script` and `style`: the raw text between the start tag and the end tag.
    pub text: Option<Range<usize>>,
    /// For `script` and `style`: where the element ends, just after its end tag.
    pub element_end: usize,
    /// The attributes in the order they are written.
    pub attrs: Vec<Attr>,
}

/// One attribute of a start tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attr {
    /// The attribute's name in lowercase.
    pub name: String,
    /// The value as written (entities are not decoded); empty for a bare attribute.
    pub value: String,
    /// Where the value is in the page, without its quotes; `None` for a bare attribute.
    pub value_span: Option<Range<usize>>,
}

impl Tag {
    /// The value of the attribute `name`, if the tag has it.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|attr| attr.name == name)
            .map(|attr| attr.value.as_str())
    }

    /// The attribute `name`, if the tag has it.
    pub fn attr_entry(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|attr| attr.name == name)
    }

    /// Whether the tag's `rel` attribute lists `word` (compared without case).
    pub fn has_rel(&self, word: &str) -> bool {
        self.attr("rel").is_some_and(|rel| {
            rel.split_ascii_whitespace()
                .any(|part| part.eq_ignore_ascii_case(word))
        })
    }
}

/// The start tags of `html`, in order.
pub fn tags(html: &str) -> Result<Vec<Tag>, String> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = html.get(at..).and_then(|rest| rest.find('<')) {
        let start = at + offset;
        let rest = html.get(start..).unwrap_or_default();
        if rest.starts_with("<!--") {
            let end = rest
                .find("-->")
                .ok_or_else(|| format!("a comment at byte {start} never ends"))?;
            at = start + end + 3;
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("</") || rest.starts_with("<?") {
            let end = rest
                .find('>')
                .ok_or_else(|| format!("a tag at byte {start} never ends"))?;
            at = start + end + 1;
            continue;
        }
        let name_len = rest
            .bytes()
            .skip(1)
            .take_while(|byte| byte.is_ascii_alphanumeric() || *byte == b'-')
            .count();
        if !rest.as_bytes().get(1).is_some_and(u8::is_ascii_alphabetic) {
            // A lone `<` in text.
            at = start + 1;
            continue;
        }
        let name = rest.get(1..=name_len).unwrap_or_default().to_ascii_lowercase();
        let (attrs, end) = read_attrs(html, bytes, start + 1 + name_len)?;
        let mut tag = Tag {
            name,
            span: start..end,
            text: None,
            element_end: end,
            attrs,
        };
        at = end;
        if tag.name == "script" || tag.name == "style" {
            let close = format!("</{}", tag.name);
            let text_end = find_ignore_case(html, end, &close)
                .ok_or_else(|| format!("the <{}> at byte {start} is never closed", tag.name))?;
            let element_end = html
                .get(text_end..)
                .and_then(|tail| tail.find('>'))
                .map(|gt| text_end + gt + 1)
                .ok_or_else(|| format!("the </{}> at byte {text_end} never ends", tag.name))?;
            tag.text = Some(end..text_end);
            tag.element_end = element_end;
            at = element_end;
        }
        found.push(tag);
    }
    Ok(found)
}

/// Reads the attributes from `at` to the end of the tag; returns them and the end of the tag.
fn read_attrs(html: &str, bytes: &[u8], start: usize) -> Result<(Vec<Attr>, usize), String> {
    let unterminated = || format!("the tag at byte {} is not closed with >", start.saturating_sub(1));
    let mut at = start;
    let mut attrs = Vec::new();
    loop {
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        match bytes.get(at) {
            None => return Err(unterminated()),
            Some(b'>') => return Ok((attrs, at + 1)),
            Some(b'/') => {
                at += 1;
                continue;
            }
            Some(_) => {}
        }
        let name_start = at;
        while bytes
            .get(at)
            .is_some_and(|byte| !byte.is_ascii_whitespace() && !matches!(byte, b'=' | b'>' | b'/'))
        {
            at += 1;
        }
        let name = html.get(name_start..at).unwrap_or_default().to_ascii_lowercase();
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        if bytes.get(at) != Some(&b'=') {
            attrs.push(Attr {
                name,
                value: String::new(),
                value_span: None,
            });
            continue;
        }
        at += 1;
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        let span = match bytes.get(at) {
            Some(quote @ (b'"' | b'\'')) => {
                let value_start = at + 1;
                let len = bytes
                    .get(value_start..)
                    .and_then(|tail| tail.iter().position(|byte| byte == quote))
                    .ok_or_else(unterminated)?;
                at = value_start + len + 1;
                value_start..value_start + len
            }
            Some(_) => {
                let value_start = at;
                while bytes
                    .get(at)
                    .is_some_and(|byte| !byte.is_ascii_whitespace() && *byte != b'>')
                {
                    at += 1;
                }
                value_start..at
            }
            None => return Err(unterminated()),
        };
        attrs.push(Attr {
            name,
            value: html.get(span.clone()).unwrap_or_default().to_owned(),
            value_span: Some(span),
        });
    }
}

fn find_ignore_case(html: &str, from: usize, needle: &str) -> Option<usize> {
    let haystack = html.get(from..)?.as_bytes();
    let needle = needle.as_bytes();
    haystack
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
        .map(|offset| from + offset)
}

/// Applies `edits` (a byte range of `html` and its replacement) and returns the new page.
/// The ranges must not overlap.
pub fn apply(html: &str, mut edits: Vec<(Range<usize>, String)>) -> Result<String, String> {
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = String::with_capacity(html.len() + 1024);
    let mut at = 0;
    for (range, replacement) in edits {
        let kept = html
            .get(at..range.start)
            .ok_or_else(|| format!("overlapping edits at byte {}", range.start))?;
        out.push_str(kept);
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(html.get(at..).unwrap_or_default());
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn reads_tags_attributes_and_their_positions() {
        let html = "<!doctype html><!-- <script>x</script> --><link rel='icon stylesheet' href=a.css integrity=\"sha\" async>";
        let found = tags(html).unwrap();
        assert_eq!(found.len(), 1);
        let link = &found[0];
        assert_eq!(link.name, "link");
        assert!(link.has_rel("stylesheet") && link.has_rel("ICON") && !link.has_rel("styles"));
        assert_eq!(link.attr("href"), Some("a.css"));
        assert_eq!(link.attr("async"), Some(""));
        let integrity = link.attr_entry("integrity").unwrap();
        assert_eq!(&html[integrity.value_span.clone().unwrap()], "sha");
        assert_eq!(&html[link.span.clone()], &html[html.find("<link").unwrap()..]);
    }

    #[test]
    fn script_and_style_contents_are_raw_text() {
        let html = "<SCRIPT type=module>if (a < b) { x('<p>') }</Script ><p class=x>hi</p><style>a>b{}</style>";
        let found = tags(html).unwrap();
        let names: Vec<_> = found.iter().map(|tag| tag.name.as_str()).collect();
        assert_eq!(names, ["script", "p", "style"]);
        let script = &found[0];
        assert_eq!(&html[script.text.clone().unwrap()], "if (a < b) { x('<p>') }");
        assert_eq!(&html[script.element_end..script.element_end + 2], "<p");
        assert_eq!(&html[found[2].text.clone().unwrap()], "a>b{}");
    }

    #[test]
    fn unfinished_markup_is_an_error() {
        assert!(tags("<p class='x").is_err());
        assert!(tags("<script>let a;").is_err());
        assert!(tags("<!-- open").is_err());
        assert!(tags("<link href=a").is_err());
        assert_eq!(tags("a < b and <3").unwrap(), Vec::new());
    }

    #[test]
    fn edits_are_applied_in_order_and_overlaps_refused() {
        let html = "0123456789";
        let edited = apply(html, vec![(5..7, "x".into()), (0..0, "<".into()), (9..10, String::new())]).unwrap();
        assert_eq!(edited, "<01234x78");
        assert!(apply(html, vec![(1..5, String::new()), (3..6, String::new())]).is_err());
    }
}
