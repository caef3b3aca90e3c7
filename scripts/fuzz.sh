#!/usr/bin/env bash
# Fuzzing (fuzz/README.md). `scripts/fuzz.sh smoke`: a short, seeded run of
# every target (part of `make test`); `scripts/fuzz.sh long`: FUZZ_SECONDS per
# target (default 600) with a fresh seed, growing the corpus in target/fuzz/long.
# Both exit 1 when a crash was found; its input is in target/fuzz/*/<target>/crashes.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ=target/debug/kforge-fuzz
[ -x "$FUZZ" ] || cargo build -p kforge-fuzz --quiet </dev/null
case "${1:-smoke}" in
  smoke)
    # A fresh corpus and a fixed seed: the same inputs on every machine.
    rm -rf target/fuzz/smoke
    exec "$FUZZ" run --target "${FUZZ_TARGETS:-all}" --seconds "${FUZZ_SMOKE_SECONDS:-15}" \
      --seed 1 --out target/fuzz/smoke
    ;;
  long)
    exec "$FUZZ" run --target "${FUZZ_TARGETS:-all}" --seconds "${FUZZ_SECONDS:-600}" \
      --seed "${FUZZ_SEED:-$(date +%s)}" --out target/fuzz/long
    ;;
  *)
    echo "usage: scripts/fuzz.sh [smoke|long]" >&2
    exit 2
    ;;
esac
