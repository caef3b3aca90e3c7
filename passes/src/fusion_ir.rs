//! IR helpers the kforge-level fusion passes share: the users of a value,
//! whether a value is available at an op, and creating a kforge op from
//! operands, result types and attribute text.
use crate::rewrite::parse_attribute;
use kforge_dialect::ir::str_ref;
use mlir_sys::*;

/// The ops using `value`, once per use, in use-list order.
pub fn users(value: MlirValue) -> Vec<MlirOperation> {
    let mut out = Vec::new();
    // SAFETY: `value` is live; the use list is walked read-only.
    unsafe {
        let mut operand = mlirValueGetFirstUse(value);
        while !operand.ptr.is_null() {
            out.push(mlirOpOperandGetOwner(operand));
            operand = mlirOpOperandGetNextUse(operand);
        }
    }
    out
}

/// The one op using `value`, if it has exactly one use.
pub fn single_user(value: MlirValue) -> Option<MlirOperation> {
    match users(value)[..] {
        [user] => Some(user),
        _ => None,
    }
}

/// Whether `value` can be used by an op inserted right before `op`: a block
/// argument or result of an op in a block enclosing `op`, defined before it.
pub fn available_before(value: MlirValue, op: MlirOperation) -> bool {
    // SAFETY: live value and op; only parents and blocks are read.
    unsafe {
        let (block, def) = if mlirValueIsAOpResult(value) {
            let def = mlirOpResultGetOwner(value);
            (mlirOperationGetBlock(def), Some(def))
        } else {
            (mlirBlockArgumentGetOwner(value), None)
        };
        // The ancestor of `op` (itself or an enclosing op) that lies in `block`.
        let mut at = op;
        while !at.ptr.is_null() && !mlirBlockEqual(mlirOperationGetBlock(at), block) {
            at = mlirOperationGetParentOperation(at);
        }
        if at.ptr.is_null() {
            return false;
        }
        match def {
            None => true,
            Some(def) => !mlirOperationEqual(def, at) && mlirOperationIsBeforeInBlock(def, at),
        }
    }
}

/// Creates `name` with `operands`, `results` and `attributes` (name, text),
/// inserted before `before` at its location.
pub fn create_before(
    before: MlirOperation,
    name: &str,
    operands: &[MlirValue],
    results: &[MlirType],
    attributes: &[(&str, String)],
) -> Result<MlirOperation, String> {
    // SAFETY: `before` is live; every handle comes from its context.
    unsafe {
        let context = mlirOperationGetContext(before);
        let mut named = Vec::new();
        for (attr_name, text) in attributes {
            let attr = parse_attribute(before, text)
                .ok_or_else(|| format!("internal error: attribute '{text}' does not parse"))?;
            let id = mlirIdentifierGet(context, str_ref(attr_name));
            named.push(mlirNamedAttributeGet(id, attr));
        }
        let mut state = mlirOperationStateGet(str_ref(name), mlirOperationGetLocation(before));
        mlirOperationStateAddOperands(&mut state, operands.len() as isize, operands.as_ptr());
        mlirOperationStateAddResults(&mut state, results.len() as isize, results.as_ptr());
        mlirOperationStateAddAttributes(&mut state, named.len() as isize, named.as_ptr());
        let op = mlirOperationCreate(&mut state);
        if op.ptr.is_null() {
            return Err(format!("internal error: {name} could not be created"));
        }
        mlirBlockInsertOwnedOperationBefore(mlirOperationGetBlock(before), before, op);
        Ok(op)
    }
}

/// Replaces every use of `op`'s results by `with` (in order) and erases it.
pub fn replace_and_erase(op: MlirOperation, with: &[MlirValue]) {
    // SAFETY: live op and values of the same block; `op` has no use left
    // when it is destroyed.
    unsafe {
        for (i, v) in with.iter().enumerate() {
            mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, i as isize), *v);
        }
        mlirOperationDestroy(op);
    }
}

/// Result `i` of `op`.
pub fn result(op: MlirOperation, i: usize) -> MlirValue {
    // SAFETY: callers pass an index below the op's result count.
    unsafe { mlirOperationGetResult(op, i as isize) }
}

/// Operand `i` of `op`.
pub fn operand(op: MlirOperation, i: usize) -> MlirValue {
    // SAFETY: callers pass an index below the op's operand count.
    unsafe { mlirOperationGetOperand(op, i as isize) }
}

/// The number of operands of `op`.
pub fn operand_count(op: MlirOperation) -> usize {
    // SAFETY: live op.
    unsafe { mlirOperationGetNumOperands(op) as usize }
}

/// The type of `value`.
pub fn type_of(value: MlirValue) -> MlirType {
    // SAFETY: live value.
    unsafe { mlirValueGetType(value) }
}

/// `op`'s `weight_format` attribute as `(name, printed value)` for the op a
/// fusion makes in its place, `None` when absent: fusions join projections
/// only of one format and carry it over (dialect/OPS.md).
pub fn weight_format_attr(op: MlirOperation) -> Option<(&'static str, String)> {
    kforge_dialect::ir::attribute(op, "weight_format")
        // SAFETY: a live attribute.
        .map(|a| {
            (
                "weight_format",
                unsafe { melior::ir::Attribute::from_raw(a) }.to_string(),
            )
        })
}
