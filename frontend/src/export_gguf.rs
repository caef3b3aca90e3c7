//! Writing an import back out as an **f32 GGUF** that llama.cpp loads: the f32
//! reference point of the decoder benchmark (`bench/llamacpp.py`), with exactly the
//! weights kforge runs.
//!
//! The file holds llama architecture metadata made from the import's config, the
//! `general.*` keys and every `tokenizer.*` key (model, pre, tokens, merges,
//! token_type, bos/eos, add_bos, chat template, …) copied from a GGUF, and every
//! tensor as F32 under its GGUF name, Q/K rows permuted back to llama.cpp's
//! interleaved RoPE order; `output.weight` is left out when embeddings are tied. The
//! data is streamed from the import's memory-mapped `weights.safetensors` into a
//! temporary file beside the target, which is checked by parsing it back, synced and
//! renamed over the target.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use memmap2::Mmap;
use safetensors::{Dtype, SafeTensors};

use crate::atomic::write_atomically;
use crate::error::{FrontendError, Result};
use crate::export::{ModelManifest, SourceFormat, MANIFEST_FILE};
use crate::gguf::writer::ggml_dims;
use crate::gguf::{
    encode_header, tensor_offsets, GgmlType, GgufFile, GgufValue, TensorHeader, DEFAULT_ALIGNMENT,
};
use crate::llama::{
    permute_rope_rows, tensor_specs, CheckpointConfig, ModelConfig, RopePermutation, TensorSpec,
};
use crate::tensor::Tensor;

/// `general.file_type` of a file whose tensors are all F32 (llama.cpp's
/// `LLAMA_FTYPE_ALL_F32`).
pub const FILE_TYPE_ALL_F32: u32 = 0;

/// `general.*` keys of the tokenizer GGUF that are not copied: they describe the
/// source file's encoding, not the model.
const GENERAL_KEYS_NOT_COPIED: [&str; 4] = [
    "general.architecture",
    "general.file_type",
    "general.quantization_version",
    "general.alignment",
];

/// What [`write_gguf_f32`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct GgufExportSummary {
    /// The GGUF file written.
    pub out_path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// The tensors written (all F32).
    pub n_tensors: usize,
    /// The metadata pairs written.
    pub n_metadata: usize,
    /// The GGUF whose `tokenizer.*` (and `general.*`) metadata was copied.
    pub tokenizer_source: PathBuf,
}

/// Writes the import in `import_dir` (`kforge-model.json` + `weights.safetensors`)
/// as an f32 GGUF at `out_path` (atomically; parent folders are created), taking the
/// tokenizer metadata from the GGUF the import came from (`source.path` of the
/// manifest, which must still be there with the size recorded at import).
///
/// An import of a Hugging Face folder has no GGUF tokenizer metadata to copy: use
/// [`write_gguf_f32_with_tokenizer`] and name a GGUF of the same vocabulary.
pub fn write_gguf_f32(
    import_dir: impl AsRef<Path>,
    out_path: impl AsRef<Path>,
) -> Result<GgufExportSummary> {
    let import_dir = import_dir.as_ref();
    let manifest = ModelManifest::read(import_dir)?;
    let manifest_path = import_dir.join(MANIFEST_FILE);
    let source = &manifest.source;
    if source.format != SourceFormat::Gguf {
        return Err(FrontendError::Tokenizer {
            path: manifest_path,
            reason: format!(
                "the import came from a Hugging Face folder ({}), which has no GGUF tokenizer metadata to copy; name a GGUF of the same vocabulary as the tokenizer source",
                source.path.display()
            ),
        });
    }
    let size = std::fs::metadata(&source.path)
        .map_err(|e| FrontendError::io(&source.path, "stat (the import's source GGUF)", e))?
        .len();
    if size != source.size_bytes {
        return Err(FrontendError::Malformed {
            path: source.path.clone(),
            reason: format!(
                "the import's source GGUF changed since it was imported (size {size} bytes, expected {}); re-import it",
                source.size_bytes
            ),
        });
    }
    export(import_dir, &manifest, &source.path, out_path.as_ref())
}

/// [`write_gguf_f32`] with the `tokenizer.*` and `general.*` metadata copied from
/// `tokenizer_gguf` (whose token count must equal the import's vocabulary).
pub fn write_gguf_f32_with_tokenizer(
    import_dir: impl AsRef<Path>,
    tokenizer_gguf: impl AsRef<Path>,
    out_path: impl AsRef<Path>,
) -> Result<GgufExportSummary> {
    let import_dir = import_dir.as_ref();
    let manifest = ModelManifest::read(import_dir)?;
    export(
        import_dir,
        &manifest,
        tokenizer_gguf.as_ref(),
        out_path.as_ref(),
    )
}

/// A tensor to write: its GGUF header entry and where its canonical data lies.
struct Planned<'a> {
    header: TensorHeader,
    spec: &'a TensorSpec,
}

