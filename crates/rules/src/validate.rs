//! Reading and checking a topology document.
//!
//! [`Topology::from_json`] reads the `sp-planner/topology@1` format and then runs
//! [`Topology::validate`], so a topology that comes out of it is consistent: names are
//! unique, every virtual server is owned by a node of its cluster, every level is valid
//! for its version, and the update applies. The planner and the validator rely on that.
//!
//! [`Validated`] is a topology that has passed those checks, kept together with what the
//! checks worked out (the table of names, the pools), so that planning and checking it
//! neither validate it again nor hash its names again.

use crate::builds;
use crate::model::{
    Cluster, ClusterMode, Disposition, Level, Role, Server, TOPOLOGY_FORMAT, Topology, Update, Version, Windows,
    WindowsFamily, WindowsRelease,
};
use crate::sim::{HashSlots, name_hash};
use crate::{Error, ErrorKind, Plan, Report, Step};

/// The largest topology document accepted, in bytes.
pub const MAX_JSON_BYTES: usize = 16 * 1024 * 1024;

/// The largest number of servers plus cluster nodes accepted.
pub const MAX_MACHINES: usize = 50_000;

/// The most nodes a server cluster has (Windows Server 2003 clusters have at most eight).
pub const MAX_CLUSTER_NODES: usize = 8;

/// The most front ends a load-balanced pool has (Network Load Balancing serves at most 32
/// hosts); it also keeps the plan of a pool taken down together small.
pub const MAX_POOL_MEMBERS: usize = 32;

/// The longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 256;

impl Topology {
    /// Reads a topology document and checks it with [`Topology::validate`].
    ///
    /// Shape errors name the field path (`servers[2].role: unknown variant ...`); syntax
    /// errors carry the line and column.
    pub fn from_json(json: &str) -> Result<Topology, Error> {
        let topology = Topology::parse(json)?;
        topology.validate()?;
        Ok(topology)
    }

    /// Reads a topology document without checking its consistency.
    fn parse(json: &str) -> Result<Topology, Error> {
        if json.len() > MAX_JSON_BYTES {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!("the document is {} bytes; the limit is {MAX_JSON_BYTES} bytes (16 MiB)", json.len()),
            ));
        }
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let topology: Topology = match serde_path_to_error::deserialize(&mut deserializer) {
            Ok(topology) => topology,
            Err(err) => {
                // A newer format may add fields: name the format, not the first field it added.
                if let Some(format) = foreign_format_tag(json) {
                    return Err(unknown_format(&format));
                }
                return Err(json_error(err));
            }
        };
        if let Err(err) = deserializer.end() {
            return Err(json_error_plain(&err, None));
        }
        Ok(topology)
    }

    /// Checks that the topology is consistent and that the update applies to it.
    ///
    /// [`Validated::new`] runs the same checks and keeps what they work out.
    pub fn validate(&self) -> Result<(), Error> {
        self.validated_facts().map(drop)
    }

    /// Runs every check of [`Topology::validate`] and returns what they worked out.
    pub(crate) fn validated_facts(&self) -> Result<Facts, Error> {
        if let Some(format) = &self.format
            && format != TOPOLOGY_FORMAT
        {
            return Err(unknown_format(format));
        }
        let machines = self
            .clusters
            .iter()
            .fold(self.servers.len(), |sum, cluster| sum.saturating_add(cluster.nodes.len()));
        if machines > MAX_MACHINES {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!("the organisation has {machines} servers and cluster nodes; the limit is {MAX_MACHINES}"),
            ));
        }
        let names = check_names(self)?;
        for (i, server) in self.servers.iter().enumerate() {
            check_server(server, i)?;
        }
        for (i, cluster) in self.clusters.iter().enumerate() {
            check_cluster(cluster, i)?;
        }
        let pools = check_pools(self)?;
        check_update(self)?;
        Ok(Facts { names, pools })
    }

    /// The servers and clusters the update is installed on, as indexes into
    /// [`Topology::servers`] and [`Topology::clusters`].
    pub fn install_targets(&self) -> Result<(Vec<usize>, Vec<usize>), Error> {
        let mut servers = Vec::new();
        for (i, server) in self.servers.iter().enumerate() {
            if self.update.disposition(server.version, server.current_level()?)? == Disposition::Install {
                servers.push(i);
            }
        }
        let mut clusters = Vec::new();
        for (i, cluster) in self.clusters.iter().enumerate() {
            if self.update.disposition(cluster.version, cluster.current_level()?)? == Disposition::Install {
                clusters.push(i);
            }
        }
        Ok((servers, clusters))
    }

    /// Whether the organisation has a front-end server of `version`.
    pub fn has_front_ends(&self, version: Version) -> bool {
        self.servers.iter().any(|server| server.version == version && server.role == Role::FrontEnd)
    }
}

/// What validating a topology worked out, which the planner and the simulation reuse.
#[derive(Debug, Clone)]
pub(crate) struct Facts {
    /// Every name of the topology by its case-insensitive hash ([`name_hash`]), numbered in
    /// document order: the servers, then each cluster's own name, its nodes and its virtual
    /// servers. The simulation numbers its entities in the same order.
    pub names: HashSlots,
    /// The pool of each server, numbered in the order pools first appear.
    pub pools: Vec<Option<usize>>,
}

/// A topology that has passed [`Topology::validate`], with what the checks worked out.
///
/// It reads as the [`Topology`] it holds (through `Deref`) but cannot be changed, so it
/// stays valid: [`Validated::plan`] and [`Validated::check`] neither validate it again nor
/// hash its names again, which [`plan()`](crate::plan()) and [`check()`](crate::check()) on a
/// plain topology do. Their results are the same.
///
/// ```
/// let topology = sp_rules::Validated::from_json(r#"{
///     "servers": [{"name": "MAIL1", "version": "2003", "level": "SP1"}],
///     "update": {"service_pack": {"2003": "SP2"}}
/// }"#)?;
/// let plan = topology.plan()?;
/// assert_eq!(plan, sp_rules::plan(&topology)?);
/// assert!(topology.check(&plan.steps)?.ok);
/// # Ok::<(), sp_rules::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Validated {
    topology: Topology,
    facts: Facts,
}

impl Validated {
    /// Validates `topology` ([`Topology::validate`]) and keeps it with what the checks
    /// worked out; the error is the one `validate` gives.
    pub fn new(topology: Topology) -> Result<Validated, Error> {
        let facts = topology.validated_facts()?;
        Ok(Validated { topology, facts })
    }

    /// Reads and validates a topology document, with the errors of [`Topology::from_json`].
    pub fn from_json(json: &str) -> Result<Validated, Error> {
        Validated::new(Topology::parse(json)?)
    }

