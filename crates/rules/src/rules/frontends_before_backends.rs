//! `frontends-before-backends`: Upgrade every front-end server before any back-end server.
//!
//! Knowledge-base section: `e2003-front-end-back-end`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "frontends-before-backends";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Upgrade every front-end server before any back-end server.",
    kb: "e2003-front-end-back-end",
    severity: Severity::Required,
    consequence: "Exchange 2003: the organisation is in an unsupported mixed state and clients that reach an upgraded back end through an old front end can fail. Exchange 2000: Outlook Web Access users get script errors, because the scripts on an old front end do not work with an upgraded back end.",
};