fn export(
    import_dir: &Path,
    manifest: &ModelManifest,
    tokenizer_gguf: &Path,
    out_path: &Path,
) -> Result<GgufExportSummary> {
    let config = &manifest.config;
    let manifest_path = import_dir.join(MANIFEST_FILE);
    config.check_at(&manifest_path)?;
    let specs = tensor_specs(config);
    check_manifest_table(&manifest_path, manifest, &specs)?;

    let tokenizer_file = GgufFile::open(tokenizer_gguf)?;
    let metadata = llama_metadata(config, &tokenizer_file)?;
    drop(tokenizer_file);

    let weights_path = import_dir.join(&manifest.weights);
    let map = map_file(&weights_path)?;
    let st = SafeTensors::deserialize(&map).map_err(|source| FrontendError::Safetensors {
        path: weights_path.clone(),
        source,
    })?;
    let planned: Vec<Planned<'_>> = specs
        .iter()
        .map(|spec| Planned {
            header: TensorHeader {
                name: spec.gguf_name.clone(),
                ggml_dims: ggml_dims(&spec.shape),
                dtype: GgmlType::F32,
                byte_len: 4 * spec.shape.iter().product::<usize>() as u64,
            },
            spec,
        })
        .collect();
    // Check every tensor before writing anything.
    for p in &planned {
        canonical_bytes(&st, &weights_path, p.spec)?;
    }

    let headers: Vec<TensorHeader> = planned.iter().map(|p| p.header.clone()).collect();
    let header = encode_header(3, DEFAULT_ALIGNMENT, &metadata, &headers);
    let offsets = tensor_offsets(&headers, DEFAULT_ALIGNMENT);

    if let Some(parent) = out_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| FrontendError::io(parent, "create folder", e))?;
    }
    write_atomically(out_path, |tmp| {
        let file = File::create(tmp).map_err(|e| FrontendError::io(tmp, "create", e))?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        let io = |e| FrontendError::io(tmp, "write", e);
        out.write_all(&header).map_err(io)?;
        let mut written = 0u64;
        for (p, &offset) in planned.iter().zip(&offsets) {
            let padding = offset - written;
            out.write_all(&vec![0u8; padding as usize]).map_err(io)?;
            let bytes = gguf_bytes(&st, &weights_path, p.spec)?;
            debug_assert_eq!(bytes.len() as u64, p.header.byte_len);
            out.write_all(&bytes).map_err(io)?;
            written = offset + bytes.len() as u64;
        }
        out.flush().map_err(io)?;
        drop(out);
        // A pipe or device written in place (see write_atomically) cannot be
        // read back: reopening a pipe waits for a writer that never comes.
        if std::fs::metadata(tmp).is_ok_and(|m| m.is_file()) {
            check_written(tmp, &headers)
        } else {
            Ok(())
        }
    })?;

    let bytes = std::fs::metadata(out_path)
        .map_err(|e| FrontendError::io(out_path, "stat", e))?
        .len();
    Ok(GgufExportSummary {
        out_path: out_path.to_path_buf(),
        bytes,
        n_tensors: headers.len(),
        n_metadata: metadata.len(),
        tokenizer_source: tokenizer_gguf.to_path_buf(),
    })
}

/// The manifest's tensor table must be the one its config implies.
fn check_manifest_table(path: &Path, manifest: &ModelManifest, specs: &[TensorSpec]) -> Result<()> {
    let listed: Vec<(&str, &[usize])> = manifest
        .tensors
        .iter()
        .map(|t| (t.name.as_str(), t.shape.as_slice()))
        .collect();
    let expected: Vec<(&str, &[usize])> = specs
        .iter()
        .map(|s| (s.name.as_str(), s.shape.as_slice()))
        .collect();
    if listed == expected {
        return Ok(());
    }
    let first_difference = listed
        .iter()
        .zip(&expected)
        .position(|(a, b)| a != b)
        .unwrap_or(listed.len().min(expected.len()));
    Err(FrontendError::Malformed {
        path: path.to_path_buf(),
        reason: format!(
            "the tensor table does not match the config ({} tensors, expected {}; first difference at entry {first_difference})",
            listed.len(),
            expected.len()
        ),
    })
}

