//! `--kforge-weights-to-arguments`: each `kforge.weight` becomes a function argument.
//!
//! **Matches** `kforge.weight` ops inside `func.func` bodies. **Emits** one
//! trailing argument per distinct weight name (a weight used twice, such as tied
//! embeddings, is one argument) and records the names, in argument order, in
//! the function attribute `kforge.weights`. The runtime binds memory-mapped
//! tensors to these arguments, so weights never enter the IR.
//!
//! A function that calls (`func.call`) a function with weights needs them too:
//! it gets the callee's weight arguments it does not have yet, transitively, and
//! passes them on at each call. Any other use of such a function's symbol (a
//! `func.constant`, say) cannot be updated and is an error. Running the pass
//! again adds only weights that appeared since: existing `kforge.weights`
//! arguments are reused by name.
//!
//! Before:
//! ```mlir
//! func.func @f(%x: tensor<2x8xf32>) -> tensor<2x4xf32> {
//!   %w = "kforge.weight"() {name = "proj"} : () -> tensor<4x8xf32>
//!   %y = "kforge.linear"(%x, %w) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
//! ```
//! After:
//! ```mlir
//! func.func @f(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) -> tensor<2x4xf32> attributes {kforge.weights = ["proj"]} {
//!   %y = "kforge.linear"(%x, %w) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
//! ```
use crate::rewrite::{emit_error, set_attribute};
use kforge_dialect::ir::{collect_ops, op_name, str_ref, string_ref, walk_raw};
use mlir_sys::*;

/// The attribute listing a function's weight names, in argument order.
const WEIGHTS_ATTRIBUTE: &str = "kforge.weights";

/// Rewrites every function under `root`.
#[allow(
    clippy::result_unit_err,
    reason = "the signature of every pass in the registry; the error is already emitted"
)]
pub fn weights_to_arguments(
    root: MlirOperation,
    _options: &crate::registry::PassOptions,
) -> Result<(), ()> {
    // SAFETY: every handle comes from the live module under `root`; IR is
    // edited only after the analysis found nothing to reject.
    unsafe {
        let mut funcs = collect_functions(root)?;
        let calls = collect_calls(&funcs);
        propagate_through_calls(&mut funcs, &calls)?;
        check_other_symbol_uses(root, &funcs)?;
        for f in &mut funcs {
            add_arguments(f);
        }
        for call in &calls {
            pass_weights(call, &funcs);
        }
        for f in &funcs {
            finish_function(f);
        }
    }
    Ok(())
}

/// One weight of a function: its name (a `StringAttr` without a type, so
/// equal names are the same attribute), its type, and its argument once added.
#[derive(Clone, Copy)]
struct Weight {
    name: MlirAttribute,
    ty: MlirType,
    arg: Option<MlirValue>,
}

/// A `func.func` with a body.
struct Function {
    op: MlirOperation,
    body: MlirBlock,
    /// The op holding its symbol table (functions are looked up there).
    scope: MlirOperation,
    symbol: String,
    /// Weights in argument order: those of an earlier run first (`arg` set),
    /// then its own `kforge.weight` names, then its callees' it lacks.
    weights: Vec<Weight>,
    /// How many of `weights` had arguments before this run.
    existing: usize,
    /// Its `kforge.weight` ops and the index of their name in `weights`.
    weight_ops: Vec<(MlirOperation, usize)>,
}

impl Function {
    fn position(&self, name: MlirAttribute) -> Option<usize> {
        // SAFETY: attributes of one live context.
        self.weights
            .iter()
            .position(|w| unsafe { mlirAttributeEqual(w.name, name) })
    }

    fn added(&self) -> &[Weight] {
        &self.weights[self.existing..]
    }
}

/// A `func.call` of a function with a body: caller and callee indices.
struct Call {
    op: MlirOperation,
    caller: usize,
    callee: usize,
}

/// The string attribute `name` of `op` rebuilt without a type (same bytes).
unsafe fn string_attr(op: MlirOperation, name: &str) -> Option<MlirAttribute> {
    // SAFETY: guaranteed by the caller: a live op.
    unsafe {
        let attr = mlirOperationGetAttributeByName(op, str_ref(name));
        if attr.ptr.is_null() || !mlirAttributeIsAString(attr) {
            return None;
        }
        Some(mlirStringAttrGet(
            mlirOperationGetContext(op),
            mlirStringAttrGetValue(attr),
        ))
    }
}

/// Display form of a weight name for messages.
unsafe fn name_text(name: MlirAttribute) -> String {
    // SAFETY: guaranteed by the caller: a live string attribute.
    unsafe { string_ref(mlirStringAttrGetValue(name)) }
}

