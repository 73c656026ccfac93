//! The scenario runner: every folder under `tests/scenarios` is an organisation, its
//! expected plan, hand-broken step lists with the violations they must produce, and bad
//! topologies with the one-line error they must produce.
//!
//! A scenario folder holds:
//!
//! - `topology.json`: the organisation, in the `sp-planner/topology@1` format;
//! - `plan.txt`: the expected plan, rendered by [`render_plan`] (one line per step);
//! - `broken-<what>.steps.json` with `broken-<what>.expected.txt`: a step list that breaks
//!   rules and the validator's violations, rendered by [`render_report`];
//! - `error-<what>.json` with `error-<what>.expected.txt`: a topology that must be refused,
//!   and the exact error message.
//!
//! Besides the snapshots, every plan must pass `check` with no violation, the plan's own
//! totals must equal the report's totals, and the plan's `unavailable` lists must equal the
//! report's timeline: the planner and the validator compute these independently. Every
//! rule and knowledge-base section a step or warning cites must exist.
//!
//! Run with `UPDATE_EXPECT=1` to write the expected files from the current output. A missing
//! expected file is a failure otherwise, so a new case is never accepted unreviewed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use sp_rules::{Plan, Report, Step, Topology, check, parse_steps, plan};

/// The folder that holds the scenarios.
fn scenarios_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// Whether the expected files are to be rewritten from the current output.
fn update_requested() -> bool {
    std::env::var_os("UPDATE_EXPECT").is_some_and(|value| !value.is_empty() && value != "0")
}

/// Pads every column but the last of `rows` to the width of its widest cell.
fn columns(rows: &[Vec<String>]) -> String {
    let count = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; count];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else if i == 0 {
                // The step number is right-aligned.
                let _ = write!(line, "{cell:>width$}  ", width = widths[i]);
            } else {
                let _ = write!(line, "{cell:<width$}  ", width = widths[i]);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A list of names, or `-` when it is empty.
fn list<S: std::borrow::Borrow<str>>(names: &[S]) -> String {
    if names.is_empty() { "-".to_owned() } else { names.join(",") }
}

/// The step's target, with `from→to` for a move.
fn target_of(step: &Step) -> String {
    match (&step.from, &step.to) {
        (None, None) => step.target.to_string(),
        (from, to) => format!("{} {}→{}", step.target, from.as_deref().unwrap_or("?"), to.as_deref().unwrap_or("?")),
    }
}

/// Renders a plan in the compact form of `plan.txt`: a heading, the phases, one line per
/// step (n, phase, action, target with from→to, restart, kb, rules, unavailable), the
/// warnings and the totals.
pub(crate) fn render_plan(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "organisation: {}", plan.organisation);
    let _ = writeln!(out, "update: {}", plan.update);
    for phase in &plan.phases {
        let _ = writeln!(out, "phase: {} = {}", phase.id, phase.title);
    }
    out.push('\n');
    let mut rows =
        vec![["n", "phase", "action", "target", "restart", "kb", "rules", "unavailable"].map(str::to_owned).to_vec()];
    for step in &plan.steps {
        rows.push(vec![
            step.n.to_string(),
            step.phase.to_string(),
            step.action.to_string(),
            target_of(step),
            serde_json::to_value(step.restart).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
            step.kb.to_string(),
            list(&step.rules.iter().collect::<Vec<_>>()),
            list(&step.unavailable),
        ]);
    }
    out.push_str(&columns(&rows));
    out.push('\n');
    for warning in &plan.warnings {
        let severity = serde_json::to_value(warning.severity).ok().and_then(|v| v.as_str().map(str::to_owned));
        let target = if warning.target.is_empty() { "*" } else { &warning.target };
        let _ = writeln!(
            out,
            "warning: {} | {} | {} | {} | {}",
            warning.rule,
            severity.unwrap_or_default(),
            target,
            warning.kb,
            warning.message
        );
    }
    if plan.warnings.is_empty() {
        out.push_str("warnings: none\n");
    }
    let t = &plan.totals;
    let _ = writeln!(
        out,
        "totals: steps={} evs_moves={} front_end_outage_steps={} pool_outage_steps={} evs_offline_steps={} possible_restarts={} likely_restarts={}",
        t.steps,
        t.evs_moves,
        t.front_end_outage_steps,
        t.pool_outage_steps,
        t.evs_offline_steps,
        t.possible_restarts,
        t.likely_restarts
    );
    out
}

