//! The term dictionary: every indexed term, sorted by its bytes, numbered in that order, held
//! as one string and the end of each term. A term's number is its rank; the terms starting with
//! a prefix are a contiguous run of numbers.

use std::ops::Range;


/// The sorted terms.
#[derive(Debug, Default)]
pub struct Dictionary {
    /// Every term, one after the other.
    text: String,
    /// Where each term ends in `text`; each starts where the one before it ends.
    ends: Vec<u32>,
}

impl Dictionary {
    /// The dictionary of `terms`, which must be strictly ascending by their bytes (the index
    /// builder sorts them; a binary search over terms out of order would miss).
    pub fn from_sorted<'t>(terms: impl IntoIterator<Item = &'t str>) -> Dictionary {
        let mut dictionary = Dictionary::default();
        for term in terms {
            dictionary.text.push_str(term);
            dictionary.ends.push(u32::try_from(dictionary.text.len()).unwrap_or(u32::MAX));
        }
        dictionary
    }

    /// How many terms there are.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The term numbered `id`.
    pub fn get(&self, id: u32) -> Option<&str> {
        let end = *self.ends.get(id as usize)? as usize;
        let start = match id.checked_sub(1) {
            Some(before) => *self.ends.get(before as usize)? as usize,
            None => 0,
        };
        self.text.get(start..end)
    }

    /// The number of `term`.
    pub fn lookup(&self, term: &str) -> Option<u32> {
        let found = self.rank(|t| t < term.as_bytes());
        (self.get(found).map(str::as_bytes) == Some(term.as_bytes())).then_some(found)
    }

    /// The numbers of the terms that start with `prefix`, with or without `prefix` itself.
    pub fn starting_with(&self, prefix: &str, itself: bool) -> Range<u32> {
        let prefix = prefix.as_bytes();
        let start = if itself { self.rank(|t| t < prefix) } else { self.rank(|t| t <= prefix) };
        // A term starts with `prefix` when it sorts below `prefix` followed by 0xFF, a byte
        // UTF-8 never holds.
        let end = self.rank(|t| t.get(..prefix.len()).map_or(t < prefix, |head| head <= prefix));
        start..end.max(start)
    }

    /// Every term with its number, in order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &str)> + '_ {
        (0..u32::try_from(self.len()).unwrap_or(u32::MAX)).filter_map(|id| Some((id, self.get(id)?)))
    }

    /// The bytes the dictionary holds.
    pub fn size(&self) -> usize {
        self.text.len() + self.ends.len() * std::mem::size_of::<u32>()
    }

    /// The number of terms for which `below` holds: the terms are sorted, and `below` must
    /// hold for a first run of them and for no term after it.
    fn rank(&self, below: impl Fn(&[u8]) -> bool) -> u32 {
        let (mut low, mut high) = (0u32, u32::try_from(self.len()).unwrap_or(u32::MAX));
        while low < high {
            let mid = low + (high - low) / 2;
            if self.get(mid).is_some_and(|t| below(t.as_bytes())) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        low
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const TERMS: &[&str] = &["5.5", "größe", "größer", "install", "installed", "installing", "node", "nodes"];

    #[test]
    fn terms_round_trip_and_are_found() {
        let dict = Dictionary::from_sorted(TERMS.iter().copied());
        assert_eq!(dict.len(), TERMS.len());
        assert_eq!(dict.iter().map(|(_, t)| t).collect::<Vec<_>>(), TERMS);
        for (id, term) in TERMS.iter().enumerate() {
            assert_eq!(dict.lookup(term), Some(id as u32));
        }
        assert_eq!(dict.lookup("instal"), None);
        assert_eq!(dict.lookup("zzz"), None);
        assert_eq!(dict.lookup(""), None);
        assert_eq!(dict.get(99), None);
        assert_eq!(Dictionary::from_sorted([]).len(), 0);
    }

    #[test]
    fn prefixes_are_runs() {
        let dict = Dictionary::from_sorted(TERMS.iter().copied());
        assert_eq!(dict.starting_with("install", true), 3..6);
        assert_eq!(dict.starting_with("install", false), 4..6);
        assert_eq!(dict.starting_with("inst", false), 3..6);
        assert_eq!(dict.starting_with("node", false), 7..8);
        assert_eq!(dict.starting_with("größ", false), 1..3);
        assert_eq!(dict.starting_with("x", true), 8..8);
        assert_eq!(dict.starting_with("a", true), 1..1);
    }
}
