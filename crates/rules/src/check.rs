//! The validator: checks a step list against every rule by simulating it.
//!
//! [`parse_steps`] reads a step list; [`check`] runs it through the simulated organisation
//! (see ARCHITECTURE.md, "Step semantics") and asks every rule of [`crate::rules`] about
//! each step and about the end state. Steps that cannot be carried out at all (an unknown
//! target, a `move` without `from` or `to`, an action on the wrong kind of target) are
//! errors; steps that can be carried out but break a rule are violations in the report.
//!
//! ```
//! use sp_rules::{check, parse_steps, Topology};
//!
//! let topology: Topology = serde_json::from_str(r#"{
//!     "servers": [{"name": "MAIL1", "version": "2003", "level": "SP1"}],
//!     "update": {"service_pack": {"2003": "SP2"}}
//! }"#).unwrap();
//! let steps = parse_steps(r#"[
//!     {"n": 1, "action": "test-in-lab", "target": "*"},
//!     {"n": 2, "action": "backup", "target": "*"},
//!     {"n": 3, "action": "install", "target": "MAIL1"},
//!     {"n": 4, "action": "backup", "target": "*"}
//! ]"#).unwrap();
//! let report = check(&topology, &steps).unwrap();
//! assert!(report.ok);
//! assert_eq!(report.timeline[2].unavailable, ["MAIL1"]);
//! assert_eq!(report.totals.possible_restarts, 1);
//! ```

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::rules::{self, StepCtx};
use crate::sim::{Sim, Target};
use crate::{Action, Error, ErrorKind, PLAN_FORMAT, Plan, Restart, Severity, Step, Topology, Totals, Version};

/// The format tag of a report.
pub const REPORT_FORMAT: &str = "sp-planner/report@1";

/// One broken rule, with what it means for users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Violation {
    /// The number of the step where the rule breaks (none for the plan as a whole).
    pub step: Option<u32>,
    /// The rule id.
    pub rule: String,
    /// How much it matters here (some rules are stricter for some versions).
    pub severity: Severity,
    /// The server, node, virtual server or pool it is about (`*` for the organisation).
    pub target: String,
    /// What is wrong in this step list, naming the servers involved.
    pub message: String,
    /// What users suffer, from the rule.
    pub consequence: String,
    /// The knowledge-base section that explains the rule.
    pub kb: String,
}

/// What does not serve users while one step runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Moment {
    /// The step number.
    pub n: u32,
    /// Servers, nodes and virtual servers that are unavailable, sorted by name.
    pub unavailable: Vec<String>,
}

/// The validator's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Always [`REPORT_FORMAT`].
    pub format: String,
    /// Whether no rule is broken.
    pub ok: bool,
    /// Every broken rule, in step order; problems of the plan as a whole come last.
    pub violations: Vec<Violation>,
    /// One moment per step, in step order.
    pub timeline: Vec<Moment>,
    /// Totals over the steps.
    pub totals: Totals,
}

/// A step as a hand-edited list may give it: only the fields the validator reads.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BareStep {
    n: u32,
    action: Action,
    target: String,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
}

/// A step list wrapped in an object without a format tag.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepsDocument {
    steps: Vec<BareStep>,
}

impl From<BareStep> for Step {
    fn from(bare: BareStep) -> Step {
        let mut step = Step::bare(bare.n, bare.action, bare.target);
        step.from = bare.from;
        step.to = bare.to;
        step
    }
}

/// Turns a serde_json error into an [`Error`] with the field path and position.
fn json_error(path: String, inner: serde_json::Error) -> Error {
    let (line, column) = (inner.line(), inner.column());
    let kind = if inner.is_data() { ErrorKind::Shape } else { ErrorKind::Syntax };
    let text = inner.to_string();
    let suffix = format!(" at line {line} column {column}");
    let message = text.strip_suffix(&suffix).unwrap_or(&text).to_string();
    let mut error = Error::new(kind, message);
    if !path.is_empty() && path != "." && kind == ErrorKind::Shape {
        error = error.at(path);
    }
    if line > 0 {
        error = error.at_position(line, column);
    }
    error
}

fn from_json<T: DeserializeOwned>(json: &str) -> Result<T, Error> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        json_error(path, err.into_inner())
    })?;
    deserializer.end().map_err(|err| json_error(String::new(), err))?;
    Ok(value)
}

