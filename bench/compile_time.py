#!/usr/bin/env python3
"""Cold compile time of a model.mlir (issue 12), and the speed of the code it gives.

    python3 bench/compile_time.py [--runs 5] [--speed] [--json out.json]
        [--variant NAME:VAR=VALUE,...]... [--model models/.../model.mlir]

Runs `kforge-run MODEL --no-cache --json` (an empty module cache every time) in
interleaved rounds over the variants — by default the host's ISA and
`KFORGE_ISA=avx2` (the AVX2 target of a 2-core AVX2 machine, forced on this
one) — and prints per variant the median of `compile_seconds` and of its
stages (`compile_stages`: MLIR passes, LLVM optimization, LLVM code
generation), with the fastest and slowest run. With `--speed`, each run also
generates 64 tokens after a ~115-token prompt (the `--long-prompt` of
bench/decoder_vs_llamacpp.py) and the medians of prefill and decode tokens/s
are printed: what a change to the compiler must not slow down.

A variant is `NAME:VAR=VALUE,VAR=VALUE` (environment for kforge-run), e.g.
`--variant avx2:KFORGE_ISA=avx2`. Needs target/debug/kforge-run
(cargo build -p kforge-run) and an imported model (README, "Quick start").
This is a benchmark, not a test: the machine's load moves every number, so
compare variants from one invocation (the rounds interleave them).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
DEFAULT_MODEL = os.path.join(REPO, "models/smollm2-135m-instruct/kforge/model.mlir")
# The prompts of the decoder benchmark, so that both time the same text.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from decoder_vs_llamacpp import DEFAULT_PROMPT as SHORT_PROMPT, LONG_PROMPT  # noqa: E402

STAGES = ["mlir_seconds", "llvm_optimize_seconds", "llvm_codegen_seconds"]


def parse_variant(text):
    name, _, assignments = text.partition(":")
    env = {}
    for item in filter(None, assignments.split(",")):
        key, eq, value = item.partition("=")
        if not eq or not key:
            raise argparse.ArgumentTypeError(f"expected NAME:VAR=VALUE,..., got '{text}'")
        env[key] = value
    if not name:
        raise argparse.ArgumentTypeError(f"a variant needs a name: '{text}'")
    return name, env


def run_once(args, env):
    prompt, tokens = (LONG_PROMPT, 64) if args.speed else (SHORT_PROMPT, 4)
    cmd = [args.kforge_run, args.model, "--prompt", prompt, "--max-tokens", str(tokens),
           "--ignore-eos", "--json", "--no-cache", "--threads", str(args.threads)]
    out = subprocess.run(cmd, env={**os.environ, **env}, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"compile_time.py: {' '.join(cmd)} failed:\n{out.stderr}")
    return json.loads(out.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--kforge-run", default=os.path.join(REPO, "target/debug/kforge-run"))
    ap.add_argument("--runs", type=int, default=5, help="rounds (each runs every variant once)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--speed", action="store_true", help="also time prefill and decode on a long prompt")
    ap.add_argument("--variant", type=parse_variant, action="append",
                    help="NAME:VAR=VALUE,... (default: the host ISA and KFORGE_ISA=avx2)")
    ap.add_argument("--json", help="write the runs and medians here")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    variants = args.variant or [("host", {}), ("avx2", {"KFORGE_ISA": "avx2"})]
    runs = {name: [] for name, _ in variants}
    for r in range(args.runs):
        for name, env in variants:
            d = run_once(args, env)
            row = {"compile_seconds": d["compile_seconds"], **d.get("compile_stages", {}),
                   "prefill_tokens_per_second": d["prefill_tokens_per_second"],
                   "decode_tokens_per_second": d["decode_tokens_per_second"],
                   "isa": d.get("isa"), "ids": d["ids"]}
            runs[name].append(row)
            print(f"round {r + 1} {name}: compile {row['compile_seconds']:.2f} s", file=sys.stderr)
    summary = {}
    for name, rows in runs.items():
        med = lambda k: statistics.median(x[k] for x in rows if k in x)
        s = {"isa": rows[0]["isa"], "runs": len(rows),
             "compile_seconds_median": med("compile_seconds"),
             "compile_seconds_min": min(x["compile_seconds"] for x in rows),
             "compile_seconds_max": max(x["compile_seconds"] for x in rows)}
        for k in STAGES:
            if k in rows[0]:
                s[k + "_median"] = med(k)
        if args.speed:
            s["prefill_tokens_per_second_median"] = med("prefill_tokens_per_second")
            s["decode_tokens_per_second_median"] = med("decode_tokens_per_second")
        s["same_tokens_every_run"] = all(x["ids"] == rows[0]["ids"] for x in rows)
        summary[name] = s
    header = "| variant | ISA | compile s (median) | min–max | MLIR | LLVM opt | LLVM codegen |"
    rule = "| --- | --- | --- | --- | --- | --- | --- |"
    if args.speed:
        header += " prefill tok/s | decode tok/s |"
        rule += " --- | --- |"
    print(header)
    print(rule)
    for name, s in summary.items():
        stage = lambda k: f"{s[k + '_median']:.2f}" if k + "_median" in s else "–"
        line = (f"| {name} | {s['isa']} | {s['compile_seconds_median']:.2f} | "
                f"{s['compile_seconds_min']:.2f}–{s['compile_seconds_max']:.2f} | "
                + " | ".join(stage(k) for k in STAGES) + " |")
        if args.speed:
            line += (f" {s['prefill_tokens_per_second_median']:.1f} |"
                     f" {s['decode_tokens_per_second_median']:.1f} |")
        print(line)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"model": args.model, "threads": args.threads, "speed": args.speed,
                       "variants": {n: e for n, e in variants}, "summary": summary, "runs": runs},
                      f, indent=2)


if __name__ == "__main__":
    main()
