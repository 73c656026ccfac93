//! `every-server-once`: Install the update exactly once on every server and node it applies to.
//!
//! Knowledge-base section: `before-you-start`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "every-server-once";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Install the update exactly once on every server and node it applies to.",
    kb: "before-you-start",
    severity: Severity::Required,
    consequence: "A server or node left at the old level keeps the organisation mixed: clients, failover or virtual server moves break later.",
};
