//! Weights of the 32-weight block formats (`q8_0`, `q4_0`, `q4_1`) with
//! 16 rows interleaved per block, for integer dot products with 8-bit
//! activations ([`crate::simd::int8`]).
//!
//! The blocks are the stored ones, reordered once at load time (as
//! [`crate::packed`] packs f32 weights; llama.cpp's CPU "repack" does the
//! same for its formats): a group of 16 weight rows keeps, per block of 32
//! columns, the 16 rows' f16 scales (and for `q4_1` their f16 minimums)
//! side by side, then the quants in the chunk layout of
//! [`crate::simd::int8`]. One pass over a group streams its blocks front to
//! back and advances 16 outputs by 32 columns with 8 byte multiply-adds and
//! one scaling, where reading the rows one by one needed a horizontal sum
//! per row and converted every weight to f32 (decode was bound by those
//! instructions, not by memory: Q8_0 moved 13 GB/s where f32 panels move 29).
//!
//! What the products compute is `kforge_reference::quant::int8`'s
//! definition, in its order of roundings.
use super::{activations::Activations, Quantized};
use crate::huge_pages::Region;
use crate::simd::int8::{self, IntDot, IntKernel};
use kforge_abi::weight_format::WeightFormat;
use std::sync::Arc;

/// Weight rows per group.
pub const GROUP: usize = 16;

/// A weight `[n, k]` of a 32-weight format, interleaved by groups of 16 rows.
#[derive(Debug)]
pub struct Interleaved {
    /// The format.
    pub format: WeightFormat,
    /// Rows (output columns).
    pub n: usize,
    /// Columns (the reduction length), a multiple of 32.
    pub k: usize,
    data: Region,
}

/// Bytes of one group's block: scales (and minimums), then the quants.
fn group_block_bytes(format: WeightFormat) -> usize {
    quants_at(format)
        + match format {
            WeightFormat::Q8_0 => 512,
            _ => 256,
        }
}

/// Where a group's block holds its quants.
fn quants_at(format: WeightFormat) -> usize {
    match format {
        WeightFormat::Q4_1 => 64,
        _ => 32,
    }
}

impl Interleaved {
    /// `w`'s `n` rows of `k` weights interleaved, or `None` when the format
    /// has no integer products or `k` is not whole blocks.
    ///
    /// # Safety
    /// `w` holds `n` rows of `k` weights.
    pub unsafe fn pack(w: &Quantized, n: usize, k: usize) -> Option<Self> {
        let format = w.format;
        if !format.has_int8_products() || !k.is_multiple_of(32) || k == 0 {
            return None;
        }
        let blocks = k / 32;
        let group_bytes = blocks * group_block_bytes(format);
        let groups = n.div_ceil(GROUP);
        let mut data = Region::alone((groups * group_bytes).div_ceil(4));
        // SAFETY: the region holds at least `groups · group_bytes` bytes.
        let bytes = unsafe {
            std::slice::from_raw_parts_mut(data.as_mut_ptr().cast::<u8>(), groups * group_bytes)
        };
        for (g, group) in bytes.chunks_exact_mut(group_bytes).enumerate() {
            for (b, dst) in group
                .chunks_exact_mut(group_block_bytes(format))
                .enumerate()
            {
                for r in 0..GROUP.min(n - g * GROUP) {
                    let src = w.row(g * GROUP + r).wrapping_add(b * format.block_bytes());
                    // SAFETY: block b of the row is within it per the caller.
                    let src = unsafe { std::slice::from_raw_parts(src, format.block_bytes()) };
                    place_row(format, src, r, dst);
                }
            }
        }
        Some(Self { format, n, k, data })
    }

    fn group(&self, g: usize) -> *const u8 {
        let group_bytes = self.k / 32 * group_block_bytes(self.format);
        self.data
            .as_ptr()
            .cast::<u8>()
            .wrapping_add(g * group_bytes)
    }

