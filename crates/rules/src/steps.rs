//! Plans and steps: the `sp-planner/plan@1` format.
//!
//! A [`Plan`] is what the planner writes and what the validator reads. The validator
//! needs only `n`, `action`, `target`, `from` and `to` of each step, so every other
//! field may be left out of a hand-edited step list.

use std::borrow::Cow;
use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::names::{Name, Names};
use crate::planner::Sentence;
use crate::rules::RULES;

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
///
/// Names are shared [`Name`]s and lists of names shared [`Names`], so that a plan of
/// thousands of steps copies no text; the sentence is written when it is read
/// ([`Step::text`]) or serialised. In JSON every field is a plain string or list of strings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The step number, from 1.
    pub n: u32,
    /// The phase the step belongs to (an id from [`Plan::phases`]), borrowed from the
    /// planner's constants or owned when read from JSON.
    #[serde(default)]
    pub phase: Cow<'static, str>,
    /// What the step does.
    pub action: Action,
    /// The server, node or virtual server acted on.
    pub target: Name,
    /// For `move`: the node the virtual server leaves.
    #[serde(default)]
    pub from: Option<Name>,
    /// For `move`: the node the virtual server goes to.
    #[serde(default)]
    pub to: Option<Name>,
    /// The ids of the rules that put this step here.
    #[serde(default)]
    pub rules: RuleIds,
    /// The knowledge-base section that explains the step (a section anchor), borrowed from
    /// the planner's constants or owned when read from JSON.
    #[serde(default)]
    pub kb: Cow<'static, str>,
    /// Whether a restart is expected.
    #[serde(default)]
    pub restart: Restart,
    /// What is out of service while the step runs, sorted by name.
    #[serde(default)]
    pub unavailable: Names,
    /// The step in one sentence, for people; read it with [`Step::text`].
    #[serde(default)]
    pub text: Text,
}

impl Step {
    /// A bare step with only the fields the validator reads.
    pub fn bare(n: u32, action: Action, target: impl Into<Name>) -> Step {
        Step {
            n,
            phase: Cow::Borrowed(""),
            action,
            target: target.into(),
            from: None,
            to: None,
            rules: RuleIds::default(),
            kb: Cow::Borrowed(""),
            restart: Restart::None,
            unavailable: Names::new(),
            text: Text::default(),
        }
    }

    /// The step in one sentence, for people (empty when the step has none).
    pub fn text(&self) -> Cow<'_, str> {
        match &self.text.0 {
            TextRepr::Given(text) => Cow::Borrowed(text),
            TextRepr::Planned(sentence) => {
                let mut out = String::with_capacity(160);
                sentence.write(self, &mut out);
                Cow::Owned(out)
            }
        }
    }
}

impl PartialEq for Step {
    fn eq(&self, other: &Step) -> bool {
        self.n == other.n
            && self.phase == other.phase
            && self.action == other.action
            && self.target == other.target
            && self.from == other.from
            && self.to == other.to
            && self.rules == other.rules
            && self.kb == other.kb
            && self.restart == other.restart
            && self.unavailable == other.unavailable
            && (self.text == other.text || self.text() == other.text())
    }
}

impl Eq for Step {}

impl Serialize for Step {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Step", 11)?;
        out.serialize_field("n", &self.n)?;
        if self.phase.is_empty() {
            out.skip_field("phase")?;
        } else {
            out.serialize_field("phase", &self.phase)?;
        }
        out.serialize_field("action", &self.action)?;
        out.serialize_field("target", &self.target)?;
        match &self.from {
            Some(from) => out.serialize_field("from", from)?,
            None => out.skip_field("from")?,
        }
        match &self.to {
            Some(to) => out.serialize_field("to", to)?,
            None => out.skip_field("to")?,
        }
        if self.rules.is_empty() {
            out.skip_field("rules")?;
        } else {
            out.serialize_field("rules", &self.rules)?;
        }
        if self.kb.is_empty() {
            out.skip_field("kb")?;
        } else {
            out.serialize_field("kb", &self.kb)?;
        }
        out.serialize_field("restart", &self.restart)?;
        if self.unavailable.is_empty() {
            out.skip_field("unavailable")?;
        } else {
            out.serialize_field("unavailable", &self.unavailable)?;
        }
        if self.text.is_empty() {
            out.skip_field("text")?;
        } else {
            out.serialize_field("text", &self.text())?;
        }
        out.end()
    }
}

/// The sentence of a step: given as a string, or written by the planner from the step's
/// names when it is read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text(TextRepr);

#[derive(Debug, Clone, PartialEq, Eq)]
enum TextRepr {
    Given(String),
    Planned(Sentence),
}