/// Renders the validator's violations, one per line: step (or `end` for the plan as a
/// whole), rule, severity, target and message.
pub(crate) fn render_report(report: &Report) -> String {
    let mut out = String::new();
    for violation in &report.violations {
        let step = violation.step.map_or_else(|| "end".to_owned(), |n| format!("step {n}"));
        let severity = serde_json::to_value(violation.severity).ok().and_then(|v| v.as_str().map(str::to_owned));
        let _ = writeln!(
            out,
            "{step} | {} | {} | {} | {}",
            violation.rule,
            severity.unwrap_or_default(),
            violation.target,
            violation.message
        );
    }
    if report.violations.is_empty() {
        out.push_str("no violations\n");
    }
    out
}

/// A line diff of `expected` and `actual` (longest common subsequence), with two lines of
/// context around each change: `-` for expected lines, `+` for actual lines.
pub(crate) fn diff(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = expected.lines().collect();
    let new: Vec<&str> = actual.lines().collect();
    // lcs[i][j]: the length of the longest common subsequence of old[i..] and new[j..].
    let mut lcs = vec![vec![0_usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lcs[i][j] = if old[i] == new[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    // The edit script: (tag, line number in its file, text).
    let mut script: Vec<(char, usize, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            script.push((' ', i + 1, old[i]));
            i += 1;
            j += 1;
        } else if i < old.len() && (j == new.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            script.push(('-', i + 1, old[i]));
            i += 1;
        } else {
            script.push(('+', j + 1, new[j]));
            j += 1;
        }
    }
    let changed: Vec<usize> = script.iter().enumerate().filter(|(_, e)| e.0 != ' ').map(|(k, _)| k).collect();
    let near = |k: usize| changed.iter().any(|&c| c.abs_diff(k) <= 2);
    let mut out = String::new();
    let mut skipped = false;
    for (k, (tag, line, text)) in script.iter().enumerate() {
        if near(k) {
            if skipped {
                out.push_str("  ...\n");
                skipped = false;
            }
            let _ = writeln!(out, "{tag} {line:>4} {text}");
        } else {
            skipped = true;
        }
    }
    if expected.ends_with('\n') != actual.ends_with('\n') && !expected.is_empty() && !actual.is_empty() {
        out.push_str("  (the files differ in their final newline)\n");
    }
    out
}

/// What one run over a scenario root found.
#[derive(Debug, Default)]
struct Outcome {
    /// Scenario folders visited.
    scenarios: usize,
    /// Expected files compared (or written).
    compared: usize,
    /// Expected files written because `UPDATE_EXPECT` was set.
    written: Vec<PathBuf>,
    /// One message per failure, naming the scenario and the file.
    failures: Vec<String>,
}

impl Outcome {
    fn fail(&mut self, scenario: &str, file: &str, message: impl AsRef<str>) {
        self.failures.push(format!("[{scenario}] {file}: {}", message.as_ref()));
    }

    /// Compares `actual` with the expected file `name` of scenario `dir`, or writes it.
    fn compare(&mut self, dir: &Path, name: &str, actual: &str, update: bool) {
        let scenario = scenario_name(dir);
        let path = dir.join(name);
        self.compared += 1;
        let expected = match fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
            Err(err) => {
                self.fail(&scenario, name, format!("cannot read: {err}"));
                return;
            }
        };
        if expected.as_deref() == Some(actual) {
            return;
        }
        if update {
            match fs::write(&path, actual) {
                Ok(()) => self.written.push(path),
                Err(err) => self.fail(&scenario, name, format!("cannot write: {err}")),
            }
            return;
        }
        match expected {
            None => self.fail(
                &scenario,
                name,
                format!("the expected file is missing; review this output and run with UPDATE_EXPECT=1 to write it:\n{actual}"),
            ),
            Some(expected) => self.fail(
                &scenario,
                name,
                format!("differs from the output (- expected, + actual):\n{}", diff(&expected, actual)),
            ),
        }
    }
}

fn scenario_name(dir: &Path) -> String {
    dir.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Runs every scenario folder under `root`, in name order.
fn run_root(root: &Path, update: bool) -> Outcome {
    let mut outcome = Outcome::default();
    let mut dirs: Vec<PathBuf> = match fs::read_dir(root) {
        Ok(entries) => entries.filter_map(Result::ok).map(|entry| entry.path()).collect(),
        Err(err) => {
            outcome.fail("-", &root.display().to_string(), format!("cannot list: {err}"));
            return outcome;
        }
    };
    dirs.sort();
    for dir in dirs {
        if dir.is_dir() {
            run_scenario(&dir, update, &mut outcome);
        } else if dir.file_name().is_some_and(|name| name == "README.md") {
            // The folder's own documentation.
        } else {
            outcome.fail("-", &dir.display().to_string(), "only scenario folders belong here");
        }
    }
    outcome
}

/// Runs one scenario folder: the plan, its invariants, the broken step lists and the bad
/// topologies; any other file is a failure, so a misspelled name is never silently skipped.
fn run_scenario(dir: &Path, update: bool, outcome: &mut Outcome) {
    let scenario = scenario_name(dir);
    outcome.scenarios += 1;
    let mut files: BTreeSet<String> = match fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect(),
        Err(err) => {
            outcome.fail(&scenario, ".", format!("cannot list: {err}"));
            return;
        }
    };
    let mut claimed: BTreeSet<String> = BTreeSet::new();
    claimed.insert("topology.json".to_owned());
    claimed.insert("plan.txt".to_owned());

    let topology = match fs::read_to_string(dir.join("topology.json")) {
        Err(err) => {
            outcome.fail(&scenario, "topology.json", format!("cannot read: {err}"));
            None
        }
        Ok(json) => match Topology::from_json(&json) {
            Err(err) => {
                outcome.fail(&scenario, "topology.json", format!("is refused: {err}"));
                None
            }
            Ok(topology) => Some(topology),
        },
    };
    if let Some(topology) = &topology {
        run_plan(dir, topology, update, outcome);
    }

    let broken: Vec<String> = files
        .iter()
        .filter_map(|name| name.strip_prefix("broken-")?.strip_suffix(".steps.json").map(str::to_owned))
        .collect();
    if broken.is_empty() {
        outcome.fail(&scenario, ".", "has no broken-<what>.steps.json case for the validator");
    }
    for what in broken {
        let steps_name = format!("broken-{what}.steps.json");
        let expected_name = format!("broken-{what}.expected.txt");
        claimed.insert(steps_name.clone());
        claimed.insert(expected_name.clone());
        let Some(topology) = &topology else { continue };
        let actual = match fs::read_to_string(dir.join(&steps_name)) {
            Err(err) => {
                outcome.fail(&scenario, &steps_name, format!("cannot read: {err}"));
                continue;
            }
            Ok(json) => match parse_steps(&json).and_then(|steps| check(topology, &steps)) {
                Err(err) => format!("error: {err}\n"),
                Ok(report) => {
                    if report.ok {
                        outcome.fail(&scenario, &steps_name, "breaks no rule: a broken case must produce a violation");
                    }
                    render_report(&report)
                }
            },
        };
        outcome.compare(dir, &expected_name, &actual, update);
    }

    let errors: Vec<String> = files
        .iter()
        .filter(|name| name.ends_with(".json"))
        .filter_map(|name| name.strip_prefix("error-")?.strip_suffix(".json").map(str::to_owned))
        .collect();
    for what in errors {
        let input_name = format!("error-{what}.json");
        let expected_name = format!("error-{what}.expected.txt");
        claimed.insert(input_name.clone());
        claimed.insert(expected_name.clone());
        let json = match fs::read(dir.join(&input_name)) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(err) => {
                outcome.fail(&scenario, &input_name, format!("cannot read: {err}"));
                continue;
            }
        };
        match Topology::from_json(&json).and_then(|topology| plan(&topology)) {
            Ok(_) => outcome.fail(&scenario, &input_name, "is accepted and planned, but it must be refused"),
            Err(err) => {
                let message = err.to_string();
                if message.contains('\n') {
                    outcome.fail(&scenario, &input_name, "the error message spans more than one line");
                }
                outcome.compare(dir, &expected_name, &format!("{message}\n"), update);
            }
        }
    }

    files.retain(|name| !claimed.contains(name));
    for stray in files {
        outcome.fail(&scenario, &stray, "is not a file the runner knows (topology.json, plan.txt, broken-*, error-*)");
    }
}

