//! A module's function → [`Program`]: the one walker from kforge IR to GPU kernels. Every kforge op goes through
//! [`plan_op`] (the mapping `--kforge-lower-to-gpu` annotates with), `func.call`s are inlined, `kforge.weight`s
//! become named weights, and dynamic dims are specialized ([`DynamicDims`]): the arguments' from their kind (a
//! decoder's KV-cache rows, a prompt's length), every op's result from its operands by the dialect's shape rules
//! (`infer_result_types`), so one module gives a `@decode` program (1 row) and a `@prefill` program of any
//! prompt length.
//!
//! The result names no MLIR: `kforge-gpu` makes it resident and runs it (`kforge-run --target gpu` in function and
//! decoder mode, `kforge-gpu-bench decode --program` from its JSON).

use super::plan::byte_operands;
use super::plan_op;
use crate::rewrite::emit_error;
use kforge_dialect::{AttrValue, Dim, ElementType, OpSignature, TensorType};
use kforge_gpu::program::{Program, ProgramOp, ValueDef};
use kforge_gpu::WeightFormat;
use melior::ir::operation::OperationLike;
use melior::ir::{BlockLike, BlockRef, Module, OperationRef, RegionLike, ValueLike};
use std::collections::HashMap;

/// Why a function cannot become a GPU program. An op's error was also emitted as a diagnostic at the op.
#[derive(Debug, thiserror::Error)]
pub enum BuildProgramError {
    /// No function of that name.
    #[error("no function @{0}")]
    NoFunction(String),
    /// The module's shape of functions and values is not one the walker follows.
    #[error("@{function}: {message}")]
    Structure {
        /// The function being walked.
        function: String,
        /// What is wrong.
        message: String,
    },
    /// An op has no GPU kernels (the message names the op).
    #[error("{0}")]
    Op(String),
    /// The program is not well formed.
    #[error(transparent)]
    Program(#[from] kforge_gpu::GpuError),
}

/// What the dynamic dims of a function's arguments become (a dim left dynamic is an error at the op that reads
/// it, as on `--kforge-lower-to-gpu`). The decoder entry points' convention: integer arguments (ids, positions)
/// are the sequence, float ones (KV caches) the cache rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DynamicDims {
    /// Rows of the KV caches: the dynamic dims of float arguments (and of integer ones without `seq`).
    pub kv_capacity: Option<usize>,
    /// Tokens of a prompt: the dynamic dims of integer arguments.
    pub seq: Option<usize>,
    /// Rows of a batched step (`@decode_batch`, one sequence per row): the dynamic dims of integer arguments
    /// (ids, positions) and the leading dim of rank-4 float ones (the KV caches' slots).
    pub batch: Option<usize>,
}

