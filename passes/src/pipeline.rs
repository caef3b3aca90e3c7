//! Pipelines: sequences of kforge passes and upstream MLIR passes, parsed from
//! `--pass-pipeline` text and turned into one MLIR `PassManager`.
use crate::registry::{find_pass, find_pipeline, PassInfo, PassOptions, PASSES};
use melior::ir::r#type::TypeId;
use melior::pass::{create_external, ExternalPass, Pass, PassManager};
use melior::Context;
use mlir_sys::*;
use std::ffi::c_void;

/// One step of a pipeline.
#[derive(Clone, Debug)]
pub enum Step {
    /// A kforge pass with its options.
    Kforge(&'static PassInfo, PassOptions),
    /// An upstream pipeline element in MLIR's textual syntax, e.g. `cse` or
    /// `one-shot-bufferize{bufferize-function-boundaries}`.
    Upstream(String),
}

/// A pipeline that cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The text is not a pipeline.
    #[error("invalid pass pipeline '{text}': {reason}")]
    Syntax {
        /// The pipeline text.
        text: String,
        /// What is wrong.
        reason: String,
    },
    /// MLIR rejected an upstream element.
    #[error("{0}")]
    Upstream(String),
}

fn kforge(flag: &str) -> Step {
    kforge_with(flag, &[])
}

fn kforge_with(flag: &str, options: &[(&str, &str)]) -> Step {
    let info = find_pass(flag).expect("registered pass");
    let given = options
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Step::Kforge(
        info,
        info.resolve_options(&given)
            .expect("valid built-in options"),
    )
}

/// `--lower-to-cpu`: [`cpu_prepare`] then [`cpu_codegen`].
pub fn lower_to_cpu() -> Vec<Step> {
    let mut steps = cpu_prepare();
    steps.extend(cpu_codegen());
    steps
}

/// The kforge-level start of `--lower-to-cpu`: verify, weights become
/// arguments. Function signatures are final after it (the runtime reads them here).
pub fn cpu_prepare() -> Vec<Step> {
    vec![
        kforge("kforge-verify"),
        kforge("kforge-weights-to-arguments"),
    ]
}

/// The rest of `--lower-to-cpu`: kforge → linalg → bufferization → loops → LLVM.
pub fn cpu_codegen() -> Vec<Step> {
    cpu_codegen_for(&MatmulStrategy::Packed).expect("built-in options are valid")
}

/// What the runtime's JIT runs after [`cpu_codegen`] (or any codegen steps),
/// before LLVM: `--kforge-internalize`, so only the C-interface entry points
/// stay external and each public function's body is inlined into its wrapper
/// (SmolLM2's cold compile on 2 vCPUs: 6.3 → 1.4 s, the difference LLVM's time
/// on a 2,343-argument call). Not part of `--lower-to-cpu`, whose output
/// `mlir-runner -e <name>` runs by function name.
pub fn cpu_link() -> Vec<Step> {
    vec![kforge("kforge-internalize")]
}

/// `--lower-to-cpu-portable`: `--lower-to-cpu` without microkernel calls, so
/// the LLVM IR is self-contained (runs under `mlir-runner`, links anywhere).
pub fn lower_to_cpu_portable() -> Vec<Step> {
    let mut steps = cpu_prepare();
    steps.extend(cpu_codegen_for(&MatmulStrategy::Reference).expect("built-in options are valid"));
    steps
}

/// `--lower-to-cpu-tiled`: `--lower-to-cpu` with contractions tiled and
/// vectorized by `--kforge-tile-contractions` (default tile sizes).
pub fn lower_to_cpu_tiled() -> Vec<Step> {
    let mut steps = cpu_prepare();
    steps.extend(
        cpu_codegen_for(&MatmulStrategy::Tiled(Vec::new())).expect("built-in options are valid"),
    );
    steps
}

/// How the CPU pipeline lowers matmuls, projections and attention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatmulStrategy {
    /// Plain linalg loops (`--lower-to-cpu-portable`).
    Reference,
    /// Calls of the runtime's packed microkernels (`--lower-to-cpu`, the default).
    Packed,
    /// Linalg tiled and vectorized by `--kforge-tile-contractions` with these
    /// options (e.g. `("tile-sizes", "64,256,256")`; unset ones default),
    /// threaded through MLIR's async runtime (`--lower-to-cpu-tiled`).
    Tiled(Vec<(String, String)>),
}

