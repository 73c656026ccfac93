//! `lab-test-first`: Test the update in a laboratory before production.
//!
//! Knowledge-base section: `lab-testing`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "lab-test-first";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Test the update in a laboratory before production.",
    kb: "lab-testing",
    severity: Severity::Recommended,
    consequence: "Problems with the update or with other software on the servers are found in production, by users.",
};
