//! Building the search index: a sorted term dictionary, postings with the term
//! frequencies BM25F impacts are computed from, word positions for phrases and word starts for
//! snippets, written as the segments of the compiled tables (see `sp_kb_text::layout`).

use std::collections::HashMap;

use sp_kb_text::layout::{Ascending, push_f32, push_varint};
use sp_kb_text::score::FIELDS;
use sp_kb_text::tokenize::{Kind, tokenize, word_starts};

/// FNV-1a, a fast hash for short keys; the term table needs no protection from chosen keys,
/// since it only ever holds our own content.
#[derive(Debug, Clone, Copy, Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

type BuildFnv = std::hash::BuildHasherDefault<Fnv>;

/// The position gap between fields and between breadcrumbs, so phrases do not run across them.
const GAP: u32 = 8;

/// One document to index: a section's title, breadcrumbs and body text.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    /// The section title.
    pub title: &'a str,
    /// The titles above the section.
    pub crumbs: &'a [String],
    /// The section's plain text.
    pub body: &'a str,
    /// What the document's scores are multiplied by (1 for most).
    pub boost: f32,
}

/// The index segments, each as the bytes the tables hold.
#[derive(Debug, Default)]
pub struct Built {
    /// The term dictionary, front-coded.
    pub dictionary: Vec<u8>,
    /// Per term, its number of postings; then the idf of each number of postings.
    pub terms: Vec<u8>,
    /// Per posting, its document and the term's frequency in each field.
    pub postings: Vec<u8>,
    /// Per posting, its word positions.
    pub positions: Vec<u8>,
    /// Per document: the spans of its title and body, and its field lengths.
    pub docs: Vec<u8>,
    /// Document boosts.
    pub boosts: Vec<u8>,
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// Indexes documents; document numbers are their positions in `docs`.
pub fn build(docs: &[Doc<'_>]) -> Built {
    let mut ids: HashMap<String, u32, BuildFnv> = HashMap::default();
    let mut names: Vec<String> = Vec::new();
    // Per term (numbered in order of appearance): (doc, position, field) of every occurrence,
    // already in document and position order.
    let mut per_term: Vec<Vec<(u32, u32, u8)>> = Vec::new();
    let mut lengths: Vec<[u32; FIELDS]> = vec![[0; FIELDS]; docs.len()];
    // Per document, for its title and its body: the first position and the number of positions.
    let mut spans: Vec<[(u32, u32); 2]> = vec![[(0, 0); 2]; docs.len()];
    let mut starts: Vec<u32> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let d32 = to_u32(d);
        let mut pos = 0;
        let mut texts: Vec<(usize, &str)> = vec![(0, doc.title)];
        texts.extend(doc.crumbs.iter().map(|c| (1, c.as_str())));
        texts.push((2, doc.body));
        for (field, text) in texts {
            let mut words = 0;
            let next = tokenize(text, pos, |t| {
                let id = match ids.get(t.term) {
                    Some(&id) => id,
                    None => {
                        let id = to_u32(names.len());
                        ids.insert(t.term.to_owned(), id);
                        names.push(t.term.to_owned());
                        id
                    }
                };
                match per_term.get_mut(id as usize) {
                    Some(list) => list.push((d32, t.pos, field as u8)),
                    None => per_term.push(vec![(d32, t.pos, field as u8)]),
                }
                if t.kind == Kind::Word {
                    words += 1;
                }
            });
            if let Some(slot) = lengths.get_mut(d).and_then(|l| l.get_mut(field)) {
                *slot += words;
            }
            // The reader finds the words of titles and bodies again, to cut snippets.
            if field != 1 && let Some(span) = spans.get_mut(d).and_then(|s| s.get_mut(field / 2)) {
                starts.clear();
                word_starts(text, &mut starts);
                *span = (pos, to_u32(starts.len()));
            }
            pos = next + GAP;
        }
    }
    // Number terms in sorted order, as the dictionary stores them.
    let mut order: Vec<u32> = (0..to_u32(names.len())).collect();
    order.sort_unstable_by(|&a, &b| names.get(a as usize).cmp(&names.get(b as usize)));
    let n = docs.len().max(1) as f32;

    let mut out = Built::default();
    let mut dfs: Vec<u32> = Vec::with_capacity(order.len());
    // The postings' term frequencies, column by column, which compress better than rows.
    let (mut packed, mut titles, mut crumb_tfs) = (Vec::new(), Vec::new(), Vec::new());
    for &old in &order {
        let occurrences = per_term.get(old as usize).map(Vec::as_slice).unwrap_or_default();
        let mut docs_run = Ascending::new(1);
        let mut df = 0;
        let mut i = 0;
        while let Some(&(doc, _, _)) = occurrences.get(i) {
            let mut positions = Ascending::new(1);
            let mut last = None;
            let mut tf = [0u32; FIELDS];
            while let Some(&(d2, pos, field)) = occurrences.get(i) {
                if d2 != doc {
                    break;
                }
                if last != Some(pos) {
                    positions.push(&mut out.positions, pos);
                    last = Some(pos);
                    if let Some(slot) = tf.get_mut(field as usize) {
                        *slot += 1;
                    }
                }
                i += 1;
            }
            docs_run.push(&mut out.postings, doc);
            let [title, crumbs, body] = tf;
            push_varint(&mut packed, body.saturating_mul(4) | u32::from(title > 0) << 1 | u32::from(crumbs > 0));
            if let Some(more) = title.checked_sub(1) {
                push_varint(&mut titles, more);
            }
            if let Some(more) = crumbs.checked_sub(1) {
                push_varint(&mut crumb_tfs, more);
            }
            df += 1;
        }
        dfs.push(df);
    }
    out.postings.extend(packed);
    out.postings.extend(titles);
    out.postings.extend(crumb_tfs);
    // The idf depends on the document frequency alone, so it is stored once per frequency.
    for &df in &dfs {
        push_varint(&mut out.terms, df);
    }
    for df in 1..=dfs.iter().copied().max().unwrap_or(0) {
        let df = df as f32;
        push_f32(&mut out.terms, (1.0 + (n - df + 0.5) / (df + 0.5)).ln());
    }
    for ([title, body], length) in spans.iter().zip(&lengths) {
        for number in [title.1, body.0, body.1].into_iter().chain(length.iter().copied()) {
            push_varint(&mut out.docs, number);
        }
    }
    for doc in docs {
        let boost = if doc.boost.is_finite() && doc.boost > 0.0 { doc.boost } else { 1.0 };
        push_f32(&mut out.boosts, boost);
    }

    sp_kb_text::layout::push_terms(&mut out.dictionary, order.iter().map(|&old| names.get(old as usize).map(String::as_str).unwrap_or_default()));
    out
}
