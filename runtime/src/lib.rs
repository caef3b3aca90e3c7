//! The kforge runtime: what runs a kforge module, on either backend.
//!
//! | module | owns |
//! | --- | --- |
//! | [`interpreter`] | kforge IR run op by op on the reference ops ([`reference`](mod@reference), `kforge-reference`): the numerical ground truth of every compiled path |
//! | [`jit`] | CPU: parse, the `--lower-to-cpu` pipeline, MLIR's ExecutionEngine with `kforge-kernels`' microkernels registered, a module cache keyed by the codegen's sources |
//! | [`gpu`] | GPU: a module built into a `kforge_gpu::program::Program` (by `kforge_passes::lower_to_gpu`), made resident and run on wgpu |
//! | [`generate`] | one generation loop over a `DecoderBackend` (the JIT-compiled CPU decoder with its KV cache, the GPU program): prefill, step, sampling, chat |
//! | [`tune`] | the CPU and GPU autotuners and their persistent JSON cache (keyed by ISA and kernel sources) |
//! | [`verify_each_numerics`] | `kforge-opt --verify-each-numerics`: every pass's rewrite compared on random inputs |
//! | [`tensor_io`], [`files`], [`memory`] | tensor files (safetensors), reading weights, allocation limits |
//! | [`isa`], [`atomic`] | re-exports: the ISA variant (`kforge-abi`), atomic writes (`kforge-files`) |
pub use kforge_files as atomic;
pub mod files;
pub mod generate;
pub mod gpu;
pub mod interpreter;
pub use kforge_abi::isa;
pub mod jit;
pub mod memory;
pub use kforge_reference as reference;
pub mod tensor_io;
pub mod tune;
pub mod verify_each_numerics;
