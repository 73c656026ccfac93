//! The planner's state: the topology being edited, the step order being tried, and what follows
//! from them.
//!
//! Everything changes through [`PlannerAction`]; [`PlannerState::apply`] is pure (it plans and
//! checks, but touches no browser API), so it is tested natively.
//! After every action the state validates the topology once ([`sp_rules::Validated`]),
//! re-derives the recommended plan from it and checks the order being tried with the validator.

use std::collections::BTreeMap;
use std::rc::Rc;

use sp_rules::builds;
use sp_rules::{
    Cluster, ClusterMode, Error, Hotfix, Level, Plan, PoolStrategy, Report, Role, Server, Step,
    TOPOLOGY_FORMAT, Topology, Update, Validated, Version, VirtualServer, Windows,
};
use yew::Reducible;

use crate::json::{self, Json};

/// The most servers plus cluster nodes the editor takes; larger organisations freeze a browser
/// tab and belong to the command line.
pub const EDITOR_MAX_MACHINES: usize = 1000;

/// The planner state shared by the planner's components.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannerState {
    /// The organisation as the user has described it so far; it may be inconsistent.
    pub topology: Topology,
    /// The order being tried, numbered from 1; `None` follows the recommended plan.
    pub edited: Option<Vec<Step>>,
    /// What follows from the topology and the order.
    pub derived: Derived,
    /// A message for the user about the last thing that happened.
    pub notice: Option<Notice>,
    /// What the last build number pasted for a server or cluster meant.
    pub build_notes: BuildNotes,
    /// The organisation a load replaced, so that opening a scenario or a link never loses
    /// the user's own work.
    pub previous: Option<Box<Topology>>,
}

/// What the planner works out from the topology and the order being tried.
#[derive(Clone, Debug, PartialEq)]
pub struct Derived {
    /// Why the topology cannot be planned, with the field path when known.
    pub problem: Option<Error>,
    /// The recommended plan.
    pub plan: Option<Plan>,
    /// The validator's report on the recommended plan.
    pub baseline: Option<Report>,
    /// The steps shown: the order being tried, or the recommended plan's steps.
    pub steps: Vec<Step>,
    /// The validator's report on [`Derived::steps`], or why they cannot be checked.
    pub report: Option<Result<Report, Error>>,
}

/// How much a notice matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    /// Something happened as asked.
    Info,
    /// Something could not be done.
    Error,
}

/// A message for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// How much it matters.
    pub kind: NoticeKind,
    /// The message.
    pub text: String,
}

impl Notice {
    /// An informational message.
    pub fn info(text: impl Into<String>) -> Notice {
        Notice {
            kind: NoticeKind::Info,
            text: text.into(),
        }
    }

    /// An error message.
    pub fn error(text: impl Into<String>) -> Notice {
        Notice {
            kind: NoticeKind::Error,
            text: text.into(),
        }
    }
}

/// A server or a cluster, for the build-number field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Machine {
    /// The server at this index.
    Server(usize),
    /// The cluster at this index.
    Cluster(usize),
}

/// What the last build number pasted for each server or cluster meant: a description of the
/// build, or why it was not understood.
///
/// A list rather than a map: it holds a note for the few machines a user pasted a build number
/// for, and a second kind of B-tree map would bring its own copy of the B-tree's code into the
/// WebAssembly module.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BuildNotes(Vec<(Machine, Result<String, String>)>);

impl BuildNotes {
    /// The note for `machine`, if there is one.
    pub fn get(&self, machine: Machine) -> Option<&Result<String, String>> {
        self.0.iter().find(|(of, _)| *of == machine).map(|(_, note)| note)
    }

    /// Sets the note for `machine`, replacing the one it had.
    fn set(&mut self, machine: Machine, note: Result<String, String>) {
        match self.0.iter_mut().find(|(of, _)| *of == machine) {
            Some((_, old)) => *old = note,
            None => self.0.push((machine, note)),
        }
    }

    /// Forgets every note.
    fn clear(&mut self) {
        self.0.clear();
    }
}

/// A change to one field of a server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerField {
    /// The computer name.
    Name(String),
    /// The Exchange version; a level the version does not have drops to its last one.
    Version(Version),
    /// The service pack level.
    Level(Level),
    /// Front end, back end or standalone.
    Role(Role),
    /// The load-balanced pool; empty for none.
    Pool(String),
    /// Small Business Server.
    Sbs(bool),
    /// The update runs over Terminal Services.
    Remote(bool),
    /// The Windows release (`"2000 SP4"`); `None` when it is not stated.
    Windows(Option<String>),
}

/// A change to a cluster, its nodes or its virtual servers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClusterField {
    /// The cluster name.
    Name(String),
    /// The Exchange version of every node.
    Version(Version),
    /// The service pack level of every node.
    Level(Level),
    /// Active/passive or active/active.
    Mode(ClusterMode),
    /// The update runs over Terminal Services.
    Remote(bool),
    /// The Windows release of every node; `None` when it is not stated.
    Windows(Option<String>),
    /// Add a node with a fresh name.
    AddNode,
    /// Remove the node at this index.
    RemoveNode(usize),
    /// Rename the node at this index; virtual servers it owns follow the new name.
    NodeName(usize, String),
    /// Add a virtual server owned by the first node.
    AddVirtualServer,
    /// Remove the virtual server at this index.
    RemoveVirtualServer(usize),
    /// Rename the virtual server at this index.
    VirtualServerName(usize, String),
    /// Give the virtual server at this index to the named node.
    Owner(usize, String),
}

/// A change to the update being rolled out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UpdateField {
    /// Switch to a service pack, one level per version in use.
    ServicePack,
    /// Switch to a hotfix.
    Hotfix,
    /// The service pack for a version; `None` leaves the version alone.
    ServicePackLevel(Version, Option<Level>),
    /// The hotfix article number.
    HotfixId(String),
    /// The version the hotfix is for.
    HotfixVersion(Version),
    /// The level the hotfix requires.
    HotfixRequires(Level),
    /// Whether the hotfix updates Exchange 2003 virtual servers.
    HotfixUpdatesVirtualServers(bool),
}

/// Where a loaded topology came from, for the message the user gets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A preset of the knowledge base, by name.
    Preset(String),
    /// A shared link.
    Link,
    /// A file the user chose, by name.
    File(String),
    /// Text the user pasted.
    Pasted,
    /// The organisation a load had replaced, brought back.
    Previous,
}

