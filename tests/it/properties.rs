//! Property tests over generated organisations of every shape.
//!
//! The generator builds topologies that `Topology::from_json` must accept: servers of each
//! version and role, load-balanced pools, clusters of two to four nodes in both modes with
//! valid virtual-server owners, levels given as a level or as a build number, service-pack
//! maps and hotfixes that apply. For each one:
//!
//! - the validator finds no violation in the planner's plan, and the plan's totals and
//!   availability equal the validator's (see `scenarios::plan_invariants`);
//! - every server and node the update applies to is installed exactly once, and nothing
//!   else is installed (worked out here from the generated levels, not by the crate);
//! - planning is deterministic and does not depend on the order of servers, clusters,
//!   nodes and virtual servers in the input, nor on a round trip through JSON;
//! - every step cites known rules and a knowledge-base section;
//! - restart predictions follow the version, the cluster and Terminal Services;
//! - a whole pool is out of service only with the `together` strategy (or a pool of one),
//!   and front ends and virtual servers are down only when they are updated;
//! - every Exchange 2003 virtual server is upgraded exactly once when the update needs it;
//! - the validator notices a plan that lacks any step the upgrade needs, or that installs
//!   a back end before the front ends of its version;
//! - any step list, random or a shuffled part of a plan, gets a report or a step error
//!   from the validator, never a panic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::test_runner::Config;
use sp_rules::{
    Action, Cluster, ClusterMode, Hotfix, Level, Options, PoolStrategy, Role, Server, Topology, Update, Version,
    VirtualServer, Windows, check, plan, rules,
};

use crate::scenarios::plan_invariants;

const LEVELS: [Level; 5] = [Level::Rtm, Level::Sp1, Level::Sp2, Level::Sp3, Level::Sp4];

/// The levels that exist for `version`, oldest first.
fn levels_of(version: Version) -> Vec<Level> {
    LEVELS.iter().copied().filter(|level| version.has_level(*level)).collect()
}

/// The build number of the original release or a service pack, from the build table in
/// domain.md.
fn build_of(version: Version, level: Level) -> String {
    let (prefix, builds): (&str, &[u32]) = match version {
        Version::V55 => ("5.5", &[1960, 2232, 2448, 2650, 2653]),
        Version::V2000 => ("6.0", &[4417, 4712, 5762, 6249]),
        Version::V2003 => ("6.5", &[6944, 7226, 7638]),
    };
    let index = LEVELS.iter().position(|l| *l == level).unwrap();
    format!("{prefix}.{}", builds[index])
}

/// The update as generated: picks that `build` turns into a valid update.
#[derive(Debug, Clone)]
enum UpdateSpec {
    /// Versions (by index) and a pick of the target service pack for each.
    ServicePack(Vec<(usize, usize)>),
    /// Version index, a pick of the required level, and `updates_virtual_servers`.
    Hotfix(usize, usize, bool),
}

#[derive(Debug, Clone)]
struct ServerSpec {
    version: usize,
    /// 0 standalone, 1 front end, 2 back end.
    role: usize,
    /// A pool number for front ends; `None` for a lone front end.
    pool: Option<usize>,
    sbs: bool,
    remote: bool,
    level: usize,
    by_build: bool,
    windows: bool,
}

#[derive(Debug, Clone)]
struct ClusterSpec {
    version: usize,
    active_active: bool,
    nodes: usize,
    /// One pick per virtual server; `build` turns them into valid owners.
    owners: Vec<usize>,
    level: usize,
    by_build: bool,
    remote: bool,
    windows: bool,
}

#[derive(Debug, Clone)]
struct Spec {
    update: UpdateSpec,
    servers: Vec<ServerSpec>,
    clusters: Vec<ClusterSpec>,
    rolling: bool,
}

fn update_spec() -> impl Strategy<Value = UpdateSpec> {
    prop_oneof![
        3 => prop::collection::btree_map(0..3_usize, 0..4_usize, 1..=3)
            .prop_map(|map| UpdateSpec::ServicePack(map.into_iter().collect())),
        1 => (0..3_usize, 0..5_usize, any::<bool>()).prop_map(|(v, l, u)| UpdateSpec::Hotfix(v, l, u)),
    ]
}

