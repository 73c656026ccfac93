//! Just enough of an HTML tokenizer to find the elements of a page Trunk wrote: their start tags,
//! attributes and, for `script` and `style`, the text inside.

use std::ops::Range;

/// One element of the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    /// The tag name, in lower case.
    pub name: String,
    /// The attributes in order: names in lower case, values with character references decoded
    /// (an attribute without a value has an empty one).
    pub attributes: Vec<(String, String)>,
    /// Where the start tag begins.
    pub start: usize,
    /// Where the element ends: after its start tag, or after the end tag of `script` and `style`.
    pub end: usize,
    /// For `script` and `style`, where the text inside is.
    pub text: Option<Range<usize>>,
}

impl Element {
    /// The value of the attribute `name` (lower case), if the element has it.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Every element of `html` in document order, skipping comments, the doctype and end tags.
pub fn elements(html: &str) -> Result<Vec<Element>, String> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(open) = html
        .get(at..)
        .and_then(|rest| rest.find('<'))
        .map(|offset| at + offset)
    {
        let rest = html.get(open..).unwrap_or_default();
        if rest.starts_with("<!--") {
            let close = find_from(html, open + 4, "-->")
                .ok_or_else(|| format!("the comment at byte {open} is not closed"))?;
            at = close + 3;
        } else if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            let close = find_from(html, open, ">")
                .ok_or_else(|| format!("the tag at byte {open} is not closed"))?;
            at = close + 1;
        } else if rest.as_bytes().get(1).is_some_and(u8::is_ascii_alphabetic) {
            let element = start_tag(html, open)?;
            at = element.end;
            found.push(element);
        } else {
            at = open + 1;
        }
    }
    Ok(found)
}

/// Reads the start tag at `open` and, for `script` and `style`, the text up to the end tag.
fn start_tag(html: &str, open: usize) -> Result<Element, String> {
    let unclosed = || format!("the tag at byte {open} is not closed");
    let bytes = html.as_bytes();
    let byte = |at: usize| bytes.get(at).copied();
    let is_space = |b: u8| b.is_ascii_whitespace();
    let mut at = open + 1;
    while byte(at).is_some_and(|b| !is_space(b) && b != b'/' && b != b'>') {
        at += 1;
    }
    let name = html
        .get(open + 1..at)
        .unwrap_or_default()
        .to_ascii_lowercase();
    let mut attributes = Vec::new();
    loop {
        while byte(at).is_some_and(|b| is_space(b) || b == b'/') {
            at += 1;
        }
        match byte(at) {
            None => return Err(unclosed()),
            Some(b'>') => {
                at += 1;
                break;
            }
            Some(_) => {}
        }
        let key_start = at;
        while byte(at).is_some_and(|b| !is_space(b) && b != b'=' && b != b'>' && b != b'/') {
            at += 1;
        }
        let key = html
            .get(key_start..at)
            .unwrap_or_default()
            .to_ascii_lowercase();
        while byte(at).is_some_and(is_space) {
            at += 1;
        }
        let mut value = String::new();
        if byte(at) == Some(b'=') {
            at += 1;
            while byte(at).is_some_and(is_space) {
                at += 1;
            }
            match byte(at) {
                Some(quote @ (b'"' | b'\'')) => {
                    let close = html
                        .get(at + 1..)
                        .and_then(|rest| rest.find(char::from(quote)))
                        .map(|offset| at + 1 + offset)
                        .ok_or_else(unclosed)?;
                    value = decode(html.get(at + 1..close).unwrap_or_default());
                    at = close + 1;
                }
                Some(_) => {
                    let value_start = at;
                    while byte(at).is_some_and(|b| !is_space(b) && b != b'>') {
                        at += 1;
                    }
                    value = decode(html.get(value_start..at).unwrap_or_default());
                }
                None => return Err(unclosed()),
            }
        }
        attributes.push((key, value));
    }
    let mut element = Element {
        name,
        attributes,
        start: open,
        end: at,
        text: None,
    };
    if element.name == "script" || element.name == "style" {
        let end_tag = format!("</{}", element.name);
        let close = find_from_ignoring_case(html, at, &end_tag)
            .ok_or_else(|| format!("the {} element at byte {open} has no end tag", element.name))?;
        let after = find_from(html, close, ">").ok_or_else(unclosed)?;
        element.text = Some(at..close);
        element.end = after + 1;
    }
    Ok(element)
}

fn find_from(html: &str, from: usize, needle: &str) -> Option<usize> {
    html.get(from..)?.find(needle).map(|offset| from + offset)
}

fn find_from_ignoring_case(html: &str, from: usize, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    html.as_bytes()
        .get(from..)?
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
        .map(|offset| from + offset)
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn tags_attributes_and_raw_text_are_found() {
        let html = "<!doctype html><!-- <link href=x> --><HTML lang=en><head>\
                    <link rel=\"icon\" href='./a.svg' integrity=\"sha384-x\"/>\
                    <script type=\"module\">if (a < b) { x('</p>'); }</script>\
                    <input disabled value=\"a &amp; &quot;b&quot;\"></head></html>";
        let found = elements(html).unwrap();
        let names: Vec<_> = found.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["html", "head", "link", "script", "input"]);
        assert_eq!(found[0].attribute("lang"), Some("en"));
        assert_eq!(found[2].attribute("href"), Some("./a.svg"));
        assert_eq!(found[2].attribute("rel"), Some("icon"));
        assert_eq!(
            &html[found[2].start..found[2].end],
            "<link rel=\"icon\" href='./a.svg' integrity=\"sha384-x\"/>"
        );
        let script = &found[3];
        assert_eq!(
            &html[script.text.clone().unwrap()],
            "if (a < b) { x('</p>'); }"
        );
        assert!(html[script.start..script.end].ends_with("</script>"));
        assert_eq!(found[4].attribute("disabled"), Some(""));
        assert_eq!(found[4].attribute("value"), Some("a & \"b\""));
    }

    #[test]
    fn the_end_tag_of_a_script_is_found_in_any_case() {
        let found = elements("<style>p { color: red }</STYLE ><p>").unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].end, "<style>p { color: red }</STYLE >".len());
    }

    #[test]
    fn unclosed_constructs_are_errors() {
        assert_eq!(
            elements("<p><!-- open").unwrap_err(),
            "the comment at byte 3 is not closed"
        );
        assert_eq!(
            elements("<link href=\"x").unwrap_err(),
            "the tag at byte 0 is not closed"
        );
        assert_eq!(
            elements("<link href=x").unwrap_err(),
            "the tag at byte 0 is not closed"
        );
        assert_eq!(
            elements("<script>let a = 1;").unwrap_err(),
            "the script element at byte 0 has no end tag"
        );
    }

    #[test]
    fn a_lone_less_than_sign_is_text() {
        assert_eq!(elements("a < b <3").unwrap(), Vec::new());
    }

    #[test]
    fn attribute_values_are_escaped_for_double_quotes() {
        assert_eq!(escape_attribute("a&b\"c'd"), "a&amp;b&quot;c'd");
    }
}
