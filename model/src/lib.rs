//! kforge's model folders, without MLIR and without a backend: what the importer writes and every runtime reads.
//!
//! - [`config`]: [`ModelConfig`], the hyper-parameters of a llama-family decoder, with their limits and checks.
//! - [`manifest`]: the schema of `kforge-model.json` ([`ModelManifest`]) and the names of a folder's files.
//! - [`folder`]: [`ModelFolder`], an opened folder: manifest, tokenizer, chat template, where the weights are.
//! - [`chat`]: chat templates (Jinja) rendered with minijinja.
//!
//! Why a crate of its own: the importer (`kforge-frontend`) writes the manifest and the runtimes (`kforge-runtime`
//! on the CPU, `kforge-gpu`'s decoder through it) read it, and the importer may not depend on a runtime. One
//! struct in a crate both can use means the manifest has one schema; keeping MLIR and backends out keeps it small
//! enough for any tool (`kforge-bench`) to open a model folder the same way `kforge-run` does.

pub mod chat;
pub mod config;
pub mod error;
pub mod folder;
pub mod manifest;
pub mod text_stream;

pub use config::{InvalidConfig, ModelConfig};
pub use error::ModelError;
pub use folder::ModelFolder;
pub use manifest::ModelManifest;
pub use text_stream::TextStream;
