//! The `sqrt(i) * sin(i)` accumulation: floating-point work per item.
//!
//! Lesson: a CPU-bound loop over floats parallelises just as well, but adding
//! floats in a different order gives a (slightly) different answer. threadlab
//! sums fixed blocks of `range(n)` and then the block sums in order, so one
//! worker and eight give the same bits. Python's plain left-to-right loop may
//! differ from both in the last few digits — rounding, not a bug: the two
//! agree to a relative 1e-9 (checked by `tests/workloads_python.rs`).
//!
//! The sine is threadlab's own ([`sin`]), the same code natively and in wasm:
//! Rust's `f64::sin` is the platform's natively but musl's `libm` port in
//! wasm, whose argument reduction takes a slow multi-precision path above
//! ~1.6·10⁶ — most of `range(10⁷)` — and made wasm 12× slower than native.
//! Two items at a time in SIMD lanes, two pairs a step; which items share a
//! step is chosen so that one polynomial (sine or cosine) nearly always
//! serves all four ([`LANE_GAP`]), behind a single branch ([`sin4`]).
#![warn(missing_docs)]

use super::simd::F64x2;
use super::{Answer, Workload, WorkloadInfo};
use crate::driver::{Blocks, RangeSplit};

/// The workload's id in requests, URLs and the catalogue.
pub const ID: &str = "sqrt-sin";

/// `sum(sqrt(i) * sin(i) for i in range(n))`, in fixed blocks.
pub struct SqrtSin {
    split: RangeSplit,
}

/// Largest |x| [`sin`] reduces with its fast (Cody–Waite) path; beyond it, and
/// for NaN and infinities, it calls the platform's `f64::sin`. It is 2^29,
/// above the workload's largest size: the quotient x·2/π then stays below
/// 2^29, so its product with each 24-bit piece of π/2 below is exact.
pub const FAST_LIMIT: f64 = 536_870_912.0;

// π/2 as P1 + P2 + P3 + P4: three pieces of 24 significant bits and a full
// double, 125 bits in all (computed exactly from a 400-bit π). Each k·Pj is
// exact for |k| < 2^29.
const P1: f64 = f64::from_bits(0x3ff9_21fb_6000_0000); // 1.5707963705062866
const P2: f64 = f64::from_bits(0xbe67_77a5_c000_0000); // -4.371138828673793e-8
const P3: f64 = f64::from_bits(0xbcde_e59d_a000_0000); // -1.7151245100058819e-15
const P4: f64 = f64::from_bits(0x3b29_8a2e_0370_7345); // 1.0562999066987428e-23
/// P3 + P4 rounded to one double: the last piece of the fast reduction.
const P3_TAIL: f64 = P3 + P4;
/// hi² at or below this (|hi| <= 2^-10) sends a lane to the exact reduction.
const NEAR_AXIS: f64 = 1.0 / 1_048_576.0;
const INV_PIO2: f64 = f64::from_bits(0x3fe4_5f30_6dc9_c883); // 2/π
/// 1.5·2^52: adding it rounds a |value| < 2^51 to an integer (ties to even),
/// which then sits in the low bits of the sum's mantissa.
const ROUNDER: f64 = 6_755_399_441_055_744.0;

// musl's (FreeBSD's) kernel polynomials for sin and cos on [-π/4, π/4],
// each with a correction for the low part of the reduced argument.
const S1: f64 = -0.16666666666666632;
const S2: f64 = 0.00833333333332249;
const S3: f64 = -0.0001984126982985795;
const S4: f64 = 2.7557313707070068e-06;
const S5: f64 = -2.5050760253406863e-08;
const S6: f64 = 1.58969099521155e-10;
const C1: f64 = 0.0416666666666666;
const C2: f64 = -0.001388888888887411;
const C3: f64 = 2.480158728947673e-05;
const C4: f64 = -2.7557314351390663e-07;
const C5: f64 = 2.087572321298175e-09;
const C6: f64 = -1.1359647557788195e-11;