/// Plans the scenario's topology, compares the plan with `plan.txt`, and checks the plan
/// with the validator.
fn run_plan(dir: &Path, topology: &Topology, update: bool, outcome: &mut Outcome) {
    let scenario = scenario_name(dir);
    let planned = match plan(topology) {
        Ok(planned) => planned,
        Err(err) => {
            outcome.fail(&scenario, "topology.json", format!("cannot be planned: {err}"));
            return;
        }
    };
    outcome.compare(dir, "plan.txt", &render_plan(&planned), update);
    let mut reversed = topology.clone();
    reversed.servers.reverse();
    reversed.clusters.reverse();
    for cluster in &mut reversed.clusters {
        cluster.nodes.reverse();
        cluster.virtual_servers.reverse();
    }
    if plan(&reversed).as_ref() != Ok(&planned) {
        outcome.fail(
            &scenario,
            "topology.json",
            "listing servers, clusters, nodes and virtual servers in reverse order changes the plan",
        );
    }
    for problem in plan_invariants(topology, &planned) {
        outcome.fail(&scenario, "plan.txt", problem);
    }
}

/// What is wrong with a plan by the validator's measure: violations, totals or
/// availability that differ from the plan's own, or a plan that does not survive its
/// JSON form. Empty when the plan is sound.
pub(crate) fn plan_invariants(topology: &Topology, planned: &Plan) -> Vec<String> {
    let mut problems = Vec::new();
    let report = match check(topology, &planned.steps) {
        Ok(report) => report,
        Err(err) => return vec![format!("the validator cannot read the plan: {err}")],
    };
    if !report.ok {
        problems.push(format!("the plan breaks rules:\n{}", render_report(&report)));
    }
    if report.totals != planned.totals {
        problems.push(format!("plan totals {:?} differ from the validator's {:?}", planned.totals, report.totals));
    }
    if report.timeline.len() != planned.steps.len() {
        problems.push(format!(
            "the validator's timeline has {} moments for {} steps",
            report.timeline.len(),
            planned.steps.len()
        ));
    }
    for (step, moment) in planned.steps.iter().zip(&report.timeline) {
        if step.n != moment.n || step.unavailable != moment.unavailable {
            problems.push(format!(
                "step {}: the plan says {:?} is unavailable, the validator says {:?} (step {})",
                step.n, step.unavailable, moment.unavailable, moment.n
            ));
        }
    }
    let kb = sp_kb::Kb::get();
    for step in &planned.steps {
        if kb.section(&step.kb).is_none() {
            problems
                .push(format!("step {} cites section `{}`, which the knowledge base does not have", step.n, step.kb));
        }
        for rule in &step.rules {
            if sp_rules::rules::find(rule).is_none() {
                problems.push(format!("step {} cites rule `{rule}`, which the registry does not have", step.n));
            }
        }
    }
    for warning in &planned.warnings {
        if kb.section(&warning.kb).is_none() {
            problems.push(format!("a warning cites section `{}`, which the knowledge base does not have", warning.kb));
        }
        if sp_rules::rules::find(&warning.rule).is_none() {
            problems.push(format!("a warning cites rule `{}`, which the registry does not have", warning.rule));
        }
    }
    for (k, step) in planned.steps.iter().enumerate() {
        if usize::try_from(step.n).ok() != Some(k + 1) {
            problems.push(format!("step at position {} is numbered {}", k + 1, step.n));
        }
        if !planned.phases.iter().any(|phase| phase.id == step.phase) {
            problems.push(format!("step {} is in phase `{}`, which the plan does not list", step.n, step.phase));
        }
    }
    match serde_json::to_string(planned).map_err(|err| err.to_string()).and_then(|json| {
        let steps = parse_steps(&json).map_err(|err| err.to_string())?;
        check(topology, &steps).map_err(|err| err.to_string())
    }) {
        Ok(again) if again == report => {}
        Ok(_) => problems.push("checking the plan read back from its JSON gives another report".to_owned()),
        Err(err) => problems.push(format!("the plan does not survive its JSON form: {err}")),
    }
    problems
}

