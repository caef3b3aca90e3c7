//! Binding the caller's inputs and the weight arguments to a function's
//! arguments, type checks against declared types, and random inputs.

use std::borrow::Cow;
use std::collections::HashMap;

use kforge_dialect::{ElementType as MlirElement, TensorType};

use super::error::InterpretError;
use super::function::FunctionSignature;
use super::weights::WeightSource;
use crate::reference::{ElementType, SplitMix64, Tensor};

/// The largest value random index arguments take (exclusive).
pub const MAX_RANDOM_INDEX: u64 = 16;

/// Whether `tensor` is a value of the declared type `ty`: same element type
/// (`f32` or `i64`; the interpreter holds no other), same rank, and equal
/// sizes wherever `ty` has a static dim.
pub(super) fn matches(ty: &TensorType, tensor: &Tensor) -> bool {
    // Reference tensors hold `i8`/`ui8` (a stored weight's bytes) widened to `i64`.
    let element = matches!(
        (ty.element, tensor.element_type()),
        (MlirElement::F32, ElementType::F32)
            | (
                MlirElement::I64 | MlirElement::I8 | MlirElement::U8,
                ElementType::I64
            )
    );
    element
        && ty.rank() == tensor.rank()
        && ty
            .shape
            .iter()
            .zip(tensor.shape())
            .all(|(dim, &size)| dim.size().is_none_or(|d| d == size as u64))
}

/// The tensors of every argument: the caller's `inputs`, then, when the
/// caller left them out, the trailing weight arguments from `weights`.
/// `location` is the function's, for weight errors.
pub(super) fn bind_arguments<'t>(
    sig: &FunctionSignature,
    inputs: &'t [Tensor],
    weights: &dyn WeightSource,
    location: &str,
) -> Result<Vec<Cow<'t, Tensor>>, InterpretError> {
    let weight_arguments = sig.weight_arguments();
    let all = sig.arguments.len();
    if inputs.len() != all && (weight_arguments == 0 || inputs.len() != all - weight_arguments) {
        return Err(InterpretError::InputCount {
            function: sig.name.clone(),
            arguments: all,
            weight_arguments,
            actual: inputs.len(),
        });
    }
    let mut bound = Vec::with_capacity(all);
    for (index, (ty, input)) in sig.arguments.iter().zip(inputs).enumerate() {
        if !matches(ty, input) {
            return Err(InterpretError::InputType {
                index,
                expected: ty.clone(),
                element: input.element_type(),
                shape: input.shape().to_vec(),
            });
        }
        bound.push(Cow::Borrowed(input));
    }
    for weight in sig
        .weights
        .iter()
        .filter(|w| w.argument.is_some_and(|i| i >= inputs.len()))
    {
        bound.push(Cow::Owned(load_weight(
            weights,
            &weight.name,
            &weight.ty,
            location,
        )?));
    }
    Ok(bound)
}

/// The weight `name` from `weights`, checked against its declared type.
pub(super) fn load_weight(
    weights: &dyn WeightSource,
    name: &str,
    ty: &TensorType,
    location: &str,
) -> Result<Tensor, InterpretError> {
    let tensor = weights
        .weight(name)
        .ok_or_else(|| InterpretError::MissingWeight {
            name: name.to_string(),
            location: location.to_string(),
        })?;
    if !matches(ty, &tensor) {
        return Err(InterpretError::WeightType {
            name: name.to_string(),
            location: location.to_string(),
            expected: ty.clone(),
            element: tensor.element_type(),
            shape: tensor.shape().to_vec(),
        });
    }
    Ok(tensor)
}

/// Deterministic random inputs for the data arguments of `sig` (the
/// arguments before its trailing weight arguments), one seed per argument
/// drawn from a [`SplitMix64`] seeded with `seed`.
///
/// - Float arguments: `f32` uniform in `[-1, 1)` ([`Tensor::random_f32`]).
/// - Integer arguments (token ids, positions) get `i64` tensors:
///   - rank 0 (the KV-cache `position` of `kforge.attention`): `0`, valid for
///     any cache;
///   - otherwise values uniform in `[0, min(B, 16))`, where `B` is the
///     argument's [index bound](FunctionSignature::index_bounds) when it feeds
///     a `kforge.embedding` (the vocabulary size), else its largest dim (so a
///     `[S]` positions argument stays in `[0, S)`); at least `[0, 1)`.
/// - A dynamic dim `?` becomes 1.
///
/// # Panics
/// If a shape's element count overflows `usize` (as [`Tensor::random_f32`]).
pub fn random_inputs(sig: &FunctionSignature, seed: u64) -> Vec<Tensor> {
    let mut seeds = SplitMix64::new(seed);
    sig.data_arguments()
        .iter()
        .enumerate()
        .map(|(i, ty)| {
            let bound = sig.index_bounds.get(i).copied().flatten();
            random_tensor(ty, bound, seeds.next_u64())
        })
        .collect()
}

/// Deterministic random tensors for every weight of `sig`, by name, with the
/// rules of [`random_inputs`]; seeds are drawn in the order of
/// [`FunctionSignature::weights`].
///
/// # Panics
/// If a shape's element count overflows `usize`.
pub fn random_weights(sig: &FunctionSignature, seed: u64) -> HashMap<String, Tensor> {
    let mut seeds = SplitMix64::new(seed);
    sig.weights
        .iter()
        .map(|w| (w.name.clone(), random_tensor(&w.ty, None, seeds.next_u64())))
        .collect()
}

fn random_tensor(ty: &TensorType, bound: Option<u64>, seed: u64) -> Tensor {
    let shape: Vec<usize> = ty
        .shape
        .iter()
        .map(|d| d.size().unwrap_or(1) as usize)
        .collect();
    if ty.element.is_float() {
        return Tensor::random_f32(shape, seed);
    }
    if shape.is_empty() {
        return Tensor::scalar_i64(0);
    }
    if matches!(ty.element, MlirElement::I8 | MlirElement::U8) {
        return random_bytes(shape, seed);
    }
    let largest_dim = shape.iter().copied().max().unwrap_or(1) as u64;
    let limit = bound.unwrap_or(largest_dim).clamp(1, MAX_RANDOM_INDEX);
    let numel = shape
        .iter()
        .try_fold(1usize, |n, &d| n.checked_mul(d))
        .expect("element count of the shape overflows usize");
    let mut rng = SplitMix64::new(seed);
    let data = (0..numel)
        .map(|_| (rng.next_u64() % limit) as i64)
        .collect();
    Tensor::i64(shape, data).expect("the data length is the shape's element count")
}

/// Random bytes for an `i8`/`ui8` tensor (a weight in a stored format): each in `[0, 64)`, so that any two read as
/// an f16 or bf16 scale are finite and below 2, whichever format the op names.
fn random_bytes(shape: Vec<usize>, seed: u64) -> Tensor {
    let numel = shape
        .iter()
        .try_fold(1usize, |n, &d| n.checked_mul(d))
        .expect("element count of the shape overflows usize");
    let mut rng = SplitMix64::new(seed);
    let data = (0..numel).map(|_| (rng.next_u64() % 64) as i64).collect();
    Tensor::i64(shape, data).expect("the data length is the shape's element count")
}
