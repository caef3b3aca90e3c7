//! Writing an import: `model.mlir` (the decoder, [`crate::emit`]),
//! `weights.safetensors` (canonical f32 tensors), `tokenizer.json` (+
//! `tokenizer_config.json`) and `kforge-model.json` (the config, the ordered tensor
//! table, the source), all into a fresh folder beside the output folder that
//! replaces it only when complete ([`crate::staging`]): a failed import leaves the
//! previous one as it was.
//!
//! The way back: [`write_gguf_f32`] writes an import as an f32 GGUF for llama.cpp.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use safetensors::{Dtype, View};

use crate::atomic::{write_atomically, write_bytes_atomically, write_json_atomically};
use crate::emit::MODEL_FILE;
use crate::error::{FrontendError, Result};
use crate::gguf::GgufFile;
use crate::hf::HfFolder;
use crate::llama::LlamaWeights;
use crate::staging::Staging;
use crate::stored::{StoredMatrix, StoredWeights, WeightChoice};
use crate::tensor::Tensor;
use crate::tokenizer_export::GgufTokenizer;
use kforge_abi::weight_format::WeightFormat;

pub use kforge_model::manifest::{
    ModelManifest, SourceFormat, SourceInfo, TensorEntry, FORMAT_VERSION, MANIFEST_FILE,
    TOKENIZER_CONFIG_FILE, TOKENIZER_FILE, WEIGHTS_FILE,
};

pub use crate::export_gguf::{
    write_gguf_f32, write_gguf_f32_with_tokenizer, GgufExportSummary, FILE_TYPE_ALL_F32,
};

/// What an import wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportSummary {
    /// The import folder.
    pub out_dir: PathBuf,
    /// The manifest written (config, tensor table, source).
    pub manifest: ModelManifest,
    /// `weights.safetensors`.
    pub weights_path: PathBuf,
    /// Size of `weights.safetensors` in bytes.
    pub weights_bytes: u64,
    /// `tokenizer.json`, when one was written (a Hugging Face folder without one
    /// gives an import without a tokenizer: it runs functions, not prompts).
    pub tokenizer_path: Option<PathBuf>,
    /// `kforge-model.json`.
    pub manifest_path: PathBuf,
    /// `model.mlir`.
    pub model_path: PathBuf,
    /// How the matrices are stored.
    pub formats: kforge_dialect::builder::transformer::WeightFormats,
}

/// Imports a llama GGUF file into `out_dir`: dequantized, renamed, Q/K un-permuted
/// weights, the tokenizer, `model.mlir` and the manifest. `out_dir` is created, or
/// replaced whole when it is empty or holds a previous import; any other folder is
/// refused ([`crate::staging`]).
pub fn import_gguf(path: impl AsRef<Path>, out_dir: impl AsRef<Path>) -> Result<ImportSummary> {
    import_gguf_with(path, out_dir, WeightChoice::Convert(WeightFormat::F32))
}

/// [`import_gguf`] with the weights stored as `choice` says (see [`crate::stored`]).
pub fn import_gguf_with(
    path: impl AsRef<Path>,
    out_dir: impl AsRef<Path>,
    choice: WeightChoice,
) -> Result<ImportSummary> {
    let path = path.as_ref();
    let file = GgufFile::open(path)?;
    let weights = LlamaWeights::from_gguf(&file)?;
    let stored = match choice {
        WeightChoice::AsStored => crate::stored::as_stored(&file, &weights)?,
        WeightChoice::Convert(format) => crate::stored::convert(&weights, format)?,
    };
    let tokenizer = GgufTokenizer::from_gguf(&file)?;
    let tokenizer_files = TokenizerFiles::Generated {
        tokenizer: tokenizer.to_tokenizer_json()?,
        config: tokenizer.to_tokenizer_config_json(weights.config.max_context),
    };
    let source = SourceInfo {
        format: SourceFormat::Gguf,
        path: absolute(path),
        size_bytes: file.file_size(),
        mtime_unix_s: mtime(path),
    };
    write_import(&weights, &stored, tokenizer_files, source, out_dir.as_ref())
}

/// Imports a Hugging Face llama folder into `out_dir` (as [`import_gguf`] does); its
/// `tokenizer.json` and `tokenizer_config.json` are copied when present (without
/// them the import has none: a previous import's are never kept).
pub fn import_hf(dir: impl AsRef<Path>, out_dir: impl AsRef<Path>) -> Result<ImportSummary> {
    import_hf_with(dir, out_dir, WeightFormat::F32)
}

/// [`import_hf`] with every matrix converted to `format` (a Hugging Face
/// folder holds floats: "as stored" is f32).
pub fn import_hf_with(
    dir: impl AsRef<Path>,
    out_dir: impl AsRef<Path>,
    format: WeightFormat,
) -> Result<ImportSummary> {
    let folder = HfFolder::scan(dir)?;
    let weights = folder.load()?;
    let stored = crate::stored::convert(&weights, format)?;
    let mut size_bytes = 0;
    let mut mtime_unix_s = None;
    for file in &folder.safetensors {
        let meta = std::fs::metadata(file).map_err(|e| FrontendError::io(file, "stat", e))?;
        size_bytes += meta.len();
        mtime_unix_s = mtime_unix_s.max(mtime(file));
    }
    let source = SourceInfo {
        format: SourceFormat::HuggingFace,
        path: absolute(&folder.dir),
        size_bytes,
        mtime_unix_s,
    };
    let tokenizer_files = TokenizerFiles::Copied {
        tokenizer: folder.tokenizer.clone(),
        config: folder.tokenizer_config.clone(),
    };
    write_import(&weights, &stored, tokenizer_files, source, out_dir.as_ref())
}

