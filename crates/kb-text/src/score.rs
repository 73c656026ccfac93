//! How a posting's impact is computed: BM25F with per-field weights and length normalisation,
//! plus a bonus for words in headings.
//!
//! The reader computes every impact when it builds the index. [`average_lengths`] and
//! [`impact`] use only `+`, `-`, `*`, `/` and comparisons on `f32`, so the result is the same to
//! the bit on every target (Rust does not fuse or reorder float operations); [`idf`] uses `ln`,
//! so the compiler computes it and the tables store it.

/// The fields of a document, in the order they are tokenized: the section title, its
/// breadcrumbs (with its anchor), its body.
pub const FIELDS: usize = 3;
/// How much a match in each field counts.
pub const WEIGHT: [f32; FIELDS] = [4.0, 1.5, 1.0];
/// How much each field's length dampens its matches (BM25's `b`).
pub const LENGTH_NORM: [f32; FIELDS] = [0.3, 0.3, 0.75];
/// What a word in the section title adds to its impact, beyond BM25F.
pub const TITLE_BONUS: f32 = 1.0;
/// What a word in the breadcrumbs (or the anchor) adds to its impact, beyond BM25F.
pub const CRUMB_BONUS: f32 = 0.3;
/// BM25's term-frequency saturation.
pub const K1: f32 = 1.2;

/// The inverse document frequency of a term found in `df` of `docs` documents (BM25's, kept
/// positive). It uses `ln`, whose last bit may differ from one target to another, so the
/// compiler computes it and the tables store it.
pub fn idf(docs: usize, df: usize) -> f32 {
    let (n, df) = (docs.max(1) as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// The average length of each field over all documents (at least 1), from each document's
/// field lengths in words, summed in document order.
pub fn average_lengths(lengths: &[[u32; FIELDS]]) -> [f32; FIELDS] {
    let n = lengths.len().max(1) as f32;
    let mut average = [0f32; FIELDS];
    for l in lengths {
        for (avg, len) in average.iter_mut().zip(l) {
            *avg += *len as f32;
        }
    }
    for avg in &mut average {
        *avg = (*avg / n).max(1.0);
    }
    average
}

/// The impact of a term on a document: BM25F's term-frequency part over the weighted,
/// length-normalised frequencies `tf` of the term in each field (`len` holds the document's
/// field lengths, `average` what [`average_lengths`] gives), plus [`TITLE_BONUS`] when the
/// term is in the title and [`CRUMB_BONUS`] when it is in the breadcrumbs, so a word in a
/// heading is worth more than any number of mentions in a body. Queries multiply it by the
/// term's idf.
pub fn impact(tf: [u32; FIELDS], len: [u32; FIELDS], average: [f32; FIELDS]) -> f32 {
    let mut weighted = 0.0;
    for f in 0..FIELDS {
        let (Some(w), Some(b), Some(&freq), Some(avg), Some(&l)) = (WEIGHT.get(f), LENGTH_NORM.get(f), tf.get(f), average.get(f), len.get(f)) else {
            continue;
        };
        if freq > 0 {
            weighted += w * freq as f32 / (1.0 - b + b * (l as f32).max(1.0) / avg);
        }
    }
    let heading_bonus = TITLE_BONUS * f32::from(u8::from(tf[0] > 0)) + CRUMB_BONUS * f32::from(u8::from(tf[1] > 0));
    weighted * (K1 + 1.0) / (weighted + K1) + heading_bonus
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_are_at_least_one() {
        assert_eq!(average_lengths(&[[2, 0, 10], [4, 0, 30]]), [3.0, 1.0, 20.0]);
        assert_eq!(average_lengths(&[]), [1.0, 1.0, 1.0]);
    }

    #[test]
    fn headings_outweigh_bodies() {
        let average = [4.0, 6.0, 200.0];
        let len = [4, 6, 200];
        let body_once = impact([0, 0, 1], len, average);
        let body_often = impact([0, 0, 50], len, average);
        let title_once = impact([1, 0, 0], len, average);
        let crumb_once = impact([0, 1, 0], len, average);
        assert!(0.0 < body_once && body_once < body_often && body_often < K1 + 1.0);
        assert!(title_once > body_often + TITLE_BONUS - 0.5);
        assert!(crumb_once > body_once);
        assert_eq!(impact([0, 0, 0], len, average), 0.0);
    }

    #[test]
    fn longer_bodies_dampen_matches() {
        let average = [4.0, 6.0, 200.0];
        assert!(impact([0, 0, 2], [4, 6, 100], average) > impact([0, 0, 2], [4, 6, 400], average));
    }

    /// The value of one known case, worked by hand in `f32`: a body of average length makes the
    /// normaliser 1, so the weighted frequency is 1 and the impact (1 × 2.2) / (1 + 1.2) = 1.
    #[test]
    fn a_known_case() {
        assert_eq!(impact([0, 0, 1], [4, 6, 200], [4.0, 6.0, 200.0]).to_bits(), 1.0f32.to_bits());
    }
}
