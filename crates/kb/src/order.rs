//! Sorting through one routine.
//!
//! Every sort of the crate ends in [`sort_keys`], a sort of plain `u64` numbers, so the
//! WebAssembly module carries one copy of the standard library's sort instead of one for each
//! element type and comparison (each copy is about 1.5 KB gzip). Lists of pairs are packed into
//! numbers that order as the pairs do; lists of other things are put in order by a number per
//! element, packed with the element's position so that equal numbers keep their order.

/// Sorts numbers in ascending order.
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
    let packed: Option<Vec<u64>> = pairs.iter().map(|&(a, b)| pack(a.try_into().ok()?, b.try_into().ok()?)).collect();
    let Some(mut keys) = packed else {
        // Numbers beyond 32 bits do not occur in the crate's lists (word indexes and byte offsets
        // of one section); they are still sorted correctly, by insertion.
        insertion_sort(pairs, |a, b| a > b);
        return;
    };
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
    if u32::try_from(items.len()).is_err() {
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

/// A stable sort for the rare list that cannot be packed into numbers; `after(a, b)` says
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

    #[test]
    fn pairs_sort_as_tuples_do() {
        let mut pairs: Vec<(u32, usize)> = vec![(3, 1), (1, 9), (3, 0), (0, 4_000_000_000), (1, 2), (3, 0)];
        let mut expected = pairs.clone();
        expected.sort();
        sort_pairs(&mut pairs);
        assert_eq!(pairs, expected);
    }

    #[test]
    fn pairs_too_large_to_pack_sort_by_insertion() {
        let mut pairs: Vec<(u64, u64)> = vec![(1 << 40, 2), (5, 1 << 33), (5, 1), (0, 0)];
        let mut expected = pairs.clone();
        expected.sort();
        sort_pairs(&mut pairs);
        assert_eq!(pairs, expected);
    }

    #[test]
    fn sort_by_key_is_stable() {
        let mut items = vec![("a", 2), ("b", 1), ("c", 2), ("d", 0), ("e", 1)];
        let mut expected = items.clone();
        expected.sort_by_key(|item| item.1);
        sort_by_key(&mut items, |item| item.1);
        assert_eq!(items, expected);
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
}
