//! `stop-cluster-service-before-install`: Stop the Cluster service on a node before installing
//! on it.
//!
//! KB 328839 says that before installing on a cluster node you must shut the Cluster
//! service down by hand, after moving the groups off the node (SEED, F-CL-2, F-CL-3). The
//! installer stops and restarts the Information Store itself (SEED, F-CL-4) but not the
//! Cluster service.
//!
//! The validator reports an `install` on a node whose Cluster service is running.
//!
//! Knowledge-base section: `cluster-basics`.

use super::{RuleInfo, StepCtx};
use crate::check::Violation;
use crate::sim::Target;
use crate::steps::Severity;
use crate::Action;

/// The rule's stable id.
pub const ID: &str = "stop-cluster-service-before-install";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Stop the Cluster service on a node before installing on it.",
    kb: "cluster-basics",
    severity: Severity::Required,
    consequence: "Setup does not stop the Cluster service itself: the install fails or leaves the node half-updated.",
    unconfirmed: None,
};

pub(crate) fn on_step(ctx: &StepCtx<'_, '_>, out: &mut Vec<Violation>) {
    let (Action::Install, Target::Node(node)) = (ctx.step.action, ctx.target) else { return };
    if !ctx.sim.node(node).service_running {
        return;
    }
    let message = format!("the Cluster service still runs on {} when Setup runs on it", ctx.target_name());
    out.push(INFO.violation(ctx.n(), ctx.target_name(), message));
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::ID;
    use crate::rules::test_support::*;

    #[test]
    fn install_with_the_service_running() {
        check_rule(ID, CLUSTER_2003, "move EVS1 N1 N2\ninstall N1", expect![[r#"
            2 required N1: the Cluster service still runs on N1 when Setup runs on it
        "#]]);
    }

    #[test]
    fn stopped_first_keeps_the_rule() {
        check_rule(ID, CLUSTER_2003, CLUSTER_2003_STEPS, expect![""]);
    }
}
