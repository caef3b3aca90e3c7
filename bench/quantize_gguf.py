#!/usr/bin/env python3
"""Writes a GGUF quantized by llama.cpp itself (llama-cpp-python's
`llama_model_quantize`), so that kforge and llama.cpp can be compared on a
file neither engine made for itself.

    python3 bench/quantize_gguf.py SOURCE.gguf OUT.gguf --type q8_0

The output is written to a temporary sibling and renamed into place.
"""
import argparse
import os
import sys
from pathlib import Path

# ggml's `llama_ftype` values of the formats kforge reads.
FTYPES = {"f32": 0, "f16": 1, "q4_0": 2, "q4_1": 3, "q8_0": 7, "bf16": 32}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--type", choices=sorted(FTYPES), default="q8_0")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    try:
        import llama_cpp
    except ImportError:
        sys.exit("quantize_gguf.py: llama-cpp-python is missing (run scripts/setup-bench.sh)")
    if not args.source.is_file():
        sys.exit(f"quantize_gguf.py: '{args.source}' is not a file")
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = FTYPES[args.type]
    params.nthread = args.threads
    tmp = args.out.with_name(f".{args.out.name}.tmp{os.getpid()}")
    rc = llama_cpp.llama_model_quantize(str(args.source).encode(), str(tmp).encode(), params)
    if rc != 0 or not tmp.exists():
        tmp.unlink(missing_ok=True)
        sys.exit(f"quantize_gguf.py: llama_model_quantize failed (code {rc})")
    tmp.replace(args.out)
    print(f"wrote {args.out} ({args.type}, {args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
