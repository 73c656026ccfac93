//! Topology and plan documents read and written through one JSON tree.
//!
//! The module reads and writes JSON itself, without serde: serde_json's reader and writer and
//! serde's machinery behind them took several kilobytes of the WebAssembly module, most of
//! them for floating-point numbers, which no document of the planner holds. [`parse`] reads a
//! document into a [`Json`] tree; plain functions turn the tree into a [`Topology`] and a
//! [`Topology`] or a [`Plan`] into the tree, following the serde attributes of `sp_rules`
//! field by field; [`write()`] writes the tree as compact JSON.
//!
//! [`parse`] accepts exactly the documents `serde_json::from_str::<serde_json::Value>` accepts
//! and refuses the others with serde_json's message at serde_json's line and column. It differs
//! from serde_json in two ways only, both about numbers that are not whole, which it keeps as
//! written instead of converting them to `f64`:
//!
//! - such a number is named in a message as written: ``floating point `1e2` `` where
//!   serde_json says ``floating point `100.0` ``;
//! - a number too large for an `f64`, such as `1e400`, is read (as written), where serde_json
//!   refuses it as "number out of range"; in a document with a later syntax error, the reader
//!   reports that error instead.
//!
//! The conversion to a [`Topology`] accepts exactly the documents serde's derive accepts and
//! reports wrong ones in serde's words (the tests compare the two on many documents). Where
//! serde_json would report a wrong value as a syntax error (a number where a name of a version
//! is expected, an object with two keys for an enum, an array with more elements than the
//! struct it stands for has fields), the conversion reports it as a wrong value, in serde_json's
//! words for its own `Value` where it has them. The tree keeps repeated keys, so that a repeated
//! field is refused where serde's derive refuses it and a version named twice in a service pack
//! takes the last level, as serde reads a map. The tree has no positions, so the errors of the
//! conversion name no line and column.
//!
//! [`write()`] writes byte for byte what `serde_json::to_string` writes for the same tree, a
//! number that is not whole as written.

use std::collections::BTreeMap;
use std::fmt;

use sp_rules::{
    Cluster, ClusterMode, Hotfix, Level, Options, Plan, PoolStrategy, Restart, Role, Server, Severity, Step, Topology,
    Update, Version, VirtualServer, Windows,
};

/// A JSON value. An object keeps its members in the order written, repeated keys included,
/// so that the reader can report a repeated field where serde's derive does.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number that fits `u64`.
    Unsigned(u64),
    /// A negative whole number that fits `i64`.
    Signed(i64),
    /// Any other number (with a fraction or an exponent, `-0`, or a whole number out of the
    /// range of `u64` and `i64`), as written.
    Float(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, its members in order.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// What the value is, as serde_json names it in an error.
    fn unexpected(&self) -> String {
        match self {
            Json::Null => "null".to_owned(),
            Json::Bool(b) => format!("boolean `{b}`"),
            Json::Unsigned(n) => format!("integer `{n}`"),
            Json::Signed(n) => format!("integer `{n}`"),
            Json::Float(text) => format!("floating point `{text}`"),
            Json::String(s) => format!("string {s:?}"),
            Json::Array(_) => "sequence".to_owned(),
            Json::Object(_) => "map".to_owned(),
        }
    }

    /// The error for this value where `expected` was expected.
    fn invalid(&self, expected: &str) -> Error {
        Error::invalid_type(&self.unexpected(), expected)
    }
}

// ---- Errors --------------------------------------------------------------------------------

/// Why a document cannot be read: a syntax error, with its line and column, or a wrong value
/// (a data error), without them. It is shown as serde_json shows its own errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: String,
    /// The line (from 1) and column (in bytes, from 1) of a syntax error, as serde_json counts
    /// them; `None` for a data error.
    position: Option<(usize, usize)>,
}

impl Error {
    /// A data error with this message.
    fn data(message: String) -> Error {
        Error { message, position: None }
    }

    /// A value of the wrong type, in serde's words.
    fn invalid_type(unexpected: &str, expected: &str) -> Error {
        Error::data(format!("invalid type: {unexpected}, expected {expected}"))
    }

    /// A value of the right type but not a right value, in serde's words.
    fn invalid_value(unexpected: &str, expected: &str) -> Error {
        Error::data(format!("invalid value: {unexpected}, expected {expected}"))
    }

    /// A sequence of the wrong length, in serde's words.
    fn invalid_length(length: usize, expected: &str) -> Error {
        Error::data(format!("invalid length {length}, expected {expected}"))
    }

    /// A field not among `fields`, in serde's words.
    fn unknown_field(field: &str, fields: &[&str]) -> Error {
        Error::data(format!("unknown field `{field}`, {}", one_of(fields, "fields")))
    }

    /// A variant not among `variants`, in serde's words.
    fn unknown_variant(variant: &str, variants: &[&str]) -> Error {
        Error::data(format!("unknown variant `{variant}`, {}", one_of(variants, "variants")))
    }

    /// A required field left out, in serde's words.
    fn missing_field(field: &str) -> Error {
        Error::data(format!("missing field `{field}`"))
    }

    /// A field given twice, in serde's words.
    pub fn duplicate_field(field: &str) -> Error {
        Error::data(format!("duplicate field `{field}`"))
    }

    /// Whether the document is JSON but not a document of the expected kind.
    pub fn is_data(&self) -> bool {
        self.position.is_none()
    }
}

/// What the tests look at; the app shows an error whole.
#[cfg(test)]
impl Error {
    /// Whether the document is not JSON (serde_json calls an error at the end of the input
    /// an EOF error; here it is a syntax error too).
    pub fn is_syntax(&self) -> bool {
        self.position.is_some()
    }

    /// The line of a syntax error, from 1; 0 for a data error.
    pub fn line(&self) -> usize {
        self.position.map_or(0, |(line, _)| line)
    }

    /// The column of a syntax error in bytes, from 1 (0 just after a line break); 0 for a data
    /// error.
    pub fn column(&self) -> usize {
        self.position.map_or(0, |(_, column)| column)
    }
}

