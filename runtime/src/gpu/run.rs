//! Runs a function's [`Program`] once on tensors: inputs uploaded, every kernel in one command buffer with a GPU
//! timestamp pair each, every result read back.

use super::GpuModuleError;
use crate::reference::{Tensor, TensorData};
use kforge_gpu::program::{HostData, Program, Resident, ValueDef};
use kforge_gpu::runtime::{Gpu, Host, KernelTime};
use kforge_gpu::{GpuError, WeightFormat};
use std::collections::HashMap;

/// What one run produced.
pub struct ProgramRun {
    /// The results, in order.
    pub outputs: Vec<Tensor>,
    /// The GPU time of each dispatch (empty on an adapter without timestamps).
    pub times: Vec<KernelTime>,
    /// Dispatches of the run.
    pub kernels: usize,
}

/// Runs `program` with `arguments` (every function argument, weight arguments included) and `weights` for its
/// `kforge.weight` ops.
pub fn run_program(
    gpu: &Gpu,
    program: Program,
    arguments: &[&Tensor],
    weights: &HashMap<String, Tensor>,
) -> Result<ProgramRun, GpuModuleError> {
    if arguments.len() != program.inputs.len() {
        return Err(GpuModuleError::Tensor(format!(
            "@{} takes {} arguments, got {}",
            program.name,
            program.inputs.len(),
            arguments.len()
        )));
    }
    let shapes = program.output_shapes.clone();
    let resident = Resident::new(gpu, program, &[], &mut |name, _shape, format| {
        let t = weights
            .get(name)
            .ok_or_else(|| GpuError::Wgpu(format!("weight '{name}' is missing")))?;
        match (format, t.data()) {
            (WeightFormat::F32, _) => t
                .clone()
                .into_f32_vec()
                .map(Host::F32)
                .map_err(|e| GpuError::Wgpu(format!("weight '{name}': {e}"))),
            (_, TensorData::I64(v)) => Ok(Host::Bytes(bytes_of(v))),
            (f, _) => Err(GpuError::Wgpu(format!(
                "weight '{name}' ({}) must hold i8 bytes",
                f.name()
            ))),
        }
    })?;
    let mut ints = vec![Vec::new(); arguments.len()];
    for (k, t) in arguments.iter().enumerate() {
        let value = &resident.program().values[resident.program().inputs[k]];
        match (t.data(), value) {
            (TensorData::F32(v), _) => resident.write_input(gpu, k, &Host::F32(v.clone()))?,
            (TensorData::I64(v), ValueDef::Bytes { .. }) => {
                resident.write_input(gpu, k, &Host::Bytes(bytes_of(v)))?
            }
            (TensorData::I64(v), _) => ints[k] = v.clone(),
        }
    }
    let (data, times) = resident.run_all(gpu, &ints, true)?;
    let outputs = data
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let shape = shapes.get(i).cloned().unwrap_or_default();
            match d {
                HostData::F32(v) => Tensor::f32(shape, v),
                HostData::I64(v) => Tensor::i64(shape, v),
            }
            .map_err(|e| GpuModuleError::Tensor(format!("result #{i}: {e}")))
        })
        .collect::<Result<_, _>>()?;
    Ok(ProgramRun {
        outputs,
        times,
        kernels: resident.kernels(),
    })
}

/// The bytes of an `i8` tensor, which the reference tensors hold widened to `i64` (each in `-128..=127`).
fn bytes_of(values: &[i64]) -> Vec<u8> {
    values.iter().map(|&v| v as u8).collect()
}
