//! The search index: a term dictionary in an `fst` map, postings with precomputed BM25F
//! impacts, and word positions for phrases.

use std::collections::HashMap;

use fst::{IntoStreamer, Map, MapBuilder, Streamer};

use std::sync::OnceLock;

use crate::fuzzy::Fuzzy;
use crate::query::Query;
use crate::snippet::WordStarts;
use crate::tokenize::{Kind, tokenize};

/// FNV-1a, a fast hash for short keys; the index's term table needs no protection from
/// chosen keys, since it only ever holds our own content.
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

/// How much a completion of the word being typed counts, at most.
const PREFIX_WEIGHT: f32 = 0.9;
/// The most places of one term in one field that a snippet looks at.
const HITS_PER_TERM: usize = 12;
/// How much another form of a verb counts (`install` for `installing`).
const FORM_WEIGHT: f32 = 0.8;
/// The most other forms of a verb that are searched.
const FORM_CAP: usize = 8;
/// How much a term one edit away counts.
const FUZZY1_WEIGHT: f32 = 0.55;
/// How much a term two edits away counts.
const FUZZY2_WEIGHT: f32 = 0.35;
/// The most completions of a prefix that are searched (the most frequent ones).
const PREFIX_CAP: usize = 32;
/// The most near misses of a word that are searched (the closest, then the most frequent).
const FUZZY_CAP: usize = 16;
/// Words shorter than this (in characters) are matched exactly.
pub const FUZZY1_MIN_CHARS: usize = 5;
/// Words this long (in characters) or longer tolerate two edits.
pub const FUZZY2_MIN_CHARS: usize = 9;

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

#[derive(Debug, Clone, Copy)]
struct TermInfo {
    start: u32,
    len: u32,
    idf: f32,
}

#[derive(Debug, Clone, Copy)]
struct Posting {
    doc: u32,
    impact: f32,
    pos_start: u32,
    pos_len: u32,
}

/// The search index over a list of documents.
#[derive(Debug, Default)]
pub struct Index {
    map: Map<Vec<u8>>,
    terms: Vec<TermInfo>,
    postings: Vec<Posting>,
    positions: Vec<u32>,
    docs: u32,
    /// Per document, for its title and its body: the first position and the range of its words
    /// in `word_starts`.
    spans: Vec<[(u32, u32, u32); 2]>,
    /// The byte offset of every title and body word, document after document.
    word_starts: Vec<u32>,
    /// The deletion dictionary for typo tolerance, built on the first query that needs it.
    fuzzy: OnceLock<Fuzzy>,
    /// Per document: what its scores are multiplied by.
    boosts: Vec<f32>,
}

/// A term a query matched, with the query group it answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Matched {
    /// The term as indexed.
    pub term: String,
    /// The term's number in the index.
    pub id: u32,
    /// The query word (or phrase) it answers, by index.
    pub group: usize,
}

/// A document that matched, with its score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Found {
    /// The document number.
    pub doc: u32,
    /// The BM25F score, completions and near misses weighted down, times the document's boost
    /// and the square of the share of required query words it matched.
    pub score: f32,
    /// How many required query words and phrases it matched.
    pub matched: u16,
}

/// Sizes of the index, for reports and benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Documents (sections).
    pub docs: usize,
    /// Distinct terms.
    pub terms: usize,
    /// Term-document pairs.
    pub postings: usize,
    /// Stored word positions.
    pub positions: usize,
    /// Bytes held by the dictionary, postings and positions.
    pub bytes: usize,
}

/// A document's running score during a search.
#[derive(Debug, Clone, Copy)]
struct Acc {
    total: f32,
    best: f32,
    matched: u16,
    /// The group `best` belongs to, or [`Acc::NONE`].
    group: u16,
}

impl Default for Acc {
    fn default() -> Self {
        Acc { total: 0.0, best: 0.0, matched: 0, group: Acc::NONE }
    }
}

