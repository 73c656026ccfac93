//! `e55-performance-optimizer`: Run Performance Optimizer again after a service pack on Exchange 5.5.
//!
//! Knowledge-base section: `e55-performance-optimizer`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "e55-performance-optimizer";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Run Performance Optimizer again after a service pack on Exchange 5.5.",
    kb: "e55-performance-optimizer",
    severity: Severity::Recommended,
    consequence: "The server keeps tuning that does not match the new version's files and runs slower than it should.",
};
