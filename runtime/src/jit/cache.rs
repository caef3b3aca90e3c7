//! An on-disk cache of compiled modules, so that a second run of the same
//! module loads machine code instead of compiling it again.
//!
//! **Key.** SHA-256 of a text that names everything the machine code depends
//! on ([`key_text`]: the kforge version and [`CODEGEN_VERSION`], a fingerprint
//! of the dialect, pass and JIT sources taken at build time, the LLVM version,
//! the host CPU and features as LLVM detects them for the JIT, the JIT's opt
//! level and LLVM options, the pipelines, the runtime symbols, the link
//! command), followed by the module's source text. The file name does not
//! count: it only labels diagnostics.
//!
//! **Entry.** `<root>/<key>/` holds `module.so` (the ExecutionEngine's object
//! file linked as a shared library), `signatures.json` (the signatures, the
//! library's SHA-256 and the runtime symbols it was linked for) and
//! `key.txt` (the key's text, to see why two keys differ). An entry is written
//! into `<root>/.tmp-…` and renamed into place, so readers never see a partial
//! one; a writer that loses the race to another drops its copy.
//!
//! **Runtime symbols.** Compiled code calls functions of the Rust binary
//! ([`kforge_kernels::symbols`]: the microkernels `_mlir_ciface_kforge_ukernel_*`
//! and `memrefCopy`), which are not in its dynamic symbol table. The library
//! therefore defines each of them itself, as a jump through a slot of its table
//! `kforge_runtime_slots`; loading an entry fills the slots with the running
//! process's addresses right after `dlopen`, before any call. So no binary
//! (tool, benchmark, test of any crate) has to export symbols, as a build script
//! line `-Wl,--export-dynamic-symbol=…` in each one would; the library links
//! with `-z defs` and needs nothing but libc and libm.
//!
//! **Damage.** An entry that does not load (unreadable JSON, a library that
//! fails its checksum, `dlopen` or a symbol lookup) is reported on stderr,
//! removed and rebuilt; it never fails the compilation. The cache keeps the
//! [`KEEP_ENTRIES`] most recently used entries.
//!
//! **Only what kforge made is read, removed or replaced.** A root that exists
//! and is not a folder (a file, `/dev/null`) disables the cache with a
//! warning. An entry must be a folder (not a link) of regular files, read up
//! to [`MAX_MANIFEST_BYTES`] and [`MAX_LIBRARY_BYTES`]; anything else at an
//! entry's path is reported and left in place, and pruning removes folders only.
use super::{FunctionSignature, PackedFn, JIT_OPT_LEVEL, LLVM_OPTIONS};
use crate::files::{describe_kind, read_regular_file};
use kforge_dialect::{Dim, ElementType, TensorType};
use kforge_passes::pipeline::{cpu_codegen, cpu_link, cpu_prepare};
use kforge_passes::Step;
use melior::ExecutionEngine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::ffi::{c_char, CStr};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

/// Version of code generation outside what the key's source fingerprint sees
/// (e.g. the microkernels' calling convention): bump it to drop every entry.
pub const CODEGEN_VERSION: u32 = 1;

/// Version of the entry layout (`signatures.json`, the slot table).
const FORMAT: u32 = 1;

/// How many entries the cache keeps (most recently used first).
pub const KEEP_ENTRIES: usize = 16;

/// The largest `signatures.json` read.
pub const MAX_MANIFEST_BYTES: u64 = 16 << 20;

/// The largest `module.so` read (the decoder's is a few MiB).
pub const MAX_LIBRARY_BYTES: u64 = 1 << 30;

/// Temporary folders of writers that died are removed after this long.
const STALE_TEMP: Duration = Duration::from_secs(3600);

/// Linker arguments: a shared library whose own references bind to itself
/// (`-Bsymbolic`), with every symbol defined or in libc/libm (`-z defs`).
const LINK_ARGS: &[&str] = &[
    "-shared",
    "-Wl,-Bsymbolic",
    "-Wl,-z,defs",
    "-Wl,-z,noexecstack",
];

