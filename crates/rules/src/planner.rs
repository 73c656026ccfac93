//! The planner: an ordered roll-out plan for a topology.
//!
//! The plan follows the step semantics in ARCHITECTURE.md and the procedures of KB 328839
//! as reconstructed in the knowledge base:
//!
//! 1. Prepare: test the update in a laboratory, back up everything.
//! 2. For each version, newest first (2003, 2000, 5.5): the front-end servers, then the
//!    back-end and standalone servers, then each cluster.
//! 3. Finish: back up everything again and verify.
//!
//! Planning is deterministic and does not depend on the order of the input: servers,
//! pools, clusters, nodes and virtual servers are taken in name order.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::model::{Cluster, ClusterMode, Disposition, Level, PoolStrategy, Role, Server, Topology, Update, Version};
use crate::rules::{
    back_in_service, backup_after, backup_before, e55_active_node_first, e55_performance_optimizer,
    e2000_active_active_consolidate, e2000_passive_node_first, e2003_one_evs_per_node, e2003_upgrade_virtual_servers,
    every_server_once, evs_offline_for_upgrade, evs_upgrade_on_upgraded_owner, frontends_before_backends,
    lab_test_first, move_groups_before_install, move_to_running_node, no_old_evs_online_on_upgraded_node,
    no_upgraded_evs_on_old_node, one_node_at_a_time, pool_upgraded_together, restart_expectation, sbs_standard_procedure,
    start_cluster_service_after_install, stop_cluster_service_before_install, windows_prerequisite,
};
use crate::names::{Name, NameRow, Names};
use crate::order;
use crate::rules::position;
use crate::sim::{HashSlots, Target, hint, name_hash, unhint};
use crate::steps::{Action, PLAN_FORMAT, Phase, Plan, Restart, RuleIds, Severity, Step, Text, Totals, Warning};
use crate::validate::{Facts, Validated};
use crate::{Error, ErrorKind, WindowsFamily};

/// The positions in the registry of the rules the planner cites, worked out when the crate
/// is built, so that a step cites its rules without copying or looking up their ids.
mod cite {
    use super::*;

    pub const BACK_IN_SERVICE: u8 = position(back_in_service::ID);
    pub const BACKUP_AFTER: u8 = position(backup_after::ID);
    pub const BACKUP_BEFORE: u8 = position(backup_before::ID);
    pub const E55_ACTIVE_NODE_FIRST: u8 = position(e55_active_node_first::ID);
    pub const E55_PERFORMANCE_OPTIMIZER: u8 = position(e55_performance_optimizer::ID);
    pub const E2000_ACTIVE_ACTIVE_CONSOLIDATE: u8 = position(e2000_active_active_consolidate::ID);
    pub const E2000_PASSIVE_NODE_FIRST: u8 = position(e2000_passive_node_first::ID);
    pub const E2003_ONE_EVS_PER_NODE: u8 = position(e2003_one_evs_per_node::ID);
    pub const E2003_UPGRADE_VIRTUAL_SERVERS: u8 = position(e2003_upgrade_virtual_servers::ID);
    pub const EVERY_SERVER_ONCE: u8 = position(every_server_once::ID);
    pub const EVS_OFFLINE_FOR_UPGRADE: u8 = position(evs_offline_for_upgrade::ID);
    pub const EVS_UPGRADE_ON_UPGRADED_OWNER: u8 = position(evs_upgrade_on_upgraded_owner::ID);
    pub const FRONTENDS_BEFORE_BACKENDS: u8 = position(frontends_before_backends::ID);
    pub const LAB_TEST_FIRST: u8 = position(lab_test_first::ID);
    pub const MOVE_GROUPS_BEFORE_INSTALL: u8 = position(move_groups_before_install::ID);
    pub const MOVE_TO_RUNNING_NODE: u8 = position(move_to_running_node::ID);
    pub const NO_OLD_EVS_ONLINE_ON_UPGRADED_NODE: u8 = position(no_old_evs_online_on_upgraded_node::ID);
    pub const NO_UPGRADED_EVS_ON_OLD_NODE: u8 = position(no_upgraded_evs_on_old_node::ID);
    pub const ONE_NODE_AT_A_TIME: u8 = position(one_node_at_a_time::ID);
    pub const POOL_UPGRADED_TOGETHER: u8 = position(pool_upgraded_together::ID);
    pub const RESTART_EXPECTATION: u8 = position(restart_expectation::ID);
    pub const START_CLUSTER_SERVICE_AFTER_INSTALL: u8 = position(start_cluster_service_after_install::ID);
    pub const STOP_CLUSTER_SERVICE_BEFORE_INSTALL: u8 = position(stop_cluster_service_before_install::ID);
}

/// A planned step's sentence, written from the step's names when it is read: a plan of
/// thousands of steps formats no text until someone reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Sentence {
    /// A sentence without names.
    Fixed(&'static str),
    /// `test-in-lab`, with the update in words.
    LabTest(Name),
    /// A pool member leaves the load balancer with the others of its pool.
    PoolOutTogether(Name),
    /// A pool member leaves the load balancer alone.
    PoolOutAlone(Name),
    /// A pool member goes back into the load balancer.
    PoolBackIn(Name),
    /// Setup on a non-clustered server, with the update in words.
    InstallServer { update: Name, note: &'static str, restart: Restart },
    /// The restart after an install over Terminal Services.
    RestartServer,
    /// Performance Optimizer after an Exchange 5.5 update.
    PerformanceOptimizer { unconfirmed: bool },
    /// A virtual server moves between the step's `from` and `to` nodes.
    Move { why: &'static str },
    /// The Cluster service stops on a node.
    StopClusterService,
    /// Setup on a cluster node, with the update in words.
    InstallNode { update: Name, detail: &'static str },
    /// The Cluster service starts again on a node.
    StartClusterService,
    /// A virtual server goes offline for its upgrade.
    EvsOffline,
    /// Upgrade Exchange Virtual Server.
    UpgradeEvs,
    /// A virtual server comes online on a node.
    EvsOnline { on: Name },
}

impl Sentence {
    /// Writes the sentence of `step` to `out`.
    pub(crate) fn write(&self, step: &Step, out: &mut String) {
        let target = step.target.as_str();
        let _ = match self {
            Sentence::Fixed(text) => out.write_str(text),
            Sentence::LabTest(update) => write!(
                out,
                "Apply {update} to a laboratory copy of the organisation and check mail flow and client access there first."
            ),
            Sentence::PoolOutTogether(pool) => write!(
                out,
                "Take {target} out of the load balancer of pool {pool}, together with the other members, so that no client meets a mix of versions."
            ),
            Sentence::PoolOutAlone(pool) => write!(
                out,
                "Take {target} out of the load balancer of pool {pool}; the other members keep serving clients."
            ),
            Sentence::PoolBackIn(pool) => write!(out, "Put {target} back into the load balancer of pool {pool}."),
            Sentence::InstallServer { update, note, restart } => {
                let tail = match restart {
                    Restart::None => "; no restart is needed",
                    Restart::Possible => "; Setup may ask for a restart",
                    Restart::Likely => "; because it runs over Terminal Services, expect Setup to ask for a restart",
                };
                write!(out, "Run the {update} Setup on {target}{note}; the Exchange services stop while it runs{tail}.")
            }
            Sentence::RestartServer => {
                write!(out, "Restart {target}, as Setup asks after an install over Terminal Services.")
            }
            Sentence::PerformanceOptimizer { unconfirmed } => {
                let marker = if *unconfirmed { " [unconfirmed]" } else { "" };
                write!(
                    out,
                    "Run Performance Optimizer (Perfwiz.exe) on {target} again, after saving any tuned registry settings of the Exchange services, which it overwrites.{marker}"
                )
            }
            Sentence::Move { why } => {
                let from = step.from.as_deref().unwrap_or_default();
                let to = step.to.as_deref().unwrap_or_default();
                write!(out, "In Cluster Administrator, move virtual server {target} from {from} to {to}{why}.")
            }
            Sentence::StopClusterService => write!(
                out,
                "Stop the Cluster service on {target}, which owns no Exchange virtual server (move any other cluster group off it first)."
            ),
            Sentence::InstallNode { update, detail } => write!(
                out,
                "Run the {update} Setup on {target}{detail}; it stops and restarts the Information Store itself, and a cluster node needs no restart."
            ),
            Sentence::StartClusterService => {
                write!(out, "Start the Cluster service on {target} again, so that it can host groups.")
            }
            Sentence::EvsOffline => write!(
                out,
                "Take virtual server {target} offline in Cluster Administrator: its data must be upgraded before it runs on an upgraded node."
            ),
            Sentence::UpgradeEvs => write!(
                out,
                "Upgrade virtual server {target}: in Cluster Administrator, right-click its System Attendant resource and choose Upgrade Exchange Virtual Server; upgrade one virtual server at a time."
            ),
            Sentence::EvsOnline { on } => write!(out, "Bring virtual server {target} online on {on}."),
        };
    }
}

/// Plans the roll-out of `topology.update` across the organisation.
///
/// The topology is validated first, so a topology that fails
/// [`Topology::validate`] gives the same error here. [`Validated::plan`] plans a
/// topology validated before, without validating it again.
pub fn plan(topology: &Topology) -> Result<Plan, Error> {
    let facts = topology.validated_facts()?;
    plan_with(topology, &facts)
}

/// Plans a topology validated before ([`Validated::plan`]).
pub(crate) fn plan_validated(validated: &Validated) -> Result<Plan, Error> {
    plan_with(validated.topology(), validated.facts())
}

fn plan_with(topology: &Topology, facts: &Facts) -> Result<Plan, Error> {
    let mut planner = Planner::new(topology, facts)?;
    planner.prepare();
    for version in [Version::V2003, Version::V2000, Version::V55] {
        planner.version(version)?;
    }
    planner.finish();
    planner.warnings()?;
    Ok(planner.into_plan())
}

/// The first eight bytes of a name as a number that orders as the bytes do (a shorter name
/// is padded with zero bytes): names whose keys differ compare by their keys alone, so
/// sorting by key, then by name, compares few strings.
fn sort_key(name: &str) -> u64 {
    let mut lane = [0u8; 8];
    lane.iter_mut().zip(name.as_bytes()).for_each(|(slot, byte)| *slot = *byte);
    u64::from_be_bytes(lane)
}

/// A server with its position in the topology and what the update does to it.
#[derive(Debug, Clone, Copy)]
struct ServerEntry<'a> {
    at: usize,
    server: &'a Server,
    level: Level,
    disposition: Disposition,
    /// The number of its pool (see [`Facts::pools`]).
    pool: Option<usize>,
}

/// A cluster with what the update does to it, and the numbers of its first
/// node and first virtual server across clusters (as hints number them).
#[derive(Debug, Clone, Copy)]
struct ClusterEntry<'a> {
    /// See [`sort_key`].
    key: u64,
    cluster: &'a Cluster,
    level: Level,
    disposition: Disposition,
    first_node: usize,
    first_evs: usize,
}

/// Every name a step can mention, in one shared text, found by position: the servers, the
/// clusters, the nodes and the virtual servers (numbered across clusters), then the pools.
/// Each name carries the hint of what it names (see [`Name::hint`]).
#[derive(Debug)]
struct PlanNames {
    row: NameRow,
    servers: usize,
    clusters: usize,
    nodes: usize,
    evs: usize,
    /// `*`, the whole organisation.
    all: Name,
}

impl PlanNames {
    fn new(topology: &Topology, pool_names: &[&str]) -> PlanNames {
        let servers = topology.servers.iter().map(|s| s.name.as_str());
        let clusters = topology.clusters.iter().map(|c| c.name.as_str());
        let nodes = topology.clusters.iter().flat_map(|c| c.nodes.iter().map(String::as_str));
        let evs = topology.clusters.iter().flat_map(|c| c.virtual_servers.iter().map(|v| v.name.as_str()));
        let node_count = topology.clusters.iter().map(|c| c.nodes.len()).sum();
        let evs_count = topology.clusters.iter().map(|c| c.virtual_servers.len()).sum();
        let count = topology.servers.len() + topology.clusters.len() + node_count + evs_count + pool_names.len();
        let row = NameRow::with_capacity(
            servers.chain(clusters).chain(nodes).chain(evs).chain(pool_names.iter().copied()),
            count,
        );
        PlanNames {
            row,
            servers: topology.servers.len(),
            clusters: topology.clusters.len(),
            nodes: node_count,
            evs: evs_count,
            all: Name::from("*"),
        }
    }

    /// The name of a server, cluster, node or virtual server.
    fn of(&self, target: Target) -> Name {
        let at = match target {
            Target::All => return self.all.clone(),
            Target::Server(id) => id,
            Target::Cluster(id) => self.servers + id,
            Target::Node(id) => self.servers + self.clusters + id,
            Target::Evs(id) => self.servers + self.clusters + self.nodes + id,
        };
        self.row.get(at).with_hint(hint(target))
    }

    /// The name of the pool numbered `pool`.
    fn pool(&self, pool: usize) -> Name {
        self.row.get(self.servers + self.clusters + self.nodes + self.evs + pool)
    }
}

/// The planner's working state: the steps so far and what is out of service.
struct Planner<'a> {
    topology: &'a Topology,
    /// Every name of the topology, shared by the steps.
    names: PlanNames,
    /// The servers, sorted by name once for every use.
    servers: Vec<ServerEntry<'a>>,
    /// The clusters, sorted by name.
    clusters: Vec<ClusterEntry<'a>>,
    phases: Vec<Phase>,
    phase: &'static str,
    steps: Vec<Step>,
    warnings: Vec<Warning>,
    /// Servers and virtual servers taken offline and nodes whose Cluster service is stopped,
    /// sorted by name.
    down: Vec<Name>,
    /// `down` as a shared list, once a step has needed it; consecutive steps share it.
    down_list: Option<Names>,
    /// The update in words for Exchange 5.5, 2000 and 2003, as install steps name it.
    updates: [Name; 3],
    /// The count of the plan's totals, kept as the steps are written.
    outages: Outages<'a>,
    /// The lists of the last cluster planned, kept for the next one.
    spare: RunLists,
}

