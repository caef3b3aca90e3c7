//! Greedy decoding kept on the device: after a run, an [`KernelSpec::ArgmaxFeed`] dispatch writes the argmax of
//! the logits into the id table the next run's embedding reads, so consecutive runs need nothing from the host
//! but their position tables. The host records and submits run `t + 1` while the GPU executes run `t`, and reads
//! run `t`'s id (4 bytes, copied out at the end of its command buffer) one run behind: the host's encoding and
//! the read-back leave the critical path, which is then the GPU's own time per token.
//!
//! Ordering: `queue.write_buffer` of run `t + 1`'s tables executes after run `t`'s commands (submission order),
//! and the id table is written by the host only for a run whose ids come from the host (`write_ids`: a
//! sequence's first run), so a fed run `t + 1` reads exactly run `t`'s argmax.
//!
//! A batched step's greedy rows are fed the same way, one argmax per row of the logits
//! ([`KernelSpec::ArgmaxRows`]) into the step's id table, and 4 bytes a row read back instead of the vocabulary's
//! logits (1.5 MB a step for 8 rows of SmolLM2).

use super::{err, Resident};
use crate::error::Result;
use crate::plan::Arg;
use crate::runtime::{Gpu, GpuBuffer, Pipeline};
use crate::spec::KernelSpec;
use std::sync::Arc;

/// Runs in flight at most: each has its own read-back buffer.
const IN_FLIGHT: usize = 2;

/// The argmax that feeds a [`Resident`] program's id input from its logits output.
pub struct GreedyFeed {
    pipeline: Arc<Pipeline>,
    group: wgpu::BindGroup,
    /// The id table the argmax writes.
    ids: Arc<GpuBuffer>,
    /// Its position among the program's host tables (written by the host on a sequence's first run only).
    table: usize,
    /// One read-back buffer per run in flight.
    staging: Vec<wgpu::Buffer>,
    /// Runs submitted so far (picks the read-back buffer).
    submitted: usize,
    /// Rows of the logits: ids chosen per run.
    rows: usize,
}

/// A submitted run whose chosen id is not read yet.
#[must_use = "read the run's id with Resident::read_fed"]
pub struct FedRun {
    index: wgpu::SubmissionIndex,
    slot: usize,
}

impl Resident {
    /// The feed from output `logits` (`rows` rows of the vocabulary) to integer input `ids` (one id a row, read
    /// by the program only as embedding indices).
    pub fn greedy_feed(
        &self,
        gpu: &Gpu,
        logits: usize,
        ids: usize,
        rows: usize,
    ) -> Result<GreedyFeed> {
        let program = &self.program;
        let (out, logits_buffer) = self.float_output(logits)?;
        let len = program.values[out].len();
        if rows == 0 || !len.is_multiple_of(rows) {
            return Err(err(
                program,
                format!("output #{logits} of {len} elements is not {rows} rows"),
            ));
        }
        let reads_ids = |a: &Arg| match *a {
            Arg::Indices(i) | Arg::Position(i) | Arg::RopeTable { positions: i, .. } => i == ids,
            Arg::AttentionParams { position, .. } => position == Some(ids),
            _ => false,
        };
        let tables: Vec<usize> = (0..self.tables.len())
            .filter(|&t| reads_ids(&self.tables[t].arg))
            .collect();
        let table = match tables[..] {
            [t] if self.tables[t].arg == Arg::Indices(ids) => t,
            [] => {
                return Err(err(
                    program,
                    format!("no kernel reads input #{ids} as embedding ids"),
                ))
            }
            _ => {
                return Err(err(
                    program,
                    format!(
                    "input #{ids} is read other than as embedding ids: the device cannot feed it"
                ),
                ))
            }
        };
        let ids_buffer = self.tables[table].buffer.clone();
        let spec = match rows {
            1 => KernelSpec::ArgmaxFeed { n: len },
            _ => KernelSpec::ArgmaxRows {
                rows,
                n: len / rows,
            },
        };
        let kernel = gpu.kernel(&spec)?;
        let pipeline = gpu.pipeline(&kernel)?;
        let group = gpu.checked_bind_group(&pipeline, &[&logits_buffer, &ids_buffer])?;
        let staging = (0..IN_FLIGHT)
            .map(|_| {
                gpu.device.create_buffer(&wgpu::BufferDescriptor {
                    label: Some("greedy id read-back"),
                    size: rows as u64 * 4,
                    usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
                    mapped_at_creation: false,
                })
            })
            .collect();
        Ok(GreedyFeed {
            pipeline,
            group,
            ids: ids_buffer,
            table,
            staging,
            submitted: 0,
            rows,
        })
    }

    /// Submits one run followed by `feed`'s argmax, without waiting. The host tables come from `ints`, except the
    /// id table unless `write_ids` (a sequence's first run: its token comes from the host). At most
    /// two runs may be unread: read the oldest ([`Resident::read_fed`]) before submitting another.
    pub fn submit_fed(
        &self,
        gpu: &Gpu,
        ints: &[Vec<i64>],
        feed: &mut GreedyFeed,
        write_ids: bool,
    ) -> Result<FedRun> {
        let kept = if write_ids { vec![] } else { vec![feed.table] };
        let mut step = self.record_keeping(gpu, ints, false, &kept)?;
        step.dispatch_all(&[(&feed.pipeline, &feed.group)]);
        let slot = feed.submitted % IN_FLIGHT;
        step.copy_out(&feed.ids, &feed.staging[slot], feed.rows as u64 * 4);
        feed.submitted += 1;
        Ok(FedRun {
            index: step.submit()?,
            slot,
        })
    }

    /// Waits for `run` (not for runs submitted after it) and returns the id its argmax chose (of the first row).
    pub fn read_fed(&self, gpu: &Gpu, feed: &GreedyFeed, run: FedRun) -> Result<u32> {
        Ok(self.read_fed_rows(gpu, feed, run)?[0])
    }

    /// Waits for `run` and returns the id its argmax chose for each row.
    pub fn read_fed_rows(&self, gpu: &Gpu, feed: &GreedyFeed, run: FedRun) -> Result<Vec<u32>> {
        let bytes = gpu.read_after(&feed.staging[run.slot], run.index)?;
        let words = bytes
            .get(..feed.rows * 4)
            .ok_or_else(|| err(&self.program, "greedy id read-back too short".into()))?;
        Ok(words
            .chunks_exact(4)
            .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
            .collect())
    }
}