/// Builds the program of `entry` with its dynamic dims specialized as `dynamic` says.
pub fn build_program(
    module: &Module,
    entry: &str,
    dynamic: DynamicDims,
) -> Result<Program, BuildProgramError> {
    let func = find_function(module, entry)?;
    let kv_capacity = dynamic.kv_capacity;
    let mut b = Builder {
        module,
        capacity: kv_capacity.map(|c| c as u64),
        seq: dynamic.seq.map(|s| s as u64),
        batch: dynamic.batch.map(|b| b as u64),
        types: Vec::new(),
        values: Vec::new(),
        ops: Vec::new(),
        weights: HashMap::new(),
        byte_weights: Default::default(),
    };
    let program_err = |message: String| structure(entry, message);
    let block = body(&func, entry)?;
    let mut inputs = Vec::new();
    for i in 0..block.argument_count() {
        let ty = block
            .argument(i)
            .ok()
            .and_then(|arg| TensorType::from_mlir(arg.r#type()))
            .ok_or_else(|| structure(entry, format!("argument #{i} is not a ranked tensor")))?;
        let ty = b.specialize_argument(&ty);
        inputs.push(b.define(&ty));
    }
    let (outputs, output_types) = b.walk(&func, entry, &inputs, 0)?;
    if let Some(name) = b.values.iter().find_map(|v| match v {
        ValueDef::Weight {
            name,
            shape,
            format: WeightFormat::F32,
        } if shape.len() == 3 && b.byte_weights.contains(name) => Some(name),
        _ => None,
    }) {
        return Err(program_err(format!(
            "weight '{name}' holds raw bytes but no op reads it with a 'weight_format'"
        )));
    }
    let output_shapes = output_types
        .iter()
        .map(|t| dims(&b.specialize(t)))
        .collect();
    let mut program = Program {
        name: entry.to_string(),
        values: b.values,
        inputs,
        outputs,
        output_shapes,
        ops: b.ops,
        kv_capacity,
    };
    super::fuse_rope::fuse_rope_into_kv_write(&mut program);
    program.check()?;
    Ok(program)
}

/// The module's public functions' names, in order.
pub fn public_functions(module: &Module) -> Vec<String> {
    functions(module)
        .filter(|f| f.attribute("sym_visibility").is_err())
        .filter_map(|f| sym_name(&f))
        .collect()
}

fn structure(function: &str, message: String) -> BuildProgramError {
    BuildProgramError::Structure {
        function: function.to_string(),
        message,
    }
}

fn functions<'c, 'a>(module: &'a Module<'c>) -> impl Iterator<Item = OperationRef<'c, 'a>> {
    std::iter::successors(module.body().first_operation(), |op| op.next_in_block())
        .filter(|op| op.name().as_string_ref().as_str() == Ok("func.func"))
}

fn sym_name(op: &OperationRef) -> Option<String> {
    OpSignature::from_operation(op)
        .str_attr("sym_name")
        .map(str::to_string)
}

fn find_function<'c, 'a>(
    module: &'a Module<'c>,
    name: &str,
) -> Result<OperationRef<'c, 'a>, BuildProgramError> {
    functions(module)
        .find(|f| sym_name(f).as_deref() == Some(name))
        .ok_or_else(|| BuildProgramError::NoFunction(name.to_string()))
}

fn body<'c, 'a>(
    func: &OperationRef<'c, 'a>,
    name: &str,
) -> Result<BlockRef<'c, 'a>, BuildProgramError> {
    func.region(0)
        .ok()
        .and_then(|r| r.first_block())
        .ok_or_else(|| structure(name, "the function has no body".into()))
}

fn dims(t: &TensorType) -> Vec<usize> {
    t.static_shape()
        .unwrap_or_default()
        .iter()
        .map(|&d| d as usize)
        .collect()
}

struct Builder<'m, 'c> {
    module: &'m Module<'c>,
    capacity: Option<u64>,
    seq: Option<u64>,
    batch: Option<u64>,
    values: Vec<ValueDef>,
    /// Each value's type, dims specialized.
    types: Vec<TensorType>,
    ops: Vec<ProgramOp>,
    weights: HashMap<String, usize>,
    /// Weights of `i8` elements: raw bytes, whose format the ops reading them name.
    byte_weights: std::collections::HashSet<String>,
}

/// The values a walked body returns, and their types.
type Returned = (Vec<usize>, Vec<TensorType>);

impl Builder<'_, '_> {
    fn specialize(&self, ty: &TensorType) -> TensorType {
        with_dynamic(ty, self.capacity)
    }

    /// An argument's type: integer dynamic dims are the sequence or the batch (when given), a rank-4 float's first
    /// the batch (its slots), the others the cache rows.
    fn specialize_argument(&self, ty: &TensorType) -> TensorType {
        let integer = !ty.element.is_float() && !is_bytes(ty.element);
        match (self.seq.or(self.batch), self.batch) {
            (Some(rows), _) if integer => with_dynamic(ty, Some(rows)),
            (_, Some(batch)) if ty.element.is_float() && ty.shape.len() == 4 => {
                let mut t = ty.clone();
                if t.shape[0] == Dim::Dynamic {
                    t.shape[0] = Dim::Static(batch);
                }
                self.specialize(&t)
            }
            _ => self.specialize(ty),
        }
    }

    /// The types of an op's results, `sig`'s operands being its operands' specialized types: declared where
    /// static; else inferred by the dialect's rules, a reshape's one dynamic dim from its element count, or the
    /// declaration specialized as a fallback.
    fn result_types(&self, sig: &OpSignature) -> Result<Vec<Result<TensorType, String>>, String> {
        let declared_static = sig
            .results
            .iter()
            .all(|t| t.as_ref().is_ok_and(|t| t.static_shape().is_some()));
        if declared_static {
            return Ok(sig.results.clone());
        }
        if sig.name == "kforge.reshape" {
            if let (Some(Ok(out)), Some(Ok(x))) = (sig.results.first(), sig.operands.first()) {
                let elements = dims(x).iter().product::<usize>() as u64;
                return Ok(vec![Ok(reshape_to(out, elements))]);
            }
        }
        match kforge_dialect::infer_result_types(sig) {
            Ok(types) if types.len() == sig.results.len() => {
                Ok(types.into_iter().map(Ok).collect())
            }
            // With a prompt length or batch rows, a dynamic dim may be either: only the rules can tell.
            Err(e) if self.seq.is_some() || self.batch.is_some() => Err(e.to_string())?,
            _ => Ok(sig
                .results
                .iter()
                .map(|t| t.as_ref().map(|t| self.specialize(t)).map_err(Clone::clone))
                .collect()),
        }
    }

    fn define(&mut self, ty: &TensorType) -> usize {
        let ty = self.specialize(ty);
        self.types.push(ty.clone());
        let len = dims(&ty).iter().product();
        self.values.push(if ty.element.is_float() {
            ValueDef::Float { len }
        } else if is_bytes(ty.element) {
            ValueDef::Bytes { len }
        } else {
            ValueDef::Int { len }
        });
        self.values.len() - 1
    }

    fn weight(&mut self, sig: &OpSignature, function: &str) -> Result<usize, BuildProgramError> {
        let name = sig.str_attr("name").unwrap_or_default().to_string();
        if let Some(&id) = self.weights.get(&name) {
            return Ok(id);
        }
        let ty = sig.results.first().and_then(|t| t.as_ref().ok());
        let shape = ty
            .and_then(|t| t.static_shape())
            .ok_or_else(|| structure(function, format!("weight '{name}' needs a static shape")))?;
        if ty.is_some_and(|t| is_bytes(t.element)) {
            self.byte_weights.insert(name.clone());
        }
        let declared = ty.cloned().unwrap_or_else(|| TensorType::f32(&shape));
        self.types.push(declared);
        self.values.push(ValueDef::Weight {
            name: name.clone(),
            shape: shape.iter().map(|&d| d as usize).collect(),
            format: WeightFormat::F32,
        });
        self.weights.insert(name, self.values.len() - 1);
        Ok(self.values.len() - 1)
    }

    fn kforge_op(
        &mut self,
        op: &OperationRef,
        sig: &OpSignature,
        operands: Vec<usize>,
    ) -> Result<Vec<usize>, BuildProgramError> {
        let mut s = sig.clone();
        for (t, &v) in s.operands.iter_mut().zip(&operands) {
            *t = Ok(self.types[v].clone());
        }
        s.results = self.result_types(&s).map_err(|e| {
            let message = format!(
                "'{}' op cannot be specialized to a prompt of {} tokens: {e}",
                sig.name,
                self.seq.unwrap_or_default()
            );
            emit_error(op.to_raw(), &message);
            BuildProgramError::Op(message)
        })?;
        let plan = plan_op(&s).map_err(|e| {
            let message = format!("'{}' op {e}", sig.name);
            emit_error(op.to_raw(), &message);
            BuildProgramError::Op(message)
        })?;
        self.mark_stored_weights(sig, &operands).map_err(|e| {
            let message = format!("'{}' op {e}", sig.name);
            emit_error(op.to_raw(), &message);
            BuildProgramError::Op(message)
        })?;
        let results: Vec<usize> = s
            .results
            .iter()
            .map(|t| {
                t.as_ref().map(|t| self.define(t)).map_err(|t| {
                    BuildProgramError::Op(format!(
                        "'{}': result of type {t} is not a tensor",
                        sig.name
                    ))
                })
            })
            .collect::<Result<_, _>>()?;
        self.ops.push(ProgramOp {
            name: sig.name.clone(),
            plan,
            operands,
            results: results.clone(),
        });
        Ok(results)
    }

    /// Records the format of the op's stored weights (its byte operands) on the weights they are.
    fn mark_stored_weights(&mut self, sig: &OpSignature, operands: &[usize]) -> Result<(), String> {
        let format = sig.weight_format()?;
        if format == WeightFormat::F32 {
            return Ok(());
        }
        for i in byte_operands(sig) {
            let Some(ValueDef::Weight {
                name, format: had, ..
            }) = operands.get(i).and_then(|&v| self.values.get_mut(v))
            else {
                continue;
            };
            if *had != WeightFormat::F32 && *had != format {
                return Err(format!(
                    "reads weight '{name}' as {} where another op reads it as {}",
                    format.name(),
                    had.name()
                ));
            }
            *had = format;
        }
        Ok(())
    }

    /// Walks `func`'s body with its arguments bound to `args`; returns the returned values and their types.
    fn walk(
        &mut self,
        func: &OperationRef,
        name: &str,
        args: &[usize],
        depth: usize,
    ) -> Result<Returned, BuildProgramError> {
        if depth > 16 {
            return Err(structure(
                name,
                "calls nested deeper than 16 (recursion?)".into(),
            ));
        }
        let block = body(func, name)?;
        let mut local: HashMap<usize, usize> = HashMap::new();
        for (i, &v) in args.iter().enumerate() {
            let arg = block
                .argument(i)
                .map_err(|e| structure(name, format!("argument #{i}: {e}")))?;
            local.insert(arg.to_raw().ptr as usize, v);
        }
        for op in std::iter::successors(block.first_operation(), |op| op.next_in_block()) {
            let sig = OpSignature::from_operation(&op);
            let operands: Vec<usize> = op
                .operands()
                .map(|v| local.get(&(v.to_raw().ptr as usize)).copied())
                .collect::<Option<_>>()
                .ok_or_else(|| {
                    let what = format!("'{}' uses a value defined outside the body", sig.name);
                    structure(name, what)
                })?;
            let results: Vec<usize> = match sig.name.as_str() {
                "func.return" => {
                    let types = operands.iter().map(|&v| self.types[v].clone()).collect();
                    return Ok((operands, types));
                }
                "func.call" => {
                    let callee = match sig.attributes.get("callee") {
                        Some(AttrValue::Other(s) | AttrValue::Str(s)) => {
                            s.trim_start_matches('@').to_string()
                        }
                        _ => return Err(structure(name, "func.call without a callee".into())),
                    };
                    let f = find_function(self.module, &callee)?;
                    self.walk(&f, &callee, &operands, depth + 1)?.0
                }
                "kforge.weight" => vec![self.weight(&sig, name)?],
                n if n.starts_with("kforge.") => self.kforge_op(&op, &sig, operands)?,
                other => {
                    let message = format!("'{other}' cannot run on the GPU");
                    emit_error(op.to_raw(), &message);
                    return Err(BuildProgramError::Op(message));
                }
            };
            for (r, v) in op.results().zip(results) {
                local.insert(r.to_raw().ptr as usize, v);
            }
        }
        Err(structure(name, "the function body has no return".into()))
    }
}

/// `ty` with its dynamic dims set to `value` (left dynamic without one).
fn with_dynamic(ty: &TensorType, value: Option<u64>) -> TensorType {
    let mut t = ty.clone();
    if let Some(value) = value {
        for d in &mut t.shape {
            if *d == Dim::Dynamic {
                *d = Dim::Static(value);
            }
        }
    }
    t
}

/// `out` with its one dynamic dim (if any) set so that it holds `elements`.
fn reshape_to(out: &TensorType, elements: u64) -> TensorType {
    let mut t = out.clone();
    let known: u64 = t
        .shape
        .iter()
        .map(|d| match d {
            Dim::Static(n) => *n,
            Dim::Dynamic => 1,
        })
        .product();
    if t.shape.iter().filter(|d| **d == Dim::Dynamic).count() == 1 && known > 0 {
        for d in &mut t.shape {
            if *d == Dim::Dynamic {
                *d = Dim::Static(elements / known);
            }
        }
    }
    t
}

/// `i8`/`ui8` tensors are bytes on the device (weights in a stored format), not host integers.
fn is_bytes(element: ElementType) -> bool {
    matches!(element, ElementType::I8 | ElementType::U8)
}
