#!/usr/bin/env bash
# Prepares bench/gpu_serve.sh's device run (the device machine takes 64 MiB a call and has no MLIR, no model
# hub and no build): the release kforge-serve (MLIR linked in), stripped and xz-compressed, and the f32 import of
# SmolLM2-135M-Instruct without its 540 MB of weights — model.mlir, the tokenizer, the manifest and the weights
# file's safetensors header (names, shapes, offsets), from which the device writes random weights of the same
# shapes. Everything goes to .gpubin/serve/ (ignored; carry [".gl", ".gpubin"]).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=target/bench/serve-f32
S=.gpubin/serve
mkdir -p "$S/model"
cargo build --release -q -p kforge-serve
strip -o "$S/kforge-serve" target/release/kforge-serve
xz -T2 -6 -f "$S/kforge-serve"
[ -f "$WORK/model.mlir" ] || target/debug/kforge-import models/smollm2-135m-instruct/model.gguf -o "$WORK" -q
cp "$WORK/model.mlir" "$WORK/kforge-model.json" "$WORK/tokenizer.json" "$WORK/tokenizer_config.json" "$S/model/"
python3 - "$WORK/weights.safetensors" "$S/model/weights.header" <<'PY'
import struct, sys
with open(sys.argv[1], "rb") as f:
    n = struct.unpack("<Q", f.read(8))[0]
    header = f.read(n)
open(sys.argv[2], "wb").write(struct.pack("<Q", n) + header)
PY
du -sh "$S"
