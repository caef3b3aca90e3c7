//! Projections of one input in one parallel region: the microkernels of
//! `kforge.multi_linear` and `kforge.swiglu_linear`.
//!
//! - `kforge_ukernel_multi_linear_f32`: `out_i[m, n] = Σ_k x'[m, k]·w_i[n, k]`
//!   for up to four weights. The 32-column panels of all weights form one
//!   list that rayon splits into tasks, so the call is one fork-join however
//!   many weights there are: the product with the concatenated weight
//!   `[w_0; w_1; …]` (each panel's result written to its own output), with no
//!   concatenated copy of the weights.
//! - `kforge_ukernel_swiglu_linear_f32`: `out[m, f] = silu(x'·w_gateᵀ)·(x'·w_upᵀ)`.
//!   A task runs the gate panel and the up panel of the same 32 columns for a
//!   block of rows into two register-tile-sized scratch tiles (L1) and
//!   applies `silu(g)·u` before the one store of the output: neither product
//!   reaches memory.
//!
//! Both take an optional RMSNorm prologue (`x' = x / √(mean(x²) + ε) · γ`):
//! the row statistics are computed once per call, and each task scales the
//! rows it reads into its own small scratch (`M × K` floats; 2.3 KB at
//! decode), so no normalized tensor is written for the whole op. A weight
//! with a registered packing ([`super::packed`]) runs on its panels, any
//! other on its rows as stored.
use super::choices::{self, LinearSplit, ProjectionKind};
use super::epilogue::Epilogue;
use super::linear::{self, LinearArgs};
use super::packed::{self, PackedWeight, PANEL};
use super::quant::activations::Activations;
use super::quant::interleaved::{self, Interleaved};
use super::quant::{self, Quantized};
use super::tile::{self, Tile, MR};
use super::MemRef2;
use kforge_abi::weight_format::WeightFormat;
use rayon::prelude::*;
use std::sync::Arc;

/// A rank-1 memref descriptor as MLIR's C interface passes it.
#[repr(C)]
#[derive(Debug)]
pub struct MemRef1 {
    /// Base of the allocation.
    pub allocated: *mut f32,
    /// Aligned data pointer.
    pub aligned: *mut f32,
    /// Offset in elements.
    pub offset: i64,
    /// Size.
    pub size: i64,
    /// Stride in elements.
    pub stride: i64,
}

/// The most weights of one `kforge_ukernel_multi_linear_f32` call.
pub const MAX_WEIGHTS: usize = 4;

/// C-interface entry point of `kforge.multi_linear`: the first `count`
/// weight/output pairs are used (the compiled call repeats the last one in
/// the unused slots). `norm` with size 0 means no prologue.
///
/// # Safety
/// Row-major f32 buffers with unit inner stride: `x: [M, K]`, `norm: [K]` or
/// `[0]`, `w_i: [N_i, K]`, `out_i: [M, N_i]`; `count` in `1..=4`.
#[no_mangle]
#[allow(clippy::too_many_arguments, reason = "the C interface of the op")]
pub unsafe extern "C" fn _mlir_ciface_kforge_ukernel_multi_linear_f32(
    x: *const MemRef2,
    norm: *const MemRef1,
    w0: *const MemRef2,
    w1: *const MemRef2,
    w2: *const MemRef2,
    w3: *const MemRef2,
    o0: *mut MemRef2,
    o1: *mut MemRef2,
    o2: *mut MemRef2,
    o3: *mut MemRef2,
    count: i64,
    epsilon: f32,
) {
    // SAFETY: guaranteed by the caller (compiled kforge code).
    let (x, norm) = unsafe { (&*x, &*norm) };
    let weights = [w0, w1, w2, w3];
    let outs = [o0, o1, o2, o3];
    let input = Input::from_memrefs(x, norm, epsilon);
    let parts: Vec<Part> = (0..weights_used(count))
        // SAFETY: the first `count` descriptors are valid per the caller.
        .map(|i| unsafe { Part::from_memrefs(&*weights[i], &*outs[i], input.k) })
        .collect();
    multi_linear(&input, &parts);
}