/// What serde says it expected instead of an unknown name: `` `a` ``, `` `a` or `b` ``,
/// ``one of `a`, `b`, `c` ``, or that there are no `things`.
fn one_of(names: &[&str], things: &str) -> String {
    match names {
        [] => format!("there are no {things}"),
        [name] => format!("expected `{name}`"),
        [first, second] => format!("expected `{first}` or `{second}`"),
        _ => {
            let mut out = "expected one of ".to_owned();
            for (index, name) in names.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                out.push('`');
                out.push_str(name);
                out.push('`');
            }
            out
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        match self.position {
            Some((line, column)) => write!(f, " at line {line} column {column}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for Error {}

// ---- Parsing -------------------------------------------------------------------------------

// serde_json's messages for syntax errors.
const EOF_LIST: &str = "EOF while parsing a list";
const EOF_OBJECT: &str = "EOF while parsing an object";
const EOF_STRING: &str = "EOF while parsing a string";
const EOF_VALUE: &str = "EOF while parsing a value";
const EXPECTED_COLON: &str = "expected `:`";
const EXPECTED_LIST_COMMA_OR_END: &str = "expected `,` or `]`";
const EXPECTED_OBJECT_COMMA_OR_END: &str = "expected `,` or `}`";
const EXPECTED_IDENT: &str = "expected ident";
const EXPECTED_VALUE: &str = "expected value";
const INVALID_ESCAPE: &str = "invalid escape";
const INVALID_NUMBER: &str = "invalid number";
const CONTROL_CHARACTER: &str = "control character (\\u0000-\\u001F) found while parsing a string";
const KEY_MUST_BE_A_STRING: &str = "key must be a string";
const LONE_SURROGATE: &str = "lone leading surrogate in hex escape";
const TRAILING_COMMA: &str = "trailing comma";
const TRAILING_CHARACTERS: &str = "trailing characters";
const END_OF_HEX_ESCAPE: &str = "unexpected end of hex escape";
const RECURSION_LIMIT: &str = "recursion limit exceeded";

/// How many arrays and objects may be open at once, as in serde_json.
const MAX_DEPTH: usize = 127;

/// Reads a JSON document into a tree, as `serde_json::from_str::<serde_json::Value>` reads it;
/// a syntax error is serde_json's, at serde_json's line and column.
pub fn parse(text: &str) -> Result<Json, Error> {
    let mut reader = Reader { text, index: 0 };
    let value = reader.value(0)?;
    match reader.whitespace() {
        Some(_) => Err(reader.peek_error(TRAILING_CHARACTERS)),
        None => Ok(value),
    }
}

/// A document being read. `index` is the byte read next.
///
/// serde_json places an error at one of two positions: just after the byte it has read last
/// ([`Reader::error`]), or on the byte it has looked at without reading it
/// ([`Reader::peek_error`]). Each error below is placed where serde_json places it.
struct Reader<'a> {
    text: &'a str,
    index: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.index).copied()
    }

    fn peek_digit(&self) -> bool {
        self.peek().is_some_and(|byte| byte.is_ascii_digit())
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.index += 1;
        Some(byte)
    }

    /// Skips whitespace and returns the byte after it without reading it.
    fn whitespace(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.index += 1;
        }
        self.peek()
    }

    /// A syntax error just after the byte read last.
    fn error(&self, message: &str) -> Error {
        self.error_at(self.index, message)
    }

    /// A syntax error on the byte to be read next (at the end of the input, if there is none).
    fn peek_error(&self, message: &str) -> Error {
        self.error_at((self.index + 1).min(self.text.len()), message)
    }

    /// A syntax error at the end of the first `at` bytes: on their line, its column the count of
    /// those bytes after the last line break.
    fn error_at(&self, at: usize, message: &str) -> Error {
        let before = self.text.as_bytes().get(..at).unwrap_or_default();
        let start_of_line = before.iter().rposition(|&byte| byte == b'\n').map_or(0, |newline| newline + 1);
        let line = 1 + before.iter().filter(|&&byte| byte == b'\n').count();
        Error { message: message.to_owned(), position: Some((line, at - start_of_line)) }
    }

    /// Reads a value inside `depth` open arrays and objects.
    fn value(&mut self, depth: usize) -> Result<Json, Error> {
        let Some(byte) = self.whitespace() else {
            return Err(self.peek_error(EOF_VALUE));
        };
        match byte {
            b'n' => self.word("null", Json::Null),
            b't' => self.word("true", Json::Bool(true)),
            b'f' => self.word("false", Json::Bool(false)),
            b'-' | b'0'..=b'9' => self.number(),
            b'"' => {
                self.index += 1;
                self.string().map(Json::String)
            }
            b'[' | b'{' if depth >= MAX_DEPTH => Err(self.peek_error(RECURSION_LIMIT)),
            b'[' => self.array(depth + 1),
            b'{' => self.object(depth + 1),
            _ => Err(self.peek_error(EXPECTED_VALUE)),
        }
    }

    /// Reads the literal `word`, which is `value`.
    fn word(&mut self, word: &str, value: Json) -> Result<Json, Error> {
        for expected in word.bytes() {
            match self.next() {
                None => return Err(self.error(EOF_VALUE)),
                Some(byte) if byte != expected => return Err(self.error(EXPECTED_IDENT)),
                Some(_) => {}
            }
        }
        Ok(value)
    }

    /// Reads a number. Its digits are only checked, never converted to a float.
    fn number(&mut self) -> Result<Json, Error> {
        let start = self.index;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.index += 1;
        }
        let digits_start = self.index;
        match self.next() {
            None => return Err(self.error(EOF_VALUE)),
            Some(b'0') if self.peek_digit() => return Err(self.peek_error(INVALID_NUMBER)),
            Some(b'0') => {}
            Some(b'1'..=b'9') => {
                while self.peek_digit() {
                    self.index += 1;
                }
            }
            Some(_) => return Err(self.error(INVALID_NUMBER)),
        }
        let digits = self.text.get(digits_start..self.index).unwrap_or_default();
        let mut whole = true;
        if self.peek() == Some(b'.') {
            whole = false;
            self.index += 1;
            if !self.peek_digit() {
                let message = if self.peek().is_some() { INVALID_NUMBER } else { EOF_VALUE };
                return Err(self.peek_error(message));
            }
            while self.peek_digit() {
                self.index += 1;
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            whole = false;
            self.index += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.index += 1;
            }
            match self.next() {
                None => return Err(self.error(EOF_VALUE)),
                Some(b'0'..=b'9') => {}
                Some(_) => return Err(self.error(INVALID_NUMBER)),
            }
            while self.peek_digit() {
                self.index += 1;
            }
        }
        if let Some(magnitude) = whole.then(|| digits.parse::<u64>().ok()).flatten() {
            if !negative {
                return Ok(Json::Unsigned(magnitude));
            }
            // `-0` is a float to serde_json, as is anything below `i64::MIN`.
            if let Some(n) = 0i64.checked_sub_unsigned(magnitude).filter(|&n| n != 0) {
                return Ok(Json::Signed(n));
            }
        }
        Ok(Json::Float(self.text.get(start..self.index).unwrap_or_default().to_owned()))
    }

    /// Reads the rest of a string after its opening quote.
    fn string(&mut self) -> Result<String, Error> {
        let mut out = String::new();
        // The first byte not yet copied to `out`.
        let mut start = self.index;
        loop {
            let Some(byte) = self.peek() else {
                return Err(self.error(EOF_STRING));
            };
            if byte == b'"' || byte == b'\\' {
                out.push_str(self.text.get(start..self.index).unwrap_or_default());
                self.index += 1;
                if byte == b'"' {
                    return Ok(out);
                }
                out.push(self.escape()?);
                start = self.index;
            } else {
                self.index += 1;
                if byte < 0x20 {
                    return Err(self.error(CONTROL_CHARACTER));
                }
            }
        }
    }

    /// Reads an escape after its backslash.
    fn escape(&mut self) -> Result<char, Error> {
        Ok(match self.next() {
            None => return Err(self.error(EOF_STRING)),
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(),
            Some(_) => return Err(self.error(INVALID_ESCAPE)),
        })
    }

    /// Reads a `\u` escape after its `u`: a character of the basic plane, or a leading
    /// surrogate and the `\u` escape of a trailing one.
    fn unicode_escape(&mut self) -> Result<char, Error> {
        let first = self.hex()?;
        if (0xDC00..=0xDFFF).contains(&first) {
            return Err(self.error(LONE_SURROGATE));
        }
        if !(0xD800..=0xDBFF).contains(&first) {
            return Ok(char::from_u32(first).unwrap_or(char::REPLACEMENT_CHARACTER));
        }
        for expected in [b'\\', b'u'] {
            match self.next() {
                None => return Err(self.error(EOF_STRING)),
                Some(byte) if byte != expected => return Err(self.error(END_OF_HEX_ESCAPE)),
                Some(_) => {}
            }
        }
        let second = self.hex()?;
        if !(0xDC00..=0xDFFF).contains(&second) {
            return Err(self.error(LONE_SURROGATE));
        }
        let code = 0x1_0000 + ((first - 0xD800) << 10) + (second - 0xDC00);
        Ok(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    /// Reads the four hexadecimal digits of a `\u` escape.
    fn hex(&mut self) -> Result<u32, Error> {
        let Some(digits) = self.text.as_bytes().get(self.index..self.index + 4) else {
            self.index = self.text.len();
            return Err(self.error(EOF_STRING));
        };
        self.index += 4;
        let mut code = 0;
        for &digit in digits {
            let Some(value) = char::from(digit).to_digit(16) else {
                return Err(self.error(INVALID_ESCAPE));
            };
            code = code * 16 + value;
        }
        Ok(code)
    }

    /// Reads an array after its `[`, at `depth`.
    fn array(&mut self, depth: usize) -> Result<Json, Error> {
        self.index += 1;
        let mut items = Vec::new();
        loop {
            let Some(byte) = self.whitespace() else {
                return Err(self.peek_error(EOF_LIST));
            };
            if byte == b']' {
                self.index += 1;
                return Ok(Json::Array(items));
            }
            if !items.is_empty() {
                if byte != b',' {
                    return Err(self.peek_error(EXPECTED_LIST_COMMA_OR_END));
                }
                self.index += 1;
                match self.whitespace() {
                    Some(b']') => return Err(self.peek_error(TRAILING_COMMA)),
                    Some(_) => {}
                    None => return Err(self.peek_error(EOF_VALUE)),
                }
            }
            items.push(self.value(depth)?);
        }
    }

    /// Reads an object after its `{`, at `depth`.
    fn object(&mut self, depth: usize) -> Result<Json, Error> {
        self.index += 1;
        let mut members = Vec::new();
        loop {
            let Some(byte) = self.whitespace() else {
                return Err(self.peek_error(EOF_OBJECT));
            };
            if byte == b'}' {
                self.index += 1;
                return Ok(Json::Object(members));
            }
            let key_follows = if members.is_empty() {
                byte == b'"'
            } else {
                if byte != b',' {
                    return Err(self.peek_error(EXPECTED_OBJECT_COMMA_OR_END));
                }
                self.index += 1;
                match self.whitespace() {
                    Some(b'"') => true,
                    Some(b'}') => return Err(self.peek_error(TRAILING_COMMA)),
                    Some(_) => false,
                    None => return Err(self.peek_error(EOF_VALUE)),
                }
            };
            if !key_follows {
                return Err(self.peek_error(KEY_MUST_BE_A_STRING));
            }
            self.index += 1;
            let key = self.string()?;
            match self.whitespace() {
                Some(b':') => self.index += 1,
                Some(_) => return Err(self.peek_error(EXPECTED_COLON)),
                None => return Err(self.peek_error(EOF_OBJECT)),
            }
            members.push((key, self.value(depth)?));
        }
    }
}

// ---- Writing JSON --------------------------------------------------------------------------

/// Writes a tree as compact JSON, as `serde_json::to_string` does; a number that is not whole
/// is written as it was read.
pub fn write(json: &Json) -> String {
    let mut out = String::new();
    write_value(json, &mut out);
    out
}

fn write_value(json: &Json, out: &mut String) {
    match json {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Unsigned(n) => out.push_str(&n.to_string()),
        Json::Signed(n) => out.push_str(&n.to_string()),
        Json::Float(text) => out.push_str(text),
        Json::String(s) => write_string(s, out),
        Json::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (index, (key, value)) in members.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_value(value, out);
            }
            out.push('}');
        }
    }
}

