"""kforge-opt on every lit and corpus input and their mutants under each
pipeline; kforge-run (function mode) on every lit chunk and its mutants with
random inputs, and with hostile `--inputs` tensor files."""
from __future__ import annotations

import math
import random
import re
from pathlib import Path

import numpy as np

from . import fixtures
from .mutate import collect_op_names, mutate_mlir
from .runner import Case, Protect

PIPELINES = [
    ["--lower-to-cpu"],
    ["--lower-to-cpu-tiled"],
    ["--lower-to-gpu"],
    ["--lower-to-gpu", "--emit=wgsl"],
    ["--kforge-fuse"],
    ["--verify-each-numerics", "--lower-to-cpu"],
    ["-O0", "--lower-to-cpu-portable"],
    ["--kforge-lower-to-linalg", "--kforge-tile-contractions"],
    ["--pass-pipeline=builtin.module(kforge-verify,kforge-fuse,canonicalize,cse)"],
]
RUN_MODES = [
    ["--random-inputs", "--check"],
    ["--random-inputs", "--check", "--no-tune"],
    ["--random-inputs", "--print", "--seed", "7", "--no-cache"],
    ["--random-inputs", "--check", "--target", "gpu", "--no-tune"],
]


def writer(name: str, data):
    def prepare(d: Path):
        p = d / name
        if isinstance(data, bytes):
            p.write_bytes(data)
        else:
            p.write_text(data, errors="surrogateescape")
    return prepare


def opt_cases(rng: random.Random, mutants: int, pipes: int, corpus_mutants: int) -> list[Case]:
    cases = []
    lit = fixtures.lit_inputs()
    texts = {p: p.read_text(errors="surrogateescape") for p in lit}
    ctx = {"ops": collect_op_names(list(texts.values()))}
    for path in lit:
        text = texts[path]
        rel = path.relative_to(fixtures.REPO / "test/lit")
        own = [a for a in (fixtures.run_line_args(text, "kforge-opt") or [[]])[0]
               if not a.startswith("-o")]
        chosen = PIPELINES if pipes >= len(PIPELINES) else rng.sample(PIPELINES, pipes)
        variants = [("orig", text)] + [(f"m{i}", mutate_mlir(fixtures.strip_comments(text), rng, ctx))
                                       for i in range(mutants)]
        for tag, body in variants:
            split = ["--split-input-file"] if "// -----" in body else []
            flag_sets = chosen + ([own] if own and tag == "orig" else [])
            for j, flags in enumerate(flag_sets):
                cases.append(Case(
                    id=f"opt/{rel}/{tag}/{j}", tool="kforge-opt", category="mlir mutants (kforge-opt)",
                    argv=["in.mlir", *split, *flags, "-o", "out.mlir"],
                    prepare=_with_existing_output(writer("in.mlir", body)),
                    protect=[Protect("out.mlir")]))
    for path in fixtures.corpus_inputs():
        data = path.read_bytes()
        text = data.decode("utf-8", "surrogateescape")
        variants = [("orig", data)] + [
            (f"m{i}", mutate_mlir(text, rng, ctx).encode("utf-8", "surrogateescape"))
            for i in range(corpus_mutants)]
        for tag, body in variants:
            for j, flags in enumerate(rng.sample(PIPELINES, 2)):
                cases.append(Case(
                    id=f"opt/corpus/{path.name}/{tag}/{j}", tool="kforge-opt",
                    category="corpus + mutants (kforge-opt)",
                    argv=["in.mlir", "--split-input-file", *flags],
                    prepare=writer("in.mlir", body)))
    return cases


def _with_existing_output(prepare):
    """A user's file at the -o path: a failed run must leave it as it was."""
    def both(d: Path):
        prepare(d)
        (d / "out.mlir").write_text("// the user's previous output\n")
    return both


def lit_chunks() -> list[tuple[str, str]]:
    out = []
    for path in fixtures.lit_inputs():
        rel = path.relative_to(fixtures.REPO / "test/lit")
        for i, chunk in enumerate(fixtures.split_chunks(path.read_text(errors="surrogateescape"))):
            if "func.func" in chunk:
                out.append((f"{rel}#{i}", chunk))
    return out


def run_cases(rng: random.Random, mutants: int) -> list[Case]:
    cases = []
    chunks = lit_chunks()
    ctx = {"ops": collect_op_names([c for _, c in chunks])}
    for name, chunk in chunks:
        variants = [("orig", chunk)] + [(f"m{i}", mutate_mlir(fixtures.strip_comments(chunk), rng, ctx))
                                        for i in range(mutants)]
        for tag, body in variants:
            mode = rng.choice(RUN_MODES)
            cases.append(Case(
                id=f"run/{name}/{tag}", tool="kforge-run", category="mlir mutants (kforge-run)",
                argv=["in.mlir", *mode, "--outputs", "out.safetensors"],
                prepare=_with_existing_file(writer("in.mlir", body), "out.safetensors"),
                protect=[Protect("out.safetensors")]))
    return cases


