//! Import folders written whole: an import goes into a fresh hidden sibling of the
//! output folder and replaces it only when complete, so a failed import leaves the
//! previous one byte for byte as it was.
//!
//! Rules (the README's *Imports* paragraph):
//! - the output folder may be absent, empty, or a previous import: a folder whose
//!   `kforge-model.json` is an import manifest. Anything else (a folder of the
//!   user's, a regular file) is refused, never replaced;
//! - files of a previous import that an import does not write ([`IMPORT_FILES`]:
//!   an exported GGUF, notes) are carried over into the new folder as hard links,
//!   unchanged; a previous import holding a folder, a link or a device is refused;
//! - a symbolic link to a folder is followed: the folder it points to is replaced;
//! - the new folder takes the place of the old one by an atomic exchange where the
//!   kernel offers one (Linux `renameat2(RENAME_EXCHANGE)`), else by two renames (a
//!   reader may then briefly find no folder); only then are the old folder's files,
//!   all of them import files, removed;
//! - the staging folder is created fresh (never reused) and removed on failure.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::emit::MODEL_FILE;
use crate::error::{FrontendError, Result};
use crate::export::{MANIFEST_FILE, TOKENIZER_CONFIG_FILE, TOKENIZER_FILE, WEIGHTS_FILE};

/// Every file an import writes; an existing output folder may hold only these.
pub const IMPORT_FILES: [&str; 5] = [
    MODEL_FILE,
    WEIGHTS_FILE,
    TOKENIZER_FILE,
    TOKENIZER_CONFIG_FILE,
    MANIFEST_FILE,
];

/// A fresh folder beside the output folder that an import is written into.
#[derive(Debug)]
pub(crate) struct Staging {
    /// The staging folder (removed on drop unless committed).
    dir: PathBuf,
    /// The output folder it replaces (a link already resolved).
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Checks that `out_dir` may be replaced and creates the staging folder beside it.
    pub(crate) fn begin(out_dir: &Path) -> Result<Self> {
        let target = replaceable_target(out_dir)?;
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| refused(out_dir, "it has no folder name".into()))?;
        // Missing parent folders are created (`-o new/place/import`), as
        // the importer always did; they are ours, so nothing is replaced.
        if !parent.is_dir() {
            std::fs::create_dir_all(&parent)
                .map_err(|e| FrontendError::io(&parent, "create the output folder's parent", e))?;
        }
        let mut attempt = 0u32;
        loop {
            let dir = parent.join(format!(
                ".{name}.kforge-import-{}-{attempt}",
                std::process::id()
            ));
            match std::fs::create_dir(&dir) {
                Ok(()) => {
                    return Ok(Self {
                        dir,
                        target,
                        committed: false,
                    })
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 1000 => {
                    attempt += 1;
                }
                Err(e) => return Err(FrontendError::io(&dir, "create folder", e)),
            }
        }
    }

    /// The folder to write the import's files into.
    pub(crate) fn path(&self) -> &Path {
        &self.dir
    }

    /// The output folder the import will be found in once committed.
    pub(crate) fn target(&self) -> &Path {
        &self.target
    }

