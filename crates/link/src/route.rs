//! Routes live in the URL hash, so links work on any static host and when the app is opened from
//! disk.
//!
//! The forms are `#/kb/<section-id>`, `#/search?q=<query>`, `#/plan?preset=<name>` and
//! `#/plan?t=<topology JSON>`.
//! An empty hash is the home page.

use std::fmt::{self, Write as _};

/// One screen of the app, as named by the URL hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The start page: the table of contents.
    Home,
    /// One knowledge-base section.
    Kb { section: String },
    /// Search results for a query (possibly empty).
    Search { query: String },
    /// The planner, optionally started from a preset or from a topology carried in the link.
    Plan { source: PlanSource },
    /// A hash the app does not know; the text is kept to show it to the user.
    NotFound { hash: String },
}

/// Where the planner takes its topology from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanSource {
    /// Nothing given: the planner starts empty.
    Empty,
    /// A preset of the knowledge base, by name.
    Preset(String),
    /// A topology in the `sp-planner/topology@1` JSON format, carried in the link.
    Topology(String),
}

impl Route {
    /// Reads a route from a URL hash, with or without its leading `#`.
    /// Anything that is not a known route becomes [`Route::NotFound`]; this never fails.
    pub fn parse(hash: &str) -> Route {
        let raw = hash.strip_prefix('#').unwrap_or(hash);
        let (path, query) = match raw.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (raw, None),
        };
        let not_found = || Route::NotFound {
            hash: raw.to_owned(),
        };
        let path = path.strip_prefix('/').unwrap_or(path);
        let path = path.strip_suffix('/').unwrap_or(path);
        match path.split_once('/') {
            None if path.is_empty() || path == "kb" => match query {
                None => Route::Home,
                Some(_) => not_found(),
            },
            None if path == "search" => {
                let params = match query.map(parse_query).transpose() {
                    Ok(params) => params.unwrap_or_default(),
                    Err(_) => return not_found(),
                };
                let query = params
                    .into_iter()
                    .find(|(key, _)| key == "q")
                    .map(|(_, value)| value)
                    .unwrap_or_default();
                Route::Search { query }
            }
            None if path == "plan" => {
                let params = match query.map(parse_query).transpose() {
                    Ok(params) => params.unwrap_or_default(),
                    Err(_) => return not_found(),
                };
                let mut source = PlanSource::Empty;
                for (key, value) in params {
                    match key.as_str() {
                        "t" => source = PlanSource::Topology(value),
                        "preset" if source == PlanSource::Empty => {
                            source = PlanSource::Preset(value);
                        }
                        _ => {}
                    }
                }
                Route::Plan { source }
            }
            Some(("kb", section)) if is_section_id(section) => Route::Kb {
                section: section.to_owned(),
            },
            _ => not_found(),
        }
    }

    /// The hash for this route, starting with `#`.
    pub fn to_hash(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Route::Home => f.write_str("#/"),
            Route::Kb { section } => write!(f, "#/kb/{section}"),
            Route::Search { query } if query.is_empty() => f.write_str("#/search"),
            Route::Search { query } => write!(f, "#/search?q={}", encode_component(query)),
            Route::Plan { source } => match source {
                PlanSource::Empty => f.write_str("#/plan"),
                PlanSource::Preset(name) => write!(f, "#/plan?preset={}", encode_component(name)),
                PlanSource::Topology(json) => write!(f, "#/plan?t={}", encode_component(json)),
            },
            Route::NotFound { hash } => write!(f, "#{hash}"),
        }
    }
}

/// Whether a text is a well-formed section anchor: lowercase ASCII letters, digits and single
/// hyphens, not starting or ending with a hyphen.
pub fn is_section_id(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 128
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Why a query string could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// A `%` not followed by two hexadecimal digits.
    BadEscape,
    /// The decoded bytes are not UTF-8.
    NotUtf8,
}

/// Splits `a=1&b=2` into decoded pairs, in order.
/// A key without `=` gets an empty value; empty pieces are skipped.
pub fn parse_query(query: &str) -> Result<Vec<(String, String)>, DecodeError> {
    query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
            Ok((decode_component(key)?, decode_component(value)?))
        })
        .collect()
}

/// Decodes percent escapes; `+` stands for a space, as in HTML forms.
pub fn decode_component(text: &str) -> Result<String, DecodeError> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut input = text.bytes();
    while let Some(byte) = input.next() {
        match byte {
            b'%' => {
                let high = input.next().and_then(hex_value).ok_or(DecodeError::BadEscape)?;
                let low = input.next().and_then(hex_value).ok_or(DecodeError::BadEscape)?;
                bytes.push(high << 4 | low);
            }
            b'+' => bytes.push(b' '),
            other => bytes.push(other),
        }
    }
    String::from_utf8(bytes).map_err(|_| DecodeError::NotUtf8)
}

