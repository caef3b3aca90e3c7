//! Turning a GGUF's GPT-2 (byte-level BPE) tokenizer metadata into a Hugging Face
//! `tokenizer.json` (and a `tokenizer_config.json` carrying the chat template).
//!
//! Read: `tokenizer.ggml.model` (must be `gpt2`), `.pre` (the pre-tokenizer family),
//! `.tokens`, `.merges`, `.token_type`, `.bos_token_id`, `.eos_token_id`,
//! `.add_bos_token`, and `tokenizer.chat_template`. Tokens of type 3 (control) become
//! special added tokens, type 4 (user-defined) plain added tokens.

use std::path::PathBuf;

use serde_json::{json, Map, Value};

use crate::error::{FrontendError, Result};
use crate::gguf::{GgufArray, GgufFile, GgufValueType};

/// GGUF `token_type` of a control token (`<|im_end|>` and the like).
pub const TOKEN_TYPE_CONTROL: i64 = 3;
/// GGUF `token_type` of a user-defined token.
pub const TOKEN_TYPE_USER_DEFINED: i64 = 4;

/// Pre-tokenizer families (`tokenizer.ggml.pre`) whose llama.cpp regexes split digits
/// one by one before the GPT-2 byte-level regex.
const DIGIT_SPLITTING_PRE: [&str; 4] = ["smollm", "starcoder", "refact", "codeshell"];
/// Pre-tokenizer families that use the GPT-2 byte-level regex alone.
const PLAIN_PRE: [&str; 2] = ["gpt2", "default"];

/// The tokenizer metadata of a GGUF file, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct GgufTokenizer {
    /// The GGUF file read (for error messages).
    pub path: PathBuf,
    /// The pre-tokenizer family (`tokenizer.ggml.pre`; `default` when absent).
    pub pre: String,
    /// Token strings, indexed by id (byte-level: `Ġ` stands for a space).
    pub tokens: Vec<String>,
    /// BPE merges, highest priority first, each `"left right"`.
    pub merges: Vec<String>,
    /// GGUF token types, indexed by id (1 normal, 3 control, 4 user-defined, …).
    pub token_types: Vec<i64>,
    /// Beginning-of-sequence id.
    pub bos_id: Option<u32>,
    /// End-of-sequence id.
    pub eos_id: Option<u32>,
    /// Whether a BOS token is prepended to every input.
    pub add_bos: bool,
    /// The Jinja chat template, when the file has one.
    pub chat_template: Option<String>,
}

impl GgufTokenizer {
    /// Reads and checks the tokenizer metadata of `file`.
    pub fn from_gguf(file: &GgufFile) -> Result<Self> {
        let fail = |reason: String| FrontendError::Tokenizer {
            path: file.path().to_path_buf(),
            reason,
        };
        let model = file.require_str("tokenizer.ggml.model")?;
        if model != "gpt2" {
            return Err(fail(format!(
                "tokenizer.ggml.model \"{model}\" is not supported (expected \"gpt2\", byte-level BPE)"
            )));
        }
        let pre = match file.get("tokenizer.ggml.pre") {
            Some(_) => file.require_str("tokenizer.ggml.pre")?.to_string(),
            None => "default".to_string(),
        };
        if !DIGIT_SPLITTING_PRE.contains(&pre.as_str()) && !PLAIN_PRE.contains(&pre.as_str()) {
            return Err(fail(format!(
                "pre-tokenizer \"{pre}\" is not supported (supported: {}, {})",
                DIGIT_SPLITTING_PRE.join(", "),
                PLAIN_PRE.join(", ")
            )));
        }
        let tokens = string_array(file, "tokenizer.ggml.tokens")?;
        let merges = string_array(file, "tokenizer.ggml.merges")?;
        let token_types = match file.get("tokenizer.ggml.token_type") {
            Some(_) => int_array(file, "tokenizer.ggml.token_type")?,
            None => vec![1; tokens.len()],
        };
        if token_types.len() != tokens.len() {
            return Err(fail(format!(
                "tokenizer.ggml.token_type has {} entries (expected one per token, {})",
                token_types.len(),
                tokens.len()
            )));
        }
        if let Some(bad) = merges.iter().position(|m| m.split(' ').count() != 2) {
            return Err(fail(format!(
                "merge #{bad} \"{}\" is not two tokens separated by one space",
                merges[bad]
            )));
        }
        let token_id = |key: &str| -> Result<Option<u32>> {
            let Some(value) = file.get(key) else {
                return Ok(None);
            };
            match value.as_u64().and_then(|v| u32::try_from(v).ok()) {
                Some(id) if (id as usize) < tokens.len() => Ok(Some(id)),
                _ => {
                    Err(file.type_error(key, &format!("a token id below {}", tokens.len()), value))
                }
            }
        };
        Ok(Self {
            path: file.path().to_path_buf(),
            bos_id: token_id("tokenizer.ggml.bos_token_id")?,
            eos_id: token_id("tokenizer.ggml.eos_token_id")?,
            add_bos: file
                .get("tokenizer.ggml.add_bos_token")
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            chat_template: file
                .get("tokenizer.chat_template")
                .and_then(|v| v.as_str())
                .map(str::to_string),
            pre,
            tokens,
            merges,
            token_types,
        })
    }

