//! `--compare-with URL`: send the prompt of decoder mode to an OpenAI-compatible
//! chat-completions endpoint as well, and print its answer and speed beside
//! kforge's own.
//!
//! Order of a run:
//! 1. before the model is loaded (so that a mistake costs no compile): the API
//!    key (`KFORGE_API_KEY`), the URL's syntax and a `GET {URL}/models` that stops
//!    the run on a transport failure (refused, unknown host, TLS, time-out) or on
//!    HTTP 401/403; any other answer, 404 included, lets the run go on;
//! 2. local generation, printed as without `--compare-with`;
//! 3. one `POST {URL}/chat/completions`, not streamed:
//!    `{model, messages: [{role: user, content: PROMPT}], max_tokens, temperature}`
//!    with `Authorization: Bearer $KFORGE_API_KEY`, timed from sending the
//!    request to the last byte of the answer (connection set-up included).
//!
//! The remote server applies its own chat template to the prompt; kforge does so
//! only with `--chat`. A remote failure is reported after the local result
//! (in `--json` as `"remote": {"error": …}`) and makes the run exit 1.
use crate::Cli;
use kforge_runtime::generate::Generation;
use serde_json::{json, Value};
use std::io::Write;
use std::time::{Duration, Instant};
use ureq::http::{StatusCode, Uri};

/// Environment variable holding the bearer token of the remote endpoint.
pub const API_KEY_VARIABLE: &str = "KFORGE_API_KEY";

/// Model asked of the remote endpoint when `--compare-model` is not given: the
/// one this repository compiles, under its Hugging Face name.
pub const DEFAULT_REMOTE_MODEL: &str = "HuggingFaceTB/SmolLM2-135M-Instruct";

/// Characters of a server's answer quoted in an error.
const EXCERPT_CHARS: usize = 200;

/// Why the remote side of `--compare-with` failed.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    /// No API key in the environment.
    #[error("--compare-with needs an API key: set the environment variable {API_KEY_VARIABLE}")]
    MissingApiKey,
    /// The URL is not an absolute http(s) URL.
    #[error("--compare-with: '{url}' is not an http(s) URL ({reason})")]
    BadUrl {
        /// As given.
        url: String,
        /// What is wrong.
        reason: String,
    },
    /// `--prompt-ids` has no text to send.
    #[error("--compare-with needs a text prompt (--prompt), not --prompt-ids")]
    NoTextPrompt,
    /// `--compare-timeout` is not a positive number of seconds.
    #[error("--compare-timeout must be a positive number of seconds (got {0})")]
    BadTimeout(f64),
    /// No connection (refused, unknown host, TLS failure, …).
    #[error("cannot reach {url}: {reason}")]
    Unreachable {
        /// Request URL.
        url: String,
        /// Transport error.
        reason: String,
    },
    /// No complete answer within `--compare-timeout`.
    #[error("{url} did not answer within {seconds} s (raise --compare-timeout)")]
    Timeout {
        /// Request URL.
        url: String,
        /// The limit.
        seconds: f64,
    },
    /// An HTTP error status.
    #[error("{url} answered HTTP {status}: {message}")]
    Status {
        /// Request URL.
        url: String,
        /// Code and reason, e.g. `401 Unauthorized`.
        status: String,
        /// The server's error message, or an excerpt of its answer.
        message: String,
    },
    /// A 2xx answer that is not a chat completion.
    #[error("{url} sent a malformed chat completion: {problem} (answer: {excerpt})")]
    Malformed {
        /// Request URL.
        url: String,
        /// What is missing or wrong.
        problem: String,
        /// The start of the answer.
        excerpt: String,
    },
}

/// A validated remote endpoint.
#[derive(Debug)]
pub struct RemoteEndpoint {
    /// Base URL without a trailing `/` (`…/v1`).
    base: String,
    /// Model name sent in the request.
    model: String,
    api_key: String,
    timeout: Duration,
}

