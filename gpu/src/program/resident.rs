//! A [`Program`] resident on the device: weights uploaded once, every buffer, pipeline and bind group made once,
//! then each run rewrites the small host tables (ids, RoPE rows, attention params) and submits one command buffer.

use super::{Program, ProgramOp, ValueDef, WeightSource};
use crate::error::{GpuError, Result};
use crate::exec::{host_table, GpuValue};
use crate::plan::Arg;
use crate::runtime::{Gpu, GpuBuffer, Host, KernelTime, Pipeline};
use kforge_abi::weight_format::WeightFormat;
use std::collections::HashMap;
use std::sync::Arc;

mod greedy;
mod shared;
pub use greedy::{FedRun, GreedyFeed};
pub use shared::Shared;

/// One recorded command.
enum Command {
    Dispatch(Arc<Pipeline>, wgpu::BindGroup),
    Copy(Arc<GpuBuffer>, Arc<GpuBuffer>),
}

/// A host table: its [`Arg`] with operand indices replaced by program-input positions, and its buffer.
struct Table {
    arg: Arg,
    buffer: Arc<GpuBuffer>,
}

/// A program on the device, ready to run again and again.
pub struct Resident {
    program: Program,
    buffers: Vec<Option<Arc<GpuBuffer>>>,
    /// For integer values: the program input they are (integer ops are host-side reshapes).
    int_roots: Vec<Option<usize>>,
    tables: Vec<Table>,
    commands: Vec<Command>,
    /// The `MAP_READ` buffer [`Resident::run`] reads its output through, made on first use and kept (a decode
    /// step's logits every token: making one per run cost more than the copy).
    staging: std::sync::Mutex<Option<wgpu::Buffer>>,
}

fn err(program: &Program, what: String) -> GpuError {
    GpuError::Wgpu(format!("program @{}: {what}", program.name))
}

/// Refuses, before any allocation, a program with a value larger than one storage buffer of this device may be
/// (a `--max-context` too large for it, say), naming the value and the bytes it needs and the program's total.
fn fits_device(gpu: &Gpu, program: &Program) -> Result<()> {
    let limits = gpu.device.limits();
    let per_buffer = limits
        .max_buffer_size
        .min(limits.max_storage_buffer_binding_size);
    let bytes = program.value_bytes()?;
    let total: u64 = bytes
        .iter()
        .flatten()
        .fold(0u64, |a, &b| a.saturating_add(b));
    let largest = bytes
        .iter()
        .enumerate()
        .filter_map(|(i, b)| b.map(|b| (b, i)))
        .max();
    match largest {
        Some((b, i)) if b > per_buffer => {
            let what = match (&program.values[i], program.kv_capacity) {
                (ValueDef::Weight { name, .. }, _) => format!("weight '{name}'"),
                (_, Some(rows)) => format!("value #{i} (with a KV cache of {rows} rows)"),
                _ => format!("value #{i}"),
            };
            Err(GpuError::StorageBufferLimit(format!(
                "program @{}: {what} needs {b} bytes, above this device's {per_buffer} bytes per storage \
                 buffer (the program's buffers total up to {total} bytes); lower --max-context or the sizes",
                program.name
            )))
        }
        _ => Ok(()),
    }
}

impl Resident {
    /// Uploads `program`'s weights (from `weight(name, shape)`), allocates every buffer and records the bind
    /// groups. `carry` pairs `(output, input)` positions whose values must be the next run's inputs (KV caches):
    /// an in-place update needs nothing, otherwise the output is copied into the input at the end of each run.
    pub fn new(
        gpu: &Gpu,
        program: Program,
        carry: &[(usize, usize)],
        weight: &mut WeightSource<'_>,
    ) -> Result<Resident> {
        Self::new_sharing(gpu, program, carry, weight, None)
    }

    /// [`Resident::new`], with the buffers of `shared` where they fit: its weights of the same name and shape
    /// (not uploaded again) and, for each `(mine, theirs)` of its `inputs`, its input `theirs` as this program's
    /// input `mine` (a prefill program writing the decode program's KV caches).
    pub fn new_sharing(
        gpu: &Gpu,
        program: Program,
        carry: &[(usize, usize)],
        weight: &mut WeightSource<'_>,
        shared: Option<Shared<'_>>,
    ) -> Result<Resident> {
        program.check()?;
        fits_device(gpu, &program)?;
        let mut b = Builder::new(gpu, &program, weight, shared)?;
        for (oi, op) in program.ops.iter().enumerate() {
            b.allocate_results(oi, op)?;
            b.record_kernels(op)?;
        }
        b.carry(carry)?;
        let Builder {
            buffers,
            int_root,
            tables,
            commands,
            ..
        } = b;
        Ok(Resident {
            program,
            buffers,
            int_roots: int_root,
            tables,
            commands,
            staging: std::sync::Mutex::new(None),
        })
    }