    /// The topology.
    pub fn topology(&self) -> &Topology {
        &self.topology
    }

    /// Gives the topology back, to change it (it must then be validated again).
    pub fn into_topology(self) -> Topology {
        self.topology
    }

    /// Plans the roll-out, as [`plan()`](crate::plan()) does, without validating again.
    pub fn plan(&self) -> Result<Plan, Error> {
        crate::planner::plan_validated(self)
    }

    /// Checks a step list, as [`check()`](crate::check()) does, reusing the table of names.
    pub fn check(&self, steps: &[Step]) -> Result<Report, Error> {
        crate::check::check_validated(self, steps)
    }

    /// What the checks worked out.
    pub(crate) fn facts(&self) -> &Facts {
        &self.facts
    }
}

impl std::ops::Deref for Validated {
    type Target = Topology;

    fn deref(&self) -> &Topology {
        &self.topology
    }
}

impl AsRef<Topology> for Validated {
    fn as_ref(&self) -> &Topology {
        &self.topology
    }
}

impl TryFrom<Topology> for Validated {
    type Error = Error;

    fn try_from(topology: Topology) -> Result<Validated, Error> {
        Validated::new(topology)
    }
}

impl From<Validated> for Topology {
    fn from(validated: Validated) -> Topology {
        validated.topology
    }
}

impl Server {
    /// The service pack level, from `level` or from `build`.
    pub fn current_level(&self) -> Result<Level, Error> {
        resolve_level(self.version, self.level, self.build.as_deref())
    }
}

impl Cluster {
    /// The service pack level of the nodes, from `level` or from `build`.
    pub fn current_level(&self) -> Result<Level, Error> {
        resolve_level(self.version, self.level, self.build.as_deref())
    }
}

impl Update {
    /// The level a server of `version` ends at, or `None` when the update leaves it alone.
    pub fn target_level(&self, version: Version) -> Option<Level> {
        match self {
            Update::ServicePack(levels) => levels.get(&version).copied(),
            Update::Hotfix(hotfix) => (hotfix.version == version).then_some(hotfix.requires),
        }
    }

    /// What the update does to a server of `version` at level `current`.
    ///
    /// A downgrade, or a hotfix for a level other than the server's, is an error.
    pub fn disposition(&self, version: Version, current: Level) -> Result<Disposition, Error> {
        match self {
            Update::ServicePack(levels) => match levels.get(&version) {
                None => Ok(Disposition::NotTargeted),
                Some(&target) if current == target => Ok(Disposition::AlreadyAtTarget),
                Some(&target) if current > target => Err(Error::new(
                    ErrorKind::NotApplicable,
                    format!(
                        "the server is at {} {current} and the update is {target}: a service pack cannot be downgraded",
                        version.product()
                    ),
                )),
                Some(_) => Ok(Disposition::Install),
            },
            Update::Hotfix(hotfix) if hotfix.version != version => Ok(Disposition::NotTargeted),
            Update::Hotfix(hotfix) if hotfix.requires == current => Ok(Disposition::Install),
            Update::Hotfix(hotfix) => Err(Error::new(
                ErrorKind::NotApplicable,
                format!(
                    "hotfix {} needs {} {} but the server is at {current}: bring every {} server to {} first",
                    printable(&hotfix.id),
                    version.product(),
                    hotfix.requires,
                    version.as_str(),
                    hotfix.requires
                ),
            )),
        }
    }

    /// Whether the update upgrades the data of Exchange virtual servers of `version`:
    /// an Exchange 2003 service pack, or an Exchange 2003 hotfix that says so.
    pub fn upgrades_virtual_servers(&self, version: Version) -> bool {
        if version != Version::V2003 {
            return false;
        }
        match self {
            Update::ServicePack(levels) => levels.contains_key(&Version::V2003),
            Update::Hotfix(hotfix) => hotfix.version == Version::V2003 && hotfix.updates_virtual_servers,
        }
    }

    /// The update in words, newest version first: "Exchange Server 2003 SP2".
    pub fn describe(&self) -> String {
        match self {
            Update::ServicePack(levels) => levels
                .iter()
                .rev()
                .map(|(version, level)| format!("{} {level}", version.product()))
                .collect::<Vec<_>>()
                .join(", "),
            Update::Hotfix(hotfix) => format!(
                "hotfix {} for {} {}",
                printable(&hotfix.id),
                hotfix.version.product(),
                hotfix.requires
            ),
        }
    }
}

impl Windows {
    /// Reads the Windows string: `"NT4"`, `"NT4 SP6a"`, `"2000"`, `"2000 SP4"`, `"2003"`,
    /// `"2003 SP1"` (family, then an optional service pack valid for it).
    pub fn release(&self) -> Result<WindowsRelease, Error> {
        let text = self.0.as_str();
        let bad = || {
            Error::new(
                ErrorKind::Invalid,
                format!(
                    "`{}` is not a Windows release (expected NT4, 2000 or 2003, optionally followed by a service pack such as SP4 or SP6a)",
                    printable(text)
                ),
            )
        };
        let mut words = text.split(' ');
        let family = match words.next() {
            Some("NT4") => WindowsFamily::Nt4,
            Some("2000") => WindowsFamily::W2000,
            Some("2003") => WindowsFamily::W2003,
            _ => return Err(bad()),
        };
        let (service_pack, revised) = match words.next() {
            None => (0, false),
            Some(word) => {
                let number = word.strip_prefix("SP").ok_or_else(bad)?;
                let (digits, revised) = match number.strip_suffix('a') {
                    Some(digits) => (digits, true),
                    None => (number, false),
                };
                let service_pack = match digits {
                    "1" => 1,
                    "2" => 2,
                    "3" => 3,
                    "4" => 4,
                    "5" => 5,
                    "6" => 6,
                    _ => return Err(bad()),
                };
                (service_pack, revised)
            }
        };
        if words.next().is_some() {
            return Err(bad());
        }
        let last = match family {
            WindowsFamily::Nt4 => 6,
            WindowsFamily::W2000 => 4,
            WindowsFamily::W2003 => 2,
        };
        let revised_ok = !revised || (family == WindowsFamily::Nt4 && service_pack == 6);
        if service_pack > last || !revised_ok {
            return Err(Error::new(
                ErrorKind::Invalid,
                format!("`{}` does not exist: the last service pack of that Windows release is SP{last}", printable(text)),
            ));
        }
        Ok(WindowsRelease { family, service_pack, revised })
    }
}

/// The oldest Windows release Exchange 2000 SP3 installs on.
const WINDOWS_2000_SP2: WindowsRelease =
    WindowsRelease { family: WindowsFamily::W2000, service_pack: 2, revised: false };