/// Writes a string in quotes, escaped as serde_json escapes it: a quote, a backslash and the
/// control characters below U+0020, those without a short escape as `\u00xx`.
fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0'..='\u{1f}' => {
                out.push_str("\\u00");
                let code = u32::from(c);
                for digit in [code >> 4, code & 0xF] {
                    out.push(char::from_digit(digit, 16).unwrap_or('0'));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

// ---- Reading a topology --------------------------------------------------------------------

/// The fields of a struct as serde's derive reads it: `name` is what it expects ("struct
/// Server"), `fields` the field names in declaration order and `required` a bit for each field
/// without a default.
struct Shape {
    name: &'static str,
    fields: &'static [&'static str],
    required: u32,
}

/// Reads a struct in either of the forms serde's derive accepts: an object of named fields
/// (an unknown or repeated field is an error) or an array of the fields in declaration order.
/// `set` reads the value of field `index`.
///
/// `set` is a trait object so that one copy of this function serves every struct.
fn read_struct<'a>(value: &'a Json, shape: &Shape, set: &mut dyn FnMut(usize, &'a Json) -> Result<(), Error>) -> Result<(), Error> {
    let mut seen = 0u32;
    let by_position = match value {
        Json::Object(members) => {
            for (key, value) in members {
                let index = shape
                    .fields
                    .iter()
                    .position(|field| field == key)
                    .ok_or_else(|| Error::unknown_field(key, shape.fields))?;
                let bit = 1u32 << index;
                if seen & bit != 0 {
                    let field = shape.fields.get(index).copied().unwrap_or_default();
                    return Err(Error::duplicate_field(field));
                }
                set(index, value)?;
                seen |= bit;
            }
            false
        }
        Json::Array(items) => {
            for (index, item) in items.iter().enumerate().take(shape.fields.len()) {
                set(index, item)?;
                seen |= 1u32 << index;
            }
            if items.len() > shape.fields.len() {
                return Err(Error::invalid_length(items.len(), &elements(shape)));
            }
            true
        }
        other => return Err(other.invalid(shape.name)),
    };
    let missing = shape.required & !seen;
    if missing != 0 {
        let index = missing.trailing_zeros() as usize;
        return Err(if by_position {
            Error::invalid_length(index, &elements(shape))
        } else {
            Error::missing_field(shape.fields.get(index).copied().unwrap_or_default())
        });
    }
    Ok(())
}

/// What serde's derive expects of a struct written as an array.
fn elements(shape: &Shape) -> String {
    match shape.fields.len() {
        1 => format!("{} with 1 element", shape.name),
        count => format!("{} with {count} elements", shape.name),
    }
}

fn string(value: &Json) -> Result<String, Error> {
    match value {
        Json::String(s) => Ok(s.clone()),
        other => Err(other.invalid("a string")),
    }
}

fn boolean(value: &Json) -> Result<bool, Error> {
    match value {
        Json::Bool(b) => Ok(*b),
        other => Err(other.invalid("a boolean")),
    }
}

fn option<T>(value: &Json, read: impl FnOnce(&Json) -> Result<T, Error>) -> Result<Option<T>, Error> {
    match value {
        Json::Null => Ok(None),
        value => read(value).map(Some),
    }
}

fn list<T>(value: &Json, read: fn(&Json) -> Result<T, Error>) -> Result<Vec<T>, Error> {
    let Json::Array(items) = value else {
        return Err(value.invalid("a sequence"));
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(read(item)?);
    }
    Ok(out)
}

/// The position in `names` of the variant named `name`.
fn variant_named(name: &str, names: &'static [&'static str]) -> Result<usize, Error> {
    names.iter().position(|known| *known == name).ok_or_else(|| Error::unknown_variant(name, names))
}

/// The position in `names` of a variant without data: its name as a string, or an object with
/// its name as the only key and `null` as the value, as serde_json reads both.
fn unit_variant(value: &Json, names: &'static [&'static str]) -> Result<usize, Error> {
    match value {
        Json::String(name) => variant_named(name, names),
        Json::Object(members) => single(members, &mut |name, inner| {
            let variant = variant_named(name, names)?;
            match inner {
                Json::Null => Ok(variant),
                other => Err(other.invalid("unit")),
            }
        }),
        other => Err(other.invalid("string or map")),
    }
}

/// Reads an enum variant written as an object: `read` takes the first member (as serde_json
/// reads it before it sees whether there are more), and there must be no other.
fn single<T>(members: &[(String, Json)], read: &mut dyn FnMut(&str, &Json) -> Result<T, Error>) -> Result<T, Error> {
    let wrong = || Error::invalid_value("map", "map with a single key");
    let (name, value) = members.first().ok_or_else(wrong)?;
    let variant = read(name, value)?;
    if members.len() > 1 {
        return Err(wrong());
    }
    Ok(variant)
}

const VERSIONS: &[&str] = &["5.5", "2000", "2003"];
const LEVELS: &[&str] = &["RTM", "SP1", "SP2", "SP3", "SP4"];

// Each reader below turns the position of a name among the names it passes into the variant.

/// The version at `index` of [`VERSIONS`].
fn version_at(index: usize) -> Version {
    match index {
        0 => Version::V55,
        1 => Version::V2000,
        _ => Version::V2003,
    }
}

fn version(value: &Json) -> Result<Version, Error> {
    unit_variant(value, VERSIONS).map(version_at)
}

fn level(value: &Json) -> Result<Level, Error> {
    unit_variant(value, LEVELS).map(|index| match index {
        0 => Level::Rtm,
        1 => Level::Sp1,
        2 => Level::Sp2,
        3 => Level::Sp3,
        _ => Level::Sp4,
    })
}

fn role(value: &Json) -> Result<Role, Error> {
    unit_variant(value, &["standalone", "front-end", "back-end"]).map(|index| match index {
        0 => Role::Standalone,
        1 => Role::FrontEnd,
        _ => Role::BackEnd,
    })
}

fn cluster_mode(value: &Json) -> Result<ClusterMode, Error> {
    unit_variant(value, &["active-passive", "active-active"])
        .map(|index| if index == 0 { ClusterMode::ActivePassive } else { ClusterMode::ActiveActive })
}

fn pool_strategy(value: &Json) -> Result<PoolStrategy, Error> {
    unit_variant(value, &["together", "rolling"])
        .map(|index| if index == 0 { PoolStrategy::Together } else { PoolStrategy::Rolling })
}

fn windows(value: &Json) -> Result<Windows, Error> {
    string(value).map(Windows)
}

const TOPOLOGY: Shape = Shape {
    name: "struct Topology",
    fields: &["format", "name", "servers", "clusters", "update", "options"],
    required: 1 << 4,
};

/// Reads a topology from a tree, as serde's derive for [`Topology`] reads it from JSON.
pub fn topology(value: &Json) -> Result<Topology, Error> {
    let mut format = None;
    let mut name = String::new();
    let mut servers = Vec::new();
    let mut clusters = Vec::new();
    let mut update = None;
    let mut options = Options::default();
    read_struct(value, &TOPOLOGY, &mut |index, value| {
        match index {
            0 => format = option(value, string)?,
            1 => name = string(value)?,
            2 => servers = list(value, server)?,
            3 => clusters = list(value, cluster)?,
            4 => update = Some(read_update(value)?),
            _ => options = read_options(value)?,
        }
        Ok(())
    })?;
    let update = update.ok_or_else(|| Error::missing_field("update"))?;
    Ok(Topology { format, name, servers, clusters, update, options })
}

