"""Hostile command-line values and environment for the five tools: NaN, inf,
negative, huge, empty, non-UTF-8 and malformed numbers for every numeric
option; unknown and repeated flags; odd input and output paths; bogus
KFORGE_ISA and KFORGE_MAX_ALLOCATION. Benchmark commands get small sizes
beside the hostile value, so a value that is accepted still finishes quickly."""
from __future__ import annotations

import random
import shutil
from pathlib import Path

from .cases_weights import make_odd
from .runner import Case, Protect

VALUES = ["NaN", "nan", "inf", "-inf", "-1", "0", "-0", "1e9", "1e308", "1e-320", "2147483648",
          "4294967296", "9223372036854775807", "18446744073709551616", "0x10", "1_000", "", " 1",
          "1,2", "½", b"caf\xff", "9" * 400]
PATH_KINDS = ["missing", "dir", "fifo", "socket", "symlink-devzero", "symlink-devnull", "loop",
              "empty", "garbage", "huge"]


def _model(fix):
    def prepare(d: Path):
        shutil.copytree(fix["import"], d / "m")
        shutil.copy(fix["mm"], d / "mm.mlir")
        shutil.copy(fix["bench-after.json"], d / "after.json")
        shutil.copy(fix["bench-before.json"], d / "before.json")
        shutil.copy(fix["gguf"], d / "tiny.gguf")
        (d / "in.mlir").write_text(fix["mm"].read_text())
    return prepare


def value_cases(fix: dict, rng: random.Random, values: list) -> list[Case]:
    """(tool, base argv, option, timeout) × each hostile value."""
    run_fn = ["mm.mlir", "--random-inputs", "--check", "--no-tune"]
    run_dec = ["m/model.mlir", "--prompt", "ab", "--max-tokens", "1", "--max-context", "32", "--no-tune"]
    table = [
        ("kforge-run", run_fn, "--seed"), ("kforge-run", run_fn, "--tolerance"),
        ("kforge-run", run_fn, "--threads"), ("kforge-run", run_fn, "--entry"),
        ("kforge-run", run_fn, "--target"), ("kforge-run", run_fn + ["--target", "gpu"], "--device"),
        ("kforge-run", run_dec, "--max-tokens"), ("kforge-run", run_dec, "--max-context"),
        ("kforge-run", run_dec, "--temperature"), ("kforge-run", run_dec, "--top-k"),
        ("kforge-run", run_dec, "--top-p"), ("kforge-run", run_dec, "--seed"),
        ("kforge-run", run_dec, "--threads"), ("kforge-run", run_dec, "--prompt"),
        ("kforge-run", run_dec, "--prompt-ids"),
        ("kforge-run", run_dec + ["--compare-with", "http://127.0.0.1:9/v1"], "--compare-timeout"),
        ("kforge-run", run_dec, "--compare-with"),
        ("kforge-opt", ["in.mlir", "--lower-to-cpu", "--verify-each-numerics"], "--numerics-tolerance"),
        ("kforge-opt", ["in.mlir", "--lower-to-cpu"], "-O"),
        ("kforge-opt", ["in.mlir"], "--emit"),
        ("kforge-opt", ["in.mlir"], "--pass-pipeline"),
        ("kforge-bench", ["emit-mlir", "matmul", "--n", "8", "--k", "8"], "--m"),
        ("kforge-bench", ["emit-mlir", "attention"], "--m"),
        ("kforge-bench", ["emit-mlir", "matmul", "--m", "8", "--k", "8"], "--n"),
        ("kforge-bench", ["matmul", "--n", "8", "--k", "8", "--repeats", "1", "--no-tune"], "--m"),
        ("kforge-bench", ["matmul", "--m", "8", "--n", "8", "--repeats", "1", "--no-tune"], "--k"),
        ("kforge-bench", ["matmul", "--m", "8", "--n", "8", "--k", "8", "--no-tune"], "--repeats"),
        ("kforge-bench", ["matmul", "--m", "8", "--n", "8", "--k", "8", "--repeats", "1", "--no-tune"],
         "--threads"),
        ("kforge-bench", ["diff", "before.json", "after.json"], "--threshold"),
        ("kforge-bench", ["suite", "--quick", "--filter", "zzz-none", "-o", "s.json"], "--threads"),
        ("kforge-gpu-bench", ["matmul", "--n", "16", "--k", "16", "--reps", "1", "--dtype", "f32"], "--m"),
        ("kforge-gpu-bench", ["matmul", "--m", "16", "--n", "16", "--reps", "1", "--dtype", "f32"], "--k"),
        ("kforge-gpu-bench", ["matmul", "--m", "16", "--n", "16", "--k", "16", "--dtype", "f32"], "--reps"),
        ("kforge-gpu-bench", ["decode", "--tokens", "1"], "--context"),
        ("kforge-gpu-bench", ["decode", "--context", "16"], "--tokens"),
    ]
    cases = []
    for tool, base, opt in table:
        for v in values:
            argv = base + ([opt, v] if rng.random() < 0.7 or isinstance(v, bytes)
                           else [f"{opt}={v}"])
            tag = v.hex() if isinstance(v, bytes) else v[:20]
            cases.append(Case(f"cli/{tool}/{opt}={tag}", tool, "hostile CLI values", argv,
                              prepare=_model(fix), timeout=60))
    fusion = ["fusion", "--no-decoder", "--repeats", "1", "--decode-steps", "1", "--weight-bytes", "4096"]
    for opt in ["--repeats", "--weight-bytes", "--threads", "--decode-steps"]:
        for v in ["NaN", "-1", "1e308", "18446744073709551616", b"\xff"]:
            cases.append(Case(f"cli/kforge-bench/fusion{opt}={v!r}", "kforge-bench", "hostile CLI values",
                              fusion + [opt, v], prepare=_model(fix), timeout=150))
    return cases


