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
use crate::sim::{HashSlots, Sim, Target};
use crate::{
    Action, Error, ErrorKind, Name, Names, PLAN_FORMAT, Plan, Restart, Severity, Step, Topology, Totals, Validated,
    Version,
};

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
    pub unavailable: Names,
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
    target: Name,
    #[serde(default)]
    from: Option<Name>,
    #[serde(default)]
    to: Option<Name>,
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

/// The names a step list has resolved, by their shared text: the planner's steps share one
/// text for all their names, so a name seen before costs no second look-up.
#[derive(Debug, Default)]
struct Resolutions {
    table: HashSlots,
    /// Each name's key (see [`Name::view_key`]) and what it names.
    known: Vec<((usize, u32, u32), Target)>,
}

impl Resolutions {
    fn lookup(&mut self, sim: &Sim<'_>, name: &Name) -> Option<Target> {
        if let Some(target) = sim.hinted(name) {
            return Some(target);
        }
        let key = name.view_key();
        let hash = ((key.0 as u64) ^ (u64::from(key.1) << 32) ^ u64::from(key.2)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let hash = hash ^ (hash >> 29);
        let known = &self.known;
        if let Some(k) = self.table.find(hash, |k| known.get(k).is_some_and(|(seen, _)| *seen == key)) {
            return known.get(k).map(|(_, target)| *target);
        }
        let target = sim.lookup(name)?;
        self.known.push((key, target));
        self.table.push(hash);
        Some(target)
    }
}

/// Resolves the names of a step and checks that they fit its action.
fn resolve(sim: &Sim<'_>, known: &mut Resolutions, pos: usize, step: &Step) -> Result<Resolved, Error> {
    let target = known
        .lookup(sim, &step.target)
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
    let mut node = |field: &str, value: &Option<Name>| -> Result<usize, Error> {
        let Some(name) = value else {
            return Err(bad_step(pos, step, field, format!("a `move` needs `{field}`")));
        };
        match known.lookup(sim, name) {
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

/// Adds one step's outages to the totals: a front end, a whole pool or a virtual server
/// unavailable during the step.
fn count_outages(sim: &Sim<'_>, extra: Option<Target>, totals: &mut Totals) {
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

/// Simulates `steps` on `topology` and reports every broken rule, what is unavailable at
/// each step and the totals.
///
/// `topology` should have been checked by [`Topology::from_json`]; a topology that was not
/// (duplicate names, unknown owners) gives an error, never a panic. This function does not
/// call the planner. [`Validated::check`] checks a topology validated before, without
/// indexing its names again.
pub fn check(topology: &Topology, steps: &[Step]) -> Result<Report, Error> {
    simulate(Sim::new(topology)?, steps)
}

/// Checks `steps` on a topology validated before ([`Validated::check`]).
pub(crate) fn check_validated(validated: &Validated, steps: &[Step]) -> Result<Report, Error> {
    simulate(Sim::validated(validated.topology(), validated.facts())?, steps)
}

/// Runs `steps` through the simulated organisation and asks every rule about them.
fn simulate(mut sim: Sim<'_>, steps: &[Step]) -> Result<Report, Error> {
    let mut violations = Vec::new();
    let mut timeline = Vec::with_capacity(steps.len());
    let mut totals = Totals { steps: u32::try_from(steps.len()).unwrap_or(u32::MAX), ..Totals::default() };
    let mut known = Resolutions::default();
    for (pos, step) in steps.iter().enumerate() {
        let resolved = resolve(&sim, &mut known, pos, step)?;
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
        timeline.push(Moment { n: step.n, unavailable: sim.unavailable(extra, &step.unavailable) });
        count_outages(&sim, extra, &mut totals);
    }
    rules::at_end(&sim, &mut violations);
    crate::order::sort_stable(&mut violations, &|a, b| a.step.map_or(u64::MAX, u64::from).cmp(&b.step.map_or(u64::MAX, u64::from)));
    Ok(Report {
        format: REPORT_FORMAT.to_string(),
        ok: violations.is_empty(),
        violations,
        timeline,
        totals,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use expect_test::{Expect, expect};

    use super::*;
    use crate::rules::test_support::{self, CLUSTER_2003, CLUSTER_2003_STEPS, FRONT_BACK_2003};

    /// Renders `parse_steps(json)`: the steps as `n action target from to`, or the error
    /// with its kind, path and position.
    fn check_parse(json: &str, expect: Expect) {
        let out = match parse_steps(json) {
            Ok(steps) => steps
                .iter()
                .map(|s| format!("{} {} {} {:?} {:?}\n", s.n, s.action, s.target, s.from, s.to))
                .collect::<String>(),
            Err(err) => format!("{:?} {:?} {:?}: {}\n", err.kind(), err.path(), err.position(), err.message()),
        };
        expect.assert_eq(&out);
    }

    #[test]
    fn reads_the_three_forms() {
        check_parse(
            r#"[{"n": 1, "action": "backup", "target": "*"}, {"n": 2, "action": "move", "target": "EVS1", "from": "N1", "to": "N2"}]"#,
            expect![[r#"
                1 backup * None None
                2 move EVS1 Some("N1") Some("N2")
            "#]],
        );
        check_parse(r#"{"steps": [{"n": 1, "action": "install", "target": "MAIL1"}]}"#, expect![[r#"
            1 install MAIL1 None None
        "#]]);
        check_parse(
            r#"{"format": "sp-planner/plan@1", "steps": [{"n": 1, "phase": "prepare", "action": "test-in-lab", "target": "*", "rules": ["lab-test-first"], "kb": "lab-testing", "restart": "none", "text": "Test it."}]}"#,
            expect![[r#"
                1 test-in-lab * None None
            "#]],
        );
    }

    #[test]
    fn rejects_bad_step_lists_with_path_and_position() {
        check_parse(
            "[\n  {\"n\": 1, \"action\": \"install\", \"target\": \"A\"},\n  {\"n\": 2, \"action\": \"install\", \"target\": \"B\", \"phase\": \"x\"}\n]",
            expect![[r#"
                Shape Some("[1].phase") Some((3, 54)): unknown field `phase`, expected one of `n`, `action`, `target`, `from`, `to`
            "#]],
        );
        check_parse(r#"{"steps": [{"n": 1, "action": "reboot", "target": "A"}]}"#, expect![[r#"
            Shape Some("steps[0].action") Some((1, 38)): unknown variant `reboot`, expected one of `backup`, `test-in-lab`, `take-offline`, `install`, `restart`, `bring-online`, `move`, `stop-cluster-service`, `start-cluster-service`, `upgrade-virtual-server`, `run-performance-optimizer`, `verify`
        "#]]);
        check_parse("[{\"n\": 1,\n \"action\" \"install\"}]", expect![[r#"
            Syntax None Some((2, 11)): expected `:`
        "#]]);
        check_parse(r#"[] []"#, expect![[r#"
            Syntax None Some((1, 4)): trailing characters
        "#]]);
        check_parse(r#"{"format": "sp-planner/plan@2", "steps": []}"#, expect![[r#"
            Shape Some("format") None: unknown format "sp-planner/plan@2", expected "sp-planner/plan@1"
        "#]]);
        check_parse(r#""install""#, expect![[r#"
            Shape None None: expected a plan, an array of steps or an object with `steps`
        "#]]);
        check_parse(r#"{"steps": [{"n": -1, "action": "install", "target": "A"}]}"#, expect![[r#"
            Shape Some("steps[0].n") Some((1, 19)): invalid value: integer `-1`, expected u32
        "#]]);
    }

    /// Renders the outcome of checking `steps` (one per line, as the rule tests write them):
    /// the error, or the timeline, the totals and the rule ids of the violations.
    fn check_report(topology: &str, steps: &str, expect: Expect) {
        let topology: Topology = serde_json::from_str(topology).unwrap();
        let out = match check(&topology, &test_support::steps(steps)) {
            Err(err) => format!("{:?} {:?}: {}\n", err.kind(), err.path(), err.message()),
            Ok(report) => {
                let mut out = String::new();
                for m in &report.timeline {
                    out.push_str(&format!("{}: {}\n", m.n, m.unavailable.join(" ")));
                }
                out.push_str(&format!("{:?}\n", report.totals));
                for v in &report.violations {
                    out.push_str(&format!("{:?} {}\n", v.step, v.rule));
                }
                out
            }
        };
        expect.assert_eq(&out);
    }

    #[test]
    fn steps_that_cannot_run_are_errors() {
        check_report(CLUSTER_2003, "install N3", expect![[r#"
            BadStep Some("steps[0].target"): step 1: unknown target `N3`
        "#]]);
        check_report(CLUSTER_2003, "install *", expect![[r#"
            BadStep Some("steps[0].target"): step 1: `install` cannot act on `*`, which is the whole organisation
        "#]]);
        check_report(CLUSTER_2003, "backup *\ninstall EVS1", expect![[r#"
            BadStep Some("steps[1].target"): step 2: `install` cannot act on `EVS1`, which is a virtual server
        "#]]);
        check_report(CLUSTER_2003, "take-offline N1", expect![[r#"
            BadStep Some("steps[0].target"): step 1: `take-offline` cannot act on `N1`, which is a cluster node
        "#]]);
        check_report(CLUSTER_2003, "test-in-lab N1", expect![[r#"
            BadStep Some("steps[0].target"): step 1: `test-in-lab` cannot act on `N1`, which is a cluster node
        "#]]);
        check_report(CLUSTER_2003, "run-performance-optimizer N1", expect![[r#"
            BadStep Some("steps[0].target"): step 1: `run-performance-optimizer` cannot act on `N1`, which is an Exchange 2000 or 2003 computer
        "#]]);
        check_report(CLUSTER_2003, "move EVS1 N1 C1", expect![[r#"
            BadStep Some("steps[0].to"): step 1: `C1` is a cluster, not a cluster node
        "#]]);
        check_report(CLUSTER_2003, "move EVS1 N0 N2", expect![[r#"
            BadStep Some("steps[0].from"): step 1: unknown node `N0`
        "#]]);
        let topology: Topology = serde_json::from_str(CLUSTER_2003).unwrap();
        let mut step = Step::bare(7, Action::Move, "EVS1");
        step.from = Some("N1".into());
        let err = check(&topology, &[step]).unwrap_err();
        assert_eq!(err.to_string(), "steps[0].to: step 7: a `move` needs `to`");
        let mut step = Step::bare(1, Action::Install, "N1");
        step.to = Some("N2".into());
        let err = check(&topology, &[step]).unwrap_err();
        assert_eq!(err.to_string(), "steps[0].to: step 1: `to` is only for `move` steps");
        let hotfix = CLUSTER_2003.replace(
            r#"{"service_pack": {"2003": "SP2"}}"#,
            r#"{"hotfix": {"id": "KB123456", "version": "2003", "requires": "SP1"}}"#,
        );
        check_report(&hotfix, "take-offline EVS1\nupgrade-virtual-server EVS1", expect![[r#"
            BadStep Some("steps[1].target"): step 2: the update does not upgrade virtual server `EVS1`: only Exchange 2003 service packs and hotfixes that update virtual servers do
        "#]]);
    }

    #[test]
    fn unvalidated_topologies_are_errors() {
        let duplicate = r#"{"servers": [{"name": "MAIL", "version": "2003", "level": "SP1"},
            {"name": "mail", "version": "2003", "level": "SP1"}], "update": {"service_pack": {"2003": "SP2"}}}"#;
        check_report(duplicate, "install MAIL", expect![[r#"
            Invalid Some("servers[1].name"): the name `mail` is used twice
        "#]]);
        let stranger = CLUSTER_2003.replace(r#""owner": "N1""#, r#""owner": "N9""#);
        check_report(&stranger, "", expect![[r#"
            Invalid Some("clusters[0].virtual_servers[0].owner"): `N9` is not a node of cluster `C1`
        "#]]);
        let evs_owner = CLUSTER_2003.replace(r#""owner": "N1""#, r#""owner": "EVS1""#);
        check_report(&evs_owner, "", expect![[r#"
            Invalid Some("clusters[0].virtual_servers[0].owner"): `EVS1` is not a node of cluster `C1`
        "#]]);
        let no_level = r#"{"servers": [{"name": "MAIL", "version": "2003"}], "update": {"service_pack": {"2003": "SP2"}}}"#;
        check_report(no_level, "", expect![[r#"
            Invalid Some("servers[0]"): give the service pack `level` or the `build`
        "#]]);
        let wrong_build = r#"{"servers": [{"name": "MAIL", "version": "2003", "build": "6.0.6249"}], "update": {"service_pack": {"2003": "SP2"}}}"#;
        check_report(wrong_build, "", expect![[r#"
            Invalid Some("servers[0].build"): build `6.0.6249` is Exchange 2000 Server, not Exchange Server 2003
        "#]]);
        let star = r#"{"servers": [{"name": "*", "version": "2003", "level": "SP1"}], "update": {"service_pack": {"2003": "SP2"}}}"#;
        check_report(star, "", expect![[r#"
            Invalid Some("servers[0].name"): `*` is not a valid name
        "#]]);
    }

    #[test]
    fn builds_give_the_start_level() {
        let by_build = r#"{"servers": [{"name": "MAIL", "version": "2003", "build": "6.5.7226"}], "update": {"service_pack": {"2003": "SP2"}}}"#;
        check_report(by_build, "test-in-lab *\nbackup *\ninstall mail\nbackup *", expect![[r#"
            1: 
            2: 
            3: MAIL
            4: 
            Totals { steps: 4, evs_moves: 0, front_end_outage_steps: 0, pool_outage_steps: 0, evs_offline_steps: 0, possible_restarts: 1, likely_restarts: 0 }
        "#]]);
    }

    #[test]
    fn timeline_and_totals_of_a_pool() {
        check_report(
            FRONT_BACK_2003,
            "take-offline FE2\ntake-offline FE1\ninstall FE1\ninstall FE2\nbring-online FE1\nbring-online FE2\ninstall BE1",
            expect![[r#"
                1: FE2
                2: FE1 FE2
                3: FE1 FE2
                4: FE1 FE2
                5: FE1 FE2
                6: FE2
                7: BE1
                Totals { steps: 7, evs_moves: 0, front_end_outage_steps: 6, pool_outage_steps: 4, evs_offline_steps: 0, possible_restarts: 3, likely_restarts: 0 }
                Some(3) backup-before
                Some(3) lab-test-first
                Some(4) backup-before
                Some(7) backup-before
                None backup-after
            "#]],
        );
    }

    #[test]
    fn timeline_and_totals_of_a_cluster() {
        check_report(CLUSTER_2003, CLUSTER_2003_STEPS, expect![[r#"
            1: 
            2: 
            3: EVS1
            4: N1
            5: N1
            6: N1
            7: EVS1
            8: EVS1
            9: EVS1
            10: EVS1
            11: N2
            12: N2
            13: N2
            14: 
            Totals { steps: 14, evs_moves: 2, front_end_outage_steps: 0, pool_outage_steps: 0, evs_offline_steps: 5, possible_restarts: 0, likely_restarts: 0 }
        "#]]);
    }

    #[test]
    fn a_virtual_server_waits_for_the_cluster_service_of_its_owner() {
        // Brought online while N1's Cluster service is stopped, EVS1 stays offline until the
        // service starts again; the second time it waits until it moves to a running node.
        check_report(
            CLUSTER_2003,
            "take-offline EVS1\nstop-cluster-service N1\nbring-online EVS1\nverify EVS1\nstart-cluster-service N1\n\
             verify EVS1\ntake-offline EVS1\nstop-cluster-service N1\nbring-online EVS1\nmove EVS1 N1 N2\nverify EVS1",
            expect![[r#"
                1: EVS1
                2: EVS1 N1
                3: EVS1 N1
                4: EVS1 N1
                5: N1
                6: 
                7: EVS1
                8: EVS1 N1
                9: EVS1 N1
                10: EVS1 N1
                11: N1
                Totals { steps: 11, evs_moves: 1, front_end_outage_steps: 0, pool_outage_steps: 0, evs_offline_steps: 8, possible_restarts: 0, likely_restarts: 0 }
                Some(2) move-groups-before-install
                Some(3) move-to-running-node
                Some(8) move-groups-before-install
                Some(8) start-cluster-service-after-install
                Some(9) move-to-running-node
                None e2003-upgrade-virtual-servers
                None every-server-once
                None every-server-once
            "#]],
        );
    }

    #[test]
    fn a_virtual_server_goes_offline_with_the_cluster_service_of_its_owner() {
        // Stopping N1's Cluster service takes EVS1 offline; it comes back when the service
        // starts again, or when it moves to a node whose service runs.
        check_report(
            CLUSTER_2003,
            "stop-cluster-service N1\nverify EVS1\nstart-cluster-service N1\nverify EVS1\n\
             stop-cluster-service N1\nmove EVS1 N1 N2\nverify EVS1",
            expect![[r#"
                1: EVS1 N1
                2: EVS1 N1
                3: N1
                4: 
                5: EVS1 N1
                6: EVS1 N1
                7: N1
                Totals { steps: 7, evs_moves: 1, front_end_outage_steps: 0, pool_outage_steps: 0, evs_offline_steps: 4, possible_restarts: 0, likely_restarts: 0 }
                Some(1) move-groups-before-install
                Some(5) move-groups-before-install
                Some(5) start-cluster-service-after-install
                None e2003-upgrade-virtual-servers
                None every-server-once
                None every-server-once
            "#]],
        );
    }

    #[test]
    fn restarts_are_predicted_per_install() {
        check_report(
            test_support::MIXED_SINGLE,
            "test-in-lab *\nbackup *\ninstall remote1\nrestart REMOTE1\ninstall OLD1\nrun-performance-optimizer old1\ninstall MAIL1\nbring-online MAIL1\nbackup *",
            expect![[r#"
                1: 
                2: 
                3: REMOTE1
                4: REMOTE1
                5: OLD1
                6: 
                7: MAIL1
                8: 
                9: 
                Totals { steps: 9, evs_moves: 0, front_end_outage_steps: 0, pool_outage_steps: 0, evs_offline_steps: 0, possible_restarts: 1, likely_restarts: 1 }
            "#]],
        );
    }

    #[test]
    fn report_serialises_with_its_format_tag() {
        let topology: Topology = serde_json::from_str(CLUSTER_2003).unwrap();
        let report = check(&topology, &test_support::steps("take-offline EVS1")).unwrap();
        let json = serde_json::to_string(&report).unwrap();
        expect![[r#"{"format":"sp-planner/report@1","ok":false,"violations":[{"step":1,"rule":"back-in-service","severity":"required","target":"EVS1","message":"virtual server EVS1 is still offline at the end of the plan","consequence":"Users stay without the service that was taken down.","kb":"before-you-start"},{"step":null,"rule":"e2003-upgrade-virtual-servers","severity":"required","target":"EVS1","message":"EVS1 (cluster C1) is never upgraded with Upgrade Exchange Virtual Server","consequence":"A virtual server that is not upgraded stays at the old version and will not come online on an upgraded node (event 1025).","kb":"e2003-upgrade-virtual-server"},{"step":null,"rule":"every-server-once","severity":"required","target":"N1","message":"node N1 of cluster C1 is never upgraded; it still runs SP1","consequence":"A server or node left at the old level keeps the organisation mixed: clients, failover or virtual server moves break later; an install where the update does not apply fails or downgrades.","kb":"before-you-start"},{"step":null,"rule":"every-server-once","severity":"required","target":"N2","message":"node N2 of cluster C1 is never upgraded; it still runs SP1","consequence":"A server or node left at the old level keeps the organisation mixed: clients, failover or virtual server moves break later; an install where the update does not apply fails or downgrades.","kb":"before-you-start"}],"timeline":[{"n":1,"unavailable":["EVS1"]}],"totals":{"steps":1,"evs_moves":0,"front_end_outage_steps":0,"pool_outage_steps":0,"evs_offline_steps":1,"possible_restarts":0,"likely_restarts":0}}"#]]
        .assert_eq(&json);
        let back: Report = serde_json::from_str(&json).unwrap();
        assert_eq!(back, report);
    }

    #[test]
    fn names_planned_for_another_organisation_are_looked_up() {
        // The planner's names carry what they stood for in its organisation; checked against
        // an organisation in another order, with another case, they must still resolve by
        // name, exactly as the same steps read from JSON do.
        let topology: Topology = serde_json::from_str(test_support::CLUSTER_2003_THREE).unwrap();
        let planned = crate::plan(&topology).unwrap().steps;
        let mut other: Topology = serde_json::from_str(test_support::CLUSTER_2003_THREE).unwrap();
        other.clusters[0].nodes.reverse();
        other.clusters[0].virtual_servers.reverse();
        let renamed = other.clusters[0].nodes[0].to_lowercase();
        for vs in &mut other.clusters[0].virtual_servers {
            if vs.owner.eq_ignore_ascii_case(&renamed) {
                vs.owner.clone_from(&renamed);
            }
        }
        other.clusters[0].nodes[0] = renamed;
        let read: Vec<Step> = serde_json::from_str(&serde_json::to_string(&planned).unwrap()).unwrap();
        for topology in [&topology, &other] {
            assert_eq!(check(topology, &planned).unwrap(), check(topology, &read).unwrap());
        }
        assert!(check(&topology, &planned).unwrap().ok);
    }

    #[test]
    fn any_single_step_is_an_answer_or_an_error() {
        // Every action on every name (and some that are not names), with every `from`/`to`
        // pair, either checks or gives a BadStep error: never a panic.
        let topology: Topology = serde_json::from_str(test_support::CLUSTER_2003_THREE).unwrap();
        let names = ["*", "C1", "N1", "n2", "N3", "EVS1", "EVS2", "nobody", ""];
        let mut outcomes = [0_usize; 2];
        for action in Action::ALL {
            for target in names {
                for from in names.iter().map(|n| Some(Name::from(*n))).chain([None]) {
                    for to in names.iter().map(|n| Some(Name::from(*n))).chain([None]) {
                        let mut step = Step::bare(1, action, target);
                        step.from = from.clone();
                        step.to = to;
                        match check(&topology, &[step.clone(), step]) {
                            Ok(_) => outcomes[0] += 1,
                            Err(err) => {
                                assert_eq!(err.kind(), ErrorKind::BadStep, "{err}");
                                outcomes[1] += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(outcomes[0] > 0 && outcomes[1] > 0, "{outcomes:?}");
    }

    #[test]
    fn random_step_lists_keep_the_report_consistent() {
        // Step lists drawn from a fixed pseudo-random sequence over a mixed organisation: every
        // report has one moment per step with a sorted list, totals that agree with the
        // steps, and violations in step order.
        let topology = r#"{
            "servers": [
                {"name": "FE1", "version": "2003", "level": "SP1", "role": "front-end", "pool": "WEB"},
                {"name": "fe2", "version": "2003", "level": "SP1", "role": "front-end", "pool": "web"},
                {"name": "BE1", "version": "2003", "level": "SP1", "role": "back-end", "remote": true},
                {"name": "OLD", "version": "5.5", "level": "SP3"}
            ],
            "clusters": [
                {"name": "C1", "version": "2003", "level": "SP1", "mode": "active-passive",
                 "nodes": ["N1", "N2", "N3"],
                 "virtual_servers": [{"name": "EVS1", "owner": "N1"}, {"name": "EVS2", "owner": "N2"}]},
                {"name": "C2", "version": "2000", "level": "SP3", "mode": "active-active",
                 "nodes": ["M1", "M2"], "virtual_servers": [{"name": "V1", "owner": "M1"}]}
            ],
            "update": {"service_pack": {"2003": "SP2", "5.5": "SP4"}}
        }"#;
        let topology: Topology = serde_json::from_str(topology).unwrap();
        let names = ["*", "FE1", "FE2", "BE1", "OLD", "C1", "N1", "N2", "N3", "EVS1", "EVS2", "C2", "M1", "M2", "V1"];
        let nodes = ["N1", "N2", "N3", "M1", "M2"];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |bound: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(seed >> 33).unwrap() % bound
        };
        let (mut reports, mut errors) = (0, 0);
        for _ in 0..400 {
            let len = 1 + next(40);
            let steps: Vec<Step> = (0..len)
                .map(|i| {
                    let action = Action::ALL[next(Action::ALL.len())];
                    // Mostly a target of the right kind; now and then any name at all.
                    let fitting: &[&str] = match action {
                        Action::TestInLab => &["*"],
                        Action::Install | Action::Restart => &["FE1", "FE2", "BE1", "OLD", "N1", "N2", "N3", "M1", "M2"],
                        Action::TakeOffline | Action::BringOnline => &["FE1", "FE2", "BE1", "EVS1", "EVS2", "V1"],
                        Action::StopClusterService | Action::StartClusterService => &nodes,
                        Action::Move => &["EVS1", "EVS2", "V1"],
                        Action::UpgradeVirtualServer => &["EVS1", "EVS2"],
                        Action::RunPerformanceOptimizer => &["OLD"],
                        Action::Backup | Action::Verify => &names,
                    };
                    let target = if next(60) == 0 { names[next(names.len())] } else { fitting[next(fitting.len())] };
                    let mut step = Step::bare(u32::try_from(i + 1).unwrap(), action, target);
                    if action == Action::Move && next(60) != 0 {
                        step.from = Some(nodes[next(nodes.len())].into());
                        step.to = Some(nodes[next(nodes.len())].into());
                    }
                    step
                })
                .collect();
            let report = match check(&topology, &steps) {
                Ok(report) => report,
                Err(err) => {
                    assert_eq!(err.kind(), ErrorKind::BadStep, "{err}");
                    errors += 1;
                    continue;
                }
            };
            reports += 1;
            assert_eq!(report.timeline.len(), steps.len());
            assert_eq!(report.totals.steps as usize, steps.len());
            let moves = steps.iter().filter(|s| s.action == Action::Move).count();
            assert_eq!(report.totals.evs_moves as usize, moves);
            for (moment, step) in report.timeline.iter().zip(&steps) {
                assert_eq!(moment.n, step.n);
                assert!(moment.unavailable.windows(2).all(|w| w[0] < w[1]), "{:?}", moment.unavailable);
            }
            let offline = report.timeline.iter().filter(|m| m.unavailable.iter().any(|u| u.starts_with("EVS") || u == "V1"));
            assert_eq!(report.totals.evs_offline_steps as usize, offline.count());
            let order: Vec<u64> = report.violations.iter().map(|v| v.step.map_or(u64::MAX, u64::from)).collect();
            assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
            assert_eq!(report.ok, report.violations.is_empty());
        }
        assert!(reports > 20 && errors > 20, "{reports} reports, {errors} errors");
    }
}