impl Acc {
    const NONE: u16 = u16::MAX;

    /// Adds the pending group's best score to the total.
    fn fold(&mut self, groups: &[Group]) {
        if self.group == Acc::NONE || self.best == 0.0 {
            return;
        }
        self.total += self.best;
        if groups.get(self.group as usize).is_some_and(|g| g.required) {
            self.matched += 1;
        }
        self.best = 0.0;
    }
}

struct Group {
    expansions: Vec<(u32, f32)>,
    phrase: Option<Vec<u32>>,
    required: bool,
}

impl Index {
    /// Indexes documents; document numbers are their positions in `docs`.
    pub fn build(docs: &[Doc<'_>]) -> Index {
        let mut ids: HashMap<String, u32, BuildFnv> = HashMap::default();
        let mut names: Vec<String> = Vec::new();
        // Per term (numbered in order of appearance): (doc, position, field) of every
        // occurrence, already in document and position order.
        let mut per_term: Vec<Vec<(u32, u32, u8)>> = Vec::new();
        let mut lengths: Vec<[u32; FIELDS]> = vec![[0; FIELDS]; docs.len()];
        let mut spans: Vec<[(u32, u32, u32); 2]> = vec![[(0, 0, 0); 2]; docs.len()];
        let mut word_starts: Vec<u32> = Vec::new();
        for (d, doc) in docs.iter().enumerate() {
            let d32 = u32::try_from(d).unwrap_or(u32::MAX);
            let mut pos = 0;
            let mut texts: Vec<(usize, &str)> = vec![(0, doc.title)];
            texts.extend(doc.crumbs.iter().map(|c| (1, c.as_str())));
            texts.push((2, doc.body));
            for (field, text) in texts {
                let mut words = 0;
                let mut starts = WordStarts::new(pos);
                let marked = field != 1;
                let next = tokenize(text, pos, |t| {
                    if marked {
                        starts.see(&t);
                    }
                    let id = match ids.get(t.term) {
                        Some(&id) => id,
                        None => {
                            let id = u32::try_from(names.len()).unwrap_or(u32::MAX);
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
                    let first = u32::try_from(word_starts.len()).unwrap_or(u32::MAX);
                    let count = u32::try_from(starts.starts.len()).unwrap_or(0);
                    *span = (pos, first, count);
                    word_starts.extend(starts.starts);
                }
                pos = next + GAP;
            }
        }
        // Number terms in sorted order, as the fst map needs.
        let mut order: Vec<u32> = (0..u32::try_from(names.len()).unwrap_or(u32::MAX)).collect();
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

        let mut terms: Vec<TermInfo> = Vec::with_capacity(names.len());
        let mut postings: Vec<Posting> = Vec::new();
        let mut positions: Vec<u32> = Vec::new();
        for &old in &order {
            let occurrences = per_term.get(old as usize).map(Vec::as_slice).unwrap_or_default();
            let term_start = postings.len();
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
                // Titles and breadcrumbs also add a bonus outside BM25's saturation, so a word
                // in a heading is worth more than any number of mentions in a body.
                let heading_bonus = TITLE_BONUS * f32::from(u8::from(tf[0] > 0.0)) + CRUMB_BONUS * f32::from(u8::from(tf[1] > 0.0));
                postings.push(Posting {
                    doc,
                    impact: weighted * (K1 + 1.0) / (weighted + K1) + heading_bonus,
                    pos_start: u32::try_from(pos_start).unwrap_or(u32::MAX),
                    pos_len: u32::try_from(positions.len() - pos_start).unwrap_or(0),
                });
            }
            let df = (postings.len() - term_start) as f32;
            terms.push(TermInfo {
                start: u32::try_from(term_start).unwrap_or(u32::MAX),
                len: u32::try_from(postings.len() - term_start).unwrap_or(0),
                idf: (1.0 + (n - df + 0.5) / (df + 0.5)).ln(),
            });
        }

        let mut builder = MapBuilder::memory();
        let mut ok = true;
        for (new, &old) in order.iter().enumerate() {
            let name = names.get(old as usize).map(String::as_str).unwrap_or_default();
            ok &= builder.insert(name, new as u64).is_ok();
        }
        let map = if ok { builder.into_map() } else { Map::default() };
        Index {
            map,
            terms,
            postings,
            positions,
            docs: u32::try_from(docs.len()).unwrap_or(u32::MAX),
            spans,
            word_starts,
            fuzzy: OnceLock::new(),
            boosts: docs.iter().map(|d| if d.boost.is_finite() && d.boost > 0.0 { d.boost } else { 1.0 }).collect(),
        }
    }

    /// Sizes of the index.
    pub fn stats(&self) -> Stats {
        Stats {
            docs: self.docs as usize,
            terms: self.terms.len(),
            postings: self.postings.len(),
            positions: self.positions.len(),
            bytes: self.map.as_fst().size()
                + self.terms.len() * size_of::<TermInfo>()
                + self.postings.len() * size_of::<Posting>()
                + self.positions.len() * size_of::<u32>()
                + self.spans.len() * size_of::<[(u32, u32, u32); 2]>()
                + self.word_starts.len() * size_of::<u32>()
                + self.fuzzy.get().map_or(0, Fuzzy::size)
                + self.boosts.len() * size_of::<f32>(),
        }
    }

    /// The typo dictionary, built from the term dictionary on first use.
    fn fuzzy(&self) -> &Fuzzy {
        self.fuzzy.get_or_init(|| {
            let mut terms: Vec<(u32, String)> = Vec::with_capacity(self.terms.len());
            let mut stream = self.map.stream();
            while let Some((key, value)) = stream.next() {
                if let (Ok(key), Ok(id)) = (std::str::from_utf8(key), u32::try_from(value)) {
                    terms.push((id, key.to_owned()));
                }
            }
            Fuzzy::build(terms.iter().map(|(id, term)| (*id, term.as_str())))
        })
    }

    /// Builds the typo dictionary now rather than on the first query that needs it.
    pub fn warm(&self) {
        let _ = self.fuzzy();
    }

    fn postings_of(&self, term: u32) -> &[Posting] {
        let Some(info) = self.terms.get(term as usize) else { return &[] };
        let start = info.start as usize;
        self.postings.get(start..start + info.len as usize).unwrap_or_default()
    }

    fn positions_of(&self, posting: &Posting) -> &[u32] {
        let start = posting.pos_start as usize;
        self.positions.get(start..start + posting.pos_len as usize).unwrap_or_default()
    }

    fn df(&self, term: u32) -> u32 {
        self.terms.get(term as usize).map_or(0, |t| t.len)
    }

    /// Ranks documents for a query by score.
    ///
    /// Also returns every indexed term the query matched, for marking snippets.
    pub fn search(&self, query: &Query, limit: usize) -> (Vec<Found>, Vec<Matched>) {
        let mut matched_terms = Vec::new();
        let mut groups = Vec::new();
        for word in &query.words {
            let group = groups.len();
            let expansions = self.expand(&word.term, word.prefix, group, &mut matched_terms);
            groups.push(Group { expansions, phrase: None, required: !word.optional });
        }
        for phrase in &query.phrases {
            let group = groups.len();
            let ids: Option<Vec<u32>> = phrase
                .iter()
                .map(|term| self.map.get(term).and_then(|v| u32::try_from(v).ok()))
                .collect();
            if let Some(ids) = &ids {
                matched_terms.extend(phrase.iter().zip(ids).map(|(term, &id)| Matched { term: term.clone(), id, group }));
            }
            groups.push(Group { expansions: Vec::new(), phrase: Some(ids.unwrap_or_default()), required: true });
        }
        let required = groups.iter().filter(|g| g.required).count();
        if limit == 0 || groups.is_empty() {
            return (Vec::new(), matched_terms);
        }

        let n = self.docs as usize;
        // One accumulator per document. A document's best score for the group being read is
        // folded into its total when a later group first reaches it, or at the end.
        let mut acc = vec![Acc::default(); n];
        let mut seen: Vec<u32> = Vec::new();
        let mut phrase_hits: Vec<(u32, f32)> = Vec::new();
        for (g, group) in groups.iter().enumerate() {
            let g = u16::try_from(g).unwrap_or(u16::MAX - 1);
            let mut offer = |doc: u32, score: f32| {
                let Some(a) = acc.get_mut(doc as usize) else { return };
                if a.group != g {
                    if a.group == Acc::NONE {
                        seen.push(doc);
                    } else {
                        a.fold(&groups);
                    }
                    a.group = g;
                }
                if score > a.best {
                    a.best = score;
                }
            };
            match &group.phrase {
                None => {
                    for &(term, factor) in &group.expansions {
                        for posting in self.postings_of(term) {
                            offer(posting.doc, factor * posting.impact);
                        }
                    }
                }
                Some(terms) => {
                    phrase_hits.clear();
                    self.phrase(terms, &mut phrase_hits);
                    for &(doc, score) in &phrase_hits {
                        offer(doc, score);
                    }
                }
            }
        }
        // The best `limit` documents, kept in a small sorted list.
        let order = |a: &Found, b: &Found| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc));
        let mut found: Vec<Found> = Vec::with_capacity(limit + 1);
        for doc in seen {
            let Some(a) = acc.get_mut(doc as usize) else { continue };
            a.fold(&groups);
            if required > 0 && a.matched == 0 {
                continue;
            }
            let boost = self.boosts.get(doc as usize).copied().unwrap_or(1.0);
            // Each required word a document lacks costs it a share of its score, squared.
            let coverage = if required == 0 { 1.0 } else { f32::from(a.matched) / required as f32 };
            let candidate = Found { doc, score: a.total * boost * coverage * coverage, matched: a.matched };
            if found.len() == limit && found.last().is_some_and(|last| order(&candidate, last).is_ge()) {
                continue;
            }
            let at = found.partition_point(|f| order(f, &candidate).is_lt());
            found.insert(at, candidate);
            found.truncate(limit);
        }
        (found, matched_terms)
    }

    /// Scores the documents where the phrase occurs (its terms at consecutive positions).
    fn phrase(&self, terms: &[u32], hits: &mut Vec<(u32, f32)>) {
        let Some((&first, rest)) = terms.split_first() else { return };
        // Walk the rarest term's postings would be faster; phrases are short and rare, so the
        // first term's list is walked and the others are found by binary search.
        let lists: Vec<&[Posting]> = rest.iter().map(|&t| self.postings_of(t)).collect();
        let idfs: Vec<f32> = terms.iter().map(|&t| self.terms.get(t as usize).map_or(0.0, |i| i.idf)).collect();
        'docs: for posting in self.postings_of(first) {
            let mut others: Vec<&Posting> = Vec::with_capacity(lists.len());
            for list in &lists {
                match list.binary_search_by_key(&posting.doc, |p| p.doc) {
                    Ok(i) => match list.get(i) {
                        Some(p) => others.push(p),
                        None => continue 'docs,
                    },
                    Err(_) => continue 'docs,
                }
            }
            let occurs = self.positions_of(posting).iter().any(|&start| {
                others.iter().enumerate().all(|(k, other)| {
                    let want = start + k as u32 + 1;
                    self.positions_of(other).binary_search(&want).is_ok()
                })
            });
            if !occurs {
                continue;
            }
            let mut score = idfs.first().copied().unwrap_or(0.0) * posting.impact;
            for (other, idf) in others.iter().zip(idfs.iter().skip(1)) {
                score += idf * other.impact;
            }
            hits.push((posting.doc, score));
        }
    }

