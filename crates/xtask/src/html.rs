//! The HTML reader both page rewrites share, built on `lol_html`, Cloudflare's streaming parser.
//!
//! [`elements`] lists the elements of a page with their attributes and byte positions, as a
//! browser's tokenizer finds them: comments and the doctype are skipped, end tags are noted with
//! the element they close, and the contents of `script` and `style` are raw text. The rewrites
//! change the page by these positions with [`apply`] rather than through `lol_html`'s own editing,
//! which writes a changed start tag out anew; so every byte they do not mean to change stays as
//! Trunk wrote it, and a removed tag can take its line with it.
//!
//! The parser accepts any input, as browsers do. [`elements`] is stricter: Trunk never writes a
//! page that ends inside a tag or a comment, or a `script` or `style` without its end tag, so such
//! a page is an error rather than something to guess about.

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use lol_html::html_content::{Comment, Doctype, Element as Parsed, EndTag, TextChunk};
use lol_html::{HtmlRewriter, Settings, doc_comments, doc_text, doctype, element};

/// One element of the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    /// The tag name, in lower case.
    pub name: String,
    /// Where the start tag is, from `<` to just after `>`.
    pub span: Range<usize>,
    /// Where the element ends: after its start tag, or after the end tag of `script` and `style`.
    pub end: usize,
    /// For `script` and `style`, where the text inside is.
    pub text: Option<Range<usize>>,
    /// Where the end tag is, if the page writes one for this element.
    pub end_tag: Option<Range<usize>>,
    /// The attributes in the order they are written.
    pub attributes: Vec<Attribute>,
}

/// One attribute of a start tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute {
    /// The name, in lower case.
    pub name: String,
    /// The value with its character references decoded; empty for an attribute without one.
    pub value: String,
    /// Where the value is written in the page, without its quotes; `None` without a value.
    pub value_span: Option<Range<usize>>,
}

impl Element {
    /// The decoded value of the attribute `name` (lower case), if the element has it.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attribute_entry(name).map(|attr| attr.value.as_str())
    }

    /// The attribute `name` (lower case), if the element has it.
    pub fn attribute_entry(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|attr| attr.name == name)
    }

    /// Whether the `rel` attribute lists `word` (compared without case).
    pub fn has_rel(&self, word: &str) -> bool {
        self.attribute("rel").is_some_and(|rel| {
            rel.split_ascii_whitespace()
                .any(|part| part.eq_ignore_ascii_case(word))
        })
    }

    /// The text inside a `script` or `style` element of `page`; empty for any other element.
    pub fn text_in<'p>(&self, page: &'p str) -> &'p str {
        self.text
            .clone()
            .and_then(|range| page.get(range))
            .unwrap_or_default()
    }
}

/// What the parser has reported so far.
#[derive(Debug, Default)]
struct Found {
    elements: Vec<Element>,
    /// How far into the page the reported tags, text, comments and doctypes reach.
    read_to: usize,
    /// A comment that the page ends inside, by where it starts.
    open_comment: Option<usize>,
}

impl Found {
    fn reached(&mut self, range: &Range<usize>) {
        self.read_to = self.read_to.max(range.end);
    }
}

/// Every element of `html` in document order.
pub fn elements(html: &str) -> Result<Vec<Element>, String> {
    let found = Rc::new(RefCell::new(Found::default()));
    let on_element = {
        let found = Rc::clone(&found);
        move |parsed: &mut Parsed<'_, '_>| {
            start_tag(parsed, &found);
            Ok(())
        }
    };
    let on_comment = |comment: &mut Comment<'_>| {
        let span = comment.source_location().bytes();
        let mut found = found.borrow_mut();
        found.reached(&span);
        let closed = html
            .get(span.clone())
            .is_some_and(|raw| raw.ends_with("-->"));
        if !closed && found.open_comment.is_none() {
            found.open_comment = Some(span.start);
        }
        Ok(())
    };
    let on_text = |text: &mut TextChunk<'_>| {
        found.borrow_mut().reached(&text.source_location().bytes());
        Ok(())
    };
    let on_doctype = |doctype: &mut Doctype<'_>| {
        found
            .borrow_mut()
            .reached(&doctype.source_location().bytes());
        Ok(())
    };
    let settings = Settings::new()
        .append_element_content_handler(element!("*", on_element))
        .append_document_content_handler(doc_comments!(on_comment))
        .append_document_content_handler(doc_text!(on_text))
        .append_document_content_handler(doctype!(on_doctype));
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    rewriter
        .write(html.as_bytes())
        .and_then(|()| rewriter.end())
        .map_err(|error| format!("cannot parse the page: {error}"))?;

    let found = found.take();
    if let Some(start) = found.open_comment {
        return Err(format!("the comment at byte {start} is not closed"));
    }
    if let Some(start) = unclosed_tag(html, found.read_to) {
        return Err(format!("the tag at byte {start} is not closed"));
    }
    for element in &found.elements {
        if element.text.is_none() && is_raw_text(&element.name) {
            return Err(format!(
                "the {} element at byte {} has no end tag",
                element.name, element.span.start
            ));
        }
    }
    Ok(found.elements)
}

