//! Plans and checks one generated organisation, for counting instructions, which unlike
//! times do not depend on the load of the machine:
//!
//! ```text
//! cargo build --release -p sp-rules --example plan_check
//! perf stat -e instructions:u target/release/examples/plan_check 1000 setup
//! perf stat -e instructions:u target/release/examples/plan_check 1000 plan
//! perf stat -e instructions:u target/release/examples/plan_check 1000 plan-and-check
//! ```
//!
//! The first argument is the number of computers (a multiple of ten, default 1,000); the
//! second is what to run after building the organisation: `setup` (nothing), `plan`, or
//! `plan-and-check` (the default). The difference between two runs' counts is the cost
//! of the part the second adds.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "../benches/support/mod.rs"]
mod support;

fn main() {
    let mut args = std::env::args().skip(1);
    let computers: usize = args.next().map_or(1000, |n| n.parse().expect("a number of computers"));
    let what = args.next().unwrap_or_else(|| "plan-and-check".to_owned());
    let topology = support::organisation(computers / 10);
    // Building the organisation leaves thousands of small freed blocks, which glibc's
    // allocator gathers up at the next large request; make that request here, so that the
    // gathering is counted in `setup` rather than in whatever runs next.
    drop(std::hint::black_box(vec![0_u8; 64 * 1024]));
    if what == "setup" {
        println!("{} computers", support::computers(&topology));
        return;
    }
    let plan = sp_rules::plan(&topology).expect("the organisation plans");
    if what == "plan" {
        println!("{} computers: {} steps", support::computers(&topology), plan.steps.len());
        return;
    }
    let report = sp_rules::check(&topology, &plan.steps).expect("the plan checks");
    assert!(report.ok, "{:?}", report.violations.first());
    println!("{} computers: {} steps checked", support::computers(&topology), report.timeline.len());
}
