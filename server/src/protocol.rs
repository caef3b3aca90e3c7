//! The OpenAI request bodies the server accepts, and their checks.
//!
//! Unknown fields are refused (a typo must not be silently ignored); fields
//! of the API that the server does not implement are accepted only at their
//! neutral value (`n: 1`, penalties 0, no logprobs) and refused otherwise,
//! naming the field.
use crate::error::ApiError;
use kforge_runtime::generate::SamplingOptions;
use serde::Deserialize;

/// `POST /v1/chat/completions`.
#[derive(Debug, Deserialize)]
pub struct ChatRequest {
    /// The model's id.
    pub model: String,
    /// The conversation.
    pub messages: Vec<ChatMessage>,
    /// The sampling and streaming fields.
    #[serde(flatten)]
    pub common: Common,
    /// The newer name of `max_tokens`.
    pub max_completion_tokens: Option<u64>,
    /// Only `false`.
    pub logprobs: Option<bool>,
    /// Only 0.
    pub top_logprobs: Option<u64>,
    /// Fields no other member took: refused ([`Unknown::check`]).
    #[serde(flatten)]
    pub unknown: Unknown,
}

/// One chat message.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatMessage {
    /// `system`, `developer` (as system), `user` or `assistant`.
    pub role: String,
    /// Text, or text parts.
    pub content: Content,
    /// The author's name (accepted, not used by the template).
    pub name: Option<String>,
}

/// A message's content.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Content {
    /// Plain text.
    Text(String),
    /// Text parts (`[{"type": "text", "text": …}]`).
    Parts(Vec<ContentPart>),
}

/// One part of a message's content.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentPart {
    /// Only `text`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The text.
    pub text: String,
}

/// `POST /v1/completions`.
#[derive(Debug, Deserialize)]
pub struct CompletionRequest {
    /// The model's id.
    pub model: String,
    /// The prompt: a string, one string in an array, or token ids.
    pub prompt: Prompt,
    /// The sampling and streaming fields.
    #[serde(flatten)]
    pub common: Common,
    /// Only 0 (no logprobs).
    pub logprobs: Option<u64>,
    /// Only `false`.
    pub echo: Option<bool>,
    /// Only absent.
    pub suffix: Option<String>,
    /// Only 1.
    pub best_of: Option<u64>,
    /// Fields no other member took: refused ([`Unknown::check`]).
    #[serde(flatten)]
    pub unknown: Unknown,
}

/// The fields of a request body that no member of its type took. (serde's
/// `deny_unknown_fields` does not work beside `flatten`, which the shared
/// [`Common`] fields need, so the leftovers are collected and refused here.)
#[derive(Debug, Default, Deserialize)]
pub struct Unknown(pub serde_json::Map<String, serde_json::Value>);

impl Unknown {
    /// An error naming the first unknown field, if any.
    pub fn check(&self) -> Result<(), ApiError> {
        match self.0.keys().next() {
            None => Ok(()),
            Some(field) => Err(ApiError::invalid_param(
                field,
                format!("invalid request: unknown field `{field}`"),
            )),
        }
    }
}

/// A completion prompt.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Prompt {
    /// Text.
    Text(String),
    /// Token ids.
    Ids(Vec<u32>),
    /// Texts (exactly one is accepted).
    Texts(Vec<String>),
}

