//! `--kforge-fuse-epilogue`: a projection or matmul and the pointwise ops
//! after it → one `kforge.fused_linear` whose epilogue runs on the result tile.
//!
//! **Matches** a `kforge.linear` (its bias becomes the first `add` step) or a
//! 2-D `kforge.matmul` whose result has exactly one use, followed by a chain
//! of single-use pointwise ops in the same block:
//! - `kforge.add`, `kforge.mul` with the chain value as one operand and any
//!   other value broadcasting to it (bias `[N]`, residual `[M,N]`, a scale
//!   `[1]`), as long as the result keeps the contraction's type (an operand
//!   that widens the result ends the chain);
//! - `kforge.silu`, `kforge.gelu` (exact or tanh).
//!
//! At most four `add`/`mul` operands are absorbed (the op's operand slots).
//! A linear on a stored-format weight (`weight_format`, no bias) fuses the
//! same way; the fused op keeps the format.
//! **Does not fuse** a contraction whose result has several uses (the
//! unfused value is needed), `add(y, y)`, ops in another block, or a
//! `kforge.linear` with only its bias (nothing to gain).
//! **Emits** `kforge.fused_linear` at the last op of the chain (all operands
//! dominate it there), which replaces the chain's result; the chain is erased.
//! `kforge.fused_linear` is kforge-level, so `--verify-each-numerics` checks
//! this pass through the reference interpreter. Its lowering
//! (`--kforge-lower-to-linalg`) emits the contraction (loops or microkernel
//! call) and the whole epilogue as one `linalg.generic` updating the
//! accumulator in place (after bufferization: the microkernel's output buffer).
//! **Option** `test-miscompile=true` (tests only) drops the last epilogue step,
//! a deliberately wrong rewrite that `--verify-each-numerics` must catch.
//!
//! Before:
//! ```mlir
//! %0 = "kforge.linear"(%x, %w, %b) : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6xf32>) -> tensor<4x6xf32>
//! %1 = "kforge.silu"(%0) : (tensor<4x6xf32>) -> tensor<4x6xf32>
//! %2 = "kforge.add"(%r, %1) : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<4x6xf32>
//! ```
//! After:
//! ```mlir
//! %2 = "kforge.fused_linear"(%x, %w, %b, %r) {epilogue = "add,silu,add", kind = "linear",
//!        operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>}
//!        : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6xf32>, tensor<4x6xf32>) -> tensor<4x6xf32>
//! ```
use crate::rewrite::{emit_error, parse_attribute};
use kforge_dialect::epilogue::{epilogue_text, EpilogueStep};
use kforge_dialect::ir::{attribute, collect_ops, op_name, str_ref, string_ref};
use mlir_sys::*;

/// The most `add`/`mul` operands a `kforge.fused_linear` holds.
pub const MAX_EPILOGUE_OPERANDS: usize = 4;

/// A contraction and the epilogue chain found after it.
#[derive(Debug)]
pub struct EpilogueChain {
    /// The `kforge.linear` or `kforge.matmul`.
    pub root: MlirOperation,
    /// `"linear"` or `"matmul"`.
    pub kind: &'static str,
    /// The ops after `root`, in order (`root` excluded); never empty.
    pub ops: Vec<MlirOperation>,
    /// The steps (a linear's bias first).
    pub steps: Vec<EpilogueStep>,
    /// The operands of the `add`/`mul` steps, in order.
    pub operands: Vec<MlirValue>,
}

/// The chain starting at `root`, when it is worth fusing.
pub fn match_epilogue(root: MlirOperation) -> Option<EpilogueChain> {
    // SAFETY: `root` and every op reached from it are live.
    unsafe {
        let (kind, mut steps, mut operands) =
            match (op_name(root).as_str(), mlirOperationGetNumOperands(root)) {
                ("kforge.linear", 2) => ("linear", Vec::new(), Vec::new()),
                ("kforge.linear", 3) => (
                    "linear",
                    vec![EpilogueStep::Add],
                    vec![mlirOperationGetOperand(root, 2)],
                ),
                ("kforge.matmul", 2) => ("matmul", Vec::new(), Vec::new()),
                _ => return None,
            };
        let block = mlirOperationGetBlock(root);
        let mut ops = Vec::new();
        let mut value = mlirOperationGetResult(root, 0);
        while let Some(user) = single_user(value) {
            if !mlirBlockEqual(mlirOperationGetBlock(user), block) {
                break;
            }
            let Some((step, operand)) = epilogue_step(user, value) else {
                break;
            };
            if operand.is_some() && operands.len() == MAX_EPILOGUE_OPERANDS {
                break;
            }
            steps.push(step);
            operands.extend(operand);
            ops.push(user);
            value = mlirOperationGetResult(user, 0);
        }
        (!ops.is_empty()).then_some(EpilogueChain {
            root,
            kind,
            ops,
            steps,
            operands,
        })
    }
}

