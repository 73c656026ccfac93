//! Splitting text into search terms.
//!
//! A word is a run of letters and digits. Inside a word, a dot between two digits and a hyphen
//! between two letters or digits do not split it, so `6.5.7638`, `c1037b44` and `front-end`
//! arrive whole. Terms are lowercase. Besides each word the tokenizer emits variants at the
//! same position, so that the forms people type all meet:
//!
//! - a dotted number also yields its parts: `6.5.7638` gives `6.5.7638`, `6`, `5` and `7638`;
//! - a hyphenated word yields its parts at consecutive positions and the parts joined:
//!   `front-end` gives `front`, `frontend` and `end`;
//! - a KB number written as one word yields the bare number: `kb842427` gives `842427`
//!   (written as two words, `KB 842427`, the number is a term of its own anyway);
//! - a plural yields its singular, by the S-stemmer (Harman, 1991): `servers` gives `server`,
//!   `entries` gives `entry`, `nodes` gives `node`; words ending in `ss` or `us` and words of
//!   three letters or fewer are left alone;
//! - the three names the guide also abbreviates yield the abbreviation at the first word's
//!   position: `Small Business Server` gives `sbs`, `Exchange Virtual Server(s)` gives `evs`,
//!   `Outlook Web Access` gives `owa`.
//!
//! Terms longer than [`MAX_TERM_CHARS`] characters are dropped: they are noise (hashes, long
//! paths) and would bloat the term dictionary.

/// The longest term indexed or searched, in characters.
pub const MAX_TERM_CHARS: usize = 32;

/// How a term relates to the word it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The word itself (or one part of a hyphenated word).
    Word,
    /// A hyphenated word with its hyphens removed.
    Joined,
    /// One part of a dotted number.
    Part,
    /// The number of a `kb…` or `q…` article id.
    Number,
    /// The singular of a plural word.
    Stem,
    /// The abbreviation of the name that ends at this word.
    Abbreviation,
}

/// One term with its place in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The lowercase term.
    pub term: &'a str,
    /// The byte range in the text that produced it.
    pub start: usize,
    /// The end of that byte range.
    pub end: usize,
    /// The word position, counted from 0; variants share their word's position.
    pub pos: u32,
    /// How the term relates to its word.
    pub kind: Kind,
}

