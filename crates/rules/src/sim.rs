//! The simulated organisation that the validator steps through.
//!
//! [`Sim`] holds the state of every server, cluster node and virtual server while a step
//! list runs, following the "Step semantics" table of ARCHITECTURE.md. Names are looked up
//! once, case-insensitively, through one index; everything the rules ask per step is kept
//! in counters so that a step costs the same whatever the size of the organisation.
//!
//! The simulation applies every step's effect as the table states it, even when the step
//! breaks a rule: the report then names the first cause, not its echoes. The one exception
//! is a move to a node of another cluster, which cannot happen and leaves the virtual
//! server where it is. One refinement: a virtual server runs only on a node whose Cluster
//! service is running, so it goes offline when its owner's service stops, and a
//! `bring-online` on such a node leaves it offline; in both cases it waits, and comes online
//! once its owner's service starts or it moves to a node whose service runs.
//!
//! Entity ids (`usize`) are only ever made by [`Sim::new`] from the vectors they index, so
//! the accessors index directly.

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use crate::names::{Name, NameRow, Names};
use crate::{Action, ClusterMode, Error, ErrorKind, Level, Role, Step, Topology, Update, Version};

/// What a step's target, `from` or `to` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// `*`: the whole organisation.
    All,
    /// A server that is not a cluster node.
    Server(usize),
    /// A cluster.
    Cluster(usize),
    /// A cluster node.
    Node(usize),
    /// An Exchange virtual server.
    Evs(usize),
}

/// Whether the update applies to a server or cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Applies {
    /// The update must be installed.
    Yes,
    /// The server already runs the service pack (the planner skips it with a warning).
    AlreadyAtTarget,
    /// The update is for another version, a lower level, or another prerequisite level.
    No,
}

/// A non-clustered server.
#[derive(Debug)]
pub(crate) struct ServerState<'t> {
    pub name: &'t str,
    pub version: Version,
    pub role: Role,
    pub level: Level,
    pub pool: Option<usize>,
    pub remote: bool,
    pub applies: Applies,
    /// How many `install` steps ran on it.
    pub installs: u32,
    /// Position and number of the last `install` step.
    pub last_install: Option<(usize, u32)>,
    pub in_service: bool,
    /// The number of the `take-offline` step that took it out of service.
    pub offline_step: Option<u32>,
    /// The `install` step that still waits for a `restart` step.
    pub restart_due: Option<u32>,
    /// The `install` step that still waits for Performance Optimizer.
    pub optimizer_due: Option<u32>,
    /// Position of the last backup of this server.
    pub last_backup: Option<usize>,
}

impl ServerState<'_> {
    /// Whether the server runs the new level: installed now, or already there at the start.
    pub fn is_new(&self) -> bool {
        self.installs > 0 || self.applies == Applies::AlreadyAtTarget
    }
}

/// A cluster.
#[derive(Debug)]
pub(crate) struct ClusterState<'t> {
    pub name: &'t str,
    pub version: Version,
    pub level: Level,
    pub mode: ClusterMode,
    pub applies: Applies,
    /// Whether the update upgrades this cluster's virtual servers (Exchange 2003).
    pub upgrades_evs: bool,
    pub nodes: Vec<usize>,
    pub evs: Vec<usize>,
    /// Nodes whose Cluster service is stopped.
    pub stopped_nodes: u32,
    /// Nodes with at least one `install` step.
    pub installed_nodes: u32,
    /// Virtual servers that are offline, by id (sorted, so the first is stable).
    pub offline_evs: BTreeSet<usize>,
    pub last_backup: Option<usize>,
}

/// A cluster node.
#[derive(Debug)]
pub(crate) struct NodeState<'t> {
    pub name: &'t str,
    pub cluster: usize,
    pub installs: u32,
    pub last_install: Option<(usize, u32)>,
    pub service_running: bool,
    pub stopped_step: Option<u32>,
    /// How many virtual servers it owns now.
    pub owned: u32,
    /// Whether it owned a virtual server at the start.
    pub owned_at_start: bool,
    pub optimizer_due: Option<u32>,
    pub last_backup: Option<usize>,
}

/// An Exchange virtual server.
#[derive(Debug)]
pub(crate) struct EvsState<'t> {
    pub name: &'t str,
    pub cluster: usize,
    pub owner: usize,
    pub online: bool,
    pub offline_step: Option<u32>,
    /// Whether it waits for a Cluster service: brought online on a node whose service was
    /// stopped, or online on a node whose service stopped. It comes online once it is owned
    /// by a node whose Cluster service runs.
    pub waiting: bool,
    pub upgraded: bool,
    /// Position and number of the `upgrade-virtual-server` step.
    pub upgrade: Option<(usize, u32)>,
    pub last_backup: Option<usize>,
}

