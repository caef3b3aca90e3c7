//! `--kforge-fuse-swiglu`: `silu(x·W_gateᵀ) ⊙ (x·W_upᵀ)` → one
//! `kforge.swiglu_linear`.
//!
//! **Matches**
//! - a `kforge.mul` of `silu(linear(x, w_gate))` and `linear(x, w_up)` (either
//!   order), both linears without bias and reading the same `x`, every
//!   intermediate used only by the chain and every value of one type;
//! - a `kforge.mlp` with `activation = "swiglu"`, whose gate/up half is the
//!   same computation: it becomes `kforge.swiglu_linear` and a
//!   `kforge.linear` for the down projection, which `--kforge-fuse-epilogue`
//!   can then merge with the residual add after it.
//!
//! **Does not fuse** when an intermediate (a projection, the SiLU) has
//! another use, the linears read different inputs or carry a bias, or the
//! SiLU is on the up projection's side of a `mul` whose other side is not a
//! linear of the same input.
//! **Emits** `kforge.swiglu_linear(x, w_gate, w_up)` at the `mul` (or the
//! `mlp`), replacing its result. The `--lower-to-cpu` lowering is one call of
//! `kforge_ukernel_swiglu_linear_f32`: each task runs the gate and up panels
//! of the same 32 columns and stores `silu(g)·u` only — the two `[M, F]`
//! products and the SiLU result never reach memory, and the three ops' three
//! loop nests (two of them fork-joins) become one fork-join.
//!
//! Before:
//! ```mlir
//! %g = "kforge.linear"(%x, %wg) : (tensor<1x576xf32>, tensor<1536x576xf32>) -> tensor<1x1536xf32>
//! %s = "kforge.silu"(%g) : (tensor<1x1536xf32>) -> tensor<1x1536xf32>
//! %u = "kforge.linear"(%x, %wu) : (tensor<1x576xf32>, tensor<1536x576xf32>) -> tensor<1x1536xf32>
//! %h = "kforge.mul"(%s, %u) : (tensor<1x1536xf32>, tensor<1x1536xf32>) -> tensor<1x1536xf32>
//! ```
//! After:
//! ```mlir
//! %h = "kforge.swiglu_linear"(%x, %wg, %wu) {operandSegmentSizes = array<i32: 1, 0, 1, 1>}
//!        : (tensor<1x576xf32>, tensor<1536x576xf32>, tensor<1536x576xf32>) -> tensor<1x1536xf32>
//! ```
use crate::fusion_ir::{
    create_before, operand, operand_count, replace_and_erase, result, single_user, type_of,
    weight_format_attr,
};
use crate::rewrite::emit_error;
use kforge_dialect::ir::{attribute, collect_ops, op_name, string_ref};
use kforge_dialect::projections::swiglu_linear_operand_segments;
use mlir_sys::*;

/// A decomposed SwiGLU found at a `kforge.mul`.
#[derive(Debug)]
pub struct SwigluChain {
    /// The `kforge.mul`.
    pub mul: MlirOperation,
    /// The `kforge.silu`.
    pub silu: MlirOperation,
    /// The gate and up `kforge.linear` ops.
    pub gate: MlirOperation,
    /// See `gate`.
    pub up: MlirOperation,
}

/// The SwiGLU ending at `mul`, if it matches.
pub fn match_swiglu(mul: MlirOperation) -> Option<SwigluChain> {
    if op_name(mul) != "kforge.mul" || operand_count(mul) != 2 {
        return None;
    }
    let ty = type_of(result(mul, 0));
    for (a, b) in [(0, 1), (1, 0)] {
        let (s, u) = (operand(mul, a), operand(mul, b));
        let Some(silu) = defining_op(s, "kforge.silu", ty) else {
            continue;
        };
        let (Some(gate), Some(up)) = (
            defining_op(operand(silu, 0), "kforge.linear", ty),
            defining_op(u, "kforge.linear", ty),
        ) else {
            continue;
        };
        let same_input = unsafe { mlirValueEqual(operand(gate, 0), operand(up, 0)) };
        let single_uses = single_user(s).is_some()
            && single_user(u).is_some()
            && single_user(result(gate, 0)).is_some();
        let same_format = weight_format_attr(gate) == weight_format_attr(up);
        if same_input
            && same_format
            && single_uses
            && operand_count(gate) == 2
            && operand_count(up) == 2
        {
            return Some(SwigluChain {
                mul,
                silu,
                gate,
                up,
            });
        }
    }
    None
}

