//! Query latency on the real content and on a generated corpus of 1,000 articles of about 400
//! words each; how long the compiled knowledge base takes to open (to be ready for queries);
//! and how long compiling takes (at build time for the real content, at run time for the
//! generated corpus, through `sp_kb_build::compile`).

#![allow(clippy::indexing_slicing, missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sp_kb::Kb;
use sp_kb_build::{Sources, compile};

#[path = "corpus.rs"]
mod corpus;
use corpus::corpus;

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
    // Opening and building the search index, which the first search (or `warm`) does.
    c.bench_function("open-and-index/real", |b| b.iter(|| Kb::open(black_box(text), black_box(tables), &[]).map(|kb| kb.index_stats().postings)));
    // Opening and then a first query, which also finds the word starts of the sections it
    // shows (a query with no word of five letters, so the typo dictionary is not built).
    c.bench_function("open-and-search/real", |b| {
        b.iter(|| Kb::open(black_box(text), black_box(tables), &[]).map(|kb| kb.search(black_box("c1037b44"), 10).len()))
    });

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
    let mut group = c.benchmark_group("open-and-index");
    group.sample_size(10);
    group.bench_function("generated-1000", |b| b.iter(|| Kb::open(black_box(&big.text), black_box(&big.tables), &[]).map(|kb| kb.index_stats().postings)));
    group.finish();

    let real = Kb::get();
    let Ok(big) = Kb::open(&big.text, &big.tables, &[]) else { return eprintln!("the generated corpus does not open") };
    eprintln!("index real: {:?}; tables {} bytes, text {} bytes", real.index_stats(), tables.len(), text.len());
    eprintln!("index generated-1000: {:?}", big.index_stats());
    queries(c, "real", real);
    queries(c, "generated-1000", &big);
}

fn queries(c: &mut Criterion, name: &str, kb: &Kb<'_>) {
    kb.warm();
    let mut group = c.benchmark_group(format!("query/{name}"));
    for query in QUERIES {
        group.bench_function(*query, |b| b.iter(|| kb.search(black_box(query), 10)));
    }
    group.finish();
}

criterion_group!(search, benches);
criterion_main!(search);