const SERVER: Shape = Shape {
    name: "struct Server",
    fields: &["name", "version", "level", "build", "role", "pool", "sbs", "remote", "windows"],
    required: 0b11,
};

fn server(value: &Json) -> Result<Server, Error> {
    let mut server = Server {
        name: String::new(),
        version: Version::V2003,
        level: None,
        build: None,
        role: Role::Standalone,
        pool: None,
        sbs: false,
        remote: false,
        windows: None,
    };
    read_struct(value, &SERVER, &mut |index, value| {
        match index {
            0 => server.name = string(value)?,
            1 => server.version = version(value)?,
            2 => server.level = option(value, level)?,
            3 => server.build = option(value, string)?,
            4 => server.role = role(value)?,
            5 => server.pool = option(value, string)?,
            6 => server.sbs = boolean(value)?,
            7 => server.remote = boolean(value)?,
            _ => server.windows = option(value, windows)?,
        }
        Ok(())
    })?;
    Ok(server)
}

const CLUSTER: Shape = Shape {
    name: "struct Cluster",
    fields: &["name", "version", "level", "build", "mode", "nodes", "virtual_servers", "remote", "windows"],
    required: 0b11_0011,
};

fn cluster(value: &Json) -> Result<Cluster, Error> {
    let mut cluster = Cluster {
        name: String::new(),
        version: Version::V2003,
        level: None,
        build: None,
        mode: ClusterMode::ActivePassive,
        nodes: Vec::new(),
        virtual_servers: Vec::new(),
        remote: false,
        windows: None,
    };
    read_struct(value, &CLUSTER, &mut |index, value| {
        match index {
            0 => cluster.name = string(value)?,
            1 => cluster.version = version(value)?,
            2 => cluster.level = option(value, level)?,
            3 => cluster.build = option(value, string)?,
            4 => cluster.mode = cluster_mode(value)?,
            5 => cluster.nodes = list(value, string)?,
            6 => cluster.virtual_servers = list(value, virtual_server)?,
            7 => cluster.remote = boolean(value)?,
            _ => cluster.windows = option(value, windows)?,
        }
        Ok(())
    })?;
    Ok(cluster)
}

const VIRTUAL_SERVER: Shape = Shape { name: "struct VirtualServer", fields: &["name", "owner"], required: 0b11 };

fn virtual_server(value: &Json) -> Result<VirtualServer, Error> {
    let mut evs = VirtualServer { name: String::new(), owner: String::new() };
    read_struct(value, &VIRTUAL_SERVER, &mut |index, value| {
        match index {
            0 => evs.name = string(value)?,
            _ => evs.owner = string(value)?,
        }
        Ok(())
    })?;
    Ok(evs)
}

const UPDATES: &[&str] = &["service_pack", "hotfix"];

/// The update: an object with the variant as its only key. The variant's name alone is a
/// variant without data, which neither variant is.
fn read_update(value: &Json) -> Result<Update, Error> {
    match value {
        Json::String(name) => {
            variant_named(name, UPDATES)?;
            Err(Error::invalid_type("unit variant", "newtype variant"))
        }
        Json::Object(members) => single(members, &mut |name, inner| {
            if variant_named(name, UPDATES)? == 1 {
                hotfix(inner).map(Update::Hotfix)
            } else {
                service_pack(inner).map(Update::ServicePack)
            }
        }),
        other => Err(other.invalid("string or map")),
    }
}

/// A service pack per version; a version named twice takes the last level, as serde reads a
/// map.
fn service_pack(value: &Json) -> Result<BTreeMap<Version, Level>, Error> {
    let Json::Object(members) = value else {
        return Err(value.invalid("a map"));
    };
    let mut levels = BTreeMap::new();
    for (name, value) in members {
        let version = version_at(variant_named(name, VERSIONS)?);
        levels.insert(version, level(value)?);
    }
    Ok(levels)
}

const HOTFIX: Shape = Shape {
    name: "struct Hotfix",
    fields: &["id", "version", "requires", "updates_virtual_servers"],
    required: 0b111,
};

fn hotfix(value: &Json) -> Result<Hotfix, Error> {
    let mut hotfix = Hotfix { id: String::new(), version: Version::V2003, requires: Level::Rtm, updates_virtual_servers: false };
    read_struct(value, &HOTFIX, &mut |index, value| {
        match index {
            0 => hotfix.id = string(value)?,
            1 => hotfix.version = version(value)?,
            2 => hotfix.requires = level(value)?,
            _ => hotfix.updates_virtual_servers = boolean(value)?,
        }
        Ok(())
    })?;
    Ok(hotfix)
}

const OPTIONS: Shape = Shape { name: "struct Options", fields: &["front_end_pool"], required: 0 };

fn read_options(value: &Json) -> Result<Options, Error> {
    let mut options = Options::default();
    read_struct(value, &OPTIONS, &mut |_, value| {
        options.front_end_pool = pool_strategy(value)?;
        Ok(())
    })?;
    Ok(options)
}

// ---- Writing a topology or a plan ----------------------------------------------------------

/// An object's members, written in order; a member given `None` is left out, as serde's
/// `skip_serializing_if` leaves it out.
fn object(members: &mut [(&str, Option<Json>)]) -> Json {
    Json::Object(
        members
            .iter_mut()
            .filter_map(|(key, value)| value.take().map(|value| ((*key).to_owned(), value)))
            .collect(),
    )
}

fn text(s: &str) -> Option<Json> {
    Some(Json::String(s.to_owned()))
}

/// A string, left out when it is empty.
fn text_unless_empty(s: &str) -> Option<Json> {
    (!s.is_empty()).then(|| Json::String(s.to_owned()))
}

/// `true`, left out when it is `false`.
fn flag(b: bool) -> Option<Json> {
    b.then_some(Json::Bool(true))
}

fn number(n: u32) -> Option<Json> {
    Some(Json::Unsigned(u64::from(n)))
}

fn strings<'a>(items: impl IntoIterator<Item = &'a str>) -> Option<Json> {
    Some(Json::Array(items.into_iter().map(|s| Json::String(s.to_owned())).collect()))
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Standalone => "standalone",
        Role::FrontEnd => "front-end",
        Role::BackEnd => "back-end",
    }
}

/// A topology as serde's derive for [`Topology`] writes it.
pub fn topology_tree(topology: &Topology) -> Json {
    object(&mut [
        ("format", topology.format.as_deref().and_then(text)),
        ("name", text(&topology.name)),
        ("servers", Some(Json::Array(topology.servers.iter().map(server_tree).collect()))),
        ("clusters", Some(Json::Array(topology.clusters.iter().map(cluster_tree).collect()))),
        ("update", Some(update_tree(&topology.update))),
        (
            "options",
            (topology.options != Options::default()).then(|| {
                let pool = match topology.options.front_end_pool {
                    PoolStrategy::Together => "together",
                    PoolStrategy::Rolling => "rolling",
                };
                object(&mut [("front_end_pool", text(pool))])
            }),
        ),
    ])
}

fn server_tree(server: &Server) -> Json {
    object(&mut [
        ("name", text(&server.name)),
        ("version", text(server.version.as_str())),
        ("level", server.level.map(Level::as_str).and_then(text)),
        ("build", server.build.as_deref().and_then(text)),
        ("role", (server.role != Role::Standalone).then(|| Json::String(role_name(server.role).to_owned()))),
        ("pool", server.pool.as_deref().and_then(text)),
        ("sbs", flag(server.sbs)),
        ("remote", flag(server.remote)),
        ("windows", server.windows.as_ref().and_then(|windows| text(&windows.0))),
    ])
}

fn cluster_tree(cluster: &Cluster) -> Json {
    let mode = match cluster.mode {
        ClusterMode::ActivePassive => "active-passive",
        ClusterMode::ActiveActive => "active-active",
    };
    let virtual_servers = cluster
        .virtual_servers
        .iter()
        .map(|evs| object(&mut [("name", text(&evs.name)), ("owner", text(&evs.owner))]))
        .collect();
    object(&mut [
        ("name", text(&cluster.name)),
        ("version", text(cluster.version.as_str())),
        ("level", cluster.level.map(Level::as_str).and_then(text)),
        ("build", cluster.build.as_deref().and_then(text)),
        ("mode", text(mode)),
        ("nodes", strings(cluster.nodes.iter().map(String::as_str))),
        ("virtual_servers", Some(Json::Array(virtual_servers))),
        ("remote", flag(cluster.remote)),
        ("windows", cluster.windows.as_ref().and_then(|windows| text(&windows.0))),
    ])
}

