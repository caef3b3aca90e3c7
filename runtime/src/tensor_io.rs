//! Reading and writing tensors as safetensors files: inputs and outputs of
//! `kforge-run`, weights of imported models (memory-mapped).
use crate::reference::{Tensor, TensorData};
use safetensors::{tensor::TensorView, Dtype, SafeTensors};
use std::collections::BTreeMap;
use std::path::Path;

/// A tensor file that cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum TensorIoError {
    /// The file cannot be opened or read.
    #[error("cannot read '{path}': {source}")]
    Read {
        /// File.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
    /// Not a valid safetensors file (truncated, corrupt header, …).
    #[error("'{path}' is not a valid safetensors file: {message}")]
    Format {
        /// File.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A tensor has a dtype kforge cannot use.
    #[error(
        "tensor '{name}' in '{path}' has dtype {dtype}; kforge reads F32, F16, BF16, I64 and I32"
    )]
    Dtype {
        /// File.
        path: String,
        /// Tensor.
        name: String,
        /// Its dtype.
        dtype: String,
    },
    /// Writing failed.
    #[error("cannot write '{path}': {message}")]
    Write {
        /// File.
        path: String,
        /// Cause.
        message: String,
    },
}

/// A tensor's shape and its f32 data, borrowed from a mapped file.
pub type ShapedSlice<'a> = (Vec<usize>, &'a [f32]);

/// A tensor's shape and its raw bytes, borrowed from the map.
pub type ShapedBytes<'a> = (Vec<usize>, &'a [u8]);

/// A memory-mapped safetensors file.
pub struct TensorFile {
    path: String,
    map: memmap2::Mmap,
}

impl TensorFile {
    /// Maps `path` and validates its header.
    pub fn open(path: &Path) -> Result<Self, TensorIoError> {
        let shown = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|source| TensorIoError::Read {
            path: shown.clone(),
            source,
        })?;
        // SAFETY: the file is opened read-only; kforge never writes files it maps
        // (outputs are written to a temporary name and renamed).
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|source| TensorIoError::Read {
            path: shown.clone(),
            source,
        })?;
        let this = Self { path: shown, map };
        this.parsed()?;
        Ok(this)
    }

    fn parsed(&self) -> Result<SafeTensors<'_>, TensorIoError> {
        SafeTensors::deserialize(&self.map).map_err(|e| TensorIoError::Format {
            path: self.path.clone(),
            message: e.to_string(),
        })
    }

    /// Tensor names, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .parsed()
            .map(|s| s.names().into_iter().map(String::from).collect())
            .unwrap_or_default();
        names.sort();
        names
    }

    /// Reads one tensor (converted to f32 or i64), or `None` when absent.
    pub fn get(&self, name: &str) -> Result<Option<Tensor>, TensorIoError> {
        let st = self.parsed()?;
        let view = match st.tensor(name) {
            Ok(v) => v,
            Err(_) => return Ok(None),
        };
        self.convert(name, &view).map(Some)
    }

    /// The raw little-endian f32 data of a tensor, without copying, when its dtype is F32.
    pub fn f32_slice(&self, name: &str) -> Result<Option<ShapedSlice<'_>>, TensorIoError> {
        let st = self.parsed()?;
        let Ok(view) = st.tensor(name) else {
            return Ok(None);
        };
        if view.dtype() != Dtype::F32 {
            return Ok(None);
        }
        let data = view.data();
        let (prefix, floats, _) = unsafe { data.align_to::<f32>() };
        if !prefix.is_empty() {
            return Ok(None);
        }
        // SAFETY: `floats` points into `self.map`, which lives as long as `self`.
        let floats: &[f32] = unsafe { std::slice::from_raw_parts(floats.as_ptr(), floats.len()) };
        Ok(Some((view.shape().to_vec(), floats)))
    }

    /// The bytes of an `I8`/`U8` tensor (a weight in a stored format,
    /// `[N, K/block, block_bytes]`) and its shape, borrowed from the map;
    /// `None` when absent or of another dtype.
    pub fn byte_slice(&self, name: &str) -> Result<Option<ShapedBytes<'_>>, TensorIoError> {
        let st = self.parsed()?;
        let Ok(view) = st.tensor(name) else {
            return Ok(None);
        };
        if !matches!(view.dtype(), Dtype::I8 | Dtype::U8) {
            return Ok(None);
        }
        let data = view.data();
        // SAFETY: `data` points into `self.map`, which lives as long as `self`.
        let data: &[u8] = unsafe { std::slice::from_raw_parts(data.as_ptr(), data.len()) };
        Ok(Some((view.shape().to_vec(), data)))
    }

    fn convert(&self, name: &str, view: &TensorView) -> Result<Tensor, TensorIoError> {
        let shape = view.shape().to_vec();
        let bytes = view.data();
        let data = match view.dtype() {
            Dtype::F32 => TensorData::F32(
                bytes
                    .chunks_exact(4)
                    .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
                    .collect(),
            ),
            Dtype::F16 => TensorData::F32(
                bytes
                    .chunks_exact(2)
                    .map(|c| half::f16::from_le_bytes(c.try_into().unwrap()).to_f32())
                    .collect(),
            ),
            Dtype::BF16 => TensorData::F32(
                bytes
                    .chunks_exact(2)
                    .map(|c| half::bf16::from_le_bytes(c.try_into().unwrap()).to_f32())
                    .collect(),
            ),
            Dtype::I64 => TensorData::I64(
                bytes
                    .chunks_exact(8)
                    .map(|c| i64::from_le_bytes(c.try_into().unwrap()))
                    .collect(),
            ),
            Dtype::I32 => TensorData::I64(
                bytes
                    .chunks_exact(4)
                    .map(|c| i32::from_le_bytes(c.try_into().unwrap()) as i64)
                    .collect(),
            ),
            other => {
                return Err(TensorIoError::Dtype {
                    path: self.path.clone(),
                    name: name.to_string(),
                    dtype: format!("{other:?}"),
                })
            }
        };
        Tensor::new(shape, data).map_err(|e| TensorIoError::Format {
            path: self.path.clone(),
            message: e.to_string(),
        })
    }
}

/// Writes `tensors` to `path` atomically (a temporary file in the same folder, then a rename).
pub fn write_tensors(path: &Path, tensors: &BTreeMap<String, Tensor>) -> Result<(), TensorIoError> {
    let shown = path.display().to_string();
    let err = |message: String| TensorIoError::Write {
        path: shown.clone(),
        message,
    };
    let mut bytes: Vec<(String, Dtype, Vec<usize>, Vec<u8>)> = Vec::new();
    for (name, t) in tensors {
        let (dtype, data) = match t.data() {
            TensorData::F32(v) => (Dtype::F32, v.iter().flat_map(|x| x.to_le_bytes()).collect()),
            TensorData::I64(v) => (Dtype::I64, v.iter().flat_map(|x| x.to_le_bytes()).collect()),
        };
        bytes.push((name.clone(), dtype, t.shape().to_vec(), data));
    }
    let views = bytes
        .iter()
        .map(|(n, d, s, b)| TensorView::new(*d, s.clone(), b).map(|v| (n.clone(), v)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| err(e.to_string()))?;
    let serialized = safetensors::serialize(views, None).map_err(|e| err(e.to_string()))?;
    crate::atomic::write_atomically(path, &serialized).map_err(|e| err(e.to_string()))
}
