//! Typed access to an op's operands and attributes with kforge's error messages.
use super::VerifyError;
use crate::signature::{AttrValue, OpSignature};
use crate::types::{Dim, ElementType, TensorType};

/// The operands of one op, all checked to be ranked tensors.
pub(crate) struct Operands<'s> {
    pub sig: &'s OpSignature,
    pub types: Vec<TensorType>,
}

impl<'s> Operands<'s> {
    pub fn new(sig: &'s OpSignature) -> Result<Self, VerifyError> {
        let mut types = Vec::with_capacity(sig.operands.len());
        for (i, t) in sig.operands.iter().enumerate() {
            match t {
                Ok(t) => {
                    super::check_size(&sig.name, &format!("operand #{i}"), t)?;
                    types.push(t.clone());
                }
                Err(text) => {
                    return Err(VerifyError::new(
                        &sig.name,
                        not_a_tensor(&format!("operand #{i}"), text),
                    ))
                }
            }
        }
        Ok(Self { sig, types })
    }

    pub fn err(&self, message: impl Into<String>) -> VerifyError {
        VerifyError::new(&self.sig.name, message)
    }

    pub fn count(&self) -> usize {
        self.types.len()
    }

    pub fn expect_count(&self, allowed: &[usize]) -> Result<(), VerifyError> {
        if allowed.contains(&self.count()) {
            return Ok(());
        }
        let list: Vec<String> = allowed.iter().map(|n| n.to_string()).collect();
        Err(self.err(format!(
            "expected {} operands, got {}",
            list.join(" or "),
            self.count()
        )))
    }

    pub fn get(&self, i: usize) -> &TensorType {
        &self.types[i]
    }

    /// Operand `i` with a rank in `ranks` and a float element type.
    pub fn float(&self, i: usize, ranks: &[usize]) -> Result<&TensorType, VerifyError> {
        let t = self.get(i);
        if !t.element.is_compute_float() {
            return Err(self.err(format!(
                "expected operand #{i} to have a float element type (f32, f16 or bf16), got {}",
                t.element
            )));
        }
        self.rank(i, ranks)?;
        Ok(t)
    }

    /// Operand `i` with a rank in `ranks` and an integer element type.
    pub fn integer(&self, i: usize, ranks: &[usize]) -> Result<&TensorType, VerifyError> {
        let t = self.get(i);
        if !matches!(t.element, ElementType::I64 | ElementType::I32) {
            return Err(self.err(format!(
                "expected operand #{i} to have an integer element type (i64 or i32), got {}",
                t.element
            )));
        }
        self.rank(i, ranks)?;
        Ok(t)
    }

    fn rank(&self, i: usize, ranks: &[usize]) -> Result<(), VerifyError> {
        let t = self.get(i);
        if ranks.is_empty() || ranks.contains(&t.rank()) {
            return Ok(());
        }
        let list: Vec<String> = ranks.iter().map(|n| n.to_string()).collect();
        Err(self.err(format!(
            "expected operand #{i} rank ({}) to be {}",
            t.rank(),
            list.join(" or ")
        )))
    }

    /// All float operands in `indices` share operand `indices[0]`'s element type.
    pub fn same_element(&self, indices: &[usize]) -> Result<(), VerifyError> {
        let first = self.get(indices[0]).element;
        for &i in &indices[1..] {
            let e = self.get(i).element;
            if e != first {
                return Err(self.err(format!(
                    "expected operand #{i} element type ({e}) to match operand #{} ({first})",
                    indices[0]
                )));
            }
        }
        Ok(())
    }

    /// Dim `da` of operand `a` equals dim `db` of operand `b` (dynamic dims match anything).
    /// Returns the more static of the two.
    pub fn same_dim(&self, a: usize, da: usize, b: usize, db: usize) -> Result<Dim, VerifyError> {
        let x = self.get(a).shape[da];
        let y = self.get(b).shape[db];
        if !x.compatible(y) {
            return Err(self.err(format!(
                "expected operand #{b} dim {db} ({y}) to match operand #{a} dim {da} ({x})"
            )));
        }
        Ok(if x == Dim::Dynamic { y } else { x })
    }

