//! `evs-upgrade-on-upgraded-owner`: Upgrade a virtual server only while an upgraded node owns
//! it.
//!
//! The virtual server is moved to the already-upgraded node before Upgrade Exchange Virtual
//! Server is run (S11, F-03-CL-5). Upgrading it from a node at another build gives the
//! c1037b44 version-mismatch error, whose text KB 328839 keeps (SEED, T-c1037b44); that
//! the owner's build is the cause is confirmed by S11, the exact resolution is unconfirmed.
//!
//! The validator reports an `upgrade-virtual-server` step while the owner of the virtual
//! server still runs the old build.
//!
//! Knowledge-base section: `error-c1037b44`.

use super::{RuleInfo, StepCtx};
use crate::check::Violation;
use crate::sim::Target;
use crate::steps::Severity;
use crate::Action;

/// The rule's stable id.
pub const ID: &str = "evs-upgrade-on-upgraded-owner";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Upgrade a virtual server only while an upgraded node owns it.",
    kb: "error-c1037b44",
    severity: Severity::Required,
    consequence: "The upgrade fails with \"The version of Exchange on this computer does not match the version of Exchange on server\" (ID no: c1037b44).",
    unconfirmed: None,
};

pub(crate) fn on_step(ctx: &StepCtx<'_, '_>, out: &mut Vec<Violation>) {
    let (Action::UpgradeVirtualServer, Target::Evs(id)) = (ctx.step.action, ctx.target) else { return };
    let sim = ctx.sim;
    let evs = sim.evs(id);
    if sim.node_is_new(evs.owner) {
        return;
    }
    let cluster = sim.cluster(evs.cluster);
    let message = format!(
        "{} is upgraded while its owner {} still runs {}",
        evs.name,
        sim.node(evs.owner).name,
        cluster.level
    );
    out.push(INFO.violation(ctx.n(), evs.name, message));
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::ID;
    use crate::rules::test_support::*;

    #[test]
    fn upgrade_on_an_old_owner() {
        check_rule(
            ID,
            CLUSTER_2003,
            "move EVS1 N1 N2\nstop-cluster-service N1\ninstall N1\nstart-cluster-service N1\ntake-offline EVS1\nupgrade-virtual-server EVS1",
            expect![[r#"
                6 required EVS1: EVS1 is upgraded while its owner N2 still runs SP1
            "#]],
        );
    }

    #[test]
    fn upgraded_owner_keeps_the_rule() {
        check_rule(ID, CLUSTER_2003, CLUSTER_2003_STEPS, expect![""]);
    }
}