    /// The Hugging Face `tokenizer.json`: a BPE model over the vocab and merges, the
    /// byte-level pre-tokenizer (preceded by per-digit splitting for the SmolLM /
    /// StarCoder family), a byte-level decoder, and the control tokens as special
    /// added tokens. Fails on a token string that appears twice.
    pub fn to_tokenizer_json(&self) -> Result<Value> {
        let mut vocab = Map::new();
        for (id, token) in self.tokens.iter().enumerate() {
            if vocab.insert(token.clone(), json!(id)).is_some() {
                return Err(FrontendError::Tokenizer {
                    path: self.path.clone(),
                    reason: format!("token \"{token}\" appears twice (second time as id {id})"),
                });
            }
        }
        Ok(json!({
            "version": "1.0",
            "truncation": null,
            "padding": null,
            "added_tokens": self.added_tokens(),
            "normalizer": null,
            "pre_tokenizer": self.pre_tokenizer(),
            "post_processor": self.post_processor(),
            "decoder": byte_level(),
            "model": {
                "type": "BPE",
                "dropout": null,
                "unk_token": null,
                "continuing_subword_prefix": null,
                "end_of_word_suffix": null,
                "fuse_unk": false,
                "byte_fallback": false,
                "ignore_merges": false,
                "vocab": vocab,
                "merges": self.merges,
            }
        }))
    }

    /// A Hugging Face `tokenizer_config.json`: special tokens, `add_bos_token`, the
    /// chat template, and `model_max_length`.
    pub fn to_tokenizer_config_json(&self, model_max_length: usize) -> Value {
        let token = |id: Option<u32>| id.map(|id| self.tokens[id as usize].clone());
        json!({
            "tokenizer_class": "GPT2Tokenizer",
            "add_bos_token": self.add_bos,
            "add_prefix_space": false,
            "clean_up_tokenization_spaces": false,
            "bos_token": token(self.bos_id),
            "eos_token": token(self.eos_id),
            "model_max_length": model_max_length,
            "chat_template": self.chat_template,
        })
    }

    fn added_tokens(&self) -> Vec<Value> {
        let added = self
            .token_types
            .iter()
            .enumerate()
            .filter(|(_, &t)| t == TOKEN_TYPE_CONTROL || t == TOKEN_TYPE_USER_DEFINED);
        added
            .map(|(id, &t)| {
                json!({
                    "id": id,
                    "content": self.tokens[id],
                    "single_word": false,
                    "lstrip": false,
                    "rstrip": false,
                    "normalized": false,
                    "special": t == TOKEN_TYPE_CONTROL,
                })
            })
            .collect()
    }

    fn pre_tokenizer(&self) -> Value {
        if DIGIT_SPLITTING_PRE.contains(&self.pre.as_str()) {
            json!({
                "type": "Sequence",
                "pretokenizers": [
                    { "type": "Digits", "individual_digits": true },
                    byte_level(),
                ]
            })
        } else {
            byte_level()
        }
    }

    /// Byte-level offsets handling, plus a BOS prefix when the model wants one.
    fn post_processor(&self) -> Value {
        match (self.add_bos, self.bos_id) {
            (true, Some(bos)) => {
                let bos_token = &self.tokens[bos as usize];
                json!({
                    "type": "TemplateProcessing",
                    "single": [
                        { "SpecialToken": { "id": bos_token, "type_id": 0 } },
                        { "Sequence": { "id": "A", "type_id": 0 } }
                    ],
                    "pair": [
                        { "SpecialToken": { "id": bos_token, "type_id": 0 } },
                        { "Sequence": { "id": "A", "type_id": 0 } },
                        { "SpecialToken": { "id": bos_token, "type_id": 1 } },
                        { "Sequence": { "id": "B", "type_id": 1 } }
                    ],
                    "special_tokens": {
                        bos_token.clone(): { "id": bos_token, "ids": [bos], "tokens": [bos_token] }
                    }
                })
            }
            _ => json!({
                "type": "ByteLevel",
                "add_prefix_space": true,
                "trim_offsets": false,
                "use_regex": true
            }),
        }
    }
}

/// The `ByteLevel` component (used as pre-tokenizer and as decoder), with the GPT-2
/// regex and no added prefix space.
fn byte_level() -> Value {
    json!({
        "type": "ByteLevel",
        "add_prefix_space": false,
        "trim_offsets": true,
        "use_regex": true
    })
}

fn array<'a>(file: &'a GgufFile, key: &str, elem: GgufValueType) -> Result<&'a GgufArray> {
    let value = file.require(key)?;
    match value.as_array() {
        Some(a) if a.elem_type == elem || a.items.is_empty() => Ok(a),
        _ => Err(file.type_error(key, &format!("an array of {elem}"), value)),
    }
}

fn string_array(file: &GgufFile, key: &str) -> Result<Vec<String>> {
    let a = array(file, key, GgufValueType::String)?;
    Ok(a.items
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect())
}

fn int_array(file: &GgufFile, key: &str) -> Result<Vec<i64>> {
    let value = file.require(key)?;
    let items = value.as_array().map(|a| &a.items[..]).unwrap_or(&[]);
    let ints: Option<Vec<i64>> = items.iter().map(|v| v.as_i64()).collect();
    match ints {
        Some(ints) if value.as_array().is_some() => Ok(ints),
        _ => Err(file.type_error(key, "an array of integers", value)),
    }
}
