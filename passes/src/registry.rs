//! The one registry of kforge passes and pipelines. `kforge-opt --help`, the
//! pipeline parser and the pass manager builder all read these tables.
use crate::pipeline::Step;
use mlir_sys::MlirOperation;
use std::collections::BTreeMap;

/// Option values of one pass instance, by name (defaults filled in).
pub type PassOptions = BTreeMap<String, String>;

/// Checks one option's value: `(option name, value)` → an error message.
pub type OptionCheck = fn(&str, &str) -> Result<(), String>;

/// One option of a pass: `--pass-pipeline='builtin.module(flag{name=value})'`.
#[derive(Debug)]
pub struct PassOption {
    /// Option name.
    pub name: &'static str,
    /// Default value.
    pub default: &'static str,
    /// Allowed values (empty: any).
    pub values: &'static [&'static str],
    /// One line for `--help`.
    pub help: &'static str,
    /// Checks a value beyond `values`, e.g. a size list.
    pub check: Option<OptionCheck>,
}

/// A kforge pass: flag, summary, and the function that runs it on the anchor
/// (a `builtin.module`). The function emits its diagnostics and returns `Err`
/// on failure.
#[derive(Debug)]
pub struct PassInfo {
    /// Flag without dashes, e.g. `kforge-verify`.
    pub flag: &'static str,
    /// One line for `--help`.
    pub summary: &'static str,
    /// Options with typed defaults.
    pub options: &'static [PassOption],
    /// Runs the pass.
    pub run: fn(MlirOperation, &PassOptions) -> Result<(), ()>,
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
        flag: "kforge-drop-argument-results",
        summary: "Public functions stop returning their own argument buffers (recorded in kforge.result_arguments)",
        options: &[],
        run: crate::drop_argument_results::drop_argument_results,
    },
    PassInfo {
        flag: "kforge-emit-c-interface",
        summary: "Mark public functions llvm.emit_c_interface (the runtime's JIT entry points)",
        options: &[],
        run: crate::emit_c_interface::emit_c_interface,
    },
    PassInfo {
        flag: "kforge-fuse-attention",
        summary: "Fuse softmax(linear(q, k))·v (one KV head, 2-D, unmasked, scale in q) into kforge.attention",
        options: &[],
        run: crate::fuse_attention::fuse_attention,
    },
    PassInfo {
        flag: "kforge-fuse-elementwise",
        summary: "Fuse chains of elementwise linalg.generic ops (lowered add, mul, silu, gelu, …) into one loop nest",
        options: &[],
        run: crate::fuse_elementwise::fuse_elementwise,
    },
    PassInfo {
        flag: "kforge-fuse-epilogue",
        summary: "Fuse a kforge.linear/matmul and the bias add, activation, residual add or scaling after it into kforge.fused_linear",
        options: &[PassOption {
            name: "test-miscompile",
            default: "false",
            values: &["false", "true"],
            help: "tests only: drop the last epilogue step (a wrong rewrite --verify-each-numerics must catch)",
            check: None,
        }],
        run: crate::fuse_epilogue::fuse_epilogue,
    },
    PassInfo {
        flag: "kforge-fuse-norm",
        summary: "Fold a kforge.rms_norm that only feeds projections into their prologue (multi_linear/swiglu_linear with a norm operand)",
        options: &[],
        run: crate::fuse_norm::fuse_norm,
    },
    PassInfo {
        flag: "kforge-fuse-projections",
        summary: "Fuse 2-4 bias-free kforge.linear ops of one input (q, k, v) into one kforge.multi_linear",
        options: &[],
        run: crate::fuse_projections::fuse_projections,
    },
    PassInfo {
        flag: "kforge-fuse-swiglu",
        summary: "Fuse silu(linear(x, wg)) * linear(x, wu), and the gate/up half of kforge.mlp swiglu, into kforge.swiglu_linear",
        options: &[],
        run: crate::fuse_swiglu::fuse_swiglu,
    },
    PassInfo {
        flag: "kforge-internalize",
        summary: "Keep only the C-interface entry points external: inline each public function into its _mlir_ciface_ wrapper, internal linkage for the rest (LLVM dialect)",
        options: &[],
        run: crate::internalize::internalize,
    },
    PassInfo {
        flag: "kforge-lower-to-gpu",
        summary: "Map every kforge op to GPU kernels (kforge.gpu_kernels names them; kforge-opt --emit=wgsl prints their WGSL)",
        options: &[],
        run: crate::lower_to_gpu::lower_kforge_to_gpu,
    },
    PassInfo {
        flag: "kforge-lower-to-linalg",
        summary: "Lower every kforge op (but kforge.weight) to linalg/tensor/arith/math on tensors",
        options: &[PassOption {
            name: "linear-kernel",
            default: "loops",
            values: &["loops", "ukernel", "tiled"],
            help: "how kforge.linear/kforge.mlp projections (and attention) lower: linalg loops, calls to the \
                   runtime's threaded AVX-512 microkernel (kforge_ukernel_linear_f32), or linalg for \
                   --kforge-tile-contractions",
            check: None,
        }, PassOption {
            name: "matmul-kernel",
            default: "loops",
            values: &["loops", "ukernel", "tiled"],
            help: "how f32 kforge.matmul/kforge.batch_matmul lower: linalg.matmul/batch_matmul, calls to the \
                   runtime's packed, blocked, threaded microkernels (kforge_ukernel_matmul_f32, \
                   kforge_ukernel_batch_matmul_f32), or linalg for --kforge-tile-contractions",
            check: None,
        }],
        run: crate::lower_to_linalg::lower_kforge_to_linalg,
    },
    PassInfo {
        flag: "kforge-tile-contractions",
        summary: "Tile linalg contractions into cache tiles (scf.forall) and vectorized register tiles (vector.fma)",
        options: &[PassOption {
            name: "tile-sizes",
            default: "96,256,256",
            values: &[],
            help: "cache tiles M,N,K (0: the whole loop); M×N tiles are the threads' tasks",
            check: Some(crate::tile_contractions::check_option),
        }, PassOption {
            name: "vector-sizes",
            default: "native",
            values: &[],
            help: "register tile rows,columns of C[m,n] += A[m,k]·B[k,n] (outer products of vector.fma); \
                   native: the target's (6,64 on AVX-512, 6,16 on AVX2; KFORGE_ISA picks a lower target)",
            check: Some(crate::tile_contractions::check_option),
        }, PassOption {
            name: "dot-sizes",
            default: "native",
            values: &[],
            help: "register tile rows,columns and K vector width of C[m,n] += A[m,k]·B[n,k] (linear, QKᵀ); \
                   native: the target's (4,4,16 on AVX-512, 4,4,8 on AVX2)",
            check: Some(crate::tile_contractions::check_option),
        }],
        run: crate::tile_contractions::tile_contractions,
    },
    PassInfo {
        flag: "kforge-tile-gpu",
        summary: "Pick the tile of every tiled GPU matmul kernel (kforge.gpu_tiles; kforge-run fills it from the autotuner)",
        options: &[PassOption {
            name: "tile",
            default: "",
            values: &[],
            help: "BMxBNxBK_TMxTN for every kernel, e.g. 64x64x16_4x4 (empty: keep a tile on the op, else per shape)",
            check: Some(crate::tile_gpu::check_option),
        }],
        run: crate::tile_gpu::tile_gpu,
    },
    PassInfo {
        flag: "kforge-verify",
        summary: "Check kforge ops' ranks, shapes, element types and head counts",
        options: &[],
        run: crate::verify::verify_kforge,
    },
    PassInfo {
        flag: "kforge-weights-to-arguments",
        summary:
            "Turn kforge.weight ops into trailing function arguments named in `kforge.weights`",
        options: &[],
        run: crate::weights_to_arguments::weights_to_arguments,
    },
];

