//! `start-cluster-service-after-install`: Start the Cluster service again on a node after
//! installing, before it hosts a group, and leave it running at the end.
//!
//! The Cluster service is stopped by hand before the install (SEED, F-CL-3); the node can
//! only take groups over again once it runs. That it is a separate step of the procedure is
//! unconfirmed (the lost step lists of KB 328839 are reconstructed in domain.md, 1.4 step 4
//! and 1.8 step 4), but a node without its Cluster service gives no failover protection.
//!
//! The validator reports every node whose Cluster service is still stopped at the end.
//! (Moving a virtual server to such a node, or bringing one online there, is
//! `move-to-running-node`.)
//!
//! Knowledge-base section: `cluster-basics`.

use super::RuleInfo;
use crate::check::Violation;
use crate::sim::Sim;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "start-cluster-service-after-install";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Start the Cluster service again on a node after installing, before it hosts a group, and leave it running at the end.",
    kb: "cluster-basics",
    severity: Severity::Required,
    consequence: "The node cannot take over a virtual server: failover protection is lost and groups cannot be moved to it.",
    unconfirmed: Some("That starting the Cluster service again is a step of its own is reconstructed; the article's step list was lost."),
};

pub(crate) fn at_end(sim: &Sim<'_>, out: &mut Vec<Violation>) {
    for node in &sim.nodes {
        if !node.service_running {
            let message = format!("the Cluster service on {} is still stopped at the end of the plan", node.name);
            out.push(INFO.violation(node.stopped_step, node.name, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::ID;
    use crate::rules::test_support::*;

    #[test]
    fn service_left_stopped() {
        check_rule(ID, CLUSTER_2003, "move EVS1 N1 N2\nstop-cluster-service N1\ninstall N1", expect![[r#"
            2 required N1: the Cluster service on N1 is still stopped at the end of the plan
        "#]]);
    }

    #[test]
    fn online_on_a_stopped_node_is_another_rule() {
        check_rule(
            ID,
            CLUSTER_2003,
            "take-offline EVS1\nstop-cluster-service N1\nbring-online EVS1\nstart-cluster-service N1",
            expect![""],
        );
    }

    #[test]
    fn started_again_keeps_the_rule() {
        check_rule(ID, CLUSTER_2003, CLUSTER_2003_STEPS, expect![""]);
    }
}
