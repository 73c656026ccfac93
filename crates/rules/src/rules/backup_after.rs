//! `backup-after`: Take a new full backup after the update.
//!
//! After Exchange 2000 SP2, backups taken on the original release or SP1 cannot be restored
//! (KB 316794, title only in the SEED; details unconfirmed, R-3). Likewise, once databases
//! are mounted by a new version, backups from the earlier version may no longer restore,
//! so back up right after upgrading (S11 page 2, R-4); the Exchange Server Analyzer
//! recommends a full backup before and after (S9, R-1).
//!
//! The validator reports, at the end, every upgraded server, node and virtual server that no
//! later `backup` step covers (of `*`, of itself, or of its cluster). When nothing at all is
//! backed up after the update, it reports that once, for the whole organisation.
//!
//! Knowledge-base section: `backups`.

use super::RuleInfo;
use crate::check::Violation;
use crate::sim::Sim;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "backup-after";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Take a new full backup after the update.",
    kb: "backups",
    severity: Severity::Recommended,
    consequence: "Backups taken before the update may not restore on the new version (after Exchange 2000 SP2, backups from the original release or SP1 cannot be restored).",
    unconfirmed: Some("The details of the Exchange 2000 SP2 restore restriction were not found; only the article's title is known."),
};

/// Whether a backup at one of `backups` comes after position `pos`.
fn after(pos: usize, backups: [Option<usize>; 3]) -> bool {
    backups.into_iter().flatten().any(|b| b > pos)
}

pub(crate) fn at_end(sim: &Sim<'_>, out: &mut Vec<Violation>) {
    let global = sim.last_global_backup;
    let mut missing: Vec<(&str, u32)> = Vec::new();
    let mut upgraded = 0_usize;
    for server in &sim.servers {
        if let Some((pos, n)) = server.last_install {
            upgraded += 1;
            if !after(pos, [global, server.last_backup, None]) {
                missing.push((server.name, n));
            }
        }
    }
    for node in &sim.nodes {
        if let Some((pos, n)) = node.last_install {
            upgraded += 1;
            if !after(pos, [global, node.last_backup, sim.cluster(node.cluster).last_backup]) {
                missing.push((node.name, n));
            }
        }
    }
    for evs in &sim.evs {
        if let Some((pos, n)) = evs.upgrade {
            upgraded += 1;
            if !after(pos, [global, evs.last_backup, sim.cluster(evs.cluster).last_backup]) {
                missing.push((evs.name, n));
            }
        }
    }
    if missing.is_empty() {
        return;
    }
    if missing.len() == upgraded {
        out.push(INFO.violation(None, "*", "no backup is taken after the update".to_string()));
        return;
    }
    for (name, n) in missing {
        let message = format!("no backup of {name} is taken after it is upgraded at step {n}");
        out.push(INFO.violation(Some(n), name, message));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::ID;
    use crate::rules::test_support::*;

    #[test]
    fn nothing_backed_up_after() {
        check_rule(ID, MIXED_SINGLE, "backup *\ninstall MAIL1\ninstall OLD1", expect![[r#"
            end recommended *: no backup is taken after the update
        "#]]);
    }

    #[test]
    fn one_server_missed() {
        check_rule(ID, MIXED_SINGLE, "install MAIL1\nbackup MAIL1\ninstall OLD1", expect![[r#"
            3 recommended OLD1: no backup of OLD1 is taken after it is upgraded at step 3
        "#]]);
    }

    #[test]
    fn virtual_server_upgrade_needs_a_backup_after() {
        let steps = format!("{CLUSTER_2003_STEPS}\nbackup N1\nbackup N2").replacen("backup *", "backup C1", 1);
        let steps = steps.replacen("        backup *\n", "", 1);
        check_rule(ID, CLUSTER_2003, &steps, expect![[r#"
            9 recommended EVS1: no backup of EVS1 is taken after it is upgraded at step 9
        "#]]);
    }

    #[test]
    fn backup_at_the_end_keeps_the_rule() {
        check_rule(ID, MIXED_SINGLE, "install MAIL1\ninstall OLD1\nbackup *", expect![""]);
        check_rule(ID, CLUSTER_2003, CLUSTER_2003_STEPS, expect![""]);
    }
}
