//! `sbs-standard-procedure`: On Small Business Server, apply the update as on any
//! non-clustered Exchange server of its version.
//!
//! KB 328839 says that the Exchange server of a Small Business Server needs no special
//! preparation: run the service pack or hotfix as usual; the Exchange services stop while
//! Setup runs and a restart may be needed (SEED, F-SBS00-1; the same holds for Small Business
//! Server 2003 and for Exchange 5.5 on Small Business Server). Small Business Server 2000 SP1a
//! brings Exchange 2000 SP3 in its integrated Setup (S19); that the original SP1 does too is
//! unconfirmed (domain.md 1.10).
//!
//! This rule is a planner note: a step list looks the same on a Small Business Server as on
//! any other server, so the validator has nothing to check. The planner notes each Small
//! Business Server the update applies to.
//!
//! Knowledge-base section: `e2003-sbs` (Exchange 2000 and 5.5 have sections of their own,
//! which the planner's notes cite).

use super::RuleInfo;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "sbs-standard-procedure";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "On a Small Business Server, apply the update as on any non-clustered Exchange server of its version.",
    kb: "e2003-sbs",
    severity: Severity::Recommended,
    consequence: "Users of the Small Business Server lose mail while Setup stops the Exchange services; waiting for a procedure made for Small Business Server only delays the update.",
    unconfirmed: None,
};

#[cfg(test)]
mod tests {
    use super::ID;

    #[test]
    fn registry_lists_the_note() {
        let rule = crate::rules::find(ID).map(|rule| (rule.id, rule.kb));
        assert_eq!(rule, Some((ID, "e2003-sbs")));
    }
}
