//! Sorting through one routine.
//!
//! Every sort of the crate sorts positions (`usize`) with [`sort_positions`], which takes its
//! comparison as a trait object, so the WebAssembly module carries one copy of the standard
//! library's sort for the crate instead of one for each element type and comparison (each
//! copy is about 1.5 KB gzip). Lists of other things are sorted as positions and then put in
//! that order (`sort_stable`).

use std::cmp::Ordering;

/// Sorts `positions` by `compare`, which must be a total order on them (break ties by
/// position where a stable order is wanted).
pub(crate) fn sort_positions(positions: &mut [usize], compare: &dyn Fn(usize, usize) -> Ordering) {
    positions.sort_unstable_by(|a, b| compare(*a, *b));
}

/// Sorts `items` stably by `compare`: equal items keep their order.
pub(crate) fn sort_stable<T>(items: &mut Vec<T>, compare: &dyn Fn(&T, &T) -> Ordering) {
    let mut positions: Vec<usize> = (0..items.len()).collect();
    sort_positions(&mut positions, &|a, b| match (items.get(a), items.get(b)) {
        (Some(x), Some(y)) => compare(x, y).then(a.cmp(&b)),
        _ => a.cmp(&b),
    });
    arrange(items, &positions);
}

/// Puts `items` in the order of `positions`, a permutation of their positions.
fn arrange<T>(items: &mut Vec<T>, positions: &[usize]) {
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(positions.iter().filter_map(|&at| slots.get_mut(at).and_then(Option::take)));
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn positions_follow_the_comparison() {
        let names = ["delta", "alpha", "charlie", "bravo"];
        let mut positions = vec![0, 1, 2, 3];
        sort_positions(&mut positions, &|a, b| names[a].cmp(names[b]));
        assert_eq!(positions, [1, 3, 2, 0]);
    }

    #[test]
    fn stable_sort_keeps_equal_items_in_order() {
        let mut items = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e'), (2, 'f')];
        let mut expected = items.clone();
        expected.sort_by_key(|item| item.0);
        sort_stable(&mut items, &|a, b| a.0.cmp(&b.0));
        assert_eq!(items, expected);
    }
}
