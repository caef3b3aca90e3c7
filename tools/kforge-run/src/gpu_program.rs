//! `model.mlir` → [`Program`]: a function's kforge ops through `passes/src/lower_to_gpu`'s op → kernel mapping
//! (the same `plan_op` as `--target gpu`'s function mode), `func.call`s inlined, dynamic dims (the KV caches'
//! rows) specialized to the cache capacity, `kforge.weight`s as named weights.

use anyhow::{anyhow, bail, Context, Result};
use kforge_dialect::{AttrValue, Dim, OpSignature, TensorType};
use kforge_gpu::program::{Program, ProgramOp, ValueDef};
use kforge_passes::lower_to_gpu::plan_op;
use melior::ir::operation::OperationLike;
use melior::ir::{BlockLike, Module, OperationRef, RegionLike, ValueLike};
use std::collections::HashMap;

/// Builds the program of `entry` with every dynamic dim set to `capacity`.
pub fn build(module: &Module, entry: &str, capacity: usize) -> Result<Program> {
    let func = crate::gpu::find_function(module, entry)?;
    let mut b = Builder {
        module,
        capacity: capacity as u64,
        values: Vec::new(),
        ops: Vec::new(),
        weights: HashMap::new(),
    };
    let block = body(&func)?;
    let mut inputs = Vec::new();
    for i in 0..block.argument_count() {
        let arg = block
            .argument(i)
            .map_err(|e| anyhow!("argument #{i}: {e}"))?;
        let ty = TensorType::from_mlir(arg.r#type())
            .with_context(|| format!("@{entry}: argument #{i} is not a ranked tensor"))?;
        inputs.push(b.define(&ty));
    }
    let outputs = b.walk(&func, &inputs, 0)?;
    let program = Program {
        name: entry.to_string(),
        values: b.values,
        inputs,
        outputs,
        ops: b.ops,
        kv_capacity: Some(capacity),
    };
    program.check()?;
    Ok(program)
}

struct Builder<'m, 'c> {
    module: &'m Module<'c>,
    capacity: u64,
    values: Vec<ValueDef>,
    ops: Vec<ProgramOp>,
    weights: HashMap<String, usize>,
}

fn body<'c, 'a>(func: &OperationRef<'c, 'a>) -> Result<melior::ir::BlockRef<'c, 'a>> {
    func.region(0)
        .ok()
        .and_then(|r| r.first_block())
        .context("the function has no body")
}

impl Builder<'_, '_> {
    fn specialize(&self, ty: &TensorType) -> TensorType {
        let mut t = ty.clone();
        for d in &mut t.shape {
            if *d == Dim::Dynamic {
                *d = Dim::Static(self.capacity);
            }
        }
        t
    }

    fn define(&mut self, ty: &TensorType) -> usize {
        let t = self.specialize(ty);
        let len = t.static_shape().unwrap_or_default().iter().product::<u64>() as usize;
        self.values.push(if t.element.is_float() {
            ValueDef::Float { len }
        } else {
            ValueDef::Int { len }
        });
        self.values.len() - 1
    }

    /// Walks `func`'s body with its arguments bound to `args`; returns the returned values.
    fn walk(&mut self, func: &OperationRef, args: &[usize], depth: usize) -> Result<Vec<usize>> {
        if depth > 16 {
            bail!("calls nested deeper than 16 (recursion?)");
        }
        let block = body(func)?;
        let mut local: HashMap<usize, usize> = HashMap::new();
        for (i, &v) in args.iter().enumerate() {
            let arg = block
                .argument(i)
                .map_err(|e| anyhow!("argument #{i}: {e}"))?;
            local.insert(arg.to_raw().ptr as usize, v);
        }
        for op in std::iter::successors(block.first_operation(), |op| op.next_in_block()) {
            let sig = OpSignature::from_operation(&op);
            let operands: Vec<usize> = op
                .operands()
                .map(|v| local.get(&(v.to_raw().ptr as usize)).copied())
                .collect::<Option<_>>()
                .with_context(|| {
                    format!(
                        "'{}' uses a value defined outside the function body",
                        sig.name
                    )
                })?;
            let results: Vec<usize> = match sig.name.as_str() {
                "func.return" => return Ok(operands),
                "func.call" => {
                    let name = match sig.attributes.get("callee") {
                        Some(AttrValue::Other(s) | AttrValue::Str(s)) => {
                            s.trim_start_matches('@').to_string()
                        }
                        _ => bail!("func.call without a callee"),
                    };
                    let f = crate::gpu::find_function(self.module, &name)?;
                    self.walk(&f, &operands, depth + 1)?
                }
                "kforge.weight" => {
                    let name = sig.str_attr("name").unwrap_or_default().to_string();
                    let shape = sig
                        .results
                        .first()
                        .and_then(|t| t.as_ref().ok())
                        .and_then(|t| t.static_shape())
                        .with_context(|| format!("weight '{name}' needs a static shape"))?;
                    let id = match self.weights.get(&name) {
                        Some(&id) => id,
                        None => {
                            self.values.push(ValueDef::Weight {
                                name: name.clone(),
                                shape: shape.iter().map(|&d| d as usize).collect(),
                            });
                            self.weights.insert(name, self.values.len() - 1);
                            self.values.len() - 1
                        }
                    };
                    vec![id]
                }
                n if n.starts_with("kforge.") => {
                    let mut s = sig.clone();
                    for t in s.operands.iter_mut().chain(s.results.iter_mut()).flatten() {
                        *t = self.specialize(t);
                    }
                    let plan = plan_op(&s).map_err(|e| anyhow!("'{n}' op {e}"))?;
                    let results: Vec<usize> = s
                        .results
                        .iter()
                        .map(|t| {
                            t.as_ref()
                                .map(|t| self.define(t))
                                .map_err(|t| anyhow!("'{n}': result of type {t} is not a tensor"))
                        })
                        .collect::<Result<_>>()?;
                    self.ops.push(ProgramOp {
                        name: n.to_string(),
                        plan,
                        operands,
                        results: results.clone(),
                    });
                    results
                }
                other => bail!("'{other}' cannot run on the GPU"),
            };
            for (r, v) in op.results().zip(results) {
                local.insert(r.to_raw().ptr as usize, v);
            }
        }
        bail!("the function body has no return")
    }
}
