//! The op kernels of the reference interpreter, one op family per file.
//!
//! Each function implements one `kforge` op exactly as `dialect/OPS.md`
//! specifies it, takes its operands as [`Tensor`](super::Tensor)s and its
//! attributes as plain values, and returns the result or a
//! [`ReferenceError`](super::ReferenceError) naming the op and the bad operand.

mod activation;
mod attention;
mod check;
mod elementwise;
mod embedding;
mod erf;
mod linear;
mod matmul;
mod mlp;
mod norm;
mod reshape;
mod rope;
mod softmax;

pub use activation::{gelu, silu, GeluApproximation};
pub use attention::{
    attention, attention_with_cache, attention_with_cache_slots, attention_with_offset,
    AttentionAttrs,
};
pub use elementwise::{add, broadcast_shape, mul};
pub use embedding::embedding;
pub use erf::erf;
pub use linear::linear;
pub use matmul::{batch_matmul, matmul};
pub use mlp::{mlp_gelu, mlp_swiglu};
pub use norm::{layer_norm, rms_norm};
pub use reshape::reshape;
pub use rope::rope;
pub use softmax::softmax;

#[cfg(test)]
pub(crate) mod internals {
    //! Kernel pieces the tests check directly.
    pub(crate) use super::erf::{erf_series, erfc_continued_fraction};
}
