//! `backup-before`: Take a full backup of every server before installing on it.
//!
//! Knowledge-base section: `backups`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "backup-before";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Take a full backup of every server before installing on it.",
    kb: "backups",
    severity: Severity::Recommended,
    consequence: "A service pack cannot be uninstalled: if Setup fails, the only way back is a restore, and there is no recent backup to restore.",
};
