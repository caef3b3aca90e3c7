//! Finding a function in a module and reading its signature: argument and
//! result types, the weights it reads, and the bounds its index arguments
//! must respect.

use std::collections::HashMap;

use kforge_dialect::{OpSignature, TensorType};
use melior::ir::attribute::{ArrayAttribute, TypeAttribute};
use melior::ir::operation::OperationLike;
use melior::ir::r#type::FunctionType;
use melior::ir::{
    Attribute, AttributeLike, BlockLike, BlockRef, Module, OperationRef, RegionLike, ValueLike,
};

use super::error::InterpretError;
use super::location::describe;

/// The function attribute `--kforge-weights-to-arguments` writes: the names of
/// the trailing weight arguments, in argument order.
pub const WEIGHTS_ATTRIBUTE: &str = "kforge.weights";

/// What a caller needs to know to run a function.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionSignature {
    /// The function's name, without `@`.
    pub name: String,
    /// The argument types, weight arguments included.
    pub arguments: Vec<TensorType>,
    /// The result types.
    pub results: Vec<TensorType>,
    /// Every weight the function reads: first its trailing weight arguments
    /// (attribute `kforge.weights`) in argument order, then the weights of its
    /// `kforge.weight` ops in body order, each name once.
    pub weights: Vec<NamedWeight>,
    /// Per argument, the exclusive upper bound its values must respect when it
    /// is the `ids` operand of a `kforge.embedding` (the table's row count, the
    /// smallest over all such uses); `None` otherwise.
    pub index_bounds: Vec<Option<u64>>,
}

/// One weight a function reads.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedWeight {
    /// The name the weight source knows it by.
    pub name: String,
    /// The declared type.
    pub ty: TensorType,
    /// The argument index for a trailing weight argument; `None` for a weight
    /// read by a `kforge.weight` op.
    pub argument: Option<usize>,
}

impl FunctionSignature {
    /// How many trailing arguments are weights.
    pub fn weight_arguments(&self) -> usize {
        self.weights.iter().filter(|w| w.argument.is_some()).count()
    }

    /// The arguments a caller must pass when the weight arguments come from
    /// the weight source.
    pub fn data_arguments(&self) -> &[TensorType] {
        let data = self.arguments.len().saturating_sub(self.weight_arguments());
        &self.arguments[..data]
    }
}

/// The signature of `func.func @function` in `module`.
pub fn signature(module: &Module, function: &str) -> Result<FunctionSignature, InterpretError> {
    read_signature(find_function(module, function)?)
}

/// The top-level `func.func` named `name`.
pub(super) fn find_function<'c, 'a>(
    module: &'a Module<'c>,
    name: &str,
) -> Result<OperationRef<'c, 'a>, InterpretError> {
    let mut next = module.body().first_operation();
    while let Some(op) = next {
        if op_name(&op) == "func.func"
            && op
                .attribute("sym_name")
                .ok()
                .and_then(string_value)
                .is_some_and(|sym| sym == name)
        {
            return Ok(op);
        }
        next = op.next_in_block();
    }
    Err(InterpretError::FunctionNotFound {
        function: name.to_string(),
    })
}

/// The entry block of a function, `None` for a declaration.
pub(super) fn entry_block<'c, 'a>(func: OperationRef<'c, 'a>) -> Option<BlockRef<'c, 'a>> {
    func.region(0).ok()?.first_block()
}

/// Reads the signature of a `func.func`.
pub(super) fn read_signature(func: OperationRef) -> Result<FunctionSignature, InterpretError> {
    let name = func
        .attribute("sym_name")
        .ok()
        .and_then(string_value)
        .unwrap_or_default();
    let invalid = |message: String| InterpretError::InvalidFunction {
        function: name.clone(),
        location: describe(func.location()),
        message,
    };
    let fn_type = func
        .attribute("function_type")
        .ok()
        .and_then(|a| TypeAttribute::try_from(a).ok())
        .and_then(|a| FunctionType::try_from(a.value()).ok())
        .ok_or_else(|| invalid("has no function_type".into()))?;
    let arguments = (0..fn_type.input_count())
        .map(|i| tensor_type(fn_type.input(i).ok(), &format!("argument #{i}")))
        .collect::<Result<Vec<_>, _>>()
        .map_err(invalid)?;
    let results = (0..fn_type.result_count())
        .map(|i| tensor_type(fn_type.result(i).ok(), &format!("result #{i}")))
        .collect::<Result<Vec<_>, _>>()
        .map_err(invalid)?;
    let mut weights = weight_arguments(func, &arguments).map_err(invalid)?;
    let body = entry_block(func);
    if let Some(block) = body {
        for (weight_name, ty) in weight_ops(block) {
            if !weights.iter().any(|w| w.name == weight_name) {
                weights.push(NamedWeight {
                    name: weight_name,
                    ty,
                    argument: None,
                });
            }
        }
    }
    let index_bounds = match body {
        Some(block) => index_bounds(block, arguments.len()),
        None => vec![None; arguments.len()],
    };
    Ok(FunctionSignature {
        name,
        arguments,
        results,
        weights,
        index_bounds,
    })
}

