//! Query latency on the real content and on a generated corpus of 1,000 articles of about 400
//! words each; how long the compiled knowledge base takes to open (to be ready for queries);
//! and how long compiling takes (at build time for the real content, at run time for the
//! generated corpus, through `sp_kb_build::compile`).

#![allow(clippy::indexing_slicing, missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sp_kb::Kb;
use sp_kb_build::{Sources, compile};

/// The words the generated articles are made of: the guide's own vocabulary.
const VOCABULARY: &[&str] = &[
    "the", "a", "to", "of", "and", "in", "on", "is", "it", "for", "server", "exchange", "service", "pack",
    "cluster", "node", "virtual", "upgrade", "install", "setup", "restart", "backup", "front", "end", "back",
    "load", "balanced", "hotfix", "version", "build", "error", "event", "administrator", "group", "move",
    "stop", "start", "online", "offline", "passive", "active", "first", "then", "after", "before", "mailbox",
    "store", "information", "system", "attendant", "resource", "windows", "terminal", "services", "session",
    "performance", "optimizer", "registry", "settings", "business", "small", "edition", "clients", "mobile",
    "synchronization", "key", "outlook", "web", "access", "scripts", "browser", "users", "mail", "database",
    "restore", "full", "laboratory", "test", "production", "procedure", "steps", "command", "context", "menu",
    "application", "log", "source", "category", "description", "message", "computer", "does", "not", "match",
    "prerequisite", "permission", "rollup", "cumulative", "release", "original", "update", "updated", "node's",
    "failover", "owner", "owns", "binaries", "metadata", "directory", "population", "index", "full-text",
    "migration", "clean", "installation", "article", "knowledge", "base", "reference", "title", "number",
    "requires", "recommended", "required", "must", "should", "may", "likely", "possible", "none", "outage",
    "window", "pool", "balancer", "together", "rolling", "approach", "cost", "risk", "network", "binding",
    "order", "interface", "public", "private", "heartbeat", "quorum", "disk", "shared", "storage", "drive",
    "consolidate", "swap", "free", "capacity", "load-balanced", "front-end", "back-end", "2000", "2003", "5.5",
    "sp1", "sp2", "sp3", "sp4", "rtm", "1025", "c1037b44", "6.5.7638", "6.0.6249", "842427", "831464",
    "msexchangecluster", "perfwiz", "evs", "sbs", "owa", "activesync", "iis", "smtp", "mta", "routing",
    "engine", "imap4", "pop3", "nntp", "www", "publishing", "analyzer", "tool", "check", "verify", "confirm",
    "unconfirmed", "source", "documented", "blog", "report", "case", "example", "scenario", "organisation",
    "topology", "plan", "planner", "validator", "rule", "warning", "timeline", "phase", "step", "target",
];

/// A deterministic generator (xorshift64*), so every run indexes the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A word, skewed towards the front of the vocabulary as real text is.
    fn word(&mut self) -> &'static str {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let i = ((u * u * u) * VOCABULARY.len() as f64) as usize;
        VOCABULARY[i.min(VOCABULARY.len() - 1)]
    }
}

/// 1,000 articles of about 400 words: a title, four `##` sections of about 95 words each.
fn corpus() -> Vec<(String, String)> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..1000)
        .map(|n| {
            let mut text = format!("+++\nid = \"article-{n}\"\ntitle = \"Article {n} {} {}\"\norder = {n}\n+++\n", rng.word(), rng.word());
            for s in 0..4 {
                text.push_str(&format!("\n## {} {} {s}\n\n", rng.word(), rng.word()));
                for w in 0..95 {
                    text.push_str(rng.word());
                    text.push(if w % 12 == 11 { '\n' } else { ' ' });
                }
                text.push('\n');
            }
            (format!("article-{n:04}.md"), text)
        })
        .collect()
}

/// Queries as people type them: words, typos, a word being typed, codes, phrases.
const QUERIES: &[&str] = &[
    "c1037b44",
    "event 1025",
    "6.5.7638",
    "KB 842427",
    "passive node first",
    "upgrade exchange virtual server",
    "perfomance optimzer",
    "restart terminal serv",
    "\"does not match\"",
    "load balanced front ends togther",
    "synchronisation key error",
    "which node first",
];

fn benches(c: &mut Criterion) {
    let (text, tables) = Kb::embedded();
    c.bench_function("open/real", |b| b.iter(|| Kb::open(black_box(text), black_box(tables), &[]).map(|kb| kb.sections().len())));

    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let sources = Sources::read(&content).unwrap_or_default();
    c.bench_function("compile/real", |b| b.iter(|| black_box(&sources).compile()));

    let generated = corpus();
    let pages: Vec<(&str, &str)> = generated.iter().map(|(f, t)| (f.as_str(), t.as_str())).collect();
    let mut group = c.benchmark_group("compile");
    group.sample_size(10);
    group.bench_function("generated-1000", |b| b.iter(|| compile(black_box(&pages), &[])));
    group.finish();
    let big = compile(&pages, &[]);
    c.bench_function("open/generated-1000", |b| b.iter(|| Kb::open(black_box(&big.text), black_box(&big.tables), &[]).map(|kb| kb.sections().len())));

    let real = Kb::get();
    let Ok(big) = Kb::open(&big.text, &big.tables, &[]) else { return eprintln!("the generated corpus does not open") };
    eprintln!("index real: {:?}; tables {} bytes, text {} bytes", real.index_stats(), tables.len(), text.len());
    eprintln!("index generated-1000: {:?}", big.index_stats());
    for (name, kb) in [("real", real), ("generated-1000", &big)] {
        kb.warm();
        let mut group = c.benchmark_group(format!("query/{name}"));
        for query in QUERIES {
            group.bench_function(*query, |b| b.iter(|| kb.search(black_box(query), 10)));
        }
        group.finish();
    }
}

criterion_group!(search, benches);
criterion_main!(search);
