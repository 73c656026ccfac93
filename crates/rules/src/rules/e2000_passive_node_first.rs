//! `e2000-passive-node-first`: On an Exchange 2000 active/passive cluster, upgrade the passive node first.
//!
//! Knowledge-base section: `e2000-active-passive`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "e2000-passive-node-first";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "On an Exchange 2000 active/passive cluster, upgrade the passive node first.",
    kb: "e2000-active-passive",
    severity: Severity::Required,
    consequence: "Users lose mail access while the active node is patched, because the virtual server must move to a node at a different level, where failover may not work.",
};
