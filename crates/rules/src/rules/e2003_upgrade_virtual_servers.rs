//! `e2003-upgrade-virtual-servers`: After the nodes of an Exchange 2003 cluster are upgraded, run Upgrade Exchange Virtual Server for every virtual server.
//!
//! Knowledge-base section: `e2003-upgrade-virtual-server`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "e2003-upgrade-virtual-servers";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "After the nodes of an Exchange 2003 cluster are upgraded, run Upgrade Exchange Virtual Server for every virtual server.",
    kb: "e2003-upgrade-virtual-server",
    severity: Severity::Required,
    consequence: "A virtual server that is not upgraded stays at the old version and will not come online on an upgraded node (event 1025).",
};
