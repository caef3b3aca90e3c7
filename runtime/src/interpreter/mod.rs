//! The interpreter: runs a whole kforge-level MLIR function through the
//! [reference kernels](crate::reference), the numerical ground truth for
//! compiled code.
//!
//! [`interpret`] finds `func.func @name` in a module, checks the caller's
//! inputs against the argument types, then executes the entry block's ops in
//! order: every `kforge` op goes to its reference kernel (attributes read
//! through [`kforge_dialect::OpSignature`]), `kforge.weight` reads its tensor
//! from a [`WeightSource`], and `func.return` gives the outputs. Any other op
//! (`arith`, `linalg`, …) is [`InterpretError::Unsupported`]: the interpreter
//! runs IR before lowering.
//!
//! Functions after `--kforge-weights-to-arguments` work too: their trailing
//! arguments, named by the function attribute `kforge.weights`, are read from
//! the weight source when the caller passes only the other inputs.
//!
//! Errors about inputs name the argument
//! (`argument #1 expects tensor<4x8xf32>, got f32 tensor of shape [4, 7]`);
//! errors raised by an op name it and its location
//! (`test.mlir:3:8: kforge.matmul: expected operand #1 dim 0 (7) to match …`).
//! Bad input is reported, never a panic.
//!
//! ```ignore
//! let context = kforge_dialect::create_context();
//! let module = kforge_dialect::source::parse_module(&context, text, "f.mlir", 1).unwrap();
//! let sig = signature(&module, "f")?;
//! let inputs = random_inputs(&sig, 0);
//! let weights = random_weights(&sig, 1);
//! let outputs = interpret(&module, "f", &inputs, &weights)?;
//! ```

#![warn(missing_docs)]

mod dispatch;
mod error;
mod execute;
mod function;
mod inputs;
mod location;
mod preflight;
mod shapes;
mod stored;
mod weights;

pub use error::InterpretError;
pub use function::{signature, FunctionSignature, NamedWeight, WEIGHTS_ATTRIBUTE};
pub use inputs::{random_inputs, random_weights, MAX_RANDOM_INDEX};
pub use preflight::preflight;
pub use weights::{NoWeights, WeightSource};

use melior::ir::operation::OperationLike;
use melior::ir::Module;

use crate::reference::Tensor;

/// Runs `func.func @function` of `module` on `inputs` and returns its results.
///
/// `inputs` holds one tensor per argument, or, for a function with trailing
/// weight arguments (attribute `kforge.weights`), one per argument before
/// them, the weights then coming from `weights` by name. Every input and
/// weight is checked against its declared type.
pub fn interpret(
    module: &Module,
    function: &str,
    inputs: &[Tensor],
    weights: &dyn WeightSource,
) -> Result<Vec<Tensor>, InterpretError> {
    let func = function::find_function(module, function)?;
    let sig = function::read_signature(func)?;
    let location = location::describe(func.location());
    let arguments = inputs::bind_arguments(&sig, inputs, weights, &location)?;
    execute::execute(func, &sig, arguments, weights)
}

#[cfg(test)]
mod tests;
