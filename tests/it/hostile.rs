//! Hostile and very large input: each case gets a clear error or a correct answer, never a
//! panic. The committed fuzz corpus is replayed here through the fuzz oracles, so plain
//! `cargo test` guards against regressions the fuzzers once found.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "../../fuzz/src/lib.rs"]
mod oracles;

use std::path::{Path, PathBuf};

use sp_kb::Kb;
use sp_link::{PlanSource, Route};
use sp_rules::{Action, ErrorKind, Topology, builds, check, parse_steps, plan};

/// The size limit of a topology document (`MAX_JSON_BYTES` in sp-rules).
const MAX_JSON_BYTES: usize = 16 * 1024 * 1024;

/// The most servers and cluster nodes an organisation may have (`MAX_MACHINES` in sp-rules).
const MAX_MACHINES: usize = 50_000;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every file of `fuzz/corpus/<target>/`, sorted by name.
fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = root().join("fuzz/corpus").join(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "the corpus of {target} is empty");
    files
}

/// Runs `oracle` on every corpus file of `target` and names the files it panics on.
fn replay(target: &str, oracle: impl Fn(&[u8])) {
    let mut failed = Vec::new();
    for (name, data) in corpus(target) {
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| oracle(&data))).is_err() {
            failed.push(name);
        }
    }
    assert!(failed.is_empty(), "the {target} oracle fails on: {}", failed.join(", "));
}

#[test]
fn the_topology_corpus_passes() {
    replay("topology", oracles::topology);
}

#[test]
fn the_check_steps_corpus_passes() {
    let seeds = oracles::seeds(&root());
    assert!(seeds.len() >= 20, "only {} seed topologies", seeds.len());
    replay("check_steps", |data| oracles::check_steps(&seeds, data));
}

#[test]
fn the_search_corpus_passes() {
    replay("search", oracles::search);
}

#[test]
fn the_build_number_corpus_passes() {
    replay("build_number", oracles::build_number);
}

#[test]
fn the_url_hash_corpus_passes() {
    replay("url_hash", oracles::url_hash);
}

/// A small organisation with the given server names: front ends first, then back ends.
fn organisation(names: &[&str]) -> String {
    let servers: Vec<serde_json::Value> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let role = if i == 0 { "front-end" } else { "back-end" };
            serde_json::json!({"name": name, "version": "2003", "level": "SP1", "role": role})
        })
        .collect();
    serde_json::json!({"name": "Hostile", "servers": servers, "update": {"service_pack": {"2003": "SP2"}}})
        .to_string()
}

fn many_servers(count: usize) -> String {
    let names: Vec<String> = (0..count).map(|i| format!("S{i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    organisation(&names)
}

#[test]
fn ten_megabytes_of_whitespace_plan_like_the_bare_document() {
    let bare = organisation(&["FE1", "BE1"]);
    let padded = bare.replacen('{', &format!("{{{}", " \n\t".repeat(10 * 1024 * 1024 / 3)), 1);
    assert!(padded.len() > 10 * 1024 * 1024);
    let expected = plan(&Topology::from_json(&bare).unwrap()).unwrap();
    assert_eq!(plan(&Topology::from_json(&padded).unwrap()).unwrap(), expected);
}

#[test]
fn a_ten_megabyte_name_is_refused_with_a_short_message() {
    let name = "N".repeat(10 * 1024 * 1024);
    let err = Topology::from_json(&organisation(&["FE1", &name])).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert_eq!(err.path(), Some("servers[1].name"));
    assert!(err.message().ends_with("is longer than 256 characters"), "{}", err.message());
    assert!(err.to_string().len() < 500, "the message repeats the name: {} bytes", err.to_string().len());
}

#[test]
fn a_document_over_the_size_limit_is_refused_before_parsing() {
    let json = format!("{}{}", organisation(&["FE1"]), " ".repeat(MAX_JSON_BYTES));
    let err = Topology::from_json(&json).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooLarge);
    assert!(err.message().contains("the limit is"), "{}", err.message());
}

#[test]
fn a_hundred_thousand_servers_are_refused_with_the_limit() {
    let err = Topology::from_json(&many_servers(100_000)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooLarge);
    assert!(err.message().contains("100000 servers"), "{}", err.message());
}

#[test]
fn the_largest_allowed_organisation_is_planned_and_passes_the_validator() {
    let topology = Topology::from_json(&many_servers(MAX_MACHINES)).unwrap();
    let planned = plan(&topology).unwrap();
    let installs = planned.steps.iter().filter(|step| step.action == Action::Install).count();
    assert_eq!(installs, MAX_MACHINES);
    let report = check(&topology, &planned.steps).unwrap();
    assert!(report.violations.is_empty(), "{:?}", report.violations.first());
}

#[test]
fn deeply_nested_json_is_a_syntax_error() {
    for nested in ["[".repeat(100_000), "{\"a\":".repeat(100_000), format!("{}{}", "[".repeat(100_000), "]".repeat(100_000))] {
        let err = Topology::from_json(&nested).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Syntax | ErrorKind::Shape), "{err}");
        let err = parse_steps(&nested).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Syntax | ErrorKind::Shape), "{err}");
    }
}