/// The codegen steps (after [`cpu_prepare`]) for `strategy`; an error names
/// a bad tiling option.
pub fn cpu_codegen_for(strategy: &MatmulStrategy) -> Result<Vec<Step>, PipelineError> {
    let kernels = match strategy {
        MatmulStrategy::Reference => "loops",
        MatmulStrategy::Packed => "ukernel",
        MatmulStrategy::Tiled(_) => "tiled",
    };
    let upstream = |list: &[&str]| {
        list.iter()
            .map(|s| Step::Upstream(s.to_string()))
            .collect::<Vec<_>>()
    };
    let tiled = matches!(strategy, MatmulStrategy::Tiled(_));
    let mut steps = vec![
        kforge_with(
            "kforge-lower-to-linalg",
            &[("linear-kernel", kernels), ("matmul-kernel", kernels)],
        ),
        kforge("kforge-emit-c-interface"),
    ];
    if !tiled {
        // `--kforge-fuse`'s kforge-level passes before the lowering. Its
        // elementwise fusion of the lowered linalg is left out: measured on
        // SmolLM2 (2 threads, 115-token prompt), it took prefill from ~750 to
        // ~585 tok/s and decode down ~5%, because merging a single-use
        // producer into a consumer of more dimensions recomputes the producer
        // per consumer element (RoPE's cos/sin table once per head). It stays
        // available as `--kforge-fuse-elementwise` and in `--kforge-fuse`.
        let before: Vec<Step> = fuse()
            .into_iter()
            .filter(|s| !is_linalg_fusion(s))
            .collect();
        steps.splice(0..0, before);
    }
    if let MatmulStrategy::Tiled(options) = strategy {
        let info = find_pass("kforge-tile-contractions").expect("registered pass");
        let given = options.iter().cloned().collect();
        let options = info
            .resolve_options(&given)
            .map_err(|reason| PipelineError::Syntax {
                text: format!("{options:?}"),
                reason,
            })?;
        steps.push(Step::Kforge(info, options));
    }
    // `tensor.empty` becomes `bufferization.alloc_tensor` before `cse`: CSE merges
    // identical empties (they are pure) into one value that every op of a chain
    // writes into, and one-shot bufferization's conflict analysis then grows
    // cubically with the chain (MLIR 22, measured on a chain of 500 elementwise
    // ops: 10.3 s in `one-shot-bufferize` alone, also with upstream mlir-opt).
    // An `alloc_tensor` allocates, so each stays its own; one-shot bufferization
    // turns empties into the same `alloc_tensor`s itself, so nothing else changes.
    steps.extend(upstream(&[
        "empty-tensor-to-alloc-tensor",
        "canonicalize",
        "cse",
        "one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map}",
        // A loop that updates a cache in place (attention with a slot per
        // row: `scf.for` over the rows) still returns the loop's result, which
        // is the argument buffer only once the loop-invariant iter_arg is
        // folded away; without this the result is not seen as the argument's,
        // and the caller gets a copy of every cache per call.
        "canonicalize",
        "drop-equivalent-buffer-results",
    ]));
    steps.push(kforge("kforge-drop-argument-results"));
    steps.extend(upstream(&[
        "buffer-deallocation-pipeline",
        "convert-bufferization-to-memref",
    ]));
    if tiled {
        steps.extend(upstream(TILED_THREADS));
    }
    steps.extend(upstream(&[
        "convert-linalg-to-loops",
        "canonicalize",
        "cse",
    ]));
    if tiled {
        steps.extend(upstream(&[
            "func.func(lower-vector-mask)",
            "convert-vector-to-scf{full-unroll=true}",
        ]));
    }
    steps.extend(upstream(&[
        "expand-strided-metadata",
        "lower-affine",
        "convert-scf-to-cf",
    ]));
    if tiled {
        steps.extend(upstream(&[
            "convert-async-to-llvm",
            "convert-vector-to-llvm{vector-contract-lowering=outerproduct}",
        ]));
    }
    steps.extend(upstream(&[
        "convert-math-to-llvm",
        "convert-math-to-libm",
        "finalize-memref-to-llvm",
        "convert-arith-to-llvm",
        "convert-index-to-llvm",
    ]));
    if tiled {
        steps.extend(upstream(&["convert-ub-to-llvm"]));
    }
    steps.extend(upstream(&[
        "convert-cf-to-llvm",
        "convert-func-to-llvm",
        "reconcile-unrealized-casts",
    ]));
    Ok(steps)
}

