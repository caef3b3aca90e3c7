#!/usr/bin/env bash
# The decoder program with f32, f16, Q8_0 and Q4_1 weights on one GPU in one device call (issue 14's GPU figures):
# interleaved rounds of `kforge-gpu-bench decode --program` (random weights of each format, greedy, 128 tokens),
# then medians and ratios against f32.
#
# Prepare here (once; see bench/GPU_RESULTS.md for .gl/ and .gpubin/):
#   cargo build --release -p kforge-gpu --bin kforge-gpu-bench && strip -o .gpubin/kforge-gpu-bench target/release/kforge-gpu-bench
#   kforge-import models/smollm2-135m-instruct/model.gguf -o DIR --weights f32|f16|q8_0|as-stored   (one folder each)
#   kforge-run DIR/model.mlir --target gpu --max-context 256 --gpu-program .gpubin/decode-FORMAT.json   (f32 f16 q8_0 q4_1)
# Run there (device tool, carry [".gl", ".gpubin"]):  bash bench/gpu_decode_formats.sh
set -uo pipefail
export OUT=${OUT:-/tmp/kforge-gpu-out}
mkdir -p "$OUT"
BIN=${KFORGE_GPU_BENCH:-.gpubin/kforge-gpu-bench}
ROUNDS=${ROUNDS:-3}
TOKENS=${TOKENS:-128}
FORMATS=${FORMATS:-f32 f16 q8_0 q4_1}

source bench/gpu_env.sh
for round in $(seq "$ROUNDS"); do
  for fmt in $FORMATS; do
    "$BIN" decode --program ".gpubin/decode-$fmt.json" --tokens "$TOKENS" --json "$OUT/decode_${fmt}_r$round.json" 2>&1 |
      grep -v XDG_RUNTIME_DIR | sed "s/^/[$fmt r$round] /"
  done
done
python3 - "$OUT" $FORMATS <<'PY'
import json, statistics, sys
out, formats = sys.argv[1], sys.argv[2:]
def weight_bytes(fmt):
    p = json.load(open(f".gpubin/decode-{fmt}.json"))
    total = 0
    for v in p["values"]:
        w = v.get("Weight")
        if w:
            n = 1
            for d in w["shape"]:
                n *= d
            total += n * (4 if w.get("format", "f32") == "f32" else 1)
    return total
rows = {}
for fmt in formats:
    runs = []
    r = 1
    while True:
        try:
            runs.append(json.load(open(f"{out}/decode_{fmt}_r{r}.json")))
        except FileNotFoundError:
            break
        r += 1
    if runs:
        rows[fmt] = (statistics.median(x["tokens_per_s"] for x in runs),
                     statistics.median(x["gpu_ms_per_token"] for x in runs),
                     runs[0]["kernels_per_token"], len(runs), weight_bytes(fmt))
base = rows.get("f32")
print("| weights | tok/s (median) | vs f32 | GPU ms/token | kernels/token | weight MB/token | rounds |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for fmt, (tps, ms, kernels, n, wb) in rows.items():
    ratio = f"{tps / base[0]:.2f}x" if base else "-"
    print(f"| {fmt} | {tps:.1f} | {ratio} | {ms:.3f} | {kernels} | {wb / 1e6:.0f} | {n} |")
json.dump({k: dict(zip(["tokens_per_s", "gpu_ms_per_token", "kernels_per_token", "rounds", "weight_bytes"], v))
           for k, v in rows.items()}, open(f"{out}/decode_formats.json", "w"), indent=1)
PY
