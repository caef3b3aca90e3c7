//! Writing files atomically: into a temporary file in the target's folder,
//! synced, then renamed over the target, so a reader sees the old file or the
//! whole new one, never a partial write (also across a crash mid-write).
//!
//! One implementation for every writer: the importer's model folders
//! (`kforge-frontend`), the runtime's tensor files and tuning caches, the
//! tools' outputs.
//!
//! A target that exists and is not a regular file or folder (`/dev/null`, a
//! pipe, a terminal) is written in place: renaming over it would replace the
//! device with a regular file (a `-o /dev/null` once turned the machine's
//! `/dev/null` into a file that every later reader got text from).

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically_with(path, |tmp| std::fs::write(tmp, bytes), |_, _, e| e)
}

/// Calls `write` with a temporary path beside `path` (or `path` itself for a
/// device or pipe), syncs what it wrote and renames it to `path`; on any error
/// the temporary file is removed. `io_error(path, action, error)` turns a
/// failed `"open"`, `"sync"` or `"rename"` into the caller's error type.
pub fn write_atomically_with<E>(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<(), E>,
    io_error: impl Fn(&Path, &'static str, io::Error) -> E,
) -> Result<(), E> {
    if is_special_file(path) {
        return write(path);
    }
    let tmp = temp_path(path);
    let result = write(&tmp).and_then(|()| {
        let file = File::open(&tmp).map_err(|e| io_error(&tmp, "open", e))?;
        file.sync_all().map_err(|e| io_error(&tmp, "sync", e))?;
        std::fs::rename(&tmp, path).map_err(|e| io_error(path, "rename", e))
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Whether `path` exists and is neither a regular file nor a folder (a
/// device, a pipe, a socket), following symbolic links.
pub fn is_special_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// `.<name>.tmp-<pid>` beside `path`.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_written_in_place_not_replaced() {
        let null = Path::new("/dev/null");
        if !null.exists() {
            return;
        }
        write_atomically(null, b"text").unwrap();
        assert!(is_special_file(null), "/dev/null is still a device");
        assert_eq!(std::fs::read(null).unwrap(), b"");
    }

    #[test]
    fn regular_files_are_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomically(&path, b"old").unwrap();
        let failed = write_atomically_with(
            &path,
            |tmp| {
                std::fs::write(tmp, b"partial")?;
                Err(io::Error::other("disk full"))
            },
            |_, _, e| e,
        );
        assert_eq!(failed.unwrap_err().to_string(), "disk full");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
