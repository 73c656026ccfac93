//! The search index: the sections' plain text, derived from their HTML; a sorted term
//! dictionary, postings with their BM25F impacts, and word positions for phrases, built from
//! that text when the first search needs them (`build.rs`); and word starts for snippets,
//! found in a section's text when it first needs a snippet.

use std::sync::OnceLock;

use sp_kb_text::layout::LayoutError;
use sp_kb_text::tokenize::word_starts;

use crate::dictionary::Dictionary;
use crate::fuzzy::Fuzzy;
use crate::Section;
use crate::query::Query;

mod build;

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

/// A term: where its postings start, how many there are, and its idf.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Term {
    first: u32,
    count: u32,
    idf: f32,
}

/// A stored posting: a document where a term occurs, and the term's impact on it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Entry {
    doc: u32,
    impact: f32,
}

/// The words of a document's title or body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Span {
    /// The position of its first word.
    first_pos: u32,
    /// How many word positions it has.
    count: u32,
}

/// One posting, with its number among all postings.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Posting {
    /// Its number among all postings.
    at: usize,
    doc: u32,
    impact: f32,
}

/// The postings of one term.
#[derive(Debug, Clone, Copy)]
struct Postings<'i> {
    first: usize,
    list: &'i [Entry],
}

impl<'i> Postings<'i> {
    fn iter(self) -> impl Iterator<Item = Posting> + 'i {
        self.list.iter().enumerate().map(move |(i, e)| Posting { at: self.first + i, doc: e.doc, impact: e.impact })
    }

    /// The posting for `doc` at or after entry `*cursor`, moving the cursor to the first
    /// entry whose document is not before `doc` (postings are in document order).
    fn seek(self, cursor: &mut usize, doc: u32) -> Option<Posting> {
        while let Some(e) = self.list.get(*cursor) {
            if e.doc >= doc {
                return (e.doc == doc).then_some(Posting { at: self.first + *cursor, doc, impact: e.impact });
            }
            *cursor += 1;
        }
        None
    }

    /// The posting for `doc`, by binary search (postings are in document order).
    fn find(self, doc: u32) -> Option<Posting> {
        let i = self.list.binary_search_by(|e| e.doc.cmp(&doc)).ok()?;
        let e = self.list.get(i)?;
        Some(Posting { at: self.first + i, doc, impact: e.impact })
    }
}

/// The search index over the sections.
#[derive(Debug)]
pub struct Index<'a> {
    /// The term dictionary.
    dictionary: Dictionary,
    /// Per term number.
    terms: Vec<Term>,
    /// Every posting, term after term, each term's in document order.
    postings: Vec<Entry>,
    /// Per posting, where its positions start in `positions`; then where the last one's end.
    position_starts: Vec<u32>,
    /// Word positions, posting after posting, each posting's in increasing order.
    positions: Vec<u32>,
    docs: u32,
    /// Per document, its title's and its body's words.
    spans: Vec<[Span; 2]>,
    /// Per document, its title.
    titles: Vec<&'a str>,
    /// Per document, its body's plain text, derived from its HTML when the index is built.
    bodies: Vec<String>,
    /// Per document, the byte offset of every word of its title and then of its body, found
    /// in its texts when a snippet first needs them.
    word_starts: Vec<OnceLock<Vec<u32>>>,
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
    /// Bytes held by the sections' plain text, the dictionary, terms, postings, positions,
    /// spans and boosts, the word starts found so far, and the typo dictionary once it is
    /// built.
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

