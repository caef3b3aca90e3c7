//! kforge's CPU microkernels, with no MLIR (`cargo test -p kforge-kernels`
//! builds and tests them without linking it): what compiled code calls for
//! the innermost work on buffers (IREE calls them ukernels); the compiler
//! tiles and schedules. Each is exported with MLIR's C interface
//! (`_mlir_ciface_<name>`, memref descriptors by pointer) and registered into
//! every ExecutionEngine by the runtime's JIT ([`symbols`]).
//!
//! - [`matmul`] (GotoBLAS-style blocking around [`tile`], the register tile),
//!   [`linear`] (GEMV/GEMM against `[N, K]` weights, [`packed`] weights,
//!   [`epilogue`] fused after it), [`projections`] (several linears sharing
//!   one input; RMS-norm prologue, SwiGLU), [`attention`] (incl. split-key
//!   decode), [`vmath`] (exp, erf, SiLU, GELU on vectors).
//! - [`simd`]: the SIMD trait every kernel is written over, one source per
//!   kernel, instantiated for AVX-512, AVX2+FMA and portable and picked by
//!   `kforge_abi::isa`.
//! - [`choices`]: per-shape parameters the autotuner installs.
//! - [`async_runtime`], [`memref_copy`]: the C functions compiled code expects
//!   from MLIR's runtime libraries; [`huge_pages`]: weight arenas.
//!
//! Each kernel is tested against `kforge-reference` under every ISA variant
//! the host supports.
pub mod async_runtime;
pub mod attention;
pub mod choices;
pub mod epilogue;
pub mod huge_pages;
pub mod linear;
pub mod matmul;
pub mod memref_copy;
pub mod packed;
pub mod projections;
pub mod quant;
pub mod quantized_ops;
pub mod registry;
pub mod simd;
pub mod tile;
mod tile_simd;
pub mod vmath;

/// A rank-2 memref descriptor as MLIR's C interface passes it.
#[repr(C)]
#[derive(Debug)]
pub struct MemRef2 {
    /// Base of the allocation.
    pub allocated: *mut f32,
    /// Aligned data pointer.
    pub aligned: *mut f32,
    /// Offset in elements.
    pub offset: i64,
    /// Sizes.
    pub sizes: [i64; 2],
    /// Strides in elements.
    pub strides: [i64; 2],
}

impl MemRef2 {
    /// Pointer to element `[0, 0]`.
    pub fn data(&self) -> *mut f32 {
        // SAFETY: offset stays within the allocation by MLIR's construction.
        unsafe { self.aligned.offset(self.offset as isize) }
    }
}

/// A rank-3 memref descriptor as MLIR's C interface passes it.
#[repr(C)]
#[derive(Debug)]
pub struct MemRef3 {
    /// Base of the allocation.
    pub allocated: *mut f32,
    /// Aligned data pointer.
    pub aligned: *mut f32,
    /// Offset in elements.
    pub offset: i64,
    /// Sizes.
    pub sizes: [i64; 3],
    /// Strides in elements.
    pub strides: [i64; 3],
}

impl MemRef3 {
    /// Pointer to element `[0, 0, 0]`.
    pub fn data(&self) -> *mut f32 {
        // SAFETY: offset stays within the allocation by MLIR's construction.
        unsafe { self.aligned.offset(self.offset as isize) }
    }
}

/// `(symbol, address)` of every microkernel, for `ExecutionEngine::register_symbol`.
pub fn symbols() -> Vec<(&'static str, *mut ())> {
    [
        (
            "_mlir_ciface_kforge_ukernel_linear_f32",
            linear::_mlir_ciface_kforge_ukernel_linear_f32 as *mut (),
        ),
        (
            "_mlir_ciface_kforge_ukernel_linear_epilogue_f32",
            linear::_mlir_ciface_kforge_ukernel_linear_epilogue_f32 as *mut (),
        ),
        (
            "_mlir_ciface_kforge_ukernel_matmul_f32",
            matmul::_mlir_ciface_kforge_ukernel_matmul_f32 as *mut (),
        ),
        (
            "_mlir_ciface_kforge_ukernel_batch_matmul_f32",
            matmul::_mlir_ciface_kforge_ukernel_batch_matmul_f32 as *mut (),
        ),
        attention::symbol(),
        projections::symbols()[0],
        projections::symbols()[1],
        ("memrefCopy", memref_copy::memrefCopy as *mut ()),
    ]
    .into_iter()
    .chain(quantized_ops::symbols())
    .collect()
}