/// The tokenizer part of an import.
enum TokenizerFiles {
    Generated {
        tokenizer: serde_json::Value,
        config: serde_json::Value,
    },
    Copied {
        tokenizer: Option<PathBuf>,
        config: Option<PathBuf>,
    },
}

fn write_import(
    weights: &LlamaWeights,
    stored: &StoredWeights,
    tokenizer: TokenizerFiles,
    source: SourceInfo,
    out_dir: &Path,
) -> Result<ImportSummary> {
    // The graph first: a config the dialect rejects fails before gigabytes are written.
    let model = crate::emit::model_mlir(&weights.config, stored.formats)?;
    let staging = Staging::begin(out_dir)?;
    let dir = staging.path();
    let weights_bytes = write_weights_safetensors(weights, stored, &dir.join(WEIGHTS_FILE))?;
    let (has_tokenizer, has_tokenizer_config) = write_tokenizer(tokenizer, dir)?;
    write_bytes_atomically(&dir.join(MODEL_FILE), model.as_bytes())?;
    let manifest = ModelManifest {
        format_version: FORMAT_VERSION,
        family: "llama".into(),
        config: weights.config.clone(),
        source,
        weights: WEIGHTS_FILE.into(),
        tokenizer: has_tokenizer.then(|| TOKENIZER_FILE.into()),
        tokenizer_config: has_tokenizer_config.then(|| TOKENIZER_CONFIG_FILE.into()),
        tensors: weights
            .tensors
            .iter()
            .map(|t| TensorEntry {
                name: t.name.clone(),
                shape: t.tensor.shape.clone(),
            })
            .collect(),
    };
    write_json_atomically(&dir.join(MANIFEST_FILE), &manifest)?;
    let out_dir = staging.target().to_path_buf();
    staging.commit()?;
    Ok(ImportSummary {
        manifest,
        weights_path: out_dir.join(WEIGHTS_FILE),
        weights_bytes,
        tokenizer_path: has_tokenizer.then(|| out_dir.join(TOKENIZER_FILE)),
        manifest_path: out_dir.join(MANIFEST_FILE),
        model_path: out_dir.join(MODEL_FILE),
        out_dir,
        formats: stored.formats,
    })
}

/// Writes the tokenizer files; returns which of tokenizer.json and
/// tokenizer_config.json were written.
fn write_tokenizer(tokenizer: TokenizerFiles, out_dir: &Path) -> Result<(bool, bool)> {
    let tokenizer_path = out_dir.join(TOKENIZER_FILE);
    let config_path = out_dir.join(TOKENIZER_CONFIG_FILE);
    match tokenizer {
        TokenizerFiles::Generated { tokenizer, config } => {
            write_json_atomically(&tokenizer_path, &tokenizer)?;
            write_json_atomically(&config_path, &config)?;
            Ok((true, true))
        }
        TokenizerFiles::Copied { tokenizer, config } => {
            for (from, to) in [(&tokenizer, &tokenizer_path), (&config, &config_path)] {
                if let Some(from) = from {
                    let bytes =
                        std::fs::read(from).map_err(|e| FrontendError::io(from, "read", e))?;
                    write_bytes_atomically(to, &bytes)?;
                }
            }
            Ok((tokenizer.is_some(), config.is_some()))
        }
    }
}

/// Writes every tensor of `weights` as F32 to a safetensors file at `path`
/// (atomically); returns the file size.
pub fn write_weights_safetensors(
    weights: &LlamaWeights,
    stored: &StoredWeights,
    path: &Path,
) -> Result<u64> {
    let views = weights.tensors.iter().map(|t| {
        let view = match stored.get(&t.name) {
            Some(m) => WeightView::Stored(m, m.stored_shape()),
            None => WeightView::F32(&t.tensor),
        };
        (t.name.as_str(), view)
    });
    let metadata = HashMap::from([
        ("format".to_string(), "pt".to_string()),
        (
            "kforge_format_version".to_string(),
            FORMAT_VERSION.to_string(),
        ),
    ]);
    write_atomically(path, |tmp| {
        safetensors::serialize_to_file(views, Some(metadata), tmp).map_err(|source| {
            FrontendError::Safetensors {
                path: path.to_path_buf(),
                source,
            }
        })
    })?;
    let meta = std::fs::metadata(path).map_err(|e| FrontendError::io(path, "stat", e))?;
    Ok(meta.len())
}

/// A borrowed tensor as a safetensors view: f32 (bytes produced one tensor
/// at a time while the file is written), or a matrix's stored bytes
/// `[n, k/block, block_bytes] × I8`.
enum WeightView<'a> {
    F32(&'a Tensor),
    Stored(&'a StoredMatrix, Vec<usize>),
}

impl View for WeightView<'_> {
    fn dtype(&self) -> Dtype {
        match self {
            Self::F32(_) => Dtype::F32,
            Self::Stored(..) => Dtype::I8,
        }
    }

    fn shape(&self) -> &[usize] {
        match self {
            Self::F32(t) => &t.shape,
            Self::Stored(_, shape) => shape,
        }
    }

    fn data(&self) -> Cow<'_, [u8]> {
        match self {
            Self::F32(t) => Cow::Owned(t.to_le_bytes()),
            Self::Stored(m, _) => Cow::Borrowed(&m.bytes),
        }
    }

    fn data_len(&self) -> usize {
        match self {
            Self::F32(t) => t.len() * 4,
            Self::Stored(m, _) => m.bytes.len(),
        }
    }
}

/// The canonical absolute path, or `path` itself when it cannot be resolved.
fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn mtime(path: &Path) -> Option<u64> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    Some(modified.duration_since(UNIX_EPOCH).ok()?.as_secs())
}
