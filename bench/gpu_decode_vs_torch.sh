#!/usr/bin/env bash
# Batch-1 decode on one GPU in one device call (issue 15's table): kforge's decoder program (f32 and f16 weights)
# beside the reference a PyTorch user would pick — a plain decoder of the same shapes with a static KV cache, one
# greedy step captured as a CUDA graph (bench/gpu_decode_torch_graph.py, f32 and bf16) — and Hugging Face eager
# `generate` (bench/gpu_decode_hf.py) as a second row. Interleaved rounds, medians, ratios to the torch f32 graph.
#
# Prepare here (once; see bench/GPU_RESULTS.md for .gl/ and .gpubin/):
#   cargo build --release -p kforge-gpu --bin kforge-gpu-bench && strip -o .gpubin/kforge-gpu-bench target/release/kforge-gpu-bench
#   kforge-import models/smollm2-135m-instruct/model.gguf -o DIR --weights f32|f16   (one folder each)
#   kforge-run DIR/model.mlir --target gpu --max-context 256 --gpu-program .gpubin/decode-FORMAT.json   (f32 f16)
# Run there (device tool, carry [".gl", ".gpubin"]):  bash bench/gpu_decode_vs_torch.sh
set -uo pipefail
export OUT=${OUT:-/tmp/kforge-gpu-out}
mkdir -p "$OUT"
BIN=${KFORGE_GPU_BENCH:-.gpubin/kforge-gpu-bench}
PROGRAMS=${PROGRAMS:-.gpubin}
ROUNDS=${ROUNDS:-3}
TOKENS=${TOKENS:-128}
FORMATS=${FORMATS:-f32 f16}

source bench/gpu_env.sh
python3 -c "import torch; print('torch', torch.__version__, torch.cuda.get_device_name())"
for round in $(seq "$ROUNDS"); do
  for fmt in $FORMATS; do
    "$BIN" decode --program "$PROGRAMS/decode-$fmt.json" --tokens "$TOKENS" --json "$OUT/kforge_${fmt}_r$round.json" 2>&1 |
      grep -v XDG_RUNTIME_DIR | sed "s/^/[kforge $fmt r$round] /"
  done
  for dt in float32 bfloat16; do
    PYTHONUNBUFFERED=1 python3 bench/gpu_decode_torch_graph.py --dtype "$dt" --tokens "$TOKENS" \
      --json "$OUT/torch_${dt}_r$round.json" 2>&1 | grep -v -i warn | sed "s/^/[torch $dt r$round] /"
  done
done
PYTHONUNBUFFERED=1 python3 - "$TOKENS" "$OUT/hf_eager.json" <<'PY' 2>&1 | grep -v -i warn
import json, sys, torch
sys.path.insert(0, "bench")
from gpu_decode_hf import hf_tokens_per_s
tokens, out = int(sys.argv[1]), sys.argv[2]
rate = hf_tokens_per_s(torch.float32, tokens)
print(f"HF transformers eager float32: {rate:.1f} tokens/s")
json.dump({"tokens_per_s": rate}, open(out, "w"))
PY
python3 - "$OUT" "$ROUNDS" $FORMATS <<'PY'
import glob, json, statistics, sys
out, rounds, formats = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def med(pattern, key):
    vals = [json.load(open(p))[key] for p in sorted(glob.glob(f"{out}/{pattern}")) if key in json.load(open(p))]
    return statistics.median(vals) if vals else None
rows = []
for fmt in formats:
    rows.append((f"kforge decoder program, {fmt} weights (argmax on the device)",
                 med(f"kforge_{fmt}_r*.json", "tokens_per_s"), med(f"kforge_{fmt}_r*.json", "gpu_ms_per_token")))
    rows.append((f"kforge decoder program, {fmt} weights (host argmax, a round trip per token)",
                 med(f"kforge_{fmt}_r*.json", "tokens_per_s_host_argmax"), None))
for dt in ["float32", "bfloat16"]:
    rows.append((f"PyTorch CUDA graph, static cache, {dt} (id read per token)",
                 med(f"torch_{dt}_r*.json", "tokens_per_s"), None))
    rows.append((f"PyTorch CUDA graph, static cache, {dt} (no read-back)",
                 med(f"torch_{dt}_r*.json", "tokens_per_s_no_readback"), None))
hf = json.load(open(f"{out}/hf_eager.json"))["tokens_per_s"] if glob.glob(f"{out}/hf_eager.json") else None
rows.append(("HF transformers eager, float32", hf, None))
ref = rows[2 * len(formats)][1]
print(f"\n| decode, batch 1, {rounds} interleaved rounds (medians) | tokens/s | vs torch graph f32 | GPU ms/token |")
print("| --- | --- | --- | --- |")
for name, rate, ms in rows:
    ratio = f"{rate / ref:.2f}x" if rate and ref else "-"
    print(f"| {name} | {rate:.1f} | {ratio} | {ms:.3f} |" if ms else f"| {name} | {rate or 0:.1f} | {ratio} | - |")
PY
