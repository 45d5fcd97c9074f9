//! The machine's limit for memory-bound work, for `./dev.sh bench`: a
//! STREAM-like triad `a[i] = b[i] + 3·c[i]` (24 bytes moved per element: two
//! reads, one write) on k threads of the current rayon pool, each a
//! contiguous share; and a read-only pass (the bits of `b` added up as
//! integers, 8 bytes per element), which is what the array sum does.
//!
//! Not a workload of the pages: it has no answer to teach, only a rate. The
//! same code runs natively (`bench/native.rs`) and in wasm (the
//! bench page's own instance, `triadBench`), so the two columns of the
//! benchmark's machine-limit table measure the same loop.
#![warn(missing_docs)]

use std::sync::Mutex;

use crate::clock::now_ms;

/// Elements in each array by default: 3 × 64 MB, far more than any cache.
pub const DEFAULT_LEN: usize = 1 << 23;
/// Largest length accepted: 3 × 128 MB (the wasm memory is 512 MiB).
pub const MAX_LEN: usize = 1 << 24;

/// The three arrays, filled once.
pub struct Triad {
    a: Vec<f64>,
    b: Vec<f64>,
    c: Vec<f64>,
}

impl Triad {
    /// `len` elements per array (clamped to 1..=[`MAX_LEN`]).
    pub fn new(len: usize) -> Triad {
        let len = len.clamp(1, MAX_LEN);
        Triad {
            a: vec![0.0; len],
            b: (0..len).map(|i| i as f64).collect(),
            c: (0..len).map(|i| (i % 7) as f64).collect(),
        }
    }

    /// Bytes one pass moves.
    pub fn bytes(&self) -> f64 {
        (24 * self.a.len()) as f64
    }

    /// One pass on `workers` threads of the current pool (clamped to
    /// 1..=pool size); returns GB/s. Call it from where
    /// `driver::run_parallel_with` is called (outside the pool or its thread 0).
    pub fn pass(&mut self, workers: usize) -> f64 {
        let workers = workers.clamp(1, rayon::current_num_threads());
        let share = self.a.len().div_ceil(workers);
        // One share per thread; the lock is never contended (thread `me`
        // takes share `me`), it only hands each thread its `&mut` slice.
        let shares: Vec<Mutex<&mut [f64]>> = self.a.chunks_mut(share).map(Mutex::new).collect();
        let (b, c) = (&self.b, &self.c);
        let started = now_ms();
        rayon::broadcast(|ctx| {
            let me = ctx.index();
            let Some(slot) = shares.get(me) else { return };
            let mut a = slot.lock().unwrap_or_else(|e| e.into_inner());
            let first = me * share;
            let (b, c) = (&b[first..first + a.len()], &c[first..first + a.len()]);
            for ((a, &b), &c) in a.iter_mut().zip(b).zip(c) {
                *a = b + 3.0 * c;
            }
        });
        let ms = now_ms() - started;
        std::hint::black_box(&mut self.a);
        self.bytes() / (ms.max(1e-3) / 1e3) / 1e9
    }
}

/// Adds up the bits of `values` as wrapping u64s: only reading, no float
/// chain to wait on, so it vectorises and runs at the rate memory delivers.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn add_bits(values: &[f64]) -> u64 {
    values
        .iter()
        .fold(0u64, |sum, v| sum.wrapping_add(v.to_bits()))
}

impl Triad {
    /// One read-only pass over `b` on `workers` threads (as [`Triad::pass`]);
    /// returns GB/s read.
    pub fn read_pass(&self, workers: usize) -> f64 {
        let workers = workers.clamp(1, rayon::current_num_threads());
        let share = self.b.len().div_ceil(workers);
        let sums: Vec<std::sync::atomic::AtomicU64> =
            (0..workers).map(|_| Default::default()).collect();
        let started = now_ms();
        rayon::broadcast(|ctx| {
            let me = ctx.index();
            if let Some(values) = self.b.chunks(share).nth(me) {
                sums[me].store(add_bits(values), std::sync::atomic::Ordering::Relaxed);
            }
        });
        let ms = now_ms() - started;
        std::hint::black_box(&sums);
        (8 * self.b.len()) as f64 / (ms.max(1e-3) / 1e3) / 1e9
    }
}

/// GB/s on k = 1..=`max_workers` threads: `reps` passes each after one
/// warm-up pass, settings interleaved within a repetition. Returns, per k,
/// `("k1", [GB/s, ...])` for the triad and `("read k1", [GB/s, ...])` for
/// the read-only pass.
pub fn gb_per_s(len: usize, max_workers: usize, reps: usize) -> Vec<(String, Vec<f64>)> {
    let mut triad = Triad::new(len);
    let max_workers = max_workers.clamp(1, rayon::current_num_threads());
    let mut out: Vec<(String, Vec<f64>)> = (1..=max_workers)
        .map(|k| (format!("k{k}"), Vec::new()))
        .chain((1..=max_workers).map(|k| (format!("read k{k}"), Vec::new())))
        .collect();
    for rep in 0..=reps {
        for k in 1..=max_workers {
            let (triad_rate, read_rate) = (triad.pass(k), triad.read_pass(k));
            if rep > 0 {
                out[k - 1].1.push(triad_rate);
                out[max_workers + k - 1].1.push(read_rate);
            }
        }
    }
    out
}
