//! `e2000-active-active-consolidate`: On an Exchange 2000 active/active cluster, move every virtual server to one node, patch the free node, then swap.
//!
//! Knowledge-base section: `e2000-active-active`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "e2000-active-active-consolidate";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "On an Exchange 2000 active/active cluster, move every virtual server to one node, patch the free node, then swap.",
    kb: "e2000-active-active",
    severity: Severity::Required,
    consequence: "A node is patched while it still owns a virtual server: that virtual server goes down for its users.",
};