/// Every constant [`sin2`] uses, as two-lane vectors, made once per block by
/// [`Constants::opaque`].
///
/// Why not plain `F64x2::splat(S1)` at the point of use: LLVM then emits a
/// `v128.const` inside the loop, and V8 (Chromium 156, seen by dumping the
/// renderer's machine code under `perf`) rebuilds every one of them on every
/// iteration — `movabs` into a general register, `vmovq`, `vpunpcklqdq` —
/// 26 constants, ~75 of the loop's ~190 instructions. Natively the same
/// constants are free memory operands. Passed through `black_box` once per
/// block, they are values LLVM cannot see into, so they stay wasm locals;
/// V8 keeps them in registers or reloads them from its stack frame with one
/// `vmovups` each, and the loop shrinks to ~125 instructions, like the
/// native one. The arithmetic is unchanged, so are the results.
#[derive(Clone, Copy)]
pub struct Constants {
    inv_pio2: F64x2,
    rounder: F64x2,
    p1: F64x2,
    p2: F64x2,
    p3: F64x2,
    p4: F64x2,
    p3_tail: F64x2,
    near_axis: F64x2,
    s1: F64x2,
    s2: F64x2,
    s3: F64x2,
    s4: F64x2,
    s5: F64x2,
    s6: F64x2,
    c1: F64x2,
    c2: F64x2,
    c3: F64x2,
    c4: F64x2,
    c5: F64x2,
    c6: F64x2,
    half: F64x2,
    one: F64x2,
    two: F64x2,
    sign_bit: F64x2,
    /// The integer 1 in each lane's bits: picks bit 0 of `rounded`.
    low_bit: F64x2,
}

impl Constants {
    /// The constants, hidden from the optimiser (see the type's doc).
    #[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
    pub fn opaque() -> Constants {
        let s = F64x2::splat;
        std::hint::black_box(Constants {
            inv_pio2: s(INV_PIO2),
            rounder: s(ROUNDER),
            p1: s(P1),
            p2: s(P2),
            p3: s(P3),
            p4: s(P4),
            p3_tail: s(P3_TAIL),
            near_axis: s(NEAR_AXIS),
            s1: s(S1),
            s2: s(S2),
            s3: s(S3),
            s4: s(S4),
            s5: s(S5),
            s6: s(S6),
            c1: s(C1),
            c2: s(C2),
            c3: s(C3),
            c4: s(C4),
            c5: s(C5),
            c6: s(C6),
            half: s(0.5),
            one: s(1.0),
            two: s(2.0),
            sign_bit: s(-0.0),
            low_bit: s(f64::from_bits(1)),
        })
    }
}

/// One pair's reduced argument: x − k·π/2 as `hi` + `lo`, its square
/// `z` = hi² (both the kernels' variable and the near-axis test), and
/// `rounded`, whose mantissa's low bits are k mod 4.
#[derive(Clone, Copy)]
struct Reduced {
    rounded: F64x2,
    hi: F64x2,
    lo: F64x2,
    z: F64x2,
}

/// [`reduce_fast`], and hi² with it.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline]
fn reduced(x: F64x2, c: &Constants) -> Reduced {
    let (rounded, hi, lo) = reduce_fast(x, c);
    Reduced {
        rounded,
        hi,
        lo,
        z: F64x2::mul(hi, hi),
    }
}

/// The sine of two arguments with |x| <= [`FAST_LIMIT`].
///
/// Reduction: k = round(x·2/π) and r = x − k·π/2 as a head-and-tail pair,
/// by [`reduce_fast`], or for a lane whose r lands within 2^-10 of 0 (about
/// one item in 800) by the exact [`reduce`]. Then sin(x) is ±sin(r) for
/// even k and ±cos(r) for odd k — two different polynomials. When both
/// lanes have a k of the same parity (the accumulation below arranges its
/// lanes so they nearly always do), only that one polynomial runs;
/// otherwise both run and each lane picks its own. Either way a lane gets
/// the same bits. Within 1 ulp of the platform's sine (tested).
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline]
pub fn sin2(x: F64x2, c: &Constants) -> F64x2 {
    let r = reduced(x, c);
    with_sign(unsigned_sin(x, r, c), r, c)
}

