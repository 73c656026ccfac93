//! Reading what the user typed into terms and phrases.

use sp_kb_text::tokenize::{Kind, tokenize};

/// Words that carry little meaning in a question; they still rank but are not required.
pub const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how", "i",
    "if", "in", "is", "it", "kb", "my", "of", "on", "or", "should", "that", "the", "then", "this",
    "to", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your",
];

/// The most words a query uses; the rest are ignored so one query cannot cost much.
pub const MAX_WORDS: usize = 12;

/// One word of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The lowercase term.
    pub term: String,
    /// Whether the word is still being typed (the last word, with no space after it).
    pub prefix: bool,
    /// Whether the word is a stopword, which ranks but is not required.
    pub optional: bool,
}

/// A parsed query: loose words and quoted phrases.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// The words outside quotes.
    pub words: Vec<Word>,
    /// The quoted phrases, each as its terms in order.
    pub phrases: Vec<Vec<String>>,
}

impl Query {
    /// Parses a query as typed. An unclosed quote runs to the end of the query.
    pub fn parse(input: &str) -> Query {
        let mut query = Query::default();
        let trimmed_len = input.trim_end().len();
        let ends_open = trimmed_len == input.len();
        let mut seg_start = 0;
        for (i, segment) in input.split('"').enumerate() {
            let quoted = i % 2 == 1;
            let terms = query_terms(segment);
            if quoted {
                let phrase: Vec<String> = terms.into_iter().map(|(term, _)| term).collect();
                match phrase.len() {
                    0 => {}
                    1 => query.push_word(phrase.into_iter().next().unwrap_or_default(), false),
                    _ => query.phrases.push(phrase),
                }
            } else {
                let count = terms.len();
                for (n, (term, end)) in terms.into_iter().enumerate() {
                    let last = n + 1 == count && ends_open && seg_start + end == input.len();
                    query.push_word(term, last);
                }
            }
            seg_start += segment.len() + 1;
        }
        query.words.truncate(MAX_WORDS);
        query.phrases.truncate(MAX_WORDS.saturating_sub(query.words.len()).max(1));
        if query.words.iter().all(|w| w.optional) && query.phrases.is_empty() {
            for word in &mut query.words {
                word.optional = false;
            }
        }
        query
    }

    /// Whether nothing searchable was typed.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }

    fn push_word(&mut self, term: String, prefix: bool) {
        if let Some(existing) = self.words.iter_mut().find(|w| w.term == term) {
            existing.prefix &= prefix;
            return;
        }
        let optional = STOPWORDS.contains(&term.as_str());
        self.words.push(Word { term, prefix, optional });
    }
}

/// The terms of a piece of query text with the byte offset where each ends.
///
/// Hyphenated words count as their parts, dotted numbers only whole, a one-word KB id as its
/// bare number, and a plural as its singular (the index holds both), so each typed word is
/// one term.
fn query_terms(text: &str) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize, u32)> = Vec::new();
    tokenize(text, 0, |t| match t.kind {
        Kind::Word => out.push((t.term.to_owned(), t.end, t.pos)),
        Kind::Number | Kind::Stem => {
            if let Some(last) = out.last_mut().filter(|last| last.2 == t.pos) {
                last.0 = t.term.to_owned();
            }
        }
        Kind::Joined | Kind::Part | Kind::Abbreviation => {}
    });
    out.into_iter().map(|(term, end, _)| (term, end)).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn words(q: &str) -> Vec<(String, bool, bool)> {
        Query::parse(q).words.into_iter().map(|w| (w.term, w.prefix, w.optional)).collect()
    }

    #[test]
    fn last_word_is_a_prefix_while_typing() {
        assert_eq!(words("event 10"), [("event".into(), false, false), ("10".into(), true, false)]);
        assert_eq!(words("event 10 "), [("event".into(), false, false), ("10".into(), false, false)]);
    }

    #[test]
    fn trailing_punctuation_ends_the_word() {
        assert_eq!(words("cluster?"), [("cluster".into(), false, false)]);
    }

    #[test]
    fn stopwords_are_optional_unless_alone() {
        assert_eq!(words("which node first"), [
            ("which".into(), false, true),
            ("node".into(), false, false),
            ("first".into(), true, false)
        ]);
        assert_eq!(words("the"), [("the".into(), true, false)]);
    }

    #[test]
    fn quotes_make_phrases() {
        let q = Query::parse("\"upgrade exchange virtual server\" missing");
        assert_eq!(q.phrases, vec![vec!["upgrade", "exchange", "virtual", "server"]]);
        assert_eq!(q.words.len(), 1);
        assert!(q.words[0].prefix);
    }

    #[test]
    fn unclosed_quote_runs_to_the_end() {
        let q = Query::parse("error \"does not match");
        assert_eq!(q.phrases, vec![vec!["does", "not", "match"]]);
        assert_eq!(q.words.len(), 1);
        assert!(!q.words[0].prefix);
    }

    #[test]
    fn one_word_quotes_are_exact_words() {
        assert_eq!(words("\"node\""), [("node".into(), false, false)]);
    }

    #[test]
    fn codes_and_builds_stay_whole() {
        assert_eq!(words("c1037b44 "), [("c1037b44".into(), false, false)]);
        assert_eq!(words("6.5.7638 "), [("6.5.7638".into(), false, false)]);
    }

    #[test]
    fn kb_ids_become_numbers() {
        assert_eq!(words("KB842427 "), [("842427".into(), false, false)]);
        assert_eq!(words("KB 842427 "), [("kb".into(), false, true), ("842427".into(), false, false)]);
    }

    #[test]
    fn hyphenated_words_are_their_parts() {
        assert_eq!(words("front-end "), [("front".into(), false, false), ("end".into(), false, false)]);
    }

    #[test]
    fn plurals_become_singulars() {
        assert_eq!(words("nodes "), [("node".into(), false, false)]);
        assert_eq!(Query::parse("\"two nodes\"").phrases, vec![vec!["two", "node"]]);
    }

    #[test]
    fn repeated_words_count_once() {
        assert_eq!(words("node node "), [("node".into(), false, false)]);
    }

    #[test]
    fn empty_queries() {
        assert!(Query::parse("").is_empty());
        assert!(Query::parse("  \"\" ?! ").is_empty());
    }

    #[test]
    fn long_queries_are_cut() {
        let q = Query::parse("w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 \"a b\"");
        assert_eq!(q.words.len(), MAX_WORDS);
        assert_eq!(q.phrases.len(), 1);
    }
}
