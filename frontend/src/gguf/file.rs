//! [`GgufFile`]: a parsed GGUF v2/v3 file over a memory map (or an owned buffer).
//!
//! Layout (little-endian): magic `GGUF`, `u32` version, `u64` tensor count, `u64`
//! metadata count, the metadata key/value pairs, the tensor infos (name, `u32` rank,
//! `u64` dims fastest-varying first, `u32` ggml type, `u64` offset into the data
//! section), padding to `general.alignment` (default 32), then the data section.

use std::collections::HashSet;
use std::fs::File;
use std::path::{Path, PathBuf};

use memmap2::Mmap;

use super::cursor::Cursor;
use super::dequant::dequantize;
use super::dtype::GgmlType;
use super::value::{read_value, read_value_type, GgufValue, PREALLOCATE_LIMIT};
use crate::error::{FrontendError, Result};
use crate::tensor::Tensor;

/// The alignment of the data section and of each tensor when `general.alignment` is
/// absent.
pub const DEFAULT_ALIGNMENT: u64 = 32;

/// The most dimensions a ggml tensor has (`GGML_MAX_DIMS`).
pub const MAX_DIMS: usize = 4;

/// The first four bytes of every GGUF file.
pub const MAGIC: [u8; 4] = *b"GGUF";

/// One tensor's entry in the GGUF tensor table.
#[derive(Debug, Clone, PartialEq)]
pub struct TensorInfo {
    /// The GGUF name (e.g. `blk.0.attn_q.weight`).
    pub name: String,
    /// The ggml dims, fastest-varying first (`ne[0]` is the column count).
    pub ggml_dims: Vec<u64>,
    /// The element type.
    pub dtype: GgmlType,
    /// Byte offset of the data from the start of the data section.
    pub offset: u64,
}

impl TensorInfo {
    /// The row-major shape: the ggml dims reversed (so a matrix is `[rows, cols]`).
    pub fn shape(&self) -> Vec<usize> {
        self.ggml_dims.iter().rev().map(|&d| d as usize).collect()
    }

    /// The number of elements.
    pub fn n_elements(&self) -> u64 {
        self.ggml_dims.iter().product()
    }

    /// The data size in bytes, when the type's layout is known.
    pub fn byte_size(&self) -> Option<u64> {
        self.dtype.byte_size(self.n_elements())
    }
}

enum Bytes {
    Mapped(Mmap),
    Owned(Vec<u8>),
}

impl Bytes {
    fn as_slice(&self) -> &[u8] {
        match self {
            Bytes::Mapped(m) => m,
            Bytes::Owned(v) => v,
        }
    }
}

/// A parsed GGUF file: header, metadata, tensor table, and access to tensor data.
pub struct GgufFile {
    path: PathBuf,
    bytes: Bytes,
    version: u32,
    metadata: Vec<(String, GgufValue)>,
    tensors: Vec<TensorInfo>,
    alignment: u64,
    data_offset: u64,
}

impl std::fmt::Debug for GgufFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GgufFile")
            .field("path", &self.path)
            .field("version", &self.version)
            .field("metadata_keys", &self.metadata.len())
            .field("tensors", &self.tensors.len())
            .field("alignment", &self.alignment)
            .field("data_offset", &self.data_offset)
            .finish()
    }
}