    /// The program.
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// The device buffer of input `input` (a float or byte argument: a decoder's KV cache, say).
    pub fn input_buffer(&self, input: usize) -> Option<&Arc<GpuBuffer>> {
        self.program
            .inputs
            .get(input)
            .and_then(|&v| self.buffers[v].as_ref())
    }

    /// Dispatches per run.
    pub fn kernels(&self) -> usize {
        self.commands
            .iter()
            .filter(|c| matches!(c, Command::Dispatch(..)))
            .count()
    }

    /// Writes the data of input `input` (a float argument: a function's tensor, not a decoder's caches; or an
    /// `i8` argument's bytes).
    pub fn write_input(&self, gpu: &Gpu, input: usize, data: &Host) -> Result<()> {
        let buffer = self
            .program
            .inputs
            .get(input)
            .and_then(|&v| self.buffers[v].as_ref())
            .ok_or_else(|| {
                err(
                    &self.program,
                    format!("input #{input} is not a float tensor"),
                )
            })?;
        gpu.write(buffer, data)
    }

    /// Output `output`'s value and its buffer (a float tensor's).
    fn float_output(&self, output: usize) -> Result<(usize, Arc<GpuBuffer>)> {
        let out = *self
            .program
            .outputs
            .get(output)
            .ok_or_else(|| err(&self.program, format!("no output #{output}")))?;
        let buffer = self.buffers[out].clone().ok_or_else(|| {
            err(
                &self.program,
                format!("output #{output} is not a float tensor"),
            )
        })?;
        Ok((out, buffer))
    }

    /// Runs once: `ints[k]` is the data of integer input `k` (empty for float inputs); returns output `read` and,
    /// when `timed`, the GPU time of each dispatch.
    pub fn run(
        &self,
        gpu: &Gpu,
        ints: &[Vec<i64>],
        read: usize,
        timed: bool,
    ) -> Result<(Vec<f32>, Vec<KernelTime>)> {
        let (out, buffer) = self.float_output(read)?;
        let mut kept = self
            .staging
            .lock()
            .map_err(|_| err(&self.program, "a run panicked while reading back".into()))?;
        let staging = match kept.take() {
            Some(s) if s.size() >= buffer.bytes => s,
            _ => gpu.readback_buffer(buffer.bytes),
        };
        let read = self
            .record(gpu, ints, timed)
            .and_then(|step| step.finish_reading_f32(&buffer, &staging));
        *kept = Some(staging);
        let (times, mut v) = read?;
        v.truncate(self.program.values[out].len());
        Ok((v, times))
    }

    /// Submits one run without waiting for it or reading anything back (a prompt's steps before its last: the
    /// next run's tables are written after this one in queue order).
    pub fn submit(&self, gpu: &Gpu, ints: &[Vec<i64>]) -> Result<()> {
        self.record(gpu, ints, false)?.submit().map(drop)
    }

    /// Runs once as [`Resident::run`] and reads every output back: f32 tensors from the device, integer ones
    /// (reshaped inputs) from `ints`.
    pub fn run_all(
        &self,
        gpu: &Gpu,
        ints: &[Vec<i64>],
        timed: bool,
    ) -> Result<(Vec<HostData>, Vec<KernelTime>)> {
        let times = self.record(gpu, ints, timed)?.finish()?;
        let outputs = self
            .program
            .outputs
            .iter()
            .map(|&v| match (&self.buffers[v], self.int_roots[v]) {
                (Some(buffer), _) => {
                    let mut data = gpu.read_f32(buffer)?;
                    data.truncate(self.program.values[v].len());
                    Ok(HostData::F32(data))
                }
                (None, Some(k)) => Ok(HostData::I64(ints.get(k).cloned().unwrap_or_default())),
                (None, None) => Err(err(&self.program, format!("output value #{v} has no data"))),
            })
            .collect::<Result<_>>()?;
        Ok((outputs, times))
    }