/// [`sin2`] for two pairs, with one branch for what nearly every step of
/// the accumulation sees: no lane near an axis and all four k of one
/// parity. Anything else goes through [`sin2`]'s path, lane by lane, so a
/// lane's bits never depend on the others.
///
/// Why: with a branch per pair for the near-axis test and another for the
/// parity, V8 (seen in the code Node 20 generates for this loop) kept
/// fewer values in registers across the branches, and one step of two pairs
/// was ~160 instructions, 33 of them spills to the stack. With one branch
/// it is ~130 with 18 spills. A wasm build of just this loop, versions
/// alternated in one Chromium 156 page: `range(10⁷)` on one worker in
/// 35–36 ms instead of 41–42; natively 35 instead of 39.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline]
pub fn sin4(x: F64x2, y: F64x2, c: &Constants) -> (F64x2, F64x2) {
    use F64x2 as V;
    let (a, b) = (reduced(x, c), reduced(y, c));
    let near = V::or(V::le(a.z, c.near_axis), V::le(b.z, c.near_axis));
    // Bit 0 of each k (the low bit of `rounded`'s mantissa), then any lane
    // near an axis.
    let key = V::sign_bits(V::shl63(a.rounded))
        | V::sign_bits(V::shl63(b.rounded)) << 2
        | V::sign_bits(near) << 4;
    let (sx, sy) = match key {
        0b0000 => (sine_kernel(a, c), sine_kernel(b, c)),
        0b1111 => (cosine_kernel(a, c), cosine_kernel(b, c)),
        _ => (unsigned_sin(x, a, c), unsigned_sin(y, b, c)),
    };
    (with_sign(sx, a, c), with_sign(sy, b, c))
}

/// ±sin(x) (the sign [`with_sign`] applies): the lanes near an axis
/// reduced again exactly, then the kernel for each lane's parity.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline]
fn unsigned_sin(x: F64x2, mut r: Reduced, c: &Constants) -> F64x2 {
    use F64x2 as V;
    // Per lane: a lane's bits never depend on the other lane's argument.
    let near = V::le(r.z, c.near_axis);
    if V::any(near) {
        let (_, exact_hi, exact_lo) = reduce(x, c);
        r.hi = V::select(near, exact_hi, r.hi);
        r.lo = V::select(near, exact_lo, r.lo);
        r.z = V::mul(r.hi, r.hi);
    }
    match V::sign_bits(V::shl63(r.rounded)) {
        0b00 => sine_kernel(r, c),
        0b11 => cosine_kernel(r, c),
        _ => {
            let odd = V::neg_bits(V::and(r.rounded, c.low_bit));
            V::select(odd, cosine_kernel(r, c), sine_kernel(r, c))
        }
    }
}

/// k mod 4 = 2 or 3 flips the sign.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline]
fn with_sign(value: F64x2, r: Reduced, c: &Constants) -> F64x2 {
    F64x2::xor(value, F64x2::and(F64x2::shl62(r.rounded), c.sign_bit))
}

/// x − k·π/2 for k = round(x·2/π), and `rounded` = k + 1.5·2^52, whose
/// mantissa's low bits are k mod 4.
///
/// r = `((x − k·P1) − k·P2)` — both steps exact (Sterbenz, and every term a
/// multiple of 2^-53 below 1 in magnitude) — then `− k·P3 − k·P4` into a
/// head-and-tail pair (TwoSum, then Fast2Sum), good to ~2^-90 relative even
/// where x is very close to a multiple of π/2.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline]
fn reduce(x: F64x2, c: &Constants) -> (F64x2, F64x2, F64x2) {
    use F64x2 as V;
    let rounded = V::add(V::mul(x, c.inv_pio2), c.rounder);
    let k = V::sub(rounded, c.rounder);
    let r = V::sub(V::sub(x, V::mul(k, c.p1)), V::mul(k, c.p2));
    let t3 = V::mul(k, c.p3);
    let head = V::sub(r, t3);
    let back = V::sub(head, r); // ≈ −t3
    let err = V::sub(V::sub(r, V::sub(head, back)), V::add(t3, back));
    let tail = V::sub(err, V::mul(k, c.p4));
    let hi = V::add(head, tail);
    let lo = V::sub(tail, V::sub(hi, head));
    (rounded, hi, lo)
}

