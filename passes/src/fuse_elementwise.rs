//! `--kforge-fuse-elementwise`: chains of pointwise ops → one loop nest.
//!
//! **Matches** `linalg.generic` ops on tensors whose iterators are all
//! `parallel` (what `--kforge-lower-to-linalg` emits for `kforge.add`,
//! `kforge.mul`, `kforge.silu`, `kforge.gelu`, broadcasting included, and for
//! the elementwise tails of norms, rope and epilogues) when the producer's
//! result has exactly one use, the consumer's operand. **Emits** one
//! `linalg.generic` per chain: the producer's body is inlined into the
//! consumer's, its inputs become the consumer's inputs through composed
//! indexing maps (a broadcast operand keeps reading through its `0`/dropped
//! dims), and the intermediate tensors disappear.
//! **Precondition**: the kforge ops are lowered (`--kforge-lower-to-linalg`);
//! run before bufferization.
//!
//! **Why on linalg, through upstream fusion.** A kforge-level rewrite would
//! need a new "fused pointwise" op with a body (IRDL has no regions with
//! custom semantics, and the interpreter would need an expression evaluator),
//! while the lowering already writes each pointwise op as a `linalg.generic`,
//! and MLIR's elementwise fusion (`linalg-fuse-elementwise-ops`) is exactly
//! the producer–consumer merge of such generics, with the map composition and
//! the single-use rule done right. This pass drives it on every function under
//! our flag, so pipelines name it and lit tests pin its effect. The upstream
//! pass also folds reshapes by expansion and constant-folds linalg ops; both
//! keep the results bit-identical or nearly so (operand order of commutative
//! `arith` ops may change).
//! Since the result is linalg, `--verify-each-numerics` does not compare it
//! (the interpreter runs kforge-level IR); the JIT's differential tests do.
//!
//! **Caveat**: a single-use elementwise producer is also fused into a
//! reduction consumer (e.g. a `linear` lowered to a reduction generic under
//! `linear-kernel=loops`), where its body runs once per reduction step of each
//! output. `--lower-to-cpu` lowers projections and matmuls to microkernel
//! calls, so no such consumer exists there.
//!
//! Before:
//! ```mlir
//! %0 = linalg.generic {…, iterator_types = ["parallel", "parallel"]}
//!        ins(%x, %b : tensor<4x8xf32>, tensor<8xf32>) outs(%e : tensor<4x8xf32>) {
//!   ^bb0(%in: f32, %in_0: f32, %out: f32):
//!     %s = arith.addf %in, %in_0 : f32
//!     linalg.yield %s : f32
//! } -> tensor<4x8xf32>
//! %1 = linalg.generic {…} ins(%0 : tensor<4x8xf32>) outs(%e2 : tensor<4x8xf32>) {
//!   ^bb0(%in: f32, %out: f32):
//!     … silu(%in) …
//! } -> tensor<4x8xf32>
//! ```
//! After:
//! ```mlir
//! %1 = linalg.generic {indexing_maps = [(d0, d1) -> (d0, d1), (d0, d1) -> (d1), (d0, d1) -> (d0, d1)], …}
//!        ins(%x, %b : tensor<4x8xf32>, tensor<8xf32>) outs(%e : tensor<4x8xf32>) {
//!   ^bb0(%in: f32, %in_0: f32, %out: f32):
//!     %s = arith.addf %in, %in_0 : f32
//!     … silu(%s) …
//! } -> tensor<4x8xf32>
//! ```
use crate::rewrite::emit_error;
use kforge_dialect::ir::{str_ref, string_ref};
use mlir_sys::*;
use std::ffi::c_void;

/// The upstream pipeline this pass runs on the module.
pub const UPSTREAM_FUSION: &str = "func.func(linalg-fuse-elementwise-ops)";

/// Fuses chains of elementwise `linalg.generic`s in every function under
/// `root` (a `builtin.module`).
#[allow(
    clippy::result_unit_err,
    reason = "the signature of every pass in the registry; the error is already emitted"
)]
pub fn fuse_elementwise(
    root: MlirOperation,
    _options: &crate::registry::PassOptions,
) -> Result<(), ()> {
    run_upstream_pipeline(root, UPSTREAM_FUSION).map_err(|message| {
        emit_error(
            root,
            &format!("kforge-fuse-elementwise: upstream '{UPSTREAM_FUSION}' failed: {message}"),
        )
    })
}

/// Runs the upstream pipeline `text` on `root` (a `builtin.module`) through
/// a pass manager of its own; `Err` carries MLIR's message (parse errors) or
/// a note that a pass failed (its diagnostics were emitted).
pub(crate) fn run_upstream_pipeline(root: MlirOperation, text: &str) -> Result<(), String> {
    melior::utility::register_all_passes();
    let mut message = String::new();
    unsafe extern "C" fn append(s: MlirStringRef, data: *mut c_void) {
        // SAFETY: `data` is the `String` below; `s` is valid for the call.
        unsafe { (*(data as *mut String)).push_str(&string_ref(s)) };
    }
    // SAFETY: `root` is live; the pass manager is created, used and destroyed
    // here; `text` and `message` outlive the calls that read them.
    unsafe {
        let context = mlirOperationGetContext(root);
        let pm = mlirPassManagerCreateOnOperation(context, str_ref("builtin.module"));
        let parsed = mlirOpPassManagerAddPipeline(
            mlirPassManagerGetAsOpPassManager(pm),
            str_ref(text),
            Some(append),
            &mut message as *mut String as *mut c_void,
        );
        let outcome = if parsed.value == 0 {
            Err(message.trim().to_string())
        } else if mlirPassManagerRunOnOp(pm, root).value == 0 {
            Err("a pass failed".to_string())
        } else {
            Ok(())
        };
        mlirPassManagerDestroy(pm);
        outcome
    }
}
