//! What compiled code cannot check, checked before it runs: a JIT-compiled
//! function is `extern "C"` and cannot return an error, so an index read from
//! its inputs that is out of range (a KV-cache position, a token id) would
//! write outside a buffer, and a result too large to allocate would abort.
//!
//! [`preflight`] walks the kforge-level function the way the interpreter
//! does, but on shapes only ([`super::shapes::result_shapes`]) and on the
//! values of `i64` tensors that come from the inputs (through
//! `kforge.reshape`, `kforge.weight` and `func.call` into callees), then checks:
//! - `kforge.attention` with a cache: `0 ≤ position` and
//!   `position + S ≤ C` (`S` new rows, `C` cache rows); with a slot per row
//!   (`[B, C, Hkv, D]` caches) every row's position in `[0, C)`;
//! - `kforge.embedding`: every id in `[0, V)` (the lowering would clamp it);
//! - every op's results against the allocation limit ([`crate::memory`]).
//!
//! Errors name the op, its location, the expected range and the value.

use std::collections::HashMap;
use std::rc::Rc;

use kforge_dialect::signature::AttrValue;
use kforge_dialect::{KforgeOp, OpSignature};
use melior::ir::operation::OperationLike;
use melior::ir::{BlockLike, Module, OperationRef};

use super::dispatch::Site;
use super::error::InterpretError;
use super::function::{block_ops, entry_block, find_function, read_signature, value_key};
use super::location::describe;
use super::shapes::{check_allocations, result_shapes};
use super::weights::WeightSource;
use crate::reference::{Tensor, TensorData};

/// Calls deeper than this are not followed (kforge modules do not recurse).
const MAX_CALL_DEPTH: usize = 32;

/// `i64` tensors larger than this are not tracked (their uses are not checked).
const MAX_TRACKED_INTS: usize = 1 << 22;

/// What is known of a value before the call: its shape (`None` when no rule
/// gives it) and, for an `i64` tensor from the inputs, its elements.
#[derive(Clone, Debug, Default)]
struct Known {
    shape: Option<Vec<usize>>,
    ints: Option<Rc<Vec<i64>>>,
}

impl Known {
    fn of(tensor: &Tensor) -> Self {
        let ints = match tensor.data() {
            TensorData::I64(v) if v.len() <= MAX_TRACKED_INTS => Some(Rc::new(v.clone())),
            _ => None,
        };
        Self {
            shape: Some(tensor.shape().to_vec()),
            ints,
        }
    }
}

/// Checks, before compiled code runs `function` of the kforge-level `module`
/// on `inputs` (its arguments, or those before its trailing weight
/// arguments, as [`super::interpret`] takes them), every index it reads from
/// them and every result size (see the module doc). `weights` gives the
/// `i64` weights' values.
pub fn preflight(
    module: &Module,
    function: &str,
    inputs: &[Tensor],
    weights: &dyn WeightSource,
) -> Result<(), InterpretError> {
    let func = find_function(module, function)?;
    let sig = read_signature(func)?;
    let mut arguments: Vec<Known> = inputs.iter().map(Known::of).collect();
    for ty in sig.arguments.iter().skip(inputs.len()) {
        let weight = sig
            .weights
            .iter()
            .find(|w| w.argument == Some(arguments.len()));
        arguments.push(known_weight(
            weight.map(|w| w.name.as_str()),
            ty.static_shape(),
            weights,
        ));
    }
    Walk { module, weights }.function(func, arguments, 0)?;
    Ok(())
}

/// A weight's shape (declared) and, for a small `i64` one, its values.
fn known_weight(name: Option<&str>, shape: Option<Vec<u64>>, weights: &dyn WeightSource) -> Known {
    let shape: Option<Vec<usize>> = shape.map(|s| s.iter().map(|&d| d as usize).collect());
    let small = shape.as_ref().is_some_and(|s| {
        s.iter()
            .try_fold(1usize, |n, &d| n.checked_mul(d))
            .is_some_and(|n| n <= MAX_TRACKED_INTS)
    });
    let ints = match (name, small) {
        (Some(name), true) => weights.weight(name).and_then(|t| match t.data() {
            TensorData::I64(v) => Some(Rc::new(v.clone())),
            TensorData::F32(_) => None,
        }),
        _ => None,
    };
    Known { shape, ints }
}