/// The update as it applies to `version`, in words.
fn update_words(update: &Update, version: Version) -> String {
    match update {
        Update::ServicePack(levels) => match levels.get(&version) {
            Some(level) => format!("{} {level}", version.product()),
            None => version.product().to_owned(),
        },
        Update::Hotfix(hotfix) => format!("hotfix {}", hotfix.id),
    }
}

impl<'a> Planner<'a> {
    fn new(topology: &'a Topology, facts: &Facts) -> Result<Planner<'a>, Error> {
        let update = &topology.update;
        let mut in_order = Vec::with_capacity(topology.servers.len());
        let mut pool_names: Vec<&str> = Vec::new();
        for (at, server) in topology.servers.iter().enumerate() {
            let level = server.current_level()?;
            let pool = facts.pools.get(at).copied().flatten();
            if let (Some(number), Some(name)) = (pool, &server.pool)
                && number == pool_names.len()
            {
                pool_names.push(name);
            }
            let disposition = update.disposition(server.version, level)?;
            in_order.push(ServerEntry { at, server, level, disposition, pool });
        }
        // Sorted by name through small (key, position) pairs, which move faster than
        // entries; names are unique, so an unstable sort gives the one order.
        let name = |at: usize| topology.servers.get(at).map_or("", |server| server.name.as_str());
        let keys: Vec<u64> = (0..in_order.len()).map(|at| sort_key(name(at))).collect();
        let mut order: Vec<usize> = (0..in_order.len()).collect();
        order::sort_positions(&mut order, &|a, b| keys.get(a).cmp(&keys.get(b)).then_with(|| name(a).cmp(name(b))));
        let servers: Vec<ServerEntry<'a>> = order.iter().filter_map(|at| in_order.get(*at).copied()).collect();
        let mut clusters = Vec::with_capacity(topology.clusters.len());
        let (mut first_node, mut first_evs) = (0, 0);
        for cluster in &topology.clusters {
            let level = cluster.current_level()?;
            let disposition = update.disposition(cluster.version, level)?;
            let key = sort_key(&cluster.name);
            clusters.push(ClusterEntry { key, cluster, level, disposition, first_node, first_evs });
            first_node += cluster.nodes.len();
            first_evs += cluster.virtual_servers.len();
        }
        order::sort_stable(&mut clusters, &|a, b| a.key.cmp(&b.key).then_with(|| a.cluster.name.cmp(&b.cluster.name)));
        // About three steps per server and five per node or virtual server, plus the
        // prepare and finish phases; reserving once avoids copying a large plan as it grows.
        let estimate = 3 * topology.servers.len() + 5 * (first_node + first_evs) + 8;
        Ok(Planner {
            topology,
            names: PlanNames::new(topology, &pool_names),
            servers,
            clusters,
            phases: Vec::new(),
            phase: "",
            steps: Vec::with_capacity(estimate),
            warnings: Vec::new(),
            down: Vec::new(),
            down_list: Some(Names::new()),
            updates: [Version::V55, Version::V2000, Version::V2003].map(|v| Name::from(update_words(update, v))),
            outages: Outages::new(topology, Some(&facts.pools)),
            spare: RunLists::default(),
        })
    }

    fn begin_phase(&mut self, id: &'static str, title: String) {
        self.phases.push(Phase { id: id.to_owned(), title });
        self.phase = id;
    }

    /// Appends a step and works out what is unavailable while it runs.
    #[allow(clippy::too_many_arguments)]
    fn step(
        &mut self,
        action: Action,
        target: Name,
        route: Option<(Name, Name)>,
        rules: &[u8],
        kb: &'static str,
        restart: Restart,
        text: Sentence,
    ) {
        // What is down is a handful of names: a scan that compares hints is enough.
        let down = self.down.iter().position(|name| name.same_name(&target));
        let mut extra = false;
        match (action, down) {
            (Action::TakeOffline | Action::StopClusterService, None) => {
                let at = self.down.partition_point(|probe| probe.as_str() < target.as_str());
                self.down.insert(at, target.clone());
                self.down_list = None;
            }
            // A server is unavailable during its own install and restart; a virtual server
            // that moves while online fails over.
            (Action::Install | Action::Restart | Action::Move, None) => extra = true,
            _ => {}
        }
        let unavailable = if extra {
            let at = self.down.partition_point(|probe| probe.as_str() < target.as_str());
            let (before, after) = self.down.split_at(at.min(self.down.len()));
            before.iter().cloned().chain([target.clone()]).chain(after.iter().cloned()).collect()
        } else {
            self.down_list.get_or_insert_with(|| self.down.iter().cloned().collect()).clone()
        };
        if matches!(action, Action::BringOnline | Action::StartClusterService)
            && let Some(at) = down
        {
            self.down.remove(at);
            self.down_list = None;
        }
        let n = u32::try_from(self.steps.len()).unwrap_or(u32::MAX).saturating_add(1);
        let (from, to) = match route {
            Some((from, to)) => (Some(from), Some(to)),
            None => (None, None),
        };
        // Written straight into the list, then counted there: a step is large to copy.
        self.steps.push(Step {
            n,
            phase: Cow::Borrowed(self.phase),
            action,
            target,
            from,
            to,
            rules: RuleIds::cite(rules),
            kb: Cow::Borrowed(kb),
            restart,
            unavailable,
            text: Text::planned(text),
        });
        if let Some(step) = self.steps.last() {
            self.outages.count(step);
        }
    }

    fn warn(&mut self, rule: &str, severity: Severity, target: &str, kb: &str, message: String) {
        self.warnings.push(Warning {
            rule: rule.to_owned(),
            severity,
            target: target.to_owned(),
            message,
            kb: kb.to_owned(),
        });
    }

    /// The update as it applies to `version`, in words (written once per version).
    fn update_for(&self, version: Version) -> &Name {
        match version {
            Version::V55 => &self.updates[0],
            Version::V2000 => &self.updates[1],
            Version::V2003 => &self.updates[2],
        }
    }

    fn prepare(&mut self) {
        self.begin_phase("prepare", "Before you start".to_owned());
        let update = Name::from(self.topology.update.describe());
        let all = self.names.of(Target::All);
        self.step(
            Action::TestInLab,
            all.clone(),
            None,
            &[cite::LAB_TEST_FIRST],
            "lab-testing",
            Restart::None,
            Sentence::LabTest(update),
        );
        self.step(
            Action::Backup,
            all,
            None,
            &[cite::BACKUP_BEFORE],
            "backups",
            Restart::None,
            Sentence::Fixed(match self.topology.update {
                Update::ServicePack(_) => "Take a full backup of every server and virtual server, including the system state, because a service pack cannot be uninstalled.",
                Update::Hotfix(_) => "Take a full backup of every server and virtual server, including the system state, so that there is a way back if Setup fails.",
            }),
        );
    }

    fn finish(&mut self) {
        self.begin_phase("finish", "After the update".to_owned());
        let all = self.names.of(Target::All);
        self.step(
            Action::Backup,
            all.clone(),
            None,
            &[cite::BACKUP_AFTER],
            "backups",
            Restart::None,
            Sentence::Fixed("Take a new full backup of every server and virtual server: backups taken before the update may not restore on the new version."),
        );
        self.step(
            Action::Verify,
            all,
            None,
            &[cite::BACK_IN_SERVICE],
            "before-you-start",
            Restart::None,
            Sentence::Fixed("Check that every server shows the new version in its properties, that every virtual server is online, and that Outlook, Outlook Web Access and mobile clients connect."),
        );
    }

    /// Plans every server and cluster of `version` that the update is installed on.
    fn version(&mut self, version: Version) -> Result<(), Error> {
        let servers: Vec<ServerEntry<'a>> = self
            .servers
            .iter()
            .copied()
            .filter(|entry| entry.server.version == version && entry.disposition == Disposition::Install)
            .collect();
        let (front_end_phase, servers_phase, clusters_phase) = match version {
            Version::V55 => ("e55-front-ends", "e55-servers", "e55-clusters"),
            Version::V2000 => ("e2000-front-ends", "e2000-servers", "e2000-clusters"),
            Version::V2003 => ("e2003-front-ends", "e2003-servers", "e2003-clusters"),
        };
        let has_front_ends = self.topology.has_front_ends(version);
        if servers.iter().any(|entry| entry.server.role == Role::FrontEnd) {
            self.begin_phase(front_end_phase, format!("{}: front-end servers", version.product()));
            self.front_ends(version, &servers);
        }
        if servers.iter().any(|entry| entry.server.role != Role::FrontEnd) {
            let title = if has_front_ends {
                "back-end and standalone servers"
            } else {
                "servers"
            };
            self.begin_phase(servers_phase, format!("{}: {title}", version.product()));
            for entry in servers.iter().filter(|entry| entry.server.role != Role::FrontEnd) {
                let server = entry.server;
                let (kb, fe_rule) = match (version, server.role, server.sbs) {
                    (Version::V2003, _, true) => ("e2003-sbs", false),
                    (Version::V2000, _, true) => ("e2000-sbs", false),
                    (Version::V55, _, true) => ("e55-sbs", false),
                    (Version::V2003, Role::BackEnd, _) => ("e2003-front-end-back-end", true),
                    (Version::V2000, Role::BackEnd, _) => ("e2000-front-end-back-end", true),
                    (Version::V2003, _, _) => ("e2003-non-clustered", false),
                    (Version::V2000, _, _) => ("e2000-non-clustered", false),
                    (Version::V55, _, _) => ("e55-non-clustered", false),
                };
                let fe_rule = fe_rule && has_front_ends;
                let rules = [cite::FRONTENDS_BEFORE_BACKENDS, cite::EVERY_SERVER_ONCE, cite::RESTART_EXPECTATION];
                let rules = if fe_rule { &rules[..] } else { rules.get(1..).unwrap_or_default() };
                let note = if fe_rule { ", now that every front-end server runs it" } else { "" };
                self.install_server(entry, rules, kb, note);
            }
        }
        let mut began = false;
        for k in 0..self.clusters.len() {
            let Some(&entry) = self.clusters.get(k) else { break };
            if entry.cluster.version != version || entry.disposition != Disposition::Install {
                continue;
            }
            if !began {
                self.begin_phase(clusters_phase, format!("{}: clusters", version.product()));
                began = true;
            }
            self.cluster(&entry, has_front_ends)?;
        }
        Ok(())
    }

    /// Installs on one non-clustered server, with its restart and Performance Optimizer.
    fn install_server(&mut self, entry: &ServerEntry<'a>, rules: &[u8], kb: &'static str, note: &'static str) {
        let server = entry.server;
        let update = self.update_for(server.version).clone();
        let name = self.names.of(Target::Server(entry.at));
        let restart = match (server.version, server.remote) {
            (Version::V55, _) => Restart::None,
            (_, true) => Restart::Likely,
            (_, false) => Restart::Possible,
        };
        self.step(
            Action::Install,
            name.clone(),
            None,
            rules,
            kb,
            restart,
            Sentence::InstallServer { update, note, restart },
        );
        if restart == Restart::Likely {
            self.step(
                Action::Restart,
                name.clone(),
                None,
                &[cite::RESTART_EXPECTATION],
                "restarts",
                Restart::None,
                Sentence::RestartServer,
            );
        }
        if server.version == Version::V55 {
            self.performance_optimizer(name, false);
        }
    }

    /// Runs Performance Optimizer on an Exchange 5.5 computer after a service pack; a hotfix
    /// needs no run (no source asks for one).
    fn performance_optimizer(&mut self, target: Name, unconfirmed: bool) {
        if !matches!(self.topology.update, Update::ServicePack(_)) {
            return;
        }
        self.step(
            Action::RunPerformanceOptimizer,
            target,
            None,
            &[cite::E55_PERFORMANCE_OPTIMIZER],
            "e55-performance-optimizer",
            Restart::None,
            Sentence::PerformanceOptimizer { unconfirmed },
        );
    }

    /// The front-end servers of one version among `servers` (sorted by name): pools first,
    /// by pool name, then the others.
    fn front_ends(&mut self, version: Version, servers: &[ServerEntry<'a>]) {
        let front_ends = servers.iter().filter(|entry| entry.server.role == Role::FrontEnd);
        let mut pooled: Vec<(u64, &str, ServerEntry<'a>)> = front_ends
            .clone()
            .filter_map(|entry| entry.server.pool.as_deref().map(|pool| (sort_key(pool), pool, *entry)))
            .collect();
        // A stable sort keeps each pool's members in name order.
        order::sort_stable(&mut pooled, &|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
        let together = version == Version::V2003 && self.topology.options.front_end_pool == PoolStrategy::Together;
        let pool_kb =
            if version == Version::V2003 { "e2003-load-balanced-front-ends" } else { "e2000-front-end-back-end" };
        let single_kb = if version == Version::V2003 { "e2003-front-end-back-end" } else { "e2000-front-end-back-end" };
        let install_rules = [cite::FRONTENDS_BEFORE_BACKENDS, cite::EVERY_SERVER_ONCE, cite::RESTART_EXPECTATION];
        // Pool names are spelt the same way on every member, so equal names are one pool.
        for members in pooled.chunk_by(|a, b| a.1 == b.1) {
            let Some(pool) = members.first().and_then(|(_, _, entry)| entry.pool) else { continue };
            let pool = self.names.pool(pool);
            if together && members.len() > 1 {
                for (_, _, member) in members {
                    self.step(
                        Action::TakeOffline,
                        self.names.of(Target::Server(member.at)),
                        None,
                        &[cite::POOL_UPGRADED_TOGETHER],
                        pool_kb,
                        Restart::None,
                        Sentence::PoolOutTogether(pool.clone()),
                    );
                }
                for (_, _, member) in members {
                    let rules = [cite::POOL_UPGRADED_TOGETHER, install_rules[0], install_rules[1], install_rules[2]];
                    self.install_server(member, &rules, pool_kb, "");
                }
                for (_, _, member) in members {
                    self.step(
                        Action::BringOnline,
                        self.names.of(Target::Server(member.at)),
                        None,
                        &[cite::POOL_UPGRADED_TOGETHER, cite::BACK_IN_SERVICE],
                        pool_kb,
                        Restart::None,
                        Sentence::PoolBackIn(pool.clone()),
                    );
                }
            } else {
                for (_, _, member) in members {
                    self.step(
                        Action::TakeOffline,
                        self.names.of(Target::Server(member.at)),
                        None,
                        &[cite::FRONTENDS_BEFORE_BACKENDS],
                        pool_kb,
                        Restart::None,
                        Sentence::PoolOutAlone(pool.clone()),
                    );
                    self.install_server(member, &install_rules, pool_kb, "");
                    self.step(
                        Action::BringOnline,
                        self.names.of(Target::Server(member.at)),
                        None,
                        &[cite::BACK_IN_SERVICE],
                        pool_kb,
                        Restart::None,
                        Sentence::PoolBackIn(pool.clone()),
                    );
                }
            }
        }
        for entry in front_ends.filter(|entry| entry.server.pool.is_none()) {
            self.install_server(entry, &install_rules, single_kb, ", before any back-end server");
        }
    }

    /// Plans one cluster with the procedure for its version and mode.
    fn cluster(&mut self, entry: &ClusterEntry<'a>, has_front_ends: bool) -> Result<(), Error> {
        let lists = std::mem::take(&mut self.spare);
        let mut run = ClusterRun::new(entry, self.topology, has_front_ends, lists)?;
        let planned = match (entry.cluster.version, entry.cluster.mode) {
            (Version::V55, _) => self.cluster_55(&mut run),
            (_, ClusterMode::ActivePassive) => self.cluster_active_passive(&mut run),
            (_, ClusterMode::ActiveActive) => self.cluster_active_active(&mut run),
        };
        self.spare = run.lists;
        planned
    }

    /// Moves a virtual server between nodes; an online one fails over and stays online.
    fn move_evs(&mut self, run: &mut ClusterRun<'a>, evs: usize, to: usize, rules: &[u8], why: &'static str) {
        let from = run.lists.owner.get(evs).copied().unwrap_or_default();
        // The move rule, the caller's rules (at most two) and the one-per-node rule, without
        // a vector: the planner's callers never pass more than the array holds.
        debug_assert!(rules.len() <= 4, "too many rules for a move: {rules:?}");
        let mut all: [u8; 6] = [cite::MOVE_TO_RUNNING_NODE; 6];
        let mut count = 1;
        for &rule in rules.iter().chain(run.one_per_node.then_some(&cite::E2003_ONE_EVS_PER_NODE)) {
            if let Some(slot) = all.get_mut(count) {
                *slot = rule;
                count += 1;
            }
        }
        let kb = run.kb;
        let route = (self.names.of(run.node(from)), self.names.of(run.node(to)));
        self.step(
            Action::Move,
            self.names.of(run.evs(evs)),
            Some(route),
            all.get(..count).unwrap_or_default(),
            kb,
            Restart::None,
            Sentence::Move { why },
        );
        run.set_owner(evs, to);
    }

    /// Stops the Cluster service on an empty node, installs, and starts it again.
    fn patch_node(&mut self, run: &mut ClusterRun<'a>, node: usize, detail: &'static str) {
        let kb = run.kb;
        // The rules cited, without the optional ones: the front-end rule first and the
        // cluster mode's rule last, when they apply.
        let mode_rule = run.mode_rule.unwrap_or_default();
        let stop_all = [cite::STOP_CLUSTER_SERVICE_BEFORE_INSTALL, cite::ONE_NODE_AT_A_TIME, mode_rule];
        let stop_rules = stop_all.get(..if run.mode_rule.is_some() { 3 } else { 2 }).unwrap_or_default();
        let install_all = [
            cite::FRONTENDS_BEFORE_BACKENDS,
            cite::EVERY_SERVER_ONCE,
            cite::MOVE_GROUPS_BEFORE_INSTALL,
            cite::RESTART_EXPECTATION,
            mode_rule,
        ];
        let first = usize::from(!run.fe_rule);
        let last = if run.mode_rule.is_some() { 5 } else { 4 };
        let install_rules = install_all.get(first..last).unwrap_or_default();
        let name = self.names.of(run.node(node));
        self.step(
            Action::StopClusterService,
            name.clone(),
            None,
            stop_rules,
            "cluster-basics",
            Restart::None,
            Sentence::StopClusterService,
        );
        let update = self.update_for(run.cluster.version).clone();
        self.step(
            Action::Install,
            name.clone(),
            None,
            install_rules,
            kb,
            Restart::None,
            Sentence::InstallNode { update, detail },
        );
        self.step(
            Action::StartClusterService,
            name,
            None,
            &[cite::START_CLUSTER_SERVICE_AFTER_INSTALL],
            "cluster-basics",
            Restart::None,
            Sentence::StartClusterService,
        );
        if let Some(patched) = run.lists.patched.get_mut(node) {
            *patched = true;
        }
    }

    /// Moves a virtual server to an upgraded node and upgrades it there, or (for updates
    /// that do not upgrade virtual servers) simply moves it while it stays online.
    fn relocate(&mut self, run: &mut ClusterRun<'a>, evs: usize, to: usize) {
        if !run.upgrades {
            let (ids, len) = cite_with(run.mode_rule, Some(cite::MOVE_GROUPS_BEFORE_INSTALL));
            let rules = ids.get(..len).unwrap_or_default();
            self.move_evs(run, evs, to, rules, ", which already runs the update, so that its old node can be patched");
            return;
        }
        let kb = "e2003-upgrade-virtual-server";
        let name = self.names.of(run.evs(evs));
        self.step(
            Action::TakeOffline,
            name.clone(),
            None,
            &[cite::EVS_OFFLINE_FOR_UPGRADE, cite::NO_OLD_EVS_ONLINE_ON_UPGRADED_NODE],
            kb,
            Restart::None,
            Sentence::EvsOffline,
        );
        self.move_evs(
            run,
            evs,
            to,
            &[cite::EVS_UPGRADE_ON_UPGRADED_OWNER, cite::MOVE_GROUPS_BEFORE_INSTALL],
            ", which already runs the update; the virtual server stays offline",
        );
        self.step(
            Action::UpgradeVirtualServer,
            name.clone(),
            None,
            &[cite::E2003_UPGRADE_VIRTUAL_SERVERS, cite::EVS_UPGRADE_ON_UPGRADED_OWNER],
            kb,
            Restart::None,
            Sentence::UpgradeEvs,
        );
        self.step(
            Action::BringOnline,
            name,
            None,
            &[cite::NO_OLD_EVS_ONLINE_ON_UPGRADED_NODE, cite::BACK_IN_SERVICE],
            kb,
            Restart::None,
            Sentence::EvsOnline { on: self.names.of(run.node(to)) },
        );
    }

    /// Active/passive (Exchange 2000 and 2003): the passive nodes first, then each active
    /// node once its virtual servers have moved to an upgraded node.
    fn cluster_active_passive(&mut self, run: &mut ClusterRun<'a>) -> Result<(), Error> {
        // Which nodes are passive is decided by the start: a node owning no virtual server.
        for k in 0..run.lists.nodes.len() {
            let Some(&node) = run.lists.nodes.get(k) else { break };
            if !run.owned_at_start(node) {
                self.patch_node(run, node, ", a passive node");
            }
        }
        for k in 0..run.lists.nodes.len() {
            let Some(&node) = run.lists.nodes.get(k) else { break };
            if !run.owned_at_start(node) {
                continue;
            }
            let owned = run.owned(node);
            for &evs in &owned {
                let to = run.free_upgraded_node(node)?;
                self.relocate(run, evs, to);
            }
            run.lists.owned = owned;
            self.patch_node(run, node, ", which no longer owns a virtual server");
        }
        Ok(())
    }

    /// Active/active (Exchange 2000 and 2003): gather every virtual server on the first
    /// node, patch the other nodes, move the virtual servers to patched nodes, patch the
    /// first node, and put the virtual servers back where they were.
    fn cluster_active_active(&mut self, run: &mut ClusterRun<'a>) -> Result<(), Error> {
        let Some(hub) = run.lists.nodes.first().copied() else {
            return Err(Error::new(ErrorKind::Invalid, "a cluster needs at least two nodes"));
        };
        // Only the virtual servers that move change owner, so each is looked at once.
        for k in 0..run.lists.evs.len() {
            let Some(&evs) = run.lists.evs.get(k) else { break };
            if run.lists.owner.get(evs) != Some(&hub) {
                let (ids, len) = cite_with(run.mode_rule, Some(cite::MOVE_GROUPS_BEFORE_INSTALL));
                let rules = ids.get(..len).unwrap_or_default();
                self.move_evs(run, evs, hub, rules, ", so that one node carries every virtual server and the other is free");
            }
        }
        for k in 0..run.lists.nodes.len() {
            let Some(&node) = run.lists.nodes.get(k) else { break };
            if node != hub {
                self.patch_node(run, node, ", which owns no virtual server now");
            }
        }
        let owned = run.owned(hub);
        for &evs in &owned {
            let original = run.lists.original.get(evs).copied().unwrap_or_default();
            let to = if original != hub && run.lists.patched.get(original) == Some(&true) {
                original
            } else {
                run.free_upgraded_node(hub)?
            };
            self.relocate(run, evs, to);
        }
        run.lists.owned = owned;
        self.patch_node(run, hub, ", which no longer owns a virtual server");
        for k in 0..run.lists.evs.len() {
            let Some(&evs) = run.lists.evs.get(k) else { break };
            if run.lists.original.get(evs) == Some(&hub) {
                let (ids, len) = cite_with(run.mode_rule, run.upgrades.then_some(cite::NO_UPGRADED_EVS_ON_OLD_NODE));
                let rules = ids.get(..len).unwrap_or_default();
                self.move_evs(run, evs, hub, rules, ", its original node, to restore the active/active layout");
            }
        }
        Ok(())
    }

    /// Exchange 5.5: the active node first, then the second node with Update Node, and
    /// Performance Optimizer after each.
    fn cluster_55(&mut self, run: &mut ClusterRun<'a>) -> Result<(), Error> {
        let active = run.lists.evs.first().and_then(|evs| run.lists.owner.get(*evs)).or(run.lists.nodes.first()).copied();
        let other = active.and_then(|active| run.lists.nodes.iter().copied().find(|node| *node != active));
        let (Some(active), Some(other)) = (active, other) else {
            return Err(Error::new(ErrorKind::Invalid, "a cluster needs at least two nodes"));
        };
        let groups = run.owned(active);
        for &evs in &groups {
            self.move_evs(
                run,
                evs,
                other,
                &[cite::E55_ACTIVE_NODE_FIRST, cite::MOVE_GROUPS_BEFORE_INSTALL],
                ", so that the active node can be patched first",
            );
        }
        self.patch_node(run, active, ", the active node, first");
        for &evs in &groups {
            self.move_evs(run, evs, active, &[cite::E55_ACTIVE_NODE_FIRST], ", back to the node that runs the update");
        }
        run.lists.owned = groups;
        self.performance_optimizer(self.names.of(run.node(active)), false);
        self.patch_node(run, other, " and choose Update Node");
        self.performance_optimizer(self.names.of(run.node(other)), true);
        Ok(())
    }

    /// Warnings: skipped servers, prerequisites, strategy costs and notes.
    fn warnings(&mut self) -> Result<(), Error> {
        let topology = self.topology;
        let update = &topology.update;
        let mut restore_warning = false;
        for k in 0..self.servers.len() {
            let Some(&ServerEntry { server, level, disposition, .. }) = self.servers.get(k) else { break };
            self.common_warnings(&server.name, server.version, level, disposition, server.windows.is_none());
            if disposition == Disposition::Install {
                restore_warning |= restores_break(update, server.version, level);
                if server.sbs {
                    let (kb, extra) = match server.version {
                        Version::V2003 => ("e2003-sbs", ""),
                        Version::V2000 if update.target_level(Version::V2000) == Some(Level::Sp3) => (
                            "e2000-sbs",
                            " Small Business Server 2000 SP1a also brings Exchange 2000 SP3 in its integrated Setup; that the original SP1 brings it too is not confirmed. [unconfirmed]",
                        ),
                        Version::V2000 => ("e2000-sbs", ""),
                        Version::V55 => ("e55-sbs", ""),
                    };
                    self.warn(
                        sbs_standard_procedure::ID,
                        Severity::Recommended,
                        &server.name,
                        kb,
                        format!(
                            "{} is a Small Business Server: the update needs nothing special there, but the Exchange services stop while Setup runs.{extra}",
                            server.name
                        ),
                    );
                }
            }
        }
        for k in 0..self.clusters.len() {
            let Some(&ClusterEntry { cluster, level, disposition, .. }) = self.clusters.get(k) else { break };
            self.common_warnings(&cluster.name, cluster.version, level, disposition, cluster.windows.is_none());
            if disposition != Disposition::Install {
                continue;
            }
            restore_warning |= restores_break(update, cluster.version, level);
            let on_windows_2000 = match &cluster.windows {
                Some(windows) => windows.release()?.family == WindowsFamily::W2000,
                None => false,
            };
            if cluster.version == Version::V2003
                && level < Level::Sp1
                && update.target_level(Version::V2003) == Some(Level::Sp1)
                && !on_windows_2000
            {
                self.warn(
                    windows_prerequisite::ID,
                    Severity::Required,
                    &cluster.name,
                    "e2003-sp1-windows-hotfix",
                    format!(
                        "Install Windows hotfix 831464 on every node of {} (and restart the node) before Exchange Server 2003 SP1.",
                        cluster.name
                    ),
                );
            }
            if cluster.version == Version::V55 {
                self.warn(
                    windows_prerequisite::ID,
                    Severity::Recommended,
                    &cluster.name,
                    "e55-cluster",
                    format!(
                        "Apply any Windows NT service pack to both nodes of {} before the Exchange update, one node at a time.",
                        cluster.name
                    ),
                );
            }
            if cluster.version == Version::V2000 && cluster.mode == ClusterMode::ActiveActive {
                self.warn(
                    e2000_active_active_consolidate::ID,
                    Severity::Recommended,
                    &cluster.name,
                    "e2000-active-active",
                    format!(
                        "While one node of {} hosts every virtual server it carries the whole load; plan the work for a quiet time. [unconfirmed]",
                        cluster.name
                    ),
                );
            }
        }
        if topology.options.front_end_pool == PoolStrategy::Rolling {
            // Each pool with its number of members, kept in the order of the pools' names.
            let mut pools: Vec<(&str, usize)> = Vec::new();
            let (servers, _) = topology.install_targets()?;
            for server in servers.into_iter().filter_map(|i| topology.servers.get(i)) {
                if let (Some(pool), Version::V2003) = (&server.pool, server.version) {
                    match pools.binary_search_by(|(known, _)| (*known).cmp(pool.as_str())) {
                        Ok(at) => pools.get_mut(at).into_iter().for_each(|(_, members)| *members += 1),
                        Err(at) => pools.insert(at, (pool.as_str(), 1)),
                    }
                }
            }
            for (pool, members) in pools.into_iter().filter(|(_, members)| *members > 1) {
                self.warn(
                    pool_upgraded_together::ID,
                    Severity::Recommended,
                    pool,
                    "e2003-load-balanced-front-ends",
                    format!(
                        "The {members} front ends of pool {pool} are upgraded one at a time (the rolling strategy): the pool keeps serving, but while versions are mixed, mobile clients may get synchronization key errors, which stop once every member runs the same level."
                    ),
                );
            }
        }
        if restore_warning {
            self.warn(
                backup_after::ID,
                Severity::Required,
                "",
                "e2000-sp2-restore",
                "After Exchange 2000 SP2, backups taken on the original release or SP1 cannot be restored: take a new full backup right after the update and keep the old backups only with a recovery server at the old level.".to_owned(),
            );
        }
        Ok(())
    }

    fn common_warnings(
        &mut self,
        name: &str,
        version: Version,
        level: Level,
        disposition: Disposition,
        windows_unknown: bool,
    ) {
        match disposition {
            Disposition::AlreadyAtTarget => self.warn(
                every_server_once::ID,
                Severity::Recommended,
                name,
                "before-you-start",
                format!("{name} is already at {} {level}: it is skipped.", version.product()),
            ),
            Disposition::Install
                if windows_unknown
                    && version == Version::V2000
                    && level < Level::Sp3
                    && self.topology.update.target_level(Version::V2000) == Some(Level::Sp3) =>
            {
                self.warn(
                    windows_prerequisite::ID,
                    Severity::Recommended,
                    name,
                    "e2000-prerequisites",
                    format!(
                        "The Windows release of {name} is not given: confirm that it runs Windows 2000 SP2 or later, which Exchange 2000 SP3 needs."
                    ),
                );
            }
            _ => {}
        }
    }

    fn into_plan(self) -> Plan {
        let totals = self.outages.totals;
        Plan {
            format: PLAN_FORMAT.to_owned(),
            organisation: self.topology.name.clone(),
            update: self.topology.update.describe(),
            phases: self.phases,
            steps: self.steps,
            warnings: self.warnings,
            totals,
        }
    }
}

/// Up to two citations, in order, leaving out the missing ones: the first `len` of `ids`.
fn cite_with(first: Option<u8>, second: Option<u8>) -> ([u8; 2], usize) {
    match (first, second) {
        (Some(a), Some(b)) => ([a, b], 2),
        (Some(one), None) | (None, Some(one)) => ([one, one], 1),
        (None, None) => ([0, 0], 0),
    }
}

/// Whether the update takes an Exchange 2000 server from before SP2 to SP2 or later.
fn restores_break(update: &Update, version: Version, level: Level) -> bool {
    version == Version::V2000 && level < Level::Sp2 && update.target_level(version).is_some_and(|to| to >= Level::Sp2)
}

/// The lists a cluster's procedure works with, kept from one cluster to the next so that
/// planning many clusters does not allocate them again for each. Nodes and virtual servers
/// are named by their position in the cluster's `nodes` and `virtual_servers`.
#[derive(Debug, Default)]
struct RunLists {
    /// The nodes, sorted by name.
    nodes: Vec<usize>,
    /// The virtual servers, sorted by name.
    evs: Vec<usize>,
    /// The node that owns each virtual server now, by the virtual server's position.
    owner: Vec<usize>,
    /// The node that owned each virtual server at the start.
    original: Vec<usize>,
    /// Whether each node, by position, runs the update.
    patched: Vec<bool>,
    /// A spare list for [`ClusterRun::owned`].
    owned: Vec<usize>,
}

/// The state of one cluster while its procedure is planned.
struct ClusterRun<'a> {
    cluster: &'a Cluster,
    /// The numbers of the cluster's first node and first virtual server across clusters.
    first_node: usize,
    first_evs: usize,
    lists: RunLists,
    /// Whether the update upgrades the virtual servers' data.
    upgrades: bool,
    /// Whether a node may host only one virtual server at a time.
    one_per_node: bool,
    /// Whether the organisation has front ends of this version, so the cluster is a back end.
    fe_rule: bool,
    kb: &'static str,
    mode_rule: Option<u8>,
}

impl<'a> ClusterRun<'a> {
    fn new(
        entry: &ClusterEntry<'a>,
        topology: &Topology,
        has_front_ends: bool,
        mut lists: RunLists,
    ) -> Result<ClusterRun<'a>, Error> {
        let cluster = entry.cluster;
        let node_name = |k: &usize| cluster.nodes.get(*k).map_or("", String::as_str);
        let evs_name = |j: &usize| cluster.virtual_servers.get(*j).map_or("", |evs| evs.name.as_str());
        lists.nodes.clear();
        lists.nodes.extend(0..cluster.nodes.len());
        // Names are unique, so an unstable sort gives the one order.
        order::sort_positions(&mut lists.nodes, &|a, b| node_name(&a).cmp(node_name(&b)));
        lists.evs.clear();
        lists.evs.extend(0..cluster.virtual_servers.len());
        order::sort_positions(&mut lists.evs, &|a, b| evs_name(&a).cmp(evs_name(&b)));
        lists.original.clear();
        for evs in &cluster.virtual_servers {
            let Some(owner) = cluster.nodes.iter().position(|node| *node == evs.owner) else {
                return Err(Error::new(
                    ErrorKind::Invalid,
                    format!("virtual server `{}` is owned by `{}`, which is not a node of its cluster", evs.name, evs.owner),
                ));
            };
            lists.original.push(owner);
        }
        lists.owner.clone_from(&lists.original);
        lists.patched.clear();
        lists.patched.resize(cluster.nodes.len(), false);
        let many = cluster.nodes.len() > 2;
        let (kb, mode_rule) = match (cluster.version, cluster.mode) {
            (Version::V2003, _) if many => ("e2003-multi-node", None),
            (Version::V2003, _) => ("e2003-cluster", None),
            (Version::V2000, ClusterMode::ActivePassive) => ("e2000-active-passive", Some(cite::E2000_PASSIVE_NODE_FIRST)),
            (Version::V2000, ClusterMode::ActiveActive) => {
                ("e2000-active-active", Some(cite::E2000_ACTIVE_ACTIVE_CONSOLIDATE))
            }
            (Version::V55, _) => ("e55-cluster", Some(cite::E55_ACTIVE_NODE_FIRST)),
        };
        Ok(ClusterRun {
            cluster,
            first_node: entry.first_node,
            first_evs: entry.first_evs,
            lists,
            upgrades: topology.update.upgrades_virtual_servers(cluster.version),
            one_per_node: cluster.version == Version::V2003 && many,
            fe_rule: has_front_ends,
            kb,
            mode_rule,
        })
    }

    /// The target a node of this cluster is, by its position.
    fn node(&self, node: usize) -> Target {
        Target::Node(self.first_node + node)
    }

    /// The target a virtual server of this cluster is, by its position.
    fn evs(&self, evs: usize) -> Target {
        Target::Evs(self.first_evs + evs)
    }

    /// The virtual servers `node` owns now, in name order, in the spare list: give the list
    /// back (`run.lists.owned = list`) when done with it.
    fn owned(&mut self, node: usize) -> Vec<usize> {
        let mut list = std::mem::take(&mut self.lists.owned);
        list.clear();
        let owner = &self.lists.owner;
        list.extend(self.lists.evs.iter().copied().filter(|evs| owner.get(*evs) == Some(&node)));
        list
    }

    /// Whether `node` owned a virtual server at the start.
    fn owned_at_start(&self, node: usize) -> bool {
        self.lists.original.contains(&node)
    }

    /// Whether `node` owns no virtual server now.
    fn hosts_nothing(&self, node: usize) -> bool {
        !self.lists.owner.contains(&node)
    }

    /// Records that `evs` now belongs to `to`.
    fn set_owner(&mut self, evs: usize, to: usize) {
        if let Some(owner) = self.lists.owner.get_mut(evs) {
            *owner = to;
        }
    }

    /// A patched node other than `leaving` to move a virtual server to: one that owns no
    /// virtual server if there is one (always, when a node may host only one).
    fn free_upgraded_node(&self, leaving: usize) -> Result<usize, Error> {
        let patched = &self.lists.patched;
        let mut candidates =
            self.lists.nodes.iter().copied().filter(|node| *node != leaving && patched.get(*node) == Some(&true));
        let first = candidates.next();
        if let Some(free) = first.into_iter().chain(candidates).find(|node| self.hosts_nothing(*node)) {
            return Ok(free);
        }
        match first {
            Some(node) if !self.one_per_node => Ok(node),
            _ => Err(Error::new(
                ErrorKind::Invalid,
                format!("cluster `{}` has no free upgraded node to take a virtual server", self.cluster.name),
            )),
        }
    }
}

/// Counts the plan's totals from its steps, as ARCHITECTURE.md defines them.
pub fn totals(topology: &Topology, steps: &[Step]) -> Totals {
    let mut outages = Outages::new(topology, None);
    for step in steps {
        outages.count(step);
    }
    outages.totals
}

/// Values by name, names compared exactly (case counts), through the crate's small hash
/// table rather than a `HashMap` of its own.
#[derive(Debug)]
struct ExactNames<'t, V> {
    table: HashSlots,
    entries: Vec<(&'t str, V)>,
}

impl<V> Default for ExactNames<'_, V> {
    fn default() -> Self {
        ExactNames { table: HashSlots::default(), entries: Vec::new() }
    }
}

impl<'t, V> ExactNames<'t, V> {
    fn len(&self) -> usize {
        self.entries.len()
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.table.find(name_hash(name), |at| self.entries.get(at).is_some_and(|(known, _)| *known == name))
    }

