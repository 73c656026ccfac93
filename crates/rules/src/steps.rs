//! Plans and steps: the `sp-planner/plan@1` format.
//!
//! A [`Plan`] is what the planner writes and what the validator reads. The validator
//! needs only `n`, `action`, `target`, `from` and `to` of each step, so every other
//! field may be left out of a hand-edited step list.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The format tag of a plan document.
pub const PLAN_FORMAT: &str = "sp-planner/plan@1";

/// What a step does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Take a full backup of the target (a server, a node, a virtual server or `*` for all).
    Backup,
    /// Apply the update to a copy of the organisation in a laboratory first.
    TestInLab,
    /// Take a server out of service (out of the load balancer) or a virtual server offline.
    TakeOffline,
    /// Run the service pack or hotfix Setup on a server or node.
    Install,
    /// Restart a server.
    Restart,
    /// Put a server back into service, or bring a virtual server online.
    BringOnline,
    /// Move a virtual server (its cluster group) from one node to another.
    Move,
    /// Stop the Cluster service on a node.
    StopClusterService,
    /// Start the Cluster service on a node.
    StartClusterService,
    /// Run "Upgrade Exchange Virtual Server" in Cluster Administrator.
    UpgradeVirtualServer,
    /// Run Performance Optimizer (Perfwiz.exe) on an Exchange 5.5 server or node.
    RunPerformanceOptimizer,
    /// Check the version, the event logs and client access on the target.
    Verify,
}

impl Action {
    /// Every action, in declaration order.
    pub const ALL: [Action; 12] = [
        Action::Backup,
        Action::TestInLab,
        Action::TakeOffline,
        Action::Install,
        Action::Restart,
        Action::BringOnline,
        Action::Move,
        Action::StopClusterService,
        Action::StartClusterService,
        Action::UpgradeVirtualServer,
        Action::RunPerformanceOptimizer,
        Action::Verify,
    ];

    /// The kebab-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Backup => "backup",
            Action::TestInLab => "test-in-lab",
            Action::TakeOffline => "take-offline",
            Action::Install => "install",
            Action::Restart => "restart",
            Action::BringOnline => "bring-online",
            Action::Move => "move",
            Action::StopClusterService => "stop-cluster-service",
            Action::StartClusterService => "start-cluster-service",
            Action::UpgradeVirtualServer => "upgrade-virtual-server",
            Action::RunPerformanceOptimizer => "run-performance-optimizer",
            Action::Verify => "verify",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a step is expected to need a computer restart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Restart {
    /// No restart.
    #[default]
    None,
    /// Setup may ask for a restart.
    Possible,
    /// Setup will very likely ask for a restart (for example over Terminal Services).
    Likely,
}

/// One step of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The step number, from 1.
    pub n: u32,
    /// The phase the step belongs to (an id from [`Plan::phases`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phase: String,
    /// What the step does.
    pub action: Action,
    /// The server, node or virtual server acted on.
    pub target: String,
    /// For `move`: the node the virtual server leaves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// For `move`: the node the virtual server goes to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The ids of the rules that put this step here. The planner cites the registry's own
    /// ids without copying them; a step list read from JSON owns its strings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Cow<'static, str>>,
    /// The knowledge-base section that explains the step (a section anchor), borrowed from
    /// the planner's constants or owned when read from JSON.
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub kb: Cow<'static, str>,
    /// Whether a restart is expected.
    #[serde(default)]
    pub restart: Restart,
    /// What is out of service while the step runs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unavailable: Vec<String>,
    /// The step in one sentence, for people.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

impl Step {
    /// A bare step with only the fields the validator reads.
    pub fn bare(n: u32, action: Action, target: impl Into<String>) -> Step {
        Step {
            n,
            phase: String::new(),
            action,
            target: target.into(),
            from: None,
            to: None,
            rules: Vec::new(),
            kb: Cow::Borrowed(""),
            restart: Restart::None,
            unavailable: Vec::new(),
            text: String::new(),
        }
    }
}

/// A group of steps with one purpose, such as "Front-end servers".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// A stable kebab-case id, unique within the plan.
    pub id: String,
    /// The phase title, for people.
    pub title: String,
}

/// How important a rule, a warning or a violation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Advice: breaking it costs something but is not wrong in itself.
    Recommended,
    /// Breaking it breaks the upgrade or client access.
    Required,
}

/// Something the user should know that is not a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    /// The rule that raises it.
    pub rule: String,
    /// How much it matters.
    pub severity: Severity,
    /// The server, node, cluster or pool it is about (empty for the whole organisation).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub target: String,
    /// The warning, for people.
    pub message: String,
    /// The knowledge-base section that explains it.
    pub kb: String,
}

/// Totals over a plan, for the timeline and for comparing two orders.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Totals {
    /// Number of steps.
    pub steps: u32,
    /// Number of virtual server moves.
    pub evs_moves: u32,
    /// Number of steps during which at least one front-end server is out of service.
    pub front_end_outage_steps: u32,
    /// Number of steps during which a whole load-balanced pool is out of service.
    pub pool_outage_steps: u32,
    /// Number of steps during which at least one virtual server is offline.
    pub evs_offline_steps: u32,
    /// Number of steps that may need a restart.
    pub possible_restarts: u32,
    /// Number of steps that will likely need a restart.
    pub likely_restarts: u32,
}

/// An ordered roll-out plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Always [`PLAN_FORMAT`].
    pub format: String,
    /// The organisation's name.
    #[serde(default)]
    pub organisation: String,
    /// The update, in words ("Exchange Server 2003 SP2").
    #[serde(default)]
    pub update: String,
    /// The phases, in order.
    #[serde(default)]
    pub phases: Vec<Phase>,
    /// The steps, in order, numbered from 1.
    pub steps: Vec<Step>,
    /// Things to know that are not steps.
    #[serde(default)]
    pub warnings: Vec<Warning>,
    /// Totals over the plan.
    #[serde(default)]
    pub totals: Totals,
}
