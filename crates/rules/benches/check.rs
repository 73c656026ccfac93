//! How long the validator takes on organisations of 10 to 10,000 servers and nodes.
//!
//! Each organisation repeats one mixed unit (ten computers: load-balanced Exchange 2003
//! front ends, back ends of each version, an Exchange 2003 active/passive cluster and an
//! Exchange 2000 active/active cluster). The planner writes the step list once, outside
//! the measurement; the benchmark times `check` alone. Target: 10,000 computers well under
//! 10 ms, and growth no worse than n log n.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sp_rules::{Step, Topology, check, plan};

/// An organisation of `units` mixed units: `10 * units` servers and nodes.
fn organisation(units: usize) -> Topology {
    let mut servers = Vec::new();
    let mut clusters = Vec::new();
    for u in 0..units {
        servers.push(format!(
            r#"{{"name": "FE{u}A", "version": "2003", "level": "SP1", "role": "front-end", "pool": "OWA{u}", "windows": "2003 SP1"}},
            {{"name": "FE{u}B", "version": "2003", "level": "SP1", "role": "front-end", "pool": "OWA{u}", "windows": "2003 SP1"}},
            {{"name": "BE{u}", "version": "2003", "level": "SP1", "role": "back-end", "windows": "2003 SP1"}},
            {{"name": "FE2K{u}", "version": "2000", "level": "SP2", "role": "front-end", "windows": "2000 SP4"}},
            {{"name": "BE2K{u}", "version": "2000", "level": "SP2", "role": "back-end", "windows": "2000 SP4"}},
            {{"name": "OLD{u}", "version": "5.5", "level": "SP3", "windows": "NT4 SP6a"}}"#
        ));
        clusters.push(format!(
            r#"{{"name": "CL{u}", "version": "2003", "level": "SP1", "mode": "active-passive", "windows": "2003 SP1",
                "nodes": ["N{u}A", "N{u}B"], "virtual_servers": [{{"name": "EVS{u}", "owner": "N{u}A"}}]}},
            {{"name": "CL2K{u}", "version": "2000", "level": "SP2", "mode": "active-active", "windows": "2000 SP4",
                "nodes": ["N2K{u}A", "N2K{u}B"],
                "virtual_servers": [{{"name": "EVS2K{u}A", "owner": "N2K{u}A"}}, {{"name": "EVS2K{u}B", "owner": "N2K{u}B"}}]}}"#
        ));
    }
    let json = format!(
        r#"{{"servers": [{}], "clusters": [{}], "update": {{"service_pack": {{"5.5": "SP4", "2000": "SP3", "2003": "SP2"}}}}}}"#,
        servers.join(","),
        clusters.join(",")
    );
    Topology::from_json(&json).expect("the generated organisation is valid")
}

fn bench_check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    for units in [1, 10, 100, 1000] {
        let topology = organisation(units);
        let steps = plan(&topology).expect("the organisation plans").steps;
        let report = check(&topology, &steps).expect("the plan checks");
        assert!(report.ok, "the planner's plan breaks a rule: {:?}", report.violations.first());
        group.throughput(Throughput::Elements(10 * units as u64));
        group.bench_with_input(BenchmarkId::new("plan-steps", 10 * units), &steps, |b, steps| {
            b.iter(|| check(black_box(&topology), black_box(steps)).expect("the plan checks"));
        });
        // The same steps as a hand-edited list holds them: only the fields `check` reads.
        let bare: Vec<Step> = steps
            .iter()
            .map(|s| {
                let mut step = Step::bare(s.n, s.action, s.target.clone());
                step.from.clone_from(&s.from);
                step.to.clone_from(&s.to);
                step
            })
            .collect();
        group.bench_with_input(BenchmarkId::new("bare-steps", 10 * units), &bare, |b, steps| {
            b.iter(|| check(black_box(&topology), black_box(steps)).expect("the plan checks"));
        });
    }
    group.finish();
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
