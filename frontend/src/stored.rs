//! Weights kept in a stored format ([`WeightFormat`]) instead of f32:
//! `kforge-import --weights as-stored|f32|f16|bf16|q8_0|q4_0|q4_1`.
//!
//! Only matrices change format — every block's projections (all in one
//! format, which `model.mlir` names in each op's `weight_format`), the
//! embedding table (also the output projection when tied) and an untied
//! output projection; norms stay f32. `as-stored` keeps a GGUF's own
//! blocks byte for byte (Q/K rows reordered whole, as the f32 import
//! reorders them); the other choices quantize the f32 weights with ggml's
//! reference quantizers (`kforge_reference::quant`).
use std::path::Path;

use kforge_abi::weight_format::{WeightFormat, NAMES};
use kforge_dialect::builder::transformer::WeightFormats;

use crate::error::{FrontendError, Result};
use crate::gguf::dequant::weight_format;
use crate::gguf::GgufFile;
use crate::llama::{
    tensor_specs, unpermute_rope_rows, LlamaWeights, RopePermutation, EMBED_TOKENS, LM_HEAD,
};
use crate::tensor::Tensor;

/// What `--weights` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeightChoice {
    /// A GGUF's own formats (an f32 source stays f32).
    AsStored,
    /// Every matrix converted to this format.
    Convert(WeightFormat),
}

impl WeightChoice {
    /// `as-stored` or a format's name.
    pub fn parse(text: &str) -> std::result::Result<Self, String> {
        if text == "as-stored" {
            return Ok(Self::AsStored);
        }
        WeightFormat::parse(text)
            .map(Self::Convert)
            .ok_or_else(|| format!("'{text}' is not a weight format (expected as-stored, {NAMES})"))
    }
}

/// A matrix in a stored format: `[n, k]` weights as `n` rows of bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredMatrix {
    /// The format.
    pub format: WeightFormat,
    /// `[n, k]`.
    pub shape: [usize; 2],
    /// `n · row_bytes(k)` bytes.
    pub bytes: Vec<u8>,
}

impl StoredMatrix {
    /// The safetensors shape: `[n, k / block, block_bytes]`.
    pub fn stored_shape(&self) -> Vec<usize> {
        let [n, k] = self.shape;
        vec![n, k / self.format.block_elems(), self.format.block_bytes()]
    }
}

/// The matrices kept in a stored format, by canonical name, and the
/// formats `model.mlir` declares.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoredWeights {
    /// The formats per role.
    pub formats: WeightFormats,
    /// `(canonical name, matrix)` for every matrix not in f32.
    pub matrices: Vec<(String, StoredMatrix)>,
}

impl StoredWeights {
    /// The stored matrix named `name`, if it is not f32.
    pub fn get(&self, name: &str) -> Option<&StoredMatrix> {
        self.matrices
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, m)| m)
    }
}

/// The role of a canonical tensor name: the format it takes from `formats`,
/// `None` for a norm.
fn role(formats: &WeightFormats, name: &str, shape: &[usize]) -> Option<WeightFormat> {
    if shape.len() != 2 {
        return None;
    }
    Some(match name {
        EMBED_TOKENS => formats.embeddings,
        LM_HEAD => formats.lm_head,
        _ => formats.projections,
    })
}

/// Every matrix of `weights` converted to `format` (from its f32 values).
pub fn convert(weights: &LlamaWeights, format: WeightFormat) -> Result<StoredWeights> {
    let formats = WeightFormats {
        projections: format,
        embeddings: format,
        lm_head: format,
    };
    let mut matrices = Vec::new();
    for t in &weights.tensors {
        if role(&formats, &t.name, &t.tensor.shape).is_none() || format == WeightFormat::F32 {
            continue;
        }
        let [n, k] = [t.tensor.shape[0], t.tensor.shape[1]];
        if format.row_bytes(k).is_none() {
            return Err(FrontendError::Graph(format!(
                "tensor '{}' [{n}, {k}] cannot be stored as {format}: its rows of {k} weights are not whole blocks of {}",
                t.name,
                format.block_elems()
            )));
        }
        let bytes = kforge_reference::quant::quantize(format, &t.tensor.data)
            .map_err(|e| FrontendError::Graph(format!("tensor '{}': {e}", t.name)))?;
        matrices.push((
            t.name.clone(),
            StoredMatrix {
                format,
                shape: [n, k],
                bytes,
            },
        ));
    }
    Ok(StoredWeights { formats, matrices })
}

