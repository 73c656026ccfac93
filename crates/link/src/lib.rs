//! The state the web app keeps in the URL hash, read and written without the DOM, so that it is
//! tested natively and fuzzed.
//!
//! [`Route`] reads and writes the hash (`#/kb/<section-id>`, `#/search?q=<query>`,
//! `#/plan?preset=<name>`, `#/plan?t=<topology>`); [`encode_link`] and [`link_json`] write and
//! read the topology a shared link carries.
//! Nothing here panics on any input: a hash the app does not know is [`Route::NotFound`], and a
//! damaged link is an error in words for the user.

mod link;
mod route;

pub use link::{MAX_LINK_BYTES, encode_link, link_json};
pub use route::{DecodeError, PlanSource, Route, decode_component, encode_component, is_section_id, parse_query};
