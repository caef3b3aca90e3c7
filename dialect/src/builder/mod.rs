//! A Rust IR builder for kforge graphs.
//!
//! [`FunctionBuilder`] creates one `func.func` whose body is kforge ops. Every
//! op method infers its result type with the verifier's rules
//! ([`crate::infer_result_types`]) and returns a typed [`BuildError`] instead of
//! building invalid IR. [`transformer`] builds whole llama-style blocks.
//!
//! ```
//! use kforge_dialect::{create_context, FunctionBuilder, TensorType};
//! use melior::ir::operation::OperationLike;
//! let context = create_context();
//! let mut f = FunctionBuilder::new(&context, "mm", &[TensorType::f32(&[2, 3]), TensorType::f32(&[3, 4])]);
//! let y = f.matmul(f.arg(0), f.arg(1)).unwrap();
//! let module = f.finish_module(&[y]).unwrap();
//! assert!(module.as_operation().verify());
//! ```
pub mod transformer;

use crate::signature::{AttrValue, OpSignature};
use crate::types::TensorType;
use crate::verify::{infer_result_types, VerifyError};
use melior::dialect::func;
use melior::ir::attribute::{StringAttribute, TypeAttribute};
use melior::ir::operation::{OperationBuilder, OperationMutLike};
use melior::ir::r#type::FunctionType;
use melior::ir::{
    Attribute, Block, BlockLike, Identifier, Location, Module, Operation, Region, RegionLike, Type,
    Value, ValueLike,
};
use melior::Context;
use mlir_sys::MlirValue;
use std::collections::BTreeMap;

/// A value inside the function being built.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ValueId(usize);

/// Why an op could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The operands break the op's rules.
    #[error(transparent)]
    Verify(#[from] VerifyError),
    /// A type could not be expressed in MLIR.
    #[error("cannot build type {0}")]
    Type(String),
    /// MLIR refused to create the op.
    #[error("failed to build '{op}': {message}")]
    Mlir {
        /// Op name.
        op: String,
        /// MLIR's message.
        message: String,
    },
}

/// `approximate` of `kforge.gelu`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeluApproximation {
    /// The tanh approximation.
    Tanh,
    /// The exact erf form.
    None,
}

/// Builds one `func.func` of kforge ops.
pub struct FunctionBuilder<'c> {
    context: &'c Context,
    name: String,
    location: Location<'c>,
    block: Block<'c>,
    inputs: Vec<TensorType>,
    values: Vec<(MlirValue, TensorType)>,
}

impl<'c> FunctionBuilder<'c> {
    /// Starts a function `name` with tensor arguments of `inputs`' types.
    pub fn new(context: &'c Context, name: &str, inputs: &[TensorType]) -> Self {
        let location = Location::unknown(context);
        let arg_types: Vec<(Type<'c>, Location<'c>)> = inputs
            .iter()
            .map(|t| {
                (
                    mlir_type(context, t).expect("tensor types always parse"),
                    location,
                )
            })
            .collect();
        let block = Block::new(&arg_types);
        let values = (0..inputs.len())
            .map(|i| {
                let arg = block.argument(i).expect("argument exists");
                (arg.to_raw(), inputs[i].clone())
            })
            .collect();
        Self {
            context,
            name: name.to_string(),
            location,
            block,
            inputs: inputs.to_vec(),
            values,
        }
    }

    /// The function's argument `i`.
    pub fn arg(&self, i: usize) -> ValueId {
        assert!(
            i < self.inputs.len(),
            "argument {i} of {}",
            self.inputs.len()
        );
        ValueId(i)
    }

    /// The type of a value.
    pub fn type_of(&self, v: ValueId) -> &TensorType {
        &self.values[v.0].1
    }

