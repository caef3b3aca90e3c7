//! `--verify-each-numerics`: numerical translation validation of a pass
//! pipeline with the reference interpreter ([`run_each_step`] drives it;
//! `kforge-opt` only runs each pass and prints the messages).
//!
//! Before the pipeline runs, every public function of the module that the
//! reference interpreter (`kforge_runtime::interpreter`) can run is run on
//! deterministic random inputs and weights ([`random_inputs`],
//! [`random_weights`], seed [`SEED`]); those outputs are the baseline. After
//! every pass the same functions run again on the same inputs, and each result
//! is compared with its baseline by the normwise relative error of
//! `kforge_runtime::reference::max_rel_error`. A difference beyond the
//! tolerance fails the run, naming the pass, the function, the result and the
//! max abs/rel difference.
//!
//! **Where the comparison ends.** The interpreter runs kforge-level IR only
//! (kforge ops and `func.return`). Once a pass leaves that level (e.g.
//! `kforge-lower-to-linalg` emits `linalg`, later passes `scf`/`llvm`), a
//! function that was comparable fails with an unsupported op: from that pass
//! on the comparison stops (a note says after which pass), and the rest of the
//! pipeline runs unchecked. Passes on linalg and below are checked end to end
//! by the runtime's JIT tests instead.
//!
//! Functions the interpreter cannot run before the pipeline (a `func.call`, a
//! shape too large for random data) are skipped with a note. A kforge op the
//! interpreter does not run is an error, before or after a pass: every op of
//! the dialect's table (`kforge_dialect::KforgeOp`) runs in it, fused ones
//! included.
use crate::interpreter::{
    interpret, random_inputs, random_weights, signature, FunctionSignature, InterpretError,
};
use crate::reference::{max_abs_diff, max_rel_error, Tensor, TensorData};
use kforge_passes::Step;
use melior::ir::Module;
use std::collections::HashMap;

/// The seed of the random inputs (weights use `SEED + 1`, as `kforge-run`).
pub const SEED: u64 = 0x6b66_6f72_6765;

/// The largest number of random elements (inputs and weights of one
/// function) drawn for a comparison: larger functions are skipped.
const MAX_RANDOM_ELEMENTS: u64 = 1 << 24;

/// How two runs of one result differ.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Difference {
    /// Max `|after − before|`.
    pub abs: f64,
    /// [`max_abs_diff`] over the largest baseline magnitude.
    pub rel: f64,
}

/// Compares `after` with the baseline `before`: shapes and element types must
/// agree; `i64` tensors must be equal (any difference is infinite). NaN in
/// either gives a NaN difference, which is never within tolerance.
pub fn compare(before: &Tensor, after: &Tensor) -> Result<Difference, String> {
    if before.shape() != after.shape() {
        return Err(format!(
            "result shape changed (expected {:?}, got {:?})",
            before.shape(),
            after.shape()
        ));
    }
    match (before.data(), after.data()) {
        (TensorData::I64(a), TensorData::I64(b)) => {
            let d = if a == b { 0.0 } else { f64::INFINITY };
            Ok(Difference { abs: d, rel: d })
        }
        (TensorData::F32(_), TensorData::F32(_)) => Ok(Difference {
            abs: max_abs_diff(after, before).map_err(|e| e.to_string())?,
            rel: max_rel_error(after, before).map_err(|e| e.to_string())?,
        }),
        _ => Err(format!(
            "result element type changed (expected {}, got {})",
            before.element_type(),
            after.element_type()
        )),
    }
}

/// Whether `d` is within the relative tolerance (NaN never is).
pub fn within(d: Difference, tolerance: f64) -> bool {
    d.rel <= tolerance
}

/// One function's inputs and its outputs before the pipeline.
struct Baseline {
    function: String,
    inputs: Vec<Tensor>,
    weights: HashMap<String, Tensor>,
    outputs: Vec<Tensor>,
}

/// The state of a validation across the passes of one module.
pub struct Validation {
    baselines: Vec<Baseline>,
    tolerance: f64,
    /// The last pass after which the module was compared (`None`: none yet).
    last_compared: Option<String>,
    /// Set once a pass left the kforge level: no more comparisons.
    ended: bool,
}

/// What a validation step found.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// Every comparable function agrees within tolerance (or nothing is left
    /// to compare).
    Agrees,
    /// This pass left the kforge level: the comparison stops here (the
    /// message names what the interpreter cannot run).
    LeftKforgeLevel(String),
    /// A result differs beyond tolerance or could not be computed: the error.
    Fails(String),
}

