//! Runs the built `sp-planner` binary: exit codes, outputs and error messages.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sp-planner"))
        .args(args)
        .current_dir(workspace())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        // The command may stop reading early (an oversized input), closing the pipe.
        let _ = pipe.write_all(text.as_bytes());
    }
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Asserts exit status 2 with exactly one line on standard error, and returns it.
fn bad_input(args: &[&str], stdin: Option<&str>) -> String {
    let output = run(args, stdin);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
    assert!(output.stdout.is_empty(), "{args:?} wrote to stdout");
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    err.trim_end().to_owned()
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sp-planner-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn examples() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(workspace().join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".json"))
        .map(|name| format!("examples/{name}"))
        .collect();
    names.sort();
    names
}

#[test]
fn plans_every_example_in_every_format() {
    let examples = examples();
    assert!(examples.len() >= 4, "{examples:?}");
    for example in &examples {
        let output = run(&["plan", example], None);
        assert_eq!(output.status.code(), Some(0), "{example}: {}", stderr(&output));
        let plan: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        assert_eq!(plan["format"], "sp-planner/plan@1");
        assert!(plan["steps"].as_array().unwrap().len() > 4, "{example}");
        for format in ["text", "markdown"] {
            let output = run(&["plan", example, "--format", format], None);
            assert_eq!(output.status.code(), Some(0), "{example} {format}");
            assert!(stdout(&output).contains("Plan: "), "{example} {format}");
        }
    }
}

#[test]
fn plan_reads_standard_input() {
    let text = std::fs::read_to_string(workspace().join("examples/e2000-active-active.json")).unwrap();
    let output = run(&["plan", "-", "--format", "text"], Some(&text));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.starts_with("Plan: Fabrikam — Exchange 2000 Server SP3\n"), "{out}");
    assert!(out.contains("move virtual server EVS2 from NODEB to NODEA"), "{out}");
}

#[test]
fn bad_input_exits_2_with_one_line() {
    assert_eq!(bad_input(&["plan", "missing.json"], None), "sp-planner: cannot read missing.json: file not found");
    assert_eq!(bad_input(&["plan", "examples"], None), "sp-planner: cannot read examples: it is a directory");
    assert_eq!(
        bad_input(&["plan", "-"], Some("{\n  \"servers\": [\n    {\"name\": \"A\",}\n  ]\n}")),
        "sp-planner: standard input: trailing comma (line 3, column 18)"
    );
    let unknown_node = r#"{"clusters": [{"name": "C", "version": "2003", "level": "SP1", "mode": "active-passive",
        "nodes": ["A", "B"], "virtual_servers": [{"name": "V", "owner": "Z"}]}],
        "update": {"service_pack": {"2003": "SP2"}}}"#;
    assert_eq!(
        bad_input(&["plan", "-"], Some(unknown_node)),
        "sp-planner: standard input: clusters[0].virtual_servers[0].owner: unknown node `Z`: it is not a node of cluster `C`"
    );
    let path = temp_file("downgrade.json", r#"{"servers": [{"name": "A", "version": "2003", "level": "SP2"}],
        "update": {"service_pack": {"2003": "SP1"}}}"#);
    let path = path.to_str().unwrap();
    assert_eq!(
        bad_input(&["plan", path], None),
        format!("sp-planner: {path}: servers[0].level: the server is at Exchange Server 2003 SP2 and the update is SP1: a service pack cannot be downgraded")
    );
    assert_eq!(bad_input(&["plan", "-"], Some("\u{0}\u{ff}")), "sp-planner: standard input: expected value (line 1, column 1)");
    let invalid_utf8 = temp_file("latin1.json", "");
    std::fs::write(&invalid_utf8, [b'{', 0xe9, b'}']).unwrap();
    assert_eq!(
        bad_input(&["plan", invalid_utf8.to_str().unwrap()], None),
        format!("sp-planner: {}: not UTF-8 text (byte 1)", invalid_utf8.to_str().unwrap())
    );
}

#[test]
fn command_line_mistakes_exit_2_with_one_line() {
    let err = bad_input(&["plan"], None);
    assert!(err.starts_with("sp-planner: the following required arguments were not provided"), "{err}");
    let err = bad_input(&["plan", "examples/e55-cluster.json", "--format", "html"], None);
    assert!(err.starts_with("sp-planner: invalid value 'html' for '--format <FORMAT>'"), "{err}");
    let err = bad_input(&["frobnicate"], None);
    assert!(err.starts_with("sp-planner: unrecognized subcommand 'frobnicate'"), "{err}");
    let output = run(&["--help"], None);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("Usage: sp-planner <COMMAND>"));
}

#[test]
fn build_tells_version_and_level() {
    let output = run(&["build", "6.5.7638"], None);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "Exchange Server 2003 SP2 (build 6.5.7638): Service Pack 2, 19 October 2005; Microsoft's build number page prints 6.5.7683 for SP2, a transposition of 7638\n"
    );
    let output = run(&["build", "Version 6.0 (Build 6249.4)", "--format", "json"], None);
    assert_eq!(output.status.code(), Some(0));
    let info: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!((info["version"].as_str(), info["level"].as_str(), info["exact"].as_bool()), (Some("2000"), Some("SP3"), Some(true)));
    assert_eq!(
        bad_input(&["build", "12"], None),
        "sp-planner: build 12 is not a known Exchange 5.5, 2000 or 2003 build"
    );
}

