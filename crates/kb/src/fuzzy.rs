//! Typo tolerance: a symmetric-deletion dictionary over the index's terms.
//!
//! Two words are at most `d` edits apart only if deleting at most `d` characters from each
//! makes them equal. So every term is stored under the hashes of all its variants with up to
//! one deletion (terms of 5 or more characters) or two (9 or more); a query word looks up the
//! hashes of its own variants, and each candidate found is confirmed with an exact
//! (transposition-aware) edit distance. A lookup costs a few binary searches instead of a walk
//! over the dictionary.

/// The bits of a variant hash that pick its bucket.
const BUCKET_BITS: u32 = 12;

/// Terms this long (in characters) or longer are filed at all: a query word of 5 letters (the
/// shortest that tolerates a typo) is one insertion away from a 4-letter term.
const MIN_TERM_CHARS: usize = 4;
/// Terms this long or longer are filed with one letter deleted. A shorter term (4 letters) can
/// only be one edit from a longer query word by an insertion, which needs no deletion from it.
const ONE_DELETION_TERM_CHARS: usize = 5;
/// Terms this long or longer are filed with two letters deleted. A query word of 9 letters (the
/// shortest allowed two edits) reaches a 7- or 8-letter term with at least one insertion, which
/// leaves at most one edit that deletes from the term.
const TWO_DELETION_TERM_CHARS: usize = 9;

/// The deletion dictionary.
#[derive(Debug, Default)]
pub struct Fuzzy {
    /// `(variant hash, word index)`, sorted.
    entries: Vec<(u32, u32)>,
    /// Where the entries whose hash starts with each [`BUCKET_BITS`]-bit prefix begin, and one
    /// more for the end, so a lookup searches only its prefix's few entries.
    buckets: Vec<u32>,
    /// `(term id, term)` for every term with variants.
    words: Vec<(u32, Box<str>)>,
}

impl Fuzzy {
    /// Builds the dictionary over `(term id, term)` pairs; terms with digits are left out, as
    /// codes and numbers only ever match exactly.
    pub fn build<'a>(terms: impl Iterator<Item = (u32, &'a str)>) -> Fuzzy {
        let mut fuzzy = Fuzzy::default();
        let mut chars: Vec<char> = Vec::new();
        for (id, term) in terms {
            chars.clear();
            chars.extend(term.chars());
            if chars.len() < MIN_TERM_CHARS || chars.iter().any(char::is_ascii_digit) {
                continue;
            }
            let index = u32::try_from(fuzzy.words.len()).unwrap_or(u32::MAX);
            let edits = match chars.len() {
                n if n >= TWO_DELETION_TERM_CHARS => 2,
                n if n >= ONE_DELETION_TERM_CHARS => 1,
                _ => 0,
            };
            variants(&chars, edits, |hash| fuzzy.entries.push((hash, index)));
            fuzzy.words.push((id, term.into()));
        }
        // The entries are put in order bucket by bucket, a counting sort on the top bits of
        // their hashes, and then each bucket, a handful of entries, is sorted on its own.
        let buckets = 1usize << BUCKET_BITS;
        let bucket_of = |hash: u32| (hash >> (32 - BUCKET_BITS)) as usize;
        let mut starts = vec![0usize; buckets + 1];
        for entry in &fuzzy.entries {
            if let Some(count) = starts.get_mut(bucket_of(entry.0) + 1) {
                *count += 1;
            }
        }
        for bucket in 1..starts.len() {
            let before = starts.get(bucket - 1).copied().unwrap_or(0);
            if let Some(start) = starts.get_mut(bucket) {
                *start += before;
            }
        }
        let mut packed = vec![0u64; fuzzy.entries.len()];
        let mut next = starts.clone();
        for &(hash, index) in &fuzzy.entries {
            let Some(at) = next.get_mut(bucket_of(hash)) else { continue };
            if let Some(slot) = packed.get_mut(*at) {
                *slot = u64::from(hash) << 32 | u64::from(index);
            }
            *at += 1;
        }
        for bounds in starts.windows(2) {
            if let [start, end] = *bounds
                && let Some(bucket) = packed.get_mut(start..end)
            {
                crate::order::sort_keys(bucket);
            }
        }
        packed.dedup();
        fuzzy.entries = packed.into_iter().map(|key| ((key >> 32) as u32, key as u32)).collect();
        let mut next = 0usize;
        fuzzy.buckets = (0..=1u32 << BUCKET_BITS)
            .map(|bucket| {
                while fuzzy.entries.get(next).is_some_and(|e| (e.0 >> (32 - BUCKET_BITS)) < bucket) {
                    next += 1;
                }
                u32::try_from(next).unwrap_or(u32::MAX)
            })
            .collect();
        fuzzy
    }

    /// Calls `found` with the id and distance of every term within `max_edits` of `word`.
    pub fn near(&self, word: &str, max_edits: usize, mut found: impl FnMut(u32, &str, usize)) {
        let chars: Vec<char> = word.chars().collect();
        let mut candidates: Vec<u64> = Vec::new();
        variants(&chars, max_edits, |hash| {
            let bucket = (hash >> (32 - BUCKET_BITS)) as usize;
            let (Some(&low), Some(&high)) = (self.buckets.get(bucket), self.buckets.get(bucket + 1)) else { return };
            let within = self.entries.get(low as usize..high as usize).unwrap_or_default();
            let start = within.partition_point(|e| e.0 < hash);
            for entry in within.iter().skip(start).take_while(|e| e.0 == hash) {
                candidates.push(u64::from(entry.1));
            }
        });
        crate::order::sort_keys(&mut candidates);
        candidates.dedup();
        for index in candidates {
            let Some((id, term)) = self.words.get(index as usize) else { continue };
            if let Some(distance) = distance_within(&chars, term, max_edits) {
                found(*id, term, distance);
            }
        }
    }

    /// Bytes held by the dictionary.
    pub fn size(&self) -> usize {
        self.entries.len() * size_of::<(u32, u32)>()
            + self.buckets.len() * size_of::<u32>()
            + self.words.iter().map(|(_, w)| w.len() + size_of::<(u32, Box<str>)>()).sum::<usize>()
    }
}

