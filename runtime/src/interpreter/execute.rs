//! Running a function's entry block op by op.
//!
//! Values live in a map keyed by their `MlirValue` pointer. Arguments are
//! borrowed from the caller; every other value is owned and dropped after its
//! last use, so a deep model holds only its live activations.

use std::borrow::Cow;
use std::collections::HashMap;

use kforge_dialect::{KforgeOp, OpSignature};
use melior::ir::operation::OperationLike;
use melior::ir::{BlockLike, OperationRef};

use super::dispatch::{run_op, Site};
use super::error::InterpretError;
use super::function::{block_ops, entry_block, value_key, FunctionSignature};
use super::inputs::matches;
use super::location::describe;
use super::shapes::check_allocations;
use super::weights::WeightSource;
use crate::reference::Tensor;

/// Runs `func`, whose arguments are bound to `arguments` in order, and
/// returns the operands of its `func.return`.
pub(super) fn execute<'t>(
    func: OperationRef,
    sig: &FunctionSignature,
    arguments: Vec<Cow<'t, Tensor>>,
    weights: &dyn WeightSource,
) -> Result<Vec<Tensor>, InterpretError> {
    let invalid = |message: String| InterpretError::InvalidFunction {
        function: sig.name.clone(),
        location: describe(func.location()),
        message,
    };
    let block =
        entry_block(func).ok_or_else(|| invalid("is a declaration without a body".into()))?;
    if block.argument_count() != arguments.len() {
        return Err(invalid(format!(
            "expected its entry block to have {} arguments (the function type's), got {}",
            arguments.len(),
            block.argument_count()
        )));
    }
    let mut values: HashMap<usize, Cow<'t, Tensor>> = HashMap::new();
    for (i, tensor) in arguments.into_iter().enumerate() {
        let argument = block
            .argument(i)
            .map_err(|e| invalid(format!("cannot read argument #{i}: {e}")))?;
        values.insert(value_key(argument), tensor);
    }
    let ops: Vec<OperationRef> = block_ops(block).collect();
    let last_use = last_uses(&ops);
    for (index, op) in ops.iter().enumerate() {
        let op_sig = OpSignature::from_operation(op);
        let location = describe(op.location());
        let site = Site {
            op: &op_sig.name,
            location: &location,
        };
        let keys: Vec<usize> = op.operands().map(value_key).collect();
        if op_sig.name == "func.return" {
            return take_outputs(&mut values, &keys, &site);
        }
        if KforgeOp::from_name(&op_sig.name).is_none() {
            return Err(site.unsupported());
        }
        let results = {
            let operands = keys
                .iter()
                .map(|key| values.get(key).map(AsRef::as_ref))
                .collect::<Option<Vec<&Tensor>>>()
                .ok_or_else(|| site.invalid("uses a value defined outside the entry block"))?;
            // Sized before the kernel allocates: results can dwarf the operands.
            let shapes: Vec<&[usize]> = operands.iter().map(|t| t.shape()).collect();
            check_allocations(&op_sig, &shapes).map_err(|e| site.invalid(e.to_string()))?;
            run_op(&op_sig, &operands, weights, &site)?
        };
        check_results(&op_sig, &results, &site)?;
        for (result, tensor) in op.results().zip(results) {
            let key = value_key(result);
            if last_use.contains_key(&key) {
                values.insert(key, Cow::Owned(tensor));
            }
        }
        for key in &keys {
            if last_use.get(key) == Some(&index) {
                values.remove(key);
            }
        }
    }
    Err(invalid(
        "expected the entry block to end with func.return".into(),
    ))
}

/// For every value used in the block, the index of the last op using it.
fn last_uses(ops: &[OperationRef]) -> HashMap<usize, usize> {
    let mut last = HashMap::new();
    for (index, op) in ops.iter().enumerate() {
        for operand in op.operands() {
            last.insert(value_key(operand), index);
        }
    }
    last
}

/// Checks the kernel's results against the op's declared result types.
fn check_results(sig: &OpSignature, results: &[Tensor], site: &Site) -> Result<(), InterpretError> {
    if results.len() != sig.results.len() {
        return Err(site.invalid(format!(
            "expected {} results (declared), computed {}",
            sig.results.len(),
            results.len()
        )));
    }
    for (index, (declared, tensor)) in sig.results.iter().zip(results).enumerate() {
        match declared {
            Ok(ty) if matches(ty, tensor) => {}
            Ok(ty) => {
                return Err(site.invalid(format!(
                    "expected result #{index} of type {ty} (declared), computed {} tensor of shape {:?}",
                    tensor.element_type(),
                    tensor.shape()
                )))
            }
            Err(text) => {
                return Err(site.invalid(format!(
                    "result #{index} has type {text}, not a ranked tensor the interpreter can hold"
                )))
            }
        }
    }
    Ok(())
}

/// The returned tensors, moved out of `values` (cloned when a value is
/// returned twice or is a borrowed argument).
fn take_outputs(
    values: &mut HashMap<usize, Cow<'_, Tensor>>,
    keys: &[usize],
    site: &Site,
) -> Result<Vec<Tensor>, InterpretError> {
    let mut outputs = Vec::with_capacity(keys.len());
    for (i, key) in keys.iter().enumerate() {
        let tensor = if keys[i + 1..].contains(key) {
            values.get(key).map(|t| t.as_ref().clone())
        } else {
            values.remove(key).map(Cow::into_owned)
        };
        outputs.push(
            tensor
                .ok_or_else(|| site.invalid("returns a value defined outside the entry block"))?,
        );
    }
    Ok(outputs)
}