    pub fn float_attr(&self, name: &str) -> Result<f64, VerifyError> {
        self.sig
            .float_attr(name)
            .ok_or_else(|| self.err(format!("expected a float attribute '{name}'")))
    }

    /// Float attribute `name`, finite in `element` (the type the lowering computes it in).
    pub fn finite_float_attr(&self, name: &str, element: ElementType) -> Result<f64, VerifyError> {
        let value = self.float_attr(name)?;
        let max = element.max_finite().unwrap_or(f64::MAX);
        if !(value.is_finite() && value.abs() <= max) {
            return Err(self.err(format!(
                "expected '{name}' ({value}) to be finite in the element type {element}"
            )));
        }
        Ok(value)
    }

    pub fn int_attr(&self, name: &str) -> Result<i64, VerifyError> {
        match self.sig.attributes.get(name) {
            Some(AttrValue::Int(v)) => Ok(*v),
            Some(AttrValue::WideInt(text)) => Err(self.err(format!(
                "expected '{name}' to fit in a 64-bit signed integer, got {text}"
            ))),
            _ => Err(self.err(format!("expected an integer attribute '{name}'"))),
        }
    }

    /// Boolean attribute `name`: `true`, `false`, or the integers 1 and 0.
    pub fn bool_attr(&self, name: &str) -> Result<bool, VerifyError> {
        match self.int_attr(name)? {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(self.err(format!(
                "expected '{name}' to be a boolean (true or false), got {other}"
            ))),
        }
    }

    pub fn str_attr(&self, name: &str) -> Result<&str, VerifyError> {
        self.sig
            .str_attr(name)
            .ok_or_else(|| self.err(format!("expected a string attribute '{name}'")))
    }

    /// The op's declared result `i` (for ops whose result type is declared, not inferred).
    pub fn declared_result(&self, i: usize) -> Result<&TensorType, VerifyError> {
        match self.sig.results.get(i) {
            Some(Ok(t)) => Ok(t),
            Some(Err(text)) => Err(self.err(not_a_tensor(&format!("result #{i}"), text))),
            None => Err(self.err(format!("expected a result #{i}"))),
        }
    }
}

/// The last dim of `t`.
pub(crate) fn last(t: &TensorType) -> Dim {
    *t.shape.last().expect("rank checked to be at least 1")
}

/// Why an operand or result (`what`, e.g. `operand #0`) of printed type `text`
/// is not a kforge tensor: not a ranked tensor, or an element type kforge
/// does not know.
pub(crate) fn not_a_tensor(what: &str, text: &str) -> String {
    match ranked_element(text) {
        Some(element) => {
            let known: Vec<&str> = ElementType::ALL.iter().map(|e| e.mlir_name()).collect();
            format!(
                "expected {what} to have a supported element type ({}), got unsupported element type {element}",
                known.join(", ")
            )
        }
        None => format!("expected {what} to be a ranked tensor, got {text}"),
    }
}

/// The element type of a printed ranked tensor type (`tensor<2x?xcomplex<f32>>`
/// → `complex<f32>`); `None` for any other type.
fn ranked_element(text: &str) -> Option<&str> {
    let inner = text.strip_prefix("tensor<")?.strip_suffix('>')?;
    if inner.starts_with('*') {
        return None;
    }
    let mut rest = inner;
    // Dims are digits or `?`, each followed by `x`.
    while let Some(x) = rest.find('x') {
        let dim = &rest[..x];
        if dim.is_empty() || !(dim == "?" || dim.bytes().all(|b| b.is_ascii_digit())) {
            break;
        }
        rest = &rest[x + 1..];
    }
    // Cut an encoding (`, #enc`) at bracket depth 0.
    let mut depth = 0i32;
    for (i, c) in rest.char_indices() {
        match c {
            '<' | '(' | '[' | '{' => depth += 1,
            '>' | ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => return Some(rest[..i].trim()),
            _ => {}
        }
    }
    Some(rest.trim())
}