#[test]
fn rules_lists_the_registry() {
    let output = run(&["rules"], None);
    assert_eq!(output.status.code(), Some(0));
    let rules: Vec<serde_json::Value> = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(rules.len(), sp_rules_count());
    assert!(rules.iter().any(|rule| rule["id"] == "frontends-before-backends" && rule["severity"] == "required"));
    let output = run(&["rules", "--format", "markdown"], None);
    let text = stdout(&output);
    assert!(text.contains("\n## `e55-active-node-first` {#rule-e55-active-node-first}\n"), "{text}");
    assert_eq!(text.matches("{#rule-").count(), rules.len());
}

/// The number of rules, counted from the registry source so the test needs no library.
fn sp_rules_count() -> usize {
    let registry = std::fs::read_to_string(workspace().join("crates/rules/src/rules/mod.rs")).unwrap();
    registry.lines().filter(|line| line.trim_start().starts_with("&") && line.contains("::INFO")).count()
}

#[test]
fn check_refuses_a_malformed_step_list() {
    let steps = temp_file("steps.json", "[{\"n\": 1, \"action\": \"dance\", \"target\": \"*\"}]");
    let err = bad_input(&["check", "examples/e55-cluster.json", "--steps", steps.to_str().unwrap()], None);
    assert!(err.starts_with(&format!("sp-planner: {}: ", steps.to_str().unwrap())), "{err}");
    let ghost = temp_file("ghost.json", r#"[{"n": 1, "action": "move", "target": "TS-EXCHANGE", "from": "TS-A", "to": "NOPE"}]"#);
    let ghost = ghost.to_str().unwrap();
    assert_eq!(
        bad_input(&["check", "examples/e55-cluster.json", "--steps", ghost], None),
        format!("sp-planner: {ghost}: steps[0].to: step 1: unknown node `NOPE`")
    );
    assert_eq!(
        bad_input(&["check", "-", "--steps", "-"], None),
        "sp-planner: the topology and the steps cannot both come from standard input"
    );
}

#[test]
fn check_passes_the_plan_and_fails_a_reordered_one() {
    for example in examples() {
        let plan = run(&["plan", &example], None);
        let steps = temp_file("plan.json", &stdout(&plan));
        let output = run(&["check", &example, "--steps", steps.to_str().unwrap()], None);
        assert_eq!(output.status.code(), Some(0), "{example}: {}", stdout(&output));
        let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        assert_eq!(report["violations"], serde_json::json!([]), "{example}");
    }
    // Move the back end's install before the front ends: a broken order.
    let example = "examples/e2003-front-end-back-end.json";
    let mut plan: serde_json::Value = serde_json::from_str(&stdout(&run(&["plan", example], None))).unwrap();
    let steps = plan["steps"].as_array_mut().unwrap();
    let back_end = steps.iter().position(|step| step["action"] == "install" && step["target"] == "BE01").unwrap();
    let moved = steps.remove(back_end);
    steps.insert(2, moved);
    for (i, step) in steps.iter_mut().enumerate() {
        step["n"] = serde_json::json!(i + 1);
    }
    let edited = temp_file("edited.json", &plan.to_string());
    let output = run(&["check", example, "--steps", edited.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let rules: Vec<&str> = report["violations"].as_array().unwrap().iter().map(|v| v["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"frontends-before-backends"), "{rules:?}");
    let output = run(&["check", example, "--steps", edited.to_str().unwrap(), "--format", "text"], None);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("step 3: frontends-before-backends (required)"), "{text}");
}

#[test]
fn the_readme_excerpt_matches_the_real_output() {
    let readme = std::fs::read_to_string(workspace().join("README.md")).unwrap();
    let section = readme.split("## Command line").nth(1).expect("the README has a Command line section");
    let excerpt = section.split("```text\n").nth(1).and_then(|rest| rest.split("```").next()).unwrap();
    let output = stdout(&run(&["plan", "examples/e2000-active-active.json", "--format", "text"], None));
    let mut checked = 0;
    for line in excerpt.lines().filter(|line| line.trim() != "...") {
        assert!(output.lines().any(|real| real == line), "README line not in the output: {line}");
        checked += 1;
    }
    assert!(checked >= 5);
    let err = bad_input(&["plan", "-"], Some("{\"servers\": [}"));
    assert!(section.contains(&format!("`{err}`")), "{err}");
}

#[test]
fn oversized_input_is_refused() {
    let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(17 * 1024 * 1024));
    assert_eq!(bad_input(&["plan", "-"], Some(&huge)), "sp-planner: standard input: the input is larger than 16 MiB");
    let path = temp_file("huge.json", &huge);
    let path = path.to_str().unwrap();
    assert_eq!(bad_input(&["plan", path], None), format!("sp-planner: {path}: the input is larger than 16 MiB"));
}

#[test]
fn search_finds_error_codes_and_refuses_an_empty_query() {
    let output = run(&["search", "c1037b44", "--limit", "3"], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let hits: Vec<serde_json::Value> = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(!hits.is_empty() && hits.len() <= 3, "{hits:?}");
    assert_eq!(hits[0]["id"], "error-c1037b44");
    assert_eq!(bad_input(&["search", "  "], None), "sp-planner: the search query is empty");
}
