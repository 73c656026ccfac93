//! `restart-expectation`: Expect a restart after installing on Exchange 2000 or 2003 outside a cluster, and plan one after installs over Terminal Services.
//!
//! Knowledge-base section: `restarts`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "restart-expectation";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Expect a restart after installing on Exchange 2000 or 2003 outside a cluster, and plan one after installs over Terminal Services.",
    kb: "restarts",
    severity: Severity::Recommended,
    consequence: "The server restarts unplanned in the middle of the working day, or Setup leaves files in use until a restart nobody scheduled.",
};
