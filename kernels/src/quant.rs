//! Products with weights kept in their stored format
//! ([`kforge_abi::weight_format`]): every weight is read from its blocks,
//! never from a dequantized copy of the tensor.
//!
//! This module is the path with f32 activations: each block is
//! dequantized in registers (`w = d·q + m` with one FMA a vector, exact in
//! f32: see `kforge_reference::quant`), so the products equal the
//! reference's on the dequantized weights up to summation order. F16 and
//! BF16 weights always take it; the 32-weight formats take it only when no
//! interleaved copy is registered ([`interleaved`], whose integer products
//! with 8-bit activations are what a loaded decoder runs: they were 2–3.6×
//! faster, this path being bound by its conversions, not by bytes).
//!
//! - **Few rows** (decode, at most [`GEMV_ROWS`]): each output is a dot
//!   product of a weight row's blocks with up to 4 input rows
//!   ([`dot_columns`]; four weight rows at a time for one input row), the
//!   dequantized vectors reused across the input rows.
//! - **More rows** (prefill): a 32-column panel of the weight is
//!   dequantized once into the register tile's packed layout (`K × 32`
//!   floats, 72 KiB at `K = 576`: L2) and the f32 tile runs over every row
//!   block on it ([`Panels`]): the cost of dequantizing is shared by all
//!   the rows, as a GPU kernel dequantizes a tile into shared memory.
use super::simd::{self, Simd};

pub mod activations;
pub mod interleaved;
use kforge_abi::weight_format::WeightFormat;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

/// How many weight rows ahead [`dot4`] prefetches.
const PREFETCH_ROWS: usize = 4;

/// Up to this many rows the products read the blocks directly.
pub const GEMV_ROWS: usize = 4;

/// Weights per chunk: a block of the 32-weight formats, 32 consecutive
/// weights of the others.
pub const CHUNK: usize = 32;

/// A weight `[n, k]` in its stored format: `n` rows of `row_bytes` bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quantized {
    /// The format.
    pub format: WeightFormat,
    /// Address of row 0's first byte.
    pub data: usize,
    /// Bytes from one row to the next.
    pub row_stride: usize,
}

impl Quantized {
    fn row(&self, n: usize) -> *const u8 {
        (self.data as *const u8).wrapping_add(n * self.row_stride)
    }
}

/// Reads 32-weight chunks of one format (a zero-sized type per format, so
/// the kernels compile once per format without a branch in their loops).
trait Chunks {
    /// Bytes of one chunk in a row.
    const BYTES: usize;

    /// Weights `32c..32c + 32` of the row at `row` (`32c + 32 ≤ k`).
    ///
    /// # Safety
    /// The row holds the chunk; `S`'s features are present.
    unsafe fn chunk<S: Simd>(row: *const u8, c: usize) -> [S::V; 4];

    /// Weight `i` of the row, for the tail of a `k` that is not whole chunks
    /// (only the 1-weight-block formats have one).
    ///
    /// # Safety
    /// The row holds weight `i`.
    unsafe fn scalar(row: *const u8, i: usize) -> f32;
}

/// The f16 at `p` as f32.
///
/// # Safety
/// `p` and `p + 1` are readable.
#[inline(always)]
unsafe fn f16_at(p: *const u8) -> f32 {
    // SAFETY: per the caller.
    half::f16::from_bits(u16::from_le_bytes(unsafe { [*p, *p.add(1)] })).to_f32()
}

/// `q·d + m` for every vector.
#[inline(always)]
unsafe fn scale<S: Simd>(q: [S::V; 4], d: f32, m: Option<f32>) -> [S::V; 4] {
    // SAFETY: `S`'s features are present per the caller.
    unsafe {
        // Spelled out: `array::map` left the vectors on the stack.
        let d = S::splat(d);
        match m {
            Some(m) => {
                let m = S::splat(m);
                [
                    S::mul_add(q[0], d, m),
                    S::mul_add(q[1], d, m),
                    S::mul_add(q[2], d, m),
                    S::mul_add(q[3], d, m),
                ]
            }
            None => [
                S::mul(q[0], d),
                S::mul(q[1], d),
                S::mul(q[2], d),
                S::mul(q[3], d),
            ],
        }
    }
}

struct Q8_0;
struct Q4_0;
struct Q4_1;
struct F16;
struct Bf16;
struct F32;