fn resolve_level(version: Version, level: Option<Level>, build: Option<&str>) -> Result<Level, Error> {
    let from_build = match build {
        Some(build) => {
            let info = builds::lookup(build).map_err(|err| err.at("build"))?;
            if info.version != version {
                return Err(Error::new(
                    ErrorKind::Invalid,
                    format!(
                        "build {} is {}, but the version is {}",
                        info.build,
                        info.version.product(),
                        version.product()
                    ),
                )
                .at("build"));
            }
            Some(info.level)
        }
        None => None,
    };
    match (level, from_build) {
        (None, None) => {
            Err(Error::new(ErrorKind::Invalid, "give the service pack `level` or the `build` number").at("level"))
        }
        (Some(level), _) if !version.has_level(level) => Err(Error::new(
            ErrorKind::Invalid,
            format!(
                "{} has no {level}: its last service pack is {}",
                version.product(),
                version.last_level()
            ),
        )
        .at("level")),
        (Some(level), Some(built)) if level != built => Err(Error::new(
            ErrorKind::Invalid,
            format!("the level is {level} but the build is {built}: give one of them or make them agree"),
        )
        .at("level")),
        (Some(level), _) => Ok(level),
        (None, Some(built)) => Ok(built),
    }
}

/// Prefixes the relative path of `err` (such as `level`) with `prefix`.
fn within(err: Error, prefix: &str) -> Error {
    let path = match err.path() {
        Some(path) => format!("{prefix}.{path}"),
        None => prefix.to_owned(),
    };
    err.at(path)
}

fn invalid(path: String, message: String) -> Error {
    Error::new(ErrorKind::Invalid, message).at(path)
}

/// Shows user text in a message with control characters escaped.
fn printable(text: &str) -> String {
    let shortened: String = text.chars().take(80).collect();
    let mut out = String::with_capacity(shortened.len());
    for c in shortened.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    if text.chars().nth(80).is_some() {
        out.push('…');
    }
    out
}

/// Whether `name` is a plain ASCII name that passes every test of [`check_name`]: checked
/// byte by byte in one pass, because nearly every computer name is one.
fn plain_ascii_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    // Printable ASCII is 0x20 to 0x7E; the only whitespace among it is the space, so the
    // edges need only be something other than a space.
    let edge_ok = |b: Option<&u8>| b.is_some_and(|b| *b != b' ');
    name != "*"
        && bytes.len() <= MAX_NAME_CHARS
        && edge_ok(bytes.first())
        && edge_ok(bytes.last())
        && bytes.iter().all(|b| (0x20..0x7f).contains(b))
}

fn check_name(name: &str, path: &dyn std::fmt::Display) -> Result<(), Error> {
    if plain_ascii_name(name) {
        return Ok(());
    }
    match name_problem(name) {
        Some(message) => Err(invalid(path.to_string(), message)),
        None => Ok(()),
    }
}

/// What is wrong with a name, if anything.
fn name_problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        Some("the name is empty".to_owned())
    } else if name == "*" {
        Some("`*` is reserved for the whole organisation".to_owned())
    } else if name.chars().any(char::is_control) {
        Some(format!("the name `{}` contains a control character", printable(name)))
    } else if name.trim() != name {
        Some(format!("the name `{}` starts or ends with a space", printable(name)))
    } else if name.chars().count() > MAX_NAME_CHARS {
        Some(format!("the name `{}` is longer than {MAX_NAME_CHARS} characters", printable(name)))
    } else {
        None
    }
}

/// A list item's path, such as `servers[2]`, written out only when an error needs it.
#[derive(Debug, Clone, Copy)]
struct Indexed(&'static str, usize);

impl std::fmt::Display for Indexed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}[{}]", self.0, self.1)
    }
}

/// Where a name sits in the document; turned into a path only for an error.
#[derive(Debug, Clone, Copy)]
enum NamePath {
    Server(usize),
    Cluster(usize),
    Node(usize, usize),
    VirtualServer(usize, usize),
}

impl std::fmt::Display for NamePath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NamePath::Server(i) => write!(f, "servers[{i}].name"),
            NamePath::Cluster(i) => write!(f, "clusters[{i}].name"),
            NamePath::Node(i, j) => write!(f, "clusters[{i}].nodes[{j}]"),
            NamePath::VirtualServer(i, j) => write!(f, "clusters[{i}].virtual_servers[{j}].name"),
        }
    }
}

/// A name compared without regard to case, as Windows compares names.
#[derive(Debug, Clone, Copy)]
struct Folded<'a>(&'a str);

impl Folded<'_> {
    fn chars(&self) -> impl Iterator<Item = char> + '_ {
        self.0.chars().flat_map(sp_case::lower)
    }
}

impl PartialEq for Folded<'_> {
    fn eq(&self, other: &Self) -> bool {
        if self.0.is_ascii() && other.0.is_ascii() {
            self.0.eq_ignore_ascii_case(other.0)
        } else {
            self.chars().eq(other.chars())
        }
    }
}

impl Eq for Folded<'_> {}

/// Checks every name and that no two are the same without regard to case; returns the
/// table of names (see [`Facts::names`]).
fn check_names(topology: &Topology) -> Result<HashSlots, Error> {
    let machines = topology.clusters.iter().map(|c| 1 + c.nodes.len() + c.virtual_servers.len()).sum::<usize>();
    // Every name in document order, with where it sits.
    let mut names: Vec<(&str, NamePath)> = Vec::with_capacity(topology.servers.len() + machines);
    for (i, server) in topology.servers.iter().enumerate() {
        names.push((&server.name, NamePath::Server(i)));
    }
    for (i, cluster) in topology.clusters.iter().enumerate() {
        names.push((&cluster.name, NamePath::Cluster(i)));
        names.extend(cluster.nodes.iter().enumerate().map(|(j, node)| (node.as_str(), NamePath::Node(i, j))));
        let virtual_servers = cluster.virtual_servers.iter().enumerate();
        names.extend(virtual_servers.map(|(j, evs)| (evs.name.as_str(), NamePath::VirtualServer(i, j))));
    }
    // In document order, so that the first problem is the one reported.
    let mut seen = HashSlots::with_capacity(names.len());
    for (k, (name, path)) in names.iter().enumerate() {
        if !plain_ascii_name(name) {
            check_name(name, path)?;
        }
        let hash = name_hash(name);
        let same = |j: usize| names.get(j).is_some_and(|(other, _)| Folded(other) == Folded(name));
        if let Some((_, first)) = seen.find(hash, same).and_then(|j| names.get(j)) {
            return Err(invalid(
                path.to_string(),
                format!(
                    "duplicate name `{}`: {first} has the same name (names are compared without regard to case)",
                    printable(name)
                ),
            ));
        }
        debug_assert_eq!(k, seen.len(), "positions follow the names");
        seen.push(hash);
    }
    Ok(seen)
}