/// Where compiled modules are cached, or that they are not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleCache {
    root: Option<PathBuf>,
}

impl ModuleCache {
    /// No cache: every compilation runs the JIT.
    pub fn disabled() -> Self {
        Self { root: None }
    }

    /// A cache in `root` (created when first written).
    pub fn at(root: impl Into<PathBuf>) -> Self {
        Self {
            root: Some(root.into()),
        }
    }

    /// `$KFORGE_CACHE_DIR`, else `$XDG_CACHE_HOME/kforge/modules`, else
    /// `~/.cache/kforge/modules`; disabled when none is set (empty counts as
    /// unset) or on targets where entries cannot be built (only x86-64 Linux can).
    pub fn default_location() -> Self {
        if !SUPPORTED {
            return Self::disabled();
        }
        Self {
            root: default_root(|name| std::env::var_os(name)),
        }
    }

    /// The folder, when enabled.
    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// The key and folder of `source`'s entry, when enabled and the root is
    /// a folder or does not exist yet (anything else costs a warning).
    pub(super) fn entry(&self, source: &str) -> Option<Entry> {
        let root = self.root.as_ref()?;
        if let Err(why) = check_root(root) {
            warn(format_args!("{why}; not caching"));
            return None;
        }
        let text = key_text();
        let mut hasher = Sha256::new();
        hasher.update(text.as_bytes());
        hasher.update(b"\n");
        hasher.update(source.as_bytes());
        let key = hex(&hasher.finalize());
        Some(Entry {
            dir: root.join(&key),
            root: root.clone(),
            key,
            key_text: text,
        })
    }
}

/// An error unless `root` is a folder (links followed) or does not exist.
fn check_root(root: &Path) -> Result<(), String> {
    match std::fs::metadata(root) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(m) => Err(format!(
            "{} is {}, not a folder",
            root.display(),
            describe_kind(&m.file_type())
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("{}: {e}", root.display())),
    }
}

/// Whether `path` is a folder itself (not a link to one).
fn is_real_folder(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// The default folder given an environment lookup.
pub(super) fn default_root(env: impl Fn(&str) -> Option<std::ffi::OsString>) -> Option<PathBuf> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty());
    var("KFORGE_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| var("XDG_CACHE_HOME").map(|d| Path::new(&d).join("kforge/modules")))
        .or_else(|| var("HOME").map(|d| Path::new(&d).join(".cache/kforge/modules")))
}

/// One entry of the cache: where a module of a given key lives.
pub(super) struct Entry {
    root: PathBuf,
    dir: PathBuf,
    key: String,
    key_text: String,
}

/// A module loaded from the cache.
pub(super) struct Cached {
    /// Keeps the code mapped.
    pub library: libloading::Library,
    /// The public functions' signatures.
    pub functions: Vec<FunctionSignature>,
    /// Each function's packed entry point, in the order of `functions`.
    pub entries: Vec<PackedFn>,
}

/// `signatures.json`.
#[derive(Serialize, Deserialize)]
struct Manifest {
    format: u32,
    key: String,
    library_sha256: String,
    runtime_symbols: Vec<String>,
    functions: Vec<FunctionSignature>,
}

