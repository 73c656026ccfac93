//! `lab-test-first`: Test the update in a laboratory before production.
//!
//! KB 328839 recommends testing a service pack or hotfix in a laboratory before applying it
//! in production (SEED, R-2).
//!
//! The validator reports the first `install` of the step list when no `test-in-lab` step
//! comes before it.
//!
//! Knowledge-base section: `lab-testing`.

use super::{RuleInfo, StepCtx};
use crate::check::Violation;
use crate::steps::Severity;
use crate::Action;

/// The rule's stable id.
pub const ID: &str = "lab-test-first";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Test the update in a laboratory before production.",
    kb: "lab-testing",
    severity: Severity::Recommended,
    consequence: "Problems with the update or with other software on the servers are found in production, by users.",
    unconfirmed: None,
};

pub(crate) fn on_step(ctx: &StepCtx<'_, '_>, out: &mut Vec<Violation>) {
    if ctx.step.action != Action::Install || ctx.sim.tested || ctx.sim.first_install.is_some() {
        return;
    }
    let message = format!("Setup runs on {} before the update is tested in a laboratory", ctx.target_name());
    out.push(INFO.violation(ctx.n(), ctx.target_name(), message));
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::ID;
    use crate::rules::test_support::*;

    #[test]
    fn untested() {
        check_rule(ID, MIXED_SINGLE, "install MAIL1\ntest-in-lab *\ninstall OLD1", expect![[r#"
            1 recommended MAIL1: Setup runs on MAIL1 before the update is tested in a laboratory
        "#]]);
    }

    #[test]
    fn tested_first_keeps_the_rule() {
        check_rule(ID, MIXED_SINGLE, "test-in-lab *\ninstall MAIL1\ninstall OLD1", expect![""]);
    }
}