/// The weights a multi-projection call reads: its `count` within `1..=4`.
pub(crate) fn weights_used(count: i64) -> usize {
    (count.max(1) as usize).min(MAX_WEIGHTS)
}

/// C-interface entry point of `kforge.swiglu_linear` (and of the gate/up
/// half of `kforge.mlp` with `activation = "swiglu"`).
///
/// # Safety
/// Row-major f32 buffers with unit inner stride: `x: [M, K]`, `norm: [K]` or
/// `[0]`, `w_gate`, `w_up: [F, K]`, `out: [M, F]`.
#[no_mangle]
pub unsafe extern "C" fn _mlir_ciface_kforge_ukernel_swiglu_linear_f32(
    x: *const MemRef2,
    norm: *const MemRef1,
    w_gate: *const MemRef2,
    w_up: *const MemRef2,
    out: *mut MemRef2,
    epsilon: f32,
) {
    // SAFETY: guaranteed by the caller (compiled kforge code).
    let (x, norm, w_gate, w_up, out) = unsafe { (&*x, &*norm, &*w_gate, &*w_up, &*out) };
    let input = Input::from_memrefs(x, norm, epsilon);
    let gate = Part::from_memrefs(w_gate, out, input.k);
    let up = Part::from_memrefs(w_up, out, input.k);
    swiglu_linear(&input, &gate, &up);
}

/// The input rows and the optional RMSNorm prologue.
#[derive(Clone, Debug)]
pub struct Input {
    /// `x[0, 0]`.
    pub x: usize,
    /// Row stride of `x`.
    pub x_stride: usize,
    /// Rows.
    pub m: usize,
    /// Reduction length.
    pub k: usize,
    /// `Some((γ, 1/√(mean(x²) + ε) per row))` with a prologue.
    pub norm: Option<(usize, Vec<f64>)>,
}

impl Input {
    pub(crate) fn from_memrefs(x: &MemRef2, norm: &MemRef1, epsilon: f32) -> Self {
        let (m, k) = (x.sizes[0] as usize, x.sizes[1] as usize);
        let gamma = (norm.size > 0).then(|| {
            // SAFETY: the offset lies within the allocation by MLIR's construction.
            unsafe { norm.aligned.offset(norm.offset as isize) as usize }
        });
        Self::new(
            x.data() as usize,
            x.strides[0] as usize,
            m,
            k,
            gamma,
            epsilon,
        )
    }

    /// `x: [m, k]` with row stride `x_stride`, normalized by `gamma` (the
    /// address of `k` floats) when given. Computes the row statistics.
    pub fn new(
        x: usize,
        x_stride: usize,
        m: usize,
        k: usize,
        gamma: Option<usize>,
        epsilon: f32,
    ) -> Self {
        let inv_rms = |i: usize| {
            // SAFETY: row i of x holds k floats per the caller.
            let row = unsafe { std::slice::from_raw_parts((x as *const f32).add(i * x_stride), k) };
            let mean_square =
                row.iter().map(|&v| f64::from(v).powi(2)).sum::<f64>() / k.max(1) as f64;
            1.0 / (mean_square + f64::from(epsilon)).sqrt()
        };
        // A row's sum is a chain of dependent f64 adds: rows go in parallel
        // when there are enough of them (a prefill), each summed in order.
        let norm = gamma.map(|g| {
            let inv_rms = if m * k < 1 << 15 {
                (0..m).map(inv_rms).collect()
            } else {
                (0..m).into_par_iter().map(inv_rms).collect()
            };
            (g, inv_rms)
        });
        Self {
            x,
            x_stride,
            m,
            k,
            norm,
        }
    }

