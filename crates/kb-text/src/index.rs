//! Building the search index from the sections' text: a sorted term dictionary, postings with
//! the term frequencies BM25F impacts are computed from, word positions for phrases, and the
//! word spans of titles and bodies, encoded as [`Built`] lays out. The reader builds the index
//! when it opens the knowledge base, since the index is larger than the text it is built from
//! and would take more of the app's download than the code that builds it.

use std::collections::HashMap;

use crate::layout::{Ascending, push_varint};
use crate::score::FIELDS;
use crate::tokenize::{Kind, tokenize};

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
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    /// The section title.
    pub title: &'a str,
    /// The breadcrumbs: the titles above the section, then its anchor, which says what the
    /// section is about (`e2003-non-clustered`).
    pub crumbs: Vec<&'a str>,
    /// The section's plain text.
    pub body: &'a str,
}

impl<'a> Doc<'a> {
    /// The document for a section with this title, breadcrumbs (the titles above it, then its
    /// own), anchor and plain text: the anchor takes the place of the section's own title in
    /// the breadcrumbs.
    pub fn section(title: &'a str, breadcrumbs: &[&'a str], anchor: &'a str, body: &'a str) -> Doc<'a> {
        let mut crumbs = breadcrumbs.split_last().map_or(Vec::new(), |(_, above)| above.to_vec());
        crumbs.push(anchor);
        Doc { title, crumbs, body }
    }
}

/// The index, as bytes in the layout the reader decodes; every number is a variable-length
/// integer ([`push_varint`]).
#[derive(Debug, Default)]
pub struct Built {
    /// The term dictionary: every term, sorted by its bytes, front-coded
    /// ([`crate::layout::push_terms`]). A term's number is its place in this order.
    pub dictionary: Vec<u8>,
    /// Per term, in term-number order, its number of postings (its document frequency). A
    /// term's postings follow those of the terms numbered before it.
    pub terms: Vec<u8>,
    /// The postings of every term, term after term, in four parts. First, per term, the
    /// documents where it occurs, as an [`Ascending`] run (step 1). Then, per posting, the
    /// term's frequency in the body times 4, plus 2 when it occurs in the title, plus 1 when it
    /// occurs in the breadcrumbs. Then, per posting whose term occurs in the title, its
    /// frequency there minus 1; last, the same for the breadcrumbs.
    pub postings: Vec<u8>,
    /// Per posting, in posting order, its word positions as an [`Ascending`] run (step 1);
    /// there are as many as the posting's frequencies add up to.
    pub positions: Vec<u8>,
    /// Per document, [`DOC_NUMBERS`] numbers: the number of word positions of its title, the
    /// first position of its body, the number of word positions of its body, then the number
    /// of words of each field, which BM25F's length normalisation uses. A title starts at
    /// position 0.
    pub docs: Vec<u8>,
}

/// The numbers of [`Built::docs`] per document.
pub const DOC_NUMBERS: usize = 3 + FIELDS;

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
    for (d, doc) in docs.iter().enumerate() {
        let d32 = to_u32(d);
        let mut pos = 0;
        let mut texts: Vec<(usize, &str)> = vec![(0, doc.title)];
        texts.extend(doc.crumbs.iter().map(|&c| (1, c)));
        texts.push((2, doc.body));
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
            // The reader finds where the words of titles and bodies start with `word_starts`,
            // to cut snippets.
            if field != 1 && let Some(span) = spans.get_mut(d).and_then(|s| s.get_mut(field / 2)) {
                *span = (pos, positions);
            }
            pos = next.saturating_add(GAP);
        }
    }
    // Number terms in sorted order, as the dictionary stores them.
    let mut order: Vec<u32> = (0..to_u32(names.len())).collect();
    order.sort_unstable_by(|&a, &b| names.get(a as usize).cmp(&names.get(b as usize)));

    let mut out = Built::default();
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
        push_varint(&mut out.terms, df);
    }
    out.postings.extend(packed);
    out.postings.extend(titles);
    out.postings.extend(crumb_tfs);
    for ([title, body], length) in spans.iter().zip(&lengths) {
        for number in [title.1, body.0, body.1].into_iter().chain(length.iter().copied()) {
            push_varint(&mut out.docs, number);
        }
    }
    crate::layout::push_terms(&mut out.dictionary, order.iter().map(|&old| names.get(old as usize).map(String::as_str).unwrap_or_default()));
    out
}
