//! `no-upgraded-evs-on-old-node`: Never move an upgraded virtual server to a node that still
//! runs the old build.
//!
//! Once a virtual server is upgraded it cannot fail over to a node that still runs the
//! older build: the move gives the c1037b44 version-mismatch error (S11, F-03-CL-8; S16
//! says the same for the Exchange 2000 to 2003 migration; the error text is in the SEED).
//! It matters only when the update upgrades virtual servers (Exchange 2003).
//!
//! The validator reports a `move` of an upgraded virtual server to a node of its cluster
//! that is not yet upgraded.
//!
//! Knowledge-base section: `error-c1037b44`.

use super::{RuleInfo, StepCtx};
use crate::check::Violation;
use crate::sim::Target;
use crate::steps::Severity;
use crate::Action;

/// The rule's stable id.
pub const ID: &str = "no-upgraded-evs-on-old-node";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Never move an upgraded virtual server to a node that still runs the old build.",
    kb: "error-c1037b44",
    severity: Severity::Required,
    consequence: "The virtual server does not come online on the old node (version mismatch, ID no: c1037b44): its users lose mail access until it is moved back.",
    unconfirmed: None,
};

pub(crate) fn on_step(ctx: &StepCtx<'_, '_>, out: &mut Vec<Violation>) {
    let (Action::Move, Target::Evs(id), Some(to)) = (ctx.step.action, ctx.target, ctx.to) else { return };
    let sim = ctx.sim;
    let evs = sim.evs(id);
    let node = sim.node(to);
    if !evs.upgraded || node.cluster != evs.cluster || to == evs.owner || sim.node_is_new(to) {
        return;
    }
    let message = format!(
        "upgraded virtual server {} is moved to {}, which still runs {}",
        evs.name,
        node.name,
        sim.cluster(evs.cluster).level
    );
    out.push(INFO.violation(ctx.n(), evs.name, message));
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::ID;
    use crate::rules::test_support::*;

    #[test]
    fn upgraded_back_to_the_old_node() {
        check_rule(
            ID,
            CLUSTER_2003,
            "move EVS1 N1 N2\nstop-cluster-service N1\ninstall N1\nstart-cluster-service N1\ntake-offline EVS1\nmove EVS1 N2 N1\nupgrade-virtual-server EVS1\nbring-online EVS1\nmove EVS1 N1 N2",
            expect![[r#"
                9 required EVS1: upgraded virtual server EVS1 is moved to N2, which still runs SP1
            "#]],
        );
    }

    #[test]
    fn last_node_upgraded_first_keeps_the_rule() {
        let steps = format!("{CLUSTER_2003_STEPS}\nmove EVS1 N1 N2");
        check_rule(ID, CLUSTER_2003, &steps, expect![""]);
    }
}
