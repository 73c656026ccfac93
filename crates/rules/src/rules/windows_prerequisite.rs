//! `windows-prerequisite`: Bring Windows to the level the update needs before installing it.
//!
//! Knowledge-base section: `e2000-prerequisites`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "windows-prerequisite";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Bring Windows to the level the update needs before installing it.",
    kb: "e2000-prerequisites",
    severity: Severity::Required,
    consequence: "Setup refuses to run: Exchange 2000 SP3 needs Windows 2000 SP2 or later, and Exchange 2003 SP1 on a cluster needs Windows hotfix 831464 first.",
};
