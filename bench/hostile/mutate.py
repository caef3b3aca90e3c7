"""Seeded mutations of MLIR text, JSON documents and binary files.

Each mutator aims at a class of issue 12: sizes (tensor dims replaced by 0,
-1, 2^31, 2^32, 2^63, dynamic), numbers (attributes replaced by NaN, inf,
huge and negative values), structure (lines deleted, duplicated, swapped; op
names and element types exchanged) and bytes (flips, truncation, garbage).
"""
from __future__ import annotations

import json
import random
import re

BOUNDARY_DIMS = ["0", "1", "2", "3", "7", "65", "1024", "65536", "2147483647", "2147483648",
                 "4294967295", "4294967296", "9223372036854775807", "18446744073709551616",
                 "140737488355328", "?"]
BOUNDARY_NUMBERS = ["0", "-0", "1", "-1", "2", "-2", "7", "255", "256", "65535", "2147483647",
                    "-2147483648", "4294967296", "9223372036854775807", "-9223372036854775808",
                    "18446744073709551616", "1e38", "3.5e38", "1e308", "-1e308", "1e-45", "1e-320",
                    "0x7FC00000", "0x7F800000", "0xFF800000", "nan", "inf", "-inf", "0.0", "-0.5",
                    "1.5", "99999999999999999999999999999999"]
ELEMENT_TYPES = ["f32", "f16", "bf16", "f64", "i1", "i8", "i32", "i64", "index", "f8E4M3FN",
                 "complex<f32>", "ui32", "none", "vector<4xf32>"]
GARBAGE = ["{", "}", "(", ")", "<", ">", "\"", "%", "#", "@", "^bb0:", "\x00", "\xff", "\u2028",
           "-----", "// -----\n", "{{", "dense<", "tensor<", "x", ":", "->", "!kforge.x", "#map = ",
           "\"kforge.attention\"", "loc(", "#loc = loc(\"f\":1:1)", "= array<i32: -1>"]

DIM_RE = re.compile(r"(?<=[<x])(\d+|\?)(?=x)")
NUMBER_RE = re.compile(r"(?<![\w%#@.])-?(\d+\.\d*(e[-+]?\d+)?|\d+e[-+]?\d+|\d+)(?![\w])")
OP_RE = re.compile(r"\"(kforge|linalg|tensor|arith|func|math)\.[a-z_]+\"")
TYPE_RE = re.compile(r"\b(f32|f16|bf16|i64|i32|i1|index)\b")


def collect_op_names(texts: list[str]) -> list[str]:
    names = set()
    for t in texts:
        names.update(m.group(0) for m in OP_RE.finditer(t))
    return sorted(names)


def _replace_match(text: str, matches: list, rng: random.Random, choices: list[str]) -> str:
    if not matches:
        return text
    m = rng.choice(matches)
    return text[: m.start()] + rng.choice(choices) + text[m.end():]


def dim(text, rng, ctx):
    return _replace_match(text, list(DIM_RE.finditer(text)), rng, BOUNDARY_DIMS)


def same_dim_everywhere(text, rng, ctx):
    """Changes one dim value in every tensor type that has it (shapes stay consistent)."""
    dims = sorted({m.group(0) for m in DIM_RE.finditer(text) if m.group(0) != "?"})
    if not dims:
        return text
    old, new = rng.choice(dims), rng.choice(BOUNDARY_DIMS)
    return re.sub(rf"(?<=[<x]){re.escape(old)}(?=x)", new, text)


def number(text, rng, ctx):
    body = [m for m in NUMBER_RE.finditer(text) if not _in_comment(text, m.start())]
    return _replace_match(text, body, rng, BOUNDARY_NUMBERS)


