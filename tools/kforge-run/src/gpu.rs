//! `--target gpu` function mode: the library builds the function's GPU program (tiles from the autotuner) and
//! runs it in one command buffer with GPU timestamps per kernel; this prints the times and, with `--check`, the
//! comparison with the reference interpreter. `--device list` prints the adapters; `--device N|NAME` picks one.

use crate::inputs::Inputs;
use crate::Cli;
use anyhow::{bail, Context, Result};
use kforge_dialect::source::{parse_module, DiagnosticCollector};
use kforge_gpu::runtime::{list_adapters, Gpu, GpuOptions};
use kforge_passes::lower_to_gpu::public_functions;
use kforge_runtime::gpu::{compile_gpu_program, run_program, GpuCompileOptions, GpuModuleError};
use kforge_runtime::interpreter::{interpret, preflight, signature};
use kforge_runtime::reference::Tensor;
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

/// The adapter `--device` names.
pub fn open(cli: &Cli) -> Result<Gpu> {
    Ok(Gpu::open(&GpuOptions {
        device: cli.device.clone(),
        unchecked_shaders: false,
    })?)
}

/// Runs the function on the GPU.
pub fn run(cli: &Cli) -> Result<ExitCode> {
    let path = cli.file.display().to_string();
    let source =
        std::fs::read_to_string(&cli.file).with_context(|| format!("cannot read '{path}'"))?;
    // The interpreter's view of the function: inputs, indices checked before any kernel runs, the reference.
    let context = kforge_dialect::create_context();
    let collector = DiagnosticCollector::attach(&context);
    let module =
        parse_module(&context, &source, &path, 1).with_context(|| collector.render_all(&source))?;
    let entry = match &cli.entry {
        Some(e) => e.clone(),
        None => match public_functions(&module).as_slice() {
            [only] => only.clone(),
            all => return Err(GpuModuleError::AmbiguousEntry(all.len()).into()),
        },
    };
    let sig = signature(&module, &entry)?;
    let Inputs { data, weights } = crate::inputs::gather(cli, &sig)?;
    preflight(&module, &entry, &data, &weights)?;
    let gpu = open(cli)?;
    println!("device: {}", gpu.adapter());
    let mut tiles = crate::tuning::gpu_tiles(cli, &gpu);
    let program = compile_gpu_program(
        &source,
        &path,
        GpuCompileOptions {
            entry: Some(entry.clone()),
            tiles: Some(&mut |spec| tiles.choose(spec)),
            ..Default::default()
        },
    );
    crate::tuning::report_gpu_tiles(tiles)?;
    let program = program?;
    let mut arguments: Vec<&Tensor> = data.iter().collect();
    for w in sig.weights.iter().filter(|w| w.argument.is_some()) {
        arguments.push(&weights[&w.name]);
    }
    let start = std::time::Instant::now();
    let run = run_program(&gpu, program, &arguments, &weights)?;
    let wall = start.elapsed().as_secs_f64();
    let gpu_total: f64 = run.times.iter().map(|t| t.seconds).sum();
    println!(
        "@{entry}: {} result(s), {} kernel(s) in one command buffer: {:.3} ms of GPU time (timestamps), {:.3} ms wall",
        run.outputs.len(),
        run.kernels,
        gpu_total * 1e3,
        wall * 1e3
    );
    for t in &run.times {
        println!("  {:<48} {:>10.3} us", t.name, t.seconds * 1e6);
    }
    for (i, t) in run.outputs.iter().enumerate() {
        println!("result{i}: {:?}", t.shape());
    }
    let ok = if cli.check {
        let expected = interpret(&module, &entry, &data, &weights)?;
        crate::check::against_reference(&run.outputs, &expected, cli.tolerance)?
    } else {
        true
    };
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
