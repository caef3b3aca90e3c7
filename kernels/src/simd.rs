//! One vector interface for every ISA variant ([`kforge_abi::isa::Isa`]): kernels
//! are written once, generic over [`Simd`], and instantiated per variant
//! inside a `#[target_feature]` entry point ([`dispatch`]), where the
//! `#[inline(always)]` methods below inline into code compiled for that
//! variant's instructions.
//!
//! Why our own small trait and not a crate (`pulp`, which faer uses, or
//! `std::simd`): the kernels need a handful of operations (loads and stores
//! of the first `n` lanes, broadcast from memory, FMA, `e^x`), `std::simd` is
//! not stable, and a crate's own dispatch would sit beside ours (the JIT's
//! target features and the tune cache's key follow [`kforge_abi::isa`] too).
//! Adding NEON is one more implementation of [`Simd`] (`float32x4_t`, 32
//! registers) and one arm in [`dispatch`].
mod avx2;
mod avx512;
pub mod int8;
mod portable;

pub use avx2::Avx2;
pub use avx512::Avx512;
pub use portable::Portable;

/// `f32` vectors of one ISA variant.
///
/// # Safety
/// Every method may only run on a CPU with the variant's features (see
/// [`dispatch`]); pointer arguments must be valid for the lanes accessed.
/// That is each method's whole safety condition, stated once here.
#[allow(
    clippy::missing_safety_doc,
    reason = "one condition for every method, in the trait's doc"
)]
pub unsafe trait Simd: Copy + 'static {
    /// The variant.
    const ISA: kforge_abi::isa::Isa;
    /// Lanes of a vector.
    const LANES: usize;
    /// Vector registers the compiler can keep values in.
    const REGISTERS: usize;
    /// A vector of `LANES` floats.
    type V: Copy;

    /// Every lane `x`.
    unsafe fn splat(x: f32) -> Self::V;
    /// `LANES` floats from `p` (unaligned).
    unsafe fn load(p: *const f32) -> Self::V;
    /// The first `n < LANES` floats from `p`, zero in the other lanes; only
    /// those `n` are read.
    unsafe fn load_first(p: *const f32, n: usize) -> Self::V;
    /// `LANES` floats to `p` (unaligned).
    unsafe fn store(p: *mut f32, v: Self::V);
    /// The first `n < LANES` lanes to `p`; only those `n` are written.
    unsafe fn store_first(p: *mut f32, v: Self::V, n: usize);
    /// `*p` in every lane.
    unsafe fn broadcast(p: *const f32) -> Self::V;
    /// `a·b + c`, fused where the variant has FMA.
    unsafe fn mul_add(a: Self::V, b: Self::V, c: Self::V) -> Self::V;
    /// `a + b`.
    unsafe fn add(a: Self::V, b: Self::V) -> Self::V;
    /// `a − b`.
    unsafe fn sub(a: Self::V, b: Self::V) -> Self::V;
    /// `a·b`.
    unsafe fn mul(a: Self::V, b: Self::V) -> Self::V;
    /// `a / b`.
    unsafe fn div(a: Self::V, b: Self::V) -> Self::V;
    /// Lane-wise maximum.
    unsafe fn max(a: Self::V, b: Self::V) -> Self::V;
    /// The sum of the lanes.
    unsafe fn reduce_add(v: Self::V) -> f32;
    /// `|x|` per lane.
    unsafe fn abs(x: Self::V) -> Self::V;
    /// Per lane, `x` where `a < b`, else `y`.
    unsafe fn select_lt(a: Self::V, b: Self::V, x: Self::V, y: Self::V) -> Self::V;
    /// `|m|` with the sign of `s`, per lane.
    unsafe fn copysign(m: Self::V, s: Self::V) -> Self::V;
    /// `e^x` per lane: the polynomial of `portable::exp_f32` (0 below
    /// −87.3, `+inf` above 88.7).
    unsafe fn exp(x: Self::V) -> Self::V;

    /// The 32 4-bit quants of a block's 16 bytes at `p` (the low nibble of
    /// byte `j` is element `j`, its high nibble element `j + 16`, ggml's
    /// layout), as floats `0..=15` in the first `32 / LANES` vectors.
    unsafe fn nibbles32(p: *const u8) -> [Self::V; 4];

    /// The 32 signed bytes at `p` as floats, in the first `32 / LANES` vectors.
    unsafe fn i8x32(p: *const u8) -> [Self::V; 4];

    /// The 32 IEEE halves at `p` (64 bytes, any alignment) as floats, in the
    /// first `32 / LANES` vectors.
    unsafe fn f16x32(p: *const u8) -> [Self::V; 4];

    /// The 32 bfloat16 at `p` (64 bytes) as floats, in the first
    /// `32 / LANES` vectors.
    unsafe fn bf16x32(p: *const u8) -> [Self::V; 4];

    /// The IEEE half at `p` (2 bytes, little-endian) as f32 (a block's
    /// scale: by the hardware's conversion where there is one, as a
    /// library call it cost more than the block's arithmetic).
    unsafe fn f16_scalar(p: *const u8) -> f32;

    /// A hint that the cache line holding `p` is wanted soon (never faults,
    /// whatever `p`); nothing where the variant has no prefetch.
    #[inline(always)]
    unsafe fn prefetch(p: *const f32) {
        let _ = p;
    }

    /// Every lane 0.
    #[inline(always)]
    unsafe fn zero() -> Self::V {
        // SAFETY: forwarded.
        unsafe { Self::splat(0.0) }
    }

    /// `x·σ(x) = x / (1 + e^(−x))` per lane.
    #[inline(always)]
    unsafe fn silu(x: Self::V) -> Self::V {
        // SAFETY: forwarded.
        unsafe { Self::times_sigmoid(x, x) }
    }

    /// `x·σ(z) = x / (1 + e^(−z))` per lane.
    #[inline(always)]
    unsafe fn times_sigmoid(x: Self::V, z: Self::V) -> Self::V {
        // SAFETY: forwarded.
        unsafe {
            let e = Self::exp(Self::sub(Self::zero(), z));
            Self::div(x, Self::add(Self::splat(1.0), e))
        }
    }

    /// Horner's rule on `coeffs` (highest power first) per lane.
    #[inline(always)]
    unsafe fn horner(coeffs: &[f32], t: Self::V) -> Self::V {
        // SAFETY: forwarded.
        unsafe {
            let mut p = Self::splat(coeffs[0]);
            for c in &coeffs[1..] {
                p = Self::mul_add(p, t, Self::splat(*c));
            }
            p
        }
    }

    /// [`crate::vmath::erf`] per lane (the same polynomials, blended on `|x| < 1`).
    #[inline(always)]
    unsafe fn erf(x: Self::V) -> Self::V {
        use crate::vmath::{ERF_CENTER, ERF_HALF_WIDTH, ERF_LARGE, ERF_ONE_AT, ERF_SMALL};
        // SAFETY: forwarded.
        unsafe {
            let a = Self::abs(x);
            let small = Self::mul(a, Self::horner(&ERF_SMALL, Self::mul(a, a)));
            let t = Self::div(
                Self::sub(
                    Self::min(a, Self::splat(ERF_ONE_AT)),
                    Self::splat(ERF_CENTER),
                ),
                Self::splat(ERF_HALF_WIDTH),
            );
            let large = Self::min(Self::horner(&ERF_LARGE, t), Self::splat(1.0));
            let one = Self::splat(1.0);
            Self::copysign(Self::select_lt(a, one, small, large), x)
        }
    }

    /// [`crate::vmath::gelu`] per lane: `x/2 · (1 + erf(x/√2))`.
    #[inline(always)]
    unsafe fn gelu(x: Self::V) -> Self::V {
        // SAFETY: forwarded.
        unsafe {
            let e = Self::erf(Self::mul(x, Self::splat(std::f32::consts::FRAC_1_SQRT_2)));
            let half_x = Self::mul(x, Self::splat(0.5));
            Self::mul_add(half_x, e, half_x)
        }
    }

    /// [`crate::vmath::gelu_tanh`] per lane: `x·σ(2u)`, `u = √(2/π)(x + 0.044715x³)`.
    #[inline(always)]
    unsafe fn gelu_tanh(x: Self::V) -> Self::V {
        // SAFETY: forwarded.
        unsafe {
            let x3 = Self::mul(Self::mul(x, x), x);
            let inner = Self::mul_add(x3, Self::splat(0.044_715), x);
            let z = Self::mul(inner, Self::splat(2.0 * crate::vmath::SQRT_2_OVER_PI));
            Self::times_sigmoid(x, z)
        }
    }

    /// Lane-wise minimum.
    #[inline(always)]
    unsafe fn min(a: Self::V, b: Self::V) -> Self::V {
        // SAFETY: forwarded.
        unsafe { Self::select_lt(a, b, a, b) }
    }
}

