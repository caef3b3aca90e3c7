//! The register tile of [`super::tile`] written once over [`Simd`], for every
//! ISA variant (AVX-512, AVX2, portable; a NEON one later).
//!
//! A tile of `rows × 32` outputs (one packed panel) is computed as blocks of
//! `R` rows × `NV` vectors: per `kk`, `NV` loads of `b`, `R` broadcasts of
//! `a`, `R·NV` FMAs into accumulators that stay in registers for the whole
//! `k`. The block shape follows the register file: `R·NV` accumulators plus
//! `NV` vectors of `b` and one broadcast must fit in [`Simd::REGISTERS`].
//! On AVX2 (16 ymm) that is 6 rows × 16 columns (12 accumulators, the shape
//! of BLIS's Haswell kernel) run over each half of the panel — each half
//! reads one of the two cache lines of a panel row, so the panel is still
//! streamed once per half — and, for 1–2 rows (decode), 2 × 32 in one pass
//! that streams each panel row whole. On AVX-512 (32 zmm) the block is up to
//! 14 rows × 32 columns (28 accumulators); measured against the former
//! hand-written AVX-512 tile, interleaved, 1 and 2 threads: the same speed
//! within the host's noise (1024³ 99.1 vs 99.0 GFLOP/s, 64×576×1536 96.3 vs
//! 96.8, 115×576×1536 100.9 vs 102.0 on one thread).
use super::simd::Simd;
use super::tile::{Tile, TileEpilogue};

/// The rows of `a` and the columns of the panel one block covers.
#[derive(Clone, Copy)]
struct Block {
    /// First row of the tile the block computes.
    row: usize,
    /// First column of the panel.
    col: usize,
    /// Columns of the block that are written (`1..=NV·LANES`).
    cols: usize,
}

/// `R × NV·LANES` outputs of the tile (see the module doc), one function
/// per `R`: rows are unrolled by the macro (constant indices keep the
/// accumulators in registers; a loop over rows was left rolled, with the
/// accumulators on the stack, as in `tile.rs`). Pointer arithmetic wraps:
/// the dev profile checks every `add` and `*` otherwise.
macro_rules! block_kernel {
    ($name:ident, $rows:literal, $($r:literal)*) => {
        /// # Safety
        /// As [`super::tile::run`]; `S`'s features are present.
        #[inline(always)]
        unsafe fn $name<S: Simd, const PACKED_A: bool, const NV: usize>(
            t: &Tile,
            rows: usize,
            blk: Block,
            epi: Option<&TileEpilogue>,
        ) {
            let lanes = S::LANES;
            // SAFETY (whole body): every access is within the tile's operands
            // (see `Tile`); partial vectors only touch their valid lanes.
            unsafe {
                let mut acc: [[S::V; NV]; $rows] = [[S::zero(); NV]; $rows];
                let (a0, a_step, a_row) = if PACKED_A {
                    (t.a.wrapping_add(blk.row), rows, 1)
                } else {
                    (t.a.wrapping_add(blk.row.wrapping_mul(t.lda)), 1, t.lda)
                };
                let mut a: [*const f32; $rows] = [$(a0.wrapping_add($r * a_row)),*];
                let mut b = t.b.wrapping_add(blk.col);
                // The block's rows of `c` are read (or written) only after
                // the whole `k` loop: fetched now, they are in L1 by then
                // instead of costing a miss per row at the end.
                let c_rows: [*mut f32; $rows] =
                    [$(t.c.wrapping_add((blk.row + $r).wrapping_mul(t.ldc) + blk.col)),*];
                for c in c_rows {
                    S::prefetch(c);
                    S::prefetch(c.wrapping_add(blk.cols - 1));
                }
                // A block narrower than the panel (AVX2's 6 × 16) reads one of
                // the two cache lines of each panel row. Streaming a weight
                // once for a few rows (linear, row-major `a`: batched
                // decode), the tile's first block also fetches the other
                // line, which the second half's blocks then find in cache
                // instead of streaming the panel from memory again (AVX2, one
                // thread, 1536×576, 3 interleaved runs: 3–4 rows 416–530 →
                // 215–254 µs, 8 rows 514–609 → 346–404 µs; 2 rows, which take
                // the whole panel in one pass, 189–287 µs). The packed matmul
                // reuses each panel across many row blocks from cache and is
                // left as it was.
                let partner = (!PACKED_A
                    && NV * lanes < super::packed::PANEL
                    && blk.col == 0
                    && blk.row == 0)
                    .then_some(NV * lanes);
                for _ in 0..t.k {
                    if let Some(p) = partner {
                        S::prefetch(b.wrapping_add(p));
                    }
                    let mut bv: [S::V; NV] = [S::zero(); NV];
                    for (v, slot) in bv.iter_mut().enumerate() {
                        *slot = S::load(b.wrapping_add(v * lanes));
                    }
                    $(
                        let av = S::broadcast(a[$r]);
                        for v in 0..NV {
                            acc[$r][v] = S::mul_add(av, bv[v], acc[$r][v]);
                        }
                        a[$r] = a[$r].wrapping_add(a_step);
                    )*
                    b = b.wrapping_add(t.ldb);
                }
                $(
                    let c = c_rows[$r];
                    for v in 0..NV {
                        let at = c.wrapping_add(v * lanes);
                        let valid = blk.cols.saturating_sub(v * lanes).min(lanes);
                        let mut value = acc[$r][v];
                        if valid > 0 {
                            if let Some(e) = epi {
                                let (i, j) = (e.row + blk.row + $r, e.col + blk.col + v * lanes);
                                value = e.epilogue.apply_simd::<S>(value, i, j, valid);
                            }
                        }
                        if valid == lanes {
                            let value = if t.accumulate { S::add(value, S::load(at)) } else { value };
                            S::store(at, value);
                        } else if valid > 0 {
                            let value = if t.accumulate {
                                S::add(value, S::load_first(at, valid))
                            } else {
                                value
                            };
                            S::store_first(at, value, valid);
                        }
                    }
                )*
            }
        }
    };
}
block_kernel!(block1, 1, 0);
block_kernel!(block2, 2, 0 1);
block_kernel!(block3, 3, 0 1 2);
block_kernel!(block4, 4, 0 1 2 3);
block_kernel!(block5, 5, 0 1 2 3 4);
block_kernel!(block6, 6, 0 1 2 3 4 5);
block_kernel!(block7, 7, 0 1 2 3 4 5 6);
block_kernel!(block8, 8, 0 1 2 3 4 5 6 7);
block_kernel!(block9, 9, 0 1 2 3 4 5 6 7 8);
block_kernel!(block10, 10, 0 1 2 3 4 5 6 7 8 9);
block_kernel!(block11, 11, 0 1 2 3 4 5 6 7 8 9 10);
block_kernel!(block12, 12, 0 1 2 3 4 5 6 7 8 9 10 11);
block_kernel!(block13, 13, 0 1 2 3 4 5 6 7 8 9 10 11 12);
block_kernel!(block14, 14, 0 1 2 3 4 5 6 7 8 9 10 11 12 13);

