//! Marks the words a search matched inside a section's HTML, so the reader sees them where the
//! search led.
//!
//! The HTML is our own rendered content; only text outside tags is searched, and every word is
//! matched case-insensitively at word boundaries.
//! Pure, so it is tested natively.

/// Wraps each whole-word occurrence of `words` in the text of `html` in `<mark class="hit">`.
/// Words shorter than two characters are ignored, so single letters do not light up the page.
pub fn mark_words(html: &str, words: &[String]) -> String {
    let words: Vec<String> = words
        .iter()
        .map(|word| lowercase(word))
        .filter(|word| word.chars().count() >= 2 && !word.contains(['<', '>', '&']))
        .collect();
    if words.is_empty() {
        return html.to_owned();
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while !rest.is_empty() {
        // Copy a tag as it is.
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |at| at + 1);
            out.push_str(rest.get(..end).unwrap_or(rest));
            rest = rest.get(end..).unwrap_or_default();
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        mark_text(rest.get(..end).unwrap_or(rest), &words, &mut out);
        rest = rest.get(end..).unwrap_or_default();
    }
    out
}

fn mark_text(text: &str, words: &[String], out: &mut String) {
    let lower = lowercase(text);
    // Lowercasing can change byte lengths outside ASCII; then the text is left as it is.
    if lower.len() != text.len() {
        out.push_str(text);
        return;
    }
    let mut at = 0;
    while at < text.len() {
        let found = words
            .iter()
            .filter(|word| lower.get(at..).is_some_and(|tail| tail.starts_with(word.as_str())))
            .map(String::len)
            .filter(|&len| is_boundary(&lower, at) && is_boundary(&lower, at + len))
            .max();
        match (found, text.get(at..)) {
            (Some(len), _) => {
                out.push_str("<mark class=\"hit\">");
                out.push_str(text.get(at..at + len).unwrap_or_default());
                out.push_str("</mark>");
                at += len;
            }
            (None, Some(tail)) => {
                let step = tail.chars().next().map_or(1, char::len_utf8);
                out.push_str(tail.get(..step).unwrap_or(tail));
                at += step;
            }
            (None, None) => break,
        }
    }
}

/// Lowercases `text` character by character.
///
/// Unlike `str::to_lowercase` this does not write a Greek capital sigma at the end of a word as
/// the final form: words and text go through the same function, so they still match, and the
/// WebAssembly module is spared the string version's code.
fn lowercase(text: &str) -> String {
    text.chars().flat_map(sp_case::lower).collect()
}

/// Whether a word may start or end at byte `at`: not between two letters or digits.
fn is_boundary(text: &str, at: usize) -> bool {
    let before = text.get(..at).and_then(|head| head.chars().next_back());
    let after = text.get(at..).and_then(|tail| tail.chars().next());
    !matches!((before, after), (Some(b), Some(a)) if b.is_alphanumeric() && a.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn marks_whole_words_in_text_only() {
        let html = r##"<p>The <a href="#/kb/error-c1037b44">c1037b44</a> error: C1037B44 again, not xc1037b44.</p>"##;
        assert_eq!(
            mark_words(html, &words(&["c1037b44"])),
            r##"<p>The <a href="#/kb/error-c1037b44"><mark class="hit">c1037b44</mark></a> error: <mark class="hit">C1037B44</mark> again, not xc1037b44.</p>"##
        );
    }

    #[test]
    fn prefers_the_longest_word_at_a_place() {
        assert_eq!(
            mark_words("<p>cluster clusters</p>", &words(&["cluster", "clusters"])),
            r#"<p><mark class="hit">cluster</mark> <mark class="hit">clusters</mark></p>"#
        );
    }

    #[test]
    fn leaves_tags_attributes_and_short_words_alone() {
        let html = r#"<td title="node">a node</td>"#;
        assert_eq!(
            mark_words(html, &words(&["node", "a"])),
            r#"<td title="node">a <mark class="hit">node</mark></td>"#
        );
        assert_eq!(mark_words(html, &[]), html);
    }

    #[test]
    fn dotted_builds_and_non_ascii_text_are_safe() {
        assert_eq!(
            mark_words("<p>Build 6.5.7638 – done</p>", &words(&["6.5.7638"])),
            r#"<p>Build <mark class="hit">6.5.7638</mark> – done</p>"#
        );
        assert_eq!(mark_words("<p>İstanbul node</p>", &words(&["node"])), "<p>İstanbul node</p>");
    }

    #[test]
    fn non_ascii_words_match_in_any_case() {
        assert_eq!(
            mark_words("<p>ÉTAPE un, Σ ΟΔΟΣ</p>", &words(&["étape", "οδοσ"])),
            r#"<p><mark class="hit">ÉTAPE</mark> un, Σ <mark class="hit">ΟΔΟΣ</mark></p>"#
        );
    }

    #[test]
    fn unclosed_tags_do_not_panic() {
        assert_eq!(mark_words("<p>node <b", &words(&["node"])), r#"<p><mark class="hit">node</mark> <b"#);
    }
}