impl Entry {
    /// The entry's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Loads the entry: `Ok(None)` when there is none, `Err` when it is damaged.
    pub fn load(&self) -> Result<Option<Cached>, String> {
        let manifest_path = self.dir.join("signatures.json");
        match std::fs::symlink_metadata(&self.dir) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read the entry: {e}")),
            Ok(m) if !m.is_dir() => {
                return Err(format!(
                    "the entry is {}, not a folder",
                    describe_kind(&m.file_type())
                ))
            }
            Ok(_) => {}
        }
        let text = read_entry_file(&manifest_path, MAX_MANIFEST_BYTES)?;
        let manifest: Manifest = serde_json::from_slice(&text)
            .map_err(|e| format!("signatures.json is not valid: {e}"))?;
        if manifest.format != FORMAT || manifest.key != self.key {
            return Err(format!(
                "signatures.json has format {} and key {} (expected {FORMAT} and {})",
                manifest.format, manifest.key, self.key
            ));
        }
        let names = runtime_symbol_names();
        if manifest.runtime_symbols != names {
            return Err(format!(
                "linked for runtime symbols {:?}, this binary has {names:?}",
                manifest.runtime_symbols
            ));
        }
        let library_path = self.dir.join("module.so");
        let bytes = read_entry_file(&library_path, MAX_LIBRARY_BYTES)?;
        let sha = sha256_hex(&bytes);
        if sha != manifest.library_sha256 {
            return Err(format!(
                "module.so has SHA-256 {sha}, signatures.json says {}",
                manifest.library_sha256
            ));
        }
        drop(bytes);
        let library = open_library(&library_path)?;
        bind_runtime_symbols(&library, &names)?;
        let mut entries = Vec::with_capacity(manifest.functions.len());
        for f in &manifest.functions {
            let symbol = format!("_mlir__mlir_ciface_{}", f.name);
            let address = symbol_address(&library, &symbol)?;
            // SAFETY: MLIR's packed wrappers have this signature.
            entries.push(unsafe { std::mem::transmute::<*mut (), PackedFn>(address) });
        }
        // Mark it used, for pruning; failing to is harmless.
        let _ = std::fs::File::options()
            .write(true)
            .open(&manifest_path)
            .and_then(|f| f.set_modified(SystemTime::now()));
        Ok(Some(Cached {
            library: library.into(),
            functions: manifest.functions,
            entries,
        }))
    }

    /// Removes a damaged entry: a folder only (whatever else is at its path,
    /// a file or a link, kforge did not make, and it stays).
    pub fn remove(&self) {
        if !is_real_folder(&self.dir) {
            if self.dir.symlink_metadata().is_ok() {
                warn(format_args!(
                    "not removing {}: not a folder kforge made",
                    self.dir.display()
                ));
            }
            return;
        }
        if let Err(e) = std::fs::remove_dir_all(&self.dir) {
            if e.kind() != std::io::ErrorKind::NotFound {
                warn(format_args!("cannot remove {}: {e}", self.dir.display()));
            }
        }
    }

    /// Writes the entry from an engine created with object dumping and PIC, whose
    /// functions have all been looked up (so it has compiled its object).
    pub fn store(
        &self,
        engine: &ExecutionEngine,
        functions: &[FunctionSignature],
    ) -> Result<(), String> {
        if !SUPPORTED {
            return Err(format!(
                "cannot build cache entries on {}-{} (only x86_64-linux)",
                std::env::consts::ARCH,
                std::env::consts::OS
            ));
        }
        std::fs::create_dir_all(&self.root)
            .map_err(|e| format!("cannot create {}: {e}", self.root.display()))?;
        let temp = self.root.join(format!(
            ".tmp-{}-{}-{}",
            &self.key[..16],
            std::process::id(),
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap_or_default()
                .as_nanos()
        ));
        let result = self.write_into(&temp, engine, functions);
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&temp);
        }
        result?;
        if let Err(e) = std::fs::rename(&temp, &self.dir) {
            let _ = std::fs::remove_dir_all(&temp);
            // Another process stored the same key first: theirs is as good.
            if !self.dir.join("signatures.json").exists() {
                return Err(format!("cannot move the entry into place: {e}"));
            }
        }
        prune(&self.root, KEEP_ENTRIES);
        Ok(())
    }

    fn write_into(
        &self,
        temp: &Path,
        engine: &ExecutionEngine,
        functions: &[FunctionSignature],
    ) -> Result<(), String> {
        std::fs::create_dir(temp).map_err(|e| format!("cannot create {}: {e}", temp.display()))?;
        let object = temp.join("module.o");
        let object_str = object
            .to_str()
            .ok_or_else(|| format!("{} is not UTF-8", object.display()))?;
        engine.dump_to_object_file(object_str);
        match std::fs::metadata(&object) {
            Ok(m) if m.len() > 0 => {}
            _ => return Err("the ExecutionEngine wrote no object file".into()),
        }
        let names = runtime_symbol_names();
        let trampolines = temp.join("runtime_symbols.s");
        std::fs::write(&trampolines, runtime_trampolines(&names))
            .map_err(|e| format!("cannot write {}: {e}", trampolines.display()))?;
        let library = temp.join("module.so");
        link(&library, &object, &trampolines)?;
        let _ = std::fs::remove_file(&object);
        let _ = std::fs::remove_file(&trampolines);
        let bytes =
            std::fs::read(&library).map_err(|e| format!("cannot read the linked library: {e}"))?;
        let manifest = Manifest {
            format: FORMAT,
            key: self.key.clone(),
            library_sha256: sha256_hex(&bytes),
            runtime_symbols: names,
            functions: functions.to_vec(),
        };
        let json = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
        std::fs::write(temp.join("key.txt"), &self.key_text)
            .and_then(|()| std::fs::write(temp.join("signatures.json"), json))
            .map_err(|e| format!("cannot write the entry: {e}"))
    }
}

