#!/usr/bin/env bash
# Prefill of a 512-token prompt on one GPU in one device call (issue 15): kforge's `@prefill` program in one run
# (f32 and f16 weights) and token by token through `@decode` (kforge-gpu-bench prefill), beside a plain PyTorch
# forward of the same shapes over the whole prompt (bench/gpu_decode_torch_graph.py --prefill, f32 with TF32 off,
# and bf16). Interleaved rounds; medians.
#
# Prepare here (once; .gl/ and .gpubin/ as bench/GPU_RESULTS.md says):
#   cargo build --release -p kforge-gpu --bin kforge-gpu-bench && strip -o .gpubin/kforge-gpu-bench target/release/kforge-gpu-bench
#   for f in f32 f16: kforge-import … -o DIR --weights $f, then
#     kforge-run DIR/model.mlir --target gpu --max-context 1024 --gpu-program .gpubin/decode-$f-c1024.json
#     kforge-run DIR/model.mlir --target gpu --max-context 1024 --gpu-program .gpubin/prefill-$f-512.json --gpu-prefill-len 512
# Run there (device tool, carry [".gl", ".gpubin"]):  bash bench/gpu_prefill_vs_torch.sh
set -uo pipefail
export OUT=${OUT:-/tmp/kforge-gpu-out}
mkdir -p "$OUT"
BIN=${KFORGE_GPU_BENCH:-.gpubin/kforge-gpu-bench}
PROGRAMS=${PROGRAMS:-.gpubin}
ROUNDS=${ROUNDS:-3}
LEN=${LEN:-512}
FORMATS=${FORMATS:-f32 f16}

source bench/gpu_env.sh
for round in $(seq "$ROUNDS"); do
  for fmt in $FORMATS; do
    "$BIN" prefill --decode-program "$PROGRAMS/decode-$fmt-c1024.json" --program "$PROGRAMS/prefill-$fmt-$LEN.json" \
      --reps 5 --json "$OUT/kforge_prefill_${fmt}_r$round.json" 2>&1 | grep -v XDG_RUNTIME_DIR | sed "s/^/[kforge $fmt r$round] /"
  done
  for dt in float32 bfloat16; do
    PYTHONUNBUFFERED=1 python3 bench/gpu_decode_torch_graph.py --prefill "$LEN" --dtype "$dt" --reps 5 \
      --json "$OUT/torch_prefill_${dt}_r$round.json" 2>&1 | grep -v -i warn | sed "s/^/[torch $dt r$round] /"
  done
done
python3 - "$OUT" "$LEN" $FORMATS <<'PY'
import glob, json, statistics, sys
out, n, formats = sys.argv[1], sys.argv[2], sys.argv[3:]
def med(pattern, key):
    vals = [json.load(open(p)).get(key) for p in sorted(glob.glob(f"{out}/{pattern}"))]
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else None
rows = []
for fmt in formats:
    rows.append((f"kforge @prefill program, {fmt} weights (one run)", med(f"kforge_prefill_{fmt}_r*.json", "batched_tokens_per_s")))
    rows.append((f"kforge token by token through @decode, {fmt} weights", med(f"kforge_prefill_{fmt}_r*.json", "token_tokens_per_s")))
for dt in ["float32", "bfloat16"]:
    rows.append((f"PyTorch eager forward over the prompt, {dt}", med(f"torch_prefill_{dt}_r*.json", "tokens_per_s")))
ref = rows[2 * len(formats)][1]
print(f"\n| prefill of {n} tokens (medians) | tokens/s | vs torch f32 |")
print("| --- | --- | --- |")
for name, rate in rows:
    print(f"| {name} | {rate or 0:.0f} | {rate / ref:.2f}x |" if rate and ref else f"| {name} | {rate or 0:.0f} | - |")
PY
