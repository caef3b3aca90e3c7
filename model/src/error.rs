//! [`ModelError`]: why a model folder cannot be opened. Messages name the file first.

use std::path::PathBuf;

/// A model folder file that is missing, unreadable or malformed.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The file cannot be read.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The file is not the JSON it should be.
    #[error("{}: not a kforge model manifest: {source}", .path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// The parser's error.
        source: serde_json::Error,
    },
    /// The file parses but its contents are not usable.
    #[error("{}: {reason}", .path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The tokenizer cannot be loaded or cannot encode or decode.
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    /// The chat template is missing, invalid or fails to render.
    #[error("{0}")]
    ChatTemplate(String),
}