def flag_cases(fix: dict) -> list[Case]:
    """Unknown, repeated, dangling flags; odd arguments."""
    cat = "hostile CLI flags"
    lists = {
        "kforge-opt": [["--bogus"], ["in.mlir", "--lower-to-cpu", "--lower-to-cpu"], ["in.mlir", "-o"],
                       ["in.mlir", "--kforge-tile-contractions{vector-sizes=0,0,0}"],
                       ["in.mlir", "--pass-pipeline=builtin.module(kforge-tile-contractions{vector-sizes=1073741824,1,1})"],
                       ["in.mlir", "--pass-pipeline=builtin.module(kforge-tile-contractions{vector-sizes=-1})"],
                       ["in.mlir", "--pass-pipeline=" + "builtin.module(" * 2000 + ")" * 2000],
                       ["in.mlir", "--pass-pipeline=builtin.module(func.func(" + "canonicalize," * 3000 + "cse))"],
                       ["in.mlir", "--print-ir-after-all", "--lower-to-cpu-tiled"],
                       ["-", "--lower-to-cpu"], ["in.mlir", "x.mlir"], ["in.mlir", "--emit=wgsl", "--lower-to-cpu"],
                       ["in.mlir", "-O", "2"], ["--", "--lower-to-cpu"], ["in.mlir", "--verify-diagnostics"],
                       ["a" * 100000], [b"in-\xff.mlir"], ["in.mlir", "-o", b"out-\xff.mlir"]],
        "kforge-run": [["--bogus"], ["mm.mlir"], ["mm.mlir", "--random-inputs", "--inputs", "mm.mlir"],
                       ["mm.mlir", "--random-inputs", "--weights", "mm.mlir"],
                       ["m/model.mlir", "--random-inputs", "--check"],
                       ["mm.mlir", "--prompt", "ab"], ["m/model.mlir"],
                       ["m/model.mlir", "--prompt", "ab", "--prompt-ids", "1", "--max-context", "32"],
                       ["m/model.mlir", "--prompt", "a" * 100000, "--max-tokens", "1", "--max-context", "64"],
                       ["m/model.mlir", "--prompt", b"caf\xff", "--max-tokens", "1", "--max-context", "32"],
                       ["m/model.mlir", "--prompt", "ab", "--max-tokens", "1", "--max-context", "32",
                        "--target", "gpu", "--gpu-program", "prog.json"],
                       ["mm.mlir", "--random-inputs", "--target", "gpu", "--device", "list"],
                       ["m/model.mlir", "--prompt", "ab", "--compare-with", "not a url", "--max-context", "32"],
                       ["m/model.mlir", "--prompt", "ab", "--compare-with", "http://[::1", "--max-context", "32"],
                       ["mm.mlir", "--random-inputs", "--entry", "@mm"], ["mm.mlir", "--random-inputs", "--entry", ""],
                       ["mm.mlir", "--random-inputs", "--random-inputs"], [b"mm-\xff.mlir", "--random-inputs"]],
        "kforge-import": [["--bogus"], ["tiny.gguf"], ["tiny.gguf", "-o", ""], ["", "-o", "out"],
                          ["tiny.gguf", "-o", "out", "-o", "out2"], ["tiny.gguf", "-o", "tiny.gguf"],
                          ["tiny.gguf", "-o", "m/x"], ["tiny.gguf", "-o", "mm.mlir/x"],
                          ["tiny.gguf", "-o", "m"], ["tiny.gguf", "-o", "out", "--export-gguf-f32", "tiny.gguf"],
                          ["tiny.gguf", "-o", "out", "--export-gguf-f32", "m/weights.safetensors"],
                          ["m", "-o", "out"], ["tiny.gguf", "-o", b"out-\xff"]],
        "kforge-bench": [["--bogus"], [], ["diff"], ["diff", "after.json"], ["diff", "after.json", "after.json"],
                         ["plot", "after.json"], ["plot", "after.json", "-o", "after.json"],
                         ["plot", "after.json", "before.json", "-o", "p.svg"], ["plot", "mm.mlir", "-o", "p.svg"],
                         ["emit-mlir", "bogus"], ["emit-mlir", "decoder", "--m", "0"],
                         ["suite", "--quick", "--filter", "zzz", "-o", "after.json", "--model", "nowhere"],
                         ["suite", "--quick", "--filter", "zzz", "-o", "m"],
                         ["matmul", "--m", "8", "--n", "8", "--k", "8", "--strategy", "bogus"],
                         ["matmul", "--m", "8", "--n", "8", "--k", "8", "--repeats", "1", "--strategy", "tiled"],
                         ["matmul", "--m", "8", "--n", "8", "--k", "8", "--repeats", "1", "--target", "gpu",
                          "--device", "99"]],
        "kforge-gpu-bench": [["--bogus"], [], ["devices", "--bogus"], ["matmul", "--dtype", "f64"],
                             ["matmul", "--m", "16", "--n", "16", "--k", "16", "--reps", "1", "--device", "99"],
                             ["matmul", "--m", "16", "--n", "16", "--k", "16", "--reps", "1", "--device", ""],
                             ["decode", "--program", "mm.mlir"], ["decode", "--program", "nowhere.json"],
                             ["decode", "--tokens", "1", "--context", "16", "--json", "m"],
                             ["decode", "--tokens", "1", "--context", "16", "--json", "after.json"]],
    }
    cases = []
    for tool, argvs in lists.items():
        for i, argv in enumerate(argvs):
            protect = [Protect("after.json"), Protect("m"), Protect("tiny.gguf"), Protect("mm.mlir")]
            cases.append(Case(f"flags/{tool}/{i}", tool, cat, argv, prepare=_model(fix), protect=protect,
                              timeout=60))
    return cases