fn update_tree(update: &Update) -> Json {
    match update {
        Update::ServicePack(levels) => {
            let levels = levels
                .iter()
                .map(|(version, level)| (version.as_str().to_owned(), Json::String(level.as_str().to_owned())))
                .collect();
            object(&mut [("service_pack", Some(Json::Object(levels)))])
        }
        Update::Hotfix(hotfix) => object(&mut [(
            "hotfix",
            Some(object(&mut [
                ("id", text(&hotfix.id)),
                ("version", text(hotfix.version.as_str())),
                ("requires", text(hotfix.requires.as_str())),
                ("updates_virtual_servers", flag(hotfix.updates_virtual_servers)),
            ])),
        )]),
    }
}

/// A plan as `sp_rules` writes it in the `sp-planner/plan@1` format.
pub fn plan_tree(plan: &Plan) -> Json {
    let phases = plan.phases.iter().map(|phase| object(&mut [("id", text(&phase.id)), ("title", text(&phase.title))]));
    let warnings = plan.warnings.iter().map(|warning| {
        let severity = match warning.severity {
            Severity::Recommended => "recommended",
            Severity::Required => "required",
        };
        object(&mut [
            ("rule", text(&warning.rule)),
            ("severity", text(severity)),
            ("target", text_unless_empty(&warning.target)),
            ("message", text(&warning.message)),
            ("kb", text(&warning.kb)),
        ])
    });
    let totals = &plan.totals;
    object(&mut [
        ("format", text(&plan.format)),
        ("organisation", text(&plan.organisation)),
        ("update", text(&plan.update)),
        ("phases", Some(Json::Array(phases.collect()))),
        ("steps", Some(Json::Array(plan.steps.iter().map(step_tree).collect()))),
        ("warnings", Some(Json::Array(warnings.collect()))),
        (
            "totals",
            Some(object(&mut [
                ("steps", number(totals.steps)),
                ("evs_moves", number(totals.evs_moves)),
                ("front_end_outage_steps", number(totals.front_end_outage_steps)),
                ("pool_outage_steps", number(totals.pool_outage_steps)),
                ("evs_offline_steps", number(totals.evs_offline_steps)),
                ("possible_restarts", number(totals.possible_restarts)),
                ("likely_restarts", number(totals.likely_restarts)),
            ])),
        ),
    ])
}

