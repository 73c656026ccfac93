//! The ranked results of many queries on the real content, kept as a snapshot: every query of
//! the quality table and a few hundred generated ones (words, typos, words being typed, codes,
//! phrases). A change to the ranking, the snippets or the way the index is stored shows up
//! here as a diff; `UPDATE_EXPECT=1` rewrites the snapshot after a deliberate change.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::fmt::Write as _;

use expect_test::expect_file;
use sp_kb::Kb;

/// The first string literal of every row of the quality table, read from its source so that
/// the table stays the one place the queries are written.
fn quality_queries() -> Vec<String> {
    let source = include_str!("search_quality.rs");
    let mut queries = Vec::new();
    for line in source.lines() {
        let Some(rest) = line.trim_start().strip_prefix("(\"") else { continue };
        let mut query = String::new();
        let mut chars = rest.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => query.extend(chars.next()),
                '"' => break,
                c => query.push(c),
            }
        }
        queries.push(query);
    }
    queries
}

/// Words of the guide, some misspelt, plus codes and numbers.
const WORDS: &[&str] = &[
    "exchange", "server", "cluster", "node", "nodes", "virtual", "upgrade", "install", "installing", "setup",
    "restart", "backup", "front", "end", "back", "load", "balanced", "hotfix", "version", "build", "error",
    "event", "group", "move", "stop", "start", "online", "passive", "active", "first", "before", "after",
    "mailbox", "store", "windows", "terminal", "services", "performance", "optimizer", "business", "small",
    "mobile", "synchronization", "key", "outlook", "web", "access", "scripts", "restore", "laboratory",
    "test", "prerequisites", "rollup", "failover", "owner", "binaries", "full-text", "migration", "clean",
    "binding", "order", "network", "quorum", "consolidate", "swap", "2000", "2003", "5.5", "sp1", "sp1a",
    "sp2", "sp3", "sp4", "1025", "c1037b44", "6.5.7638", "6.0.6249", "842427", "KB842427", "831464", "evs",
    "sbs", "owa", "msexchangecluster", "perfwiz", "which", "the", "how", "clustr", "exchnage", "instal",
    "upgarde", "restrat", "synchronisation", "perfomance", "optimzer", "prerequisits", "balansed", "migraton",
];

/// A deterministic generator (xorshift64*), so every run asks the same queries.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }
}

/// 300 queries: one to four words, sometimes the last one cut short (still being typed),
/// sometimes two words quoted as a phrase.
fn generated_queries() -> Vec<String> {
    let mut rng = Rng(0x005e_ed0f_c0ff_ee11);
    (0..300)
        .map(|_| {
            let count = 1 + rng.below(4);
            let mut words: Vec<String> = (0..count).map(|_| rng.word().to_owned()).collect();
            match rng.below(4) {
                0 => {
                    let last = words.last_mut().unwrap();
                    let keep = 1 + rng.below(last.chars().count());
                    *last = last.chars().take(keep).collect();
                }
                1 if count >= 2 => {
                    let phrase = format!("\"{} {}\"", words[0], words[1]);
                    words.splice(0..2, [phrase]);
                }
                _ => words.push(String::new()),
            }
            words.join(" ")
        })
        .collect()
}

/// Every query with its ranked section ids and scores, and the first hit's snippet.
fn listing(kb: &Kb, queries: &[String]) -> String {
    let mut out = String::new();
    for query in queries {
        let hits = kb.search(query, 10);
        let _ = writeln!(out, "{query:?}");
        for hit in &hits {
            let _ = writeln!(out, "  {:.5} {}", hit.score, hit.id);
        }
        if let Some(first) = hits.first() {
            let _ = writeln!(out, "  | {} | {}", first.title_html(), first.snippet_html());
        }
    }
    out
}

#[test]
fn quality_table_results_are_unchanged() {
    let queries = quality_queries();
    assert!(queries.len() >= 40, "only {} queries read from the quality table", queries.len());
    expect_file!["fixtures/quality.results"].assert_eq(&listing(Kb::get(), &queries));
}

#[test]
fn generated_query_results_are_unchanged() {
    let queries = generated_queries();
    expect_file!["fixtures/generated.results"].assert_eq(&listing(Kb::get(), &queries));
}
