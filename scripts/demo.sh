#!/usr/bin/env bash
# `make demo`: compile a transformer block and check it against the reference
# interpreter, then import SmolLM2-135M-Instruct (once) and generate text.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=target/debug
MODEL_DIR=models/smollm2-135m-instruct
OUT="$MODEL_DIR/kforge"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "== 1. A llama block (SmolLM2 shapes, 8 tokens) as kforge IR, lowered to the LLVM dialect"
$BIN/kforge-bench emit-mlir block --m 8 > "$WORK/block.mlir"
$BIN/kforge-opt "$WORK/block.mlir" --lower-to-cpu > "$WORK/block.llvm.mlir"
echo "   kforge IR: $(grep -c '"kforge\.' "$WORK/block.mlir") kforge ops; LLVM dialect: $(grep -c 'llvm\.' "$WORK/block.llvm.mlir") llvm ops"
grep -m3 'llvm.func @block\|llvm.call @kforge_ukernel' "$WORK/block.llvm.mlir" | cut -c1-140
echo
echo "== 2. JIT-run it on random inputs and weights, checked against the reference interpreter"
$BIN/kforge-run "$WORK/block.mlir" --random-inputs --seed 1 --check --tolerance 1e-4
echo

# Import once; again when the importer is newer than the import.
if [ ! -f "$OUT/model.mlir" ] || [ "$BIN/kforge-import" -nt "$OUT/model.mlir" ]; then
  echo "== 3. Importing $MODEL_DIR/model.gguf"
  $BIN/kforge-import "$MODEL_DIR/model.gguf" -o "$OUT"
else
  echo "== 3. Using the import in $OUT"
fi
echo
echo "== 4. Generating (greedy, 64 tokens, 2 threads)"
$BIN/kforge-run "$OUT/model.mlir" --prompt "The capital of France is" --max-tokens 64
