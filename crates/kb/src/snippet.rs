//! Short extracts of a section around the best match, with the matched words located.

use crate::index::Matched;
use crate::tokenize::{Kind, tokenize};

/// How many words a snippet holds.
pub const SNIPPET_WORDS: usize = 24;
/// How many words of context come before the first match in a snippet.
const LEAD_WORDS: u32 = 4;
/// The most matches looked at in one text.
const MAX_HITS: usize = 256;

/// The byte ranges of `text` holding matched terms, merged where they overlap.
pub fn match_ranges(text: &str, matched: &[Matched]) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    tokenize(text, 0, |t| {
        if matched.iter().any(|m| m.term == t.term) {
            ranges.push((t.start, t.end));
        }
    });
    merge(ranges)
}

/// An extract of about [`SNIPPET_WORDS`] words of `text` where the most distinct query words
/// meet, with whitespace collapsed and `…` where text was cut, and the byte ranges of the
/// matched terms within the extract.
pub fn snippet(text: &str, matched: &[Matched]) -> (String, Vec<(usize, usize)>) {
    // Word starts and ends by position, and matched terms with their group.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut hits: Vec<(usize, usize, u32, usize)> = Vec::new();
    tokenize(text, 0, |t| {
        if t.kind == Kind::Word || t.kind == Kind::Joined {
            if words.len() <= t.pos as usize {
                words.push((t.start, t.end));
            } else if let Some(last) = words.last_mut() {
                last.1 = last.1.max(t.end);
            }
        }
        if hits.len() < MAX_HITS {
            if let Some(m) = matched.iter().find(|m| m.term == t.term) {
                hits.push((t.start, t.end, t.pos, m.group));
            }
        }
    });
    let Some(&(text_start, _)) = words.first() else { return (String::new(), Vec::new()) };
    let text_end = words.last().map_or(0, |w| w.1);

    // The window start (a word position) that covers the most distinct groups.
    let mut first_word = 0u32;
    let mut best_groups = 0usize;
    for (i, &(_, _, pos, _)) in hits.iter().enumerate() {
        let mut groups: Vec<usize> = Vec::new();
        for &(_, _, p, g) in hits.iter().skip(i) {
            if p >= pos + SNIPPET_WORDS as u32 - LEAD_WORDS {
                break;
            }
            if !groups.contains(&g) {
                groups.push(g);
            }
        }
        if groups.len() > best_groups {
            best_groups = groups.len();
            first_word = pos.saturating_sub(LEAD_WORDS);
        }
    }
    let last_word = (first_word as usize + SNIPPET_WORDS).min(words.len());
    let first_word = (last_word.saturating_sub(SNIPPET_WORDS)).min(first_word as usize);
    let start = words.get(first_word).map_or(text_start, |w| w.0);
    let end = words.get(last_word.saturating_sub(1)).map_or(text_end, |w| w.1);
    let Some(slice) = text.get(start..end) else { return (String::new(), Vec::new()) };

    // Collapse whitespace, remembering where every byte of the slice went.
    let mut out = String::with_capacity(slice.len() + 8);
    if start > text_start {
        out.push('…');
    }
    let mut moved = vec![0usize; slice.len() + 1];
    let mut in_space = false;
    for (i, c) in slice.char_indices() {
        if let Some(slot) = moved.get_mut(i) {
            *slot = out.len();
        }
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    if let Some(slot) = moved.last_mut() {
        *slot = out.len();
    }
    if end < text_end {
        out.push('…');
    }
    let ranges = hits
        .iter()
        .filter(|h| h.0 >= start && h.1 <= end)
        .filter_map(|h| Some((*moved.get(h.0 - start)?, *moved.get(h.1 - start)?)))
        .collect();
    (out, merge(ranges))
}

fn merge(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(terms: &[(&str, usize)]) -> Vec<Matched> {
        terms.iter().map(|&(term, group)| Matched { term: term.to_owned(), group }).collect()
    }

    fn marked(snippet: &(String, Vec<(usize, usize)>)) -> String {
        crate::render::highlight_html(&snippet.0, &snippet.1).replace("<mark>", "[").replace("</mark>", "]")
    }

    #[test]
    fn short_text_is_whole() {
        let s = snippet("Stop the Cluster service.", &m(&[("cluster", 0)]));
        assert_eq!(marked(&s), "Stop the [Cluster] service");
    }

    #[test]
    fn long_text_is_cut_around_the_best_window() {
        let filler = "word ".repeat(60);
        let text = format!("{filler}alpha here {filler}alpha beta gamma {filler}");
        let s = snippet(&text, &m(&[("alpha", 0), ("beta", 1), ("gamma", 2)]));
        assert!(s.0.starts_with('…') && s.0.ends_with('…'), "{}", s.0);
        assert!(marked(&s).contains("[alpha] [beta] [gamma]"), "{}", marked(&s));
        assert_eq!(s.0.split_whitespace().count(), SNIPPET_WORDS);
    }

    #[test]
    fn whitespace_is_collapsed_and_ranges_follow() {
        let s = snippet("one\n\n  two   three", &m(&[("three", 0)]));
        assert_eq!(marked(&s), "one two [three]");
    }

    #[test]
    fn without_matches_the_start_is_shown() {
        let text = "w ".repeat(100);
        let s = snippet(&text, &[]);
        assert!(!s.0.starts_with('…') && s.0.ends_with('…'));
        assert!(s.1.is_empty());
    }

    #[test]
    fn empty_text_has_empty_snippet() {
        assert_eq!(snippet("", &m(&[("a", 0)])), (String::new(), Vec::new()));
        assert_eq!(snippet(" !? ", &[]), (String::new(), Vec::new()));
    }

    #[test]
    fn parts_of_builds_are_marked() {
        let s = snippet("SP2 is build 6.5.7638 today", &m(&[("7638", 0)]));
        assert_eq!(marked(&s), "SP2 is build 6.5.[7638] today");
    }

    #[test]
    fn overlapping_matches_merge() {
        let s = snippet("build 6.5.7638", &m(&[("7638", 0), ("6.5.7638", 0)]));
        assert_eq!(marked(&s), "build [6.5.7638]");
    }

    #[test]
    fn match_ranges_in_titles() {
        assert_eq!(match_ranges("Event 1025 on the node", &m(&[("1025", 0), ("node", 1)])), [(6, 10), (18, 22)]);
    }

    #[test]
    fn multibyte_text_is_safe() {
        let s = snippet("Größe   über alles", &m(&[("über", 0)]));
        assert_eq!(marked(&s), "Größe [über] alles");
    }
}
