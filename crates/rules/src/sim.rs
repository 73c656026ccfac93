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

use std::cell::{Cell, OnceCell};
use std::ops::Range;

use crate::names::{Name, NameRow, Names};
use crate::validate::Facts;
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

/// The hint (see [`Name::hint`]) for a target: its kind in the top three bits and its id
/// below; 0 for `*` or an id too large to hold.
pub(crate) fn hint(target: Target) -> u32 {
    let (kind, id) = match target {
        Target::All => return 0,
        Target::Server(id) => (1, id),
        Target::Cluster(id) => (2, id),
        Target::Node(id) => (3, id),
        Target::Evs(id) => (4, id),
    };
    match u32::try_from(id) {
        Ok(id) if id < 1 << 29 => (kind << 29) | id,
        _ => 0,
    }
}

/// The target a hint stands for, if it stands for one (no bounds are checked).
pub(crate) fn unhint(hint: u32) -> Option<Target> {
    let id = (hint & ((1 << 29) - 1)) as usize;
    match hint >> 29 {
        1 => Some(Target::Server(id)),
        2 => Some(Target::Cluster(id)),
        3 => Some(Target::Node(id)),
        4 => Some(Target::Evs(id)),
        _ => None,
    }
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
    /// Its nodes' ids, which follow one another.
    pub nodes: Range<usize>,
    /// Its virtual servers' ids, which follow one another.
    pub evs: Range<usize>,
    /// Nodes whose Cluster service is stopped.
    pub stopped_nodes: u32,
    /// Nodes with at least one `install` step.
    pub installed_nodes: u32,
    /// Virtual servers that are offline, by id (sorted, so the first is stable); a cluster
    /// has a handful of virtual servers, so a sorted list is enough.
    pub offline_evs: Vec<usize>,
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

/// A set of ids that only shrinks once made, which says how many it holds and the
/// smallest: the front ends still waiting for the update.
#[derive(Debug, Default)]
pub(crate) struct IdSet {
    /// Whether each id is in the set.
    member: Vec<bool>,
    len: usize,
    /// The smallest id in the set, when it is not empty.
    first: usize,
}

impl IdSet {
    /// Adds `id`.
    pub fn insert(&mut self, id: usize) {
        if id >= self.member.len() {
            self.member.resize(id + 1, false);
        }
        if let Some(slot) = self.member.get_mut(id)
            && !*slot
        {
            *slot = true;
            self.first = if self.len == 0 { id } else { self.first.min(id) };
            self.len += 1;
        }
    }

    /// Removes `id`.
    pub fn remove(&mut self, id: usize) {
        if let Some(slot) = self.member.get_mut(id)
            && *slot
        {
            *slot = false;
            self.len -= 1;
            // Each id is passed over once in the life of the set.
            while self.len > 0 && self.member.get(self.first) == Some(&false) {
                self.first += 1;
            }
        }
    }

    /// The smallest id in the set.
    pub fn first(&self) -> Option<usize> {
        (self.len > 0).then_some(self.first)
    }

    /// How many ids the set holds.
    pub fn len(&self) -> usize {
        self.len
    }
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
    index: Index<'t>,
    /// Whether the organisation has front-end servers (clusters then act as back ends).
    pub has_front_ends: bool,
    /// Front ends the update applies to that are not installed yet, per version.
    pub old_front_ends: [IdSet; 3],
    pub tested: bool,
    /// Position of the last backup of `*`.
    pub last_global_backup: Option<usize>,
    /// The first `install` step of the plan.
    pub first_install: Option<u32>,
    /// Position of the last `install` step of the plan.
    pub last_install: Option<usize>,
    /// The display names of servers, nodes and virtual servers, in that order, shared by
    /// the moments of the timeline.
    /// Made the first time a moment needs a name that its step does not give.
    names: OnceCell<NameRow>,
    /// For each server, cluster, node and virtual server (see [`Sim::row`]), the key (see
    /// [`Name::view_key`]) of a name found to spell its name, or zeros: another name with
    /// that key spells it too, without comparing text. The keys are those of the checked
    /// steps' names, which outlive the simulation, so no other text takes their address.
    confirmed: Vec<Cell<(usize, u32, u32)>>,
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

/// The characters of a name as Windows compares them: case-insensitively.
fn folded(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars().flat_map(sp_case::lower)
}

/// A case-insensitive hash of a name: the hash of its folded UTF-8 text. ASCII names (nearly
/// all computer names) are folded eight bytes at a time without allocating; others are
/// folded into a string first, so that both paths hash the same folded text alike.
pub(crate) fn name_hash(name: &str) -> u64 {
    if name.is_ascii() {
        hash_bytes(name.as_bytes(), true)
    } else {
        let folded: String = folded(name).collect();
        hash_bytes(folded.as_bytes(), false)
    }
}

/// Bytes equal to 0x80 in every byte lane.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Lowercases the ASCII letters of eight ASCII bytes at once: a byte from `A` (0x41) to `Z`
/// (0x5A) gains 0x20. Adding 0x3F sets a lane's high bit from `A` up, adding 0x25 from `[`
/// (0x5B) up; no lane carries into the next, because every byte is below 0x80.
fn ascii_lowercase_lanes(word: u64) -> u64 {
    let from_a = word.wrapping_add(0x3f3f_3f3f_3f3f_3f3f) & HIGH_BITS;
    let past_z = word.wrapping_add(0x2525_2525_2525_2525) & HIGH_BITS;
    word | ((from_a & !past_z) >> 2)
}

/// Hashes `bytes` eight at a time, lowercasing ASCII letters when `lower` is set (only for
/// ASCII input), then mixes the result so that every bit depends on every byte.
fn hash_bytes(bytes: &[u8], lower: bool) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    let mut add = |lane: [u8; 8]| {
        let word = u64::from_le_bytes(lane);
        let word = if lower { ascii_lowercase_lanes(word) } else { word };
        hash = (hash.rotate_left(23) ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    };
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        add(<[u8; 8]>::try_from(chunk).unwrap_or_default());
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut lane = [0u8; 8];
        lane.iter_mut().zip(rest).for_each(|(slot, byte)| *slot = *byte);
        add(lane);
    }
    hash ^= hash >> 29;
    hash = hash.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash ^ (hash >> 32)
}

/// An open-addressing table from 64-bit hashes to positions in a list the caller keeps:
/// a probe costs a few instructions and no hashing beyond the caller's own hash.
#[derive(Debug, Clone, Default)]
pub(crate) struct HashSlots {
    /// Position + 1 of the entry in each slot, or 0 for an empty slot.
    slots: Vec<u32>,
    /// The hash of the entry at each position.
    hashes: Vec<u64>,
}

impl HashSlots {
    /// A table for about `capacity` entries (it grows when needed).
    pub fn with_capacity(capacity: usize) -> HashSlots {
        let size = capacity.saturating_mul(2).next_power_of_two().max(16);
        HashSlots { slots: vec![0; size], hashes: Vec::with_capacity(capacity) }
    }

    /// The slot where probing for `hash` starts.
    fn home(&self, hash: u64) -> usize {
        (hash as usize) & self.slots.len().saturating_sub(1)
    }

    /// The first position holding `hash` for which `same` is true.
    pub fn find(&self, hash: u64, mut same: impl FnMut(usize) -> bool) -> Option<usize> {
        let mask = self.slots.len().saturating_sub(1);
        let mut at = self.home(hash);
        loop {
            let position = match self.slots.get(at) {
                Some(0) | None => return None,
                Some(slot) => (*slot as usize) - 1,
            };
            if self.hashes.get(position) == Some(&hash) && same(position) {
                return Some(position);
            }
            at = (at + 1) & mask;
        }
    }

    /// How many positions the table holds.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// Adds the next position, with `hash`; the caller has checked that it is new.
    pub fn push(&mut self, hash: u64) {
        if (self.hashes.len() + 1) * 2 > self.slots.len() {
            let size = self.slots.len().saturating_mul(2).max(16);
            self.slots = vec![0; size];
            let hashes = std::mem::take(&mut self.hashes);
            for hash in hashes {
                self.place(hash);
            }
        }
        self.place(hash);
    }

    fn place(&mut self, hash: u64) {
        let mask = self.slots.len().saturating_sub(1);
        let mut at = self.home(hash);
        while self.slots.get(at).is_some_and(|slot| *slot != 0) {
            at = (at + 1) & mask;
        }
        self.hashes.push(hash);
        let position = u32::try_from(self.hashes.len()).unwrap_or(u32::MAX);
        if let Some(slot) = self.slots.get_mut(at) {
            *slot = position;
        }
    }
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
    table: HashSlots,
    /// The names, in the order they were added.
    entries: Vec<Slot<V>>,
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
            table: HashSlots::with_capacity(capacity),
            entries: Vec::with_capacity(capacity),
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
        let position = self.table.find(hash, |k| self.entries.get(k).is_some_and(|slot| self.matches(slot, name)))?;
        self.entries.get(position).map(|slot| slot.target)
    }

    /// Adds a name; false when the name is already there.
    fn insert(&mut self, name: &str, target: V) -> bool {
        let hash = name_hash(name);
        if self.get_hashed(hash, name).is_some() {
            return false;
        }
        let start = self.arena.len();
        if name.is_ascii() {
            self.arena.push_str(name);
            if let Some(added) = self.arena.get_mut(start..) {
                added.make_ascii_lowercase();
            }
        } else {
            self.arena.extend(folded(name));
        }
        self.entries.push(Slot { start, end: self.arena.len(), target });
        self.table.push(hash);
        true
    }
}