impl Validation {
    /// Baselines for every public function of `module` the interpreter runs;
    /// `notes` receives one line per skipped function.
    /// A kforge op the interpreter cannot run is an error, not a skip: every
    /// op of the dialect runs in the interpreter.
    pub fn start(module: &Module, tolerance: f64, notes: &mut Vec<String>) -> Result<Self, String> {
        let mut baselines = Vec::new();
        for name in public_functions(module) {
            match baseline(module, &name) {
                Ok(b) => baselines.push(b),
                Err(Skip::KforgeOp(e)) => {
                    return Err(format!(
                        "@{name} cannot run in the reference interpreter: {e}"
                    ))
                }
                Err(Skip::Other(why)) => notes.push(format!(
                    "--verify-each-numerics: @{name} is not compared: {why}"
                )),
            }
        }
        Ok(Self {
            baselines,
            tolerance,
            last_compared: None,
            ended: false,
        })
    }

    /// How many functions are compared.
    pub fn functions(&self) -> usize {
        self.baselines.len()
    }

    /// Whether comparisons still run (functions left, kforge level kept).
    pub fn active(&self) -> bool {
        !self.ended && !self.baselines.is_empty()
    }

    /// The last pass after which results were compared.
    pub fn last_compared(&self) -> Option<&str> {
        self.last_compared.as_deref()
    }

    /// Runs every baseline function on `module` after `pass` and compares.
    pub fn check(&mut self, module: &Module, pass: &str) -> Outcome {
        if !self.active() {
            return Outcome::Agrees;
        }
        if let Some(outside) = outside_kforge_level(module) {
            self.ended = true;
            return Outcome::LeftKforgeLevel(outside);
        }
        for b in &self.baselines {
            let outputs = match interpret(module, &b.function, &b.inputs, &b.weights) {
                Ok(outputs) => outputs,
                Err(e @ InterpretError::Unsupported { .. }) if !is_kforge_op(&e) => {
                    self.ended = true;
                    return Outcome::LeftKforgeLevel(format!("@{}: {e}", b.function));
                }
                Err(e) => {
                    return Outcome::Fails(format!(
                        "pass '{pass}' broke @{}: the reference interpreter fails after it: {e}",
                        b.function
                    ))
                }
            };
            if outputs.len() != b.outputs.len() {
                return Outcome::Fails(format!(
                    "pass '{pass}' changed the number of results of @{} (expected {}, got {})",
                    b.function,
                    b.outputs.len(),
                    outputs.len()
                ));
            }
            for (i, (before, after)) in b.outputs.iter().zip(&outputs).enumerate() {
                let d = match compare(before, after) {
                    Ok(d) => d,
                    Err(why) => {
                        return Outcome::Fails(format!(
                            "pass '{pass}' changed @{} result #{i}: {why}",
                            b.function
                        ))
                    }
                };
                if !within(d, self.tolerance) {
                    return Outcome::Fails(format!(
                        "pass '{pass}' changed the numerics of @{} result #{i}: max abs \
                         difference {:.3e}, max rel difference {:.3e} (tolerance {:.1e} relative)",
                        b.function, d.abs, d.rel, self.tolerance
                    ));
                }
            }
        }
        self.last_compared = Some(pass.to_string());
        Outcome::Agrees
    }
}

/// A line for the user while a pipeline is validated.
#[derive(Debug, PartialEq)]
pub enum Message {
    /// Something not compared, or where the comparison ended.
    Note(String),
    /// A pass changed a result: the run fails.
    Error(String),
}

/// Runs `steps` on `module` one at a time through `run_step` and compares the
/// module's results after each with those before the pipeline; `Ok(false)`
/// when a step failed (`run_step` said so) or changed a result (an
/// [`Message::Error`] says which). Every message starts with
/// `--verify-each-numerics:`.
pub fn run_each_step<E>(
    module: &mut Module,
    steps: &[Step],
    tolerance: f64,
    mut run_step: impl FnMut(&Step, &mut Module) -> Result<bool, E>,
    report: &mut dyn FnMut(Message),
) -> Result<bool, E> {
    let mut notes = Vec::new();
    let started = Validation::start(module, tolerance, &mut notes);
    notes.into_iter().for_each(|n| report(Message::Note(n)));
    let mut validation = match started {
        Ok(validation) => validation,
        Err(message) => {
            report(Message::Error(format!("--verify-each-numerics: {message}")));
            return Ok(false);
        }
    };
    for step in steps {
        if !run_step(step, module)? {
            return Ok(false);
        }
        if !validation.active() {
            continue;
        }
        let name = step_name(step);
        match validation.check(module, &name) {
            Outcome::Agrees => {}
            Outcome::LeftKforgeLevel(why) => report(Message::Note(format!(
                "--verify-each-numerics: {} function(s) compared through pass '{}'; pass '{name}' leaves \
                 the kforge level, so later passes are not compared ({why})",
                validation.functions(),
                validation.last_compared().unwrap_or("(none)"),
            ))),
            Outcome::Fails(message) => {
                report(Message::Error(format!("--verify-each-numerics: {message}")));
                return Ok(false);
            }
        }
    }
    if let (true, Some(last)) = (validation.active(), validation.last_compared()) {
        report(Message::Note(format!(
            "--verify-each-numerics: {} function(s) compared through pass '{last}', the last of \
             the pipeline",
            validation.functions()
        )));
    }
    Ok(true)
}

