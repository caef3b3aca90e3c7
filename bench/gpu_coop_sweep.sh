#!/usr/bin/env bash
# The f16 cooperative-matrix sweep alone, one process per tile (a driver crash or hang costs one tile), then torch's
# cuBLAS at the same shape and the table. Prepare and carry as for bench/gpu_h100.sh ([".gl", ".gpubin"]).
#   TILES="0 1 2"  indices into kforge_gpu::bench::coop_tiles() (default: all of them)
#   F32=1          also the f32 tiled kernel (first, its own process)
set -uo pipefail
OUT=${OUT:-/tmp/kforge-gpu-out}
mkdir -p "$OUT"
BIN=${KFORGE_GPU_BENCH:-.gpubin/kforge-gpu-bench}
SIZE=${SIZE:-4096}
REPS=${REPS:-20}
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
echo "== $(date -u +%Y-%m-%dT%H:%MZ) $(nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader)"
# Without TILES, every tile: the count comes from the refusal of an index past the end.
COUNT=$("$BIN" matmul --dtype f16 --sweep --tiles 100000 2>&1 | sed -n 's/.*the sweep has \([0-9]*\) tiles.*/\1/p')
TILES=${TILES:-$(seq 0 $((${COUNT:-1} - 1)))}
: >"$OUT/kforge.jsonl"
# F32=1: the f32 tiled kernel first, in its own process, so that the table holds both.
if [[ ${F32:-0} == 1 ]]; then
  timeout 60 "$BIN" matmul --m "$SIZE" --n "$SIZE" --k "$SIZE" --dtype f32 --reps "$REPS" --json "$OUT/f32.jsonl" 2>&1 |
    grep -v -e XDG_RUNTIME_DIR -e '^kernel ' -e '^timing:' -e '^adapter:' | tee -a "$OUT/kforge.txt"
  [[ -s "$OUT/f32.jsonl" ]] && cat "$OUT/f32.jsonl" >>"$OUT/kforge.jsonl"
  rm -f "$OUT/f32.jsonl"
fi
for i in $TILES; do
  timeout 60 "$BIN" matmul --m "$SIZE" --n "$SIZE" --k "$SIZE" --dtype f16 --sweep --tiles "$i" --reps "$REPS" \
    --json "$OUT/t$i.jsonl" 2>&1 | grep -v -e XDG_RUNTIME_DIR -e '^kernel ' -e '^timing:' -e '^adapter:' | tee -a "$OUT/kforge.txt"
  rc=${PIPESTATUS[0]}
  [[ $rc != 0 ]] && echo "tile $i: exit $rc" | tee -a "$OUT/kforge.txt"
  [[ -s "$OUT/t$i.jsonl" ]] && cat "$OUT/t$i.jsonl" >>"$OUT/kforge.jsonl"
  rm -f "$OUT/t$i.jsonl"
done
echo "== torch (cuBLAS) at the same shape, check of kforge's samples, table"
PYTHONUNBUFFERED=1 python3 bench/gpu_h100.py --kforge "$OUT/kforge.jsonl" --json-out "$OUT/table.json"
