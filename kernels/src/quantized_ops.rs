//! C entry points of the ops on weights in a stored format other than f32
//! ([`super::quant`]): `kforge.linear`, `kforge.multi_linear`,
//! `kforge.swiglu_linear` and `kforge.embedding` with a `weight_format`.
//! Compiled code passes the weight as its raw bytes `[N, K / block,
//! block_bytes] × i8` and the format as [`WeightFormat::code`].
use super::epilogue::Epilogue;
use super::projections::{multi_linear, swiglu_linear, weights_used, Input, MemRef1, Part};
use super::quant::{self, Quantized};
use super::MemRef2;
use kforge_abi::weight_format::WeightFormat;

/// A rank-3 `i8` memref descriptor (a weight's bytes).
#[repr(C)]
#[derive(Debug)]
pub struct ByteMemRef3 {
    /// Base of the allocation.
    pub allocated: *mut u8,
    /// Aligned data pointer.
    pub aligned: *mut u8,
    /// Offset in bytes.
    pub offset: i64,
    /// Sizes: rows, blocks per row, bytes per block.
    pub sizes: [i64; 3],
    /// Strides in bytes.
    pub strides: [i64; 3],
}

/// A rank-1 `i64` memref descriptor (token ids).
#[repr(C)]
#[derive(Debug)]
pub struct IdMemRef1 {
    /// Base of the allocation.
    pub allocated: *mut i64,
    /// Aligned data pointer.
    pub aligned: *mut i64,
    /// Offset in elements.
    pub offset: i64,
    /// Size.
    pub size: i64,
    /// Stride in elements.
    pub stride: i64,
}

/// The format of a code compiled code passed; a code no compiler emits is
/// a broken contract, not input.
fn format(code: i64) -> WeightFormat {
    WeightFormat::from_code(code).unwrap_or_else(|| {
        panic!("kforge quantized microkernel: unknown weight format code {code}")
    })
}

impl ByteMemRef3 {
    fn quantized(&self, format: WeightFormat) -> Quantized {
        Quantized {
            format,
            // SAFETY: the offset lies within the allocation by MLIR's construction.
            data: unsafe { self.aligned.offset(self.offset as isize) } as usize,
            row_stride: self.strides[0] as usize,
        }
    }
}

fn part(w: &ByteMemRef3, out: &MemRef2, format: WeightFormat, generation: u64) -> Part {
    Part::quantized(
        w.quantized(format),
        generation,
        w.sizes[0] as usize,
        w.sizes[1] as usize * format.block_elems(),
        out.data() as usize,
        out.strides[0] as usize,
    )
}

/// `kforge.linear` on a stored-format weight: `out[m, n] = Σ_k x[m, k]·w[n, k]`.
///
/// # Safety
/// `x: [M, K]`, `out: [M, N]` row-major f32 with unit inner stride; `w`
/// holds `N` rows of `K` weights of the format `format` names.
#[no_mangle]
pub unsafe extern "C" fn _mlir_ciface_kforge_ukernel_linear_q(
    x: *const MemRef2,
    w: *const ByteMemRef3,
    out: *mut MemRef2,
    format: i64,
) {
    // SAFETY: guaranteed by the caller (compiled kforge code).
    unsafe { linear_q(&*x, &*w, &*out, format, None) }
}

/// `out = epilogue(x·wᵀ)` with `w` stored as the format `format` names.
fn linear_q(x: &MemRef2, w: &ByteMemRef3, out: &MemRef2, format: i64, epilogue: Option<Epilogue>) {
    let input = Input::new(
        x.data() as usize,
        x.strides[0] as usize,
        x.sizes[0] as usize,
        x.sizes[1] as usize,
        None,
        0.0,
    );
    let mut part = part(w, out, self::format(format), quant::next_generation());
    part.epilogue = epilogue;
    multi_linear(&input, &[part]);
}

/// `kforge.fused_linear` (`kind = "linear"`) on a stored-format weight: as
/// [`_mlir_ciface_kforge_ukernel_linear_q`], then the epilogue as
/// `kforge_ukernel_linear_epilogue_f32` takes it, applied to each block of
/// the output right after the block is computed; the format last.
///
/// # Safety
/// As [`_mlir_ciface_kforge_ukernel_linear_q`]; every operand a step reads
/// is readable over `[M, N]` through its strides.
#[no_mangle]
#[allow(clippy::too_many_arguments, reason = "the C interface of the op")]
pub unsafe extern "C" fn _mlir_ciface_kforge_ukernel_linear_epilogue_q(
    x: *const MemRef2,
    w: *const ByteMemRef3,
    out: *mut MemRef2,
    e0: *const MemRef2,
    e1: *const MemRef2,
    e2: *const MemRef2,
    e3: *const MemRef2,
    steps: i64,
    format: i64,
) {
    // SAFETY: guaranteed by the caller (compiled kforge code).
    let es = unsafe { [&*e0, &*e1, &*e2, &*e3] };
    let epilogue = Epilogue::from_memrefs(steps, es)
        .unwrap_or_else(|e| panic!("kforge_ukernel_linear_epilogue_q: {e}"));
    // SAFETY: as above.
    unsafe { linear_q(&*x, &*w, &*out, format, Some(epilogue)) }
}

