//! HTML and plain text: escaping text for HTML, and the plain text of a section's HTML, which
//! the compiler checks and the reader indexes, so that the tables need not store both.

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(text, &mut out);
    out
}

/// Appends `text` to `out`, escaped for HTML element content and attribute values.
pub fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// The plain text of a section's HTML: the tags taken out, a line break at the start and the
/// end of every block element (a paragraph, heading, list item, table row, code block, quote…)
/// and at `<br>` and `<hr>`, ` | ` after every table cell, the character references [`escape`]
/// writes (and `&apos;`) and numeric ones decoded, tidied as [`tidy`] tidies. As in a browser,
/// a line break in the text is a space, except inside `<pre>`, so each block is one line (and
/// each line of a code block). Comments, doctypes and processing instructions are dropped; a
/// `<` that does not start a whole tag, and a character reference it does not know, stay as
/// they are.
///
/// Every `<` and `&` is one byte, so the text is cut only at character boundaries, and the
/// function never fails.
pub fn to_text(html: &str) -> String {
    let mut out = Writer::with_capacity(html.len());
    let mut rest = html;
    // How many `<pre>` elements are open.
    let mut pre = 0u32;
    // Where the next `&` is in `rest`; `str::find` of one character is faster than a search
    // for either of two, and there are few references.
    let mut amp = rest.find('&');
    loop {
        let lt = rest.find('<');
        let Some(at) = (match (lt, amp) {
            (Some(lt), Some(amp)) => Some(lt.min(amp)),
            (lt, amp) => lt.or(amp),
        }) else {
            break;
        };
        let (text, from) = rest.split_at(at);
        out.text(text, pre > 0);
        let (piece, len) = if from.starts_with('<') { tag(from) } else { reference(from) };
        match piece {
            Piece::Text(c) => out.text(c.encode_utf8(&mut [0; 4]), pre > 0),
            Piece::Break => out.end_line(),
            Piece::Pre { opening } => {
                out.end_line();
                pre = if opening { pre.saturating_add(1) } else { pre.saturating_sub(1) };
            }
            Piece::Cell => out.text(" | ", false),
            Piece::Nothing => {}
        }
        rest = from.get(len..).unwrap_or_default();
        let consumed = at + len;
        amp = match amp {
            Some(amp) if amp >= consumed => Some(amp - consumed),
            Some(_) => rest.find('&'),
            None => None,
        };
    }
    out.text(rest, pre > 0);
    out.finish()
}

/// Tidies plain text: single spaces between words, no space and no table-cell bar at the end
/// of a line, no empty lines. Snippets rely on this: they turn line breaks into spaces, and
/// every word keeps its place.
pub fn tidy(raw: &str) -> String {
    let mut out = Writer::with_capacity(raw.len());
    out.text(raw, true);
    out.finish()
}

/// Plain text being written, tidy as it goes: words single-spaced, no empty lines, and each
/// line's trailing bars dropped when it ends.
#[derive(Debug)]
struct Writer {
    out: String,
    /// Where the current line starts in `out`.
    line: usize,
    /// Whether a space comes before the next word of the line.
    gap: bool,
}

impl Writer {
    fn with_capacity(capacity: usize) -> Writer {
        Writer { out: String::with_capacity(capacity), line: 0, gap: false }
    }

    /// Appends text; its line breaks end lines when `keep_breaks` is set, and are spaces
    /// otherwise.
    fn text(&mut self, text: &str, keep_breaks: bool) {
        let bytes = text.as_bytes();
        // The text from `chunk` to `i` is not written yet: words and the single spaces between
        // them, which are written in one piece.
        let mut chunk = 0;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let (space, is_break) = match b {
                b' ' if i > chunk && bytes.get(i + 1).is_some_and(u8::is_ascii_graphic) => {
                    i += 2;
                    continue;
                }
                b' ' | b'\t' | 0x0B | 0x0C | b'\r' => (1, false),
                b'\n' => (1, true),
                0..0x80 => {
                    i += 1;
                    continue;
                }
                _ => match text.get(i..).and_then(|rest| rest.chars().next()) {
                    Some(c) if c.is_whitespace() => (c.len_utf8(), false),
                    c => {
                        i += c.map_or(1, char::len_utf8);
                        continue;
                    }
                },
            };
            self.word(text.get(chunk..i).unwrap_or_default());
            if is_break && keep_breaks {
                self.end_line();
            } else {
                self.gap = true;
            }
            i += space;
            chunk = i;
        }
        self.word(text.get(chunk..).unwrap_or_default());
    }

    /// Appends words with single spaces between them, or the part of a word that runs up to
    /// a tag.
    fn word(&mut self, word: &str) {
        if word.is_empty() {
            return;
        }
        if self.gap && self.out.len() > self.line {
            self.out.push(' ');
        }
        self.gap = false;
        self.out.push_str(word);
    }

    /// Ends the current line: drops its trailing spaces and bars, and the line itself when
    /// nothing is left of it.
    fn end_line(&mut self) {
        let kept = self.out.get(self.line..).map_or(0, |line| line.trim_end_matches(['|', ' ']).len());
        self.out.truncate(self.line + kept);
        if kept > 0 {
            self.out.push('\n');
            self.line = self.out.len();
        }
        self.gap = false;
    }

    fn finish(mut self) -> String {
        self.end_line();
        if self.out.ends_with('\n') {
            self.out.pop();
        }
        // The text is kept for as long as the index, and is shorter than the HTML it was made
        // room for.
        self.out.shrink_to_fit();
        self.out
    }
}

