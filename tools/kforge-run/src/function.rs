//! Function mode: run one function of a module on tensors.
use crate::inputs::Inputs;
use crate::Cli;
use anyhow::{bail, Context, Result};
use kforge_dialect::source::{parse_module, DiagnosticCollector};
use kforge_runtime::interpreter::{interpret, preflight, signature};
use kforge_runtime::jit::CompiledModule;
use kforge_runtime::reference::{Tensor, TensorData};
use kforge_runtime::tensor_io::write_tensors;
use std::collections::BTreeMap;
use std::process::ExitCode;

/// Compiles, runs, prints/checks/writes.
pub fn run(cli: &Cli) -> Result<ExitCode> {
    let path = cli.file.display().to_string();
    let source =
        std::fs::read_to_string(&cli.file).with_context(|| format!("cannot read '{path}'"))?;
    let compiled = CompiledModule::compile_cached(&source, &path, &crate::module_cache(cli))
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let entry = match &cli.entry {
        Some(e) => e.clone(),
        None => match compiled.functions() {
            [only] => only.name.clone(),
            fs => bail!(
                "the module has {} public functions ({}): choose one with --entry",
                fs.len(),
                fs.iter()
                    .map(|f| f.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
    };
    let sig = compiled.function(&entry)?.clone();
    // The interpreter reads the kforge-level module (before lowering).
    let context = kforge_dialect::create_context();
    let collector = DiagnosticCollector::attach(&context);
    let module =
        parse_module(&context, &source, &path, 1).with_context(|| collector.render_all(&source))?;
    crate::tuning::tune(cli, &kforge_runtime::tune::matmul_problems(&module))?;
    let ref_sig = signature(&module, &entry)?;
    let data_args = ref_sig.data_arguments().len();
    let Inputs {
        data: mut inputs,
        weights,
    } = crate::inputs::gather(cli, &ref_sig)?;
    for name in &sig.weights {
        let weight = weights
            .get(name)
            .with_context(|| format!("weight '{name}' is missing"))?;
        inputs.push(weight.clone());
    }
    // Compiled code cannot fail: indices read from the inputs (KV-cache
    // positions, token ids) and result sizes are checked here, before it runs.
    preflight(&module, &entry, &inputs[..data_args], &weights)?;
    let start = std::time::Instant::now();
    let outputs = compiled.call(&entry, &inputs)?;
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "@{entry}: {} result(s) in {:.3} ms",
        outputs.len(),
        seconds * 1e3
    );
    for (i, t) in outputs.iter().enumerate() {
        println!("result{i}: {:?} {}", t.shape(), describe(t, cli.print));
    }
    let ok = if cli.check {
        let expected = interpret(&module, &entry, &inputs[..data_args], &weights)?;
        crate::check::against_reference(&outputs, &expected, cli.tolerance)?
    } else {
        true
    };
    if let Some(out) = &cli.outputs {
        let named: BTreeMap<String, Tensor> = outputs
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("result{i}"), t.clone()))
            .collect();
        write_tensors(out, &named)?;
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn describe(t: &Tensor, print: bool) -> String {
    let (values, n): (Vec<String>, usize) = match t.data() {
        TensorData::F32(v) => (
            v.iter().take(64).map(|x| format!("{x:.6}")).collect(),
            v.len(),
        ),
        TensorData::I64(v) => (v.iter().take(64).map(|x| x.to_string()).collect(), v.len()),
    };
    if !print {
        return String::new();
    }
    format!("[{}{}]", values.join(", "), if n > 64 { ", …" } else { "" })
}
