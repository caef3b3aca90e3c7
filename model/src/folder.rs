//! [`ModelFolder`]: a model folder as `kforge-import` writes it (`model.mlir`, `kforge-model.json`,
//! `weights.safetensors`, `tokenizer.json`, `tokenizer_config.json`), opened once for every caller: the CPU and
//! GPU decoders, `kforge-run` and `kforge-bench` read the config, tokenizer and chat template from here.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::chat::{apply_chat_template, Message};
use crate::config::ModelConfig;
use crate::error::ModelError;
use crate::manifest::{ModelManifest, TOKENIZER_CONFIG_FILE, TOKENIZER_FILE};

/// The parts of `tokenizer_config.json` generation uses.
#[derive(Deserialize, Default, Debug, Clone)]
struct TokenizerConfig {
    chat_template: Option<String>,
    bos_token: Option<String>,
    eos_token: Option<String>,
}

/// An opened model folder: its manifest, tokenizer and chat template; weights stay on disk
/// ([`ModelFolder::weights_path`]) for the backend to map or upload.
pub struct ModelFolder {
    /// The folder.
    pub dir: PathBuf,
    /// The module (`model.mlir`) the folder was opened by.
    pub model_mlir: PathBuf,
    /// `kforge-model.json`.
    pub manifest: ModelManifest,
    /// The tokenizer (`tokenizer.json`).
    pub tokenizer: tokenizers::Tokenizer,
    tokenizer_config: TokenizerConfig,
}

impl ModelFolder {
    /// Opens the folder of `model_mlir` (its siblings are the other files): reads the manifest and the tokenizer;
    /// `tokenizer_config.json` is optional (without it there is no chat template).
    pub fn open(model_mlir: &Path) -> Result<ModelFolder, ModelError> {
        let dir = model_mlir.parent().unwrap_or(Path::new(".")).to_path_buf();
        let manifest = ModelManifest::read(&dir)?;
        let tokenizer_path = dir.join(manifest.tokenizer.as_deref().unwrap_or(TOKENIZER_FILE));
        let tokenizer = tokenizers::Tokenizer::from_file(&tokenizer_path).map_err(|e| {
            ModelError::Malformed {
                path: tokenizer_path.clone(),
                reason: e.to_string(),
            }
        })?;
        let config_file = manifest
            .tokenizer_config
            .as_deref()
            .unwrap_or(TOKENIZER_CONFIG_FILE);
        let tokenizer_config = std::fs::read_to_string(dir.join(config_file))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        Ok(ModelFolder {
            model_mlir: model_mlir.to_path_buf(),
            dir,
            manifest,
            tokenizer,
            tokenizer_config,
        })
    }

    /// The model's hyper-parameters.
    pub fn config(&self) -> &ModelConfig {
        &self.manifest.config
    }

    /// `weights.safetensors` (as the manifest names it).
    pub fn weights_path(&self) -> PathBuf {
        self.dir.join(&self.manifest.weights)
    }

    /// The ids of `text`, without special tokens (no BOS for a raw prompt).
    pub fn encode(&self, text: &str) -> Result<Vec<u32>, ModelError> {
        let encoding = self
            .tokenizer
            .encode(text, false)
            .map_err(|e| ModelError::Tokenizer(e.to_string()))?;
        Ok(encoding.get_ids().to_vec())
    }

    /// The text of `ids`, special tokens skipped.
    pub fn decode(&self, ids: &[u32]) -> Result<String, ModelError> {
        self.tokenizer
            .decode(ids, true)
            .map_err(|e| ModelError::Tokenizer(e.to_string()))
    }

    /// `user` as one user message in the model's chat template, ending with the assistant's turn.
    pub fn chat_prompt(&self, user: &str) -> Result<String, ModelError> {
        self.chat_prompt_messages(&[Message {
            role: "user".into(),
            content: user.to_string(),
        }])
    }

    /// A conversation in the model's chat template, ending with the assistant's turn.
    pub fn chat_prompt_messages(&self, messages: &[Message]) -> Result<String, ModelError> {
        let c = &self.tokenizer_config;
        let template = c.chat_template.as_deref().ok_or_else(|| {
            ModelError::ChatTemplate(
                "the model has no chat template (tokenizer_config.json)".into(),
            )
        })?;
        let bos = c.bos_token.as_deref().unwrap_or_default();
        let eos = c.eos_token.as_deref().unwrap_or_default();
        apply_chat_template(template, messages, bos, eos).map_err(ModelError::ChatTemplate)
    }
}
