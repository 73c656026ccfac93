//! `backup-after`: Take a new full backup after the update.
//!
//! Knowledge-base section: `backups`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "backup-after";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Take a new full backup after the update.",
    kb: "backups",
    severity: Severity::Recommended,
    consequence: "Backups taken before the update may not restore on the new version (after Exchange 2000 SP2, backups from the original release or SP1 cannot be restored).",
};
