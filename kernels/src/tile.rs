//! The register tile that the linear and matmul microkernels share:
//! `c[r, j] (+)= Σ_kk a[r, kk]·b[kk, j]` for `r < rows ≤ MR_MAX`, `j < 32`.
//!
//! `b` is one 32-column panel: row `kk` is 32 contiguous floats at
//! `b + kk·ldb` (`ldb = 32` for a packed panel, the matrix's row stride when
//! read in place). `a` is either row-major (row `r` at `a + r·lda`,
//! contiguous in `kk`; the linear kernel's input) or a packed micro-panel
//! (`a[kk·rows + r]`, the matmul kernel's layout: one stream, constant offsets).
//! Per `kk`, two AVX-512 loads of `b` feed `rows` broadcasts of `a` and `2·rows`
//! FMAs into accumulators that stay in registers for the whole `k`.
//!
//! [`run_with_epilogue`] applies a `kforge.fused_linear` epilogue
//! ([`Epilogue`]) to the accumulators before they are stored.
use super::epilogue::Epilogue;
use super::packed::PANEL;
use kforge_abi::isa::Isa;

/// The most rows of a register tile (`2·MR_MAX` accumulators of 32 zmm registers).
pub const MR_MAX: usize = 14;

/// The rows of a full tile unless a kernel picks otherwise.
pub const MR: usize = 12;

/// Operands of one tile. Addresses are raw: the caller vouches for bounds.
#[derive(Clone, Copy, Debug)]
pub struct Tile {
    /// `a[0, 0]`.
    pub a: *const f32,
    /// Row stride of a row-major `a` (unused for a packed `a`).
    pub lda: usize,
    /// `b[0, 0]` of the panel; 32 readable floats per row.
    pub b: *const f32,
    /// Distance between rows `kk` and `kk + 1` of `b`.
    pub ldb: usize,
    /// Reduction length.
    pub k: usize,
    /// `c[0, 0]`.
    pub c: *mut f32,
    /// Row stride of `c`.
    pub ldc: usize,
    /// Columns of `c` to write, `1..=32` (the rest of the panel is ignored).
    pub cols: usize,
    /// Add to `c` instead of overwriting it (a later block of `k`).
    pub accumulate: bool,
}

/// An epilogue to apply to a tile's accumulators, and where the tile sits
/// in the output (for the epilogue's operands).
#[derive(Clone, Copy, Debug)]
pub struct TileEpilogue<'a> {
    /// The steps and their operands.
    pub epilogue: &'a Epilogue,
    /// Output row of the tile's row 0.
    pub row: usize,
    /// Output column of the tile's column 0.
    pub col: usize,
}

/// Runs a tile of `rows` rows; `PACKED_A` picks `a`'s layout (see the module doc).
///
/// # Safety
/// `rows ≤ MR_MAX`; every address the tile touches is valid (`a`: `rows × k`,
/// `b`: `k` rows of 32 floats, `c`: `rows × cols`); `isa` runs on this CPU.
#[inline]
pub unsafe fn run<const PACKED_A: bool>(isa: Isa, rows: usize, t: &Tile) {
    // SAFETY: forwarded from the caller.
    unsafe { run_with::<PACKED_A>(isa, rows, t, None) };
}

/// [`run`], then `epi` on the accumulators before the store, in registers
/// (the GELUs lane by lane off AVX-512).
///
/// # Safety
/// As [`run`], and `epi`'s operands are readable over the tile's outputs;
/// the tile covers the whole `k` (`!t.accumulate`).
#[inline]
pub unsafe fn run_with_epilogue<const PACKED_A: bool>(
    isa: Isa,
    rows: usize,
    t: &Tile,
    epi: &TileEpilogue,
) {
    debug_assert!(!t.accumulate, "an epilogue needs the whole k in one tile");
    // SAFETY: forwarded from the caller.
    unsafe { run_with::<PACKED_A>(isa, rows, t, Some(epi)) };
}

#[inline]
unsafe fn run_with<const PACKED_A: bool>(
    isa: Isa,
    rows: usize,
    t: &Tile,
    epi: Option<&TileEpilogue>,
) {
    #[cfg(target_arch = "x86_64")]
    if isa == Isa::Avx512 {
        // SAFETY: forwarded from the caller.
        unsafe { avx512::tile::<PACKED_A>(rows, t, epi) };
        return;
    }
    // SAFETY: forwarded from the caller (`isa` runs here).
    unsafe { super::simd::dispatch(isa, SimdTile::<PACKED_A> { rows, t, epi }) };
}

