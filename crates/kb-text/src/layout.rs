//! The layout of the compiled knowledge base.
//!
//! The compiler writes two things: a text, every string of the knowledge base (titles,
//! breadcrumbs, HTML, presets) laid end to end, embedded with `include_str!`, and
//! binary tables, embedded with `include_bytes!`. The tables start with a header: the magic
//! bytes `SPKB`, the format version, and the byte offset and length of each [`Segment`], all
//! as 32-bit little-endian numbers.
//!
//! Inside the segments almost every number is a variable-length unsigned integer (LEB128:
//! seven bits a byte, low bits first, the high bit set on every byte but the last; see
//! [`push_varint`] and [`Reader`]), since most are small. Floats are stored as their 32 bits,
//! little-endian.
//!
//! The [`Segment::Meta`] segment is a stream of numbers read in order (pages, sections,
//! presets, errors); a string is its byte offset and length in the text, the offset written
//! as its distance from the end of the string before it (see [`MetaWriter`]).
//!
//! Neither the sections' plain text nor the search index is stored: the reader derives the
//! plain text from the HTML with [`crate::html::to_text`] and builds the index from it (in
//! `sp-kb`) when the first search needs it. Stored, the index took more bytes than the text it
//! indexes; built, it costs a few milliseconds once. Only the numbers that could come out
//! differently on another target are stored: the idf is computed with `ln`, which may round
//! differently from one target's maths library to another's, so the compiler stores it once per
//! document frequency and the scores are the same to the bit everywhere.

use std::collections::HashMap;
use std::fmt;

/// The first bytes of the tables.
pub const MAGIC: [u8; 4] = *b"SPKB";
/// The format version; the reader refuses any other.
pub const VERSION: u32 = 4;

/// The segments of the tables, in the order of the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// Pages, sections, presets and errors, as a stream.
    Meta,
    /// The section numbers sorted by anchor, one number each.
    SortedIds,
    /// The idf of a term found in 1, 2, … up to every section, as 4 bytes of `f32` bits each
    /// (see [`crate::score::idf`]).
    Idf,
    /// Per section, what its scores are multiplied by, as 4 bytes of `f32` bits.
    Boosts,
}

impl Segment {
    /// Every segment, in header order.
    pub const ALL: [Segment; SEGMENTS] = [Segment::Meta, Segment::SortedIds, Segment::Idf, Segment::Boosts];
}

/// How many segments there are.
pub const SEGMENTS: usize = 4;

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

/// Appends `value` as a variable-length number: seven bits a byte, low bits first, the high
/// bit set on every byte but the last.
pub fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value & 0x7F) as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Appends a float as its 32 bits, little-endian.
pub fn push_f32(out: &mut Vec<u8>, value: f32) {
    out.extend_from_slice(&value.to_bits().to_le_bytes());
}

