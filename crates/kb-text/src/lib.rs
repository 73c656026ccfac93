//! What the knowledge-base compiler (`sp-kb-build`, run by `sp-kb`'s build script) and the
//! reader (`sp-kb`, in the app and the CLI) must agree on, in one place:
//!
//! - [`tokenize`]: how text becomes search terms. The reader indexes the sections, parses
//!   queries and marks snippets with it (the compiler indexed with it too while the index was
//!   stored; it is kept beside the text rules it depends on).
//! - [`html`]: escaping text for HTML, and a section's plain text, [`html::to_text`] of its
//!   HTML: the compiler checks it and the reader derives it again to index it, so the tables
//!   store only the HTML.
//! - [`ContentError`]: a problem in the content, with its file and line.
//! - [`layout`]: the layout of the compiled tables.
//! - [`score`]: how a posting's impact is computed from its term frequencies, and each term's
//!   idf, which the compiler stores so that every target gets the same bits.

pub mod html;
pub mod layout;
pub mod score;
pub mod tokenize;

use std::fmt;

use serde::Serialize;

/// A problem in the content, with the file and line it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContentError {
    /// The file name, e.g. `exchange-2003.md`.
    pub file: String,
    /// The 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}
