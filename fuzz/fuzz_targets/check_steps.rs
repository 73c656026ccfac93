#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sp_rules::Topology;

/// The seed topologies, read once from the repository this crate sits in.
fn seeds() -> &'static [(String, Topology)] {
    static SEEDS: OnceLock<Vec<(String, Topology)>> = OnceLock::new();
    SEEDS.get_or_init(|| sp_fuzz::seeds(&Path::new(env!("CARGO_MANIFEST_DIR")).join("..")))
}

fuzz_target!(|data: &[u8]| sp_fuzz::check_steps(seeds(), data));