fn tensor_type(ty: Option<melior::ir::Type>, what: &str) -> Result<TensorType, String> {
    let ty = ty.ok_or_else(|| format!("{what} is missing from the function type"))?;
    TensorType::from_mlir(ty).ok_or_else(|| {
        format!("{what} has type {ty}, not a ranked tensor the interpreter can hold")
    })
}

/// The trailing weight arguments named by `kforge.weights`.
fn weight_arguments(
    func: OperationRef,
    arguments: &[TensorType],
) -> Result<Vec<NamedWeight>, String> {
    let Ok(attr) = func.attribute(WEIGHTS_ATTRIBUTE) else {
        return Ok(Vec::new());
    };
    let malformed = || format!("attribute {WEIGHTS_ATTRIBUTE} must be an array of strings");
    let array = ArrayAttribute::try_from(attr).map_err(|_| malformed())?;
    let names = (0..array.len())
        .map(|i| array.element(i).ok().and_then(string_value))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(malformed)?;
    if names.len() > arguments.len() {
        return Err(format!(
            "attribute {WEIGHTS_ATTRIBUTE} names {} weights but the function has {} arguments",
            names.len(),
            arguments.len()
        ));
    }
    let first = arguments.len() - names.len();
    Ok(names
        .into_iter()
        .enumerate()
        .map(|(i, name)| NamedWeight {
            name,
            ty: arguments[first + i].clone(),
            argument: Some(first + i),
        })
        .collect())
}

/// Name and declared type of every `kforge.weight` op in `block`, in order.
fn weight_ops(block: BlockRef) -> Vec<(String, TensorType)> {
    block_ops(block)
        .filter(|op| op_name(op) == "kforge.weight")
        .filter_map(|op| {
            let sig = OpSignature::from_operation(&op);
            let name = sig.str_attr("name")?.to_string();
            let ty = sig.results.first()?.clone().ok()?;
            Some((name, ty))
        })
        .collect()
}

/// Per argument, the smallest row count of an embedding table it indexes.
fn index_bounds(block: BlockRef, count: usize) -> Vec<Option<u64>> {
    let arguments: HashMap<usize, usize> = (0..count.min(block.argument_count()))
        .filter_map(|i| Some((value_key(block.argument(i).ok()?), i)))
        .collect();
    let mut bounds = vec![None; count];
    for op in block_ops(block).filter(|op| op_name(op) == "kforge.embedding") {
        let (Ok(ids), Ok(table)) = (op.operand(0), op.operand(1)) else {
            continue;
        };
        let Some(&index) = arguments.get(&value_key(ids)) else {
            continue;
        };
        let rows = TensorType::from_mlir(table.r#type())
            .and_then(|t| t.shape.first().and_then(|d| d.size()));
        if let Some(rows) = rows {
            let bound: &mut Option<u64> = &mut bounds[index];
            *bound = Some(bound.map_or(rows, |b| b.min(rows)));
        }
    }
    bounds
}

/// The ops of a block, in order.
pub(super) fn block_ops<'c, 'a>(
    block: BlockRef<'c, 'a>,
) -> impl Iterator<Item = OperationRef<'c, 'a>> {
    std::iter::successors(block.first_operation(), |op| op.next_in_block())
}

/// The key of a value in the interpreter's value map: its `MlirValue` pointer.
pub(super) fn value_key<'c, 'a>(value: impl ValueLike<'c>) -> usize {
    value.to_raw().ptr as usize
}

/// The full name of an op, e.g. `kforge.linear`.
pub(super) fn op_name<'c: 'a, 'a>(op: &impl OperationLike<'c, 'a>) -> String {
    op.name()
        .as_string_ref()
        .as_str()
        .map_or_else(|_| "<invalid name>".to_string(), str::to_string)
}

/// The value of a string attribute (invalid UTF-8 replaced), `None` for any
/// other attribute.
fn string_value(attr: Attribute) -> Option<String> {
    let raw = attr.to_raw();
    // SAFETY: `raw` is a live attribute; a string attribute's value is
    // readable for the attribute's lifetime, and is copied out at once.
    unsafe {
        if !mlir_sys::mlirAttributeIsAString(raw) {
            return None;
        }
        Some(kforge_dialect::ir::string_ref(
            mlir_sys::mlirStringAttrGetValue(raw),
        ))
    }
}