#[test]
fn scenarios() {
    let outcome = run_root(&scenarios_root(), update_requested());
    for path in &outcome.written {
        eprintln!("wrote {}", path.display());
    }
    assert!(
        outcome.failures.is_empty(),
        "{} of {} scenario checks failed:\n\n{}",
        outcome.failures.len(),
        outcome.compared,
        outcome.failures.join("\n\n")
    );
    assert!(outcome.scenarios >= 20, "only {} scenario folders", outcome.scenarios);
}

/// The scenarios the issue asks for, one folder each (more may exist).
const REQUIRED: &[&str] = &[
    "e2003-non-clustered",
    "e2003-front-end-back-end",
    "e2003-load-balanced-together",
    "e2003-load-balanced-rolling",
    "e2003-cluster",
    "e2003-active-active",
    "e2003-multi-node",
    "e2003-sbs",
    "e2003-hotfix-virtual-servers",
    "e2003-hotfix-nodes-only",
    "e2000-non-clustered",
    "e2000-front-end-back-end",
    "e2000-active-passive",
    "e2000-active-active",
    "e2000-sbs",
    "e55-non-clustered",
    "e55-cluster",
    "e55-sbs",
    "terminal-services",
    "mixed-organisation",
];

#[test]
fn every_kb_scenario_has_a_folder() {
    let root = scenarios_root();
    let missing: Vec<&str> =
        REQUIRED.iter().copied().filter(|name| !root.join(name).join("topology.json").is_file()).collect();
    assert!(missing.is_empty(), "scenario folders missing: {missing:?}");
}

