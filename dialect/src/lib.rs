//! The `kforge` MLIR dialect: transformer ops defined in IRDL
//! (`dialect/kforge.irdl.mlir`), a Rust semantic verifier for what IRDL cannot
//! say (ranks, shapes, element types, head counts), and an IR builder for
//! transformer graphs.
//!
//! The ops are listed once, in [`ops`] ([`KforgeOp`]); their reference is
//! `dialect/OPS.md`. Verification is split in two layers:
//! [`signature`] reads an MLIR operation into a plain-Rust [`OpSignature`], and
//! [`verify`] infers each op's result types from its operands and attributes, so
//! the builder and the verifier share one set of shape rules.

pub mod builder;
pub mod context;
pub use kforge_abi::epilogue;
pub mod ir;
pub mod ops;
pub mod projections;
pub mod signature;
pub mod source;
pub mod split_input_file;
pub mod types;
pub mod verify;
pub mod verify_diagnostics;

pub use builder::{BuildError, FunctionBuilder, ValueId};
pub use context::create_context;
pub use ops::{GpuKernels, KforgeOp};
pub use signature::{AttrValue, OpSignature};
pub use types::{Dim, ElementType, TensorType};
pub use verify::{infer_result_types, verify_module, verify_signature, VerifyError};
