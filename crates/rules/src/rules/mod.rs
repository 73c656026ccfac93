//! The rule registry: one module per rule, each with a stable kebab-case id.
//!
//! A rule states what a plan must do, the knowledge-base section it comes from, and what
//! users suffer when it is broken. The planner cites rule ids on the steps it writes; the
//! validator checks every rule against a simulated run of a step list.
//!
//! Each rule file holds, in this order: a doc comment that explains the rule and names its
//! sources (the tags of `domain.md`, with what is unconfirmed), its [`RuleInfo`], its checks,
//! and its tests. The checks come in two shapes, called from `on_step` and `at_end`:
//!
//! - `on_step(ctx, out)` sees one step and the organisation *before* the step's effect, and
//!   pushes a violation for what the step breaks;
//! - `at_end(sim, out)` sees the organisation after the last step, for what a step list
//!   leaves undone.
//!
//! Both read counters the simulation keeps, so a check costs the same whatever the size of
//! the organisation. The tests go through one helper, `test_support::check_rule`, which runs
//! a step list through [`crate::check()`] and compares the rule's violations with a snapshot;
//! every rule has at least one list that breaks it and one that keeps it.
//!
//! To add a rule: add its file and module here, list its `INFO` in [`RULES`], call its checks
//! from `on_step` or `at_end`, and give it a section in the knowledge base.

use std::fmt::Write as _;

use crate::check::Violation;
use crate::sim::{Sim, Target};
use crate::steps::{Action, Severity, Step};

pub mod frontends_before_backends;
pub mod pool_upgraded_together;
pub mod move_groups_before_install;
pub mod stop_cluster_service_before_install;
pub mod start_cluster_service_after_install;
pub mod move_to_running_node;
pub mod one_node_at_a_time;
pub mod e2003_upgrade_virtual_servers;
pub mod evs_offline_for_upgrade;
pub mod evs_upgrade_on_upgraded_owner;
pub mod no_upgraded_evs_on_old_node;
pub mod no_old_evs_online_on_upgraded_node;
pub mod e2003_one_evs_per_node;
pub mod e2000_passive_node_first;
pub mod e2000_active_active_consolidate;
pub mod e55_active_node_first;
pub mod e55_performance_optimizer;
pub mod backup_before;
pub mod backup_after;
pub mod lab_test_first;
pub mod every_server_once;
pub mod back_in_service;
pub mod restart_expectation;
pub mod sbs_standard_procedure;
pub mod windows_prerequisite;

/// What every rule declares about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    /// The stable kebab-case id.
    pub id: &'static str,
    /// What the rule requires, in one sentence.
    pub summary: &'static str,
    /// The knowledge-base section anchor it comes from.
    pub kb: &'static str,
    /// How much breaking it matters (some rules are stricter for some versions).
    pub severity: Severity,
    /// What happens when it is broken, in words a mail administrator understands.
    pub consequence: &'static str,
    /// What part of the rule rests on sources we could not confirm, if any.
    pub unconfirmed: Option<&'static str>,
}

/// Every rule, in catalogue order.
pub static RULES: &[&RuleInfo] = &[
    &frontends_before_backends::INFO,
    &pool_upgraded_together::INFO,
    &move_groups_before_install::INFO,
    &stop_cluster_service_before_install::INFO,
    &start_cluster_service_after_install::INFO,
    &move_to_running_node::INFO,
    &one_node_at_a_time::INFO,
    &e2003_upgrade_virtual_servers::INFO,
    &evs_offline_for_upgrade::INFO,
    &evs_upgrade_on_upgraded_owner::INFO,
    &no_upgraded_evs_on_old_node::INFO,
    &no_old_evs_online_on_upgraded_node::INFO,
    &e2003_one_evs_per_node::INFO,
    &e2000_passive_node_first::INFO,
    &e2000_active_active_consolidate::INFO,
    &e55_active_node_first::INFO,
    &e55_performance_optimizer::INFO,
    &backup_before::INFO,
    &backup_after::INFO,
    &lab_test_first::INFO,
    &every_server_once::INFO,
    &back_in_service::INFO,
    &restart_expectation::INFO,
    &sbs_standard_procedure::INFO,
    &windows_prerequisite::INFO,
];

