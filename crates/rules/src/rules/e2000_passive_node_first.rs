//! `e2000-passive-node-first`: On an Exchange 2000 active/passive cluster, upgrade the passive
//! node first.
//!
//! KB 328839 says to apply an Exchange 2000 service pack to the passive node first (SEED);
//! the full procedure was in KB 295925, which was not found, and is reconstructed from S12
//! and S13: back up and patch the passive node, move the virtual server to it, then patch
//! the node that was active (domain.md 1.8; its numbering is unconfirmed).
//!
//! The validator reports the first `install` in an Exchange 2000 active/passive cluster when
//! it is on a node that owned a virtual server at the start.
//!
//! Knowledge-base section: `e2000-active-passive`.

use super::{RuleInfo, StepCtx};
use crate::check::Violation;
use crate::sim::{Applies, Target};
use crate::steps::Severity;
use crate::{Action, ClusterMode, Version};

/// The rule's stable id.
pub const ID: &str = "e2000-passive-node-first";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "On an Exchange 2000 active/passive cluster, upgrade the passive node first.",
    kb: "e2000-active-passive",
    severity: Severity::Required,
    consequence: "Users lose mail access while the active node is patched, because the virtual server must move to a node at a different level, where failover may not work.",
    unconfirmed: None,
};

pub(crate) fn on_step(ctx: &StepCtx<'_, '_>, out: &mut Vec<Violation>) {
    let (Action::Install, Target::Node(node)) = (ctx.step.action, ctx.target) else { return };
    let sim = ctx.sim;
    let cluster = sim.node_cluster(node);
    if cluster.version != Version::V2000
        || cluster.mode != ClusterMode::ActivePassive
        || cluster.applies != Applies::Yes
        || cluster.installed_nodes > 0
        || !sim.node(node).owned_at_start
    {
        return;
    }
    let message = format!(
        "the first node upgraded in cluster {} is {}, which was active at the start; upgrade a passive node first",
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
    fn active_node_first() {
        check_rule(ID, CLUSTER_2000_AP, "move EVS1 N1 N2\nstop-cluster-service N1\ninstall N1", expect![[r#"
            3 required N1: the first node upgraded in cluster C1 is N1, which was active at the start; upgrade a passive node first
        "#]]);
    }

    #[test]
    fn passive_node_first_keeps_the_rule() {
        check_rule(
            ID,
            CLUSTER_2000_AP,
            "stop-cluster-service N2\ninstall N2\nstart-cluster-service N2\nmove EVS1 N1 N2\nstop-cluster-service N1\ninstall N1\nstart-cluster-service N1",
            expect![""],
        );
    }
}
