//! Sorting through one routine.
//!
//! Every sort of the crate ends in [`sort_keys`], the standard library's sort of plain `u64`
//! numbers, so the WebAssembly module carries one copy of that sort instead of one for each
//! element type and comparison (each copy is about 1.5 KB gzip). Lists of pairs are packed into
//! numbers that order as the pairs do; lists of other things are put in order by a number per
//! element, packed with the element's position so that equal numbers keep their order.

/// Lists up to this long are sorted by insertion, which is quick for them and small.
const SHORT: usize = 32;

/// Sorts numbers in ascending order: the crate's one instantiation of the standard library's
/// sort.
pub fn sort_keys(keys: &mut [u64]) {
    keys.sort_unstable();
}

/// Packs two numbers into one that orders as the pair does, or `None` when either is too large
/// for 32 bits.
fn pack(high: u64, low: u64) -> Option<u64> {
    (high <= u64::from(u32::MAX) && low <= u64::from(u32::MAX)).then_some(high << 32 | low)
}

/// Sorts pairs in ascending order, by the first number and then the second.
pub fn sort_pairs<A, B>(pairs: &mut [(A, B)])
where
    A: Copy + Ord + TryInto<u64> + TryFrom<u64>,
    B: Copy + Ord + TryInto<u64> + TryFrom<u64>,
{
    if pairs.len() <= SHORT {
        insertion_sort(pairs, |a, b| a > b);
        return;
    }
    let mut keys = Vec::with_capacity(pairs.len());
    for &(a, b) in pairs.iter() {
        match a.try_into().ok().zip(b.try_into().ok()).and_then(|(a, b)| pack(a, b)) {
            Some(key) => keys.push(key),
            None => {
                // Numbers beyond 32 bits do not occur in the crate's lists (word indexes and
                // byte offsets of one section); they are still sorted correctly, by insertion.
                insertion_sort(pairs, |a, b| a > b);
                return;
            }
        }
    }
    sort_keys(&mut keys);
    for (slot, key) in pairs.iter_mut().zip(keys) {
        if let (Ok(a), Ok(b)) = (A::try_from(key >> 32), B::try_from(key & u64::from(u32::MAX))) {
            *slot = (a, b);
        }
    }
}

/// Sorts `items` stably by `key`: in ascending order of their keys, and in their present
/// order where keys are equal.
pub fn sort_by_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u32) {
    if items.len() <= SHORT || u32::try_from(items.len()).is_err() {
        insertion_sort(items, |a, b| key(a) > key(b));
        return;
    }
    let mut keys: Vec<u64> = items.iter().zip(0u64..).map(|(item, at)| u64::from(key(item)) << 32 | at).collect();
    sort_keys(&mut keys);
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    for key in keys {
        let at = (key & u64::from(u32::MAX)) as usize;
        if let Some(item) = slots.get_mut(at).and_then(Option::take) {
            items.push(item);
        }
    }
}

/// The positions of `names` in the order of their bytes (ties in their present order).
///
/// The names are sorted as numbers: each name's first bytes packed with its position, so that
/// names differing early are ordered by [`sort_keys`] alone. Names whose packed bytes are equal
/// are then ordered among themselves by insertion; such runs are short for the words of a
/// text.
pub fn sort_names<S: AsRef<[u8]>>(names: &[S]) -> Vec<u32> {
    let Ok(count) = u32::try_from(names.len()) else {
        // More names than positions: nothing the crate builds comes near this.
        return Vec::new();
    };
    // The position takes the low bytes of the key; the name's first bytes the rest.
    let position_bytes = (u32::BITS - count.leading_zeros()).div_ceil(8).max(1);
    let prefix_bytes = 8 - position_bytes as usize;
    let prefix = |name: &[u8]| -> u64 {
        (0..prefix_bytes).fold(0u64, |key, i| key << 8 | u64::from(name.get(i).copied().unwrap_or(0)))
    };
    let mut keys: Vec<u64> = names
        .iter()
        .zip(0u64..)
        .map(|(name, at)| prefix(name.as_ref()) << (8 * position_bytes) | at)
        .collect();
    sort_keys(&mut keys);
    let mask = (1u64 << (8 * position_bytes)) - 1;
    let mut order: Vec<u32> = keys.iter().filter_map(|&key| u32::try_from(key & mask).ok()).collect();
    let name = |at: u32| names.get(at as usize).map(AsRef::as_ref);
    let mut start = 0;
    while start < keys.len() {
        let head = keys.get(start).map(|key| key >> (8 * position_bytes));
        let end = keys
            .iter()
            .skip(start)
            .position(|key| Some(key >> (8 * position_bytes)) != head)
            .map_or(keys.len(), |run| start + run);
        if let Some(run) = order.get_mut(start..end) {
            insertion_sort(run, |&a, &b| name(a) > name(b));
        }
        start = end;
    }
    order
}