/// A GGUF's matrices in their own formats. The projections of all blocks
/// must share one format (a file that mixes them, or uses a format kforge
/// does not read, is an error naming the tensor: import it with
/// `--weights f32` or a single format).
pub fn as_stored(file: &GgufFile, weights: &LlamaWeights) -> Result<StoredWeights> {
    let specs = tensor_specs(&weights.config);
    let format_of = |gguf_name: &str| -> Result<WeightFormat> {
        let info = file.require_tensor(gguf_name)?;
        weight_format(info.dtype).ok_or_else(|| FrontendError::UnsupportedDtype {
            path: file.path().to_path_buf(),
            tensor: gguf_name.to_string(),
            dtype: info.dtype.to_string(),
            supported: "F32, F16, BF16, Q8_0, Q4_0, Q4_1",
        })
    };
    let mut formats = WeightFormats::default();
    let mut projections: Option<(WeightFormat, &str)> = None;
    for spec in specs.iter().filter(|s| s.shape.len() == 2) {
        let f = format_of(&spec.gguf_name)?;
        match spec.name.as_str() {
            EMBED_TOKENS => formats.embeddings = f,
            LM_HEAD => formats.lm_head = f,
            _ => match projections {
                None => projections = Some((f, &spec.gguf_name)),
                Some((first, name)) if first != f => {
                    return Err(FrontendError::InvalidConfig {
                        path: file.path().to_path_buf(),
                        reason: format!(
                            "the projections mix formats ('{name}' is {first}, '{}' is {f}); \
                             kforge keeps one format for all of them: import with --weights f32 or --weights {first}",
                            spec.gguf_name
                        ),
                    })
                }
                Some(_) => {}
            },
        }
    }
    formats.projections = projections.map_or(WeightFormat::F32, |(f, _)| f);
    let mut matrices = Vec::new();
    for spec in &specs {
        let Some(format) = role(&formats, &spec.name, &spec.shape) else {
            continue;
        };
        if format == WeightFormat::F32 {
            continue;
        }
        let info = file.require_tensor(&spec.gguf_name)?;
        let bytes = file.tensor_bytes(info)?;
        let [n, k] = [spec.shape[0], spec.shape[1]];
        let row_bytes = format.row_bytes(k).filter(|r| r * n == bytes.len()).ok_or_else(|| {
            FrontendError::Malformed {
                path: file.path().to_path_buf(),
                reason: format!(
                    "tensor '{}' [{n}, {k}] of type {format} holds {} bytes, not {n} rows of whole {format} blocks",
                    spec.gguf_name,
                    bytes.len()
                ),
            }
        })?;
        let bytes = match spec.rope {
            RopePermutation::None => bytes.to_vec(),
            RopePermutation::Heads(heads) => {
                reorder_rows(file.path(), &spec.gguf_name, bytes, n, row_bytes, heads)?
            }
        };
        matrices.push((
            spec.name.clone(),
            StoredMatrix {
                format,
                shape: [n, k],
                bytes,
            },
        ));
    }
    Ok(StoredWeights { formats, matrices })
}

/// `bytes` (`n` rows of `row_bytes`) with its rows in the order the f32
/// import's [`unpermute_rope_rows`] gives them (the same permutation,
/// found by applying it to the row numbers).
fn reorder_rows(
    path: &Path,
    name: &str,
    bytes: &[u8],
    n: usize,
    row_bytes: usize,
    heads: usize,
) -> Result<Vec<u8>> {
    let ids = Tensor {
        shape: vec![n, 1],
        data: (0..n).map(|i| i as f32).collect(),
    };
    let order = unpermute_rope_rows(&ids, heads).ok_or_else(|| FrontendError::InvalidConfig {
        path: path.to_path_buf(),
        reason: format!(
            "tensor '{name}' with {n} rows does not split into {heads} heads of even width"
        ),
    })?;
    let mut out = Vec::with_capacity(bytes.len());
    for &row in &order.data {
        let row = row as usize;
        out.extend_from_slice(&bytes[row * row_bytes..(row + 1) * row_bytes]);
    }
    Ok(out)
}
