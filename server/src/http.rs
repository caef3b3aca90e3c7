//! The HTTP front end (axum): routes, request checks before a request
//! reaches the engine (model, context length, queue), and the answer as one
//! JSON body or as server-sent events.
use crate::engine::{Done, EngineHandle, Event, Job};
use crate::error::ApiError;
use crate::protocol::{self, ChatRequest, CompletionRequest, Params, Prompt};
use crate::response::{Endpoint, Head};
use crate::stop::StopStrings;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::stream::{self, Stream};
use kforge_model::ModelFolder;
use kforge_runtime::generate::check_token_ids;
use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

/// Request bodies larger than this are refused (413).
pub const MAX_BODY_BYTES: usize = 4 << 20;
/// A client must send its whole request body within this time (408).
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// What the handlers share.
pub struct AppState {
    /// The engine.
    pub engine: EngineHandle,
    /// Tokenizer and chat template.
    pub folder: Arc<ModelFolder>,
    /// The model's id in requests and responses.
    pub model_id: String,
    serial: AtomicU64,
}

impl AppState {
    /// The state of a server of `model_id` over `engine`.
    pub fn new(engine: EngineHandle, folder: Arc<ModelFolder>, model_id: String) -> Self {
        Self {
            engine,
            folder,
            model_id,
            serial: AtomicU64::new(0),
        }
    }
}

/// The server's routes.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/v1/chat/completions", post(chat))
        .route("/v1/completions", post(completions))
        .route("/v1/models", get(models))
        .route("/health", get(health))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(refuse_large_bodies))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            BODY_TIMEOUT,
        ))
        .with_state(state)
}

/// A body whose `Content-Length` is past [`MAX_BODY_BYTES`] is refused
/// before it is read (the body limit alone would wait for the bytes first).
async fn refuse_large_bodies(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let length = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match length {
        Some(n) if n > MAX_BODY_BYTES as u64 => ApiError::invalid(format!(
            "the request body has {n} bytes; this server takes at most {MAX_BODY_BYTES}"
        ))
        .with_status(StatusCode::PAYLOAD_TOO_LARGE)
        .into_response(),
        _ => next.run(request).await,
    }
}

async fn not_found() -> ApiError {
    ApiError::invalid("no such route; this server has POST /v1/chat/completions, POST /v1/completions, GET /v1/models and GET /health")
        .with_status(StatusCode::NOT_FOUND)
}

async fn method_not_allowed() -> ApiError {
    ApiError::invalid("this route does not take that method")
        .with_status(StatusCode::METHOD_NOT_ALLOWED)
}

async fn health(State(state): State<Arc<AppState>>) -> Response {
    let stats = &state.engine.stats;
    let body = serde_json::json!({
        "status": if state.engine.draining() { "draining" } else { "ok" },
        "slots": state.engine.slots,
        "running": stats.running.load(Ordering::SeqCst),
        "waiting": stats.waiting.load(Ordering::SeqCst),
        "finished": stats.finished.load(Ordering::SeqCst),
        "generated_tokens": stats.generated.load(Ordering::SeqCst),
        "decode_steps": stats.steps.load(Ordering::SeqCst),
        "decode_step_rows": stats.step_rows.load(Ordering::SeqCst),
        "decode_step_seconds": stats.step_micros.load(Ordering::SeqCst) as f64 * 1e-6,
    });
    let status = if state.engine.draining() || stats.stopped.load(Ordering::SeqCst) {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    };
    (status, Json(body)).into_response()
}

async fn models(State(state): State<Arc<AppState>>) -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "object": "list",
        "data": [{
            "id": state.model_id,
            "object": "model",
            "created": 0,
            "owned_by": "kforge",
            "max_model_len": state.engine.capacity,
        }],
    }))
}

/// The body, or the extractor's refusal (too large, unreadable, too slow) as an API error.
fn body(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|e| ApiError::invalid(e.body_text()).with_status(e.status()))
}

async fn chat(
    State(state): State<Arc<AppState>>,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let request: ChatRequest = protocol::parse(&body(raw)?)?;
    check_model(&state, &request.model)?;
    let params = request.params()?;
    let messages = request.messages()?;
    let text = state
        .folder
        .chat_prompt_messages(&messages)
        .map_err(|e| ApiError::invalid(e.to_string()))?;
    let prompt = encode(&state, &text)?;
    run(&state, Endpoint::Chat, prompt, params).await
}

async fn completions(
    State(state): State<Arc<AppState>>,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let request: CompletionRequest = protocol::parse(&body(raw)?)?;
    check_model(&state, &request.model)?;
    let params = request.params()?;
    let prompt = match &request.prompt {
        Prompt::Text(t) => encode(&state, t)?,
        Prompt::Texts(v) if v.len() == 1 => encode(&state, &v[0])?,
        Prompt::Texts(v) => {
            return Err(ApiError::invalid_param(
                "prompt",
                format!(
                    "'prompt' must be one text (batches of prompts are not supported), got {}",
                    v.len()
                ),
            ))
        }
        Prompt::Ids(ids) => {
            check_token_ids(state.folder.config(), ids)
                .map_err(|e| ApiError::invalid_param("prompt", e.to_string()))?;
            ids.clone()
        }
    };
    run(&state, Endpoint::Completion, prompt, params).await
}

