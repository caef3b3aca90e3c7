//! [`Simd`] on AVX-512F: 16 lanes, 32 zmm registers, masked loads and stores.
#[cfg(target_arch = "x86_64")]
use super::Simd;
#[cfg(target_arch = "x86_64")]
use super::{EXP_MAX, EXP_MIN, EXP_POLY, LN2_HI, LN2_LO};
#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

/// The AVX-512F variant.
#[derive(Clone, Copy, Debug)]
pub struct Avx512;

/// The first `n` lanes.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn first(n: usize) -> __mmask16 {
    ((1u32 << n.min(16)) - 1) as __mmask16
}

// SAFETY: callers run these only where AVX-512F is present.
#[cfg(target_arch = "x86_64")]
unsafe impl Simd for Avx512 {
    const ISA: kforge_abi::isa::Isa = kforge_abi::isa::Isa::Avx512;
    const LANES: usize = 16;
    const REGISTERS: usize = 32;
    type V = __m512;

    #[inline(always)]
    unsafe fn splat(x: f32) -> __m512 {
        unsafe { _mm512_set1_ps(x) }
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> __m512 {
        // A masked load with every lane: `loadu` is a checked
        // `read_unaligned` in the dev profile (see `tile.rs`).
        unsafe { _mm512_maskz_loadu_ps(0xFFFF, p) }
    }
    #[inline(always)]
    unsafe fn load_first(p: *const f32, n: usize) -> __m512 {
        unsafe { _mm512_maskz_loadu_ps(first(n), p) }
    }
    #[inline(always)]
    unsafe fn store(p: *mut f32, v: __m512) {
        unsafe { _mm512_mask_storeu_ps(p, 0xFFFF, v) }
    }
    #[inline(always)]
    unsafe fn store_first(p: *mut f32, v: __m512, n: usize) {
        unsafe { _mm512_mask_storeu_ps(p, first(n), v) }
    }
    #[inline(always)]
    unsafe fn broadcast(p: *const f32) -> __m512 {
        unsafe { _mm512_broadcastss_ps(_mm_load_ss(p)) }
    }
    #[inline(always)]
    unsafe fn prefetch(p: *const f32) {
        // An LLVM intrinsic, like `lddqu`; a prefetch never faults.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(p.cast()) }
    }
    #[inline(always)]
    unsafe fn mul_add(a: __m512, b: __m512, c: __m512) -> __m512 {
        unsafe { _mm512_fmadd_ps(a, b, c) }
    }
    #[inline(always)]
    unsafe fn add(a: __m512, b: __m512) -> __m512 {
        unsafe { _mm512_add_ps(a, b) }
    }
    #[inline(always)]
    unsafe fn sub(a: __m512, b: __m512) -> __m512 {
        unsafe { _mm512_sub_ps(a, b) }
    }
    #[inline(always)]
    unsafe fn mul(a: __m512, b: __m512) -> __m512 {
        unsafe { _mm512_mul_ps(a, b) }
    }
    #[inline(always)]
    unsafe fn div(a: __m512, b: __m512) -> __m512 {
        unsafe { _mm512_div_ps(a, b) }
    }
    #[inline(always)]
    unsafe fn max(a: __m512, b: __m512) -> __m512 {
        unsafe { _mm512_max_ps(a, b) }
    }
    #[inline(always)]
    unsafe fn reduce_add(v: __m512) -> f32 {
        unsafe { _mm512_reduce_add_ps(v) }
    }
    #[inline(always)]
    unsafe fn abs(x: __m512) -> __m512 {
        unsafe {
            _mm512_castsi512_ps(_mm512_and_si512(
                _mm512_castps_si512(x),
                _mm512_set1_epi32(i32::MAX),
            ))
        }
    }
    #[inline(always)]
    unsafe fn select_lt(a: __m512, b: __m512, x: __m512, y: __m512) -> __m512 {
        unsafe { _mm512_mask_blend_ps(_mm512_cmp_ps_mask::<_CMP_LT_OQ>(a, b), y, x) }
    }
    #[inline(always)]
    unsafe fn copysign(m: __m512, s: __m512) -> __m512 {
        unsafe {
            let sign = _mm512_set1_epi32(i32::MIN);
            _mm512_castsi512_ps(_mm512_or_si512(
                _mm512_andnot_si512(sign, _mm512_castps_si512(m)),
                _mm512_and_si512(sign, _mm512_castps_si512(s)),
            ))
        }
    }
    #[inline(always)]
    unsafe fn exp(x: __m512) -> __m512 {
        unsafe {
            let low = _mm512_cmp_ps_mask::<_CMP_LT_OQ>(x, _mm512_set1_ps(EXP_MIN));
            let high = _mm512_cmp_ps_mask::<_CMP_GT_OQ>(x, _mm512_set1_ps(EXP_MAX));
            let xc = _mm512_min_ps(
                _mm512_max_ps(x, _mm512_set1_ps(EXP_MIN)),
                _mm512_set1_ps(EXP_MAX),
            );
            let n = _mm512_roundscale_ps::<0x08>(_mm512_mul_ps(
                xc,
                _mm512_set1_ps(std::f32::consts::LOG2_E),
            ));
            let r = _mm512_fnmadd_ps(n, _mm512_set1_ps(LN2_HI), xc);
            let r = _mm512_fnmadd_ps(n, _mm512_set1_ps(LN2_LO), r);
            let mut p = _mm512_set1_ps(EXP_POLY[0]);
            for c in &EXP_POLY[1..] {
                p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(*c));
            }
            let y = _mm512_maskz_mov_ps(!low, _mm512_scalef_ps(p, n));
            _mm512_mask_mov_ps(y, high, _mm512_set1_ps(f32::INFINITY))
        }
    }
    #[inline(always)]
    unsafe fn nibbles32(p: *const u8) -> [__m512; 4] {
        unsafe {
            let q = _mm512_cvtepu8_epi32(_mm_lddqu_si128(p.cast()));
            let lo = _mm512_cvtepi32_ps(_mm512_and_si512(q, _mm512_set1_epi32(0x0f)));
            let hi = _mm512_cvtepi32_ps(_mm512_srli_epi32::<4>(q));
            [lo, hi, lo, hi]
        }
    }
    #[inline(always)]
    unsafe fn i8x32(p: *const u8) -> [__m512; 4] {
        unsafe {
            let a = _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_lddqu_si128(p.cast())));
            let b = _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_lddqu_si128(p.add(16).cast())));
            [a, b, a, b]
        }
    }
    #[inline(always)]
    unsafe fn f16x32(p: *const u8) -> [__m512; 4] {
        unsafe {
            let a = _mm512_cvtph_ps(_mm256_lddqu_si256(p.cast()));
            let b = _mm512_cvtph_ps(_mm256_lddqu_si256(p.add(32).cast()));
            [a, b, a, b]
        }
    }
    #[inline(always)]
    unsafe fn bf16x32(p: *const u8) -> [__m512; 4] {
        unsafe {
            let wide = |at: usize| {
                let h = _mm512_cvtepu16_epi32(_mm256_lddqu_si256(p.add(at).cast()));
                _mm512_castsi512_ps(_mm512_slli_epi32::<16>(h))
            };
            let (a, b) = (wide(0), wide(32));
            [a, b, a, b]
        }
    }
    #[inline(always)]
    unsafe fn f16_scalar(p: *const u8) -> f32 {
        unsafe {
            let bits = i32::from(u16::from_le_bytes([*p, *p.add(1)]));
            _mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(bits)))
        }
    }
}

