#!/usr/bin/env bash
# The GPU autotuner on the H100, per shape: `kforge-gpu-bench matmul --tune` times every f32 MatmulTile candidate
# (GPU timestamps, one process), then the default tile and the tuned tile are timed again, each in a process of its
# own (on the H100 a kernel timed after many others in one process can run slower: bench/GPU_RESULTS.md), and torch's
# cuBLAS at the same shape in the same call (bench/gpu_h100.py: ratios and a check of the sampled outputs).
# Prepare and carry as for bench/gpu_h100.sh ([".gl", ".gpubin"]).
#   SHAPES="M,N,K ..."  (default: 4096³, SmolLM2 prefill projections of 64 and 512 rows, its LM head over 512 rows)
set -uo pipefail
OUT=${OUT:-/tmp/kforge-gpu-out}
mkdir -p "$OUT"
BIN=${KFORGE_GPU_BENCH:-.gpubin/kforge-gpu-bench}
REPS=${REPS:-20}
SHAPES=${SHAPES:-"4096,4096,4096 1024,1024,1024 64,1536,576 64,576,1536 512,1536,576 512,49152,576"}
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
echo "== $(date -u +%Y-%m-%dT%H:%MZ) $(nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader)"
quiet() { grep -v -e XDG_RUNTIME_DIR -e '^adapter:' -e '^timing:'; }
for shape in $SHAPES; do
  IFS=, read -r m n k <<<"$shape"
  tag="${m}x${n}x${k}"
  echo "== ${tag}: search (kforge-gpu-bench matmul --tune, every candidate, $REPS timed dispatches each)"
  timeout 300 "$BIN" matmul --m "$m" --n "$n" --k "$k" --dtype f32 --tune --reps "$REPS" 2>&1 | quiet | tee "$OUT/tune_$tag.txt"
  line=$(grep '^tuned f32 tile:' "$OUT/tune_$tag.txt")
  best=$(sed -n 's/^tuned f32 tile: \([^ ]*\) .*/\1/p' <<<"$line")
  default=$(sed -n 's/.*x the default \([^;]*\);.*/\1/p' <<<"$line")
  [[ -z $best || -z $default ]] && { echo "${tag}: no tuned tile"; continue; }
  : >"$OUT/kforge_$tag.jsonl"
  for tile in "$default" "$best"; do
    timeout 120 "$BIN" matmul --m "$m" --n "$n" --k "$k" --dtype f32 --tile "$tile" --reps "$REPS" \
      --json "$OUT/one.jsonl" 2>&1 | quiet
    [[ -s "$OUT/one.jsonl" ]] && cat "$OUT/one.jsonl" >>"$OUT/kforge_$tag.jsonl"
    rm -f "$OUT/one.jsonl"
    [[ $best == "$default" ]] && break
  done
  PYTHONUNBUFFERED=1 python3 bench/gpu_h100.py --kforge "$OUT/kforge_$tag.jsonl" --json-out "$OUT/table_$tag.json"
done