/// Fields both endpoints share.
#[derive(Debug, Deserialize, Default)]
pub struct Common {
    /// New tokens at most (default: what the context leaves).
    pub max_tokens: Option<u64>,
    /// 0 to 2 (default 1); 0 is greedy.
    pub temperature: Option<f64>,
    /// Nucleus sampling mass in (0, 1] (default 1).
    pub top_p: Option<f64>,
    /// Keep the `k` likeliest tokens (an extension, as llama.cpp's and vLLM's servers have).
    pub top_k: Option<u64>,
    /// Seed of the sampler (default: from the clock).
    pub seed: Option<i64>,
    /// Up to 4 stop strings.
    pub stop: Option<Stop>,
    /// Server-sent events.
    pub stream: Option<bool>,
    /// `{"include_usage": true}` adds a usage chunk to a stream.
    pub stream_options: Option<StreamOptions>,
    /// Only 1.
    pub n: Option<u64>,
    /// Accepted, not used.
    pub user: Option<String>,
    /// Only 0.
    pub frequency_penalty: Option<f64>,
    /// Only 0.
    pub presence_penalty: Option<f64>,
    /// Only empty.
    pub logit_bias: Option<serde_json::Map<String, serde_json::Value>>,
}

/// `stop`: one string or several.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Stop {
    /// One.
    One(String),
    /// Several.
    Many(Vec<String>),
}

/// `stream_options`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamOptions {
    /// Send a last chunk with the usage.
    pub include_usage: Option<bool>,
}

/// The checked generation parameters of a request.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// `max_tokens` as given.
    pub max_tokens: Option<u64>,
    /// Token choice.
    pub sampling: SamplingOptions,
    /// Stop strings.
    pub stop: Vec<String>,
    /// Stream the answer.
    pub stream: bool,
    /// Add a usage chunk to the stream.
    pub include_usage: bool,
}

/// Parses a request body: errors name the position (line, column) or the
/// field's path (`messages[0].role`) and what was expected.
pub fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    if body.is_empty() {
        return Err(ApiError::invalid(
            "the request body is empty (expected a JSON object)",
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let what = if inner.is_syntax() || inner.is_eof() {
            format!("invalid JSON: {inner}")
        } else if path == "." {
            format!("invalid request: {inner}")
        } else {
            format!("invalid request: '{path}': {inner}")
        };
        match path.as_str() {
            "." => ApiError::invalid(what),
            _ => ApiError::invalid_param(&path, what),
        }
    })?;
    de.end()
        .map_err(|e| ApiError::invalid(format!("invalid JSON: {e}")))?;
    Ok(value)
}

fn unsupported(field: &str, what: &str) -> ApiError {
    ApiError::invalid_param(
        field,
        format!("'{field}': {what} is not supported by this server"),
    )
}

impl Common {
    /// Checks the fields and turns them into [`Params`].
    pub fn check(&self) -> Result<Params, ApiError> {
        let temperature = self.temperature.unwrap_or(1.0);
        if !(0.0..=2.0).contains(&temperature) {
            return Err(ApiError::invalid_param(
                "temperature",
                format!("'temperature' must be within [0, 2], got {temperature}"),
            ));
        }
        let top_p = self.top_p.unwrap_or(1.0);
        if !(top_p > 0.0 && top_p <= 1.0) {
            return Err(ApiError::invalid_param(
                "top_p",
                format!("'top_p' must be within (0, 1], got {top_p}"),
            ));
        }
        if self.n.is_some_and(|n| n != 1) {
            return Err(unsupported("n", "more than one choice"));
        }
        for (field, value) in [
            ("frequency_penalty", self.frequency_penalty),
            ("presence_penalty", self.presence_penalty),
        ] {
            if value.is_some_and(|v| v != 0.0) {
                return Err(unsupported(field, "a penalty other than 0"));
            }
        }
        if self.logit_bias.as_ref().is_some_and(|b| !b.is_empty()) {
            return Err(unsupported("logit_bias", "a logit bias"));
        }
        if self.max_tokens == Some(0) {
            return Err(ApiError::invalid_param(
                "max_tokens",
                "'max_tokens' must be at least 1, got 0",
            ));
        }
        let stop = match &self.stop {
            None => Vec::new(),
            Some(Stop::One(s)) => vec![s.clone()],
            Some(Stop::Many(v)) => v.clone(),
        };
        if stop.len() > 4 {
            return Err(ApiError::invalid_param(
                "stop",
                format!("'stop' holds at most 4 strings, got {}", stop.len()),
            ));
        }
        let seed = match self.seed {
            Some(s) => s as u64,
            None => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(0),
        };
        Ok(Params {
            max_tokens: self.max_tokens,
            sampling: SamplingOptions {
                temperature: temperature as f32,
                top_k: self.top_k.unwrap_or(0).min(usize::MAX as u64) as usize,
                top_p: top_p as f32,
                seed,
            },
            stop,
            stream: self.stream.unwrap_or(false),
            include_usage: self
                .stream_options
                .as_ref()
                .and_then(|o| o.include_usage)
                .unwrap_or(false),
        })
    }
}