/// Adds `name` to the index, refusing `*`, blank names and duplicates.
fn insert(index: &mut NameIndex, name: &str, target: Target, path: impl FnOnce() -> String) -> Result<(), Error> {
    // Only a name that starts with whitespace can be blank once trimmed.
    if name == "*" || name.is_empty() || (name.starts_with(char::is_whitespace) && name.trim().is_empty()) {
        return Err(Error::new(ErrorKind::Invalid, format!("`{name}` is not a valid name")).at(path()));
    }
    if !index.insert(name, target) {
        return Err(Error::new(ErrorKind::Invalid, format!("the name `{name}` is used twice")).at(path()));
    }
    Ok(())
}

/// Whether two names are the same without regard to case, as the index compares them.
fn same_folded(known: &str, name: &str) -> bool {
    if known.is_ascii() && name.is_ascii() {
        known.eq_ignore_ascii_case(name)
    } else {
        folded(known).eq(folded(name))
    }
}

/// How the simulation finds a name.
#[derive(Debug)]
enum Index<'t> {
    /// Its own index, built for a topology that was not validated.
    Own(NameIndex),
    /// The table of names validation built (see [`Facts::names`]), and what each of its
    /// positions names, listed the first time a name is looked up: the planner's steps
    /// carry hints, so checking them looks up no name.
    Validated { table: &'t HashSlots, names: OnceCell<Vec<(&'t str, Target)>> },
}