/// A stable sort for short lists and the rare list that cannot be packed into numbers;
/// `after(a, b)` says
/// whether `a` belongs after `b`.
fn insertion_sort<T>(items: &mut [T], after: impl Fn(&T, &T) -> bool) {
    for end in 1..items.len() {
        let mut at = end;
        while at > 0 && items.get(at - 1).zip(items.get(at)).is_some_and(|(a, b)| after(a, b)) {
            items.swap(at - 1, at);
            at -= 1;
        }
    }
}

/// The `u32` whose order is the order of `value` under [`f32::total_cmp`].
pub fn float_key(value: f32) -> u32 {
    let bits = value.to_bits();
    if bits >> 31 == 1 { !bits } else { bits | 1 << 31 }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// Short lists and lists longer than [`SHORT`], made from a scrambled sequence.
    fn lists() -> Vec<Vec<u64>> {
        [6, SHORT, SHORT + 1, 200].iter().map(|&len| (0..len as u64).map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15) % 23).collect()).collect()
    }

    #[test]
    fn pairs_sort_as_tuples_do() {
        for list in lists() {
            let mut pairs: Vec<(u32, usize)> = list.iter().map(|&n| ((n % 5) as u32, (n * 7 % 11) as usize)).collect();
            pairs.push((0, 4_000_000_000));
            let mut expected = pairs.clone();
            expected.sort();
            sort_pairs(&mut pairs);
            assert_eq!(pairs, expected);
        }
    }

    #[test]
    fn pairs_too_large_to_pack_sort_by_insertion() {
        for list in lists() {
            let mut pairs: Vec<(u64, u64)> = list.iter().map(|&n| (n % 3, n)).collect();
            pairs.push((1 << 40, 2));
            pairs.push((5, 1 << 33));
            let mut expected = pairs.clone();
            expected.sort();
            sort_pairs(&mut pairs);
            assert_eq!(pairs, expected);
        }
    }

    #[test]
    fn sort_by_key_is_stable() {
        for list in lists() {
            let mut items: Vec<(usize, u32)> = list.iter().enumerate().map(|(at, &n)| (at, (n % 4) as u32)).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.1);
            sort_by_key(&mut items, |item| item.1);
            assert_eq!(items, expected);
        }
    }

    #[test]
    fn float_keys_order_as_total_cmp_does() {
        let values = [-f32::INFINITY, -2.5, -0.0, 0.0, 1e-30, 0.6, 1.0, 3.5, f32::INFINITY];
        for a in values {
            for b in values {
                assert_eq!(float_key(a).cmp(&float_key(b)), a.total_cmp(&b), "{a} {b}");
            }
        }
    }
    #[test]
    fn names_sort_by_their_bytes_with_ties_in_order() {
        let mut names: Vec<Vec<u8>> = Vec::new();
        for i in 0u64..300 {
            let n = i.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            let len = (n % 11) as usize;
            // Few letters, so that many names share long prefixes and repeat exactly.
            names.push((0..len).map(|k| b"ab\0\xffe"[((n >> (k * 3)) % 5) as usize]).collect());
        }
        names.push(Vec::new());
        names.push("\u{e9}t\u{e9}".as_bytes().to_vec());
        for len in [0, 1, 2, 40, names.len()] {
            let list = &names[..len];
            let mut expected: Vec<u32> = (0..len as u32).collect();
            expected.sort_by(|&a, &b| list[a as usize].cmp(&list[b as usize]));
            assert_eq!(sort_names(list), expected, "{len} names");
        }
    }

}
