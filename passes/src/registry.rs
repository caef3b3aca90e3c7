//! The one registry of kforge passes and pipelines. `kforge-opt --help`, the
//! pipeline parser and the pass manager builder all read these tables.
use crate::pipeline::Step;
use mlir_sys::MlirOperation;

/// A kforge pass: flag, summary, and the function that runs it on the anchor
/// (a `builtin.module`). The function emits its diagnostics and returns `Err`
/// on failure.
#[derive(Debug)]
pub struct PassInfo {
    /// Flag without dashes, e.g. `kforge-verify`.
    pub flag: &'static str,
    /// One line for `--help`.
    pub summary: &'static str,
    /// Runs the pass.
    pub run: fn(MlirOperation) -> Result<(), ()>,
}

/// A named pipeline of kforge and upstream passes.
#[derive(Debug)]
pub struct PipelineInfo {
    /// Flag without dashes, e.g. `lower-to-cpu`.
    pub flag: &'static str,
    /// One line for `--help`.
    pub summary: &'static str,
    /// The steps, in order.
    pub steps: fn() -> Vec<Step>,
}

/// Every kforge pass, alphabetically.
pub static PASSES: &[PassInfo] = &[
    PassInfo {
        flag: "kforge-emit-c-interface",
        summary: "Mark public functions llvm.emit_c_interface (the runtime's JIT entry points)",
        run: crate::emit_c_interface::emit_c_interface,
    },
    PassInfo {
        flag: "kforge-lower-to-linalg",
        summary: "Lower every kforge op (but kforge.weight) to linalg/tensor/arith/math on tensors",
        run: crate::lower_to_linalg::lower_kforge_to_linalg,
    },
    PassInfo {
        flag: "kforge-verify",
        summary: "Check kforge ops' ranks, shapes, element types and head counts",
        run: crate::verify::verify_kforge,
    },
    PassInfo {
        flag: "kforge-weights-to-arguments",
        summary:
            "Turn kforge.weight ops into trailing function arguments named in `kforge.weights`",
        run: crate::weights_to_arguments::weights_to_arguments,
    },
];

/// Every pipeline.
pub static PIPELINES: &[PipelineInfo] = &[PipelineInfo {
    flag: "lower-to-cpu",
    summary: "kforge → linalg → bufferization → loops → LLVM dialect (accepted by mlir-translate --mlir-to-llvmir)",
    steps: crate::pipeline::lower_to_cpu,
}];

/// The pass registered under `flag`.
pub fn find_pass(flag: &str) -> Option<&'static PassInfo> {
    PASSES.iter().find(|p| p.flag == flag)
}

/// The pipeline registered under `flag`.
pub fn find_pipeline(flag: &str) -> Option<&'static PipelineInfo> {
    PIPELINES.iter().find(|p| p.flag == flag)
}
