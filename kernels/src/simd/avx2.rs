//! [`Simd`] on AVX2 + FMA: 8 lanes, 16 ymm registers.
use super::Simd;
#[cfg(target_arch = "x86_64")]
use super::{EXP_MAX, EXP_MIN, EXP_POLY, LN2_HI, LN2_LO};
#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

/// The AVX2 + FMA variant.
#[derive(Clone, Copy, Debug)]
pub struct Avx2;

#[cfg(target_arch = "x86_64")]
impl Avx2 {
    /// Lanes `< n` all ones (a `maskload`/`maskstore` mask).
    #[inline(always)]
    unsafe fn first(n: usize) -> __m256i {
        // SAFETY: AVX2 is present per the trait's contract.
        unsafe {
            _mm256_cmpgt_epi32(
                _mm256_set1_epi32(n as i32),
                _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
            )
        }
    }
}

// SAFETY: callers run these only where AVX2 and FMA are present.
#[cfg(target_arch = "x86_64")]
unsafe impl Simd for Avx2 {
    const ISA: kforge_abi::isa::Isa = kforge_abi::isa::Isa::Avx2;
    const LANES: usize = 8;
    const REGISTERS: usize = 16;
    type V = __m256;

    #[inline(always)]
    unsafe fn splat(x: f32) -> __m256 {
        unsafe { _mm256_set1_ps(x) }
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> __m256 {
        // `lddqu` is an LLVM intrinsic: `_mm256_loadu_ps` is a Rust copy
        // whose precondition checks (dev profile) ran every load through
        // the stack, at a third of the kernel's speed.
        unsafe { _mm256_castsi256_ps(_mm256_lddqu_si256(p.cast())) }
    }
    #[inline(always)]
    unsafe fn load_first(p: *const f32, n: usize) -> __m256 {
        unsafe { _mm256_maskload_ps(p, Self::first(n)) }
    }
    #[inline(always)]
    unsafe fn store(p: *mut f32, v: __m256) {
        // A masked store of every lane, for the reason `load` gives.
        unsafe { _mm256_maskstore_ps(p, _mm256_set1_epi32(-1), v) }
    }
    #[inline(always)]
    unsafe fn store_first(p: *mut f32, v: __m256, n: usize) {
        unsafe { _mm256_maskstore_ps(p, Self::first(n), v) }
    }
    #[inline(always)]
    unsafe fn broadcast(p: *const f32) -> __m256 {
        // Through `_mm_load_ss`: `&*p` is checked in the dev profile.
        unsafe { _mm256_broadcastss_ps(_mm_load_ss(p)) }
    }
    #[inline(always)]
    unsafe fn prefetch(p: *const f32) {
        // An LLVM intrinsic, like `lddqu`; a prefetch never faults.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(p.cast()) }
    }
    #[inline(always)]
    unsafe fn mul_add(a: __m256, b: __m256, c: __m256) -> __m256 {
        unsafe { _mm256_fmadd_ps(a, b, c) }
    }
    #[inline(always)]
    unsafe fn add(a: __m256, b: __m256) -> __m256 {
        unsafe { _mm256_add_ps(a, b) }
    }
    #[inline(always)]
    unsafe fn sub(a: __m256, b: __m256) -> __m256 {
        unsafe { _mm256_sub_ps(a, b) }
    }
    #[inline(always)]
    unsafe fn mul(a: __m256, b: __m256) -> __m256 {
        unsafe { _mm256_mul_ps(a, b) }
    }
    #[inline(always)]
    unsafe fn div(a: __m256, b: __m256) -> __m256 {
        unsafe { _mm256_div_ps(a, b) }
    }
    #[inline(always)]
    unsafe fn max(a: __m256, b: __m256) -> __m256 {
        unsafe { _mm256_max_ps(a, b) }
    }
    #[inline(always)]
    unsafe fn reduce_add(v: __m256) -> f32 {
        unsafe {
            let s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps::<1>(v));
            let s = _mm_add_ps(s, _mm_movehl_ps(s, s));
            let s = _mm_add_ss(s, _mm_shuffle_ps::<0b01>(s, s));
            _mm_cvtss_f32(s)
        }
    }
    #[inline(always)]
    unsafe fn abs(x: __m256) -> __m256 {
        unsafe { _mm256_andnot_ps(_mm256_set1_ps(-0.0), x) }
    }
    #[inline(always)]
    unsafe fn select_lt(a: __m256, b: __m256, x: __m256, y: __m256) -> __m256 {
        unsafe { _mm256_blendv_ps(y, x, _mm256_cmp_ps::<_CMP_LT_OQ>(a, b)) }
    }
    #[inline(always)]
    unsafe fn copysign(m: __m256, s: __m256) -> __m256 {
        unsafe {
            let sign = _mm256_set1_ps(-0.0);
            _mm256_or_ps(_mm256_andnot_ps(sign, m), _mm256_and_ps(sign, s))
        }
    }
    #[inline(always)]
    unsafe fn exp(x: __m256) -> __m256 {
        unsafe {
            let low = _mm256_cmp_ps::<_CMP_LT_OQ>(x, _mm256_set1_ps(EXP_MIN));
            let high = _mm256_cmp_ps::<_CMP_GT_OQ>(x, _mm256_set1_ps(EXP_MAX));
            let xc = _mm256_min_ps(
                _mm256_max_ps(x, _mm256_set1_ps(EXP_MIN)),
                _mm256_set1_ps(EXP_MAX),
            );
            let n = _mm256_round_ps::<{ _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC }>(
                _mm256_mul_ps(xc, _mm256_set1_ps(std::f32::consts::LOG2_E)),
            );
            let r = _mm256_fnmadd_ps(n, _mm256_set1_ps(LN2_HI), xc);
            let r = _mm256_fnmadd_ps(n, _mm256_set1_ps(LN2_LO), r);
            let mut p = _mm256_set1_ps(EXP_POLY[0]);
            for c in &EXP_POLY[1..] {
                p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(*c));
            }
            // 2^n as an exponent field: n ∈ [−126, 128); 2^n·p in two steps so
            // n = 128 (x near 88.7) does not overflow the field.
            let half = _mm256_cvtps_epi32(_mm256_mul_ps(n, _mm256_set1_ps(0.5)));
            let rest = _mm256_sub_epi32(_mm256_cvtps_epi32(n), half);
            let bias = _mm256_set1_epi32(127);
            let s1 = _mm256_castsi256_ps(_mm256_slli_epi32::<23>(_mm256_add_epi32(half, bias)));
            let s2 = _mm256_castsi256_ps(_mm256_slli_epi32::<23>(_mm256_add_epi32(rest, bias)));
            let y = _mm256_mul_ps(_mm256_mul_ps(p, s1), s2);
            let y = _mm256_andnot_ps(low, y);
            _mm256_blendv_ps(y, _mm256_set1_ps(f32::INFINITY), high)
        }
    }
    #[inline(always)]
    unsafe fn nibbles32(p: *const u8) -> [__m256; 4] {
        unsafe {
            let bytes = _mm_lddqu_si128(p.cast());
            let lo = _mm256_cvtepu8_epi32(bytes);
            let hi = _mm256_cvtepu8_epi32(_mm_srli_si128::<8>(bytes));
            let mask = _mm256_set1_epi32(0x0f);
            [
                _mm256_cvtepi32_ps(_mm256_and_si256(lo, mask)),
                _mm256_cvtepi32_ps(_mm256_and_si256(hi, mask)),
                _mm256_cvtepi32_ps(_mm256_srli_epi32::<4>(lo)),
                _mm256_cvtepi32_ps(_mm256_srli_epi32::<4>(hi)),
            ]
        }
    }
    #[inline(always)]
    unsafe fn i8x32(p: *const u8) -> [__m256; 4] {
        unsafe {
            let a = _mm_lddqu_si128(p.cast());
            let b = _mm_lddqu_si128(p.add(16).cast());
            [
                _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(a)),
                _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_srli_si128::<8>(a))),
                _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(b)),
                _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_srli_si128::<8>(b))),
            ]
        }
    }
    #[inline(always)]
    unsafe fn f16x32(p: *const u8) -> [__m256; 4] {
        let half = |i: usize| unsafe { _mm256_cvtph_ps(_mm_lddqu_si128(p.add(16 * i).cast())) };
        [half(0), half(1), half(2), half(3)]
    }
    #[inline(always)]
    unsafe fn bf16x32(p: *const u8) -> [__m256; 4] {
        let wide = |i: usize| unsafe {
            let h = _mm256_cvtepu16_epi32(_mm_lddqu_si128(p.add(16 * i).cast()));
            _mm256_castsi256_ps(_mm256_slli_epi32::<16>(h))
        };
        [wide(0), wide(1), wide(2), wide(3)]
    }
    #[inline(always)]
    unsafe fn f16_scalar(p: *const u8) -> f32 {
        unsafe {
            let bits = i32::from(u16::from_le_bytes([*p, *p.add(1)]));
            _mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(bits)))
        }
    }
}