impl<'a> Index<'a> {
    /// Builds the index of `sections`, one document each, with `idf` and `boosts` as the
    /// tables store them (the idf of each document frequency from 1 to the number of
    /// documents, and each document's boost, as `f32` bits); see `build.rs`.
    pub fn build(sections: &[Section<'a>], idf: &[u8], boosts: &[u8]) -> Result<Index<'a>, LayoutError> {
        build::build(sections, idf, boosts)
    }

    /// An index with no documents.
    pub fn empty() -> Index<'static> {
        Index {
            dictionary: Dictionary::default(),
            terms: Vec::new(),
            postings: Vec::new(),
            position_starts: Vec::new(),
            positions: Vec::new(),
            docs: 0,
            spans: Vec::new(),
            titles: Vec::new(),
            bodies: Vec::new(),
            word_starts: Vec::new(),
            fuzzy: OnceLock::new(),
            boosts: Vec::new(),
        }
    }

    /// Sizes of the index.
    pub fn stats(&self) -> Stats {
        use std::mem::size_of;
        Stats {
            docs: self.docs as usize,
            terms: self.terms.len(),
            postings: self.postings.len(),
            positions: self.positions.len(),
            bytes: self.dictionary.size()
                + self.terms.len() * size_of::<Term>()
                + self.postings.len() * size_of::<Entry>()
                + self.position_starts.len() * size_of::<u32>()
                + self.positions.len() * size_of::<u32>()
                + self.spans.len() * size_of::<[Span; 2]>()
                + self.titles.len() * size_of::<&str>()
                + self.bodies.iter().map(|b| size_of::<String>() + b.capacity()).sum::<usize>()
                + self.word_starts.iter().map(|w| size_of::<OnceLock<Vec<u32>>>() + w.get().map_or(0, |w| w.len() * size_of::<u32>())).sum::<usize>()
                + self.fuzzy.get().map_or(0, Fuzzy::size)
                + self.boosts.len() * size_of::<f32>(),
        }
    }

    /// The typo dictionary, built from the term dictionary on first use.
    fn fuzzy(&self) -> &Fuzzy {
        self.fuzzy.get_or_init(|| {
            Fuzzy::build(self.dictionary.iter())
        })
    }

    /// Builds the typo dictionary and finds every document's word starts now, rather than on
    /// the first queries that need them.
    pub fn warm(&self) {
        let _ = self.fuzzy();
        for doc in 0..self.docs {
            let _ = self.starts(doc);
        }
    }

    /// A term's first posting, number of postings and idf.
    #[inline]
    fn term(&self, term: u32) -> Option<Term> {
        self.terms.get(term as usize).copied()
    }

    /// A term's number.
    fn lookup(&self, term: &str) -> Option<u32> {
        self.dictionary.lookup(term)
    }

    fn idf(&self, term: u32) -> f32 {
        self.term(term).map_or(0.0, |t| t.idf)
    }

    fn postings_of(&self, term: u32) -> Postings<'_> {
        let Some(t) = self.term(term) else { return Postings { first: 0, list: &[] } };
        let (start, len) = (t.first as usize, t.count as usize);
        let list = start.checked_add(len).and_then(|end| self.postings.get(start..end));
        Postings { first: start, list: list.unwrap_or_default() }
    }

    /// The positions of a posting: from its first position to the next posting's.
    fn positions_of(&self, posting: &Posting) -> &[u32] {
        let (Some(&start), Some(&end)) = (self.position_starts.get(posting.at), self.position_starts.get(posting.at + 1)) else { return &[] };
        self.positions.get(start as usize..end as usize).unwrap_or_default()
    }