/// [`super::tile_simd::run`] as a [`super::simd::Kernel`].
struct SimdTile<'t, const PACKED_A: bool> {
    rows: usize,
    t: &'t Tile,
    epi: Option<&'t TileEpilogue<'t>>,
}

impl<const PACKED_A: bool> super::simd::Kernel for SimdTile<'_, PACKED_A> {
    type Output = ();
    #[inline(always)]
    unsafe fn run<S: super::simd::Simd>(self) {
        // SAFETY: forwarded from [`run_with`]'s caller.
        unsafe { super::tile_simd::run::<S, PACKED_A>(self.rows, self.t, self.epi) }
    }
}

/// Packs `rows` rows of `cols` columns (row stride `ld`) into consecutive
/// panels `dst[panel][row][32]`, zero past `cols` in the last one. Each row
/// is read front to back (one sequential stream, which the prefetchers
/// follow), its 32-column pieces going to the panels in turn.
///
/// # Safety
/// The rows are readable; `isa` runs on this CPU.
pub unsafe fn pack_panels(
    isa: Isa,
    src: *const f32,
    ld: usize,
    cols: usize,
    rows: usize,
    dst: &mut [f32],
) {
    let panels = cols.div_ceil(PANEL);
    assert!(dst.len() >= panels * rows * PANEL);
    #[cfg(target_arch = "x86_64")]
    if isa == Isa::Avx512 {
        // SAFETY: forwarded from the caller; dst is large enough (asserted).
        unsafe { avx512::pack_panels(src, ld, cols, rows, dst.as_mut_ptr()) };
        return;
    }
    let _ = isa;
    let (whole, out) = (cols / PANEL, dst.as_mut_ptr());
    for r in 0..rows {
        let row = src.wrapping_add(r.wrapping_mul(ld));
        for q in 0..whole {
            let from = row.wrapping_add(q * PANEL).cast::<[f32; PANEL]>();
            let to = out
                .wrapping_add((q * rows + r) * PANEL)
                .cast::<[f32; PANEL]>();
            // SAFETY: forwarded from the caller (`to` per the assertion). A
            // copy of a fixed size compiles to vector moves; a slice copy
            // of 32 floats was a call to `memmove` (half the packing time).
            unsafe { to.write_unaligned(from.read_unaligned()) };
        }
        if cols > whole * PANEL {
            // SAFETY: as above, for the partial last panel.
            let (piece, at) = unsafe {
                let piece = std::slice::from_raw_parts(row.add(whole * PANEL), cols % PANEL);
                (piece, (whole * rows + r) * PANEL)
            };
            dst[at..at + piece.len()].copy_from_slice(piece);
            dst[at + piece.len()..at + PANEL].fill(0.0);
        }
    }
}

