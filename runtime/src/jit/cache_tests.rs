//! Tests of the module cache: a cached module loads without an
//! ExecutionEngine and computes what the JIT-compiled one does; damaged entries
//! are rebuilt.
use super::cache::{default_root, prune, sha256_hex};
use super::{CompiledModule, ModuleCache};
use crate::reference::Tensor;
use std::path::{Path, PathBuf};

/// Calls into the runtime (the linear and attention microkernels, through the
/// library's slots), a weight argument, and results that are arguments updated
/// in place (the KV caches).
const SOURCE: &str = r#"func.func @proj(%x: tensor<2x8xf32>) -> tensor<2x4xf32> {
  %w = "kforge.weight"() {name = "proj"} : () -> tensor<4x8xf32>
  %y = "kforge.linear"(%x, %w) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}
func.func @attend(%q: tensor<3x4x8xf32>, %k: tensor<3x2x8xf32>, %v: tensor<3x2x8xf32>, %kc: tensor<16x2x8xf32>, %vc: tensor<16x2x8xf32>, %pos: tensor<i64>) -> (tensor<3x4x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>) {
  %r:3 = "kforge.attention"(%q, %k, %v, %kc, %vc, %pos) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>} : (tensor<3x4x8xf32>, tensor<3x2x8xf32>, tensor<3x2x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>, tensor<i64>) -> (tensor<3x4x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>)
  return %r#0, %r#1, %r#2 : tensor<3x4x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>
}
"#;

/// Runs both functions on fixed inputs.
fn outputs(m: &CompiledModule) -> Vec<Tensor> {
    let rand = |shape: &[usize], seed| Tensor::random_f32(shape.to_vec(), seed);
    let mut out = m
        .call("proj", &[rand(&[2, 8], 1), rand(&[4, 8], 2)])
        .unwrap();
    out.extend(
        m.call(
            "attend",
            &[
                rand(&[3, 4, 8], 3),
                rand(&[3, 2, 8], 4),
                rand(&[3, 2, 8], 5),
                rand(&[16, 2, 8], 6),
                rand(&[16, 2, 8], 7),
                Tensor::scalar_i64(5),
            ],
        )
        .unwrap(),
    );
    out
}

/// The single entry folder under `root`.
fn entry_dir(root: &Path) -> PathBuf {
    let entries: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    entries[0].clone()
}

#[test]
fn a_cached_module_loads_without_an_engine_and_computes_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let cache = ModuleCache::at(dir.path());
    let first = CompiledModule::compile_cached(SOURCE, "cached.mlir", &cache).unwrap();
    assert!(!first.from_cache());
    let entry = entry_dir(dir.path());
    for file in ["module.so", "signatures.json", "key.txt"] {
        assert!(entry.join(file).is_file(), "{file} missing in {entry:?}");
    }
    let second = CompiledModule::compile_cached(SOURCE, "other-name.mlir", &cache).unwrap();
    assert!(second.from_cache());
    assert_eq!(second.functions(), first.functions());
    let attend = second.function("attend").unwrap();
    assert_eq!(attend.result_arguments, vec![None, Some(3), Some(4)]);
    assert_eq!(second.function("proj").unwrap().weights, vec!["proj"]);
    let want = outputs(&CompiledModule::compile(SOURCE, "plain.mlir").unwrap());
    assert_eq!(outputs(&first), want);
    assert_eq!(outputs(&second), want);
}

#[test]
fn another_source_gets_another_entry() {
    let dir = tempfile::tempdir().unwrap();
    let cache = ModuleCache::at(dir.path());
    let a = CompiledModule::compile_cached(SOURCE, "a.mlir", &cache).unwrap();
    let other = SOURCE.replace("0.35", "0.25");
    let b = CompiledModule::compile_cached(&other, "b.mlir", &cache).unwrap();
    assert!(!a.from_cache() && !b.from_cache());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    prune(dir.path(), 1);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// Damages the entry with `damage`, then checks that the next compilation
/// rebuilds it and the one after loads it again.
fn check_rebuilt(damage: impl Fn(&Path)) {
    let dir = tempfile::tempdir().unwrap();
    let cache = ModuleCache::at(dir.path());
    let want = outputs(&CompiledModule::compile_cached(SOURCE, "x.mlir", &cache).unwrap());
    damage(&entry_dir(dir.path()));
    let rebuilt = CompiledModule::compile_cached(SOURCE, "x.mlir", &cache).unwrap();
    assert!(!rebuilt.from_cache());
    assert_eq!(outputs(&rebuilt), want);
    let loaded = CompiledModule::compile_cached(SOURCE, "x.mlir", &cache).unwrap();
    assert!(loaded.from_cache());
    assert_eq!(outputs(&loaded), want);
}

/// Rewrites `signatures.json` through `edit` on its JSON value.
fn edit_signatures(entry: &Path, edit: impl Fn(&mut serde_json::Value)) {
    let path = entry.join("signatures.json");
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut value);
    std::fs::write(path, value.to_string()).unwrap();
}

