"""Writes a safetensors file for kforge-run --inputs from the command line.

    python3 write_tensors.py OUT.safetensors NAME=DTYPE:SHAPE:VALUES ...

DTYPE is f32 or i64; SHAPE is dims joined by 'x' ('' for a scalar); VALUES is
one number repeated over the shape, or comma-separated numbers, one per element.
Example: pos=i64::16 q=f32:3x4x8:0.5
"""
import json
import struct
import sys

FORMATS = {"f32": ("F32", "<f"), "i64": ("I64", "<q")}


def tensor(spec):
    name, rest = spec.split("=", 1)
    dtype, shape, values = rest.split(":", 2)
    dims = [int(d) for d in shape.split("x")] if shape else []
    count = 1
    for d in dims:
        count *= d
    parse = float if dtype == "f32" else int
    numbers = [parse(v) for v in values.split(",")]
    if len(numbers) == 1:
        numbers = numbers * count
    assert len(numbers) == count, f"{name}: {len(numbers)} values for {count} elements"
    kind, fmt = FORMATS[dtype]
    return name, kind, dims, b"".join(struct.pack(fmt, n) for n in numbers)


def main():
    out, specs = sys.argv[1], sys.argv[2:]
    header, blobs, offset = {}, [], 0
    for name, kind, dims, data in map(tensor, specs):
        header[name] = {"dtype": kind, "shape": dims, "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(out, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


if __name__ == "__main__":
    main()