    /// The rows the projections read: `x` itself, or `x'` scaled into
    /// `scratch` (as `kforge.rms_norm` computes it, rounded once to f32).
    /// Called once per product, before its parallel region (every task
    /// reads the same rows); large inputs are scaled in parallel.
    fn rows(&self, scratch: &mut Vec<f32>) -> (usize, usize) {
        let Some((gamma, inv_rms)) = &self.norm else {
            return (self.x, self.x_stride);
        };
        let k = self.k.max(1);
        scratch.resize(self.m * self.k, 0.0);
        let (x, x_stride, gamma) = (self.x, self.x_stride, *gamma);
        let scale_row = |(i, (out, inv)): (usize, (&mut [f32], &f64))| {
            // SAFETY: γ holds k floats, x holds m rows of k floats per the caller.
            let (gamma, row) = unsafe {
                (
                    std::slice::from_raw_parts(gamma as *const f32, self.k),
                    std::slice::from_raw_parts((x as *const f32).add(i * x_stride), self.k),
                )
            };
            for ((y, &v), &g) in out.iter_mut().zip(row).zip(gamma) {
                *y = (f64::from(v) * inv * f64::from(g)) as f32;
            }
        };
        if self.m * self.k < 1 << 15 {
            scratch
                .chunks_mut(k)
                .zip(inv_rms)
                .enumerate()
                .for_each(scale_row);
        } else {
            scratch
                .par_chunks_mut(k)
                .zip(inv_rms)
                .enumerate()
                .for_each(scale_row);
        }
        (scratch.as_ptr() as usize, self.k)
    }
}

/// One weight and its output.
#[derive(Clone, Debug)]
pub struct Part {
    /// The weight's packing, when registered.
    pub packed: Option<Arc<PackedWeight>>,
    /// The weight in a stored format other than f32, and the generation of
    /// the call ([`quant::next_generation`]); `w` is then unused.
    pub quantized: Option<(Quantized, u64)>,
    /// The stored weight's row-interleaved copy, when registered: its
    /// products are the integer ones of [`quant::interleaved`].
    pub interleaved: Option<Arc<Interleaved>>,
    /// An epilogue applied to each block of the output right after it is
    /// computed (a `kforge.fused_linear` on a stored-format weight).
    pub epilogue: Option<Epilogue>,
    /// `w[0, 0]` as stored (`[n, k]`).
    pub w: usize,
    /// Row stride of `w`.
    pub w_stride: usize,
    /// `out[0, 0]`.
    pub out: usize,
    /// Row stride of `out`.
    pub out_stride: usize,
    /// Rows of `w` (output columns).
    pub n: usize,
}

impl Part {
    fn from_memrefs(w: &MemRef2, out: &MemRef2, k: usize) -> Self {
        Self::new(
            w.data() as usize,
            w.strides[0] as usize,
            w.sizes[0] as usize,
            k,
            out.data() as usize,
            out.strides[0] as usize,
        )
    }

    /// Weight `w: [n, k]` (row stride `w_stride`) writing `out` (row stride
    /// `out_stride`); looks its packing up.
    pub fn new(
        w: usize,
        w_stride: usize,
        n: usize,
        k: usize,
        out: usize,
        out_stride: usize,
    ) -> Self {
        Self {
            packed: packed::lookup(w as *const f32, packed::Layout::NK, n, k),
            quantized: None,
            interleaved: None,
            epilogue: None,
            w,
            w_stride,
            out,
            out_stride,
            n,
        }
    }

    /// Weight `w: [n, k]` stored as `w.format`, writing `out` (row stride
    /// `out_stride`), for the call of `generation`; looks its interleaving
    /// up.
    pub fn quantized(
        w: Quantized,
        generation: u64,
        n: usize,
        k: usize,
        out: usize,
        out_stride: usize,
    ) -> Self {
        Self {
            packed: None,
            quantized: Some((w, generation)),
            interleaved: quant::interleaved::lookup(w.data, w.format, n, k),
            epilogue: None,
            w: w.data,
            w_stride: 0,
            out,
            out_stride,
            n,
        }
    }

    fn panels(&self) -> usize {
        self.n.div_ceil(PANEL)
    }