    /// Builds a generic kforge op after inferring (or checking) its result types.
    /// `declared` gives the result types of ops that do not infer them
    /// (`kforge.weight`, `kforge.reshape`).
    pub fn op(
        &mut self,
        name: &str,
        operands: &[ValueId],
        attributes: &[(&str, AttrValue)],
        declared: &[TensorType],
    ) -> Result<Vec<ValueId>, BuildError> {
        let sig = OpSignature {
            name: name.to_string(),
            operands: operands
                .iter()
                .map(|v| Ok(self.type_of(*v).clone()))
                .collect(),
            results: declared.iter().cloned().map(Ok).collect(),
            attributes: attributes
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect::<BTreeMap<_, _>>(),
        };
        let results = infer_result_types(&sig)?;
        let result_types = results
            .iter()
            .map(|t| mlir_type(self.context, t))
            .collect::<Result<Vec<_>, _>>()?;
        let operand_values: Vec<Value> = operands
            .iter()
            // SAFETY: every stored value belongs to this function's block.
            .map(|v| unsafe { Value::from_raw(self.values[v.0].0) })
            .collect();
        let attrs = attributes
            .iter()
            .map(|(k, v)| {
                Ok((
                    Identifier::new(self.context, k),
                    mlir_attr(self.context, name, k, v)?,
                ))
            })
            .collect::<Result<Vec<_>, BuildError>>()?;
        let op = OperationBuilder::new(name, self.location)
            .add_operands(&operand_values)
            .add_results(&result_types)
            .add_attributes(&attrs)
            .build()
            .map_err(|e| BuildError::Mlir {
                op: name.to_string(),
                message: e.to_string(),
            })?;
        let op = self.block.append_operation(op);
        Ok(results
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                let raw = op.result(i).expect("result exists").to_raw();
                self.values.push((raw, t));
                ValueId(self.values.len() - 1)
            })
            .collect())
    }

    fn single(
        &mut self,
        name: &str,
        operands: &[ValueId],
        attributes: &[(&str, AttrValue)],
    ) -> Result<ValueId, BuildError> {
        Ok(self.op(name, operands, attributes, &[])?[0])
    }

    /// `kforge.matmul`.
    pub fn matmul(&mut self, a: ValueId, b: ValueId) -> Result<ValueId, BuildError> {
        self.single("kforge.matmul", &[a, b], &[])
    }

    /// `kforge.batch_matmul`.
    pub fn batch_matmul(&mut self, a: ValueId, b: ValueId) -> Result<ValueId, BuildError> {
        self.single("kforge.batch_matmul", &[a, b], &[])
    }

    /// `kforge.linear`: `x·wᵀ (+ bias)`.
    pub fn linear(
        &mut self,
        x: ValueId,
        w: ValueId,
        bias: Option<ValueId>,
    ) -> Result<ValueId, BuildError> {
        let mut operands = vec![x, w];
        operands.extend(bias);
        self.single("kforge.linear", &operands, &[])
    }

    /// `kforge.linear` (no bias) on a weight stored as `format`.
    pub fn linear_stored(
        &mut self,
        x: ValueId,
        w: ValueId,
        format: kforge_abi::weight_format::WeightFormat,
    ) -> Result<ValueId, BuildError> {
        let attrs: Vec<_> = transformer::format_attr(format).into_iter().collect();
        self.single("kforge.linear", &[x, w], &attrs)
    }

    /// `kforge.embedding` of a table stored as `format`.
    pub fn embedding_stored(
        &mut self,
        ids: ValueId,
        table: ValueId,
        format: kforge_abi::weight_format::WeightFormat,
    ) -> Result<ValueId, BuildError> {
        let attrs: Vec<_> = transformer::format_attr(format).into_iter().collect();
        self.single("kforge.embedding", &[ids, table], &attrs)
    }

    /// `kforge.add` (broadcasting).
    pub fn add(&mut self, a: ValueId, b: ValueId) -> Result<ValueId, BuildError> {
        self.single("kforge.add", &[a, b], &[])
    }

    /// `kforge.mul` (broadcasting).
    pub fn mul(&mut self, a: ValueId, b: ValueId) -> Result<ValueId, BuildError> {
        self.single("kforge.mul", &[a, b], &[])
    }

    /// `kforge.silu`.
    pub fn silu(&mut self, x: ValueId) -> Result<ValueId, BuildError> {
        self.single("kforge.silu", &[x], &[])
    }

    /// `kforge.gelu`.
    pub fn gelu(
        &mut self,
        x: ValueId,
        approximate: GeluApproximation,
    ) -> Result<ValueId, BuildError> {
        let approx = match approximate {
            GeluApproximation::Tanh => "tanh",
            GeluApproximation::None => "none",
        };
        self.single(
            "kforge.gelu",
            &[x],
            &[("approximate", AttrValue::Str(approx.into()))],
        )
    }

    /// `kforge.softmax` along `axis` (negative counts from the end).
    pub fn softmax(&mut self, x: ValueId, axis: i64) -> Result<ValueId, BuildError> {
        self.single("kforge.softmax", &[x], &[("axis", AttrValue::Int(axis))])
    }

    /// `kforge.rms_norm`.
    pub fn rms_norm(
        &mut self,
        x: ValueId,
        w: ValueId,
        epsilon: f64,
    ) -> Result<ValueId, BuildError> {
        self.single(
            "kforge.rms_norm",
            &[x, w],
            &[("epsilon", AttrValue::Float(epsilon))],
        )
    }

    /// `kforge.layer_norm`.
    pub fn layer_norm(
        &mut self,
        x: ValueId,
        gamma: ValueId,
        beta: ValueId,
        epsilon: f64,
    ) -> Result<ValueId, BuildError> {
        self.single(
            "kforge.layer_norm",
            &[x, gamma, beta],
            &[("epsilon", AttrValue::Float(epsilon))],
        )
    }

    /// `kforge.rope` (rotate-half) at integer `positions`.
    pub fn rope(
        &mut self,
        x: ValueId,
        positions: ValueId,
        theta: f64,
    ) -> Result<ValueId, BuildError> {
        self.single(
            "kforge.rope",
            &[x, positions],
            &[("theta", AttrValue::Float(theta))],
        )
    }

    /// `kforge.attention` without a cache.
    pub fn attention(
        &mut self,
        q: ValueId,
        k: ValueId,
        v: ValueId,
        causal: bool,
        scale: f64,
    ) -> Result<ValueId, BuildError> {
        let [c, s] = attention_attrs(causal, scale);
        let segments = (
            "operandSegmentSizes",
            AttrValue::Other("array<i32: 1, 1, 1, 0, 0, 0>".into()),
        );
        self.single("kforge.attention", &[q, k, v], &[c, s, segments])
    }

    /// `kforge.attention` with a KV cache: returns `(out, k_cache', v_cache')`.
    #[allow(clippy::too_many_arguments)]
    pub fn attention_with_cache(
        &mut self,
        q: ValueId,
        k: ValueId,
        v: ValueId,
        k_cache: ValueId,
        v_cache: ValueId,
        position: ValueId,
        causal: bool,
        scale: f64,
    ) -> Result<(ValueId, ValueId, ValueId), BuildError> {
        let [c, s] = attention_attrs(causal, scale);
        let segments = (
            "operandSegmentSizes",
            AttrValue::Other("array<i32: 1, 1, 1, 1, 1, 1>".into()),
        );
        let r = self.op(
            "kforge.attention",
            &[q, k, v, k_cache, v_cache, position],
            &[c, s, segments],
            &[],
        )?;
        Ok((r[0], r[1], r[2]))
    }

    /// `kforge.mlp` with SwiGLU: `down(silu(x·gateᵀ) · (x·upᵀ))`.
    pub fn mlp_swiglu(
        &mut self,
        x: ValueId,
        w_gate: ValueId,
        w_up: ValueId,
        w_down: ValueId,
    ) -> Result<ValueId, BuildError> {
        self.single(
            "kforge.mlp",
            &[x, w_gate, w_up, w_down],
            &[("activation", AttrValue::Str("swiglu".into()))],
        )
    }

    /// `kforge.mlp` with GELU (tanh): `down(gelu(x·upᵀ))`.
    pub fn mlp_gelu(
        &mut self,
        x: ValueId,
        w_up: ValueId,
        w_down: ValueId,
    ) -> Result<ValueId, BuildError> {
        self.single(
            "kforge.mlp",
            &[x, w_up, w_down],
            &[("activation", AttrValue::Str("gelu".into()))],
        )
    }

    /// `kforge.embedding`.
    pub fn embedding(&mut self, ids: ValueId, table: ValueId) -> Result<ValueId, BuildError> {
        self.single("kforge.embedding", &[ids, table], &[])
    }

    /// `kforge.weight`: a named tensor stored outside the IR.
    pub fn weight(&mut self, name: &str, ty: &TensorType) -> Result<ValueId, BuildError> {
        Ok(self.op(
            "kforge.weight",
            &[],
            &[("name", AttrValue::Str(name.into()))],
            std::slice::from_ref(ty),
        )?[0])
    }

    /// `kforge.reshape` to `shape` (same element count).
    pub fn reshape(&mut self, x: ValueId, shape: &[u64]) -> Result<ValueId, BuildError> {
        let ty = TensorType::new(shape, self.type_of(x).element);
        Ok(self.op("kforge.reshape", &[x], &[], &[ty])?[0])
    }

    /// `kforge.reshape` to `shape`, which may keep a dynamic leading dim.
    pub fn reshape_dims(
        &mut self,
        x: ValueId,
        shape: &[crate::Dim],
    ) -> Result<ValueId, BuildError> {
        let ty = TensorType {
            shape: shape.to_vec(),
            element: self.type_of(x).element,
        };
        Ok(self.op("kforge.reshape", &[x], &[], &[ty])?[0])
    }

    /// `func.call @callee(args)` returning `results`.
    pub fn call(
        &mut self,
        callee: &str,
        args: &[ValueId],
        results: &[TensorType],
    ) -> Result<Vec<ValueId>, BuildError> {
        let operands: Vec<Value> = args
            .iter()
            // SAFETY: every stored value belongs to this function's block.
            .map(|v| unsafe { Value::from_raw(self.values[v.0].0) })
            .collect();
        let types = results
            .iter()
            .map(|t| mlir_type(self.context, t))
            .collect::<Result<Vec<_>, _>>()?;
        let op = func::call(
            self.context,
            melior::ir::attribute::FlatSymbolRefAttribute::new(self.context, callee),
            &operands,
            &types,
            self.location,
        );
        let op = self.block.append_operation(op);
        Ok(results
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let raw = op.result(i).expect("result exists").to_raw();
                self.values.push((raw, t.clone()));
                ValueId(self.values.len() - 1)
            })
            .collect())
    }

    /// Ends the function as a private one (called from others in the module).
    pub fn finish_private(self, outputs: &[ValueId]) -> Operation<'c> {
        let context = self.context;
        let mut op = self.finish(outputs);
        op.set_attribute(
            "sym_visibility",
            StringAttribute::new(context, "private").into(),
        );
        op
    }

    /// Ends the function with `func.return` of `outputs` and returns the `func.func` op.
    pub fn finish(self, outputs: &[ValueId]) -> Operation<'c> {
        let location = self.location;
        // SAFETY: every stored value belongs to this function's block.
        let returned: Vec<Value> = outputs
            .iter()
            .map(|v| unsafe { Value::from_raw(self.values[v.0].0) })
            .collect();
        let result_types: Vec<Type> = returned.iter().map(|v| v.r#type()).collect();
        let input_types: Vec<Type> = (0..self.inputs.len())
            .map(|i| self.block.argument(i).expect("argument").r#type())
            .collect();
        self.block
            .append_operation(func::r#return(&returned, location));
        let region = Region::new();
        region.append_block(self.block);
        let fn_type = FunctionType::new(self.context, &input_types, &result_types);
        func::func(
            self.context,
            StringAttribute::new(self.context, &self.name),
            TypeAttribute::new(fn_type.into()),
            region,
            &[],
            location,
        )
    }

    /// [`Self::finish`] inside a new module of its own.
    pub fn finish_module(self, outputs: &[ValueId]) -> Result<Module<'c>, BuildError> {
        let module = Module::new(self.location);
        module.body().append_operation(self.finish(outputs));
        Ok(module)
    }
}

