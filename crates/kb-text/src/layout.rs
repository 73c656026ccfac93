//! The layout of the compiled knowledge base.
//!
//! The compiler writes two things: a text, every string of the knowledge base (titles,
//! breadcrumbs, plain text, HTML, presets) laid end to end, embedded with `include_str!`, and
//! binary tables, embedded with `include_bytes!`. The tables start with a header: the magic
//! bytes `SPKB`, the format version, and the byte offset and length of each [`Segment`]. All
//! numbers are 32-bit little-endian; floats are stored as their bits.
//!
//! The [`Segment::Meta`] segment is a stream of numbers read in order (pages, sections,
//! presets, errors; a string is its byte offset and length in the text). The other segments
//! are arrays of fixed-size records, read in place: the reader copies nothing.

use std::collections::HashMap;
use std::fmt;

/// The first bytes of the tables.
pub const MAGIC: [u8; 4] = *b"SPKB";
/// The format version; the reader refuses any other.
pub const VERSION: u32 = 1;

/// The segments of the tables, in the order of the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// Pages, sections, presets and errors, as a stream.
    Meta,
    /// The section numbers sorted by anchor, one number each.
    SortedIds,
    /// The term dictionary: an `fst::Map` from term to term number.
    Fst,
    /// Per term: its first posting, its number of postings and its idf ([`TERM_BYTES`]).
    Terms,
    /// Per term and document: the document, the impact and the first position
    /// ([`POSTING_BYTES`]); a posting's positions end where the next posting's start.
    Postings,
    /// Word positions, one number each.
    Positions,
    /// Per document, for its title and then its body: the first position, the first word
    /// start and the number of words ([`SPAN_BYTES`]).
    Spans,
    /// The byte offset of every title and body word, one number each.
    WordStarts,
    /// Per document, what its scores are multiplied by.
    Boosts,
}

impl Segment {
    /// Every segment, in header order.
    pub const ALL: [Segment; 9] = [
        Segment::Meta,
        Segment::SortedIds,
        Segment::Fst,
        Segment::Terms,
        Segment::Postings,
        Segment::Positions,
        Segment::Spans,
        Segment::WordStarts,
        Segment::Boosts,
    ];
}

/// The bytes of one term record.
pub const TERM_BYTES: usize = 12;
/// The bytes of one posting record.
pub const POSTING_BYTES: usize = 12;
/// The bytes of one span record.
pub const SPAN_BYTES: usize = 24;

const HEADER_BYTES: usize = 8 + Segment::ALL.len() * 8;

/// The compiled tables are not in the expected layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutError(pub &'static str);

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the compiled knowledge base is damaged: {}", self.0)
    }
}

impl std::error::Error for LayoutError {}

/// The 32-bit number at word `i` of `bytes`.
#[inline]
pub fn word(bytes: &[u8], i: usize) -> Option<u32> {
    let start = i.checked_mul(4)?;
    let chunk: [u8; 4] = bytes.get(start..start.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_le_bytes(chunk))
}

/// The number of 32-bit words in `bytes`.
#[inline]
pub fn words(bytes: &[u8]) -> usize {
    bytes.len() / 4
}

/// Joins the segments (in [`Segment::ALL`] order) behind a header.
pub fn join(segments: &[Vec<u8>; 9]) -> Vec<u8> {
    let total: usize = HEADER_BYTES + segments.iter().map(Vec::len).sum::<usize>();
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    let mut offset = HEADER_BYTES;
    for segment in segments {
        out.extend_from_slice(&u32::try_from(offset).unwrap_or(u32::MAX).to_le_bytes());
        out.extend_from_slice(&u32::try_from(segment.len()).unwrap_or(u32::MAX).to_le_bytes());
        offset += segment.len();
    }
    for segment in segments {
        out.extend_from_slice(segment);
    }
    out
}

/// Splits tables into their segments, in [`Segment::ALL`] order.
pub fn split(data: &[u8]) -> Result<[&[u8]; 9], LayoutError> {
    if data.get(..4) != Some(&MAGIC[..]) {
        return Err(LayoutError("no SPKB header"));
    }
    if word(data, 1) != Some(VERSION) {
        return Err(LayoutError("another format version"));
    }
    let mut out: [&[u8]; 9] = [&[]; 9];
    for (i, slot) in out.iter_mut().enumerate() {
        let (Some(offset), Some(len)) = (word(data, 2 + 2 * i), word(data, 3 + 2 * i)) else {
            return Err(LayoutError("the header is cut short"));
        };
        let (offset, len) = (offset as usize, len as usize);
        *slot = offset.checked_add(len).and_then(|end| data.get(offset..end)).ok_or(LayoutError("a segment lies outside the tables"))?;
    }
    Ok(out)
}

/// The longest string stored once however often it is written.
const SHARED_BYTES: usize = 128;

/// Writes the [`Segment::Meta`] stream and the text its strings point into.
#[derive(Debug, Default)]
pub struct MetaWriter {
    /// The stream so far.
    pub bytes: Vec<u8>,
    /// The text so far.
    pub text: String,
    /// Short strings already in the text, so a repeated one (a file name, a page title in
    /// every breadcrumb) is stored once; long ones (bodies, HTML) are not worth hashing.
    seen: HashMap<String, (u32, u32)>,
}

