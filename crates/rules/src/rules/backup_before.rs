//! `backup-before`: Take a full backup of every server before installing on it.
//!
//! Exchange service packs cannot be uninstalled, so Microsoft's Exchange Server Analyzer
//! recommends a full backup before applying one (S9, R-1); for clusters, back up the node
//! before patching it (S13, F-CL-8).
//!
//! The validator reports an `install` on a server or node when no earlier `backup` step
//! covers it: a backup of the whole organisation (`*`), of the computer itself, or (for a
//! node) of its cluster.
//!
//! Knowledge-base section: `backups`.

use super::{RuleInfo, StepCtx};
use crate::check::Violation;
use crate::sim::Target;
use crate::steps::Severity;
use crate::Action;

/// The rule's stable id.
pub const ID: &str = "backup-before";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Take a full backup of every server before installing on it.",
    kb: "backups",
    severity: Severity::Recommended,
    consequence: "A service pack cannot be uninstalled: if Setup fails, the only way back is a restore, and there is no recent backup to restore.",
    unconfirmed: None,
};

pub(crate) fn on_step(ctx: &StepCtx<'_, '_>, out: &mut Vec<Violation>) {
    if ctx.step.action != Action::Install {
        return;
    }
    let sim = ctx.sim;
    let covered = sim.last_global_backup.is_some()
        || match ctx.target {
            Target::Server(id) => sim.server(id).last_backup.is_some(),
            Target::Node(id) => sim.node(id).last_backup.is_some() || sim.node_cluster(id).last_backup.is_some(),
            _ => true,
        };
    if !covered {
        let message = format!("no backup of {} is taken before Setup runs on it", ctx.target_name());
        out.push(INFO.violation(ctx.n(), ctx.target_name(), message));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::ID;
    use crate::rules::test_support::*;

    #[test]
    fn install_without_backup() {
        check_rule(ID, MIXED_SINGLE, "backup OLD1\ninstall MAIL1\ninstall OLD1\nbackup *", expect![[r#"
            2 recommended MAIL1: no backup of MAIL1 is taken before Setup runs on it
        "#]]);
        check_rule(ID, CLUSTER_2003, "backup EVS1\nmove EVS1 N1 N2\nstop-cluster-service N1\ninstall N1", expect![[r#"
            4 recommended N1: no backup of N1 is taken before Setup runs on it
        "#]]);
    }

    #[test]
    fn backups_first_keep_the_rule() {
        check_rule(ID, MIXED_SINGLE, "backup *\ninstall MAIL1\ninstall OLD1", expect![""]);
        check_rule(ID, CLUSTER_2003, "backup C1\nmove EVS1 N1 N2\nstop-cluster-service N1\ninstall N1", expect![""]);
    }
}