    /// The indexed terms a query word stands for, each with its weight.
    fn expand(&self, word: &str, prefix: bool, group: usize, matched: &mut Vec<Matched>) -> Vec<(u32, f32)> {
        let mut out: Vec<(u32, f32, String)> = Vec::new();
        if let Some(id) = self.map.get(word).and_then(|v| u32::try_from(v).ok()) {
            out.push((id, 1.0, word.to_owned()));
        }
        let chars = word.chars().count();
        if prefix {
            let mut upper = word.as_bytes().to_vec();
            upper.push(0xFF);
            let mut completions: Vec<(u32, f32, String)> = Vec::new();
            let mut stream = self.map.range().gt(word).lt(&upper).into_stream();
            while let Some((key, value)) = stream.next() {
                let Ok(key) = std::str::from_utf8(key) else { continue };
                let Ok(id) = u32::try_from(value) else { continue };
                let ratio = chars as f32 / key.chars().count().max(1) as f32;
                completions.push((id, PREFIX_WEIGHT * (0.7 + 0.3 * ratio), key.to_owned()));
            }
            self.keep_most_frequent(&mut completions, PREFIX_CAP);
            out.extend(completions);
        }
        // Other forms of a verb: `installing` and `installed` also find `install` and
        // `installs`, through the completions of their base.
        if let Some(base) = verb_base(word) {
            let mut upper = base.as_bytes().to_vec();
            upper.push(0xFF);
            let mut forms: Vec<(u32, f32, String)> = Vec::new();
            let mut stream = self.map.range().ge(base).lt(&upper).into_stream();
            while let Some((key, value)) = stream.next() {
                let (Ok(key), Ok(id)) = (std::str::from_utf8(key), u32::try_from(value)) else { continue };
                if !out.iter().any(|(a, _, _)| *a == id) && key.len() <= base.len() + 4 {
                    forms.push((id, FORM_WEIGHT, key.to_owned()));
                }
            }
            self.keep_most_frequent(&mut forms, FORM_CAP);
            out.extend(forms);
        }
        let fuzzy = chars >= FUZZY1_MIN_CHARS && !word.chars().any(|c| c.is_ascii_digit());
        if fuzzy {
            let edits = if chars >= FUZZY2_MIN_CHARS { 2 } else { 1 };
            let mut near: Vec<(u32, f32, String)> = Vec::new();
            self.fuzzy().near(word, edits, |id, term, distance| {
                if distance > 0 && !out.iter().any(|(a, _, _)| *a == id) {
                    let weight = if distance == 1 { FUZZY1_WEIGHT } else { FUZZY2_WEIGHT };
                    near.push((id, weight, term.to_owned()));
                }
            });
            near.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(self.df(b.0).cmp(&self.df(a.0))));
            near.truncate(FUZZY_CAP);
            out.extend(near);
        }
        // A plural adds nothing when its singular is also searched: the index files every
        // plural under its singular too, at the same positions.
        let singulars: Vec<String> = out.iter().map(|(_, _, term)| term.clone()).collect();
        out.retain(|(_, _, term)| crate::tokenize::stem(term).is_none_or(|s| !singulars.contains(&s)));
        matched.extend(out.iter().map(|(id, _, term)| Matched { term: term.clone(), id: *id, group }));
        // Every reading of the word is weighed by the commonest reading's idf, so a rare
        // completion or near miss does not outrank the word itself.
        let idf = |id: u32| self.terms.get(id as usize).map_or(0.0, |t| t.idf);
        let group_idf = match out.first() {
            Some((id, weight, _)) if *weight >= 1.0 => idf(*id),
            _ => out.iter().map(|(id, _, _)| idf(*id)).fold(f32::INFINITY, f32::min),
        };
        out.into_iter().map(|(id, weight, _)| (id, weight * group_idf)).collect()
    }

    fn keep_most_frequent(&self, terms: &mut Vec<(u32, f32, String)>, cap: usize) {
        if terms.len() > cap {
            terms.sort_unstable_by(|a, b| self.df(b.0).cmp(&self.df(a.0)).then(a.2.cmp(&b.2)));
            terms.truncate(cap);
        }
    }

    /// The byte offsets of the words of a document's title (`field` 0) or body (`field` 1).
    pub fn word_starts(&self, doc: u32, field: usize) -> &[u32] {
        let Some(&(_, first, count)) = self.spans.get(doc as usize).and_then(|s| s.get(field)) else { return &[] };
        self.word_starts.get(first as usize..(first + count) as usize).unwrap_or_default()
    }

    /// The word indexes in a document's title (`field` 0) or body (`field` 1) where matched
    /// terms occur, each with its group.
    pub fn hits(&self, doc: u32, field: usize, matched: &[Matched]) -> Vec<(u32, usize)> {
        let Some(&(first_pos, _, count)) = self.spans.get(doc as usize).and_then(|s| s.get(field)) else { return Vec::new() };
        let mut hits = Vec::new();
        for m in matched {
            let list = self.postings_of(m.id);
            let Ok(i) = list.binary_search_by_key(&doc, |p| p.doc) else { continue };
            let Some(posting) = list.get(i) else { continue };
            // The first few places of each term are enough to find a good snippet window.
            let field = self.positions_of(posting).iter().filter(|&&pos| pos >= first_pos && pos - first_pos < count);
            hits.extend(field.take(HITS_PER_TERM).map(|&pos| (pos - first_pos, m.group)));
        }
        hits
    }

    /// Lists every term with its postings (`doc:impact@positions`), for snapshot tests.
    pub fn dump(&self, doc_names: &[&str]) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let mut stream = self.map.stream();
        while let Some((key, value)) = stream.next() {
            let term = String::from_utf8_lossy(key);
            let Ok(id) = u32::try_from(value) else { continue };
            let idf = self.terms.get(id as usize).map_or(0.0, |t| t.idf);
            let _ = write!(out, "{term} idf={idf:.2}:");
            for posting in self.postings_of(id) {
                let name = doc_names.get(posting.doc as usize).copied().unwrap_or("?");
                let _ = write!(out, " {name}:{:.2}@{:?}", posting.impact, self.positions_of(posting));
            }
            out.push('\n');
        }
        out
    }
}

