//! Errors of the GPU backend: one enum, so tools can print a clear message instead of panicking.

use thiserror::Error;

/// Everything that can go wrong between a kernel spec and its result.
#[derive(Debug, Error)]
pub enum GpuError {
    /// No adapter was found (no driver, no Vulkan loader, or a filter matched nothing).
    #[error("no GPU adapter found{0}: install a Vulkan driver (lavapipe: `mesa-vulkan-drivers`) and the loader (`libvulkan1`), or set VK_DRIVER_FILES")]
    NoAdapter(String),
    /// `--device` named an adapter that does not exist.
    #[error("no adapter matches `{wanted}` (available: {available})")]
    UnknownDevice {
        /// What the user asked for.
        wanted: String,
        /// The adapters found, as listed by `--device list`.
        available: String,
    },
    /// The device could not be created.
    #[error("cannot open device `{adapter}`: {reason}")]
    RequestDevice {
        /// Adapter name.
        adapter: String,
        /// wgpu's message.
        reason: String,
    },
    /// A kernel needs a feature the adapter does not offer.
    #[error("adapter `{adapter}` does not offer {feature}")]
    Unsupported {
        /// Adapter name.
        adapter: String,
        /// The missing feature, in words.
        feature: String,
    },
    /// A kernel spec with shapes that cannot be run (zero sizes, mismatched operands).
    #[error("invalid kernel spec `{kernel}`: {reason}")]
    InvalidSpec {
        /// The kernel's name.
        kernel: String,
        /// What is wrong, expected vs actual.
        reason: String,
    },
    /// Generated WGSL that naga rejected (a generator bug): the message and the source.
    #[error("generated WGSL for `{kernel}` does not validate: {message}")]
    InvalidWgsl {
        /// The kernel's name.
        kernel: String,
        /// naga's diagnostic.
        message: String,
    },
    /// naga panicked while translating a kernel (caught, see TOOLCHAIN.md).
    #[error("naga panicked while translating `{kernel}`: {message}")]
    NagaPanic {
        /// The kernel's name.
        kernel: String,
        /// The panic payload.
        message: String,
    },
    /// A host buffer of the wrong length was given to a kernel.
    #[error("kernel `{kernel}` binding #{binding}: expected {expected} elements, got {actual}")]
    BufferLength {
        /// The kernel's name.
        kernel: String,
        /// The binding index.
        binding: usize,
        /// Elements the spec needs.
        expected: usize,
        /// Elements given.
        actual: usize,
    },
    /// wgpu reported an error (validation, out of memory, lost device) or a map failed.
    #[error("wgpu: {0}")]
    Wgpu(String),
    /// A program value needs more bytes than one storage buffer of the device may hold (refused before any
    /// allocation; the message names the value, its bytes and the limit).
    #[error("wgpu: {0}")]
    StorageBufferLimit(String),
}

/// Result alias of the crate.
pub type Result<T> = std::result::Result<T, GpuError>;