// SAFETY (every impl below): reads stay within the chunk the caller names.
impl Chunks for Q8_0 {
    const BYTES: usize = 34;
    #[inline(always)]
    unsafe fn chunk<S: Simd>(row: *const u8, c: usize) -> [S::V; 4] {
        unsafe {
            let b = row.add(34 * c);
            scale::<S>(S::i8x32(b.add(2)), S::f16_scalar(b), None)
        }
    }
    unsafe fn scalar(_: *const u8, _: usize) -> f32 {
        unreachable!("q8_0 rows are whole blocks")
    }
}

impl Chunks for Q4_0 {
    const BYTES: usize = 18;
    #[inline(always)]
    unsafe fn chunk<S: Simd>(row: *const u8, c: usize) -> [S::V; 4] {
        unsafe {
            let b = row.add(18 * c);
            let d = S::f16_scalar(b);
            scale::<S>(S::nibbles32(b.add(2)), d, Some(-8.0 * d))
        }
    }
    unsafe fn scalar(_: *const u8, _: usize) -> f32 {
        unreachable!("q4_0 rows are whole blocks")
    }
}

impl Chunks for Q4_1 {
    const BYTES: usize = 20;
    #[inline(always)]
    unsafe fn chunk<S: Simd>(row: *const u8, c: usize) -> [S::V; 4] {
        unsafe {
            let b = row.add(20 * c);
            scale::<S>(
                S::nibbles32(b.add(4)),
                S::f16_scalar(b),
                Some(S::f16_scalar(b.add(2))),
            )
        }
    }
    unsafe fn scalar(_: *const u8, _: usize) -> f32 {
        unreachable!("q4_1 rows are whole blocks")
    }
}

impl Chunks for F16 {
    const BYTES: usize = 64;
    #[inline(always)]
    unsafe fn chunk<S: Simd>(row: *const u8, c: usize) -> [S::V; 4] {
        unsafe { S::f16x32(row.add(64 * c)) }
    }
    unsafe fn scalar(row: *const u8, i: usize) -> f32 {
        unsafe { f16_at(row.add(2 * i)) }
    }
}

impl Chunks for Bf16 {
    const BYTES: usize = 64;
    #[inline(always)]
    unsafe fn chunk<S: Simd>(row: *const u8, c: usize) -> [S::V; 4] {
        unsafe { S::bf16x32(row.add(64 * c)) }
    }
    unsafe fn scalar(row: *const u8, i: usize) -> f32 {
        let b = unsafe { [*row.add(2 * i), *row.add(2 * i + 1)] };
        f32::from_bits(u32::from(u16::from_le_bytes(b)) << 16)
    }
}

impl Chunks for F32 {
    const BYTES: usize = 128;
    #[inline(always)]
    unsafe fn chunk<S: Simd>(row: *const u8, c: usize) -> [S::V; 4] {
        unsafe {
            let p = (row as *const f32).add(CHUNK * c);
            let nv = CHUNK / S::LANES;
            [
                S::load(p),
                S::load(p.add((1 % nv) * S::LANES)),
                S::load(p.add((2 % nv) * S::LANES)),
                S::load(p.add((3 % nv) * S::LANES)),
            ]
        }
    }
    unsafe fn scalar(row: *const u8, i: usize) -> f32 {
        unsafe { (row as *const f32).add(i).read_unaligned() }
    }
}

/// Runs `$body` with `$q` bound to the chunk reader of `$format`.
macro_rules! with_chunks {
    ($format:expr, $q:ident => $body:expr) => {
        match $format {
            WeightFormat::Q8_0 => {
                type $q = Q8_0;
                $body
            }
            WeightFormat::Q4_0 => {
                type $q = Q4_0;
                $body
            }
            WeightFormat::Q4_1 => {
                type $q = Q4_1;
                $body
            }
            WeightFormat::F16 => {
                type $q = F16;
                $body
            }
            WeightFormat::Bf16 => {
                type $q = Bf16;
                $body
            }
            WeightFormat::F32 => {
                type $q = F32;
                $body
            }
        }
    };
}

/// Rows of `x` for [`dot_columns`]: `x[0, 0]`, row stride, rows (`1..=4`), `k`.
#[derive(Clone, Copy, Debug)]
pub struct Rows {
    /// `x[0, 0]`.
    pub x: usize,
    /// Row stride of `x` in elements.
    pub stride: usize,
    /// Rows (`1..=GEMV_ROWS`).
    pub rows: usize,
    /// Reduction length.
    pub k: usize,
}