/// The remote answer, with timings.
#[derive(Debug, serde::Serialize)]
pub struct RemoteGeneration {
    /// Request URL.
    pub url: String,
    /// Model as named by the answer (else as requested).
    pub model: String,
    /// Generated text.
    pub text: String,
    /// `choices[0].finish_reason`, if given.
    pub finish_reason: Option<String>,
    /// `usage.prompt_tokens`, if given.
    pub prompt_tokens: Option<u64>,
    /// `usage.completion_tokens`.
    pub completion_tokens: u64,
    /// Seconds from sending the request to the end of the answer.
    pub wall_seconds: f64,
    /// `completion_tokens / wall_seconds`.
    pub tokens_per_second: f64,
}

impl RemoteEndpoint {
    /// The endpoint of `--compare-with`, checked without network (None: no flag).
    pub fn from_cli(cli: &Cli) -> Result<Option<Self>, CompareError> {
        let Some(url) = cli.compare_with.as_deref() else {
            return Ok(None);
        };
        if cli.prompt.is_none() {
            return Err(CompareError::NoTextPrompt);
        }
        if !(cli.compare_timeout.is_finite() && cli.compare_timeout > 0.0) {
            return Err(CompareError::BadTimeout(cli.compare_timeout));
        }
        let api_key = std::env::var(API_KEY_VARIABLE)
            .ok()
            .filter(|key| !key.trim().is_empty())
            .ok_or(CompareError::MissingApiKey)?;
        Ok(Some(Self {
            base: parse_base_url(url)?,
            model: cli
                .compare_model
                .clone()
                .unwrap_or_else(|| DEFAULT_REMOTE_MODEL.to_string()),
            api_key: api_key.trim().to_string(),
            timeout: Duration::from_secs_f64(cli.compare_timeout),
        }))
    }

    /// `GET {URL}/models`: fails on a transport error or HTTP 401/403 only.
    pub fn check_reachable(&self) -> Result<(), CompareError> {
        let url = format!("{}/models", self.base);
        let mut answer = self
            .agent()
            .get(&url)
            .header("Authorization", &format!("Bearer {}", self.api_key))
            .call()
            .map_err(|e| self.transport_error(&url, e))?;
        let status = answer.status();
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            let body = answer.body_mut().read_to_string().unwrap_or_default();
            return Err(status_error(&url, status, &body));
        }
        Ok(())
    }

    /// One chat completion of `prompt`, timed.
    pub fn complete(
        &self,
        prompt: &str,
        max_tokens: usize,
        temperature: f32,
    ) -> Result<RemoteGeneration, CompareError> {
        let url = format!("{}/chat/completions", self.base);
        let request = json!({
            "model": self.model,
            "messages": [{"role": "user", "content": prompt}],
            "max_tokens": max_tokens,
            // As typed (0.7, not f32's 0.699999988).
            "temperature": temperature.to_string().parse::<f64>().unwrap_or(0.0),
        });
        let start = Instant::now();
        let mut answer = self
            .agent()
            .post(&url)
            .header("Authorization", &format!("Bearer {}", self.api_key))
            .content_type("application/json")
            .send(request.to_string())
            .map_err(|e| self.transport_error(&url, e))?;
        let status = answer.status();
        let body = answer
            .body_mut()
            .read_to_string()
            .map_err(|e| self.transport_error(&url, e))?;
        let wall_seconds = start.elapsed().as_secs_f64();
        if !status.is_success() {
            return Err(status_error(&url, status, &body));
        }
        let mut generation = parse_completion(&url, &body, wall_seconds)?;
        if generation.model.is_empty() {
            generation.model = self.model.clone();
        }
        Ok(generation)
    }

    fn agent(&self) -> ureq::Agent {
        ureq::Agent::config_builder()
            .timeout_global(Some(self.timeout))
            .http_status_as_error(false)
            .user_agent(concat!("kforge-run/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent()
    }

    fn transport_error(&self, url: &str, error: ureq::Error) -> CompareError {
        let reason = match error {
            ureq::Error::Timeout(_) => {
                return CompareError::Timeout {
                    url: url.to_string(),
                    seconds: self.timeout.as_secs_f64(),
                }
            }
            ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                "connection refused".to_string()
            }
            ureq::Error::Io(e) => e.to_string(),
            ureq::Error::HostNotFound => "host not found".to_string(),
            other => other.to_string(),
        };
        CompareError::Unreachable {
            url: url.to_string(),
            reason,
        }
    }
}

