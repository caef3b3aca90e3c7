//! Function mode: run one function of a module on tensors.
use crate::Cli;
use anyhow::{bail, Context, Result};
use kforge_dialect::source::{parse_module, DiagnosticCollector};
use kforge_runtime::interpreter::{
    interpret, preflight, random_inputs, random_weights, signature, FunctionSignature,
};
use kforge_runtime::jit::CompiledModule;
use kforge_runtime::reference::{max_abs_diff, max_rel_error, Tensor, TensorData};
use kforge_runtime::tensor_io::{write_tensors, TensorFile};
use std::collections::{BTreeMap, HashMap};
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
    let module = parse_module(&context, &source, &path, 1).with_context(|| {
        collector
            .take()
            .iter()
            .map(|d| d.render(Some(&source)))
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    crate::tuning::tune(cli, &kforge_runtime::tune::matmul_problems(&module))?;
    let ref_sig = signature(&module, &entry)?;
    let data_args = ref_sig.data_arguments().len();

    let weight_file = cli
        .weights
        .as_ref()
        .map(|p| TensorFile::open(p))
        .transpose()?;
    let input_file = cli
        .inputs
        .as_ref()
        .map(|p| TensorFile::open(p))
        .transpose()?;
    let mut inputs: Vec<Tensor> = if let Some(file) = &input_file {
        (0..data_args)
            .map(|i| {
                let name = format!("arg{i}");
                file.get(&name)?.with_context(|| {
                    format!(
                        "input '{name}' (type {}) is missing from '{}'",
                        sig.inputs[i],
                        cli.inputs.as_ref().unwrap().display()
                    )
                })
            })
            .collect::<Result<_>>()?
    } else if cli.random_inputs {
        check_random_sizes(&ref_sig)?;
        random_inputs(&ref_sig, cli.seed)
    } else {
        bail!("give the inputs: --inputs FILE.safetensors (arg0, arg1, …) or --random-inputs");
    };
    let randoms = if cli.random_inputs {
        check_random_sizes(&ref_sig)?;
        random_weights(&ref_sig, cli.seed.wrapping_add(1))
    } else {
        HashMap::new()
    };
    let mut weights: HashMap<String, Tensor> = HashMap::new();
    for name in &sig.weights {
        let t = match (&weight_file, &input_file) {
            (Some(f), _) => f.get(name)?,
            (None, Some(f)) => f.get(name)?,
            _ => None,
        };
        let t = match t {
            Some(t) => t,
            None if cli.random_inputs => randoms.get(name).cloned().context("no random weight")?,
            None => bail!(
                "weight '{name}' is missing: give --weights FILE.safetensors (or --random-inputs)"
            ),
        };
        weights.insert(name.clone(), t);
    }
    for name in &sig.weights {
        inputs.push(weights[name].clone());
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
    let mut ok = true;
    if cli.check {
        let expected = interpret(&module, &entry, &inputs[..data_args], &weights)?;
        for (i, (got, want)) in outputs.iter().zip(&expected).enumerate() {
            let (abs, rel) = match (got.data(), want.data()) {
                (TensorData::I64(a), TensorData::I64(b)) => (
                    if a == b { 0.0 } else { f64::INFINITY },
                    if a == b { 0.0 } else { f64::INFINITY },
                ),
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

/// Checks that every random input and weight of `sig` (dynamic dims count 1)
/// can be allocated before any is drawn.
pub fn check_random_sizes(sig: &FunctionSignature) -> Result<()> {
    let data = sig.data_arguments().iter().enumerate();
    let named = data
        .map(|(i, ty)| (format!("random input arg{i}"), ty))
        .chain(
            sig.weights
                .iter()
                .map(|w| (format!("random weight '{}'", w.name), &w.ty)),
        );
    for (what, ty) in named {
        let shape: Vec<u64> = ty.shape.iter().map(|d| d.size().unwrap_or(1)).collect();
        let element_bytes = if ty.element.is_float() { 4 } else { 8 };
        kforge_runtime::memory::check_bytes(what, &shape, element_bytes)?;
    }
    Ok(())
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
