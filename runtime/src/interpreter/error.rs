//! Errors of the interpreter.
//!
//! Errors about the caller's inputs name the argument; errors raised while
//! running an op name the op and its location (`file:line:col` when the IR was
//! parsed from a file, MLIR's printed location otherwise), as MLIR's
//! diagnostics do.

use kforge_dialect::TensorType;
use thiserror::Error;

use crate::reference::{ElementType, ReferenceError};

/// Why a function could not be interpreted.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum InterpretError {
    /// The module has no `func.func` of that name.
    #[error("no function @{function} in the module")]
    FunctionNotFound {
        /// The name looked for.
        function: String,
    },
    /// The function itself is malformed: a declaration without a body, a
    /// non-tensor argument or result, a bad `kforge.weights` attribute, no
    /// `func.return`.
    #[error("{location}: function @{function}: {message}")]
    InvalidFunction {
        /// The function's name.
        function: String,
        /// Where the function is.
        location: String,
        /// What is wrong, lowercase.
        message: String,
    },
    /// The caller passed the wrong number of inputs.
    #[error(
        "@{function} expects {arguments} inputs{}, got {actual}",
        weights_note(*arguments, *weight_arguments)
    )]
    InputCount {
        /// The function's name.
        function: String,
        /// The number of arguments of the function.
        arguments: usize,
        /// How many trailing arguments are weights (`kforge.weights`); these
        /// may be left to the weight source.
        weight_arguments: usize,
        /// The number of inputs given.
        actual: usize,
    },
    /// An input does not match its argument's type.
    #[error("argument #{index} expects {expected}, got {element} tensor of shape {shape:?}")]
    InputType {
        /// The argument index.
        index: usize,
        /// The argument's declared type.
        expected: TensorType,
        /// The element type given.
        element: ElementType,
        /// The shape given.
        shape: Vec<usize>,
    },
    /// The weight source has no tensor of that name.
    #[error("{location}: weight '{name}' not found in the weight source")]
    MissingWeight {
        /// The weight's name.
        name: String,
        /// The `kforge.weight` op, or the function for a weight argument.
        location: String,
    },
    /// The weight source's tensor does not match the declared type.
    #[error(
        "{location}: weight '{name}' expects {expected}, got {element} tensor of shape {shape:?}"
    )]
    WeightType {
        /// The weight's name.
        name: String,
        /// The `kforge.weight` op, or the function for a weight argument.
        location: String,
        /// The declared type.
        expected: TensorType,
        /// The element type given.
        element: ElementType,
        /// The shape given.
        shape: Vec<usize>,
    },
    /// An op the interpreter does not run: anything outside the kforge
    /// dialect (and `func.return`).
    #[error("{location}: unsupported op '{op}' (the interpreter runs kforge ops only)")]
    Unsupported {
        /// The op's full name, e.g. `arith.addf`.
        op: String,
        /// Where the op is.
        location: String,
    },
    /// A kernel of the reference interpreter rejected its operands.
    #[error("{location}: {}", with_op_prefix(op, source))]
    Kernel {
        /// The op's full name.
        op: String,
        /// Where the op is.
        location: String,
        /// The kernel's error.
        source: Box<ReferenceError>,
    },
    /// A kforge op is malformed in a way the verifier would reject: wrong
    /// operand count, a missing or ill-typed attribute, a result type that
    /// does not match what the kernel computed.
    #[error("{location}: {op}: {message}")]
    InvalidOp {
        /// The op's full name.
        op: String,
        /// Where the op is.
        location: String,
        /// What is wrong, lowercase.
        message: String,
    },
}

fn weights_note(arguments: usize, weight_arguments: usize) -> String {
    if weight_arguments == 0 {
        String::new()
    } else {
        format!(
            " (or {} when its {weight_arguments} weight arguments come from the weight source)",
            arguments.saturating_sub(weight_arguments)
        )
    }
}

/// The kernel's message, prefixed with `op: ` unless it already starts so.
fn with_op_prefix(op: &str, source: &ReferenceError) -> String {
    let message = source.to_string();
    match message.strip_prefix(op) {
        Some(rest) if rest.starts_with(':') => message,
        _ => format!("{op}: {message}"),
    }
}
