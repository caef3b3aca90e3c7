//! Which linalg ops are contractions, and the role of each of their loops.
//!
//! A contraction here is `linalg.matmul`, `linalg.batch_matmul` or a
//! `linalg.generic` with two f32 inputs, one output, projected-permutation
//! indexing maps and the body `acc + a * b`. Each loop is classified by the
//! operands it indexes: batch (A, B and C), M (A and C), N (B and C) or K
//! (a reduction).
use kforge_dialect::ir::{attribute, op_name, print_to_string};
use mlir_sys::*;

/// The role of one loop of a contraction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// Indexes both inputs and the output.
    Batch,
    /// Indexes the left input and the output (rows of C).
    M,
    /// Indexes the right input and the output (columns of C).
    N,
    /// A reduction loop.
    K,
}

/// How the innermost register tile is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// The right input and the output are contiguous along the last N loop
    /// (`C[m, n] += A[m, k]·B[k, n]`): outer products of a column of A and a
    /// row of B, accumulated in registers.
    OuterProduct,
    /// Both inputs are contiguous along the (single, last) K loop
    /// (`C[m, n] += A[m, k]·B[n, k]`, `kforge.linear`, `QKᵀ`): vectors along K
    /// accumulated elementwise, reduced once per register tile.
    Dot,
}

/// A contraction and what the tiling needs to know about it.
#[derive(Debug)]
pub(crate) struct Contraction {
    /// The linalg op.
    pub op: MlirOperation,
    /// The role of each loop, in iteration order.
    pub roles: Vec<Role>,
    /// The static trip count of each loop (`None`: dynamic).
    pub extents: Vec<Option<u64>>,
    /// The register-tile form.
    pub form: Form,
}

impl Contraction {
    /// The last loop with `role` (the one the register tile vectorizes).
    pub fn last(&self, role: Role) -> Option<usize> {
        self.roles.iter().rposition(|r| *r == role)
    }
}

/// `op` as a contraction, or `None` when it is not one this pass tiles.
pub(crate) fn analyze(op: MlirOperation) -> Option<Contraction> {
    let name = op_name(op);
    let maps = match name.as_str() {
        "linalg.matmul" => {
            indexing_maps(op).unwrap_or_else(|| vec![vec![0, 2], vec![2, 1], vec![0, 1]])
        }
        "linalg.batch_matmul" => {
            indexing_maps(op).unwrap_or_else(|| vec![vec![0, 1, 3], vec![0, 3, 2], vec![0, 1, 2]])
        }
        "linalg.generic" if has_multiply_add_body(op) => indexing_maps(op)?,
        _ => return None,
    };
    // SAFETY: a live op; operand and type accessors only read it.
    let num_operands = unsafe { mlirOperationGetNumOperands(op) };
    if num_operands != 3 || maps.len() != 3 || !all_f32_tensors(op) {
        return None;
    }
    let num_loops = maps.iter().flatten().max().map_or(0, |d| d + 1);
    let reductions = reduction_loops(op, &name, num_loops)?;
    let mut roles = Vec::with_capacity(num_loops);
    for (d, reduces) in reductions.iter().enumerate() {
        let (a, b, c) = (
            maps[0].contains(&d),
            maps[1].contains(&d),
            maps[2].contains(&d),
        );
        roles.push(match (*reduces, a, b, c) {
            (true, true, true, false) => Role::K,
            (false, true, true, true) => Role::Batch,
            (false, true, false, true) => Role::M,
            (false, false, true, true) => Role::N,
            _ => return None,
        });
    }
    let extents = (0..num_loops).map(|d| loop_extent(op, &maps, d)).collect();
    let k_loops: Vec<usize> = (0..num_loops).filter(|d| roles[*d] == Role::K).collect();
    let parallel: Vec<usize> = (0..num_loops).filter(|d| roles[*d] != Role::K).collect();
    let dot = k_loops.len() == 1
        && k_loops[0] == num_loops - 1
        && maps[0].last() == Some(&k_loops[0])
        && maps[1].last() == Some(&k_loops[0])
        && maps[2] == parallel;
    let outer = roles.contains(&Role::N)
        && maps[1].last() == roles.iter().rposition(|r| *r == Role::N).as_ref()
        && maps[2].last() == maps[1].last();
    let form = match (dot, outer) {
        (true, _) => Form::Dot,
        (false, true) => Form::OuterProduct,
        // Neither layout is contiguous where a register tile needs it.
        (false, false) => return None,
    };
    Some(Contraction {
        op,
        roles,
        extents,
        form,
    })
}