fn check_server(server: &Server, i: usize) -> Result<(), Error> {
    let prefix = Indexed("servers", i);
    server.current_level().map_err(|err| within(err, &prefix.to_string()))?;
    if server.version == Version::V55 && server.role != Role::Standalone {
        return Err(invalid(
            format!("{prefix}.role"),
            "Exchange 5.5 has no front-end or back-end servers: leave the role out (standalone)".to_owned(),
        ));
    }
    if let Some(pool) = &server.pool {
        if server.role != Role::FrontEnd {
            return Err(invalid(
                format!("{prefix}.pool"),
                "only a front-end server can be in a load-balanced pool".to_owned(),
            ));
        }
        check_name(pool, &format_args!("{prefix}.pool"))?;
    }
    if let Some(windows) = &server.windows {
        windows.release().map_err(|err| err.at(format!("{prefix}.windows")))?;
    }
    Ok(())
}

fn check_cluster(cluster: &Cluster, i: usize) -> Result<(), Error> {
    let prefix = Indexed("clusters", i);
    cluster.current_level().map_err(|err| within(err, &prefix.to_string()))?;
    let nodes = cluster.nodes.len();
    if nodes < 2 {
        return Err(invalid(
            format!("{prefix}.nodes"),
            format!("a cluster needs at least two nodes; `{}` has {nodes}", printable(&cluster.name)),
        ));
    }
    if nodes > MAX_CLUSTER_NODES {
        return Err(invalid(
            format!("{prefix}.nodes"),
            format!(
                "a server cluster has at most {MAX_CLUSTER_NODES} nodes; `{}` has {nodes}",
                printable(&cluster.name)
            ),
        ));
    }
    match (cluster.version, cluster.mode) {
        (Version::V55, _) if nodes > 2 => {
            return Err(invalid(
                format!("{prefix}.nodes"),
                format!("an Exchange 5.5 cluster has at most two nodes; `{}` has {nodes}", printable(&cluster.name)),
            ));
        }
        (Version::V55, ClusterMode::ActiveActive) => {
            return Err(invalid(
                format!("{prefix}.mode"),
                "Exchange 5.5 clusters are active/passive only".to_owned(),
            ));
        }
        (Version::V2003, ClusterMode::ActiveActive) if nodes > 2 => {
            return Err(invalid(
                format!("{prefix}.mode"),
                format!(
                    "an Exchange 2003 cluster of more than two nodes must be active/passive; `{}` has {nodes} nodes",
                    printable(&cluster.name)
                ),
            ));
        }
        _ => {}
    }
    // How many virtual servers each node owns, by the node's position.
    let mut owned = vec![0usize; cluster.nodes.len()];
    for (j, evs) in cluster.virtual_servers.iter().enumerate() {
        let Some(count) = cluster.nodes.iter().position(|node| node == &evs.owner).and_then(|at| owned.get_mut(at))
        else {
            let hint = if cluster.nodes.iter().any(|node| node.eq_ignore_ascii_case(&evs.owner)) {
                " (node names are written the same way everywhere, including case)"
            } else {
                ""
            };
            return Err(invalid(
                format!("{prefix}.virtual_servers[{j}].owner"),
                format!(
                    "unknown node `{}`: it is not a node of cluster `{}`{hint}",
                    printable(&evs.owner),
                    printable(&cluster.name)
                ),
            ));
        };
        *count += 1;
        if cluster.version == Version::V2003 && nodes > 2 && *count > 1 {
            return Err(invalid(
                format!("{prefix}.virtual_servers[{j}].owner"),
                format!(
                    "node `{}` already owns a virtual server: in an Exchange 2003 cluster of more than two nodes a node hosts at most one",
                    printable(&evs.owner)
                ),
            ));
        }
    }
    if cluster.mode == ClusterMode::ActivePassive && cluster.virtual_servers.len() > nodes - 1 {
        return Err(invalid(
            format!("{prefix}.virtual_servers"),
            format!(
                "an active/passive cluster of {nodes} nodes runs at most {}, so that one node stays passive; `{}` has {}",
                if nodes - 1 == 1 { "1 virtual server".to_string() } else { format!("{} virtual servers", nodes - 1) },
                printable(&cluster.name),
                cluster.virtual_servers.len()
            ),
        ));
    }
    if let Some(windows) = &cluster.windows {
        windows.release().map_err(|err| err.at(format!("{prefix}.windows")))?;
    }
    Ok(())
}

/// Checks the pools; returns each server's pool (see [`Facts::pools`]).
fn check_pools(topology: &Topology) -> Result<Vec<Option<usize>>, Error> {
    // Pool names are compared case-insensitively, like every other name, and must be spelt
    // the same way throughout, so that every part of the crate sees the same pools.
    let mut table = HashSlots::default();
    // Each pool's first spelling, version and members so far, by pool number.
    let mut pools: Vec<(&str, Version, usize)> = Vec::new();
    let mut of_server = Vec::with_capacity(topology.servers.len());
    for (i, server) in topology.servers.iter().enumerate() {
        let Some(pool) = &server.pool else {
            of_server.push(None);
            continue;
        };
        let hash = name_hash(pool);
        let same = |k: usize| pools.get(k).is_some_and(|(spelling, _, _)| Folded(spelling) == Folded(pool));
        let number = match table.find(hash, same) {
            Some(number) => number,
            None => {
                pools.push((pool.as_str(), server.version, 0));
                table.push(hash);
                pools.len() - 1
            }
        };
        let Some(entry) = pools.get_mut(number) else { continue };
        entry.2 += 1;
        let (spelling, version, members) = *entry;
        if spelling != pool {
            return Err(invalid(
                format!("servers[{i}].pool"),
                format!(
                    "pool `{}` is written `{}` elsewhere; write a pool's name the same way on every member",
                    printable(pool),
                    printable(spelling)
                ),
            ));
        }
        if members > MAX_POOL_MEMBERS {
            return Err(invalid(
                format!("servers[{i}].pool"),
                format!(
                    "pool `{}` has more than {MAX_POOL_MEMBERS} front ends; Network Load Balancing serves at most {MAX_POOL_MEMBERS} hosts",
                    printable(pool)
                ),
            ));
        }
        if version != server.version {
            return Err(invalid(
                format!("servers[{i}].pool"),
                format!(
                    "pool `{}` mixes {} and {} front ends; a load-balanced pool runs one version",
                    printable(pool),
                    version.product(),
                    server.version.product()
                ),
            ));
        }
        of_server.push(Some(number));
    }
    Ok(of_server)
}