fn check_model(state: &AppState, model: &str) -> Result<(), ApiError> {
    if model == state.model_id {
        return Ok(());
    }
    Err(ApiError::invalid_param(
        "model",
        format!(
            "the model '{model}' does not exist; this server has '{}'",
            state.model_id
        ),
    )
    .with_status(StatusCode::NOT_FOUND)
    .with_code("model_not_found"))
}

fn encode(state: &AppState, text: &str) -> Result<Vec<u32>, ApiError> {
    state
        .folder
        .encode(text)
        .map_err(|e| ApiError::invalid(format!("cannot tokenize the prompt: {e}")))
}

/// Checks the prompt and `max_tokens` against the context, queues the job,
/// and answers.
async fn run(
    state: &AppState,
    endpoint: Endpoint,
    prompt: Vec<u32>,
    params: Params,
) -> Result<Response, ApiError> {
    let capacity = state.engine.capacity;
    if prompt.is_empty() {
        return Err(ApiError::invalid_param(
            "prompt",
            "the prompt has no tokens",
        ));
    }
    let room = capacity.saturating_sub(prompt.len());
    let max_tokens = match params.max_tokens {
        None => room,
        Some(n) => usize::try_from(n).unwrap_or(usize::MAX),
    };
    if prompt.len() >= capacity || max_tokens > room {
        let asked = prompt.len().saturating_add(max_tokens);
        return Err(ApiError::invalid_param(
            "max_tokens",
            format!(
                "this model's maximum context length is {capacity} tokens; the request needs {asked} \
                 ({} in the prompt, {max_tokens} to generate)",
                prompt.len()
            ),
        )
        .with_code("context_length_exceeded"));
    }
    let (events, receiver) = unbounded_channel();
    state.engine.submit(Job {
        prompt,
        max_tokens,
        sampling: params.sampling.clone(),
        stop: StopStrings::new(params.stop.clone()),
        events,
    })?;
    let head = Head::new(
        endpoint,
        &state.model_id,
        state.serial.fetch_add(1, Ordering::Relaxed),
    );
    if params.stream {
        let sse = Sse::new(event_stream(head, receiver, params.include_usage))
            .keep_alive(KeepAlive::default());
        return Ok(sse.into_response());
    }
    let (text, done) = collect(receiver).await?;
    Ok(Json(head.answer(&text, &done)).into_response())
}

/// Waits for a request's whole answer.
async fn collect(mut receiver: UnboundedReceiver<Event>) -> Result<(String, Done), ApiError> {
    let mut text = String::new();
    while let Some(event) = receiver.recv().await {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::Done(done) => return Ok((text, done)),
            Event::Failed(e) => return Err(e),
        }
    }
    Err(ApiError::internal(
        "the engine stopped before the answer was complete",
    ))
}

/// Where a stream is.
enum Phase {
    Opening,
    Events,
    Usage(Done),
    End,
    Closed,
}

/// A request's events as server-sent events: the opening chunk, a chunk per
/// piece of text, the finishing chunk, the usage chunk if asked, `[DONE]`.
/// Dropping the stream (the client left) drops the receiver, which frees the
/// request's slot at the engine's next round.
fn event_stream(
    head: Head,
    receiver: UnboundedReceiver<Event>,
    include_usage: bool,
) -> impl Stream<Item = Result<SseEvent, Infallible>> {
    let data = |v: serde_json::Value| SseEvent::default().data(v.to_string());
    stream::unfold((Phase::Opening, receiver), move |(phase, receiver)| {
        let head = head.clone();
        async move {
            match phase {
                Phase::Opening => match head.opening() {
                    Some(v) => Some((Ok(data(v)), (Phase::Events, receiver))),
                    None => next_event(&head, receiver, include_usage).await,
                },
                Phase::Events => next_event(&head, receiver, include_usage).await,
                Phase::Usage(done) => {
                    Some((Ok(data(head.usage_chunk(&done))), (Phase::End, receiver)))
                }
                Phase::End => Some((
                    Ok(SseEvent::default().data("[DONE]")),
                    (Phase::Closed, receiver),
                )),
                Phase::Closed => None,
            }
        }
    })
}

async fn next_event(
    head: &Head,
    mut receiver: UnboundedReceiver<Event>,
    include_usage: bool,
) -> Option<(
    Result<SseEvent, Infallible>,
    (Phase, UnboundedReceiver<Event>),
)> {
    let data = |v: serde_json::Value| SseEvent::default().data(v.to_string());
    match receiver.recv().await {
        Some(Event::Text(t)) => Some((Ok(data(head.piece(&t))), (Phase::Events, receiver))),
        Some(Event::Done(done)) => {
            let after = if include_usage {
                Phase::Usage(done)
            } else {
                Phase::End
            };
            Some((Ok(data(head.finish(&done))), (after, receiver)))
        }
        Some(Event::Failed(e)) => Some((Ok(data(e.body())), (Phase::End, receiver))),
        None => Some((
            Ok(data(
                ApiError::internal("the engine stopped before the answer was complete").body(),
            )),
            (Phase::End, receiver),
        )),
    }
}
