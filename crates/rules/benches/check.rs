//! How long the validator takes on organisations of 10 to 10,000 servers and nodes (see
//! `support/mod.rs` for their shape). The planner writes the step list once, outside the
//! measurement; the benchmark times `check` alone, on the full plan steps and on the same
//! steps as a hand-edited list holds them, both on a validated topology
//! ([`sp_rules::Validated::check`]), and on the full plan steps with the plain topology
//! ([`sp_rules::check`]). Growth must be no worse than n log n.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod support;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sp_rules::{Step, Validated, check};

fn bench_check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    for blocks in [1, 10, 100, 1000] {
        let topology = Validated::new(support::organisation(blocks)).expect("the organisation is valid");
        let steps = topology.plan().expect("the organisation plans").steps;
        let report = topology.check(&steps).expect("the plan checks");
        assert!(report.ok, "the planner's plan breaks a rule: {:?}", report.violations.first());
        group.throughput(Throughput::Elements(10 * blocks as u64));
        group.bench_with_input(BenchmarkId::new("plan-steps", 10 * blocks), &steps, |b, steps| {
            b.iter(|| black_box(&topology).check(black_box(steps)).expect("the plan checks"));
        });
        group.bench_with_input(BenchmarkId::new("plan-steps-topology", 10 * blocks), &steps, |b, steps| {
            b.iter(|| check(black_box(topology.topology()), black_box(steps)).expect("the plan checks"));
        });
        // Only the fields `check` reads, as in a hand-edited list.
        let bare: Vec<Step> = steps
            .iter()
            .map(|s| {
                let mut step = Step::bare(s.n, s.action, s.target.clone());
                step.from.clone_from(&s.from);
                step.to.clone_from(&s.to);
                step
            })
            .collect();
        group.bench_with_input(BenchmarkId::new("bare-steps", 10 * blocks), &bare, |b, steps| {
            b.iter(|| black_box(&topology).check(black_box(steps)).expect("the plan checks"));
        });
    }
    group.finish();
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
