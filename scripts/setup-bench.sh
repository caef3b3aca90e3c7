#!/usr/bin/env bash
# Idempotent set-up for the llama.cpp side of the decoder benchmark (bench/llamacpp.py):
# a C/C++ toolchain and cmake from Debian, then llama-cpp-python from PyPI built from
# source with the host's CPU features (-DGGML_NATIVE=ON: AVX2/AVX-512 where present).
# Quiet when everything is already there.
#
#   LLAMA_CPP_PYTHON_VERSION  version to install (default: the one ANCHORS.md was measured with)
#   LLAMA_CPP_CMAKE_ARGS      extra CMake arguments appended to the defaults
#   FORCE=1                   reinstall even when the right version is already importable
#   LLAMA_CPP_ISA=avx2        also build an AVX2+FMA-only llama.cpp (no AVX-512) into
#                             target/llama-cpp-avx2, the reference for KFORGE_ISA=avx2 runs on an
#                             AVX-512 machine: PYTHONPATH=target/llama-cpp-avx2 python3 bench/...
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION="${LLAMA_CPP_PYTHON_VERSION:-0.3.36}"
APT_PACKAGES=(build-essential cmake pkg-config)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-bench: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "${LLAMA_CPP_ISA:-native}" = "avx2" ]; then
  DIR=target/llama-cpp-avx2
  # The global (native) llama_cpp imports too: only one from $DIR counts.
  if [ "${FORCE:-0}" != "1" ] && PYTHONPATH="$DIR" python3 -c \
      'import llama_cpp, sys; sys.exit(0 if "llama-cpp-avx2" in llama_cpp.__file__ else 1)' >/dev/null 2>&1; then
    exit 0
  fi
  export CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
-DGGML_AVX512=OFF -DGGML_AVX512_VBMI=OFF -DGGML_AVX512_VNNI=OFF -DGGML_AVX512_BF16=OFF \
-DGGML_BLAS=OFF -DLLAMA_CURL=OFF -DCMAKE_BUILD_TYPE=Release ${LLAMA_CPP_CMAKE_ARGS:-}"
  export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
  echo "setup-bench: building an AVX2-only llama-cpp-python==$VERSION into $DIR; this takes minutes"
  python3 -m pip install -q --disable-pip-version-check --no-cache-dir --target "$DIR" \
    --no-binary llama-cpp-python "llama-cpp-python==$VERSION"
  PYTHONPATH="$DIR" python3 -c 'import llama_cpp; print("setup-bench: AVX2 llama_cpp", llama_cpp.__version__, "ready")'
  exit 0
fi

installed="$(python3 -c 'import importlib.metadata as m; print(m.version("llama_cpp_python"))' 2>/dev/null || true)"
if [ "${FORCE:-0}" != "1" ] && [ "$installed" = "$VERSION" ] \
   && python3 -c 'import llama_cpp, llama_cpp.server.app' >/dev/null 2>&1; then
  exit 0
fi

# Native CPU features; no BLAS: llama.cpp's own ggml kernels are what we compare against
# (the thread count is chosen at run time, bench/llamacpp.py --threads).
CMAKE_ARGS_DEFAULT="-DGGML_NATIVE=ON -DGGML_BLAS=OFF -DLLAMA_CURL=OFF -DCMAKE_BUILD_TYPE=Release"
export CMAKE_ARGS="$CMAKE_ARGS_DEFAULT ${LLAMA_CPP_CMAKE_ARGS:-}"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
echo "setup-bench: building llama-cpp-python==$VERSION from source (CMAKE_ARGS=$CMAKE_ARGS); this takes minutes"
# --no-binary: never take a prebuilt wheel, so the build sees this CPU. [server]: its
# OpenAI-compatible server, the reference of bench/serve_load.py.
python3 -m pip install -q --disable-pip-version-check --no-cache-dir \
  --no-binary llama-cpp-python "llama-cpp-python[server]==$VERSION"
python3 -c 'import llama_cpp; print("setup-bench: llama_cpp", llama_cpp.__version__, "ready")'