/// Everything that changes [`PlannerState`].
#[derive(Clone, Debug, PartialEq)]
pub enum PlannerAction {
    /// Replace the whole topology; the order being tried goes back to the recommended one,
    /// and the replaced topology is kept as the previous one.
    Load(Box<Topology>, Origin),
    /// Swap the topology with the one the last load replaced.
    RestorePrevious,
    /// Forget the topology the last load replaced.
    ForgetPrevious,
    /// The organisation's name.
    SetName(String),
    /// Add a server with a fresh name.
    AddServer,
    /// Remove the server at this index.
    RemoveServer(usize),
    /// Change a field of the server at this index.
    EditServer(usize, ServerField),
    /// Add a two-node active/passive cluster with one virtual server.
    AddCluster,
    /// Remove the cluster at this index.
    RemoveCluster(usize),
    /// Change the cluster at this index.
    EditCluster(usize, ClusterField),
    /// Change the update.
    EditUpdate(UpdateField),
    /// How a load-balanced front-end pool is taken through the update.
    SetPoolStrategy(PoolStrategy),
    /// Fill the version and level of a server or cluster from a pasted build number.
    FillFromBuild(Machine, String),
    /// Move the step at index `from` to index `to` of the order being tried.
    MoveStep { from: usize, to: usize },
    /// Remove the step at this index from the order being tried.
    RemoveStep(usize),
    /// Go back to the recommended order.
    ResetOrder,
    /// Show a message.
    Notify(Notice),
    /// Hide the message.
    Dismiss,
}

impl Default for PlannerState {
    fn default() -> PlannerState {
        PlannerState::new(starter())
    }
}

impl PlannerState {
    /// The state for a topology, with the recommended order.
    pub fn new(topology: Topology) -> PlannerState {
        let mut state = PlannerState {
            topology,
            edited: None,
            derived: Derived {
                problem: None,
                plan: None,
                baseline: None,
                steps: Vec::new(),
                report: None,
            },
            notice: None,
            build_notes: BuildNotes::default(),
            previous: None,
        };
        state.derive();
        state
    }

    /// The state after `action`; pure.
    pub fn apply(&self, action: PlannerAction) -> PlannerState {
        let mut next = self.clone();
        let topology_before = next.topology.clone();
        match action {
            PlannerAction::Load(topology, origin) => {
                if *topology != next.topology {
                    let replaced = std::mem::replace(&mut next.topology, *topology);
                    next.previous = Some(Box::new(replaced));
                }
                next.edited = None;
                next.build_notes.clear();
                next.notice = origin_notice(&origin, &next.topology);
            }
            PlannerAction::RestorePrevious => {
                if let Some(previous) = next.previous.take() {
                    let replaced = std::mem::replace(&mut next.topology, *previous);
                    next.previous = Some(Box::new(replaced));
                    next.edited = None;
                    next.build_notes.clear();
                    next.notice = origin_notice(&Origin::Previous, &next.topology);
                }
            }
            PlannerAction::ForgetPrevious => next.previous = None,
            PlannerAction::SetName(name) => next.topology.name = name,
            PlannerAction::AddServer => add_server(&mut next.topology),
            PlannerAction::RemoveServer(i) => {
                if i < next.topology.servers.len() {
                    next.topology.servers.remove(i);
                    next.build_notes.clear();
                }
            }
            PlannerAction::EditServer(i, field) => {
                if let Some(server) = next.topology.servers.get_mut(i) {
                    edit_server(server, field);
                }
            }
            PlannerAction::AddCluster => add_cluster(&mut next.topology),
            PlannerAction::RemoveCluster(i) => {
                if i < next.topology.clusters.len() {
                    next.topology.clusters.remove(i);
                    next.build_notes.clear();
                }
            }
            PlannerAction::EditCluster(i, field) => {
                let fresh = match &field {
                    ClusterField::AddNode => fresh_name(&next.topology, "NODE"),
                    ClusterField::AddVirtualServer => fresh_name(&next.topology, "EVS"),
                    _ => String::new(),
                };
                if let Some(cluster) = next.topology.clusters.get_mut(i) {
                    edit_cluster(cluster, field, fresh);
                }
            }
            PlannerAction::EditUpdate(field) => edit_update(&mut next.topology, field),
            PlannerAction::SetPoolStrategy(strategy) => {
                next.topology.options.front_end_pool = strategy;
            }
            PlannerAction::FillFromBuild(machine, text) => next.fill_from_build(machine, &text),
            PlannerAction::MoveStep { from, to } => next.move_step(from, to),
            PlannerAction::RemoveStep(index) => {
                let mut steps = next.current_steps();
                if index < steps.len() {
                    steps.remove(index);
                    next.set_order(steps);
                }
            }
            PlannerAction::ResetOrder => {
                next.edited = None;
                next.notice = Some(Notice::info("The steps are back in the recommended order."));
            }
            PlannerAction::Notify(notice) => next.notice = Some(notice),
            PlannerAction::Dismiss => next.notice = None,
        }
        if next.topology != topology_before {
            if next.edited.is_some() {
                next.notice = Some(Notice::info(
                    "The organisation changed, so the steps are back in the recommended order for it.",
                ));
            }
            next.edited = None;
        }
        next.derive();
        next
    }

    /// Whether the order being tried differs from the recommended one.
    pub fn is_edited(&self) -> bool {
        self.edited.is_some()
    }

    /// The topology as a document, with its format tag.
    pub fn document(&self) -> Topology {
        let mut topology = self.topology.clone();
        topology.format = Some(TOPOLOGY_FORMAT.to_owned());
        topology
    }

    /// The plan as shown: the recommended plan with the order being tried and its totals.
    pub fn shown_plan(&self) -> Option<Plan> {
        let mut plan = self.derived.plan.clone()?;
        if self.edited.is_some() {
            plan.steps = self.derived.steps.clone();
            if let Some(Ok(report)) = &self.derived.report {
                plan.totals = report.totals.clone();
            }
        }
        Some(plan)
    }

    fn current_steps(&self) -> Vec<Step> {
        match &self.edited {
            Some(steps) => steps.clone(),
            None => self
                .derived
                .plan
                .as_ref()
                .map(|plan| plan.steps.clone())
                .unwrap_or_default(),
        }
    }

