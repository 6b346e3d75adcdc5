//! The hash map for look-ups by record id within one request.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hash map keyed by ids the caller sent, with FNV-1a instead of SipHash: the keys come from
/// the caller's own batch, and a statement or a settlement hashes every record id.
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A key whose hash was computed beforehand (on another core, or to choose its partition):
/// the map uses that hash as it is and compares the ids only when hashes are equal.
#[derive(Clone, Copy)]
pub(crate) struct Prehashed<'a> {
    pub hash: u64,
    pub id: &'a str,
}

impl<'a> Prehashed<'a> {
    pub fn new(id: &'a str) -> Self {
        let mut hasher = Fnv::default();
        std::hash::Hash::hash(id, &mut hasher);
        Prehashed {
            hash: hasher.finish(),
            id,
        }
    }
}

impl PartialEq for Prehashed<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.id == other.id
    }
}

impl Eq for Prehashed<'_> {}

impl std::hash::Hash for Prehashed<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// A map keyed by [`Prehashed`] ids.
pub(crate) type PrehashedMap<'a, V> = HashMap<Prehashed<'a>, V, BuildHasherDefault<PassThrough>>;

/// Hands on the hash a [`Prehashed`] key carries.
#[derive(Default)]
pub(crate) struct PassThrough(u64);

impl Hasher for PassThrough {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }

    #[inline]
    fn write_u64(&mut self, hash: u64) {
        self.0 = hash;
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `Prehashed` keys use this hasher, and they write one u64; anything else still
        // hashes correctly, byte by byte.
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}
