//! `e2003-one-evs-per-node`: In an Exchange 2003 cluster of more than two nodes, a node hosts at most one virtual server at a time.
//!
//! Knowledge-base section: `e2003-multi-node`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "e2003-one-evs-per-node";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "In an Exchange 2003 cluster of more than two nodes, a node hosts at most one virtual server at a time.",
    kb: "e2003-multi-node",
    severity: Severity::Required,
    consequence: "The move fails: the node already hosts a virtual server, and the moved one stays offline.",
};
