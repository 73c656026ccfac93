//! `back-in-service`: End the plan with every server in service and every virtual server online.
//!
//! Knowledge-base section: `before-you-start`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "back-in-service";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "End the plan with every server in service and every virtual server online.",
    kb: "before-you-start",
    severity: Severity::Required,
    consequence: "Users stay without the service that was taken down.",
};
