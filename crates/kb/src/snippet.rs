//! Short extracts of a section around the best match, with the matched words located.
//!
//! The index knows at which word positions the query matched and where each word starts (it
//! finds the word starts of a section with the shared tokenizer the first time the section
//! needs a snippet, and keeps them), so a snippet is cut without reading the whole section
//! again; only the extract is tokenized, to find the byte ranges of the matched words.

/// How many words a snippet holds.
pub const SNIPPET_WORDS: usize = 24;
/// How many words of context come before the first match in a snippet.
const LEAD_WORDS: u32 = 4;

/// The byte ranges of the words of `text` at the hit word indexes, merged where they overlap.
pub fn mark(text: &str, starts: &[u32], hits: &[(u32, usize)]) -> Vec<(usize, usize)> {
    let ranges = hits
        .iter()
        .filter_map(|&(w, _)| {
            let start = *starts.get(w as usize)? as usize;
            Some((start, word_end(text, start)))
        })
        .filter(|&(a, b)| a < b)
        .collect();
    merge(ranges)
}

/// An extract of about [`SNIPPET_WORDS`] words of `text` where the most distinct query groups
/// meet, on one line, with `…` where text was cut, and the byte ranges of the matched terms
/// within the extract. `text` is a section's plain text: single spaces between words and a
/// line break between blocks.
///
/// `starts` are the byte offsets of the text's words (as the index finds them); `hits` are the word
/// indexes where the query matched, each with its group.
pub fn snippet(text: &str, starts: &[u32], hits: &mut Vec<(u32, usize)>) -> (String, Vec<(usize, usize)>) {
    if starts.is_empty() {
        return (String::new(), Vec::new());
    }
    crate::order::sort_pairs(hits);
    // A word matched by several terms of one group counts once.
    hits.dedup();
    let hits: &[(u32, usize)] = hits;
    // The window start (a word index) that covers the most distinct groups: a sliding window
    // over the hits, counting hits per group.
    let span = SNIPPET_WORDS as u32 - LEAD_WORDS;
    let mut counts = [0u16; 32];
    let mut distinct = 0usize;
    let mut first_word = 0u32;
    let mut best_groups = 0usize;
    let mut j = 0;
    for &(pos, group) in hits {
        while let Some(&(p, g)) = hits.get(j) {
            if p >= pos.saturating_add(span) {
                break;
            }
            if let Some(count) = counts.get_mut(g.min(31)) {
                distinct += usize::from(*count == 0);
                *count += 1;
            }
            j += 1;
        }
        if distinct > best_groups {
            best_groups = distinct;
            first_word = pos.saturating_sub(LEAD_WORDS);
        }
        if let Some(count) = counts.get_mut(group.min(31)).filter(|c| **c > 0) {
            *count -= 1;
            distinct -= usize::from(*count == 0);
        }
    }
    let words = starts.len();
    let end_word = (first_word as usize).saturating_add(SNIPPET_WORDS).min(words);
    let first_word = end_word.saturating_sub(SNIPPET_WORDS).min(first_word as usize);
    let start = starts.get(first_word).map_or(0, |&s| s as usize);
    let end = starts.get(end_word).map_or(text.len(), |&s| s as usize);
    let Some(slice) = text.get(start..end) else { return (String::new(), Vec::new()) };
    let slice = slice.trim_end();

    // Section text has single spaces between words and one line break between blocks (see
    // `sp_kb_text::html::to_text`), so line breaks become spaces and every offset keeps its place.
    let mut out = String::with_capacity(slice.len() + 8);
    if first_word > 0 {
        out.push('…');
    }
    let lead = out.len();
    for (i, line) in slice.split('\n').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(line);
    }
    if end_word < words {
        out.push('…');
    }
    let moved = |offset: usize| lead + offset;
    let ranges = hits
        .iter()
        .filter(|(w, _)| (first_word..end_word).contains(&(*w as usize)))
        .filter_map(|&(w, _)| {
            let word_start = *starts.get(w as usize)? as usize;
            let word_end = word_end(text, word_start).min(start + slice.len());
            Some((moved(word_start.checked_sub(start)?), moved(word_end.checked_sub(start)?)))
        })
        .filter(|&(a, b)| a < b && out.get(a..b).is_some())
        .collect();
    (out, merge(ranges))
}

/// The end of the word that starts at byte `start`: letters and digits, and dots or hyphens
/// between them, as the tokenizer reads them.
fn word_end(text: &str, start: usize) -> usize {
    let Some(rest) = text.get(start..) else { return start };
    // Most words are ASCII letters and digits, ended by ASCII punctuation or a space.
    let plain = rest.bytes().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(rest.len());
    if rest.as_bytes().get(plain).is_none_or(|&b| b.is_ascii() && b != b'.' && b != b'-') {
        return start + plain;
    }
    let mut end = start;
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            end = start + i + c.len_utf8();
        } else if (c == '.' || c == '-') && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric()) && end == start + i {
            continue;
        } else {
            break;
        }
    }
    end
}

