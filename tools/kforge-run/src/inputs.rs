//! Function mode's tensors (CPU and GPU alike): inputs `arg0`, `arg1`, … from `--inputs` or `--random-inputs`,
//! weights by name from `--weights` (or the inputs file), random ones with `--random-inputs`.
use crate::Cli;
use anyhow::{bail, Context, Result};
use kforge_runtime::interpreter::{random_inputs, random_weights, FunctionSignature};
use kforge_runtime::reference::Tensor;
use kforge_runtime::tensor_io::TensorFile;
use std::collections::HashMap;

/// The data arguments in order, and every weight `sig` reads by name.
pub struct Inputs {
    /// `arg0`, `arg1`, … (weight arguments not included).
    pub data: Vec<Tensor>,
    /// Every weight of the function.
    pub weights: HashMap<String, Tensor>,
}

/// Reads or draws the inputs and weights of `sig`.
pub fn gather(cli: &Cli, sig: &FunctionSignature) -> Result<Inputs> {
    let open = |p: &Option<std::path::PathBuf>| p.as_ref().map(|p| TensorFile::open(p)).transpose();
    let (input_file, weight_file) = (open(&cli.inputs)?, open(&cli.weights)?);
    if cli.random_inputs {
        check_random_sizes(sig)?;
    }
    let arguments = sig.data_arguments();
    let data: Vec<Tensor> = match (&input_file, cli.inputs.as_ref()) {
        (Some(file), Some(path)) => (0..arguments.len())
            .map(|i| {
                file.get(&format!("arg{i}"))?.with_context(|| {
                    format!(
                        "input 'arg{i}' (type {}) is missing from '{}'",
                        arguments[i],
                        path.display()
                    )
                })
            })
            .collect::<Result<_>>()?,
        _ if cli.random_inputs => random_inputs(sig, cli.seed),
        _ => bail!("give the inputs: --inputs FILE.safetensors (arg0, arg1, …) or --random-inputs"),
    };
    let randoms = if cli.random_inputs {
        random_weights(sig, cli.seed.wrapping_add(1))
    } else {
        HashMap::new()
    };
    let mut weights = HashMap::new();
    for w in &sig.weights {
        let stored = match weight_file.as_ref().or(input_file.as_ref()) {
            Some(f) => f.get(&w.name)?,
            None => None,
        };
        let t = match stored {
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
    Ok(Inputs { data, weights })
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