/// [`reduce`]'s k and r with one rounding more, and 8 operations fewer (the
/// caller's test for a lane near an axis costs 3):
/// r = `(x − k·P1) − k·P2` exactly as there, then `− k·P3_TAIL` as a
/// head-and-tail pair (Fast2Sum: |k·P3_TAIL| < 2^-20 is far below |r|).
/// For |k| < 2^29 the error of hi + lo is below 2^-72 (the product's
/// rounding and P3_TAIL's), so wherever |hi| > 2^-10 it is within 2^-62 of
/// r relatively — 1/512 of an ulp. Closer to a multiple of π/2 the caller
/// uses [`reduce`]. In Chromium 156 one worker summed `range(10⁷)` in
/// 42–47 ms instead of 57–58 (a wasm build of just this loop, both versions
/// alternated in one page); natively 41–47 ms instead of 50–53.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline]
fn reduce_fast(x: F64x2, c: &Constants) -> (F64x2, F64x2, F64x2) {
    use F64x2 as V;
    let rounded = V::add(V::mul(x, c.inv_pio2), c.rounder);
    let k = V::sub(rounded, c.rounder);
    let r = V::sub(V::sub(x, V::mul(k, c.p1)), V::mul(k, c.p2));
    let w = V::mul(k, c.p3_tail);
    let hi = V::sub(r, w);
    let lo = V::sub(V::sub(r, hi), w);
    (rounded, hi, lo)
}

/// sin(hi + lo) for |hi| <= π/4: musl's `__sin(x, y, 1)` polynomial, with
/// a shorter last step. musl adds lo as `lo − z·lo/2` (lo·cos(hi) to second
/// order); this adds lo alone, two operations fewer on every item. What is
/// dropped, z·lo/2, is below 0.31·2^-53 of the result (|lo| ≤ 2^-53·|hi|,
/// z ≤ (π/4)²), and the result stays within 1 ulp of the platform's sine
/// over the millions of arguments `tests/workloads.rs` checks (in a wider
/// check of 17 M arguments it differed by that 1 ulp for 3.4 % of them
/// instead of 3.0 %). With [`sin4`], one worker in Chromium summed
/// `range(10⁷)` in 35 ms with this step and 36.7–37.2 ms with musl's.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline]
fn sine_kernel(r: Reduced, c: &Constants) -> F64x2 {
    use F64x2 as V;
    let Reduced { hi, lo, z, .. } = r;
    let w = V::mul(z, z);
    let sr = V::add(
        V::add(c.s2, V::mul(z, V::add(c.s3, V::mul(z, c.s4)))),
        V::mul(V::mul(z, w), V::add(c.s5, V::mul(z, c.s6))),
    );
    let v = V::mul(z, hi);
    V::add(hi, V::add(lo, V::mul(v, V::add(c.s1, V::mul(z, sr)))))
}

/// cos(hi + lo) for |hi| <= π/4: musl's `__cos(x, y)`.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline]
fn cosine_kernel(r: Reduced, c: &Constants) -> F64x2 {
    use F64x2 as V;
    let Reduced { hi, lo, z, .. } = r;
    let w = V::mul(z, z);
    let cr = V::add(
        V::mul(z, V::add(c.c1, V::mul(z, V::add(c.c2, V::mul(z, c.c3))))),
        V::mul(
            V::mul(w, w),
            V::add(c.c4, V::mul(z, V::add(c.c5, V::mul(z, c.c6)))),
        ),
    );
    let hz = V::mul(c.half, z);
    let one_minus = V::sub(c.one, hz);
    V::add(
        one_minus,
        V::add(
            V::sub(V::sub(c.one, one_minus), hz),
            V::sub(V::mul(z, cr), V::mul(hi, lo)),
        ),
    )
}

/// `sin(x)`, within 1 ulp, identical natively and in wasm for
/// |x| <= [`FAST_LIMIT`] (the platform's `f64::sin` beyond).
pub fn sin(x: f64) -> f64 {
    if x.abs() <= FAST_LIMIT {
        F64x2::to_array(sin2(F64x2::splat(x), &Constants::opaque()))[0]
    } else {
        x.sin()
    }
}

/// Items this far apart share the lanes of one pair: 22 ≈ 7π, so i and
/// i + 22 are 14 quadrants (and 0.0056 of one) apart, and their k's have the
/// same parity for all but ~0.6 % of i. [`sin2`] then runs one polynomial
/// for both lanes instead of two (in consecutive items the parity differs
/// 64 % of the time). Four lanes 22 apart (a step of [`sin4`]) agree, and
/// none is near an axis, for 97.8 % of i (counted in the tests below).
pub const LANE_GAP: u64 = 22;

