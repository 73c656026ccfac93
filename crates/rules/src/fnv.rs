//! A small, fast hasher for the crate's own name tables.
//!
//! The standard library's SipHash guards against crafted collisions from remote input; the
//! tables here hold the names of one organisation, at most a few tens of thousands, that
//! the user gives on their own machine, so the cheaper FNV-1a hash is enough.

use std::hash::{BuildHasherDefault, Hasher};

/// The FNV-1a hash, fed a byte or a whole integer at a time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FnvHasher(u64);

impl Default for FnvHasher {
    fn default() -> FnvHasher {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl FnvHasher {
    fn add(&mut self, value: u64) {
        self.0 = (self.0 ^ value).wrapping_mul(0x0100_0000_01b3);
    }
}

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        // Mix the high bits down, because hash tables pick buckets by the low bits.
        let hash = self.0 ^ (self.0 >> 29);
        hash.wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (hash >> 32)
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.add(u64::from(*byte));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// Builds [`FnvHasher`]s for `HashMap` and `HashSet`.
pub(crate) type FnvBuild = BuildHasherDefault<FnvHasher>;

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::hash::BuildHasher;

    use super::*;

    #[test]
    fn equal_input_hashes_equal_and_different_input_differs() {
        let build = FnvBuild::default();
        assert_eq!(build.hash_one("be1"), build.hash_one("be1"));
        assert_ne!(build.hash_one("be1"), build.hash_one("be2"));
        assert_ne!(build.hash_one("ab"), build.hash_one("ba"));
    }

    #[test]
    fn similar_names_spread_over_the_low_bits() {
        let build = FnvBuild::default();
        let buckets: HashSet<u64> = (0..1000).map(|i| build.hash_one(format!("fe{i}")) & 1023).collect();
        assert!(buckets.len() > 500, "{} buckets used of 1024", buckets.len());
    }
}
