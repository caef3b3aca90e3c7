//! The importer's atomic writes: `kforge_files`'s, with the importer's errors.

use std::path::Path;

use crate::error::{FrontendError, Result};

/// Calls `write` with a temporary path beside `path`, syncs what it wrote and renames
/// it to `path` ([`kforge_files::write_atomically_with`]); on any error the temporary
/// file is removed.
pub fn write_atomically(path: &Path, write: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    kforge_files::write_atomically_with(path, write, |p, action, e| FrontendError::io(p, action, e))
}

/// Writes `bytes` to `path` atomically.
pub fn write_bytes_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically(path, |tmp| {
        std::fs::write(tmp, bytes).map_err(|e| FrontendError::io(tmp, "write", e))
    })
}

/// Writes `value` as pretty JSON to `path` atomically.
pub fn write_json_atomically(path: &Path, value: &impl serde::Serialize) -> Result<()> {
    let mut text = serde_json::to_vec_pretty(value).map_err(|source| FrontendError::Json {
        path: path.to_path_buf(),
        source,
    })?;
    text.push(b'\n');
    write_bytes_atomically(path, &text)
}
