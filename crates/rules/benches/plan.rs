//! How long the planner takes, alone and followed by the validator, on organisations of
//! 10 to 10,000 servers and nodes (see `support/mod.rs` for their shape: pools of front
//! ends, back ends, and clusters of every version and mode).
//! Target: plan and check of 1,000 computers under 1 ms, growth no worse than n log n.
//!
//! `plan` and `plan-and-check` work on a topology validated once beforehand, as the CLI
//! holds it after reading it ([`sp_rules::Validated`]); `plan-topology` and
//! `plan-and-check-topology` call [`sp_rules::plan`] and [`sp_rules::check`] on the plain
//! topology, which validate it and index its names again on every call.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod support;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sp_rules::{Validated, check, plan};

fn bench_plan(c: &mut Criterion) {
    let organisations: Vec<(usize, Validated)> = [1, 10, 100, 1000]
        .into_iter()
        .map(|blocks| {
            let topology = Validated::new(support::organisation(blocks)).unwrap();
            assert_eq!(support::computers(&topology), 10 * blocks);
            let report = topology.check(&topology.plan().unwrap().steps).unwrap();
            assert!(report.violations.is_empty(), "{:?}", report.violations.first());
            (10 * blocks, topology)
        })
        .collect();
    let mut group = c.benchmark_group("plan");
    for (computers, topology) in &organisations {
        group.throughput(Throughput::Elements(*computers as u64));
        group.bench_with_input(BenchmarkId::from_parameter(computers), topology, |b, topology| {
            b.iter(|| black_box(topology).plan().unwrap());
        });
    }
    group.finish();
    let mut group = c.benchmark_group("plan-and-check");
    for (computers, topology) in &organisations {
        group.throughput(Throughput::Elements(*computers as u64));
        group.bench_with_input(BenchmarkId::from_parameter(computers), topology, |b, topology| {
            b.iter(|| {
                let plan = black_box(topology).plan().unwrap();
                topology.check(&plan.steps).unwrap()
            });
        });
    }
    group.finish();
    let mut group = c.benchmark_group("plan-topology");
    for (computers, topology) in &organisations {
        let topology = topology.topology();
        group.throughput(Throughput::Elements(*computers as u64));
        group.bench_with_input(BenchmarkId::from_parameter(computers), topology, |b, topology| {
            b.iter(|| plan(black_box(topology)).unwrap());
        });
    }
    group.finish();
    let mut group = c.benchmark_group("plan-and-check-topology");
    for (computers, topology) in &organisations {
        let topology = topology.topology();
        group.throughput(Throughput::Elements(*computers as u64));
        group.bench_with_input(BenchmarkId::from_parameter(computers), topology, |b, topology| {
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
