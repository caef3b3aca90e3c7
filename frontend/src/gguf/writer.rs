//! [`GgufWriter`]: writes small GGUF files, for tests and fixtures (ours and other
//! crates'), plus ggml's reference quantizers for the block formats we read; and
//! [`encode_header`], for files too large to build in memory (the data is streamed
//! after the header, see [`crate::export::write_gguf_f32`]).
//!
//! ```
//! use kforge_frontend::gguf::{GgufFile, GgufValue, GgufWriter};
//! let mut w = GgufWriter::new();
//! w.metadata("general.architecture", GgufValue::String("llama".into()));
//! w.tensor_f32("x", &[2, 3], &[0., 1., 2., 3., 4., 5.]);
//! let file = GgufFile::from_bytes("x.gguf", w.to_bytes()).unwrap();
//! assert_eq!(file.tensor_f32("x").unwrap().shape, vec![2, 3]);
//! ```

use std::path::Path;

use half::{bf16, f16};

use super::dtype::GgmlType;
use super::file::{DEFAULT_ALIGNMENT, MAGIC};
use super::value::{write_string, GgufValue};
use kforge_abi::weight_format::WeightFormat;

struct PendingTensor {
    name: String,
    ggml_dims: Vec<u64>,
    dtype: GgmlType,
    data: Vec<u8>,
}

/// Builds a GGUF image: metadata pairs and tensors, laid out with the alignment.
pub struct GgufWriter {
    version: u32,
    alignment: u64,
    metadata: Vec<(String, GgufValue)>,
    tensors: Vec<PendingTensor>,
}

impl Default for GgufWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl GgufWriter {
    /// An empty GGUF v3 image with the default alignment (32).
    pub fn new() -> Self {
        Self {
            version: 3,
            alignment: DEFAULT_ALIGNMENT,
            metadata: Vec::new(),
            tensors: Vec::new(),
        }
    }

    /// Sets the version written in the header (2 or 3; others make invalid files).
    pub fn version(&mut self, version: u32) -> &mut Self {
        self.version = version;
        self
    }

    /// Sets the alignment used for layout (also add `general.alignment` to record it).
    pub fn alignment(&mut self, alignment: u64) -> &mut Self {
        self.alignment = alignment;
        self
    }

    /// Appends a metadata pair.
    pub fn metadata(&mut self, key: &str, value: GgufValue) -> &mut Self {
        self.metadata.push((key.to_string(), value));
        self
    }

    /// Sets a metadata pair: replaces the value of an earlier `key`, else appends.
    pub fn set_metadata(&mut self, key: &str, value: GgufValue) -> &mut Self {
        match self.metadata.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = value,
            None => self.metadata.push((key.to_string(), value)),
        }
        self
    }

    /// Drops the tensors whose name `keep` refuses (to replace one).
    pub fn retain_tensors(&mut self, keep: impl Fn(&str) -> bool) -> &mut Self {
        self.tensors.retain(|t| keep(&t.name));
        self
    }

    /// Appends a tensor of raw bytes; `ggml_dims` are fastest-varying first.
    pub fn tensor_raw(
        &mut self,
        name: &str,
        ggml_dims: &[u64],
        dtype: GgmlType,
        data: Vec<u8>,
    ) -> &mut Self {
        self.tensors.push(PendingTensor {
            name: name.to_string(),
            ggml_dims: ggml_dims.to_vec(),
            dtype,
            data,
        });
        self
    }

    /// Appends an F32 tensor with a row-major `shape`.
    pub fn tensor_f32(&mut self, name: &str, shape: &[usize], data: &[f32]) -> &mut Self {
        let bytes = data.iter().flat_map(|x| x.to_le_bytes()).collect();
        self.tensor_raw(name, &ggml_dims(shape), GgmlType::F32, bytes)
    }

    /// Appends an F16 tensor with a row-major `shape` (values rounded to f16).
    pub fn tensor_f16(&mut self, name: &str, shape: &[usize], data: &[f32]) -> &mut Self {
        let bytes = data
            .iter()
            .flat_map(|&x| f16::from_f32(x).to_le_bytes())
            .collect();
        self.tensor_raw(name, &ggml_dims(shape), GgmlType::F16, bytes)
    }

    /// Appends a BF16 tensor with a row-major `shape` (values rounded to bf16).
    pub fn tensor_bf16(&mut self, name: &str, shape: &[usize], data: &[f32]) -> &mut Self {
        let bytes = data
            .iter()
            .flat_map(|&x| bf16::from_f32(x).to_le_bytes())
            .collect();
        self.tensor_raw(name, &ggml_dims(shape), GgmlType::BF16, bytes)
    }

    /// Appends a Q8_0 tensor quantized with ggml's reference quantizer; the last dim
    /// of `shape` must be a multiple of 32.
    pub fn tensor_q8_0(&mut self, name: &str, shape: &[usize], data: &[f32]) -> &mut Self {
        self.tensor_raw(
            name,
            &ggml_dims(shape),
            GgmlType::Q8_0,
            stored(WeightFormat::Q8_0, data),
        )
    }

    /// Appends a Q4_0 tensor (see [`GgufWriter::tensor_q8_0`]).
    pub fn tensor_q4_0(&mut self, name: &str, shape: &[usize], data: &[f32]) -> &mut Self {
        self.tensor_raw(
            name,
            &ggml_dims(shape),
            GgmlType::Q4_0,
            stored(WeightFormat::Q4_0, data),
        )
    }

    /// Appends a Q4_1 tensor (see [`GgufWriter::tensor_q8_0`]).
    pub fn tensor_q4_1(&mut self, name: &str, shape: &[usize], data: &[f32]) -> &mut Self {
        self.tensor_raw(
            name,
            &ggml_dims(shape),
            GgmlType::Q4_1,
            stored(WeightFormat::Q4_1, data),
        )
    }

    /// The whole file image.
    pub fn to_bytes(&self) -> Vec<u8> {
        let headers: Vec<TensorHeader> = self
            .tensors
            .iter()
            .map(|t| TensorHeader {
                name: t.name.clone(),
                ggml_dims: t.ggml_dims.clone(),
                dtype: t.dtype,
                byte_len: t.data.len() as u64,
            })
            .collect();
        let mut out = encode_header(self.version, self.alignment, &self.metadata, &headers);
        for t in &self.tensors {
            pad_to(&mut out, self.alignment);
            out.extend(&t.data);
        }
        out
    }

    /// Writes the image to `path`.
    pub fn write(&self, path: impl AsRef<Path>) -> std::io::Result<()> {
        std::fs::write(path, self.to_bytes())
    }
}