/// Every function with a body, with its earlier and own weights.
unsafe fn collect_functions(root: MlirOperation) -> Result<Vec<Function>, ()> {
    let mut funcs = Vec::new();
    for op in collect_ops(root, "func.func") {
        // SAFETY: ops of the live module.
        unsafe {
            if op_name(op) != "func.func" {
                continue;
            }
            let body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
            if body.ptr.is_null() {
                continue;
            }
            let symbol =
                mlirOperationGetAttributeByName(op, mlirSymbolTableGetSymbolAttributeName());
            let mut f = Function {
                op,
                body,
                scope: mlirOperationGetParentOperation(op),
                symbol: string_ref(mlirStringAttrGetValue(symbol)),
                weights: existing_weights(op, body),
                existing: 0,
                weight_ops: Vec::new(),
            };
            f.existing = f.weights.len();
            for w in collect_ops(op, "kforge.weight") {
                let index = own_weight(&mut f, w)?;
                f.weight_ops.push((w, index));
            }
            funcs.push(f);
        }
    }
    Ok(funcs)
}

/// The weights an earlier run added: the last arguments, named in `kforge.weights`.
unsafe fn existing_weights(func: MlirOperation, body: MlirBlock) -> Vec<Weight> {
    // SAFETY: guaranteed by the caller: a live function and its entry block.
    unsafe {
        let attr = mlirOperationGetAttributeByName(func, str_ref(WEIGHTS_ATTRIBUTE));
        if attr.ptr.is_null() || !mlirAttributeIsAArray(attr) {
            return Vec::new();
        }
        let n = mlirArrayAttrGetNumElements(attr);
        let args = mlirBlockGetNumArguments(body);
        if n > args {
            return Vec::new();
        }
        (0..n)
            .map(|i| {
                let arg = mlirBlockGetArgument(body, args - n + i);
                Weight {
                    name: mlirArrayAttrGetElement(attr, i),
                    ty: mlirValueGetType(arg),
                    arg: Some(arg),
                }
            })
            .collect()
    }
}

/// Adds the weight op `w` to `f`'s weights (once per name); its index.
unsafe fn own_weight(f: &mut Function, w: MlirOperation) -> Result<usize, ()> {
    // SAFETY: guaranteed by the caller: a live `kforge.weight` op.
    unsafe {
        let Some(name) = string_attr(w, "name") else {
            emit_error(w, "expected a string attribute 'name'");
            return Err(());
        };
        let ty = mlirValueGetType(mlirOperationGetResult(w, 0));
        match f.position(name) {
            Some(i) if mlirTypeEqual(f.weights[i].ty, ty) => Ok(i),
            Some(_) => {
                emit_error(
                    w,
                    &format!(
                        "weight '{}' is used with two different types",
                        name_text(name)
                    ),
                );
                Err(())
            }
            None => {
                f.weights.push(Weight {
                    name,
                    ty,
                    arg: None,
                });
                Ok(f.weights.len() - 1)
            }
        }
    }
}

/// Every `func.call` whose callee is one of `funcs` (looked up by name in the
/// caller's symbol scope).
unsafe fn collect_calls(funcs: &[Function]) -> Vec<Call> {
    let mut calls = Vec::new();
    for (caller, f) in funcs.iter().enumerate() {
        for op in collect_ops(f.op, "func.call") {
            // SAFETY: ops of the live module.
            unsafe {
                if op_name(op) != "func.call" {
                    continue;
                }
                let callee = mlirOperationGetAttributeByName(op, str_ref("callee"));
                if callee.ptr.is_null() || !mlirAttributeIsAFlatSymbolRef(callee) {
                    continue;
                }
                let symbol = string_ref(mlirFlatSymbolRefAttrGetValue(callee));
                if let Some(callee) = lookup(funcs, f.scope, &symbol) {
                    calls.push(Call { op, caller, callee });
                }
            }
        }
    }
    calls
}

fn lookup(funcs: &[Function], scope: MlirOperation, symbol: &str) -> Option<usize> {
    funcs
        .iter()
        .position(|g| g.scope.ptr == scope.ptr && g.symbol == symbol)
}

/// Gives every caller the weights of its callees, until nothing changes.
unsafe fn propagate_through_calls(funcs: &mut [Function], calls: &[Call]) -> Result<(), ()> {
    let mut changed = true;
    while changed {
        changed = false;
        for call in calls {
            let needed: Vec<Weight> = funcs[call.callee].weights.clone();
            let caller = &mut funcs[call.caller];
            for w in needed {
                match caller.position(w.name) {
                    // SAFETY: types of one live context.
                    Some(i) if unsafe { mlirTypeEqual(caller.weights[i].ty, w.ty) } => {}
                    Some(_) => {
                        // SAFETY: a live string attribute.
                        let name = unsafe { name_text(w.name) };
                        emit_error(
                            call.op,
                            &format!(
                                "weight '{name}' is used with two different types (in this function and in the callee)"
                            ),
                        );
                        return Err(());
                    }
                    None => {
                        caller.weights.push(Weight { arg: None, ..w });
                        changed = true;
                    }
                }
            }
        }
    }
    Ok(())
}

