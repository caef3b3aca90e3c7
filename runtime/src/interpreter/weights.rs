//! Where `kforge.weight` ops and weight arguments get their tensors.

use std::collections::{BTreeMap, HashMap};

use crate::reference::Tensor;

/// A source of named weight tensors: the tensors `kforge.weight` ops read, and
/// the trailing weight arguments of a function that went through
/// `--kforge-weights-to-arguments`.
///
/// Implemented for maps from name to tensor, for closures
/// `Fn(&str) -> Option<Tensor>`, and for [`NoWeights`].
pub trait WeightSource {
    /// The tensor stored under `name`, or `None` when there is none.
    fn weight(&self, name: &str) -> Option<Tensor>;
}

impl WeightSource for HashMap<String, Tensor> {
    fn weight(&self, name: &str) -> Option<Tensor> {
        self.get(name).cloned()
    }
}

impl WeightSource for BTreeMap<String, Tensor> {
    fn weight(&self, name: &str) -> Option<Tensor> {
        self.get(name).cloned()
    }
}

impl<F: Fn(&str) -> Option<Tensor>> WeightSource for F {
    fn weight(&self, name: &str) -> Option<Tensor> {
        self(name)
    }
}

/// A weight source without any weight, for functions that read none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoWeights;

impl WeightSource for NoWeights {
    fn weight(&self, _name: &str) -> Option<Tensor> {
        None
    }
}
