//! Runs a function's [`Program`] once on tensors: inputs uploaded, every kernel in one command buffer with a GPU
//! timestamp pair each, every result read back.

use super::GpuModuleError;
use crate::reference::{Tensor, TensorData};
use kforge_gpu::program::{HostData, Program, Resident};
use kforge_gpu::runtime::{Gpu, KernelTime};
use kforge_gpu::GpuError;
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
    let resident = Resident::new(gpu, program, &[], &mut |name, _shape| {
        let t = weights
            .get(name)
            .ok_or_else(|| GpuError::Wgpu(format!("weight '{name}' is missing")))?;
        t.clone()
            .into_f32_vec()
            .map_err(|e| GpuError::Wgpu(format!("weight '{name}': {e}")))
    })?;
    let mut ints = vec![Vec::new(); arguments.len()];
    for (k, t) in arguments.iter().enumerate() {
        match t.data() {
            TensorData::F32(v) => resident.write_input(gpu, k, v)?,
            TensorData::I64(v) => ints[k] = v.clone(),
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