/// Rejects uses of a function that gains arguments other than `func.call`'s
/// callee: they would no longer match its type.
unsafe fn check_other_symbol_uses(root: MlirOperation, funcs: &[Function]) -> Result<(), ()> {
    let mut failed = false;
    walk_raw(root, &mut |op| {
        // SAFETY: ops reached by the walk are live.
        unsafe {
            let is_call = op_name(op) == "func.call";
            for i in 0..mlirOperationGetNumAttributes(op) {
                let named = mlirOperationGetAttribute(op, i);
                if !mlirAttributeIsAFlatSymbolRef(named.attribute)
                    || (is_call && string_ref(mlirIdentifierStr(named.name)) == "callee")
                {
                    continue;
                }
                let symbol = string_ref(mlirFlatSymbolRefAttrGetValue(named.attribute));
                let scope = enclosing_symbol_scope(op);
                let gains =
                    lookup(funcs, scope, &symbol).is_some_and(|g| !funcs[g].added().is_empty());
                if gains {
                    emit_error(
                        op,
                        &format!(
                            "'@{symbol}' gets weight arguments, but this use of it cannot be updated (only func.call is)"
                        ),
                    );
                    failed = true;
                }
            }
        }
    });
    if failed {
        Err(())
    } else {
        Ok(())
    }
}

/// The nearest ancestor of `op` that is a `builtin.module` (the symbol scope
/// kforge's functions live in).
unsafe fn enclosing_symbol_scope(op: MlirOperation) -> MlirOperation {
    // SAFETY: guaranteed by the caller: a live op.
    unsafe {
        let mut scope = mlirOperationGetParentOperation(op);
        while !scope.ptr.is_null() && op_name(scope) != "builtin.module" {
            scope = mlirOperationGetParentOperation(scope);
        }
        scope
    }
}

/// Adds `f`'s new weight arguments and replaces its `kforge.weight` ops by them.
unsafe fn add_arguments(f: &mut Function) {
    // SAFETY: guaranteed by the caller: a live function; each weight op is
    // erased once, after its uses moved to the argument.
    unsafe {
        for index in f.existing..f.weights.len() {
            // The argument is located at the first weight op of its name, if any.
            let location = f
                .weight_ops
                .iter()
                .find(|(_, i)| *i == index)
                .map_or(mlirOperationGetLocation(f.op), |(op, _)| {
                    mlirOperationGetLocation(*op)
                });
            let w = &mut f.weights[index];
            w.arg = Some(mlirBlockAddArgument(f.body, w.ty, location));
        }
        for &(op, index) in &f.weight_ops {
            let arg = f.weights[index]
                .arg
                .expect("every weight has an argument now");
            mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), arg);
            mlirOperationDestroy(op);
        }
    }
}

/// Appends the callee's new weight arguments to a call, from the caller's.
unsafe fn pass_weights(call: &Call, funcs: &[Function]) {
    let (caller, callee) = (&funcs[call.caller], &funcs[call.callee]);
    if callee.added().is_empty() {
        return;
    }
    // SAFETY: guaranteed by the caller: a live call in `caller`.
    unsafe {
        let mut operands: Vec<MlirValue> = (0..mlirOperationGetNumOperands(call.op))
            .map(|i| mlirOperationGetOperand(call.op, i))
            .collect();
        for w in callee.added() {
            let i = caller.position(w.name).expect("propagated to every caller");
            operands.push(
                caller.weights[i]
                    .arg
                    .expect("every weight has an argument now"),
            );
        }
        mlirOperationSetOperands(call.op, operands.len() as isize, operands.as_ptr());
    }
}

/// Updates `function_type` and `kforge.weights` of a function that gained weights.
unsafe fn finish_function(f: &Function) {
    if f.added().is_empty() {
        return;
    }
    // SAFETY: guaranteed by the caller: a live function.
    unsafe {
        update_function_type(f.op, f.body);
        let names: Vec<MlirAttribute> = f.weights.iter().map(|w| w.name).collect();
        let list = mlirArrayAttrGet(
            mlirOperationGetContext(f.op),
            names.len() as isize,
            names.as_ptr(),
        );
        set_attribute(f.op, WEIGHTS_ATTRIBUTE, list);
    }
}

/// Rebuilds `function_type` from the entry block's arguments.
unsafe fn update_function_type(func: MlirOperation, body: MlirBlock) {
    // SAFETY: guaranteed by the caller: live func and its entry block.
    unsafe {
        let key = str_ref("function_type");
        let old = mlirTypeAttrGetValue(mlirOperationGetAttributeByName(func, key));
        let inputs: Vec<MlirType> = (0..mlirBlockGetNumArguments(body))
            .map(|i| mlirValueGetType(mlirBlockGetArgument(body, i)))
            .collect();
        let results: Vec<MlirType> = (0..mlirFunctionTypeGetNumResults(old))
            .map(|i| mlirFunctionTypeGetResult(old, i))
            .collect();
        let new = mlirFunctionTypeGet(
            mlirOperationGetContext(func),
            inputs.len() as isize,
            inputs.as_ptr(),
            results.len() as isize,
            results.as_ptr(),
        );
        mlirOperationSetAttributeByName(func, key, mlirTypeAttrGet(new));
    }
}