/// Calls `emit` for every term of `text`, in order, starting at word position `first_pos`.
///
/// Returns the position after the last word.
pub fn tokenize(text: &str, first_pos: u32, mut emit: impl FnMut(Token<'_>)) -> u32 {
    let mut pos = first_pos;
    let mut buf = String::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    // The name words among the last two words: (code, start, position).
    let mut recent: [(u8, usize, u32); 2] = [(0, 0, 0); 2];
    while let Some(&byte) = bytes.get(i) {
        let (alnum, width) = char_at(text, byte, i);
        if !alnum {
            i += width;
            continue;
        }
        let start = i;
        let mut end = i + width;
        let mut joined = false;
        // Extend the run over letters, digits, and joining dots and hyphens.
        while let Some(&next) = bytes.get(end) {
            let (alnum, width) = char_at(text, next, end);
            if alnum {
                end += width;
                continue;
            }
            if next == b'.' || next == b'-' {
                let before = bytes.get(end - 1).copied().unwrap_or(0);
                let after = bytes.get(end + 1).copied().unwrap_or(0);
                let joins = if next == b'.' {
                    before.is_ascii_digit() && after.is_ascii_digit()
                } else {
                    // A hyphen joins letters or digits on both sides (non-ASCII counts as a letter
                    // when it is alphanumeric).
                    let left = text.get(..end).and_then(|s| s.chars().next_back()).is_some_and(char::is_alphanumeric);
                    left && after != 0 && char_at(text, after, end + 1).0
                };
                if joins {
                    end += 1;
                    joined = true;
                    continue;
                }
            }
            break;
        }
        let word_pos = pos;
        pos = if joined { word(text, start, end, pos, &mut buf, &mut emit) } else { plain(text, start, end, pos, &mut buf, &mut emit) };
        let code = if joined { 0 } else { name_code(text.get(start..end).unwrap_or_default()) };
        if let Some(abbreviation) = abbreviation(recent[0].0, recent[1].0, code) {
            emit(Token { term: abbreviation, start: recent[0].1, end, pos: recent[0].2, kind: Kind::Abbreviation });
        }
        recent = [recent[1], (code, start, word_pos)];
        i = end;
    }
    pos
}

/// Appends the byte offset in `text` of each of its word positions, from position 0 to the
/// last position a term is emitted at: where the first term emitted at that position starts
/// (variants at a position already seen are ignored), or, for a position where no term is
/// emitted (a word too long to index), where the next term starts.
///
/// The compiler stores how many there are in each title and body, and the reader computes them
/// again from the same text to cut snippets, so the two must call this same function.
pub fn word_starts(text: &str, out: &mut Vec<u32>) {
    let first = out.len();
    tokenize(text, 0, |t| {
        while out.len() - first <= t.pos as usize {
            out.push(u32::try_from(t.start).unwrap_or(u32::MAX));
        }
    });
}

/// Whether the character starting at byte `i` (whose first byte is `byte`) is a letter or digit,
/// and its width in bytes.
#[inline]
fn char_at(text: &str, byte: u8, i: usize) -> (bool, usize) {
    if byte.is_ascii() {
        return (byte.is_ascii_alphanumeric(), 1);
    }
    match text.get(i..).and_then(|rest| rest.chars().next()) {
        Some(c) => (c.is_alphanumeric(), c.len_utf8()),
        // Not a character boundary: skip the byte (cannot happen for valid UTF-8 walked in order).
        None => (false, 1),
    }
}

/// The words of the abbreviated names, numbered; 0 for any other word.
fn name_code(word: &str) -> u8 {
    const NAMES: [&str; 9] = ["small", "business", "server", "exchange", "virtual", "servers", "outlook", "web", "access"];
    if word.len() > 8 {
        return 0;
    }
    NAMES.iter().position(|name| name.eq_ignore_ascii_case(word)).map_or(0, |i| i as u8 + 1)
}

/// The abbreviation of the name made of three words, by their codes.
fn abbreviation(first: u8, second: u8, third: u8) -> Option<&'static str> {
    match (first, second, third) {
        (1, 2, 3) => Some("sbs"),
        (4, 5, 3) | (4, 5, 6) => Some("evs"),
        (7, 8, 9) => Some("owa"),
        _ => None,
    }
}

/// The singular of a plural by the S-stemmer, or `None` when the word is left alone.
pub fn stem(term: &str) -> Option<String> {
    let (keep, add) = stem_rule(term)?;
    Some(format!("{}{add}", term.get(..keep)?))
}

/// Whether `singular` is what the S-stemmer makes of `plural` (as [`stem`] would say, without
/// allocating).
pub fn is_plural_of(plural: &str, singular: &str) -> bool {
    let Some((keep, add)) = stem_rule(plural) else { return false };
    singular.len() == keep + add.len() && plural.get(..keep).is_some_and(|base| singular.starts_with(base)) && singular.ends_with(add)
}

/// The S-stemmer as a rule: how many bytes of the word to keep and what to add.
fn stem_rule(term: &str) -> Option<(usize, &'static str)> {
    let b = term.as_bytes();
    let n = b.len();
    if n <= 3 || !b.iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    let before = |k: usize| b.get(n - k).copied().unwrap_or(0);
    if term.ends_with("ies") {
        return (!matches!(before(4), b'e' | b'a')).then_some((n - 3, "y"));
    }
    if term.ends_with("es") {
        return (!matches!(before(3), b'a' | b'e' | b'o')).then_some((n - 1, ""));
    }
    if term.ends_with("us") || term.ends_with("ss") || !term.ends_with('s') {
        return None;
    }
    Some((n - 1, ""))
}

