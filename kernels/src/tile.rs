//! The register tile that the linear and matmul microkernels share:
//! `c[r, j] (+)= Σ_kk a[r, kk]·b[kk, j]` for `r < rows ≤ MR_MAX`, `j < 32`.
//!
//! `b` is one 32-column panel: row `kk` is 32 contiguous floats at
//! `b + kk·ldb` (`ldb = 32` for a packed panel, the matrix's row stride when
//! read in place). `a` is either row-major (row `r` at `a + r·lda`,
//! contiguous in `kk`; the linear kernel's input) or a packed micro-panel
//! (`a[kk·rows + r]`, the matmul kernel's layout: one stream, constant offsets).
//! The tile itself is written once over [`crate::simd::Simd`]
//! (`tile_simd.rs`) and instantiated per ISA variant: per `kk`, vector
//! loads of `b` feed broadcasts of `a` and FMAs into accumulators that stay in
//! registers for the whole `k` (AVX-512: up to 14 rows × 32 columns, 28 zmm
//! accumulators; AVX2: 6 × 16 blocks).
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
/// The rows are readable.
pub unsafe fn pack_panels(src: *const f32, ld: usize, cols: usize, rows: usize, dst: &mut [f32]) {
    let panels = cols.div_ceil(PANEL);
    assert!(dst.len() >= panels * rows * PANEL);
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
/// The rows are readable.
pub unsafe fn pack_micro_panel(src: *const f32, ld: usize, rows: usize, k: usize, dst: &mut [f32]) {
    assert!(rows <= MR_MAX && dst.len() >= rows * k);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_micro_panels() {
        let ld = 40;
        let src: Vec<f32> = (0..MR_MAX * ld).map(|i| i as f32 + 1.0).collect();
        for rows in 1..=MR_MAX {
            for k in [1usize, 15, 16, 17, 37] {
                let mut dst = vec![f32::NAN; rows * k + 3];
                // SAFETY: rows × k of src are readable.
                unsafe { pack_micro_panel(src.as_ptr(), ld, rows, k, &mut dst) };
                for kk in 0..k {
                    for r in 0..rows {
                        assert_eq!(dst[kk * rows + r], src[r * ld + kk], "{rows}x{k}");
                    }
                }
                assert!(dst[rows * k..].iter().all(|v| v.is_nan()));
            }
        }
    }

    #[test]
    fn packs_rows_into_zero_padded_panels() {
        let (rows, ld) = (5, 80);
        let src: Vec<f32> = (0..rows * ld).map(|i| i as f32 + 1.0).collect();
        for cols in [1usize, 31, 32, 33, 70] {
            let panels = cols.div_ceil(PANEL);
            let mut dst = vec![f32::NAN; panels * rows * PANEL];
            // SAFETY: rows × cols of src are readable.
            unsafe { pack_panels(src.as_ptr(), ld, cols, rows, &mut dst) };
            for (i, v) in dst.iter().enumerate() {
                let (q, r, j) = (i / (rows * PANEL), i / PANEL % rows, i % PANEL);
                let col = q * PANEL + j;
                let want = if col < cols { src[r * ld + col] } else { 0.0 };
                assert_eq!(*v, want, "cols {cols} at {i}");
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
