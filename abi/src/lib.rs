//! What compiled code and kforge's kernels agree on, with no MLIR, so that
//! the dialect and the passes (which link MLIR) and the kernels (which do
//! not) share one definition without depending on each other:
//!
//! - [`isa`]: the ISA variant in use (AVX-512, AVX2+FMA, portable), chosen
//!   once from the CPU or forced with `KFORGE_ISA`; the JIT's target features,
//!   the tiling pass's register tiles and the microkernels all follow it.
//! - [`epilogue`]: the pointwise steps of `kforge.fused_linear`, their
//!   attribute syntax, and the `i64` encoding by which compiled code hands
//!   them to the epilogue microkernel.
//! - [`weight_format`]: how a weight is stored (f32, f16, bf16, ggml's
//!   Q8_0/Q4_0/Q4_1 blocks), its byte geometry and its microkernel code.

pub mod epilogue;
pub mod isa;
pub mod weight_format;
