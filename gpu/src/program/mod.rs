//! Programs: a whole function (e.g. a decoder's `@decode`) flattened into [`OpPlan`]s over numbered values,
//! serializable, so that a binary without MLIR (`kforge-gpu-bench decode --program`) runs exactly what
//! `kforge-run --target gpu` runs.
//!
//! `kforge_passes::lower_to_gpu::build_program` builds a program from a module with the op → kernel mapping of
//! `--kforge-lower-to-gpu` (calls inlined, dynamic dims specialized); [`Resident`] keeps it on the device: every
//! buffer, pipeline and bind group made once, host tables rewritten in place before each run, one command buffer
//! per run ([`Resident::run`] reads one output back, [`Resident::run_all`] every output).

mod resident;

pub use resident::{FedRun, GreedyFeed, HostData, Resident, Shared};

use crate::error::{GpuError, Result};
use crate::plan::OpPlan;
use crate::runtime::Host;
use kforge_abi::weight_format::WeightFormat;
use serde::{Deserialize, Serialize};

/// Where weights come from: `(name, shape, format)` → the data (a weights file, or
/// [`crate::decoder::random_weight`]): [`Host::F32`] of the shape's elements for an f32 weight, [`Host::Bytes`]
/// of the shape's elements (bytes) as stored for any other format.
pub type WeightSource<'a> = dyn FnMut(&str, &[usize], WeightFormat) -> Result<Host> + 'a;

/// One value of a program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ValueDef {
    /// f32 elements on the device.
    Float {
        /// Elements.
        len: usize,
    },
    /// Integer elements on the host (ids, positions).
    Int {
        /// Elements.
        len: usize,
    },
    /// Bytes on the device: an `i8` argument, a weight in a stored format passed to a function.
    Bytes {
        /// Bytes.
        len: usize,
    },
    /// A named weight, uploaded once.
    Weight {
        /// Its name in the weights file.
        name: String,
        /// Its shape (for a stored format the raw bytes' `[N, K/block, block_bytes]`).
        shape: Vec<usize>,
        /// How it is stored (set from the `weight_format` of the ops that read it).
        #[serde(
            default,
            skip_serializing_if = "kforge_abi::weight_format::is_f32",
            with = "kforge_abi::weight_format::by_name"
        )]
        format: WeightFormat,
    },
}

impl ValueDef {
    /// Elements.
    pub fn len(&self) -> usize {
        match self {
            ValueDef::Float { len } | ValueDef::Int { len } | ValueDef::Bytes { len } => *len,
            ValueDef::Weight { shape, .. } => shape.iter().product(),
        }
    }

    /// Whether the value has no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One op: its plan over program values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramOp {
    /// The op's name (`kforge.linear`), for messages.
    pub name: String,
    /// Its kernels.
    pub plan: OpPlan,
    /// Operand values.
    pub operands: Vec<usize>,
    /// Result values.
    pub results: Vec<usize>,
}

/// A function as kernel plans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Program {
    /// The function's name.
    pub name: String,
    /// Every value.
    pub values: Vec<ValueDef>,
    /// The function's arguments, in order.
    pub inputs: Vec<usize>,
    /// Its results, in order.
    pub outputs: Vec<usize>,
    /// The shape of each result (a program read from older JSON has none).
    #[serde(default)]
    pub output_shapes: Vec<Vec<usize>>,
    /// Its ops in order.
    pub ops: Vec<ProgramOp>,
    /// Rows of the KV caches the dynamic dims were specialized to (a decoder's context), if any.
    pub kv_capacity: Option<usize>,
}

impl Program {
    /// Reads a program written by `kforge-run --gpu-program`.
    pub fn from_json(text: &str) -> Result<Program> {
        let p: Program = serde_json::from_str(text)
            .map_err(|e| GpuError::Wgpu(format!("not a kforge GPU program: {e}")))?;
        p.check()?;
        Ok(p)
    }

