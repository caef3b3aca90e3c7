//! [`LlamaWeights`]: a llama model's config plus its f32 tensors under canonical
//! names, loaded from GGUF (renamed, dequantized, Q/K rows un-permuted).

use std::path::Path;

use super::config::CheckpointConfig;
use super::names::{tensor_specs, RopePermutation, TensorSpec};
use super::permute::unpermute_rope_rows;
use crate::error::{FrontendError, Result};
use crate::gguf::GgufFile;
use crate::tensor::Tensor;
use kforge_model::ModelConfig;

/// A tensor with its canonical name.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedTensor {
    /// The canonical (Hugging Face) name.
    pub name: String,
    /// The f32 data in Hugging Face layout.
    pub tensor: Tensor,
}

/// A whole llama model in memory: config and every tensor of [`tensor_specs`], in
/// that order, in Hugging Face layout.
#[derive(Debug, Clone)]
pub struct LlamaWeights {
    /// The hyper-parameters.
    pub config: ModelConfig,
    /// The tensors, in [`tensor_specs`] order.
    pub tensors: Vec<NamedTensor>,
}

impl LlamaWeights {
    /// Reads the config and every tensor from a GGUF file.
    ///
    /// All tensors are checked (present, expected shape, convertible type) before any
    /// is converted, so a bad file fails fast.
    pub fn from_gguf(file: &GgufFile) -> Result<Self> {
        let config = ModelConfig::from_gguf(file)?;
        let specs = tensor_specs(&config);
        check_gguf_tensors(file, &specs)?;
        let mut tensors = Vec::with_capacity(specs.len());
        for spec in &specs {
            let raw = file.tensor_f32(&spec.gguf_name)?;
            let tensor = undo_rope_permutation(file.path(), spec, raw)?;
            tensors.push(NamedTensor {
                name: spec.name.clone(),
                tensor,
            });
        }
        Ok(Self { config, tensors })
    }

    /// The specs of the tensors held, in order.
    pub fn specs(&self) -> Vec<TensorSpec> {
        tensor_specs(&self.config)
    }

    /// The tensor with canonical name `name`.
    pub fn get(&self, name: &str) -> Option<&Tensor> {
        self.tensors
            .iter()
            .find(|t| t.name == name)
            .map(|t| &t.tensor)
    }
}

/// Checks that every spec's GGUF tensor is present, has the expected shape and a
/// convertible type.
pub fn check_gguf_tensors(file: &GgufFile, specs: &[TensorSpec]) -> Result<()> {
    for spec in specs {
        let info = file.require_tensor(&spec.gguf_name)?;
        let actual = info.shape();
        if actual != spec.shape {
            return Err(FrontendError::ShapeMismatch {
                path: file.path().to_path_buf(),
                tensor: spec.gguf_name.clone(),
                expected: spec.shape.clone(),
                actual,
            });
        }
        if !info.dtype.is_dequantizable() {
            // Reuses the reader's error, which names the type.
            file.tensor_f32(&spec.gguf_name)?;
        }
    }
    Ok(())
}

fn undo_rope_permutation(path: &Path, spec: &TensorSpec, raw: Tensor) -> Result<Tensor> {
    match spec.rope {
        RopePermutation::None => Ok(raw),
        RopePermutation::Heads(n_heads) => {
            unpermute_rope_rows(&raw, n_heads).ok_or_else(|| FrontendError::InvalidConfig {
                path: path.to_path_buf(),
                reason: format!(
                    "tensor '{}' with shape {:?} does not split into {n_heads} heads of even width",
                    spec.gguf_name, raw.shape
                ),
            })
        }
    }
}
