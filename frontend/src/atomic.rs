//! Writing a file atomically: into a temporary file in the same folder, synced, then
//! renamed over the target, so a reader sees the old file or the whole new one.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::{FrontendError, Result};

/// Calls `write` with a temporary path beside `path`, syncs what it wrote and renames
/// it to `path`. On any error the temporary file is removed.
/// A target that exists and is not a regular file or folder (`/dev/null`, a pipe) is
/// written in place: renaming over it would replace the device with a regular file.
pub fn write_atomically(path: &Path, write: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return write(path);
    }
    let tmp = temp_path(path);
    let result = write(&tmp).and_then(|()| {
        let file = File::open(&tmp).map_err(|e| FrontendError::io(&tmp, "open", e))?;
        file.sync_all()
            .map_err(|e| FrontendError::io(&tmp, "sync", e))?;
        std::fs::rename(&tmp, path).map_err(|e| FrontendError::io(path, "rename", e))
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
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

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}