/// The ids of [`RULES`], in the same order, for finding a rule's position at compile time.
const IDS: [&str; 25] = [
    frontends_before_backends::ID,
    pool_upgraded_together::ID,
    move_groups_before_install::ID,
    stop_cluster_service_before_install::ID,
    start_cluster_service_after_install::ID,
    move_to_running_node::ID,
    one_node_at_a_time::ID,
    e2003_upgrade_virtual_servers::ID,
    evs_offline_for_upgrade::ID,
    evs_upgrade_on_upgraded_owner::ID,
    no_upgraded_evs_on_old_node::ID,
    no_old_evs_online_on_upgraded_node::ID,
    e2003_one_evs_per_node::ID,
    e2000_passive_node_first::ID,
    e2000_active_active_consolidate::ID,
    e55_active_node_first::ID,
    e55_performance_optimizer::ID,
    backup_before::ID,
    backup_after::ID,
    lab_test_first::ID,
    every_server_once::ID,
    back_in_service::ID,
    restart_expectation::ID,
    sbs_standard_procedure::ID,
    windows_prerequisite::ID,
];

/// The position of rule `id` in [`RULES`], for the planner's citations; meant for constants,
/// so that an unknown id stops the build.
#[allow(clippy::indexing_slicing, clippy::panic, reason = "evaluated at compile time, where a panic is a build error")]
pub(crate) const fn position(id: &str) -> u8 {
    let id = id.as_bytes();
    let mut i = 0;
    while i < IDS.len() {
        let known = IDS[i].as_bytes();
        if known.len() == id.len() {
            let mut j = 0;
            while j < id.len() && known[j] == id[j] {
                j += 1;
            }
            if j == id.len() {
                #[allow(clippy::cast_possible_truncation, reason = "the registry holds 25 rules")]
                return i as u8;
            }
        }
        i += 1;
    }
    panic!("not a registered rule id")
}

/// Looks a rule up by id.
pub fn find(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().copied().find(|rule| rule.id == id)
}

/// One step, as the rules see it: the simulated organisation *before* the step's effect,
/// the step, and its resolved names.
#[derive(Debug)]
pub(crate) struct StepCtx<'a, 't> {
    /// The organisation before the step runs.
    pub sim: &'a Sim<'t>,
    /// The step.
    pub step: &'a Step,
    /// The resolved target.
    pub target: Target,
    /// For `move`: the node named in `from`.
    pub from: Option<usize>,
    /// For `move`: the node named in `to`.
    pub to: Option<usize>,
}

impl StepCtx<'_, '_> {
    /// The step number, as a violation gives it.
    pub fn n(&self) -> Option<u32> {
        Some(self.step.n)
    }

    /// The target's display name.
    pub fn target_name(&self) -> &str {
        self.sim.name(self.target)
    }
}

impl RuleInfo {
    /// A violation of this rule at its default severity.
    pub(crate) fn violation(&self, step: Option<u32>, target: &str, message: String) -> Violation {
        self.violation_at(self.severity, step, target, message)
    }

    /// A violation of this rule at `severity`.
    pub(crate) fn violation_at(&self, severity: Severity, step: Option<u32>, target: &str, message: String) -> Violation {
        Violation {
            step,
            rule: self.id.to_string(),
            severity,
            target: target.to_string(),
            message,
            consequence: self.consequence.to_string(),
            kb: self.kb.to_string(),
        }
    }
}

/// Asks every rule about one step, before its effect is applied.
///
/// Only the rules that can break at a step of this action are asked (each rule's own check
/// still looks at the action first); within an action they are asked in catalogue order, so
/// that the violations of one step come in the same order whatever the action.
pub(crate) fn on_step(ctx: &StepCtx<'_, '_>, out: &mut Vec<Violation>) {
    match ctx.step.action {
        Action::Install => {
            frontends_before_backends::on_step(ctx, out);
            pool_upgraded_together::on_step(ctx, out);
            move_groups_before_install::on_step(ctx, out);
            stop_cluster_service_before_install::on_step(ctx, out);
            e2000_passive_node_first::on_step(ctx, out);
            e2000_active_active_consolidate::on_step(ctx, out);
            e55_active_node_first::on_step(ctx, out);
            backup_before::on_step(ctx, out);
            lab_test_first::on_step(ctx, out);
            every_server_once::on_step(ctx, out);
        }
        Action::StopClusterService => {
            move_groups_before_install::on_step(ctx, out);
            one_node_at_a_time::on_step(ctx, out);
        }
        Action::BringOnline => {
            pool_upgraded_together::on_step(ctx, out);
            move_to_running_node::on_step(ctx, out);
            no_old_evs_online_on_upgraded_node::on_step(ctx, out);
        }
        Action::Move => {
            move_to_running_node::on_step(ctx, out);
            no_upgraded_evs_on_old_node::on_step(ctx, out);
            no_old_evs_online_on_upgraded_node::on_step(ctx, out);
            e2003_one_evs_per_node::on_step(ctx, out);
        }
        Action::UpgradeVirtualServer => {
            e2003_upgrade_virtual_servers::on_step(ctx, out);
            evs_offline_for_upgrade::on_step(ctx, out);
            evs_upgrade_on_upgraded_owner::on_step(ctx, out);
        }
        Action::Backup
        | Action::TestInLab
        | Action::TakeOffline
        | Action::Restart
        | Action::StartClusterService
        | Action::RunPerformanceOptimizer
        | Action::Verify => {}
    }
}

