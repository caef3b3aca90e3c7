//! `--kforge-verify`: the semantic verifier of the kforge dialect as a pass.
//!
//! **Matches** every kforge op. **Emits** nothing; reports each violation of an
//! op's rules (ranks, shapes, element types, head counts: `dialect/OPS.md`) at
//! the op's location and fails. IRDL already checked operand counts and base
//! types when the module was parsed.
//!
//! ```mlir
//! // error: 'kforge.matmul' op expected operand #1 dim 0 (5) to match operand #0 dim 1 (3)
//! %0 = "kforge.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<5x4xf32>) -> tensor<2x4xf32>
//! ```
use kforge_dialect::verify::verify_operation;
use mlir_sys::MlirOperation;

/// Verifies every kforge op under `root`; `Err` after emitting diagnostics.
#[allow(
    clippy::result_unit_err,
    reason = "the signature of every pass in the registry; the error is already emitted"
)]
pub fn verify_kforge(
    root: MlirOperation,
    _options: &crate::registry::PassOptions,
) -> Result<(), ()> {
    if verify_operation(root) == 0 {
        Ok(())
    } else {
        Err(())
    }
}