    /// The device bytes of each value (`None` for host integers), or an error naming the first whose size
    /// overflows.
    pub fn value_bytes(&self) -> Result<Vec<Option<u64>>> {
        self.values
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let bytes = match d {
                    ValueDef::Int { .. } => return Ok(None),
                    ValueDef::Bytes { len } => Some(*len as u64),
                    ValueDef::Weight { shape, format, .. } if *format != WeightFormat::F32 => {
                        shape.iter().try_fold(1u64, |a, &d| a.checked_mul(d as u64))
                    }
                    ValueDef::Weight { shape, .. } => {
                        shape.iter().try_fold(4u64, |a, &d| a.checked_mul(d as u64))
                    }
                    ValueDef::Float { len } => (*len as u64).checked_mul(4),
                };
                bytes.map(Some).ok_or_else(|| {
                    GpuError::Wgpu(format!(
                        "program @{}: the size of value #{i} overflows 64 bits",
                        self.name
                    ))
                })
            })
            .collect()
    }

    /// Checks that every value a program names exists and is defined once (by an input, a weight or an op).
    pub fn check(&self) -> Result<()> {
        let n = self.values.len();
        let bad = |what: String| Err(GpuError::Wgpu(format!("program @{}: {what}", self.name)));
        let mut defined = vec![false; n];
        for (i, v) in self.values.iter().enumerate() {
            defined[i] = matches!(v, ValueDef::Weight { .. });
        }
        for &i in &self.inputs {
            if i >= n || defined[i] {
                return bad(format!("input value #{i} is out of range or defined twice"));
            }
            defined[i] = true;
        }
        for op in &self.ops {
            if let Some(&i) = op.operands.iter().find(|&&i| i >= n || !defined[i]) {
                return bad(format!(
                    "'{}' reads value #{i} before it is defined",
                    op.name
                ));
            }
            for &i in &op.results {
                if i >= n || defined[i] {
                    return bad(format!("'{}' defines value #{i} twice", op.name));
                }
                defined[i] = true;
            }
        }
        if let Some(&i) = self.outputs.iter().find(|&&i| i >= n || !defined[i]) {
            return bad(format!("output value #{i} is never defined"));
        }
        Ok(())
    }

    /// The formats of the program's weights, each once, in [`WeightFormat`] order.
    pub fn weight_formats(&self) -> Vec<WeightFormat> {
        let set: std::collections::BTreeSet<WeightFormat> = self
            .values
            .iter()
            .filter_map(|v| match v {
                ValueDef::Weight { format, .. } => Some(*format),
                _ => None,
            })
            .collect();
        set.into_iter().collect()
    }

    /// Kernels one run dispatches.
    pub fn kernel_count(&self) -> usize {
        self.ops.iter().map(|o| o.plan.kernels.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn program(ops: Vec<ProgramOp>) -> Program {
        Program {
            name: "f".into(),
            values: vec![ValueDef::Float { len: 4 }, ValueDef::Float { len: 4 }],
            inputs: vec![0],
            outputs: vec![1],
            output_shapes: vec![vec![4]],
            ops,
            kv_capacity: None,
        }
    }

    fn op(operands: Vec<usize>, results: Vec<usize>) -> ProgramOp {
        ProgramOp {
            name: "kforge.silu".into(),
            plan: OpPlan::default(),
            operands,
            results,
        }
    }

    #[test]
    fn a_well_formed_program_round_trips_through_json() {
        let p = program(vec![op(vec![0], vec![1])]);
        let text = serde_json::to_string(&p).unwrap();
        assert_eq!(Program::from_json(&text).unwrap(), p);
    }

    #[test]
    fn malformed_programs_are_errors_not_panics() {
        assert!(Program::from_json("{}").is_err());
        assert!(Program::from_json("not json").is_err());
        // Reads a value nobody defined; defines the input again; never defines the output.
        assert!(program(vec![op(vec![7], vec![1])]).check().is_err());
        assert!(program(vec![op(vec![0], vec![0])]).check().is_err());
        assert!(program(vec![]).check().is_err());
    }
}
