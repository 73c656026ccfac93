//! `evs-offline-for-upgrade`: Take a virtual server offline before running Upgrade Exchange
//! Virtual Server on it.
//!
//! Before using Upgrade Exchange Virtual Server, the virtual server is taken offline and
//! moved to an upgraded node; the command is on the System Attendant resource's context
//! menu (S11, F-03-CL-5). That the command only appears while the resource is offline is
//! unconfirmed (general knowledge, domain.md T-1025).
//!
//! The validator reports an `upgrade-virtual-server` step on a virtual server that is online.
//!
//! Knowledge-base section: `e2003-upgrade-virtual-server`.

use super::{RuleInfo, StepCtx};
use crate::check::Violation;
use crate::sim::Target;
use crate::steps::Severity;
use crate::Action;

/// The rule's stable id.
pub const ID: &str = "evs-offline-for-upgrade";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Take a virtual server offline before running Upgrade Exchange Virtual Server on it.",
    kb: "e2003-upgrade-virtual-server",
    severity: Severity::Required,
    consequence: "Cluster Administrator does not offer the upgrade command while the virtual server is online.",
    unconfirmed: Some("That the upgrade command appears only while the virtual server is offline comes from general knowledge."),
};

pub(crate) fn on_step(ctx: &StepCtx<'_, '_>, out: &mut Vec<Violation>) {
    let (Action::UpgradeVirtualServer, Target::Evs(id)) = (ctx.step.action, ctx.target) else { return };
    let evs = ctx.sim.evs(id);
    if evs.online {
        let message = format!("{} is still online when it is upgraded", evs.name);
        out.push(INFO.violation(ctx.n(), evs.name, message));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::ID;
    use crate::rules::test_support::*;

    #[test]
    fn upgrade_while_online() {
        check_rule(
            ID,
            CLUSTER_2003,
            "move EVS1 N1 N2\nstop-cluster-service N1\ninstall N1\nstart-cluster-service N1\nmove EVS1 N2 N1\nupgrade-virtual-server EVS1",
            expect![[r#"
                6 required EVS1: EVS1 is still online when it is upgraded
            "#]],
        );
    }

    #[test]
    fn offline_first_keeps_the_rule() {
        check_rule(ID, CLUSTER_2003, CLUSTER_2003_STEPS, expect![""]);
    }
}