/// The block's sum, four items at a time in two pairs: in each run of 88
/// items, the first pair's lanes take items 0–21 and 22–43, the second
/// pair's 44–65 and 66–87, each into its own sums (two independent chains
/// of work per step, which the CPU overlaps: natively 41–47 → 38–42 ms for
/// `range(10⁷)`, in Chromium 42–47 → 41–47). What is left takes runs of 44
/// in one pair, then consecutive pairs, and the odd item last. The sums are
/// added in that fixed order, so the block's sum does not depend on the
/// worker.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline(never)]
fn accumulate(range: std::ops::Range<u64>) -> f64 {
    let len = range.end - range.start;
    if range.end as f64 > FAST_LIMIT {
        // Beyond the fast range (never at the sizes the page accepts).
        return range.fold(0.0, |sum, i| sum + (i as f64).sqrt() * sin(i as f64));
    }
    let c = Constants::opaque();
    let gap = LANE_GAP as f64;
    let (mut lanes, mut more_lanes) = (F64x2::splat(0.0), F64x2::splat(0.0));
    let long_runs = len / (4 * LANE_GAP);
    // i < 2^53: every i is exact as an f64, and so is x + 1.
    for run in 0..long_runs {
        let first = (range.start + run * 4 * LANE_GAP) as f64;
        let mut x = F64x2::new(first, first + gap);
        let mut y = F64x2::new(first + 2.0 * gap, first + 3.0 * gap);
        for _ in 0..LANE_GAP {
            // See the loop below for the constants' `black_box`.
            let c = std::hint::black_box(&c);
            let (sin_x, sin_y) = sin4(x, y, c);
            lanes = F64x2::add(lanes, F64x2::mul(F64x2::sqrt(x), sin_x));
            more_lanes = F64x2::add(more_lanes, F64x2::mul(F64x2::sqrt(y), sin_y));
            x = F64x2::add(x, c.one);
            y = F64x2::add(y, c.one);
        }
    }
    lanes = F64x2::add(lanes, more_lanes);
    let start = range.start + long_runs * 4 * LANE_GAP;
    let runs = (range.end - start) / (2 * LANE_GAP);
    for run in 0..runs {
        let first = (start + run * 2 * LANE_GAP) as f64;
        let mut x = F64x2::new(first, first + gap);
        for _ in 0..LANE_GAP {
            // The constants re-read from memory each step rather than held
            // in 23 wasm locals across the loop, more than V8 has vector
            // registers for. Same values; in Chromium one worker took
            // 63–71 ms instead of 73–75 (three launches each), natively no
            // change.
            let c = std::hint::black_box(&c);
            lanes = F64x2::add(lanes, F64x2::mul(F64x2::sqrt(x), sin2(x, c)));
            x = F64x2::add(x, c.one);
        }
    }
    let rest = start + runs * 2 * LANE_GAP;
    let mut x = F64x2::new(rest as f64, rest as f64 + 1.0);
    for _ in 0..(range.end - rest) / 2 {
        lanes = F64x2::add(lanes, F64x2::mul(F64x2::sqrt(x), sin2(x, &c)));
        x = F64x2::add(x, c.two);
    }
    let [first_lane, second_lane] = F64x2::to_array(lanes);
    let mut total = first_lane + second_lane;
    if (range.end - rest) % 2 == 1 {
        let x = (range.end - 1) as f64;
        total += x.sqrt() * sin(x);
    }
    total
}

impl Blocks for SqrtSin {
    type Part = f64;
    fn block_count(&self) -> usize {
        self.split.count()
    }
    fn compute(&self, index: usize) -> f64 {
        accumulate(self.split.range(index))
    }
}

impl Workload for SqrtSin {
    const INFO: WorkloadInfo = WorkloadInfo {
        id: ID,
        title: "sqrt(i)·sin(i)",
        size_label: "n: adds sqrt(i)·sin(i) for i in range(n)",
        default_size: 10_000_000,
        // ~5.5 ns a term in Chromium 156 on one worker (`./dev.sh bench`).
        max_size: 300_000_000,
        ns_per_unit: 5.5,
        cost_exponent: 1.0,
        lesson: "Floating-point maths per item, the tutorials' favourite multiprocessing example. It scales like any CPU-bound loop. Because float addition is not associative, threadlab adds fixed blocks in a fixed order, so any number of workers gives bit-for-bit the same total; Python's single left-to-right loop can differ in the last digits.",
        // The same file `bench/workloads.py` runs and
        // `tests/workloads_python.rs` checks against this workload's answer.
        python: include_str!("python/sqrt_sin.py"),
    };

