#!/usr/bin/env python3
"""Machine code of a Vulkan compute pipeline out of NVIDIA's shader disk cache (bench/gpu_coop_sass.sh fills it).

A cache `.bin` holds zstd frames; the pipeline's is an `NVDANVVMNVuc` container whose first section entry (type 1 at
0x48: size at 0x4c, offset at 0x50) is raw SASS at offset + 8. Prints the instruction mix of each kernel and, with
`--nvdisasm PATH`, writes its disassembly next to the input (`<bin>.k<N>.sass`). Needs the `zstd` program.
Seen on driver 580.159.04 (H200); the layout is undocumented and may change with the driver.
"""
import argparse
import collections
import re
import struct
import subprocess
import sys

MAGIC = b"\x28\xb5\x2f\xfd"


def frames(data: bytes):
    starts = [m.start() for m in re.finditer(re.escape(MAGIC), data)]
    for i, s in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(data)
        out = subprocess.run(["zstd", "-d", "-c", "-q"], input=data[s:end], capture_output=True).stdout
        if out:
            yield out


def code_of(blob: bytes):
    if not blob.startswith(b"NVDANVVMNVuc") or len(blob) < 0x54:
        return None
    kind, size, off = struct.unpack_from("<III", blob, 0x48)
    if kind != 1 or off + 8 + size > len(blob):
        return None
    return blob[off + 8: off + 8 + size]


def mix(code: bytes, text: str) -> dict:
    if text:
        ops = re.findall(r"^\s*/\*[0-9a-f]+\*/\s+(?:@!?U?P\w+\s+)?([A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)*)", text, re.M)
        return dict(collections.Counter(ops).most_common())
    return {"instructions": len(code) // 16}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("bins", nargs="+")
    ap.add_argument("--nvdisasm", help="nvdisasm to disassemble with (-b SM90)")
    args = ap.parse_args()
    for path in args.bins:
        data = open(path, "rb").read()
        n = 0
        for blob in frames(data):
            code = code_of(blob)
            if code is None:
                continue
            text = ""
            if args.nvdisasm:
                raw = f"{path}.k{n}.code"
                open(raw, "wb").write(code)
                r = subprocess.run([args.nvdisasm, "-b", "SM90", raw], capture_output=True, text=True)
                text = r.stdout
                open(f"{path}.k{n}.sass", "w").write(text + r.stderr)
            regs = max((int(x) for x in re.findall(r"\bR(\d+)\b", text)), default=-1) + 1
            m = mix(code, text)
            keep = {k: v for k, v in m.items() if re.match(r"HMMA|LDSM|LDG|STS|LDS|BAR|LDL|STL|BRA|instructions", k)}
            print(f"{path} kernel {n}: {len(code)} bytes, registers used (highest R + 1) {regs}, {keep}")
            n += 1
        if n == 0:
            print(f"{path}: no kernel found", file=sys.stderr)


if __name__ == "__main__":
    main()