/// The base of an `-ing` or `-ed` form (`installing` and `installed` give `install`,
/// `stopped` gives `stop`, `upgrading` gives `upgrad`), or `None` for other words.
pub fn verb_base(word: &str) -> Option<&str> {
    if !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let base = word.strip_suffix("ing").filter(|_| word.len() >= 6).or_else(|| word.strip_suffix("ed").filter(|_| word.len() >= 5))?;
    let bytes = base.as_bytes();
    let doubled = bytes.len() >= 2 && bytes.last() == bytes.get(bytes.len() - 2) && !matches!(bytes.last(), Some(b'l' | b's'));
    let base = if doubled { base.get(..base.len() - 1)? } else { base };
    // Keep the base's last letter off when it is an `e` dropped before `-ing` or `-ed` would
    // have left: `upgrad` already finds `upgrade`.
    (base.len() >= 3).then_some(base)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn verb_bases() {
        assert_eq!(verb_base("installing"), Some("install"));
        assert_eq!(verb_base("installed"), Some("install"));
        assert_eq!(verb_base("stopped"), Some("stop"));
        assert_eq!(verb_base("upgrading"), Some("upgrad"));
        assert_eq!(verb_base("upgraded"), Some("upgrad"));
        assert_eq!(verb_base("called"), Some("call"));
        assert_eq!(verb_base("missed"), Some("miss"));
        assert_eq!(verb_base("ring"), None);
        assert_eq!(verb_base("red"), None);
        assert_eq!(verb_base("node"), None);
        assert_eq!(verb_base("c1037b44ed"), None);
    }
}