/// `out[r·out_stride + (j − n0)] = Σ_k x[r, k]·w[j, k]` for `j` in `n0..n1`
/// and every row of `rows`, reading `w`'s blocks.
///
/// # Safety
/// `w` holds rows `n0..n1` of `rows.k` weights; `x` and `out` are valid for
/// the rows and columns named.
pub unsafe fn dot_columns(
    w: &Quantized,
    rows: Rows,
    n0: usize,
    n1: usize,
    out: usize,
    out_stride: usize,
) {
    let isa = kforge_abi::isa::active();
    let kernel = DotColumns {
        w,
        rows,
        n0,
        n1,
        out,
        out_stride,
    };
    // SAFETY: `isa` runs here; operands per the caller.
    unsafe { simd::dispatch(isa, kernel) }
}

struct DotColumns<'a> {
    w: &'a Quantized,
    rows: Rows,
    n0: usize,
    n1: usize,
    out: usize,
    out_stride: usize,
}

impl simd::Kernel for DotColumns<'_> {
    type Output = ();
    #[inline(always)]
    unsafe fn run<S: Simd>(self) {
        let DotColumns {
            w,
            rows,
            n0,
            n1,
            out,
            out_stride,
        } = self;
        // SAFETY: forwarded from `dot_columns`.
        unsafe {
            with_chunks!(w.format, Q => match rows.rows {
                1 => columns::<S, Q, 1>(w, rows, n0, n1, out, out_stride),
                2 => columns::<S, Q, 2>(w, rows, n0, n1, out, out_stride),
                3 => columns::<S, Q, 3>(w, rows, n0, n1, out, out_stride),
                _ => columns::<S, Q, 4>(w, rows, n0, n1, out, out_stride),
            })
        }
    }
}

#[inline(always)]
unsafe fn columns<S: Simd, Q: Chunks, const R: usize>(
    w: &Quantized,
    rows: Rows,
    n0: usize,
    n1: usize,
    out: usize,
    out_stride: usize,
) {
    let mut j = n0;
    if R == 1 {
        // Decode: four weight rows at a time (four independent chains,
        // each chunk of x loaded once for the four).
        while j + 4 <= n1 {
            let rows4 = [w.row(j), w.row(j + 1), w.row(j + 2), w.row(j + 3)];
            // SAFETY: forwarded.
            let dots = unsafe { dot4::<S, Q>(rows4, w.row_stride, rows.x as *const f32, rows.k) };
            for (i, d) in dots.into_iter().enumerate() {
                // SAFETY: out holds the columns n0..n1 of row 0.
                unsafe { *(out as *mut f32).add(j + i - n0) = d };
            }
            j += 4;
        }
    }
    for j in j..n1 {
        // SAFETY: forwarded.
        let dots = unsafe { dot_rows::<S, Q, R>(w.row(j), rows) };
        for (r, d) in dots.into_iter().enumerate() {
            // SAFETY: out holds R rows of the columns n0..n1.
            unsafe { *(out as *mut f32).add(r * out_stride + j - n0) = d };
        }
    }
}

/// The dot products of four weight rows with one row `x` of `k` values:
/// one accumulator per weight row in a local (an array indexed in a loop
/// was kept on the stack, each FMA waiting on a store and a load).
#[inline(always)]
unsafe fn dot4<S: Simd, Q: Chunks>(
    w: [*const u8; 4],
    stride: usize,
    x: *const f32,
    k: usize,
) -> [f32; 4] {
    let nv = CHUNK / S::LANES;
    // SAFETY (whole body): the rows hold `k` weights and x `k` floats per
    // the caller; `S`'s features are present.
    unsafe {
        let (mut a0, mut a1, mut a2, mut a3) = (S::zero(), S::zero(), S::zero(), S::zero());
        let chunks = k / CHUNK;
        for c in 0..chunks {
            // The next four rows, a line of each as this chunk enters a
            // new line: four interleaved row streams outran the hardware
            // prefetcher (Q8_0 at 13 GB/s against 29 for f32 panels).
            if (c * Q::BYTES) % 64 < Q::BYTES {
                for row in w {
                    S::prefetch(
                        row.wrapping_add(PREFETCH_ROWS * stride + c * Q::BYTES)
                            .cast(),
                    );
                }
            }
            let xc = x.add(c * CHUNK);
            let xv = [
                S::load(xc),
                S::load(xc.add((1 % nv) * S::LANES)),
                S::load(xc.add((2 % nv) * S::LANES)),
                S::load(xc.add((3 % nv) * S::LANES)),
            ];
            let (w0, w1, w2, w3) = (
                Q::chunk::<S>(w[0], c),
                Q::chunk::<S>(w[1], c),
                Q::chunk::<S>(w[2], c),
                Q::chunk::<S>(w[3], c),
            );
            for v in 0..nv {
                a0 = S::mul_add(w0[v], xv[v], a0);
                a1 = S::mul_add(w1[v], xv[v], a1);
                a2 = S::mul_add(w2[v], xv[v], a2);
                a3 = S::mul_add(w3[v], xv[v], a3);
            }
        }
        let mut dots = [
            S::reduce_add(a0),
            S::reduce_add(a1),
            S::reduce_add(a2),
            S::reduce_add(a3),
        ];
        for i in chunks * CHUNK..k {
            for (d, row) in dots.iter_mut().zip(w) {
                *d += Q::scalar(row, i) * *x.add(i);
            }
        }
        dots
    }
}

