//! The organisation as the user describes it: the `sp-planner/topology@1` format.
//!
//! These types are what JSON deserialises into. They are checked by
//! [`crate::Topology::from_json`], which turns every inconsistency (duplicate names,
//! unknown nodes, an update that does not apply) into an [`crate::Error`].

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The format tag of a topology document.
pub const TOPOLOGY_FORMAT: &str = "sp-planner/topology@1";

/// An Exchange organisation and the update to roll out across it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topology {
    /// Optional format tag; when present it must be [`TOPOLOGY_FORMAT`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// A name for the organisation, shown in plans.
    #[serde(default)]
    pub name: String,
    /// Servers that are not cluster nodes.
    #[serde(default)]
    pub servers: Vec<Server>,
    /// Server clusters running Exchange virtual servers.
    #[serde(default)]
    pub clusters: Vec<Cluster>,
    /// The service pack or hotfix to apply.
    pub update: Update,
    /// Choices where the sources disagree.
    #[serde(default, skip_serializing_if = "Options::is_default")]
    pub options: Options,
}

/// An Exchange release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Version {
    /// Exchange Server 5.5.
    #[serde(rename = "5.5")]
    V55,
    /// Exchange 2000 Server.
    #[serde(rename = "2000")]
    V2000,
    /// Exchange Server 2003.
    #[serde(rename = "2003")]
    V2003,
}

impl Version {
    /// Every version, oldest first.
    pub const ALL: [Version; 3] = [Version::V55, Version::V2000, Version::V2003];

    /// The short name used in JSON (`"5.5"`, `"2000"`, `"2003"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V55 => "5.5",
            Version::V2000 => "2000",
            Version::V2003 => "2003",
        }
    }

    /// The product name, as people write it.
    pub fn product(self) -> &'static str {
        match self {
            Version::V55 => "Exchange Server 5.5",
            Version::V2000 => "Exchange 2000 Server",
            Version::V2003 => "Exchange Server 2003",
        }
    }

    /// The highest service pack released for this version.
    pub fn last_level(self) -> Level {
        match self {
            Version::V55 => Level::Sp4,
            Version::V2000 => Level::Sp3,
            Version::V2003 => Level::Sp2,
        }
    }

    /// Whether `level` exists for this version.
    pub fn has_level(self, level: Level) -> bool {
        level <= self.last_level()
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A service pack level: the original release or a numbered service pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Level {
    /// The original release.
    #[serde(rename = "RTM")]
    Rtm,
    /// Service Pack 1.
    #[serde(rename = "SP1")]
    Sp1,
    /// Service Pack 2.
    #[serde(rename = "SP2")]
    Sp2,
    /// Service Pack 3.
    #[serde(rename = "SP3")]
    Sp3,
    /// Service Pack 4.
    #[serde(rename = "SP4")]
    Sp4,
}

impl Level {
    /// The short name used in JSON (`"RTM"`, `"SP1"` …).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Rtm => "RTM",
            Level::Sp1 => "SP1",
            Level::Sp2 => "SP2",
            Level::Sp3 => "SP3",
            Level::Sp4 => "SP4",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a non-clustered server does in the organisation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// A server that holds mailboxes and serves its own clients.
    #[default]
    Standalone,
    /// A front-end server that relays client protocols to back-end servers.
    FrontEnd,
    /// A back-end server that holds the mailboxes behind the front ends.
    BackEnd,
}

impl Role {
    fn is_default(&self) -> bool {
        *self == Role::Standalone
    }
}

/// A Windows release and service pack, for prerequisite checks.
///
/// Written as `"NT4 SP6a"`, `"2000 SP4"`, `"2003 SP1"` or `"2003"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Windows(pub String);

/// A server that is not a cluster node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    /// The computer name; unique across servers, nodes and virtual servers.
    pub name: String,
    /// The Exchange version installed.
    pub version: Version,
    /// The installed service pack level; give this or `build`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// The build number as shown in the server's properties, e.g. `"6.5.7226"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build: Option<String>,
    /// Front end, back end or neither.
    #[serde(default, skip_serializing_if = "Role::is_default")]
    pub role: Role,
    /// The load-balanced front-end pool this server belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool: Option<String>,
    /// Small Business Server edition.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sbs: bool,
    /// The update is run over a Terminal Services session.
    #[serde(default, skip_serializing_if = "is_false")]
    pub remote: bool,
    /// The Windows release on the server, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub windows: Option<Windows>,
}

