//! The wgpu runtime: adapters, the device and its pipeline cache, buffers, steps with GPU timestamps.

mod adapter;
mod buffer;
mod device;
mod for_tests;
mod step;

pub use adapter::{list_adapters, AdapterSummary};
pub use buffer::{GpuBuffer, Host};
pub use device::{Gpu, GpuOptions, Pipeline};
pub use for_tests::{gpu_required, open_for_tests};
pub use step::{KernelTime, Step};

use crate::error::{GpuError, Result};
use crate::spec::KernelSpec;

impl Gpu {
    /// Generates, compiles and runs one kernel on host data (one [`Host`] per binding, in binding order) and
    /// returns the contents of its writable bindings as f32. For tests and `--check` runs.
    pub fn run_once(&self, spec: &KernelSpec, inputs: &[Host]) -> Result<Vec<Vec<f32>>> {
        let kernel = self.kernel(spec)?;
        if inputs.len() != kernel.bindings.len() {
            return Err(GpuError::InvalidSpec {
                kernel: kernel.name.clone(),
                reason: format!(
                    "expected {} inputs, got {}",
                    kernel.bindings.len(),
                    inputs.len()
                ),
            });
        }
        let pipeline = self.pipeline(&kernel)?;
        let buffers: Vec<GpuBuffer> = inputs.iter().map(|h| self.upload(h)).collect();
        let refs: Vec<&GpuBuffer> = buffers.iter().collect();
        let mut step = self.step(false, 0);
        step.dispatch(&pipeline, &refs)?;
        step.finish()?;
        kernel
            .bindings
            .iter()
            .zip(&buffers)
            .filter(|(b, _)| b.writable)
            .map(|(b, buf)| {
                let mut v = self.read_f32(buf)?;
                v.truncate(b.len);
                Ok(v)
            })
            .collect()
    }
}
