//! The generated corpus of the benchmarks: 1,000 articles of about 400 words each, made of the
//! guide's own vocabulary by a deterministic generator. Shared by `search.rs` and the `profile`
//! example.

#![allow(clippy::indexing_slicing, dead_code)]

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
pub fn corpus() -> Vec<(String, String)> {
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

