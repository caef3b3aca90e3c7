#!/usr/bin/env bash
# The decode step's projections (SmolLM2-135M's shapes, f32) at 1 and 8 rows, each kernel timed alone with GPU
# timestamps by `kforge-gpu-bench kernel` (wgpu's bounds checks kept, as kforge-serve runs them), with the
# workgroup-memory zeroing skipped (the default) and forced (KFORGE_GPU_ZERO_WORKGROUP_MEMORY=1): where a batched
# step's row-dependent GPU time goes, kernel by kernel; then the 8-row kernels under the several-row form's
# variants (threads per workgroup, the sums reduced with subgroup operations).
# Prepare here: cargo build --release -p kforge-gpu --bin kforge-gpu-bench &&
#   mkdir -p .gpubin/kbench && strip -o .gpubin/kbench/kforge-gpu-bench target/release/kforge-gpu-bench
# Run there (carry [".gl", ".gpubin/kbench"]): bash bench/gpu_gemv_rows.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${BIN:-.gpubin/kbench/kforge-gpu-bench}"
source bench/gpu_env.sh
specs=()
for m in ${ROWS:-1 8}; do
  specs+=(--spec "{\"MultiGemv\":{\"m\":$m,\"k\":576,\"ns\":[576,192,192],\"norm_eps\":1e-5}}")
  specs+=(--spec "{\"Gemv\":{\"m\":$m,\"n\":576,\"k\":576,\"bias\":false}}")
  specs+=(--spec "{\"SwigluGemv\":{\"m\":$m,\"n\":1536,\"k\":576,\"norm_eps\":1e-5}}")
  specs+=(--spec "{\"Gemv\":{\"m\":$m,\"n\":576,\"k\":1536,\"bias\":false}}")
  specs+=(--spec "{\"MultiGemv\":{\"m\":$m,\"k\":576,\"ns\":[49152],\"norm_eps\":1e-5}}")
done
for zero in 0 1; do
  echo "== KFORGE_GPU_ZERO_WORKGROUP_MEMORY=$zero"
  KFORGE_GPU_ZERO_WORKGROUP_MEMORY=$zero "$BIN" kernel --checked --reps "${REPS:-200}" "${specs[@]}"
done
# The several-row form's variants (gemv.rs's diagnostic knobs), 8 rows only: the threads a workgroup (by default
# chosen from the grid's size) and the sums reduced with subgroup operations.
rows8=()
for ((i = ${#specs[@]} / 2; i < ${#specs[@]}; i++)); do rows8+=("${specs[$i]}"); done
for threads in ${THREADS:-32 64 128}; do
  for subgroups in 0 1; do
    echo "== KFORGE_GPU_GEMV_ROW_THREADS=$threads KFORGE_GPU_GEMV_SUBGROUPS=$subgroups"
    KFORGE_GPU_GEMV_ROW_THREADS=$threads KFORGE_GPU_GEMV_SUBGROUPS=$subgroups \
      "$BIN" kernel --checked --reps "${REPS:-200}" "${rows8[@]}" | grep -v '^adapter'
  done
done
