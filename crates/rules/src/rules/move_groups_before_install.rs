//! `move-groups-before-install`: Move every cluster group off a node before installing on it.
//!
//! Knowledge-base section: `cluster-basics`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "move-groups-before-install";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Move every cluster group off a node before installing on it.",
    kb: "cluster-basics",
    severity: Severity::Required,
    consequence: "Setup stops the Cluster service and its dependent resources: a virtual server still owned by the node goes down for every user, and Setup can fail.",
};