/// The `R` dot products of one weight row with `R` rows of `x`: each chunk
/// dequantized once into vectors and multiplied into every row's
/// accumulator.
#[inline(always)]
unsafe fn dot_rows<S: Simd, Q: Chunks, const R: usize>(row: *const u8, rows: Rows) -> [f32; R] {
    let nv = CHUNK / S::LANES;
    let x = rows.x as *const f32;
    // SAFETY (whole body): chunks and x's rows are within bounds per the
    // caller; `S`'s features are present.
    unsafe {
        let mut acc = [S::zero(); R];
        let chunks = rows.k / CHUNK;
        for c in 0..chunks {
            let wv = Q::chunk::<S>(row, c);
            for (r, acc) in acc.iter_mut().enumerate() {
                let xr = x.add(r * rows.stride + c * CHUNK);
                // One local per row: the chain stays in a register.
                let mut a = *acc;
                a = S::mul_add(wv[0], S::load(xr), a);
                if nv > 1 {
                    a = S::mul_add(wv[1], S::load(xr.add(S::LANES)), a);
                }
                if nv > 2 {
                    a = S::mul_add(wv[2], S::load(xr.add(2 * S::LANES)), a);
                    a = S::mul_add(wv[3], S::load(xr.add(3 * S::LANES)), a);
                }
                *acc = a;
            }
        }
        std::array::from_fn(|r| {
            let mut total = S::reduce_add(acc[r]);
            for i in chunks * CHUNK..rows.k {
                total += Q::scalar(row, i) * *x.add(r * rows.stride + i);
            }
            total
        })
    }
}

/// Writes weight rows `n0..n0 + cols` (`cols ≤ 32`) as the register tile's
/// packed panel: `panel[kk·32 + j] = w[n0 + j, kk]` (`K × 32` floats; the
/// columns past `cols` are left as they are).
///
/// # Safety
/// `w` holds the rows; `panel` holds `k × 32` floats.
pub unsafe fn dequantize_panel(w: &Quantized, n0: usize, cols: usize, k: usize, panel: &mut [f32]) {
    assert!(panel.len() >= k * 32 && cols <= 32);
    let isa = kforge_abi::isa::active();
    let kernel = PanelKernel {
        w,
        n0,
        cols,
        k,
        panel,
    };
    // SAFETY: `isa` runs here; operands per the caller.
    unsafe { simd::dispatch(isa, kernel) }
}

struct PanelKernel<'a> {
    w: &'a Quantized,
    n0: usize,
    cols: usize,
    k: usize,
    panel: &'a mut [f32],
}

impl simd::Kernel for PanelKernel<'_> {
    type Output = ();
    #[inline(always)]
    unsafe fn run<S: Simd>(self) {
        let PanelKernel {
            w,
            n0,
            cols,
            k,
            panel,
        } = self;
        // SAFETY: forwarded from `dequantize_panel`.
        unsafe { with_chunks!(w.format, Q => panel_simd::<S, Q>(w, n0, cols, k, panel)) }
    }
}