/// A load-balanced pool of front-end servers.
#[derive(Debug)]
pub(crate) struct PoolState<'t> {
    pub name: &'t str,
    pub members: u32,
    /// Members out of service.
    pub down: u32,
    /// Members in service that run the new level.
    pub new_in_service: u32,
    /// Members in service that run the old level.
    pub old_in_service: u32,
    /// Whether every member is an Exchange 2003 server.
    pub all_2003: bool,
}

/// The whole simulated organisation.
#[derive(Debug)]
pub(crate) struct Sim<'t> {
    pub topology: &'t Topology,
    pub servers: Vec<ServerState<'t>>,
    pub clusters: Vec<ClusterState<'t>>,
    pub nodes: Vec<NodeState<'t>>,
    pub evs: Vec<EvsState<'t>>,
    pub pools: Vec<PoolState<'t>>,
    index: NameIndex,
    /// Whether the organisation has front-end servers (clusters then act as back ends).
    pub has_front_ends: bool,
    /// Front ends the update applies to that are not installed yet, per version.
    pub old_front_ends: [BTreeSet<usize>; 3],
    pub tested: bool,
    /// Position of the last backup of `*`.
    pub last_global_backup: Option<usize>,
    /// The first `install` step of the plan.
    pub first_install: Option<u32>,
    /// Position of the last `install` step of the plan.
    pub last_install: Option<usize>,
    /// The display names of servers, nodes and virtual servers, in that order, shared by
    /// the moments of the timeline.
    names: NameRow,
    /// What is out of service now, sorted by display name.
    down: Vec<Target>,
    /// `down` as a shared list of names, once a moment has needed it; consecutive moments
    /// share it.
    down_list: Option<Names>,
    pub front_ends_down: u32,
    pub pools_down: u32,
    pub evs_offline: u32,
}

/// The index of `version` in per-version arrays.
pub(crate) fn version_slot(version: Version) -> usize {
    match version {
        Version::V55 => 0,
        Version::V2000 => 1,
        Version::V2003 => 2,
    }
}

/// Whether `update` applies to a server or cluster of `version` at `level`.
pub(crate) fn applies(update: &Update, version: Version, level: Level) -> Applies {
    match update {
        Update::ServicePack(levels) => match levels.get(&version) {
            Some(target) if level < *target => Applies::Yes,
            Some(target) if level == *target => Applies::AlreadyAtTarget,
            _ => Applies::No,
        },
        Update::Hotfix(hotfix) => {
            if hotfix.version == version && hotfix.requires == level {
                Applies::Yes
            } else {
                Applies::No
            }
        }
    }
}

/// Whether `update` upgrades the virtual servers of an Exchange 2003 cluster.
pub(crate) fn upgrades_virtual_servers(update: &Update) -> bool {
    match update {
        Update::ServicePack(levels) => levels.contains_key(&Version::V2003),
        Update::Hotfix(hotfix) => hotfix.version == Version::V2003 && hotfix.updates_virtual_servers,
    }
}

/// The level a server or cluster runs at the start, from `level` or `build`.
fn start_level(level: Option<Level>, build: Option<&str>, version: Version, path: impl Fn() -> String) -> Result<Level, Error> {
    if let Some(level) = level {
        return Ok(level);
    }
    let Some(build) = build else {
        return Err(Error::new(ErrorKind::Invalid, "give the service pack `level` or the `build`").at(path()));
    };
    let info = crate::builds::lookup(build).map_err(|err| err.at(format!("{}.build", path())))?;
    if info.version != version {
        return Err(Error::new(
            ErrorKind::Invalid,
            format!("build `{build}` is {}, not {}", info.version.product(), version.product()),
        )
        .at(format!("{}.build", path())));
    }
    Ok(info.level)
}

/// A hasher that passes on a hash computed beforehand (see [`name_hash`]).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct PrehashedHasher(u64);

impl Hasher for PrehashedHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*byte);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The characters of a name as Windows compares them: case-insensitively.
fn folded(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars().flat_map(char::to_lowercase)
}

/// A case-insensitive hash of a name, computed without allocating (FNV-1a, then mixed).
pub(crate) fn name_hash(name: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut add = |c: u32| hash = (hash ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3);
    // ASCII names (nearly all computer names) fold byte by byte, to the same characters
    // the Unicode path gives.
    if name.is_ascii() {
        name.bytes().for_each(|b| add(u32::from(b.to_ascii_lowercase())));
    } else {
        folded(name).for_each(|c| add(u32::from(c)));
    }
    hash ^= hash >> 29;
    hash = hash.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash ^ (hash >> 32)
}

