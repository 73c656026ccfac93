//! Runs one query in a loop, for profiling: `profile QUERY [ITERATIONS]` on the real content,
//! `profile --corpus QUERY [ITERATIONS]` on the benchmarks' generated corpus; or, with `--open`,
//! opens the embedded knowledge base; with `--index`, opens it and builds its search index; or,
//! with `--build`, compiles `content/` from disk (as the build script does) and opens the
//! result.

#[path = "../benches/corpus.rs"]
mod corpus;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let query = args.first().cloned().unwrap_or_default();
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let start = std::time::Instant::now();
    match query.as_str() {
        "--build" => {
            let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
            let sources = match sp_kb_build::Sources::read(&content) {
                Ok(sources) => sources,
                Err(error) => return eprintln!("cannot read {}: {error}", content.display()),
            };
            let start = std::time::Instant::now();
            for _ in 0..n {
                let compiled = sources.compile();
                std::hint::black_box(sp_kb::Kb::open(&compiled.text, &compiled.tables, &[]).is_ok());
            }
            return println!("{:?} per run", start.elapsed() / n as u32);
        }
        "--corpus" => {
            let generated = corpus::corpus();
            let pages: Vec<(&str, &str)> = generated.iter().map(|(f, t)| (f.as_str(), t.as_str())).collect();
            let compiled = sp_kb_build::compile(&pages, &[]);
            let Ok(kb) = sp_kb::Kb::open(&compiled.text, &compiled.tables, &[]) else { return eprintln!("the corpus does not open") };
            let query = args.get(1).cloned().unwrap_or_default();
            let n: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1000);
            let start = std::time::Instant::now();
            for _ in 0..n {
                std::hint::black_box(kb.search(std::hint::black_box(&query), 10));
            }
            return println!("{:?} per run", start.elapsed() / n as u32);
        }
        "--open" => {
            let (text, tables) = sp_kb::Kb::embedded();
            for _ in 0..n {
                std::hint::black_box(sp_kb::Kb::open(std::hint::black_box(text), tables, &[]).is_ok());
            }
        }
        "--index" => {
            let (text, tables) = sp_kb::Kb::embedded();
            for _ in 0..n {
                std::hint::black_box(sp_kb::Kb::open(std::hint::black_box(text), tables, &[]).map(|kb| kb.index_stats().postings).ok());
            }
        }
        _ => {
            let kb = sp_kb::Kb::get();
            for _ in 0..n {
                std::hint::black_box(kb.search(std::hint::black_box(&query), 10));
            }
        }
    }
    println!("{:?} per run", start.elapsed() / n as u32);
}
