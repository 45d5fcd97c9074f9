//! Two f64 lanes at once, the same way on every target.
//!
//! The sine (`sqrt_sin`) and the Mandelbrot escape loop compute two items at
//! once. Written with these few operations, one kernel compiles to SSE2
//! natively (x86_64 always has it) and to wasm `simd128` in the browser, and
//! every lane does exactly the IEEE operations the scalar code would (no
//! fused multiply-add), so the answers are bit-identical to a scalar loop and
//! identical across targets.
//!
//! On wasm32 every method opts in to `simd128` alone (like `blur::add_scaled`):
//! the crate as a whole is not built with SIMD, because that made Monte Carlo
//! π slower (see docs/benchmark.md, "Monte Carlo π — wasm/native"). Callers that want the SIMD code inlined must be
//! `simd128` functions too; see [`crate::workloads::sqrt_sin`]. Targets other
//! than x86_64 and wasm32 get a plain two-element array.
#![warn(missing_docs)]

#[cfg(target_arch = "wasm32")]
use core::arch::wasm32 as arch;
#[cfg(target_arch = "x86_64")]
use core::arch::x86_64 as arch;

/// Two f64 lanes.
#[derive(Clone, Copy)]
pub struct F64x2(Inner);

#[cfg(target_arch = "x86_64")]
type Inner = arch::__m128d;
#[cfg(target_arch = "wasm32")]
type Inner = arch::v128;
#[cfg(not(any(target_arch = "x86_64", target_arch = "wasm32")))]
type Inner = [f64; 2];