/// Where one name sits in [`NameIndex::arena`], and what it names.
#[derive(Debug, Clone, Copy)]
struct Slot<V> {
    start: usize,
    end: usize,
    target: V,
}

/// Every name of the organisation, looked up case-insensitively without allocating.
///
/// The folded names are kept side by side in one string, so that a lookup compares against
/// memory that stays in the cache rather than against names spread over the topology.
#[derive(Debug)]
struct NameIndex<V = Target> {
    map: HashMap<u64, Slot<V>, BuildHasherDefault<PrehashedHasher>>,
    /// Names whose hash collides with a name already in `map`.
    overflow: Vec<(u64, Slot<V>)>,
    /// Every name, folded, one after the other.
    arena: String,
}

impl<V: Copy> Default for NameIndex<V> {
    fn default() -> NameIndex<V> {
        NameIndex::with_capacity(0)
    }
}

impl<V: Copy> NameIndex<V> {
    fn with_capacity(capacity: usize) -> NameIndex<V> {
        NameIndex {
            map: HashMap::with_capacity_and_hasher(capacity, BuildHasherDefault::default()),
            overflow: Vec::new(),
            arena: String::with_capacity(capacity.saturating_mul(8)),
        }
    }

    /// Whether `name` is the name stored at `slot`.
    fn matches(&self, slot: &Slot<V>, name: &str) -> bool {
        let Some(known) = self.arena.as_bytes().get(slot.start..slot.end) else { return false };
        if name.is_ascii() {
            // The stored name is folded already, so comparing both folded is the same test.
            known.eq_ignore_ascii_case(name.as_bytes())
        } else {
            self.arena.get(slot.start..slot.end).is_some_and(|known| known.chars().eq(folded(name)))
        }
    }

    fn get(&self, name: &str) -> Option<V> {
        self.get_hashed(name_hash(name), name)
    }

    fn get_hashed(&self, hash: u64, name: &str) -> Option<V> {
        match self.map.get(&hash) {
            None => return None,
            Some(slot) if self.matches(slot, name) => return Some(slot.target),
            Some(_) => {}
        }
        self.overflow.iter().find(|(h, slot)| *h == hash && self.matches(slot, name)).map(|(_, slot)| slot.target)
    }

    /// Adds a name; false when the name is already there.
    fn insert(&mut self, name: &str, target: V) -> bool {
        let hash = name_hash(name);
        let vacant = match self.map.get(&hash) {
            None => true,
            Some(slot) if self.matches(slot, name) => return false,
            Some(_) => {
                if self.overflow.iter().any(|(h, slot)| *h == hash && self.matches(slot, name)) {
                    return false;
                }
                false
            }
        };
        let start = self.arena.len();
        if name.is_ascii() {
            self.arena.push_str(name);
            if let Some(added) = self.arena.get_mut(start..) {
                added.make_ascii_lowercase();
            }
        } else {
            self.arena.extend(folded(name));
        }
        let slot = Slot { start, end: self.arena.len(), target };
        if vacant {
            self.map.insert(hash, slot);
        } else {
            self.overflow.push((hash, slot));
        }
        true
    }
}

/// Adds `name` to the index, refusing `*`, blank names and duplicates.
fn insert(index: &mut NameIndex, name: &str, target: Target, path: impl FnOnce() -> String) -> Result<(), Error> {
    if name == "*" || name.trim().is_empty() {
        return Err(Error::new(ErrorKind::Invalid, format!("`{name}` is not a valid name")).at(path()));
    }
    if !index.insert(name, target) {
        return Err(Error::new(ErrorKind::Invalid, format!("the name `{name}` is used twice")).at(path()));
    }
    Ok(())
}