impl<'t> Index<'t> {
    fn get(&self, topology: &'t Topology, name: &str) -> Option<Target> {
        match self {
            Index::Own(index) => index.get(name),
            Index::Validated { table, names } => {
                let names = names.get_or_init(|| document_names(topology));
                let same = |k: usize| names.get(k).is_some_and(|(known, _)| same_folded(known, name));
                let position = table.find(name_hash(name), same)?;
                names.get(position).map(|(_, target)| *target)
            }
        }
    }
}

/// Every name of `topology` in document order, as validation numbers them (see
/// [`Facts::names`]), with what each names.
fn document_names(topology: &Topology) -> Vec<(&str, Target)> {
    let count = topology.clusters.iter().map(|c| 1 + c.nodes.len() + c.virtual_servers.len()).sum::<usize>();
    let mut names = Vec::with_capacity(topology.servers.len() + count);
    names.extend(topology.servers.iter().enumerate().map(|(i, server)| (server.name.as_str(), Target::Server(i))));
    let (mut node, mut evs) = (0, 0);
    for (c, cluster) in topology.clusters.iter().enumerate() {
        names.push((cluster.name.as_str(), Target::Cluster(c)));
        for name in &cluster.nodes {
            names.push((name.as_str(), Target::Node(node)));
            node += 1;
        }
        for virtual_server in &cluster.virtual_servers {
            names.push((virtual_server.name.as_str(), Target::Evs(evs)));
            evs += 1;
        }
    }
    names
}

impl<'t> Sim<'t> {
    /// The initial state of `topology`: everything in service, online on its owner, nothing
    /// installed. Duplicate names and unknown owners are errors, so that a topology that was
    /// never validated is still safe to simulate.
    pub fn new(topology: &'t Topology) -> Result<Sim<'t>, Error> {
        Sim::build(topology, None)
    }

    /// The initial state of a topology that has been validated, with what validation worked
    /// out: its names need neither checking nor hashing again.
    pub fn validated(topology: &'t Topology, facts: &'t Facts) -> Result<Sim<'t>, Error> {
        Sim::build(topology, Some(facts))
    }

