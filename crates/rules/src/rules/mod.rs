//! The rule registry: one module per rule, each with a stable kebab-case id.
//!
//! A rule states what a plan must do, the knowledge-base section it comes from, and what
//! users suffer when it is broken. The planner cites rule ids on the steps it writes; the
//! validator checks every rule against a simulated run of a step list.

use crate::steps::Severity;

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
    &windows_prerequisite::INFO,
];

/// Looks a rule up by id.
pub fn find(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().copied().find(|rule| rule.id == id)
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
}
