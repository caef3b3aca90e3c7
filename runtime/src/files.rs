//! Reading files that kforge keeps for itself (caches) without trusting what
//! is at the path: only regular files are opened (a device could be read
//! without end, a pipe would block), and never more than a limit.
use std::io::{Error, ErrorKind, Read};
use std::path::Path;

/// `Ok(false)` when nothing is at `path`, `Ok(true)` for a regular file (links
/// followed), an [`ErrorKind::InvalidInput`] error naming what it is
/// otherwise ("is a character device, not a regular file").
pub fn is_regular_file(path: &Path) -> std::io::Result<bool> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(true),
        Ok(m) => Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "{} is {}, not a regular file",
                path.display(),
                describe_kind(&m.file_type())
            ),
        )),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// The bytes of the regular file at `path` (links followed), `None` when it
/// does not exist. Errors: not a regular file (see [`is_regular_file`]; it
/// is never opened then), more than `limit` bytes ([`ErrorKind::FileTooLarge`],
/// after reading at most `limit + 1`), and I/O errors.
pub fn read_regular_file(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    if !is_regular_file(path)? {
        return Ok(None);
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: a pipe swapped in since the check must not block the open.
        options.custom_flags(0o4000);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let kind = file.metadata()?.file_type();
    if !kind.is_file() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "{} is {}, not a regular file",
                path.display(),
                describe_kind(&kind)
            ),
        ));
    }
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(Error::new(
            ErrorKind::FileTooLarge,
            format!(
                "{} is larger than the {} a file of it may hold",
                path.display(),
                describe_bytes(limit)
            ),
        ));
    }
    Ok(Some(bytes))
}

/// "a folder", "a character device", … for messages.
pub fn describe_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

/// `64 MiB`, `1 GiB`, `512 bytes`: a limit in messages.
pub fn describe_bytes(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b => format!("{b} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_are_read_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        assert_eq!(read_regular_file(&path, 4).unwrap(), None);
        std::fs::write(&path, b"1234").unwrap();
        assert_eq!(read_regular_file(&path, 4).unwrap().unwrap(), b"1234");
        let err = read_regular_file(&path, 3).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::FileTooLarge);
        assert!(err.to_string().contains("larger than the 3 bytes"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn devices_folders_and_pipes_are_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let zero = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let err = read_regular_file(&zero, 1 << 20).unwrap_err();
        assert!(err
            .to_string()
            .ends_with("is a character device, not a regular file"));
        let err = read_regular_file(dir.path(), 10).unwrap_err();
        assert!(err.to_string().ends_with("is a folder, not a regular file"));
        let fifo = dir.path().join("fifo");
        if std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success())
        {
            let err = read_regular_file(&fifo, 10).unwrap_err();
            assert!(err
                .to_string()
                .ends_with("is a named pipe, not a regular file"));
        }
    }
}