/// Where a tag that never ends starts, in the part of `html` after `read_to` that the parser
/// reported nothing for. End tags that close nothing are the only markup that may be there.
fn unclosed_tag(html: &str, read_to: usize) -> Option<usize> {
    let mut at = read_to;
    loop {
        let rest = html.get(at..)?;
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if trimmed.is_empty() {
            return None;
        }
        // `</` and the name, up to and with the `>`.
        match trimmed.strip_prefix("</").and_then(|tag| tag.find('>')) {
            Some(end) => at += end + 3,
            None => return Some(at),
        }
    }
}

fn is_raw_text(name: &str) -> bool {
    name == "script" || name == "style"
}

/// Records the start tag of `parsed` and, for an element that has an end tag, where that is.
fn start_tag(parsed: &mut Parsed<'_, '_>, found: &Rc<RefCell<Found>>) {
    let span = parsed.source_location().bytes();
    let attributes = parsed
        .attributes()
        .iter()
        .map(|attr| Attribute {
            name: attr.name(),
            value: decode(&attr.value()),
            value_span: attr
                .value_source_location()
                .map(|location| location.bytes()),
        })
        .collect();
    let name = parsed.tag_name();
    let raw_text = is_raw_text(&name);
    let index = {
        let mut found = found.borrow_mut();
        found.reached(&span);
        found.elements.push(Element {
            name,
            span: span.clone(),
            end: span.end,
            text: None,
            end_tag: None,
            attributes,
        });
        found.elements.len() - 1
    };
    if let Some(handlers) = parsed.end_tag_handlers() {
        let found = Rc::clone(found);
        handlers.push(Box::new(move |end: &mut EndTag<'_>| {
            let end_span = end.source_location().bytes();
            let mut found = found.borrow_mut();
            found.reached(&end_span);
            if let Some(element) = found.elements.get_mut(index) {
                if raw_text {
                    element.text = Some(span.end..end_span.start);
                    element.end = end_span.end;
                }
                element.end_tag = Some(end_span);
            }
            Ok(())
        }));
    }
}

/// Where the head's content starts in a page with these `elements`: after the `<head>` start tag,
/// or, where the page leaves it out (HTML allows it, and minified pages do), after the `<html>`
/// start tag, or where neither is written, at the first element. An element put there is the
/// first element of the head. `None` for a page without elements.
pub fn head_start(elements: &[Element]) -> Option<usize> {
    if let Some(head) = elements.iter().find(|element| element.name == "head") {
        return Some(head.span.end);
    }
    match elements.first() {
        Some(first) if first.name == "html" => Some(first.span.end),
        Some(first) => Some(first.span.start),
        None => None,
    }
}

/// Decodes the character references Trunk and hand-written pages use in attribute values.
fn decode(value: &str) -> String {
    if !value.contains('&') {
        return value.to_owned();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Escapes `value` for a double-quoted attribute.
pub fn escape_attribute(value: &str) -> String {
    value.replace('&', "&amp;").replace('"', "&quot;")
}

/// Applies `edits` (a byte range of `html` and its replacement) and returns the new page.
/// The ranges must not overlap.
pub fn apply(html: &str, mut edits: Vec<(Range<usize>, String)>) -> Result<String, String> {
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let added: usize = edits.iter().map(|(_, text)| text.len()).sum();
    let mut out = String::with_capacity(html.len() + added);
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
mod tests;