fn step_tree(step: &Step) -> Json {
    let restart = match step.restart {
        Restart::None => "none",
        Restart::Possible => "possible",
        Restart::Likely => "likely",
    };
    object(&mut [
        ("n", number(step.n)),
        ("phase", text_unless_empty(&step.phase)),
        ("action", text(step.action.as_str())),
        ("target", text(&step.target)),
        ("from", step.from.as_deref().and_then(text)),
        ("to", step.to.as_deref().and_then(text)),
        ("rules", (!step.rules.is_empty()).then(|| strings(step.rules.iter())).flatten()),
        ("kb", text_unless_empty(&step.kb)),
        ("restart", text(restart)),
        ("unavailable", (!step.unavailable.is_empty()).then(|| strings(step.unavailable.iter().map(|name| name.as_str()))).flatten()),
        ("text", (!step.text.is_empty()).then(|| Json::String(step.text().into_owned()))),
    ])
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

    use std::path::Path;

    use super::*;

    /// Reads a topology document: its syntax, then its fields.
    fn read_topology(text: &str) -> Result<Topology, Error> {
        topology(&parse(text)?)
    }

    /// serde_json's message without its position, which the tree does not know.
    fn without_position(error: &serde_json::Error) -> String {
        let message = error.to_string();
        let at = format!(" at line {} column {}", error.line(), error.column());
        message.strip_suffix(&at).map_or(message.clone(), str::to_owned)
    }

    /// Every JSON document under `tests/scenarios`, by path.
    fn scenario_files() -> Vec<(String, String)> {
        fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
            let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().path()).collect();
            entries.sort();
            for path in entries {
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|ext| ext == "json") {
                    out.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
                }
            }
        }
        let mut out = Vec::new();
        walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios"), &mut out);
        assert!(out.len() > 30, "the scenarios were not found");
        out
    }

    /// Every preset of the knowledge base and every scenario document.
    pub(crate) fn documents() -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> =
            sp_kb::Kb::get().presets().map(|(name, json)| (format!("preset {name}"), json.to_owned())).collect();
        assert!(!out.is_empty(), "the knowledge base has no presets");
        out.extend(scenario_files());
        out
    }

    /// Every document that differs from `value` by one edit: a member removed, repeated,
    /// added or renamed; a value replaced by one of another type, by `null`, or (for an object)
    /// by the array of its values; a string misspelled.
    fn mutations(value: &Json) -> Vec<Json> {
        let mut out = Vec::new();
        match value {
            Json::Object(members) => {
                for index in 0..members.len() {
                    let mut removed = members.clone();
                    removed.remove(index);
                    out.push(Json::Object(removed));
                    let mut repeated = members.clone();
                    repeated.insert(index + 1, members[index].clone());
                    out.push(Json::Object(repeated));
                    let mut renamed = members.clone();
                    renamed[index].0.push('x');
                    out.push(Json::Object(renamed));
                    for inner in mutations(&members[index].1) {
                        let mut changed = members.clone();
                        changed[index].1 = inner;
                        out.push(Json::Object(changed));
                    }
                }
                for at in [0, members.len()] {
                    let mut added = members.clone();
                    added.insert(at, ("colour".to_owned(), Json::Unsigned(1)));
                    out.push(Json::Object(added));
                }
                out.push(Json::Array(members.iter().map(|(_, value)| value.clone()).collect()));
                if let Some((_, first)) = members.first() {
                    out.push(Json::Array(vec![first.clone()]));
                }
            }
            Json::Array(items) => {
                for index in 0..items.len() {
                    for inner in mutations(&items[index]) {
                        let mut changed = items.clone();
                        changed[index] = inner;
                        out.push(Json::Array(changed));
                    }
                }
                out.push(Json::Array(Vec::new()));
            }
            Json::String(s) => {
                for wrong in [format!("{s}x"), s.to_lowercase(), s.to_uppercase(), String::new(), "2004".to_owned()] {
                    if wrong != *s {
                        out.push(Json::String(wrong));
                    }
                }
                out.push(Json::Object(vec![(s.clone(), Json::Null)]));
                out.push(Json::Object(vec![(s.clone(), Json::Unsigned(1))]));
            }
            _ => {}
        }
        for other in [
            Json::Null,
            Json::Bool(true),
            Json::Unsigned(5),
            Json::Signed(-5),
            Json::Float("1.5".to_owned()),
            Json::Float("1e2".to_owned()),
            Json::String("x".to_owned()),
            Json::Array(Vec::new()),
            Json::Object(Vec::new()),
            Json::Object(vec![("x".to_owned(), Json::Null), ("y".to_owned(), Json::Null)]),
        ] {
            if std::mem::discriminant(&other) != std::mem::discriminant(value) || other == Json::Null {
                out.push(other);
            }
        }
        out
    }

    /// How the two readers compared on a set of documents.
    #[derive(Debug, Default)]
    struct Tally {
        accepted: usize,
        refused_alike: usize,
        /// Documents serde_json refuses with a syntax error and the tree reader as a wrong
        /// value (see the module documentation).
        refused_as_syntax: usize,
        /// Documents refused alike but for a number that is not whole, which the tree reader
        /// names as written (see the module documentation).
        float_named_as_written: usize,
    }

    /// `message` with every number that is not whole named as serde_json names it.
    fn floats_as_serde_json_names_them(message: &str) -> String {
        const FLOAT: &str = "floating point `";
        let mut out = String::new();
        let mut rest = message;
        while let Some(at) = rest.find(FLOAT) {
            let (before, after) = rest.split_at(at + FLOAT.len());
            out.push_str(before);
            let end = after.find('`').unwrap();
            let number: f64 = serde_json::from_str(&after[..end]).unwrap();
            out.push_str(&serde_json::to_string(&number).unwrap());
            rest = &after[end..];
        }
        out.push_str(rest);
        out
    }

    /// Reads `text` with both readers and checks that they agree.
    fn compare(label: &str, text: &str, tally: &mut Tally) {
        let derived = serde_json::from_str::<Topology>(text);
        let ours = read_topology(text);
        match (derived, ours) {
            (Ok(expected), Ok(read)) => {
                assert_eq!(read, expected, "{label}: {text}");
                tally.accepted += 1;
            }
            (Err(expected), Err(error)) => {
                if error.is_syntax() {
                    // The tree reader's own syntax errors are serde_json's, with the position.
                    assert_eq!(error.to_string(), expected.to_string(), "{label}: {text}");
                    tally.refused_alike += 1;
                } else if expected.is_data() {
                    let expected = without_position(&expected);
                    let message = error.to_string();
                    if message == expected {
                        tally.refused_alike += 1;
                    } else {
                        assert_eq!(floats_as_serde_json_names_them(&message), expected, "{label}: {text}");
                        tally.float_named_as_written += 1;
                    }
                } else {
                    assert!(expected.is_syntax(), "{label}: {expected}");
                    assert!(error.is_data(), "{label}: {error}");
                    tally.refused_as_syntax += 1;
                }
            }
            (Ok(_), Err(error)) => panic!("{label}: only serde accepts it; the tree reader says {error}: {text}"),
            (Err(error), Ok(_)) => panic!("{label}: only the tree reader accepts it; serde says {error}: {text}"),
        }
    }

    #[test]
    fn the_reader_agrees_with_serde_on_every_preset_and_scenario() {
        let mut tally = Tally::default();
        for (label, text) in documents() {
            compare(&label, &text, &mut tally);
        }
        assert!(tally.accepted > 30, "{tally:?}");
        assert!(tally.refused_alike > 10, "{tally:?}");
    }

    #[test]
    fn the_reader_agrees_with_serde_on_every_mutation() {
        let mut tally = Tally::default();
        for (label, text) in documents() {
            let Ok(tree) = parse(&text) else { continue };
            for (n, mutated) in mutations(&tree).iter().enumerate() {
                compare(&format!("{label}, mutation {n}"), &write(mutated), &mut tally);
            }
        }
        assert!(tally.accepted > 1000, "{tally:?}");
        assert!(tally.refused_alike > 10_000, "{tally:?}");
        // `1e2` is named as written where serde_json names it `100.0`.
        assert!(tally.float_named_as_written > 100, "{tally:?}");
        println!("{tally:?}");
    }
    /// Every topology serde accepts among the documents and their mutations.
    fn topologies() -> Vec<(String, Topology)> {
        let mut out = Vec::new();
        for (label, text) in documents() {
            let Ok(tree) = parse(&text) else { continue };
            for (n, document) in std::iter::once(tree.clone()).chain(mutations(&tree)).enumerate() {
                if let Ok(topology) = serde_json::from_str::<Topology>(&write(&document)) {
                    out.push((format!("{label}, mutation {n}"), topology));
                }
            }
        }
        out
    }

    #[test]
    fn the_writer_writes_topologies_as_serde_does() {
        let topologies = topologies();
        assert!(topologies.len() > 1000);
        for (label, topology) in &topologies {
            assert_eq!(write(&topology_tree(topology)), serde_json::to_string(topology).unwrap(), "{label}");
        }
        // Every optional field, written and left out.
        let mut full = topologies.iter().find(|(_, t)| !t.servers.is_empty() && !t.clusters.is_empty()).unwrap().1.clone();
        full.options.front_end_pool = PoolStrategy::Rolling;
        full.servers[0].role = Role::BackEnd;
        full.servers[0].pool = Some("POOL \"1\"\n".to_owned());
        full.servers[0].sbs = true;
        full.servers[0].remote = true;
        full.servers[0].windows = Some(Windows("2000 SP4".to_owned()));
        full.servers[0].build = Some("6.5.7226".to_owned());
        full.clusters[0].remote = true;
        full.clusters[0].windows = Some(Windows("2003".to_owned()));
        full.clusters[0].mode = ClusterMode::ActiveActive;
        full.update = Update::Hotfix(Hotfix { id: "KB1".to_owned(), version: Version::V55, requires: Level::Sp4, updates_virtual_servers: true });
        assert_eq!(write(&topology_tree(&full)), serde_json::to_string(&full).unwrap());
        assert_eq!(topology(&topology_tree(&full)).unwrap(), full);
    }

    #[test]
    fn the_writer_writes_plans_as_serde_does() {
        let mut plans = 0;
        for (label, topology) in topologies() {
            let Ok(plan) = sp_rules::Validated::new(topology).and_then(|valid| valid.plan()) else { continue };
            assert_eq!(write(&plan_tree(&plan)), serde_json::to_string(&plan).unwrap(), "{label}");
            plans += 1;
            if plans % 50 == 1 {
                // A plan read back from JSON holds its sentences and rule ids as strings.
                let read: Plan = serde_json::from_str(&serde_json::to_string(&plan).unwrap()).unwrap();
                assert_eq!(write(&plan_tree(&read)), serde_json::to_string(&read).unwrap(), "{label}");
            }
        }
        assert!(plans > 500, "{plans}");
    }

    #[test]
    fn the_writer_writes_numbers_as_serde_json_does() {
        for text in ["0", "4294967295", "18446744073709551615", "-1", "-9223372036854775808", "1.5", "-0.0", "[1,-2,3.25]"] {
            let tree = parse(text).unwrap();
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(write(&tree), serde_json::to_string(&value).unwrap(), "{text}");
        }
    }

    #[test]
    fn the_writer_writes_a_number_that_is_not_whole_as_written() {
        // A documented difference: serde_json writes the `f64` it read, `100.0` and `-0.0`.
        for (text, serde_json_writes) in [("1e2", "100.0"), ("-0", "-0.0"), ("1e300", "1e+300"), ("[1.50,2E-1]", "[1.5,0.2]")] {
            assert_eq!(write(&parse(text).unwrap()), text);
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&value).unwrap(), serde_json_writes);
        }
    }

    // ---- The reader and the writer against serde_json -------------------------------------

    /// serde_json's reading of a document: unlike `serde_json::Value`, it keeps the members of
    /// an object in order and repeated keys, as [`Json`] does.
    #[derive(Debug, Clone, PartialEq)]
    enum Reference {
        Null,
        Bool(bool),
        Unsigned(u64),
        Signed(i64),
        Float(f64),
        String(String),
        Array(Vec<Reference>),
        Object(Vec<(String, Reference)>),
    }

    struct ReferenceVisitor;

    impl<'de> serde::de::Visitor<'de> for ReferenceVisitor {
        type Value = Reference;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any JSON value")
        }

        fn visit_bool<E>(self, b: bool) -> Result<Reference, E> {
            Ok(Reference::Bool(b))
        }

        fn visit_u64<E>(self, n: u64) -> Result<Reference, E> {
            Ok(Reference::Unsigned(n))
        }

        fn visit_i64<E>(self, n: i64) -> Result<Reference, E> {
            Ok(Reference::Signed(n))
        }

        fn visit_f64<E>(self, x: f64) -> Result<Reference, E> {
            Ok(Reference::Float(x))
        }

        fn visit_str<E>(self, s: &str) -> Result<Reference, E> {
            Ok(Reference::String(s.to_owned()))
        }

        fn visit_unit<E>(self) -> Result<Reference, E> {
            Ok(Reference::Null)
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Reference, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element()? {
                items.push(item);
            }
            Ok(Reference::Array(items))
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Reference, A::Error> {
            let mut members = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                members.push((key, map.next_value()?));
            }
            Ok(Reference::Object(members))
        }
    }

    impl<'de> serde::Deserialize<'de> for Reference {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Reference, D::Error> {
            deserializer.deserialize_any(ReferenceVisitor)
        }
    }

    impl serde::Serialize for Reference {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::{SerializeMap as _, SerializeSeq as _};
            match self {
                Reference::Null => serializer.serialize_unit(),
                Reference::Bool(b) => serializer.serialize_bool(*b),
                Reference::Unsigned(n) => serializer.serialize_u64(*n),
                Reference::Signed(n) => serializer.serialize_i64(*n),
                Reference::Float(x) => serializer.serialize_f64(*x),
                Reference::String(s) => serializer.serialize_str(s),
                Reference::Array(items) => {
                    let mut seq = serializer.serialize_seq(Some(items.len()))?;
                    for item in items {
                        seq.serialize_element(item)?;
                    }
                    seq.end()
                }
                Reference::Object(members) => {
                    let mut map = serializer.serialize_map(Some(members.len()))?;
                    for (key, value) in members {
                        map.serialize_entry(key, value)?;
                    }
                    map.end()
                }
            }
        }
    }

    /// serde_json's reading of `text`, checked against its reading as a `serde_json::Value`.
    fn reference(text: &str) -> Result<Reference, serde_json::Error> {
        let tree = serde_json::from_str::<Reference>(text);
        let value = serde_json::from_str::<serde_json::Value>(text);
        match (&tree, &value) {
            (Ok(_), Ok(_)) => {}
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{text:?}"),
            _ => panic!("the reference and serde_json::Value disagree on {text:?}"),
        }
        tree
    }

    /// Whether the two trees are the same, a number that is not whole read by serde_json from
    /// its text.
    fn same(ours: &Json, theirs: &Reference) -> bool {
        match (ours, theirs) {
            (Json::Null, Reference::Null) => true,
            (Json::Bool(a), Reference::Bool(b)) => a == b,
            (Json::Unsigned(a), Reference::Unsigned(b)) => a == b,
            (Json::Signed(a), Reference::Signed(b)) => a == b,
            (Json::Float(text), Reference::Float(x)) => {
                serde_json::from_str::<f64>(text).is_ok_and(|y| y.to_bits() == x.to_bits())
            }
            (Json::String(a), Reference::String(b)) => a == b,
            (Json::Array(a), Reference::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b)),
            (Json::Object(a), Reference::Object(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|((ka, a), (kb, b))| ka == kb && same(a, b))
            }
            _ => false,
        }
    }

    /// `json` with every number that is not whole written as serde_json writes it.
    fn floats_as_serde_json_writes_them(json: &Json) -> Json {
        match json {
            Json::Float(text) => {
                let x: f64 = serde_json::from_str(text).unwrap();
                Json::Float(serde_json::to_string(&x).unwrap())
            }
            Json::Array(items) => Json::Array(items.iter().map(floats_as_serde_json_writes_them).collect()),
            Json::Object(members) => Json::Object(
                members.iter().map(|(key, value)| (key.clone(), floats_as_serde_json_writes_them(value))).collect(),
            ),
            other => other.clone(),
        }
    }

    /// How the reader compared with serde_json on a set of inputs.
    #[derive(Debug, Default)]
    struct Syntax {
        accepted: usize,
        refused_alike: usize,
        /// Inputs with a number too large for an `f64`, which serde_json refuses and the reader
        /// reads (see the module documentation), refusing the input at a later error or not.
        out_of_range: usize,
    }

    impl Syntax {
        fn compared(&self) -> usize {
            self.accepted + self.refused_alike + self.out_of_range
        }
    }

    /// Reads `text` with the reader and with serde_json and checks that they agree, and that the
    /// writer writes what serde_json writes for a tree both read.
    fn compare_syntax(text: &str, tally: &mut Syntax) {
        match (parse(text), reference(text)) {
            (Ok(ours), Ok(theirs)) => {
                assert!(same(&ours, &theirs), "{text:?}: {ours:?} against {theirs:?}");
                let written = write(&floats_as_serde_json_writes_them(&ours));
                assert_eq!(written, serde_json::to_string(&theirs).unwrap(), "{text:?}");
                tally.accepted += 1;
            }
            (Err(ours), Err(theirs)) if ours.to_string() != theirs.to_string() => {
                // serde_json stops at a number too large for an `f64`; the reader reads on and
                // stops at a later error.
                assert!(theirs.to_string().starts_with("number out of range at "), "{text:?}: {ours} against {theirs}");
                assert!((ours.line(), ours.column()) >= (theirs.line(), theirs.column()), "{text:?}: {ours} against {theirs}");
                tally.out_of_range += 1;
            }
            (Err(ours), Err(theirs)) => {
                assert_eq!((ours.line(), ours.column()), (theirs.line(), theirs.column()), "{text:?}");
                assert!(ours.is_syntax() && !ours.is_data(), "{text:?}");
                tally.refused_alike += 1;
            }
            (Ok(ours), Err(theirs)) if theirs.to_string().starts_with("number out of range at ") => {
                assert!(has_float(&ours), "{text:?}: {theirs}");
                tally.out_of_range += 1;
            }
            (Ok(_), Err(theirs)) => panic!("{text:?}: only the reader accepts it; serde_json says {theirs}"),
            (Err(ours), Ok(_)) => panic!("{text:?}: only serde_json accepts it; the reader says {ours}"),
        }
    }

    fn has_float(json: &Json) -> bool {
        match json {
            Json::Float(_) => true,
            Json::Array(items) => items.iter().any(has_float),
            Json::Object(members) => members.iter().any(|(_, value)| has_float(value)),
            _ => false,
        }
    }

    /// Small documents with nested arrays and objects, strings with escapes and numbers.
    const SMALL: &[&str] = &[
        r#"{"a":[1,-2,{"b":"c\n\"d\\"}],"e":null}"#,
        r#"[true,false,null,0,-0,1.5e-3,"\u00e9\ud83d\ude00\/"]"#,
        "{ \"k\" : [ [ ] , { } ] ,\n\t\"l\":\"é😀\" }",
        r#"[{"x":{"y":[18446744073709551615,-9223372036854775808]}}]"#,
    ];

    /// The characters put into and over the small documents.
    const INTERESTING: &[char] = &[
        '{', '}', '[', ']', ',', ':', '"', '\\', '/', '0', '1', '9', '-', '+', '.', 'e', 'E', 't', 'f', 'n', 'u', 'x', ' ',
        '\t', '\n', '\u{1}', '\u{7f}', 'é', '😀',
    ];

    #[test]
    fn the_reader_agrees_with_serde_json_on_every_document_and_mutation() {
        let mut tally = Syntax::default();
        for (_, text) in documents() {
            compare_syntax(&text, &mut tally);
            let Ok(tree) = parse(&text) else { continue };
            for mutated in mutations(&tree) {
                compare_syntax(&write(&mutated), &mut tally);
            }
        }
        println!("{tally:?}");
        assert!(tally.accepted > 60_000, "{tally:?}");
        assert!(tally.refused_alike > 0, "{tally:?}");
    }

    #[test]
    fn the_reader_agrees_with_serde_json_on_every_prefix() {
        let mut texts: Vec<String> = SMALL.iter().map(|text| (*text).to_owned()).collect();
        let documents = documents();
        texts.extend(documents.iter().step_by(documents.len() / 3).map(|(_, text)| text.clone()));
        let mut tally = Syntax::default();
        for text in &texts {
            for end in (0..=text.len()).filter(|&end| text.is_char_boundary(end)) {
                compare_syntax(&text[..end], &mut tally);
            }
        }
        println!("{tally:?}");
        assert!(tally.refused_alike > 1000, "{tally:?}");
        assert!(tally.accepted >= texts.len(), "{tally:?}");
    }

    #[test]
    fn the_reader_agrees_with_serde_json_on_every_small_edit() {
        let mut tally = Syntax::default();
        for text in SMALL {
            let boundaries: Vec<usize> = (0..=text.len()).filter(|&at| text.is_char_boundary(at)).collect();
            for &at in &boundaries {
                // Every byte deleted, where what is left is still text.
                if at < text.len() {
                    let mut bytes = text.as_bytes().to_vec();
                    bytes.remove(at);
                    if let Ok(edited) = String::from_utf8(bytes) {
                        compare_syntax(&edited, &mut tally);
                    }
                }
                let next = boundaries.iter().copied().find(|&b| b > at);
                for &c in INTERESTING {
                    let mut inserted = (*text).to_owned();
                    inserted.insert(at, c);
                    compare_syntax(&inserted, &mut tally);
                    if let Some(next) = next {
                        let mut replaced = (*text).to_owned();
                        replaced.replace_range(at..next, c.encode_utf8(&mut [0; 4]));
                        compare_syntax(&replaced, &mut tally);
                    }
                }
            }
        }
        println!("{tally:?}");
        assert!(tally.accepted > 500, "{tally:?}");
        assert!(tally.refused_alike > 5000, "{tally:?}");
    }

    #[test]
    fn the_reader_agrees_with_serde_json_on_edge_cases() {
        let nested = |open: &str, close: &str, depth: usize| format!("{}1{}", open.repeat(depth), close.repeat(depth));
        let mut cases: Vec<String> = [
            // Strings and their escapes.
            r#""\ud800""#,
            r#""\ud800\u0041""#,
            r#""\udc00""#,
            r#""\ud83d\ude00""#,
            r#""\ud83d\ude0""#,
            r#""\ud83d\ud83d""#,
            r#""\ud83d""#,
            r#""\ud83d\"#,
            r#""\ud83d\n""#,
            r#""\ud83dx""#,
            r#""\u12""#,
            r#""\u12"#,
            r#""\u12g4""#,
            r#""\uDBFF\uDFFF""#,
            r#""\u0000\u001f\u007F""#,
            r#""\x""#,
            r#""\"#,
            r#"""#,
            "\"a\u{1}\"",
            "\"a\nb\"",
            "\"\u{7f}é😀\"",
            // Numbers.
            "01",
            "-",
            "-x",
            "1.",
            "1.x",
            "1e",
            "1e+",
            "1ex",
            "1e+x",
            "-0",
            "-0.0",
            "0.0",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "123456789012345678901234567890",
            "-123456789012345678901234567890",
            "1E5",
            "1e-5",
            ".5",
            "+1",
            "1e400",
            "-1e400",
            "1e-400",
            "0e400",
            "1e99999999999",
            "1e-99999999999",
            "[1e400]",
            "[1.5e]",
            // Structure.
            "[1,]",
            "[1 2]",
            "[,1]",
            "[",
            "[1",
            "[1,",
            "]",
            "{\"a\":1,}",
            "{\"a\":1 \"b\":2}",
            "{1:2}",
            "{\"a\" 1}",
            "{\"a\"",
            "{\"a\":",
            "{\"a\":1",
            "{\"a\":1,",
            "{,}",
            "{}",
            "[]",
            "{\"a\":1,\"a\":2}",
            "1 2",
            "[] x",
            "{} {}",
            "nul",
            "nulx",
            "truex",
            "falsy",
            "",
            " \t\r\n",
            "\u{c}1",
            "\u{a0}1",
            "x",
            "\n\n  [1,\n  2,\n  x]",
            "\n\n",
            "\"\n\"",
        ]
        .iter()
        .map(|case| (*case).to_owned())
        .collect();
        for depth in [126, 127, 128, 129, 1000] {
            cases.push(nested("[", "]", depth));
            cases.push(nested("{\"a\":", "}", depth));
            cases.push(nested("[{\"a\":", "}]", depth / 2));
            cases.push("[".repeat(depth));
        }
        let mut tally = Syntax::default();
        for case in &cases {
            compare_syntax(case, &mut tally);
        }
        println!("{tally:?}");
        // `1e400`, `-1e400`, `1e99999999999` and `[1e400]`.
        assert_eq!(tally.out_of_range, 4, "{tally:?}");
        assert!(tally.accepted > 20 && tally.refused_alike > 60, "{tally:?}");
        // The depth limit is serde_json's: 127 arrays are read, 128 are not.
        assert!(parse(&nested("[", "]", 127)).is_ok());
        assert_eq!(parse(&nested("[", "]", 128)).unwrap_err().to_string(), "recursion limit exceeded at line 1 column 128");
    }

    /// A small xorshift generator, so that the soup is the same on every run.
    struct Xorshift(u64);

    impl Xorshift {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    const TOKENS: &[&str] = &[
        "{", "}", "[", "]", ",", ":", "\"a\"", "\"b\"", "\"\\u00e9\"", "\"\\ud83d\\ude00\"", "\"\\ud800\"", "\"\\q\"", "\"",
        "\\", "1", "-1", "0", "-0", "1.5", "1e5", "2E-3", "1e400", "01", "18446744073709551616", "true", "false", "null",
        "tru", " ", "\n", "\t", "é", "x", "\u{1}",
    ];

    /// The tokens of a random well-formed value at most `depth` deep, with random whitespace.
    fn random_value(random: &mut Xorshift, depth: usize, out: &mut Vec<&'static str>) {
        const SCALARS: &[&str] = &[
            "\"a\"", "\"\\u00e9\\n\"", "\"\\ud83d\\ude00\"", "\"é\"", "0", "-1", "-0", "1.5", "1e5", "2E-3", "18446744073709551616",
            "true", "false", "null",
        ];
        if random.below(3) == 0 {
            out.push([" ", "\n", "\t", "\r"][random.below(4)]);
        }
        let kind = if depth == 0 { 2 } else { random.below(3) };
        let count = random.below(4);
        match kind {
            0 => {
                out.push("[");
                for index in 0..count {
                    if index > 0 {
                        out.push(",");
                    }
                    random_value(random, depth - 1, out);
                }
                out.push("]");
            }
            1 => {
                out.push("{");
                for index in 0..count {
                    if index > 0 {
                        out.push(",");
                    }
                    out.push(["\"a\"", "\"b\"", "\"\\\"\""][random.below(3)]);
                    out.push(":");
                    random_value(random, depth - 1, out);
                }
                out.push("}");
            }
            _ => out.push(SCALARS[random.below(SCALARS.len())]),
        }
    }

    #[test]
    fn the_reader_agrees_with_serde_json_on_a_soup_of_tokens() {
        let mut random = Xorshift(0x2545_F491_4F6C_DD1D);
        let mut tally = Syntax::default();
        for case in 0..20_000 {
            let mut tokens = Vec::new();
            if case % 2 == 0 {
                // Any tokens in any order.
                for _ in 0..1 + random.below(12) {
                    tokens.push(TOKENS[random.below(TOKENS.len())]);
                }
            } else {
                // A well-formed value, and in three cases of four one token inserted, removed
                // or replaced.
                random_value(&mut random, 4, &mut tokens);
                let at = random.below(tokens.len());
                let token = TOKENS[random.below(TOKENS.len())];
                match random.below(4) {
                    0 => tokens.insert(at, token),
                    1 => drop(tokens.remove(at)),
                    2 => tokens[at] = token,
                    _ => {}
                }
            }
            compare_syntax(&tokens.concat(), &mut tally);
        }
        println!("{tally:?}");
        assert_eq!(tally.compared(), 20_000);
        assert!(tally.accepted > 3000 && tally.refused_alike > 10_000, "{tally:?}");
    }

    #[test]
    fn the_writer_escapes_strings_as_serde_json_does() {
        let mut strings: Vec<String> = (0..=0x20u8).map(|byte| format!("a{}b", char::from(byte))).collect();
        strings.push((0..=0x7Fu8).map(char::from).collect());
        strings.extend(["\"", "\\", "\\\"", "/", "\u{7f}", "é", "😀", "\u{2028}\u{2029}", "\u{feff}", ""].map(str::to_owned));
        for s in &strings {
            let written = write(&Json::String(s.clone()));
            assert_eq!(written, serde_json::to_string(s).unwrap(), "{s:?}");
            assert_eq!(parse(&written).unwrap(), Json::String(s.clone()), "{s:?}");
        }
        let keyed = Json::Object(vec![("\u{1}\"".to_owned(), Json::Array(vec![Json::Null, Json::Bool(false)]))]);
        assert_eq!(write(&keyed), r#"{"\u0001\"":[null,false]}"#);
    }

    #[test]
    fn data_errors_are_in_serde_json_words() {
        use serde::de::{Error as _, Unexpected};
        type Theirs = serde_json::Error;
        for names in [&[][..], &["a"], &["a", "b"], &["a", "b", "c"]] {
            assert_eq!(Error::unknown_field("x", names).to_string(), Theirs::unknown_field("x", names).to_string());
            assert_eq!(Error::unknown_variant("x", names).to_string(), Theirs::unknown_variant("x", names).to_string());
        }
        assert_eq!(Error::missing_field("a").to_string(), Theirs::missing_field("a").to_string());
        assert_eq!(Error::duplicate_field("a").to_string(), Theirs::duplicate_field("a").to_string());
        assert_eq!(Error::invalid_length(3, "a pair").to_string(), Theirs::invalid_length(3, &"a pair").to_string());
        assert_eq!(
            Error::invalid_value("map", "a key").to_string(),
            Theirs::invalid_value(Unexpected::Map, &"a key").to_string()
        );
        let values = [
            (Json::Null, Unexpected::Unit),
            (Json::Bool(true), Unexpected::Bool(true)),
            (Json::Unsigned(5), Unexpected::Unsigned(5)),
            (Json::Signed(-5), Unexpected::Signed(-5)),
            (Json::Float("1.5".to_owned()), Unexpected::Float(1.5)),
            (Json::String("a \"b\"\n".to_owned()), Unexpected::Str("a \"b\"\n")),
            (Json::Array(Vec::new()), Unexpected::Seq),
            (Json::Object(Vec::new()), Unexpected::Map),
        ];
        for (json, unexpected) in values {
            let theirs = Theirs::invalid_type(unexpected, &"a thing");
            let ours = json.invalid("a thing");
            assert_eq!(ours.to_string(), theirs.to_string());
            assert!(ours.is_data() && !ours.is_syntax());
            assert_eq!((ours.line(), ours.column()), (0, 0));
        }
        // A documented difference: a number that is not whole is named as written.
        assert_eq!(Json::Float("1e2".to_owned()).invalid("a thing").to_string(), "invalid type: floating point `1e2`, expected a thing");
        assert_eq!(Theirs::invalid_type(Unexpected::Float(1e2), &"a thing").to_string(), "invalid type: floating point `100.0`, expected a thing");
    }
}