/// `--lower-to-gpu`: verify, the kforge-level fusions of [`fuse`] (the same set and order as `--lower-to-cpu`;
/// `kforge-opt -O0` drops them), tile the matmul kernels (`kforge-tile-gpu`), then map every kforge op to GPU
/// kernels (`kforge-opt --emit=wgsl` prints them).
pub fn lower_to_gpu() -> Vec<Step> {
    let mut steps = vec![kforge("kforge-verify")];
    steps.extend(kforge_fusions());
    steps.push(kforge("kforge-tile-gpu"));
    steps.push(kforge("kforge-lower-to-gpu"));
    steps
}

/// The kforge-level passes of [`fuse`] (all but the linalg one), in order:
/// what `--lower-to-gpu` runs, and `kforge-run --target gpu` on the decoder
/// before planning it.
pub fn kforge_fusions() -> Vec<Step> {
    fuse()
        .into_iter()
        .filter(|s| !is_linalg_fusion(s))
        .collect()
}

/// `--kforge-fuse`: every fusion pass, in order. Each is a no-op on IR of
/// the other level: `kforge-fuse-epilogue` rewrites kforge ops (checked by
/// `kforge-opt --verify-each-numerics`), `kforge-fuse-elementwise` rewrites
/// the linalg that `kforge-lower-to-linalg` emits; `--lower-to-cpu` runs the
/// kforge-level ones before the lowering and not the elementwise one (it
/// slowed the decoder: see `cpu_codegen_for`). (The tiled strategy
/// does not fuse yet: its contraction matcher expects unfused linalg.)
///
/// The kforge-level order: attention first (its `q·kᵀ` is a linear that the
/// projection fusion could group with another of the same `q`), SwiGLU next (its gate and up projections share
/// an input, which the projection fusion would otherwise take; splitting
/// `kforge.mlp` exposes the down projection), then q/k/v, then epilogues
/// (the down and output projections take their residual adds), then the
/// norm, whose users must already be in their final projection form.
pub fn fuse() -> Vec<Step> {
    vec![
        kforge("kforge-fuse-attention"),
        kforge("kforge-fuse-swiglu"),
        kforge("kforge-fuse-projections"),
        kforge("kforge-fuse-epilogue"),
        kforge("kforge-fuse-norm"),
        kforge("kforge-fuse-elementwise"),
    ]
}

/// Whether `step` is a fusion pass that runs on linalg (after lowering).
fn is_linalg_fusion(step: &Step) -> bool {
    matches!(step, Step::Kforge(info, _) if info.flag == "kforge-fuse-elementwise")
}

/// Whether `step` is one of the fusion passes of [`fuse`].
pub fn is_fusion(step: &Step) -> bool {
    matches!(step, Step::Kforge(info, _) if info.flag.starts_with("kforge-fuse-"))
}

/// `steps` without any fusion pass (`kforge-opt -O0`, `--lower-to-cpu-unfused`).
pub fn without_fusion(steps: Vec<Step>) -> Vec<Step> {
    steps.into_iter().filter(|s| !is_fusion(s)).collect()
}

/// `--lower-to-cpu-unfused`: `--lower-to-cpu` without `--kforge-fuse`.
pub fn lower_to_cpu_unfused() -> Vec<Step> {
    without_fusion(lower_to_cpu())
}

/// How the tiled strategy's `scf.forall` over cache tiles runs: as parallel
/// tasks of MLIR's async runtime (which kforge's runtime implements on its
/// rayon pool), one task per cache tile at least (`min-task-size=1`: a tile
/// is already ~1M multiply-adds), split recursively by the workers.
const TILED_THREADS: &[&str] = &[
    "scf-forall-to-parallel",
    "async-parallel-for{min-task-size=1}",
    "async-to-async-runtime",
    "async-runtime-ref-counting",
    "async-runtime-ref-counting-opt",
];

