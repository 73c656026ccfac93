//! `pool-upgraded-together`: Take the front ends of a load-balanced Exchange 2003 pool out of service together, upgrade them all, and bring them back together.
//!
//! Knowledge-base section: `e2003-load-balanced-front-ends`.

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "pool-upgraded-together";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Take the front ends of a load-balanced Exchange 2003 pool out of service together, upgrade them all, and bring them back together.",
    kb: "e2003-load-balanced-front-ends",
    severity: Severity::Recommended,
    consequence: "While some front ends of the pool run the new service pack and others the old release, phones and other mobile clients get synchronization key errors when the load balancer sends them from one to the other.",
};