/// A file of an entry: regular (not a link), at most `limit` bytes.
fn read_entry_file(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    match std::fs::symlink_metadata(path) {
        Ok(m) if !m.is_file() => {
            return Err(format!(
                "{name} is {}, not a regular file",
                describe_kind(&m.file_type())
            ))
        }
        _ => {}
    }
    match read_regular_file(path, limit) {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err(format!("{name} is missing")),
        Err(e) => Err(format!("cannot read {name}: {e}")),
    }
}

/// Reports a cache problem; the compilation goes on without the cache.
pub(super) fn warn(message: impl std::fmt::Display) {
    eprintln!("kforge: warning: module cache: {message}");
}

/// Whether this target can build entries (the trampolines are x86-64 ELF assembly).
const SUPPORTED: bool = cfg!(all(target_arch = "x86_64", target_os = "linux"));

/// The text hashed before the source: everything the machine code depends on.
fn key_text() -> String {
    let mut t = String::new();
    let _ = writeln!(t, "kforge-module-cache format {FORMAT}");
    let _ = writeln!(
        t,
        "kforge {} codegen {CODEGEN_VERSION}",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(t, "sources {}", env!("KFORGE_CODEGEN_FINGERPRINT"));
    let _ = writeln!(t, "llvm {}", llvm_version());
    let (cpu, features) = host_cpu();
    let _ = writeln!(
        t,
        "target {}-{}",
        std::env::consts::ARCH,
        std::env::consts::OS
    );
    let _ = writeln!(t, "cpu {cpu}");
    let _ = writeln!(t, "features {features}");
    let _ = writeln!(t, "isa {}", crate::isa::active());
    let _ = writeln!(t, "jit-opt-level {JIT_OPT_LEVEL}");
    let _ = writeln!(t, "llvm-options {}", LLVM_OPTIONS.join(" "));
    let _ = writeln!(t, "prepare {}", pipeline_text(&cpu_prepare()));
    let _ = writeln!(t, "codegen {}", pipeline_text(&cpu_codegen()));
    let _ = writeln!(t, "jit-link {}", pipeline_text(&cpu_link()));
    let _ = writeln!(t, "runtime-symbols {}", runtime_symbol_names().join(" "));
    let _ = writeln!(t, "link {}", LINK_ARGS.join(" "));
    t
}

/// Steps as pipeline text: `flag{key=value …}` or the upstream element.
fn pipeline_text(steps: &[Step]) -> String {
    steps
        .iter()
        .map(|step| match step {
            Step::Kforge(info, options) if options.is_empty() => info.flag.to_string(),
            Step::Kforge(info, options) => {
                let options: Vec<String> =
                    options.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!("{}{{{}}}", info.flag, options.join(" "))
            }
            Step::Upstream(text) => text.clone(),
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn runtime_symbol_names() -> Vec<String> {
    kforge_kernels::symbols()
        .into_iter()
        .map(|(name, _)| name.to_string())
        .collect()
}

/// Hex SHA-256 of `bytes`, as `signatures.json` records the library's.
pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

extern "C" {
    fn LLVMGetVersion(major: *mut u32, minor: *mut u32, patch: *mut u32);
    fn LLVMGetHostCPUName() -> *mut c_char;
    fn LLVMGetHostCPUFeatures() -> *mut c_char;
    fn LLVMDisposeMessage(message: *mut c_char);
}

fn llvm_version() -> String {
    let (mut major, mut minor, mut patch) = (0, 0, 0);
    // SAFETY: writes three integers.
    unsafe { LLVMGetVersion(&mut major, &mut minor, &mut patch) };
    format!("{major}.{minor}.{patch}")
}

/// The CPU name and features LLVM detects for the host, as the ExecutionEngine does.
fn host_cpu() -> (String, String) {
    // SAFETY: both return malloc'ed C strings, owned by us until disposed.
    unsafe {
        let take = |p: *mut c_char| {
            let s = CStr::from_ptr(p).to_string_lossy().into_owned();
            LLVMDisposeMessage(p);
            s
        };
        (take(LLVMGetHostCPUName()), take(LLVMGetHostCPUFeatures()))
    }
}

/// Assembly defining each runtime symbol as a jump through
/// `kforge_runtime_slots[i]`, and `kforge_runtime_names`, the symbols joined by
/// newlines, which the loader checks before filling the slots.
fn runtime_trampolines(names: &[String]) -> String {
    let mut s = String::from("\t.text\n");
    for (i, name) in names.iter().enumerate() {
        let _ = write!(
            s,
            "\t.p2align 4\n\t.globl {name}\n\t.hidden {name}\n\t.type {name},@function\n\
             {name}:\n\tjmp *.Lkforge_slots+{}(%rip)\n\t.size {name}, .-{name}\n",
            8 * i
        );
    }
    let _ = write!(
        s,
        "\t.data\n\t.p2align 3\n\t.globl kforge_runtime_slots\n\t.type kforge_runtime_slots,@object\n\
         \t.size kforge_runtime_slots, {size}\nkforge_runtime_slots:\n.Lkforge_slots:\n\t.zero {size}\n",
        size = 8 * names.len().max(1)
    );
    let _ = write!(
        s,
        "\t.section .rodata\n\t.globl kforge_runtime_names\n\t.type kforge_runtime_names,@object\n\
         kforge_runtime_names:\n\t.asciz \"{}\"\n\t.section .note.GNU-stack,\"\",@progbits\n",
        names.join("\\n")
    );
    s
}

/// `cc -shared -o library object trampolines -lm`, with `$CC` if set.
fn link(library: &Path, object: &Path, trampolines: &Path) -> Result<(), String> {
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let mut words = cc.split_whitespace();
    let program = words.next().unwrap_or("cc");
    let output = Command::new(program)
        .args(words)
        .args(LINK_ARGS)
        .arg("-o")
        .arg(library)
        .arg(object)
        .arg(trampolines)
        .arg("-lm")
        .output()
        .map_err(|e| format!("cannot run the linker '{program}': {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "linking module.so failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim_end()
        ));
    }
    Ok(())
}

fn open_library(path: &Path) -> Result<libloading::os::unix::Library, String> {
    use libloading::os::unix::{Library, RTLD_LOCAL, RTLD_NOW};
    // SAFETY: the library has no initializers of its own (it is one object
    // file of compiled MLIR plus the trampolines), and it passed its checksum.
    unsafe { Library::open(Some(path), RTLD_NOW | RTLD_LOCAL) }
        .map_err(|e| format!("dlopen failed: {e}"))
}

fn symbol_address(library: &libloading::os::unix::Library, name: &str) -> Result<*mut (), String> {
    let mut c_name = name.as_bytes().to_vec();
    c_name.push(0);
    // SAFETY: the symbol is only read as an address.
    let address = unsafe { library.get::<*mut ()>(&c_name) }
        .map(|s| *s)
        .map_err(|e| format!("symbol '{name}' not found: {e}"))?;
    if address.is_null() {
        return Err(format!("symbol '{name}' is null"));
    }
    Ok(address)
}

/// Checks the library's runtime symbol names and points its slots at this process's functions.
fn bind_runtime_symbols(
    library: &libloading::os::unix::Library,
    names: &[String],
) -> Result<(), String> {
    let linked = symbol_address(library, "kforge_runtime_names")?;
    // SAFETY: `kforge_runtime_names` is a NUL-terminated string (the trampolines' `.asciz`).
    let linked = unsafe { CStr::from_ptr(linked as *const c_char) }.to_string_lossy();
    if linked != names.join("\n") {
        return Err(format!(
            "linked for runtime symbols {linked:?}, expected {names:?}"
        ));
    }
    let slots = symbol_address(library, "kforge_runtime_slots")? as *mut usize;
    for (i, (name, address)) in kforge_kernels::symbols().into_iter().enumerate() {
        debug_assert_eq!(name, names[i]);
        // SAFETY: `kforge_runtime_slots` holds one word per name, checked above.
        // A second `dlopen` of the same file shares the table: the value stored
        // is the same, and atomic stores keep a concurrent call well-defined.
        unsafe {
            std::sync::atomic::AtomicUsize::from_ptr(slots.add(i))
                .store(address as usize, std::sync::atomic::Ordering::Release)
        };
    }
    Ok(())
}

/// Keeps the `keep` most recently used entries and removes temporary folders
/// of writers that died.
pub(super) fn prune(root: &Path, keep: usize) {
    let Ok(read) = std::fs::read_dir(root) else {
        return;
    };
    let now = SystemTime::now();
    let mut entries = Vec::new();
    for entry in read.flatten() {
        // Folders only: a file or link of the same name is not kforge's.
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        if name.starts_with(".tmp-") {
            let stale = modified(&path)
                .and_then(|m| now.duration_since(m).ok())
                .is_some_and(|age| age > STALE_TEMP);
            if stale {
                let _ = std::fs::remove_dir_all(&path);
            }
        } else if name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit()) {
            let used = modified(&path.join("signatures.json")).unwrap_or(SystemTime::UNIX_EPOCH);
            entries.push((used, path));
        }
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (_, path) in entries.into_iter().skip(keep) {
        let _ = std::fs::remove_dir_all(path);
    }
}

/// Serde for `Vec<TensorType>` as `[{"element": "f32", "shape": [3, null]}]`
/// (`null` for a dynamic dim): the dialect's types carry no serde derives.
pub(super) mod tensor_types {
    use super::*;
    use serde::de::Error as _;
    use serde::{Deserializer, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Repr {
        element: String,
        shape: Vec<Option<u64>>,
    }

    pub fn serialize<S: Serializer>(types: &[TensorType], s: S) -> Result<S::Ok, S::Error> {
        types
            .iter()
            .map(|t| Repr {
                element: t.element.mlir_name().to_string(),
                shape: t.shape.iter().map(|d| d.size()).collect(),
            })
            .collect::<Vec<_>>()
            .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<TensorType>, D::Error> {
        Vec::<Repr>::deserialize(d)?
            .into_iter()
            .map(|r| {
                let element = ElementType::ALL
                    .into_iter()
                    .find(|e| e.mlir_name() == r.element)
                    .ok_or_else(|| {
                        D::Error::custom(format!("unknown element type '{}'", r.element))
                    })?;
                Ok(TensorType {
                    shape: r
                        .shape
                        .into_iter()
                        .map(|s| s.map_or(Dim::Dynamic, Dim::Static))
                        .collect(),
                    element,
                })
            })
            .collect()
    }
}
