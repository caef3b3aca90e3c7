//! kforge's kernels that need no MLIR, usable and testable alone
//! (`cargo test -p kforge-kernels` links no MLIR).
//!
//! - [`reference`](mod@reference): one plain-Rust implementation of every `kforge` op, the
//!   numerical ground truth that the reference interpreter runs and that the
//!   CPU microkernels, the JIT-compiled code and the GPU kernels are tested
//!   against.

pub mod reference;
