#!/usr/bin/env bash
# What NVIDIA's Vulkan driver makes of the coop kernels: run the chosen tiles with the driver's shader disk cache in
# a fresh folder each, then bench/nv_sass.py cuts the kernels' SASS out of the cache (zstd frames, `NVuc`
# containers) and disassembles it with the CUDA toolkit's nvdisasm. Carry [".gl", ".gpubin"].
#   TILES="25 3"  indices into kforge_gpu::bench::coop_tiles()
# $OUT gets t<i>.bin (the cache file: decode here with `python3 bench/nv_sass.py` when the machine lacks zstd) and
# t<i>.sass (the largest kernel of the file: the matmul; the others are wgpu's own).
set -uo pipefail
OUT=${OUT:-/tmp/kforge-gpu-out}
mkdir -p "$OUT"
BIN=${KFORGE_GPU_BENCH:-.gpubin/kforge-gpu-bench}
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
export __GL_SHADER_DISK_CACHE=1 __GL_SHADER_DISK_CACHE_SKIP_CLEANUP=1
NVDISASM=$(command -v nvdisasm || echo /usr/local/cuda/bin/nvdisasm)
WORK=/tmp/kforge-sass
for i in ${TILES:-25}; do
  rm -rf "$WORK" && mkdir -p "$WORK/cache"   # the driver does not create the folder
  __GL_SHADER_DISK_CACHE_PATH="$WORK/cache" "$BIN" matmul --dtype f16 --sweep --tiles "$i" --reps 3 2>&1 | grep coop_matmul
  bin=$(find "$WORK/cache" -name '*.bin' | head -1)
  [[ -n $bin ]] || { echo "tile $i: the driver wrote no cache file"; continue; }
  cp "$bin" "$WORK/t$i.bin" && cp "$bin" "$OUT/t$i.bin"
  if command -v zstd >/dev/null; then
    python3 bench/nv_sass.py --nvdisasm "$NVDISASM" "$WORK/t$i.bin"
    big=$(ls -S "$WORK"/t$i.bin.k*.sass 2>/dev/null | head -1)
    [[ -n $big ]] && cp "$big" "$OUT/t$i.sass"
  else
    echo "no zstd here: decode $OUT/t$i.bin on the other machine"
  fi
done
