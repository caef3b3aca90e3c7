"""kforge-import on corrupt GGUF files (structured metadata and tensor
variants of the tiny model, byte mutants, truncations of the real SmolLM2
GGUF) and corrupt Hugging Face folders, always over a good previous import
that a failed import must leave byte for byte."""
from __future__ import annotations

import json
import os
import random
import shutil
import socket
from pathlib import Path

import numpy as np

from . import fixtures
from .mutate import mutate_bytes, mutate_json
from .runner import Case, Protect

U32_MAX = 2**32 - 1
META_VARIANTS = {
    "llama.block_count": [0, 4096, 4097, U32_MAX, (2**63, "u64"), ("1", "str")],
    "llama.context_length": [0, 1, U32_MAX, (2**40, "u64"), (-1, "i32")],
    "llama.embedding_length": [0, 31, 33, 64, 2**20, U32_MAX],
    "llama.feed_forward_length": [0, 1, 63, U32_MAX],
    "llama.attention.head_count": [0, 3, 5, 8, 64, U32_MAX],
    "llama.attention.head_count_kv": [0, 3, 4, 8, U32_MAX],
    "llama.rope.freq_base": [(float("nan"), "f32"), (float("inf"), "f32"), (-1.0, "f32"),
                             (0.0, "f32"), (1e300, "f64")],
    "llama.attention.layer_norm_rms_epsilon": [(float("nan"), "f32"), (float("inf"), "f32"),
                                               (-1e-5, "f32"), (0.0, "f32")],
    "llama.vocab_size": [0, 15, 17, U32_MAX],
    "llama.rope.dimension_count": [0, 7, 16, U32_MAX],
    "tokenizer.ggml.tokens": [([], "arr"), (["a"] * 16, "arr"), (fixtures.TOKENS[:15], "arr"),
                              ([""] * 16, "arr"), (["x" * 100000] + fixtures.TOKENS[1:], "arr")],
    "tokenizer.ggml.token_type": [([1] * 3, "arr"), ([99] * 16, "arr"), ([-1] * 16, "arr")],
    "tokenizer.ggml.merges": [(["a"], "arr"), (["a b c"], "arr"), (["zz yy"], "arr"), ([], "arr")],
    "tokenizer.ggml.bos_token_id": [16, U32_MAX],
    "tokenizer.ggml.eos_token_id": [16, U32_MAX],
    "tokenizer.ggml.model": [("llama", "str"), ("", "str"), ("bert", "str")],
    "tokenizer.chat_template": [("{% for i in range(999999999) %}x{% endfor %}", "str"),
                                ("{{", "str"), ("{{ raise_exception('x') }}", "str")],
    "general.architecture": [("mistral", "str"), ("", "str")],
}


def gguf_variants(rng: random.Random) -> list[tuple[str, dict]]:
    """(name, write_gguf keyword arguments) of structured variants."""
    out = []
    for key, values in META_VARIANTS.items():
        for v in values:
            out.append((f"{key}={str(v)[:24]}", {"metadata": {key: v}}))
        out.append((f"no-{key}", {"skip_meta": (key,)}))
    specs = fixtures.tensor_specs()
    for _, gg, shape in specs:
        out.append((f"drop-{gg}", {"drop": (gg,)}))
        if len(shape) == 2:
            out.append((f"transposed-{gg}", {"tensors": {gg: fixtures.tensor_values(shape[::-1], 1)}}))
        out.append((f"extra-dim-{gg}", {"tensors": {gg: fixtures.tensor_values((1, *shape), 1)}}))
        out.append((f"nan-{gg}", {"tensors": {gg: np.full(shape, np.nan, np.float32)}}))
        out.append((f"i32-{gg}", {"tensors": {gg: np.ones(shape, np.int32)}}))
    out.append(("extra-tensor", {"extra_tensors": {"blk.1.attn_q.weight": np.ones((32, 32), np.float32)}}))
    out.append(("empty-tensor", {"extra_tensors": {"zero": np.ones((0, 4), np.float32)}}))
    for dtype in ["f16", "q8_0", "q4_0"]:
        out.append((f"dtype-{dtype}", {"dtype": dtype}))
    rng.shuffle(out)
    return out


def over_good_import(fix: dict, write_source):
    """Prepares `out/` as a copy of the good tiny import, and the source."""
    def prepare(d: Path):
        shutil.copytree(fix["import"], d / "out")
        (d / "export.gguf").write_bytes(b"the user's previous export\n")
        write_source(d)
    return prepare


