//! `move-to-running-node`: Move a virtual server only between nodes of its own cluster, to a node whose Cluster service is running.
//!
//! Knowledge-base section: `cluster-basics`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "move-to-running-node";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Move a virtual server only between nodes of its own cluster, to a node whose Cluster service is running.",
    kb: "cluster-basics",
    severity: Severity::Required,
    consequence: "The move fails and the virtual server stays where it is, or goes offline.",
};