    fn set_order(&mut self, mut steps: Vec<Step>) {
        renumber(&mut steps);
        let recommended = self.derived.plan.as_ref().map(|plan| plan.steps.as_slice());
        self.edited = if recommended.is_some_and(|plan| same_order(plan, &steps)) {
            None
        } else {
            Some(steps)
        };
    }

    fn move_step(&mut self, from: usize, to: usize) {
        let mut steps = self.current_steps();
        if from >= steps.len() || from == to {
            return;
        }
        let step = steps.remove(from);
        let to = to.min(steps.len());
        steps.insert(to, step);
        self.set_order(steps);
    }

    fn fill_from_build(&mut self, machine: Machine, text: &str) {
        match builds::lookup(text) {
            Ok(info) => {
                let (version, level) = (info.version, info.level);
                let filled = match machine {
                    Machine::Server(i) => self.topology.servers.get_mut(i).map(|server| {
                        server.version = version;
                        server.level = Some(level);
                        server.build = None;
                        if version == Version::V55 {
                            server.role = Role::Standalone;
                        }
                    }),
                    Machine::Cluster(i) => self.topology.clusters.get_mut(i).map(|cluster| {
                        cluster.version = version;
                        cluster.level = Some(level);
                        cluster.build = None;
                    }),
                };
                if filled.is_some() {
                    self.build_notes.set(machine, Ok(info.describe()));
                }
            }
            Err(error) => {
                self.build_notes.set(machine, Err(error.message().to_owned()));
            }
        }
    }

    fn derive(&mut self) {
        let mut derived = Derived {
            problem: None,
            plan: None,
            baseline: None,
            steps: Vec::new(),
            report: None,
        };
        // Validated once: the plan and both checks reuse what validation worked out.
        let checked = Validated::new(self.topology.clone()).and_then(|valid| Ok((valid.plan()?, valid)));
        match checked {
            Err(error) => derived.problem = Some(error),
            Ok((plan, valid)) => {
                derived.baseline = valid.check(&plan.steps).ok();
                derived.steps = match &self.edited {
                    Some(steps) => steps.clone(),
                    None => plan.steps.clone(),
                };
                let report = valid.check(&derived.steps);
                if let Ok(report) = &report {
                    // What is down follows the order: an edited order has its own outages.
                    for (step, moment) in derived.steps.iter_mut().zip(&report.timeline) {
                        step.unavailable.clone_from(&moment.unavailable);
                    }
                }
                derived.report = Some(report);
                derived.plan = Some(plan);
            }
        }
        self.derived = derived;
    }
}

impl Reducible for PlannerState {
    type Action = PlannerAction;

    fn reduce(self: Rc<Self>, action: PlannerAction) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

/// The example the planner starts with when nothing is saved: one Exchange 2003 SP1 server to
/// bring to SP2.
pub fn starter() -> Topology {
    Topology {
        format: Some(TOPOLOGY_FORMAT.to_owned()),
        name: "My organisation".to_owned(),
        servers: vec![new_server("MAIL1".to_owned())],
        clusters: Vec::new(),
        update: Update::ServicePack(BTreeMap::from([(Version::V2003, Level::Sp2)])),
        options: sp_rules::Options::default(),
    }
}

/// Why a topology document cannot be read, in words for the user.
fn unreadable(error: json::Error) -> String {
    if error.is_data() {
        format!("this is not an SP Planner topology: {error}")
    } else {
        format!("this is not valid JSON: {error}")
    }
}

/// Reads a topology document for the editor.
///
/// Unlike [`Topology::from_json`] this accepts a document that is well formed but inconsistent
/// (a duplicate name, a missing owner): the editor shows such problems next to their fields.
/// A malformed document, a newer format, an unknown field or an organisation too large for the
/// editor is an error, in words for the user.
pub fn read_draft(text: &str) -> Result<Topology, String> {
    let tree = json::parse(text).map_err(unreadable)?;
    // The format tag of an object is looked at first: a newer document is refused for what it
    // is, not for the first field this version does not know. The tag is shown as compact JSON.
    // Anything else is left for the topology reader to refuse.
    if let Json::Object(members) = &tree {
        let mut tags = members.iter().filter(|(key, _)| key == "format").map(|(_, tag)| tag);
        if let Some(format) = tags.next() {
            if tags.next().is_some() {
                return Err(unreadable(json::Error::duplicate_field("format")));
            }
            if !matches!(format, Json::String(tag) if tag == TOPOLOGY_FORMAT) {
                let shown: String = json::write(format)
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(80)
                    .collect();
                return Err(format!(
                    "the document is in the format {shown}, which this version of SP Planner cannot read (it reads {TOPOLOGY_FORMAT})"
                ));
            }
        }
    }
    let topology = json::topology(&tree).map_err(unreadable)?;
    let machines = topology
        .clusters
        .iter()
        .fold(topology.servers.len(), |sum, cluster| {
            sum.saturating_add(cluster.nodes.len())
        });
    if machines > EDITOR_MAX_MACHINES {
        return Err(format!(
            "the organisation has {machines} servers and cluster nodes; the planner page takes at most {EDITOR_MAX_MACHINES} (the sp-planner command line takes more)"
        ));
    }
    Ok(topology)
}

fn origin_notice(origin: &Origin, topology: &Topology) -> Option<Notice> {
    let name = if topology.name.trim().is_empty() {
        "the organisation".to_owned()
    } else {
        format!("\u{201c}{}\u{201d}", topology.name)
    };
    match origin {
        Origin::Preset(preset) => Some(Notice::info(format!(
            "Loaded the scenario {preset}: {name}."
        ))),
        Origin::Link => Some(Notice::info(format!("Opened {name} from the link."))),
        Origin::File(file) => Some(Notice::info(format!("Imported {name} from {file}."))),
        Origin::Pasted => Some(Notice::info(format!("Imported {name} from the pasted text."))),
        Origin::Previous => Some(Notice::info(format!("Brought back {name}."))),
    }
}

/// Steps are in the same order when they do the same things to the same targets.
fn same_order(a: &[Step], b: &[Step]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.action == y.action && x.target == y.target && x.from == y.from && x.to == y.to
        })
}

fn renumber(steps: &mut [Step]) {
    for (n, step) in (1u32..).zip(steps.iter_mut()) {
        step.n = n;
    }
}