// SAFETY: run only through `int8::dispatch`, which checks for VNNI, BW and
// VL besides AVX-512F.
#[cfg(target_arch = "x86_64")]
unsafe impl super::int8::IntDot for Avx512 {
    type I = __m512i;

    #[inline(always)]
    unsafe fn q8_block<const R: usize>(
        w: *const u8,
        _part: usize,
        x: [*const i8; R],
        xsum: [i32; R],
    ) -> [__m512i; R] {
        unsafe {
            let flip = _mm512_set1_epi8(-128);
            let mut acc = [_mm512_setzero_si512(); R];
            // Written out per chunk (see the AVX2 variant).
            macro_rules! chunk {
                ($c:expr) => {{
                    // w + 128 as unsigned bytes.
                    let w = _mm512_xor_si512(
                        _mm512_maskz_loadu_epi32(0xFFFF, w.add(64 * $c).cast()),
                        flip,
                    );
                    for r in 0..R {
                        let xb = _mm512_set1_epi32(super::int8::four_bytes(x[r].add(4 * $c)));
                        acc[r] = _mm512_dpbusd_epi32(acc[r], w, xb);
                    }
                }};
            }
            chunk!(0);
            chunk!(1);
            chunk!(2);
            chunk!(3);
            chunk!(4);
            chunk!(5);
            chunk!(6);
            chunk!(7);
            // Σ (w + 128)·x − 128·Σ x.
            for r in 0..R {
                acc[r] = _mm512_sub_epi32(acc[r], _mm512_set1_epi32(128 * xsum[r]));
            }
            acc
        }
    }
    #[inline(always)]
    unsafe fn q4_block<const R: usize>(
        w: *const u8,
        _part: usize,
        x: [*const i8; R],
    ) -> [__m512i; R] {
        unsafe {
            let mask = _mm512_set1_epi8(0x0f);
            let mut acc = [_mm512_setzero_si512(); R];
            macro_rules! chunk {
                ($c:expr) => {{
                    let v = _mm512_maskz_loadu_epi32(0xFFFF, w.add(64 * $c).cast());
                    let lo = _mm512_and_si512(v, mask);
                    let hi = _mm512_and_si512(_mm512_srli_epi16::<4>(v), mask);
                    for r in 0..R {
                        let x0 = _mm512_set1_epi32(super::int8::four_bytes(x[r].add(8 * $c)));
                        let x1 = _mm512_set1_epi32(super::int8::four_bytes(x[r].add(8 * $c + 4)));
                        acc[r] = _mm512_dpbusd_epi32(acc[r], lo, x0);
                        acc[r] = _mm512_dpbusd_epi32(acc[r], hi, x1);
                    }
                }};
            }
            chunk!(0);
            chunk!(1);
            chunk!(2);
            chunk!(3);
            acc
        }
    }
    #[inline(always)]
    unsafe fn sums_to_f32(s: __m512i) -> __m512 {
        unsafe { _mm512_cvtepi32_ps(s) }
    }
    #[inline(always)]
    unsafe fn f16_part(p: *const u8, _part: usize) -> __m512 {
        unsafe { _mm512_cvtph_ps(_mm256_maskz_loadu_epi32(0xFF, p.cast())) }
    }
}