fn server_spec() -> impl Strategy<Value = ServerSpec> {
    (
        0..3_usize,
        0..3_usize,
        prop::option::weighted(0.6, 0..2_usize),
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.2),
        0..5_usize,
        prop::bool::weighted(0.2),
        any::<bool>(),
    )
        .prop_map(|(version, role, pool, sbs, remote, level, by_build, windows)| ServerSpec {
            version,
            role,
            pool,
            sbs,
            remote,
            level,
            by_build,
            windows,
        })
}

fn cluster_spec() -> impl Strategy<Value = ClusterSpec> {
    (
        0..3_usize,
        any::<bool>(),
        2..=4_usize,
        prop::collection::vec(0..4_usize, 0..=4),
        0..5_usize,
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.2),
        any::<bool>(),
    )
        .prop_map(|(version, active_active, nodes, owners, level, by_build, remote, windows)| ClusterSpec {
            version,
            active_active,
            nodes,
            owners,
            level,
            by_build,
            remote,
            windows,
        })
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        update_spec(),
        prop::collection::vec(server_spec(), 0..12),
        prop::collection::vec(cluster_spec(), 0..5),
        any::<bool>(),
    )
        .prop_map(|(update, servers, clusters, rolling)| Spec { update, servers, clusters, rolling })
}

/// The update a [`UpdateSpec`] stands for.
fn build_update(spec: &UpdateSpec) -> Update {
    match spec {
        UpdateSpec::ServicePack(picks) => {
            let mut map = BTreeMap::new();
            for (version, pick) in picks {
                let version = Version::ALL[*version];
                // A target service pack: any level but the original release.
                let targets = &levels_of(version)[1..];
                map.insert(version, targets[pick % targets.len()]);
            }
            Update::ServicePack(map)
        }
        UpdateSpec::Hotfix(version, pick, virtual_servers) => {
            let version = Version::ALL[*version];
            let levels = levels_of(version);
            Update::Hotfix(Hotfix {
                id: format!("KB{}", 800_000 + pick),
                version,
                requires: levels[pick % levels.len()],
                updates_virtual_servers: *virtual_servers && version == Version::V2003,
            })
        }
    }
}

/// The levels a server of `version` may be at for `update` to be valid: up to the target
/// for a service pack, exactly the required level for a hotfix, anything otherwise.
fn allowed_levels(update: &Update, version: Version) -> Vec<Level> {
    match update {
        Update::ServicePack(map) => match map.get(&version) {
            Some(target) => levels_of(version).into_iter().filter(|level| level <= target).collect(),
            None => levels_of(version),
        },
        Update::Hotfix(hotfix) if hotfix.version == version => vec![hotfix.requires],
        Update::Hotfix(_) => levels_of(version),
    }
}

/// Whether `update` is installed on a server of `version` at `level`, worked out from the
/// step semantics in ARCHITECTURE.md.
fn installs(update: &Update, version: Version, level: Level) -> bool {
    match update {
        Update::ServicePack(map) => map.get(&version).is_some_and(|target| level < *target),
        Update::Hotfix(hotfix) => hotfix.version == version && hotfix.requires == level,
    }
}

fn windows_for(version: Version) -> Windows {
    Windows(
        match version {
            Version::V55 => "NT4 SP6a",
            Version::V2000 => "2000 SP4",
            Version::V2003 => "2003 SP1",
        }
        .to_owned(),
    )
}

/// Sets the level of a server or cluster, as a level or as a build number.
fn level_fields(version: Version, level: Level, by_build: bool) -> (Option<Level>, Option<String>) {
    if by_build { (None, Some(build_of(version, level))) } else { (Some(level), None) }
}

