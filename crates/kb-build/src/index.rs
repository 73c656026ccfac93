//! Building the search index: a term dictionary in an `fst` map, postings with precomputed
//! BM25F impacts, word positions for phrases and word starts for snippets, written as the
//! segments of the compiled tables (see `sp_kb_text::layout`).

use std::collections::HashMap;

use fst::MapBuilder;
use sp_kb_text::tokenize::{Kind, tokenize};

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

/// The fields of a document, in the order they are tokenized.
const FIELDS: usize = 3;
/// How much a match in each field counts: the section title, its breadcrumbs, its body.
const WEIGHT: [f32; FIELDS] = [4.0, 1.5, 1.0];
/// How much each field's length dampens its matches (BM25's `b`).
const LENGTH_NORM: [f32; FIELDS] = [0.3, 0.3, 0.75];
/// What a word in the section title adds to its impact, beyond BM25F.
const TITLE_BONUS: f32 = 1.0;
/// What a word in the breadcrumbs (or the anchor) adds to its impact, beyond BM25F.
const CRUMB_BONUS: f32 = 0.3;
/// BM25's term-frequency saturation.
const K1: f32 = 1.2;
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
    /// The term dictionary (`fst::Map` bytes).
    pub fst: Vec<u8>,
    /// Term records.
    pub terms: Vec<u8>,
    /// Posting records.
    pub postings: Vec<u8>,
    /// Word positions.
    pub positions: Vec<u8>,
    /// Span records.
    pub spans: Vec<u8>,
    /// Word starts.
    pub word_starts: Vec<u8>,
    /// Document boosts.
    pub boosts: Vec<u8>,
}

fn push(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
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
    let mut spans: Vec<[(u32, u32, u32); 2]> = vec![[(0, 0, 0); 2]; docs.len()];
    let mut word_starts: Vec<u32> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let d32 = to_u32(d);
        let mut pos = 0;
        let mut texts: Vec<(usize, &str)> = vec![(0, doc.title)];
        texts.extend(doc.crumbs.iter().map(|c| (1, c.as_str())));
        texts.push((2, doc.body));
        for (field, text) in texts {
            let mut words = 0;
            // The byte offset of each word position, for the title and the body.
            let mut starts: Vec<u32> = Vec::new();
            let marked = field != 1;
            let next = tokenize(text, pos, |t| {
                if marked {
                    let index = t.pos.saturating_sub(pos) as usize;
                    while starts.len() <= index {
                        starts.push(to_u32(t.start));
                    }
                }
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
            if marked && let Some(span) = spans.get_mut(d).and_then(|s| s.get_mut(field / 2)) {
                *span = (pos, to_u32(word_starts.len()), to_u32(starts.len()));
                word_starts.extend(starts);
            }
            pos = next + GAP;
        }
    }
    // Number terms in sorted order, as the fst map needs.
    let mut order: Vec<u32> = (0..to_u32(names.len())).collect();
    order.sort_unstable_by(|&a, &b| names.get(a as usize).cmp(&names.get(b as usize)));
    let n = docs.len().max(1) as f32;
    let mut average = [0f32; FIELDS];
    for l in &lengths {
        for (avg, len) in average.iter_mut().zip(l) {
            *avg += *len as f32;
        }
    }
    for avg in &mut average {
        *avg = (*avg / n).max(1.0);
    }

    let mut out = Built::default();
    let mut postings = 0usize;
    let mut positions: Vec<u32> = Vec::new();
    for &old in &order {
        let occurrences = per_term.get(old as usize).map(Vec::as_slice).unwrap_or_default();
        let term_start = postings;
        let mut i = 0;
        while let Some(&(doc, _, _)) = occurrences.get(i) {
            let pos_start = positions.len();
            let mut tf = [0f32; FIELDS];
            while let Some(&(d2, pos, field)) = occurrences.get(i) {
                if d2 != doc {
                    break;
                }
                if positions.len() == pos_start || positions.last() != Some(&pos) {
                    positions.push(pos);
                    if let Some(slot) = tf.get_mut(field as usize) {
                        *slot += 1.0;
                    }
                }
                i += 1;
            }
            let len = lengths.get(doc as usize).copied().unwrap_or_default();
            let mut weighted = 0.0;
            for f in 0..FIELDS {
                let (Some(w), Some(b), Some(freq), Some(avg), Some(l)) =
                    (WEIGHT.get(f), LENGTH_NORM.get(f), tf.get(f), average.get(f), len.get(f))
                else {
                    continue;
                };
                if *freq > 0.0 {
                    weighted += w * freq / (1.0 - b + b * (*l as f32).max(1.0) / avg);
                }
            }
            // Titles and breadcrumbs also add a bonus outside BM25's saturation, so a word in a
            // heading is worth more than any number of mentions in a body.
            let heading_bonus = TITLE_BONUS * f32::from(u8::from(tf[0] > 0.0)) + CRUMB_BONUS * f32::from(u8::from(tf[1] > 0.0));
            let impact = weighted * (K1 + 1.0) / (weighted + K1) + heading_bonus;
            push(&mut out.postings, doc);
            push(&mut out.postings, impact.to_bits());
            push(&mut out.postings, to_u32(pos_start));
            postings += 1;
        }
        let df = (postings - term_start) as f32;
        push(&mut out.terms, to_u32(term_start));
        push(&mut out.terms, to_u32(postings - term_start));
        push(&mut out.terms, (1.0 + (n - df + 0.5) / (df + 0.5)).ln().to_bits());
    }
    for pos in positions {
        push(&mut out.positions, pos);
    }
    for [title, body] in spans {
        for (first_pos, first_word, count) in [title, body] {
            push(&mut out.spans, first_pos);
            push(&mut out.spans, first_word);
            push(&mut out.spans, count);
        }
    }
    for start in word_starts {
        push(&mut out.word_starts, start);
    }
    for doc in docs {
        let boost = if doc.boost.is_finite() && doc.boost > 0.0 { doc.boost } else { 1.0 };
        push(&mut out.boosts, boost.to_bits());
    }

    let mut builder = MapBuilder::memory();
    let mut ok = true;
    for (new, &old) in order.iter().enumerate() {
        let name = names.get(old as usize).map(String::as_str).unwrap_or_default();
        ok &= builder.insert(name, new as u64).is_ok();
    }
    out.fst = match builder.into_inner() {
        Ok(bytes) if ok => bytes,
        _ => empty_fst(),
    };
    out
}

/// The bytes of an `fst` map with no terms.
pub fn empty_fst() -> Vec<u8> {
    MapBuilder::memory().into_inner().unwrap_or_default()
}