    /// `dst[r, j] = Σ_k x[r, k]·w[32p + j, k]` for the block's rows and the
    /// panel's valid columns, `dst` with row stride `ldc`.
    fn panel(&self, block: &RowBlock, p: usize, dst: usize, ldc: usize) {
        let RowBlock {
            x,
            x_stride,
            rows,
            k,
            ..
        } = *block;
        let cols = PANEL.min(self.n - p * PANEL);
        if let (Some(w), Some(act)) = (&self.interleaved, block.activations) {
            let groups = PANEL / interleaved::GROUP;
            let g0 = p * groups;
            // SAFETY: the block's rows of the activations and of dst, and
            // the panel's columns, are in bounds per the caller.
            return unsafe {
                interleaved::products(
                    w,
                    act,
                    block.first_row..block.first_row + block.rows,
                    g0..(g0 + groups).min(w.groups()),
                    dst as *mut f32,
                    ldc,
                )
            };
        }
        if let Some((w, generation)) = &self.quantized {
            return quantized_panel(w, *generation, block, p, cols, dst, ldc);
        }
        match &self.packed {
            Some(w) => {
                let t = Tile {
                    a: x as *const f32,
                    lda: x_stride,
                    b: w.data.as_ptr().wrapping_add(p * k * PANEL),
                    ldb: PANEL,
                    k,
                    c: dst as *mut f32,
                    ldc,
                    cols,
                    accumulate: false,
                };
                // SAFETY: rows ≤ MR rows of x and dst are in bounds per the
                // caller; the panel holds k × 32 floats.
                unsafe { tile::run::<false>(kforge_abi::isa::active(), rows, &t) };
            }
            None => {
                let a = LinearArgs {
                    x,
                    x_stride,
                    w: self.w,
                    w_stride: self.w_stride,
                    // Column n of `columns` lands at dst[n - 32p].
                    out: (dst as *mut f32).wrapping_sub(p * PANEL) as usize,
                    out_stride: ldc,
                    m: rows,
                    n: self.n,
                    k,
                };
                linear::columns(&a, p * PANEL, p * PANEL + cols);
            }
        }
    }
}

/// [`Part::panel`] on a weight in a stored format: few rows read the
/// blocks directly, more run the register tile on the panel dequantized
/// once per thread (see [`quant`]).
fn quantized_panel(
    w: &Quantized,
    generation: u64,
    block: &RowBlock,
    p: usize,
    cols: usize,
    dst: usize,
    ldc: usize,
) {
    let RowBlock {
        x,
        x_stride,
        rows,
        k,
        alone,
        ..
    } = *block;
    // A short input (a decode step, a few prompt tokens) reads the blocks
    // directly, four rows at a time: dequantizing a panel into the tile's
    // layout pays off only when many row blocks share it (a 5-token prompt
    // ran at a third of the speed through the panels).
    if rows <= quant::GEMV_ROWS || alone {
        for r0 in (0..rows).step_by(quant::GEMV_ROWS) {
            let sub = quant::Rows {
                x: x + 4 * r0 * x_stride,
                stride: x_stride,
                rows: quant::GEMV_ROWS.min(rows - r0),
                k,
            };
            // SAFETY: the rows of x and dst and the weight's rows are in
            // bounds per the caller.
            unsafe {
                quant::dot_columns(w, sub, p * PANEL, p * PANEL + cols, dst + 4 * r0 * ldc, ldc)
            };
        }
        return;
    }
    // SAFETY: as above; the panel holds k × 32 floats.
    unsafe {
        quant::Panels::with(generation, w, p, cols, k, |panel| {
            let t = Tile {
                a: x as *const f32,
                lda: x_stride,
                b: panel.as_ptr(),
                ldb: PANEL,
                k,
                c: dst as *mut f32,
                ldc,
                cols,
                accumulate: false,
            };
            tile::run::<false>(kforge_abi::isa::active(), rows, &t)
        })
    }
}

/// Up to [`MR`] input rows: `x[0, 0]`, row stride, rows, reduction length.
#[derive(Clone, Copy, Debug)]
struct RowBlock<'a> {
    x: usize,
    x_stride: usize,
    rows: usize,
    k: usize,
    /// The input's only block (`M ≤ MR`).
    alone: bool,
    /// The block's first row in the input.
    first_row: usize,
    /// The input quantized for the integer products, when a part has them.
    activations: Option<&'a Activations>,
}

