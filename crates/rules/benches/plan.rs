//! How long the planner takes, alone and followed by the validator, on organisations of
//! 10 to 10,000 servers and nodes (see `support/mod.rs` for their shape: pools of front
//! ends, back ends, and clusters of every version and mode).
//! Target: plan and check of 1,000 computers under 1 ms, growth no worse than n log n.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod support;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sp_rules::{check, plan};

fn bench_plan(c: &mut Criterion) {
    let mut group = c.benchmark_group("plan");
    for blocks in [1, 10, 100, 1000] {
        let topology = support::organisation(blocks);
        assert_eq!(support::computers(&topology), 10 * blocks);
        group.throughput(Throughput::Elements(10 * blocks as u64));
        group.bench_with_input(BenchmarkId::from_parameter(10 * blocks), &topology, |b, topology| {
            b.iter(|| plan(black_box(topology)).unwrap());
        });
    }
    group.finish();
    let mut group = c.benchmark_group("plan-and-check");
    for blocks in [1, 10, 100, 1000] {
        let topology = support::organisation(blocks);
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