/// How the virtual servers of a cluster are spread over its nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClusterMode {
    /// One or more nodes stand idle, ready to take over.
    ActivePassive,
    /// Every node runs a virtual server.
    ActiveActive,
}

/// A server cluster running Exchange virtual servers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cluster {
    /// The cluster name.
    pub name: String,
    /// The Exchange version installed on every node.
    pub version: Version,
    /// The installed service pack level of every node; give this or `build`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// The build number of every node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build: Option<String>,
    /// Active/passive or active/active.
    pub mode: ClusterMode,
    /// The node computer names.
    pub nodes: Vec<String>,
    /// The Exchange virtual servers and the node that owns each.
    #[serde(default)]
    pub virtual_servers: Vec<VirtualServer>,
    /// The update is run over a Terminal Services session.
    #[serde(default, skip_serializing_if = "is_false")]
    pub remote: bool,
    /// The Windows release on the nodes, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub windows: Option<Windows>,
}

/// An Exchange virtual server (EVS): a cluster group that moves between nodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VirtualServer {
    /// The virtual server name.
    pub name: String,
    /// The node that owns it now.
    pub owner: String,
}

/// The update to roll out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum Update {
    /// A service pack per version; versions not named are left alone.
    ServicePack(BTreeMap<Version, Level>),
    /// One hotfix for one version.
    Hotfix(Hotfix),
}

/// A hotfix for one Exchange version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hotfix {
    /// The hotfix article number, e.g. `"KB893624"`.
    pub id: String,
    /// The version it applies to.
    pub version: Version,
    /// The service pack level it requires.
    pub requires: Level,
    /// For Exchange 2003 clusters: whether the virtual servers must be upgraded after the
    /// nodes (hotfixes that change the build of the virtual server's data do).
    #[serde(default, skip_serializing_if = "is_false")]
    pub updates_virtual_servers: bool,
}

/// Choices where the sources disagree.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// How a load-balanced Exchange 2003 front-end pool is taken through the update.
    #[serde(default)]
    pub front_end_pool: PoolStrategy,
}

impl Options {
    fn is_default(&self) -> bool {
        *self == Options::default()
    }
}

/// How a load-balanced front-end pool is upgraded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PoolStrategy {
    /// All front ends of the pool out of service at once, upgraded, back together
    /// (KB 328839). No mixed versions, but a front-end outage.
    #[default]
    Together,
    /// One front end at a time out of the load balancer. No outage, but mobile clients
    /// may see synchronization key errors while versions are mixed.
    Rolling,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// What the update does to a server or cluster at its current level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Disposition {
    /// The update is installed on it.
    Install,
    /// It is already at the service pack level the update brings: it is skipped.
    AlreadyAtTarget,
    /// The update does not name its version: it is left alone.
    NotTargeted,
}

/// A Windows family, oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WindowsFamily {
    /// Windows NT 4.0.
    Nt4,
    /// Windows 2000.
    W2000,
    /// Windows Server 2003.
    W2003,
}

/// A parsed [`Windows`] string: family, service pack and the `a` suffix of `SP6a`.
///
/// The derived order follows release order, so `"2000 SP2" < "2000 SP4" < "2003"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WindowsRelease {
    /// The Windows family.
    pub family: WindowsFamily,
    /// The service pack number, 0 for none.
    pub service_pack: u8,
    /// Whether the service pack carries the `a` suffix (`NT4 SP6a`).
    pub revised: bool,
}
