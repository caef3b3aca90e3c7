//! `--kforge-tile-gpu`: picks the blocking of every tiled f32 matmul kernel the GPU will run.
//!
//! **Matches** every kforge op whose GPU plan ([`crate::lower_to_gpu::plan_op`]) contains tiled matmul kernels:
//! `kforge.matmul`, `kforge.batch_matmul`, and the projections (`linear`, `fused_linear`, `multi_linear`,
//! `swiglu_linear`, `mlp`) of more rows than a GEMV takes. **Emits** on each the attribute `kforge.gpu_tiles`, one
//! `BMxBNxBK_TMxTN` label ([`kforge_gpu::MatmulTile`]) per such kernel in plan order; `--kforge-lower-to-gpu` and
//! `kforge-run --target gpu` generate those kernels with those tiles.
//!
//! Where each tile comes from, first that applies: the option `tile=LABEL` (every kernel, e.g. to compare tiles
//! from the command line); a tile already on the op (chosen earlier, by hand or by the autotuner); the chooser of
//! [`annotate`] (`kforge-run` passes the autotuner's, which reads and fills the tune cache); else
//! [`kforge_gpu::MatmulTile::for_shape`].
//!
//! Before: `%c = "kforge.matmul"(%a, %b) : (tensor<64x96xf32>, tensor<96x576xf32>) -> tensor<64x576xf32>`
//! After: the same op with `{kforge.gpu_tiles = ["64x64x16_4x4"]}`
use crate::lower_to_gpu::{plan_op, TILES_ATTR};
use crate::rewrite::{emit_error, parse_attribute, set_attribute};
use kforge_dialect::ir::collect_ops;
use kforge_dialect::OpSignature;
use kforge_gpu::{KernelSpec, MatmulSpec, MatmulTile};
use melior::ir::OperationRef;
use mlir_sys::MlirOperation;

/// Chooses a tile for one kernel (`None`: keep the plan's).
pub type Chooser<'a> = dyn FnMut(&MatmulSpec) -> Option<MatmulTile> + 'a;

/// The registry entry: tiles from the `tile` option, else kept or per shape.
#[allow(
    clippy::result_unit_err,
    reason = "the signature of every pass in the registry; the error is already emitted"
)]
pub fn tile_gpu(root: MlirOperation, options: &crate::registry::PassOptions) -> Result<(), ()> {
    let forced = match options.get("tile").map(String::as_str) {
        None | Some("") => None,
        Some(label) => match MatmulTile::parse(label) {
            Ok(t) => Some(t),
            Err(e) => {
                emit_error(root, &format!("kforge-tile-gpu: {e}"));
                return Err(());
            }
        },
    };
    annotate(root, forced.is_some(), &mut |_| forced)
}

/// Sets `kforge.gpu_tiles` on every op under `root` with tiled matmul kernels. `choose` is asked per kernel;
/// with `replace` its answer wins over a tile already on the op, else such a tile is kept.
#[allow(
    clippy::result_unit_err,
    reason = "the signature of every pass in the registry; the error is already emitted"
)]
pub fn annotate(root: MlirOperation, replace: bool, choose: &mut Chooser) -> Result<(), ()> {
    let mut ok = true;
    for op in collect_ops(root, "kforge.") {
        // SAFETY: `op` is a live operation under `root`.
        let sig = OpSignature::from_operation(&unsafe { OperationRef::from_raw(op) });
        let plan = match plan_op(&sig) {
            Ok(plan) => plan,
            Err(message) => {
                emit_error(op, &format!("'{}' op {message}", sig.name));
                ok = false;
                continue;
            }
        };
        let specs = matmul_specs(&plan);
        if specs.is_empty() {
            continue;
        }
        let kept = !replace && sig.attributes.contains_key(TILES_ATTR);
        let labels: Vec<String> = specs
            .iter()
            .map(|s| {
                let tile = if kept {
                    s.tile
                } else {
                    choose(s).unwrap_or(s.tile)
                };
                format!("\"{}\"", tile.label())
            })
            .collect();
        let Some(attr) = parse_attribute(op, &format!("[{}]", labels.join(", "))) else {
            return Err(());
        };
        set_attribute(op, TILES_ATTR, attr);
    }
    ok.then_some(()).ok_or(())
}

/// The tiled matmul kernels of a plan, in order.
pub fn matmul_specs(plan: &kforge_gpu::plan::OpPlan) -> Vec<MatmulSpec> {
    plan.kernels
        .iter()
        .filter_map(|k| match &k.spec {
            KernelSpec::Matmul(s) => Some(*s),
            _ => None,
        })
        .collect()
}

/// Checks the `tile` option: empty, or a valid tile label.
pub fn check_option(_name: &str, value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Ok(());
    }
    MatmulTile::parse(value).map(|_| ())
}