    /// Syncs the staging folder and puts it in the output folder's place; the
    /// previous import's files are removed afterwards.
    pub(crate) fn commit(mut self) -> Result<()> {
        sync_folder(&self.dir)?;
        // The target is checked again: it may have changed since `begin`.
        let existed = match std::fs::symlink_metadata(&self.target) {
            Ok(_) => Some(check_replaceable(&self.target)?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(FrontendError::io(&self.target, "stat", e)),
        };
        if let Some(others) = existed {
            // Files of the user's in the old import are carried over as hard links
            // (the same file under the new folder; no copy, nothing lost if the
            // import stops here).
            for name in &others {
                let (from, to) = (self.target.join(name), self.dir.join(name));
                std::fs::hard_link(&from, &to)
                    .map_err(|e| FrontendError::io(&from, "carry over (hard link)", e))?;
            }
            sync_folder(&self.dir)?;
            if let Ok(meta) = std::fs::metadata(&self.target) {
                // The new folder keeps the old one's permissions.
                let _ = std::fs::set_permissions(&self.dir, meta.permissions());
            }
            let old = self.replace_existing()?;
            self.committed = true;
            remove_old_import(&old, &others);
        } else {
            std::fs::rename(&self.dir, &self.target)
                .map_err(|e| FrontendError::io(&self.target, "rename the import into", e))?;
            self.committed = true;
        }
        if let Some(parent) = self.target.parent() {
            let _ = sync_folder(parent);
        }
        Ok(())
    }

    /// Puts the staging folder in place of the existing target; returns where the
    /// old folder now is.
    fn replace_existing(&self) -> Result<PathBuf> {
        if exchange(&self.dir, &self.target).is_ok() {
            return Ok(self.dir.clone());
        }
        let backup = self.dir.with_extension("old");
        std::fs::rename(&self.target, &backup)
            .map_err(|e| FrontendError::io(&self.target, "move the previous import aside", e))?;
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            let _ = std::fs::rename(&backup, &self.target);
            return Err(FrontendError::io(&self.target, "rename the import into", e));
        }
        Ok(backup)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // A folder this import created under a fresh name: all of it is ours.
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// The folder an import into `out_dir` replaces (a link resolved), after checking
/// that replacing it loses nothing the importer did not write.
fn replaceable_target(out_dir: &Path) -> Result<PathBuf> {
    let meta = match std::fs::symlink_metadata(out_dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out_dir.to_path_buf()),
        Err(e) => return Err(FrontendError::io(out_dir, "stat", e)),
    };
    let target = if meta.file_type().is_symlink() {
        std::fs::canonicalize(out_dir).map_err(|e| FrontendError::io(out_dir, "resolve link", e))?
    } else {
        out_dir.to_path_buf()
    };
    check_replaceable(&target)?;
    Ok(target)
}

/// `dir` is an empty folder or a previous import whose entries other than import
/// files are regular files; returns those (they are carried over into the new import).
fn check_replaceable(dir: &Path) -> Result<Vec<OsString>> {
    let meta = std::fs::symlink_metadata(dir).map_err(|e| FrontendError::io(dir, "stat", e))?;
    if !meta.is_dir() {
        return Err(refused(dir, "it exists and is not a folder".into()));
    }
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| FrontendError::io(dir, "read folder", e))? {
        let entry = entry.map_err(|e| FrontendError::io(dir, "read folder", e))?;
        let is_file = entry
            .file_type()
            .map_err(|e| FrontendError::io(entry.path(), "stat", e))?
            .is_file();
        entries.push((entry.file_name(), is_file));
    }
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    if !is_import_manifest(&dir.join(MANIFEST_FILE)) {
        return Err(refused(
            dir,
            format!("it is not a kforge import (no readable import manifest {MANIFEST_FILE})"),
        ));
    }
    let mut others = Vec::new();
    let mut not_files = Vec::new();
    for (name, is_file) in entries {
        let ours = name.to_str().is_some_and(is_import_file);
        if !is_file {
            not_files.push(name);
        } else if !ours {
            others.push(name);
        }
    }
    if !not_files.is_empty() {
        not_files.sort();
        let shown: Vec<String> = not_files
            .iter()
            .take(5)
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        return Err(refused(
            dir,
            format!(
                "it holds {} entr{} that {} not a regular file ({}{}); move {} out first",
                not_files.len(),
                if not_files.len() == 1 { "y" } else { "ies" },
                if not_files.len() == 1 { "is" } else { "are" },
                shown.join(", "),
                if not_files.len() > 5 { ", …" } else { "" },
                if not_files.len() == 1 { "it" } else { "them" },
            ),
        ));
    }
    others.sort();
    Ok(others)
}

/// A manifest file an import wrote: a JSON object with `format_version` and `family`
/// (any version: an older import is still the importer's to replace).
fn is_import_manifest(path: &Path) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    // A manifest is a few hundred KB at most; a huge file is not one.
    if !meta.is_file() || meta.len() > 64 << 20 {
        return false;
    }
    let Ok(text) = std::fs::read(path) else {
        return false;
    };
    serde_json::from_slice::<serde_json::Value>(&text).is_ok_and(|v| {
        v.get("format_version").is_some_and(|v| v.is_u64())
            && v.get("family").is_some_and(|v| v.is_string())
    })
}

