//! `random`: CPython's Mersenne Twister, seeded the way CPython seeds it,
//! so `random.seed(42)` gives the numbers CPython gives.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::interleave::runner::builtins::functions::arity;
use crate::interleave::runner::ops::{to_big, to_f64};
use crate::interleave::runner::value::{lock, Args, NativeFn, Object, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

const N: usize = 624;
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
        let t = (super::time::wall_seconds() * 1e6) as u64;
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
        loop {
            let r = self.getrandbits(k);
            if &r < n {
                return r;
            }
        }
    }
}

fn seed(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "seed", &args, 0, 1)?;
    let mut mt = lock(&vm.interp.random);
    match args.pos.first() {
        None | Some(Value::None) => *mt = Mt::default(),
        Some(v) => {
            let n = match (to_big(v), v) {
                (Some(b), _) => b.abs(),
                (None, Value::Float(x)) => BigInt::from(x.abs() as i64),
                (None, Value::Str(s)) => {
                    // CPython hashes str seeds with SHA-512; use the text's
                    // bytes instead (deterministic, not CPython's sequence).
                    BigInt::from_bytes_be(num_bigint::Sign::Plus, s.as_bytes())
                }
                _ => BigInt::zero(),
            };
            let (_, words) = n.to_u32_digits();
            *mt = Mt {
                state: [0; N],
                index: N,
            };
            mt.seed_words(if words.is_empty() { &[0] } else { &words });
        }
    }
    Ok(Value::None)
}

fn random(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Float(lock(&vm.interp.random).random()))
}

fn int_arg(vm: &Vm, v: &Value) -> PyResult<BigInt> {
    to_big(v).ok_or_else(|| {
        vm.new_error(
            "TypeError",
            format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(v)
            ),
        )
    })
}

fn randrange_of(vm: &mut Vm, start: BigInt, stop: BigInt, step: BigInt) -> PyResult<Value> {
    if step.is_zero() {
        return Err(vm.new_error("ValueError", "zero step for randrange()"));
    }
    let width = &stop - &start;
    let n: BigInt = if step.is_positive() {
        (&width + &step - 1) / &step
    } else {
        (&width + &step + 1) / &step
    };
    if !n.is_positive() {
        return Err(vm.new_error(
            "ValueError",
            format!("empty range in randrange({start}, {stop})"),
        ));
    }
    let r = lock(&vm.interp.random).below(&n);
    Ok(Value::from_big(start + r * step))
}

fn randrange(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "randrange", &args, 1, 3)?;
    let a = int_arg(vm, &args.pos[0])?;
    match args.pos.len() {
        1 => randrange_of(vm, BigInt::zero(), a, BigInt::from(1)),
        2 => {
            let b = int_arg(vm, &args.pos[1])?;
            randrange_of(vm, a, b, BigInt::from(1))
        }
        _ => {
            let b = int_arg(vm, &args.pos[1])?;
            let c = int_arg(vm, &args.pos[2])?;
            randrange_of(vm, a, b, c)
        }
    }
}

fn randint(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "randint", &args, 2, 2)?;
    let a = int_arg(vm, &args.pos[0])?;
    let b = int_arg(vm, &args.pos[1])?;
    randrange_of(vm, a, b + 1, BigInt::from(1))
}

fn uniform(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "uniform", &args, 2, 2)?;
    let (Some(a), Some(b)) = (to_f64(&args.pos[0]), to_f64(&args.pos[1])) else {
        return Err(vm.new_error("TypeError", "uniform() needs numbers"));
    };
    let r = lock(&vm.interp.random).random();
    Ok(Value::Float(a + (b - a) * r))
}

fn choice(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "choice", &args, 1, 1)?;
    let n = vm.len(&args.pos[0])?;
    if n == 0 {
        return Err(vm.new_error("IndexError", "Cannot choose from an empty sequence"));
    }
    let i = lock(&vm.interp.random).below(&BigInt::from(n));
    vm.get_item(&args.pos[0], &Value::from_big(i))
}

fn shuffle(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "shuffle", &args, 1, 1)?;
    let Some(Object::List(l)) = args.pos[0].as_obj() else {
        return Err(vm.new_error("TypeError", "shuffle() needs a list"));
    };
    let mut items = lock(l).clone();
    {
        let mut mt = lock(&vm.interp.random);
        for i in (1..items.len()).rev() {
            let j = mt.below(&BigInt::from(i + 1)).to_usize().unwrap_or(0);
            items.swap(i, j);
        }
    }
    *lock(l) = items;
    Ok(Value::None)
}

fn sample(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "sample", &args, 2, 2)?;
    let mut pool = vm.collect(&args.pos[0])?;
    let k = match &args.pos[1] {
        Value::Int(k) if *k >= 0 && (*k as usize) <= pool.len() => *k as usize,
        _ => return Err(vm.new_error("ValueError", "Sample larger than population or is negative")),
    };
    let n = pool.len();
    let mut out = Vec::with_capacity(k);
    let mut mt = lock(&vm.interp.random);
    // CPython's pool branch: pick and fill the hole from the end.
    for i in 0..k {
        let j = mt.below(&BigInt::from(n - i)).to_usize().unwrap_or(0);
        out.push(pool[j].clone());
        pool[j] = pool[n - i - 1].clone();
    }
    drop(mt);
    Ok(Value::list(out))
}

fn getrandbits(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "getrandbits", &args, 1, 1)?;
    let k = int_arg(vm, &args.pos[0])?.to_u64().unwrap_or(0);
    Ok(Value::from_big(lock(&vm.interp.random).getrandbits(k)))
}

pub fn module(run: &crate::interleave::runner::obj::Immortals) -> Value {
    const F: &[(&str, NativeFn)] = &[
        ("seed", seed),
        ("random", random),
        ("randint", randint),
        ("randrange", randrange),
        ("uniform", uniform),
        ("choice", choice),
        ("shuffle", shuffle),
        ("sample", sample),
        ("getrandbits", getrandbits),
    ];
    super::native_module("random", F, Vec::new(), run)
}
