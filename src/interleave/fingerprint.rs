//! A state's 128-bit fingerprint, for the solvers' visited sets.
//!
//! The visited sets keep a fingerprint per state, not the state (hash
//! compaction, as SPIN's bitstate and Holzmann's hash compaction do). Two
//! distinct states sharing a fingerprint would hide one of them; with 128
//! bits and at most [`super::MAX_SEARCH_STATES`] states the chance is below
//! 10^-24.

use std::hash::{Hash, Hasher};

use super::machine::State;

/// Two independent 64-bit lanes (multiply-rotate, as in wyhash/fxhash),
/// finished with MurmurHash3's avalanche: fast, and 128 bits against
/// collisions.
struct Fp {
    a: u64,
    b: u64,
}

impl Fp {
    fn new() -> Fp {
        Fp {
            a: 0x243F_6A88_85A3_08D3,
            b: 0x1319_8A2E_0370_7344,
        }
    }

    fn finish128(&self) -> u128 {
        ((fmix(self.a) as u128) << 64) | fmix(self.b ^ 0x5851_F42D_4C95_7F2D) as u128
    }

    #[inline]
    fn mix(&mut self, w: u64) {
        self.a = (self.a ^ w)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(31);
        self.b = (self.b.rotate_left(23) ^ w).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    }
}

fn fmix(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

impl Hasher for Fp {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.mix(u64::from_le_bytes(c.try_into().unwrap()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(buf) ^ ((rest.len() as u64) << 56));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.mix(i as u64 | 0x100)
    }
    fn write_u16(&mut self, i: u16) {
        self.mix(i as u64 | 0x20000)
    }
    fn write_u32(&mut self, i: u32) {
        self.mix(i as u64 | 0x4_0000_0000)
    }
    fn write_u64(&mut self, i: u64) {
        self.mix(i)
    }
    fn write_usize(&mut self, i: usize) {
        self.mix(i as u64)
    }
    fn finish(&self) -> u64 {
        fmix(self.a ^ self.b)
    }
}

/// Any value's 128-bit fingerprint, from its `Hash`.
pub fn fingerprint_of<T: Hash + ?Sized>(v: &T) -> u128 {
    let mut h = Fp::new();
    v.hash(&mut h);
    h.finish128()
}

/// The state's 128-bit fingerprint (equal states, equal fingerprints).
///
/// Composed from the remembered prints of its parts (see
/// [`super::shared`]): only the parts a step changed are hashed again.
pub fn fingerprint(s: &State) -> u128 {
    let mut h = Fp::new();
    let mut part = |p: u128| {
        h.mix(p as u64);
        h.mix((p >> 64) as u64);
    };
    part(s.threads.len() as u128);
    for t in &s.threads {
        part(t.print());
    }
    part(s.globals.print());
    part(s.heap.print_with(|heap| {
        let mut h = Fp::new();
        h.write_usize(heap.len());
        for o in heap {
            let p = o.print();
            h.mix(p as u64);
            h.mix((p >> 64) as u64);
        }
        h.finish128()
    }));
    h.write_u32(s.created);
    h.write_u8(s.gil_switch_points as u8);
    s.holder.hash(&mut h);
    h.finish128()
}
