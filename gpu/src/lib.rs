//! kforge GPU backend: kernel specs → WGSL (validated by naga) → wgpu pipelines on Vulkan.
//!
//! - [`spec`]: what a kernel computes ([`KernelSpec`]), with static shapes; the compiler maps kforge ops to specs.
//! - [`tile`]: the f32 matmul's blocking ([`MatmulTile`]), chosen per op by the compiler or the autotuner.
//! - [`tune`]: the GPU autotuner's measurements (tiles timed with GPU timestamps; the cache is the runtime's).
//! - [`wgsl`]: one generator per kernel family (tiled, register-blocked, unrolled code), every kernel validated
//!   by naga ([`validate`]) before any driver sees it.
//! - [`runtime`]: adapters (`--device`), buffers, a pipeline cache, steps recorded into one command buffer, and
//!   timestamp queries for per-kernel GPU time.
//! - [`plan`], [`exec`]: how a compiler-level op runs as kernels, and the executor of such plans.
//! - [`expected`]: what each kernel spec must compute, by the reference ops of `kforge_reference` (the
//!   same ground truth as the CPU's), for the tests.
//! - [`weights`]: weights in a stored format (f16, bf16, ggml's blocks) bound as their raw bytes.
//! - [`rope_table`](mod@rope_table): the RoPE kernel's host-side table of cosines and sines.
//! - [`bench`](mod@bench), [`cli`]: the matmul benchmark behind `kforge-gpu-bench` and `kforge-bench --target gpu`.
//!
//! This crate does not link MLIR (nor do `kforge-reference` and `kforge-abi`, its kforge dependencies), so its benchmark binary stays a few MB and can be carried to a GPU machine.

pub mod bench;
pub mod cli;
pub mod decode_bench;
pub mod decoder;
pub mod error;
pub mod exec;
pub mod expected;
pub mod plan;
pub mod prefill_bench;
pub mod program;
pub mod rope_table;
pub mod runtime;
pub mod spec;
pub mod tile;
pub mod tune;
pub mod validate;
pub mod weights;
pub mod wgsl;

pub use error::{GpuError, Result};
pub use kforge_abi::weight_format::WeightFormat;
pub use spec::{
    AttentionSpec, BinaryOp, CoopMatmulSpec, CoopTile, Epilogue, EpilogueOp, KernelSpec,
    MatmulSpec, UnaryOp, ATTENTION_SPLIT_KEYS,
};
pub use tile::MatmulTile;
pub use wgsl::{generate, generate_for, Kernel, Target};