/// The topology a [`Spec`] stands for; valid by construction.
fn build(spec: &Spec) -> Topology {
    let update = build_update(&spec.update);
    let mut servers = Vec::new();
    for (i, s) in spec.servers.iter().enumerate() {
        let version = Version::ALL[s.version];
        let allowed = allowed_levels(&update, version);
        let level = allowed[s.level % allowed.len()];
        let role = match (version, s.role) {
            (Version::V55, _) | (_, 0) => Role::Standalone,
            (_, 1) => Role::FrontEnd,
            _ => Role::BackEnd,
        };
        let pool = match (role, s.pool) {
            (Role::FrontEnd, Some(pool)) => Some(format!("POOL{}-{pool}", version.as_str())),
            _ => None,
        };
        let (level, build) = level_fields(version, level, s.by_build);
        servers.push(Server {
            name: format!("SRV{i}"),
            version,
            level,
            build,
            role,
            pool,
            sbs: s.sbs && role == Role::Standalone,
            remote: s.remote,
            windows: s.windows.then(|| windows_for(version)),
        });
    }
    let mut clusters = Vec::new();
    for (i, c) in spec.clusters.iter().enumerate() {
        let version = Version::ALL[c.version];
        let allowed = allowed_levels(&update, version);
        let level = allowed[c.level % allowed.len()];
        let nodes = match (version, c.active_active) {
            (Version::V55, _) | (Version::V2003, true) => 2,
            _ => c.nodes,
        };
        let mode = if c.active_active && version != Version::V55 {
            ClusterMode::ActiveActive
        } else {
            ClusterMode::ActivePassive
        };
        let node_names: Vec<String> = (0..nodes).map(|j| format!("CL{i}N{j}")).collect();
        let most = match mode {
            ClusterMode::ActivePassive => nodes - 1,
            ClusterMode::ActiveActive => nodes + 1,
        };
        let one_per_node = version == Version::V2003 && nodes > 2;
        let mut free: Vec<usize> = (0..nodes).collect();
        let mut virtual_servers = Vec::new();
        for (k, pick) in c.owners.iter().take(most).enumerate() {
            let owner = if one_per_node { free.remove(pick % free.len()) } else { pick % nodes };
            virtual_servers.push(VirtualServer { name: format!("CL{i}EVS{k}"), owner: node_names[owner].clone() });
        }
        let (level, build) = level_fields(version, level, c.by_build);
        clusters.push(Cluster {
            name: format!("CL{i}"),
            version,
            level,
            build,
            mode,
            nodes: node_names,
            virtual_servers,
            remote: c.remote,
            windows: c.windows.then(|| windows_for(version)),
        });
    }
    let mut topology = Topology {
        format: Some(sp_rules::TOPOLOGY_FORMAT.to_owned()),
        name: "Generated".to_owned(),
        servers,
        clusters,
        update,
        options: Options { front_end_pool: if spec.rolling { PoolStrategy::Rolling } else { PoolStrategy::Together } },
    };
    // An update must be installed somewhere: add a server that needs it when none does.
    if install_names(&topology).is_empty() {
        let (version, level) = match &topology.update {
            Update::ServicePack(map) => map.keys().next().map_or((Version::V2003, Level::Rtm), |v| (*v, Level::Rtm)),
            Update::Hotfix(hotfix) => (hotfix.version, hotfix.requires),
        };
        topology.servers.push(Server {
            name: "EXTRA".to_owned(),
            version,
            level: Some(level),
            build: None,
            role: Role::Standalone,
            pool: None,
            sbs: false,
            remote: false,
            windows: None,
        });
    }
    topology
}

/// The level of a generated server or cluster (levels and builds both resolve here).
fn generated_level(version: Version, level: Option<Level>, build: Option<&String>) -> Level {
    match (level, build) {
        (Some(level), _) => level,
        (None, Some(build)) => *LEVELS.iter().find(|l| build_of(version, **l) == *build).unwrap(),
        (None, None) => panic!("a generated server has a level or a build"),
    }
}

/// The names of the servers and nodes the update must be installed on, sorted.
fn install_names(topology: &Topology) -> Vec<String> {
    let mut names = Vec::new();
    for server in &topology.servers {
        let level = generated_level(server.version, server.level, server.build.as_ref());
        if installs(&topology.update, server.version, level) {
            names.push(server.name.clone());
        }
    }
    for cluster in &topology.clusters {
        let level = generated_level(cluster.version, cluster.level, cluster.build.as_ref());
        if installs(&topology.update, cluster.version, level) {
            names.extend(cluster.nodes.iter().cloned());
        }
    }
    names.sort();
    names
}

