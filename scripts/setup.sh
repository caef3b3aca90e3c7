#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian 12 machine: system packages (LLVM/MLIR 22,
# FileCheck, OpenBLAS, lavapipe), LLVM `lit` from PyPI, the default model.
# Quiet when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

# /dev/null must be the null device. A tool that writes its output atomically
# (temporary file, then rename) once replaced it with a regular file when asked
# for `-o /dev/null`; every reader of /dev/null then got that text (cargo's
# `rustc -` probe failed on it). kforge's writers no longer do that; repair a
# machine where it happened.
if [ ! -c /dev/null ]; then
  if [ "$(id -u)" -eq 0 ]; then
    rm -f /dev/null && mknod -m 666 /dev/null c 1 3 && echo "setup: /dev/null was not a device; recreated it"
  else
    echo "setup: warning: /dev/null is not a device (recreate it: sudo rm /dev/null; sudo mknod -m 666 /dev/null c 1 3)" >&2
  fi
fi

APT_PACKAGES=(
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools libpolly-22-dev libclang-22-dev
  zlib1g-dev libzstd-dev libxml2-dev libffi-dev libncurses-dev
  libopenblas-dev mesa-vulkan-drivers libvulkan1 pkg-config
)
PIP_PACKAGES=(lit numpy gguf openai)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for p in "${PIP_PACKAGES[@]}"; do
  python3 -c "import importlib.util,sys; sys.exit(0 if importlib.util.find_spec('$p') else 1)" 2>/dev/null \
    || { echo "setup: pip install $p"; python3 -m pip install -q "$p"; }
done