#[test]
fn a_garbage_library_is_rebuilt() {
    check_rebuilt(|entry| std::fs::write(entry.join("module.so"), b"not an ELF file").unwrap());
}

#[test]
fn a_library_that_does_not_dlopen_is_rebuilt() {
    // The checksum matches, so it is `dlopen` that rejects the file.
    check_rebuilt(|entry| {
        std::fs::write(entry.join("module.so"), b"not an ELF file").unwrap();
        let sha = sha256_hex(b"not an ELF file");
        edit_signatures(entry, |v| v["library_sha256"] = sha.clone().into());
    });
}

#[test]
fn a_truncated_signatures_file_is_rebuilt() {
    check_rebuilt(|entry| {
        let path = entry.join("signatures.json");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, &text[..text.len() / 2]).unwrap();
    });
}

#[test]
fn a_missing_entry_point_is_rebuilt() {
    check_rebuilt(|entry| {
        edit_signatures(entry, |v| {
            let mut extra = v["functions"][0].clone();
            extra["name"] = "nope".into();
            v["functions"].as_array_mut().unwrap().push(extra);
        })
    });
}

#[test]
fn a_disabled_cache_writes_nothing() {
    let m = CompiledModule::compile_cached(SOURCE, "x.mlir", &ModuleCache::disabled()).unwrap();
    assert!(!m.from_cache());
    assert_eq!(ModuleCache::disabled().root(), None);
}

#[test]
fn the_default_location_follows_the_environment() {
    let env = |vars: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| std::ffi::OsString::from(v))
        }
    };
    assert_eq!(
        default_root(env(&[
            ("KFORGE_CACHE_DIR", "/k"),
            ("XDG_CACHE_HOME", "/x"),
            ("HOME", "/h"),
        ])),
        Some(PathBuf::from("/k"))
    );
    assert_eq!(
        default_root(env(&[
            ("KFORGE_CACHE_DIR", ""),
            ("XDG_CACHE_HOME", "/x"),
            ("HOME", "/h")
        ])),
        Some(PathBuf::from("/x/kforge/modules"))
    );
    assert_eq!(
        default_root(env(&[("HOME", "/h")])),
        Some(PathBuf::from("/h/.cache/kforge/modules"))
    );
    assert_eq!(default_root(env(&[])), None);
}

// Tests that a cache root that is not a folder (a file, a link to a device)
// disables the cache: nothing is created, renamed or written there, and the
// compilation goes on.
#[cfg(unix)]
#[test]
fn a_root_that_is_not_a_folder_disables_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, b"mine").unwrap();
    let null = dir.path().join("null");
    std::os::unix::fs::symlink("/dev/null", &null).unwrap();
    for root in [&file, &null] {
        let cache = ModuleCache::at(root);
        assert!(cache.entry(SOURCE).is_none(), "{}", root.display());
        let m = CompiledModule::compile_cached(SOURCE, "x.mlir", &cache).unwrap();
        assert!(!m.from_cache());
    }
    assert_eq!(std::fs::read(&file).unwrap(), b"mine");
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["file", "null"]);
}

// Tests that what kforge did not make at an entry's path (a file, a link to a
// folder) is neither read as an entry nor removed, and that pruning skips it.
#[cfg(unix)]
#[test]
fn a_file_or_link_at_an_entrys_path_is_left_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let cache = ModuleCache::at(dir.path());
    let entry = cache.entry(SOURCE).unwrap();
    std::fs::write(entry.dir(), b"not an entry").unwrap();
    let m = CompiledModule::compile_cached(SOURCE, "x.mlir", &cache).unwrap();
    assert!(!m.from_cache());
    assert_eq!(std::fs::read(entry.dir()).unwrap(), b"not an entry");
    std::fs::remove_file(entry.dir()).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("keep"), b"x").unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), entry.dir()).unwrap();
    let m = CompiledModule::compile_cached(SOURCE, "x.mlir", &cache).unwrap();
    assert!(!m.from_cache());
    prune(dir.path(), 0);
    assert!(entry
        .dir()
        .symlink_metadata()
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(elsewhere.path().join("keep").exists());
}

// Tests that an entry whose files are links to devices is damaged (never read
// without end) and rebuilt, the devices untouched.
#[cfg(unix)]
#[test]
fn entry_files_that_are_links_to_devices_are_rebuilt() {
    check_rebuilt(|entry| {
        for file in ["signatures.json", "module.so"] {
            std::fs::remove_file(entry.join(file)).unwrap();
            std::os::unix::fs::symlink("/dev/zero", entry.join(file)).unwrap();
        }
    });
}
