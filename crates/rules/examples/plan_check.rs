//! Plans and checks one generated organisation, for counting instructions, which unlike
//! times do not depend on the load of the machine:
//!
//! ```text
//! cargo build --profile bench -p sp-rules --example plan_check
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/plan_check 1000 setup
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/plan_check 1000 plan
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/plan_check 1000 plan-and-check
//! ```
//!
//! The first argument is the number of computers (a multiple of ten, default 1,000); the
//! second is what to run after building and validating the organisation: `setup`
//! (nothing), `plan` or `plan-and-check` (the default) on the validated topology
//! ([`sp_rules::Validated`]), or `plan-topology` and `plan-and-check-topology`, which call
//! [`sp_rules::plan`] and [`sp_rules::check`] on the plain topology instead (validating it
//! again and indexing its names again). The difference between two runs' counts is the
//! cost of the part the second adds.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "../benches/support/mod.rs"]
mod support;

use sp_rules::{Plan, Report, Validated};

fn main() {
    let mut args = std::env::args().skip(1);
    let computers: usize = args.next().map_or(1000, |n| n.parse().expect("a number of computers"));
    let what = args.next().unwrap_or_else(|| "plan-and-check".to_owned());
    let topology = Validated::new(support::organisation(computers / 10)).expect("the organisation is valid");
    // Building the organisation leaves thousands of small freed blocks, which glibc's
    // allocator gathers up at the next large request; make that request here, so that the
    // gathering is counted in `setup` rather than in whatever runs next.
    drop(std::hint::black_box(vec![0_u8; 64 * 1024]));
    let computers = support::computers(&topology);
    let plan = |validated: bool| -> Plan {
        if validated { topology.plan() } else { sp_rules::plan(&topology) }.expect("the organisation plans")
    };
    let check = |validated: bool, plan: &Plan| -> Report {
        let report = if validated { topology.check(&plan.steps) } else { sp_rules::check(&topology, &plan.steps) };
        let report = report.expect("the plan checks");
        assert!(report.ok, "{:?}", report.violations.first());
        report
    };
    match what.as_str() {
        "setup" => println!("{computers} computers"),
        "plan" | "plan-topology" => {
            let plan = plan(what == "plan");
            println!("{computers} computers: {} steps", plan.steps.len());
        }
        "plan-and-check" | "plan-and-check-topology" => {
            let validated = what == "plan-and-check";
            let report = check(validated, &plan(validated));
            println!("{computers} computers: {} steps checked", report.timeline.len());
        }
        other => panic!("unknown run `{other}`: give setup, plan, plan-and-check, plan-topology or plan-and-check-topology"),
    }
}
