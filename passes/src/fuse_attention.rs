//! `--kforge-fuse-attention`: attention written as separate ops →
//! `kforge.attention` (one online-softmax kernel).
//!
//! **Matches** `softmax(q·kᵀ)·v` for one key/value head, 2-D and static:
//! ```text
//! %s = kforge.linear(%q: [M,D], %k: [T,D])      // q·kᵀ: linear multiplies by the transpose
//! %p = kforge.softmax(%s) {axis = -1 or 1}
//! %o = kforge.matmul(%p: [M,T], %v: [T,D])
//! ```
//! with the scores and probabilities used only by the chain. The dialect
//! has no transpose, so this is the decomposed form it can express: K in
//! its natural `[T, D]` layout (as a KV cache stores it) through
//! `kforge.linear`, which computes `q·kᵀ`. The softmax scale must already
//! be in `q` (an `[M, D]` multiply, left outside, rather than an `[M, T]`
//! one): a `kforge.mul` of the scores by a tensor cannot become the
//! attribute `scale`, since the dialect has no constants. No mask: an
//! additive mask is an arbitrary tensor, and `kforge.attention` knows only
//! the causal one. The `M` rows may be one head's queries or, for GQA, the
//! query heads that share this key/value head (rows are independent without
//! a mask) — one decode step of a group is `M = heads per KV head`.
//! **Does not fuse** masked or scaled scores, a softmax over another axis,
//! dynamic shapes, value widths other than `D`, or intermediates with other uses.
//! **Emits** `kforge.reshape`s to `[M,1,D]`/`[T,1,D]`, one
//! `kforge.attention {causal = false, scale = 1.0}` and a reshape back. Its
//! `--lower-to-cpu` lowering calls the AVX-512 online-softmax microkernel,
//! which for a few query rows over a long context splits the keys across
//! threads (split-K, partial `(max, sum, acc)` merged at the end) and reads
//! each K/V chunk from memory once for all rows: no `[M, T]` score or
//! probability tensor, and no packing of `v` as the matmul kernel would do.
//!
//! Before:
//! ```mlir
//! %s = "kforge.linear"(%q, %k) : (tensor<3x64xf32>, tensor<2048x64xf32>) -> tensor<3x2048xf32>
//! %p = "kforge.softmax"(%s) {axis = -1 : i64} : (tensor<3x2048xf32>) -> tensor<3x2048xf32>
//! %o = "kforge.matmul"(%p, %v) : (tensor<3x2048xf32>, tensor<2048x64xf32>) -> tensor<3x64xf32>
//! ```
//! After:
//! ```mlir
//! %0 = "kforge.reshape"(%q) : (tensor<3x64xf32>) -> tensor<3x1x64xf32>
//! %1 = "kforge.reshape"(%k) : (tensor<2048x64xf32>) -> tensor<2048x1x64xf32>
//! %2 = "kforge.reshape"(%v) : (tensor<2048x64xf32>) -> tensor<2048x1x64xf32>
//! %3 = "kforge.attention"(%0, %1, %2) {causal = false, scale = 1.000000e+00 : f32,
//!        operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>} : (…) -> tensor<3x1x64xf32>
//! %o = "kforge.reshape"(%3) : (tensor<3x1x64xf32>) -> tensor<3x64xf32>
//! ```
use crate::fusion_ir::{
    create_before, operand, operand_count, replace_and_erase, result, single_user, type_of,
};
use crate::rewrite::emit_error;
use kforge_dialect::ir::{attribute, collect_ops, op_name, str_ref};
use kforge_dialect::{Dim, TensorType};
use mlir_sys::*;

/// A decomposed attention found at its final `kforge.matmul`.
#[derive(Debug)]
pub struct AttentionChain {
    /// `kforge.linear(q, k)`.
    pub scores: MlirOperation,
    /// `kforge.softmax`.
    pub softmax: MlirOperation,
    /// `kforge.matmul(p, v)`.
    pub matmul: MlirOperation,
    /// `[M, D]`, `[T, D]`.
    pub shapes: (usize, usize, usize),
}

fn tensor_type(value: MlirValue) -> Option<TensorType> {
    // SAFETY: a live value's type.
    TensorType::from_mlir(unsafe { melior::ir::Type::from_raw(type_of(value)) })
}

fn static_2d(t: &TensorType) -> Option<(usize, usize)> {
    match t.shape[..] {
        [Dim::Static(a), Dim::Static(b)] => Some((a as usize, b as usize)),
        _ => None,
    }
}