// One macro writes each operation three times (x86_64, wasm32, fallback) so
// the method list stays in one place.
macro_rules! ops {
    ($(
        $(#[$doc:meta])*
        fn $name:ident($($arg:ident : $ty:ty),*) -> $ret:ty {
            x86: $x86:expr,
            wasm: $wasm:expr,
            other: $other:expr $(,)?
        }
    )*) => {
        // Inherent functions, not `std::ops` traits: on wasm32 each one is a
        // `#[target_feature(enable = "simd128")]` fn, which a trait method
        // cannot be.
        #[allow(clippy::should_implement_trait)]
        impl F64x2 {
            $(
                $(#[$doc])*
                #[inline(always)]
                #[cfg(target_arch = "x86_64")]
                pub fn $name($($arg: $ty),*) -> $ret {
                    // SAFETY: SSE2 is part of the x86_64 baseline; these
                    // intrinsics only compute on values (no memory access).
                    #[allow(unused_unsafe)]
                    unsafe { $x86 }
                }
                $(#[$doc])*
                #[inline]
                #[cfg(target_arch = "wasm32")]
                #[target_feature(enable = "simd128")]
                pub fn $name($($arg: $ty),*) -> $ret {
                    $wasm
                }
                $(#[$doc])*
                #[inline(always)]
                #[cfg(not(any(target_arch = "x86_64", target_arch = "wasm32")))]
                pub fn $name($($arg: $ty),*) -> $ret {
                    $other
                }
            )*
        }
    };
}

ops! {
    /// Both lanes `x`.
    fn splat(x: f64) -> F64x2 {
        x86: F64x2(arch::_mm_set1_pd(x)),
        wasm: F64x2(arch::f64x2_splat(x)),
        other: F64x2([x, x]),
    }
    /// Lane 0 is `a`, lane 1 is `b`.
    fn new(a: f64, b: f64) -> F64x2 {
        x86: F64x2(arch::_mm_set_pd(b, a)),
        wasm: F64x2(arch::f64x2(a, b)),
        other: F64x2([a, b]),
    }
    /// Lane-wise `a + b`.
    fn add(a: F64x2, b: F64x2) -> F64x2 {
        x86: F64x2(arch::_mm_add_pd(a.0, b.0)),
        wasm: F64x2(arch::f64x2_add(a.0, b.0)),
        other: F64x2([a.0[0] + b.0[0], a.0[1] + b.0[1]]),
    }
    /// Lane-wise `a - b`.
    fn sub(a: F64x2, b: F64x2) -> F64x2 {
        x86: F64x2(arch::_mm_sub_pd(a.0, b.0)),
        wasm: F64x2(arch::f64x2_sub(a.0, b.0)),
        other: F64x2([a.0[0] - b.0[0], a.0[1] - b.0[1]]),
    }
    /// Lane-wise `a * b`.
    fn mul(a: F64x2, b: F64x2) -> F64x2 {
        x86: F64x2(arch::_mm_mul_pd(a.0, b.0)),
        wasm: F64x2(arch::f64x2_mul(a.0, b.0)),
        other: F64x2([a.0[0] * b.0[0], a.0[1] * b.0[1]]),
    }
    /// Correctly rounded square root of each lane (IEEE, like `f64::sqrt`).
    fn sqrt(a: F64x2) -> F64x2 {
        x86: F64x2(arch::_mm_sqrt_pd(a.0)),
        wasm: F64x2(arch::f64x2_sqrt(a.0)),
        other: F64x2([a.0[0].sqrt(), a.0[1].sqrt()]),
    }
    /// Bitwise AND of the lanes' bits.
    fn and(a: F64x2, b: F64x2) -> F64x2 {
        x86: F64x2(arch::_mm_and_pd(a.0, b.0)),
        wasm: F64x2(arch::v128_and(a.0, b.0)),
        other: F64x2([
            f64::from_bits(a.0[0].to_bits() & b.0[0].to_bits()),
            f64::from_bits(a.0[1].to_bits() & b.0[1].to_bits()),
        ]),
    }
    /// Bitwise OR of the lanes' bits.
    fn or(a: F64x2, b: F64x2) -> F64x2 {
        x86: F64x2(arch::_mm_or_pd(a.0, b.0)),
        wasm: F64x2(arch::v128_or(a.0, b.0)),
        other: F64x2([
            f64::from_bits(a.0[0].to_bits() | b.0[0].to_bits()),
            f64::from_bits(a.0[1].to_bits() | b.0[1].to_bits()),
        ]),
    }
    /// Bitwise XOR of the lanes' bits.
    fn xor(a: F64x2, b: F64x2) -> F64x2 {
        x86: F64x2(arch::_mm_xor_pd(a.0, b.0)),
        wasm: F64x2(arch::v128_xor(a.0, b.0)),
        other: F64x2([
            f64::from_bits(a.0[0].to_bits() ^ b.0[0].to_bits()),
            f64::from_bits(a.0[1].to_bits() ^ b.0[1].to_bits()),
        ]),
    }
    /// Bits of `a` where `mask` is set, of `b` elsewhere.
    fn select(mask: F64x2, a: F64x2, b: F64x2) -> F64x2 {
        x86: F64x2(arch::_mm_or_pd(arch::_mm_and_pd(mask.0, a.0), arch::_mm_andnot_pd(mask.0, b.0))),
        wasm: F64x2(arch::v128_bitselect(a.0, b.0, mask.0)),
        other: F64x2([
            f64::from_bits((mask.0[0].to_bits() & a.0[0].to_bits()) | (!mask.0[0].to_bits() & b.0[0].to_bits())),
            f64::from_bits((mask.0[1].to_bits() & a.0[1].to_bits()) | (!mask.0[1].to_bits() & b.0[1].to_bits())),
        ]),
    }
    /// Each lane's bits shifted left by 62 (as a 64-bit integer): bit 1
    /// becomes the sign bit.
    fn shl62(a: F64x2) -> F64x2 {
        x86: F64x2(arch::_mm_castsi128_pd(arch::_mm_slli_epi64::<62>(arch::_mm_castpd_si128(a.0)))),
        wasm: F64x2(arch::i64x2_shl(a.0, 62)),
        other: F64x2([
            f64::from_bits(a.0[0].to_bits() << 62),
            f64::from_bits(a.0[1].to_bits() << 62),
        ]),
    }
    /// Lane-wise 64-bit integer negation of the lanes' bits: a lane holding
    /// the integer 1 becomes all ones, 0 stays 0 (a mask from a low bit).
    fn neg_bits(a: F64x2) -> F64x2 {
        x86: F64x2(arch::_mm_castsi128_pd(arch::_mm_sub_epi64(
            arch::_mm_setzero_si128(),
            arch::_mm_castpd_si128(a.0),
        ))),
        wasm: F64x2(arch::i64x2_neg(a.0)),
        other: F64x2([
            f64::from_bits(a.0[0].to_bits().wrapping_neg()),
            f64::from_bits(a.0[1].to_bits().wrapping_neg()),
        ]),
    }
    /// All ones in each lane where `a <= b` (false for NaN).
    fn le(a: F64x2, b: F64x2) -> F64x2 {
        x86: F64x2(arch::_mm_cmple_pd(a.0, b.0)),
        wasm: F64x2(arch::f64x2_le(a.0, b.0)),
        other: F64x2([
            f64::from_bits(if a.0[0] <= b.0[0] { u64::MAX } else { 0 }),
            f64::from_bits(if a.0[1] <= b.0[1] { u64::MAX } else { 0 }),
        ]),
    }
    /// Whether any lane of a mask is set.
    fn any(mask: F64x2) -> bool {
        x86: arch::_mm_movemask_pd(mask.0) != 0,
        wasm: arch::v128_any_true(mask.0),
        other: mask.0[0].to_bits() != 0 || mask.0[1].to_bits() != 0,
    }
    /// Lane-wise 64-bit integer add of the lanes' bits.
    fn add_bits(a: F64x2, b: F64x2) -> F64x2 {
        x86: F64x2(arch::_mm_castsi128_pd(arch::_mm_add_epi64(arch::_mm_castpd_si128(a.0), arch::_mm_castpd_si128(b.0)))),
        wasm: F64x2(arch::i64x2_add(a.0, b.0)),
        other: F64x2([
            f64::from_bits(a.0[0].to_bits().wrapping_add(b.0[0].to_bits())),
            f64::from_bits(a.0[1].to_bits().wrapping_add(b.0[1].to_bits())),
        ]),
    }
    /// Each lane's bits shifted left by 63 (as a 64-bit integer): bit 0
    /// becomes the sign bit, every other bit is 0.
    fn shl63(a: F64x2) -> F64x2 {
        x86: F64x2(arch::_mm_castsi128_pd(arch::_mm_slli_epi64::<63>(arch::_mm_castpd_si128(a.0)))),
        wasm: F64x2(arch::i64x2_shl(a.0, 63)),
        other: F64x2([
            f64::from_bits(a.0[0].to_bits() << 63),
            f64::from_bits(a.0[1].to_bits() << 63),
        ]),
    }
    /// The lanes' sign bits as a number: bit 0 from lane 0, bit 1 from lane 1.
    fn sign_bits(a: F64x2) -> u32 {
        x86: arch::_mm_movemask_pd(a.0) as u32,
        wasm: arch::i64x2_bitmask(a.0) as u32,
        other: (a.0[0].is_sign_negative() as u32) | (a.0[1].is_sign_negative() as u32) << 1,
    }
    /// The lanes as an array.
    fn to_array(a: F64x2) -> [f64; 2] {
        x86: [arch::_mm_cvtsd_f64(a.0), arch::_mm_cvtsd_f64(arch::_mm_unpackhi_pd(a.0, a.0))],
        wasm: [arch::f64x2_extract_lane::<0>(a.0), arch::f64x2_extract_lane::<1>(a.0)],
        other: a.0,
    }
    /// The lanes' bits as integers.
    fn to_bits(a: F64x2) -> [u64; 2] {
        x86: {
            let [x, y] = F64x2::to_array(a);
            [x.to_bits(), y.to_bits()]
        },
        wasm: [arch::i64x2_extract_lane::<0>(a.0) as u64, arch::i64x2_extract_lane::<1>(a.0) as u64],
        other: [a.0[0].to_bits(), a.0[1].to_bits()],
    }
    /// Lane-wise 64-bit integer subtract of the lanes' bits: subtracting a
    /// mask (all ones = -1) adds 1 where it is set, with no constant.
    fn sub_bits(a: F64x2, b: F64x2) -> F64x2 {
        x86: F64x2(arch::_mm_castsi128_pd(arch::_mm_sub_epi64(arch::_mm_castpd_si128(a.0), arch::_mm_castpd_si128(b.0)))),
        wasm: F64x2(arch::i64x2_sub(a.0, b.0)),
        other: F64x2([
            f64::from_bits(a.0[0].to_bits().wrapping_sub(b.0[0].to_bits())),
            f64::from_bits(a.0[1].to_bits().wrapping_sub(b.0[1].to_bits())),
        ]),
    }
}