    fn get(&self, name: &str) -> Option<&V> {
        self.position(name).and_then(|at| self.entries.get(at)).map(|(_, value)| value)
    }

    /// Sets the value of `name`, replacing the one it had.
    fn set(&mut self, name: &'t str, value: V) {
        match self.position(name).and_then(|at| self.entries.get_mut(at)) {
            Some(entry) => entry.1 = value,
            None => {
                self.entries.push((name, value));
                self.table.push(name_hash(name));
            }
        }
    }
}

/// What a name stands for, as far as the totals care.
#[derive(Debug, Clone, Copy)]
enum Kind {
    FrontEnd(Option<usize>),
    VirtualServer,
}

/// The totals of a plan, counted step by step.
#[derive(Debug)]
struct Outages<'t> {
    /// Front ends and virtual servers by name, made the first time a name without a hint
    /// that holds is counted.
    kinds: Option<ExactNames<'t, Kind>>,
    /// Whether the organisation has front ends or virtual servers at all.
    any: bool,
    /// Each server's name and kind, by position, for names that carry a hint.
    servers: Vec<(&'t str, Option<Kind>)>,
    /// Each node's name, numbered across clusters as the hints number them.
    nodes: Vec<&'t str>,
    /// Each virtual server's name, numbered across clusters.
    evs: Vec<&'t str>,
    pool_size: Vec<usize>,
    down_in_pool: Vec<usize>,
    touched: Vec<usize>,
    totals: Totals,
    /// The last list of unavailable names looked at, and whether a front end, a whole pool
    /// and a virtual server are in it: consecutive steps often share their list.
    last: Option<(Names, [bool; 3])>,
}

impl<'t> Outages<'t> {
    /// The totals' tables for `topology`, with each server's pool number when validation
    /// has worked them out (see [`Facts::pools`]).
    fn new(topology: &'t Topology, numbered: Option<&[Option<usize>]>) -> Outages<'t> {
        let mut pools: ExactNames<'_, usize> = ExactNames::default();
        let mut pool_size: Vec<usize> = Vec::new();
        let mut servers = Vec::with_capacity(topology.servers.len());
        for (at, server) in topology.servers.iter().enumerate() {
            if server.role != Role::FrontEnd {
                servers.push((server.name.as_str(), None));
                continue;
            }
            let pool = server.pool.as_deref().map(|pool| {
                let index = match numbered.and_then(|numbers| numbers.get(at).copied().flatten()) {
                    Some(index) => index,
                    None => {
                        let next = pools.len();
                        pools.get(pool).copied().unwrap_or_else(|| {
                            pools.set(pool, next);
                            next
                        })
                    }
                };
                if index >= pool_size.len() {
                    pool_size.resize(index + 1, 0);
                }
                if let Some(size) = pool_size.get_mut(index) {
                    *size += 1;
                }
                index
            });
            servers.push((server.name.as_str(), Some(Kind::FrontEnd(pool))));
        }
        let nodes = topology.clusters.iter().flat_map(|c| c.nodes.iter().map(String::as_str)).collect();
        let evs: Vec<&str> =
            topology.clusters.iter().flat_map(|c| c.virtual_servers.iter().map(|v| v.name.as_str())).collect();
        Outages {
            kinds: None,
            any: !evs.is_empty() || servers.iter().any(|(_, kind)| kind.is_some()),
            servers,
            nodes,
            evs,
            down_in_pool: vec![0; pool_size.len()],
            pool_size,
            touched: Vec::new(),
            totals: Totals::default(),
            last: None,
        }
    }

    /// Adds one step to the totals.
    fn count(&mut self, step: &Step) {
        let totals = &mut self.totals;
        totals.steps = totals.steps.saturating_add(1);
        match (step.action, step.restart) {
            (Action::Move, _) => totals.evs_moves += 1,
            (Action::Install, Restart::Possible) => totals.possible_restarts += 1,
            (Action::Install, Restart::Likely) => totals.likely_restarts += 1,
            _ => {}
        }
        if step.unavailable.is_empty() || !self.any {
            return;
        }
        let [front_end, whole_pool, virtual_server] = match &self.last {
            Some((list, flags)) if list.same_list(&step.unavailable) => *flags,
            _ => {
                let flags = self.flags(&step.unavailable);
                self.last = Some((step.unavailable.clone(), flags));
                flags
            }
        };
        let totals = &mut self.totals;
        totals.front_end_outage_steps += u32::from(front_end);
        totals.pool_outage_steps += u32::from(whole_pool);
        totals.evs_offline_steps += u32::from(virtual_server);
    }

    /// The kind of thing a name stands for, found by the name.
    fn kind_by_name(&mut self, name: &str) -> Option<Kind> {
        let (servers, evs) = (&self.servers, &self.evs);
        let kinds = self.kinds.get_or_insert_with(|| {
            let mut kinds = ExactNames::default();
            let front_ends = servers.iter().filter_map(|(name, kind)| kind.map(|kind| (*name, kind)));
            for (name, kind) in front_ends.chain(evs.iter().map(|name| (*name, Kind::VirtualServer))) {
                kinds.set(name, kind);
            }
            kinds
        });
        kinds.get(name).copied()
    }

    /// The kind of thing a name's hint points to, when the hint holds for this topology.
    fn hinted(&self, name: &Name) -> Option<Option<Kind>> {
        let (known, kind) = match unhint(name.hint())? {
            Target::Server(id) => *self.servers.get(id)?,
            Target::Node(id) => (*self.nodes.get(id)?, None),
            Target::Evs(id) => (*self.evs.get(id)?, Some(Kind::VirtualServer)),
            Target::All | Target::Cluster(_) => return None,
        };
        (known == name.as_str()).then_some(kind)
    }

    /// Whether a front end, a whole pool and a virtual server are in `unavailable`.
    fn flags(&mut self, unavailable: &Names) -> [bool; 3] {
        let (mut front_end, mut virtual_server, mut whole_pool) = (false, false, false);
        for name in unavailable {
            let kind = match self.hinted(name) {
                Some(kind) => kind,
                None => self.kind_by_name(name),
            };
            match kind {
                Some(Kind::FrontEnd(pool)) => {
                    front_end = true;
                    if let Some(index) = pool
                        && let Some(down) = self.down_in_pool.get_mut(index)
                    {
                        *down += 1;
                        self.touched.push(index);
                        whole_pool |= self.pool_size.get(index).copied() == Some(*down);
                    }
                }
                Some(Kind::VirtualServer) => virtual_server = true,
                None => {}
            }
        }
        for index in self.touched.drain(..) {
            if let Some(down) = self.down_in_pool.get_mut(index) {
                *down = 0;
            }
        }
        [front_end, whole_pool, virtual_server]
    }
}

impl Plan {
    /// The plan as plain text for a terminal: one line per step, then the warnings.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if self.organisation.is_empty() {
            let _ = writeln!(out, "Plan: {}", self.update);
        } else {
            let _ = writeln!(out, "Plan: {} — {}", self.organisation, self.update);
        }
        let mut phase = "";
        for step in &self.steps {
            if step.phase != phase {
                phase = &step.phase;
                let title = self.phases.iter().find(|p| p.id == phase).map_or(phase, |p| p.title.as_str());
                let _ = writeln!(out, "\n{title}");
            }
            let _ = write!(out, "{:>4}. {}", step.n, step.text());
            let mut badges = Vec::new();
            match step.restart {
                Restart::Possible => badges.push("restart possible".to_owned()),
                Restart::Likely => badges.push("restart likely".to_owned()),
                Restart::None => {}
            }
            if !step.unavailable.is_empty() {
                badges.push(format!("down: {}", step.unavailable.join(", ")));
            }
            if !badges.is_empty() {
                let _ = write!(out, " [{}]", badges.join("; "));
            }
            out.push('\n');
        }
        if !self.warnings.is_empty() {
            out.push_str("\nWarnings\n");
            for warning in &self.warnings {
                let _ = writeln!(out, "  - {}", warning.message);
            }
        }
        let t = &self.totals;
        let _ = writeln!(
            out,
            "\nTotals: {} steps, {} virtual server moves, {} steps with a front end down, {} with a whole pool down, {} with a virtual server offline, {} possible and {} likely restarts",
            t.steps, t.evs_moves, t.front_end_outage_steps, t.pool_outage_steps, t.evs_offline_steps, t.possible_restarts, t.likely_restarts
        );
        out
    }

