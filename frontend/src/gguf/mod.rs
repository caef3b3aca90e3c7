//! A GGUF v2/v3 reader: header, metadata, tensor table, and conversion of
//! F32/F16/BF16/Q8_0/Q4_0/Q4_1 tensor data to f32; and a writer (whole small images
//! for tests and fixtures, or a header to stream a large file's data after).
//!
//! GGUF lists dims fastest-varying first (ggml's `ne[0]` is the column count);
//! [`TensorInfo::shape`] and [`GgufFile::tensor_f32`] give row-major shapes instead,
//! so a ggml matrix with `ne = [in, out]` reads as `[out, in]`.

mod cursor;
pub mod dequant;
mod dtype;
mod file;
mod value;
pub mod writer;

pub use dtype::GgmlType;
pub use file::{GgufFile, TensorInfo, DEFAULT_ALIGNMENT, MAGIC, MAX_DIMS};
pub use value::{GgufArray, GgufValue, GgufValueType};
pub use writer::{encode_header, tensor_offsets, GgufWriter, TensorHeader};
