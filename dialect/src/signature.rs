//! A plain-Rust snapshot of one operation: its name, operand and result types
//! and attributes. The verifier, the reference interpreter and the lowering all
//! work from it, so none of them has to walk MLIR's C API for these facts.
use crate::ir::string_ref;
use crate::types::TensorType;
use kforge_abi::weight_format::{WeightFormat, NAMES};
use melior::ir::{operation::OperationLike, Attribute, AttributeLike, Type, ValueLike};
use mlir_sys::*;
use std::collections::BTreeMap;

/// The value of an attribute kforge understands.
#[derive(Clone, Debug, PartialEq)]
pub enum AttrValue {
    /// An integer attribute (`-1 : i64`) or a boolean (`true`).
    Int(i64),
    /// An integer attribute whose value does not fit in `i64` (`2^64 : i128`), printed.
    WideInt(String),
    /// A float attribute (`1.0e-5 : f32`).
    Float(f64),
    /// A string attribute (`"tanh"`).
    Str(String),
    /// Anything else, printed.
    Other(String),
}

/// One operand or result type: a ranked tensor, or the printed form of anything else.
pub type MaybeTensor = Result<TensorType, String>;

/// The facts about one operation that kforge's rules need.
#[derive(Clone, Debug, PartialEq)]
pub struct OpSignature {
    /// Full op name, e.g. `kforge.linear`.
    pub name: String,
    /// Operand types in order.
    pub operands: Vec<MaybeTensor>,
    /// Result types in order.
    pub results: Vec<MaybeTensor>,
    /// Attributes by name.
    pub attributes: BTreeMap<String, AttrValue>,
}

impl OpSignature {
    /// Reads the signature of an operation.
    pub fn from_operation<'c: 'a, 'a>(op: &impl OperationLike<'c, 'a>) -> Self {
        let name = op.name().as_string_ref().as_str().unwrap_or("").to_string();
        let operands = op.operands().map(|v| tensor_or_text(v.r#type())).collect();
        let results = op.results().map(|r| tensor_or_text(r.r#type())).collect();
        let attributes = op
            .attributes()
            .map(|(id, attr)| {
                let key = id.as_string_ref().as_str().unwrap_or("").to_string();
                (key, attr_value(attr))
            })
            .collect();
        Self {
            name,
            operands,
            results,
            attributes,
        }
    }

    /// Integer attribute `name`, if present and an integer.
    pub fn int_attr(&self, name: &str) -> Option<i64> {
        match self.attributes.get(name) {
            Some(AttrValue::Int(v)) => Some(*v),
            _ => None,
        }
    }

    /// Float attribute `name`, if present and a float.
    pub fn float_attr(&self, name: &str) -> Option<f64> {
        match self.attributes.get(name) {
            Some(AttrValue::Float(v)) => Some(*v),
            _ => None,
        }
    }

    /// String attribute `name`, if present and a string.
    pub fn str_attr(&self, name: &str) -> Option<&str> {
        match self.attributes.get(name) {
            Some(AttrValue::Str(v)) => Some(v),
            _ => None,
        }
    }

    /// How the op's weights are stored: its string `weight_format`, f32 when absent; an unknown name is an error
    /// naming the supported ones (the verifier reports it at the op; lowerings and the tuner read it through here).
    pub fn weight_format(&self) -> Result<WeightFormat, String> {
        match self.str_attr("weight_format") {
            None => Ok(WeightFormat::F32),
            Some(name) => WeightFormat::parse(name).ok_or_else(|| {
                format!("expected 'weight_format' to be one of {NAMES}, got \"{name}\"")
            }),
        }
    }
}

fn tensor_or_text(ty: Type) -> MaybeTensor {
    TensorType::from_mlir(ty).ok_or_else(|| ty.to_string())
}

fn attr_value(attr: Attribute) -> AttrValue {
    let raw = attr.to_raw();
    // SAFETY: `raw` is a live attribute of the operation's context.
    unsafe {
        if mlirAttributeIsABool(raw) {
            AttrValue::Int(mlirBoolAttrGetValue(raw) as i64)
        } else if mlirAttributeIsAInteger(raw) {
            integer_value(attr)
        } else if mlirAttributeIsAFloat(raw) {
            AttrValue::Float(mlirFloatAttrGetValueDouble(raw))
        } else if mlirAttributeIsAString(raw) {
            // `string_ref` handles the null data pointer MLIR returns for "".
            AttrValue::Str(string_ref(mlirStringAttrGetValue(raw)))
        } else {
            AttrValue::Other(attr.to_string())
        }
    }
}

/// The value of an integer attribute, exactly: MLIR's accessors truncate
/// values wider than 64 bits, so those are read from the printed attribute.
fn integer_value(attr: Attribute) -> AttrValue {
    let raw = attr.to_raw();
    // SAFETY: `raw` is a live integer attribute; the accessors only read it.
    unsafe {
        let ty = mlirAttributeGetType(raw);
        if mlirTypeIsAIndex(ty) {
            return AttrValue::Int(mlirIntegerAttrGetValueInt(raw));
        }
        let width = mlirIntegerTypeGetWidth(ty);
        if width <= 64 && mlirIntegerTypeIsUnsigned(ty) {
            let value = mlirIntegerAttrGetValueUInt(raw);
            return i64::try_from(value)
                .map(AttrValue::Int)
                .unwrap_or_else(|_| AttrValue::WideInt(attr.to_string()));
        }
        if width <= 64 {
            return AttrValue::Int(mlirIntegerAttrGetValueInt(raw));
        }
    }
    let text = attr.to_string();
    let digits = text.split(':').next().unwrap_or("").trim();
    match digits.parse::<i64>() {
        Ok(value) => AttrValue::Int(value),
        Err(_) => AttrValue::WideInt(text),
    }
}