/// Coefficients of `e^r ≈ Σ rⁱ/i!`, `|r| ≤ ln2/2`, highest power first
/// (degree 7: truncation below f32 rounding).
pub(crate) const EXP_POLY: [f32; 8] = [
    1.0 / 5040.0,
    1.0 / 720.0,
    1.0 / 120.0,
    1.0 / 24.0,
    1.0 / 6.0,
    0.5,
    1.0,
    1.0,
];
/// `ln 2` split in a high part exact in f32 and the rest.
pub(crate) const LN2_HI: f32 = 0.693_359_4;
pub(crate) const LN2_LO: f32 = -2.121_944_4e-4;
/// Below this `e^x` is 0 in our kernels (the smallest normal is `e^−87.34`).
pub(crate) const EXP_MIN: f32 = -87.3;
/// Above this `e^x` is `+inf` (`ln f32::MAX ≈ 88.72`).
pub(crate) const EXP_MAX: f32 = 88.7;

/// A kernel written once over [`Simd`]: its operands, and its body for any
/// instance. [`dispatch`] runs the body inside an entry point compiled for
/// the variant's features.
///
/// `run` must be `#[inline(always)]` (as must everything generic it calls):
/// inlined into the entry point, it and the `Simd` methods compile with the
/// variant's instructions. A closure would not do: it is a function of its
/// own that need not inline, and compiled without the features its
/// intrinsics become calls.
pub trait Kernel {
    /// What the kernel returns.
    type Output;
    /// The body on `S`.
    ///
    /// # Safety
    /// `S`'s features are present; the kernel's own operand conditions hold.
    unsafe fn run<S: Simd>(self) -> Self::Output;
}

/// Runs `kernel` on the [`Simd`] instance of `isa`.
///
/// # Safety
/// `isa` runs on this CPU ([`kforge_abi::isa::Isa::is_supported`]; every value
/// [`kforge_abi::isa::active`] returns does); the kernel's operand conditions hold.
#[inline]
pub unsafe fn dispatch<K: Kernel>(isa: kforge_abi::isa::Isa, kernel: K) -> K::Output {
    use kforge_abi::isa::Isa;
    match isa {
        // SAFETY (both arms): the features are present per the caller.
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512 => unsafe { on_avx512(kernel) },
        #[cfg(target_arch = "x86_64")]
        Isa::Avx2 => unsafe { on_avx2(kernel) },
        // SAFETY: plain Rust; the operand conditions hold per the caller.
        _ => unsafe { kernel.run::<Portable>() },
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,fma")]
unsafe fn on_avx512<K: Kernel>(kernel: K) -> K::Output {
    // SAFETY: forwarded from [`dispatch`].
    unsafe { kernel.run::<Avx512>() }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn on_avx2<K: Kernel>(kernel: K) -> K::Output {
    // SAFETY: forwarded from [`dispatch`].
    unsafe { kernel.run::<Avx2>() }
}
