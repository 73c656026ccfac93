//! The one public error type of the crate.
//!
//! Every problem with the input (malformed JSON, an unknown version, a node that is not
//! in its cluster, an update that does not apply) becomes an [`Error`] that names the
//! field it is about. Messages are lowercase and have no trailing period.

use std::fmt;

/// What went wrong, in broad terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text is not valid JSON.
    Syntax,
    /// The JSON is valid but does not have the expected shape (unknown field, wrong type,
    /// unknown enum value, unknown format tag).
    Shape,
    /// The document is well formed but inconsistent (duplicate names, unknown nodes …).
    Invalid,
    /// The update does not apply (wrong version, a downgrade, a missing prerequisite level).
    NotApplicable,
    /// A build number that is malformed or not in the build table.
    UnknownBuild,
    /// A step list refers to something that does not exist or is malformed.
    BadStep,
    /// The input is larger than the crate accepts.
    TooLarge,
}

/// An error with a message for people and, where known, the field and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    /// The JSON path of the field, e.g. `clusters[0].virtual_servers[1].owner`.
    path: Option<String>,
    /// Line and column (from 1) for syntax errors.
    position: Option<(usize, usize)>,
    message: String,
}

impl Error {
    /// A new error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, path: None, position: None, message: message.into() }
    }

    /// The same error, about the field at `path`.
    pub fn at(mut self, path: impl Into<String>) -> Error {
        self.path = Some(path.into());
        self
    }

    /// The same error, at `line` and `column` of the input.
    pub fn at_position(mut self, line: usize, column: usize) -> Error {
        self.position = Some((line, column));
        self
    }

    /// What went wrong, in broad terms.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The JSON path of the field the error is about, when known.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// The line and column (from 1) of the error in the input, when known.
    pub fn position(&self) -> Option<(usize, usize)> {
        self.position
    }

    /// The message without path or position.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{path}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some((line, column)) = self.position {
            write!(f, " (line {line}, column {column})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_field_and_position() {
        let err = Error::new(ErrorKind::Invalid, "unknown node `C`").at("clusters[0].virtual_servers[1].owner");
        assert_eq!(err.to_string(), "clusters[0].virtual_servers[1].owner: unknown node `C`");
        let err = Error::new(ErrorKind::Syntax, "expected `,` or `}`").at_position(3, 14);
        assert_eq!(err.to_string(), "expected `,` or `}` (line 3, column 14)");
    }
}