/// Asks every rule about the state at the end of the step list.
pub(crate) fn at_end(sim: &Sim<'_>, out: &mut Vec<Violation>) {
    start_cluster_service_after_install::at_end(sim, out);
    e2003_upgrade_virtual_servers::at_end(sim, out);
    e55_performance_optimizer::at_end(sim, out);
    backup_after::at_end(sim, out);
    every_server_once::at_end(sim, out);
    back_in_service::at_end(sim, out);
    restart_expectation::at_end(sim, out);
}

/// Words for the knowledge-base sections the rules cite, used as link text.
fn section_words(anchor: &str) -> &str {
    match anchor {
        "before-you-start" => "Before you start",
        "lab-testing" => "Test in a laboratory first",
        "backups" => "Backups",
        "restarts" => "Restarts",
        "cluster-basics" => "The cluster procedure",
        "e2003-front-end-back-end" => "Exchange Server 2003 front ends and back ends",
        "e2003-load-balanced-front-ends" => "Exchange Server 2003 load-balanced front ends",
        "e2003-cluster" => "Exchange Server 2003 clusters",
        "e2003-upgrade-virtual-server" => "Upgrade Exchange Virtual Server",
        "e2003-multi-node" => "Clusters of more than two nodes",
        "event-1025" => "Event 1025",
        "error-c1037b44" => "Error c1037b44",
        "e2000-prerequisites" => "Prerequisites for Exchange 2000 SP3",
        "e2000-active-passive" => "Exchange 2000 active/passive cluster",
        "e2000-active-active" => "Exchange 2000 active/active cluster",
        "e55-cluster" => "Exchange Server 5.5 clustered server",
        "e55-performance-optimizer" => "Performance Optimizer",
        "e2003-sbs" => "Small Business Server 2003",
        other => other,
    }
}

/// The severity of a rule in words, with the exceptions some rules make per version.
fn severity_words(rule: &RuleInfo) -> String {
    let base = match rule.severity {
        Severity::Required => "required",
        Severity::Recommended => "recommended",
    };
    if rule.id == frontends_before_backends::ID {
        return format!("{base} for Exchange Server 2003, recommended for Exchange 2000 Server");
    }
    base.to_string()
}

/// Puts each sentence of `text` on a line of its own, as the content files are written.
fn one_sentence_per_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(end) = rest.find(". ") {
        let (sentence, tail) = rest.split_at(end + 1);
        out.push_str(sentence);
        out.push('\n');
        rest = tail.trim_start();
    }
    out.push_str(rest);
    out
}

/// The rule catalogue page of the knowledge base (`content/rules.md`), generated from the
/// registry: one section `rule-<id>` per rule, with its id, severity, consequence and a link
/// to the section it comes from.
pub fn catalogue_markdown() -> String {
    let mut page = String::new();
    page.push_str("+++\nid = \"rules\"\ntitle = \"Rule catalogue\"\nversions = []\norder = 90\n+++\n\n");
    page.push_str("## Rule catalogue {#rules}\n\n");
    page.push_str("The planner orders its steps by these rules, and the what-if mode checks any order against them.\n");
    page.push_str("Each rule has a stable id, which plans and reports cite.\n");
    page.push_str("A required rule protects the upgrade or client access; a recommended one saves trouble but can be traded for something else.\n");
    page.push_str("This page is generated from the rule registry of the planner; do not edit it by hand.\n");
    for rule in RULES {
        let heading = rule.summary.strip_suffix('.').unwrap_or(rule.summary);
        let _ = write!(
            page,
            "\n## {heading} {{#rule-{id}}}\n\nId: `{id}`.\nSeverity: {severity}.\nWhen it is broken: {consequence}\n",
            id = rule.id,
            severity = severity_words(rule),
            consequence = one_sentence_per_line(rule.consequence),
        );
        if let Some(note) = rule.unconfirmed {
            let _ = writeln!(page, "{note} [unconfirmed]");
        }
        let _ = writeln!(page, "Source: [{}](#{}).", section_words(rule.kb), rule.kb);
    }
    page
}