/// Calls `emit` with the hash of `chars` and of every variant with up to `edits` (0–2)
/// characters deleted.
fn variants(chars: &[char], edits: usize, mut emit: impl FnMut(u32)) {
    let n = chars.len();
    emit(hash(chars, usize::MAX, usize::MAX));
    if edits >= 1 {
        for i in 0..n {
            emit(hash(chars, i, usize::MAX));
        }
    }
    if edits >= 2 {
        for i in 0..n {
            for j in i + 1..n {
                emit(hash(chars, i, j));
            }
        }
    }
}

/// FNV-1a over the characters, skipping indexes `a` and `b`, folded to 32 bits (a collision
/// only adds a candidate, which the exact distance then turns away).
fn hash(chars: &[char], a: usize, b: usize) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, &c) in chars.iter().enumerate() {
        if i != a && i != b {
            h ^= u64::from(u32::from(c));
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    (h ^ (h >> 32)) as u32
}

/// The edit distance (insertions, deletions, substitutions and swaps of neighbours) between
/// `a` and `b` when it is at most `max`.
// Every index below is at most `CAP - 1`: both words are checked to be shorter than `CAP`.
#[allow(clippy::indexing_slicing)]
pub fn distance_within(a: &[char], b: &str, max: usize) -> Option<usize> {
    // Terms are at most 32 characters (the tokenizer drops longer ones); the rows live on the
    // stack, so confirming a candidate allocates nothing.
    const CAP: usize = 40;
    let mut chars = ['\0'; CAP];
    let mut n = 0;
    for c in b.chars() {
        *chars.get_mut(n)? = c;
        n += 1;
    }
    let b = chars.get(..n)?;
    if a.len() >= CAP || b.len() >= CAP || a.len().abs_diff(b.len()) > max {
        return None;
    }
    // Rows of the dynamic programme: two back, one back, current.
    let mut two_back = [0usize; CAP];
    let mut one_back = [0usize; CAP];
    let mut current = [0usize; CAP];
    for (j, slot) in one_back.iter_mut().take(b.len() + 1).enumerate() {
        *slot = j;
    }
    for i in 1..=a.len() {
        let ai = a.get(i - 1).copied();
        current[0] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let bj = b.get(j - 1).copied();
            let cost = usize::from(ai != bj);
            let mut value = (one_back[j - 1] + cost).min(one_back[j] + 1).min(current[j - 1] + 1);
            if i > 1 && j > 1 && ai == b.get(j - 2).copied() && a.get(i - 2).copied() == bj {
                value = value.min(two_back[j - 2] + 1);
            }
            current[j] = value;
            row_min = row_min.min(value);
        }
        if row_min > max {
            return None;
        }
        two_back = one_back;
        one_back = current;
    }
    let distance = one_back[b.len()];
    (distance <= max).then_some(distance)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn near(terms: &[&str], word: &str, edits: usize) -> Vec<(String, usize)> {
        let fuzzy = Fuzzy::build(terms.iter().enumerate().map(|(i, t)| (i as u32, *t)));
        let mut out = Vec::new();
        fuzzy.near(word, edits, |_, term, d| out.push((term.to_owned(), d)));
        out.sort();
        out
    }

    fn dist(a: &str, b: &str) -> Option<usize> {
        distance_within(&a.chars().collect::<Vec<_>>(), b, 3)
    }

    #[test]
    fn distances() {
        assert_eq!(dist("cluster", "cluster"), Some(0));
        assert_eq!(dist("clustr", "cluster"), Some(1));
        assert_eq!(dist("clsuter", "cluster"), Some(1));
        assert_eq!(dist("klaster", "cluster"), Some(2));
        assert_eq!(dist("", "abc"), Some(3));
        assert_eq!(dist("abcd", ""), None);
        assert_eq!(dist("perfomance", "performance"), Some(1));
        assert_eq!(dist("xyzxyz", "cluster"), None);
        let long = "x".repeat(45);
        assert_eq!(dist(&long, &long), None);
    }

    #[test]
    fn finds_one_edit_neighbours() {
        let terms = ["cluster", "clusters", "clustered", "node", "nodes", "optimizer"];
        assert_eq!(near(&terms, "clustr", 1), [("cluster".into(), 1)]);
        assert_eq!(near(&terms, "nodse", 1), [("node".into(), 1), ("nodes".into(), 1)]);
        assert_eq!(near(&terms, "optimzer", 1), [("optimizer".into(), 1)]);
    }

    #[test]
    fn finds_two_edit_neighbours_of_long_words() {
        let terms = ["synchronization", "performance"];
        assert_eq!(near(&terms, "syncronisation", 2), [("synchronization".into(), 2)]);
        assert_eq!(near(&terms, "perfomanse", 2), [("performance".into(), 2)]);
        assert!(near(&terms, "perfomanse", 1).is_empty());
    }

    #[test]
    fn every_term_within_reach_is_found() {
        // Brute force over short words: whatever the dictionary finds must equal what an exact
        // distance over every term finds, for the edits each query length allows.
        let terms = ["node", "nodes", "noted", "clusters", "cluster", "clustered", "synchronize", "synchronization", "upgrade", "upgrades"];
        let queries = ["nodse", "noode", "clustr", "clusterd", "clustere", "synchronise", "syncronizatoin", "upgarde", "upgradess", "xnodex"];
        for query in queries {
            let chars: Vec<char> = query.chars().collect();
            let edits = if chars.len() >= 9 { 2 } else { 1 };
            let mut expected: Vec<(String, usize)> = terms
                .iter()
                .filter(|t| !t.chars().any(|c| c.is_ascii_digit()) && t.chars().count() >= MIN_TERM_CHARS)
                .filter_map(|t| distance_within(&chars, t, edits).map(|d| ((*t).to_owned(), d)))
                .collect();
            expected.sort();
            assert_eq!(near(&terms, query, edits), expected, "{query}");
        }
    }

    #[test]
    fn swapped_neighbours_are_one_edit() {
        assert_eq!(near(&["cluster"], "clsuter", 1), [("cluster".into(), 1)]);
    }

    #[test]
    fn terms_with_digits_are_not_fuzzy() {
        assert!(near(&["c1037b44", "sp1a"], "c1037b45", 1).is_empty());
    }

    #[test]
    fn short_terms_are_not_fuzzy() {
        assert!(near(&["sbs"], "sbsx", 1).is_empty());
    }

    #[test]
    fn non_ascii_is_safe() {
        assert_eq!(near(&["größe"], "grösse", 2), [("größe".into(), 2)]);
    }
}