struct Walk<'m, 'c, 'w> {
    module: &'m Module<'c>,
    weights: &'w dyn WeightSource,
}

impl Walk<'_, '_, '_> {
    /// Walks `func`'s entry block with `arguments`; returns what is known of
    /// its results.
    fn function(
        &self,
        func: OperationRef,
        arguments: Vec<Known>,
        depth: usize,
    ) -> Result<Vec<Known>, InterpretError> {
        let Some(block) = entry_block(func) else {
            return Ok(Vec::new());
        };
        let mut values: HashMap<usize, Known> = HashMap::new();
        for (i, known) in arguments.into_iter().enumerate() {
            if let Ok(argument) = block.argument(i) {
                values.insert(value_key(argument), known);
            }
        }
        for op in block_ops(block) {
            let sig = OpSignature::from_operation(&op);
            let operands: Vec<Known> = op
                .operands()
                .map(|v| values.get(&value_key(v)).cloned().unwrap_or_default())
                .collect();
            if sig.name == "func.return" {
                return Ok(operands);
            }
            let location = describe(op.location());
            let site = Site {
                op: &sig.name,
                location: &location,
            };
            let results = self.op(&sig, &operands, &site, depth)?;
            for (result, known) in op.results().zip(results) {
                values.insert(value_key(result), known);
            }
        }
        Ok(Vec::new())
    }

    /// Checks one op; returns what is known of its results.
    fn op(
        &self,
        sig: &OpSignature,
        operands: &[Known],
        site: &Site,
        depth: usize,
    ) -> Result<Vec<Known>, InterpretError> {
        if sig.name == "func.call" {
            return self.call(sig, operands, depth);
        }
        let shapes: Option<Vec<&[usize]>> = operands.iter().map(|k| k.shape.as_deref()).collect();
        let result_shapes = shapes.as_ref().and_then(|s| result_shapes(sig, s));
        if let Some(shapes) = &shapes {
            check_allocations(sig, shapes).map_err(|e| site.invalid(e.to_string()))?;
        }
        let op = KforgeOp::from_name(&sig.name);
        match op {
            Some(KforgeOp::Attention) if operands.len() == 6 => check_position(operands, site)?,
            Some(KforgeOp::Embedding) => check_ids(operands, site)?,
            _ => {}
        }
        let mut results: Vec<Known> = match result_shapes {
            Some(shapes) => shapes
                .into_iter()
                .map(|s| Known {
                    shape: Some(s),
                    ints: None,
                })
                .collect(),
            None => sig
                .results
                .iter()
                .map(|t| Known {
                    shape: t
                        .as_ref()
                        .ok()
                        .and_then(|t| t.static_shape())
                        .map(|s| s.iter().map(|&d| d as usize).collect()),
                    ints: None,
                })
                .collect(),
        };
        match (op, results.first_mut()) {
            (Some(KforgeOp::Reshape), Some(result)) => result.ints = operands[0].ints.clone(),
            (Some(KforgeOp::Weight), Some(result)) => {
                let declared = sig.results[0].as_ref().ok().and_then(|t| t.static_shape());
                *result = known_weight(sig.str_attr("name"), declared, self.weights);
            }
            _ => {}
        }
        Ok(results)
    }

    /// `func.call @callee`: the callee walked with what is known of the operands.
    fn call(
        &self,
        sig: &OpSignature,
        operands: &[Known],
        depth: usize,
    ) -> Result<Vec<Known>, InterpretError> {
        let callee = match sig.attributes.get("callee") {
            Some(AttrValue::Other(text)) => text.trim_start_matches('@').trim_matches('"'),
            _ => "",
        };
        let unknown = || vec![Known::default(); sig.results.len()];
        if depth >= MAX_CALL_DEPTH {
            return Ok(unknown());
        }
        let Ok(func) = find_function(self.module, callee) else {
            return Ok(unknown());
        };
        let mut results = self.function(func, operands.to_vec(), depth + 1)?;
        results.resize(sig.results.len(), Known::default());
        Ok(results)
    }
}

