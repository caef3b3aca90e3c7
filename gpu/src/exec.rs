//! Runs [`OpPlan`]s over device values: the GPU side of `kforge-run --target gpu`.
//!
//! Float tensors live on the device; integer tensors (token ids, positions) stay on the host, where the plans
//! turn them into the small tables their kernels read (clamped ids, RoPE tables, attention params). Every kernel
//! of a function is recorded into one [`Step`] (one command buffer), timed with GPU timestamps.

use crate::error::{GpuError, Result};
use crate::plan::{Arg, OpPlan};
use crate::runtime::{Gpu, GpuBuffer, Host, Step};
use std::sync::Arc;

/// A value of a function being run on the GPU.
#[derive(Debug, Clone)]
pub enum GpuValue {
    /// f32 elements on the device.
    Device {
        /// The buffer (shared by reshapes).
        buffer: Arc<GpuBuffer>,
        /// Elements.
        len: usize,
    },
    /// Integer elements on the host.
    Host(Vec<i64>),
}

impl GpuValue {
    /// Uploads f32 data.
    pub fn upload(gpu: &Gpu, data: &[f32]) -> GpuValue {
        GpuValue::Device {
            buffer: Arc::new(gpu.upload(&Host::F32(data.to_vec()))),
            len: data.len(),
        }
    }

    /// Reads f32 data back (after the step that wrote it finished).
    pub fn read(&self, gpu: &Gpu) -> Result<Vec<f32>> {
        match self {
            GpuValue::Device { buffer, len } => {
                let mut v = gpu.read_f32(buffer)?;
                v.truncate(*len);
                Ok(v)
            }
            GpuValue::Host(v) => Ok(v.iter().map(|&x| x as f32).collect()),
        }
    }

    fn buffer(&self, what: &str) -> Result<&GpuBuffer> {
        match self {
            GpuValue::Device { buffer, .. } => Ok(buffer),
            GpuValue::Host(_) => Err(GpuError::Wgpu(format!(
                "{what}: expected a float tensor on the device"
            ))),
        }
    }

    fn host(&self, what: &str) -> Result<&[i64]> {
        match self {
            GpuValue::Host(v) => Ok(v),
            GpuValue::Device { .. } => Err(GpuError::Wgpu(format!(
                "{what}: expected an integer tensor"
            ))),
        }
    }
}

/// What a result of an op is.
#[derive(Debug, Clone, Copy)]
pub struct ResultInfo {
    /// Elements.
    pub len: usize,
    /// An integer tensor (kept on the host).
    pub integer: bool,
}

impl Gpu {
    /// Records the kernels of `plan` into `step` and returns the op's results (written when the step finishes).
    pub fn record_plan(
        &self,
        step: &mut Step<'_>,
        plan: &OpPlan,
        operands: &[&GpuValue],
        results: &[ResultInfo],
    ) -> Result<Vec<GpuValue>> {
        let operand = |i: usize| {
            operands.get(i).copied().ok_or_else(|| {
                GpuError::Wgpu(format!(
                    "plan reads operand #{i}, the op has {}",
                    operands.len()
                ))
            })
        };
        let mut out = Vec::with_capacity(results.len());
        for (r, info) in results.iter().enumerate() {
            let value = if let Some(&(_, o)) = plan.host_aliases.iter().find(|(res, _)| *res == r) {
                GpuValue::Host(operand(o)?.host("reshape")?.to_vec())
            } else if let Some(&(_, o)) = plan.aliases.iter().find(|(res, _)| *res == r) {
                let src = operand(o)?;
                if plan.kernels.is_empty() {
                    src.clone()
                } else {
                    // Updated in place by the kernels: start from a copy, so the operand keeps its value.
                    let dst = Arc::new(self.zeros(info.len * 4));
                    step.copy(src.buffer("in-place operand")?, &dst)?;
                    GpuValue::Device {
                        buffer: dst,
                        len: info.len,
                    }
                }
            } else if info.integer {
                return Err(GpuError::Wgpu(
                    "an integer result computed on the GPU".into(),
                ));
            } else {
                GpuValue::Device {
                    buffer: Arc::new(self.zeros(info.len * 4)),
                    len: info.len,
                }
            };
            out.push(value);
        }
        let temps: Vec<GpuBuffer> = plan.temps.iter().map(|&n| self.zeros(n * 4)).collect();
        for k in &plan.kernels {
            let kernel = self.kernel(&k.spec)?;
            let pipeline = self.pipeline(&kernel)?;
            let mut owned: Vec<GpuBuffer> = Vec::new();
            let mut slots: Vec<Slot> = Vec::new();
            for arg in &k.args {
                slots.push(match arg {
                    Arg::Operand(i) => Slot::Operand(*i),
                    Arg::Result(i) => Slot::Result(*i),
                    Arg::Temp(i) => Slot::Temp(*i),
                    other => {
                        owned.push(self.upload(&host_table(other, &operand)?));
                        Slot::Owned(owned.len() - 1)
                    }
                });
            }
            let mut buffers: Vec<&GpuBuffer> = Vec::with_capacity(slots.len());
            for s in &slots {
                buffers.push(match *s {
                    Slot::Operand(i) => operand(i)?.buffer("operand")?,
                    Slot::Result(i) => out
                        .get(i)
                        .ok_or_else(|| GpuError::Wgpu(format!("no result #{i}")))?
                        .buffer("result")?,
                    Slot::Temp(i) => temps
                        .get(i)
                        .ok_or_else(|| GpuError::Wgpu(format!("no scratch buffer #{i}")))?,
                    Slot::Owned(i) => &owned[i],
                });
            }
            step.dispatch(&pipeline, &buffers)?;
            step.keep(owned);
        }
        step.keep(temps);
        Ok(out)
    }
}

enum Slot {
    Operand(usize),
    Result(usize),
    Temp(usize),
    Owned(usize),
}

/// The host-computed table of an integer-derived argument.
pub(crate) fn host_table<'v>(
    arg: &Arg,
    operand: &dyn Fn(usize) -> Result<&'v GpuValue>,
) -> Result<Host> {
    let scalar = |i: usize| -> Result<i64> {
        operand(i)?
            .host("position")?
            .first()
            .copied()
            .ok_or_else(|| GpuError::Wgpu("empty position tensor".into()))
    };
    Ok(match *arg {
        Arg::Indices(i) => Host::U32(
            operand(i)?
                .host("ids")?
                .iter()
                .map(|&v| v.clamp(0, i64::from(u32::MAX)) as u32)
                .collect(),
        ),
        Arg::RopeTable {
            positions,
            head_dim,
            theta,
        } => Host::F32(crate::rope_table::rope_table(
            operand(positions)?.host("positions")?,
            head_dim,
            theta,
        )),
        Arg::AttentionParams {
            position,
            add_len,
            add_off,
        } => {
            let p = position.map(scalar).transpose()?.unwrap_or(0);
            Host::U32(vec![
                (p + add_len).max(0) as u32,
                (p + add_off) as i32 as u32,
            ])
        }
        Arg::Position(i) => Host::U32(vec![scalar(i)?.max(0) as u32]),
        Arg::Operand(_) | Arg::Result(_) | Arg::Temp(_) => {
            return Err(GpuError::Wgpu("not a host table".into()));
        }
    })
}
