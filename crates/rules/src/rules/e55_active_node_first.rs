//! `e55-active-node-first`: On an Exchange 5.5 cluster, upgrade the active node first, then the other node with Update Node.
//!
//! Knowledge-base section: `e55-cluster`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "e55-active-node-first";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "On an Exchange 5.5 cluster, upgrade the active node first, then the other node with Update Node.",
    kb: "e55-cluster",
    severity: Severity::Required,
    consequence: "The cluster runs the new version from a node that was updated in the wrong order, and Setup on the second node cannot use Update Node.",
};