/// The shared helper for every rule's tests: runs a step list through [`crate::check`] and
/// compares the violations of one rule with an expect-test snapshot.
#[cfg(test)]
pub(crate) mod test_support {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

    use crate::{Action, Step, Topology};

    /// Two load-balanced Exchange 2003 front ends in pool WEB and one back end.
    pub(crate) const FRONT_BACK_2003: &str = r#"{
        "servers": [
            {"name": "FE1", "version": "2003", "level": "SP1", "role": "front-end", "pool": "WEB"},
            {"name": "FE2", "version": "2003", "level": "SP1", "role": "front-end", "pool": "WEB"},
            {"name": "BE1", "version": "2003", "level": "SP1", "role": "back-end"}
        ],
        "update": {"service_pack": {"2003": "SP2"}}
    }"#;

    /// Two Exchange 2000 front ends and one back end.
    pub(crate) const FRONT_BACK_2000: &str = r#"{
        "servers": [
            {"name": "FE1", "version": "2000", "level": "SP2", "role": "front-end"},
            {"name": "FE2", "version": "2000", "level": "SP2", "role": "front-end"},
            {"name": "BE1", "version": "2000", "level": "SP2", "role": "back-end"}
        ],
        "update": {"service_pack": {"2000": "SP3"}}
    }"#;

    /// A two-node Exchange 2003 cluster: EVS1 on N1, N2 passive.
    pub(crate) const CLUSTER_2003: &str = r#"{
        "clusters": [{"name": "C1", "version": "2003", "level": "SP1", "mode": "active-passive",
            "nodes": ["N1", "N2"], "virtual_servers": [{"name": "EVS1", "owner": "N1"}]}],
        "update": {"service_pack": {"2003": "SP2"}}
    }"#;

    /// The procedure that keeps every rule on [`CLUSTER_2003`].
    pub(crate) const CLUSTER_2003_STEPS: &str = "
        test-in-lab *
        backup *
        move EVS1 N1 N2
        stop-cluster-service N1
        install N1
        start-cluster-service N1
        take-offline EVS1
        move EVS1 N2 N1
        upgrade-virtual-server EVS1
        bring-online EVS1
        stop-cluster-service N2
        install N2
        start-cluster-service N2
        backup *
    ";

    /// A three-node Exchange 2003 cluster: EVS1 on N1, EVS2 on N2, N3 passive.
    pub(crate) const CLUSTER_2003_THREE: &str = r#"{
        "clusters": [{"name": "C1", "version": "2003", "level": "SP1", "mode": "active-passive",
            "nodes": ["N1", "N2", "N3"],
            "virtual_servers": [{"name": "EVS1", "owner": "N1"}, {"name": "EVS2", "owner": "N2"}]}],
        "update": {"service_pack": {"2003": "SP2"}}
    }"#;

    /// A two-node Exchange 2000 active/passive cluster: EVS1 on N1, N2 passive.
    pub(crate) const CLUSTER_2000_AP: &str = r#"{
        "clusters": [{"name": "C1", "version": "2000", "level": "SP2", "mode": "active-passive",
            "nodes": ["N1", "N2"], "virtual_servers": [{"name": "EVS1", "owner": "N1"}]}],
        "update": {"service_pack": {"2000": "SP3"}}
    }"#;

    /// A two-node Exchange 2000 active/active cluster: EVS1 on N1, EVS2 on N2.
    pub(crate) const CLUSTER_2000_AA: &str = r#"{
        "clusters": [{"name": "C1", "version": "2000", "level": "SP2", "mode": "active-active",
            "nodes": ["N1", "N2"],
            "virtual_servers": [{"name": "EVS1", "owner": "N1"}, {"name": "EVS2", "owner": "N2"}]}],
        "update": {"service_pack": {"2000": "SP3"}}
    }"#;

    /// A two-node Exchange 5.5 cluster: EVS1 on N1, N2 passive.
    pub(crate) const CLUSTER_55: &str = r#"{
        "clusters": [{"name": "C1", "version": "5.5", "level": "SP3", "mode": "active-passive",
            "nodes": ["N1", "N2"], "virtual_servers": [{"name": "EVS1", "owner": "N1"}]}],
        "update": {"service_pack": {"5.5": "SP4"}}
    }"#;

    /// One Exchange 2003 server and one Exchange 5.5 server, both updated.
    pub(crate) const MIXED_SINGLE: &str = r#"{
        "servers": [
            {"name": "MAIL1", "version": "2003", "level": "SP1"},
            {"name": "OLD1", "version": "5.5", "level": "SP3"},
            {"name": "REMOTE1", "version": "2000", "level": "SP2", "remote": true}
        ],
        "update": {"service_pack": {"2003": "SP2", "2000": "SP3", "5.5": "SP4"}}
    }"#;

    /// Reads steps written one per line as `action target [from to]`, numbered from 1.
    pub(crate) fn steps(text: &str) -> Vec<Step> {
        text.lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .enumerate()
            .map(|(i, line)| {
                let words: Vec<&str> = line.split_whitespace().collect();
                let action = Action::ALL
                    .into_iter()
                    .find(|a| a.as_str() == words[0])
                    .unwrap_or_else(|| panic!("unknown action in test step `{line}`"));
                let mut step = Step::bare(u32::try_from(i + 1).unwrap(), action, words[1]);
                if words.len() == 4 {
                    step.from = Some(words[2].into());
                    step.to = Some(words[3].into());
                }
                step
            })
            .collect()
    }

    /// Checks `steps` against `topology` and renders the violations of `rule`, one a line:
    /// `step severity target: message`.
    pub(crate) fn check_rule(rule: &str, topology: &str, steps_text: &str, expect: expect_test::Expect) {
        let topology: Topology = serde_json::from_str(topology).unwrap();
        let report = crate::check(&topology, &steps(steps_text)).unwrap();
        let mut out = String::new();
        for v in report.violations.iter().filter(|v| v.rule == rule) {
            let step = v.step.map_or_else(|| "end".to_string(), |n| n.to_string());
            let severity = match v.severity {
                crate::Severity::Required => "required",
                crate::Severity::Recommended => "recommended",
            };
            out.push_str(&format!("{step} {severity} {}: {}\n", v.target, v.message));
        }
        expect.assert_eq(&out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
            assert!(
                rule.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "rule id {} is not kebab-case",
                rule.id
            );
            assert!(!rule.summary.is_empty() && !rule.consequence.is_empty() && !rule.kb.is_empty());
        }
    }

    #[test]
    fn catalogue_has_a_section_per_rule() {
        let page = catalogue_markdown();
        assert!(page.starts_with("+++\nid = \"rules\"\ntitle = \"Rule catalogue\"\n"));
        assert!(page.contains("{#rules}"));
        for rule in RULES {
            let anchor = format!("{{#rule-{}}}", rule.id);
            assert_eq!(page.matches(&anchor).count(), 1, "{anchor}");
            assert!(page.contains(&format!("](#{})", rule.kb)), "{}", rule.kb);
        }
        assert!(page.contains("required for Exchange Server 2003, recommended for Exchange 2000 Server"));
        for rule in RULES.iter().filter(|rule| rule.unconfirmed.is_some()) {
            let section = page.split(&format!("{{#rule-{}}}", rule.id)).nth(1).unwrap_or_default();
            let section = section.split("\n## ").next().unwrap_or_default();
            assert!(section.contains("[unconfirmed]"), "{}", rule.id);
        }
    }

    #[test]
    fn positions_follow_the_registry() {
        assert_eq!(IDS.len(), RULES.len());
        for (i, rule) in RULES.iter().enumerate() {
            assert_eq!(usize::from(position(rule.id)), i, "{}", rule.id);
        }
    }

    #[test]
    fn sentences_go_on_lines_of_their_own() {
        assert_eq!(one_sentence_per_line("One. Two: three. Four"), "One.\nTwo: three.\nFour");
        assert_eq!(one_sentence_per_line("No full stop"), "No full stop");
    }
}
