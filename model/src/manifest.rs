//! The schema of `kforge-model.json`, the manifest of a model folder: written by the importer
//! (`kforge-frontend`), read by everything that runs or measures the model.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::ModelConfig;
use crate::error::ModelError;

/// The version of the import layout written in `kforge-model.json`.
pub const FORMAT_VERSION: u32 = 1;
/// The weights file of an import.
pub const WEIGHTS_FILE: &str = "weights.safetensors";
/// The Hugging Face tokenizer file of an import.
pub const TOKENIZER_FILE: &str = "tokenizer.json";
/// The Hugging Face tokenizer config (special tokens, chat template) of an import.
pub const TOKENIZER_CONFIG_FILE: &str = "tokenizer_config.json";
/// The manifest of an import.
pub const MANIFEST_FILE: &str = "kforge-model.json";

/// The kind of checkpoint an import came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    /// A GGUF file.
    Gguf,
    /// A Hugging Face folder (config.json + safetensors).
    HuggingFace,
}

/// Where an import came from, to tell whether it is stale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// The checkpoint's format.
    pub format: SourceFormat,
    /// The file (GGUF) or folder (Hugging Face), made absolute.
    pub path: PathBuf,
    /// The size in bytes (for a folder: of its safetensors files together).
    pub size_bytes: u64,
    /// The last modification time, seconds since the Unix epoch (for a folder: the
    /// latest of its safetensors files), when the file system reports one.
    pub mtime_unix_s: Option<u64>,
}

/// One entry of the manifest's tensor table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TensorEntry {
    /// The canonical name (the key in `weights.safetensors`).
    pub name: String,
    /// The row-major shape.
    pub shape: Vec<usize>,
}

/// The contents of `kforge-model.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelManifest {
    /// [`FORMAT_VERSION`] at the time of writing.
    pub format_version: u32,
    /// The model family (`llama`).
    pub family: String,
    /// The hyper-parameters.
    pub config: ModelConfig,
    /// The checkpoint imported.
    pub source: SourceInfo,
    /// The weights file, relative to the import folder.
    pub weights: String,
    /// The tokenizer file, relative to the import folder, when there is one.
    pub tokenizer: Option<String>,
    /// The tokenizer config file, relative to the import folder, when there is one.
    pub tokenizer_config: Option<String>,
    /// Every tensor in canonical order (all f32).
    pub tensors: Vec<TensorEntry>,
}

impl ModelManifest {
    /// Reads `kforge-model.json` from an import folder, checking its format version.
    pub fn read(dir: &Path) -> Result<Self, ModelError> {
        let path = dir.join(MANIFEST_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| ModelError::Io {
            path: path.clone(),
            source,
        })?;
        let manifest: Self = serde_json::from_str(&text).map_err(|source| ModelError::Json {
            path: path.clone(),
            source,
        })?;
        if manifest.format_version != FORMAT_VERSION {
            return Err(ModelError::Malformed {
                path,
                reason: format!(
                    "format_version {} is not supported (expected {FORMAT_VERSION}); re-import the model",
                    manifest.format_version
                ),
            });
        }
        Ok(manifest)
    }
}
