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
use crate::simd::{Kernel, Simd};
use kforge_abi::isa::Isa;
use rayon::prelude::*;

/// The most rows this kernel takes (`4·MAX_ROWS` accumulators).
pub(super) const MAX_ROWS: usize = 6;

/// Rows of `b` streamed together.
const K_GROUP: usize = 8;

/// Task widths are multiples of this (the widest register chunk: eight
/// 16-lane vectors for one or two rows on AVX-512).
const CHUNK: usize = 128;

/// Tasks per worker: few, so that each streams long stretches of b's rows.
const TASKS_PER_THREAD: usize = 2;

/// `c = a·b` for `x.m ≤ MAX_ROWS`, in parallel over column ranges unless `serial`.
pub(super) fn skinny(x: &MatmulArgs, isa: Isa, serial: bool) {
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
            columns(x, j0, j1, isa);
        }
    };
    if tasks <= 1 {
        run(0);
    } else {
        (0..tasks).into_par_iter().for_each(run);
    }
}

fn columns(x: &MatmulArgs, j0: usize, j1: usize, isa: Isa) {
    // SAFETY: `isa` runs here; the operands are valid per the caller.
    unsafe { crate::simd::dispatch(isa, Columns { x, j0, j1 }) };
}

/// [`columns`]' operands: the [`Kernel`].
struct Columns<'a> {
    x: &'a MatmulArgs,
    j0: usize,
    j1: usize,
}

impl Kernel for Columns<'_> {
    type Output = ();
    #[inline(always)]
    unsafe fn run<S: Simd>(self) {
        let (x, j0, j1) = (self.x, self.j0, self.j1);
        // `M·V` accumulators per chunk: 16–24 of AVX-512's 32 registers,
        // 8–12 of AVX2's 16.
        let wide = S::REGISTERS >= 32;
        // SAFETY (all arms): forwarded from [`columns`].
        unsafe {
            match x.m {
                1 => columns_simd::<S, 1, 8>(x, j0, j1),
                2 if wide => columns_simd::<S, 2, 8>(x, j0, j1),
                2 => columns_simd::<S, 2, 4>(x, j0, j1),
                3 => columns_simd::<S, 3, 4>(x, j0, j1),
                4 if wide => columns_simd::<S, 4, 4>(x, j0, j1),
                4 => columns_simd::<S, 4, 2>(x, j0, j1),
                5 if wide => columns_simd::<S, 5, 4>(x, j0, j1),
                5 => columns_simd::<S, 5, 2>(x, j0, j1),
                6 if wide => columns_simd::<S, 6, 4>(x, j0, j1),
                6 => columns_simd::<S, 6, 2>(x, j0, j1),
                m => unreachable!("skinny products have 1..={MAX_ROWS} rows, got {m}"),
            }
        }
    }
}

/// The first `valid` lanes at `p` (a whole vector when `full`), zero in
/// the others. A function, not a closure: a closure is compiled without the
/// entry point's target features, and its intrinsics become calls.
///
/// # Safety
/// `S`'s features are present; those lanes are readable.
#[inline(always)]
unsafe fn load_valid<S: Simd>(p: *const f32, valid: usize, full: bool) -> S::V {
    // SAFETY: forwarded from the caller.
    unsafe {
        if full || valid == S::LANES {
            S::load(p)
        } else if valid == 0 {
            S::zero()
        } else {
            S::load_first(p, valid)
        }
    }
}

