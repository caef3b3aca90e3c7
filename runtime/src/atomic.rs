//! Atomic file writes: a temporary file in the target's folder, synced, then renamed.
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` so that readers see either the old file or the
/// whole new one, never a partial write (also across a crash mid-write).
///
/// A target that exists and is not a regular file or folder (`/dev/null`, a
/// pipe, a terminal) is written in place: renaming over it would replace the
/// device with a regular file (a `-o /dev/null` once turned the machine's
/// `/dev/null` into a file that every later reader got text from).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if is_special_file(path) {
        return std::fs::write(path, bytes);
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("output");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
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
}
