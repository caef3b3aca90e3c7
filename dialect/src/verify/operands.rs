//! Typed access to an op's operands and attributes with kforge's error messages.
use super::VerifyError;
use crate::signature::OpSignature;
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
                Ok(t) => types.push(t.clone()),
                Err(text) => {
                    return Err(VerifyError::new(
                        &sig.name,
                        format!("expected operand #{i} to be a ranked tensor, got {text}"),
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
        if !t.element.is_float() {
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

    pub fn int_attr(&self, name: &str) -> Result<i64, VerifyError> {
        self.sig
            .int_attr(name)
            .ok_or_else(|| self.err(format!("expected an integer attribute '{name}'")))
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
            Some(Err(text)) => Err(self.err(format!(
                "expected result #{i} to be a ranked tensor, got {text}"
            ))),
            None => Err(self.err(format!("expected a result #{i}"))),
        }
    }
}

/// The last dim of `t`.
pub(crate) fn last(t: &TensorType) -> Dim {
    *t.shape.last().expect("rank checked to be at least 1")
}