def _with_existing_file(prepare, name: str):
    def both(d: Path):
        prepare(d)
        (d / name).write_bytes(b"the user's previous file\n")
    return both


# --- hostile --inputs ----------------------------------------------------------

TYPE_RE = re.compile(r"tensor<([^<>]*)>")
WEIGHT_RE = re.compile(r'"kforge\.weight"\(\)\s*\{name = "([^"]+)"\}\s*:\s*\(\)\s*->\s*tensor<([^<>]*)>')
NP = {"f32": np.float32, "f16": np.float16, "i64": np.int64, "i32": np.int32, "bf16": np.uint16,
      "i1": np.bool_, "f64": np.float64, "i8": np.int8}


def signature(chunk: str) -> list[tuple[list[int], str]] | None:
    """The argument types of the first public function: (dims, element)."""
    m = re.search(r"func\.func\s+@[\w$.]+\s*\(", chunk)
    if not m:
        return None
    depth, i = 1, m.end()
    while i < len(chunk) and depth:
        depth += {"(": 1, ")": -1}.get(chunk[i], 0)
        i += 1
    args = []
    for t in TYPE_RE.findall(chunk[m.end():i - 1]):
        args.append(parse_type(t))
    return args


def parse_type(t: str) -> tuple[list[int], str]:
    parts = t.split("x")
    dims = [3 if d == "?" else int(d) for d in parts[:-1] if d == "?" or d.isdigit()]
    return dims, parts[-1].strip()


HOSTILE_INTS = [0, 1, -1, 2, 15, 16, 17, 63, 64, 2**31 - 1, 2**31, -2**31, 2**32, 2**63 - 1, -2**63,
                10**6]


def hostile_tensor(dims, elem, rng: random.Random) -> np.ndarray:
    dims = list(dims)
    if rng.random() < 0.2 and dims:
        k = rng.randrange(len(dims))
        dims[k] = rng.choice([0, 1, dims[k] + 1, max(0, dims[k] - 1), dims[k] * 64])
    if rng.random() < 0.1:
        dims = dims + [1] if rng.random() < 0.5 else dims[:-1]
    if rng.random() < 0.1:
        elem = rng.choice(list(NP))
    n = math.prod(dims)
    if n > 1 << 22:
        dims, n = [1], 1
    dt = NP.get(elem, np.float32)
    if np.issubdtype(dt, np.integer):
        info = np.iinfo(dt)
        vals = [v for v in HOSTILE_INTS if info.min <= v <= info.max]
        arr = np.array([rng.choice(vals) for _ in range(min(n, 64))] * (n // max(1, min(n, 64)) + 1),
                       dtype=dt)[:n]
    elif dt == np.bool_:
        arr = np.ones(n, dtype=np.bool_)
    else:
        nrng = np.random.default_rng(rng.randrange(1 << 30))
        arr = nrng.standard_normal(n).astype(dt)
        if rng.random() < 0.3 and n:
            with np.errstate(over="ignore"):
                arr[nrng.integers(0, n, size=max(1, n // 8))] = rng.choice([np.nan, np.inf, -np.inf, 3e38])
    return arr.reshape(dims)


def inputs_cases(rng: random.Random, per_chunk: int) -> list[Case]:
    cases = []
    for name, chunk in lit_chunks():
        if "expected-error" in chunk:
            continue
        sig = signature(chunk)
        if sig is None:
            continue
        weights = WEIGHT_RE.findall(chunk)
        for k in range(per_chunk):
            tensors = {}
            for i, (dims, elem) in enumerate(sig):
                tensors[f"arg{i}"] = hostile_tensor(dims, elem, rng)
            for wname, t in weights:
                dims, elem = parse_type(t)
                tensors[wname] = hostile_tensor(dims, elem, rng)
            if tensors and rng.random() < 0.1:
                tensors.pop(rng.choice(list(tensors)))
            if rng.random() < 0.05:
                tensors["arg99"] = np.zeros(3, np.float32)
            data = fixtures.safetensors_bytes(tensors)

            def prepare(d: Path, body=chunk, data=data):
                (d / "in.mlir").write_text(body, errors="surrogateescape")
                (d / "inputs.safetensors").write_bytes(data)
            cases.append(Case(
                id=f"inputs/{name}/{k}", tool="kforge-run", category="hostile --inputs (kforge-run)",
                argv=["in.mlir", "--inputs", "inputs.safetensors", "--no-tune",
                      *(["--check"] if rng.random() < 0.5 else ["--print"])],
                prepare=prepare))
    return cases
