//! A step: dispatches recorded into one command encoder and submitted once, with a timestamp pair around each
//! dispatch when timing is on (per-kernel GPU time).

use super::buffer::{map_and_read, GpuBuffer};
use super::device::{Gpu, Pipeline};
use crate::error::{GpuError, Result};

/// GPU time of one dispatch.
#[derive(Debug, Clone)]
pub struct KernelTime {
    /// Kernel name.
    pub name: String,
    /// Seconds between the pass's begin and end timestamps.
    pub seconds: f64,
}

/// Dispatches recorded for one submission.
pub struct Step<'g> {
    gpu: &'g Gpu,
    encoder: wgpu::CommandEncoder,
    queries: Option<wgpu::QuerySet>,
    capacity: u32,
    names: Vec<String>,
    /// Buffers the recorded commands use that nobody else holds (scratch, uploaded tables).
    kept: Vec<GpuBuffer>,
}

impl Gpu {
    /// Starts a step; with `timed` (and an adapter with timestamps) the first `max_timed` dispatches get GPU times.
    pub fn step(&self, timed: bool, max_timed: usize) -> Step<'_> {
        let capacity = (max_timed.min(2048) * 2) as u32;
        let queries = (timed && self.has_timestamps() && capacity > 0).then(|| {
            self.device.create_query_set(&wgpu::QuerySetDescriptor {
                label: Some("kforge timestamps"),
                ty: wgpu::QueryType::Timestamp,
                count: capacity,
            })
        });
        Step {
            gpu: self,
            encoder: self.device.create_command_encoder(&Default::default()),
            queries,
            capacity,
            names: Vec::new(),
            kept: Vec::new(),
        }
    }
}

impl Gpu {
    /// The bind group of `buffers` for `pipeline` (lengths are checked by [`Step::dispatch`], not here).
    pub fn bind_group(&self, pipeline: &Pipeline, buffers: &[&GpuBuffer]) -> wgpu::BindGroup {
        let entries: Vec<wgpu::BindGroupEntry> = buffers
            .iter()
            .enumerate()
            .map(|(i, b)| wgpu::BindGroupEntry {
                binding: i as u32,
                resource: b.buffer.as_entire_binding(),
            })
            .collect();
        self.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: None,
            layout: &pipeline.layout,
            entries: &entries,
        })
    }
}

impl Gpu {
    /// [`Gpu::bind_group`] after checking that there is one buffer per binding, each large enough for its spec.
    pub fn checked_bind_group(
        &self,
        pipeline: &Pipeline,
        buffers: &[&GpuBuffer],
    ) -> Result<wgpu::BindGroup> {
        let k = &pipeline.kernel;
        if buffers.len() != k.bindings.len() {
            return Err(GpuError::InvalidSpec {
                kernel: k.name.clone(),
                reason: format!(
                    "expected {} buffers, got {}",
                    k.bindings.len(),
                    buffers.len()
                ),
            });
        }
        for (i, (b, buf)) in k.bindings.iter().zip(buffers).enumerate() {
            let need = (b.len * b.elem.bytes()) as u64;
            if buf.bytes < need {
                return Err(GpuError::BufferLength {
                    kernel: k.name.clone(),
                    binding: i,
                    expected: b.len,
                    actual: (buf.bytes as usize) / b.elem.bytes(),
                });
            }
        }
        Ok(self.bind_group(pipeline, buffers))
    }
}

