//! `no-old-evs-online-on-upgraded-node`: Do not bring a virtual server that is not yet upgraded online on an upgraded node.
//!
//! Knowledge-base section: `event-1025`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "no-old-evs-online-on-upgraded-node";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Do not bring a virtual server that is not yet upgraded online on an upgraded node.",
    kb: "event-1025",
    severity: Severity::Required,
    consequence: "The resources do not come online and the Application log shows MSExchangeCluster event 1025: the virtual server needs to be upgraded before coming online.",
};