/// A scratch folder for the runner's own tests, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scenario-runner").join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

const SMALL: &str = r#"{"name": "Small", "servers": [{"name": "MAIL1", "version": "2003", "level": "SP1"}],
    "update": {"service_pack": {"2003": "SP2"}}}"#;

#[test]
fn runner_fails_on_missing_files_then_writes_them_then_passes() {
    let root = scratch("missing");
    let dir = root.join("small");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("topology.json"), SMALL).unwrap();
    fs::write(dir.join("broken-no-install.steps.json"), r#"[{"n": 1, "action": "backup", "target": "*"}]"#).unwrap();
    fs::write(
        dir.join("error-dup.json"),
        SMALL.replace(
            "\"servers\": [",
            "\"servers\": [{\"name\": \"mail1\", \"version\": \"2003\", \"level\": \"SP1\"}, ",
        ),
    )
    .unwrap();

    let first = run_root(&root, false);
    assert_eq!(first.failures.len(), 3, "{:#?}", first.failures);
    assert!(first.failures.iter().all(|f| f.starts_with("[small] ") && f.contains("missing")), "{:#?}", first.failures);
    assert!(!dir.join("plan.txt").exists(), "a missing file must not be created without UPDATE_EXPECT");

    let second = run_root(&root, true);
    assert!(second.failures.is_empty(), "{:#?}", second.failures);
    assert_eq!(second.written.len(), 3);
    let error = fs::read_to_string(dir.join("error-dup.expected.txt")).unwrap();
    assert!(error.starts_with("servers[1].name: ") && error.contains("MAIL1") && error.ends_with('\n'), "{error}");
    let broken = fs::read_to_string(dir.join("broken-no-install.expected.txt")).unwrap();
    assert!(broken.contains("| every-server-once | required | MAIL1 |"), "{broken}");

    let third = run_root(&root, false);
    assert!(third.failures.is_empty(), "{:#?}", third.failures);
    assert!(third.written.is_empty());
    assert_eq!(third.compared, 3);
}

#[test]
fn runner_names_the_scenario_and_file_and_shows_a_diff() {
    let root = scratch("mismatch");
    let dir = root.join("small");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("topology.json"), SMALL).unwrap();
    fs::write(dir.join("broken-empty.steps.json"), "[]").unwrap();
    assert!(run_root(&root, true).failures.is_empty());
    let plan_path = dir.join("plan.txt");
    let good = fs::read_to_string(&plan_path).unwrap();
    fs::write(&plan_path, good.replace("possible", "likely")).unwrap();
    fs::write(dir.join("notes.md"), "stray").unwrap();

    let mut failures = run_root(&root, false).failures;
    failures.sort();
    assert_eq!(failures.len(), 2, "{failures:#?}");
    let plan_failure = &failures[1];
    assert!(plan_failure.starts_with("[small] plan.txt: differs"), "{plan_failure}");
    assert!(plan_failure.contains("\n- ") && plan_failure.contains("\n+ "), "{plan_failure}");
    assert!(plan_failure.contains("likely") && plan_failure.contains("possible"), "{plan_failure}");
    assert!(failures[0].starts_with("[small] notes.md: is not a file"), "{failures:#?}");
}

