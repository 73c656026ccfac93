//! Building the search index from the sections' text, straight into the records queries read:
//! the sorted term dictionary, each term's postings with their BM25F impacts, the word
//! positions of every posting for phrases, and the word spans of titles and bodies for
//! snippets. Nothing of it is stored: built here, it costs a few milliseconds once, where
//! stored it took more of the app's download than the text it is built from.

use std::collections::HashMap;
use std::sync::OnceLock;

use sp_kb_text::html::to_text;
use sp_kb_text::layout::{LayoutError, Reader};
use sp_kb_text::score::{FIELDS, average_lengths, impact};
use sp_kb_text::tokenize::{Kind, tokenize};

use super::{Entry, Index, Span, Term};
use crate::Section;
use crate::dictionary::Dictionary;

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

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// Builds the index of `sections`, one document each, with `idf` and `boosts` as the tables
/// store them: the idf of each document frequency from 1 to the number of documents, and each
/// document's boost, as `f32` bits.
///
/// A document's fields are its title, its breadcrumbs (the titles above it, then its anchor,
/// which says what it is about: `e2003-non-clustered`) and its body, the plain text of its
/// HTML, which the index keeps for snippets.
pub(crate) fn build<'a>(sections: &[Section<'a>], idf: &[u8], boosts: &[u8]) -> Result<Index<'a>, LayoutError> {
    let docs = sections.len();
    let doc_count = u32::try_from(docs).map_err(|_| LayoutError("too many documents"))?;
    let idf = floats(idf, docs).ok_or(LayoutError("the idf table does not match the sections"))?;
    let boosts = floats(boosts, docs).ok_or(LayoutError("the boost table does not match the sections"))?;
    let bodies: Vec<String> = sections.iter().map(|s| to_text(s.html)).collect();

    let mut ids: HashMap<String, u32, BuildFnv> = HashMap::default();
    let mut names: Vec<String> = Vec::new();
    // Per term (numbered in order of appearance): (doc, position, field) of every occurrence,
    // already in document and position order.
    let mut per_term: Vec<Vec<(u32, u32, u8)>> = Vec::new();
    let mut lengths: Vec<[u32; FIELDS]> = vec![[0; FIELDS]; docs];
    let mut spans: Vec<[Span; 2]> = vec![[Span::default(); 2]; docs];
    for (d, (section, body)) in sections.iter().zip(&bodies).enumerate() {
        let d32 = to_u32(d);
        let mut pos = 0;
        let mut texts: Vec<(usize, &str)> = vec![(0, section.title)];
        if let Some((_, above)) = section.breadcrumbs.split_last() {
            texts.extend(above.iter().map(|&c| (1, c)));
        }
        texts.push((1, section.id));
        texts.push((2, body));
        for (field, text) in texts {
            let mut words = 0;
            // The positions that hold a term, which are as many as `word_starts` finds.
            let mut positions = 0;
            let next = tokenize(text, pos, |t| {
                positions = positions.max(t.pos.saturating_sub(pos) + 1);
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
            // Snippets find where these words start with `word_starts`.
            if field != 1 && let Some(span) = spans.get_mut(d).and_then(|s| s.get_mut(field / 2)) {
                *span = Span { first_pos: pos, count: positions };
            }
            pos = next.saturating_add(GAP);
        }
    }
    // Terms are numbered in sorted order, so that a lookup is a binary search and the
    // completions of a prefix are a run of numbers.
    let order = crate::order::sort_names(&names);

    let average = average_lengths(&lengths);
    let mut terms = Vec::with_capacity(order.len());
    let mut postings = Vec::new();
    let mut position_starts = Vec::new();
    let mut positions = Vec::new();
    for &old in &order {
        let occurrences = per_term.get(old as usize).map(Vec::as_slice).unwrap_or_default();
        let first = to_u32(postings.len());
        let mut i = 0;
        while let Some(&(doc, _, _)) = occurrences.get(i) {
            position_starts.push(to_u32(positions.len()));
            let mut last = None;
            let mut tf = [0u32; FIELDS];
            while let Some(&(d2, pos, field)) = occurrences.get(i) {
                if d2 != doc {
                    break;
                }
                // Variants of a word at its own position count once.
                if last != Some(pos) {
                    positions.push(pos);
                    last = Some(pos);
                    if let Some(slot) = tf.get_mut(field as usize) {
                        *slot += 1;
                    }
                }
                i += 1;
            }
            let len = lengths.get(doc as usize).copied().unwrap_or_default();
            postings.push(Entry { doc, impact: impact(tf, len, average) });
        }
        let count = to_u32(postings.len()) - first;
        // Every term has a posting, and no more than there are documents.
        let idf = count.checked_sub(1).and_then(|i| idf.get(i as usize)).copied().unwrap_or_default();
        terms.push(Term { first, count, idf });
    }
    position_starts.push(to_u32(positions.len()));
    let dictionary = Dictionary::from_sorted(order.iter().filter_map(|&old| names.get(old as usize).map(String::as_str)));
    Ok(Index {
        dictionary,
        terms,
        postings,
        position_starts,
        positions,
        docs: doc_count,
        spans,
        word_starts: (0..docs).map(|_| OnceLock::new()).collect(),
        titles: sections.iter().map(|s| s.title).collect(),
        bodies,
        fuzzy: OnceLock::new(),
        boosts,
    })
}

/// `count` floats stored as their 32 bits, or `None` when `bytes` holds another number of them.
fn floats(bytes: &[u8], count: usize) -> Option<Vec<f32>> {
    if bytes.len() != count.checked_mul(4)? {
        return None;
    }
    let mut r = Reader::new(bytes);
    (0..count).map(|_| r.f32().ok()).collect()
}
