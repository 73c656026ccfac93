//! `move-groups-before-install`: Move every cluster group off a node before installing on it.
//!
//! For every clustered scenario KB 328839 repeats the same box: before installing, shut the
//! Cluster service and its dependent resources down by hand, by first moving the cluster
//! groups off the node and then stopping the Cluster service (SEED, F-CL-2, F-CL-3). For
//! Exchange 2003 it adds that moving the virtual server away keeps users' mail access
//! during the upgrade (SEED, F-03-CL-3). The Exchange 5.5 and Exchange 2000 node orders
//! (active or passive node first) are about which node is upgraded first, not about
//! installing under a running virtual server.
//!
//! The validator reports stopping the Cluster service on a node that owns a virtual server
//! (the group then fails over uncontrolled, or goes down), and an `install` on a node that
//! owns a virtual server while its Cluster service still runs. (An install on a node whose
//! service was stopped with a group on it is reported once, at the stop.)
//!
//! Knowledge-base section: `cluster-basics`.

use super::{RuleInfo, StepCtx};
use crate::check::Violation;
use crate::sim::Target;
use crate::steps::Severity;
use crate::Action;

/// The rule's stable id.
pub const ID: &str = "move-groups-before-install";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Move every cluster group off a node before installing on it.",
    kb: "cluster-basics",
    severity: Severity::Required,
    consequence: "Setup stops the Cluster service and its dependent resources: a virtual server still owned by the node goes down for every user, and Setup can fail.",
    unconfirmed: None,
};

pub(crate) fn on_step(ctx: &StepCtx<'_, '_>, out: &mut Vec<Violation>) {
    let Target::Node(node) = ctx.target else { return };
    let sim = ctx.sim;
    if !sim.node(node).service_running {
        return;
    }
    let Some(evs) = sim.owned_evs(node) else { return };
    let (name, evs) = (ctx.target_name(), sim.evs(evs).name);
    let message = match ctx.step.action {
        Action::StopClusterService => format!("the Cluster service on {name} is stopped while {name} still owns virtual server {evs}"),
        Action::Install => format!("{name} still owns virtual server {evs} when Setup runs on it"),
        _ => return,
    };
    out.push(INFO.violation(ctx.n(), name, message));
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::ID;
    use crate::rules::test_support::*;

    #[test]
    fn install_under_a_virtual_server() {
        check_rule(ID, CLUSTER_2003, "install N1", expect![[r#"
            1 required N1: N1 still owns virtual server EVS1 when Setup runs on it
        "#]]);
    }

    #[test]
    fn service_stopped_before_the_move() {
        check_rule(ID, CLUSTER_2003, "stop-cluster-service N1\nmove EVS1 N1 N2\ninstall N1", expect![[r#"
            1 required N1: the Cluster service on N1 is stopped while N1 still owns virtual server EVS1
        "#]]);
    }

    #[test]
    fn moved_first_keeps_the_rule() {
        check_rule(ID, CLUSTER_2003, CLUSTER_2003_STEPS, expect![""]);
    }
}