    /// Groups of 16 rows (the last may be partial).
    pub fn groups(&self) -> usize {
        self.n.div_ceil(GROUP)
    }
}

/// Writes row `r`'s block `src` (as stored) into its group's block `dst`.
fn place_row(format: WeightFormat, src: &[u8], r: usize, dst: &mut [u8]) {
    dst[2 * r..2 * r + 2].copy_from_slice(&src[..2]);
    if format == WeightFormat::Q4_1 {
        dst[32 + 2 * r..32 + 2 * r + 2].copy_from_slice(&src[2..4]);
    }
    let quants = &mut dst[quants_at(format)..];
    match format {
        WeightFormat::Q8_0 => {
            for (k, &q) in src[2..34].iter().enumerate() {
                quants[64 * (k / 4) + 4 * r + k % 4] = q;
            }
        }
        _ => {
            let nibbles = &src[format.block_bytes() - 16..];
            for k in 0..32 {
                let q = if k < 16 {
                    nibbles[k] & 0x0f
                } else {
                    nibbles[k - 16] >> 4
                };
                let shift = if k % 8 < 4 { 0 } else { 4 };
                quants[64 * (k / 8) + 4 * r + k % 4] |= q << shift;
            }
        }
    }
}

/// Every registered interleaving.
static INTERLEAVED: crate::registry::Registry<Interleaved> = crate::registry::Registry::new();

/// Registers `w` as the interleaving of the stored weight at `original`;
/// keep the original unmodified until [`unregister`].
pub fn register(original: *const u8, w: Arc<Interleaved>) {
    INTERLEAVED.insert(original as usize, w);
}

/// Forgets the interleaving of the weight at `original`.
pub fn unregister(original: *const u8) {
    INTERLEAVED.remove(original as usize);
}

/// The interleaving of the weight at `original`, when one is registered
/// with the same format and shape.
pub fn lookup(
    original: usize,
    format: WeightFormat,
    n: usize,
    k: usize,
) -> Option<Arc<Interleaved>> {
    let found = INTERLEAVED.get(original)?;
    (found.format == format && found.n == n && found.k == k).then_some(found)
}

/// `out[r·out_stride + j − 16·groups.start] = Σ_k x[rows.start + r, k]·w[j, k]`
/// for the rows of `act` in `rows` and the columns `j` of `groups`.
///
/// # Safety
/// `act` holds the rows (with `w.k` columns); `out` holds those rows of the
/// groups' columns at that stride.
pub unsafe fn products(
    w: &Interleaved,
    act: &Activations,
    rows: std::ops::Range<usize>,
    groups: std::ops::Range<usize>,
    out: *mut f32,
    out_stride: usize,
) {
    let kernel = Products {
        w,
        act,
        row0: rows.start,
        rows: rows.len(),
        g0: groups.start,
        g1: groups.end,
        out,
        out_stride,
    };
    // SAFETY: the active ISA runs here; operands per the caller.
    unsafe { int8::dispatch(kforge_abi::isa::active(), kernel) }
}

struct Products<'a> {
    w: &'a Interleaved,
    act: &'a Activations,
    row0: usize,
    rows: usize,
    g0: usize,
    g1: usize,
    out: *mut f32,
    out_stride: usize,
}

/// The format as a constant of the kernel (no branch in its loops).
const Q8_0: u8 = 0;
const Q4_0: u8 = 1;
const Q4_1: u8 = 2;