/// Whether a name is taken anywhere in the organisation, compared as Windows compares names.
fn name_taken(topology: &Topology, name: &str) -> bool {
    let same = |other: &str| other.eq_ignore_ascii_case(name);
    topology.servers.iter().any(|server| same(&server.name))
        || topology.clusters.iter().any(|cluster| {
            same(&cluster.name)
                || cluster.nodes.iter().any(|node| same(node))
                || cluster.virtual_servers.iter().any(|evs| same(&evs.name))
        })
}

/// The first of `PREFIX1`, `PREFIX2` … that no server, cluster, node or virtual server uses.
pub fn fresh_name(topology: &Topology, prefix: &str) -> String {
    let mut n = 1usize;
    loop {
        let name = format!("{prefix}{n}");
        if !name_taken(topology, &name) {
            return name;
        }
        n += 1;
    }
}

fn new_server(name: String) -> Server {
    Server {
        name,
        version: Version::V2003,
        level: Some(Level::Sp1),
        build: None,
        role: Role::Standalone,
        pool: None,
        sbs: false,
        remote: false,
        windows: None,
    }
}

fn add_server(topology: &mut Topology) {
    let name = fresh_name(topology, "MAIL");
    let mut server = new_server(name);
    // A new server takes the version and level of the last one, which is what people add most.
    if let Some(last) = topology.servers.last() {
        server.version = last.version;
        server.level = last.level;
        server.build.clone_from(&last.build);
    }
    topology.servers.push(server);
}

fn add_cluster(topology: &mut Topology) {
    let name = fresh_name(topology, "CLUSTER");
    let first = fresh_name(topology, "NODE");
    topology.clusters.push(Cluster {
        name,
        version: Version::V2003,
        level: Some(Level::Sp1),
        build: None,
        mode: ClusterMode::ActivePassive,
        nodes: vec![first.clone()],
        virtual_servers: Vec::new(),
        remote: false,
        windows: None,
    });
    let second = fresh_name(topology, "NODE");
    let evs = fresh_name(topology, "EVS");
    if let Some(cluster) = topology.clusters.last_mut() {
        cluster.nodes.push(second);
        cluster.virtual_servers.push(VirtualServer {
            name: evs,
            owner: first,
        });
    }
}

/// A level the version does not have drops to the version's last level.
fn fit_level(version: Version, level: Option<Level>) -> Option<Level> {
    level.map(|level| {
        if version.has_level(level) {
            level
        } else {
            version.last_level()
        }
    })
}

fn edit_server(server: &mut Server, field: ServerField) {
    match field {
        ServerField::Name(name) => server.name = name,
        ServerField::Version(version) => {
            server.version = version;
            server.level = fit_level(version, server.level);
            server.build = None;
            if server.level.is_none() {
                server.level = Some(Level::Rtm);
            }
            if version == Version::V55 {
                server.role = Role::Standalone;
                server.pool = None;
            }
        }
        ServerField::Level(level) => {
            server.level = Some(level);
            server.build = None;
        }
        ServerField::Role(role) => {
            server.role = role;
            if role != Role::FrontEnd {
                server.pool = None;
            }
        }
        ServerField::Pool(pool) => {
            let pool = pool.trim();
            server.pool = (!pool.is_empty()).then(|| pool.to_owned());
        }
        ServerField::Sbs(sbs) => server.sbs = sbs,
        ServerField::Remote(remote) => server.remote = remote,
        ServerField::Windows(windows) => server.windows = windows.map(Windows),
    }
}

fn edit_cluster(cluster: &mut Cluster, field: ClusterField, fresh: String) {
    match field {
        ClusterField::Name(name) => cluster.name = name,
        ClusterField::Version(version) => {
            cluster.version = version;
            cluster.level = fit_level(version, cluster.level).or(Some(Level::Rtm));
            cluster.build = None;
        }
        ClusterField::Level(level) => {
            cluster.level = Some(level);
            cluster.build = None;
        }
        ClusterField::Mode(mode) => cluster.mode = mode,
        ClusterField::Remote(remote) => cluster.remote = remote,
        ClusterField::Windows(windows) => cluster.windows = windows.map(Windows),
        ClusterField::AddNode => cluster.nodes.push(fresh),
        ClusterField::RemoveNode(j) => {
            if j < cluster.nodes.len() {
                cluster.nodes.remove(j);
            }
        }
        ClusterField::NodeName(j, name) => {
            if let Some(node) = cluster.nodes.get_mut(j) {
                let old = std::mem::replace(node, name.clone());
                for evs in &mut cluster.virtual_servers {
                    if evs.owner == old {
                        evs.owner.clone_from(&name);
                    }
                }
            }
        }
        ClusterField::AddVirtualServer => {
            let owner = cluster.nodes.first().cloned().unwrap_or_default();
            cluster.virtual_servers.push(VirtualServer { name: fresh, owner });
        }
        ClusterField::RemoveVirtualServer(j) => {
            if j < cluster.virtual_servers.len() {
                cluster.virtual_servers.remove(j);
            }
        }
        ClusterField::VirtualServerName(j, name) => {
            if let Some(evs) = cluster.virtual_servers.get_mut(j) {
                evs.name = name;
            }
        }
        ClusterField::Owner(j, owner) => {
            if let Some(evs) = cluster.virtual_servers.get_mut(j) {
                evs.owner = owner;
            }
        }
    }
}

/// The versions in use, oldest first.
pub fn versions_in_use(topology: &Topology) -> Vec<Version> {
    Version::ALL
        .into_iter()
        .filter(|version| {
            topology.servers.iter().any(|server| server.version == *version)
                || topology.clusters.iter().any(|cluster| cluster.version == *version)
        })
        .collect()
}

