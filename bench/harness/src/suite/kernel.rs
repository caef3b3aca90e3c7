//! Measuring one compiled-kernel case: compile its module through
//! `--lower-to-cpu`, time calls on pre-made aligned inputs on the suite's
//! pool in blocks alternating with a control workload's, and compare the
//! last output with the reference interpreter.
use super::control::Probe;
use super::graphs::KernelSpec;
use crate::measure::{time_blocks_within, Aligned, AssertSend, Budget, Latency};
use crate::report::{Control, NumericError, Peak};
use anyhow::{anyhow, Context, Result};
use kforge_runtime::interpreter::{self, NoWeights};
use kforge_runtime::jit::{CompiledModule, ModuleCache, RawArg, RawResult};
use kforge_runtime::reference::{self, Tensor, TensorData};

/// What a kernel case measured.
pub struct KernelResult {
    /// Latency of one call.
    pub latency: Latency,
    /// The output vs the reference interpreter.
    pub error: NumericError,
    /// The control timed beside it.
    pub control: Control,
}

/// An input buffer, aligned as `memref.alloc` aligns.
enum Input {
    F32(Aligned<f32>),
    I64(Aligned<i64>),
}

impl Input {
    fn copy_of(t: &Tensor) -> Self {
        match t.data() {
            TensorData::F32(v) => Input::F32(Aligned::copy_of(v)),
            TensorData::I64(v) => Input::I64(Aligned::copy_of(v)),
        }
    }

    fn ptr(&self) -> *mut u8 {
        match self {
            Input::F32(a) => a.as_ptr() as *mut u8,
            Input::I64(a) => a.as_ptr() as *mut u8,
        }
    }
}

/// Compiles, times and checks `spec` on `pool`.
pub fn measure_kernel(
    spec: &KernelSpec,
    pool: &rayon::ThreadPool,
    budget: Budget,
    cache: &ModuleCache,
    peak: &Peak,
) -> Result<KernelResult> {
    let file = format!("{}.mlir", spec.entry);
    let context = kforge_dialect::create_context();
    let module = kforge_dialect::source::parse_module(&context, &spec.text, &file, 1)
        .with_context(|| format!("{}: the generated module does not parse", spec.name))?;
    let signature = interpreter::signature(&module, spec.entry)?;
    let inputs = interpreter::random_inputs(&signature, 7);
    let compiled =
        CompiledModule::compile_cached(&spec.text, &file, cache).map_err(|e| anyhow!("{e}"))?;

    let buffers: Vec<Input> = inputs.iter().map(Input::copy_of).collect();
    let args: Vec<RawArg> = buffers
        .iter()
        .zip(&inputs)
        .map(|(b, t)| RawArg {
            ptr: b.ptr(),
            shape: t.shape().to_vec(),
        })
        .collect();
    let mut output: Option<Result<Tensor>> = None;
    let mut call = || {
        // SAFETY: every argument is a live buffer of the declared type and
        // shape; the kernels of the suite only read their operands.
        let result = unsafe { compiled.call_raw(spec.entry, &args) };
        output = Some(match result.map(|r| r.into_iter().next()) {
            Ok(Some(RawResult::Tensor(t))) => Ok(t),
            Ok(other) => Err(anyhow!("unexpected result {other:?}")),
            Err(e) => Err(anyhow!("{e}")),
        });
    };
    // The control, timed in blocks alternating with the kernel's.
    let threads = pool.current_num_threads();
    let probe = Probe::for_case(spec.flops, spec.bytes, peak, threads);
    let mut control = || probe.run(pool);
    // The loop runs on a worker of the pool, as generation does.
    let job = AssertSend(|| time_blocks_within(budget, &mut call, &mut control));
    let (samples, control_samples) = pool.install(move || job.call());
    let got = output.context("the kernel never ran")??;

    let want = interpreter::interpret(&module, spec.entry, &inputs, &NoWeights)?
        .into_iter()
        .next()
        .context("the reference interpreter returned nothing")?;
    Ok(KernelResult {
        latency: Latency::of(&samples),
        control: Control {
            name: probe.name(threads),
            latency: Latency::of(&control_samples),
        },
        error: NumericError {
            max_abs: reference::max_abs_diff(&got, &want)?,
            max_rel: reference::max_rel_error(&got, &want)?,
            against: "reference interpreter (f64 accumulation)".into(),
        },
    })
}
