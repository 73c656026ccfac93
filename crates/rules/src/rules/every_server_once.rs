//! `every-server-once`: Install the update exactly once on every server and node it applies
//! to.
//!
//! Install the same updates on every node of a cluster and do not leave nodes at different
//! levels (S6, S12, F-CL-5); every front end before any back end (SEED) presumes every
//! server is done. A service pack applies to the servers of the versions it names that run
//! a lower level; a hotfix to every server of its version at exactly its required level
//! (ARCHITECTURE.md, "Step semantics"). Service packs are cumulative, so one install is
//! enough (S5, S17, R-10).
//!
//! The validator reports an `install` on a server or node the update does not apply to, a
//! second `install` on the same computer, and, at the end, every server and node the update
//! applies to that was never installed.
//!
//! Knowledge-base section: `before-you-start`.

use super::{RuleInfo, StepCtx};
use crate::check::Violation;
use crate::sim::{Applies, Sim, Target};
use crate::steps::Severity;
use crate::{Action, Update};

/// The rule's stable id.
pub const ID: &str = "every-server-once";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Install the update exactly once on every server and node it applies to.",
    kb: "before-you-start",
    severity: Severity::Required,
    consequence: "A server or node left at the old level keeps the organisation mixed: clients, failover or virtual server moves break later; an install where the update does not apply fails or downgrades.",
    unconfirmed: None,
};

/// Why the update does not apply to `target`.
fn why_not(ctx: &StepCtx<'_, '_>) -> String {
    let sim = ctx.sim;
    let name = ctx.target_name();
    let (Some(version), Some(level)) = (sim.version(ctx.target), sim.start_level(ctx.target)) else {
        return format!("the update does not apply to {name}");
    };
    if sim.applies_to(ctx.target) == Applies::AlreadyAtTarget {
        return format!("{name} already runs {level}");
    }
    match &sim.topology.update {
        Update::ServicePack(levels) => match levels.get(&version) {
            None => format!("the update has no service pack for {name}, which runs {}", version.product()),
            Some(target) => format!("{name} runs {level}, above {target}"),
        },
        Update::Hotfix(hotfix) if hotfix.version != version => {
            format!("hotfix {} is for {}, and {name} runs {}", hotfix.id, hotfix.version.product(), version.product())
        }
        Update::Hotfix(hotfix) => format!("hotfix {} requires {}, and {name} runs {level}", hotfix.id, hotfix.requires),
    }
}

pub(crate) fn on_step(ctx: &StepCtx<'_, '_>, out: &mut Vec<Violation>) {
    if ctx.step.action != Action::Install {
        return;
    }
    let sim = ctx.sim;
    let name = ctx.target_name();
    let first = match ctx.target {
        Target::Server(id) => sim.server(id).last_install,
        Target::Node(id) => sim.node(id).last_install,
        _ => return,
    };
    if sim.applies_to(ctx.target) != Applies::Yes {
        out.push(INFO.violation(ctx.n(), name, why_not(ctx)));
    } else if let Some((_, earlier)) = first {
        let message = format!("{name} is installed again; it was installed at step {earlier}");
        out.push(INFO.violation(ctx.n(), name, message));
    }
}

pub(crate) fn at_end(sim: &Sim<'_>, out: &mut Vec<Violation>) {
    for server in &sim.servers {
        if server.applies == Applies::Yes && server.installs == 0 {
            let message = format!("{} is never upgraded; it still runs {}", server.name, server.level);
            out.push(INFO.violation(None, server.name, message));
        }
    }
    for node in &sim.nodes {
        let cluster = sim.cluster(node.cluster);
        if cluster.applies == Applies::Yes && node.installs == 0 {
            let message = format!("node {} of cluster {} is never upgraded; it still runs {}", node.name, cluster.name, cluster.level);
            out.push(INFO.violation(None, node.name, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::ID;
    use crate::rules::test_support::*;

    #[test]
    fn missing_and_duplicate_installs() {
        check_rule(ID, MIXED_SINGLE, "install MAIL1\ninstall OLD1\ninstall mail1", expect![[r#"
            3 required MAIL1: MAIL1 is installed again; it was installed at step 1
            end required REMOTE1: REMOTE1 is never upgraded; it still runs SP2
        "#]]);
        check_rule(ID, CLUSTER_2003, "move EVS1 N1 N2\nstop-cluster-service N1\ninstall N1", expect![[r#"
            end required N2: node N2 of cluster C1 is never upgraded; it still runs SP1
        "#]]);
    }

    #[test]
    fn installs_where_the_update_does_not_apply() {
        let topology = r#"{
            "servers": [
                {"name": "NEW1", "version": "2003", "level": "SP2"},
                {"name": "OLD1", "version": "2000", "level": "SP3"},
                {"name": "MAIL1", "version": "2003", "level": "SP1"}
            ],
            "update": {"service_pack": {"2003": "SP2"}}
        }"#;
        check_rule(ID, topology, "install NEW1\ninstall OLD1\ninstall MAIL1", expect![[r#"
            1 required NEW1: NEW1 already runs SP2
            2 required OLD1: the update has no service pack for OLD1, which runs Exchange 2000 Server
        "#]]);
        let hotfix = r#"{
            "servers": [
                {"name": "MAIL1", "version": "2003", "level": "SP1"},
                {"name": "OLD1", "version": "2000", "level": "SP3"}
            ],
            "update": {"hotfix": {"id": "KB123456", "version": "2003", "requires": "SP2"}}
        }"#;
        check_rule(ID, hotfix, "install MAIL1\ninstall OLD1", expect![[r#"
            1 required MAIL1: hotfix KB123456 requires SP2, and MAIL1 runs SP1
            2 required OLD1: hotfix KB123456 is for Exchange Server 2003, and OLD1 runs Exchange 2000 Server
        "#]]);
    }

    #[test]
    fn each_once_keeps_the_rule() {
        check_rule(ID, MIXED_SINGLE, "install MAIL1\ninstall OLD1\ninstall REMOTE1", expect![""]);
        check_rule(ID, CLUSTER_2003, CLUSTER_2003_STEPS, expect![""]);
    }
}
