//! `start-cluster-service-after-install`: Start the Cluster service again on a node after installing, before it hosts a group, and leave it running at the end.
//!
//! Knowledge-base section: `cluster-basics`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "start-cluster-service-after-install";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Start the Cluster service again on a node after installing, before it hosts a group, and leave it running at the end.",
    kb: "cluster-basics",
    severity: Severity::Required,
    consequence: "The node cannot take over a virtual server: failover protection is lost and groups cannot be moved to it.",
};
