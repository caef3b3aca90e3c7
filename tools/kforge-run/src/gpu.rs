//! `--target gpu`: run one function's kforge ops as GPU kernels (one command buffer for the whole call, GPU
//! timestamps per kernel) and, with `--check`, compare with the reference interpreter. `--device list` prints
//! the adapters; `--device N|NAME` picks one.

use crate::Cli;
use anyhow::{anyhow, bail, Context, Result};
use kforge_dialect::source::{parse_module, DiagnosticCollector};
use kforge_dialect::OpSignature;
use kforge_gpu::exec::{GpuValue, ResultInfo};
use kforge_gpu::runtime::{list_adapters, Gpu, GpuOptions};
use kforge_passes::lower_to_gpu::plan_op;
use kforge_runtime::interpreter::{interpret, preflight, random_inputs, random_weights, signature};
use kforge_runtime::reference::{max_abs_diff, max_rel_error, Tensor, TensorData};
use kforge_runtime::tensor_io::TensorFile;
use melior::ir::operation::OperationLike;
use melior::ir::{BlockLike, Module, OperationRef, RegionLike, ValueLike};
use std::collections::HashMap;
use std::process::ExitCode;

/// `--device list`: prints the adapters.
pub fn list_devices() -> Result<ExitCode> {
    let adapters = list_adapters();
    if adapters.is_empty() {
        bail!("{}", kforge_gpu::GpuError::NoAdapter(String::new()));
    }
    for a in adapters {
        println!("{a}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs the function on the GPU.
pub fn run(cli: &Cli) -> Result<ExitCode> {
    let path = cli.file.display().to_string();
    let source =
        std::fs::read_to_string(&cli.file).with_context(|| format!("cannot read '{path}'"))?;
    let context = kforge_dialect::create_context();
    let collector = DiagnosticCollector::attach(&context);
    let render = || {
        let d: Vec<String> = collector
            .take()
            .iter()
            .map(|d| d.render(Some(&source)))
            .collect();
        d.join("\n")
    };
    let module = parse_module(&context, &source, &path, 1).with_context(render)?;
    let entry = match &cli.entry {
        Some(e) => e.clone(),
        None => only_public_function(&module)?,
    };
    let sig = signature(&module, &entry)?;
    let data_args = sig.data_arguments().len();
    let (inputs, weights) = gather_inputs(cli, &sig, data_args)?;
    // As on the CPU: indices from the inputs and result sizes before any kernel runs.
    preflight(&module, &entry, &inputs, &weights)?;
    let gpu = Gpu::open(&GpuOptions {
        device: cli.device.clone(),
        unchecked_shaders: false,
    })?;
    println!("device: {}", gpu.adapter());
    crate::tuning::tile_for_gpu(cli, &gpu, &module, &render)?;
    let mut arguments: Vec<&Tensor> = inputs.iter().collect();
    for w in sig.weights.iter().filter(|w| w.argument.is_some()) {
        arguments.push(&weights[&w.name]);
    }
    let func = find_function(&module, &entry)?;
    let start = std::time::Instant::now();
    let (outputs, times) = execute(&gpu, func, &arguments, &weights)?;
    let wall = start.elapsed().as_secs_f64();
    let gpu_total: f64 = times.iter().map(|t| t.seconds).sum();
    println!(
        "@{entry}: {} result(s), {} kernel(s) in one command buffer: {:.3} ms of GPU time (timestamps), {:.3} ms wall",
        outputs.len(),
        times.len(),
        gpu_total * 1e3,
        wall * 1e3
    );
    for t in &times {
        println!("  {:<48} {:>10.3} us", t.name, t.seconds * 1e6);
    }
    for (i, t) in outputs.iter().enumerate() {
        println!("result{i}: {:?}", t.shape());
    }
    let mut ok = true;
    if cli.check {
        let expected = interpret(&module, &entry, &inputs, &weights)?;
        for (i, (got, want)) in outputs.iter().zip(&expected).enumerate() {
            let (abs, rel) = match (got.data(), want.data()) {
                (TensorData::I64(a), TensorData::I64(b)) => {
                    let e = if a == b { 0.0 } else { f64::INFINITY };
                    (e, e)
                }
                _ => (max_abs_diff(got, want)?, max_rel_error(got, want)?),
            };
            let pass = rel <= cli.tolerance;
            ok &= pass;
            println!(
                "check result{i}: max abs error {abs:.3e}, max rel error {rel:.3e} ({} tolerance {:.0e})",
                if pass { "within" } else { "BEYOND" },
                cli.tolerance
            );
        }
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

type Inputs = (Vec<Tensor>, HashMap<String, Tensor>);

fn gather_inputs(
    cli: &Cli,
    sig: &kforge_runtime::interpreter::FunctionSignature,
    data_args: usize,
) -> Result<Inputs> {
    let file = cli
        .inputs
        .as_ref()
        .map(|p| TensorFile::open(p))
        .transpose()?;
    let weight_file = cli
        .weights
        .as_ref()
        .map(|p| TensorFile::open(p))
        .transpose()?;
    let inputs: Vec<Tensor> = if let Some(f) = &file {
        (0..data_args)
            .map(|i| {
                f.get(&format!("arg{i}"))?
                    .with_context(|| format!("input 'arg{i}' is missing"))
            })
            .collect::<Result<_>>()?
    } else if cli.random_inputs {
        crate::function::check_random_sizes(sig)?;
        random_inputs(sig, cli.seed)
    } else {
        bail!("give the inputs: --inputs FILE.safetensors (arg0, arg1, …) or --random-inputs");
    };
    let randoms = if cli.random_inputs {
        crate::function::check_random_sizes(sig)?;
        random_weights(sig, cli.seed.wrapping_add(1))
    } else {
        HashMap::new()
    };
    let mut weights = HashMap::new();
    for w in &sig.weights {
        let t = match weight_file.as_ref().or(file.as_ref()) {
            Some(f) => f.get(&w.name)?,
            None => None,
        };
        let t = match t {
            Some(t) => t,
            None if cli.random_inputs => {
                randoms.get(&w.name).cloned().context("no random weight")?
            }
            None => bail!(
                "weight '{}' is missing: give --weights FILE.safetensors (or --random-inputs)",
                w.name
            ),
        };
        weights.insert(w.name.clone(), t);
    }
    Ok((inputs, weights))
}

fn only_public_function(module: &Module) -> Result<String> {
    let names: Vec<String> = functions(module)
        .filter(|f| f.attribute("sym_visibility").is_err())
        .filter_map(|f| sym_name(&f))
        .collect();
    match names.as_slice() {
        [one] => Ok(one.clone()),
        _ => bail!(
            "the module has {} public functions: choose one with --entry",
            names.len()
        ),
    }
}

pub(crate) fn functions<'c, 'a>(
    module: &'a Module<'c>,
) -> impl Iterator<Item = OperationRef<'c, 'a>> {
    std::iter::successors(module.body().first_operation(), |op| op.next_in_block())
        .filter(|op| op.name().as_string_ref().as_str() == Ok("func.func"))
}

pub(crate) fn sym_name(op: &OperationRef) -> Option<String> {
    OpSignature::from_operation(op)
        .str_attr("sym_name")
        .map(str::to_string)
}

pub(crate) fn find_function<'c, 'a>(
    module: &'a Module<'c>,
    name: &str,
) -> Result<OperationRef<'c, 'a>> {
    functions(module)
        .find(|f| sym_name(f).as_deref() == Some(name))
        .ok_or_else(|| anyhow!("no function @{name}"))
}

fn to_value(gpu: &Gpu, t: &Tensor) -> GpuValue {
    match t.data() {
        TensorData::F32(v) => GpuValue::upload(gpu, v),
        TensorData::I64(v) => GpuValue::Host(v.clone()),
    }
}

/// Records every op of `func` into one step, runs it, reads the results back.
fn execute(
    gpu: &Gpu,
    func: OperationRef,
    arguments: &[&Tensor],
    weights: &HashMap<String, Tensor>,
) -> Result<(Vec<Tensor>, Vec<kforge_gpu::runtime::KernelTime>)> {
    let block = func
        .region(0)
        .ok()
        .and_then(|r| r.first_block())
        .context("the function has no body")?;
    let mut values: HashMap<usize, GpuValue> = HashMap::new();
    for (i, t) in arguments.iter().enumerate() {
        let arg = block
            .argument(i)
            .map_err(|e| anyhow!("argument #{i}: {e}"))?;
        values.insert(arg.to_raw().ptr as usize, to_value(gpu, t));
    }
    let mut step = gpu.step(true, 2048);
    let mut returned: Vec<(GpuValue, Vec<usize>)> = Vec::new();
    for op in std::iter::successors(block.first_operation(), |op| op.next_in_block()) {
        let sig = OpSignature::from_operation(&op);
        let operands: Vec<&GpuValue> = op
            .operands()
            .map(|v| values.get(&(v.to_raw().ptr as usize)))
            .collect::<Option<_>>()
            .with_context(|| {
                format!(
                    "'{}' uses a value defined outside the entry block",
                    sig.name
                )
            })?;
        if sig.name == "func.return" {
            for (v, t) in operands.iter().zip(&sig.operands) {
                let shape = t
                    .as_ref()
                    .ok()
                    .and_then(|t| t.static_shape())
                    .unwrap_or_default();
                returned.push((
                    (*v).clone(),
                    shape.into_iter().map(|d| d as usize).collect(),
                ));
            }
            break;
        }
        let results: Vec<GpuValue> = if sig.name == "kforge.weight" {
            let name = sig.str_attr("name").unwrap_or_default();
            vec![to_value(
                gpu,
                weights
                    .get(name)
                    .with_context(|| format!("weight '{name}' is missing"))?,
            )]
        } else if sig.name.starts_with("kforge.") {
            let plan = plan_op(&sig).map_err(|e| anyhow!("'{}' op {e}", sig.name))?;
            let infos: Vec<ResultInfo> = sig
                .results
                .iter()
                .map(|t| {
                    let t = t.as_ref().map_err(|t| anyhow!("result type {t}"))?;
                    Ok(ResultInfo {
                        len: t.num_elements().context("a dynamic result shape")? as usize,
                        integer: !t.element.is_float(),
                    })
                })
                .collect::<Result<_>>()?;
            gpu.record_plan(&mut step, &plan, &operands, &infos)?
        } else {
            bail!("'{}' cannot run on the GPU", sig.name);
        };
        for (r, v) in op.results().zip(results) {
            values.insert(r.to_raw().ptr as usize, v);
        }
    }
    let times = step.finish()?;
    let outputs = returned
        .into_iter()
        .map(|(v, shape)| {
            let t = match &v {
                GpuValue::Host(ints) => Tensor::i64(shape, ints.clone()),
                GpuValue::Device { .. } => Tensor::f32(shape, v.read(gpu)?),
            };
            t.map_err(|e| anyhow!("{e}"))
        })
        .collect::<Result<_>>()?;
    Ok((outputs, times))
}