def _in_comment(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return "//" in text[line_start:pos]


def element_type(text, rng, ctx):
    return _replace_match(text, list(TYPE_RE.finditer(text)), rng, ELEMENT_TYPES)


def op_name(text, rng, ctx):
    return _replace_match(text, list(OP_RE.finditer(text)), rng, ctx["ops"] or ['"kforge.add"'])


def lines(text, rng, ctx):
    ls = text.split("\n")
    if len(ls) < 2:
        return text
    i, j = rng.randrange(len(ls)), rng.randrange(len(ls))
    what = rng.randrange(3)
    if what == 0:
        del ls[i]
    elif what == 1:
        ls.insert(j, ls[i])
    else:
        ls[i], ls[j] = ls[j], ls[i]
    return "\n".join(ls)


def garbage(text, rng, ctx):
    i = rng.randrange(len(text) + 1)
    return text[:i] + rng.choice(GARBAGE) + text[i:]


def truncate(text, rng, ctx):
    return text[: rng.randrange(len(text) + 1)]


def token_delete(text, rng, ctx):
    toks = list(re.finditer(r"\S+", text))
    if not toks:
        return text
    m = rng.choice(toks)
    return text[: m.start()] + text[m.end():]


def attribute(text, rng, ctx):
    """Replaces an attribute value: `name = VALUE` inside `{...}`."""
    ms = list(re.finditer(r"(\w+) = ([^,}]+)", text))
    if not ms:
        return text
    m = rng.choice(ms)
    value = rng.choice([
        "0 : i64", "-1 : i64", "9223372036854775807 : i64", "2147483648 : i32", "0x7FC00000 : f32",
        "1.0e+38 : f32", "-0.0 : f32", "\"\"", "\"x\"", "true", "unit", "[]", "array<i32: -1, 2>",
        "dense<1.0> : tensor<f32>", "@f", "\"" + "a" * 3000 + "\"", "1 : i1", "3 : index",
    ])
    return text[: m.start(2)] + value + text[m.end(2):]


MLIR_MUTATORS = [dim, dim, same_dim_everywhere, same_dim_everywhere, number, number, element_type,
                 op_name, lines, garbage, truncate, token_delete, attribute, attribute]


def mutate_mlir(text: str, rng: random.Random, ctx: dict) -> str:
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        text = rng.choice(MLIR_MUTATORS)(text, rng, ctx)
    return text


# --- bytes -----------------------------------------------------------------

INTERESTING_INTS = [0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000,
                    0xFFFFFFFF, 0x100000000, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000,
                    0xFFFFFFFFFFFFFFFF]


def mutate_bytes(data: bytes, rng: random.Random, hot: int | None = None) -> bytes:
    """A few byte-level mutations; `hot` bytes at the start (a header) get most of them."""
    b = bytearray(data)
    for _ in range(rng.choice([1, 1, 2, 3])):
        span = min(len(b), hot) if hot and rng.random() < 0.8 else len(b)
        what = rng.randrange(6)
        if not b:
            b = bytearray(b"\x00")
            continue
        pos = rng.randrange(max(1, span))
        if what == 0:
            b[pos] ^= 1 << rng.randrange(8)
        elif what == 1:
            width = rng.choice([1, 2, 4, 8])
            v = rng.choice(INTERESTING_INTS) & ((1 << (8 * width)) - 1)
            b[pos:pos + width] = v.to_bytes(width, "little")
        elif what == 2:
            b = b[: rng.randrange(len(b) + 1)]
        elif what == 3:
            n = rng.randrange(1, 64)
            del b[pos:pos + n]
        elif what == 4:
            b[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16)))
        else:
            b[pos] = rng.randrange(256)
    return bytes(b)


# --- JSON --------------------------------------------------------------------

JSON_VALUES = [0, -1, 1, 2, 3, 1e9, 1e18, 1e30, 1e308, -1e308, 2**31, 2**32, 2**53, 2**63, 2**64,
               2**100, 0.5, -0.0, "NaN", "inf", "", "x" * 10000, None, True, False, [], {}, [1, 2],
               {"a": 1}, "../x", "model.mlir", "weights.safetensors"]
SPECIAL_FLOATS = ["NaN", "Infinity", "-Infinity"]


def mutate_json(doc, rng: random.Random) -> str:
    """Replaces, deletes or retypes one value anywhere in `doc`; sometimes
    writes non-standard NaN/Infinity or breaks the text."""
    doc = json.loads(json.dumps(doc))
    paths = []

    def walk(node, path):
        if isinstance(node, dict):
            for k, v in node.items():
                paths.append(path + [k])
                walk(v, path + [k])
        elif isinstance(node, list):
            for i, v in enumerate(node[:40]):
                paths.append(path + [i])
                walk(v, path + [i])

    walk(doc, [])
    special = None
    if paths:
        path = rng.choice(paths)
        parent = doc
        for k in path[:-1]:
            parent = parent[k]
        what = rng.randrange(10)
        if what == 0 and isinstance(parent, dict):
            del parent[path[-1]]
        elif what == 1:
            special = rng.choice(SPECIAL_FLOATS)
            parent[path[-1]] = "@@SPECIAL@@"
        else:
            parent[path[-1]] = rng.choice(JSON_VALUES)
    text = json.dumps(doc, indent=1)
    if special:
        text = text.replace('"@@SPECIAL@@"', special)
    if rng.random() < 0.1:
        text = text[: rng.randrange(len(text) + 1)]
    return text