    /// The plan as a Markdown checklist.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        if self.organisation.is_empty() {
            let _ = writeln!(out, "# Plan: {}", escape_markdown(&self.update));
        } else {
            let _ = writeln!(out, "# Plan: {} — {}", escape_markdown(&self.organisation), escape_markdown(&self.update));
        }
        let mut phase = "";
        for step in &self.steps {
            if step.phase != phase {
                phase = &step.phase;
                let title = self.phases.iter().find(|p| p.id == phase).map_or(phase, |p| p.title.as_str());
                let _ = writeln!(out, "\n## {}\n", escape_markdown(title));
            }
            let _ = write!(out, "- [ ] {}. {}", step.n, escape_markdown(&step.text()));
            if step.restart != Restart::None {
                let _ = write!(out, " *(restart {})*", if step.restart == Restart::Likely { "likely" } else { "possible" });
            }
            if !step.unavailable.is_empty() {
                let _ = write!(out, " — down: {}", escape_markdown(&step.unavailable.join(", ")));
            }
            let _ = writeln!(out, " (see `{}`)", step.kb);
        }
        if !self.warnings.is_empty() {
            out.push_str("\n## Warnings\n\n");
            for warning in &self.warnings {
                let _ = writeln!(out, "- {} (see `{}`)", escape_markdown(&warning.message), warning.kb);
            }
        }
        out
    }
}

