//! `evs-offline-for-upgrade`: Take a virtual server offline before running Upgrade Exchange Virtual Server on it.
//!
//! Knowledge-base section: `e2003-upgrade-virtual-server`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "evs-offline-for-upgrade";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Take a virtual server offline before running Upgrade Exchange Virtual Server on it.",
    kb: "e2003-upgrade-virtual-server",
    severity: Severity::Required,
    consequence: "Cluster Administrator does not offer the upgrade command while the virtual server is online.",
};
