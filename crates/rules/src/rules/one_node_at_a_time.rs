//! `one-node-at-a-time`: Take only one node of a cluster out of service at a time.
//!
//! Knowledge-base section: `e2003-cluster`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "one-node-at-a-time";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Take only one node of a cluster out of service at a time.",
    kb: "e2003-cluster",
    severity: Severity::Recommended,
    consequence: "With two nodes down at once nothing is left to take over a virtual server: users lose mail access if the remaining node fails.",
};