#[inline(always)]
unsafe fn panel_simd<S: Simd, Q: Chunks>(
    w: &Quantized,
    n0: usize,
    cols: usize,
    k: usize,
    panel: &mut [f32],
) {
    let nv = CHUNK / S::LANES;
    let mut tmp = [0.0f32; CHUNK];
    for j in 0..cols {
        let row = w.row(n0 + j);
        for c in 0..k / CHUNK {
            // SAFETY: the chunk is within the row; tmp holds 32 floats.
            unsafe {
                let wv = Q::chunk::<S>(row, c);
                for (v, wv) in wv.iter().enumerate().take(nv) {
                    S::store(tmp.as_mut_ptr().add(v * S::LANES), *wv);
                }
            }
            for (i, t) in tmp.iter().enumerate() {
                panel[(c * CHUNK + i) * 32 + j] = *t;
            }
        }
        for i in k / CHUNK * CHUNK..k {
            // SAFETY: weight i is within the row.
            panel[i * 32 + j] = unsafe { Q::scalar(row, i) };
        }
    }
}

/// Each call of a quantized product takes a new generation, so a panel
/// dequantized by an earlier call (whose weight may since have been freed
/// and its address reused) is never taken for this call's.
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// A new generation for a call: panels dequantized by an earlier call are
/// never reused by this one (see [`Panels`]).
pub fn next_generation() -> u64 {
    GENERATION.fetch_add(1, Ordering::Relaxed) + 1
}

/// The identity of a dequantized panel: (generation, weight, panel, `k`).
type PanelKey = (u64, usize, usize, usize);

/// Each thread's last two dequantized panels (two, so that SwiGLU's gate
/// and up panels of the same columns both stay).
pub struct Panels;

thread_local! {
    static PANELS: RefCell<[(PanelKey, Vec<f32>); 2]> =
        const { RefCell::new([((0, 0, 0, 0), Vec::new()), ((0, 0, 0, 0), Vec::new())]) };
}

impl Panels {
    /// Runs `f` on panel `p` of `w` (`cols` columns, `k` deep) dequantized,
    /// dequantizing it unless this thread holds it from this generation.
    ///
    /// # Safety
    /// As [`dequantize_panel`] for columns `32p..32p + cols`.
    pub unsafe fn with<T>(
        generation: u64,
        w: &Quantized,
        p: usize,
        cols: usize,
        k: usize,
        f: impl FnOnce(&[f32]) -> T,
    ) -> T {
        let key = (generation, w.data, p, k);
        PANELS.with(|slots| {
            let mut slots = slots.borrow_mut();
            let hit = slots.iter().position(|(k, _)| *k == key);
            let slot = hit.unwrap_or_else(|| {
                // The slot used less recently is the second: keep the most
                // recent first.
                slots.swap(0, 1);
                let (slot_key, buf) = &mut slots[0];
                buf.resize(k * 32, 0.0);
                // SAFETY: per the caller.
                unsafe { dequantize_panel(w, 32 * p, cols, k, buf) };
                *slot_key = key;
                0
            });
            f(&slots[slot].1)
        })
    }
}

/// `out[i] = w[n, i]` for `i < k`: one weight row dequantized (an embedding
/// lookup).
///
/// # Safety
/// `w` holds row `n` of `k` weights; `out` holds `k` floats.
pub unsafe fn dequantize_row(w: &Quantized, n: usize, k: usize, out: *mut f32) {
    let isa = kforge_abi::isa::active();
    // SAFETY: `isa` runs here; operands per the caller.
    unsafe { simd::dispatch(isa, RowKernel { w, n, k, out }) }
}

struct RowKernel<'a> {
    w: &'a Quantized,
    n: usize,
    k: usize,
    out: *mut f32,
}

impl simd::Kernel for RowKernel<'_> {
    type Output = ();
    #[inline(always)]
    unsafe fn run<S: Simd>(self) {
        let RowKernel { w, n, k, out } = self;
        // SAFETY: forwarded from `dequantize_row`.
        unsafe { with_chunks!(w.format, Q => row_simd::<S, Q>(w.row(n), k, out)) }
    }
}

#[inline(always)]
unsafe fn row_simd<S: Simd, Q: Chunks>(row: *const u8, k: usize, out: *mut f32) {
    let nv = CHUNK / S::LANES;
    // SAFETY: the row holds k weights, out k floats, per the caller.
    unsafe {
        for c in 0..k / CHUNK {
            let wv = Q::chunk::<S>(row, c);
            for (v, wv) in wv.iter().enumerate().take(nv) {
                S::store(out.add(c * CHUNK + v * S::LANES), *wv);
            }
        }
        for i in k / CHUNK * CHUNK..k {
            *out.add(i) = Q::scalar(row, i);
        }
    }
}

#[cfg(test)]
mod tests;