fn edit_update(topology: &mut Topology, field: UpdateField) {
    match field {
        UpdateField::ServicePack => {
            if matches!(topology.update, Update::ServicePack(_)) {
                return;
            }
            // Inserted one by one: collecting into the map would bring in a sort routine of its
            // own, and the versions are unique and in order anyway.
            let mut levels = BTreeMap::new();
            for version in versions_in_use(topology) {
                levels.insert(version, version.last_level());
            }
            topology.update = Update::ServicePack(levels);
        }
        UpdateField::Hotfix => {
            if matches!(topology.update, Update::Hotfix(_)) {
                return;
            }
            let version = versions_in_use(topology)
                .last()
                .copied()
                .unwrap_or(Version::V2003);
            let requires = topology
                .servers
                .iter()
                .filter(|server| server.version == version)
                .filter_map(|server| server.level)
                .chain(
                    topology
                        .clusters
                        .iter()
                        .filter(|cluster| cluster.version == version)
                        .filter_map(|cluster| cluster.level),
                )
                .next()
                .unwrap_or(version.last_level());
            topology.update = Update::Hotfix(Hotfix {
                id: "KB000000".to_owned(),
                version,
                requires,
                updates_virtual_servers: false,
            });
        }
        UpdateField::ServicePackLevel(version, level) => {
            if let Update::ServicePack(levels) = &mut topology.update {
                match level {
                    Some(level) => {
                        levels.insert(version, level);
                    }
                    None => {
                        // The map is built again without the version rather than removed
                        // from: removing would bring the B-tree's rebalancing code into the
                        // WebAssembly module for this one call.
                        for (kept, level) in std::mem::take(levels) {
                            if kept != version {
                                levels.insert(kept, level);
                            }
                        }
                    }
                }
            }
        }
        UpdateField::HotfixId(id) => {
            if let Update::Hotfix(hotfix) = &mut topology.update {
                hotfix.id = id;
            }
        }
        UpdateField::HotfixVersion(version) => {
            if let Update::Hotfix(hotfix) = &mut topology.update {
                hotfix.version = version;
                if !version.has_level(hotfix.requires) {
                    hotfix.requires = version.last_level();
                }
                if version != Version::V2003 {
                    hotfix.updates_virtual_servers = false;
                }
            }
        }
        UpdateField::HotfixRequires(level) => {
            if let Update::Hotfix(hotfix) = &mut topology.update {
                hotfix.requires = level;
            }
        }
        UpdateField::HotfixUpdatesVirtualServers(value) => {
            if let Update::Hotfix(hotfix) = &mut topology.update {
                hotfix.updates_virtual_servers = value;
            }
        }
    }
}

