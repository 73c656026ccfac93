//! A developer's tool: lists content errors and sections, or runs a search.
//!
//! `cargo run -p sp-kb --example kbtool -- errors|sections|stats|dump|search QUERY`

fn main() {
    let kb = sp_kb::Kb::get();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("errors") => {
            for error in kb.errors() {
                println!("{error}");
            }
        }
        Some("sections") => {
            for s in kb.sections() {
                println!("{} [{}] {} preset={:?} rules={:?}", s.id, s.level, s.breadcrumbs.join(" › "), s.preset, s.rules);
            }
        }
        Some("dump") => print!("{}", kb.index_dump()),
        Some("stats") => {
            println!("{:?}", kb.index_stats());
            kb.warm();
            println!("with the typo dictionary: {:?}", kb.index_stats());
        }
        Some("search") => {
            let query = args.get(1..).map(|a| a.join(" ")).unwrap_or_default();
            for hit in kb.search(&query, 100) {
                println!("{:7.3} {} — {}\n        {}", hit.score, hit.id, hit.breadcrumbs.join(" › "), hit.snippet_html());
            }
        }
        _ => eprintln!("usage: kbtool errors|sections|stats|dump|search QUERY"),
    }
}
