#!/usr/bin/env bash
# The GPU benchmark in one device call: Vulkan loader, kforge's GPU kernels (timed with GPU timestamps) and torch's
# cuBLAS at the same shapes in the same run, each checked against the other, then one table.
#
# Prepare here (once; see bench/GPU_RESULTS.md):
#   cargo build --release -p kforge-gpu --bin kforge-gpu-bench && mkdir -p .gpubin &&
#   strip -o .gpubin/kforge-gpu-bench target/release/kforge-gpu-bench
#   target/debug/kforge-run models/smollm2-135m-instruct/kforge/model.mlir --target gpu --max-context 256 \
#     --gpu-program .gpubin/decode.json     # the model's @decode as a GPU program (what --target gpu --prompt runs)
#   .gl/: the debs of libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2 (device README's recipe); both folders are in .git/info/exclude.
# Run there (device tool, carry [".gl", ".gpubin"]):  bash bench/gpu_h100.sh
set -uo pipefail
export OUT=${OUT:-/tmp/kforge-gpu-out}
mkdir -p "$OUT"
BIN=${KFORGE_GPU_BENCH:-.gpubin/kforge-gpu-bench}
SIZE=${SIZE:-4096}
PARTS=${PARTS:-matmul,decode}   # which parts to run

source bench/gpu_env.sh
if [[ $PARTS == *matmul* ]]; then
echo "== the f32 kernel with wgpu's injected bounds checks kept (--checked)"
"$BIN" matmul --m "$SIZE" --n "$SIZE" --k "$SIZE" --dtype f32 --reps 10 --checked 2>&1 | grep -v XDG_RUNTIME_DIR
# One process per kernel: on an H100 (2026-11-26) a kernel timed after others in the same process ran up to 5x
# slower (tile 25: 230.6 first, 93.2 after four other tiles), so the sweep of one process misleads there.
echo "== kforge-gpu-bench matmul ${SIZE}^3, one process per kernel (f32 tiled + every cooperative-matrix tile), torch, table"
F32=1 bash bench/gpu_coop_sweep.sh
fi
if [[ $PARTS == *decode* ]]; then
echo "== decode: the model.mlir decoder program (random weights), the hand-built loop, HF transformers eager generate"
PROGRAM=${PROGRAM:-.gpubin/decode.json}
"$BIN" decode --program "$PROGRAM" --tokens 128 --json "$OUT/decode_program.json" 2>&1 | grep -v XDG_RUNTIME_DIR
"$BIN" decode --program "$PROGRAM" --tokens 128 --checked --json "$OUT/decode_program_checked.json" 2>&1 | grep -v XDG_RUNTIME_DIR
"$BIN" decode --program "$PROGRAM" --tokens 128 --pass-per-kernel --json "$OUT/decode_program_passes.json" 2>&1 | grep -v XDG_RUNTIME_DIR
python3 -c "import json,sys; a,b=(json.load(open(p))['ids'] for p in sys.argv[1:]); print('one pass per step vs a pass per kernel: ids', 'IDENTICAL' if a==b else 'DIFFER')" \
  "$OUT/decode_program.json" "$OUT/decode_program_passes.json"
"$BIN" decode --tokens 128 --json "$OUT/decode_loop.json" 2>&1 | grep -v XDG_RUNTIME_DIR
PYTHONUNBUFFERED=1 python3 bench/gpu_decode_hf.py --kforge "$OUT/decode_program.json" \
  "$OUT/decode_program_checked.json" "$OUT/decode_loop.json" 2>&1 | grep -v -i warn
fi