    /// Rewrites the host tables for `ints` and records every command into one step.
    fn record<'g>(
        &self,
        gpu: &'g Gpu,
        ints: &[Vec<i64>],
        timed: bool,
    ) -> Result<crate::runtime::Step<'g>> {
        self.record_keeping(gpu, ints, timed, &[])
    }

    /// [`Resident::record`], leaving the tables at positions `kept` as they are (the device writes them).
    fn record_keeping<'g>(
        &self,
        gpu: &'g Gpu,
        ints: &[Vec<i64>],
        timed: bool,
        kept: &[usize],
    ) -> Result<crate::runtime::Step<'g>> {
        for (i, t) in self.tables.iter().enumerate() {
            if !kept.contains(&i) {
                gpu.write(&t.buffer, &table_values(&self.program, &t.arg, Some(ints))?)?;
            }
        }
        let mut step = gpu.step(timed, self.commands.len());
        // Runs of dispatches between copies, each recorded as one compute pass when untimed.
        let mut batch: Vec<(&Pipeline, &wgpu::BindGroup)> = Vec::new();
        for c in &self.commands {
            match c {
                Command::Dispatch(p, g) => batch.push((p, g)),
                Command::Copy(src, dst) => {
                    step.dispatch_all(&batch);
                    batch.clear();
                    step.copy(src, dst)?;
                }
            }
        }
        step.dispatch_all(&batch);
        Ok(step)
    }
}

/// What [`Resident::new`] builds, op by op.
struct Builder<'a> {
    gpu: &'a Gpu,
    program: &'a Program,
    /// For each value, the last op that reads it (`usize::MAX` for outputs).
    last_use: Vec<usize>,
    buffers: Vec<Option<Arc<GpuBuffer>>>,
    /// For integer values: the program input they are (integer ops are reshapes, kept on the host).
    int_root: Vec<Option<usize>>,
    tables: Vec<Table>,
    /// Each table's position in `tables`, by its `Debug` text: equal tables share a buffer.
    table_index: HashMap<String, usize>,
    commands: Vec<Command>,
}

impl<'a> Builder<'a> {
    /// The buffers of `program`'s inputs (zeros) and weights (uploaded from `weight`).
    fn new(
        gpu: &'a Gpu,
        program: &'a Program,
        weight: &mut WeightSource<'_>,
        shared: Option<Shared<'_>>,
    ) -> Result<Self> {
        let n = program.values.len();
        let mut last_use = vec![0usize; n];
        for (oi, op) in program.ops.iter().enumerate() {
            for &v in &op.operands {
                last_use[v] = oi;
            }
        }
        for &v in &program.outputs {
            last_use[v] = usize::MAX;
        }
        let mut buffers: Vec<Option<Arc<GpuBuffer>>> = vec![None; n];
        let mut int_root: Vec<Option<usize>> = vec![None; n];
        for (k, &v) in program.inputs.iter().enumerate() {
            if let Some(buffer) = shared.and_then(|s| s.input(k)) {
                let buffer = buffer?;
                if buffer.bytes < program.values[v].len() as u64 * 4 {
                    return Err(err(
                        program,
                        format!("input #{k} is larger than the buffer shared for it"),
                    ));
                }
                buffers[v] = Some(buffer);
                continue;
            }
            match &program.values[v] {
                ValueDef::Int { .. } => int_root[v] = Some(k),
                ValueDef::Bytes { len } => {
                    buffers[v] = Some(Arc::new(gpu.zeros(len.div_ceil(4) * 4)))
                }
                d => buffers[v] = Some(Arc::new(gpu.zeros(d.len() * 4))),
            }
        }
        for (v, d) in program.values.iter().enumerate() {
            if let ValueDef::Weight {
                name,
                shape,
                format,
            } = d
            {
                if let Some(buffer) = shared.and_then(|s| s.weight(d)) {
                    buffers[v] = Some(buffer);
                    continue;
                }
                let data = weight(name, shape, *format)?;
                let got = match (&data, format) {
                    (Host::F32(x), WeightFormat::F32) => Some(x.len()),
                    (Host::Bytes(x), f) if *f != WeightFormat::F32 => Some(x.len()),
                    _ => None,
                };
                if got != Some(d.len()) {
                    let unit = if *format == WeightFormat::F32 {
                        "f32 elements"
                    } else {
                        "bytes"
                    };
                    return Err(err(
                        program,
                        format!(
                            "weight '{name}' ({}) has {}, {shape:?} needs {} {unit}",
                            format.name(),
                            got.map_or("data of another kind".to_string(), |n| format!(
                                "{n} {unit}"
                            )),
                            d.len()
                        ),
                    ));
                }
                buffers[v] = Some(Arc::new(gpu.upload(&data)));
            }
        }
        Ok(Builder {
            gpu,
            program,
            last_use,
            buffers,
            int_root,
            tables: Vec::new(),
            table_index: HashMap::new(),
            commands: Vec::new(),
        })
    }

