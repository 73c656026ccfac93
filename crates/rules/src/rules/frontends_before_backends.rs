//! `frontends-before-backends`: Upgrade every front-end server before any back-end server.
//!
//! Exchange 2003 says front ends *must* be upgraded before back ends; Exchange 2000 only
//! recommends it, but still asks for every front end to be done before any back end,
//! because Outlook Web Access scripts served by an old front end do not work with an
//! upgraded back end, while new scripts work with an old back end (SEED, F-03-FB-1,
//! F-00-FB-1..3). Front ends of one version may be upgraded one after another (2000) or
//! together (2003 pools, see `pool-upgraded-together`).
//!
//! The validator reports an `install` on a back end (a back-end server, or a cluster node
//! in an organisation with front ends) while a front end of the same version that the
//! update applies to is not installed yet. Severity: required for 2003, recommended for
//! 2000 and 5.5.
//!
//! Knowledge-base section: `e2003-front-end-back-end`.

use super::{RuleInfo, StepCtx};
use crate::check::Violation;
use crate::sim::{Applies, version_slot};
use crate::steps::Severity;
use crate::{Action, Update, Version};

/// The rule's stable id.
pub const ID: &str = "frontends-before-backends";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Upgrade every front-end server before any back-end server.",
    kb: "e2003-front-end-back-end",
    severity: Severity::Required,
    consequence: "Exchange 2003: the organisation is in an unsupported mixed state and clients that reach an upgraded back end through an old front end can fail. Exchange 2000: Outlook Web Access users get script errors, because the scripts on an old front end do not work with an upgraded back end.",
    unconfirmed: None,
};

/// The rule's severity for back ends of `version`.
pub fn severity_for(version: Version) -> Severity {
    if version == Version::V2003 { Severity::Required } else { Severity::Recommended }
}

/// What users suffer when a back end of `version` goes first: the half of the rule's
/// consequence that fits the version.
fn consequence_for(version: Version) -> &'static str {
    match version {
        Version::V2003 => "The organisation is in an unsupported mixed state, and clients that reach an upgraded back end through an old front end can fail.",
        Version::V2000 => "Outlook Web Access users get script errors, because the scripts on an old front end do not work with an upgraded back end.",
        Version::V55 => INFO.consequence,
    }
}

pub(crate) fn on_step(ctx: &StepCtx<'_, '_>, out: &mut Vec<Violation>) {
    let sim = ctx.sim;
    if ctx.step.action != Action::Install || !sim.is_back_end(ctx.target) || sim.applies_to(ctx.target) != Applies::Yes {
        return;
    }
    let Some(version) = sim.version(ctx.target) else { return };
    let Some(waiting) = sim.old_front_ends.get(version_slot(version)) else { return };
    let Some(first) = waiting.first() else { return };
    let front_end = sim.server(first);
    // For a service pack the front end is named by the level it still runs; for a hotfix,
    // whose required level every server shares, by the hotfix it still lacks.
    let (runs, run, what) = match &sim.topology.update {
        Update::Hotfix(_) => ("lacks", "lack", sim.update_words(version)),
        Update::ServicePack(_) => ("runs", "run", front_end.level.to_string()),
    };
    let others = match waiting.len() - 1 {
        0 => format!(" still {runs}"),
        1 => format!(" and 1 other front end still {run}"),
        more => format!(" and {more} other front ends still {run}"),
    };
    let message = format!("{} is upgraded while front end {}{others} {what}", ctx.target_name(), front_end.name);
    let mut violation = INFO.violation_at(severity_for(version), ctx.n(), ctx.target_name(), message);
    violation.consequence = consequence_for(version).to_string();
    out.push(violation);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use expect_test::expect;

    use super::ID;
    use crate::rules::test_support::*;

    #[test]
    fn back_end_before_front_ends_2003_is_required() {
        check_rule(ID, FRONT_BACK_2003, "install FE1\ninstall BE1\ninstall FE2", expect![[r#"
            2 required BE1: BE1 is upgraded while front end FE2 still runs SP1
        "#]]);
        check_rule(ID, FRONT_BACK_2003, "install BE1\ninstall FE1\ninstall FE2", expect![[r#"
            1 required BE1: BE1 is upgraded while front end FE1 and 1 other front end still run SP1
        "#]]);
    }

    #[test]
    fn back_end_before_front_ends_2000_is_recommended() {
        check_rule(ID, FRONT_BACK_2000, "install FE1\ninstall BE1\ninstall FE2", expect![[r#"
            2 recommended BE1: BE1 is upgraded while front end FE2 still runs SP2
        "#]]);
    }

    #[test]
    fn a_hotfix_names_the_hotfix_the_front_ends_lack() {
        let hotfix = FRONT_BACK_2003.replace(
            r#"{"service_pack": {"2003": "SP2"}}"#,
            r#"{"hotfix": {"id": "KB893624", "version": "2003", "requires": "SP1", "updates_virtual_servers": false}}"#,
        );
        check_rule(ID, &hotfix, "install FE1\ninstall BE1\ninstall FE2", expect![[r#"
            2 required BE1: BE1 is upgraded while front end FE2 still lacks hotfix KB893624
        "#]]);
        check_rule(ID, &hotfix, "install BE1\ninstall FE1\ninstall FE2", expect![[r#"
            1 required BE1: BE1 is upgraded while front end FE1 and 1 other front end still lack hotfix KB893624
        "#]]);
    }

    #[test]
    fn consequence_fits_the_version() {
        for (topology, words) in [(FRONT_BACK_2003, "unsupported mixed state"), (FRONT_BACK_2000, "Outlook Web Access")] {
            let topology: crate::Topology = serde_json::from_str(topology).unwrap();
            let report = crate::check(&topology, &steps("install BE1")).unwrap();
            let violation = report.violations.iter().find(|v| v.rule == ID).unwrap();
            assert!(violation.consequence.contains(words), "{}", violation.consequence);
            assert!(!violation.consequence.contains("Exchange 2003:"), "{}", violation.consequence);
        }
    }

    #[test]
    fn front_ends_first_keeps_the_rule() {
        check_rule(ID, FRONT_BACK_2003, "install FE1\ninstall FE2\ninstall BE1", expect![""]);
        check_rule(ID, FRONT_BACK_2000, "install FE2\ninstall FE1\ninstall BE1", expect![""]);
    }

    #[test]
    fn cluster_nodes_act_as_back_ends() {
        let topology = r#"{
            "servers": [{"name": "FE1", "version": "2003", "level": "SP1", "role": "front-end"}],
            "clusters": [{"name": "C1", "version": "2003", "level": "SP1", "mode": "active-passive",
                "nodes": ["N1", "N2"], "virtual_servers": [{"name": "EVS1", "owner": "N1"}]}],
            "update": {"service_pack": {"2003": "SP2"}}
        }"#;
        check_rule(ID, topology, "stop-cluster-service N2\ninstall N2\ninstall FE1", expect![[r#"
            2 required N2: N2 is upgraded while front end FE1 still runs SP1
        "#]]);
        check_rule(ID, topology, "install FE1\nstop-cluster-service N2\ninstall N2", expect![""]);
    }
}