/// Sorts ranges and merges those that overlap or touch, in place.
fn merge(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    if !ranges.is_sorted() {
        crate::order::sort_pairs(&mut ranges);
    }
    let mut kept = 0usize;
    for i in 0..ranges.len() {
        let Some(&(start, end)) = ranges.get(i) else { break };
        match kept.checked_sub(1).and_then(|last| ranges.get_mut(last)) {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => {
                if let Some(slot) = ranges.get_mut(kept) {
                    *slot = (start, end);
                }
                kept += 1;
            }
        }
    }
    ranges.truncate(kept);
    ranges
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::index::Matched;
    use sp_kb_text::tokenize::tokenize;

    /// Where each word of `text` starts, as the index finds it.
    fn word_starts(text: &str) -> Vec<u32> {
        let mut starts = Vec::new();
        sp_kb_text::tokenize::word_starts(text, &mut starts);
        starts
    }

    fn m(terms: &[(&str, usize)]) -> Vec<Matched> {
        terms.iter().map(|&(term, group)| Matched { term: term.to_owned(), id: 0, group }).collect()
    }

    /// Finds the hits by reading the text, as the index would from its positions.
    fn cut(text: &str, matched: &[Matched]) -> String {
        let mut hits = Vec::new();
        tokenize(text, 0, |t| {
            if let Some(found) = matched.iter().find(|m| m.term == t.term) {
                hits.push((t.pos, found.group));
            }
        });
        let s = snippet(text, &word_starts(text), &mut hits);
        crate::render::highlight_html(&s.0, &s.1).replace("<mark>", "[").replace("</mark>", "]")
    }

    #[test]
    fn word_ends() {
        assert_eq!(word_end("6.5.7638, next", 0), 8);
        assert_eq!(word_end("front-end.", 0), 9);
        assert_eq!(word_end("end- x", 0), 3);
        assert_eq!(word_end("größe!", 0), "größe".len());
        assert_eq!(word_end("x", 5), 5);
    }

    #[test]
    fn short_text_is_whole() {
        assert_eq!(cut("Stop the Cluster service.", &m(&[("cluster", 0)])), "Stop the [Cluster] service.");
    }

    #[test]
    fn long_text_is_cut_around_the_best_window() {
        let filler = "word ".repeat(60);
        let text = format!("{filler}alpha here {filler}alpha beta gamma {filler}");
        let text = text.trim_end();
        let out = cut(text, &m(&[("alpha", 0), ("beta", 1), ("gamma", 2)]));
        assert!(out.starts_with('…') && out.ends_with('…'), "{out}");
        assert!(out.contains("[alpha] [beta] [gamma]"), "{out}");
        assert_eq!(out.trim_matches('…').split_whitespace().count(), SNIPPET_WORDS);
    }

    #[test]
    fn line_breaks_become_spaces() {
        assert_eq!(cut("one\ntwo three", &m(&[("three", 0)])), "one two [three]");
    }

    #[test]
    fn without_matches_the_start_is_shown() {
        let out = cut("w ".repeat(100).trim_end(), &[]);
        assert!(!out.starts_with('…') && out.ends_with('…'));
        assert!(!out.contains('['));
    }

    #[test]
    fn empty_text_has_empty_snippet() {
        assert_eq!(cut("", &m(&[("a", 0)])), "");
        assert_eq!(cut("!?", &[]), "");
    }

    #[test]
    fn parts_of_builds_are_marked() {
        assert_eq!(cut("SP2 is build 6.5.7638 today", &m(&[("7638", 0)])), "SP2 is build [6.5.7638] today");
        assert_eq!(cut("the front-end server", &m(&[("end", 0)])), "the front-[end] server");
    }

    #[test]
    fn overlapping_matches_merge() {
        assert_eq!(cut("build 6.5.7638", &m(&[("7638", 0), ("6.5.7638", 0)])), "build [6.5.7638]");
    }

    #[test]
    fn marks_in_titles() {
        let title = "Event 1025 on the front-end node";
        assert_eq!(mark(title, &word_starts(title), &[(1, 0), (5, 1), (6, 2), (99, 3)]), [(6, 10), (24, 27), (28, 32)]);
    }

    #[test]
    fn multibyte_text_is_safe() {
        assert_eq!(cut("Größe\nüber alles", &m(&[("über", 0)])), "Größe [über] alles");
    }

    #[test]
    fn hits_out_of_range_are_harmless() {
        let text = "one two";
        let mut hits = vec![(500, 0), (u32::MAX, 1)];
        let (out, _) = snippet(text, &word_starts(text), &mut hits);
        assert_eq!(out, "one two");
    }
}
