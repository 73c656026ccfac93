//! The fuzz oracles, shared by the cargo-fuzz targets in `fuzz_targets/` and by the stable
//! replay test in `tests/it/hostile.rs`, which includes this file as a module.
//!
//! Each function takes the raw bytes a fuzzer made and panics only when the code under test
//! breaks one of its promises: a panic inside the crates, or an answer that contradicts
//! another part of the same crates.

use std::path::Path;

use sp_kb::Kb;
use sp_link::{PlanSource, Route, decode_component, encode_component, encode_link, link_json, parse_query};
use sp_rules::{Topology, builds, check, parse_steps, plan};

/// Topology JSON: read it, plan it, and check the plan; the validator must accept every plan
/// the planner writes.
pub fn topology(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let topology = match Topology::from_json(text) {
        Ok(topology) => topology,
        Err(err) => {
            assert!(!err.to_string().is_empty(), "an error without a message for {text:?}");
            return;
        }
    };
    let Ok(planned) = plan(&topology) else {
        return;
    };
    let _ = planned.to_text();
    let _ = planned.to_markdown();
    let report = match check(&topology, &planned.steps) {
        Ok(report) => report,
        Err(err) => panic!("the validator refused the planner's plan: {err}\ntopology: {text}"),
    };
    assert!(
        report.violations.is_empty(),
        "the planner's plan breaks rules: {:?}\ntopology: {text}",
        report.violations
    );
    assert!(report.ok, "a report without violations is not ok\ntopology: {text}");
    assert_eq!(report.timeline.len(), planned.steps.len(), "one moment per step\ntopology: {text}");
}

/// The topologies `check_steps` runs step lists against: every scenario topology and every
/// preset under `root`, sorted by name. Files that do not parse are left out.
pub fn seeds(root: &Path) -> Vec<(String, Topology)> {
    let mut seeds = Vec::new();
    if let Ok(dirs) = std::fs::read_dir(root.join("tests/scenarios")) {
        for dir in dirs.flatten() {
            let path = dir.path().join("topology.json");
            if let Ok(text) = std::fs::read_to_string(&path)
                && let Ok(topology) = Topology::from_json(&text)
            {
                seeds.push((dir.file_name().to_string_lossy().into_owned(), topology));
            }
        }
    }
    if let Ok(files) = std::fs::read_dir(root.join("content/presets")) {
        for file in files.flatten() {
            let path = file.path();
            if let (Some(stem), Ok(text)) = (path.file_stem(), std::fs::read_to_string(&path))
                && let Ok(topology) = Topology::from_json(&text)
            {
                seeds.push((format!("preset-{}", stem.to_string_lossy()), topology));
            }
        }
    }
    seeds.sort_by(|a, b| a.0.cmp(&b.0));
    seeds
}

/// A step list against one of the seed topologies. The first line names the seed (an unknown
/// name picks one by a hash of the line); the rest is the step-list JSON.
pub fn check_steps(seeds: &[(String, Topology)], data: &[u8]) {
    if seeds.is_empty() {
        return;
    }
    let (name, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(at) => data.split_at(at),
        None => (&[][..], data),
    };
    let rest = rest.strip_prefix(b"\n").unwrap_or(rest);
    let Ok(json) = std::str::from_utf8(rest) else {
        return;
    };
    let chosen = seeds.iter().position(|(seed, _)| seed.as_bytes() == name).unwrap_or_else(|| {
        let hash = name.iter().fold(0usize, |h, &b| h.wrapping_mul(31).wrapping_add(usize::from(b)));
        hash % seeds.len()
    });
    let Some((_, topology)) = seeds.get(chosen) else {
        return;
    };
    let Ok(steps) = parse_steps(json) else {
        return;
    };
    if let Ok(report) = check(topology, &steps) {
        assert_eq!(report.ok, report.violations.is_empty(), "ok disagrees with the violations\nsteps: {json}");
        assert_eq!(report.timeline.len(), steps.len(), "one moment per step\nsteps: {json}");
    }
}

/// A search query against the real knowledge base: finite scores in order, at most the
/// limit, and highlight ranges inside the text on character boundaries.
pub fn search(data: &[u8]) {
    let query = String::from_utf8_lossy(data);
    let limit = 20;
    let hits = Kb::get().search(&query, limit);
    assert!(hits.len() <= limit, "{} hits for a limit of {limit}", hits.len());
    for hit in &hits {
        assert!(hit.score.is_finite(), "score {} for {query:?}", hit.score);
        check_ranges(&hit.snippet, &hit.matches, &query);
        check_ranges(hit.title, &hit.title_matches, &query);
        let _ = hit.snippet_html();
        let _ = hit.title_html();
    }
    for pair in hits.windows(2) {
        if let [first, second] = pair {
            assert!(first.score >= second.score, "hits out of score order for {query:?}");
        }
    }
}

fn check_ranges(text: &str, ranges: &[(usize, usize)], query: &str) {
    for &(start, end) in ranges {
        assert!(start <= end && end <= text.len(), "range {start}..{end} outside {text:?} for {query:?}");
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "range {start}..{end} splits a character of {text:?} for {query:?}"
        );
    }
}

/// A build number: an answer must describe itself, and its own build number must read back
/// as the same version and level.
pub fn build_number(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(info) = builds::lookup(text) else {
        return;
    };
    let _ = info.describe();
    match builds::lookup(&info.build) {
        Ok(again) => {
            assert_eq!((again.version, again.level), (info.version, info.level), "{text:?} read back differently");
        }
        Err(err) => panic!("{text:?} gave build {:?}, which does not read back: {err}", info.build),
    }
}

/// A URL hash: any text is a route, a route reads back from the hash it writes, and a topology
/// a link carries reads back from the link written for it.
pub fn url_hash(data: &[u8]) {
    let hash = String::from_utf8_lossy(data);
    let route = Route::parse(&hash);
    let written = route.to_hash();
    assert_eq!(Route::parse(&written), route, "{hash:?} reads as {route:?} but writes {written:?}");
    if let Route::Plan { source: PlanSource::Topology(value) } = &route
        && let Ok(json) = link_json(value)
        && let Ok(topology) = Topology::from_json(&json)
    {
        let link = encode_link(&topology);
        match link_json(&link) {
            Ok(again) => assert_eq!(Topology::from_json(&again).as_ref(), Ok(&topology), "the link {link:?} reads differently"),
            Err(err) => panic!("the link written for {json:?} does not read: {err}"),
        }
    }
    let _ = parse_query(&hash);
    if let Ok(text) = decode_component(&hash) {
        assert_eq!(decode_component(&encode_component(&text)).as_ref(), Ok(&text), "{hash:?} does not round-trip");
    }
}