impl IntKernel for Products<'_> {
    type Output = ();
    #[inline(always)]
    unsafe fn run<S: IntDot>(self) {
        let f = match self.w.format {
            WeightFormat::Q8_0 => Q8_0,
            WeightFormat::Q4_0 => Q4_0,
            _ => Q4_1,
        };
        // Rows per pass over a part of the weights: each row keeps a sum
        // and an accumulator in registers, so 16 registers hold four rows
        // (with the weights and temporaries) and 32 hold eight.
        let most = if S::REGISTERS >= 32 { 8 } else { 4 };
        let mut r = 0;
        while r < self.rows {
            // The largest of 8, 4, 2, 1 that fits.
            let fits = (self.rows - r).min(most);
            let take = 1 << fits.ilog2();
            // SAFETY (every arm): forwarded from `products`.
            unsafe {
                match (f, take) {
                    (Q8_0, 1) => rows_of::<S, Q8_0, 1>(&self, r),
                    (Q8_0, 2) => rows_of::<S, Q8_0, 2>(&self, r),
                    (Q8_0, 4) => rows_of::<S, Q8_0, 4>(&self, r),
                    (Q8_0, _) => rows_of::<S, Q8_0, 8>(&self, r),
                    (Q4_0, 1) => rows_of::<S, Q4_0, 1>(&self, r),
                    (Q4_0, 2) => rows_of::<S, Q4_0, 2>(&self, r),
                    (Q4_0, 4) => rows_of::<S, Q4_0, 4>(&self, r),
                    (Q4_0, _) => rows_of::<S, Q4_0, 8>(&self, r),
                    (_, 1) => rows_of::<S, Q4_1, 1>(&self, r),
                    (_, 2) => rows_of::<S, Q4_1, 2>(&self, r),
                    (_, 4) => rows_of::<S, Q4_1, 4>(&self, r),
                    (_, _) => rows_of::<S, Q4_1, 8>(&self, r),
                }
            }
            r += take;
        }
    }
}

/// Rows `r..r + R` of the products over every group.
#[inline(always)]
unsafe fn rows_of<S: IntDot, const F: u8, const R: usize>(p: &Products<'_>, r: usize) {
    let w = p.w;
    let blocks = w.k / 32;
    let block_bytes = group_block_bytes(w.format);
    for g in p.g0..p.g1 {
        let group = w.group(g);
        let cols = GROUP.min(w.n - g * GROUP);
        // A part (`LANES` rows of the group) at a time, over every block.
        for part in 0..GROUP / S::LANES {
            let first = part * S::LANES;
            if first >= cols {
                break;
            }
            // SAFETY: `S`'s features are present per the caller.
            let mut acc = [unsafe { S::zero() }; R];
            for b in 0..blocks {
                let base = group.wrapping_add(b * block_bytes);
                let mut xs = [std::ptr::null(); R];
                let mut dx = [0.0f32; R];
                let mut xsum = [0i32; R];
                for i in 0..R {
                    // SAFETY: the rows and blocks are the activations' per
                    // the caller of `products`.
                    (xs[i], dx[i], xsum[i]) = unsafe { p.act.block(p.row0 + r + i, b) };
                }
                // SAFETY (whole block): the group's block holds the scales
                // and quants read; xs point at 32 quants each.
                unsafe {
                    let d = S::f16_part(base, part);
                    let sums = if F == Q8_0 {
                        S::q8_block::<R>(base.add(32), part, xs, xsum)
                    } else {
                        S::q4_block::<R>(base.add(quants_at(w.format)), part, xs)
                    };
                    for i in 0..R {
                        let mut f = S::sums_to_f32(sums[i]);
                        if F == Q4_0 {
                            f = S::sub(f, S::splat((8 * xsum[i]) as f32));
                        }
                        acc[i] = S::mul_add(f, S::mul(d, S::splat(dx[i])), acc[i]);
                        if F == Q4_1 {
                            let m = S::f16_part(base.add(32), part);
                            acc[i] = S::mul_add(m, S::splat(dx[i] * xsum[i] as f32), acc[i]);
                        }
                    }
                }
            }
            for (i, acc) in acc.iter().enumerate() {
                let at = p
                    .out
                    .wrapping_add((r + i) * p.out_stride + GROUP * (g - p.g0) + first);
                // SAFETY: the columns below `cols` of the row are in `out`.
                unsafe {
                    if first + S::LANES <= cols {
                        S::store(at, *acc);
                    } else {
                        S::store_first(at, *acc, cols - first);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