fn defining(value: MlirValue, name: &str) -> Option<MlirOperation> {
    // SAFETY: a live value.
    unsafe {
        if !mlirValueIsAOpResult(value) {
            return None;
        }
        let op = mlirOpResultGetOwner(value);
        (op_name(op) == name).then_some(op)
    }
}

/// The chain ending at `matmul`, if it matches.
pub fn match_attention(matmul: MlirOperation) -> Option<AttentionChain> {
    if op_name(matmul) != "kforge.matmul" {
        return None;
    }
    let probs = operand(matmul, 0);
    let softmax = defining(probs, "kforge.softmax")?;
    let scores_value = operand(softmax, 0);
    let scores = defining(scores_value, "kforge.linear")?;
    if operand_count(scores) != 2
        || attribute(scores, "weight_format").is_some()
        || single_user(probs).is_none()
        || single_user(scores_value).is_none()
    {
        return None;
    }
    let axis = attribute(softmax, "axis")?;
    // SAFETY: a live attribute.
    let axis = unsafe { mlirAttributeIsAInteger(axis).then(|| mlirIntegerAttrGetValueInt(axis)) }?;
    if axis != -1 && axis != 1 {
        return None;
    }
    let (m, d) = static_2d(&tensor_type(operand(scores, 0))?)?;
    let (t, dk) = static_2d(&tensor_type(operand(scores, 1))?)?;
    let (tv, dv) = static_2d(&tensor_type(operand(matmul, 1))?)?;
    let q = tensor_type(operand(scores, 0))?;
    let same_element = [operand(scores, 1), operand(matmul, 1)]
        .iter()
        .all(|v| tensor_type(*v).is_some_and(|t| t.element == q.element));
    (d == dk && t == tv && dv == d && same_element).then_some(AttentionChain {
        scores,
        softmax,
        matmul,
        shapes: (m, t, d),
    })
}

/// Replaces `chain` by reshapes around one `kforge.attention`.
pub fn rewrite_attention(chain: &AttentionChain) -> Result<(), String> {
    let at = chain.matmul;
    let (m, t, d) = chain.shapes;
    let element = tensor_type(operand(chain.scores, 0))
        .ok_or("internal error: q is not a tensor")?
        .element
        .mlir_name()
        .to_string();
    let ty = |shape: &str| -> Result<MlirType, String> {
        let text = format!("tensor<{shape}x{element}>");
        // SAFETY: parsing in the op's live context; checked for null.
        let parsed = unsafe { mlirTypeParseGet(mlirOperationGetContext(at), str_ref(&text)) };
        if parsed.ptr.is_null() {
            return Err(format!("internal error: type '{text}' does not parse"));
        }
        Ok(parsed)
    };
    let reshape = |value: MlirValue, to: MlirType| -> Result<MlirValue, String> {
        let op = create_before(at, "kforge.reshape", &[value], &[to], &[])?;
        Ok(result(op, 0))
    };
    let q = reshape(operand(chain.scores, 0), ty(&format!("{m}x1x{d}"))?)?;
    let k = reshape(operand(chain.scores, 1), ty(&format!("{t}x1x{d}"))?)?;
    let v = reshape(operand(chain.matmul, 1), ty(&format!("{t}x1x{d}"))?)?;
    let attention = create_before(
        at,
        "kforge.attention",
        &[q, k, v],
        &[ty(&format!("{m}x1x{d}"))?],
        &[
            ("causal", "false".to_string()),
            ("scale", format!("1.0 : {element}")),
            (
                "operandSegmentSizes",
                "array<i32: 1, 1, 1, 0, 0, 0>".to_string(),
            ),
        ],
    )?;
    let out = reshape(result(attention, 0), type_of(result(chain.matmul, 0)))?;
    replace_and_erase(chain.matmul, &[out]);
    replace_and_erase(chain.softmax, &[]);
    replace_and_erase(chain.scores, &[]);
    Ok(())
}

/// Fuses every matched chain under `root`.
#[allow(
    clippy::result_unit_err,
    reason = "the signature of every pass in the registry; the error is already emitted"
)]
pub fn fuse_attention(
    root: MlirOperation,
    _options: &crate::registry::PassOptions,
) -> Result<(), ()> {
    for matmul in collect_ops(root, "kforge.matmul") {
        let Some(chain) = match_attention(matmul) else {
            continue;
        };
        if let Err(message) = rewrite_attention(&chain) {
            emit_error(matmul, &format!("kforge-fuse-attention: {message}"));
            return Err(());
        }
    }
    Ok(())
}
