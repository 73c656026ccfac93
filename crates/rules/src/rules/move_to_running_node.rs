//! `move-to-running-node`: Move a virtual server from the node that owns it, only to a node of
//! its own cluster whose Cluster service is running.
//!
//! A cluster group moves between the nodes of its cluster, and only to a node where the
//! Cluster service runs (SEED, F-CL-3: the service is stopped on the node being patched,
//! after its groups have left). A `move` step whose `from` is not the node that owns the
//! virtual server at that point (what a reordered step list produces) is reported too;
//! the simulation then moves it from its real owner.
//!
//! A virtual server runs only on a node whose Cluster service is running: brought online on a
//! node whose service is stopped, it stays offline until the service starts again there or
//! it moves to a running node, and the simulation keeps it unavailable until then.
//!
//! The validator reports a `move` from a node that does not own the virtual server, to a
//! node of another cluster (the move does not happen), or to a node whose Cluster service
//! is stopped, and a `bring-online` of a virtual server whose owner's Cluster service is
//! stopped.
//!
//! Knowledge-base section: `cluster-basics`.

use super::{RuleInfo, StepCtx};
use crate::check::Violation;
use crate::sim::Target;
use crate::steps::Severity;
use crate::Action;

/// The rule's stable id.
pub const ID: &str = "move-to-running-node";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Move a virtual server from the node that owns it, only to a node of its own cluster whose Cluster service is running.",
    kb: "cluster-basics",
    severity: Severity::Required,
    consequence: "The move fails and the virtual server stays where it is or goes offline, or the plan no longer matches where the virtual server really runs.",
    unconfirmed: None,
};

pub(crate) fn on_step(ctx: &StepCtx<'_, '_>, out: &mut Vec<Violation>) {
    if let (Action::BringOnline, Target::Evs(id)) = (ctx.step.action, ctx.target) {
        let evs = ctx.sim.evs(id);
        let owner = ctx.sim.node(evs.owner);
        if !evs.online && !owner.service_running {
            let message = format!(
                "{} is brought online on {}, whose Cluster service is stopped: it stays offline until the service runs there again",
                evs.name, owner.name
            );
            out.push(INFO.violation(ctx.n(), evs.name, message));
        }
        return;
    }
    let (Action::Move, Target::Evs(id), Some(from), Some(to)) = (ctx.step.action, ctx.target, ctx.from, ctx.to) else {
        return;
    };
    let sim = ctx.sim;
    let evs = sim.evs(id);
    if from != evs.owner {
        let message = format!("{} is moved from {}, but {} owns it at this step", evs.name, sim.node(from).name, sim.node(evs.owner).name);
        out.push(INFO.violation(ctx.n(), evs.name, message));
    }
    let target = sim.node(to);
    if target.cluster != evs.cluster {
        let message = format!("{} is not a node of cluster {}, which runs {}", target.name, sim.cluster(evs.cluster).name, evs.name);
        out.push(INFO.violation(ctx.n(), evs.name, message));
    } else if !target.service_running && to != evs.owner {
        let message = format!("{} is moved to {}, whose Cluster service is stopped", evs.name, target.name);
        out.push(INFO.violation(ctx.n(), evs.name, message));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::ID;
    use crate::rules::test_support::*;

    #[test]
    fn move_to_a_stopped_node() {
        check_rule(ID, CLUSTER_2003, "stop-cluster-service N2\nmove EVS1 N1 N2", expect![[r#"
            2 required EVS1: EVS1 is moved to N2, whose Cluster service is stopped
        "#]]);
    }

    #[test]
    fn move_from_the_wrong_node() {
        check_rule(ID, CLUSTER_2003, "move EVS1 N2 N1\nmove EVS1 N1 N2\nmove EVS1 N1 N2", expect![[r#"
            1 required EVS1: EVS1 is moved from N2, but N1 owns it at this step
            3 required EVS1: EVS1 is moved from N1, but N2 owns it at this step
        "#]]);
    }

    #[test]
    fn move_to_another_cluster() {
        let topology = r#"{
            "clusters": [
                {"name": "C1", "version": "2003", "level": "SP1", "mode": "active-passive",
                 "nodes": ["N1", "N2"], "virtual_servers": [{"name": "EVS1", "owner": "N1"}]},
                {"name": "C2", "version": "2003", "level": "SP1", "mode": "active-passive",
                 "nodes": ["M1", "M2"], "virtual_servers": []}
            ],
            "update": {"service_pack": {"2003": "SP2"}}
        }"#;
        check_rule(ID, topology, "move EVS1 N1 M1\nmove EVS1 N1 N2", expect![[r#"
            1 required EVS1: M1 is not a node of cluster C1, which runs EVS1
        "#]]);
    }

    #[test]
    fn online_on_a_stopped_node() {
        check_rule(
            ID,
            CLUSTER_2003,
            "take-offline EVS1\nstop-cluster-service N1\nbring-online EVS1\nstart-cluster-service N1",
            expect![[r#"
                3 required EVS1: EVS1 is brought online on N1, whose Cluster service is stopped: it stays offline until the service runs there again
            "#]],
        );
    }

    #[test]
    fn moves_between_running_nodes_keep_the_rule() {
        check_rule(ID, CLUSTER_2003, CLUSTER_2003_STEPS, expect![""]);
    }
}
