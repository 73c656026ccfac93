//! `e2003-one-evs-per-node`: In an Exchange 2003 cluster of more than two nodes, a node hosts
//! at most one virtual server at a time.
//!
//! In Exchange 2003 clusters with more than two nodes each node can host only one virtual
//! server at a time; moving a second one onto a node that already hosts one fails (S11
//! page 2, F-03-CL-9). Such clusters are active/passive (S15, R-7), so the virtual servers
//! move to the passive nodes while their owners are upgraded.
//!
//! The validator reports a `move` onto a node that already owns a virtual server, in an
//! Exchange 2003 cluster of three or more nodes.
//!
//! Knowledge-base section: `e2003-multi-node`.

use super::{RuleInfo, StepCtx};
use crate::check::Violation;
use crate::sim::Target;
use crate::steps::Severity;
use crate::{Action, Version};

/// The rule's stable id.
pub const ID: &str = "e2003-one-evs-per-node";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "In an Exchange 2003 cluster of more than two nodes, a node hosts at most one virtual server at a time.",
    kb: "e2003-multi-node",
    severity: Severity::Required,
    consequence: "The move fails: the node already hosts a virtual server, and the moved one stays offline.",
    unconfirmed: None,
};

pub(crate) fn on_step(ctx: &StepCtx<'_, '_>, out: &mut Vec<Violation>) {
    let (Action::Move, Target::Evs(id), Some(to)) = (ctx.step.action, ctx.target, ctx.to) else { return };
    let sim = ctx.sim;
    let evs = sim.evs(id);
    let cluster = sim.cluster(evs.cluster);
    if cluster.version != Version::V2003 || cluster.nodes.len() < 3 || to == evs.owner || sim.node(to).cluster != evs.cluster {
        return;
    }
    let Some(other) = sim.owned_evs(to) else { return };
    let message = format!("{} is moved to {}, which already hosts {}", evs.name, sim.node(to).name, sim.evs(other).name);
    out.push(INFO.violation(ctx.n(), evs.name, message));
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::ID;
    use crate::rules::test_support::*;

    #[test]
    fn two_on_one_node() {
        check_rule(ID, CLUSTER_2003_THREE, "move EVS1 N1 N2", expect![[r#"
            1 required EVS1: EVS1 is moved to N2, which already hosts EVS2
        "#]]);
    }

    #[test]
    fn two_node_clusters_may_double_up() {
        check_rule(ID, CLUSTER_2003, "move EVS1 N1 N2", expect![""]);
    }

    #[test]
    fn passive_node_keeps_the_rule() {
        check_rule(ID, CLUSTER_2003_THREE, "move EVS1 N1 N3\nmove EVS2 N2 N1", expect![""]);
    }
}