impl Default for TextRepr {
    fn default() -> TextRepr {
        TextRepr::Given(String::new())
    }
}

impl Text {
    /// Whether there is no sentence.
    pub fn is_empty(&self) -> bool {
        match &self.0 {
            TextRepr::Given(text) => text.is_empty(),
            TextRepr::Planned(_) => false,
        }
    }

    /// The planner's sentence.
    pub(crate) fn planned(sentence: Sentence) -> Text {
        Text(TextRepr::Planned(sentence))
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(TextRepr::Given(text))
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text(TextRepr::Given(text.to_owned()))
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        String::deserialize(deserializer).map(Text::from)
    }
}

/// The ids of the rules a step cites, in the order it cites them.
///
/// The planner cites the registry's rules by position, without copying their ids; a step
/// read from JSON keeps the strings it was given. In JSON it is a list of strings.
#[derive(Clone, Default)]
pub struct RuleIds(RuleRepr);

/// How many rules a planned step cites at most.
const MAX_CITED: usize = 7;

#[derive(Clone)]
enum RuleRepr {
    /// Positions in [`RULES`].
    Cited { ids: [u8; MAX_CITED], len: u8 },
    Given(Vec<String>),
}

impl Default for RuleRepr {
    fn default() -> RuleRepr {
        RuleRepr::Cited { ids: [0; MAX_CITED], len: 0 }
    }
}

impl RuleIds {
    /// The rules at `positions` of [`RULES`] (at most seven; any more are left out).
    pub(crate) fn cite(positions: &[u8]) -> RuleIds {
        let mut ids = [0; MAX_CITED];
        let mut len = 0;
        for (slot, id) in ids.iter_mut().zip(positions) {
            *slot = *id;
            len += 1;
        }
        RuleIds(RuleRepr::Cited { ids, len })
    }

    /// The ids, in order.
    pub fn iter(&self) -> RuleIdIter<'_> {
        match &self.0 {
            RuleRepr::Cited { ids, len } => {
                RuleIdIter::Cited(ids.get(..usize::from(*len)).unwrap_or_default().iter())
            }
            RuleRepr::Given(ids) => RuleIdIter::Given(ids.iter()),
        }
    }

    /// How many ids there are.
    pub fn len(&self) -> usize {
        match &self.0 {
            RuleRepr::Cited { len, .. } => usize::from(*len),
            RuleRepr::Given(ids) => ids.len(),
        }
    }

    /// Whether there is no id.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds an id at the end.
    pub fn push(&mut self, id: impl Into<String>) {
        if let RuleRepr::Cited { .. } = self.0 {
            self.0 = RuleRepr::Given(self.iter().map(str::to_owned).collect());
        }
        if let RuleRepr::Given(ids) = &mut self.0 {
            ids.push(id.into());
        }
    }
}

/// The ids of a [`RuleIds`], in order.
#[derive(Debug, Clone)]
pub enum RuleIdIter<'a> {
    /// Ids cited by position in the registry.
    #[doc(hidden)]
    Cited(std::slice::Iter<'a, u8>),
    /// Ids given as strings.
    #[doc(hidden)]
    Given(std::slice::Iter<'a, String>),
}

impl<'a> Iterator for RuleIdIter<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            RuleIdIter::Cited(ids) => {
                let id = ids.next()?;
                Some(RULES.get(usize::from(*id)).map_or("", |rule| rule.id))
            }
            RuleIdIter::Given(ids) => ids.next().map(String::as_str),
        }
    }
}

impl<'a> IntoIterator for &'a RuleIds {
    type Item = &'a str;
    type IntoIter = RuleIdIter<'a>;

    fn into_iter(self) -> RuleIdIter<'a> {
        self.iter()
    }
}

impl<S: Into<String>> FromIterator<S> for RuleIds {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> RuleIds {
        RuleIds(RuleRepr::Given(iter.into_iter().map(Into::into).collect()))
    }
}

impl fmt::Debug for RuleIds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for RuleIds {
    fn eq(&self, other: &RuleIds) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for RuleIds {}

impl<S: AsRef<str>> PartialEq<[S]> for RuleIds {
    fn eq(&self, other: &[S]) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == b.as_ref())
    }
}

impl<S: AsRef<str>, const N: usize> PartialEq<[S; N]> for RuleIds {
    fn eq(&self, other: &[S; N]) -> bool {
        *self == other[..]
    }
}

impl Serialize for RuleIds {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for RuleIds {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RuleIds, D::Error> {
        Vec::<String>::deserialize(deserializer).map(|ids| RuleIds(RuleRepr::Given(ids)))
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