    /// The value of `op`'s operand `i`.
    fn operand(&self, op: &ProgramOp, i: usize) -> Result<usize> {
        op.operands.get(i).copied().ok_or_else(|| {
            err(
                self.program,
                format!("'{}' plan reads operand #{i}", op.name),
            )
        })
    }

    /// The buffers of `op`'s results (op `oi` of the program): host-side integers, aliases of operands (in place
    /// when nothing reads the operand's buffer later, else a copy) or fresh buffers.
    fn allocate_results(&mut self, oi: usize, op: &ProgramOp) -> Result<()> {
        let (gpu, program, plan) = (self.gpu, self.program, &op.plan);
        for (ri, &v) in op.results.iter().enumerate() {
            if let Some(&(_, o)) = plan.host_aliases.iter().find(|(r, _)| *r == ri) {
                self.int_root[v] = self.int_root[self.operand(op, o)?];
                if self.int_root[v].is_none() {
                    return Err(err(
                        program,
                        format!("'{}': an integer value computed on the GPU", op.name),
                    ));
                }
                continue;
            }
            if let ValueDef::Int { .. } = program.values[v] {
                return Err(err(
                    program,
                    format!("'{}': an integer result computed on the GPU", op.name),
                ));
            }
            let fresh = || Arc::new(gpu.zeros(program.values[v].len() * 4));
            let buffer = match plan.aliases.iter().find(|(r, _)| *r == ri) {
                Some(&(_, o)) => {
                    let src = self.operand(op, o)?;
                    let src_buf = self.buffers[src].clone().ok_or_else(|| {
                        err(program, format!("'{}' aliases an integer value", op.name))
                    })?;
                    // In place when no other value on that buffer is read later.
                    let in_place = plan.kernels.is_empty()
                        || (0..program.values.len()).all(|u| {
                            self.buffers[u]
                                .as_ref()
                                .is_none_or(|b| !Arc::ptr_eq(b, &src_buf))
                                || self.last_use[u] <= oi
                        });
                    if in_place {
                        src_buf
                    } else {
                        let dst = fresh();
                        self.commands.push(Command::Copy(src_buf, dst.clone()));
                        dst
                    }
                }
                None => fresh(),
            };
            self.buffers[v] = Some(buffer);
        }
        Ok(())
    }

    /// The pipelines and bind groups of `op`'s kernels, with its scratch buffers.
    fn record_kernels(&mut self, op: &ProgramOp) -> Result<()> {
        let temps: Vec<Arc<GpuBuffer>> = op
            .plan
            .temps
            .iter()
            .map(|&t| Arc::new(self.gpu.zeros(t * 4)))
            .collect();
        for k in &op.plan.kernels {
            let kernel = self.gpu.kernel(&k.spec)?;
            let pipeline = self.gpu.pipeline(&kernel)?;
            let mut bound: Vec<Arc<GpuBuffer>> = Vec::with_capacity(k.args.len());
            for arg in &k.args {
                bound.push(self.bind(op, &temps, arg)?);
            }
            let refs: Vec<&GpuBuffer> = bound.iter().map(|b| b.as_ref()).collect();
            let group = self.gpu.checked_bind_group(&pipeline, &refs)?;
            self.commands.push(Command::Dispatch(pipeline, group));
        }
        Ok(())
    }

    /// The buffer bound for `arg` of one of `op`'s kernels.
    fn bind(
        &mut self,
        op: &ProgramOp,
        temps: &[Arc<GpuBuffer>],
        arg: &Arg,
    ) -> Result<Arc<GpuBuffer>> {
        let program = self.program;
        let float = |v: usize| {
            self.buffers[v].clone().ok_or_else(|| {
                err(
                    program,
                    format!("'{}': value #{v} is not a float tensor", op.name),
                )
            })
        };
        Ok(match *arg {
            Arg::Operand(i) => float(self.operand(op, i)?)?,
            Arg::Result(i) => float(
                *op.results
                    .get(i)
                    .ok_or_else(|| err(program, format!("'{}' has no result #{i}", op.name)))?,
            )?,
            Arg::Temp(i) => temps
                .get(i)
                .cloned()
                .ok_or_else(|| err(program, format!("'{}' has no scratch #{i}", op.name)))?,
            ref table => self.table(op, table)?,
        })
    }