/// Every pipeline.
pub static PIPELINES: &[PipelineInfo] = &[PipelineInfo {
    flag: "kforge-fuse",
    summary: "Every fusion pass in order: kforge-fuse-attention, kforge-fuse-swiglu, kforge-fuse-projections, kforge-fuse-epilogue, \
              kforge-fuse-norm (kforge level), kforge-fuse-elementwise (linalg level)",
    steps: crate::pipeline::fuse,
}, PipelineInfo {
    flag: "lower-to-gpu",
    summary: "kforge-verify, the kforge-level fusions of --kforge-fuse, kforge-tile-gpu, kforge-lower-to-gpu: every op mapped to WGSL kernels (print them with --emit=wgsl)",
    steps: crate::pipeline::lower_to_gpu,
}, PipelineInfo {
    flag: "lower-to-cpu",
    summary: "kforge → linalg → bufferization → loops → LLVM dialect (accepted by mlir-translate --mlir-to-llvmir)",
    steps: crate::pipeline::lower_to_cpu,
}, PipelineInfo {
    flag: "lower-to-cpu-portable",
    summary: "--lower-to-cpu without calls to the runtime's microkernels (self-contained LLVM IR, e.g. for mlir-runner)",
    steps: crate::pipeline::lower_to_cpu_portable,
}, PipelineInfo {
    flag: "lower-to-cpu-unfused",
    summary: "--lower-to-cpu without --kforge-fuse (as kforge-opt -O0 --lower-to-cpu)",
    steps: crate::pipeline::lower_to_cpu_unfused,
}, PipelineInfo {
    flag: "lower-to-cpu-tiled",
    summary: "--lower-to-cpu with matmuls, projections and attention tiled and vectorized by MLIR \
              (--kforge-tile-contractions, threads through the async runtime) instead of microkernel calls",
    steps: crate::pipeline::lower_to_cpu_tiled,
}];

/// The pass registered under `flag`.
pub fn find_pass(flag: &str) -> Option<&'static PassInfo> {
    PASSES.iter().find(|p| p.flag == flag)
}

/// The pipeline registered under `flag`.
pub fn find_pipeline(flag: &str) -> Option<&'static PipelineInfo> {
    PIPELINES.iter().find(|p| p.flag == flag)
}

impl PassInfo {
    /// Options of this pass from `given`, defaults filled in; errors name the
    /// unknown option or bad value.
    pub fn resolve_options(&self, given: &PassOptions) -> Result<PassOptions, String> {
        let mut out = PassOptions::new();
        for o in self.options {
            out.insert(o.name.to_string(), o.default.to_string());
        }
        for (k, v) in given {
            let Some(o) = self.options.iter().find(|o| o.name == k) else {
                let known: Vec<&str> = self.options.iter().map(|o| o.name).collect();
                return Err(format!(
                    "unknown option '{k}' of pass '{}' (options: {})",
                    self.flag,
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ));
            };
            if !o.values.is_empty() && !o.values.contains(&v.as_str()) {
                return Err(format!(
                    "option '{k}' of pass '{}' must be one of {}, got '{v}'",
                    self.flag,
                    o.values.join(", ")
                ));
            }
            if let Some(check) = o.check {
                check(k, v)?;
            }
            out.insert(k.clone(), v.clone());
        }
        Ok(out)
    }
}
