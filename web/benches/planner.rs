//! How long one edit takes in the planner's reducer for an organisation of about 100 servers
//! and nodes: the reducer re-validates, re-plans and checks both the recommended and the
//! edited order, which must fit in one frame (16 ms) with room left for rendering.
//!
//! The reducer is pure, so it is measured natively; the page renders the result in the
//! browser, which the browser tests cover.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs, dead_code)]

#[path = "../src/json.rs"]
mod json;
#[path = "../src/planner_state.rs"]
mod planner_state;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use planner_state::{Origin, PlannerAction, PlannerState, ServerField, read_draft};

/// Ten front ends in three pools, 80 back ends and five two-node clusters.
fn organisation() -> String {
    let mut servers = Vec::new();
    for i in 0..10 {
        servers.push(format!(
            r#"{{"name": "FE{i}", "version": "2003", "level": "SP1", "role": "front-end", "pool": "P{}"}}"#,
            i % 3
        ));
    }
    for i in 0..80 {
        servers.push(format!(r#"{{"name": "BE{i}", "version": "2003", "level": "SP1", "role": "back-end"}}"#));
    }
    let clusters: Vec<String> = (0..5)
        .map(|c| {
            format!(
                r#"{{"name": "CL{c}", "version": "2003", "level": "SP1", "mode": "active-passive",
                    "nodes": ["N{c}A", "N{c}B"], "virtual_servers": [{{"name": "EVS{c}", "owner": "N{c}A"}}]}}"#
            )
        })
        .collect();
    format!(
        r#"{{"servers": [{}], "clusters": [{}], "update": {{"service_pack": {{"2003": "SP2"}}}}}}"#,
        servers.join(","),
        clusters.join(",")
    )
}

fn bench_edits(c: &mut Criterion) {
    let topology = read_draft(&organisation()).unwrap();
    let state = PlannerState::default().apply(PlannerAction::Load(Box::new(topology), Origin::Pasted));
    assert!(state.derived.problem.is_none(), "{:?}", state.derived.problem);
    let steps = state.derived.steps.len();
    assert!(steps > 150, "{steps} steps");

    let mut group = c.benchmark_group("planner-edit-100-machines");
    group.bench_function("rename-a-server", |b| {
        b.iter(|| black_box(&state).apply(PlannerAction::EditServer(50, ServerField::Name("MBX50".into()))));
    });
    group.bench_function("move-a-step", |b| {
        b.iter(|| black_box(&state).apply(PlannerAction::MoveStep { from: steps / 2, to: 3 }));
    });
    group.finish();
}

criterion_group!(benches, bench_edits);
criterion_main!(benches);
