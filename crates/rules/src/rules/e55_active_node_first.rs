//! `e55-active-node-first`: On an Exchange 5.5 cluster, upgrade the active node first, then the
//! other node with Update Node.
//!
//! KB 328839 says to apply Exchange 5.5 updates to the active node first, the opposite of
//! Exchange 2000 (SEED). KB 248635 gives the mechanics: the service pack on the first node,
//! then Setup on the second node with "Update Node" (S1, F-55-CL-1). The exact wording of
//! the lost KB 328839 steps is unconfirmed.
//!
//! The validator reports the first `install` in an Exchange 5.5 cluster when it is on a node
//! that owned no virtual server at the start.
//!
//! Knowledge-base section: `e55-cluster`.

use super::{RuleInfo, StepCtx};
use crate::check::Violation;
use crate::sim::{Applies, Target};
use crate::steps::Severity;
use crate::{Action, Version};

/// The rule's stable id.
pub const ID: &str = "e55-active-node-first";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "On an Exchange 5.5 cluster, upgrade the active node first, then the other node with Update Node.",
    kb: "e55-cluster",
    severity: Severity::Required,
    consequence: "The cluster runs the new version from a node that was updated in the wrong order, and Setup on the second node cannot use Update Node.",
    unconfirmed: None,
};

pub(crate) fn on_step(ctx: &StepCtx<'_, '_>, out: &mut Vec<Violation>) {
    let (Action::Install, Target::Node(node)) = (ctx.step.action, ctx.target) else { return };
    let sim = ctx.sim;
    let cluster = sim.node_cluster(node);
    if cluster.version != Version::V55
        || cluster.applies != Applies::Yes
        || cluster.installed_nodes > 0
        || cluster.evs.is_empty()
        || sim.node(node).owned_at_start
    {
        return;
    }
    let message = format!(
        "the first node upgraded in cluster {} is {}, which was passive at the start; upgrade the active node first",
        cluster.name,
        ctx.target_name()
    );
    out.push(INFO.violation(ctx.n(), ctx.target_name(), message));
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::ID;
    use crate::rules::test_support::*;

    #[test]
    fn passive_node_first() {
        check_rule(ID, CLUSTER_55, "stop-cluster-service N2\ninstall N2", expect![[r#"
            2 required N2: the first node upgraded in cluster C1 is N2, which was passive at the start; upgrade the active node first
        "#]]);
    }

    #[test]
    fn active_node_first_keeps_the_rule() {
        check_rule(
            ID,
            CLUSTER_55,
            "move EVS1 N1 N2\nstop-cluster-service N1\ninstall N1\nstart-cluster-service N1\nmove EVS1 N2 N1\nstop-cluster-service N2\ninstall N2\nstart-cluster-service N2",
            expect![""],
        );
    }
}
