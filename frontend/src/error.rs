//! The one error type of the frontend: every bad input becomes a [`FrontendError`]
//! that names the file (and the tensor or key) and gives expected vs actual.

use std::path::PathBuf;

/// Everything that can go wrong while reading a checkpoint or writing an import.
///
/// Messages are lowercase, name the file first, and put expected vs actual values in
/// parentheses, as MLIR diagnostics do.
#[derive(Debug, thiserror::Error)]
pub enum FrontendError {
    /// Building the decoder's kforge IR failed.
    #[error("cannot build the decoder graph: {0}")]
    Graph(String),
    /// An operating-system error while opening, reading, writing or renaming a file.
    #[error("{}: {op}: {source}", .path.display())]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// What was being done ("open", "write", "rename", …).
        op: &'static str,
        /// The underlying error.
        source: std::io::Error,
    },

    /// The file ends before a structure it declares.
    #[error(
        "{}: truncated file: reading {what} needs bytes {offset}..{end} (the file has {len} bytes)",
        .path.display()
    )]
    Truncated {
        /// The file.
        path: PathBuf,
        /// What was being read ("header", "metadata key #3", …).
        what: String,
        /// Where the read starts.
        offset: u64,
        /// Where the read would end (exclusive).
        end: u64,
        /// The file's length.
        len: u64,
    },

    /// The file does not start with the GGUF magic.
    #[error("{}: not a GGUF file: expected magic \"GGUF\" (47 47 55 46), found ({found:02x?})", .path.display())]
    BadMagic {
        /// The file.
        path: PathBuf,
        /// The first four bytes found.
        found: [u8; 4],
    },

    /// A GGUF version other than 2 or 3.
    #[error("{}: unsupported GGUF version (expected 2 or 3, found {version})", .path.display())]
    UnsupportedVersion {
        /// The file.
        path: PathBuf,
        /// The version read.
        version: u32,
    },

    /// A structurally invalid file: a bad value type, invalid UTF-8, a duplicate key,
    /// a bad alignment, a count that cannot fit the file, and the like.
    #[error("{}: malformed file: {reason}", .path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong, with expected vs actual.
        reason: String,
    },

    /// A tensor's data lies (partly) outside the file's data section.
    #[error(
        "{}: tensor '{tensor}' data out of bounds: needs bytes {start}..{end} of the data section (which has {available} bytes)",
        .path.display()
    )]
    TensorOutOfBounds {
        /// The file.
        path: PathBuf,
        /// The tensor's name.
        tensor: String,
        /// Start offset inside the data section.
        start: u64,
        /// End offset (exclusive) inside the data section.
        end: u64,
        /// Size of the data section.
        available: u64,
    },

    /// A tensor type id that this reader does not know at all.
    #[error("{}: tensor '{tensor}' has unknown ggml type id {type_id}", .path.display())]
    UnknownDtype {
        /// The file.
        path: PathBuf,
        /// The tensor's name.
        tensor: String,
        /// The raw type id.
        type_id: u32,
    },

    /// A known tensor type that cannot be converted to f32 here.
    #[error(
        "{}: tensor '{tensor}' has type {dtype}, which is not supported (supported: {supported})",
        .path.display()
    )]
    UnsupportedDtype {
        /// The file.
        path: PathBuf,
        /// The tensor's name.
        tensor: String,
        /// The type's name (e.g. "Q4_K", "I64").
        dtype: String,
        /// The supported types, comma-separated.
        supported: &'static str,
    },

    /// A required metadata key is absent.
    #[error("{}: missing metadata key '{key}'", .path.display())]
    MissingMetadata {
        /// The file.
        path: PathBuf,
        /// The key.
        key: String,
    },

    /// A metadata value has the wrong type or an out-of-range value.
    #[error("{}: metadata key '{key}': expected {expected}, found {found}", .path.display())]
    MetadataType {
        /// The file.
        path: PathBuf,
        /// The key.
        key: String,
        /// What was expected.
        expected: String,
        /// What was found.
        found: String,
    },

    /// The checkpoint is not of the llama family.
    #[error("{}: unsupported architecture (expected \"llama\", found \"{found}\")", .path.display())]
    WrongArchitecture {
        /// The file.
        path: PathBuf,
        /// The architecture named by the file.
        found: String,
    },

    /// A hyper-parameter combination that cannot describe a valid model.
    #[error("{}: invalid model config: {reason}", .path.display())]
    InvalidConfig {
        /// The file the config came from.
        path: PathBuf,
        /// What is wrong, with expected vs actual.
        reason: String,
    },

    /// A tensor the model needs is absent.
    #[error("{}: missing tensor '{tensor}'", .path.display())]
    MissingTensor {
        /// The file (or folder) searched.
        path: PathBuf,
        /// The tensor's name as it is spelled in that file.
        tensor: String,
    },

    /// A tensor has a shape other than the config implies.
    #[error("{}: tensor '{tensor}' has shape {actual:?} (expected {expected:?})", .path.display())]
    ShapeMismatch {
        /// The file.
        path: PathBuf,
        /// The tensor's name.
        tensor: String,
        /// The shape the config implies (row-major).
        expected: Vec<usize>,
        /// The shape found (row-major).
        actual: Vec<usize>,
    },

    /// The same tensor name appears twice.
    #[error("{}: duplicate tensor '{tensor}'", .path.display())]
    DuplicateTensor {
        /// The file (or folder).
        path: PathBuf,
        /// The tensor's name.
        tensor: String,
    },

    /// A JSON file could not be parsed or written.
    #[error("{}: invalid JSON: {source}", .path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// The parser's error.
        source: serde_json::Error,
    },

    /// A safetensors file could not be parsed or written.
    #[error("{}: safetensors: {source}", .path.display())]
    Safetensors {
        /// The file.
        path: PathBuf,
        /// The library's error.
        source: safetensors::SafeTensorError,
    },

    /// The output folder of an import cannot be replaced (it holds files an import
    /// did not write, or is not a folder).
    #[error("{}: {reason}", .path.display())]
    OutputFolder {
        /// The output folder.
        path: PathBuf,
        /// Why it is left alone.
        reason: String,
    },

    /// The tokenizer metadata cannot be turned into a `tokenizer.json`.
    #[error("{}: cannot export tokenizer: {reason}", .path.display())]
    Tokenizer {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

impl FrontendError {
    /// Wraps an [`std::io::Error`] with the path and the operation that failed.
    pub fn io(path: impl Into<PathBuf>, op: &'static str, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            op,
            source,
        }
    }
}

/// The frontend's result type.
pub type Result<T, E = FrontendError> = std::result::Result<T, E>;

/// A manifest read through `kforge-model` fails with the frontend's messages.
impl From<kforge_model::ModelError> for FrontendError {
    fn from(e: kforge_model::ModelError) -> Self {
        use kforge_model::ModelError;
        match e {
            ModelError::Io { path, source } => FrontendError::Io {
                path,
                op: "read",
                source,
            },
            ModelError::Json { path, source } => FrontendError::Json { path, source },
            ModelError::Malformed { path, reason } => FrontendError::Malformed { path, reason },
            ModelError::Tokenizer(reason) | ModelError::ChatTemplate(reason) => {
                FrontendError::Tokenizer {
                    path: kforge_model::manifest::TOKENIZER_FILE.into(),
                    reason,
                }
            }
        }
    }
}