/// An import file, or a temporary file of the atomic writer (`.weights.safetensors.tmp-123`)
/// that an interrupted import left behind.
fn is_import_file(name: &str) -> bool {
    IMPORT_FILES.contains(&name)
        || IMPORT_FILES.iter().any(|f| {
            name.strip_prefix('.')
                .and_then(|rest| rest.strip_prefix(f))
                .and_then(|rest| rest.strip_prefix(".tmp-"))
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// Removes a replaced import folder: its import files and the names of the files
/// carried over (which live on in the new folder), then the folder (left in place
/// if anything else appeared in it meanwhile).
fn remove_old_import(dir: &Path, carried: &[OsString]) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let ours = name.to_str().is_some_and(is_import_file) || carried.contains(&name);
            if ours && entry.file_type().is_ok_and(|t| t.is_file()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    let _ = std::fs::remove_dir(dir);
}

fn refused(dir: &Path, why: String) -> FrontendError {
    FrontendError::OutputFolder {
        path: dir.to_path_buf(),
        reason: format!("refusing to replace the output folder: {why}"),
    }
}

fn sync_folder(dir: &Path) -> Result<()> {
    let folder = std::fs::File::open(dir).map_err(|e| FrontendError::io(dir, "open folder", e))?;
    folder
        .sync_all()
        .map_err(|e| FrontendError::io(dir, "sync folder", e))
}

/// Swaps two paths atomically (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    extern "C" {
        // glibc ≥ 2.28; declared here to need no `libc` crate for one call.
        fn renameat2(
            olddirfd: i32,
            oldpath: *const std::ffi::c_char,
            newdirfd: i32,
            newpath: *const std::ffi::c_char,
            flags: u32,
        ) -> i32;
    }
    const AT_FDCWD: i32 = -100;
    const RENAME_EXCHANGE: u32 = 2;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: two NUL-terminated paths that outlive the call.
    let rc = unsafe { renameat2(AT_FDCWD, a.as_ptr(), AT_FDCWD, b.as_ptr(), RENAME_EXCHANGE) };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_files_and_their_temporaries_are_recognized() {
        assert!(is_import_file("weights.safetensors"));
        assert!(is_import_file(".weights.safetensors.tmp-4242"));
        assert!(!is_import_file(".weights.safetensors.tmp-"));
        assert!(!is_import_file("notes.txt"));
        assert!(!is_import_file(".model.mlir.tmp-12x"));
    }

    #[test]
    fn folders_of_the_user_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        assert!(check_replaceable(&out).is_ok(), "an empty folder");
        std::fs::write(out.join("model.mlir"), "mine").unwrap();
        let err = check_replaceable(&out).unwrap_err().to_string();
        assert!(err.contains("is not a kforge import"), "{err}");
        std::fs::write(
            out.join(MANIFEST_FILE),
            r#"{"format_version": 1, "family": "llama"}"#,
        )
        .unwrap();
        assert!(
            check_replaceable(&out).unwrap().is_empty(),
            "a previous import"
        );
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert_eq!(check_replaceable(&out).unwrap(), ["notes.txt"]);
        std::fs::create_dir(out.join("runs")).unwrap();
        let err = check_replaceable(&out).unwrap_err().to_string();
        assert!(
            err.contains("it holds 1 entry that is not a regular file (runs); move it out first"),
            "{err}"
        );
        let file = dir.path().join("file");
        std::fs::write(&file, "x").unwrap();
        let err = check_replaceable(&file).unwrap_err().to_string();
        assert!(err.contains("exists and is not a folder"), "{err}");
    }

    #[test]
    fn a_dropped_staging_folder_is_removed_and_a_commit_replaces_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let staging = Staging::begin(&out).unwrap();
        let path = staging.path().to_path_buf();
        std::fs::write(path.join(MANIFEST_FILE), "{}").unwrap();
        drop(staging);
        assert!(!path.exists());
        assert!(!out.exists());

        for round in 0..2 {
            let staging = Staging::begin(&out).unwrap();
            let manifest =
                format!(r#"{{"format_version": 1, "family": "llama", "round": {round}}}"#);
            std::fs::write(staging.path().join(MANIFEST_FILE), &manifest).unwrap();
            staging.commit().unwrap();
            assert_eq!(
                std::fs::read_to_string(out.join(MANIFEST_FILE)).unwrap(),
                manifest
            );
        }
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no staging or old folder is left behind");
    }
}
