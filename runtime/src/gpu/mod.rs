//! kforge modules on the GPU. A module becomes a `kforge_gpu::program::Program` ([`compile_gpu_program`]: parse,
//! the kforge fusions, matmul tiles from a chooser such as the autotuner's, then
//! `kforge_passes::lower_to_gpu::build_program`, the one walker from ops to kernels); [`run_program`] runs a
//! function's program once on tensors, and `crate::generate::GpuGenerator` keeps a decoder's `@decode` program
//! resident for generation.
mod compile;
mod error;
mod run;

pub use compile::{
    batch_decoder_program, compile_gpu_program, decoder_program, GpuCompileOptions, ModelSource,
};
pub use error::GpuModuleError;
pub use run::{run_program, ProgramRun};