/// The input's rows in blocks of up to [`MR`]: `(first row, block)`.
fn row_blocks<'a>(
    x: usize,
    x_stride: usize,
    input: &Input,
    activations: Option<&'a Activations>,
) -> impl Iterator<Item = (usize, RowBlock<'a>)> {
    let (m, k) = (input.m, input.k);
    (0..m).step_by(MR).map(move |r| {
        let block = RowBlock {
            x: x + 4 * r * x_stride,
            x_stride,
            rows: MR.min(m - r),
            k,
            alone: m <= MR,
            first_row: r,
            activations,
        };
        (r, block)
    })
}

/// Runs `count` units (`run(unit)`) in `split.tasks_per_worker` tasks per
/// worker, or serially when the work (`flops`) is too small to share.
fn split_units(units: usize, flops: usize, split: LinearSplit, run: impl Fn(usize, usize) + Sync) {
    let tasks_wanted = split.tasks_per_worker.max(1) * rayon::current_num_threads();
    let per_task = units.div_ceil(tasks_wanted).max(1);
    let tasks = units.div_ceil(per_task);
    let task = |t: usize| run(t * per_task, ((t + 1) * per_task).min(units));
    if tasks <= 1 || flops < 32 * 1024 {
        (0..tasks).for_each(task);
    } else {
        (0..tasks).into_par_iter().for_each(task);
    }
}

/// The input rows quantized once for the call, when a part multiplies
/// with integer products.
fn quantized_activations<'p>(
    x: usize,
    x_stride: usize,
    input: &Input,
    mut parts: impl Iterator<Item = &'p Part>,
) -> Option<Activations> {
    parts.any(|p| p.interleaved.is_some()).then(|| {
        // SAFETY: `x` holds the input's m rows of k floats at that stride.
        unsafe { Activations::quantize(x, x_stride, input.m, input.k) }
    })
}

/// The format of a call's weights (every part of a call has the same one).
fn weight_format(part: &Part) -> WeightFormat {
    part.quantized.map_or(WeightFormat::F32, |(w, _)| w.format)
}

/// All parts' panels in one parallel region, split as the autotuner chose
/// for this shape and format ([`choices::projection_split`]).
pub fn multi_linear(input: &Input, parts: &[Part]) {
    let columns: usize = parts.iter().map(|p| p.n).sum();
    let format = parts.first().map_or(WeightFormat::F32, weight_format);
    let shape = (input.m, columns, input.k);
    let split = choices::projection_split(ProjectionKind::Multi, shape, format);
    multi_linear_with(input, parts, split);
}

/// [`multi_linear`] with an explicit split (the autotuner's candidates).
pub fn multi_linear_with(input: &Input, parts: &[Part], split: LinearSplit) {
    let starts: Vec<usize> = parts
        .iter()
        .scan(0, |at, p| {
            let start = *at;
            *at += p.panels();
            Some(start)
        })
        .collect();
    let units: usize = parts.iter().map(Part::panels).sum();
    let columns: usize = parts.iter().map(|p| p.n).sum();
    let mut scratch = Vec::new();
    let (x, x_stride) = input.rows(&mut scratch);
    let activations = quantized_activations(x, x_stride, input, parts.iter());
    split_units(units, input.m * columns * input.k, split, |u0, u1| {
        for u in u0..u1 {
            let i = starts.partition_point(|&s| s <= u) - 1;
            let (part, p) = (&parts[i], u - starts[i]);
            for (r, block) in row_blocks(x, x_stride, input, activations.as_ref()) {
                let dst = part.out + 4 * (r * part.out_stride + p * PANEL);
                part.panel(&block, p, dst, part.out_stride);
                if let Some(epilogue) = &part.epilogue {
                    let cols = PANEL.min(part.n - p * PANEL);
                    // SAFETY: the block's rows and the panel's columns of
                    // the output were just written; the operands are
                    // readable over the output per the part's maker.
                    unsafe {
                        epilogue.apply_block(
                            dst as *mut f32,
                            part.out_stride,
                            (r, p * PANEL),
                            (block.rows, cols),
                        )
                    };
                }
            }
        }
    });
}