fn attention_attrs(causal: bool, scale: f64) -> [(&'static str, AttrValue); 2] {
    [
        ("causal", AttrValue::Int(causal as i64)),
        ("scale", AttrValue::Float(scale)),
    ]
}

/// The MLIR type of a tensor type.
pub fn mlir_type<'c>(context: &'c Context, t: &TensorType) -> Result<Type<'c>, BuildError> {
    Type::parse(context, &t.to_string()).ok_or_else(|| BuildError::Type(t.to_string()))
}

/// Attributes that are flags (`i1`), stored as [`AttrValue::Int`] 0 or 1.
const FLAG_ATTRIBUTES: &[&str] = &["causal"];

/// The MLIR attribute for a kforge attribute value.
fn mlir_attr<'c>(
    context: &'c Context,
    op: &str,
    key: &str,
    value: &AttrValue,
) -> Result<Attribute<'c>, BuildError> {
    let text = match value {
        AttrValue::Int(v) if FLAG_ATTRIBUTES.contains(&key) => (*v != 0).to_string(),
        AttrValue::Int(v) => format!("{v} : i64"),
        AttrValue::Float(v) => format!("{v:.9e} : f32"),
        // Built directly: Rust's `{:?}` escapes are not MLIR's.
        AttrValue::Str(s) => return Ok(StringAttribute::new(context, s).into()),
        AttrValue::WideInt(s) | AttrValue::Other(s) => s.clone(),
    };
    Attribute::parse(context, &text).ok_or_else(|| BuildError::Mlir {
        op: op.to_string(),
        message: format!("cannot parse attribute `{text}`"),
    })
}

#[cfg(test)]
mod tests;