/// Reads a step list: a whole plan document (with its `format` tag), a bare JSON array of
/// steps, or an object `{"steps": [...]}`. Outside a plan document a step may hold only
/// `n`, `action`, `target`, `from` and `to`; any other field is an error naming its path.
pub fn parse_steps(json: &str) -> Result<Vec<Step>, Error> {
    let value: serde_json::Value = from_json(json)?;
    match &value {
        serde_json::Value::Array(_) => {
            let steps: Vec<BareStep> = from_json(json)?;
            Ok(steps.into_iter().map(Step::from).collect())
        }
        serde_json::Value::Object(fields) => match fields.get("format") {
            Some(serde_json::Value::String(format)) if format == PLAN_FORMAT => {
                let plan: Plan = from_json(json)?;
                Ok(plan.steps)
            }
            Some(format) => Err(Error::new(
                ErrorKind::Shape,
                format!("unknown format {format}, expected \"{PLAN_FORMAT}\""),
            )
            .at("format")),
            None => {
                let document: StepsDocument = from_json(json)?;
                Ok(document.steps.into_iter().map(Step::from).collect())
            }
        },
        _ => Err(Error::new(
            ErrorKind::Shape,
            "expected a plan, an array of steps or an object with `steps`",
        )),
    }
}

/// The error for step `pos` (numbered `n`) at `field`.
fn bad_step(pos: usize, step: &Step, field: &str, message: impl AsRef<str>) -> Error {
    Error::new(ErrorKind::BadStep, format!("step {}: {}", step.n, message.as_ref())).at(format!("steps[{pos}].{field}"))
}

/// The kind of thing a target is, in words.
fn kind_of(target: Target) -> &'static str {
    match target {
        Target::All => "the whole organisation",
        Target::Server(_) => "a server",
        Target::Cluster(_) => "a cluster",
        Target::Node(_) => "a cluster node",
        Target::Evs(_) => "a virtual server",
    }
}

/// A step with its names resolved.
struct Resolved {
    target: Target,
    from: Option<usize>,
    to: Option<usize>,
}

/// Resolves the names of a step and checks that they fit its action.
fn resolve(sim: &Sim<'_>, pos: usize, step: &Step) -> Result<Resolved, Error> {
    let target = sim
        .lookup(&step.target)
        .ok_or_else(|| bad_step(pos, step, "target", format!("unknown target `{}`", step.target)))?;
    let action = step.action;
    let fits = match action {
        Action::TestInLab => matches!(target, Target::All),
        Action::Backup | Action::Verify => true,
        Action::TakeOffline | Action::BringOnline => matches!(target, Target::Server(_) | Target::Evs(_)),
        Action::Install | Action::Restart => matches!(target, Target::Server(_) | Target::Node(_)),
        Action::StopClusterService | Action::StartClusterService => matches!(target, Target::Node(_)),
        Action::Move | Action::UpgradeVirtualServer => matches!(target, Target::Evs(_)),
        Action::RunPerformanceOptimizer => {
            matches!(target, Target::Server(_) | Target::Node(_)) && sim.version(target) == Some(Version::V55)
        }
    };
    if !fits {
        let what = if action == Action::RunPerformanceOptimizer && matches!(target, Target::Server(_) | Target::Node(_)) {
            "an Exchange 2000 or 2003 computer".to_string()
        } else {
            kind_of(target).to_string()
        };
        return Err(bad_step(
            pos,
            step,
            "target",
            format!("`{action}` cannot act on `{}`, which is {what}", step.target),
        ));
    }
    if let Target::Evs(id) = target
        && action == Action::UpgradeVirtualServer
        && !sim.cluster(sim.evs(id).cluster).upgrades_evs
    {
        return Err(bad_step(
            pos,
            step,
            "target",
            format!(
                "the update does not upgrade virtual server `{}`: only Exchange 2003 service packs and hotfixes that update virtual servers do",
                step.target
            ),
        ));
    }
    if action != Action::Move {
        for (field, value) in [("from", &step.from), ("to", &step.to)] {
            if value.is_some() {
                return Err(bad_step(pos, step, field, format!("`{field}` is only for `move` steps")));
            }
        }
        return Ok(Resolved { target, from: None, to: None });
    }
    let node = |field: &str, value: &Option<String>| -> Result<usize, Error> {
        let Some(name) = value else {
            return Err(bad_step(pos, step, field, format!("a `move` needs `{field}`")));
        };
        match sim.lookup(name) {
            Some(Target::Node(id)) => Ok(id),
            Some(other) => Err(bad_step(pos, step, field, format!("`{name}` is {}, not a cluster node", kind_of(other)))),
            None => Err(bad_step(pos, step, field, format!("unknown node `{name}`"))),
        }
    };
    let from = node("from", &step.from)?;
    let to = node("to", &step.to)?;
    Ok(Resolved { target, from: Some(from), to: Some(to) })
}