fn check_update(topology: &Topology) -> Result<(), Error> {
    match &topology.update {
        Update::ServicePack(levels) => {
            if levels.is_empty() {
                return Err(Error::new(
                    ErrorKind::Invalid,
                    "name a service pack for at least one version, e.g. {\"2003\": \"SP2\"}",
                )
                .at("update.service_pack"));
            }
            for (version, level) in levels {
                if !version.has_level(*level) {
                    return Err(invalid(
                        format!("update.service_pack.{version}"),
                        format!("{} has no {level}: its last service pack is {}", version.product(), version.last_level()),
                    ));
                }
                if *level == Level::Rtm {
                    return Err(invalid(
                        format!("update.service_pack.{version}"),
                        "RTM is the original release, not a service pack".to_owned(),
                    ));
                }
            }
        }
        Update::Hotfix(hotfix) => {
            check_name(&hotfix.id, &"update.hotfix.id")?;
            if !hotfix.version.has_level(hotfix.requires) {
                return Err(invalid(
                    "update.hotfix.requires".to_owned(),
                    format!(
                        "{} has no {}: its last service pack is {}",
                        hotfix.version.product(),
                        hotfix.requires,
                        hotfix.version.last_level()
                    ),
                ));
            }
            if hotfix.updates_virtual_servers && hotfix.version != Version::V2003 {
                return Err(invalid(
                    "update.hotfix.updates_virtual_servers".to_owned(),
                    "only Exchange 2003 has virtual servers to upgrade".to_owned(),
                ));
            }
        }
    }
    let mut installs = 0usize;
    let mut targeted = 0usize;
    for (i, server) in topology.servers.iter().enumerate() {
        let prefix = Indexed("servers", i);
        let field = if server.level.is_some() { "level" } else { "build" };
        let level = server.current_level().map_err(|err| within(err, &prefix.to_string()))?;
        let disposition =
            topology.update.disposition(server.version, level).map_err(|err| err.at(format!("{prefix}.{field}")))?;
        if disposition != Disposition::NotTargeted {
            targeted += 1;
        }
        if disposition == Disposition::Install {
            installs += 1;
            check_windows(topology, server.version, level, server.windows.as_ref(), &prefix)?;
        }
    }
    for (i, cluster) in topology.clusters.iter().enumerate() {
        let prefix = Indexed("clusters", i);
        let field = if cluster.level.is_some() { "level" } else { "build" };
        let level = cluster.current_level().map_err(|err| within(err, &prefix.to_string()))?;
        let disposition =
            topology.update.disposition(cluster.version, level).map_err(|err| err.at(format!("{prefix}.{field}")))?;
        if disposition != Disposition::NotTargeted {
            targeted += 1;
        }
        if disposition == Disposition::Install {
            installs += 1;
            check_windows(topology, cluster.version, level, cluster.windows.as_ref(), &prefix)?;
        }
    }
    if installs == 0 {
        let message = if targeted == 0 {
            format!("the update ({}) applies to no server: the organisation has no server of that version", topology.update.describe())
        } else {
            format!("every server the update ({}) applies to is already at that level: there is nothing to install", topology.update.describe())
        };
        return Err(Error::new(ErrorKind::NotApplicable, message).at("update"));
    }
    Ok(())
}

fn check_windows(
    topology: &Topology,
    version: Version,
    current: Level,
    windows: Option<&Windows>,
    prefix: &Indexed,
) -> Result<(), Error> {
    let installs_sp3 = version == Version::V2000
        && current < Level::Sp3
        && topology.update.target_level(Version::V2000) == Some(Level::Sp3);
    let Some(windows) = windows else { return Ok(()) };
    let release = windows.release().map_err(|err| err.at(format!("{prefix}.windows")))?;
    if installs_sp3 && release < WINDOWS_2000_SP2 {
        return Err(Error::new(
            ErrorKind::NotApplicable,
            format!(
                "Exchange 2000 SP3 needs Windows 2000 SP2 or later, and this server runs Windows {}: update Windows first",
                printable(&windows.0)
            ),
        )
        .at(format!("{prefix}.windows")));
    }
    Ok(())
}

/// Turns a serde error into an [`Error`] with the field path or the position.
fn json_error(err: serde_path_to_error::Error<serde_json::Error>) -> Error {
    let path = err.path().to_string();
    let inner = err.into_inner();
    let path = (path != "." && !path.is_empty()).then_some(path);
    json_error_plain(&inner, path)
}

fn json_error_plain(err: &serde_json::Error, path: Option<String>) -> Error {
    let full = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
    let kind = match err.classify() {
        serde_json::error::Category::Data => ErrorKind::Shape,
        _ => ErrorKind::Syntax,
    };
    let mut error = Error::new(kind, message);
    if kind == ErrorKind::Shape
        && let Some(path) = path
    {
        error = error.at(path);
    }
    if err.line() > 0 && kind == ErrorKind::Syntax {
        error = error.at_position(err.line(), err.column());
    }
    error
}

/// The format tag of a document that failed to read, when it names another format.
fn foreign_format_tag(json: &str) -> Option<String> {
    /// Only the tag: every other field is ignored.
    #[derive(serde::Deserialize)]
    struct Tag {
        format: Option<String>,
    }
    let tag: Tag = serde_json::from_str(json).ok()?;
    tag.format.filter(|format| format != TOPOLOGY_FORMAT)
}