/// The block elements, and the two empty elements that break a line, as [`key`]s in
/// increasing order (the order of the names): their start and end begin a new line of the
/// plain text.
const BREAKS: [u128; 34] = [
    key(b"address"), key(b"article"), key(b"aside"), key(b"blockquote"), key(b"br"), key(b"caption"), key(b"dd"),
    key(b"details"), key(b"div"), key(b"dl"), key(b"dt"), key(b"figcaption"), key(b"figure"), key(b"footer"), key(b"h1"),
    key(b"h2"), key(b"h3"), key(b"h4"), key(b"h5"), key(b"h6"), key(b"header"), key(b"hr"), key(b"li"), key(b"nav"),
    key(b"ol"), key(b"p"), key(b"section"), key(b"summary"), key(b"table"), key(b"tbody"), key(b"tfoot"), key(b"thead"),
    key(b"tr"), key(b"ul"),
];

/// A tag name of at most 16 letters as a number: its bytes, lowercased, then zeros, high byte
/// first, so that the numbers are in the order of the names and compare in one step.
const fn key(mut name: &[u8]) -> u128 {
    let mut key = 0u128;
    let mut i = 0;
    while i < 16 {
        let byte = match name.split_first() {
            Some((first, rest)) => {
                name = rest;
                first.to_ascii_lowercase()
            }
            None => 0,
        };
        key = key << 8 | byte as u128;
        i += 1;
    }
    key
}

/// What a tag or character reference adds to the plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    /// A character: a decoded reference, or a `<` or `&` that is only text.
    Text(char),
    /// A line break.
    Break,
    /// The start or the end of a `<pre>`: a line break, and line breaks in the text inside
    /// it are kept.
    Pre {
        /// Whether it is the start.
        opening: bool,
    },
    /// The end of a table cell.
    Cell,
    /// Nothing: an inline tag, a comment.
    Nothing,
}

/// What the tag at the start of `from` (which starts with `<`) adds, and its length in bytes;
/// a `<` that does not start a whole tag is text, one byte long.
fn tag(from: &str) -> (Piece, usize) {
    let text = (Piece::Text('<'), 1);
    let after = from.get(1..).unwrap_or_default();
    if let Some(comment) = after.strip_prefix("!--") {
        // A search for the three bytes, rather than `str::find` of a string, which would bring
        // a whole string-search algorithm into the app for this.
        return comment.as_bytes().windows(3).position(|w| w == b"-->").map_or(text, |end| (Piece::Nothing, 4 + end + 3));
    }
    if after.starts_with(['!', '?']) {
        return after.find('>').map_or(text, |end| (Piece::Nothing, 1 + end + 1));
    }
    let (closing, name_from) = match after.strip_prefix('/') {
        Some(name) => (true, name),
        None => (false, after),
    };
    if !name_from.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return text;
    }
    let name_len = name_from.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(name_from.len());
    let name = name_from.get(..name_len).unwrap_or_default();
    let Some(end) = tag_end(name_from.get(name_len..).unwrap_or_default()) else { return text };
    let len = from.len() - name_from.len() + name_len + end;
    // Every name below has at most 16 letters; a longer one is inline.
    if name.len() > 16 {
        return (Piece::Nothing, len);
    }
    const PRE: u128 = key(b"pre");
    const TD: u128 = key(b"td");
    const TH: u128 = key(b"th");
    let name = key(name.as_bytes());
    let piece = if name == PRE {
        Piece::Pre { opening: !closing }
    } else if closing && (name == TD || name == TH) {
        Piece::Cell
    } else if BREAKS.binary_search(&name).is_ok() {
        Piece::Break
    } else {
        Piece::Nothing
    };
    (piece, len)
}