/// The loop positions each operand's indexing map reads, when every map is a
/// projected permutation (results are plain loop dims).
fn indexing_maps(op: MlirOperation) -> Option<Vec<Vec<usize>>> {
    let maps = attribute(op, "indexing_maps")?;
    // SAFETY: `maps` is an attribute of a live op; accessors only read it.
    unsafe {
        if !mlirAttributeIsAArray(maps) {
            return None;
        }
        (0..mlirArrayAttrGetNumElements(maps))
            .map(|i| {
                let map_attr = mlirArrayAttrGetElement(maps, i);
                if !mlirAttributeIsAAffineMap(map_attr) {
                    return None;
                }
                let map = mlirAffineMapAttrGetValue(map_attr);
                (0..mlirAffineMapGetNumResults(map))
                    .map(|r| {
                        let e = mlirAffineMapGetResult(map, r);
                        mlirAffineExprIsADim(e).then(|| mlirAffineDimExprGetPosition(e) as usize)
                    })
                    .collect()
            })
            .collect()
    }
}

/// Which loops reduce: from `iterator_types` of a generic, known for named ops.
fn reduction_loops(op: MlirOperation, name: &str, num_loops: usize) -> Option<Vec<bool>> {
    match name {
        "linalg.matmul" => return Some(vec![false, false, true]),
        "linalg.batch_matmul" => return Some(vec![false, false, false, true]),
        _ => {}
    }
    let iterators = attribute(op, "iterator_types")?;
    // SAFETY: an attribute of a live op; accessors only read it.
    unsafe {
        if !mlirAttributeIsAArray(iterators)
            || mlirArrayAttrGetNumElements(iterators) as usize != num_loops
        {
            return None;
        }
        Some(
            (0..num_loops)
                .map(|i| {
                    let it = mlirArrayAttrGetElement(iterators, i as isize);
                    print_to_string(|cb, data| mlirAttributePrint(it, cb, data))
                        .contains("reduction")
                })
                .collect(),
        )
    }
}

/// A generic whose body is exactly `%p = mulf %a, %b; %s = addf %acc, %p; yield %s`.
fn has_multiply_add_body(op: MlirOperation) -> bool {
    // SAFETY: a live op; the walk over its single block only reads it.
    unsafe {
        let block = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
        if block.ptr.is_null() {
            return false;
        }
        let mut names = Vec::new();
        let mut inner = mlirBlockGetFirstOperation(block);
        while !inner.ptr.is_null() {
            names.push(op_name(inner));
            inner = mlirOperationGetNextInBlock(inner);
        }
        names == ["arith.mulf", "arith.addf", "linalg.yield"]
    }
}

/// Every operand a ranked f32 tensor.
fn all_f32_tensors(op: MlirOperation) -> bool {
    // SAFETY: a live op; type accessors only read it.
    unsafe {
        (0..mlirOperationGetNumOperands(op)).all(|i| {
            let t = mlirValueGetType(mlirOperationGetOperand(op, i));
            mlirTypeIsARankedTensor(t) && mlirTypeIsAF32(mlirShapedTypeGetElementType(t))
        })
    }
}

/// The static size of loop `d`, read from the first operand dim it indexes.
fn loop_extent(op: MlirOperation, maps: &[Vec<usize>], d: usize) -> Option<u64> {
    let (operand, dim) = maps
        .iter()
        .enumerate()
        .find_map(|(i, m)| m.iter().position(|x| *x == d).map(|p| (i, p)))?;
    // SAFETY: a live op's operand type; the dim index is within its rank.
    unsafe {
        let t = mlirValueGetType(mlirOperationGetOperand(op, operand as isize));
        if mlirShapedTypeIsDynamicDim(t, dim as isize) {
            None
        } else {
            Some(mlirShapedTypeGetDimSize(t, dim as isize) as u64)
        }
    }
}
