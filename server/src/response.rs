//! The OpenAI response bodies: whole answers and stream chunks, for chat and
//! text completions.
use crate::engine::Done;
use serde_json::{json, Value};

/// Which endpoint a response answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// `/v1/chat/completions`.
    Chat,
    /// `/v1/completions`.
    Completion,
}

/// What every body of one response shares.
#[derive(Clone, Debug)]
pub struct Head {
    /// `chatcmpl-…` or `cmpl-…`.
    pub id: String,
    /// Unix seconds.
    pub created: u64,
    /// The model's id.
    pub model: String,
    /// The endpoint.
    pub endpoint: Endpoint,
}

impl Head {
    /// A new response's head; `serial` makes the id unique within the process.
    pub fn new(endpoint: Endpoint, model: &str, serial: u64) -> Self {
        let created = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let prefix = match endpoint {
            Endpoint::Chat => "chatcmpl",
            Endpoint::Completion => "cmpl",
        };
        Self {
            id: format!("{prefix}-kforge-{created:x}-{serial}"),
            created,
            model: model.to_string(),
            endpoint,
        }
    }

    fn object(&self, chunk: bool) -> &'static str {
        match (self.endpoint, chunk) {
            (Endpoint::Chat, false) => "chat.completion",
            (Endpoint::Chat, true) => "chat.completion.chunk",
            (Endpoint::Completion, _) => "text_completion",
        }
    }

    fn body(&self, chunk: bool, choices: Value) -> Value {
        json!({
            "id": self.id,
            "object": self.object(chunk),
            "created": self.created,
            "model": self.model,
            "system_fingerprint": null,
            "choices": choices,
        })
    }

    /// The whole answer of a request that did not stream.
    pub fn answer(&self, text: &str, done: &Done) -> Value {
        let choice = match self.endpoint {
            Endpoint::Chat => json!({
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "logprobs": null,
                "finish_reason": done.finish.name(),
            }),
            Endpoint::Completion => json!({
                "index": 0,
                "text": text,
                "logprobs": null,
                "finish_reason": done.finish.name(),
            }),
        };
        let mut body = self.body(false, json!([choice]));
        body["usage"] = usage(done);
        body
    }

    /// A stream's first chunk (chat: the assistant's role), if the endpoint has one.
    pub fn opening(&self) -> Option<Value> {
        (self.endpoint == Endpoint::Chat).then(|| {
            self.body(
                true,
                json!([{"index": 0, "delta": {"role": "assistant", "content": ""}, "logprobs": null, "finish_reason": null}]),
            )
        })
    }

    /// A chunk with the next piece of text.
    pub fn piece(&self, text: &str) -> Value {
        let choice = match self.endpoint {
            Endpoint::Chat => {
                json!({"index": 0, "delta": {"content": text}, "logprobs": null, "finish_reason": null})
            }
            Endpoint::Completion => {
                json!({"index": 0, "text": text, "logprobs": null, "finish_reason": null})
            }
        };
        self.body(true, json!([choice]))
    }

    /// The chunk that ends a stream's choice.
    pub fn finish(&self, done: &Done) -> Value {
        let choice = match self.endpoint {
            Endpoint::Chat => {
                json!({"index": 0, "delta": {}, "logprobs": null, "finish_reason": done.finish.name()})
            }
            Endpoint::Completion => {
                json!({"index": 0, "text": "", "logprobs": null, "finish_reason": done.finish.name()})
            }
        };
        self.body(true, json!([choice]))
    }

    /// The usage chunk (`stream_options.include_usage`): no choices.
    pub fn usage_chunk(&self, done: &Done) -> Value {
        let mut body = self.body(true, json!([]));
        body["usage"] = usage(done);
        body
    }
}

fn usage(done: &Done) -> Value {
    json!({
        "prompt_tokens": done.prompt_tokens,
        "completion_tokens": done.completion_tokens,
        "total_tokens": done.prompt_tokens + done.completion_tokens,
    })
}