/// A small deterministic generator for shuffling with a shrinkable seed.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % u64::try_from(bound).unwrap()).unwrap()
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// The same organisation with servers, clusters, nodes and virtual servers in another order.
fn shuffled(topology: &Topology, seed: u64) -> Topology {
    let mut rng = XorShift(seed | 1);
    let mut out = topology.clone();
    rng.shuffle(&mut out.servers);
    rng.shuffle(&mut out.clusters);
    for cluster in &mut out.clusters {
        rng.shuffle(&mut cluster.nodes);
        rng.shuffle(&mut cluster.virtual_servers);
    }
    out
}

fn topology() -> impl Strategy<Value = Topology> {
    spec().prop_map(|spec| build(&spec))
}

proptest! {
    #![proptest_config(Config { cases: 800, ..Config::default() })]

    #[test]
    fn generated_topologies_are_valid(topology in topology()) {
        let json = serde_json::to_string(&topology).unwrap();
        let read = Topology::from_json(&json);
        prop_assert!(read.is_ok(), "{:?}\n{json}", read.err());
        prop_assert_eq!(read.unwrap(), topology);
    }

    #[test]
    fn plans_pass_the_validator(topology in topology()) {
        let planned = plan(&topology);
        prop_assert!(planned.is_ok(), "{:?}\n{}", planned.err(), serde_json::to_string(&topology).unwrap());
        let planned = planned.unwrap();
        let problems = plan_invariants(&topology, &planned);
        prop_assert!(problems.is_empty(), "{}\n{}", problems.join("\n"), serde_json::to_string(&topology).unwrap());
    }

    #[test]
    fn every_affected_server_and_node_is_installed_once(topology in topology()) {
        let planned = plan(&topology).unwrap();
        let mut installed: Vec<String> = planned
            .steps
            .iter()
            .filter(|step| step.action == Action::Install)
            .map(|step| step.target.to_string())
            .collect();
        installed.sort();
        prop_assert_eq!(installed, install_names(&topology));
    }

    #[test]
    fn planning_ignores_input_order_and_json(topology in topology(), seed in any::<u64>()) {
        let first = plan(&topology).unwrap();
        prop_assert_eq!(&plan(&topology).unwrap(), &first);
        let other = shuffled(&topology, seed);
        prop_assert_eq!(&plan(&other).unwrap(), &first, "order changed the plan");
        let read = Topology::from_json(&serde_json::to_string_pretty(&other).unwrap()).unwrap();
        prop_assert_eq!(&plan(&read).unwrap(), &first);
    }

    #[test]
    fn steps_cite_known_rules_and_dropping_an_install_is_caught(topology in topology()) {
        let planned = plan(&topology).unwrap();
        for step in &planned.steps {
            for rule in &step.rules {
                prop_assert!(rules::find(rule).is_some(), "step {} cites unknown rule {rule}", step.n);
            }
            prop_assert!(!step.kb.is_empty(), "step {} has no knowledge-base section", step.n);
        }
        for warning in &planned.warnings {
            prop_assert!(rules::find(&warning.rule).is_some(), "warning cites unknown rule {}", warning.rule);
        }
        for (k, step) in planned.steps.iter().enumerate() {
            if step.action != Action::Install {
                continue;
            }
            let mut fewer = planned.steps.clone();
            fewer.remove(k);
            let report = check(&topology, &fewer).unwrap();
            prop_assert!(
                report.violations.iter().any(|v| v.rule == "every-server-once" && v.target == step.target),
                "dropping step {} (install {}) is not reported: {:?}",
                step.n,
                step.target,
                report.violations
            );
        }
    }
}

/// Every name a step may refer to, and some that it may not.
fn step_names(topology: &Topology) -> Vec<String> {
    let mut names = vec!["*".to_owned(), "NOBODY".to_owned(), String::new()];
    for server in &topology.servers {
        names.push(server.name.clone());
        names.push(server.name.to_lowercase());
    }
    for cluster in &topology.clusters {
        names.push(cluster.name.clone());
        names.extend(cluster.nodes.iter().cloned());
        names.extend(cluster.virtual_servers.iter().map(|evs| evs.name.clone()));
    }
    names
}