/// The step `user` applies to `value`, and the other operand of an
/// `add`/`mul`; `None` when `user` cannot join the epilogue.
unsafe fn epilogue_step(
    user: MlirOperation,
    value: MlirValue,
) -> Option<(EpilogueStep, Option<MlirValue>)> {
    // SAFETY: live ops and values, guaranteed by the caller.
    unsafe {
        let same_type = mlirOperationGetNumResults(user) == 1
            && mlirTypeEqual(
                mlirValueGetType(mlirOperationGetResult(user, 0)),
                mlirValueGetType(value),
            );
        if !same_type {
            return None;
        }
        match op_name(user).as_str() {
            name @ ("kforge.add" | "kforge.mul") if mlirOperationGetNumOperands(user) == 2 => {
                let (a, b) = (
                    mlirOperationGetOperand(user, 0),
                    mlirOperationGetOperand(user, 1),
                );
                let other = match (mlirValueEqual(a, value), mlirValueEqual(b, value)) {
                    (true, false) => b,
                    (false, true) => a,
                    _ => return None,
                };
                let step = if name == "kforge.add" {
                    EpilogueStep::Add
                } else {
                    EpilogueStep::Mul
                };
                Some((step, Some(other)))
            }
            "kforge.silu" => Some((EpilogueStep::Silu, None)),
            "kforge.gelu" => {
                let attr = attribute(user, "approximate")?;
                if !mlirAttributeIsAString(attr) {
                    return None;
                }
                match string_ref(mlirStringAttrGetValue(attr)).as_str() {
                    "tanh" => Some((EpilogueStep::GeluTanh, None)),
                    "none" => Some((EpilogueStep::Gelu, None)),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

/// The one op using `value`, if it has exactly one use.
unsafe fn single_user(value: MlirValue) -> Option<MlirOperation> {
    // SAFETY: `value` is live, guaranteed by the caller.
    unsafe {
        let first = mlirValueGetFirstUse(value);
        if first.ptr.is_null() || !mlirOpOperandGetNextUse(first).ptr.is_null() {
            return None;
        }
        Some(mlirOpOperandGetOwner(first))
    }
}

/// Replaces `chain` by one `kforge.fused_linear` (with `steps` as its
/// epilogue: the chain's own, or a corrupted list under `test-miscompile`).
pub fn rewrite_epilogue(chain: &EpilogueChain, steps: &[EpilogueStep]) -> Result<(), String> {
    let last = *chain.ops.last().expect("a matched chain is not empty");
    let binary = steps.iter().filter(|s| s.is_binary()).count();
    let operands: Vec<MlirValue> = chain.operands[..binary.min(chain.operands.len())].to_vec();
    let mut segments = vec!["1".to_string(), "1".to_string()];
    segments.extend(
        (0..MAX_EPILOGUE_OPERANDS)
            .map(|i| (i < operands.len()) as u8)
            .map(|n| n.to_string()),
    );
    let mut attributes = vec![
        ("kind", format!("\"{}\"", chain.kind)),
        ("epilogue", format!("\"{}\"", epilogue_text(steps))),
        (
            "operandSegmentSizes",
            format!("array<i32: {}>", segments.join(", ")),
        ),
    ];
    // A stored-format weight keeps its format (dialect/OPS.md).
    attributes.extend(crate::fusion_ir::weight_format_attr(chain.root));
    // SAFETY: every op and value of the chain is live; the new op is inserted
    // into the chain's block before the chain is erased (users first).
    unsafe {
        let context = mlirOperationGetContext(last);
        let mut named = Vec::new();
        for (name, text) in &attributes {
            let attr = parse_attribute(last, text)
                .ok_or_else(|| format!("internal error: attribute '{text}' does not parse"))?;
            let id = mlirIdentifierGet(context, str_ref(name));
            named.push(mlirNamedAttributeGet(id, attr));
        }
        let mut all_operands = vec![
            mlirOperationGetOperand(chain.root, 0),
            mlirOperationGetOperand(chain.root, 1),
        ];
        all_operands.extend(operands);
        let result_type = mlirValueGetType(mlirOperationGetResult(last, 0));
        let name = "kforge.fused_linear";
        let mut state = mlirOperationStateGet(str_ref(name), mlirOperationGetLocation(last));
        mlirOperationStateAddOperands(
            &mut state,
            all_operands.len() as isize,
            all_operands.as_ptr(),
        );
        mlirOperationStateAddResults(&mut state, 1, &result_type);
        mlirOperationStateAddAttributes(&mut state, named.len() as isize, named.as_ptr());
        let fused = mlirOperationCreate(&mut state);
        if fused.ptr.is_null() {
            return Err("internal error: kforge.fused_linear could not be created".into());
        }
        mlirBlockInsertOwnedOperationBefore(mlirOperationGetBlock(last), last, fused);
        mlirValueReplaceAllUsesOfWith(
            mlirOperationGetResult(last, 0),
            mlirOperationGetResult(fused, 0),
        );
        for op in chain.ops.iter().rev().chain([&chain.root]) {
            mlirOperationDestroy(*op);
        }
    }
    Ok(())
}

/// Fuses every matched chain under `root`.
#[allow(
    clippy::result_unit_err,
    reason = "the signature of every pass in the registry; the error is already emitted"
)]
pub fn fuse_epilogue(
    root: MlirOperation,
    options: &crate::registry::PassOptions,
) -> Result<(), ()> {
    let miscompile = options.get("test-miscompile").map(String::as_str) == Some("true");
    let mut roots = collect_ops(root, "kforge.linear");
    roots.extend(collect_ops(root, "kforge.matmul"));
    for op in roots {
        // Roots are never part of another chain, so each is still live here.
        let Some(chain) = match_epilogue(op) else {
            continue;
        };
        let mut steps = chain.steps.clone();
        if miscompile {
            steps.pop();
            if steps.is_empty() {
                steps.push(EpilogueStep::Silu);
            }
        }
        if let Err(message) = rewrite_epilogue(&chain, &steps) {
            emit_error(op, &format!("kforge-fuse-epilogue: {message}"));
            return Err(());
        }
    }
    Ok(())
}
