//! `--tune-cache` / `--no-tune` of kforge-run: tuning a module's matmuls into
//! a cache file, reusing it, rebuilding a corrupt one of kforge's own, leaving
//! the user's alone, and clear errors.
use std::path::Path;
use std::process::{Command, Output};

const RUN: &str = env!("CARGO_BIN_EXE_kforge-run");

const MODULE: &str = r#"
func.func @mm(%a: tensor<24x40xf32>, %b: tensor<40x56xf32>) -> tensor<24x56xf32> {
  %0 = "kforge.matmul"(%a, %b) : (tensor<24x40xf32>, tensor<40x56xf32>) -> tensor<24x56xf32>
  return %0 : tensor<24x56xf32>
}
"#;

fn run(dir: &Path, extra: &[&str]) -> Output {
    let module = dir.join("mm.mlir");
    std::fs::write(&module, MODULE).unwrap();
    Command::new(RUN)
        .arg(&module)
        .args(["--random-inputs", "--check", "--no-cache"])
        .args(extra)
        .env_remove("KFORGE_TUNE_CACHE")
        .output()
        .expect("kforge-run runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn entries(path: &Path) -> serde_json::Map<String, serde_json::Value> {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    v["entries"].as_object().unwrap().clone()
}

#[test]
fn tunes_the_modules_matmul_once_and_reuses_it() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("tune.json");
    let c = cache.to_str().unwrap();
    let out = run(dir.path(), &["--tune-cache", c]);
    assert!(out.status.success(), "{}", stderr(&out));
    let first = entries(&cache);
    assert_eq!(first.len(), 1);
    let (key, entry) = first.iter().next().unwrap();
    assert!(key.starts_with("matmul f32 24x56x40 t"), "{key}");
    assert_eq!(entry["choice"]["kernel"], "matmul");
    assert!(
        stderr(&out).contains("tuned 1 kernel shape"),
        "{}",
        stderr(&out)
    );

    let again = run(dir.path(), &["--tune-cache", c]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(entries(&cache), first, "a cache hit rewrites nothing");
    assert!(!stderr(&again).contains("tuned"), "{}", stderr(&again));
}

#[test]
fn a_corrupt_cache_in_kforges_folder_is_reported_kept_and_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    // The default cache, in kforge's own folder ($XDG_CACHE_HOME/kforge).
    let own = dir.path().join("xdg/kforge");
    std::fs::create_dir_all(&own).unwrap();
    let cache = own.join("tune.json");
    std::fs::write(&cache, "{\"schema\": 1, \"entr").unwrap();
    let module = dir.path().join("mm.mlir");
    std::fs::write(&module, MODULE).unwrap();
    let out = Command::new(RUN)
        .arg(&module)
        .args(["--random-inputs", "--check", "--no-cache"])
        .env_remove("KFORGE_TUNE_CACHE")
        .env("XDG_CACHE_HOME", dir.path().join("xdg"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("is not valid") && err.contains("tune.json.corrupt"),
        "{err}"
    );
    assert_eq!(entries(&cache).len(), 1);
    assert_eq!(
        std::fs::read_to_string(own.join("tune.json.corrupt")).unwrap(),
        "{\"schema\": 1, \"entr"
    );
}

#[test]
fn a_corrupt_cache_of_the_users_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("tune.json");
    std::fs::write(&cache, "{\"schema\": 1, \"entr").unwrap();
    let out = run(dir.path(), &["--tune-cache", cache.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("is not valid") && err.contains("left it untouched"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&cache).unwrap(),
        "{\"schema\": 1, \"entr"
    );
    assert!(!dir.path().join("tune.json.corrupt").exists());
}

// Tests that a device as the cache is an error that touches nothing (as
// root, `--tune-cache /dev/null` once replaced the machine's /dev/null).
#[cfg(unix)]
#[test]
fn a_device_as_the_cache_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("null");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    let out = run(dir.path(), &["--tune-cache", link.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("cannot use the tune cache") && err.contains("is a character device"),
        "{err}"
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
}

#[test]
fn no_tune_writes_no_cache() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(RUN)
        .arg(dir.path().join("mm.mlir"))
        .env("KFORGE_TUNE_CACHE", dir.path().join("tune.json"))
        .output()
        .unwrap();
    assert!(!out.status.success(), "the module does not exist yet");
    let out = run(dir.path(), &["--no-tune"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!dir.path().join("tune.json").exists());
}

#[test]
fn bad_tune_options_get_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    // A folder where the file should be.
    let out = run(dir.path(), &["--tune-cache", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("cannot use the tune cache"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // Both at once.
    let out = run(dir.path(), &["--no-tune", "--tune-cache", "x.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot be used with"),
        "{}",
        stderr(&out)
    );
}

/// Killing a run at any moment while it tunes and saves leaves the previous
/// cache or the new one, never a torn file (writes are atomic renames).
#[test]
fn the_cache_survives_a_kill_mid_tuning() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("tune.json");
    // Several products, each saved as soon as it is measured.
    let mut body = String::new();
    let mut args = Vec::new();
    for (i, n) in [96, 112, 128, 144, 160, 176, 192, 208].iter().enumerate() {
        args.push(format!("%a{i}: tensor<{n}x{n}xf32>"));
        body.push_str(&format!(
            "  %m{i} = \"kforge.matmul\"(%a{i}, %a{i}) : (tensor<{n}x{n}xf32>, tensor<{n}x{n}xf32>) -> tensor<{n}x{n}xf32>\n"
        ));
    }
    let module = dir.path().join("many.mlir");
    std::fs::write(
        &module,
        format!(
            "func.func @f({}) -> tensor<96x96xf32> {{\n{body}  return %m0 : tensor<96x96xf32>\n}}\n",
            args.join(", ")
        ),
    )
    .unwrap();
    let start = || {
        Command::new(RUN)
            .arg(&module)
            .args(["--random-inputs", "--no-cache", "--tune-cache"])
            .arg(&cache)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    for delay_ms in [50, 150, 300, 500, 800, 1200] {
        let mut child = start();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        if cache.exists() {
            let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&cache).unwrap())
                .expect("the cache is whole after a kill");
            assert_eq!(v["schema"], 1);
        }
    }
    // A run after the kills completes and finds nothing to rebuild.
    let out = start().wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("not valid"), "{}", stderr(&out));
    assert_eq!(entries(&cache).len(), 8);
}