/// Parses `builtin.module(a, b{opt=1}, func.func(c))` or `a,b`: kforge pass and
/// pipeline names are resolved here, everything else is left to MLIR.
pub fn parse_pipeline(text: &str) -> Result<Vec<Step>, PipelineError> {
    let syntax = |reason: &str| PipelineError::Syntax {
        text: text.to_string(),
        reason: reason.to_string(),
    };
    let trimmed = text.trim();
    let inner = match trimmed.strip_prefix("builtin.module(") {
        Some(rest) => rest
            .strip_suffix(')')
            .ok_or_else(|| syntax("missing ')'"))?,
        None if trimmed.contains('(') && !trimmed.starts_with("func.func(") => {
            return Err(syntax("expected the anchor 'builtin.module(...)'"))
        }
        None => trimmed,
    };
    let mut steps = Vec::new();
    for element in split_top_level(inner).map_err(|r| syntax(&r))? {
        let name = element.split(['{', '(']).next().unwrap_or("").trim();
        if let Some(pass) = find_pass(name) {
            let given = parse_options(element).map_err(|r| syntax(&r))?;
            let options = pass.resolve_options(&given).map_err(|r| syntax(&r))?;
            steps.push(Step::Kforge(pass, options));
        } else if let Some(pipeline) = find_pipeline(name) {
            steps.extend((pipeline.steps)());
        } else if name.starts_with("kforge-") {
            return Err(syntax(&format!("unknown kforge pass '{name}'")));
        } else {
            steps.push(Step::Upstream(element.to_string()));
        }
    }
    Ok(steps)
}

/// `flag{a=1 b=two}` → `{a: 1, b: two}`.
fn parse_options(element: &str) -> Result<PassOptions, String> {
    let Some(open) = element.find('{') else {
        return Ok(PassOptions::new());
    };
    let body = element[open + 1..]
        .strip_suffix('}')
        .ok_or_else(|| format!("missing '}}' in '{element}'"))?;
    body.split_whitespace()
        .map(|kv| {
            kv.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .ok_or_else(|| format!("expected 'name=value', got '{kv}'"))
        })
        .collect()
}