def import_case(id_, category, fix, write_source, source, rng) -> Case:
    # An export needs a GGUF source (an HF folder with it is refused up front).
    export = ["--export-gguf-f32", "export.gguf"] if source.endswith(".gguf") and rng.random() < 0.25 else []
    return Case(id=id_, tool="kforge-import", category=category,
                argv=[source, "-o", "out", *export, "-q"],
                prepare=over_good_import(fix, write_source),
                protect=[Protect("out"), Protect("export.gguf")])


def gguf_cases(rng: random.Random, fix: dict, structured: int, byte_mutants: int,
               real_truncations: int) -> list[Case]:
    cases = []
    for name, kwargs in gguf_variants(rng)[:structured]:
        def write(d: Path, kwargs=kwargs):
            fixtures.write_gguf(d / "m.gguf", **kwargs)
        cases.append(import_case(f"gguf/{name}", "GGUF variants (kforge-import)", fix, write,
                                 "m.gguf", rng))
    bases = [fix["gguf"].read_bytes()]
    for dtype in ["f16", "q8_0"]:
        p = fix["gguf"].with_name(f"tiny-{dtype}.gguf")
        if not p.exists():
            fixtures.write_gguf(p, dtype=dtype)
        bases.append(p.read_bytes())
    header = 4096
    for i in range(byte_mutants):
        data = mutate_bytes(rng.choice(bases), rng, hot=header)
        cases.append(import_case(f"gguf/bytes{i}", "GGUF byte mutants (kforge-import)", fix,
                                 lambda d, data=data: (d / "m.gguf").write_bytes(data), "m.gguf", rng))
    real = fix["real_gguf"]
    if real.is_file() and real_truncations:
        size = real.stat().st_size
        cuts = [0, 4, 8, 24, 1000, 100_000, 1_000_000, 10_000_000, size // 2, size - 1]
        for cut in cuts[:real_truncations]:
            def write(d: Path, cut=cut):
                with open(real, "rb") as src, open(d / "m.gguf", "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20) if cut >= size else dst.write(src.read(cut))
            cases.append(import_case(f"gguf/real-truncated-{cut}", "GGUF truncations (kforge-import)",
                                     fix, write, "m.gguf", rng))
    return cases


# --- odd file-system objects -------------------------------------------------------

def make_odd(p: Path, kind: str, fix_dir: Path | None = None):
    """Creates an odd object at `p` (inside the case folder)."""
    p.parent.mkdir(parents=True, exist_ok=True)
    if kind == "missing":
        return
    if kind == "dir":
        p.mkdir()
    elif kind == "fifo":
        os.mkfifo(p)
    elif kind == "socket":
        s = socket.socket(socket.AF_UNIX)
        try:
            s.bind(str(p))
        except OSError:
            p.write_text("")
        s.close()
    elif kind.startswith("symlink-dev"):
        os.symlink("/dev/" + kind.removeprefix("symlink-dev"), p)
    elif kind == "dangling":
        os.symlink(p.parent / "does-not-exist", p)
    elif kind == "loop":
        os.symlink(p.name, p)
    elif kind == "empty":
        p.write_bytes(b"")
    elif kind == "garbage":
        p.write_bytes(b"\x00\xff{not json" * 100)
    elif kind == "huge":
        with open(p, "wb") as f:
            f.truncate(100 << 20)
    elif kind == "non-utf8":
        p.write_bytes(b"{\"a\": \"\xff\xfe\"}")
    else:
        raise ValueError(kind)


ODD_KINDS = ["missing", "dir", "fifo", "socket", "symlink-devnull", "symlink-devzero", "dangling",
             "loop", "empty", "garbage", "huge", "non-utf8"]


def hf_cases(rng: random.Random, fix: dict, config_mutants: int, st_mutants: int) -> list[Case]:
    cases = []
    cat = "HF folders (kforge-import)"
    base_st = (fix["hf"] / "model.safetensors").read_bytes()
    header_len = int.from_bytes(base_st[:8], "little")
    header = json.loads(base_st[8:8 + header_len])
    blob = base_st[8 + header_len:]

    def folder(config=None, st=None, tweak=None):
        def write(d: Path):
            hf = d / "hf"
            shutil.copytree(fix["hf"], hf)
            if config is not None:
                (hf / "config.json").write_text(config)
            if st is not None:
                (hf / "model.safetensors").write_bytes(st)
            if tweak:
                tweak(hf)
        return write

    for i in range(config_mutants):
        text = mutate_json(fixtures.HF_CONFIG, rng)
        cases.append(import_case(f"hf/config{i}", cat, fix, folder(config=text), "hf", rng))
    for i in range(st_mutants):
        if rng.random() < 0.5:
            text = mutate_json(header, rng).encode()
            st = len(text).to_bytes(8, "little") + text + blob
        else:
            st = mutate_bytes(base_st, rng, hot=8 + header_len)
        cases.append(import_case(f"hf/safetensors{i}", cat, fix, folder(st=st), "hf", rng))
    for kind in ODD_KINDS:
        for name in ["tokenizer.json", "config.json", "model.safetensors", "tokenizer_config.json"]:
            def tweak(hf: Path, kind=kind, name=name):
                (hf / name).unlink(missing_ok=True)
                make_odd(hf / name, kind)
            case = import_case(f"hf/{name}-{kind}", cat, fix, folder(tweak=tweak), "hf", rng)
            case.fifo_peers = [(f"hf/{name}", "writer")]
            cases.append(case)

    def second_shard(hf: Path):
        shutil.copy(hf / "model.safetensors", hf / "model-2.safetensors")
    cases.append(import_case("hf/duplicate-shard", cat, fix, folder(tweak=second_shard), "hf", rng))
    for src in ["hf-f16", "hf-bf16"]:
        cases.append(import_case(f"hf/{src}", cat, fix,
                                 lambda d, src=src: shutil.copytree(fix[src], d / "hf"), "hf", rng))
    return cases


def import_target_cases(fix: dict) -> list[Case]:
    """-o at odd places: a user's folder must be refused and left alone."""
    cases = []
    cat = "import targets (kforge-import)"

    def user_folder(d: Path):
        (d / "out").mkdir()
        (d / "out/notes.txt").write_text("the user's notes\n")
        (d / "out/model.mlir").write_text("// the user's own module\n")
    cases.append(Case("import/-o-user-folder", "kforge-import", cat, [str(fix["gguf"]), "-o", "out"],
                      prepare=user_folder, protect=[Protect("out", "always")]))

    def import_with_user_file(d: Path):
        shutil.copytree(fix["import"], d / "out")
        (d / "out/notes.txt").write_text("the user's notes beside an import\n")
    cases.append(Case("import/-o-import-with-user-file", "kforge-import", cat,
                      [str(fix["gguf"]), "-o", "out"], prepare=import_with_user_file,
                      protect=[Protect("out/notes.txt", "always")]))
    for kind in ["fifo", "socket", "symlink-devnull", "dangling", "loop", "garbage", "empty"]:
        cases.append(Case(f"import/-o-{kind}", "kforge-import", cat, [str(fix["gguf"]), "-o", "out"],
                          prepare=lambda d, kind=kind: make_odd(d / "out", kind),
                          protect=[Protect("out", "always")], fifo_peers=[("out", "reader")]))

    def link_to_import(d: Path):
        shutil.copytree(fix["import"], d / "real")
        os.symlink("real", d / "out")
    cases.append(Case("import/-o-symlink-to-import", "kforge-import", cat,
                      [str(fix["gguf"]), "-o", "out"], prepare=link_to_import,
                      protect=[Protect("real", "failure")]))
    for kind in ["fifo", "symlink-devnull", "symlink-devfull", "dir", "garbage"]:
        def prep(d: Path, kind=kind):
            make_odd(d / "export.gguf", kind)
        cases.append(Case(f"import/export-{kind}", "kforge-import", cat,
                          [str(fix["gguf"]), "-o", "out", "--export-gguf-f32", "export.gguf"],
                          prepare=prep, protect=[Protect("export.gguf", "failure")],
                          fifo_peers=[("export.gguf", "reader")]))
    for kind in ["missing", "dir", "fifo", "socket", "symlink-devzero", "symlink-devnull", "empty",
                 "garbage", "huge", "loop"]:
        cases.append(Case(f"import/source-{kind}", "kforge-import", cat, ["src.gguf", "-o", "out"],
                          prepare=lambda d, kind=kind: make_odd(d / "src.gguf", kind),
                          fifo_peers=[("src.gguf", "writer")]))
    return cases