/// `https://host/v1/` → `https://host/v1` (also accepts the full
/// `…/chat/completions` URL).
fn parse_base_url(url: &str) -> Result<String, CompareError> {
    let bad = |reason: &str| CompareError::BadUrl {
        url: url.to_string(),
        reason: reason.to_string(),
    };
    let uri: Uri = url
        .parse()
        .map_err(|e: ureq::http::uri::InvalidUri| bad(&e.to_string()))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        Some(other) => return Err(bad(&format!("scheme '{other}'"))),
        None => return Err(bad("no scheme: start it with https://")),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(bad("no host"));
    }
    if uri.query().is_some() {
        return Err(bad("a query string is not supported"));
    }
    let base = url.trim_end_matches('/');
    Ok(base
        .strip_suffix("/chat/completions")
        .unwrap_or(base)
        .to_string())
}

/// The error of a non-2xx answer, with the server's message when it sent one.
fn status_error(url: &str, status: StatusCode, body: &str) -> CompareError {
    let message = server_message(body).unwrap_or_else(|| match excerpt(body) {
        text if text.is_empty() => "(empty answer)".to_string(),
        text => text,
    });
    CompareError::Status {
        url: url.to_string(),
        status: format!(
            "{} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or_default()
        )
        .trim_end()
        .to_string(),
        message,
    }
}

/// `error.message` (OpenAI), `error` as a string, `message` or `detail`.
fn server_message(body: &str) -> Option<String> {
    let value: Value = serde_json::from_str(body).ok()?;
    let message = [
        value.pointer("/error/message"),
        value.get("error"),
        value.get("message"),
        value.get("detail"),
    ]
    .into_iter()
    .flatten()
    .find_map(|v| v.as_str().map(str::to_string));
    message
}

/// A chat-completion answer → text and token counts.
fn parse_completion(
    url: &str,
    body: &str,
    wall_seconds: f64,
) -> Result<RemoteGeneration, CompareError> {
    let malformed = |problem: String| CompareError::Malformed {
        url: url.to_string(),
        problem,
        excerpt: excerpt(body),
    };
    let value: Value =
        serde_json::from_str(body).map_err(|e| malformed(format!("not JSON ({e})")))?;
    let text = value
        .pointer("/choices/0/message/content")
        .ok_or_else(|| malformed("missing choices[0].message.content".into()))?
        .as_str()
        .ok_or_else(|| malformed("choices[0].message.content is not a string".into()))?
        .to_string();
    let completion_tokens = value
        .pointer("/usage/completion_tokens")
        .ok_or_else(|| malformed("missing usage.completion_tokens".into()))?
        .as_u64()
        .ok_or_else(|| malformed("usage.completion_tokens is not a count".into()))?;
    Ok(RemoteGeneration {
        url: url.to_string(),
        model: value["model"].as_str().unwrap_or_default().to_string(),
        text,
        finish_reason: value
            .pointer("/choices/0/finish_reason")
            .and_then(Value::as_str)
            .map(str::to_string),
        prompt_tokens: value
            .pointer("/usage/prompt_tokens")
            .and_then(Value::as_u64),
        completion_tokens,
        wall_seconds,
        tokens_per_second: completion_tokens as f64 / wall_seconds.max(1e-9),
    })
}

/// The first characters of `body`, on one line.
fn excerpt(body: &str) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(EXCERPT_CHARS) {
        Some((end, _)) => format!("{}…", &flat[..end]),
        None => flat,
    }
}