/// Whether an error at `path` is about the field at `field`: the same path, or a part of it.
pub fn error_is_at(path: &str, field: &str) -> bool {
    path == field
        || path
            .strip_prefix(field)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

    use sp_rules::Action;

    use super::*;

    const CLUSTER: &str = r#"{
        "format": "sp-planner/topology@1",
        "name": "Lab",
        "servers": [
            {"name": "FE1", "version": "2003", "level": "SP1", "role": "front-end"},
            {"name": "BE1", "version": "2003", "level": "SP1", "role": "back-end"}
        ],
        "clusters": [{
            "name": "CL1", "version": "2003", "level": "SP1", "mode": "active-passive",
            "nodes": ["NODEA", "NODEB"],
            "virtual_servers": [{"name": "EVS1", "owner": "NODEA"}]
        }],
        "update": {"service_pack": {"2003": "SP2"}}
    }"#;

    fn loaded(json: &str) -> PlannerState {
        let topology = read_draft(json).unwrap();
        PlannerState::default().apply(PlannerAction::Load(Box::new(topology), Origin::Pasted))
    }

    fn after(state: &PlannerState, actions: impl IntoIterator<Item = PlannerAction>) -> PlannerState {
        actions
            .into_iter()
            .fold(state.clone(), |state, action| state.apply(action))
    }

    fn position(state: &PlannerState, action: Action, target: &str) -> usize {
        state
            .derived
            .steps
            .iter()
            .position(|step| step.action == action && step.target == target)
            .unwrap_or_else(|| panic!("no {action} step for {target}"))
    }

    fn violated(state: &PlannerState) -> Vec<String> {
        match &state.derived.report {
            Some(Ok(report)) => report.violations.iter().map(|v| v.rule.clone()).collect(),
            other => panic!("no report: {other:?}"),
        }
    }

    #[test]
    fn the_starter_plans_cleanly() {
        let state = PlannerState::default();
        assert_eq!(state.derived.problem, None);
        assert!(!state.derived.steps.is_empty());
        assert!(violated(&state).is_empty());
        assert!(!state.is_edited());
    }

    #[test]
    fn loading_replaces_the_topology_and_says_where_it_came_from() {
        let state = loaded(CLUSTER);
        assert_eq!(state.topology.clusters.len(), 1);
        assert_eq!(
            state.notice,
            Some(Notice::info("Imported \u{201c}Lab\u{201d} from the pasted text."))
        );
        assert!(violated(&state).is_empty());
    }

    #[test]
    fn moving_a_back_end_above_the_front_ends_breaks_the_rule() {
        let state = loaded(CLUSTER);
        let back_end = position(&state, Action::Install, "BE1");
        let front_end = position(&state, Action::Install, "FE1");
        assert!(front_end < back_end);
        let moved = state.apply(PlannerAction::MoveStep {
            from: back_end,
            to: front_end,
        });
        assert!(moved.is_edited());
        assert_eq!(moved.derived.steps[front_end].target, "BE1");
        let numbers: Vec<u32> = moved.derived.steps.iter().map(|step| step.n).collect();
        let expected: Vec<u32> = (1..=u32::try_from(numbers.len()).unwrap()).collect();
        assert_eq!(numbers, expected, "the steps are renumbered");
        assert!(violated(&moved).contains(&"frontends-before-backends".to_owned()));
        // The recommended plan and its report do not change.
        assert_eq!(moved.derived.plan, state.derived.plan);
        assert_eq!(moved.derived.baseline.as_ref().map(|r| r.ok), Some(true));
    }

    #[test]
    fn moving_a_step_back_restores_the_recommended_order() {
        let state = loaded(CLUSTER);
        let moved = after(
            &state,
            [
                PlannerAction::MoveStep { from: 4, to: 2 },
                PlannerAction::MoveStep { from: 2, to: 4 },
            ],
        );
        assert!(!moved.is_edited());
        assert_eq!(moved.derived.steps, state.derived.steps);
    }

    #[test]
    fn moves_out_of_range_change_nothing_and_moves_past_the_end_clamp() {
        let state = loaded(CLUSTER);
        let count = state.derived.steps.len();
        assert_eq!(
            state.apply(PlannerAction::MoveStep { from: count, to: 0 }).derived,
            state.derived
        );
        let last = state.apply(PlannerAction::MoveStep {
            from: 0,
            to: usize::MAX,
        });
        assert_eq!(last.derived.steps.len(), count);
        assert_eq!(
            last.derived.steps[count - 1].action,
            state.derived.steps[0].action
        );
    }

    #[test]
    fn removing_a_step_is_checked_and_reset_brings_it_back() {
        let state = loaded(CLUSTER);
        let install = position(&state, Action::Install, "NODEB");
        let removed = state.apply(PlannerAction::RemoveStep(install));
        assert_eq!(removed.derived.steps.len(), state.derived.steps.len() - 1);
        assert!(violated(&removed).contains(&"every-server-once".to_owned()));
        let reset = removed.apply(PlannerAction::ResetOrder);
        assert!(!reset.is_edited());
        assert_eq!(reset.derived.steps, state.derived.steps);
        assert!(violated(&reset).is_empty());
        assert_eq!(
            state.apply(PlannerAction::RemoveStep(10_000)).derived,
            state.derived
        );
    }

    #[test]
    fn editing_the_topology_replans_and_resets_the_order() {
        let state = loaded(CLUSTER).apply(PlannerAction::MoveStep { from: 3, to: 1 });
        assert!(state.is_edited());
        let renamed = state.apply(PlannerAction::EditServer(1, ServerField::Name("MBX1".into())));
        assert!(!renamed.is_edited());
        assert!(renamed.derived.steps.iter().any(|step| step.target == "MBX1"));
        assert!(!renamed.derived.steps.iter().any(|step| step.target == "BE1"));
        assert!(renamed.notice.as_ref().is_some_and(|n| n.text.contains("recommended order")));
    }

    #[test]
    fn the_windows_release_is_set_and_cleared() {
        let json = r#"{"servers": [{"name": "OLD", "version": "2000", "level": "SP2"}],
            "clusters": [{"name": "CL", "version": "2000", "level": "SP2", "mode": "active-passive",
                "nodes": ["NA", "NB"], "virtual_servers": [{"name": "EVS", "owner": "NA"}]}],
            "update": {"service_pack": {"2000": "SP3"}}}"#;
        let state = loaded(json);
        assert!(state.derived.problem.is_none());
        let old = state.apply(PlannerAction::EditServer(0, ServerField::Windows(Some("2000 SP1".into()))));
        assert_eq!(old.topology.servers[0].windows, Some(Windows("2000 SP1".into())));
        assert_eq!(old.derived.problem.as_ref().and_then(Error::path), Some("servers[0].windows"));
        let cleared = old.apply(PlannerAction::EditServer(0, ServerField::Windows(None)));
        assert_eq!(cleared.topology.servers[0].windows, None);
        assert!(cleared.derived.problem.is_none());
        let cluster = state.apply(PlannerAction::EditCluster(0, ClusterField::Windows(Some("NT4 SP6a".into()))));
        assert_eq!(cluster.topology.clusters[0].windows, Some(Windows("NT4 SP6a".into())));
        assert_eq!(cluster.derived.problem.as_ref().and_then(Error::path), Some("clusters[0].windows"));
        let fixed = cluster.apply(PlannerAction::EditCluster(0, ClusterField::Windows(Some("2000 SP4".into()))));
        assert!(fixed.derived.problem.is_none());
    }

    #[test]
    fn a_duplicate_name_is_a_problem_at_its_field() {
        let state = loaded(CLUSTER).apply(PlannerAction::EditServer(1, ServerField::Name("fe1".into())));
        let problem = state.derived.problem.clone().unwrap();
        assert_eq!(problem.path(), Some("servers[1].name"));
        assert!(problem.message().contains("duplicate"));
        assert!(state.derived.plan.is_none());
        assert!(state.derived.steps.is_empty());
        assert!(error_is_at(problem.path().unwrap(), "servers[1].name"));
        assert!(!error_is_at(problem.path().unwrap(), "servers[1].name2"));
        assert!(error_is_at("clusters[0].virtual_servers[1].owner", "clusters[0]"));
        assert!(!error_is_at("clusters[10].name", "clusters[1]"));
    }

    #[test]
    fn servers_and_clusters_are_added_with_fresh_names_and_removed() {
        let state = after(
            &PlannerState::default(),
            [PlannerAction::AddServer, PlannerAction::AddCluster, PlannerAction::AddCluster],
        );
        let names: Vec<&str> = state.topology.servers.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["MAIL1", "MAIL2"]);
        assert_eq!(state.topology.clusters[0].nodes, ["NODE1", "NODE2"]);
        assert_eq!(state.topology.clusters[1].nodes, ["NODE3", "NODE4"]);
        assert_eq!(state.topology.clusters[1].virtual_servers[0].name, "EVS2");
        assert_eq!(state.topology.clusters[1].virtual_servers[0].owner, "NODE3");
        assert_eq!(state.derived.problem, None);
        let removed = after(
            &state,
            [PlannerAction::RemoveCluster(0), PlannerAction::RemoveServer(0), PlannerAction::RemoveServer(9)],
        );
        assert_eq!(removed.topology.clusters.len(), 1);
        assert_eq!(removed.topology.servers.len(), 1);
        assert_eq!(removed.topology.servers[0].name, "MAIL2");
    }

    #[test]
    fn renaming_a_node_carries_its_virtual_servers_along() {
        let state = loaded(CLUSTER).apply(PlannerAction::EditCluster(
            0,
            ClusterField::NodeName(0, "NODEX".into()),
        ));
        assert_eq!(state.topology.clusters[0].virtual_servers[0].owner, "NODEX");
        assert_eq!(state.derived.problem, None);
    }

    #[test]
    fn an_owner_that_is_not_a_node_is_a_problem_at_the_owner() {
        let state = loaded(CLUSTER).apply(PlannerAction::EditCluster(
            0,
            ClusterField::Owner(0, "NOBODY".into()),
        ));
        let path = state.derived.problem.as_ref().and_then(Error::path).unwrap();
        assert!(error_is_at(path, "clusters[0].virtual_servers[0]"), "{path}");
    }

    #[test]
    fn cluster_nodes_and_virtual_servers_are_edited() {
        let state = after(
            &loaded(CLUSTER),
            [
                PlannerAction::EditCluster(0, ClusterField::AddNode),
                PlannerAction::EditCluster(0, ClusterField::AddVirtualServer),
                PlannerAction::EditCluster(0, ClusterField::Owner(1, "NODEB".into())),
                PlannerAction::EditCluster(0, ClusterField::Mode(ClusterMode::ActiveActive)),
            ],
        );
        let cluster = &state.topology.clusters[0];
        assert_eq!(cluster.nodes, ["NODEA", "NODEB", "NODE1"]);
        assert_eq!(cluster.virtual_servers[1].name, "EVS2");
        assert_eq!(cluster.virtual_servers[1].owner, "NODEB");
        assert_eq!(cluster.mode, ClusterMode::ActiveActive);
        let removed = after(
            &state,
            [
                PlannerAction::EditCluster(0, ClusterField::RemoveVirtualServer(1)),
                PlannerAction::EditCluster(0, ClusterField::RemoveNode(2)),
                PlannerAction::EditCluster(0, ClusterField::VirtualServerName(0, "MAILEVS".into())),
            ],
        );
        let cluster = &removed.topology.clusters[0];
        assert_eq!(cluster.nodes, ["NODEA", "NODEB"]);
        assert_eq!(cluster.virtual_servers.len(), 1);
        assert_eq!(cluster.virtual_servers[0].name, "MAILEVS");
    }

    #[test]
    fn a_build_number_fills_version_and_level() {
        let state = PlannerState::default().apply(PlannerAction::FillFromBuild(
            Machine::Server(0),
            "Version 6.0 (Build 5762.4)".into(),
        ));
        let server = &state.topology.servers[0];
        assert_eq!((server.version, server.level), (Version::V2000, Some(Level::Sp2)));
        assert!(matches!(state.build_notes.get(Machine::Server(0)), Some(Ok(text)) if text.contains("Exchange 2000")));
        // The update still names only 2003, so the planner says the update applies to nothing.
        assert!(state.derived.problem.is_some());
    }

    #[test]
    fn a_bad_build_number_leaves_the_server_alone_and_says_why() {
        let state = PlannerState::default().apply(PlannerAction::FillFromBuild(
            Machine::Server(0),
            "not a build".into(),
        ));
        assert_eq!(state.topology, PlannerState::default().topology);
        assert!(matches!(state.build_notes.get(Machine::Server(0)), Some(Err(_))));
    }

    #[test]
    fn each_machine_keeps_its_last_build_note() {
        let state = after(
            &PlannerState::default(),
            [
                PlannerAction::AddServer,
                PlannerAction::FillFromBuild(Machine::Server(0), "not a build".into()),
                PlannerAction::FillFromBuild(Machine::Server(1), "6.5.7638.2".into()),
                PlannerAction::FillFromBuild(Machine::Server(0), "Version 6.0 (Build 5762.4)".into()),
            ],
        );
        assert!(matches!(state.build_notes.get(Machine::Server(0)), Some(Ok(text)) if text.contains("Exchange 2000")));
        assert!(matches!(state.build_notes.get(Machine::Server(1)), Some(Ok(text)) if text.contains("Exchange Server 2003")));
        assert_eq!(state.build_notes.get(Machine::Cluster(0)), None);
        assert_eq!(state.build_notes.0.len(), 2);
        let removed = state.apply(PlannerAction::RemoveServer(1));
        assert_eq!(removed.build_notes.get(Machine::Server(0)), None);
    }

    #[test]
    fn a_version_left_out_of_the_service_pack_keeps_the_others() {
        let levels = |state: &PlannerState| match &state.topology.update {
            Update::ServicePack(levels) => levels.clone(),
            Update::Hotfix(_) => panic!("expected a service pack"),
        };
        let three = after(
            &PlannerState::default(),
            [
                PlannerAction::EditUpdate(UpdateField::ServicePackLevel(Version::V55, Some(Level::Sp4))),
                PlannerAction::EditUpdate(UpdateField::ServicePackLevel(Version::V2000, Some(Level::Sp3))),
            ],
        );
        assert_eq!(levels(&three).len(), 3);
        let two = three.apply(PlannerAction::EditUpdate(UpdateField::ServicePackLevel(Version::V2000, None)));
        assert_eq!(levels(&two), BTreeMap::from([(Version::V55, Level::Sp4), (Version::V2003, Level::Sp2)]));
        let same = two.apply(PlannerAction::EditUpdate(UpdateField::ServicePackLevel(Version::V2000, None)));
        assert_eq!(levels(&same), levels(&two));
    }

    #[test]
    fn changing_the_version_keeps_the_level_valid() {
        let state = after(
            &PlannerState::default(),
            [
                PlannerAction::EditServer(0, ServerField::Role(Role::FrontEnd)),
                PlannerAction::EditServer(0, ServerField::Pool("OWA".into())),
                PlannerAction::EditServer(0, ServerField::Version(Version::V55)),
            ],
        );
        let server = &state.topology.servers[0];
        assert_eq!(server.level, Some(Level::Sp1));
        assert_eq!(server.role, Role::Standalone);
        assert_eq!(server.pool, None);
        let state = after(
            &PlannerState::default(),
            [
                PlannerAction::EditServer(0, ServerField::Version(Version::V55)),
                PlannerAction::EditServer(0, ServerField::Level(Level::Sp4)),
                PlannerAction::EditServer(0, ServerField::Version(Version::V2003)),
            ],
        );
        assert_eq!(state.topology.servers[0].level, Some(Level::Sp2));
    }

    #[test]
    fn the_update_switches_between_service_pack_and_hotfix() {
        let state = PlannerState::default().apply(PlannerAction::EditUpdate(UpdateField::Hotfix));
        let Update::Hotfix(hotfix) = &state.topology.update else {
            panic!("expected a hotfix");
        };
        assert_eq!((hotfix.version, hotfix.requires), (Version::V2003, Level::Sp1));
        assert_eq!(state.derived.problem, None, "the hotfix applies to the SP1 server");
        let state = after(
            &state,
            [
                PlannerAction::EditUpdate(UpdateField::HotfixId("KB123456".into())),
                PlannerAction::EditUpdate(UpdateField::HotfixVersion(Version::V2000)),
            ],
        );
        let Update::Hotfix(hotfix) = &state.topology.update else {
            panic!("expected a hotfix");
        };
        assert_eq!(hotfix.id, "KB123456");
        assert_eq!(hotfix.requires, Level::Sp1);
        let state = after(
            &state,
            [
                PlannerAction::EditUpdate(UpdateField::ServicePack),
                PlannerAction::EditUpdate(UpdateField::ServicePackLevel(Version::V55, Some(Level::Sp4))),
                PlannerAction::EditUpdate(UpdateField::ServicePackLevel(Version::V2003, None)),
            ],
        );
        assert_eq!(
            state.topology.update,
            Update::ServicePack(BTreeMap::from([(Version::V55, Level::Sp4)]))
        );
        assert!(state.derived.problem.is_some(), "no server is on 5.5");
    }

    #[test]
    fn switching_the_pool_strategy_replans() {
        let json = r#"{
            "servers": [
                {"name": "FE1", "version": "2003", "level": "SP1", "role": "front-end", "pool": "OWA"},
                {"name": "FE2", "version": "2003", "level": "SP1", "role": "front-end", "pool": "OWA"},
                {"name": "BE1", "version": "2003", "level": "SP1", "role": "back-end"}
            ],
            "update": {"service_pack": {"2003": "SP2"}}
        }"#;
        let together = loaded(json);
        let rolling = together.apply(PlannerAction::SetPoolStrategy(PoolStrategy::Rolling));
        let totals = |state: &PlannerState| state.derived.plan.as_ref().unwrap().totals.clone();
        assert!(totals(&together).pool_outage_steps > 0);
        assert_eq!(totals(&rolling).pool_outage_steps, 0);
        assert_ne!(together.derived.steps, rolling.derived.steps);
    }

    #[test]
    fn the_shown_plan_carries_the_edited_order() {
        let state = loaded(CLUSTER).apply(PlannerAction::MoveStep { from: 0, to: 3 });
        let plan = state.shown_plan().unwrap();
        assert_eq!(plan.steps, state.derived.steps);
        let Some(Ok(report)) = &state.derived.report else {
            panic!("no report");
        };
        assert_eq!(plan.totals, report.totals);
    }

    #[test]
    fn a_load_keeps_the_replaced_topology_and_can_bring_it_back() {
        let mine = PlannerState::default().apply(PlannerAction::SetName("Mine".into()));
        assert_eq!(mine.previous, None);
        let loaded = mine.apply(PlannerAction::Load(
            Box::new(read_draft(CLUSTER).unwrap()),
            Origin::Preset("lab".into()),
        ));
        assert_eq!(loaded.previous.as_ref().map(|t| t.name.as_str()), Some("Mine"));
        let back = loaded.apply(PlannerAction::RestorePrevious);
        assert_eq!(back.topology.name, "Mine");
        assert_eq!(back.previous.as_ref().map(|t| t.name.as_str()), Some("Lab"));
        assert_eq!(back.notice, Some(Notice::info("Brought back \u{201c}Mine\u{201d}.")));
        assert_eq!(back.apply(PlannerAction::ForgetPrevious).previous, None);
        // Loading the topology already shown replaces nothing.
        let same = loaded.apply(PlannerAction::ForgetPrevious).apply(PlannerAction::Load(
            Box::new(loaded.topology.clone()),
            Origin::Link,
        ));
        assert_eq!(same.previous, None);
    }

    #[test]
    fn notices_are_shown_and_dismissed() {
        let state = PlannerState::default().apply(PlannerAction::Notify(Notice::error("no")));
        assert_eq!(state.notice, Some(Notice::error("no")));
        assert_eq!(state.apply(PlannerAction::Dismiss).notice, None);
    }

    #[test]
    fn drafts_accept_inconsistent_documents_but_not_malformed_ones() {
        let duplicate = r#"{"servers": [{"name": "A", "version": "2003", "level": "SP1"},
            {"name": "a", "version": "2003", "level": "SP1"}], "update": {"service_pack": {"2003": "SP2"}}}"#;
        assert!(read_draft(duplicate).is_ok());
        let syntax = read_draft("{\"servers\": [").unwrap_err();
        assert!(syntax.starts_with("this is not valid JSON"), "{syntax}");
        let unknown = read_draft(r#"{"update": {"service_pack": {}}, "colour": 1}"#).unwrap_err();
        assert!(unknown.starts_with("this is not an SP Planner topology"), "{unknown}");
        assert!(unknown.contains("colour"), "{unknown}");
        let newer = read_draft(r#"{"format": "sp-planner/topology@2", "update": {"service_pack": {}}}"#)
            .unwrap_err();
        assert!(newer.contains("topology@2"), "{newer}");
        let newer_and_different = read_draft(r#"{"format": "sp-planner/topology@3", "machines": []}"#).unwrap_err();
        assert!(newer_and_different.contains("topology@3"), "{newer_and_different}");
        let not_a_string = read_draft(r#"{"format": 2, "update": {"service_pack": {}}}"#).unwrap_err();
        assert!(not_a_string.contains("format 2"), "{not_a_string}");
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(read_draft(&deep).is_err());
        let escaped = read_draft(r#"{"format": "sp-planner\/topology@1", "update": {"service_pack": {}}}"#);
        assert!(escaped.is_ok(), "{escaped:?}");
        for not_an_object in ["[1, 2]", "\"sp-planner/topology@1\"", "null"] {
            let error = read_draft(not_an_object).unwrap_err();
            assert!(error.starts_with("this is not an SP Planner topology"), "{error}");
        }
        let twice = read_draft(r#"{"format": "sp-planner/topology@1", "format": "x", "update": {"service_pack": {}}}"#).unwrap_err();
        assert!(twice.contains("duplicate field `format`"), "{twice}");
    }

    #[test]
    fn drafts_too_large_for_the_editor_are_refused() {
        let servers: Vec<String> = (0..=EDITOR_MAX_MACHINES)
            .map(|i| format!(r#"{{"name": "S{i}", "version": "2003", "level": "SP1"}}"#))
            .collect();
        let json = format!(
            r#"{{"servers": [{}], "update": {{"service_pack": {{"2003": "SP2"}}}}}}"#,
            servers.join(",")
        );
        let error = read_draft(&json).unwrap_err();
        assert!(error.contains("at most 1000"), "{error}");
    }

    #[test]
    fn fresh_names_skip_taken_ones_without_regard_to_case() {
        let mut topology = starter();
        topology.servers[0].name = "mail1".into();
        assert_eq!(fresh_name(&topology, "MAIL"), "MAIL2");
        assert_eq!(fresh_name(&topology, "NODE"), "NODE1");
    }
}