    fn build(topology: &'t Topology, facts: Option<&'t Facts>) -> Result<Sim<'t>, Error> {
        let computers = topology.servers.len()
            + topology.clusters.iter().map(|c| 1 + c.nodes.len() + c.virtual_servers.len()).sum::<usize>();
        // Validation has checked the names and has a table of them; otherwise they are
        // checked and hashed into an index of the simulation's own.
        let mut index = NameIndex::with_capacity(if facts.is_some() { 0 } else { computers });
        let add = |index: &mut NameIndex, name: &'t str, target: Target, path: &dyn Fn() -> String| {
            if facts.is_some() { Ok(()) } else { insert(index, name, target, path) }
        };
        let update = &topology.update;
        let mut servers = Vec::with_capacity(topology.servers.len());
        let mut pools: Vec<PoolState<'t>> = Vec::new();
        let mut pool_index: NameIndex<usize> = NameIndex::default();
        let mut old_front_ends: [IdSet; 3] = Default::default();
        let mut has_front_ends = false;
        for (i, server) in topology.servers.iter().enumerate() {
            let path = || format!("servers[{i}]");
            add(&mut index, &server.name, Target::Server(i), &|| format!("{}.name", path()))?;
            let level = start_level(server.level, server.build.as_deref(), server.version, path)?;
            let applies = applies(update, server.version, level);
            let pool = match &server.pool {
                Some(pool_name) => {
                    let numbered = facts.and_then(|facts| facts.pools.get(i).copied().flatten());
                    let known = match numbered {
                        Some(number) => (number < pools.len()).then_some(number),
                        None => pool_index.get(pool_name),
                    };
                    let slot = known.unwrap_or_else(|| {
                        pools.push(PoolState {
                            name: pool_name,
                            members: 0,
                            down: 0,
                            new_in_service: 0,
                            old_in_service: 0,
                            all_2003: true,
                        });
                        if numbered.is_none() {
                            pool_index.insert(pool_name, pools.len() - 1);
                        }
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
            add(&mut index, &cluster.name, Target::Cluster(c), &|| format!("{}.name", path()))?;
            let level = start_level(cluster.level, cluster.build.as_deref(), cluster.version, path)?;
            let applies = applies(update, cluster.version, level);
            let node_ids = nodes.len()..nodes.len() + cluster.nodes.len();
            for (k, node) in cluster.nodes.iter().enumerate() {
                let id = nodes.len();
                add(&mut index, node, Target::Node(id), &|| format!("{}.nodes[{k}]", path()))?;
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
            }
            let evs_ids = evs.len()..evs.len() + cluster.virtual_servers.len();
            for (j, vs) in cluster.virtual_servers.iter().enumerate() {
                let id = evs.len();
                let vs_path = || format!("{}.virtual_servers[{j}]", path());
                add(&mut index, &vs.name, Target::Evs(id), &|| format!("{}.name", vs_path()))?;
                // A validated owner is one of the cluster's nodes, spelt the same way.
                let owner = match facts {
                    Some(_) => cluster.nodes.iter().position(|node| *node == vs.owner).map(|k| node_ids.start + k),
                    None => match index.get(&vs.owner) {
                        Some(Target::Node(n)) => Some(n),
                        _ => None,
                    },
                };
                let owner = match owner {
                    Some(n) if nodes.get(n).is_some_and(|node| node.cluster == c) => n,
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
                offline_evs: Vec::new(),
                last_backup: None,
            });
        }
        let index = match facts {
            Some(facts) => Index::Validated { table: &facts.names, names: OnceCell::new() },
            None => Index::Own(index),
        };
        let rows = servers.len() + clusters.len() + nodes.len() + evs.len();
        Ok(Sim {
            names: OnceCell::new(),
            confirmed: vec![Cell::new((0, 0, 0)); rows],
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

    /// The target a name's hint points to, if the hint holds for this organisation: the
    /// target exists and has exactly that name (names are unique, so it is the one a
    /// look-up would find).
    pub fn hinted(&self, name: &Name) -> Option<Target> {
        let target = unhint(name.hint())?;
        self.row(target)?;
        self.is_named(target, name).then_some(target)
    }

    /// Whether `name` spells the name of `target`, which exists.
    fn is_named(&self, target: Target, name: &Name) -> bool {
        let slot = self.row(target).and_then(|row| self.confirmed.get(row));
        let key = name.view_key();
        if slot.is_some_and(|slot| slot.get() == key) {
            return true;
        }
        let same = self.name(target) == name.as_str();
        if same && let Some(slot) = slot {
            slot.set(key);
        }
        same
    }

    /// The position of a server, cluster, node or virtual server among all of them (the
    /// servers first, then the clusters, the nodes and the virtual servers), if it exists.
    pub fn row(&self, target: Target) -> Option<usize> {
        let (servers, clusters, nodes) = (self.servers.len(), self.clusters.len(), self.nodes.len());
        match target {
            Target::All => None,
            Target::Server(id) => (id < servers).then_some(id),
            Target::Cluster(id) => (id < clusters).then_some(servers + id),
            Target::Node(id) => (id < nodes).then_some(servers + clusters + id),
            Target::Evs(id) => (id < self.evs.len()).then_some(servers + clusters + nodes + id),
        }
    }

    /// Looks a name up, case-insensitively; `*` is the whole organisation.
    pub fn lookup(&self, name: &str) -> Option<Target> {
        if name == "*" {
            return Some(Target::All);
        }
        self.index.get(self.topology, name)
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
        self.node_cluster(node).evs.clone().find(|e| self.evs(*e).owner == node)
    }

    /// The shared display name of a server, node or virtual server.
    fn shared_name(&self, target: Target) -> Name {
        let row = match target {
            Target::Server(id) => id,
            Target::Node(id) => self.servers.len() + id,
            Target::Evs(id) => self.servers.len() + self.nodes.len() + id,
            Target::All | Target::Cluster(_) => return Name::from(self.name(target)),
        };
        let names = self.names.get_or_init(|| {
            let (servers, nodes, evs) = (&self.servers, &self.nodes, &self.evs);
            NameRow::with_capacity(
                servers.iter().map(|s| s.name).chain(nodes.iter().map(|n| n.name)).chain(evs.iter().map(|e| e.name)),
                servers.len() + nodes.len() + evs.len(),
            )
        });
        names.get(row)
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
    /// (something unavailable only while the step runs), sorted by name. `given` is the list
    /// the step states itself (a plan's steps state it); when it holds the same names, it is
    /// shared rather than built again.
    pub fn unavailable(&mut self, extra: Option<Target>, given: &Names) -> Names {
        let Some(extra) = extra else {
            if let Some(list) = &self.down_list {
                return list.clone();
            }
            let list: Names = if self.down.len() == given.len() && self.same_names(self.down.iter().copied(), given) {
                given.clone()
            } else {
                self.down.iter().map(|t| self.shared_name(*t)).collect()
            };
            self.down_list = Some(list.clone());
            return list;
        };
        let name = self.name(extra);
        let at = self.down.partition_point(|probe| self.name(*probe) < name);
        let before = self.down.get(..at).unwrap_or_default();
        let after = self.down.get(at..).unwrap_or_default();
        let targets = before.iter().copied().chain([extra]).chain(after.iter().copied());
        if self.down.len() + 1 == given.len() && self.same_names(targets.clone(), given) {
            return given.clone();
        }
        targets.map(|t| self.shared_name(t)).collect()
    }

    /// Whether `given` names exactly `targets`, in order (the caller has compared lengths).
    fn same_names(&self, targets: impl Iterator<Item = Target>, given: &Names) -> bool {
        targets.zip(given.iter()).all(|(target, name)| self.is_named(target, name))
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
        match (offline.binary_search(&id), online) {
            (Ok(at), true) => {
                offline.remove(at);
            }
            (Err(at), false) => offline.insert(at, id),
            _ => {}
        }
        if online {
            self.evs_offline = self.evs_offline.saturating_sub(1);
        } else {
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
        // Setting a virtual server online or offline does not change its owner.
        for evs in self.cluster(cluster_id).evs.clone() {
            if self.evs(evs).owner != id {
                continue;
            }
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

    /// Whether an Exchange 5.5 install makes Performance Optimizer due: after a service pack,
    /// which usually changes it (S3, R-5); no source asks for it after a hotfix.
    fn optimizer_follows_installs(&self) -> bool {
        matches!(self.topology.update, Update::ServicePack(_))
    }

    fn install_server(&mut self, id: usize, pos: usize, n: u32) {
        self.note_install(pos, n);
        let server = self.server(id);
        let was_new = server.is_new();
        let (version, role, pool, in_service, remote) =
            (server.version, server.role, server.pool, server.in_service, server.remote);
        let service_pack = self.optimizer_follows_installs();
        let server = self.servers_mut(id);
        server.installs += 1;
        server.last_install = Some((pos, n));
        if version == Version::V55 {
            if service_pack {
                server.optimizer_due = Some(n);
            }
        } else if remote {
            server.restart_due = Some(n);
        }
        if role == Role::FrontEnd
            && let Some(set) = self.old_front_ends.get_mut(version_slot(version))
        {
            set.remove(id);
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
        let service_pack = self.optimizer_follows_installs();
        let node = self.nodes_mut(id);
        let first = node.installs == 0;
        node.installs += 1;
        node.last_install = Some((pos, n));
        if version == Version::V55 && service_pack {
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
    #![allow(clippy::unwrap_used)]

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
    fn validation_table_finds_names_case_insensitively() {
        let topology = crate::Topology::from_json(
            r#"{"servers": [{"name": "Mail1", "version": "2003", "level": "SP1"}],
                "clusters": [{"name": "CL", "version": "2003", "level": "SP1", "mode": "active-passive",
                    "nodes": ["ÄN1", "N2"], "virtual_servers": [{"name": "EVS", "owner": "N2"}]}],
                "update": {"service_pack": {"2003": "SP2"}}}"#,
        )
        .unwrap();
        let validated = crate::Validated::new(topology.clone()).unwrap();
        let sim = Sim::validated(validated.topology(), validated.facts()).unwrap();
        let own = Sim::new(&topology).unwrap();
        for name in ["mail1", "MAIL1", "cl", "än1", "ÄN1", "n2", "evs", "*", "other", ""] {
            assert_eq!(sim.lookup(name), own.lookup(name), "{name}");
        }
        assert_eq!(sim.lookup("än1"), Some(Target::Node(0)));
        assert_eq!(sim.evs(0).owner, own.evs(0).owner);
    }

    #[test]
    fn an_id_set_knows_its_smallest_id_and_size() {
        let mut set = IdSet::default();
        assert_eq!((set.first(), set.len()), (None, 0));
        for id in [7, 3, 9, 3] {
            set.insert(id);
        }
        assert_eq!((set.first(), set.len()), (Some(3), 3));
        set.remove(9);
        set.remove(4);
        assert_eq!((set.first(), set.len()), (Some(3), 2));
        set.remove(3);
        assert_eq!((set.first(), set.len()), (Some(7), 1));
        set.remove(7);
        assert_eq!((set.first(), set.len()), (None, 0));
        set.insert(2);
        assert_eq!((set.first(), set.len()), (Some(2), 1));
    }

    #[test]
    fn eight_bytes_lowercase_like_one_at_a_time() {
        let text: Vec<u8> = (0u8..0x80).collect();
        for lane in text.chunks(8) {
            let lane: [u8; 8] = lane.try_into().unwrap_or_default();
            let lowered = ascii_lowercase_lanes(u64::from_le_bytes(lane)).to_le_bytes();
            assert_eq!(lowered, lane.map(|b| b.to_ascii_lowercase()), "{lane:?}");
        }
        assert_eq!(name_hash("Server-0042.Contoso"), name_hash("SERVER-0042.contoso"));
        assert_ne!(name_hash("server-0042"), name_hash("server-0043"));
        assert_ne!(name_hash("ab"), name_hash("ab\0"));
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
        // Every hash lands on the same slots: the names are still told apart by their text.
        let mut table = HashSlots::with_capacity(2);
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r"];
        for (k, name) in names.iter().enumerate() {
            assert_eq!(table.find(7, |j| names.get(j) == Some(name)), None);
            table.push(7);
            assert_eq!(table.find(7, |j| names.get(j) == Some(name)), Some(k));
        }
        assert_eq!(table.find(8, |_| true), None);
        let mut index = NameIndex::default();
        for i in 0..100 {
            assert!(index.insert(&format!("N{i}"), Target::Node(i)));
        }
        assert!(!index.insert("n42", Target::Node(0)));
        assert_eq!(index.get("N42"), Some(Target::Node(42)));
        assert_eq!(index.get("N100"), None);
    }
}