proptest! {
    #![proptest_config(Config { cases: 300, ..Config::default() })]

    #[test]
    fn restart_predictions_follow_version_and_setup(topology in topology()) {
        let planned = plan(&topology).unwrap();
        let (mut possible, mut likely) = (0_u32, 0_u32);
        for server in &topology.servers {
            let level = generated_level(server.version, server.level, server.build.as_ref());
            if installs(&topology.update, server.version, level) && server.version != Version::V55 {
                if server.remote { likely += 1 } else { possible += 1 }
            }
        }
        prop_assert_eq!((planned.totals.possible_restarts, planned.totals.likely_restarts), (possible, likely));
        for step in &planned.steps {
            let expected = match topology.servers.iter().find(|server| server.name == step.target) {
                Some(server) if step.action == Action::Install && server.version != Version::V55 => {
                    if server.remote { sp_rules::Restart::Likely } else { sp_rules::Restart::Possible }
                }
                _ => sp_rules::Restart::None,
            };
            prop_assert_eq!(step.restart, expected, "step {}", step.n);
        }
    }

    #[test]
    fn outages_follow_the_pool_strategy(topology in topology()) {
        // KB 328839 trades a front-end outage for no mixed versions (`together`); TechNet's
        // `rolling` keeps every pool serving. Exchange 2000 pools are always rolled.
        let planned = plan(&topology).unwrap();
        let installing = install_names(&topology);
        let mut pools: BTreeMap<&str, (Version, usize, usize)> = BTreeMap::new();
        for server in &topology.servers {
            if let Some(pool) = &server.pool {
                let entry = pools.entry(pool.as_str()).or_insert((server.version, 0, 0));
                entry.1 += 1;
                entry.2 += usize::from(installing.contains(&server.name));
            }
        }
        let together = topology.options.front_end_pool == PoolStrategy::Together;
        let pool_outage = pools.values().any(|(version, members, installs)| {
            *installs > 0 && *installs == *members && (*members == 1 || (together && *version == Version::V2003))
        });
        prop_assert_eq!(planned.totals.pool_outage_steps > 0, pool_outage, "pools: {:?}", pools);
        let front_end_installs =
            topology.servers.iter().any(|s| s.role == Role::FrontEnd && installing.contains(&s.name));
        prop_assert_eq!(planned.totals.front_end_outage_steps > 0, front_end_installs);
        let evs_move = topology
            .clusters
            .iter()
            .any(|c| !c.virtual_servers.is_empty() && c.nodes.iter().any(|n| installing.contains(n)));
        prop_assert_eq!(planned.totals.evs_offline_steps > 0, evs_move);
        prop_assert_eq!(planned.totals.evs_moves > 0, evs_move);
    }

    #[test]
    fn each_virtual_server_is_upgraded_once_when_the_update_needs_it(topology in topology()) {
        // Exchange 2003 service packs, and 2003 hotfixes that say so, upgrade the virtual
        // servers after the nodes; nothing else does.
        let planned = plan(&topology).unwrap();
        let installing = install_names(&topology);
        let upgrades = match &topology.update {
            Update::ServicePack(map) => map.contains_key(&Version::V2003),
            Update::Hotfix(hotfix) => hotfix.updates_virtual_servers,
        };
        let mut expected: Vec<&str> = topology
            .clusters
            .iter()
            .filter(|c| upgrades && c.version == Version::V2003 && c.nodes.iter().any(|n| installing.contains(n)))
            .flat_map(|c| c.virtual_servers.iter().map(|v| v.name.as_str()))
            .collect();
        expected.sort_unstable();
        let mut upgraded: Vec<&str> = planned
            .steps
            .iter()
            .filter(|s| s.action == Action::UpgradeVirtualServer)
            .map(|s| s.target.as_str())
            .collect();
        upgraded.sort_unstable();
        prop_assert_eq!(upgraded, expected);
    }

    #[test]
    fn any_step_list_is_checked_or_refused(
        topology in topology(),
        picks in prop::collection::vec((0..12_usize, any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<prop::sample::Index>()), 0..40),
    ) {
        // Random actions on random names, valid or not: the validator answers with a
        // report or a step error, never a panic, and its timeline has one moment per step.
        let names = step_names(&topology);
        let steps: Vec<sp_rules::Step> = picks
            .iter()
            .enumerate()
            .map(|(k, (action, target, from, to))| {
                let action = Action::ALL[*action];
                let mut step = sp_rules::Step::bare(u32::try_from(k + 1).unwrap(), action, target.get(&names).clone());
                if action == Action::Move {
                    step.from = Some(from.get(&names).into());
                    step.to = Some(to.get(&names).into());
                }
                step
            })
            .collect();
        match check(&topology, &steps) {
            Ok(report) => {
                prop_assert_eq!(report.timeline.len(), steps.len());
                prop_assert_eq!(report.ok, report.violations.is_empty());
            }
            Err(err) => prop_assert_eq!(err.kind(), sp_rules::ErrorKind::BadStep, "{}", err),
        }
    }

    #[test]
    fn a_shuffled_part_of_a_plan_is_checked(topology in topology(), seed in any::<u64>(), keep in any::<prop::sample::Index>()) {
        // Every step of a plan names things that exist, so any part of it in any order is
        // simulated to the end: a report, never an error, with every rule asked.
        let planned = plan(&topology).unwrap();
        let mut steps = planned.steps.clone();
        XorShift(seed | 1).shuffle(&mut steps);
        steps.truncate(keep.index(steps.len() + 1));
        let report = check(&topology, &steps);
        prop_assert!(report.is_ok(), "{:?}", report.err());
        let report = report.unwrap();
        prop_assert_eq!(report.timeline.len(), steps.len());
        if steps.len() < planned.steps.len() && steps.iter().filter(|s| s.action == Action::Install).count()
            < planned.steps.iter().filter(|s| s.action == Action::Install).count()
        {
            prop_assert!(!report.ok, "a plan missing an install passes");
        }
    }

    #[test]
    fn dropping_a_needed_step_is_caught(topology in topology()) {
        let planned = plan(&topology).unwrap();
        for (k, step) in planned.steps.iter().enumerate() {
            // Taking a server out of the load balancer protects clients, not the upgrade, and
            // the final check changes nothing; without either the plan still works.
            let server_offline = step.action == Action::TakeOffline && topology.servers.iter().any(|s| s.name == step.target);
            if step.action == Action::Verify || server_offline {
                continue;
            }
            // A move after the last install of its cluster only restores the layout.
            if step.action == Action::Move {
                let cluster =
                    topology.clusters.iter().find(|c| c.virtual_servers.iter().any(|v| v.name == step.target)).unwrap();
                let later_install =
                    planned.steps[k..].iter().any(|s| s.action == Action::Install && cluster.nodes.iter().any(|node| *node == s.target));
                if !later_install {
                    continue;
                }
            }
            let mut fewer = planned.steps.clone();
            fewer.remove(k);
            let report = check(&topology, &fewer).unwrap();
            prop_assert!(
                !report.ok,
                "dropping step {} ({} {}) is not reported\n{}",
                step.n,
                step.action,
                step.target,
                serde_json::to_string(&topology).unwrap()
            );
        }
    }

    #[test]
    fn a_back_end_moved_before_the_front_ends_is_caught(topology in topology()) {
        let planned = plan(&topology).unwrap();
        let server = |name: &str| topology.servers.iter().find(|s| s.name == name);
        let installs: Vec<usize> =
            (0..planned.steps.len()).filter(|k| planned.steps[*k].action == Action::Install).collect();
        for version in Version::ALL {
            let role_at = |k: &usize| server(&planned.steps[*k].target).filter(|s| s.version == version).map(|s| s.role);
            let Some(first_front) = installs.iter().copied().find(|k| role_at(k) == Some(Role::FrontEnd)) else { continue };
            let Some(back) = installs.iter().copied().find(|k| role_at(k) == Some(Role::BackEnd)) else { continue };
            let mut steps = planned.steps.clone();
            let moved = steps.remove(back);
            steps.insert(first_front, moved.clone());
            let report = check(&topology, &steps).unwrap();
            let expected = if version == Version::V2003 { sp_rules::Severity::Required } else { sp_rules::Severity::Recommended };
            prop_assert!(
                report.violations.iter().any(|v| v.rule == "frontends-before-backends" && v.target == moved.target && v.severity == expected),
                "back end {} installed first is not reported as {:?}: {:?}",
                moved.target,
                expected,
                report.violations
            );
        }
    }

    #[test]
    fn a_plan_with_two_steps_swapped_is_checked_without_panic(topology in topology(), at in any::<prop::sample::Index>()) {
        let planned = plan(&topology).unwrap();
        let mut steps = planned.steps.clone();
        let k = at.index(steps.len() - 1);
        steps.swap(k, k + 1);
        let report = check(&topology, &steps);
        prop_assert!(report.is_ok(), "{:?}", report.err());
    }
}