/// The block function for a run-time row count `1..=6`.
macro_rules! by_rows {
    ($s:ty, $packed:ident, $nv:literal, $r:expr, $($args:expr),*) => {
        match $r {
            1 => block1::<$s, $packed, $nv>($($args),*),
            2 => block2::<$s, $packed, $nv>($($args),*),
            3 => block3::<$s, $packed, $nv>($($args),*),
            4 => block4::<$s, $packed, $nv>($($args),*),
            5 => block5::<$s, $packed, $nv>($($args),*),
            6 => block6::<$s, $packed, $nv>($($args),*),
            r => unreachable!("a block has 1..=6 rows, got {r}"),
        }
    };
}

/// The block function for a run-time row count `1..=14` (two vectors per
/// row: 28 accumulators, for a 32-register file).
macro_rules! by_rows_wide {
    ($s:ty, $packed:ident, $r:expr, $($args:expr),*) => {
        match $r {
            7 => block7::<$s, $packed, 2>($($args),*),
            8 => block8::<$s, $packed, 2>($($args),*),
            9 => block9::<$s, $packed, 2>($($args),*),
            10 => block10::<$s, $packed, 2>($($args),*),
            11 => block11::<$s, $packed, 2>($($args),*),
            12 => block12::<$s, $packed, 2>($($args),*),
            13 => block13::<$s, $packed, 2>($($args),*),
            14 => block14::<$s, $packed, 2>($($args),*),
            r => by_rows!($s, $packed, 2, r, $($args),*),
        }
    };
}

/// The block shape for `rows` rows on `S`: (rows per block, vectors per row).
pub fn block_shape<S: Simd>(rows: usize) -> (usize, usize) {
    let panel_vectors = super::packed::PANEL / S::LANES;
    let fits = |r: usize, nv: usize| r * nv + nv < S::REGISTERS;
    if rows <= 2 && panel_vectors <= 4 && fits(rows, panel_vectors) {
        (rows, panel_vectors)
    } else {
        let nv = 2.min(panel_vectors);
        let r = ((S::REGISTERS - 1 - nv) / nv).clamp(1, super::tile::MR_MAX);
        (r, nv)
    }
}

/// Runs a tile of `rows ≤ MR_MAX` rows (see [`super::tile::run`]), with
/// `epi` applied to each vector of accumulators before its store.
///
/// # Safety
/// As [`super::tile::run_with_epilogue`] when `epi` is given, else
/// [`super::tile::run`]; `S`'s features are present (call through
/// [`super::simd::dispatch`]).
#[inline(always)]
pub unsafe fn run<S: Simd, const PACKED_A: bool>(
    rows: usize,
    t: &Tile,
    epi: Option<&TileEpilogue>,
) {
    let (r_max, nv) = block_shape::<S>(rows);
    let width = nv * S::LANES;
    let mut col = 0;
    while col < t.cols {
        let cols = (t.cols - col).min(width);
        let mut row = 0;
        while row < rows {
            let r = r_max.min(rows - row);
            let blk = Block { row, col, cols };
            // SAFETY: forwarded from the caller; the block is inside the tile.
            unsafe {
                match nv {
                    4 => by_rows!(S, PACKED_A, 4, r, t, rows, blk, epi),
                    2 if S::REGISTERS >= 32 => by_rows_wide!(S, PACKED_A, r, t, rows, blk, epi),
                    2 => by_rows!(S, PACKED_A, 2, r, t, rows, blk, epi),
                    _ => by_rows!(S, PACKED_A, 1, r, t, rows, blk, epi),
                }
            }
            row += r;
        }
        col += width;
    }
}
