//! `no-upgraded-evs-on-old-node`: Never move an upgraded virtual server to a node that still runs the old build.
//!
//! Knowledge-base section: `error-c1037b44`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "no-upgraded-evs-on-old-node";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Never move an upgraded virtual server to a node that still runs the old build.",
    kb: "error-c1037b44",
    severity: Severity::Required,
    consequence: "The virtual server does not come online on the old node (version mismatch, ID no: c1037b44): its users lose mail access until it is moved back.",
};
