//! `back-in-service`: End the plan with every server in service and every virtual server
//! online.
//!
//! Front ends taken out of the load balancer are brought back together after the upgrade
//! (SEED, F-03-LB-1), and virtual servers taken offline for Upgrade Exchange Virtual Server
//! are brought online again (S11, domain.md 1.4 step 7). A plan that ends with something
//! still down has left users without service.
//!
//! The validator reports, at the end, every server out of service and every virtual server
//! offline, at the step that took it down.
//!
//! Knowledge-base section: `before-you-start`.

use super::RuleInfo;
use crate::check::Violation;
use crate::sim::Sim;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "back-in-service";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "End the plan with every server in service and every virtual server online.",
    kb: "before-you-start",
    severity: Severity::Required,
    consequence: "Users stay without the service that was taken down.",
    unconfirmed: None,
};

pub(crate) fn at_end(sim: &Sim<'_>, out: &mut Vec<Violation>) {
    for server in sim.servers.iter().filter(|s| !s.in_service) {
        let message = format!("{} is still out of service at the end of the plan", server.name);
        out.push(INFO.violation(server.offline_step, server.name, message));
    }
    // A virtual server that waits for its owner's Cluster service is left out: that the
    // service is still stopped is `start-cluster-service-after-install`.
    for evs in sim.evs.iter().filter(|e| !e.online && !e.waiting) {
        let message = format!("virtual server {} is still offline at the end of the plan", evs.name);
        out.push(INFO.violation(evs.offline_step, evs.name, message));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::ID;
    use crate::rules::test_support::*;

    #[test]
    fn left_down() {
        check_rule(ID, FRONT_BACK_2003, "take-offline FE1\ntake-offline FE2\ninstall FE1\ninstall FE2\nbring-online FE2", expect![[r#"
            1 required FE1: FE1 is still out of service at the end of the plan
        "#]]);
        check_rule(ID, CLUSTER_2003, "take-offline EVS1", expect![[r#"
            1 required EVS1: virtual server EVS1 is still offline at the end of the plan
        "#]]);
    }

    #[test]
    fn a_stopped_cluster_service_is_another_rule() {
        check_rule(ID, CLUSTER_2003, "stop-cluster-service N1", expect![""]);
    }

    #[test]
    fn brought_back_keeps_the_rule() {
        check_rule(ID, FRONT_BACK_2003, "take-offline FE1\ninstall FE1\nbring-online fe1", expect![""]);
        check_rule(ID, CLUSTER_2003, CLUSTER_2003_STEPS, expect![""]);
    }
}
