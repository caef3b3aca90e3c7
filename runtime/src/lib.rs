//! The kforge runtime: the reference interpreter (ground truth for every
//! compiled kernel), the JIT that compiles kforge modules for the CPU through
//! MLIR's ExecutionEngine, tensor files, and (later) the KV cache and generation.
pub mod atomic;
pub mod files;
pub mod generate;
pub mod interpreter;
pub use kforge_passes::isa;
pub mod jit;
pub mod kernels;
pub mod memory;
pub mod reference;
pub mod tensor_io;
pub mod tune;
