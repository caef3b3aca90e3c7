//! Products with a few rows (`M ≤ MAX_ROWS`, a decode step's `1 × K · K × N`):
//! memory-bound, so the order of reads is what counts.
//!
//! `b` is read in place, [`K_GROUP`] rows at a time, each row front to back
//! over a task's columns: a handful of sequential streams that the hardware
//! prefetchers follow (a 32-column panel walk would jump a whole row per `k`).
//! A chunk of output columns per row of `a` (128 for one or two rows, 64 for
//! more) lives in registers while the group's rows go by, then returns to
//! `c`. Tasks are column ranges.
use super::MatmulArgs;
use rayon::prelude::*;

/// The most rows this kernel takes (`4·MAX_ROWS` accumulators).
pub(super) const MAX_ROWS: usize = 6;

/// Rows of `b` streamed together.
const K_GROUP: usize = 8;

/// Task widths are multiples of this (the widest register chunk: eight
/// 16-lane vectors for one or two rows, four for more).
const CHUNK: usize = 128;

/// Tasks per worker: few, so that each streams long stretches of b's rows.
const TASKS_PER_THREAD: usize = 2;

/// Vectors per chunk for one or two rows.
const WIDE: usize = 8;

/// `c = a·b` for `x.m ≤ MAX_ROWS`, in parallel over column ranges unless `serial`.
pub(super) fn skinny(x: &MatmulArgs, avx512: bool, serial: bool) {
    debug_assert!(x.m <= MAX_ROWS);
    let tasks = if serial {
        1
    } else {
        (TASKS_PER_THREAD * rayon::current_num_threads()).min(x.n.div_ceil(CHUNK))
    };
    let width = x.n.div_ceil(tasks).div_ceil(CHUNK) * CHUNK;
    let run = |t: usize| {
        let j0 = t * width;
        let j1 = ((t + 1) * width).min(x.n);
        if j0 < j1 {
            columns(x, j0, j1, avx512);
        }
    };
    if tasks <= 1 {
        run(0);
    } else {
        (0..tasks).into_par_iter().for_each(run);
    }
}

fn columns(x: &MatmulArgs, j0: usize, j1: usize, avx512: bool) {
    #[cfg(target_arch = "x86_64")]
    if avx512 {
        // SAFETY: AVX-512F is present; the operands are valid per the caller.
        unsafe {
            match x.m {
                1 => avx512::columns::<1, WIDE>(x, j0, j1),
                2 => avx512::columns::<2, WIDE>(x, j0, j1),
                3 => avx512::columns::<3, 4>(x, j0, j1),
                4 => avx512::columns::<4, 4>(x, j0, j1),
                5 => avx512::columns::<5, 4>(x, j0, j1),
                6 => avx512::columns::<6, 4>(x, j0, j1),
                m => unreachable!("skinny products have 1..={MAX_ROWS} rows, got {m}"),
            }
        }
        return;
    }
    let _ = avx512;
    portable_columns(x, j0, j1);
}

/// Plain Rust for CPUs without AVX-512: the same order of reads.
fn portable_columns(x: &MatmulArgs, j0: usize, j1: usize) {
    let (a, b, c) = (x.a as *const f32, x.b as *const f32, x.c as *mut f32);
    for i in 0..x.m {
        // SAFETY: row i of c holds n floats per the caller.
        let row = unsafe { std::slice::from_raw_parts_mut(c.add(i * x.ldc + j0), j1 - j0) };
        row.fill(0.0);
        for kk in 0..x.k {
            // SAFETY: a[i, kk] and b[kk, j0..j1] are in bounds per the caller.
            let (av, brow) = unsafe {
                (
                    *a.add(i * x.lda + kk),
                    std::slice::from_raw_parts(b.add(kk * x.ldb + j0), j1 - j0),
                )
            };
            for (y, bv) in row.iter_mut().zip(brow) {
                *y += av * bv;
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use super::{MatmulArgs, K_GROUP};
    use std::arch::x86_64::*;

    /// Columns `[j0, j1)` of all `M` rows. Pointers move with `wrapping_add`
    /// and memory is touched only through intrinsics, so that the dev
    /// profile's debug checks stay out of the loops.
    #[target_feature(enable = "avx512f")]
    pub(super) unsafe fn columns<const M: usize, const V: usize>(
        x: &MatmulArgs,
        j0: usize,
        j1: usize,
    ) {
        let (a, b, c) = (x.a as *const f32, x.b as *const f32, x.c as *mut f32);
        let a_rows: [*const f32; M] = std::array::from_fn(|i| a.wrapping_add(i * x.lda));
        let c_rows: [*mut f32; M] = std::array::from_fn(|i| c.wrapping_add(i * x.ldc));
        let mut k0 = 0;
        while k0 < x.k {
            let group = K_GROUP.min(x.k - k0);
            let mut j = j0;
            while j < j1 {
                let masks: [__mmask16; V] = masks(j1 - j);
                let mut acc = [[_mm512_setzero_ps(); V]; M];
                // SAFETY (whole block): masked lanes cover columns j..j1 of
                // rows that exist; a's elements k0..k0+group of rows < M.
                unsafe {
                    if k0 > 0 {
                        for (row, c_row) in acc.iter_mut().zip(c_rows) {
                            let src = c_row.wrapping_add(j);
                            for (v, slot) in row.iter_mut().enumerate() {
                                *slot = _mm512_maskz_loadu_ps(masks[v], src.wrapping_add(16 * v));
                            }
                        }
                    }
                    let mut brow = b.wrapping_add(k0 * x.ldb + j);
                    for kk in k0..k0 + group {
                        let bv: [__m512; V] = std::array::from_fn(|v| {
                            _mm512_maskz_loadu_ps(masks[v], brow.wrapping_add(16 * v))
                        });
                        for (row, a_row) in acc.iter_mut().zip(a_rows) {
                            let av = _mm512_broadcastss_ps(_mm_load_ss(a_row.wrapping_add(kk)));
                            for (slot, bv) in row.iter_mut().zip(bv) {
                                *slot = _mm512_fmadd_ps(av, bv, *slot);
                            }
                        }
                        brow = brow.wrapping_add(x.ldb);
                    }
                    for (row, c_row) in acc.iter().zip(c_rows) {
                        let dst = c_row.wrapping_add(j);
                        for (v, slot) in row.iter().enumerate() {
                            _mm512_mask_storeu_ps(dst.wrapping_add(16 * v), masks[v], *slot);
                        }
                    }
                }
                j += 16 * V;
            }
            k0 += group;
        }
    }

    /// Lane masks of the `V` vectors of a chunk with `cols` valid columns.
    #[inline(always)]
    fn masks<const V: usize>(cols: usize) -> [__mmask16; V] {
        std::array::from_fn(|v| {
            let valid = cols.saturating_sub(16 * v).min(16);
            ((1u32 << valid) - 1) as __mmask16
        })
    }
}