/// The GGUF metadata: `general.*` (copied, then `architecture` and `file_type`),
/// `llama.*` from `config`, then every `tokenizer.*` key of `tokenizer_file`.
fn llama_metadata(
    config: &ModelConfig,
    tokenizer_file: &GgufFile,
) -> Result<Vec<(String, GgufValue)>> {
    let tokenizer_error = |reason: String| FrontendError::Tokenizer {
        path: tokenizer_file.path().to_path_buf(),
        reason,
    };
    tokenizer_file.require_str("tokenizer.ggml.model")?;
    let n_tokens = tokenizer_file
        .get("tokenizer.ggml.tokens")
        .and_then(GgufValue::as_array)
        .map(|a| a.items.len())
        .ok_or_else(|| tokenizer_error("no tokenizer.ggml.tokens array".into()))?;
    if n_tokens != config.vocab {
        return Err(tokenizer_error(format!(
            "the tokenizer has {n_tokens} tokens (expected the model's vocab {})",
            config.vocab
        )));
    }

    let u32v = |v: usize| GgufValue::U32(v as u32);
    let mut md: Vec<(String, GgufValue)> = vec![(
        "general.architecture".into(),
        GgufValue::String("llama".into()),
    )];
    for (key, value) in tokenizer_file.metadata() {
        if key.starts_with("general.") && !GENERAL_KEYS_NOT_COPIED.contains(&key.as_str()) {
            md.push((key.clone(), value.clone()));
        }
    }
    md.push((
        "general.file_type".into(),
        GgufValue::U32(FILE_TYPE_ALL_F32),
    ));
    md.extend([
        ("llama.vocab_size".into(), u32v(config.vocab)),
        ("llama.context_length".into(), u32v(config.max_context)),
        ("llama.embedding_length".into(), u32v(config.dim)),
        ("llama.block_count".into(), u32v(config.n_layers)),
        ("llama.feed_forward_length".into(), u32v(config.ffn_dim)),
        ("llama.rope.dimension_count".into(), u32v(config.head_dim)),
        ("llama.attention.head_count".into(), u32v(config.n_heads)),
        (
            "llama.attention.head_count_kv".into(),
            u32v(config.n_kv_heads),
        ),
        (
            "llama.attention.layer_norm_rms_epsilon".into(),
            GgufValue::F32(config.rms_eps),
        ),
        (
            "llama.rope.freq_base".into(),
            GgufValue::F32(config.rope_theta),
        ),
    ]);
    if config.head_dim * config.n_heads != config.dim {
        md.push(("llama.attention.key_length".into(), u32v(config.head_dim)));
        md.push(("llama.attention.value_length".into(), u32v(config.head_dim)));
    }
    for (key, value) in tokenizer_file.metadata() {
        if key.starts_with("tokenizer.") {
            md.push((key.clone(), value.clone()));
        }
    }
    Ok(md)
}

/// The import's F32 bytes of `spec` (canonical, Hugging Face row order), checked.
fn canonical_bytes<'a>(
    st: &'a SafeTensors<'_>,
    path: &Path,
    spec: &TensorSpec,
) -> Result<&'a [u8]> {
    let view = st
        .tensor(&spec.name)
        .map_err(|_| FrontendError::MissingTensor {
            path: path.to_path_buf(),
            tensor: spec.name.clone(),
        })?;
    if view.dtype() != Dtype::F32 {
        return Err(FrontendError::UnsupportedDtype {
            path: path.to_path_buf(),
            tensor: spec.name.clone(),
            dtype: format!("{:?}", view.dtype()),
            supported: "F32 (an import holds f32 tensors only)",
        });
    }
    if view.shape() != spec.shape.as_slice() {
        return Err(FrontendError::ShapeMismatch {
            path: path.to_path_buf(),
            tensor: spec.name.clone(),
            expected: spec.shape.clone(),
            actual: view.shape().to_vec(),
        });
    }
    Ok(view.data())
}

/// The bytes to store for `spec`: the canonical bytes, Q/K rows permuted to GGUF order.
fn gguf_bytes<'a>(
    st: &'a SafeTensors<'_>,
    path: &Path,
    spec: &TensorSpec,
) -> Result<std::borrow::Cow<'a, [u8]>> {
    let bytes = canonical_bytes(st, path, spec)?;
    match spec.rope {
        RopePermutation::None => Ok(std::borrow::Cow::Borrowed(bytes)),
        RopePermutation::Heads(n_heads) => {
            let data = bytes
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect();
            let canonical = Tensor::new(spec.shape.clone(), data);
            let permuted = permute_rope_rows(&canonical, n_heads).ok_or_else(|| {
                FrontendError::InvalidConfig {
                    path: path.to_path_buf(),
                    reason: format!(
                        "tensor '{}' with shape {:?} does not split into {n_heads} heads of even width",
                        spec.name, spec.shape
                    ),
                }
            })?;
            Ok(std::borrow::Cow::Owned(permuted.to_le_bytes()))
        }
    }
}

/// Parses the written file back: the header must list the planned tensors and the
/// data must fit the file.
fn check_written(path: &Path, headers: &[TensorHeader]) -> Result<()> {
    let file = GgufFile::open(path)?;
    let listed: Vec<(&str, &[u64], GgmlType)> = file
        .tensors()
        .iter()
        .map(|t| (t.name.as_str(), t.ggml_dims.as_slice(), t.dtype))
        .collect();
    let planned: Vec<(&str, &[u64], GgmlType)> = headers
        .iter()
        .map(|t| (t.name.as_str(), t.ggml_dims.as_slice(), t.dtype))
        .collect();
    if listed != planned {
        return Err(FrontendError::Malformed {
            path: path.to_path_buf(),
            reason: "the written tensor table differs from the planned one".into(),
        });
    }
    Ok(())
}

fn map_file(path: &Path) -> Result<Mmap> {
    let file = File::open(path).map_err(|e| FrontendError::io(path, "open", e))?;
    // SAFETY: read-only private map of an import's weights, which nothing rewrites in
    // place (imports replace files by renaming); if one is, reads may see new bytes.
    unsafe { Mmap::map(&file) }.map_err(|e| FrontendError::io(path, "mmap", e))
}
