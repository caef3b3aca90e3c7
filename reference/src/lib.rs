//! The reference kernels: plain-Rust `f32` kernels for every `kforge` op,
//! the numerical ground truth that every compiled kernel (CPU and GPU) is
//! compared against, and what the runtime's reference interpreter runs.
//!
//! The kernels follow `dialect/OPS.md` literally and favour being obviously
//! correct over being fast: no MLIR, no fusion, no tiling tricks. Dot products,
//! norms and softmax denominators accumulate in `f64` and round to `f32` once.
//! The matmul-like ops and attention run in parallel (rayon) so that a model
//! of a few hundred million parameters can still be run end to end.
//!
//! Bad input (shapes, element types, axes, positions, token ids) is reported
//! as a [`ReferenceError`], never a panic.
//!
//! ```
//! use kforge_reference::{allclose, matmul, Tensor};
//!
//! let a = Tensor::f32([2, 2], vec![1.0, 2.0, 3.0, 4.0])?;
//! let b = Tensor::f32([2, 1], vec![1.0, 1.0])?;
//! let expected = Tensor::f32([2, 1], vec![3.0, 7.0])?;
//! assert!(allclose(&matmul(&a, &b)?, &expected, 0.0, 0.0)?);
//! # Ok::<(), kforge_reference::ReferenceError>(())
//! ```
#![warn(missing_docs)]

mod compare;
mod error;
pub mod ops;
pub mod quant;
mod random;
mod tensor;

pub use compare::{allclose, max_abs_diff, max_rel_error, max_rel_error_f32};
pub use error::{ExpectedRank, ReferenceError};
pub use ops::*;
pub use random::SplitMix64;
pub use tensor::{ElementType, Tensor, TensorData};

#[cfg(test)]
mod tests;
