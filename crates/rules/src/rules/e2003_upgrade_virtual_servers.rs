//! `e2003-upgrade-virtual-servers`: After the nodes of an Exchange 2003 cluster are upgraded,
//! run Upgrade Exchange Virtual Server for every virtual server.
//!
//! An Exchange 2003 cluster is updated in two phases: Setup on the nodes, then Upgrade
//! Exchange Virtual Server in Cluster Administrator for each virtual server (SEED,
//! F-03-CL-1). This is new with Exchange 2003: Exchange 2000 service packs upgrade only the
//! node binaries (S11, F-03-CL-6). It applies to every Exchange 2003 service pack, and to
//! the hotfixes that change the virtual server's data (`updates_virtual_servers`). Upgrade
//! one virtual server at a time (S11, F-03-CL-7): a step list does that by construction.
//!
//! The validator reports, at the end, every virtual server of such a cluster that was never
//! upgraded, and an upgrade of a virtual server that is already upgraded.
//!
//! Knowledge-base section: `e2003-upgrade-virtual-server`.

use super::{RuleInfo, StepCtx};
use crate::check::Violation;
use crate::sim::{Sim, Target};
use crate::steps::Severity;
use crate::Action;

/// The rule's stable id.
pub const ID: &str = "e2003-upgrade-virtual-servers";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "After the nodes of an Exchange 2003 cluster are upgraded, run Upgrade Exchange Virtual Server for every virtual server.",
    kb: "e2003-upgrade-virtual-server",
    severity: Severity::Required,
    consequence: "A virtual server that is not upgraded stays at the old version and will not come online on an upgraded node (event 1025).",
    unconfirmed: None,
};

pub(crate) fn on_step(ctx: &StepCtx<'_, '_>, out: &mut Vec<Violation>) {
    let (Action::UpgradeVirtualServer, Target::Evs(id)) = (ctx.step.action, ctx.target) else { return };
    let evs = ctx.sim.evs(id);
    if let Some((_, first)) = evs.upgrade {
        let message = format!("{} is upgraded again; it was upgraded at step {first}", evs.name);
        out.push(INFO.violation(ctx.n(), evs.name, message));
    }
}

pub(crate) fn at_end(sim: &Sim<'_>, out: &mut Vec<Violation>) {
    for evs in &sim.evs {
        let cluster = sim.cluster(evs.cluster);
        if cluster.upgrades_evs && !evs.upgraded {
            let message = format!("{} (cluster {}) is never upgraded with Upgrade Exchange Virtual Server", evs.name, cluster.name);
            out.push(INFO.violation(None, evs.name, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::ID;
    use crate::rules::test_support::*;

    #[test]
    fn virtual_server_left_old() {
        check_rule(
            ID,
            CLUSTER_2003,
            "move EVS1 N1 N2\nstop-cluster-service N1\ninstall N1\nstart-cluster-service N1",
            expect![[r#"
                end required EVS1: EVS1 (cluster C1) is never upgraded with Upgrade Exchange Virtual Server
            "#]],
        );
    }

    #[test]
    fn upgraded_twice() {
        let steps = format!("{CLUSTER_2003_STEPS}\ntake-offline EVS1\nupgrade-virtual-server EVS1\nbring-online EVS1");
        check_rule(ID, CLUSTER_2003, &steps, expect![[r#"
            16 required EVS1: EVS1 is upgraded again; it was upgraded at step 9
        "#]]);
    }

    #[test]
    fn hotfix_without_virtual_server_changes_needs_no_upgrade() {
        let hotfix = CLUSTER_2003.replace(
            r#"{"service_pack": {"2003": "SP2"}}"#,
            r#"{"hotfix": {"id": "KB123456", "version": "2003", "requires": "SP1"}}"#,
        );
        check_rule(ID, &hotfix, "move EVS1 N1 N2\nstop-cluster-service N1\ninstall N1", expect![""]);
    }

    #[test]
    fn every_virtual_server_upgraded_keeps_the_rule() {
        check_rule(ID, CLUSTER_2003, CLUSTER_2003_STEPS, expect![""]);
    }
}