#[test]
fn a_server_nested_deep_inside_a_field_is_refused() {
    let json = organisation(&["FE1"]).replacen("\"Hostile\"", &format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000)), 1);
    assert!(Topology::from_json(&json).is_err());
}

const MARKUP_NAMES: [&str; 6] = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "FE&amp;1",
    "**BOLD**",
    "[link](javascript:alert(1))",
    "`tick` {{x}} ${y}",
];

#[test]
fn names_with_markup_come_back_unchanged() {
    let topology = Topology::from_json(&organisation(&MARKUP_NAMES)).unwrap();
    let planned = plan(&topology).unwrap();
    let mut installed: Vec<&str> =
        planned.steps.iter().filter(|step| step.action == Action::Install).map(|step| step.target.as_str()).collect();
    installed.sort_unstable();
    let mut expected = MARKUP_NAMES.to_vec();
    expected.sort_unstable();
    assert_eq!(installed, expected);
    let text = planned.to_text();
    for name in MARKUP_NAMES {
        assert!(text.contains(name), "the text plan changed {name:?}");
    }
    // The plan survives being written and read back as a step list.
    let steps = parse_steps(&serde_json::to_string(&planned).unwrap()).unwrap();
    assert_eq!(steps, planned.steps);
    assert!(check(&topology, &steps).unwrap().violations.is_empty());
}

#[test]
fn a_violation_names_a_markup_server_unchanged() {
    let names = ["<b>FE</b>", "<i>BE</i>"];
    let topology = Topology::from_json(&organisation(&names)).unwrap();
    let mut steps = plan(&topology).unwrap().steps;
    let fe = steps.iter().position(|s| s.action == Action::Install && s.target == names[0]).unwrap();
    let be = steps.iter().position(|s| s.action == Action::Install && s.target == names[1]).unwrap();
    steps.swap(fe, be);
    let report = check(&topology, &steps).unwrap();
    let violation = report.violations.iter().find(|v| v.rule == "frontends-before-backends").unwrap();
    assert!(names.contains(&violation.target.as_str()), "{violation:?}");
    assert!(violation.message.contains("<i>BE</i>") || violation.message.contains("<b>FE</b>"), "{violation:?}");
}

#[test]
fn names_with_control_characters_are_refused_and_escaped_in_the_message() {
    for name in ["A\u{7}B", "FE\u{1b}[31m", "line\nbreak", "tab\there", "nul\u{0}", "del\u{7f}", "c1\u{85}"] {
        let err = Topology::from_json(&organisation(&["FE1", name])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid, "{name:?}");
        assert_eq!(err.path(), Some("servers[1].name"), "{name:?}");
        assert!(err.message().contains("control character"), "{}", err.message());
        assert!(!err.to_string().chars().any(char::is_control), "raw control character in {:?}", err.to_string());
    }
}

#[test]
fn step_targets_with_markup_are_reported_as_data() {
    let topology = Topology::from_json(&organisation(&["FE1", "BE1"])).unwrap();
    let steps = parse_steps(r#"[{"n": 1, "action": "install", "target": "<script>x</script>"}]"#).unwrap();
    let err = check(&topology, &steps).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadStep);
    assert!(err.message().contains("<script>x</script>"), "{}", err.message());
}