#[test]
fn the_generator_reaches_every_shape() {
    // A fixed sample of generated topologies covers every version in every role, pools,
    // both cluster modes, every node count, hotfixes in both flavours and both strategies.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let strategy = topology();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for _ in 0..400 {
        let topology = strategy.new_tree(&mut runner).unwrap().current();
        let mut mark = |key: String| *seen.entry(key).or_insert(0) += 1;
        for server in &topology.servers {
            mark(format!("server {} {:?}", server.version, server.role));
            if server.pool.is_some() {
                mark(format!("pool {}", server.version));
            }
            if server.build.is_some() {
                mark("by build".to_owned());
            }
        }
        for cluster in &topology.clusters {
            mark(format!("cluster {} {:?} {}", cluster.version, cluster.mode, cluster.nodes.len()));
        }
        match &topology.update {
            Update::Hotfix(hotfix) => mark(format!("hotfix {} {}", hotfix.version, hotfix.updates_virtual_servers)),
            Update::ServicePack(map) => mark(format!("service pack to {} versions", map.len())),
        }
        mark(format!("{:?}", topology.options.front_end_pool));
    }
    let mut expected = vec![
        "by build".to_owned(),
        "Together".to_owned(),
        "Rolling".to_owned(),
        "hotfix 2003 true".to_owned(),
        "hotfix 2003 false".to_owned(),
        "hotfix 2000 false".to_owned(),
        "hotfix 5.5 false".to_owned(),
        "cluster 5.5 ActivePassive 2".to_owned(),
        "cluster 2003 ActiveActive 2".to_owned(),
    ];
    for n in 1..=3 {
        expected.push(format!("service pack to {n} versions"));
    }
    for version in ["2000", "2003"] {
        expected.push(format!("pool {version}"));
        for role in ["Standalone", "FrontEnd", "BackEnd"] {
            expected.push(format!("server {version} {role}"));
        }
        for nodes in 2..=4 {
            expected.push(format!("cluster {version} ActivePassive {nodes}"));
        }
    }
    expected.push("server 5.5 Standalone".to_owned());
    for nodes in 2..=4 {
        expected.push(format!("cluster 2000 ActiveActive {nodes}"));
    }
    let missing: Vec<&String> = expected.iter().filter(|key| !seen.contains_key(*key)).collect();
    assert!(missing.is_empty(), "never generated: {missing:?}\nseen: {seen:#?}");
}

