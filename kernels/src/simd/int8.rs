//! Integer dot products of 8-bit activations with 16 weight rows at a time,
//! for the row-interleaved blocks of [`crate::quant::interleaved`].
//!
//! A weight block of 16 rows × 32 columns is stored in chunks of 64 bytes,
//! 4 bytes per row (lane `r` of a 512-bit vector is row `r`): one
//! broadcast of 4 activation bytes and one multiply-add of bytes into 32-bit
//! lanes then advance all 16 rows by 4 columns, with no horizontal sums
//! (AVX-512 VNNI's `vpdpbusd`; AVX2's `vpmaddubsw` + `vpmaddwd`; plain
//! integer loops in the portable variant). An 8-lane variant works on the
//! 16 rows as two parts of 8 (the 32-byte halves of each chunk), one after
//! the other, so that a part's sums and accumulators for several input rows
//! fit its 16 registers. Every variant computes the same exact integer sums.
//!
//! Chunk layouts (`c` the chunk, `r` the row, `j < 4` the byte in the lane):
//! - 8-bit (`q8_0`): 8 chunks, byte `j` of lane `r` of chunk `c` is the
//!   signed `w[r, 4c + j]` (`vpdpbusd` multiplies unsigned by signed bytes:
//!   AVX-512 offsets the weights by 128 in a register and subtracts
//!   `128·Σx`; AVX2 multiplies `|w|` by `x` with `w`'s sign);
//! - 4-bit (`q4_0`, `q4_1`): 4 chunks, byte `j` of lane `r` of chunk `c`
//!   holds `w[r, 8c + j]` in its low nibble and `w[r, 8c + 4 + j]` in its
//!   high one.
use super::{Portable, Simd};

/// 8-bit integer dot products on 16 interleaved weight rows.
///
/// # Safety
/// As [`Simd`]: the methods run only where [`dispatch`] chose the
/// implementation; pointers are valid for the bytes named.
#[allow(
    clippy::missing_safety_doc,
    reason = "one condition for every method, in the trait's doc"
)]
pub unsafe trait IntDot: Simd {
    /// `LANES` `i32` sums, one per weight row of a part.
    type I: Copy;

    /// For each of the `R` activation rows `x[i]` (32 bytes each, block sum
    /// `xsum[i]`): `Σ_k w[r, k]·x[k]` for the rows `r` of part `part` (rows
    /// `LANES·part..`, of `16 / LANES` parts) of an 8-bit block at `w` (512
    /// bytes).
    unsafe fn q8_block<const R: usize>(
        w: *const u8,
        part: usize,
        x: [*const i8; R],
        xsum: [i32; R],
    ) -> [Self::I; R];

    /// For each of the `R` activation rows `x[i]` (32 bytes each):
    /// `Σ_k q[r, k]·x[k]` for the rows of part `part` of a 4-bit block at
    /// `w` (256 bytes, quants `0..=15`).
    unsafe fn q4_block<const R: usize>(
        w: *const u8,
        part: usize,
        x: [*const i8; R],
    ) -> [Self::I; R];

    /// The sums as floats.
    unsafe fn sums_to_f32(s: Self::I) -> Self::V;

    /// The IEEE halves of part `part` of 16 at `p` (32 bytes) as floats.
    unsafe fn f16_part(p: *const u8, part: usize) -> Self::V;
}

/// The 4 bytes at `p` as one `i32` (to broadcast).
///
/// # Safety
/// `p..p + 4` is readable.
#[inline(always)]
pub(super) unsafe fn four_bytes(p: *const i8) -> i32 {
    // SAFETY: per the caller.
    unsafe { p.cast::<i32>().read_unaligned() }
}

/// A kernel generic over [`IntDot`].
pub trait IntKernel {
    /// What the kernel returns.
    type Output;
    /// The body on `S`.
    ///
    /// # Safety
    /// `S`'s features are present; the kernel's own operand conditions hold.
    unsafe fn run<S: IntDot>(self) -> Self::Output;
}

/// Whether this CPU has AVX-512 VNNI with BW and VL (what the AVX-512
/// [`IntDot`] uses); AVX-512 CPUs without it run the AVX2 one.
fn has_vnni() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        static VNNI: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        *VNNI.get_or_init(|| {
            std::arch::is_x86_feature_detected!("avx512vnni")
                && std::arch::is_x86_feature_detected!("avx512bw")
                && std::arch::is_x86_feature_detected!("avx512vl")
                && std::arch::is_x86_feature_detected!("f16c")
        })
    }
    #[cfg(not(target_arch = "x86_64"))]
    false
}

/// Runs `kernel` on the [`IntDot`] of `isa`: AVX-512 with VNNI where the CPU
/// has it, else AVX2's (every AVX-512 CPU has AVX2).
///
/// # Safety
/// `isa` runs on this CPU; the kernel's operand conditions hold.
#[inline]
pub unsafe fn dispatch<K: IntKernel>(isa: kforge_abi::isa::Isa, kernel: K) -> K::Output {
    use kforge_abi::isa::Isa;
    match isa {
        // SAFETY (every arm): the features are present per the caller and
        // the detection above.
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512 if has_vnni() => unsafe { on_avx512_vnni(kernel) },
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512 | Isa::Avx2 => unsafe { on_avx2(kernel) },
        _ => unsafe { kernel.run::<Portable>() },
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni,fma,f16c")]
unsafe fn on_avx512_vnni<K: IntKernel>(kernel: K) -> K::Output {
    // SAFETY: forwarded from [`dispatch`].
    unsafe { kernel.run::<super::Avx512>() }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn on_avx2<K: IntKernel>(kernel: K) -> K::Output {
    // SAFETY: forwarded from [`dispatch`].
    unsafe { kernel.run::<super::Avx2>() }
}
