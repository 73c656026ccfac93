//! `evs-upgrade-on-upgraded-owner`: Upgrade a virtual server only while an upgraded node owns it.
//!
//! Knowledge-base section: `error-c1037b44`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "evs-upgrade-on-upgraded-owner";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Upgrade a virtual server only while an upgraded node owns it.",
    kb: "error-c1037b44",
    severity: Severity::Required,
    consequence: "The upgrade fails with \"The version of Exchange on this computer does not match the version of Exchange on server\" (ID no: c1037b44).",
};