/// Columns `[j0, j1)` of all `M` rows, `V` vectors per row in registers
/// while a group of `K_GROUP` rows of `b` goes by. Pointers move with
/// `wrapping_add` and memory is touched only through the `Simd` methods, so
/// that the dev profile's debug checks stay out of the loops.
///
/// # Safety
/// `S`'s features are present; the operands are valid per the caller.
#[inline(always)]
unsafe fn columns_simd<S: Simd, const M: usize, const V: usize>(
    x: &MatmulArgs,
    j0: usize,
    j1: usize,
) {
    let lanes = S::LANES;
    let (a, c) = (x.a as *const f32, x.c as *mut f32);
    let a_rows: [*const f32; M] = std::array::from_fn(|i| a.wrapping_add(i * x.lda));
    let c_rows: [*mut f32; M] = std::array::from_fn(|i| c.wrapping_add(i * x.ldc));
    let mut k0 = 0;
    while k0 < x.k {
        let group = K_GROUP.min(x.k - k0);
        let mut j = j0;
        while j < j1 {
            let at = Chunk {
                j,
                k0,
                group,
                cols: j1 - j,
            };
            // SAFETY: forwarded from the caller; whole chunks take the
            // branch-free instance (the partial one's per-vector choice cost
            // 8% at 1×576×1536 on AVX-512).
            unsafe {
                if j + lanes * V <= j1 {
                    chunk::<S, M, V, true>(x, &a_rows, &c_rows, at);
                } else {
                    chunk::<S, M, V, false>(x, &a_rows, &c_rows, at);
                }
            }
            j += lanes * V;
        }
        k0 += group;
    }
}

/// Where one chunk of [`columns_simd`] is.
#[derive(Clone, Copy)]
struct Chunk {
    /// First column.
    j: usize,
    /// First row of `b` (`k`) of the group, and how many.
    k0: usize,
    group: usize,
    /// Columns left from `j` (all `V` vectors are whole when `FULL`).
    cols: usize,
}

/// `M` rows × `V` vectors of columns from `at.j` over rows `k0..k0+group`
/// of `b`, accumulated onto `c` after the first group.
///
/// # Safety
/// As [`columns_simd`]; with `FULL`, `V` whole vectors of columns exist.
#[inline(always)]
unsafe fn chunk<S: Simd, const M: usize, const V: usize, const FULL: bool>(
    x: &MatmulArgs,
    a_rows: &[*const f32; M],
    c_rows: &[*mut f32; M],
    at: Chunk,
) {
    let lanes = S::LANES;
    let b = x.b as *const f32;
    let valid: [usize; V] = std::array::from_fn(|v| at.cols.saturating_sub(lanes * v).min(lanes));
    // SAFETY (whole body): as `load_valid`; a's elements k0..k0+group of
    // rows < M; stores write only the valid lanes.
    unsafe {
        let mut acc = [[S::zero(); V]; M];
        if at.k0 > 0 {
            for (row, c_row) in acc.iter_mut().zip(c_rows) {
                let src = c_row.wrapping_add(at.j);
                for (v, slot) in row.iter_mut().enumerate() {
                    *slot = load_valid::<S>(src.wrapping_add(lanes * v), valid[v], FULL);
                }
            }
        }
        let mut brow = b.wrapping_add(at.k0 * x.ldb + at.j);
        for kk in at.k0..at.k0 + at.group {
            // A loop, not `array::from_fn`: its closure would be compiled
            // without the target features (see `load_valid`).
            let mut bv = [S::zero(); V];
            for (v, slot) in bv.iter_mut().enumerate() {
                *slot = load_valid::<S>(brow.wrapping_add(lanes * v), valid[v], FULL);
            }
            for (row, a_row) in acc.iter_mut().zip(a_rows) {
                let av = S::broadcast(a_row.wrapping_add(kk));
                for (slot, bv) in row.iter_mut().zip(bv) {
                    *slot = S::mul_add(av, bv, *slot);
                }
            }
            brow = brow.wrapping_add(x.ldb);
        }
        for (row, c_row) in acc.iter().zip(c_rows) {
            let dst = c_row.wrapping_add(at.j);
            for (v, slot) in row.iter().enumerate() {
                let to = dst.wrapping_add(lanes * v);
                if FULL || valid[v] == lanes {
                    S::store(to, *slot);
                } else if valid[v] > 0 {
                    S::store_first(to, *slot, valid[v]);
                }
            }
        }
    }
}