impl ChatRequest {
    /// The checked parameters (`max_completion_tokens` wins over `max_tokens`).
    pub fn params(&self) -> Result<Params, ApiError> {
        self.unknown.check()?;
        if self.logprobs == Some(true) || self.top_logprobs.is_some_and(|n| n > 0) {
            return Err(unsupported("logprobs", "returning log probabilities"));
        }
        if self.max_completion_tokens == Some(0) {
            return Err(ApiError::invalid_param(
                "max_completion_tokens",
                "'max_completion_tokens' must be at least 1, got 0",
            ));
        }
        let mut p = self.common.check()?;
        p.max_tokens = self.max_completion_tokens.or(p.max_tokens);
        Ok(p)
    }

    /// The messages for the chat template.
    pub fn messages(&self) -> Result<Vec<kforge_model::chat::Message>, ApiError> {
        if self.messages.is_empty() {
            return Err(ApiError::invalid_param(
                "messages",
                "'messages' must hold at least one message",
            ));
        }
        self.messages
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let role = match m.role.as_str() {
                    "system" | "developer" => "system",
                    "user" => "user",
                    "assistant" => "assistant",
                    other => {
                        return Err(ApiError::invalid_param(
                            &format!("messages[{i}].role"),
                            format!(
                                "'messages[{i}].role' must be system, developer, user or assistant, got '{other}'"
                            ),
                        ))
                    }
                };
                let content = match &m.content {
                    Content::Text(t) => t.clone(),
                    Content::Parts(parts) => {
                        let mut text = String::new();
                        for (j, part) in parts.iter().enumerate() {
                            if part.kind != "text" {
                                return Err(unsupported(
                                    &format!("messages[{i}].content[{j}].type"),
                                    &format!("content of type '{}'", part.kind),
                                ));
                            }
                            text.push_str(&part.text);
                        }
                        text
                    }
                };
                Ok(kforge_model::chat::Message {
                    role: role.to_string(),
                    content,
                })
            })
            .collect()
    }
}

