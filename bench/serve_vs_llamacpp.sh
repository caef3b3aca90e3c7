#!/usr/bin/env bash
# Serving under load, kforge-serve beside llama.cpp's server (llama-cpp-python[server],
# installed by scripts/setup-bench.sh) on the same f32 weights, loopback only, one run.
# llama-cpp-python's server runs one request at a time (later ones wait; with its default
# interrupt_requests a new request would cut the running one off, so that is turned off):
#   1 client (4 requests) and 8 concurrent clients (16 requests), greedy, 128 new tokens,
#   streamed; reports aggregate generated tok/s, time to first token (median, p95) and
#   the ratio 8 clients / 1 client for each server (bench/serve_load.py does the load).
# usage: bench/serve_vs_llamacpp.sh [OUT_DIR]   (default bench/results)
# Env: KFORGE_ISA as for every tool (name the ISA with the figures), THREADS (default 2),
#      KFORGE_ONLY=1 to leave llama.cpp out (e.g. a forced lower ISA, where its build would differ).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT_DIR="${1:-bench/results}"
BIN=target/debug
WORK=target/bench/serve-f32
THREADS="${THREADS:-2}"
MAX_TOKENS="${MAX_TOKENS:-128}"
mkdir -p "$OUT_DIR" "$WORK"
if [ ! -f "$WORK/model.mlir" ] || [ "$BIN/kforge-import" -nt "$WORK/model.mlir" ]; then
  $BIN/kforge-import models/smollm2-135m-instruct/model.gguf -o "$WORK" --export-gguf-f32 "$WORK/smollm2-f32.gguf" -q
fi
STAMP="$(date -u +%Y-%m-%dT%H%M)"
ISA="$($BIN/kforge-run --isa list | head -1)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_ready() {  # URL
  for _ in $(seq 1 600); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "serve-bench: $1 never answered" >&2; return 1
}

load() {  # LABEL BASE_URL MODEL CLIENTS REQUESTS EXTRA…
  local label=$1 url=$2 model=$3 clients=$4 requests=$5; shift 5
  python3 bench/serve_load.py --base-url "$url" --model "$model" --clients "$clients" \
    --requests "$requests" --max-tokens "$MAX_TOKENS" --duration 600 --warmup --label "$label" \
    --json "$OUT_DIR/serve_${label}_c${clients}_${STAMP}.json" "$@" >/dev/null
  python3 - "$OUT_DIR/serve_${label}_c${clients}_${STAMP}.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"  {r['server']:<10} {r['clients']} clients: {r['requests']} requests ({r['failed']} failed), "
      f"{r['aggregate_tokens_per_second']} tok/s aggregate, TTFT median {r['ttft_median_ms']} ms, "
      f"p95 {r['ttft_p95_ms']} ms, per stream {r['stream_decode_tokens_per_second_median']} tok/s")
PY
}

echo "serve-bench: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, ISA ${KFORGE_ISA:-$ISA}, $THREADS threads, $MAX_TOKENS new tokens"
PORT=18181
RAYON_NUM_THREADS=$THREADS $BIN/kforge-serve "$WORK/model.mlir" --port $PORT --slots 8 --max-context 1024 \
  --model-name smollm2 2>"$OUT_DIR/.kforge-serve.log" &
pids+=($!)
wait_ready "http://127.0.0.1:$PORT/health"
load kforge "http://127.0.0.1:$PORT/v1" smollm2 1 4
load kforge "http://127.0.0.1:$PORT/v1" smollm2 8 16
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true
servers=(kforge)
if [ "${KFORGE_ONLY:-0}" != "1" ]; then
servers+=(llamacpp)

LPORT=18182
python3 -m llama_cpp.server --model "$WORK/smollm2-f32.gguf" --model_alias smollm2 --n_ctx 1024 \
  --n_threads "$THREADS" --n_threads_batch "$THREADS" --interrupt_requests False --host 127.0.0.1 --port $LPORT \
  >"$OUT_DIR/.llamacpp-server.log" 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$LPORT/v1/models"
load llamacpp "http://127.0.0.1:$LPORT/v1" smollm2 1 4 --chunk-tokens
load llamacpp "http://127.0.0.1:$LPORT/v1" smollm2 8 16 --chunk-tokens
fi
python3 - "$OUT_DIR" "$STAMP" "${servers[@]}" <<'PY'
import json, sys
d, stamp = sys.argv[1:3]
for s in sys.argv[3:]:
    one = json.load(open(f"{d}/serve_{s}_c1_{stamp}.json"))
    eight = json.load(open(f"{d}/serve_{s}_c8_{stamp}.json"))
    print(f"  {s}: 8 clients / 1 client aggregate = {eight['aggregate_tokens_per_second'] / one['aggregate_tokens_per_second']:.2f}x")
PY
