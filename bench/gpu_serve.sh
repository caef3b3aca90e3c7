#!/usr/bin/env bash
# kforge-serve --target gpu under load on the device machine (an H100): 1 streaming client (8 requests) and 8
# concurrent clients (32 requests), greedy, MAX_TOKENS new tokens each, loopback; aggregate generated tok/s,
# time to first token (median, p95) and the ratio 8 clients / 1 client (bench/serve_load.py does the load, as
# bench/serve_vs_llamacpp.sh does on the CPU). The weights are random values in the real import's layout
# (bench/random_weights.py): the model's shapes and cost, not its text.
# Prepare here: bash bench/gpu_serve_prepare.sh; run there (carry [".gl", ".gpubin"]): bash bench/gpu_serve.sh
# Results (JSON per run, the server's log) go to $OUT (default bench/results).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-bench/results}"
MAX_TOKENS="${MAX_TOKENS:-128}"
SLOTS="${SLOTS:-8}"
S=.gpubin/serve
W=/tmp/kforge-serve-model
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
echo "== $(date -u +%Y-%m-%dT%H:%MZ) $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null)"
mkdir -p "$W" "$OUT"
xz -dc "$S/kforge-serve.xz" > /tmp/kforge-serve && chmod +x /tmp/kforge-serve
cp "$S"/model/model.mlir "$S"/model/*.json "$W/"
python3 bench/random_weights.py "$S/model/weights.header" "$W/weights.safetensors"
# VARIANTS: space-separated LABEL or LABEL:VAR=VALUE,VAR=VALUE runs of the server, one after the other in this
# call (an A/B of a setting on one machine); the default is one run of the build as it is.
serve_run() {
  local label="$1" settings="$2"
  local STAMP="$(date -u +%Y-%m-%dT%H%M)_$label"
  local LOG="$OUT/kforge-serve-gpu_$label.log"
  echo "== variant $label ${settings:-(defaults)}"
  env ${settings//,/ } KFORGE_GPU_PROFILE_STEPS=${KFORGE_GPU_PROFILE_STEPS:-97} /tmp/kforge-serve "$W/model.mlir" \
    --target gpu --slots "$SLOTS" --max-context 1024 --port 18181 --model-name smollm2 2>"$LOG" &
  pid=$!
  for _ in $(seq 1 600); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:18181/health')" 2>/dev/null && break
    kill -0 $pid 2>/dev/null || { cat "$LOG"; exit 1; }
    sleep 0.5
  done
  head -3 "$LOG"
  # Warm-up, not recorded: every prompt once (a prompt length's @prefill program and each batch size's
  # @decode_batch program are built on first use).
  python3 bench/serve_load.py --base-url http://127.0.0.1:18181/v1 --model smollm2 --clients 8 --requests 16 \
    --max-tokens 8 --duration 300 >/dev/null
  for run in "1 8" "8 32"; do
    set -- $run
    health > "$OUT/health_before_c$1.json"
    python3 bench/serve_load.py --base-url http://127.0.0.1:18181/v1 --model smollm2 --clients "$1" \
      --requests "$2" --max-tokens "$MAX_TOKENS" --duration 300 --warmup --label kforge-gpu \
      --json "$OUT/serve_gpu_c$1_$STAMP.json" >/dev/null
    health > "$OUT/health_after_c$1.json"
  done
  kill $pid; wait $pid 2>/dev/null || true
  summarize "$STAMP"
  # A few profiled steps (every 97th step runs with timestamps, a pass per dispatch: slower than the others).
  grep -F '[kforge] GPU step of 1 rows' "$LOG" | tail -1 | cut -c1-700
  grep -F '[kforge] GPU step of 8 rows' "$LOG" | tail -2 | cut -c1-700
}
health() { python3 -c "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:18181/health').read().decode())"; }
summarize() {
python3 - "$OUT" "$1" <<'PY'
import json, sys
d, stamp = sys.argv[1:3]
runs = {c: json.load(open(f"{d}/serve_gpu_c{c}_{stamp}.json")) for c in (1, 8)}
for c, r in runs.items():
    print(f"  kforge-serve --target gpu, {c} clients: {r['requests']} requests ({r['failed']} failed), "
          f"{r['generated_tokens']} tokens, {r['aggregate_tokens_per_second']} tok/s aggregate, TTFT median "
          f"{r['ttft_median_ms']} ms, p95 {r['ttft_p95_ms']} ms, per stream {r['stream_decode_tokens_per_second_median']} tok/s")
print(f"  8 clients / 1 client aggregate = {runs[8]['aggregate_tokens_per_second'] / runs[1]['aggregate_tokens_per_second']:.2f}x")
for c, r in runs.items():
    a, b = (json.load(open(f"{d}/health_{w}_c{c}.json")) for w in ("before", "after"))
    steps = b["decode_steps"] - a["decode_steps"]
    if steps:
        secs = b["decode_step_seconds"] - a["decode_step_seconds"]
        rows = b["decode_step_rows"] - a["decode_step_rows"]
        print(f"  {c} clients: {steps} decode steps, {rows / steps:.2f} rows a step, {secs / steps * 1e3:.3f} ms a step "
              f"inside the decoder, {secs / r['wall_seconds'] * 100:.0f}% of the run's wall time")
PY
}
trap 'kill $pid 2>/dev/null || true' EXIT
pid=
for v in ${VARIANTS:-build}; do
  serve_run "${v%%:*}" "$( [[ $v == *:* ]] && echo "${v#*:}" )"
done
