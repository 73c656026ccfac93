//! Routes live in the URL hash, so links work on any static host and when the app is opened from
//! disk.
//!
//! Reading and writing the hash are pure functions in the `sp-link` crate, where they are tested
//! natively and fuzzed; the app uses them through this module.

pub use sp_link::{PlanSource, Route};
