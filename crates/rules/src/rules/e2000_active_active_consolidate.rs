//! `e2000-active-active-consolidate`: On an Exchange 2000 active/active cluster, move every
//! virtual server to one node, patch the free node, then swap.
//!
//! KB 328839's principle for Exchange 2000 active/active clusters is to move all virtual
//! servers to one node and apply the service pack to the node that was freed (SEED); the
//! step sequence (consolidate, patch, move both over, patch the other node, restore the
//! layout) is built by applying that principle twice and is unconfirmed in detail
//! (domain.md 1.9). The node carrying both virtual servers carries the whole load
//! (unconfirmed, general knowledge).
//!
//! The validator reports an `install` on a node of an Exchange 2000 active/active cluster
//! while a virtual server of the cluster is offline: consolidating means keeping every
//! virtual server online on the other node. (A virtual server still owned by the node is
//! `move-groups-before-install`.)
//!
//! Knowledge-base section: `e2000-active-active`.

use super::{RuleInfo, StepCtx};
use crate::check::Violation;
use crate::sim::Target;
use crate::steps::Severity;
use crate::{Action, ClusterMode, Version};

/// The rule's stable id.
pub const ID: &str = "e2000-active-active-consolidate";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "On an Exchange 2000 active/active cluster, move every virtual server to one node, patch the free node, then swap.",
    kb: "e2000-active-active",
    severity: Severity::Required,
    consequence: "A virtual server is offline instead of running on the other node while a node is patched: its users lose mail access.",
    unconfirmed: Some("The exact sequence (consolidate, patch, move both over, patch, restore the layout) is reconstructed from the article's principle."),
};

pub(crate) fn on_step(ctx: &StepCtx<'_, '_>, out: &mut Vec<Violation>) {
    let (Action::Install, Target::Node(node)) = (ctx.step.action, ctx.target) else { return };
    let sim = ctx.sim;
    let cluster = sim.node_cluster(node);
    if cluster.version != Version::V2000 || cluster.mode != ClusterMode::ActiveActive {
        return;
    }
    // A virtual server that went offline with its node's Cluster service is reported as
    // `move-groups-before-install` when the service stops.
    let Some(offline) = cluster.offline_evs.iter().find(|e| !sim.evs(**e).waiting) else { return };
    let message = format!(
        "{} is offline while {} is upgraded, instead of running on another node of cluster {}",
        sim.evs(*offline).name,
        ctx.target_name(),
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
    fn virtual_server_taken_offline_instead_of_moved() {
        check_rule(
            ID,
            CLUSTER_2000_AA,
            "take-offline EVS2\nmove EVS2 N2 N1\nstop-cluster-service N2\ninstall N2",
            expect![[r#"
                4 required N2: EVS2 is offline while N2 is upgraded, instead of running on another node of cluster C1
            "#]],
        );
    }

    #[test]
    fn groups_left_on_a_stopped_node_are_another_rule() {
        check_rule(ID, CLUSTER_2000_AA, "stop-cluster-service N2\ninstall N2", expect![""]);
    }

    #[test]
    fn consolidate_patch_swap_keeps_the_rule() {
        check_rule(
            ID,
            CLUSTER_2000_AA,
            "move EVS2 N2 N1\nstop-cluster-service N2\ninstall N2\nstart-cluster-service N2\nmove EVS1 N1 N2\nmove EVS2 N1 N2\nstop-cluster-service N1\ninstall N1\nstart-cluster-service N1\nmove EVS1 N2 N1",
            expect![""],
        );
    }
}
