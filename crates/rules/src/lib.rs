//! Rules for rolling Exchange Server service packs and hotfixes through an organisation.
//!
//! The crate reads an organisation in the `sp-planner/topology@1` format, writes an
//! ordered plan ([`plan`]), and checks any step list against the rules ([`check`]).
//! It does no IO and never panics on bad input: every problem is an [`Error`].

pub mod builds;
pub mod check;
mod error;
pub mod model;
pub mod planner;
pub mod rules;
mod sim;
pub mod steps;
mod validate;

pub use check::{Report, Violation, check, parse_steps};
pub use error::{Error, ErrorKind};
pub use model::*;
pub use planner::plan;
pub use steps::*;
