//! CPython's Mersenne Twister (MT19937), seeded the way CPython seeds it,
//! so `random.seed(42)` gives the numbers CPython gives.

use num_bigint::BigInt;

pub const N: usize = 624;
const M: usize = 397;

/// MT19937, as `Modules/_randommodule.c` has it.
#[derive(Clone)]
pub struct Mt {
    state: [u32; N],
    index: usize,
}

impl Default for Mt {
    fn default() -> Mt {
        let mut m = Mt {
            state: [0; N],
            index: N + 1,
        };
        let t = (super::super::time::wall_seconds() * 1e6) as u64;
        m.seed_words(&[t as u32, (t >> 32) as u32]);
        m
    }
}

impl Mt {
    fn init_genrand(&mut self, s: u32) {
        self.state[0] = s;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] = 1812433253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    /// `init_by_array`: CPython seeds with the int's 32-bit words.
    pub fn seed_words(&mut self, key: &[u32]) {
        self.init_genrand(19650218);
        let (mut i, mut j) = (1usize, 0usize);
        let klen = key.len().max(1);
        for _ in 0..N.max(klen) {
            let prev = self.state[i - 1];
            let k = key.get(j).copied().unwrap_or(0);
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1664525))
                .wrapping_add(k)
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
            if j >= klen {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1566083941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
        }
        self.state[0] = 0x8000_0000;
        self.index = N;
    }

    pub fn genrand(&mut self) -> u32 {
        if self.index >= N {
            for k in 0..N {
                let y = (self.state[k] & 0x8000_0000) | (self.state[(k + 1) % N] & 0x7fff_ffff);
                let mut v = self.state[(k + M) % N] ^ (y >> 1);
                if y & 1 != 0 {
                    v ^= 0x9908_b0df;
                }
                self.state[k] = v;
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random.random()`: 53 random bits.
    pub fn random(&mut self) -> f64 {
        let a = (self.genrand() >> 5) as f64;
        let b = (self.genrand() >> 6) as f64;
        (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)
    }

    pub fn getrandbits(&mut self, k: u64) -> BigInt {
        // CPython draws nothing for 0 bits (and a shift by 32 would panic).
        if k == 0 {
            return BigInt::from(0);
        }
        if k <= 32 {
            return BigInt::from(self.genrand() >> (32 - k as u32));
        }
        let words = k.div_ceil(32) as usize;
        let mut out = Vec::with_capacity(words);
        let mut left = k;
        for _ in 0..words {
            let mut r = self.genrand();
            if left < 32 {
                r >>= 32 - left as u32;
            }
            out.push(r);
            left = left.saturating_sub(32);
        }
        BigInt::from_slice(num_bigint::Sign::Plus, &out)
    }

    /// `_randbelow(n)`: rejection sampling over `n.bit_length()` bits.
    pub fn below(&mut self, n: &BigInt) -> BigInt {
        let k = n.bits();
        // Callers never ask for 0; without this it would never return.
        if k == 0 {
            return BigInt::from(0);
        }
        loop {
            let r = self.getrandbits(k);
            if &r < n {
                return r;
            }
        }
    }

    /// A generator seeded with a non-negative int's 32-bit words
    /// (CPython's `random.seed(n)`).
    pub fn from_int(n: &BigInt) -> Mt {
        let (_, words) = n.to_u32_digits();
        let mut mt = Mt {
            state: [0; N],
            index: N,
        };
        mt.seed_words(if words.is_empty() { &[0] } else { &words });
        mt
    }

    /// `getstate()`'s words: the 624 state words, then the index.
    pub fn words(&self) -> Vec<u64> {
        let mut v: Vec<u64> = self.state.iter().map(|w| *w as u64).collect();
        v.push(self.index as u64);
        v
    }

    /// `setstate()`: 624 words and an index in `0..=624`.
    pub fn from_words(words: &[u32], index: usize) -> Option<Mt> {
        if words.len() != N || index > N {
            return None;
        }
        let mut state = [0; N];
        state.copy_from_slice(words);
        Some(Mt { state, index })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_42_gives_cpythons_first_float() {
        let mut mt = Mt::from_int(&BigInt::from(42));
        assert_eq!(mt.random(), 0.6394267984578837);
    }

    #[test]
    fn state_words_round_trip() {
        let mut a = Mt::from_int(&BigInt::from(7));
        a.random();
        let words = a.words();
        let state: Vec<u32> = words[..N].iter().map(|w| *w as u32).collect();
        let mut b = Mt::from_words(&state, words[N] as usize).unwrap();
        assert_eq!(a.random(), b.random());
        assert!(Mt::from_words(&state, N + 1).is_none());
    }
}
