//! kforge's checkpoint importers: read a GGUF file or a Hugging Face folder, check it
//! against the llama model family, and write the canonical import.
//!
//! An import folder holds:
//! - `model.mlir`: the decoder as kforge ops ([`emit`]);
//! - `weights.safetensors`: every tensor as f32 under its Hugging Face name
//!   ([`llama::tensor_specs`]), Q/K rows in rotate-half (Hugging Face) order;
//! - `tokenizer.json` / `tokenizer_config.json`: a Hugging Face tokenizer (generated
//!   from GGUF metadata, or copied from the folder);
//! - `kforge-model.json`: the [`llama::ModelConfig`], the ordered tensor table and the
//!   source file ([`export::ModelManifest`]).
//!
//! Entry points: [`import_gguf`], [`import_hf`]; back out to llama.cpp:
//! [`write_gguf_f32`] (an import as an f32 GGUF). The readers underneath are
//! [`gguf::GgufFile`], [`hf::HfFolder`] and [`llama::LlamaWeights`].
//!
//! Graph construction (`model.mlir`, through the dialect crate's builder) needs only
//! the [`llama::ModelConfig`] and the ordered tensor table ([`llama::tensor_specs`],
//! also recorded in [`export::ModelManifest::tensors`]): weights stay outside the IR,
//! referenced by their canonical names.

mod atomic;
pub mod emit;
pub mod error;
pub mod export;
mod export_gguf;
pub mod gguf;
pub mod hf;
pub mod llama;
pub mod staging;
pub mod stored;
pub mod tensor;
pub mod tokenizer_export;

pub use error::{FrontendError, Result};
pub use export::{
    import_gguf, import_gguf_with, import_hf, import_hf_with, write_gguf_f32,
    write_gguf_f32_with_tokenizer, GgufExportSummary, ImportSummary, ModelManifest,
};
pub use tensor::Tensor;
