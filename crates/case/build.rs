//! Writes the lowercase mapping of the standard library this crate is built with as runs (see
//! `src/lib.rs`), to `$OUT_DIR/runs.rs`. The build script runs on the host, but the host's and
//! the target's standard library come from the same toolchain, so they map alike.

// A build script that cannot write its output should stop the build with the reason.
#![allow(clippy::expect_used)]

use std::fmt::Write as _;

/// A run: a first character, how many characters it covers, one character in every `stride`
/// from the first, and what each one's lowercase adds to it.
struct Run {
    first: u32,
    count: u32,
    stride: u32,
    delta: i64,
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let mut runs: Vec<Run> = Vec::new();
    for c in (0..=0x10_FFFF_u32).filter_map(char::from_u32) {
        let mut lower = c.to_lowercase();
        let (Some(single), None) = (lower.next(), lower.next()) else {
            // Characters with a lowercase of more than one character are listed in `lib.rs`.
            continue;
        };
        if single == c {
            continue;
        }
        let (code, delta) = (u32::from(c), i64::from(u32::from(single)) - i64::from(u32::from(c)));
        if let Some(run) = runs.last_mut() {
            let last = run.first + (run.count - 1) * run.stride;
            let gap = code - last;
            let fits = run.delta == delta && if run.count == 1 { gap <= 2 } else { gap == run.stride };
            if fits && run.count < 128 {
                run.stride = gap;
                run.count += 1;
                continue;
            }
        }
        runs.push(Run { first: code, count: 1, stride: 1, delta });
    }
    let mut out = format!("/// The lowercase mapping as runs, sorted by first character: see `lib.rs`.\nconst RUNS: [u64; {}] = [\n", runs.len());
    for run in &runs {
        assert!(run.first < 1 << 21 && run.count <= 128 && (1..=2).contains(&run.stride) && run.delta.abs() < 1 << 17, "a run does not fit 64 bits");
        let packed = u64::from(run.first) << 43 | u64::from(run.count - 1) << 36 | u64::from(run.stride - 1) << 35 | (run.delta + (1 << 17)) as u64;
        let _ = writeln!(out, "    {packed:#x},");
    }
    out.push_str("];\n");
    let path = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("runs.rs");
    std::fs::write(&path, out).expect("the build directory is writable");
}