    fn new(n: u64) -> Self {
        // Block length depends on n only (never on the worker count): that is
        // what makes the total independent of how many workers ran.
        SqrtSin {
            split: RangeSplit::new(n, 1 << 12, 4096),
        }
    }

    fn answer(&self, parts: Vec<f64>) -> Answer {
        let total: f64 = parts.into_iter().fold(0.0, |a, b| a + b);
        Answer {
            // `{:?}` prints the shortest text that reads back as the same f64,
            // as Python's repr does.
            value: format!("{total:?}"),
            display: format!("{total:.6}"),
            image: None,
            before: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// hi + lo as the 2^-72-accurate reduction gives it, against the exact
    /// one, relative to |hi|.
    fn fast_error(x: f64, c: &Constants) -> Option<f64> {
        let v = F64x2::splat(x);
        let (_, fast_hi, fast_lo) = reduce_fast(v, c);
        let (_, hi, lo) = reduce(v, c);
        let [fast_hi, fast_lo, hi, lo] = [fast_hi, fast_lo, hi, lo].map(|a| F64x2::to_array(a)[0]);
        // Beside the exact pair, the fast pair differs by a few ulps of lo.
        (hi * hi > NEAR_AXIS).then(|| ((fast_hi - hi) + (fast_lo - lo)).abs() / hi.abs())
    }

    /// Every path of [`sin4`] — both kernels at once, and the per-lane
    /// path a near-axis lane or a mixed parity takes — gives each lane the
    /// bits [`sin2`] gives it.
    #[test]
    fn two_pairs_at_once_give_the_bits_of_one_pair_at_a_time() {
        let c = Constants::opaque();
        let bits = |v: F64x2| F64x2::to_array(v).map(f64::to_bits);
        let mut paths = [0u32; 3];
        // The accumulation's own lane layout, over a range that includes
        // integers within 2^-10 of a multiple of π/2 (44, 355, 710, …).
        for i in 0..200_000u64 {
            let lane = |j: u64| (i + j * LANE_GAP) as f64;
            let (x, y) = (F64x2::new(lane(0), lane(1)), F64x2::new(lane(2), lane(3)));
            let (sin_x, sin_y) = sin4(x, y, &c);
            assert_eq!(bits(sin_x), bits(sin2(x, &c)), "i = {i}");
            assert_eq!(bits(sin_y), bits(sin2(y, &c)), "i = {i}");
            let (a, b) = (reduced(x, &c), reduced(y, &c));
            let odd = |r: Reduced| F64x2::sign_bits(F64x2::shl63(r.rounded));
            let near = [a, b]
                .iter()
                .any(|r| F64x2::any(F64x2::le(r.z, c.near_axis)));
            paths[match (near, odd(a) | odd(b) << 2) {
                (false, 0b0000) => 0,
                (false, 0b1111) => 1,
                _ => 2,
            }] += 1;
        }
        // All three paths ran, the shared ones nearly always.
        assert!(paths.iter().all(|&n| n > 0), "{paths:?}");
        assert!(paths[2] < 200_000 / 20, "{paths:?}");
    }

    #[test]
    fn the_fast_reduction_is_within_2_to_the_minus_62_wherever_it_is_used() {
        let c = Constants::opaque();
        let mut worst = 0.0f64;
        let mut used = 0u64;
        // Every integer up to 2·10⁶, then a stride up to the limit, then
        // fractions near multiples of π/2 just outside the cut-off.
        let integers = (0..2_000_000u64).chain((2_000_000..FAST_LIMIT as u64).step_by(997));
        let near = (1..100_000u64).flat_map(|k| {
            let axis = k as f64 * std::f64::consts::FRAC_PI_2;
            [axis + 0.001, axis - 0.001, axis + 0.5]
        });
        for x in integers.map(|i| i as f64).chain(near) {
            if let Some(error) = fast_error(x, &c) {
                worst = worst.max(error);
                used += 1;
            }
        }
        assert!(used > 2_500_000, "{used}");
        assert!(worst < 2f64.powi(-62), "worst relative error {worst:e}");
    }
}