#[test]
fn runner_refuses_cases_that_break_nothing_or_are_accepted() {
    let root = scratch("wrong-cases");
    let dir = root.join("small");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("topology.json"), SMALL).unwrap();
    let planned = plan(&Topology::from_json(SMALL).unwrap()).unwrap();
    fs::write(dir.join("broken-not-really.steps.json"), serde_json::to_string(&planned).unwrap()).unwrap();
    fs::write(dir.join("error-fine.json"), SMALL).unwrap();
    let outcome = run_root(&root, true);
    let mut failures = outcome.failures.clone();
    failures.sort();
    assert_eq!(failures.len(), 2, "{failures:#?}");
    assert!(failures[0].starts_with("[small] broken-not-really.steps.json: breaks no rule"), "{failures:#?}");
    assert!(failures[1].starts_with("[small] error-fine.json: is accepted"), "{failures:#?}");
}

#[test]
fn diff_marks_changed_lines_with_context() {
    let expected = "a\nb\nc\nd\ne\nf\ng\nh\n";
    let actual = "a\nb\nc\nD\ne\nf\ng\nh\ni\n";
    let out = diff(expected, actual);
    assert_eq!(
        out,
        "  ...\n     2 b\n     3 c\n-    4 d\n+    4 D\n     5 e\n     6 f\n     7 g\n     8 h\n+    9 i\n"
    );
    let far = diff("x\n1\n2\n3\n4\n5\n6\n7\ny\n", "X\n1\n2\n3\n4\n5\n6\n7\nY\n");
    assert_eq!(far, "-    1 x\n+    1 X\n     2 1\n     3 2\n  ...\n     7 6\n     8 7\n-    9 y\n+    9 Y\n");
    assert_eq!(diff("same\n", "same\n"), "");
    assert_eq!(diff("", "x\n"), "+    1 x\n");
}

#[test]
fn plan_rendering_shows_moves_and_empty_lists() {
    let mut step = Step::bare(3, sp_rules::Action::Move, "EVS1");
    step.from = Some("N1".into());
    step.to = Some("N2".into());
    assert_eq!(target_of(&step), "EVS1 N1→N2");
    assert_eq!(target_of(&Step::bare(1, sp_rules::Action::Backup, "*")), "*");
    assert_eq!(list::<String>(&[]), "-");
    assert_eq!(list(&["A".to_owned(), "B".to_owned()]), "A,B");
    let rows = vec![
        vec!["n".to_owned(), "action".to_owned(), "rest".to_owned()],
        vec!["10".to_owned(), "go".to_owned(), "x".to_owned()],
    ];
    assert_eq!(columns(&rows), " n  action  rest\n10  go      x\n");
}

#[test]
fn plan_invariants_catch_tampered_plans() {
    let topology = Topology::from_json(SMALL).unwrap();
    let planned = plan(&topology).unwrap();
    assert_eq!(plan_invariants(&topology, &planned), Vec::<String>::new());

    let mut tampered = planned.clone();
    tampered.steps[0].kb = "no-such-section".into();
    tampered.steps[0].rules.push("no-such-rule");
    tampered.totals.possible_restarts += 1;
    tampered.steps[2].unavailable.clear();
    let problems = plan_invariants(&topology, &tampered);
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert!(problems[0].starts_with("plan totals"), "{problems:#?}");
    assert!(problems[1].starts_with("step 3: the plan says [] is unavailable"), "{problems:#?}");
    assert!(problems[2].contains("`no-such-section`") && problems[3].contains("`no-such-rule`"), "{problems:#?}");

    let mut broken = planned.clone();
    broken.steps.retain(|step| step.action != sp_rules::Action::Install);
    broken.totals = check(&topology, &broken.steps).unwrap().totals;
    let problems = plan_invariants(&topology, &broken);
    assert!(
        problems.iter().any(|p| p.starts_with("the plan breaks rules") && p.contains("every-server-once")),
        "{problems:#?}"
    );
}