/// The length of a tag's attributes up to and including the `>` that closes it, skipping a
/// `>` inside a quoted attribute value; `None` when the tag is not closed.
fn tag_end(attributes: &str) -> Option<usize> {
    let mut quote = None;
    let mut after_equals = false;
    for (i, c) in attributes.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '>' => return Some(i + 1),
            None if after_equals && (c == '"' || c == '\'') => quote = Some(c),
            None => {}
        }
        if quote.is_none() && !c.is_whitespace() {
            after_equals = c == '=';
        }
    }
    None
}

/// The character the reference at the start of `from` (which starts with `&`) stands for, and
/// its length in bytes; an unknown or malformed reference is text, one byte long.
fn reference(from: &str) -> (Piece, usize) {
    let text = (Piece::Text('&'), 1);
    // The longest reference decoded is `&#x10FFFF;` or `&#1114111;`.
    let Some(end) = from.get(1..).and_then(|after| after.char_indices().take(9).find(|&(_, c)| c == ';')).map(|(i, _)| i + 1) else { return text };
    let name = from.get(1..end).unwrap_or_default();
    let c = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => name.strip_prefix('#').and_then(|number| {
            let (digits, radix) = match number.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16),
                None => (number, 10),
            };
            if digits.is_empty() {
                return None;
            }
            let code = digits.chars().try_fold(0u32, |code, c| code.checked_mul(radix)?.checked_add(c.to_digit(radix)?))?;
            char::from_u32(code).filter(|&c| c != '\0')
        }),
    };
    c.map_or(text, |c| (Piece::Text(c), end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(escape("a <b> & \"c\" 'd'"), "a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;");
        assert_eq!(escape("plain é"), "plain é");
    }

    fn check(html: &str, text: &str) {
        assert_eq!(to_text(html), text, "the text of {html:?}");
    }

    #[test]
    fn tags_are_taken_out() {
        check("<p>Stop the <strong>Cluster</strong> service.</p>\n", "Stop the Cluster service.");
        check("<p>Run <code>setup /forestprep</code> first.</p>", "Run setup /forestprep first.");
        check("<p>a<em>b</em>c</p>", "abc");
    }

    #[test]
    fn blocks_end_lines() {
        check("<p>One.</p>\n<p>Two.</p>\n", "One.\nTwo.");
        check("<h4>Details</h4><p>Text.</p>", "Details\nText.");
        check("<ol>\n<li>First</li>\n<li>Second</li>\n</ol>\n", "First\nSecond");
        check("<blockquote>\n<p>Quoted.</p>\n</blockquote>\n<p>After.</p>", "Quoted.\nAfter.");
        check("<dl><dt>Term</dt><dd>Meaning</dd></dl>", "Term\nMeaning");
        check("<div class=\"note\">Note</div>After", "Note\nAfter");
        check("<pre><code>line one\nline two\n</code></pre>\n<p>Next</p>", "line one\nline two\nNext");
    }

    #[test]
    fn line_breaks_in_text_are_spaces_except_in_code_blocks() {
        check("<p>One sentence.\nAnother sentence.</p>\n<p>Next.</p>", "One sentence. Another sentence.\nNext.");
        check("<pre><code class=\"language-text\">a\n  b\n</code></pre>\n<p>c\nd</p>", "a\nb\nc d");
        check("<PRE>a\nb</PRE>c\nd", "a\nb\nc d");
        check("<pre><pre>a\nb</pre>c\nd</pre>e\nf", "a\nb\nc\nd\ne f");
        check("</pre>a\nb", "a b");
    }

    #[test]
    fn nested_lists_put_each_item_on_its_own_line() {
        check("<ul>\n<li>outer<ul>\n<li>inner</li>\n</ul>\n</li>\n</ul>\n", "outer\ninner");
    }

    #[test]
    fn line_breaks_and_rules_end_lines() {
        check("<p>one<br />two<br>three</p>", "one\ntwo\nthree");
        check("<p>above</p><hr /><p>below</p>", "above\nbelow");
        check("a<BR>b", "a\nb");
    }

    #[test]
    fn table_cells_are_separated_by_bars() {
        let html = "<table><thead><tr><th>Version</th><th>Restart</th></tr></thead><tbody>\n<tr><td>5.5</td><td>None</td></tr>\n</tbody></table>\n";
        check(html, "Version | Restart\n5.5 | None");
        check("<table><tr><td></td><td>b</td></tr></table>", "| b");
    }

    #[test]
    fn escaped_characters_are_decoded() {
        check("<p>a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &apos;f&apos;</p>", "a & b <c> \"d\" 'e' 'f'");
        check("&#233;t&#xE9; &#X41;", "été A");
        check(&escape("if a < b && c > \"d\" 'e'"), "if a < b && c > \"d\" 'e'");
    }

    #[test]
    fn unknown_and_malformed_references_stay_as_they_are() {
        check("&nbsp; &copy; &bogus;", "&nbsp; &copy; &bogus;");
        check("AT&T & co", "AT&T & co");
        check("&#; &#x; &#-1; &#+1; &#xZZ; &#12a;", "&#; &#x; &#-1; &#+1; &#xZZ; &#12a;");
        check("&#0; &#xD800; &#1114112; &#99999999999;", "&#0; &#xD800; &#1114112; &#99999999999;");
        check("&amp", "&amp");
        check("&", "&");
        check("&é;", "&é;");
    }

    #[test]
    fn a_decoded_reference_is_not_decoded_again() {
        check("&amp;lt; &amp;amp;", "&lt; &amp;");
        check("&lt;p&gt;", "<p>");
    }

    #[test]
    fn the_unconfirmed_badge_becomes_its_word() {
        let html = "<p>Start it again. <span class=\"badge unconfirmed\" title=\"This step rests on sources we could not confirm; treat it as likely, not certain.\">unconfirmed</span></p>\n";
        check(html, "Start it again. unconfirmed");
    }

    #[test]
    fn quoted_attribute_values_may_hold_angle_brackets() {
        check("<a title=\"a > b\" href=\"#/kb/x\">link</a> text", "link text");
        check("<a title='1 < 2 > 0'>link</a>", "link");
        check("<a title = \"x>y\">z</a>", "z");
        check("<a b=c'd>e</a>'", "e'");
        check("<a href=\"?a=1&amp;b=2\">x &amp; y</a> &lt;", "x & y <");
    }

    #[test]
    fn a_less_than_sign_that_starts_no_tag_is_text() {
        check("1 < 2 and 3 <= 4", "1 < 2 and 3 <= 4");
        check("a <1> b </ c <>", "a <1> b </ c <>");
        check("<", "<");
    }

    #[test]
    fn an_unclosed_tag_is_text() {
        check("text <p class=\"x", "text <p class=\"x");
        check("<a title=\"x>y", "<a title=\"x>y");
        check("<p>ok</p><br", "ok\n<br");
    }

    #[test]
    fn comments_doctypes_and_instructions_are_dropped() {
        check("a<!-- hidden <p> -->b", "ab");
        check("<!DOCTYPE html><p>x</p><?xml version=\"1.0\"?>", "x");
        check("a<!-- never closed", "a<!-- never closed");
        check("a<!no end", "a<!no end");
    }

    #[test]
    fn tag_names_are_case_insensitive_and_unknown_tags_inline() {
        check("<P>one</P><LI>two</LI>", "one\ntwo");
        check("<custom-tag>a</custom-tag>b<x1>c</x1>", "abc");
        check("<TD>a</TD><Th>b</tH>", "a | b");
    }

    #[test]
    fn text_is_tidied() {
        check("<p>  spaced \t out  </p>\n\n\n<p></p><p> </p>", "spaced out");
        check("<p>a\nb</p>", "a b");
        check("", "");
        check("<p></p>", "");
        check("plain text, no tags", "plain text, no tags");
    }

    #[test]
    fn non_ascii_text_survives() {
        check("<p>Größe — ünïcödé 日本語 🙂</p>", "Größe — ünïcödé 日本語 🙂");
        check("<p>é<é></p>", "é<é>");
    }

    #[test]
    fn the_breaking_elements_are_sorted_for_binary_search() {
        assert!(BREAKS.windows(2).all(|pair| pair.first() < pair.get(1)), "{BREAKS:x?}");
        for key in BREAKS {
            let name: String = key.to_be_bytes().iter().filter(|&&b| b != 0).map(|&b| char::from(b)).collect();
            check(&format!("a<{name}>b</{name}>c"), "a\nb\nc");
        }
        check("<BlockQuote>a</BLOCKQUOTE>b", "a\nb");
        check("<blockquotes>a</blockquotes>b<abcdefghijklmnopqrstuvwxyzp>c<divx>d", "abcd");
    }

    #[test]
    fn tidy_keeps_single_spaces_and_no_trailing_bars() {
        assert_eq!(tidy("  a   b  \n\n c | d | \n|\n"), "a b\nc | d");
        assert_eq!(tidy("a\r\nb"), "a\nb");
        assert_eq!(tidy(""), "");
    }
}
