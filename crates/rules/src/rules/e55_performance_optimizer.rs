//! `e55-performance-optimizer`: Run Performance Optimizer again after a service pack on
//! Exchange 5.5.
//!
//! After an Exchange 5.5 service pack, rerun Performance Optimizer (Perfwiz.exe): each
//! service pack usually changes it, and it overwrites customised registry settings, so save
//! them first (S3, KB 271824, cited by the SEED; R-5). Whether to run it on both nodes of
//! a cluster is unconfirmed (general knowledge says yes), and the validator asks for it.
//!
//! The validator reports, at the end, every `install` of a service pack on an Exchange 5.5
//! server or node that no later `run-performance-optimizer` step on the same computer follows.
//! A hotfix makes no run due: the sources ask for one after service packs only.
//!
//! Knowledge-base section: `e55-performance-optimizer`.

use super::RuleInfo;
use crate::check::Violation;
use crate::sim::Sim;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "e55-performance-optimizer";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Run Performance Optimizer again after a service pack on Exchange 5.5.",
    kb: "e55-performance-optimizer",
    severity: Severity::Recommended,
    consequence: "The server keeps tuning that does not match the new version's files and runs slower than it should.",
    unconfirmed: Some("Whether Performance Optimizer must run on both nodes of a cluster is not stated by any source we found."),
};

pub(crate) fn at_end(sim: &Sim<'_>, out: &mut Vec<Violation>) {
    let due = sim
        .servers
        .iter()
        .map(|s| (s.name, s.optimizer_due))
        .chain(sim.nodes.iter().map(|n| (n.name, n.optimizer_due)));
    for (name, step) in due {
        if let Some(n) = step {
            let message = format!("Performance Optimizer is not run on {name} after the install at step {n}");
            out.push(INFO.violation(Some(n), name, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::ID;
    use crate::rules::test_support::*;

    #[test]
    fn optimizer_forgotten() {
        check_rule(ID, MIXED_SINGLE, "install OLD1\ninstall MAIL1", expect![[r#"
            1 recommended OLD1: Performance Optimizer is not run on OLD1 after the install at step 1
        "#]]);
        check_rule(ID, MIXED_SINGLE, "run-performance-optimizer OLD1\ninstall OLD1", expect![[r#"
            2 recommended OLD1: Performance Optimizer is not run on OLD1 after the install at step 2
        "#]]);
    }

    #[test]
    fn optimizer_after_install_keeps_the_rule() {
        check_rule(ID, MIXED_SINGLE, "install OLD1\ninstall MAIL1\nrun-performance-optimizer OLD1", expect![""]);
    }
}