/// `out = silu(x'·gateᵀ)·(x'·upᵀ)`, gate and up panels of the same columns
/// together (`up.out` is unused: `gate.out` is the output), split as the
/// autotuner chose ([`choices::projection_split`]).
pub fn swiglu_linear(input: &Input, gate: &Part, up: &Part) {
    let shape = (input.m, gate.n, input.k);
    let split = choices::projection_split(ProjectionKind::Swiglu, shape, weight_format(gate));
    swiglu_linear_with(input, gate, up, split);
}

/// [`swiglu_linear`] with an explicit split (the autotuner's candidates).
pub fn swiglu_linear_with(input: &Input, gate: &Part, up: &Part, split: LinearSplit) {
    let units = gate.panels();
    let isa = kforge_abi::isa::active();
    let mut scratch = Vec::new();
    let (x, x_stride) = input.rows(&mut scratch);
    let activations = quantized_activations(x, x_stride, input, [gate, up].into_iter());
    split_units(units, 2 * input.m * gate.n * input.k, split, |u0, u1| {
        let mut g = [0.0f32; MR * PANEL];
        let mut v = [0.0f32; MR * PANEL];
        for p in u0..u1 {
            let cols = PANEL.min(gate.n - p * PANEL);
            for (r, block) in row_blocks(x, x_stride, input, activations.as_ref()) {
                let rows = block.rows;
                gate.panel(&block, p, g.as_mut_ptr() as usize, PANEL);
                up.panel(&block, p, v.as_mut_ptr() as usize, PANEL);
                for rr in 0..rows {
                    let at = (r + rr) * gate.out_stride + p * PANEL;
                    // SAFETY: row r + rr, columns 32p..32p+cols of out are in bounds.
                    let out = unsafe {
                        std::slice::from_raw_parts_mut((gate.out as *mut f32).add(at), cols)
                    };
                    let (gs, vs) = (
                        &g[rr * PANEL..rr * PANEL + cols],
                        &v[rr * PANEL..rr * PANEL + cols],
                    );
                    silu_times(gs, vs, out, isa);
                }
            }
        }
    });
}

/// `out = silu(g)·u` elementwise, a vector at a time (a libm `exp` per
/// element cost more than the two panels' products at prefill sizes: 64
/// rows × 1536 columns is 98k of them per call).
fn silu_times(g: &[f32], u: &[f32], out: &mut [f32], isa: kforge_abi::isa::Isa) {
    assert!(g.len() >= out.len() && u.len() >= out.len());
    // SAFETY: `isa` runs here; the slices hold `out.len()` floats (asserted).
    unsafe { super::simd::dispatch(isa, SiluTimes { g, u, out }) };
}

/// [`silu_times`]'s operands.
struct SiluTimes<'a> {
    g: &'a [f32],
    u: &'a [f32],
    out: &'a mut [f32],
}

impl super::simd::Kernel for SiluTimes<'_> {
    type Output = ();
    #[inline(always)]
    unsafe fn run<S: super::simd::Simd>(self) {
        // SAFETY: forwarded from [`silu_times`].
        unsafe { silu_times_simd::<S>(self.g, self.u, self.out) }
    }
}

/// [`silu_times`] on `S`.
///
/// # Safety
/// `S`'s features are present; `g` and `u` hold at least `out.len()` floats.
#[inline(always)]
unsafe fn silu_times_simd<S: super::simd::Simd>(g: &[f32], u: &[f32], out: &mut [f32]) {
    let (n, lanes) = (out.len(), S::LANES);
    let (g, u, o) = (g.as_ptr(), u.as_ptr(), out.as_mut_ptr());
    let mut at = 0;
    // SAFETY: full vectors below `n`, then the first `n − at` lanes.
    unsafe {
        while at + lanes <= n {
            let y = S::mul(S::silu(S::load(g.add(at))), S::load(u.add(at)));
            S::store(o.add(at), y);
            at += lanes;
        }
        if at < n {
            let rest = n - at;
            let y = S::mul(
                S::silu(S::load_first(g.add(at), rest)),
                S::load_first(u.add(at), rest),
            );
            S::store_first(o.add(at), y, rest);
        }
    }
}

