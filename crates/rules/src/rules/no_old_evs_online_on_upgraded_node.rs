//! `no-old-evs-online-on-upgraded-node`: Do not bring a virtual server that is not yet
//! upgraded online on an upgraded node.
//!
//! An Exchange 2003 virtual server whose data is older than its owner's binaries refuses to
//! come online and logs MSExchangeCluster event 1025, "The Exchange virtual server needs to
//! be upgraded before coming online" (SEED, T-1025; the meaning is inferred from the text
//! and S11). It matters only when the update upgrades virtual servers.
//!
//! The validator reports bringing such a virtual server online on an upgraded owner, and
//! moving it while online to an upgraded node (a failover brings it online there).
//!
//! Knowledge-base section: `event-1025`.

use super::{RuleInfo, StepCtx};
use crate::check::Violation;
use crate::sim::Target;
use crate::steps::Severity;
use crate::Action;

/// The rule's stable id.
pub const ID: &str = "no-old-evs-online-on-upgraded-node";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Do not bring a virtual server that is not yet upgraded online on an upgraded node.",
    kb: "event-1025",
    severity: Severity::Required,
    consequence: "The resources do not come online and the Application log shows MSExchangeCluster event 1025: the virtual server needs to be upgraded before coming online.",
    unconfirmed: Some("The cause is inferred from the event text; the article's explanation was lost."),
};

pub(crate) fn on_step(ctx: &StepCtx<'_, '_>, out: &mut Vec<Violation>) {
    let Target::Evs(id) = ctx.target else { return };
    let sim = ctx.sim;
    let evs = sim.evs(id);
    if evs.upgraded || !sim.cluster(evs.cluster).upgrades_evs {
        return;
    }
    let node = match (ctx.step.action, ctx.to) {
        (Action::BringOnline, _) if !evs.online => evs.owner,
        (Action::Move, Some(to)) if evs.online && to != evs.owner && sim.node(to).cluster == evs.cluster => to,
        _ => return,
    };
    if !sim.node_is_new(node) {
        return;
    }
    let message = format!(
        "{} comes online on upgraded node {} before it is upgraded itself",
        evs.name,
        sim.node(node).name
    );
    out.push(INFO.violation(ctx.n(), evs.name, message));
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::ID;
    use crate::rules::test_support::*;

    #[test]
    fn online_move_to_an_upgraded_node() {
        check_rule(
            ID,
            CLUSTER_2003,
            "move EVS1 N1 N2\nstop-cluster-service N1\ninstall N1\nstart-cluster-service N1\nmove EVS1 N2 N1",
            expect![[r#"
                5 required EVS1: EVS1 comes online on upgraded node N1 before it is upgraded itself
            "#]],
        );
    }

    #[test]
    fn brought_online_before_the_upgrade() {
        check_rule(
            ID,
            CLUSTER_2003,
            "move EVS1 N1 N2\nstop-cluster-service N1\ninstall N1\nstart-cluster-service N1\ntake-offline EVS1\nmove EVS1 N2 N1\nbring-online EVS1",
            expect![[r#"
                7 required EVS1: EVS1 comes online on upgraded node N1 before it is upgraded itself
            "#]],
        );
    }

    #[test]
    fn upgraded_before_online_keeps_the_rule() {
        check_rule(ID, CLUSTER_2003, CLUSTER_2003_STEPS, expect![""]);
    }
}