/// The op named `name` defining `value` in the same block as its users,
/// when `value` has type `ty`.
fn defining_op(value: MlirValue, name: &str, ty: MlirType) -> Option<MlirOperation> {
    // SAFETY: live value.
    unsafe {
        if !mlirValueIsAOpResult(value) || !mlirTypeEqual(mlirValueGetType(value), ty) {
            return None;
        }
        let op = mlirOpResultGetOwner(value);
        (op_name(op) == name).then_some(op)
    }
}

/// Replaces `chain` by one `kforge.swiglu_linear`.
pub fn rewrite_swiglu(chain: &SwigluChain) -> Result<(), String> {
    let operands = [
        operand(chain.gate, 0),
        operand(chain.gate, 1),
        operand(chain.up, 1),
    ];
    let fused = swiglu_linear_before(
        chain.mul,
        &operands,
        type_of(result(chain.mul, 0)),
        weight_format_attr(chain.gate),
    )?;
    replace_and_erase(chain.mul, &[result(fused, 0)]);
    for op in [chain.silu, chain.gate, chain.up] {
        replace_and_erase(op, &[]);
    }
    Ok(())
}

/// `kforge.mlp` with `activation = "swiglu"` → `swiglu_linear` + `linear`.
pub fn rewrite_mlp(mlp: MlirOperation) -> Result<(), String> {
    let x = operand(mlp, 0);
    // The hidden type: x's with the last dim the gate weight's rows.
    let hidden_text = {
        let x_ty = kforge_dialect::TensorType::from_mlir(unsafe {
            melior::ir::Type::from_raw(type_of(x))
        })
        .ok_or("internal error: the input of kforge.mlp is not a ranked tensor")?;
        let w_ty = kforge_dialect::TensorType::from_mlir(unsafe {
            melior::ir::Type::from_raw(type_of(operand(mlp, 1)))
        })
        .ok_or("internal error: the gate weight of kforge.mlp is not a ranked tensor")?;
        let mut hidden = x_ty.clone();
        *hidden
            .shape
            .last_mut()
            .ok_or("internal error: rank 0 input")? = w_ty.shape[0];
        hidden.to_string()
    };
    let hidden = unsafe {
        mlirTypeParseGet(
            mlirOperationGetContext(mlp),
            kforge_dialect::ir::str_ref(&hidden_text),
        )
    };
    if hidden.ptr.is_null() {
        return Err(format!(
            "internal error: type '{hidden_text}' does not parse"
        ));
    }
    let h = swiglu_linear_before(mlp, &[x, operand(mlp, 1), operand(mlp, 2)], hidden, None)?;
    let down = create_before(
        mlp,
        "kforge.linear",
        &[result(h, 0), operand(mlp, 3)],
        &[type_of(result(mlp, 0))],
        &[],
    )?;
    replace_and_erase(mlp, &[result(down, 0)]);
    Ok(())
}

fn swiglu_linear_before(
    at: MlirOperation,
    operands: &[MlirValue; 3],
    ty: MlirType,
    weight_format: Option<(&'static str, String)>,
) -> Result<MlirOperation, String> {
    let mut attributes = vec![("operandSegmentSizes", swiglu_linear_operand_segments(false))];
    attributes.extend(weight_format);
    create_before(at, "kforge.swiglu_linear", operands, &[ty], &attributes)
}

fn is_swiglu_mlp(op: MlirOperation) -> bool {
    operand_count(op) == 4
        && attribute(op, "activation").is_some_and(|a| unsafe {
            mlirAttributeIsAString(a) && string_ref(mlirStringAttrGetValue(a)) == "swiglu"
        })
}

/// Fuses every decomposed SwiGLU and splits every SwiGLU `kforge.mlp` under `root`.
#[allow(
    clippy::result_unit_err,
    reason = "the signature of every pass in the registry; the error is already emitted"
)]
pub fn fuse_swiglu(root: MlirOperation, _options: &crate::registry::PassOptions) -> Result<(), ()> {
    for mul in collect_ops(root, "kforge.mul") {
        // A mul is erased only by its own rewrite, so each is live here.
        let Some(chain) = match_swiglu(mul) else {
            continue;
        };
        if let Err(message) = rewrite_swiglu(&chain) {
            emit_error(mul, &format!("kforge-fuse-swiglu: {message}"));
            return Err(());
        }
    }
    for mlp in collect_ops(root, "kforge.mlp") {
        if !is_swiglu_mlp(mlp) {
            continue;
        }
        if let Err(message) = rewrite_mlp(mlp) {
            emit_error(mlp, &format!("kforge-fuse-swiglu: {message}"));
            return Err(());
        }
    }
    Ok(())
}
