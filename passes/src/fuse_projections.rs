//! `--kforge-fuse-projections`: projections of one input → one
//! `kforge.multi_linear` (QKV fusion).
//!
//! **Matches** two to four `kforge.linear` ops without bias in one block that
//! read the same input (the q, k and v projections of a normalized hidden
//! state), in block order; a fifth starts another group. A linear joins a
//! group only if its weight is available before the group's first linear,
//! where the fused op goes.
//! **Does not fuse** a linear with a bias, a lone projection, or linears in
//! different blocks.
//! **Emits** one `kforge.multi_linear` before the first linear of the group,
//! whose results replace the linears' results (the linears are erased).
//!
//! Why one op: this is the product with the concatenated weight
//! `x·[W_q; W_k; W_v]ᵀ`, split after — the issue's "one matmul over the
//! concatenated weight" — without ever concatenating the weights. The
//! `--lower-to-cpu` lowering calls `kforge_ukernel_multi_linear_f32` once:
//! the runtime lists the 32-column panels of every weight (each packed once
//! at load, in place) as one range and splits it over one parallel region,
//! each panel writing its own output. At decode that is one fork-join
//! instead of three, one stream over all the weight bytes, and balanced
//! tasks (576 + 192 + 192 columns = 30 panels, vs. 18/6/6 split per call).
//! Concatenating at load time would give the same stream but a new weight
//! (twice the memory while both exist, or an importer change); slicing the
//! result would copy it. With `linear-kernel=loops` it lowers to one
//! reduction generic per weight: the fusion is then neutral.
//!
//! Before:
//! ```mlir
//! %q = "kforge.linear"(%x, %wq) : (tensor<1x576xf32>, tensor<576x576xf32>) -> tensor<1x576xf32>
//! %k = "kforge.linear"(%x, %wk) : (tensor<1x576xf32>, tensor<192x576xf32>) -> tensor<1x192xf32>
//! %v = "kforge.linear"(%x, %wv) : (tensor<1x576xf32>, tensor<192x576xf32>) -> tensor<1x192xf32>
//! ```
//! After:
//! ```mlir
//! %0:3 = "kforge.multi_linear"(%x, %wq, %wk, %wv) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 1, 0>,
//!          resultSegmentSizes = array<i32: 1, 1, 1, 0>}
//!          : (tensor<1x576xf32>, tensor<576x576xf32>, tensor<192x576xf32>, tensor<192x576xf32>)
//!          -> (tensor<1x576xf32>, tensor<1x192xf32>, tensor<1x192xf32>)
//! ```
use crate::fusion_ir::{
    available_before, create_before, operand, operand_count, replace_and_erase, result, type_of,
    weight_format_attr,
};
use crate::rewrite::emit_error;
use kforge_dialect::ir::collect_ops;
use kforge_dialect::projections::{
    multi_linear_operand_segments, multi_linear_result_segments, MAX_PROJECTIONS,
};
use mlir_sys::*;

/// Bias-free linears of one input, to become one `kforge.multi_linear`.
#[derive(Debug)]
pub struct ProjectionGroup {
    /// The shared input.
    pub input: MlirValue,
    /// The `kforge.linear` ops, in block order (2 to [`MAX_PROJECTIONS`]).
    pub linears: Vec<MlirOperation>,
}

/// Every group of fusable projections under `root`.
pub fn match_projections(root: MlirOperation) -> Vec<ProjectionGroup> {
    let mut open: Vec<ProjectionGroup> = Vec::new();
    let mut done = Vec::new();
    for op in collect_ops(root, "kforge.linear") {
        if operand_count(op) != 2 {
            continue;
        }
        let (input, weight) = (operand(op, 0), operand(op, 1));
        // SAFETY: live ops and values.
        let joins = |g: &ProjectionGroup| unsafe {
            mlirValueEqual(g.input, input)
                && mlirBlockEqual(
                    mlirOperationGetBlock(g.linears[0]),
                    mlirOperationGetBlock(op),
                )
                && g.linears.len() < MAX_PROJECTIONS
                && available_before(weight, g.linears[0])
                && weight_format_attr(g.linears[0]) == weight_format_attr(op)
        };
        match open.iter_mut().find(|g| joins(g)) {
            Some(group) => group.linears.push(op),
            None => open.push(ProjectionGroup {
                input,
                linears: vec![op],
            }),
        }
        // A full group is closed so that the next linear starts a new one.
        if let Some(i) = open.iter().position(|g| g.linears.len() == MAX_PROJECTIONS) {
            done.push(open.remove(i));
        }
    }
    done.extend(open);
    done.retain(|g| g.linears.len() >= 2);
    done
}

/// Replaces `group` by one `kforge.multi_linear`.
pub fn rewrite_projections(group: &ProjectionGroup) -> Result<MlirOperation, String> {
    let first = group.linears[0];
    let mut operands = vec![group.input];
    operands.extend(group.linears.iter().map(|l| operand(*l, 1)));
    let results: Vec<MlirType> = group
        .linears
        .iter()
        .map(|l| type_of(result(*l, 0)))
        .collect();
    let n = group.linears.len();
    let mut attributes = vec![
        (
            "operandSegmentSizes",
            multi_linear_operand_segments(false, n),
        ),
        ("resultSegmentSizes", multi_linear_result_segments(n)),
    ];
    attributes.extend(weight_format_attr(first));
    let fused = create_before(
        first,
        "kforge.multi_linear",
        &operands,
        &results,
        &attributes,
    )?;
    for (i, linear) in group.linears.iter().enumerate() {
        replace_and_erase(*linear, &[result(fused, i)]);
    }
    Ok(fused)
}

/// Fuses every group under `root`.
#[allow(
    clippy::result_unit_err,
    reason = "the signature of every pass in the registry; the error is already emitted"
)]
pub fn fuse_projections(
    root: MlirOperation,
    _options: &crate::registry::PassOptions,
) -> Result<(), ()> {
    for group in match_projections(root) {
        if let Err(message) = rewrite_projections(&group) {
            emit_error(
                group.linears[0],
                &format!("kforge-fuse-projections: {message}"),
            );
            return Err(());
        }
    }
    Ok(())
}
