//! `kforge-serve --target gpu` on the real SmolLM2-135M-Instruct, on lavapipe
//! where there is no GPU: concurrent streaming clients over GPU slots get
//! `kforge-run`'s (CPU) greedy texts, a plain request is answered whole, and
//! bad command lines fail. Lavapipe runs a step in about a second, so few
//! tokens. Without any Vulkan adapter the tests print `SKIPPED: …`
//! (`KFORGE_REQUIRE_GPU=1` makes that a failure).
#[path = "../../kforge-run/tests/common/mod.rs"]
mod common;
mod server;

use common::model;
use server::{kforge_run_text, load_expectations, old_import, python, serve_fails, Server};

fn have_gpu() -> bool {
    kforge_gpu::runtime::open_for_tests("kforge-serve --target gpu tests").is_some()
}

// Tests continuous batching on the GPU through HTTP: 3 concurrent streaming
// clients over 2 slots, 4 requests; every answer well-formed and equal to
// kforge-run's greedy text for its prompt, no slot left; then one request
// without streaming, answered whole.
#[test]
fn concurrent_clients_on_gpu_slots_get_kforge_run_s_greedy_texts() {
    let Some(dir) = model() else { return };
    if !have_gpu() {
        return;
    }
    let path = load_expectations(dir, "load_expect_gpu.json", 4, 4);
    let server = Server::start(
        dir,
        &["--target", "gpu", "--slots", "2", "--max-context", "64"],
    );
    python(&[
        "bench/serve_load.py",
        "--base-url",
        &server.base_url(),
        "--model",
        "smollm2",
        "--clients",
        "3",
        "--requests",
        "4",
        "--duration",
        "300",
        "--timeout",
        "300",
        "--max-tokens",
        "4",
        "--expect",
        path.to_str().unwrap(),
    ]);
    server.settle();
    assert_eq!(server.health()["finished"], 4);
    let (status, body) = server.request(
        "POST",
        "/v1/completions",
        br#"{"model": "smollm2", "prompt": "The capital of France is", "max_tokens": 3, "temperature": 0}"#,
    );
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let (text, _) = kforge_run_text(dir, "The capital of France is", 3);
    assert_eq!(v["choices"][0]["text"], text.as_str(), "{v}");
    assert_eq!(v["usage"]["completion_tokens"], 3, "{v}");
    server.settle();
}

// Tests the GPU target's bad command lines: an adapter that does not exist,
// an import without @decode_batch, slots past a storage buffer: a message
// and exit 1.
#[test]
fn bad_gpu_command_lines_exit_1_with_a_message() {
    let Some(dir) = model() else { return };
    if !have_gpu() {
        return;
    }
    let model = dir.join("model.mlir");
    let (code, err) = serve_fails(&[
        model.as_os_str(),
        "--target".as_ref(),
        "gpu".as_ref(),
        "--device".as_ref(),
        "no-such-adapter".as_ref(),
    ]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("no-such-adapter"), "{err}");
    let old = old_import(dir, std::path::Path::new(env!("CARGO_TARGET_TMPDIR")));
    let (code, err) = serve_fails(&[
        old.join("model.mlir").as_os_str(),
        "--target".as_ref(),
        "gpu".as_ref(),
    ]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("has no '@decode_batch' (a batched decode step): import the model again"),
        "{err}"
    );
    // Slots past one storage buffer of lavapipe (128 MiB; a real GPU may hold them): refused before anything
    // is allocated, naming both knobs.
    let lavapipe = kforge_gpu::runtime::open_for_tests("kforge-serve --target gpu tests")
        .is_some_and(|g| g.adapter().to_string().contains("llvmpipe"));
    if lavapipe {
        let (code, err) = serve_fails(&[
            model.as_os_str(),
            "--target".as_ref(),
            "gpu".as_ref(),
            "--slots".as_ref(),
            "256".as_ref(),
            "--max-context".as_ref(),
            "2048".as_ref(),
        ]);
        assert_eq!(code, Some(1), "{err}");
        assert!(
            err.contains("per storage buffer") && err.contains("lower --slots or --max-context"),
            "{err}"
        );
    }
}
