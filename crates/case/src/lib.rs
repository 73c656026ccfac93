//! Lowercasing one character exactly as [`char::to_lowercase`] does, from a table of about
//! 1.5 KB instead of the standard library's 11.7 KB, which is the whole of the difference in the
//! web app's WebAssembly (about 4 KB once compressed) when nothing else calls the standard
//! library's version.
//!
//! ```
//! let lower: String = "ÉVS-Ω".chars().flat_map(sp_case::lower).collect();
//! assert_eq!(lower, "évs-ω");
//! assert_eq!(sp_case::lower('İ').collect::<String>(), "i\u{307}");
//! ```
//!
//! The table is written by the build script from the standard library's own mapping, so the
//! two cannot drift apart; a test compares them on every character. It stores runs of
//! characters whose lowercase is the character plus the same number: every character of a
//! range (`A`–`Z`), or every other one (`Ā`, `Ă`, `Ą`…, whose lowercase follows each). A run is
//! one `u64`: the first character (21 bits), the number of characters less one (7 bits), the
//! step less one (1 bit), and the number added, plus 2¹⁷ (18 bits).

include!(concat!(env!("OUT_DIR"), "/runs.rs"));

/// The one character whose lowercase is two characters, and those two.
const TWO: (char, [char; 2]) = ('\u{130}', ['i', '\u{307}']);

/// The lowercase of `c`: one character, or two for `İ` (as [`char::to_lowercase`] gives).
pub fn lower(c: char) -> Lower {
    if c.is_ascii() {
        return Lower([c.to_ascii_lowercase(), '\0'], 1);
    }
    if c == TWO.0 {
        return Lower(TWO.1, 2);
    }
    Lower([single(c), '\0'], 1)
}

/// The lowercase of a character that has a one-character lowercase (or none).
fn single(c: char) -> char {
    let code = u32::from(c);
    let at = RUNS.partition_point(|&run| (run >> 43) as u32 <= code);
    let Some(&run) = at.checked_sub(1).and_then(|i| RUNS.get(i)) else { return c };
    let first = (run >> 43) as u32;
    let count = ((run >> 36) & 0x7F) as u32 + 1;
    let stride = ((run >> 35) & 1) as u32 + 1;
    let delta = (run & 0x3_FFFF) as i64 - (1 << 17);
    let offset = code - first;
    if !offset.is_multiple_of(stride) || offset / stride >= count {
        return c;
    }
    u32::try_from(i64::from(code) + delta).ok().and_then(char::from_u32).unwrap_or(c)
}

/// The characters of a lowercase, as an iterator (like the standard library's `ToLowercase`).
#[derive(Debug, Clone)]
pub struct Lower([char; 2], u8);

impl Iterator for Lower {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let [first, second] = self.0;
        match self.1 {
            0 => None,
            left => {
                self.1 -= 1;
                // Two left: the first; one left of two: the second; one left of one: the first.
                Some(if left == 2 || second == '\0' { first } else { second })
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn every_character_lowercases_as_the_standard_library_does() {
        let mut differ = Vec::new();
        for c in (0..=0x10_FFFF_u32).filter_map(char::from_u32) {
            if !lower(c).eq(c.to_lowercase()) {
                differ.push(c);
            }
        }
        assert!(differ.is_empty(), "{} characters differ, the first {:?}", differ.len(), differ.first());
    }

    #[test]
    fn runs_are_sorted_and_cover_the_changed_characters() {
        assert!(RUNS.windows(2).all(|w| w[0] >> 43 < w[1] >> 43));
        let changed = (0..=0x10_FFFF_u32).filter_map(char::from_u32).filter(|&c| !c.to_lowercase().eq([c])).count();
        let covered: u64 = RUNS.iter().map(|run| ((run >> 36) & 0x7F) + 1).sum();
        // İ is the one changed character outside the runs.
        assert_eq!(covered as usize + 1, changed);
    }

    #[test]
    fn examples() {
        let lowered = |s: &str| s.chars().flat_map(lower).collect::<String>();
        assert_eq!(lowered("EXCHANGE 2003 SP2"), "exchange 2003 sp2");
        assert_eq!(lowered("ÀÉÎÕÜ ĀĂĄ ΣΩ ДЖ Ա Ⴀ"), "àéîõü āăą σω дж ա ⴀ");
        assert_eq!(lowered("ẞ K Å"), "ß k å");
        assert_eq!(lowered("İ"), "i\u{307}");
        assert_eq!(lowered("ǅ"), "ǆ");
        assert_eq!(lower('a').count(), 1);
        assert_eq!(lower('İ').count(), 2);
    }
}
