//! How long the planner takes, alone and followed by the validator, on organisations of
//! 10 to 10,000 servers and nodes.
//!
//! One block of ten computers repeats: an Exchange 2003 pool of three front ends, an
//! Exchange 2003 back end, an Exchange 2003 three-node active/passive cluster with two
//! virtual servers, and an Exchange 2000 front end with an active/active pair behind it.
//! Target: plan and check of 1,000 computers under 1 ms, growth no worse than n log n.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::json;
use sp_rules::{Topology, check, plan};

/// `blocks` blocks of ten computers each.
fn organisation(blocks: usize) -> Topology {
    let mut servers = Vec::new();
    let mut clusters = Vec::new();
    for b in 0..blocks {
        for m in 0..3 {
            servers.push(json!({"name": format!("fe{b}-{m}"), "version": "2003", "level": "SP1",
                "role": "front-end", "pool": format!("owa{b}")}));
        }
        servers.push(json!({"name": format!("be{b}"), "version": "2003", "level": "RTM", "role": "back-end"}));
        servers.push(json!({"name": format!("fe2k{b}"), "version": "2000", "level": "SP2", "role": "front-end",
            "windows": "2000 SP4"}));
        clusters.push(json!({"name": format!("cl{b}"), "version": "2003", "level": "SP1", "mode": "active-passive",
            "nodes": [format!("n{b}-1"), format!("n{b}-2"), format!("n{b}-3")],
            "virtual_servers": [{"name": format!("evs{b}-1"), "owner": format!("n{b}-1")},
                                {"name": format!("evs{b}-2"), "owner": format!("n{b}-3")}]}));
        clusters.push(json!({"name": format!("aa{b}"), "version": "2000", "level": "SP1", "mode": "active-active",
            "windows": "2000 SP3", "nodes": [format!("m{b}-1"), format!("m{b}-2")],
            "virtual_servers": [{"name": format!("vs{b}-1"), "owner": format!("m{b}-1")},
                                {"name": format!("vs{b}-2"), "owner": format!("m{b}-2")}]}));
    }
    let document = json!({"servers": servers, "clusters": clusters,
        "update": {"service_pack": {"2003": "SP2", "2000": "SP3"}}});
    Topology::from_json(&document.to_string()).unwrap()
}

fn bench_plan(c: &mut Criterion) {
    let mut group = c.benchmark_group("plan");
    for blocks in [1, 10, 100, 1000] {
        let topology = organisation(blocks);
        group.throughput(Throughput::Elements(10 * blocks as u64));
        group.bench_with_input(BenchmarkId::from_parameter(10 * blocks), &topology, |b, topology| {
            b.iter(|| plan(black_box(topology)).unwrap());
        });
    }
    group.finish();
    let mut group = c.benchmark_group("plan-and-check");
    for blocks in [1, 10, 100, 1000] {
        let topology = organisation(blocks);
        let report = check(&topology, &plan(&topology).unwrap().steps).unwrap();
        assert!(report.violations.is_empty(), "{:?}", report.violations.first());
        group.throughput(Throughput::Elements(10 * blocks as u64));
        group.bench_with_input(BenchmarkId::from_parameter(10 * blocks), &topology, |b, topology| {
            b.iter(|| {
                let plan = plan(black_box(topology)).unwrap();
                check(topology, &plan.steps).unwrap()
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench_plan);
criterion_main!(benches);