/// Reads numbers from the bytes of a segment, in order.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// Starts reading at the first byte.
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    /// The next variable-length number.
    #[inline]
    pub fn varint(&mut self) -> Result<u32, LayoutError> {
        // Most numbers fit one byte.
        match self.bytes.get(self.at) {
            Some(&byte) if byte < 0x80 => {
                self.at += 1;
                Ok(u32::from(byte))
            }
            _ => self.long_varint(),
        }
    }

    /// The next variable-length number, of any length.
    #[inline(never)]
    fn long_varint(&mut self) -> Result<u32, LayoutError> {
        let mut value = 0u32;
        for shift in [0, 7, 14, 21, 28] {
            let byte = *self.bytes.get(self.at).ok_or(LayoutError("a segment is cut short"))?;
            self.at += 1;
            let bits = u32::from(byte & 0x7F);
            if shift == 28 && bits > 0x0F {
                return Err(LayoutError("a number is out of range"));
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(LayoutError("a number is out of range"))
    }

    /// The next variable-length number, as a count or an index.
    pub fn usize(&mut self) -> Result<usize, LayoutError> {
        self.varint().map(|v| v as usize)
    }

    /// The next float, from its 32 bits.
    pub fn f32(&mut self) -> Result<f32, LayoutError> {
        let value = word(self.bytes.get(self.at..).unwrap_or_default(), 0).ok_or(LayoutError("a segment is cut short"))?;
        self.at += 4;
        Ok(f32::from_bits(value))
    }

    /// How many bytes are left.
    pub fn left(&self) -> usize {
        self.bytes.len().saturating_sub(self.at)
    }

    /// Fails unless every byte has been read.
    pub fn finish(&self) -> Result<(), LayoutError> {
        if self.left() == 0 { Ok(()) } else { Err(LayoutError("a segment is longer than its contents")) }
    }
}

/// Joins the segments (in [`Segment::ALL`] order) behind a header.
pub fn join(segments: &[Vec<u8>; SEGMENTS]) -> Vec<u8> {
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
pub fn split(data: &[u8]) -> Result<[&[u8]; SEGMENTS], LayoutError> {
    if data.get(..4) != Some(&MAGIC[..]) {
        return Err(LayoutError("no SPKB header"));
    }
    if word(data, 1) != Some(VERSION) {
        return Err(LayoutError("another format version"));
    }
    let mut out: [&[u8]; SEGMENTS] = [&[]; SEGMENTS];
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
///
/// Numbers are variable-length. A string is written as where it starts in the text, then its
/// length. Where it starts is 0 for a string that was added to the end of the text, which is
/// where every string written before it ends at the latest, or else its offset plus 1 (for a
/// short string that was already in the text).
#[derive(Debug, Default)]
pub struct MetaWriter {
    /// The stream so far.
    pub bytes: Vec<u8>,
    /// The text so far.
    pub text: String,
    /// Short strings already in the text, so a repeated one (a file name, a page title in
    /// every breadcrumb) is stored once; long ones (bodies, HTML) are not worth hashing.
    seen: HashMap<String, u32>,
}

impl MetaWriter {
    /// Appends a number.
    pub fn u32(&mut self, value: u32) {
        push_varint(&mut self.bytes, value);
    }

    /// Appends a count or an index, which must fit 32 bits.
    pub fn usize(&mut self, value: usize) {
        self.u32(u32::try_from(value).unwrap_or(u32::MAX));
    }

    /// Appends a signed number.
    pub fn i64(&mut self, value: i64) {
        let zigzagged = (value << 1) ^ (value >> 63);
        let bits = u64::from_le_bytes(zigzagged.to_le_bytes());
        self.u32(bits as u32);
        self.u32((bits >> 32) as u32);
    }

    /// Appends a string: where it starts in the text, and its length.
    pub fn str(&mut self, value: &str) {
        let short = value.len() <= SHARED_BYTES;
        let len = u32::try_from(value.len()).unwrap_or(u32::MAX);
        match self.seen.get(value).filter(|_| short) {
            Some(&offset) => self.u32(offset.saturating_add(1)),
            None => {
                let offset = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
                self.text.push_str(value);
                if short {
                    self.seen.insert(value.to_owned(), offset);
                }
                self.u32(0);
            }
        }
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
    numbers: Reader<'a>,
    text: &'a str,
    /// Where the strings read so far end in the text, at the latest.
    end: usize,
}

impl<'a> MetaReader<'a> {
    /// Starts reading a stream whose strings point into `text`.
    pub fn new(bytes: &'a [u8], text: &'a str) -> Self {
        MetaReader { numbers: Reader::new(bytes), text, end: 0 }
    }

    /// The next number.
    pub fn u32(&mut self) -> Result<u32, LayoutError> {
        self.numbers.varint().map_err(|_| LayoutError("the stream is cut short"))
    }

    /// The next count or index.
    pub fn usize(&mut self) -> Result<usize, LayoutError> {
        self.u32().map(|v| v as usize)
    }

    /// The next signed number.
    pub fn i64(&mut self) -> Result<i64, LayoutError> {
        let low = u64::from(self.u32()?);
        let high = u64::from(self.u32()?);
        let bits = i64::from_le_bytes((low | high << 32).to_le_bytes());
        Ok(((bits as u64) >> 1) as i64 ^ -(bits & 1))
    }

    /// The next string.
    pub fn str(&mut self) -> Result<&'a str, LayoutError> {
        let start = match self.usize()? {
            0 => self.end,
            shared => shared - 1,
        };
        let len = self.usize()?;
        let end = start.checked_add(len).ok_or(LayoutError("a string lies outside the text"))?;
        let value = self.text.get(start..end).ok_or(LayoutError("a string lies outside the text"))?;
        self.end = self.end.max(end);
        Ok(value)
    }

    /// The next list of strings.
    pub fn strs(&mut self) -> Result<Vec<&'a str>, LayoutError> {
        let count = self.usize()?;
        // Every string takes two bytes at least, so a count larger than what is left is damage.
        if count > self.numbers.left() / 2 {
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
    fn varints_round_trip_in_as_few_bytes_as_they_need() {
        for (value, bytes) in [(0, 1), (127, 1), (128, 2), (16_383, 2), (16_384, 3), (u32::MAX, 5)] {
            let mut out = Vec::new();
            push_varint(&mut out, value);
            assert_eq!(out.len(), bytes, "{value}");
            let mut r = Reader::new(&out);
            assert_eq!(r.varint(), Ok(value));
            assert_eq!(r.finish(), Ok(()));
        }
        let mut out = Vec::new();
        push_f32(&mut out, -0.1);
        assert_eq!(Reader::new(&out).f32().map(f32::to_bits), Ok((-0.1f32).to_bits()));
    }

    #[test]
    fn damaged_varints_are_errors() {
        assert_eq!(Reader::new(&[0x80]).varint(), Err(LayoutError("a segment is cut short")));
        assert_eq!(Reader::new(&[]).varint(), Err(LayoutError("a segment is cut short")));
        // A fifth byte may only hold the top four bits, and there is no sixth.
        assert_eq!(Reader::new(&[0xFF, 0xFF, 0xFF, 0xFF, 0x10]).varint(), Err(LayoutError("a number is out of range")));
        assert_eq!(Reader::new(&[0xFF, 0xFF, 0xFF, 0xFF, 0x8F, 0x00]).varint(), Err(LayoutError("a number is out of range")));
        assert!(Reader::new(&[1, 2, 3]).f32().is_err());
        let mut r = Reader::new(&[1, 2]);
        assert_eq!(r.varint(), Ok(1));
        assert_eq!(r.left(), 1);
        assert!(r.finish().is_err());
    }

    #[test]
    fn signed_numbers_round_trip() {
        let values = [0, -1, 1, 40, -40, i64::MIN, i64::MAX];
        let mut w = MetaWriter::default();
        for v in values {
            w.i64(v);
        }
        assert_eq!(w.bytes.len(), 5 * 2 + 2 * 10, "small numbers take two bytes, the extremes ten");
        let mut r = MetaReader::new(&w.bytes, "");
        for v in values {
            assert_eq!(r.i64(), Ok(v));
        }
    }

    #[test]
    fn new_strings_point_to_the_end_of_the_text() {
        let mut w = MetaWriter::default();
        w.str("ab");
        w.str("cde");
        w.str("ab");
        w.str("f");
        assert_eq!(w.text, "abcdef");
        assert_eq!(w.bytes, [0, 2, 0, 3, 1, 2, 0, 1]);
        let mut r = MetaReader::new(&w.bytes, &w.text);
        let read: Vec<&str> = (0..4).map(|_| r.str().unwrap()).collect();
        assert_eq!(read, ["ab", "cde", "ab", "f"]);
    }

    #[test]
    fn segments_round_trip() {
        let segments: [Vec<u8>; SEGMENTS] = std::array::from_fn(|i| vec![i as u8; i * 3]);
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