/// `(symbol, address)` of this file's microkernels.
pub fn symbols() -> [(&'static str, *mut ()); 2] {
    [
        (
            "_mlir_ciface_kforge_ukernel_multi_linear_f32",
            _mlir_ciface_kforge_ukernel_multi_linear_f32 as *mut (),
        ),
        (
            "_mlir_ciface_kforge_ukernel_swiglu_linear_f32",
            _mlir_ciface_kforge_ukernel_swiglu_linear_f32 as *mut (),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use kforge_reference::{self as reference, max_rel_error, Tensor};

    fn random(shape: [usize; 2], seed: u64) -> Tensor {
        Tensor::random_f32(shape, seed)
    }

    fn data(t: &Tensor) -> usize {
        t.as_f32().unwrap().as_ptr() as usize
    }

    /// Every combination of packed/unpacked weights, with and without the
    /// norm, on odd shapes, against the reference ops.
    #[test]
    fn match_the_reference() {
        for (m, k, ns) in [
            (1, 576, vec![576, 192, 192]),
            (5, 33, vec![40, 7]),
            (13, 64, vec![1, 65, 32, 96]),
        ] {
            let x = random([m, k], 1);
            let gamma = Tensor::random_f32([k], 9);
            let ws: Vec<Tensor> = ns
                .iter()
                .enumerate()
                .map(|(i, &n)| random([n, k], 2 + i as u64))
                .collect();
            for pack in [false, true] {
                let packings: Vec<Arc<PackedWeight>> = ws
                    .iter()
                    .zip(&ns)
                    .map(|(w, &n)| Arc::new(PackedWeight::pack(w.as_f32().unwrap(), n, k, k)))
                    .collect();
                if pack {
                    for (w, p) in ws.iter().zip(&packings) {
                        packed::register(data(w) as *const f32, p.clone());
                    }
                }
                for norm in [false, true] {
                    let input = Input::new(data(&x), k, m, k, norm.then(|| data(&gamma)), 1e-5);
                    let xr = if norm {
                        reference::rms_norm(&x, &gamma, 1e-5).unwrap()
                    } else {
                        x.clone()
                    };
                    let mut outs: Vec<Vec<f32>> = ns.iter().map(|&n| vec![0.0; m * n]).collect();
                    let parts: Vec<Part> = ws
                        .iter()
                        .zip(&ns)
                        .zip(&mut outs)
                        .map(|((w, &n), o)| Part::new(data(w), k, n, k, o.as_mut_ptr() as usize, n))
                        .collect();
                    multi_linear(&input, &parts);
                    for ((w, &n), o) in ws.iter().zip(&ns).zip(&outs) {
                        let want = reference::linear(&xr, w, None).unwrap();
                        let got = Tensor::f32([m, n], o.clone()).unwrap();
                        let err = max_rel_error(&got, &want).unwrap();
                        assert!(
                            err < 1e-5,
                            "multi m{m} k{k} n{n} pack {pack} norm {norm}: {err}"
                        );
                    }
                    let n = ns[0];
                    let up = random([n, k], 7);
                    let mut out = vec![0.0; m * n];
                    let gate = Part::new(data(&ws[0]), k, n, k, out.as_mut_ptr() as usize, n);
                    let upp = Part::new(data(&up), k, n, k, out.as_mut_ptr() as usize, n);
                    swiglu_linear(&input, &gate, &upp);
                    let g =
                        reference::silu(&reference::linear(&xr, &ws[0], None).unwrap()).unwrap();
                    let want =
                        reference::mul(&g, &reference::linear(&xr, &up, None).unwrap()).unwrap();
                    let got = Tensor::f32([m, n], out).unwrap();
                    let err = max_rel_error(&got, &want).unwrap();
                    assert!(
                        err < 1e-5,
                        "swiglu m{m} k{k} n{n} pack {pack} norm {norm}: {err}"
                    );
                }
                if pack {
                    for w in &ws {
                        packed::unregister(data(w) as *const f32);
                    }
                }
            }
        }
    }
}
