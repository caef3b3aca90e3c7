//! `kforge-serve`'s library: an OpenAI-compatible HTTP server over a
//! [`kforge_runtime::generate::BatchDecoder`].
//!
//! - [`engine`]: the thread that owns the decoder and runs continuous
//!   batching (requests join and leave the running batch at token
//!   boundaries; one batched decode step per round).
//! - [`http`]: the axum routes (`/v1/chat/completions`, `/v1/completions`,
//!   `/v1/models`, `/health`), request checks, JSON and server-sent events.
//! - [`protocol`], [`response`], [`error`]: the API's bodies and errors.
//! - [`stop`]: stop strings over streamed text.
pub mod engine;
pub mod error;
pub mod http;
pub mod protocol;
pub mod response;
pub mod stop;

use std::future::Future;
use std::sync::Arc;

/// Serves `state` on `listener` until `shutdown` resolves; then stops taking
/// requests (new ones get 503, queued ones too) and returns once the
/// responses in flight are complete.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<http::AppState>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let engine = state.engine.clone();
    let app = http::router(state);
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            engine.drain();
        })
        .await
}