impl<'t> Sim<'t> {
    /// The initial state of `topology`: everything in service, online on its owner, nothing
    /// installed. Duplicate names and unknown owners are errors, so that a topology that was
    /// never validated is still safe to simulate.
    pub fn new(topology: &'t Topology) -> Result<Sim<'t>, Error> {
        let computers = topology.servers.len()
            + topology.clusters.iter().map(|c| 1 + c.nodes.len() + c.virtual_servers.len()).sum::<usize>();
        let mut index = NameIndex::with_capacity(computers);
        let update = &topology.update;
        let mut servers = Vec::with_capacity(topology.servers.len());
        let mut pools: Vec<PoolState<'t>> = Vec::new();
        let mut pool_index: NameIndex<usize> = NameIndex::default();
        let mut old_front_ends: [BTreeSet<usize>; 3] = Default::default();
        let mut has_front_ends = false;
        for (i, server) in topology.servers.iter().enumerate() {
            let path = || format!("servers[{i}]");
            insert(&mut index, &server.name, Target::Server(i), || format!("{}.name", path()))?;
            let level = start_level(server.level, server.build.as_deref(), server.version, path)?;
            let applies = applies(update, server.version, level);
            let pool = match &server.pool {
                Some(pool_name) => {
                    let slot = pool_index.get(pool_name).unwrap_or_else(|| {
                        pools.push(PoolState {
                            name: pool_name,
                            members: 0,
                            down: 0,
                            new_in_service: 0,
                            old_in_service: 0,
                            all_2003: true,
                        });
                        pool_index.insert(pool_name, pools.len() - 1);
                        pools.len() - 1
                    });
                    if let Some(state) = pools.get_mut(slot) {
                        state.members += 1;
                        if applies == Applies::AlreadyAtTarget {
                            state.new_in_service += 1;
                        } else {
                            state.old_in_service += 1;
                        }
                        state.all_2003 &= server.version == Version::V2003;
                    }
                    Some(slot)
                }
                None => None,
            };
            if server.role == Role::FrontEnd {
                has_front_ends = true;
                if applies == Applies::Yes
                    && let Some(set) = old_front_ends.get_mut(version_slot(server.version))
                {
                    set.insert(i);
                }
            }
            servers.push(ServerState {
                name: &server.name,
                version: server.version,
                role: server.role,
                level,
                pool,
                remote: server.remote,
                applies,
                installs: 0,
                last_install: None,
                in_service: true,
                offline_step: None,
                restart_due: None,
                optimizer_due: None,
                last_backup: None,
            });
        }
        let upgrades_evs = upgrades_virtual_servers(update);
        let mut clusters = Vec::with_capacity(topology.clusters.len());
        let mut nodes: Vec<NodeState<'t>> =
            Vec::with_capacity(topology.clusters.iter().map(|c| c.nodes.len()).sum());
        let mut evs: Vec<EvsState<'t>> =
            Vec::with_capacity(topology.clusters.iter().map(|c| c.virtual_servers.len()).sum());
        for (c, cluster) in topology.clusters.iter().enumerate() {
            let path = || format!("clusters[{c}]");
            insert(&mut index, &cluster.name, Target::Cluster(c), || format!("{}.name", path()))?;
            let level = start_level(cluster.level, cluster.build.as_deref(), cluster.version, path)?;
            let applies = applies(update, cluster.version, level);
            let mut node_ids = Vec::with_capacity(cluster.nodes.len());
            for (k, node) in cluster.nodes.iter().enumerate() {
                let id = nodes.len();
                insert(&mut index, node, Target::Node(id), || format!("{}.nodes[{k}]", path()))?;
                nodes.push(NodeState {
                    name: node,
                    cluster: c,
                    installs: 0,
                    last_install: None,
                    service_running: true,
                    stopped_step: None,
                    owned: 0,
                    owned_at_start: false,
                    optimizer_due: None,
                    last_backup: None,
                });
                node_ids.push(id);
            }
            let mut evs_ids = Vec::with_capacity(cluster.virtual_servers.len());
            for (j, vs) in cluster.virtual_servers.iter().enumerate() {
                let id = evs.len();
                let vs_path = || format!("{}.virtual_servers[{j}]", path());
                insert(&mut index, &vs.name, Target::Evs(id), || format!("{}.name", vs_path()))?;
                let owner = match index.get(&vs.owner) {
                    Some(Target::Node(n)) if nodes.get(n).is_some_and(|node| node.cluster == c) => n,
                    _ => {
                        return Err(Error::new(
                            ErrorKind::Invalid,
                            format!("`{}` is not a node of cluster `{}`", vs.owner, cluster.name),
                        )
                        .at(format!("{}.owner", vs_path())));
                    }
                };
                if let Some(node) = nodes.get_mut(owner) {
                    node.owned += 1;
                    node.owned_at_start = true;
                }
                evs.push(EvsState {
                    name: &vs.name,
                    cluster: c,
                    owner,
                    online: true,
                    offline_step: None,
                    waiting: false,
                    upgraded: false,
                    upgrade: None,
                    last_backup: None,
                });
                evs_ids.push(id);
            }
            clusters.push(ClusterState {
                name: &cluster.name,
                version: cluster.version,
                level,
                mode: cluster.mode,
                applies,
                upgrades_evs: upgrades_evs && cluster.version == Version::V2003 && applies == Applies::Yes,
                nodes: node_ids,
                evs: evs_ids,
                stopped_nodes: 0,
                installed_nodes: 0,
                offline_evs: BTreeSet::new(),
                last_backup: None,
            });
        }
        let names = NameRow::new(
            servers.iter().map(|s| s.name).chain(nodes.iter().map(|n| n.name)).chain(evs.iter().map(|e| e.name)),
        );
        Ok(Sim {
            names,
            down_list: Some(Names::new()),
            topology,
            servers,
            clusters,
            nodes,
            evs,
            pools,
            index,
            has_front_ends,
            old_front_ends,
            tested: false,
            last_global_backup: None,
            first_install: None,
            last_install: None,
            down: Vec::new(),
            front_ends_down: 0,
            pools_down: 0,
            evs_offline: 0,
        })
    }

    /// Looks a name up, case-insensitively; `*` is the whole organisation.
    pub fn lookup(&self, name: &str) -> Option<Target> {
        if name == "*" {
            return Some(Target::All);
        }
        self.index.get(name)
    }

    /// The server with id `id`.
    #[allow(clippy::indexing_slicing, reason = "ids are made by `Sim::new` from this vector")]
    pub fn server(&self, id: usize) -> &ServerState<'t> {
        &self.servers[id]
    }

