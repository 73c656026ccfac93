//! `stop-cluster-service-before-install`: Stop the Cluster service on a node before installing on it.
//!
//! Knowledge-base section: `cluster-basics`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "stop-cluster-service-before-install";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Stop the Cluster service on a node before installing on it.",
    kb: "cluster-basics",
    severity: Severity::Required,
    consequence: "Setup does not stop the Cluster service itself: the install fails or leaves the node half-updated.",
};