def path_cases(fix: dict) -> list[Case]:
    """Input and output paths at odd objects (inside the case folder)."""
    cat = "odd input/output paths"
    uses = [
        ("kforge-opt", ["X", "--lower-to-cpu"], "in"),
        ("kforge-opt", ["in.mlir", "--lower-to-cpu", "-o", "X"], "out"),
        ("kforge-opt", ["bad.mlir", "--lower-to-cpu", "-o", "X"], "out-fail"),
        ("kforge-run", ["X", "--random-inputs"], "in"),
        ("kforge-run", ["mm.mlir", "--inputs", "X"], "in"),
        ("kforge-run", ["mm.mlir", "--random-inputs", "--weights", "X"], "in"),
        ("kforge-run", ["mm.mlir", "--random-inputs", "--outputs", "X"], "out"),
        ("kforge-run", ["bad.mlir", "--random-inputs", "--outputs", "X"], "out-fail"),
        ("kforge-run", ["m/model.mlir", "--prompt", "ab", "--max-tokens", "1", "--max-context", "32",
                        "--save-logits", "X"], "out"),
        ("kforge-run", ["m/model.mlir", "--prompt", "ab", "--max-tokens", "1", "--max-context", "99999",
                        "--save-logits", "X"], "out-fail"),
        ("kforge-bench", ["diff", "X", "after.json"], "in"),
        ("kforge-bench", ["plot", "after.json", "-o", "X"], "out"),
        ("kforge-bench", ["plot", "mm.mlir", "-o", "X"], "out-fail"),
        ("kforge-gpu-bench", ["decode", "--program", "X"], "in"),
    ]
    cases = []
    for tool, argv, role in uses:
        for kind in PATH_KINDS:
            if role.startswith("out") and kind in ("symlink-devzero",):
                continue

            def prepare(d: Path, kind=kind):
                _model(fix)(d)
                (d / "bad.mlir").write_text("func.func @f( {\n")
                make_odd(d / "X", kind)
            when = "failure" if role == "out" else "always"
            protect = [Protect("X", when)] if role.startswith("out") else []
            protect += [Protect("m/weights.safetensors", "always"), Protect("after.json", "always")]
            cases.append(Case(f"paths/{tool}/{' '.join(map(str, argv))[:30]}/{kind}", tool, cat,
                              [a for a in argv], prepare=prepare, protect=protect, timeout=20,
                              fifo_peers=[("X", "reader" if role.startswith("out") else "writer")]))
    return cases


