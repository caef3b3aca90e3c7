//! Device buffers: upload, zero/poison fill, read back.

use super::device::Gpu;
use crate::error::{GpuError, Result};
use wgpu::util::DeviceExt;

/// A storage buffer on the device.
#[derive(Debug)]
pub struct GpuBuffer {
    pub(crate) buffer: wgpu::Buffer,
    /// Size in bytes (a multiple of 4).
    pub bytes: u64,
}

/// Host data for one binding.
#[derive(Debug, Clone)]
pub enum Host {
    /// f32 values.
    F32(Vec<f32>),
    /// u32 values (ids, positions, params).
    U32(Vec<u32>),
    /// f16 values.
    F16(Vec<half::f16>),
    /// Raw bytes (a weight in a stored format), padded with zeros to a whole word.
    Bytes(Vec<u8>),
    /// An output of this many f32 elements, filled with NaN so unwritten elements show.
    Poison(usize),
}

impl Host {
    fn bytes(&self) -> Vec<u8> {
        let mut out: Vec<u8> = match self {
            Host::F32(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            Host::U32(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            Host::F16(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            Host::Bytes(v) => v.clone(),
            Host::Poison(n) => std::iter::repeat_n(f32::NAN.to_le_bytes(), *n)
                .flatten()
                .collect(),
        };
        while !out.len().is_multiple_of(4) || out.is_empty() {
            out.push(0);
        }
        out
    }
}

impl Gpu {
    /// Uploads host data into a new storage buffer.
    pub fn upload(&self, data: &Host) -> GpuBuffer {
        let bytes = data.bytes();
        let buffer = self
            .device
            .create_buffer_init(&wgpu::util::BufferInitDescriptor {
                label: None,
                contents: &bytes,
                usage: wgpu::BufferUsages::STORAGE
                    | wgpu::BufferUsages::COPY_SRC
                    | wgpu::BufferUsages::COPY_DST,
            });
        GpuBuffer {
            buffer,
            bytes: bytes.len() as u64,
        }
    }

    /// A zero-filled storage buffer of at least `bytes` bytes.
    pub fn zeros(&self, bytes: usize) -> GpuBuffer {
        let bytes = (bytes.max(4).div_ceil(4) * 4) as u64;
        let buffer = self.device.create_buffer(&wgpu::BufferDescriptor {
            label: None,
            size: bytes,
            usage: wgpu::BufferUsages::STORAGE
                | wgpu::BufferUsages::COPY_SRC
                | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        GpuBuffer { buffer, bytes }
    }

    /// Overwrites the start of a buffer (e.g. a kernel's `params`).
    pub fn write(&self, buffer: &GpuBuffer, data: &Host) -> Result<()> {
        let bytes = data.bytes();
        if bytes.len() as u64 > buffer.bytes {
            return Err(GpuError::Wgpu(format!(
                "write of {} bytes into a buffer of {}",
                bytes.len(),
                buffer.bytes
            )));
        }
        self.queue.write_buffer(&buffer.buffer, 0, &bytes);
        Ok(())
    }

    /// Copies byte ranges between buffers in one submission, in queue order after the work submitted before
    /// (a prompt's KV-cache rows into a batch's slot): each `(src, src_offset, dst, dst_offset, bytes)`. A range
    /// past either buffer's end, or not in whole 4-byte words, is an error and nothing is copied.
    pub fn copy_regions(&self, copies: &[(&GpuBuffer, u64, &GpuBuffer, u64, u64)]) -> Result<()> {
        for &(src, so, dst, d_o, bytes) in copies {
            let fits = |at: u64, buffer: &GpuBuffer| {
                at.checked_add(bytes).is_some_and(|e| e <= buffer.bytes)
            };
            if !fits(so, src) || !fits(d_o, dst) || (so | d_o | bytes) % 4 != 0 {
                return Err(GpuError::Wgpu(format!(
                    "copy of {bytes} bytes from offset {so} of a {}-byte buffer to offset {d_o} of a {}-byte \
                     buffer is out of range or not word-aligned",
                    src.bytes, dst.bytes
                )));
            }
        }
        let mut enc = self.device.create_command_encoder(&Default::default());
        for &(src, so, dst, d_o, bytes) in copies {
            enc.copy_buffer_to_buffer(&src.buffer, so, &dst.buffer, d_o, bytes);
        }
        self.queue.submit([enc.finish()]);
        self.take_errors()
    }

    /// Reads a buffer back as raw bytes (waits for all submitted work).
    pub fn read_bytes(&self, buffer: &GpuBuffer) -> Result<Vec<u8>> {
        let staging = self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("readback"),
            size: buffer.bytes,
            usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let mut enc = self.device.create_command_encoder(&Default::default());
        enc.copy_buffer_to_buffer(&buffer.buffer, 0, &staging, 0, buffer.bytes);
        self.queue.submit([enc.finish()]);
        map_and_read(self, &staging)
    }

    /// Reads a buffer back as f32.
    pub fn read_f32(&self, buffer: &GpuBuffer) -> Result<Vec<f32>> {
        Ok(self
            .read_bytes(buffer)?
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
}

/// Maps a `MAP_READ` buffer and copies it out.
pub(crate) fn map_and_read(gpu: &Gpu, staging: &wgpu::Buffer) -> Result<Vec<u8>> {
    map_and_read_after(gpu, staging, None)
}

impl Gpu {
    /// A `MAP_READ` buffer of `bytes` that a step copies results into.
    pub fn readback_buffer(&self, bytes: u64) -> wgpu::Buffer {
        self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("result readback"),
            size: bytes.max(4),
            usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        })
    }
}

/// Maps the first `bytes` of `staging` (the work that wrote it already waited for) and converts them to f32 in
/// one pass, then unmaps it for the next run.
pub(crate) fn map_and_read_f32(gpu: &Gpu, staging: &wgpu::Buffer, bytes: u64) -> Result<Vec<f32>> {
    map_then(gpu, staging, bytes, None, |view| {
        view.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    })
}

impl Gpu {
    /// Reads `staging` (a `MAP_READ` buffer a step copied into, [`crate::runtime::Step::copy_out`]) once
    /// submission `after` has run, without waiting for later submissions.
    pub fn read_after(
        &self,
        staging: &wgpu::Buffer,
        after: wgpu::SubmissionIndex,
    ) -> Result<Vec<u8>> {
        map_and_read_after(self, staging, Some(after))
    }
}

/// [`map_and_read`] waiting for submission `after` only (every submission when `None`).
fn map_and_read_after(
    gpu: &Gpu,
    staging: &wgpu::Buffer,
    after: Option<wgpu::SubmissionIndex>,
) -> Result<Vec<u8>> {
    map_then(gpu, staging, staging.size(), after, <[u8]>::to_vec)
}

/// Maps the first `bytes` of `staging` once submission `after` has run (every submission when `None`), hands the
/// mapped bytes to `convert`, and unmaps the buffer whatever happened (a kept read-back buffer is copied into
/// again by the next run).
fn map_then<T>(
    gpu: &Gpu,
    staging: &wgpu::Buffer,
    bytes: u64,
    after: Option<wgpu::SubmissionIndex>,
    convert: impl FnOnce(&[u8]) -> T,
) -> Result<T> {
    let (tx, rx) = std::sync::mpsc::channel();
    staging.map_async(wgpu::MapMode::Read, ..bytes, move |r| {
        let _ = tx.send(r);
    });
    match after {
        None => gpu.wait()?,
        Some(index) => gpu.wait_for(index)?,
    }
    rx.recv()
        .map_err(|_| GpuError::Wgpu("buffer map callback dropped".into()))?
        .map_err(|e| GpuError::Wgpu(format!("map: {e}")))?;
    let data = staging
        .get_mapped_range(..bytes)
        .map(|view| convert(&view))
        .map_err(|e| GpuError::Wgpu(format!("mapped range: {e}")));
    staging.unmap();
    data
}
