//! Runs one query (or, with `--build`, the knowledge-base build) in a loop, for profiling:
//! `profile QUERY [ITERATIONS]` or `profile --build [ITERATIONS]`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let query = args.first().cloned().unwrap_or_default();
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let start = std::time::Instant::now();
    if query == "--build" {
        for _ in 0..n {
            std::hint::black_box(sp_kb::Kb::from_sources(sp_kb::Kb::embedded_pages(), sp_kb::Kb::embedded_presets(), &[]));
        }
    } else {
        let kb = sp_kb::Kb::get();
        for _ in 0..n {
            std::hint::black_box(kb.search(std::hint::black_box(&query), 10));
        }
    }
    println!("{:?} per run", start.elapsed() / n as u32);
}
