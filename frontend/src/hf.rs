//! Reading a Hugging Face llama folder: `config.json`, one or more `*.safetensors`
//! (F32, F16 or BF16 tensors, converted to f32), and an optional `tokenizer.json`.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use half::{bf16, f16};
use memmap2::Mmap;
use safetensors::{Dtype, SafeTensors};

use crate::error::{FrontendError, Result};
use crate::llama::{tensor_specs, CheckpointConfig, LlamaWeights, ModelConfig, NamedTensor};
use crate::tensor::Tensor;

/// The files of a Hugging Face checkpoint folder.
#[derive(Debug, Clone, PartialEq)]
pub struct HfFolder {
    /// The folder.
    pub dir: PathBuf,
    /// `config.json`.
    pub config: PathBuf,
    /// Every `*.safetensors` file, sorted by name.
    pub safetensors: Vec<PathBuf>,
    /// `tokenizer.json`, when present (any entry of that name: one that cannot be
    /// read fails the import rather than being skipped).
    pub tokenizer: Option<PathBuf>,
    /// `tokenizer_config.json`, when present.
    pub tokenizer_config: Option<PathBuf>,
}

impl HfFolder {
    /// Lists the checkpoint files in `dir`; `config.json` and at least one
    /// `*.safetensors` must be there.
    pub fn scan(dir: impl AsRef<Path>) -> Result<Self> {
        let dir = dir.as_ref().to_path_buf();
        let entries =
            std::fs::read_dir(&dir).map_err(|e| FrontendError::io(&dir, "read folder", e))?;
        let mut safetensors = Vec::new();
        for entry in entries {
            let path = entry
                .map_err(|e| FrontendError::io(&dir, "read folder", e))?
                .path();
            if path.extension().is_some_and(|e| e == "safetensors") {
                safetensors.push(path);
            }
        }
        safetensors.sort();
        let config = dir.join("config.json");
        if !config.is_file() {
            return Err(FrontendError::io(
                &config,
                "open",
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "a Hugging Face folder needs config.json",
                ),
            ));
        }
        if safetensors.is_empty() {
            return Err(FrontendError::io(
                &dir,
                "scan",
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no *.safetensors file in the folder",
                ),
            ));
        }
        // Present means any entry of that name (a folder or a dangling link too):
        // reading it then fails with an error, instead of an import without it.
        let existing =
            |name: &str| Some(dir.join(name)).filter(|p| std::fs::symlink_metadata(p).is_ok());
        Ok(Self {
            tokenizer: existing("tokenizer.json"),
            tokenizer_config: existing("tokenizer_config.json"),
            config,
            safetensors,
            dir,
        })
    }

    /// Reads the config and every tensor of [`tensor_specs`] (checked for presence and
    /// shape; tensors not in the table are ignored, and so is `lm_head.weight` when
    /// embeddings are tied).
    pub fn load(&self) -> Result<LlamaWeights> {
        let config = ModelConfig::from_hf_config(&self.config)?;
        let maps = self.map_files()?;
        self.check_size(&config, &maps)?;
        let mut parsed = Vec::with_capacity(maps.len());
        for (path, map) in self.safetensors.iter().zip(&maps) {
            let st =
                SafeTensors::deserialize(map).map_err(|source| FrontendError::Safetensors {
                    path: path.clone(),
                    source,
                })?;
            parsed.push(st);
        }
        let index = self.index_tensors(&parsed)?;
        let specs = tensor_specs(&config);
        let mut tensors = Vec::with_capacity(specs.len());
        for spec in &specs {
            let Some(&file_idx) = index.get(spec.name.as_str()) else {
                return Err(FrontendError::MissingTensor {
                    path: self.dir.clone(),
                    tensor: spec.name.clone(),
                });
            };
            let path = &self.safetensors[file_idx];
            let view = parsed[file_idx].tensor(&spec.name).map_err(|source| {
                FrontendError::Safetensors {
                    path: path.clone(),
                    source,
                }
            })?;
            if view.shape() != spec.shape.as_slice() {
                return Err(FrontendError::ShapeMismatch {
                    path: path.clone(),
                    tensor: spec.name.clone(),
                    expected: spec.shape.clone(),
                    actual: view.shape().to_vec(),
                });
            }
            let data = convert_to_f32(path, &spec.name, view.dtype(), view.data())?;
            tensors.push(NamedTensor {
                name: spec.name.clone(),
                tensor: Tensor::new(spec.shape.clone(), data),
            });
        }
        Ok(LlamaWeights { config, tensors })
    }

    /// The config's parameters fit the files at 2 bytes each (f16/bf16, the
    /// smallest type read), before any tensor is sized by the config.
    fn check_size(&self, config: &ModelConfig, maps: &[Mmap]) -> Result<()> {
        let held: u64 = maps.iter().map(|m| m.len() as u64).sum();
        let needed = config.parameter_count().and_then(|n| n.checked_mul(2));
        if needed.is_none_or(|needed| needed > held) {
            return Err(FrontendError::InvalidConfig {
                path: self.config.clone(),
                reason: format!(
                    "the config describes {} parameters, more than the safetensors files can hold (at least {} bytes at 2 bytes each, the files have {held})",
                    config.parameter_count().map_or("2^64 or more".into(), |n| n.to_string()),
                    needed.map_or("2^64 or more".into(), |n| n.to_string()),
                ),
            });
        }
        Ok(())
    }

    fn map_files(&self) -> Result<Vec<Mmap>> {
        self.safetensors
            .iter()
            .map(|path| {
                let file = File::open(path).map_err(|e| FrontendError::io(path, "open", e))?;
                // SAFETY: read-only private map; checkpoint files are not modified while
                // they are imported (if one is, reads may see the new bytes or fault).
                unsafe { Mmap::map(&file) }.map_err(|e| FrontendError::io(path, "mmap", e))
            })
            .collect()
    }

    /// Which file holds each tensor name; a name in two files is an error.
    fn index_tensors<'a>(&self, parsed: &'a [SafeTensors<'_>]) -> Result<HashMap<&'a str, usize>> {
        let mut index = HashMap::new();
        for (i, st) in parsed.iter().enumerate() {
            for (name, _) in st.iter() {
                if index.insert(name, i).is_some() {
                    return Err(FrontendError::DuplicateTensor {
                        path: self.dir.clone(),
                        tensor: name.to_string(),
                    });
                }
            }
        }
        Ok(index)
    }
}

/// Converts little-endian F32/F16/BF16 bytes to f32.
fn convert_to_f32(path: &Path, name: &str, dtype: Dtype, bytes: &[u8]) -> Result<Vec<f32>> {
    Ok(match dtype {
        Dtype::F32 => bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect(),
        Dtype::F16 => bytes
            .chunks_exact(2)
            .map(|b| f16::from_le_bytes([b[0], b[1]]).to_f32())
            .collect(),
        Dtype::BF16 => bytes
            .chunks_exact(2)
            .map(|b| bf16::from_le_bytes([b[0], b[1]]).to_f32())
            .collect(),
        other => {
            return Err(FrontendError::UnsupportedDtype {
                path: path.to_path_buf(),
                tensor: name.to_string(),
                dtype: format!("{other:?}"),
                supported: "F32, F16, BF16",
            })
        }
    })
}
