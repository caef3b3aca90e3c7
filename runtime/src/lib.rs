//! The kforge runtime: the reference interpreter (ground truth for every
//! compiled kernel), the JIT that compiles kforge modules for the CPU through
//! MLIR's ExecutionEngine, and (later) weights, the KV cache and generation.
pub mod jit;
pub mod reference;