/// Emits a word without dots or hyphens; returns the next position.
fn plain(text: &str, start: usize, end: usize, pos: u32, buf: &mut String, emit: &mut impl FnMut(Token<'_>)) -> u32 {
    if let Some(raw) = text.get(start..end) {
        piece(raw, start, pos, buf, emit);
    }
    pos + 1
}

/// Emits the terms of one word spanning `start..end`; returns the next position.
fn word(text: &str, start: usize, end: usize, pos: u32, buf: &mut String, emit: &mut impl FnMut(Token<'_>)) -> u32 {
    let Some(raw) = text.get(start..end) else { return pos };
    if !raw.contains('-') {
        piece(raw, start, pos, buf, emit);
        return pos + 1;
    }
    let mut offset = start;
    let mut next = pos;
    for part in raw.split('-') {
        piece(part, offset, next, buf, emit);
        if next == pos {
            // The joined form sits at the first part's position.
            let joined: String = raw.chars().filter(|&c| c != '-').collect();
            lower_into(&joined, buf);
            if fits(buf) {
                emit(Token { term: buf, start, end, pos, kind: Kind::Joined });
            }
        }
        offset += part.len() + 1;
        next += 1;
    }
    next
}

/// Emits one hyphen-free piece: the term, its dotted parts, or its bare article number.
fn piece(raw: &str, start: usize, pos: u32, buf: &mut String, emit: &mut impl FnMut(Token<'_>)) {
    lower_into(raw, buf);
    if !fits(buf) {
        return;
    }
    let end = start + raw.len();
    emit(Token { term: buf, start, end, pos, kind: Kind::Word });
    if let Some((keep, add)) = stem_rule(buf) {
        buf.truncate(keep);
        buf.push_str(add);
        emit(Token { term: buf, start, end, pos, kind: Kind::Stem });
        // The article-number check below reads the word, not its singular.
        lower_into(raw, buf);
    }
    if raw.contains('.') {
        let mut offset = start;
        let mut seen: Vec<&str> = Vec::new();
        for part in raw.split('.') {
            if !part.is_empty() && !seen.contains(&part) {
                seen.push(part);
                lower_into(part, buf);
                emit(Token { term: buf, start: offset, end: offset + part.len(), pos, kind: Kind::Part });
            }
            offset += part.len() + 1;
        }
        return;
    }
    if let Some(number) = article_number(buf) {
        let digits = number.to_owned();
        let digits_start = end - digits.len();
        emit(Token { term: &digits, start: digits_start, end, pos, kind: Kind::Number });
    }
}

/// The digits of an article id written as one word (`kb842427`, `q248635`).
pub fn article_number(term: &str) -> Option<&str> {
    let digits = term.strip_prefix("kb").or_else(|| term.strip_prefix('q'))?;
    (digits.len() >= 5 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

fn lower_into(raw: &str, buf: &mut String) {
    buf.clear();
    if raw.is_ascii() {
        buf.push_str(raw);
        buf.make_ascii_lowercase();
    } else {
        for c in raw.chars() {
            buf.extend(sp_case::lower(c));
        }
    }
}

fn fits(term: &str) -> bool {
    !term.is_empty() && (term.len() <= MAX_TERM_CHARS || term.chars().count() <= MAX_TERM_CHARS)
}

/// Collects the terms of `text` as owned `(term, start, end, pos, kind)` tuples; for tests and tools.
pub fn terms(text: &str) -> Vec<(String, usize, usize, u32, Kind)> {
    let mut out = Vec::new();
    tokenize(text, 0, |t| out.push((t.term.to_owned(), t.start, t.end, t.pos, t.kind)));
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        terms(text).into_iter().map(|t| t.0).collect()
    }

    fn at(text: &str) -> Vec<(String, u32)> {
        terms(text).into_iter().map(|t| (t.0, t.3)).collect()
    }

    #[test]
    fn word_starts_skip_variants_and_fill_dropped_words() {
        let mut out = vec![7];
        word_starts("a front-end 6.5.7638 b", &mut out);
        assert_eq!(out, [7, 0, 2, 8, 12, 21]);
        let long = "x".repeat(MAX_TERM_CHARS + 1);
        let mut out = Vec::new();
        word_starts(&format!("{long} b {long}"), &mut out);
        assert_eq!(out, [34, 34]);
        let mut out = Vec::new();
        word_starts(" ", &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn splits_on_spaces_and_punctuation() {
        assert_eq!(words("Move the groups, then stop it."), ["move", "the", "groups", "group", "then", "stop", "it"]);
    }

    #[test]
    fn lowercases() {
        assert_eq!(words("MSExchangeCluster Event"), ["msexchangecluster", "event"]);
    }

    #[test]
    fn empty_and_blank_text_have_no_terms() {
        assert!(words("").is_empty());
        assert!(words("  \n\t ").is_empty());
        assert!(words("--- ... !!! ()").is_empty());
    }

    #[test]
    fn error_codes_stay_whole() {
        assert_eq!(words("ID no: c1037b44"), ["id", "no", "c1037b44"]);
    }

    #[test]
    fn plain_numbers_stay_whole() {
        assert_eq!(words("Event ID 1025"), ["event", "id", "1025"]);
    }

    #[test]
    fn dotted_numbers_keep_whole_and_parts() {
        assert_eq!(at("build 6.5.7638"), [
            ("build".into(), 0),
            ("6.5.7638".into(), 1),
            ("6".into(), 1),
            ("5".into(), 1),
            ("7638".into(), 1)
        ]);
    }

    #[test]
    fn repeated_parts_are_emitted_once() {
        assert_eq!(words("Exchange 5.5"), ["exchange", "5.5", "5"]);
    }

    #[test]
    fn four_part_builds_stay_whole() {
        assert_eq!(words("7638.2")[0], "7638.2");
        assert_eq!(words("6.5.7653.33")[0], "6.5.7653.33");
    }

    #[test]
    fn trailing_dot_ends_a_number() {
        assert_eq!(words("build 6249."), ["build", "6249"]);
        assert_eq!(words("SP3. Then"), ["sp3", "then"]);
    }

    #[test]
    fn dot_between_letters_splits() {
        assert_eq!(words("perfwiz.exe"), ["perfwiz", "exe"]);
        assert_eq!(words("end.Next"), ["end", "next"]);
    }

    #[test]
    fn hyphenated_words_give_parts_and_joined_form() {
        assert_eq!(at("front-end servers"), [
            ("front".into(), 0),
            ("frontend".into(), 0),
            ("end".into(), 1),
            ("servers".into(), 2),
            ("server".into(), 2)
        ]);
    }

    #[test]
    fn hyphen_runs_and_edges_split() {
        assert_eq!(words("a -- b"), ["a", "b"]);
        assert_eq!(words("-x- y-"), ["x", "y"]);
    }

    #[test]
    fn slashes_split() {
        assert_eq!(words("active/passive"), ["active", "passive"]);
    }

    #[test]
    fn kb_numbers_in_one_word_give_the_bare_number() {
        assert_eq!(words("KB842427"), ["kb842427", "842427"]);
        assert_eq!(words("Q248635"), ["q248635", "248635"]);
        assert_eq!(words("KB 842427"), ["kb", "842427"]);
    }

    #[test]
    fn short_kb_like_words_are_not_article_ids() {
        assert_eq!(words("kb12"), ["kb12"]);
        assert_eq!(words("quick"), ["quick"]);
        assert_eq!(article_number("q12345x"), None);
    }

    #[test]
    fn apostrophes_split() {
        assert_eq!(words("node's"), ["node", "s"]);
    }

    #[test]
    fn quotes_and_brackets_split() {
        assert_eq!(words("'Upgrade Exchange Virtual Server' [unconfirmed]"), [
            "upgrade", "exchange", "virtual", "server", "evs", "unconfirmed"
        ]);
    }

    #[test]
    fn non_ascii_letters_are_words() {
        assert_eq!(words("Größe über"), ["größe", "über"]);
    }

    #[test]
    fn plurals_yield_singulars() {
        assert_eq!(words("servers nodes entries"), ["servers", "server", "nodes", "node", "entries", "entry"]);
        assert_eq!(stem("restarts").as_deref(), Some("restart"));
        assert_eq!(stem("services").as_deref(), Some("service"));
        assert_eq!(stem("process"), None);
        assert_eq!(stem("status"), None);
        assert_eq!(stem("has"), None);
        assert_eq!(stem("series").as_deref(), Some("sery"));
        assert_eq!(stem("shoes"), None);
        assert_eq!(stem("sp1s"), None);
        for (plural, singular) in [("restarts", "restart"), ("entries", "entry"), ("services", "service"), ("series", "sery")] {
            assert!(is_plural_of(plural, singular), "{plural} {singular}");
        }
        assert!(!is_plural_of("restarts", "restar"));
        assert!(!is_plural_of("process", "proces"));
        assert!(!is_plural_of("entries", "entrie"));
    }

    #[test]
    fn stems_share_the_word_position() {
        let t = terms("two nodes");
        assert_eq!((t[2].0.as_str(), t[2].3, t[2].4), ("node", 1, Kind::Stem));
        assert_eq!((t[2].1, t[2].2), (4, 9));
    }

    #[test]
    fn names_yield_abbreviations() {
        let t = terms("on Small Business Server 2003");
        let sbs = t.iter().find(|t| t.0 == "sbs").unwrap();
        assert_eq!((sbs.1, sbs.2, sbs.3, sbs.4), (3, 24, 1, Kind::Abbreviation));
        assert!(words("Exchange Virtual Servers").contains(&"evs".to_owned()));
        assert!(words("Outlook Web Access").contains(&"owa".to_owned()));
        assert!(!words("Exchange Server").contains(&"evs".to_owned()));
    }

    #[test]
    fn long_terms_are_dropped() {
        let long = "x".repeat(MAX_TERM_CHARS + 1);
        assert_eq!(words(&format!("a {long} b")), ["a", "b"]);
        let fits = "y".repeat(MAX_TERM_CHARS);
        assert_eq!(words(&fits), vec![fits]);
    }

    #[test]
    fn byte_ranges_point_at_the_source() {
        let text = "Größe c1037b44";
        for (term, start, end, _, _) in terms(text) {
            assert_eq!(text[start..end].to_lowercase(), term);
        }
    }

    #[test]
    fn hyphen_part_ranges_point_at_parts() {
        let text = "pre front-end";
        let t = terms(text);
        assert_eq!(&text[t[1].1..t[1].2], "front");
        assert_eq!(&text[t[2].1..t[2].2], "front-end");
        assert_eq!(&text[t[3].1..t[3].2], "end");
    }

    #[test]
    fn positions_continue_from_the_given_start() {
        let mut seen = Vec::new();
        let next = tokenize("a b", 10, |t| seen.push(t.pos));
        assert_eq!(seen, [10, 11]);
        assert_eq!(next, 12);
    }

    #[test]
    fn odd_unicode_does_not_panic() {
        for text in ["\u{0}", "é-", "-é", "1.é", "é.1", "🙂-🙂", "ß.ß", "1..2", "1.-2", "İ"] {
            let _ = terms(text);
        }
    }

    #[test]
    fn lowercase_expansion_keeps_ranges_valid() {
        let text = "İstanbul";
        let t = terms(text);
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].1, t[0].2), (0, text.len()));
    }
}