/// The name of a pipeline step in messages: a kforge flag or upstream text.
fn step_name(step: &Step) -> String {
    match step {
        Step::Kforge(info, _) => info.flag.to_string(),
        Step::Upstream(text) => text.clone(),
    }
}

/// What in `module` the interpreter cannot hold, if anything: an op other
/// than `kforge.*`, `func.func`/`func.return`/`func.call` and the module, or a
/// value (op result or block argument) that is not a ranked tensor.
fn outside_kforge_level(module: &Module) -> Option<String> {
    use mlir_sys::*;
    let mut found = None;
    kforge_dialect::ir::walk_raw(module.as_operation().to_raw(), &mut |op| {
        if found.is_some() {
            return;
        }
        let name = kforge_dialect::ir::op_name(op);
        let kforge_level = name.starts_with("kforge.")
            || matches!(
                name.as_str(),
                "builtin.module" | "func.func" | "func.return" | "func.call"
            );
        if !kforge_level {
            found = Some(format!("op '{name}'"));
            return;
        }
        // SAFETY: `op` is live during the walk; only types are read.
        unsafe {
            for i in 0..mlirOperationGetNumResults(op) {
                if !mlirTypeIsARankedTensor(mlirValueGetType(mlirOperationGetResult(op, i))) {
                    found = Some(format!("a non-tensor result of '{name}'"));
                    return;
                }
            }
            if name == "func.func" {
                let block = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
                if !block.ptr.is_null() {
                    for i in 0..mlirBlockGetNumArguments(block) {
                        let ty = mlirValueGetType(mlirBlockGetArgument(block, i));
                        if !mlirTypeIsARankedTensor(ty) {
                            found = Some("a non-tensor function argument".to_string());
                            return;
                        }
                    }
                }
            }
        }
    });
    found
}

/// The names of the module's public `func.func`s, in order.
fn public_functions(module: &Module) -> Vec<String> {
    use melior::ir::operation::OperationLike;
    use melior::ir::BlockLike;
    let mut names = Vec::new();
    let mut next = module.body().first_operation();
    while let Some(op) = next {
        let raw = op.to_raw();
        if kforge_dialect::ir::op_name(raw) == "func.func" && kforge_dialect::ir::is_public(raw) {
            if let Ok(name) = op.attribute("sym_name") {
                if let Ok(s) = melior::ir::attribute::StringAttribute::try_from(name) {
                    names.push(s.value().to_string());
                }
            }
        }
        next = op.next_in_block();
    }
    names
}

/// Why a function has no baseline.
enum Skip {
    /// A kforge op the interpreter does not run: a bug, never skipped.
    KforgeOp(InterpretError),
    /// Anything else (a `func.call`, inputs too large): skipped with a note.
    Other(String),
}

/// Whether `e` is an unsupported op of the kforge dialect (the interpreter
/// runs every one, so this is a bug, not the end of the kforge level).
fn is_kforge_op(e: &InterpretError) -> bool {
    matches!(e, InterpretError::Unsupported { op, .. } if op.starts_with("kforge."))
}

/// Random inputs for `function` and its outputs on them.
fn baseline(module: &Module, function: &str) -> Result<Baseline, Skip> {
    let sig = signature(module, function).map_err(|e| Skip::Other(e.to_string()))?;
    let elements = random_elements(&sig)
        .ok_or_else(|| Skip::Other("its inputs are too large for random data".into()))?;
    if elements > MAX_RANDOM_ELEMENTS {
        return Err(Skip::Other(format!(
            "its inputs and weights hold {elements} elements (at most {MAX_RANDOM_ELEMENTS} are drawn)"
        )));
    }
    let inputs = random_inputs(&sig, SEED);
    let weights = random_weights(&sig, SEED.wrapping_add(1));
    let outputs = interpret(module, function, &inputs, &weights).map_err(|e| match e {
        e if is_kforge_op(&e) => Skip::KforgeOp(e),
        e => Skip::Other(e.to_string()),
    })?;
    Ok(Baseline {
        function: function.to_string(),
        inputs,
        weights,
        outputs,
    })
}

/// The number of random elements `sig` needs (dynamic dims count 1), `None`
/// on overflow.
fn random_elements(sig: &FunctionSignature) -> Option<u64> {
    sig.data_arguments()
        .iter()
        .chain(sig.weights.iter().map(|w| &w.ty))
        .try_fold(0u64, |total, ty| {
            let n = ty
                .shape
                .iter()
                .try_fold(1u64, |n, d| n.checked_mul(d.size().unwrap_or(1)))?;
            total.checked_add(n)
        })
}

#[cfg(test)]
mod tests;