    /// The buffer of host table `table` (operand indices of `op`), uploaded the first time it is asked for.
    fn table(&mut self, op: &ProgramOp, table: &Arg) -> Result<Arc<GpuBuffer>> {
        let arg = rebase(table, &|i| {
            self.int_root[self.operand(op, i)?].ok_or_else(|| {
                err(
                    self.program,
                    format!("'{}': operand #{i} is not an integer input", op.name),
                )
            })
        })?;
        let key = format!("{arg:?}");
        let t = match self.table_index.get(&key) {
            Some(&t) => t,
            None => {
                let probe = table_values(self.program, &arg, None)?;
                let buffer = Arc::new(self.gpu.upload(&probe));
                self.tables.push(Table { arg, buffer });
                self.table_index.insert(key, self.tables.len() - 1);
                self.tables.len() - 1
            }
        };
        Ok(self.tables[t].buffer.clone())
    }

    /// Copies that carry outputs into the next run's inputs (none where the output is the input's buffer).
    fn carry(&mut self, carry: &[(usize, usize)]) -> Result<()> {
        let program = self.program;
        for &(out, input) in carry {
            let (Some(&o), Some(&i)) = (program.outputs.get(out), program.inputs.get(input)) else {
                return Err(err(
                    program,
                    format!("no output #{out} or input #{input} to carry"),
                ));
            };
            match (&self.buffers[o], &self.buffers[i]) {
                (Some(a), Some(b)) if Arc::ptr_eq(a, b) => {}
                (Some(a), Some(b)) => self.commands.push(Command::Copy(a.clone(), b.clone())),
                _ => {
                    return Err(err(
                        program,
                        format!("output #{out} / input #{input}: not float tensors"),
                    ))
                }
            }
        }
        Ok(())
    }
}

/// An output read back to the host.
#[derive(Debug, Clone, PartialEq)]
pub enum HostData {
    /// f32 elements.
    F32(Vec<f32>),
    /// Integer elements.
    I64(Vec<i64>),
}

/// `arg` with its operand indices mapped by `root` (to program-input positions).
fn rebase(arg: &Arg, root: &dyn Fn(usize) -> Result<usize>) -> Result<Arg> {
    Ok(match *arg {
        Arg::Indices(i) => Arg::Indices(root(i)?),
        Arg::RopeTable {
            positions,
            head_dim,
            theta,
        } => Arg::RopeTable {
            positions: root(positions)?,
            head_dim,
            theta,
        },
        Arg::AttentionParams {
            position,
            add_len,
            add_off,
        } => Arg::AttentionParams {
            position: position.map(root).transpose()?,
            add_len,
            add_off,
        },
        Arg::Position(i) => Arg::Position(root(i)?),
        Arg::Operand(_) | Arg::Result(_) | Arg::Temp(_) => {
            return Err(GpuError::Wgpu("not a host table".into()))
        }
    })
}

/// A table's contents for the integer inputs `ints` (zeros of the declared lengths when `None`: for sizing).
fn table_values(program: &Program, arg: &Arg, ints: Option<&[Vec<i64>]>) -> Result<Host> {
    let values: Vec<GpuValue> = program
        .inputs
        .iter()
        .enumerate()
        .map(|(k, &v)| match ints {
            Some(ints) => GpuValue::Host(ints.get(k).cloned().unwrap_or_default()),
            None => GpuValue::Host(vec![0; program.values[v].len()]),
        })
        .collect();
    if let Some(ints) = ints {
        for (k, &v) in program.inputs.iter().enumerate() {
            if let ValueDef::Int { len } = program.values[v] {
                if ints.get(k).map_or(0, Vec::len) != len {
                    return Err(err(
                        program,
                        format!("integer input #{k} needs {len} elements"),
                    ));
                }
            }
        }
    }
    host_table(arg, &|k| {
        values
            .get(k)
            .ok_or_else(|| GpuError::Wgpu(format!("no program input #{k}")))
    })
}
