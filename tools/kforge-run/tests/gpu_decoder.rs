//! The decoder on the GPU (`--target gpu --prompt-ids …`), on lavapipe where there is no GPU: the France prompt
//! gives the CPU's (reference) ids, and the first-step logits are within 1e-3 of the CPU's. Lavapipe runs a
//! token in about a second, so only a few tokens. Without any Vulkan adapter the GPU tests print `SKIPPED: …`
//! (`KFORGE_REQUIRE_GPU=1` makes that a failure).
mod common;

use common::{model, model_as_stored};
use std::path::Path;
use std::process::{Command, Output};

const RUN: &str = env!("CARGO_BIN_EXE_kforge-run");
const FRANCE: &str = "504,3575,282,4649,314";

fn run(args: &[&str]) -> Output {
    Command::new(RUN)
        .args(args)
        .env("XDG_RUNTIME_DIR", std::env::temp_dir())
        .output()
        .expect("kforge-run runs")
}

fn have_gpu() -> bool {
    let out = run(&["--device", "list"]);
    if out.status.success() {
        return true;
    }
    let why = String::from_utf8_lossy(&out.stderr);
    assert!(
        !kforge_gpu::runtime::gpu_required(),
        "KFORGE_REQUIRE_GPU=1 but no adapter: {why}"
    );
    eprintln!("SKIPPED: GPU decoder tests did not run: {why}");
    false
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "kforge-run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

fn logits(path: &Path) -> Vec<f32> {
    let bytes = std::fs::read(path).unwrap();
    let st = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    st.tensor("logits")
        .unwrap()
        .data()
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

/// Greedy ids of the France prompt (4 tokens) from the model in `dir`, on the GPU or the CPU; the first step's
/// logits are saved to `logits`.
fn france(dir: &Path, logits: &Path, gpu: bool) -> serde_json::Value {
    france_with(dir, logits, gpu, &[])
}

fn france_with(dir: &Path, logits: &Path, gpu: bool, extra: &[&str]) -> serde_json::Value {
    let model = dir.join("model.mlir");
    let mut args = vec![
        model.to_str().unwrap(),
        "--prompt-ids",
        FRANCE,
        "--max-tokens",
        "4",
        "--ignore-eos",
        // 64 rows: the decode step's attention runs split across two key blocks.
        "--max-context",
        "64",
        "--json",
        "--save-logits",
        logits.to_str().unwrap(),
    ];
    if gpu {
        args.extend(["--target", "gpu"]);
    }
    args.extend(extra);
    json(&run(&args))
}

/// The prompt in one run of the `@prefill` program of its length (the default) and token by token through the
/// `@decode` step: the same tokens, first-step logits within f32 summation-order noise.
#[test]
fn batched_gpu_prefill_gives_the_token_by_token_prefill_s_tokens() {
    let Some(dir) = model() else { return };
    if !have_gpu() {
        return;
    }
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let (batched_logits, token_logits) =
        (tmp.join("batched-logits.st"), tmp.join("token-logits.st"));
    let batched = france(dir, &batched_logits, true);
    let token = france_with(dir, &token_logits, true, &["--gpu-token-prefill"]);
    assert_eq!(batched["ids"], token["ids"]);
    let diff = logits_diff(&batched_logits, &token_logits);
    assert!(diff < 1e-3, "first-step logits differ by {diff}");
}

/// Max |a − b| over two runs' saved logits.
fn logits_diff(a: &Path, b: &Path) -> f32 {
    let (a, b) = (logits(a), logits(b));
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(&b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0f32, f32::max)
}

#[test]
fn france_prompt_on_the_gpu_gives_the_cpu_tokens_and_logits() {
    let Some(dir) = model() else { return };
    if !have_gpu() {
        return;
    }
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let (gpu_logits, cpu_logits) = (tmp.join("gpu-logits.st"), tmp.join("cpu-logits.st"));
    let gpu = france(dir, &gpu_logits, true);
    let cpu = france(dir, &cpu_logits, false);
    // The reference's first four (ANCHORS.md): " Paris.\n\n".
    assert_eq!(gpu["ids"], serde_json::json!([7042, 30, 198, 198]));
    assert_eq!(gpu["ids"], cpu["ids"]);
    let diff = logits_diff(&gpu_logits, &cpu_logits);
    assert!(diff < 1e-3, "first-step logits differ by {diff}");
}

/// The shipped GGUF imported as stored (Q4_1 projections, a Q8_0 table) runs on the GPU from its blocks with f32
/// activations, the f32 op on the dequantized weights (`kforge_gpu::weights`): the tokens and first-step logits
/// of the f32 import of the same file on the CPU.
#[test]
fn the_shipped_gguf_as_stored_on_the_gpu_gives_the_f32_import_s_tokens() {
    let (Some(stored), Some(f32_dir)) = (model_as_stored(), model()) else {
        return;
    };
    if !have_gpu() {
        return;
    }
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let (gpu_logits, cpu_logits) = (
        tmp.join("gpu-stored-logits.st"),
        tmp.join("cpu-f32-logits.st"),
    );
    let gpu = france(stored, &gpu_logits, true);
    let cpu = france(f32_dir, &cpu_logits, false);
    assert_eq!(gpu["ids"], cpu["ids"]);
    let diff = logits_diff(&gpu_logits, &cpu_logits);
    // Measured 8.7e-5 on lavapipe (logits up to 19.8).
    assert!(diff < 1e-3, "first-step logits differ by {diff}");
}

#[test]
fn the_decode_program_is_written_without_an_adapter() {
    let Some(dir) = model() else { return };
    let out_path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("decode-program.json");
    let out = run(&[
        dir.join("model.mlir").to_str().unwrap(),
        "--target",
        "gpu",
        "--gpu-program",
        out_path.to_str().unwrap(),
        "--max-context",
        "64",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let program = kforge_gpu_program(&std::fs::read_to_string(&out_path).unwrap());
    assert_eq!(program["name"], "decode");
    assert_eq!(program["kv_capacity"], 64);
    // ids, positions, position, last and 2 caches per layer in; logits and the caches out.
    assert_eq!(program["inputs"].as_array().unwrap().len(), 4 + 60);
    assert_eq!(program["outputs"].as_array().unwrap().len(), 1 + 60);
}

/// `--gpu-prefill-len N`: the `@prefill` program of an N-token prompt (ids and positions of N rows), the same
/// inputs and outputs as `@decode`; a length of 0, or the flag without `--gpu-program`, is refused.
#[test]
fn the_prefill_program_of_a_prompt_length_is_written() {
    let Some(dir) = model() else { return };
    let model = dir.join("model.mlir");
    let out_path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("prefill-program.json");
    let args = |len: &str| {
        vec![
            model.to_str().unwrap().to_string(),
            "--target".into(),
            "gpu".into(),
            "--gpu-program".into(),
            out_path.to_str().unwrap().into(),
            "--max-context".into(),
            "64".into(),
            "--gpu-prefill-len".into(),
            len.into(),
        ]
    };
    let out = run(&args("7").iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let program = kforge_gpu_program(&std::fs::read_to_string(&out_path).unwrap());
    assert_eq!(program["name"], "prefill");
    let input_len = |i: usize| {
        let v = program["inputs"][i].as_u64().unwrap() as usize;
        program["values"][v]["Int"]["len"].as_u64().unwrap()
    };
    assert_eq!(
        (input_len(0), input_len(1), input_len(2), input_len(3)),
        (7, 7, 1, 1)
    );
    assert_eq!(program["inputs"].as_array().unwrap().len(), 4 + 60);
    assert_eq!(program["outputs"].as_array().unwrap().len(), 1 + 60);
    let zero = run(&args("0").iter().map(String::as_str).collect::<Vec<_>>());
    assert!(!zero.status.success());
    assert!(String::from_utf8_lossy(&zero.stderr).contains("--gpu-prefill-len"));
    let alone = run(&[model.to_str().unwrap(), "--gpu-prefill-len", "4"]);
    assert!(!alone.status.success());
    assert!(String::from_utf8_lossy(&alone.stderr).contains("--gpu-program"));
}

fn kforge_gpu_program(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("the program is JSON")
}

#[test]
fn a_token_outside_the_vocabulary_fails_cleanly_on_the_gpu() {
    let Some(dir) = model() else { return };
    let out = run(&[
        dir.join("model.mlir").to_str().unwrap(),
        "--target",
        "gpu",
        "--prompt-ids",
        "504,999999",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("outside the vocabulary"), "{err}");
}