    fn df(&self, term: u32) -> u32 {
        self.term(term).map_or(0, |t| t.count)
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
                .map(|term| self.lookup(term))
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
                        for e in self.postings_of(term).list {
                            offer(e.doc, factor * e.impact);
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
        // The first term's list is walked, and a cursor in each other list follows it: all
        // lists are in document order, so each is read at most once.
        let lists: Vec<Postings<'_>> = rest.iter().map(|&t| self.postings_of(t)).collect();
        let mut cursors = vec![0usize; lists.len()];
        let idfs: Vec<f32> = terms.iter().map(|&t| self.idf(t)).collect();
        let mut others: Vec<Posting> = Vec::with_capacity(lists.len());
        'docs: for posting in self.postings_of(first).iter() {
            others.clear();
            for (list, cursor) in lists.iter().zip(cursors.iter_mut()) {
                match list.seek(cursor, posting.doc) {
                    Some(p) => others.push(p),
                    None => continue 'docs,
                }
            }
            let occurs = self.positions_of(&posting).iter().any(|&start| {
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
        if let Some(id) = self.lookup(word) {
            out.push((id, 1.0, word.to_owned()));
        }
        let chars = word.chars().count();
        if prefix {
            let mut completions: Vec<(u32, f32, String)> = Vec::new();
            for id in self.dictionary.starting_with(word, false) {
                let Some(key) = self.dictionary.get(id) else { continue };
                let ratio = chars as f32 / key.chars().count().max(1) as f32;
                completions.push((id, PREFIX_WEIGHT * (0.7 + 0.3 * ratio), key.to_owned()));
            }
            self.keep_most_frequent(&mut completions, PREFIX_CAP);
            out.extend(completions);
        }
        // Other forms of a verb: `installing` and `installed` also find `install` and
        // `installs`, through the completions of their base.
        if let Some(base) = verb_base(word) {
            let mut forms: Vec<(u32, f32, String)> = Vec::new();
            for id in self.dictionary.starting_with(base, true) {
                let Some(key) = self.dictionary.get(id) else { continue };
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
            // By weight, then by how many documents hold the term, both from the largest; the
            // sort is stable, so equal ones keep the order they were found in.
            crate::order::sort_by_key(&mut near, |t| !self.df(t.0));
            crate::order::sort_by_key(&mut near, |t| !crate::order::float_key(t.1));
            near.truncate(FUZZY_CAP);
            out.extend(near);
        }
        // A plural adds nothing when its singular is also searched: the index files every
        // plural under its singular too, at the same positions.
        let plural: Vec<bool> =
            out.iter().map(|(_, _, term)| out.iter().any(|(_, _, other)| sp_kb_text::tokenize::is_plural_of(term, other))).collect();
        let mut flags = plural.into_iter();
        out.retain(|_| !flags.next().unwrap_or(false));
        // Every reading of the word is weighed by the commonest reading's idf, so a rare
        // completion or near miss does not outrank the word itself.
        let idf = |id: u32| self.idf(id);
        let group_idf = match out.first() {
            Some((id, weight, _)) if *weight >= 1.0 => idf(*id),
            _ => out.iter().map(|(id, _, _)| idf(*id)).fold(f32::INFINITY, f32::min),
        };
        let mut expansions = Vec::with_capacity(out.len());
        for (id, weight, term) in out {
            expansions.push((id, weight * group_idf));
            matched.push(Matched { term, id, group });
        }
        expansions
    }

    fn keep_most_frequent(&self, terms: &mut Vec<(u32, f32, String)>, cap: usize) {
        if terms.len() > cap {
            // By how many documents hold the term, from the most, then by the term: the
            // dictionary numbers terms in the order of their bytes, so by number.
            crate::order::sort_by_key(terms, |t| t.0);
            crate::order::sort_by_key(terms, |t| !self.df(t.0));
            terms.truncate(cap);
        }
    }

    /// A document's body as plain text; empty for a number out of range.
    pub fn text(&self, doc: u32) -> &str {
        self.bodies.get(doc as usize).map_or("", String::as_str)
    }

    /// The byte offsets of the words of a document's title (`field` 0) or body (`field` 1).
    pub fn word_starts(&self, doc: u32, field: usize) -> &[u32] {
        let (Some(title), Some(span)) = (self.span(doc, 0), self.span(doc, field)) else { return &[] };
        let first = if field == 0 { 0 } else { title.count as usize };
        first.checked_add(span.count as usize).and_then(|end| self.starts(doc).get(first..end)).unwrap_or_default()
    }

    /// The byte offsets of the words of a document's title and then of its body, found in the
    /// texts on first use.
    fn starts(&self, doc: u32) -> &[u32] {
        let (Some(cell), Some(title), Some(body)) = (self.word_starts.get(doc as usize), self.titles.get(doc as usize), self.bodies.get(doc as usize)) else {
            return &[];
        };
        cell.get_or_init(|| {
            let mut starts = Vec::new();
            word_starts(title, &mut starts);
            word_starts(body, &mut starts);
            starts
        })
    }

    /// The words of a document's title (`field` 0) or body (`field` 1).
    fn span(&self, doc: u32, field: usize) -> Option<Span> {
        self.spans.get(doc as usize)?.get(field.min(1)).copied()
    }

    /// The word indexes in a document's title and body where matched terms occur, each with
    /// its group, appended to `title` and `body`: at most the first [`HITS_PER_TERM`] places of
    /// each term in each, which are enough to find a good snippet window.
    pub fn hits(&self, doc: u32, matched: &[Matched], title: &mut Vec<(u32, usize)>, body: &mut Vec<(u32, usize)>) {
        let (Some(title_span), Some(body_span)) = (self.span(doc, 0), self.span(doc, 1)) else { return };
        let (title_first, title_count) = (title_span.first_pos, title_span.count);
        let (body_first, body_count) = (body_span.first_pos, body_span.count);
        let body_end = body_first.saturating_add(body_count);
        for m in matched {
            let Some(posting) = self.postings_of(m.id).find(doc) else { continue };
            let (mut in_title, mut in_body) = (0, 0);
            // Positions are sorted and the title comes before the body, so the walk stops at
            // the body's end or once the body has enough places.
            for &pos in self.positions_of(&posting) {
                if pos.wrapping_sub(title_first) < title_count {
                    if in_title < HITS_PER_TERM {
                        title.push((pos - title_first, m.group));
                        in_title += 1;
                    }
                } else if pos.wrapping_sub(body_first) < body_count {
                    body.push((pos - body_first, m.group));
                    in_body += 1;
                    if in_body == HITS_PER_TERM {
                        break;
                    }
                } else if pos >= body_end {
                    break;
                }
            }
        }
    }

    /// Lists every term with its postings (`doc:impact@positions`), for snapshot tests.
    pub fn dump(&self, doc_names: &[&str]) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        for (id, term) in self.dictionary.iter() {
            let idf = self.idf(id);
            let _ = write!(out, "{term} idf={idf:.2}:");
            for posting in self.postings_of(id).iter() {
                let name = doc_names.get(posting.doc as usize).copied().unwrap_or("?");
                let positions = self.positions_of(&posting);
                let _ = write!(out, " {name}:{:.2}@{positions:?}", posting.impact);
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
