"""kforge-run in decoder mode on corrupt model folders: the tiny import with
its manifest, weights, tokenizer, tokenizer config or module mutated or
replaced by odd objects; a few on a copy of the real SmolLM2 import (small
files corrupted, the weights hard-linked to the campaign's own copy)."""
from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

from . import fixtures
from .cases_weights import make_odd
from .mutate import collect_op_names, mutate_bytes, mutate_json, mutate_mlir
from .runner import Case, Protect

FILES = ["kforge-model.json", "weights.safetensors", "tokenizer.json", "tokenizer_config.json",
         "model.mlir"]
DECODE = ["m/model.mlir", "--prompt", "ab", "--max-tokens", "1", "--max-context", "32", "--no-tune"]
VARIANTS = [[], ["--chat"], ["--json"], ["--prompt-ids", "1,3,4"], ["--temperature", "0.7", "--top-p", "0.9"],
            ["--save-logits", "logits.safetensors"]]


def copy_model(src: Path, dst: Path, link_weights: bool = False):
    dst.mkdir(parents=True)
    for f in src.iterdir():
        if link_weights and f.name == "weights.safetensors":
            os.link(f, dst / f.name)
        else:
            shutil.copy2(f, dst / f.name)


def mutate_file(name: str, data: bytes, rng: random.Random, ctx: dict) -> bytes:
    if name.endswith(".json"):
        try:
            return mutate_json(json.loads(data), rng).encode()
        except (ValueError, RecursionError):
            return mutate_bytes(data, rng)
    if name == "model.mlir":
        return mutate_mlir(data.decode(), rng, ctx).encode("utf-8", "surrogateescape")
    hot = 8 + int.from_bytes(data[:8], "little") if len(data) > 8 else None
    return mutate_bytes(data, rng, hot=hot)


def model_cases(rng: random.Random, fix: dict, mutants: int) -> list[Case]:
    cases = []
    src = fix["import"]
    originals = {n: (src / n).read_bytes() for n in FILES}
    ctx = {"ops": collect_op_names([originals["model.mlir"].decode()])}
    cat = "model folders (kforge-run)"
    for i in range(mutants):
        name = rng.choice(FILES + ["kforge-model.json", "weights.safetensors"])
        data = mutate_file(name, originals[name], rng, ctx)

        def prepare(d: Path, name=name, data=data):
            copy_model(src, d / "m")
            (d / "m" / name).write_bytes(data)
            (d / "logits.safetensors").write_bytes(b"the user's previous logits\n")
        cases.append(Case(f"model/{name}/{i}", "kforge-run", cat, DECODE + rng.choice(VARIANTS),
                          prepare=prepare, protect=[Protect("logits.safetensors")]))
    for name in FILES:
        for kind in ["missing", "dir", "fifo", "symlink-devzero", "symlink-devnull", "loop", "empty",
                     "huge"]:
            def prepare(d: Path, name=name, kind=kind):
                copy_model(src, d / "m")
                (d / "m" / name).unlink()
                make_odd(d / "m" / name, kind)
            cases.append(Case(f"model/{name}-{kind}", "kforge-run", cat, DECODE, prepare=prepare,
                              timeout=20, fifo_peers=[(f"m/{name}", "writer")]))
    return cases


def real_model_cases(rng: random.Random, fix: dict, count: int) -> list[Case]:
    """A few runs on the real import (weights hard-linked to the campaign's copy;
    one module cache shared by these runs so only the first compiles)."""
    real = fix.get("real_copy")
    if not real or not count:
        return []
    cache = str(real.parent / "real-modules")
    cat = "real model folder (kforge-run)"
    originals = {n: (real / n).read_bytes() for n in FILES if n not in ("weights.safetensors", "model.mlir")}
    base = ["m/model.mlir", "--prompt", "The capital of France is", "--max-tokens", "1", "--no-tune"]
    cases = [Case("real/clean", "kforge-run", cat, base,
                  prepare=lambda d: copy_model(real, d / "m", True), env={"KFORGE_CACHE_DIR": cache},
                  timeout=120)]
    hostile = [["--max-context", "1000000000"], ["--max-context", "4294967296"], ["--max-context", "0"],
               ["--max-context", "8193"], ["--chat", "--max-context", "2"],
               ["--prompt-ids", "49152"], ["--prompt-ids", "-1"], ["--prompt-ids", "1," * 5000 + "1"],
               ["--temperature", "NaN"], ["--top-p", "2"], ["--top-k", "18446744073709551616"]]
    for i, extra in enumerate(hostile):
        cases.append(Case(f"real/cli{i}", "kforge-run", cat, base + extra,
                          prepare=lambda d: copy_model(real, d / "m", True),
                          env={"KFORGE_CACHE_DIR": cache}, timeout=120))
    for i in range(max(0, count - len(cases))):
        name = rng.choice(list(originals))
        data = mutate_file(name, originals[name], rng, {})

        def prepare(d: Path, name=name, data=data):
            copy_model(real, d / "m", True)
            (d / "m" / name).unlink()
            (d / "m" / name).write_bytes(data)
        cases.append(Case(f"real/{name}/{i}", "kforge-run", cat, base, prepare=prepare,
                          env={"KFORGE_CACHE_DIR": cache}, timeout=120))
    return cases[:count]