/// `kforge.multi_linear` on stored-format weights (all of one format): as
/// `kforge_ukernel_multi_linear_f32`, with the format last.
///
/// # Safety
/// As `kforge_ukernel_multi_linear_f32`, the weights as in
/// [`_mlir_ciface_kforge_ukernel_linear_q`].
#[no_mangle]
#[allow(clippy::too_many_arguments, reason = "the C interface of the op")]
pub unsafe extern "C" fn _mlir_ciface_kforge_ukernel_multi_linear_q(
    x: *const MemRef2,
    norm: *const MemRef1,
    w0: *const ByteMemRef3,
    w1: *const ByteMemRef3,
    w2: *const ByteMemRef3,
    w3: *const ByteMemRef3,
    o0: *mut MemRef2,
    o1: *mut MemRef2,
    o2: *mut MemRef2,
    o3: *mut MemRef2,
    count: i64,
    epsilon: f32,
    format: i64,
) {
    // SAFETY: guaranteed by the caller (compiled kforge code).
    let (x, norm) = unsafe { (&*x, &*norm) };
    let (weights, outs) = ([w0, w1, w2, w3], [o0, o1, o2, o3]);
    let input = Input::from_memrefs(x, norm, epsilon);
    let (format, generation) = (self::format(format), quant::next_generation());
    let parts: Vec<Part> = (0..weights_used(count))
        // SAFETY: the first `count` descriptors are valid per the caller.
        .map(|i| unsafe { part(&*weights[i], &*outs[i], format, generation) })
        .collect();
    multi_linear(&input, &parts);
}

/// `kforge.swiglu_linear` on stored-format weights: as
/// `kforge_ukernel_swiglu_linear_f32`, with the format last.
///
/// # Safety
/// As `kforge_ukernel_swiglu_linear_f32`, the weights as in
/// [`_mlir_ciface_kforge_ukernel_linear_q`].
#[no_mangle]
pub unsafe extern "C" fn _mlir_ciface_kforge_ukernel_swiglu_linear_q(
    x: *const MemRef2,
    norm: *const MemRef1,
    w_gate: *const ByteMemRef3,
    w_up: *const ByteMemRef3,
    out: *mut MemRef2,
    epsilon: f32,
    format: i64,
) {
    // SAFETY: guaranteed by the caller (compiled kforge code).
    let (x, norm, w_gate, w_up, out) = unsafe { (&*x, &*norm, &*w_gate, &*w_up, &*out) };
    let input = Input::from_memrefs(x, norm, epsilon);
    let (format, generation) = (self::format(format), quant::next_generation());
    let gate = part(w_gate, out, format, generation);
    let up = part(w_up, out, format, generation);
    swiglu_linear(&input, &gate, &up);
}

/// `kforge.embedding` on a stored-format table: `out[s, :] = table[ids[s], :]`
/// dequantized. Ids outside `[0, V)` are clamped, as the f32 lowering does
/// (`kforge-run` rejects them before compiled code runs).
///
/// # Safety
/// `ids: [S]`, `out: [S, D]` (f32, unit inner stride); `table` holds `V`
/// rows of `D` weights of the format.
#[no_mangle]
pub unsafe extern "C" fn _mlir_ciface_kforge_ukernel_embedding_q(
    ids: *const IdMemRef1,
    table: *const ByteMemRef3,
    out: *mut MemRef2,
    format: i64,
) {
    // SAFETY: guaranteed by the caller (compiled kforge code).
    let (ids, table, out) = unsafe { (&*ids, &*table, &*out) };
    let w = table.quantized(self::format(format));
    let (vocab, d) = (table.sizes[0], out.sizes[1] as usize);
    for s in 0..ids.size {
        // SAFETY: s < size; offsets within the allocations per the caller.
        unsafe {
            let id = *ids.aligned.offset((ids.offset + s * ids.stride) as isize);
            let row = id.clamp(0, (vocab - 1).max(0)) as usize;
            let dst = out.data().offset((s * out.strides[0]) as isize);
            quant::dequantize_row(&w, row, d, dst);
        }
    }
}

/// `(symbol, address)` of each entry point.
pub fn symbols() -> [(&'static str, *mut ()); 5] {
    [
        (
            "_mlir_ciface_kforge_ukernel_linear_q",
            _mlir_ciface_kforge_ukernel_linear_q as *mut (),
        ),
        (
            "_mlir_ciface_kforge_ukernel_linear_epilogue_q",
            _mlir_ciface_kforge_ukernel_linear_epilogue_q as *mut (),
        ),
        (
            "_mlir_ciface_kforge_ukernel_multi_linear_q",
            _mlir_ciface_kforge_ukernel_multi_linear_q as *mut (),
        ),
        (
            "_mlir_ciface_kforge_ukernel_swiglu_linear_q",
            _mlir_ciface_kforge_ukernel_swiglu_linear_q as *mut (),
        ),
        (
            "_mlir_ciface_kforge_ukernel_embedding_q",
            _mlir_ciface_kforge_ukernel_embedding_q as *mut (),
        ),
    ]
}