/// `kforge.attention` with a cache: `0 ≤ position ≤ C − S`.
fn check_position(operands: &[Known], site: &Site) -> Result<(), InterpretError> {
    let rows = |i: usize| operands[i].shape.as_ref().and_then(|s| s.first().copied());
    let (Some(new_rows), Some(k_rows), Some(v_rows)) = (rows(0), rows(3), rows(4)) else {
        return Err(site.invalid(
            "cannot check the KV-cache position before the call: a cache or query shape is unknown",
        ));
    };
    let cache_rows = k_rows.min(v_rows);
    if operands[3].shape.as_ref().is_some_and(|s| s.len() == 4) {
        return check_slot_positions(operands, site);
    }
    let Some(position) = operands[5].ints.as_ref().and_then(|v| v.first().copied()) else {
        return Err(site.invalid(
            "cannot check the KV-cache position (operand #5) before the call: its value does \
             not come from the inputs",
        ));
    };
    let last = cache_rows.checked_sub(new_rows);
    let fits = last.is_some_and(|last| (0..=last as i128).contains(&(position as i128)));
    if fits {
        return Ok(());
    }
    Err(site.invalid(match last {
        Some(last) => format!(
            "expected the KV-cache position (operand #5) in [0, {last}] ({new_rows} new rows \
             into a cache of {cache_rows} rows), got {position}"
        ),
        None => format!(
            "expected at most {cache_rows} new rows (the cache's), got {new_rows} (KV-cache \
             position {position})"
        ),
    }))
}

/// `kforge.attention` with a cache slot per row (`[B, C, Hkv, D]`): every
/// row's position in `[0, C − 1]`.
fn check_slot_positions(operands: &[Known], site: &Site) -> Result<(), InterpretError> {
    let capacity = |i: usize| operands[i].shape.as_ref().and_then(|s| s.get(1).copied());
    let (Some(k_rows), Some(v_rows)) = (capacity(3), capacity(4)) else {
        return Err(site.invalid(
            "cannot check the KV-cache positions before the call: a cache shape is unknown",
        ));
    };
    let cache_rows = k_rows.min(v_rows);
    let Some(positions) = operands[5].ints.as_ref() else {
        return Err(site.invalid(
            "cannot check the KV-cache positions (operand #5) before the call: their values do \
             not come from the inputs",
        ));
    };
    match positions
        .iter()
        .enumerate()
        .find(|(_, &p)| !(0..cache_rows as i128).contains(&(p as i128)))
    {
        None => Ok(()),
        Some((row, p)) => Err(site.invalid(format!(
            "expected every KV-cache position (operand #5) in [0, {}] (a slot of {cache_rows} \
             rows), got {p} for row {row}",
            cache_rows as i128 - 1
        ))),
    }
}

/// `kforge.embedding`: every id in `[0, V)`.
fn check_ids(operands: &[Known], site: &Site) -> Result<(), InterpretError> {
    let (Some(ids), Some(vocab)) = (
        operands[0].ints.as_ref(),
        operands[1].shape.as_ref().and_then(|s| s.first().copied()),
    ) else {
        return Ok(());
    };
    match ids
        .iter()
        .enumerate()
        .find(|(_, &id)| usize::try_from(id).map_or(true, |id| id >= vocab))
    {
        None => Ok(()),
        Some((index, id)) => Err(site.invalid(format!(
            "expected token ids (operand #0) in [0, {vocab}), got {id} at index {index}"
        ))),
    }
}