impl CompletionRequest {
    /// The checked parameters.
    pub fn params(&self) -> Result<Params, ApiError> {
        self.unknown.check()?;
        if self.logprobs.is_some_and(|n| n > 0) {
            return Err(unsupported("logprobs", "returning log probabilities"));
        }
        if self.echo == Some(true) {
            return Err(unsupported("echo", "echoing the prompt"));
        }
        if self.suffix.is_some() {
            return Err(unsupported("suffix", "a suffix"));
        }
        if self.best_of.is_some_and(|n| n != 1) {
            return Err(unsupported("best_of", "more than one candidate"));
        }
        self.common.check()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat(body: &str) -> Result<ChatRequest, ApiError> {
        parse(body.as_bytes())
    }

    #[test]
    fn a_minimal_chat_request_gets_openai_s_defaults() {
        let r = chat(r#"{"model": "m", "messages": [{"role": "user", "content": "Hi"}]}"#).unwrap();
        let p = r.params().unwrap();
        assert_eq!(p.sampling.temperature, 1.0);
        assert_eq!((p.max_tokens, p.stream, p.stop.len()), (None, false, 0));
        assert_eq!(r.messages().unwrap()[0].content, "Hi");
    }

    #[test]
    fn bad_bodies_name_the_position_or_field() {
        let e = chat("{\"model\": \"m\",").unwrap_err();
        assert!(
            e.message.starts_with("invalid JSON: EOF while parsing"),
            "{}",
            e.message
        );
        let e = chat(r#"{"model": "m", "messages": [], "temprature": 1}"#)
            .unwrap()
            .params()
            .unwrap_err();
        assert_eq!(e.message, "invalid request: unknown field `temprature`");
        assert_eq!(e.param.as_deref(), Some("temprature"));
        let e =
            chat(r#"{"model": "m", "messages": [{"role": "user", "content": 5}]}"#).unwrap_err();
        assert_eq!(
            e.param.as_deref(),
            Some("messages[0].content"),
            "{}",
            e.message
        );
        let e = chat(r#"{"model": "m", "messages": [{"role": 1, "content": "x"}]}"#).unwrap_err();
        assert_eq!(
            e.param.as_deref(),
            Some("messages[0].role"),
            "{}",
            e.message
        );
        let e = chat(r#"{"model": "m", "messages": []} trailing"#).unwrap_err();
        assert!(
            e.message.starts_with("invalid JSON: trailing characters"),
            "{}",
            e.message
        );
        assert!(parse::<ChatRequest>(b"")
            .unwrap_err()
            .message
            .contains("empty"));
        let e = parse::<ChatRequest>(b"{\"model\": \"\xff\"}").unwrap_err();
        assert!(e.message.contains("invalid unicode"), "{}", e.message);
    }

    #[test]
    fn unsupported_and_out_of_range_values_are_refused() {
        let check = |extra: &str| {
            chat(&format!(
                r#"{{"model": "m", "messages": [{{"role": "user", "content": "x"}}], {extra}}}"#
            ))
            .and_then(|r| r.params())
            .unwrap_err()
        };
        assert_eq!(check(r#""n": 2"#).param.as_deref(), Some("n"));
        assert_eq!(
            check(r#""temperature": 2.5"#).param.as_deref(),
            Some("temperature")
        );
        assert_eq!(check(r#""top_p": 0"#).param.as_deref(), Some("top_p"));
        assert_eq!(
            check(r#""max_tokens": 0"#).param.as_deref(),
            Some("max_tokens")
        );
        assert_eq!(
            check(r#""stop": ["a","b","c","d","e"]"#).param.as_deref(),
            Some("stop")
        );
        assert_eq!(
            check(r#""presence_penalty": 0.5"#).param.as_deref(),
            Some("presence_penalty")
        );
        assert_eq!(
            check(r#""logprobs": true"#).param.as_deref(),
            Some("logprobs")
        );
        let e = chat(r#"{"model": "m", "messages": [{"role": "tool", "content": "x"}]}"#)
            .unwrap()
            .messages()
            .unwrap_err();
        assert_eq!(e.param.as_deref(), Some("messages[0].role"));
        let e = chat(r#"{"model": "m", "messages": []}"#)
            .unwrap()
            .messages()
            .unwrap_err();
        assert_eq!(e.param.as_deref(), Some("messages"));
    }

    #[test]
    fn completion_prompts_are_text_ids_or_one_text() {
        let r: CompletionRequest = parse(br#"{"model": "m", "prompt": [1, 2, 3]}"#).unwrap();
        assert!(matches!(r.prompt, Prompt::Ids(ref v) if v == &[1, 2, 3]));
        let r: CompletionRequest =
            parse(br#"{"model": "m", "prompt": ["a"], "echo": true}"#).unwrap();
        assert_eq!(r.params().unwrap_err().param.as_deref(), Some("echo"));
        let e = parse::<CompletionRequest>(br#"{"model": "m", "prompt": [-1]}"#).unwrap_err();
        assert!(e.message.contains("prompt"), "{}", e.message);
    }
}
