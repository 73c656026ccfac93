//! `windows-prerequisite`: Bring Windows to the level the update needs before installing it.
//!
//! Exchange 2000 SP3 needs Windows 2000 SP2 or later on the server (S17, R-9); Exchange
//! 2003 SP1 on a Windows Server 2003 cluster needs Windows hotfix 831464 on each node first
//! (S11, F-03-CL-10; the reason is unconfirmed); Exchange 5.5 clusters need the Windows NT
//! service pack on every node before any Exchange update (S1, F-55-CL-2).
//!
//! This rule is a planner warning: a step list has no Windows steps, so there is nothing to
//! simulate, and the validator does not check it. The planner warns when the topology's
//! `windows` field shows a level that is too low, or is not given.
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
    unconfirmed: Some("Why Exchange 2003 SP1 Setup needs hotfix 831464 is not stated by any source we found."),
};

#[cfg(test)]
mod tests {
    use super::ID;

    #[test]
    fn registry_lists_the_warning() {
        let rule = crate::rules::find(ID).map(|rule| (rule.id, rule.kb));
        assert_eq!(rule, Some((ID, "e2000-prerequisites")));
    }
}