/// Packs `rows` rows of `k` floats (row stride `ld`) into a micro-panel
/// `dst[kk·rows + r]`: the packed `a` of [`run::<true>`].
///
/// # Safety
/// The rows are readable; `isa` runs on this CPU.
pub unsafe fn pack_micro_panel(
    isa: Isa,
    src: *const f32,
    ld: usize,
    rows: usize,
    k: usize,
    dst: &mut [f32],
) {
    assert!(rows <= MR_MAX && dst.len() >= rows * k);
    #[cfg(target_arch = "x86_64")]
    if isa == Isa::Avx512 {
        // SAFETY: forwarded from the caller; dst is large enough (asserted).
        unsafe { avx512::pack_micro_panel(src, ld, rows, k, dst.as_mut_ptr()) };
        return;
    }
    let _ = isa;
    // By chunks of one cache line per row: each row's line is read whole
    // and written into a `CHUNK × rows` piece of `dst` that stays in L1.
    // (Row by row, every write went to another line of `dst`; column by
    // column, rows a power-of-two stride apart thrash one L1 set.) Wrapping
    // pointer arithmetic: the dev profile checks every `add` otherwise.
    const CHUNK: usize = 16;
    let out = dst.as_mut_ptr();
    let mut k0 = 0;
    while k0 < k {
        let len = CHUNK.min(k - k0);
        for r in 0..rows {
            let mut from = src.wrapping_add(r.wrapping_mul(ld).wrapping_add(k0));
            let mut to = out.wrapping_add(k0.wrapping_mul(rows).wrapping_add(r));
            for _ in 0..len {
                // SAFETY: forwarded from the caller: `from` is in row `r`
                // (`< k` floats long), `to < rows·k ≤ dst.len()` (asserted).
                unsafe { *to = *from };
                from = from.wrapping_add(1);
                to = to.wrapping_add(rows);
            }
        }
        k0 += len;
    }
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use super::{Tile, TileEpilogue};
    use std::arch::x86_64::*;

    /// Dispatches on the row count.
    #[target_feature(enable = "avx512f")]
    pub unsafe fn tile<const PACKED_A: bool>(rows: usize, t: &Tile, epi: Option<&TileEpilogue>) {
        // SAFETY (all arms): forwarded from the caller.
        unsafe {
            match rows {
                1 => tile1::<PACKED_A>(t, epi),
                2 => tile2::<PACKED_A>(t, epi),
                3 => tile3::<PACKED_A>(t, epi),
                4 => tile4::<PACKED_A>(t, epi),
                5 => tile5::<PACKED_A>(t, epi),
                6 => tile6::<PACKED_A>(t, epi),
                7 => tile7::<PACKED_A>(t, epi),
                8 => tile8::<PACKED_A>(t, epi),
                9 => tile9::<PACKED_A>(t, epi),
                10 => tile10::<PACKED_A>(t, epi),
                11 => tile11::<PACKED_A>(t, epi),
                12 => tile12::<PACKED_A>(t, epi),
                13 => tile13::<PACKED_A>(t, epi),
                14 => tile14::<PACKED_A>(t, epi),
                _ => unreachable!("a tile has 1..={} rows, got {rows}", super::MR_MAX),
            }
        }
    }

    /// Every lane.
    const ALL: __mmask16 = 0xFFFF;

    /// See [`super::pack_panels`].
    #[target_feature(enable = "avx512f")]
    pub unsafe fn pack_panels(src: *const f32, ld: usize, cols: usize, rows: usize, dst: *mut f32) {
        let panels = cols.div_ceil(super::PANEL);
        let stride = rows * super::PANEL;
        let (mut s, mut d) = (src, dst);
        for _ in 0..rows {
            for q in 0..panels {
                let (lo, hi) = masks(cols - q * super::PANEL);
                let (from, to) = (s.wrapping_add(q * super::PANEL), d.wrapping_add(q * stride));
                // SAFETY: masked lanes are within the row; dst holds every panel.
                unsafe {
                    let v0 = _mm512_maskz_loadu_ps(lo, from);
                    let v1 = _mm512_maskz_loadu_ps(hi, from.wrapping_add(16));
                    _mm512_mask_storeu_ps(to, ALL, v0);
                    _mm512_mask_storeu_ps(to.wrapping_add(16), ALL, v1);
                }
            }
            s = s.wrapping_add(ld);
            d = d.wrapping_add(super::PANEL);
        }
    }

    /// See [`super::pack_micro_panel`]: each row's 16-float pieces are
    /// scattered `rows` apart (measured 0.5 ns a float here, whatever the row
    /// stride; gathering whole output vectors instead ran at 0.55–0.9 ns, the
    /// slow end when rows a power of two apart alias in L1).
    #[target_feature(enable = "avx512f")]
    pub unsafe fn pack_micro_panel(
        src: *const f32,
        ld: usize,
        rows: usize,
        k: usize,
        dst: *mut f32,
    ) {
        let lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        let index = _mm512_mullo_epi32(lanes, _mm512_set1_epi32(rows as i32));
        for r in 0..rows {
            let row = src.wrapping_add(r * ld);
            let mut kk = 0;
            while kk < k {
                let valid = (k - kk).min(16);
                let mask = ((1u32 << valid) - 1) as __mmask16;
                // SAFETY: masked lanes are within the row and, scattered, within
                // dst's rows × k floats.
                unsafe {
                    let v = _mm512_maskz_loadu_ps(mask, row.wrapping_add(kk));
                    let at = dst.wrapping_add(kk * rows + r);
                    _mm512_mask_i32scatter_ps::<4>(at, mask, index, v);
                }
                kk += 16;
            }
        }
    }

    /// Column masks of the two 16-lane halves for `cols` valid columns.
    #[inline(always)]
    fn masks(cols: usize) -> (__mmask16, __mmask16) {
        let lo = if cols >= 16 {
            0xFFFF
        } else {
            ((1u32 << cols) - 1) as u16
        };
        let hi = if cols >= 32 {
            0xFFFF
        } else if cols > 16 {
            ((1u32 << (cols - 16)) - 1) as u16
        } else {
            0
        };
        (lo, hi)
    }

    /// `MR` rows × 32 columns over the whole `k` with `2·MR` accumulators,
    /// then the epilogue (if any) on the accumulators, then the store.
    /// Rows are unrolled by the macro (constant indices keep the accumulators
    /// in registers; a loop over `MR` was left rolled, with accumulators on the stack).
    macro_rules! tile_kernel {
        ($name:ident, $mr:literal, $($r:literal)*) => {
            #[target_feature(enable = "avx512f")]
            unsafe fn $name<const PACKED_A: bool>(t: &Tile, epi: Option<&TileEpilogue>) {
                let (mask_lo, mask_hi) = masks(t.cols);
                let mut lo = [_mm512_setzero_ps(); $mr];
                let mut hi = [_mm512_setzero_ps(); $mr];
                let rows: [*const f32; $mr] = [$(t.a.wrapping_add($r * t.lda)),*];
                let c: [*mut f32; $mr] = [$(t.c.wrapping_add($r * t.ldc)),*];
                // SAFETY (whole body): accesses within the tile's operands (see `Tile`).
                // Pointers advance with `wrapping_add`, vectors load through the
                // masked-load intrinsic and scalars through `_mm_load_ss`: in the
                // dev profile (debug assertions on) `add`, `*p` and `loadu` (a
                // `read_unaligned`) are checked on every use, spilling the loop.
                unsafe {
                    if t.accumulate {
                        $(
                            lo[$r] = _mm512_maskz_loadu_ps(mask_lo, c[$r]);
                            hi[$r] = _mm512_maskz_loadu_ps(mask_hi, c[$r].wrapping_add(16));
                        )*
                    }
                    let mut b = t.b;
                    let mut a = t.a;
                    let mut kk = 0;
                    while kk < t.k {
                        let b0 = _mm512_maskz_loadu_ps(ALL, b);
                        let b1 = _mm512_maskz_loadu_ps(ALL, b.wrapping_add(16));
                        $(
                            let at = if PACKED_A {
                                a.wrapping_add($r)
                            } else {
                                rows[$r].wrapping_add(kk)
                            };
                            let av = _mm512_broadcastss_ps(_mm_load_ss(at));
                            lo[$r] = _mm512_fmadd_ps(av, b0, lo[$r]);
                            hi[$r] = _mm512_fmadd_ps(av, b1, hi[$r]);
                        )*
                        b = b.wrapping_add(t.ldb);
                        a = a.wrapping_add($mr);
                        kk += 1;
                    }
                    if let Some(e) = epi {
                        let (i, j) = (e.row, e.col);
                        $(
                            lo[$r] = e.epilogue.apply16(lo[$r], i + $r, j, mask_lo);
                            hi[$r] = e.epilogue.apply16(hi[$r], i + $r, j + 16, mask_hi);
                        )*
                    }
                    $(
                        _mm512_mask_storeu_ps(c[$r], mask_lo, lo[$r]);
                        _mm512_mask_storeu_ps(c[$r].wrapping_add(16), mask_hi, hi[$r]);
                    )*
                }
            }
        };
    }
    tile_kernel!(tile1, 1, 0);
    tile_kernel!(tile2, 2, 0 1);
    tile_kernel!(tile3, 3, 0 1 2);
    tile_kernel!(tile4, 4, 0 1 2 3);
    tile_kernel!(tile5, 5, 0 1 2 3 4);
    tile_kernel!(tile6, 6, 0 1 2 3 4 5);
    tile_kernel!(tile7, 7, 0 1 2 3 4 5 6);
    tile_kernel!(tile8, 8, 0 1 2 3 4 5 6 7);
    tile_kernel!(tile9, 9, 0 1 2 3 4 5 6 7 8);
    tile_kernel!(tile10, 10, 0 1 2 3 4 5 6 7 8 9);
    tile_kernel!(tile11, 11, 0 1 2 3 4 5 6 7 8 9 10);
    tile_kernel!(tile12, 12, 0 1 2 3 4 5 6 7 8 9 10 11);
    tile_kernel!(tile13, 13, 0 1 2 3 4 5 6 7 8 9 10 11 12);
    tile_kernel!(tile14, 14, 0 1 2 3 4 5 6 7 8 9 10 11 12 13);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_micro_panels() {
        let ld = 40;
        let src: Vec<f32> = (0..MR_MAX * ld).map(|i| i as f32 + 1.0).collect();
        for rows in 1..=MR_MAX {
            for k in [1usize, 15, 16, 17, 37] {
                for isa in Isa::supported() {
                    let mut dst = vec![f32::NAN; rows * k + 3];
                    // SAFETY: rows × k of src are readable.
                    unsafe { pack_micro_panel(isa, src.as_ptr(), ld, rows, k, &mut dst) };
                    for kk in 0..k {
                        for r in 0..rows {
                            assert_eq!(dst[kk * rows + r], src[r * ld + kk], "{rows}x{k} {isa}");
                        }
                    }
                    assert!(dst[rows * k..].iter().all(|v| v.is_nan()));
                }
            }
        }
    }

    #[test]
    fn packs_rows_into_zero_padded_panels() {
        let (rows, ld) = (5, 80);
        let src: Vec<f32> = (0..rows * ld).map(|i| i as f32 + 1.0).collect();
        for cols in [1usize, 31, 32, 33, 70] {
            let panels = cols.div_ceil(PANEL);
            for isa in Isa::supported() {
                let mut dst = vec![f32::NAN; panels * rows * PANEL];
                // SAFETY: rows × cols of src are readable.
                unsafe { pack_panels(isa, src.as_ptr(), ld, cols, rows, &mut dst) };
                for (i, v) in dst.iter().enumerate() {
                    let (q, r, j) = (i / (rows * PANEL), i / PANEL % rows, i % PANEL);
                    let col = q * PANEL + j;
                    let want = if col < cols { src[r * ld + col] } else { 0.0 };
                    assert_eq!(*v, want, "cols {cols} {isa} at {i}");
                }
            }
        }
    }

    /// Every row count, both `a` layouts, partial columns, accumulate on and off.
    #[test]
    fn tiles_match_scalar_products() {
        let k = 37;
        let ldb = 40;
        let b: Vec<f32> = (0..k * ldb).map(|i| ((i * 7) % 13) as f32 - 6.0).collect();
        for rows in 1..=MR_MAX {
            let a: Vec<f32> = (0..rows * k).map(|i| ((i * 5) % 11) as f32 - 5.0).collect();
            let packed: Vec<f32> = (0..k)
                .flat_map(|kk| (0..rows).map(move |r| (r, kk)))
                .map(|(r, kk)| a[r * k + kk])
                .collect();
            for cols in [1, 5, 8, 9, 16, 17, 24, 31, 32] {
                for accumulate in [false, true] {
                    let want: Vec<f32> = (0..rows * cols)
                        .map(|i| {
                            let (r, j) = (i / cols, i % cols);
                            let dot: f32 = (0..k).map(|kk| a[r * k + kk] * b[kk * ldb + j]).sum();
                            dot + if accumulate { 1.0 } else { 0.0 }
                        })
                        .collect();
                    for isa in Isa::supported() {
                        for packed_a in [false, true] {
                            let mut c = vec![1.0f32; rows * 33];
                            let t = Tile {
                                a: if packed_a {
                                    packed.as_ptr()
                                } else {
                                    a.as_ptr()
                                },
                                lda: k,
                                b: b.as_ptr(),
                                ldb,
                                k,
                                c: c.as_mut_ptr(),
                                ldc: 33,
                                cols,
                                accumulate,
                            };
                            // SAFETY: the buffers above cover the tile.
                            unsafe {
                                if packed_a {
                                    run::<true>(isa, rows, &t)
                                } else {
                                    run::<false>(isa, rows, &t)
                                }
                            };
                            for r in 0..rows {
                                assert_eq!(
                                    &c[r * 33..r * 33 + cols],
                                    &want[r * cols..(r + 1) * cols],
                                    "rows {rows} cols {cols} acc {accumulate} {isa} packed {packed_a}"
                                );
                                assert!(c[r * 33 + cols..(r + 1) * 33].iter().all(|v| *v == 1.0));
                            }
                        }
                    }
                }
            }
        }
    }
}