fn split_top_level(text: &str) -> Result<Vec<&str>, String> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' | '{' => depth += 1,
            ')' | '}' => {
                depth -= 1;
                if depth < 0 {
                    return Err(format!("unbalanced '{c}'"));
                }
            }
            ',' if depth == 0 => {
                parts.push(text[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    if depth != 0 {
        return Err("unbalanced brackets".into());
    }
    parts.push(text[start..].trim());
    Ok(parts.into_iter().filter(|p| !p.is_empty()).collect())
}

/// Distinct addresses that serve as MLIR TypeIDs of the external passes.
#[repr(align(8))]
struct PassTypeId(#[allow(dead_code)] u8);
static PASS_TYPE_IDS: [PassTypeId; 32] = [const { PassTypeId(0) }; 32];

/// Wraps a kforge pass as an MLIR pass on `builtin.module`.
pub fn to_mlir_pass(info: &'static PassInfo, options: &PassOptions) -> Pass {
    let index = PASSES
        .iter()
        .position(|p| std::ptr::eq(p, info))
        .expect("registered pass");
    let run = info.run;
    let flag = info.flag;
    let options = options.clone();
    create_external(
        move |op: melior::ir::OperationRef, pass: ExternalPass| {
            let raw = op.to_raw();
            // A panic must not unwind into MLIR (that aborts the process):
            // report it as an internal error of this pass instead.
            let outcome = std::panic::catch_unwind(|| run(raw, &options));
            match outcome {
                Ok(Ok(())) => {}
                Ok(Err(())) => pass.signal_failure(),
                Err(panic) => {
                    let what = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    crate::rewrite::emit_error(raw, &format!("internal error in {flag}: {what}"));
                    pass.signal_failure();
                }
            }
        },
        TypeId::create(&PASS_TYPE_IDS[index]),
        info.flag,
        info.flag,
        info.summary,
        "builtin.module",
        &[],
    )
}

/// Builds a pass manager running `steps` on a module. Consecutive upstream
/// elements are parsed by MLIR together.
pub fn build_pass_manager<'c>(
    context: &'c Context,
    steps: &[Step],
) -> Result<PassManager<'c>, PipelineError> {
    melior::utility::register_all_passes();
    let pm = PassManager::new(context);
    let mut upstream: Vec<&str> = Vec::new();
    for step in steps {
        match step {
            Step::Upstream(text) => upstream.push(text),
            Step::Kforge(info, options) => {
                add_upstream(&pm, &upstream)?;
                upstream.clear();
                pm.add_pass(to_mlir_pass(info, options));
            }
        }
    }
    add_upstream(&pm, &upstream)?;
    Ok(pm)
}

fn add_upstream(pm: &PassManager, elements: &[&str]) -> Result<(), PipelineError> {
    if elements.is_empty() {
        return Ok(());
    }
    let text = elements.join(",");
    let mut message = String::new();
    unsafe extern "C" fn append(s: MlirStringRef, data: *mut c_void) {
        // SAFETY: `data` is the `String` below; `s` is valid for the call.
        unsafe { (*(data as *mut String)).push_str(&kforge_dialect::ir::string_ref(s)) };
    }
    // SAFETY: the pass manager is live; the text outlives the call.
    let ok = unsafe {
        mlirOpPassManagerAddPipeline(
            pm.as_operation_pass_manager().to_raw(),
            kforge_dialect::ir::str_ref(&text),
            Some(append),
            &mut message as *mut String as *mut c_void,
        )
    };
    if ok.value == 0 {
        return Err(PipelineError::Upstream(message.trim().to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_mixed_pipelines() {
        let steps = parse_pipeline(
            "builtin.module(kforge-verify, canonicalize{max-iterations=3}, func.func(cse))",
        )
        .unwrap();
        assert!(matches!(&steps[0], Step::Kforge(p, _) if p.flag == "kforge-verify"));
        assert!(matches!(&steps[1], Step::Upstream(s) if s == "canonicalize{max-iterations=3}"));
        assert!(matches!(&steps[2], Step::Upstream(s) if s == "func.func(cse)"));
    }

    #[test]
    fn expands_named_pipelines() {
        let steps = parse_pipeline("lower-to-cpu").unwrap();
        assert_eq!(steps.len(), lower_to_cpu().len());
    }

    #[test]
    fn lower_to_cpu_fuses_around_the_lowering_and_o0_does_not() {
        let flags = |steps: &[Step]| -> Vec<&str> {
            steps
                .iter()
                .filter_map(|s| match s {
                    Step::Kforge(info, _) => Some(info.flag),
                    Step::Upstream(_) => None,
                })
                .collect()
        };
        let fused = lower_to_cpu();
        let f = flags(&fused);
        let at = |flag: &str| f.iter().position(|x| *x == flag).unwrap();
        assert!(at("kforge-fuse-epilogue") < at("kforge-lower-to-linalg"));
        assert!(!f.contains(&"kforge-fuse-elementwise"));
        let unfused = lower_to_cpu_unfused();
        assert!(!flags(&unfused).iter().any(|x| x.starts_with("kforge-fuse")));
        assert_eq!(unfused.len() + fuse().len() - 1, fused.len());
        assert!(!flags(&lower_to_cpu_tiled())
            .iter()
            .any(|x| x.starts_with("kforge-fuse")));
    }

    #[test]
    fn pass_options_are_checked() {
        let steps = parse_pipeline("builtin.module(kforge-lower-to-linalg{linear-kernel=ukernel})")
            .unwrap();
        assert!(matches!(&steps[0], Step::Kforge(_, o) if o["linear-kernel"] == "ukernel"));
        let err = parse_pipeline("kforge-lower-to-linalg{linear-kernel=fast}")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("must be one of loops, ukernel, tiled, got 'fast'"),
            "{err}"
        );
        let err = parse_pipeline("kforge-verify{x=1}")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("unknown option 'x' of pass 'kforge-verify' (options: none)"),
            "{err}"
        );
    }

    #[test]
    fn rejects_bad_text() {
        assert!(parse_pipeline("builtin.module(cse").is_err());
        assert!(parse_pipeline("kforge-nope")
            .unwrap_err()
            .to_string()
            .contains("unknown kforge pass 'kforge-nope'"));
        assert!(parse_pipeline("builtin.module(a))").is_err());
    }

    #[test]
    fn upstream_errors_are_reported() {
        let context = kforge_dialect::create_context();
        let steps = parse_pipeline("no-such-pass").unwrap();
        let err = build_pass_manager(&context, &steps).err().unwrap();
        assert!(err.to_string().contains("no-such-pass"), "{err}");
    }
}