#[test]
fn a_hundred_thousand_steps_get_a_report_with_one_moment_each() {
    let topology = Topology::from_json(&organisation(&["FE1", "BE1"])).unwrap();
    let steps: Vec<String> =
        (1..=100_000).map(|n| format!(r#"{{"n": {n}, "action": "verify", "target": "*"}}"#)).collect();
    let steps = parse_steps(&format!("[{}]", steps.join(","))).unwrap();
    let report = check(&topology, &steps).unwrap();
    assert_eq!(report.timeline.len(), 100_000);
    assert!(!report.ok, "nothing was installed, so the report cannot be ok");
}

#[test]
fn a_markup_query_is_escaped_in_every_snippet() {
    let kb = Kb::get();
    for query in ["<script>alert(1)</script> cluster", "<mark>node</mark>", "&lt;b&gt; service pack", "\"><img src=x>"] {
        for hit in kb.search(query, 20) {
            let html = format!("{}{}", hit.snippet_html(), hit.title_html());
            let stripped = html.replace("<mark>", "").replace("</mark>", "");
            assert!(!stripped.contains('<'), "unescaped markup for {query:?}: {html}");
        }
    }
}

#[test]
fn over_long_queries_answer_within_the_limit() {
    let kb = Kb::get();
    let queries = [
        "cluster ".repeat(128 * 1024),
        "a".repeat(1024 * 1024),
        "é".repeat(512 * 1024),
        "\"".repeat(1024 * 1024),
        "\u{0}\u{1b}".repeat(256 * 1024),
        format!("\"{}", "node ".repeat(200_000)),
    ];
    for query in &queries {
        let hits = kb.search(query, 10);
        assert!(hits.len() <= 10);
        for hit in &hits {
            assert!(hit.score.is_finite());
        }
    }
    // Words past the first few are ignored, so a long query still finds what its start asks.
    let long = format!("c1037b44 {}", "zzzqqq ".repeat(100_000));
    assert_eq!(kb.search(&long, 5).first().map(|hit| hit.id), kb.search("c1037b44", 5).first().map(|hit| hit.id));
}

#[test]
fn over_long_build_numbers_are_refused() {
    for input in ["6".repeat(1024 * 1024), format!("6.5.{}", "7".repeat(1000)), format!("Version 6.5 (Build {}", "(".repeat(10_000))] {
        let err = builds::lookup(&input).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnknownBuild, "{err}");
        assert!(err.to_string().len() < 500);
    }
}

#[test]
fn a_one_megabyte_url_hash_is_a_route_and_its_link_is_refused_in_words() {
    let value = "A".repeat(1024 * 1024 + 1);
    let route = Route::parse(&format!("#/plan?t={value}"));
    let Route::Plan { source: PlanSource::Topology(carried) } = &route else {
        panic!("not a plan route: {route:?}");
    };
    let err = sp_link::link_json(carried).unwrap_err();
    assert!(err.contains("at most 1048576 bytes"), "{err}");
    // A megabyte of anything else is a route that is not found or a search, never a panic.
    for hash in ["#/kb/".to_owned() + &"a".repeat(1024 * 1024), "#/search?q=".to_owned() + &"%41".repeat(350_000), "#".repeat(1024 * 1024)] {
        let route = Route::parse(&hash);
        assert_eq!(Route::parse(&route.to_hash()), route);
    }
}

#[test]
fn a_link_just_under_the_limit_carries_a_large_organisation() {
    let topology = Topology::from_json(&many_servers(10_000)).unwrap();
    let link = sp_link::encode_link(&topology);
    assert!(link.len() < sp_link::MAX_LINK_BYTES, "{} bytes", link.len());
    let route = Route::parse(&format!("#/plan?t={link}"));
    let Route::Plan { source: PlanSource::Topology(carried) } = route else {
        panic!("not a plan route");
    };
    assert_eq!(Topology::from_json(&sp_link::link_json(&carried).unwrap()).unwrap(), topology);
}