/// Integer adds that LLVM cannot reassociate: it turns a chain of
/// `_mm256_add_epi32` (or `_epi16`) accumulations into a tree, which kept
/// several chunks' products live at once and spilled the accumulators of a
/// 4-row pass to the stack (16 registers; AVX2 Q8_0 prefill ran at half
/// speed). An `asm` add keeps the chain in program order.
macro_rules! add_in_order {
    ($name:ident, $instruction:literal) => {
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx2")]
        #[inline]
        unsafe fn $name(mut a: __m256i, b: __m256i) -> __m256i {
            // SAFETY: one register-to-register AVX2 add, run only where
            // AVX2 is present.
            unsafe {
                std::arch::asm!(
                    concat!($instruction, " {a}, {a}, {b}"),
                    a = inout(ymm_reg) a,
                    b = in(ymm_reg) b,
                    options(pure, nomem, nostack, preserves_flags)
                );
            }
            a
        }
    };
}
add_in_order!(add_in_order, "vpaddd");
add_in_order!(add16_in_order, "vpaddw");

// SAFETY: run only through `int8::dispatch` on a CPU with AVX2 and F16C.
#[cfg(target_arch = "x86_64")]
unsafe impl super::int8::IntDot for Avx2 {
    type I = __m256i;

    #[inline(always)]
    unsafe fn q8_block<const R: usize>(
        w: *const u8,
        part: usize,
        x: [*const i8; R],
        _xsum: [i32; R],
    ) -> [__m256i; R] {
        unsafe {
            let ones = _mm256_set1_epi16(1);
            let w = w.add(32 * part);
            let mut acc = [_mm256_setzero_si256(); R];
            // A loop over the 8 chunks of 4 columns, every row per chunk:
            // written out (as the AVX-512 variant is), LLVM hoisted the
            // eight chunks' loads and absolute values and spilled them to
            // the stack, 16 registers being too few.
            for c in 0..8 {
                // `vpmaddubsw` multiplies unsigned by signed bytes, so |w|
                // by x with w's sign (pairs stay within i16: 2·128·127).
                let w = _mm256_lddqu_si256(w.add(64 * c).cast());
                let a = _mm256_abs_epi8(w);
                for r in 0..R {
                    let xb = _mm256_set1_epi32(super::int8::four_bytes(x[r].add(4 * c)));
                    let pairs = _mm256_maddubs_epi16(a, _mm256_sign_epi8(xb, w));
                    acc[r] = add_in_order(acc[r], _mm256_madd_epi16(pairs, ones));
                }
            }
            acc
        }
    }
    #[inline(always)]
    unsafe fn q4_block<const R: usize>(
        w: *const u8,
        part: usize,
        x: [*const i8; R],
    ) -> [__m256i; R] {
        unsafe {
            let ones = _mm256_set1_epi16(1);
            let mask = _mm256_set1_epi8(0x0f);
            let w = w.add(32 * part);
            // i16 partial sums of the block: each `vpmaddubsw` lane is at
            // most 2·15·127, eight of them 30480 < 2^15.
            let mut pairs = [_mm256_setzero_si256(); R];
            macro_rules! chunk {
                ($c:expr) => {{
                    let v = _mm256_lddqu_si256(w.add(64 * $c).cast());
                    let lo = _mm256_and_si256(v, mask);
                    let hi = _mm256_and_si256(_mm256_srli_epi16::<4>(v), mask);
                    for r in 0..R {
                        let x0 = _mm256_set1_epi32(super::int8::four_bytes(x[r].add(8 * $c)));
                        let x1 = _mm256_set1_epi32(super::int8::four_bytes(x[r].add(8 * $c + 4)));
                        let p = _mm256_add_epi16(
                            _mm256_maddubs_epi16(lo, x0),
                            _mm256_maddubs_epi16(hi, x1),
                        );
                        pairs[r] = add16_in_order(pairs[r], p);
                    }
                }};
            }
            chunk!(0);
            chunk!(1);
            chunk!(2);
            chunk!(3);
            for p in &mut pairs {
                *p = _mm256_madd_epi16(*p, ones);
            }
            pairs
        }
    }
    #[inline(always)]
    unsafe fn sums_to_f32(s: __m256i) -> __m256 {
        unsafe { _mm256_cvtepi32_ps(s) }
    }
    #[inline(always)]
    unsafe fn f16_part(p: *const u8, part: usize) -> __m256 {
        unsafe { _mm256_cvtph_ps(_mm_lddqu_si128(p.add(16 * part).cast())) }
    }
}