/// The `"remote"` member of `--json` output: the answer, or `{"error": …}`.
pub fn remote_json(outcome: &Result<RemoteGeneration, CompareError>) -> Value {
    match outcome {
        Ok(remote) => serde_json::to_value(remote).unwrap_or(Value::Null),
        Err(e) => json!({ "error": e.to_string() }),
    }
}

/// Prints the remote text, then both speeds in two columns.
pub fn print_side_by_side(
    out: &mut impl Write,
    local: &Generation,
    remote: &RemoteGeneration,
    chat: bool,
) -> std::io::Result<()> {
    writeln!(out, "\n--- remote: {} at {} ---", remote.model, remote.url)?;
    writeln!(out, "{}", remote.text)?;
    if !chat {
        writeln!(
            out,
            "(note: the remote side applies its chat template; pass --chat to do the same locally)"
        )?;
    }
    let local_wall = local.prefill_seconds + local.decode_seconds;
    let local_rate = local.ids.len() as f64 / local_wall.max(1e-9);
    let rows = [
        (
            "generated tokens",
            local.ids.len().to_string(),
            remote.completion_tokens.to_string(),
        ),
        (
            "wall s",
            format!("{local_wall:.3}"),
            format!("{:.3}", remote.wall_seconds),
        ),
        (
            "tokens/s",
            format!("{local_rate:.1}"),
            format!("{:.1}", remote.tokens_per_second),
        ),
        (
            "prefill tok/s",
            format!("{:.1}", local.prefill_tokens_per_second),
            "-".into(),
        ),
        (
            "decode tok/s",
            format!("{:.1}", local.decode_tokens_per_second),
            "-".into(),
        ),
        (
            "first token ms",
            format!("{:.0}", local.time_to_first_token * 1e3),
            "-".into(),
        ),
    ];
    writeln!(out, "\n{:<18}{:>12}{:>12}", "", "kforge", "remote")?;
    for (name, kforge, remote) in rows {
        writeln!(out, "{name:<18}{kforge:>12}{remote:>12}")?;
    }
    writeln!(
        out,
        "(remote: not streamed, so its wall time covers the whole answer and the network)"
    )?;
    if remote.tokens_per_second > 0.0 {
        writeln!(
            out,
            "kforge/remote tokens/s: {:.2}x",
            local_rate / remote.tokens_per_second
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_is_normalised() {
        assert_eq!(parse_base_url("https://h/v1/").unwrap(), "https://h/v1");
        assert_eq!(
            parse_base_url("http://127.0.0.1:8080/v1/chat/completions").unwrap(),
            "http://127.0.0.1:8080/v1"
        );
        for bad in [
            "api.example.com/v1",
            "ftp://h/v1",
            "https://h/v1?x=1",
            "https://",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn server_messages_are_found_in_common_shapes() {
        let found = |body: &str| server_message(body);
        assert_eq!(
            found(r#"{"error":{"message":"bad key","type":"auth"}}"#).as_deref(),
            Some("bad key")
        );
        assert_eq!(
            found(r#"{"error":"overloaded"}"#).as_deref(),
            Some("overloaded")
        );
        assert_eq!(
            found(r#"{"detail":"Not Found"}"#).as_deref(),
            Some("Not Found")
        );
        assert_eq!(found("<html>"), None);
    }

    #[test]
    fn completions_need_content_and_usage() {
        let ok = r#"{"model":"m","choices":[{"message":{"role":"assistant","content":"Paris"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2}}"#;
        let got = parse_completion("u", ok, 0.5).unwrap();
        assert_eq!((got.text.as_str(), got.completion_tokens), ("Paris", 2));
        assert_eq!(got.tokens_per_second, 4.0);
        let no_usage = r#"{"choices":[{"message":{"content":"Paris"}}]}"#;
        let e = parse_completion("u", no_usage, 0.5)
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing usage.completion_tokens"), "{e}");
        let e = parse_completion("u", "<html>", 0.5)
            .unwrap_err()
            .to_string();
        assert!(e.contains("not JSON"), "{e}");
    }
}