/// The restart predicted for an `install` on `target` (rule `restart-expectation`).
pub(crate) fn predicted_restart(sim: &Sim<'_>, target: Target) -> Restart {
    match target {
        Target::Server(id) => {
            let server = sim.server(id);
            match (server.version, server.remote) {
                (Version::V55, _) => Restart::None,
                (_, true) => Restart::Likely,
                (_, false) => Restart::Possible,
            }
        }
        _ => Restart::None,
    }
}

/// Simulates `steps` on `topology` and reports every broken rule, what is unavailable at
/// each step and the totals.
///
/// `topology` should have been checked by [`Topology::from_json`]; a topology that was not
/// (duplicate names, unknown owners) gives an error, never a panic. This function does not
/// call the planner.
pub fn check(topology: &Topology, steps: &[Step]) -> Result<Report, Error> {
    let mut sim = Sim::new(topology)?;
    let mut violations = Vec::new();
    let mut timeline = Vec::with_capacity(steps.len());
    let mut totals = Totals { steps: u32::try_from(steps.len()).unwrap_or(u32::MAX), ..Totals::default() };
    for (pos, step) in steps.iter().enumerate() {
        let resolved = resolve(&sim, pos, step)?;
        let ctx = StepCtx { sim: &sim, step, target: resolved.target, from: resolved.from, to: resolved.to };
        rules::on_step(&ctx, &mut violations);

        // What is unavailable during the step besides what is down after it: the target
        // when it was down before (a `bring-online` or `start-cluster-service` step), a
        // server being installed or restarted, and an online virtual server being moved.
        let mut extra: Option<Target> = None;
        let target = resolved.target;
        match step.action {
            Action::Install | Action::Restart if matches!(target, Target::Server(_)) => extra = Some(target),
            Action::Move if !sim.is_down(target) => extra = Some(target),
            _ if sim.is_down(target) => extra = Some(target),
            _ => {}
        }
        if step.action == Action::Install {
            match predicted_restart(&sim, target) {
                Restart::Possible => totals.possible_restarts += 1,
                Restart::Likely => totals.likely_restarts += 1,
                Restart::None => {}
            }
        }
        if step.action == Action::Move {
            totals.evs_moves += 1;
        }

        sim.apply(pos, step, target, resolved.to);

        let extra = extra.filter(|t| !sim.is_down(*t));
        let mut unavailable: Vec<String> = Vec::with_capacity(sim.down().len() + 1);
        let extra_name = extra.map(|t| sim.name(t));
        let mut pending = extra_name;
        for name in sim.down() {
            if let Some(first) = pending.filter(|first| *first < *name) {
                unavailable.push(first.to_string());
                pending = None;
            }
            unavailable.push((*name).to_string());
        }
        if let Some(last) = pending {
            unavailable.push(last.to_string());
        }
        timeline.push(Moment { n: step.n, unavailable });

        let (mut front_end, mut pool, mut evs) = (sim.front_ends_down > 0, sim.pools_down > 0, sim.evs_offline > 0);
        match extra {
            Some(Target::Server(id)) => {
                let server = sim.server(id);
                front_end |= server.role == crate::Role::FrontEnd;
                if let Some(p) = server.pool {
                    let state = sim.pool(p);
                    pool |= state.down + 1 == state.members;
                }
            }
            Some(Target::Evs(_)) => evs = true,
            _ => {}
        }
        totals.front_end_outage_steps += u32::from(front_end);
        totals.pool_outage_steps += u32::from(pool);
        totals.evs_offline_steps += u32::from(evs);
    }
    rules::at_end(&sim, &mut violations);
    violations.sort_by_key(|v| v.step.map_or(u64::MAX, u64::from));
    Ok(Report {
        format: REPORT_FORMAT.to_string(),
        ok: violations.is_empty(),
        violations,
        timeline,
        totals,
    })
}
