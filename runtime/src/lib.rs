//! The kforge runtime: the reference interpreter (kforge IR run op by op on
//! the reference kernels of `kforge_kernels::reference`, re-exported here as
//! [`reference`](mod@reference)), the JIT that compiles kforge modules for the
//! CPU through MLIR's ExecutionEngine ([`jit`]), kforge modules as GPU programs
//! ([`gpu`]), tensor files, the autotuners ([`tune`]), and generation over
//! either backend ([`generate`]: one loop, the CPU decoder with its KV cache,
//! the GPU decoder).
pub use kforge_files as atomic;
pub mod files;
pub mod generate;
pub mod gpu;
pub mod interpreter;
pub use kforge_passes::isa;
pub mod jit;
pub mod kernels;
pub mod memory;
pub use kforge_kernels::reference;
pub mod tensor_io;
pub mod tune;
pub mod verify_each_numerics;