/// One tensor's entry in a GGUF header: what [`encode_header`] needs to lay out the
/// data section without holding the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TensorHeader {
    /// The tensor's name.
    pub name: String,
    /// Dims, fastest-varying first ([`ggml_dims`] of a row-major shape).
    pub ggml_dims: Vec<u64>,
    /// The element type.
    pub dtype: GgmlType,
    /// The size of the tensor's data in bytes.
    pub byte_len: u64,
}

/// The data-section offset of each tensor of `tensors`: in order, each at the next
/// multiple of `alignment`.
pub fn tensor_offsets(tensors: &[TensorHeader], alignment: u64) -> Vec<u64> {
    let mut offset = 0u64;
    tensors
        .iter()
        .map(|t| {
            let at = offset;
            offset = (offset + t.byte_len).next_multiple_of(alignment);
            at
        })
        .collect()
}

/// Encodes a GGUF header (magic, version, counts, metadata, tensor table) padded to
/// `alignment`, so the data section can follow at once: tensor `i` then starts
/// [`tensor_offsets`]`[i]` bytes after the header's end. Writing a large file this way
/// streams the data instead of building the whole image in memory.
pub fn encode_header(
    version: u32,
    alignment: u64,
    metadata: &[(String, GgufValue)],
    tensors: &[TensorHeader],
) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend(MAGIC);
    out.extend(version.to_le_bytes());
    out.extend((tensors.len() as u64).to_le_bytes());
    out.extend((metadata.len() as u64).to_le_bytes());
    for (key, value) in metadata {
        write_string(&mut out, key);
        out.extend(value.value_type().id().to_le_bytes());
        value.write_payload(&mut out);
    }
    for (t, offset) in tensors.iter().zip(tensor_offsets(tensors, alignment)) {
        write_string(&mut out, &t.name);
        out.extend((t.ggml_dims.len() as u32).to_le_bytes());
        for d in &t.ggml_dims {
            out.extend(d.to_le_bytes());
        }
        out.extend(t.dtype.id().to_le_bytes());
        out.extend(offset.to_le_bytes());
    }
    pad_to(&mut out, alignment);
    out
}

fn pad_to(out: &mut Vec<u8>, alignment: u64) {
    let len = (out.len() as u64).next_multiple_of(alignment);
    out.resize(len as usize, 0);
}

/// ggml dims (fastest-varying first) for a row-major shape.
pub fn ggml_dims(shape: &[usize]) -> Vec<u64> {
    shape.iter().rev().map(|&d| d as u64).collect()
}

/// `x` quantized by ggml's reference quantizers (`kforge_reference::quant`).
fn stored(format: WeightFormat, x: &[f32]) -> Vec<u8> {
    kforge_reference::quant::quantize(format, x)
        .unwrap_or_else(|e| panic!("GgufWriter: the last dim must be whole blocks: {e}"))
}