def env_cases(fix: dict) -> list[Case]:
    cat = "hostile environment"
    runs = [("kforge-run", ["mm.mlir", "--random-inputs", "--check"]),
            ("kforge-run", ["m/model.mlir", "--prompt", "ab", "--max-tokens", "1", "--max-context", "32"]),
            ("kforge-bench", ["matmul", "--m", "8", "--n", "8", "--k", "8", "--repeats", "1", "--no-tune"]),
            ("kforge-opt", ["in.mlir", "--lower-to-cpu-tiled"])]
    envs = [{"KFORGE_ISA": v} for v in ["bogus", "", "AVX2", "avx512", "avx2 ", "portable,avx2", "\u00e9"]]
    envs += [{"KFORGE_MAX_ALLOCATION": v} for v in ["0", "-1", "bogus", "1e30", "18446744073709551616", "16"]]
    envs += [{"HOME": None, "XDG_CACHE_HOME": None}, {"HOME": "", "XDG_CACHE_HOME": ""},
             {"HOME": "{dir}/no-such-home", "XDG_CACHE_HOME": None},
             {"KFORGE_TUNE_CACHE": "", "KFORGE_CACHE_DIR": ""}, {"LANG": "xx_YY.bogus"}]
    cases = []
    for tool, argv in runs:
        for i, env in enumerate(envs):
            cases.append(Case(f"env/{tool}/{i}/{env}", tool, cat, argv, prepare=_model(fix), env=env,
                              protect=[Protect("m", "always")], timeout=60))
    return cases