fn unknown_format(format: &str) -> Error {
    Error::new(
        ErrorKind::Shape,
        format!(
            "unknown format `{}`: this version of SP Planner reads only `{TOPOLOGY_FORMAT}`, and a newer format cannot be read by it",
            printable(format)
        ),
    )
    .at("format")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;

    /// A valid two-server Exchange 2003 organisation; tests splice fields into it.
    fn base() -> serde_json::Value {
        serde_json::json!({
            "format": "sp-planner/topology@1",
            "name": "Contoso",
            "servers": [
                {"name": "FE1", "version": "2003", "level": "SP1", "role": "front-end", "pool": "owa"},
                {"name": "BE1", "version": "2003", "level": "SP1", "role": "back-end"}
            ],
            "clusters": [
                {"name": "CL1", "version": "2003", "level": "SP1", "mode": "active-passive",
                 "nodes": ["N1", "N2"], "virtual_servers": [{"name": "EVS1", "owner": "N1"}]}
            ],
            "update": {"service_pack": {"2003": "SP2"}}
        })
    }

    fn error_of(value: &serde_json::Value) -> (ErrorKind, String) {
        let err = Topology::from_json(&value.to_string()).unwrap_err();
        (err.kind(), err.to_string())
    }

    fn with(edit: impl FnOnce(&mut serde_json::Value)) -> (ErrorKind, String) {
        let mut value = base();
        edit(&mut value);
        error_of(&value)
    }

    #[test]
    fn the_base_document_is_valid() {
        let topology = Topology::from_json(&base().to_string()).unwrap();
        assert_eq!(topology.install_targets().unwrap(), (vec![0, 1], vec![0]));
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let err = Topology::from_json("{\n  \"name\": \"x\",\n  \"servers\": [,]\n}").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Syntax);
        assert_eq!(err.position(), Some((3, 15)));
        assert_eq!(err.to_string(), "expected value (line 3, column 15)");
        let err = Topology::from_json("{\"update\": {\"service_pack\": {}}} x").unwrap_err();
        assert_eq!((err.kind(), err.to_string()), (ErrorKind::Syntax, "trailing characters (line 1, column 34)".to_owned()));
    }

    #[test]
    fn shape_errors_name_the_field_path() {
        let (kind, message) = with(|v| v["servers"][1]["role"] = "frontend".into());
        assert_eq!(kind, ErrorKind::Shape);
        assert_eq!(
            message,
            "servers[1].role: unknown variant `frontend`, expected one of `standalone`, `front-end`, `back-end`"
        );
        let (kind, message) = with(|v| v["clusters"][0]["virtual_servers"][0]["color"] = "red".into());
        assert_eq!(kind, ErrorKind::Shape);
        assert_eq!(message, "clusters[0].virtual_servers[0].color: unknown field `color`, expected `name` or `owner`");
        let (kind, message) = with(|v| v["servers"][0]["version"] = "2007".into());
        assert_eq!(
            (kind, message.as_str()),
            (ErrorKind::Shape, "servers[0].version: unknown variant `2007`, expected one of `5.5`, `2000`, `2003`")
        );
        let (_, message) = with(|v| {
            v.as_object_mut().unwrap().remove("update");
        });
        assert_eq!(message, "missing field `update`");
    }

    #[test]
    fn rejects_other_formats() {
        let (kind, message) = with(|v| v["format"] = "sp-planner/topology@2".into());
        assert_eq!(kind, ErrorKind::Shape);
        assert_eq!(
            message,
            "format: unknown format `sp-planner/topology@2`: this version of SP Planner reads only `sp-planner/topology@1`, and a newer format cannot be read by it"
        );
    }

    #[test]
    fn names_a_newer_format_before_the_fields_it_adds() {
        let (kind, message) = with(|v| {
            v["format"] = "sp-planner/topology@2".into();
            v["site"] = "Redmond".into();
        });
        assert_eq!(kind, ErrorKind::Shape);
        assert!(message.starts_with("format: unknown format `sp-planner/topology@2`"), "{message}");
        let (_, message) = with(|v| v["site"] = "Redmond".into());
        assert!(message.contains("unknown field `site`"), "{message}");
    }

    #[test]
    fn rejects_duplicate_names_across_kinds_and_case() {
        let (kind, message) = with(|v| v["clusters"][0]["nodes"][1] = "be1".into());
        assert_eq!(kind, ErrorKind::Invalid);
        assert_eq!(
            message,
            "clusters[0].nodes[1]: duplicate name `be1`: servers[1].name has the same name (names are compared without regard to case)"
        );
        let (_, message) = with(|v| v["clusters"][0]["virtual_servers"][0]["name"] = "cl1".into());
        assert!(message.starts_with("clusters[0].virtual_servers[0].name: duplicate name `cl1`"), "{message}");
    }

    #[test]
    fn reports_the_first_name_problem_in_document_order() {
        // A duplicate before a badly formed name is reported, and the other way round.
        let (_, message) = with(|v| {
            v["clusters"][0]["nodes"][0] = "fe1".into();
            v["clusters"][0]["virtual_servers"][0]["name"] = " EVS1".into();
        });
        assert!(message.starts_with("clusters[0].nodes[0]: duplicate name `fe1`: servers[0].name"), "{message}");
        let (_, message) = with(|v| {
            v["servers"][1]["name"] = "B\u{7}E1".into();
            v["clusters"][0]["nodes"][0] = "fe1".into();
        });
        assert!(message.starts_with("servers[1].name: the name `B"), "{message}");
        // Of two duplicates, the one whose second use comes first; it names the first use.
        let (_, message) = with(|v| {
            v["clusters"][0]["virtual_servers"][0]["name"] = "Be1".into();
            v["clusters"][0]["nodes"][1] = "cl1".into();
            v["clusters"][0]["nodes"][0] = "BE1".into();
        });
        assert!(message.starts_with("clusters[0].nodes[0]: duplicate name `BE1`: servers[1].name"), "{message}");
    }

    #[test]
    fn the_ascii_fast_path_agrees_with_the_full_name_checks() {
        let long = "x".repeat(MAX_NAME_CHARS);
        let too_long = "x".repeat(MAX_NAME_CHARS + 1);
        let names = [
            "MAIL1", "fe0-1", "a", "*", "**", "", " ", "a b", " a", "a ", "\ta", "a\n", "a\u{7f}b", "a\u{b}",
            "\u{c}a", "a\rb", "ex_1.contoso", long.as_str(), too_long.as_str(), "é", "a\u{a0}", "\u{2003}a",
        ];
        for name in names {
            let fast = plain_ascii_name(name);
            let clean = name_problem(name).is_none();
            assert!(!fast || clean, "the fast path accepts {name:?}, which the full checks refuse");
            if name.is_ascii() {
                assert_eq!(fast, clean, "{name:?}");
            }
        }
    }

    #[test]
    fn rejects_bad_names() {
        let (_, message) = with(|v| v["servers"][0]["name"] = "".into());
        assert_eq!(message, "servers[0].name: the name is empty");
        let (_, message) = with(|v| v["servers"][0]["name"] = "*".into());
        assert_eq!(message, "servers[0].name: `*` is reserved for the whole organisation");
        let (_, message) = with(|v| v["servers"][0]["name"] = "A\u{7}B".into());
        assert_eq!(message, "servers[0].name: the name `A\\u{7}B` contains a control character");
        let (_, message) = with(|v| v["servers"][0]["name"] = "x".repeat(300).into());
        assert!(message.ends_with("is longer than 256 characters"), "{message}");
    }

    #[test]
    fn rejects_levels_that_do_not_exist_and_level_build_disagreements() {
        let (kind, message) = with(|v| v["servers"][0]["level"] = "SP3".into());
        assert_eq!(
            (kind, message.as_str()),
            (ErrorKind::Invalid, "servers[0].level: Exchange Server 2003 has no SP3: its last service pack is SP2")
        );
        let (_, message) = with(|v| {
            v["servers"][0].as_object_mut().unwrap().remove("level");
        });
        assert_eq!(message, "servers[0].level: give the service pack `level` or the `build` number");
        let (_, message) = with(|v| v["servers"][0]["build"] = "6.5.6944".into());
        assert_eq!(message, "servers[0].level: the level is SP1 but the build is RTM: give one of them or make them agree");
        let (kind, message) = with(|v| v["servers"][0]["build"] = "6.5.banana".into());
        assert_eq!(kind, ErrorKind::UnknownBuild);
        assert!(message.starts_with("servers[0].build: `6.5.banana` is not a build number"), "{message}");
        let (_, message) = with(|v| v["clusters"][0]["build"] = "6.0.6249".into());
        assert_eq!(message, "clusters[0].build: build 6.0.6249 is Exchange 2000 Server, but the version is Exchange Server 2003");
        let (_, message) = with(|v| v["update"] = serde_json::json!({"service_pack": {"2003": "SP3"}}));
        assert_eq!(message, "update.service_pack.2003: Exchange Server 2003 has no SP3: its last service pack is SP2");
    }

    #[test]
    fn a_matching_build_stands_in_for_the_level() {
        let mut value = base();
        value["servers"][0].as_object_mut().unwrap().remove("level");
        value["servers"][0]["build"] = "Version 6.5 (Build 7226.6)".into();
        value["servers"][1]["build"] = "6.5.7226".into();
        let topology = Topology::from_json(&value.to_string()).unwrap();
        assert_eq!(topology.servers[0].current_level().unwrap(), Level::Sp1);
    }

    #[test]
    fn rejects_cluster_shapes_that_cannot_exist() {
        let (_, message) = with(|v| v["clusters"][0]["virtual_servers"][0]["owner"] = "N3".into());
        assert_eq!(message, "clusters[0].virtual_servers[0].owner: unknown node `N3`: it is not a node of cluster `CL1`");
        let (_, message) = with(|v| v["clusters"][0]["virtual_servers"][0]["owner"] = "n1".into());
        assert!(message.ends_with("(node names are written the same way everywhere, including case)"), "{message}");
        let (_, message) = with(|v| v["clusters"][0]["nodes"] = serde_json::json!(["N1"]));
        assert_eq!(message, "clusters[0].nodes: a cluster needs at least two nodes; `CL1` has 1");
        let (_, message) = with(|v| {
            v["clusters"][0]["virtual_servers"] =
                serde_json::json!([{"name": "EVS1", "owner": "N1"}, {"name": "EVS2", "owner": "N2"}]);
        });
        assert_eq!(
            message,
            "clusters[0].virtual_servers: an active/passive cluster of 2 nodes runs at most 1 virtual server, so that one node stays passive; `CL1` has 2"
        );
        let (_, message) = with(|v| {
            v["clusters"][0]["nodes"] = serde_json::json!(["N1", "N2", "N3"]);
            v["clusters"][0]["virtual_servers"] = serde_json::json!([
                {"name": "EVS1", "owner": "N1"}, {"name": "EVS2", "owner": "N2"}, {"name": "EVS3", "owner": "N3"}
            ]);
        });
        assert_eq!(
            message,
            "clusters[0].virtual_servers: an active/passive cluster of 3 nodes runs at most 2 virtual servers, so that one node stays passive; `CL1` has 3"
        );
        let (_, message) = with(|v| {
            v["clusters"][0]["mode"] = "active-active".into();
            v["clusters"][0]["nodes"] = serde_json::json!(["N1", "N2", "N3"]);
        });
        assert_eq!(
            message,
            "clusters[0].mode: an Exchange 2003 cluster of more than two nodes must be active/passive; `CL1` has 3 nodes"
        );
        let (_, message) = with(|v| {
            v["clusters"][0]["nodes"] = serde_json::json!(["N1", "N2", "N3", "N4"]);
            v["clusters"][0]["virtual_servers"] =
                serde_json::json!([{"name": "EVS1", "owner": "N1"}, {"name": "EVS2", "owner": "N1"}]);
        });
        assert!(message.starts_with("clusters[0].virtual_servers[1].owner: node `N1` already owns a virtual server"), "{message}");
    }

    #[test]
    fn rejects_clusters_and_pools_beyond_their_limits() {
        let (_, message) = with(|v| {
            let nodes: Vec<String> = (0..9).map(|n| format!("N{n}")).collect();
            v["clusters"][0]["nodes"] = serde_json::json!(nodes);
        });
        assert_eq!(message, "clusters[0].nodes: a server cluster has at most 8 nodes; `CL1` has 9");
        let (_, message) = with(|v| {
            let servers: Vec<serde_json::Value> = (0..33)
                .map(|i| serde_json::json!({"name": format!("F{i}"), "version": "2003", "level": "SP1", "role": "front-end", "pool": "big"}))
                .collect();
            v["servers"] = serde_json::json!(servers);
        });
        assert_eq!(
            message,
            "servers[32].pool: pool `big` has more than 32 front ends; Network Load Balancing serves at most 32 hosts"
        );
    }

    #[test]
    fn rejects_a_pool_name_spelt_in_two_cases() {
        let (kind, message) = with(|v| {
            v["servers"] = serde_json::json!([
                {"name": "F1", "version": "2003", "level": "SP1", "role": "front-end", "pool": "FEPOOL"},
                {"name": "F2", "version": "2003", "level": "SP1", "role": "front-end", "pool": "FEpOOL"}
            ]);
        });
        assert_eq!(kind, ErrorKind::Invalid);
        assert_eq!(
            message,
            "servers[1].pool: pool `FEpOOL` is written `FEPOOL` elsewhere; write a pool's name the same way on every member"
        );
    }

    #[test]
    fn rejects_exchange_55_shapes() {
        let e55 = |v: &mut serde_json::Value| {
            v["servers"] = serde_json::json!([{"name": "OLD", "version": "5.5", "level": "SP3"}]);
            v["clusters"] = serde_json::json!([]);
            v["update"] = serde_json::json!({"service_pack": {"5.5": "SP4"}});
        };
        let (_, message) = with(|v| {
            e55(v);
            v["servers"][0]["role"] = "front-end".into();
        });
        assert_eq!(message, "servers[0].role: Exchange 5.5 has no front-end or back-end servers: leave the role out (standalone)");
        let (_, message) = with(|v| {
            e55(v);
            v["clusters"] = serde_json::json!([{"name": "C", "version": "5.5", "level": "SP3", "mode": "active-passive",
                "nodes": ["A", "B", "D"], "virtual_servers": [{"name": "E", "owner": "A"}]}]);
        });
        assert_eq!(message, "clusters[0].nodes: an Exchange 5.5 cluster has at most two nodes; `C` has 3");
        let (_, message) = with(|v| {
            e55(v);
            v["clusters"] = serde_json::json!([{"name": "C", "version": "5.5", "level": "SP3", "mode": "active-active",
                "nodes": ["A", "B"], "virtual_servers": [{"name": "E", "owner": "A"}]}]);
        });
        assert_eq!(message, "clusters[0].mode: Exchange 5.5 clusters are active/passive only");
    }

    #[test]
    fn rejects_pools_outside_front_ends_and_mixed_pools() {
        let (_, message) = with(|v| v["servers"][1]["pool"] = "owa".into());
        assert_eq!(message, "servers[1].pool: only a front-end server can be in a load-balanced pool");
        let (_, message) = with(|v| {
            v["servers"][1] = serde_json::json!({"name": "FE2", "version": "2000", "level": "SP2", "role": "front-end", "pool": "owa"});
        });
        assert_eq!(
            message,
            "servers[1].pool: pool `owa` mixes Exchange Server 2003 and Exchange 2000 Server front ends; a load-balanced pool runs one version"
        );
    }

    #[test]
    fn rejects_updates_that_do_not_apply() {
        let (kind, message) = with(|v| {
            v["update"] = serde_json::json!({"service_pack": {"2003": "SP1"}});
            v["servers"][0]["level"] = "SP2".into();
        });
        assert_eq!(
            (kind, message.as_str()),
            (
                ErrorKind::NotApplicable,
                "servers[0].level: the server is at Exchange Server 2003 SP2 and the update is SP1: a service pack cannot be downgraded"
            )
        );
        let (kind, message) = with(|v| v["update"] = serde_json::json!({"service_pack": {"2000": "SP3"}}));
        assert_eq!(
            (kind, message.as_str()),
            (ErrorKind::NotApplicable, "update: the update (Exchange 2000 Server SP3) applies to no server: the organisation has no server of that version")
        );
        let (_, message) = with(|v| v["update"] = serde_json::json!({"service_pack": {"2003": "SP1"}}));
        assert_eq!(
            message,
            "update: every server the update (Exchange Server 2003 SP1) applies to is already at that level: there is nothing to install"
        );
        let (kind, message) = with(|v| {
            v["update"] = serde_json::json!({"hotfix": {"id": "KB123456", "version": "2003", "requires": "SP1"}});
            v["servers"][1]["level"] = "SP2".into();
        });
        assert_eq!(
            (kind, message.as_str()),
            (
                ErrorKind::NotApplicable,
                "servers[1].level: hotfix KB123456 needs Exchange Server 2003 SP1 but the server is at SP2: bring every 2003 server to SP1 first"
            )
        );
        let (_, message) = with(|v| {
            v["update"] = serde_json::json!({"hotfix": {"id": "KB1", "version": "2000", "requires": "SP3", "updates_virtual_servers": true}});
        });
        assert_eq!(message, "update.hotfix.updates_virtual_servers: only Exchange 2003 has virtual servers to upgrade");
        let (_, message) = with(|v| v["update"] = serde_json::json!({"service_pack": {}}));
        assert_eq!(message, "update.service_pack: name a service pack for at least one version, e.g. {\"2003\": \"SP2\"}");
    }

    #[test]
    fn a_skipped_server_does_not_stop_the_update() {
        let mut value = base();
        value["servers"][1]["level"] = "SP2".into();
        let topology = Topology::from_json(&value.to_string()).unwrap();
        assert_eq!(topology.install_targets().unwrap(), (vec![0], vec![0]));
    }

    #[test]
    fn exchange_2000_sp3_needs_windows_2000_sp2() {
        let e2000 = |windows: &str| {
            let mut value = base();
            value["servers"] = serde_json::json!([{"name": "OLD", "version": "2000", "level": "SP2", "windows": windows}]);
            value["clusters"] = serde_json::json!([]);
            value["update"] = serde_json::json!({"service_pack": {"2000": "SP3"}});
            value
        };
        let (kind, message) = error_of(&e2000("2000 SP1"));
        assert_eq!(
            (kind, message.as_str()),
            (
                ErrorKind::NotApplicable,
                "servers[0].windows: Exchange 2000 SP3 needs Windows 2000 SP2 or later, and this server runs Windows 2000 SP1: update Windows first"
            )
        );
        assert!(Topology::from_json(&e2000("2000 SP2").to_string()).is_ok());
        assert!(Topology::from_json(&e2000("2003").to_string()).is_ok());
        let (_, message) = error_of(&e2000("NT4 SP6a"));
        assert!(message.contains("runs Windows NT4 SP6a"), "{message}");
        let (kind, message) = error_of(&e2000("Windows 2000"));
        assert_eq!(
            (kind, message.as_str()),
            (
                ErrorKind::Invalid,
                "servers[0].windows: `Windows 2000` is not a Windows release (expected NT4, 2000 or 2003, optionally followed by a service pack such as SP4 or SP6a)"
            )
        );
        let (_, message) = error_of(&e2000("2003 SP3"));
        assert_eq!(message, "servers[0].windows: `2003 SP3` does not exist: the last service pack of that Windows release is SP2");
        let (_, message) = error_of(&e2000("2000 SP4a"));
        assert!(message.contains("`2000 SP4a` does not exist"), "{message}");
    }

    #[test]
    fn windows_releases_order_by_release() {
        let parse = |text: &str| Windows(text.to_owned()).release().unwrap();
        assert!(parse("NT4 SP6a") > parse("NT4 SP6"));
        assert!(parse("NT4 SP6a") < parse("2000"));
        assert!(parse("2000 SP1") < WINDOWS_2000_SP2);
        assert!(parse("2000 SP4") > WINDOWS_2000_SP2);
        assert!(parse("2003") < parse("2003 SP1"));
        for bad in ["", "2000  SP4", "2000 sp4", "2000 SP", "XP", "2003 SP1 R2", "NT4 SP7"] {
            assert!(Windows(bad.to_owned()).release().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn refuses_oversized_input() {
        let big = " ".repeat(MAX_JSON_BYTES + 1);
        let err = Topology::from_json(&big).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TooLarge);
        let mut value = base();
        let servers: Vec<serde_json::Value> = (0..MAX_MACHINES + 1)
            .map(|i| serde_json::json!({"name": format!("S{i}"), "version": "2003", "level": "SP1"}))
            .collect();
        value["servers"] = servers.into();
        let err = Topology::from_json(&value.to_string()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TooLarge);
        assert_eq!(err.to_string(), "the organisation has 50003 servers and cluster nodes; the limit is 50000");
    }

    #[test]
    fn deeply_nested_input_is_an_error_not_a_crash() {
        let nested = format!("{{\"servers\": [{}{}]}}", "[".repeat(100_000), "]".repeat(100_000));
        let err = Topology::from_json(&nested).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Shape);
        let nested = format!("{{\"options\": {{\"x\": {}{}}}}}", "[".repeat(100_000), "]".repeat(100_000));
        let err = Topology::from_json(&nested).unwrap_err();
        assert_eq!(err.to_string(), "options.x: unknown field `x`, expected `front_end_pool`");
    }
}
