//! [`GpuModuleError`]: why a module cannot become, or run as, a GPU program.

/// A module that cannot be compiled for or run on the GPU.
#[derive(Debug, thiserror::Error)]
pub enum GpuModuleError {
    /// The module file cannot be read.
    #[error("cannot read '{path}': {message}")]
    Read {
        /// The file.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// Parsing, a pass or an op's GPU mapping failed: the diagnostics, rendered with the source.
    #[error("{0}")]
    Diagnostics(String),
    /// No entry point was named and the module has not exactly one public function.
    #[error("the module has {0} public functions: choose one with --entry")]
    AmbiguousEntry(usize),
    /// The function cannot become a program.
    #[error(transparent)]
    Build(#[from] kforge_passes::lower_to_gpu::BuildProgramError),
    /// The device failed, or the program does not fit the inputs.
    #[error(transparent)]
    Gpu(#[from] kforge_gpu::GpuError),
    /// An input, weight or result does not have the program's shape.
    #[error("{0}")]
    Tensor(String),
}
