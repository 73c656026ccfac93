//! `one-node-at-a-time`: Take only one node of a cluster out of service at a time.
//!
//! KB 328839 recommends upgrading the nodes of an Exchange 2003 cluster one at a time
//! (SEED, F-03-CL-2); the Exchange 2000 to 2003 upgrade documents say the same (S15,
//! R-7), and the Windows procedure for cluster service packs patches one node, then the
//! other (S6, F-CL-6). With two nodes stopped, nothing is left to take over their groups.
//!
//! The validator reports stopping the Cluster service of a node while another node of the
//! same cluster has its Cluster service stopped.
//!
//! Knowledge-base section: `e2003-cluster`.

use super::{RuleInfo, StepCtx};
use crate::check::Violation;
use crate::sim::Target;
use crate::steps::Severity;
use crate::Action;

/// The rule's stable id.
pub const ID: &str = "one-node-at-a-time";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Take only one node of a cluster out of service at a time.",
    kb: "e2003-cluster",
    severity: Severity::Recommended,
    consequence: "With two nodes down at once nothing is left to take over a virtual server: users lose mail access if the remaining node fails.",
    unconfirmed: None,
};

pub(crate) fn on_step(ctx: &StepCtx<'_, '_>, out: &mut Vec<Violation>) {
    let (Action::StopClusterService, Target::Node(node)) = (ctx.step.action, ctx.target) else { return };
    let sim = ctx.sim;
    let cluster = sim.node_cluster(node);
    if !sim.node(node).service_running || cluster.stopped_nodes == 0 {
        return;
    }
    let Some(other) = cluster.nodes.clone().map(|n| sim.node(n)).find(|n| !n.service_running) else { return };
    let message = format!(
        "the Cluster service on {} is stopped while it is also stopped on {} (cluster {})",
        ctx.target_name(),
        other.name,
        cluster.name
    );
    out.push(INFO.violation(ctx.n(), ctx.target_name(), message));
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::ID;
    use crate::rules::test_support::*;

    #[test]
    fn two_nodes_down() {
        check_rule(ID, CLUSTER_2003_THREE, "stop-cluster-service N3\nstop-cluster-service N1", expect![[r#"
            2 recommended N1: the Cluster service on N1 is stopped while it is also stopped on N3 (cluster C1)
        "#]]);
    }

    #[test]
    fn one_after_the_other_keeps_the_rule() {
        check_rule(ID, CLUSTER_2003, CLUSTER_2003_STEPS, expect![""]);
    }
}
