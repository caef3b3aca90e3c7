#!/usr/bin/env python3
"""Writes a safetensors file of random f32 weights with the names, shapes and layout of HEADER (the first
8 + n bytes of a real weights file, as bench/gpu_serve_prepare.sh saves them): the same bytes as a real
import but for the values, so a model folder can be served where its weights cannot be carried. Values are
N(0, 0.02²) (norm weights 1), which decodes plausible-looking garbage at the real model's cost.

usage: random_weights.py HEADER OUT
"""
import json
import struct
import sys

import numpy as np


def main():
    header_path, out_path = sys.argv[1:3]
    raw = open(header_path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8 : 8 + n])
    rng = np.random.default_rng(0)
    entries = sorted(
        ((k, v) for k, v in header.items() if k != "__metadata__"),
        key=lambda kv: kv[1]["data_offsets"][0],
    )
    tmp = out_path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(raw[: 8 + n])
        at = 0
        for name, info in entries:
            if info["dtype"] != "F32":
                sys.exit(f"random_weights: {name} is {info['dtype']}, expected F32")
            start, end = info["data_offsets"]
            if start != at:
                sys.exit(f"random_weights: {name} starts at {start}, expected {at}")
            count = (end - start) // 4
            if "norm" in name:
                values = np.ones(count, dtype=np.float32)
            else:
                values = (rng.standard_normal(count, dtype=np.float32) * 0.02).astype(np.float32)
            f.write(values.tobytes())
            at = end
    import os

    os.replace(tmp, out_path)


if __name__ == "__main__":
    main()