/// Percent-encodes everything except the characters that are safe in a hash query value.
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else if byte == b' ' {
            out.push('+');
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(hash: &str, expected: Route) {
        assert_eq!(Route::parse(hash), expected, "parsing {hash:?}");
    }

    #[test]
    fn empty_hashes_are_home() {
        for hash in ["", "#", "#/", "/", "#/kb", "#/kb/"] {
            check(hash, Route::Home);
        }
    }

    #[test]
    fn section_routes() {
        check(
            "#/kb/error-c1037b44",
            Route::Kb {
                section: "error-c1037b44".into(),
            },
        );
        check(
            "#/kb/e2003-cluster/",
            Route::Kb {
                section: "e2003-cluster".into(),
            },
        );
    }

    #[test]
    fn malformed_section_ids_are_not_found() {
        for hash in ["#/kb/Upper", "#/kb/a/b", "#/kb/-x", "#/kb/x-", "#/kb/a--b", "#/kb/<b>"] {
            assert!(
                matches!(Route::parse(hash), Route::NotFound { .. }),
                "{hash:?} should not be a section"
            );
        }
    }

    #[test]
    fn search_routes_decode_the_query() {
        check(
            "#/search?q=event+1025",
            Route::Search {
                query: "event 1025".into(),
            },
        );
        check(
            "#/search?q=6.5.7638%20sp2",
            Route::Search {
                query: "6.5.7638 sp2".into(),
            },
        );
        check(
            "#/search",
            Route::Search {
                query: String::new(),
            },
        );
        check(
            "#/search?x=1&q=%C3%A9",
            Route::Search { query: "é".into() },
        );
    }

    #[test]
    fn bad_escapes_are_not_found() {
        for hash in ["#/search?q=%", "#/search?q=%4", "#/search?q=%zz", "#/plan?t=%FF"] {
            assert!(
                matches!(Route::parse(hash), Route::NotFound { .. }),
                "{hash:?} should not parse"
            );
        }
    }

    #[test]
    fn plan_routes() {
        check(
            "#/plan",
            Route::Plan {
                source: PlanSource::Empty,
            },
        );
        check(
            "#/plan?preset=e2003-cluster",
            Route::Plan {
                source: PlanSource::Preset("e2003-cluster".into()),
            },
        );
        check(
            "#/plan?t=%7B%22a%22%3A1%7D",
            Route::Plan {
                source: PlanSource::Topology("{\"a\":1}".into()),
            },
        );
        check(
            "#/plan?t=%7B%7D&preset=x",
            Route::Plan {
                source: PlanSource::Topology("{}".into()),
            },
        );
    }

    #[test]
    fn unknown_paths_are_not_found() {
        check(
            "#/nowhere?x",
            Route::NotFound {
                hash: "/nowhere?x".into(),
            },
        );
        check(
            "#/?q=1",
            Route::NotFound {
                hash: "/?q=1".into(),
            },
        );
    }

    #[test]
    fn formatting_round_trips() {
        let routes = [
            Route::Home,
            Route::Kb {
                section: "e2000-active-passive".into(),
            },
            Route::Search {
                query: "c1037b44 & \"event 1025\" 100% é/#?".into(),
            },
            Route::Search {
                query: String::new(),
            },
            Route::Plan {
                source: PlanSource::Empty,
            },
            Route::Plan {
                source: PlanSource::Preset("e2003-cluster".into()),
            },
            Route::Plan {
                source: PlanSource::Topology("{\"servers\": [{\"name\": \"A+B\"}]}".into()),
            },
        ];
        for route in routes {
            let hash = route.to_hash();
            assert_eq!(Route::parse(&hash), route, "round trip through {hash:?}");
        }
    }

    #[test]
    fn encoding_keeps_safe_characters() {
        assert_eq!(encode_component("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(encode_component("a b&c=d"), "a+b%26c%3Dd");
        assert_eq!(encode_component("+"), "%2B");
    }

    #[test]
    fn decoding_reports_errors() {
        assert_eq!(decode_component("%"), Err(DecodeError::BadEscape));
        assert_eq!(decode_component("%C3"), Err(DecodeError::NotUtf8));
        assert_eq!(decode_component("a%2Bb+c"), Ok("a+b c".into()));
    }
}