impl MetaWriter {
    /// Appends a number.
    pub fn u32(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    /// Appends a count or an index, which must fit 32 bits.
    pub fn usize(&mut self, value: usize) {
        self.u32(u32::try_from(value).unwrap_or(u32::MAX));
    }

    /// Appends a string: its offset and length in the text.
    pub fn str(&mut self, value: &str) {
        let short = value.len() <= SHARED_BYTES;
        let (offset, len) = match self.seen.get(value).filter(|_| short) {
            Some(&found) => found,
            None => {
                let found = (u32::try_from(self.text.len()).unwrap_or(u32::MAX), u32::try_from(value.len()).unwrap_or(u32::MAX));
                self.text.push_str(value);
                if short {
                    self.seen.insert(value.to_owned(), found);
                }
                found
            }
        };
        self.u32(offset);
        self.u32(len);
    }

    /// Appends a list of strings: its length, then each string.
    pub fn strs<S: AsRef<str>>(&mut self, values: &[S]) {
        self.usize(values.len());
        for value in values {
            self.str(value.as_ref());
        }
    }

    /// Appends a string that may be missing: a flag, then the string (empty when missing).
    pub fn opt_str(&mut self, value: Option<&str>) {
        self.u32(u32::from(value.is_some()));
        self.str(value.unwrap_or_default());
    }
}

/// Reads the [`Segment::Meta`] stream in the order it was written.
#[derive(Debug)]
pub struct MetaReader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    next: usize,
}

impl<'a> MetaReader<'a> {
    /// Starts reading a stream whose strings point into `text`.
    pub fn new(bytes: &'a [u8], text: &'a str) -> Self {
        MetaReader { bytes, text, next: 0 }
    }

    /// The next number.
    pub fn u32(&mut self) -> Result<u32, LayoutError> {
        let value = word(self.bytes, self.next).ok_or(LayoutError("the stream is cut short"))?;
        self.next += 1;
        Ok(value)
    }

    /// The next count or index.
    pub fn usize(&mut self) -> Result<usize, LayoutError> {
        self.u32().map(|v| v as usize)
    }

    /// The next string.
    pub fn str(&mut self) -> Result<&'a str, LayoutError> {
        let offset = self.usize()?;
        let len = self.usize()?;
        offset.checked_add(len).and_then(|end| self.text.get(offset..end)).ok_or(LayoutError("a string lies outside the text"))
    }

    /// The next list of strings.
    pub fn strs(&mut self) -> Result<Vec<&'a str>, LayoutError> {
        let count = self.usize()?;
        // Every string takes two words, so a count larger than what is left is damage.
        if count > words(self.bytes).saturating_sub(self.next) / 2 {
            return Err(LayoutError("a list is longer than the stream"));
        }
        (0..count).map(|_| self.str()).collect()
    }

    /// The next string that may be missing.
    pub fn opt_str(&mut self) -> Result<Option<&'a str>, LayoutError> {
        let present = self.u32()? != 0;
        let value = self.str()?;
        Ok(present.then_some(value))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn meta_round_trips_and_stores_repeats_once() {
        let mut w = MetaWriter::default();
        w.u32(7);
        w.str("page");
        w.strs(&["page", "title"]);
        w.opt_str(None);
        w.opt_str(Some("x"));
        assert_eq!(w.text, "pagetitlex");
        let mut r = MetaReader::new(&w.bytes, &w.text);
        assert_eq!(r.u32(), Ok(7));
        assert_eq!(r.str(), Ok("page"));
        assert_eq!(r.strs(), Ok(vec!["page", "title"]));
        assert_eq!(r.opt_str(), Ok(None));
        assert_eq!(r.opt_str(), Ok(Some("x")));
        assert!(r.u32().is_err());
    }

    #[test]
    fn segments_round_trip() {
        let segments: [Vec<u8>; 9] = std::array::from_fn(|i| vec![i as u8; i * 3]);
        let joined = join(&segments);
        let split = split(&joined).unwrap();
        for (a, b) in split.iter().zip(&segments) {
            assert_eq!(*a, b.as_slice());
        }
    }

    #[test]
    fn damage_is_an_error() {
        let joined = join(&std::array::from_fn(|_| vec![1, 2, 3, 4]));
        assert!(split(&joined[..joined.len() - 1]).is_err());
        assert!(split(b"SPKB").is_err());
        assert!(split(b"nope").is_err());
        let mut other = joined.clone();
        other[4] = 9;
        assert_eq!(split(&other), Err(LayoutError("another format version")));
        let text = "abc";
        let mut w = MetaWriter::default();
        w.u32(2);
        w.u32(5);
        assert!(MetaReader::new(&w.bytes, text).str().is_err());
        let mut huge = MetaWriter::default();
        huge.u32(u32::MAX);
        assert!(MetaReader::new(&huge.bytes, text).strs().is_err());
    }
}