    /// The cluster with id `id`.
    #[allow(clippy::indexing_slicing, reason = "ids are made by `Sim::new` from this vector")]
    pub fn cluster(&self, id: usize) -> &ClusterState<'t> {
        &self.clusters[id]
    }

    /// The node with id `id`.
    #[allow(clippy::indexing_slicing, reason = "ids are made by `Sim::new` from this vector")]
    pub fn node(&self, id: usize) -> &NodeState<'t> {
        &self.nodes[id]
    }

    /// The virtual server with id `id`.
    #[allow(clippy::indexing_slicing, reason = "ids are made by `Sim::new` from this vector")]
    pub fn evs(&self, id: usize) -> &EvsState<'t> {
        &self.evs[id]
    }

    /// The pool with id `id`.
    #[allow(clippy::indexing_slicing, reason = "ids are made by `Sim::new` from this vector")]
    pub fn pool(&self, id: usize) -> &PoolState<'t> {
        &self.pools[id]
    }

    /// The cluster a node belongs to.
    pub fn node_cluster(&self, node: usize) -> &ClusterState<'t> {
        self.cluster(self.node(node).cluster)
    }

    /// The display name of a target.
    pub fn name(&self, target: Target) -> &'t str {
        match target {
            Target::All => "*",
            Target::Server(id) => self.server(id).name,
            Target::Cluster(id) => self.cluster(id).name,
            Target::Node(id) => self.node(id).name,
            Target::Evs(id) => self.evs(id).name,
        }
    }

    /// The version of a server, or of the cluster of a node or virtual server.
    pub fn version(&self, target: Target) -> Option<Version> {
        match target {
            Target::All => None,
            Target::Server(id) => Some(self.server(id).version),
            Target::Cluster(id) => Some(self.cluster(id).version),
            Target::Node(id) => Some(self.node_cluster(id).version),
            Target::Evs(id) => Some(self.cluster(self.evs(id).cluster).version),
        }
    }

    /// Whether a target is out of service now.
    pub fn is_down(&self, target: Target) -> bool {
        match target {
            Target::Server(id) => !self.server(id).in_service,
            Target::Node(id) => !self.node(id).service_running,
            Target::Evs(id) => !self.evs(id).online,
            Target::All | Target::Cluster(_) => false,
        }
    }

    /// Whether a server or node acts as a back end: a back-end server, or a cluster node in
    /// an organisation with front ends.
    pub fn is_back_end(&self, target: Target) -> bool {
        match target {
            Target::Server(id) => self.server(id).role == Role::BackEnd,
            Target::Node(_) => self.has_front_ends,
            _ => false,
        }
    }

    /// Whether a node runs the new binaries.
    pub fn node_is_new(&self, node: usize) -> bool {
        self.node(node).installs > 0 || self.node_cluster(node).applies == Applies::AlreadyAtTarget
    }

    /// Whether the update applies to a server, or to the cluster of a node.
    pub fn applies_to(&self, target: Target) -> Applies {
        match target {
            Target::Server(id) => self.server(id).applies,
            Target::Node(id) => self.node_cluster(id).applies,
            Target::Cluster(id) => self.cluster(id).applies,
            Target::Evs(id) => self.cluster(self.evs(id).cluster).applies,
            Target::All => Applies::No,
        }
    }

    /// The level a server or node runs at the start (for a node, its cluster's level).
    pub fn start_level(&self, target: Target) -> Option<Level> {
        match target {
            Target::Server(id) => Some(self.server(id).level),
            Target::Node(id) => Some(self.node_cluster(id).level),
            Target::Cluster(id) => Some(self.cluster(id).level),
            Target::Evs(id) => Some(self.cluster(self.evs(id).cluster).level),
            Target::All => None,
        }
    }

    /// The update in a few words for `version`: `"SP2"` or `"hotfix KB893624"`.
    pub fn update_words(&self, version: Version) -> String {
        match &self.topology.update {
            Update::ServicePack(levels) => match levels.get(&version) {
                Some(level) => level.as_str().to_string(),
                None => "the service pack".to_string(),
            },
            Update::Hotfix(hotfix) => format!("hotfix {}", hotfix.id),
        }
    }

    /// The first virtual server a node owns now, if any (a scan over its cluster only).
    pub fn owned_evs(&self, node: usize) -> Option<usize> {
        if self.node(node).owned == 0 {
            return None;
        }
        self.node_cluster(node).evs.iter().copied().find(|e| self.evs(*e).owner == node)
    }

    /// The shared display name of a server, node or virtual server.
    fn shared_name(&self, target: Target) -> Name {
        let row = match target {
            Target::Server(id) => id,
            Target::Node(id) => self.servers.len() + id,
            Target::Evs(id) => self.servers.len() + self.nodes.len() + id,
            Target::All | Target::Cluster(_) => return Name::from(self.name(target)),
        };
        self.names.get(row)
    }

    /// Marks a target out of service (`down`) or back in service, by name.
    fn set_down(&mut self, target: Target, down: bool) {
        let name = self.name(target);
        match (self.down.binary_search_by(|probe| self.name(*probe).cmp(name)), down) {
            (Err(at), true) => self.down.insert(at, target),
            (Ok(at), false) => {
                self.down.remove(at);
            }
            _ => return,
        }
        self.down_list = None;
    }

    /// What is unavailable during a step: what is out of service now, plus `extra`
    /// (something unavailable only while the step runs), sorted by name.
    pub fn unavailable(&mut self, extra: Option<Target>) -> Names {
        let Some(extra) = extra else {
            if let Some(list) = &self.down_list {
                return list.clone();
            }
            let list: Names = self.down.iter().map(|t| self.shared_name(*t)).collect();
            self.down_list = Some(list.clone());
            return list;
        };
        let name = self.name(extra);
        let at = self.down.partition_point(|probe| self.name(*probe) < name);
        let before = self.down.get(..at).unwrap_or_default();
        let after = self.down.get(at..).unwrap_or_default();
        let name = |t: &Target| self.shared_name(*t);
        before.iter().map(name).chain([self.shared_name(extra)]).chain(after.iter().map(name)).collect()
    }

    /// Applies `step` (at `pos` in the list) to the organisation. `target`, `to` are the
    /// resolved names; the caller has already checked that they fit the action.
    pub fn apply(&mut self, pos: usize, step: &Step, target: Target, to: Option<usize>) {
        let n = step.n;
        match (step.action, target) {
            (Action::TestInLab, _) => self.tested = true,
            (Action::Backup, Target::All) => self.last_global_backup = Some(pos),
            (Action::Backup, Target::Server(id)) => self.servers_mut(id).last_backup = Some(pos),
            (Action::Backup, Target::Node(id)) => self.nodes_mut(id).last_backup = Some(pos),
            (Action::Backup, Target::Cluster(id)) => self.clusters_mut(id).last_backup = Some(pos),
            (Action::Backup, Target::Evs(id)) => self.evs_mut(id).last_backup = Some(pos),
            (Action::TakeOffline, Target::Server(id)) => self.set_in_service(id, false, n),
            (Action::BringOnline, Target::Server(id)) => self.set_in_service(id, true, n),
            (Action::TakeOffline, Target::Evs(id)) => self.set_online(id, false, n),
            (Action::BringOnline, Target::Evs(id)) => self.set_online(id, true, n),
            (Action::Install, Target::Server(id)) => self.install_server(id, pos, n),
            (Action::Install, Target::Node(id)) => self.install_node(id, pos, n),
            (Action::Restart, Target::Server(id)) => self.servers_mut(id).restart_due = None,
            (Action::StopClusterService, Target::Node(id)) => self.set_service(id, false, n),
            (Action::StartClusterService, Target::Node(id)) => self.set_service(id, true, n),
            (Action::Move, Target::Evs(id)) => {
                if let Some(to) = to {
                    self.move_evs(id, to);
                }
            }
            (Action::UpgradeVirtualServer, Target::Evs(id)) => {
                let evs = self.evs_mut(id);
                evs.upgraded = true;
                evs.upgrade = Some((pos, n));
            }
            (Action::RunPerformanceOptimizer, Target::Server(id)) => self.servers_mut(id).optimizer_due = None,
            (Action::RunPerformanceOptimizer, Target::Node(id)) => self.nodes_mut(id).optimizer_due = None,
            _ => {}
        }
    }

    #[allow(clippy::indexing_slicing, reason = "ids are made by `Sim::new` from this vector")]
    fn servers_mut(&mut self, id: usize) -> &mut ServerState<'t> {
        &mut self.servers[id]
    }

    #[allow(clippy::indexing_slicing, reason = "ids are made by `Sim::new` from this vector")]
    fn clusters_mut(&mut self, id: usize) -> &mut ClusterState<'t> {
        &mut self.clusters[id]
    }

    #[allow(clippy::indexing_slicing, reason = "ids are made by `Sim::new` from this vector")]
    fn nodes_mut(&mut self, id: usize) -> &mut NodeState<'t> {
        &mut self.nodes[id]
    }

    #[allow(clippy::indexing_slicing, reason = "ids are made by `Sim::new` from this vector")]
    fn evs_mut(&mut self, id: usize) -> &mut EvsState<'t> {
        &mut self.evs[id]
    }

    #[allow(clippy::indexing_slicing, reason = "ids are made by `Sim::new` from this vector")]
    fn pools_mut(&mut self, id: usize) -> &mut PoolState<'t> {
        &mut self.pools[id]
    }

    /// Takes a server out of service or puts it back.
    fn set_in_service(&mut self, id: usize, in_service: bool, n: u32) {
        let server = self.server(id);
        if server.in_service == in_service {
            return;
        }
        let (role, pool, is_new) = (server.role, server.pool, server.is_new());
        let server = self.servers_mut(id);
        server.in_service = in_service;
        server.offline_step = if in_service { None } else { Some(n) };
        self.set_down(Target::Server(id), !in_service);
        if role == Role::FrontEnd {
            if in_service {
                self.front_ends_down = self.front_ends_down.saturating_sub(1);
            } else {
                self.front_ends_down += 1;
            }
        }
        if let Some(pool) = pool {
            let was_down = self.pool(pool).down == self.pool(pool).members;
            let state = self.pools_mut(pool);
            let counter = if is_new { &mut state.new_in_service } else { &mut state.old_in_service };
            if in_service {
                *counter += 1;
                state.down = state.down.saturating_sub(1);
            } else {
                *counter = counter.saturating_sub(1);
                state.down += 1;
            }
            let now_down = state.down == state.members;
            if now_down && !was_down {
                self.pools_down += 1;
            } else if was_down && !now_down {
                self.pools_down = self.pools_down.saturating_sub(1);
            }
        }
    }

    /// Takes a virtual server offline or brings it online. A virtual server brought online on
    /// a node whose Cluster service is stopped stays offline and waits for the service.
    fn set_online(&mut self, id: usize, online: bool, n: u32) {
        let owner_running = self.node(self.evs(id).owner).service_running;
        let evs = self.evs_mut(id);
        evs.waiting = online && !owner_running;
        if evs.online == online || evs.waiting {
            return;
        }
        evs.online = online;
        evs.offline_step = if online { None } else { Some(n) };
        let cluster = evs.cluster;
        let offline = &mut self.clusters_mut(cluster).offline_evs;
        if online {
            offline.remove(&id);
            self.evs_offline = self.evs_offline.saturating_sub(1);
        } else {
            offline.insert(id);
            self.evs_offline += 1;
        }
        self.set_down(Target::Evs(id), !online);
    }

    /// Stops or starts a node's Cluster service.
    fn set_service(&mut self, id: usize, running: bool, n: u32) {
        let node = self.nodes_mut(id);
        if node.service_running == running {
            return;
        }
        node.service_running = running;
        node.stopped_step = if running { None } else { Some(n) };
        let cluster_id = node.cluster;
        let cluster = self.clusters_mut(cluster_id);
        if running {
            cluster.stopped_nodes = cluster.stopped_nodes.saturating_sub(1);
        } else {
            cluster.stopped_nodes += 1;
        }
        self.set_down(Target::Node(id), !running);
        if self.node(id).owned == 0 {
            return;
        }
        // A virtual server runs only where the Cluster service runs: the ones this node owns
        // go offline with the service and come back when it starts again.
        let owned: Vec<usize> = self.cluster(cluster_id).evs.iter().copied().filter(|e| self.evs(*e).owner == id).collect();
        for evs in owned {
            if running && self.evs(evs).waiting {
                self.set_online(evs, true, n);
            } else if !running && self.evs(evs).online {
                self.set_online(evs, false, n);
                self.evs_mut(evs).waiting = true;
            }
        }
    }

    fn note_install(&mut self, pos: usize, n: u32) {
        self.first_install.get_or_insert(n);
        self.last_install = Some(pos);
    }

    fn install_server(&mut self, id: usize, pos: usize, n: u32) {
        self.note_install(pos, n);
        let server = self.server(id);
        let was_new = server.is_new();
        let (version, role, pool, in_service, remote) =
            (server.version, server.role, server.pool, server.in_service, server.remote);
        let server = self.servers_mut(id);
        server.installs += 1;
        server.last_install = Some((pos, n));
        if version == Version::V55 {
            server.optimizer_due = Some(n);
        } else if remote {
            server.restart_due = Some(n);
        }
        if role == Role::FrontEnd
            && let Some(set) = self.old_front_ends.get_mut(version_slot(version))
        {
            set.remove(&id);
        }
        if let (Some(pool), false, true) = (pool, was_new, in_service) {
            let state = self.pools_mut(pool);
            state.old_in_service = state.old_in_service.saturating_sub(1);
            state.new_in_service += 1;
        }
    }

    fn install_node(&mut self, id: usize, pos: usize, n: u32) {
        self.note_install(pos, n);
        let version = self.node_cluster(id).version;
        let node = self.nodes_mut(id);
        let first = node.installs == 0;
        node.installs += 1;
        node.last_install = Some((pos, n));
        if version == Version::V55 {
            node.optimizer_due = Some(n);
        }
        let cluster = node.cluster;
        if first {
            self.clusters_mut(cluster).installed_nodes += 1;
        }
    }

    /// Moves a virtual server to node `to` of its own cluster; an online one stays online.
    fn move_evs(&mut self, id: usize, to: usize) {
        let evs = self.evs(id);
        if self.node(to).cluster != evs.cluster {
            return;
        }
        let from = evs.owner;
        if from == to {
            return;
        }
        let node = self.nodes_mut(from);
        node.owned = node.owned.saturating_sub(1);
        self.nodes_mut(to).owned += 1;
        self.evs_mut(id).owner = to;
        if self.evs(id).waiting && self.node(to).service_running {
            self.set_online(id, true, 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_case_insensitively() {
        let mut index = NameIndex::default();
        assert!(index.insert("Mail1", Target::Server(0)));
        assert!(index.insert("ÄRGER", Target::Server(1)));
        assert!(!index.insert("MAIL1", Target::Server(2)));
        assert_eq!(index.get("mail1"), Some(Target::Server(0)));
        assert_eq!(index.get("ärger"), Some(Target::Server(1)));
        // The Kelvin sign folds to an ASCII `k`, so both paths must hash alike.
        assert!(index.insert("k1", Target::Server(3)));
        assert_eq!(index.get("\u{212A}1"), Some(Target::Server(3)));
        assert_eq!(index.get("mail"), None);
        assert_eq!(index.get(""), None);
    }

    #[test]
    fn pool_names_match_case_insensitively() -> Result<(), Error> {
        let topology: Topology = serde_json::from_str(
            r#"{"servers": [
                {"name": "FE1", "version": "2003", "level": "SP1", "role": "front-end", "pool": "Web"},
                {"name": "FE2", "version": "2003", "level": "SP1", "role": "front-end", "pool": "WEB"},
                {"name": "FE3", "version": "2000", "level": "SP3", "role": "front-end", "pool": "other"}
            ], "update": {"service_pack": {"2003": "SP2"}}}"#,
        )
        .map_err(|err| Error::new(ErrorKind::Shape, err.to_string()))?;
        let sim = Sim::new(&topology)?;
        let pools: Vec<(&str, u32, bool)> = sim.pools.iter().map(|p| (p.name, p.members, p.all_2003)).collect();
        assert_eq!(pools, [("Web", 2, true), ("other", 1, false)]);
        assert_eq!(sim.server(2).pool, Some(1));
        Ok(())
    }

    #[test]
    fn colliding_hashes_are_told_apart() {
        let mut index = NameIndex::default();
        // Put a different name under the hash of "b", as a collision would.
        index.arena.push('x');
        index.map.insert(name_hash("b"), Slot { start: 0, end: 1, target: Target::Server(9) });
        assert_eq!(index.get("b"), None);
        assert!(index.insert("B", Target::Server(1)));
        assert_eq!(index.overflow.len(), 1);
        assert_eq!(index.get("b"), Some(Target::Server(1)));
        assert!(!index.insert("b", Target::Server(2)));
    }
}