/// Escapes the characters that Markdown or HTML would read as markup in user names.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use expect_test::{Expect, expect};

    use super::*;

    #[test]
    fn exact_names_compare_case_and_keep_the_last_value() {
        let mut names: super::ExactNames<'_, usize> = super::ExactNames::default();
        let many: Vec<String> = (0..100).map(|i| format!("fe{i}")).collect();
        for (i, name) in many.iter().enumerate() {
            names.set(name, i);
        }
        names.set("FE7", 1000);
        names.set("fe7", 700);
        assert_eq!(names.len(), 101);
        assert_eq!(names.get("fe7"), Some(&700));
        assert_eq!(names.get("FE7"), Some(&1000));
        assert_eq!(names.get("fe99"), Some(&99));
        assert_eq!(names.get("Fe7"), None);
        assert_eq!(names.get("fe100"), None);
    }

    /// Plans a topology and asks the validator about the plan: no rule may break, and the
    /// validator's timeline and totals must match the planner's own.
    fn plan_json(json: &serde_json::Value) -> Plan {
        plan_checked(&json.to_string())
    }

    fn plan_checked(json: &str) -> Plan {
        let topology = Topology::from_json(json).unwrap();
        let plan = plan(&topology).unwrap();
        let report = crate::check(&topology, &plan.steps).unwrap();
        assert_eq!(report.violations, Vec::new(), "{}", plan.to_text());
        let timeline: Vec<&Names> = report.timeline.iter().map(|moment| &moment.unavailable).collect();
        let planned: Vec<&Names> = plan.steps.iter().map(|step| &step.unavailable).collect();
        assert_eq!(timeline, planned);
        assert_eq!(report.totals, plan.totals);
        plan
    }

    #[test]
    fn every_example_plan_passes_the_validator() {
        let examples = [
            include_str!("../../../examples/e2003-front-end-back-end.json"),
            include_str!("../../../examples/e2000-active-active.json"),
            include_str!("../../../examples/mixed-organisation.json"),
            include_str!("../../../examples/e2003-hotfix.json"),
            include_str!("../../../examples/e55-cluster.json"),
            include_str!("../../../examples/e2003-rolling-pool.json"),
        ];
        for example in examples {
            let plan = plan_checked(example);
            assert!(plan.steps.len() > 4);
        }
    }

    /// One line per step: number, phase, action, target, route, restart, what is down.
    fn outline(plan: &Plan) -> String {
        let mut out = String::new();
        for step in &plan.steps {
            let _ = write!(out, "{} {} {} {}", step.n, step.phase, step.action, step.target);
            if let (Some(from), Some(to)) = (&step.from, &step.to) {
                let _ = write!(out, " {from}->{to}");
            }
            if step.restart != Restart::None {
                let _ = write!(out, " restart={:?}", step.restart);
            }
            if !step.unavailable.is_empty() {
                let _ = write!(out, " down=[{}]", step.unavailable.join(","));
            }
            out.push('\n');
        }
        for warning in &plan.warnings {
            let _ = writeln!(out, "warning {} {}: {}", warning.rule, warning.target, warning.message);
        }
        let _ = writeln!(out, "{:?}", plan.totals);
        out
    }

    fn check(json: serde_json::Value, expect: Expect) {
        expect.assert_eq(&outline(&plan_json(&json)));
    }

    #[test]
    fn exchange_2003_front_ends_pool_back_end_and_active_passive_cluster() {
        check(
            serde_json::json!({
                "name": "Contoso",
                "servers": [
                    {"name": "BE1", "version": "2003", "level": "SP1", "role": "back-end"},
                    {"name": "FE2", "version": "2003", "level": "SP1", "role": "front-end", "pool": "owa"},
                    {"name": "FE1", "version": "2003", "level": "SP1", "role": "front-end", "pool": "owa"},
                    {"name": "FE3", "version": "2003", "level": "SP1", "role": "front-end", "remote": true}
                ],
                "clusters": [{"name": "CL1", "version": "2003", "level": "SP1", "mode": "active-passive",
                    "nodes": ["N2", "N1"], "virtual_servers": [{"name": "EVS1", "owner": "N1"}]}],
                "update": {"service_pack": {"2003": "SP2"}}
            }),
            expect![[r#"
                1 prepare test-in-lab *
                2 prepare backup *
                3 e2003-front-ends take-offline FE1 down=[FE1]
                4 e2003-front-ends take-offline FE2 down=[FE1,FE2]
                5 e2003-front-ends install FE1 restart=Possible down=[FE1,FE2]
                6 e2003-front-ends install FE2 restart=Possible down=[FE1,FE2]
                7 e2003-front-ends bring-online FE1 down=[FE1,FE2]
                8 e2003-front-ends bring-online FE2 down=[FE2]
                9 e2003-front-ends install FE3 restart=Likely down=[FE3]
                10 e2003-front-ends restart FE3 down=[FE3]
                11 e2003-servers install BE1 restart=Possible down=[BE1]
                12 e2003-clusters stop-cluster-service N2 down=[N2]
                13 e2003-clusters install N2 down=[N2]
                14 e2003-clusters start-cluster-service N2 down=[N2]
                15 e2003-clusters take-offline EVS1 down=[EVS1]
                16 e2003-clusters move EVS1 N1->N2 down=[EVS1]
                17 e2003-clusters upgrade-virtual-server EVS1 down=[EVS1]
                18 e2003-clusters bring-online EVS1 down=[EVS1]
                19 e2003-clusters stop-cluster-service N1 down=[N1]
                20 e2003-clusters install N1 down=[N1]
                21 e2003-clusters start-cluster-service N1 down=[N1]
                22 finish backup *
                23 finish verify *
                Totals { steps: 23, evs_moves: 1, front_end_outage_steps: 8, pool_outage_steps: 4, evs_offline_steps: 4, possible_restarts: 3, likely_restarts: 1 }
            "#]],
        );
    }

    #[test]
    fn rolling_pool_takes_one_member_at_a_time_and_warns() {
        check(
            serde_json::json!({
                "servers": [
                    {"name": "FE1", "version": "2003", "level": "RTM", "role": "front-end", "pool": "owa"},
                    {"name": "FE2", "version": "2003", "level": "RTM", "role": "front-end", "pool": "owa"},
                    {"name": "BE1", "version": "2003", "level": "RTM", "role": "back-end"}
                ],
                "update": {"service_pack": {"2003": "SP1"}},
                "options": {"front_end_pool": "rolling"}
            }),
            expect![[r#"
                1 prepare test-in-lab *
                2 prepare backup *
                3 e2003-front-ends take-offline FE1 down=[FE1]
                4 e2003-front-ends install FE1 restart=Possible down=[FE1]
                5 e2003-front-ends bring-online FE1 down=[FE1]
                6 e2003-front-ends take-offline FE2 down=[FE2]
                7 e2003-front-ends install FE2 restart=Possible down=[FE2]
                8 e2003-front-ends bring-online FE2 down=[FE2]
                9 e2003-servers install BE1 restart=Possible down=[BE1]
                10 finish backup *
                11 finish verify *
                warning pool-upgraded-together owa: The 2 front ends of pool owa are upgraded one at a time (the rolling strategy): the pool keeps serving, but while versions are mixed, mobile clients may get synchronization key errors, which stop once every member runs the same level.
                Totals { steps: 11, evs_moves: 0, front_end_outage_steps: 6, pool_outage_steps: 0, evs_offline_steps: 0, possible_restarts: 3, likely_restarts: 0 }
            "#]],
        );
    }

    #[test]
    fn exchange_2003_active_active_consolidates_upgrades_and_restores() {
        check(
            serde_json::json!({
                "clusters": [{"name": "CL", "version": "2003", "level": "SP1", "mode": "active-active",
                    "nodes": ["A", "B"], "virtual_servers": [{"name": "EVS1", "owner": "A"}, {"name": "EVS2", "owner": "B"}]}],
                "update": {"service_pack": {"2003": "SP2"}}
            }),
            expect![[r#"
                1 prepare test-in-lab *
                2 prepare backup *
                3 e2003-clusters move EVS2 B->A down=[EVS2]
                4 e2003-clusters stop-cluster-service B down=[B]
                5 e2003-clusters install B down=[B]
                6 e2003-clusters start-cluster-service B down=[B]
                7 e2003-clusters take-offline EVS1 down=[EVS1]
                8 e2003-clusters move EVS1 A->B down=[EVS1]
                9 e2003-clusters upgrade-virtual-server EVS1 down=[EVS1]
                10 e2003-clusters bring-online EVS1 down=[EVS1]
                11 e2003-clusters take-offline EVS2 down=[EVS2]
                12 e2003-clusters move EVS2 A->B down=[EVS2]
                13 e2003-clusters upgrade-virtual-server EVS2 down=[EVS2]
                14 e2003-clusters bring-online EVS2 down=[EVS2]
                15 e2003-clusters stop-cluster-service A down=[A]
                16 e2003-clusters install A down=[A]
                17 e2003-clusters start-cluster-service A down=[A]
                18 e2003-clusters move EVS1 B->A down=[EVS1]
                19 finish backup *
                20 finish verify *
                Totals { steps: 20, evs_moves: 4, front_end_outage_steps: 0, pool_outage_steps: 0, evs_offline_steps: 10, possible_restarts: 0, likely_restarts: 0 }
            "#]],
        );
    }

    #[test]
    fn exchange_2003_four_node_cluster_chains_through_free_nodes() {
        check(
            serde_json::json!({
                "clusters": [{"name": "BIG", "version": "2003", "level": "RTM", "mode": "active-passive",
                    "nodes": ["N1", "N2", "N3", "N4"],
                    "virtual_servers": [{"name": "EVS-A", "owner": "N3"}, {"name": "EVS-B", "owner": "N1"}, {"name": "EVS-C", "owner": "N2"}],
                    "windows": "2003"}],
                "update": {"service_pack": {"2003": "SP1"}}
            }),
            expect![[r#"
                1 prepare test-in-lab *
                2 prepare backup *
                3 e2003-clusters stop-cluster-service N4 down=[N4]
                4 e2003-clusters install N4 down=[N4]
                5 e2003-clusters start-cluster-service N4 down=[N4]
                6 e2003-clusters take-offline EVS-B down=[EVS-B]
                7 e2003-clusters move EVS-B N1->N4 down=[EVS-B]
                8 e2003-clusters upgrade-virtual-server EVS-B down=[EVS-B]
                9 e2003-clusters bring-online EVS-B down=[EVS-B]
                10 e2003-clusters stop-cluster-service N1 down=[N1]
                11 e2003-clusters install N1 down=[N1]
                12 e2003-clusters start-cluster-service N1 down=[N1]
                13 e2003-clusters take-offline EVS-C down=[EVS-C]
                14 e2003-clusters move EVS-C N2->N1 down=[EVS-C]
                15 e2003-clusters upgrade-virtual-server EVS-C down=[EVS-C]
                16 e2003-clusters bring-online EVS-C down=[EVS-C]
                17 e2003-clusters stop-cluster-service N2 down=[N2]
                18 e2003-clusters install N2 down=[N2]
                19 e2003-clusters start-cluster-service N2 down=[N2]
                20 e2003-clusters take-offline EVS-A down=[EVS-A]
                21 e2003-clusters move EVS-A N3->N2 down=[EVS-A]
                22 e2003-clusters upgrade-virtual-server EVS-A down=[EVS-A]
                23 e2003-clusters bring-online EVS-A down=[EVS-A]
                24 e2003-clusters stop-cluster-service N3 down=[N3]
                25 e2003-clusters install N3 down=[N3]
                26 e2003-clusters start-cluster-service N3 down=[N3]
                27 finish backup *
                28 finish verify *
                warning windows-prerequisite BIG: Install Windows hotfix 831464 on every node of BIG (and restart the node) before Exchange Server 2003 SP1.
                Totals { steps: 28, evs_moves: 3, front_end_outage_steps: 0, pool_outage_steps: 0, evs_offline_steps: 12, possible_restarts: 0, likely_restarts: 0 }
            "#]],
        );
    }

    #[test]
    fn exchange_2003_hotfix_without_virtual_server_upgrade_moves_online() {
        check(
            serde_json::json!({
                "clusters": [{"name": "CL", "version": "2003", "level": "SP2", "mode": "active-passive",
                    "nodes": ["A", "B"], "virtual_servers": [{"name": "EVS1", "owner": "A"}]}],
                "update": {"hotfix": {"id": "KB912345", "version": "2003", "requires": "SP2"}}
            }),
            expect![[r#"
                1 prepare test-in-lab *
                2 prepare backup *
                3 e2003-clusters stop-cluster-service B down=[B]
                4 e2003-clusters install B down=[B]
                5 e2003-clusters start-cluster-service B down=[B]
                6 e2003-clusters move EVS1 A->B down=[EVS1]
                7 e2003-clusters stop-cluster-service A down=[A]
                8 e2003-clusters install A down=[A]
                9 e2003-clusters start-cluster-service A down=[A]
                10 finish backup *
                11 finish verify *
                Totals { steps: 11, evs_moves: 1, front_end_outage_steps: 0, pool_outage_steps: 0, evs_offline_steps: 1, possible_restarts: 0, likely_restarts: 0 }
            "#]],
        );
    }

    #[test]
    fn exchange_2000_active_active_consolidates_patches_and_swaps() {
        check(
            serde_json::json!({
                "clusters": [{"name": "CL", "version": "2000", "level": "SP2", "mode": "active-active",
                    "nodes": ["NODE-B", "NODE-A"], "windows": "2000 SP3",
                    "virtual_servers": [{"name": "EVS2", "owner": "NODE-B"}, {"name": "EVS1", "owner": "NODE-A"}]}],
                "update": {"service_pack": {"2000": "SP3"}}
            }),
            expect![[r#"
                1 prepare test-in-lab *
                2 prepare backup *
                3 e2000-clusters move EVS2 NODE-B->NODE-A down=[EVS2]
                4 e2000-clusters stop-cluster-service NODE-B down=[NODE-B]
                5 e2000-clusters install NODE-B down=[NODE-B]
                6 e2000-clusters start-cluster-service NODE-B down=[NODE-B]
                7 e2000-clusters move EVS1 NODE-A->NODE-B down=[EVS1]
                8 e2000-clusters move EVS2 NODE-A->NODE-B down=[EVS2]
                9 e2000-clusters stop-cluster-service NODE-A down=[NODE-A]
                10 e2000-clusters install NODE-A down=[NODE-A]
                11 e2000-clusters start-cluster-service NODE-A down=[NODE-A]
                12 e2000-clusters move EVS1 NODE-B->NODE-A down=[EVS1]
                13 finish backup *
                14 finish verify *
                warning e2000-active-active-consolidate CL: While one node of CL hosts every virtual server it carries the whole load; plan the work for a quiet time. [unconfirmed]
                Totals { steps: 14, evs_moves: 4, front_end_outage_steps: 0, pool_outage_steps: 0, evs_offline_steps: 4, possible_restarts: 0, likely_restarts: 0 }
            "#]],
        );
    }

    #[test]
    fn exchange_2000_active_passive_patches_the_passive_node_first() {
        check(
            serde_json::json!({
                "servers": [{"name": "OWA", "version": "2000", "level": "SP1", "role": "front-end"}],
                "clusters": [{"name": "CL", "version": "2000", "level": "SP1", "mode": "active-passive",
                    "nodes": ["A", "B"], "virtual_servers": [{"name": "EVS1", "owner": "A"}]}],
                "update": {"service_pack": {"2000": "SP3"}}
            }),
            expect![[r#"
                1 prepare test-in-lab *
                2 prepare backup *
                3 e2000-front-ends install OWA restart=Possible down=[OWA]
                4 e2000-clusters stop-cluster-service B down=[B]
                5 e2000-clusters install B down=[B]
                6 e2000-clusters start-cluster-service B down=[B]
                7 e2000-clusters move EVS1 A->B down=[EVS1]
                8 e2000-clusters stop-cluster-service A down=[A]
                9 e2000-clusters install A down=[A]
                10 e2000-clusters start-cluster-service A down=[A]
                11 finish backup *
                12 finish verify *
                warning windows-prerequisite OWA: The Windows release of OWA is not given: confirm that it runs Windows 2000 SP2 or later, which Exchange 2000 SP3 needs.
                warning windows-prerequisite CL: The Windows release of CL is not given: confirm that it runs Windows 2000 SP2 or later, which Exchange 2000 SP3 needs.
                warning backup-after : After Exchange 2000 SP2, backups taken on the original release or SP1 cannot be restored: take a new full backup right after the update and keep the old backups only with a recovery server at the old level.
                Totals { steps: 12, evs_moves: 1, front_end_outage_steps: 1, pool_outage_steps: 0, evs_offline_steps: 1, possible_restarts: 1, likely_restarts: 0 }
            "#]],
        );
    }

    #[test]
    fn exchange_2000_active_passive_moves_two_virtual_servers_off_one_node() {
        check(
            serde_json::json!({
                "clusters": [{"name": "CL", "version": "2000", "level": "SP3", "mode": "active-passive",
                    "nodes": ["A", "B", "C"], "virtual_servers": [{"name": "V1", "owner": "A"}, {"name": "V2", "owner": "A"}]}],
                "update": {"hotfix": {"id": "KB893624", "version": "2000", "requires": "SP3"}}
            }),
            expect![[r#"
                1 prepare test-in-lab *
                2 prepare backup *
                3 e2000-clusters stop-cluster-service B down=[B]
                4 e2000-clusters install B down=[B]
                5 e2000-clusters start-cluster-service B down=[B]
                6 e2000-clusters stop-cluster-service C down=[C]
                7 e2000-clusters install C down=[C]
                8 e2000-clusters start-cluster-service C down=[C]
                9 e2000-clusters move V1 A->B down=[V1]
                10 e2000-clusters move V2 A->C down=[V2]
                11 e2000-clusters stop-cluster-service A down=[A]
                12 e2000-clusters install A down=[A]
                13 e2000-clusters start-cluster-service A down=[A]
                14 finish backup *
                15 finish verify *
                Totals { steps: 15, evs_moves: 2, front_end_outage_steps: 0, pool_outage_steps: 0, evs_offline_steps: 2, possible_restarts: 0, likely_restarts: 0 }
            "#]],
        );
    }

    #[test]
    fn exchange_55_cluster_patches_the_active_node_first() {
        check(
            serde_json::json!({
                "servers": [{"name": "MAIL", "version": "5.5", "level": "SP3", "sbs": true}],
                "clusters": [{"name": "CL", "version": "5.5", "level": "SP3", "mode": "active-passive",
                    "nodes": ["A", "B"], "virtual_servers": [{"name": "EXVS", "owner": "B"}]}],
                "update": {"service_pack": {"5.5": "SP4"}}
            }),
            expect![[r#"
                1 prepare test-in-lab *
                2 prepare backup *
                3 e55-servers install MAIL down=[MAIL]
                4 e55-servers run-performance-optimizer MAIL
                5 e55-clusters move EXVS B->A down=[EXVS]
                6 e55-clusters stop-cluster-service B down=[B]
                7 e55-clusters install B down=[B]
                8 e55-clusters start-cluster-service B down=[B]
                9 e55-clusters move EXVS A->B down=[EXVS]
                10 e55-clusters run-performance-optimizer B
                11 e55-clusters stop-cluster-service A down=[A]
                12 e55-clusters install A down=[A]
                13 e55-clusters start-cluster-service A down=[A]
                14 e55-clusters run-performance-optimizer A
                15 finish backup *
                16 finish verify *
                warning sbs-standard-procedure MAIL: MAIL is a Small Business Server: the update needs nothing special there, but the Exchange services stop while Setup runs.
                warning windows-prerequisite CL: Apply any Windows NT service pack to both nodes of CL before the Exchange update, one node at a time.
                Totals { steps: 16, evs_moves: 2, front_end_outage_steps: 0, pool_outage_steps: 0, evs_offline_steps: 2, possible_restarts: 0, likely_restarts: 0 }
            "#]],
        );
    }

    #[test]
    fn mixed_organisation_goes_newest_version_first_and_skips_servers_at_the_level() {
        check(
            serde_json::json!({
                "servers": [
                    {"name": "OLD", "version": "5.5", "level": "SP3"},
                    {"name": "MID", "version": "2000", "level": "SP3"},
                    {"name": "MID2", "version": "2000", "level": "RTM", "windows": "2000 SP4"},
                    {"name": "NEW", "version": "2003", "build": "6.5.7226.6", "remote": true}
                ],
                "update": {"service_pack": {"2003": "SP2", "2000": "SP3", "5.5": "SP4"}}
            }),
            expect![[r#"
                1 prepare test-in-lab *
                2 prepare backup *
                3 e2003-servers install NEW restart=Likely down=[NEW]
                4 e2003-servers restart NEW down=[NEW]
                5 e2000-servers install MID2 restart=Possible down=[MID2]
                6 e55-servers install OLD down=[OLD]
                7 e55-servers run-performance-optimizer OLD
                8 finish backup *
                9 finish verify *
                warning every-server-once MID: MID is already at Exchange 2000 Server SP3: it is skipped.
                warning backup-after : After Exchange 2000 SP2, backups taken on the original release or SP1 cannot be restored: take a new full backup right after the update and keep the old backups only with a recovery server at the old level.
                Totals { steps: 9, evs_moves: 0, front_end_outage_steps: 0, pool_outage_steps: 0, evs_offline_steps: 0, possible_restarts: 1, likely_restarts: 1 }
            "#]],
        );
    }

    /// A small deterministic generator (a linear congruential generator), so the
    /// generated organisations are the same on every run.
    struct Gen(u64);

    impl Gen {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) as usize) % n.max(1)
        }

        fn chance(&mut self, percent: usize) -> bool {
            self.below(100) < percent
        }
    }

    /// An organisation of a random shape; it may be invalid (the caller skips those).
    fn generated(g: &mut Gen, id: usize) -> serde_json::Value {
        use serde_json::json;
        let versions = [("5.5", ["RTM", "SP1", "SP2", "SP3", "SP4"].as_slice()), ("2000", &["RTM", "SP1", "SP2", "SP3"]), ("2003", &["RTM", "SP1", "SP2"])];
        let hotfix = g.chance(20);
        let mut targets: Vec<(&str, &[&str], usize)> = Vec::new();
        for (version, levels) in versions {
            if g.chance(60) {
                targets.push((version, levels, 1 + g.below(levels.len() - 1)));
            }
        }
        if targets.is_empty() {
            targets.push(("2003", versions[2].1, 2));
        }
        if hotfix {
            targets.truncate(1);
        }
        let level_for = |g: &mut Gen, levels: &[&str], target: usize| -> String {
            let level = if hotfix { target } else { g.below(target + 1) };
            levels[level].to_owned()
        };
        let mut servers = Vec::new();
        for i in 0..g.below(7) {
            let (version, levels, target) = targets[g.below(targets.len())];
            let role = if version == "5.5" { "standalone" } else { ["standalone", "front-end", "back-end"][g.below(3)] };
            let mut server = json!({"name": format!("S{id}-{i}"), "version": version, "level": level_for(g, levels, target), "role": role});
            if role == "front-end" && g.chance(60) {
                server["pool"] = json!(format!("pool-{version}-{}", g.below(2)));
            }
            if g.chance(20) {
                server["remote"] = json!(true);
            }
            if g.chance(10) {
                server["sbs"] = json!(true);
            }
            servers.push(server);
        }
        let mut clusters = Vec::new();
        for c in 0..g.below(3) {
            let (version, levels, target) = targets[g.below(targets.len())];
            let active_active = version != "5.5" && g.chance(40);
            let nodes = match (version, active_active) {
                ("5.5", _) | ("2003", true) => 2,
                _ => 2 + g.below(3),
            };
            let names: Vec<String> = (0..nodes).map(|n| format!("C{id}-{c}-N{n}")).collect();
            let count = if active_active { 1 + g.below(nodes) } else { g.below(nodes) };
            let mut free: Vec<usize> = (0..nodes).collect();
            let mut virtual_servers = Vec::new();
            for e in 0..count {
                let owner = if version == "2003" && nodes > 2 || !active_active {
                    free.remove(g.below(free.len()))
                } else {
                    g.below(nodes)
                };
                virtual_servers.push(json!({"name": format!("C{id}-{c}-EVS{e}"), "owner": names[owner]}));
            }
            clusters.push(json!({
                "name": format!("C{id}-{c}"), "version": version, "level": level_for(g, levels, target),
                "mode": if active_active { "active-active" } else { "active-passive" },
                "nodes": names, "virtual_servers": virtual_servers,
            }));
        }
        let update = if hotfix {
            let (version, levels, target) = targets[0];
            json!({"hotfix": {"id": format!("KB{id}"), "version": version, "requires": levels[target],
                "updates_virtual_servers": version == "2003" && g.chance(50)}})
        } else {
            let map: serde_json::Map<String, serde_json::Value> =
                targets.iter().map(|(version, levels, target)| ((*version).to_owned(), json!(levels[*target]))).collect();
            json!({"service_pack": map})
        };
        let mut topology = json!({"servers": servers, "clusters": clusters, "update": update});
        if g.chance(30) {
            topology["options"] = json!({"front_end_pool": "rolling"});
        }
        topology
    }

    #[test]
    fn generated_organisations_plan_without_violations_in_any_order() {
        let mut g = Gen(328_839);
        let mut planned = 0;
        for id in 0..600 {
            let json = generated(&mut g, id);
            if Topology::from_json(&json.to_string()).is_err() {
                continue;
            }
            let first = plan_json(&json);
            let mut shuffled = json.clone();
            for list in ["servers", "clusters"] {
                shuffled[list].as_array_mut().unwrap().reverse();
            }
            for cluster in shuffled["clusters"].as_array_mut().unwrap() {
                cluster["nodes"].as_array_mut().unwrap().reverse();
                cluster["virtual_servers"].as_array_mut().unwrap().reverse();
            }
            assert_eq!(first, plan_json(&shuffled));
            let architecture = include_str!("../../../ARCHITECTURE.md");
            let anchors = first.steps.iter().map(|step| step.kb.as_ref()).chain(first.warnings.iter().map(|w| w.kb.as_str()));
            for anchor in anchors {
                assert!(architecture.contains(&format!("| `{anchor}` |")), "`{anchor}` is not a documented section anchor");
            }
            let installs = first.steps.iter().filter(|step| step.action == Action::Install).count();
            let topology = Topology::from_json(&json.to_string()).unwrap();
            let (servers, clusters) = topology.install_targets().unwrap();
            let nodes: usize = clusters.iter().map(|&i| topology.clusters[i].nodes.len()).sum();
            assert_eq!(installs, servers.len() + nodes);
            planned += 1;
        }
        assert!(planned > 300, "only {planned} generated organisations were valid");
    }

    /// Every valid topology plans, and no malformed one panics: the examples are cut and
    /// mutated at every position.
    #[test]
    fn mutated_examples_are_refused_or_planned_never_a_panic() {
        let examples = [
            include_str!("../../../examples/e2003-front-end-back-end.json"),
            include_str!("../../../examples/mixed-organisation.json"),
            include_str!("../../../examples/e2003-hotfix.json"),
        ];
        let replacements = ["", "\"", "0", "}", "[", "2000", "SP4", "\"N1\"", ",", "\u{0}", "é"];
        let (mut planned, mut refused) = (0, 0);
        for example in examples {
            let positions: Vec<usize> = example.char_indices().map(|(i, _)| i).step_by(3).collect();
            for (k, &at) in positions.iter().enumerate() {
                let replacement = replacements[k % replacements.len()];
                let end = example[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                let mutated = format!("{}{replacement}{}", &example[..at], &example[end..]);
                match Topology::from_json(&mutated) {
                    Ok(topology) => {
                        plan(&topology).unwrap();
                        planned += 1;
                    }
                    Err(err) => {
                        assert!(!err.to_string().is_empty());
                        refused += 1;
                    }
                }
            }
        }
        assert!(planned > 50 && refused > 500, "{planned} planned, {refused} refused");
    }

    /// Large organisations plan in time that grows with their size, whatever their shape:
    /// one cluster with thousands of virtual servers, and the largest server count accepted.
    #[test]
    fn large_shapes_plan_completely() {
        let virtual_servers: Vec<serde_json::Value> = (0..20_000)
            .map(|i| serde_json::json!({"name": format!("EVS{i}"), "owner": if i % 2 == 0 { "A" } else { "B" }}))
            .collect();
        let plan = plan_json_unchecked(&serde_json::json!({
            "clusters": [{"name": "CL", "version": "2000", "level": "SP2", "mode": "active-active", "windows": "2000 SP4",
                "nodes": ["A", "B"], "virtual_servers": virtual_servers}],
            "update": {"service_pack": {"2000": "SP3"}}
        }));
        assert_eq!(plan.totals.evs_moves, 10_000 + 20_000 + 10_000);
        let servers: Vec<serde_json::Value> = (0..crate::validate::MAX_MACHINES)
            .map(|i| serde_json::json!({"name": format!("S{i}"), "version": "2003", "level": "SP1"}))
            .collect();
        let plan = plan_json_unchecked(&serde_json::json!({"servers": servers, "update": {"service_pack": {"2003": "SP2"}}}));
        assert_eq!(plan.totals.possible_restarts as usize, crate::validate::MAX_MACHINES);
    }

    fn plan_json_unchecked(json: &serde_json::Value) -> Plan {
        plan(&Topology::from_json(&json.to_string()).unwrap()).unwrap()
    }

    #[test]
    fn totals_of_steps_planned_for_another_organisation_follow_the_names() {
        // Steps planned for one organisation, counted against the same organisation in
        // another order: the names' hints no longer hold and the names decide.
        let json = serde_json::json!({
            "servers": [
                {"name": "B", "version": "2003", "level": "SP1", "role": "back-end"},
                {"name": "F1", "version": "2003", "level": "SP1", "role": "front-end", "pool": "p"},
                {"name": "F2", "version": "2003", "level": "SP1", "role": "front-end", "pool": "p"}
            ],
            "clusters": [
                {"name": "C1", "version": "2003", "level": "SP1", "mode": "active-passive", "nodes": ["P", "Q", "R"],
                 "virtual_servers": [{"name": "W1", "owner": "Q"}, {"name": "W2", "owner": "P"}]}
            ],
            "update": {"service_pack": {"2003": "SP2"}}
        });
        let mut reversed = json.clone();
        reversed["servers"].as_array_mut().unwrap().reverse();
        reversed["clusters"][0]["nodes"].as_array_mut().unwrap().reverse();
        reversed["clusters"][0]["virtual_servers"].as_array_mut().unwrap().reverse();
        let planned = plan_json(&json);
        let read: Vec<Step> = serde_json::from_str(&serde_json::to_string(&planned.steps).unwrap()).unwrap();
        let reversed = Topology::from_json(&reversed.to_string()).unwrap();
        assert_eq!(totals(&reversed, &planned.steps), totals(&reversed, &read));
        assert_eq!(totals(&reversed, &planned.steps), planned.totals);
        assert!(planned.totals.front_end_outage_steps > 0 && planned.totals.evs_offline_steps > 0);
    }

    #[test]
    fn the_plan_does_not_depend_on_input_order() {
        let json = serde_json::json!({
            "servers": [
                {"name": "B", "version": "2003", "level": "SP1", "role": "back-end"},
                {"name": "F1", "version": "2003", "level": "SP1", "role": "front-end", "pool": "p"},
                {"name": "F2", "version": "2003", "level": "SP1", "role": "front-end", "pool": "p"}
            ],
            "clusters": [
                {"name": "C2", "version": "2000", "level": "SP2", "mode": "active-active", "nodes": ["X", "Y"],
                 "virtual_servers": [{"name": "V1", "owner": "X"}, {"name": "V2", "owner": "Y"}]},
                {"name": "C1", "version": "2003", "level": "SP1", "mode": "active-passive", "nodes": ["P", "Q", "R"],
                 "virtual_servers": [{"name": "W1", "owner": "Q"}, {"name": "W2", "owner": "P"}]}
            ],
            "update": {"service_pack": {"2003": "SP2", "2000": "SP3"}}
        });
        let mut reversed = json.clone();
        for list in ["servers", "clusters"] {
            reversed[list].as_array_mut().unwrap().reverse();
        }
        for cluster in reversed["clusters"].as_array_mut().unwrap() {
            cluster["nodes"].as_array_mut().unwrap().reverse();
            cluster["virtual_servers"].as_array_mut().unwrap().reverse();
        }
        let first = plan_json(&json);
        assert_eq!(first, plan_json(&reversed));
        assert_eq!(first, plan_json(&json));
    }

    #[test]
    fn every_step_cites_registered_rules_and_a_section() {
        let plan = plan_json(&serde_json::json!({
            "servers": [{"name": "F", "version": "2000", "level": "SP2", "role": "front-end", "sbs": true}],
            "clusters": [{"name": "C", "version": "2003", "level": "RTM", "mode": "active-active", "nodes": ["X", "Y"],
                 "virtual_servers": [{"name": "V1", "owner": "X"}, {"name": "V2", "owner": "Y"}]}],
            "update": {"service_pack": {"2003": "SP1", "2000": "SP3"}}
        }));
        for step in &plan.steps {
            assert!(!step.rules.is_empty() && !step.kb.is_empty() && !step.text.is_empty(), "{step:?}");
            for rule in &step.rules {
                assert!(crate::rules::find(rule).is_some(), "unknown rule {rule}");
            }
            let text = step.text();
            assert!(text.ends_with('.') || text.ends_with("[unconfirmed]"), "{text}");
        }
        for warning in &plan.warnings {
            assert!(crate::rules::find(&warning.rule).is_some(), "unknown rule {}", warning.rule);
        }
        let phases: std::collections::BTreeSet<&str> = plan.phases.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(phases.len(), plan.phases.len());
        assert!(plan.steps.iter().all(|step| phases.contains(step.phase.as_ref())));
    }

    #[test]
    fn sort_keys_order_names_as_their_bytes_do() {
        let names = [
            "", "a", "ab", "ab\0", "ab\u{1}", "abcdefgh", "abcdefgh0", "abcdefgi", "B", "b", "fe10-0", "fe100-0",
            "fe2-0", "zz", "\u{e9}t\u{e9}", "\u{e9}", "\u{ff}",
        ];
        for a in names {
            for b in names {
                let by_key = sort_key(a).cmp(&sort_key(b)).then_with(|| a.cmp(b));
                assert_eq!(by_key, a.cmp(b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn a_validated_topology_plans_and_checks_as_the_plain_one() {
        let mut g = Gen(11);
        for id in 0..40 {
            let json = generated(&mut g, id).to_string();
            let Ok(topology) = Topology::from_json(&json) else { continue };
            let validated = Validated::from_json(&json).unwrap();
            assert_eq!(validated.topology(), &topology);
            let Ok(planned) = plan(&topology) else {
                assert!(validated.plan().is_err());
                continue;
            };
            assert_eq!(validated.plan().unwrap(), planned);
            let report = crate::check(&topology, &planned.steps).unwrap();
            assert_eq!(validated.check(&planned.steps).unwrap(), report);
            // A shuffled list, as a user might edit it, breaks rules the same way.
            let mut steps = planned.steps.clone();
            steps.reverse();
            assert_eq!(validated.check(&steps), crate::check(&topology, &steps));
        }
    }

    #[test]
    fn invalid_topologies_are_errors() {
        let topology = Topology::from_json(
            &serde_json::json!({
                "servers": [{"name": "A", "version": "2003", "level": "SP1"}],
                "update": {"service_pack": {"2003": "SP2"}}
            })
            .to_string(),
        )
        .unwrap();
        let mut broken = topology.clone();
        broken.servers[0].level = Some(Level::Sp4);
        let err = plan(&broken).unwrap_err();
        assert_eq!(err.to_string(), "servers[0].level: Exchange Server 2003 has no SP4: its last service pack is SP2");
    }

    #[test]
    fn text_and_markdown_renderings_show_steps_and_warnings() {
        let plan = plan_json(&serde_json::json!({
            "name": "Fabrikam <test>",
            "servers": [{"name": "EX_1", "version": "2000", "level": "SP1", "remote": true}],
            "update": {"service_pack": {"2000": "SP3"}}
        }));
        let text = plan.to_text();
        assert!(text.starts_with("Plan: Fabrikam <test> — Exchange 2000 Server SP3\n"), "{text}");
        assert!(text.contains("   3. Run the Exchange 2000 Server SP3 Setup on EX_1; the Exchange services stop while it runs; because it runs over Terminal Services, expect Setup to ask for a restart. [restart likely; down: EX_1]"), "{text}");
        assert!(text.contains("\nWarnings\n  - The Windows release of EX_1 is not given"), "{text}");
        let markdown = plan.to_markdown();
        assert!(markdown.starts_with("# Plan: Fabrikam \\<test\\> — Exchange 2000 Server SP3\n"), "{markdown}");
        assert!(markdown.contains("- [ ] 4. Restart EX\\_1, as Setup asks after an install over Terminal Services. — down: EX\\_1 (see `restarts`)"), "{markdown}");
    }
}
