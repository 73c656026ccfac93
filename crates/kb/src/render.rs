//! Marking matched words in HTML.

use sp_kb_text::html::escape_into;

/// Renders `text` as escaped HTML with every byte range of `ranges` wrapped in `<mark>`.
///
/// Ranges that are out of bounds, overlap an earlier range or do not fall on character
/// boundaries are ignored.
pub fn highlight_html(text: &str, ranges: &[(usize, usize)]) -> String {
    let mut sorted: Vec<(usize, usize)> = ranges.to_vec();
    crate::order::sort_pairs(&mut sorted);
    let mut out = String::with_capacity(text.len() + ranges.len() * 13);
    let mut done = 0;
    for (start, end) in sorted {
        if start < done || start >= end {
            continue;
        }
        let (Some(before), Some(marked)) = (text.get(done..start), text.get(start..end)) else { continue };
        escape_into(before, &mut out);
        out.push_str("<mark>");
        escape_into(marked, &mut out);
        out.push_str("</mark>");
        done = end;
    }
    escape_into(text.get(done..).unwrap_or_default(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_escapes_and_marks() {
        assert_eq!(highlight_html("a <b> & c", &[(3, 4), (8, 9)]), "a &lt;<mark>b</mark>&gt; &amp; <mark>c</mark>");
    }

    #[test]
    fn highlight_ignores_bad_ranges() {
        assert_eq!(highlight_html("héllo", &[(2, 3), (9, 12), (4, 2)]), "héllo");
        assert_eq!(highlight_html("abc", &[(0, 2), (1, 3)]), "<mark>ab</mark>c");
    }
}