impl Step<'_> {
    /// Records one dispatch of `pipeline` over `buffers` (one per binding, each large enough for its spec).
    pub fn dispatch(&mut self, pipeline: &Pipeline, buffers: &[&GpuBuffer]) -> Result<()> {
        let group = self.gpu.checked_bind_group(pipeline, buffers)?;
        self.dispatch_bound(pipeline, &group);
        Ok(())
    }

    /// Records one dispatch with a bind group made by [`Gpu::bind_group`] (reused across steps: a decode loop
    /// binds the same buffers every token).
    pub fn dispatch_bound(&mut self, pipeline: &Pipeline, group: &wgpu::BindGroup) {
        let k = &pipeline.kernel;
        let slot = self.names.len() as u32 * 2;
        let timestamp_writes = self
            .queries
            .as_ref()
            .filter(|_| slot + 1 < self.capacity)
            .map(|q| wgpu::ComputePassTimestampWrites {
                query_set: q,
                beginning_of_pass_write_index: Some(slot),
                end_of_pass_write_index: Some(slot + 1),
            });
        if timestamp_writes.is_some() {
            self.names.push(k.name.clone());
        }
        let mut pass = self
            .encoder
            .begin_compute_pass(&wgpu::ComputePassDescriptor {
                label: Some(&k.name),
                timestamp_writes,
            });
        pass.set_pipeline(&pipeline.pipeline);
        pass.set_bind_group(0, group, &[]);
        let [x, y, z] = k.workgroups;
        pass.dispatch_workgroups(x, y, z);
    }

    /// Records dispatches with bind groups made by [`Gpu::bind_group`]; untimed, all of them go into one compute
    /// pass (wgpu orders the storage accesses of dispatches within a pass), saving a pass per dispatch.
    pub fn dispatch_all(&mut self, dispatches: &[(&Pipeline, &wgpu::BindGroup)]) {
        if dispatches.is_empty() {
            return;
        }
        if self.queries.is_some() {
            for (p, g) in dispatches {
                self.dispatch_bound(p, g);
            }
            return;
        }
        let mut pass = self
            .encoder
            .begin_compute_pass(&wgpu::ComputePassDescriptor {
                label: Some("kforge step"),
                timestamp_writes: None,
            });
        for (p, g) in dispatches {
            pass.set_pipeline(&p.pipeline);
            pass.set_bind_group(0, *g, &[]);
            let [x, y, z] = p.kernel.workgroups;
            pass.dispatch_workgroups(x, y, z);
        }
    }

    /// Records a copy of `src` into `dst` (the smaller of the two sizes).
    pub fn copy(&mut self, src: &GpuBuffer, dst: &GpuBuffer) -> Result<()> {
        self.encoder.copy_buffer_to_buffer(
            &src.buffer,
            0,
            &dst.buffer,
            0,
            src.bytes.min(dst.bytes),
        );
        Ok(())
    }

    /// Records a copy of `src`'s first `bytes` into `dst`, a `MAP_READ` buffer read after the step
    /// ([`Gpu::read_after`]).
    pub fn copy_out(&mut self, src: &GpuBuffer, dst: &wgpu::Buffer, bytes: u64) {
        self.encoder
            .copy_buffer_to_buffer(&src.buffer, 0, dst, 0, bytes);
    }

    /// Submits the step without waiting for it (its timestamps, if any, are dropped): the host records the next
    /// step while this one runs, and reads what it copied out with [`Gpu::read_after`].
    pub fn submit(self) -> Result<wgpu::SubmissionIndex> {
        let index = self.gpu.queue.submit([self.encoder.finish()]);
        self.gpu.take_errors()?;
        Ok(index)
    }

    /// Keeps buffers alive until the step has run.
    pub fn keep(&mut self, buffers: Vec<GpuBuffer>) {
        self.kept.extend(buffers);
    }

    /// Submits the step, waits for it and returns the GPU time of each timed dispatch (empty when untimed).
    pub fn finish(self) -> Result<Vec<KernelTime>> {
        self.finish_inner(None)
    }

    /// [`Step::finish`], also reading `buffer` back in the same submission (a decode step's logits).
    pub fn finish_reading(self, buffer: &GpuBuffer) -> Result<(Vec<KernelTime>, Vec<u8>)> {
        let gpu = self.gpu;
        let staging = gpu.readback_buffer(buffer.bytes);
        let times = self.finish_inner(Some((buffer, &staging)))?;
        Ok((times, map_and_read(gpu, &staging)?))
    }

    /// [`Step::finish_reading`] through `staging` (a `MAP_READ` buffer of at least `buffer`'s size, kept by the
    /// caller from run to run: a decode step's logits every token), as f32.
    pub fn finish_reading_f32(
        self,
        buffer: &GpuBuffer,
        staging: &wgpu::Buffer,
    ) -> Result<(Vec<KernelTime>, Vec<f32>)> {
        let gpu = self.gpu;
        let times = self.finish_inner(Some((buffer, staging)))?;
        Ok((
            times,
            super::buffer::map_and_read_f32(gpu, staging, buffer.bytes)?,
        ))
    }

    /// Submits, waits, returns the timestamps; with `read`, copies its buffer into its staging buffer first (the
    /// caller maps it).
    fn finish_inner(
        mut self,
        read: Option<(&GpuBuffer, &wgpu::Buffer)>,
    ) -> Result<Vec<KernelTime>> {
        if let Some((b, staging)) = read {
            self.encoder
                .copy_buffer_to_buffer(&b.buffer, 0, staging, 0, b.bytes);
        }
        let n = self.names.len() as u32 * 2;
        let readback = match (&self.queries, n) {
            (Some(q), n) if n > 0 => {
                let resolve_buf = self.gpu.device.create_buffer(&wgpu::BufferDescriptor {
                    label: Some("timestamps"),
                    size: n as u64 * 8,
                    usage: wgpu::BufferUsages::QUERY_RESOLVE | wgpu::BufferUsages::COPY_SRC,
                    mapped_at_creation: false,
                });
                let staging = self.gpu.readback_buffer(n as u64 * 8);
                self.encoder.resolve_query_set(q, 0..n, &resolve_buf, 0);
                self.encoder
                    .copy_buffer_to_buffer(&resolve_buf, 0, &staging, 0, n as u64 * 8);
                Some(staging)
            }
            _ => None,
        };
        self.gpu.queue.submit([self.encoder.finish()]);
        self.gpu.wait()?;
        let Some(staging) = readback else {
            return Ok(Vec::new());
        };
        let bytes = map_and_read(self.gpu, &staging)?;
        let ticks: Vec<u64> = bytes
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
            .collect();
        let period = f64::from(self.gpu.queue.get_timestamp_period()) * 1e-9;
        let times = self
            .names
            .into_iter()
            .enumerate()
            .map(|(i, name)| KernelTime {
                name,
                seconds: ticks[2 * i + 1].saturating_sub(ticks[2 * i]) as f64 * period,
            })
            .collect();
        Ok(times)
    }
}