impl GgufFile {
    /// Opens and parses the file at `path` through a read-only memory map.
    ///
    /// The header, metadata and tensor table are checked here; tensor data is only
    /// bounds-checked (converted on demand by [`GgufFile::tensor_f32`]).
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|e| FrontendError::io(path, "open", e))?;
        // SAFETY: the map is read-only and private to this process. If another process
        // truncates or rewrites the file while it is mapped, reads may see the new bytes
        // or fault; model files are not modified while they are being imported.
        let map = unsafe { Mmap::map(&file) }.map_err(|e| FrontendError::io(path, "mmap", e))?;
        Self::parse(path.to_path_buf(), Bytes::Mapped(map))
    }

    /// Parses a GGUF image held in memory; `path` is only used in error messages.
    pub fn from_bytes(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Result<Self> {
        Self::parse(path.into(), Bytes::Owned(bytes))
    }

    fn parse(path: PathBuf, bytes: Bytes) -> Result<Self> {
        let header = parse_header(&path, bytes.as_slice())?;
        let file = GgufFile {
            path,
            bytes,
            version: header.version,
            metadata: header.metadata,
            tensors: header.tensors,
            alignment: header.alignment,
            data_offset: header.data_offset,
        };
        file.check_tensor_bounds()?;
        Ok(file)
    }

    /// The path the file was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file size in bytes.
    pub fn file_size(&self) -> u64 {
        self.bytes.as_slice().len() as u64
    }

    /// The GGUF version (2 or 3).
    pub fn version(&self) -> u32 {
        self.version
    }

    /// The alignment of the data section and of each tensor.
    pub fn alignment(&self) -> u64 {
        self.alignment
    }

    /// The offset of the data section from the start of the file.
    pub fn data_offset(&self) -> u64 {
        self.data_offset
    }

    /// All metadata pairs, in file order.
    pub fn metadata(&self) -> &[(String, GgufValue)] {
        &self.metadata
    }

    /// The value of metadata key `key`, if present.
    pub fn get(&self, key: &str) -> Option<&GgufValue> {
        self.metadata.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value of `key`, or [`FrontendError::MissingMetadata`].
    pub fn require(&self, key: &str) -> Result<&GgufValue> {
        self.get(key).ok_or_else(|| FrontendError::MissingMetadata {
            path: self.path.clone(),
            key: key.to_string(),
        })
    }

    /// An integer value of `key` that fits `usize`.
    pub fn require_usize(&self, key: &str) -> Result<usize> {
        let value = self.require(key)?;
        value
            .as_u64()
            .and_then(|v| usize::try_from(v).ok())
            .ok_or_else(|| self.type_error(key, "a non-negative integer", value))
    }

    /// A float value of `key` (f32 or f64).
    pub fn require_f64(&self, key: &str) -> Result<f64> {
        let value = self.require(key)?;
        value
            .as_f64()
            .ok_or_else(|| self.type_error(key, "a float", value))
    }

    /// A string value of `key`.
    pub fn require_str(&self, key: &str) -> Result<&str> {
        let value = self.require(key)?;
        value
            .as_str()
            .ok_or_else(|| self.type_error(key, "a string", value))
    }

    /// A [`FrontendError::MetadataType`] for `key`.
    pub fn type_error(&self, key: &str, expected: &str, found: &GgufValue) -> FrontendError {
        FrontendError::MetadataType {
            path: self.path.clone(),
            key: key.to_string(),
            expected: expected.to_string(),
            found: found.describe(),
        }
    }

    /// The tensor table, in file order.
    pub fn tensors(&self) -> &[TensorInfo] {
        &self.tensors
    }

    /// The tensor named `name`, if present.
    pub fn tensor_info(&self, name: &str) -> Option<&TensorInfo> {
        self.tensors.iter().find(|t| t.name == name)
    }

    /// The tensor named `name`, or [`FrontendError::MissingTensor`].
    pub fn require_tensor(&self, name: &str) -> Result<&TensorInfo> {
        self.tensor_info(name)
            .ok_or_else(|| FrontendError::MissingTensor {
                path: self.path.clone(),
                tensor: name.to_string(),
            })
    }

    /// The raw bytes of a tensor (its blocks as stored), when its layout is known.
    pub fn tensor_bytes(&self, info: &TensorInfo) -> Result<&[u8]> {
        let size = info.byte_size().ok_or_else(|| self.dtype_error(info))?;
        let start = self.data_offset + info.offset;
        Ok(&self.bytes.as_slice()[start as usize..(start + size) as usize])
    }

    /// The tensor named `name` converted to f32, with its row-major shape.
    pub fn tensor_f32(&self, name: &str) -> Result<Tensor> {
        let info = self.require_tensor(name)?;
        if !info.dtype.is_dequantizable() {
            return Err(self.dtype_error(info));
        }
        let bytes = self.tensor_bytes(info)?;
        let mut data = vec![0.0f32; info.n_elements() as usize];
        if !dequantize(info.dtype, bytes, &mut data) {
            return Err(self.dtype_error(info));
        }
        Ok(Tensor::new(info.shape(), data))
    }

    fn dtype_error(&self, info: &TensorInfo) -> FrontendError {
        match info.dtype {
            GgmlType::Other(type_id) => FrontendError::UnknownDtype {
                path: self.path.clone(),
                tensor: info.name.clone(),
                type_id,
            },
            known => FrontendError::UnsupportedDtype {
                path: self.path.clone(),
                tensor: info.name.clone(),
                dtype: known.to_string(),
                supported: GgmlType::DEQUANTIZABLE,
            },
        }
    }

    fn check_tensor_bounds(&self) -> Result<()> {
        let available = self.file_size().saturating_sub(self.data_offset);
        for info in &self.tensors {
            let Some(size) = info.byte_size() else {
                continue;
            };
            let end = info.offset.saturating_add(size);
            if end > available {
                return Err(FrontendError::TensorOutOfBounds {
                    path: self.path.clone(),
                    tensor: info.name.clone(),
                    start: info.offset,
                    end,
                    available,
                });
            }
        }
        Ok(())
    }
}

struct Header {
    version: u32,
    metadata: Vec<(String, GgufValue)>,
    tensors: Vec<TensorInfo>,
    alignment: u64,
    data_offset: u64,
}

fn parse_header(path: &Path, bytes: &[u8]) -> Result<Header> {
    let mut cur = Cursor::new(bytes, path);
    let magic: [u8; 4] = cur.array(&|| "the magic".into())?;
    if magic != MAGIC {
        return Err(FrontendError::BadMagic {
            path: path.to_path_buf(),
            found: magic,
        });
    }
    let version = cur.u32(&|| "the version".into())?;
    if version != 2 && version != 3 {
        return Err(FrontendError::UnsupportedVersion {
            path: path.to_path_buf(),
            version,
        });
    }
    let n_tensors = cur.u64(&|| "the tensor count".into())?;
    let n_kv = cur.u64(&|| "the metadata count".into())?;
    // Each pair takes at least 12 bytes and each tensor info at least 24.
    check_count(&cur, n_kv, 12, "metadata pairs")?;
    let metadata = parse_metadata(&mut cur, n_kv)?;
    check_count(&cur, n_tensors, 24, "tensor infos")?;
    let tensors = parse_tensor_infos(&mut cur, n_tensors)?;
    let alignment = read_alignment(&cur, &metadata)?;
    let data_offset = (cur.pos() as u64).next_multiple_of(alignment);
    for info in &tensors {
        if info.offset % alignment != 0 {
            return Err(cur.malformed(format!(
                "tensor '{}' offset {} is not a multiple of the alignment ({alignment})",
                info.name, info.offset
            )));
        }
    }
    Ok(Header {
        version,
        metadata,
        tensors,
        alignment,
        data_offset,
    })
}

fn check_count(cur: &Cursor<'_>, count: u64, min_size: u64, what: &str) -> Result<()> {
    let needed = count.saturating_mul(min_size);
    if needed > cur.remaining() as u64 {
        return Err(cur.malformed(format!(
            "the header declares {count} {what}, which needs at least {needed} bytes (only {} remain)",
            cur.remaining()
        )));
    }
    Ok(())
}

fn parse_metadata(cur: &mut Cursor<'_>, n_kv: u64) -> Result<Vec<(String, GgufValue)>> {
    let mut metadata: Vec<(String, GgufValue)> =
        Vec::with_capacity(n_kv.min(PREALLOCATE_LIMIT) as usize);
    let mut seen = HashSet::new();
    for i in 0..n_kv {
        let key = cur.string(&|| format!("metadata key #{i}"))?;
        let what = || format!("metadata value of '{key}'");
        let ty = read_value_type(cur, &what)?;
        let value = read_value(cur, ty, &what)?;
        if !seen.insert(key.clone()) {
            return Err(cur.malformed(format!("duplicate metadata key '{key}'")));
        }
        metadata.push((key, value));
    }
    Ok(metadata)
}

fn parse_tensor_infos(cur: &mut Cursor<'_>, n_tensors: u64) -> Result<Vec<TensorInfo>> {
    let mut tensors: Vec<TensorInfo> =
        Vec::with_capacity(n_tensors.min(PREALLOCATE_LIMIT) as usize);
    let mut seen = HashSet::new();
    for i in 0..n_tensors {
        let name = cur.string(&|| format!("tensor info #{i} name"))?;
        let what = || format!("tensor info of '{name}'");
        let n_dims = cur.u32(&what)? as usize;
        if n_dims > MAX_DIMS {
            return Err(cur.malformed(format!(
                "tensor '{name}' has {n_dims} dims (at most {MAX_DIMS})"
            )));
        }
        let mut ggml_dims = Vec::with_capacity(n_dims);
        for _ in 0..n_dims {
            ggml_dims.push(cur.u64(&what)?);
        }
        let dtype = GgmlType::from_id(cur.u32(&what)?);
        let offset = cur.u64(&what)?;
        let info = TensorInfo {
            name,
            ggml_dims,
            dtype,
            offset,
        };
        check_tensor_info(cur, &info)?;
        if !seen.insert(info.name.clone()) {
            return Err(cur.malformed(format!("duplicate tensor '{}'", info.name)));
        }
        tensors.push(info);
    }
    Ok(tensors)
}

fn check_tensor_info(cur: &Cursor<'_>, info: &TensorInfo) -> Result<()> {
    let fits = info.ggml_dims.iter().try_fold(1u64, |acc, &d| {
        acc.checked_mul(d).filter(|&n| n <= i64::MAX as u64)
    });
    if fits.is_none() {
        return Err(cur.malformed(format!(
            "tensor '{}' dims {:?} overflow the element count",
            info.name, info.ggml_dims
        )));
    }
    if let Some((block, _)) = info.dtype.block_layout() {
        let cols = info.ggml_dims.first().copied().unwrap_or(1);
        if cols % block != 0 {
            return Err(cur.malformed(format!(
                "tensor '{}' of type {} has {cols} columns, not a multiple of its block size ({block})",
                info.name, info.dtype
            )));
        }
    }
    Ok(())
}

fn read_alignment(cur: &Cursor<'_>, metadata: &[(String, GgufValue)]) -> Result<u64> {
    let Some((_, value)) = metadata.iter().find(|(k, _)| k == "general.alignment") else {
        return Ok(DEFAULT_ALIGNMENT);
    };
    match value.as_u64() {
        Some(a) if a.is_power_of_two() => Ok(a),
        _ => Err(cur.malformed(format!(
            "general.alignment must be a power of two (found {})",
            value.describe()
        ))),
    }
}
