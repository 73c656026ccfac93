//! Rules for rolling Exchange Server service packs and hotfixes through an organisation.
//!
//! ```
//! let topology = sp_rules::Topology::from_json(r#"{
//!     "name": "Contoso",
//!     "servers": [
//!         {"name": "FE1", "version": "2003", "level": "SP1", "role": "front-end"},
//!         {"name": "BE1", "version": "2003", "level": "SP1", "role": "back-end"}
//!     ],
//!     "update": {"service_pack": {"2003": "SP2"}}
//! }"#)?;
//!
//! // The planner writes an ordered plan: front ends before back ends.
//! let plan = sp_rules::plan(&topology)?;
//! let installs: Vec<&str> = plan
//!     .steps
//!     .iter()
//!     .filter(|step| step.action == sp_rules::Action::Install)
//!     .map(|step| step.target.as_str())
//!     .collect();
//! assert_eq!(installs, ["FE1", "BE1"]);
//!
//! // The validator checks any order; the planner's own order breaks no rule.
//! let report = sp_rules::check(&topology, &plan.steps)?;
//! assert!(report.violations.is_empty());
//! assert_eq!(report.format, sp_rules::REPORT_FORMAT);
//! // Its timeline says what is down at each step: FE1 while its Setup runs.
//! let install: &sp_rules::Moment = &report.timeline[2];
//! assert_eq!(install.unavailable, ["FE1"]);
//!
//! // Swapping the two installs breaks `frontends-before-backends`.
//! let mut steps = plan.steps.clone();
//! let fe = steps.iter().position(|s| s.target == "FE1" && s.action == sp_rules::Action::Install).unwrap();
//! let be = steps.iter().position(|s| s.target == "BE1" && s.action == sp_rules::Action::Install).unwrap();
//! steps.swap(fe, be);
//! let report = sp_rules::check(&topology, &steps)?;
//! assert!(report.violations.iter().any(|v| v.rule == "frontends-before-backends"));
//! # Ok::<(), sp_rules::Error>(())
//! ```
//!
//! The crate reads an organisation in the `sp-planner/topology@1` format
//! ([`Topology::from_json`]), writes an ordered plan ([`plan()`]), and checks any step list
//! against the rules ([`check()`]), which simulates the organisation step by step. A
//! [`Validated`] topology is validated once and then planned and checked any number of times
//! without validating it again. The rules are listed in [`rules::RULES`]; build numbers are
//! read by [`builds::lookup`].
//! It does no IO and never panics on bad input: every problem is an [`Error`].

pub mod builds;
pub mod check;
mod error;
pub mod model;
mod names;
mod order;
pub mod planner;
pub mod rules;
mod sim;
pub mod steps;
mod validate;

pub use check::{Moment, REPORT_FORMAT, Report, Violation, check, parse_steps};
pub use error::{Error, ErrorKind};
pub use model::*;
pub use names::{Name, Names};
pub use validate::Validated;
pub use planner::plan;
pub use steps::*;
