//! A developer's tool: lists content errors and sections, or runs a search.
//!
//! `cargo run -p sp-kb --example kbtool -- errors|sections|stats|dump|search QUERY|segments DIR`
//!
//! `segments DIR` writes the embedded text and each segment of the embedded tables to a file of
//! its own in `DIR` (`kb.txt`, `0-Meta.bin`…), so that their sizes can be measured compressed.

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
        Some("segments") => {
            let dir = std::path::PathBuf::from(args.get(1).map_or(".", String::as_str));
            let (text, tables) = sp_kb::Kb::embedded();
            let segments = match sp_kb_text::layout::split(tables) {
                Ok(segments) => segments,
                Err(error) => return eprintln!("{error}"),
            };
            let mut files = vec![("kb.txt".to_owned(), text.as_bytes())];
            for (i, (segment, bytes)) in sp_kb_text::layout::Segment::ALL.iter().zip(segments).enumerate() {
                files.push((format!("{i}-{segment:?}.bin"), bytes));
            }
            for (name, bytes) in files {
                let path = dir.join(&name);
                match std::fs::write(&path, bytes) {
                    Ok(()) => println!("{:>8} {}", bytes.len(), path.display()),
                    Err(error) => return eprintln!("cannot write {}: {error}", path.display()),
                }
            }
        }
        _ => eprintln!("usage: kbtool errors|sections|stats|dump|search QUERY|segments DIR"),
    }
}