#[test]
fn shuffling_keeps_every_name() {
    let spec = Spec {
        update: UpdateSpec::ServicePack(vec![(2, 1)]),
        servers: (0..5)
            .map(|i| ServerSpec {
                version: 2,
                role: i % 3,
                pool: None,
                sbs: false,
                remote: false,
                level: 0,
                by_build: false,
                windows: false,
            })
            .collect(),
        clusters: vec![ClusterSpec {
            version: 2,
            active_active: false,
            nodes: 4,
            owners: vec![0, 0, 0],
            level: 0,
            by_build: false,
            remote: false,
            windows: false,
        }],
        rolling: false,
    };
    let topology = build(&spec);
    let other = shuffled(&topology, 42);
    assert_ne!(other, topology, "seed 42 leaves five servers in order");
    let names = |t: &Topology| {
        let mut names: Vec<String> = t.servers.iter().map(|s| s.name.clone()).collect();
        names.extend(
            t.clusters.iter().flat_map(|c| c.nodes.iter().chain(c.virtual_servers.iter().map(|v| &v.name)).cloned()),
        );
        names.sort();
        names
    };
    assert_eq!(names(&other), names(&topology));
    // Three virtual servers in a four-node Exchange 2003 cluster get three different owners.
    let mut owners: Vec<&String> = topology.clusters[0].virtual_servers.iter().map(|v| &v.owner).collect();
    owners.sort();
    owners.dedup();
    assert_eq!(owners.len(), 3);
}
