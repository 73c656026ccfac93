//! Runs one query in a loop, for profiling: `profile QUERY [ITERATIONS]`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let query = args.first().cloned().unwrap_or_default();
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let kb = sp_kb::Kb::get();
    let start = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(kb.search(std::hint::black_box(&query), 10));
    }
    println!("{:?} per query", start.elapsed() / n as u32);
}
