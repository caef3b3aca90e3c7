#!/usr/bin/env python3
"""kforge vs llama.cpp on this machine: greedy decoding of SmolLM2-135M on the same f32
weights, prefill and decode tok/s side by side with ratios.

    python3 bench/decoder_vs_llamacpp.py [--long-prompt] [--with-q4_1] [--json]

Needs target/debug/kforge-run and kforge-import (cargo build -p kforge-run -p kforge-import)
and llama-cpp-python (scripts/setup-bench.sh, once). The f32 weights are imported and
exported once, then cached: the kforge model folder and its f32 GGUF twin
(kforge-import --export-gguf-f32) live in --work-dir.

Rounds are interleaved so that background load hits both engines alike: one untimed
kforge warm-up run, then R rounds of [one kforge run, one llama.cpp run (bench/llamacpp.py
--repeat 1, whose own warm-up is untimed)]. Each engine's figure is the median over
rounds ("best" in --json is the fastest round: other load only ever slows a run down).

What is timed:
- kforge: `kforge-run --json` Generation figures (compile time excluded):
  prefill = prompt tokens / prefill seconds; decode = (generated - 1) / decode seconds,
  sampling and detokenisation included;
- llama.cpp: bench/llamacpp.py's prefill tok/s and decode.tok_s_with_select (the model
  step plus argmax, like kforge's loop; the model step alone is in --json as
  decode_tok_s_model_step).
Both generate exactly --n-predict tokens (kforge with --ignore-eos) with --threads threads.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHIPPED_GGUF = REPO / "models/smollm2-135m-instruct/model.gguf"
DEFAULT_PROMPT = "The capital of France is"
# About 100 SmolLM2 tokens (115 with its tokenizer), so that prefill is measured on
# more than a handful.
LONG_PROMPT = (
    "The history of the city of Paris stretches back more than two thousand years. "
    "It began as a small settlement of a Celtic people called the Parisii on an island "
    "in the river Seine, which the Romans later conquered and named Lutetia. Over the "
    "centuries it grew into the capital of the kingdom of France, a centre of learning "
    "with one of the first universities in Europe, and a city of palaces, churches and "
    "markets. In the nineteenth century the prefect Haussmann rebuilt much of the city "
    "with wide boulevards and parks. Today Paris is known for"
)


def die(message):
    sys.exit(f"decoder_vs_llamacpp.py: {message}")


def run(cmd, what):
    """Runs cmd, returns stdout; dies with its stderr on failure."""
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if proc.returncode != 0:
        die(f"{what} failed (exit {proc.returncode}): {' '.join(map(str, cmd))}\n{proc.stderr.strip()}")
    return proc.stdout


def prepare_weights(args):
    """Imports the shipped GGUF once into --work-dir (model folder + f32 GGUF),
    and, for --kforge-weights other than f32, into a sibling folder with
    the weights stored that way."""
    mlir, f32 = prepare_f32(args)
    if args.kforge_weights == "f32":
        return mlir, f32
    # A sibling of the f32 import: the importer replaces only folders it wrote.
    base = Path(args.work_dir)
    work = base.parent / f"{base.name}-weights-{args.kforge_weights}"
    stored = work / "model.mlir"
    source, importer = Path(args.gguf), Path(args.kforge_import)
    newest_input = max(source.stat().st_mtime, importer.stat().st_mtime)
    if args.reimport or not (stored.exists() and stored.stat().st_mtime >= newest_input):
        print(f"importing {source} into {work} (--weights {args.kforge_weights}; cached)", file=sys.stderr)
        run([importer, source, "-o", work, "--weights", args.kforge_weights, "-q"], "kforge-import")
    return stored, f32


def prepare_f32(args):
    """Imports the shipped GGUF once into --work-dir (model folder + f32 GGUF)."""
    work = Path(args.work_dir)
    mlir, weights, f32 = work / "model.mlir", work / "weights.safetensors", work / "smollm2-f32.gguf"
    source = Path(args.gguf)
    if not source.exists():
        die(f"{source} is missing (run scripts/fetch-model.sh)")
    importer = Path(args.kforge_import)
    if not importer.exists():
        die(f"{importer} is missing (cargo build -p kforge-import)")
    # Stale when the source or the importer (its IR may have changed) is newer.
    newest_input = max(source.stat().st_mtime, importer.stat().st_mtime)
    fresh = all(p.exists() and p.stat().st_mtime >= newest_input for p in (mlir, weights, f32))
    if fresh and not args.reimport:
        return mlir, f32
    print(f"importing {source} into {work} (once; cached)", file=sys.stderr)
    run([importer, source, "-o", work, "--export-gguf-f32", f32, "-q"], "kforge-import")
    return mlir, f32


def kforge_once(args, mlir, prompt):
    out = run(
        [args.kforge_run, mlir, "--prompt", prompt, "--max-tokens", str(args.n_predict),
         "--ignore-eos", "--json", "--threads", str(args.threads)],
        "kforge-run",
    )
    v = json.loads(out)
    return {
        "prompt_tokens": len(v["prompt_ids"]),
        "prefill_tok_s": v["prefill_tokens_per_second"],
        "decode_tok_s": v["decode_tokens_per_second"],
        "compile_s": v.get("compile_seconds"),
        "ids": v["ids"],
        "text": v["text"],
    }


def llamacpp_once(args, gguf, prompt):
    out = run(
        [sys.executable, REPO / "bench/llamacpp.py", "--model", gguf, "--prompt", prompt,
         "--n-predict", str(args.n_predict), "--threads", str(args.threads), "--repeat", "1"],
        "bench/llamacpp.py",
    )
    v = json.loads(out)
    return {
        "prompt_tokens": v["prefill"]["tokens"],
        "prefill_tok_s": v["prefill"]["tok_s"],
        "decode_tok_s": v["decode"]["tok_s_with_select"],
        "decode_tok_s_model_step": v["decode"]["tok_s"],
        "contention_suspected": v["contention_suspected"],
        "ids": v["generated_ids"],
    }


def summarise(engine, weights, runs):
    med = lambda key: statistics.median(r[key] for r in runs)
    row = {
        "engine": engine,
        "weights": weights,
        "prompt_tokens": runs[0]["prompt_tokens"],
        "prefill_tok_s": med("prefill_tok_s"),
        "decode_tok_s": med("decode_tok_s"),
        "prefill_tok_s_best": max(r["prefill_tok_s"] for r in runs),
        "decode_tok_s_best": max(r["decode_tok_s"] for r in runs),
        "ids": runs[0]["ids"],
        "runs": [{k: v for k, v in r.items() if k not in ("ids", "text")} for r in runs],
    }
    if "decode_tok_s_model_step" in runs[0]:
        row["decode_tok_s_model_step"] = med("decode_tok_s_model_step")
    if "compile_s" in runs[0]:
        row["compile_s"] = med("compile_s")
    return row


KFORGE_WEIGHTS = {"f32": "f32 (safetensors)", "as-stored": "GGUF's own (Q4_1/Q8_0)"}


def first_mismatch(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return None if len(a) == len(b) else min(len(a), len(b))


def measure(args):
    mlir, f32 = prepare_weights(args)
    prompt = args.prompt or (LONG_PROMPT if args.long_prompt else DEFAULT_PROMPT)
    engines = [("llama.cpp", "f32 GGUF (same weights)", f32)]
    source = Path(args.gguf).resolve()
    if args.kforge_weights == "as-stored" and source != SHIPPED_GGUF.resolve():
        engines.append(("llama.cpp", f"{source.name} (same file)", source))
    if args.with_q4_1:
        engines.append(("llama.cpp", "Q4_1 GGUF (shipped)", SHIPPED_GGUF))
    load_before = os.getloadavg()
    t0 = time.time()
    print("warm-up: kforge", file=sys.stderr)
    kforge_once(args, mlir, prompt)
    kforge_runs, llama_runs = [], {w: [] for _, w, _ in engines}
    for r in range(args.repeat):
        print(f"round {r + 1}/{args.repeat}: kforge, llama.cpp", file=sys.stderr)
        kforge_runs.append(kforge_once(args, mlir, prompt))
        for _, weights, gguf in engines:
            llama_runs[weights].append(llamacpp_once(args, gguf, prompt))
    load_after = os.getloadavg()

    kforge = summarise("kforge", KFORGE_WEIGHTS.get(args.kforge_weights, args.kforge_weights), kforge_runs)
    rows = [kforge] + [summarise(e, w, llama_runs[w]) for e, w, _ in engines]
    for row in rows[1:]:
        row["kforge_ratio_prefill"] = kforge["prefill_tok_s"] / row["prefill_tok_s"]
        row["kforge_ratio_decode"] = kforge["decode_tok_s"] / row["decode_tok_s"]
        row["ids_first_mismatch_vs_kforge"] = first_mismatch(kforge["ids"], row["ids"])
    ncpu = os.cpu_count() or 1
    # Only the load before counts: the one after includes this benchmark's own threads.
    busy = load_before[0] > args.max_load
    return {
        "prompt": prompt,
        "prompt_tokens": kforge["prompt_tokens"],
        "n_predict": args.n_predict,
        "threads": args.threads,
        "repeat": args.repeat,
        "cpus": ncpu,
        "kforge_text": kforge_runs[0]["text"],
        "loadavg_before": list(load_before),
        "loadavg_after": list(load_after),
        "high_load_warning": busy,
        "contention_suspected_llamacpp": any(
            r["contention_suspected"] for runs in llama_runs.values() for r in runs
        ),
        "wall_s": time.time() - t0,
        "results": rows,
    }


def print_table(res):
    print(
        f"prompt: {res['prompt_tokens']} tokens, {res['n_predict']} new tokens (greedy), "
        f"{res['threads']} threads, medians of {res['repeat']} interleaved rounds"
    )
    head = f"{'engine':<10} {'weights':<26} {'prompt tok':>10} {'prefill tok/s':>14} {'decode tok/s':>13} {'kforge/this prefill':>20} {'kforge/this decode':>19}"
    print(head)
    print("-" * len(head))
    for row in res["results"]:
        ratios = ("", "")
        if "kforge_ratio_prefill" in row:
            ratios = (f"{row['kforge_ratio_prefill']:.2f}x", f"{row['kforge_ratio_decode']:.2f}x")
        print(
            f"{row['engine']:<10} {row['weights']:<26} {row['prompt_tokens']:>10} "
            f"{row['prefill_tok_s']:>14.1f} {row['decode_tok_s']:>13.1f} {ratios[0]:>20} {ratios[1]:>19}"
        )
    fastest = ", ".join(
        f"{row['engine']} {row['weights'].split(' (')[0]} {row['prefill_tok_s_best']:.1f}/{row['decode_tok_s_best']:.1f}"
        for row in res["results"]
    )
    print(f"fastest round (prefill/decode tok/s): {fastest}")
    kforge = res["results"][0]
    if "compile_s" in kforge:
        print(f"kforge compile (excluded): {kforge['compile_s']:.1f} s per run")
    for row in res["results"][1:]:
        k = row["ids_first_mismatch_vs_kforge"]
        agree = "identical" if k is None else f"first differ at token {k}"
        print(f"greedy ids, kforge vs {row['engine']} {row['weights']}: {agree}")
    lb, la = res["loadavg_before"], res["loadavg_after"]
    print(
        f"load average (1/5/15 min): before {lb[0]:.2f}/{lb[1]:.2f}/{lb[2]:.2f}, "
        f"after {la[0]:.2f}/{la[1]:.2f}/{la[2]:.2f} (includes this benchmark) on {res['cpus']} CPUs"
    )
    if res["high_load_warning"] or res["contention_suspected_llamacpp"]:
        print(
            "WARNING: the machine was busy (1-minute load average above --max-load before the "
            "run, or llama.cpp got less CPU than its threads in some round): other processes "
            "took CPU time, so figures are low and ratios noisy; rerun on an idle machine."
        )


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--prompt", help=f"prompt text (default: {DEFAULT_PROMPT!r})")
    ap.add_argument("--long-prompt", action="store_true", help="use a built-in ~100-token prompt (115 SmolLM2 tokens)")
    ap.add_argument("--n-predict", type=int, default=64, help="new tokens per run (default 64)")
    ap.add_argument("--threads", type=int, default=2, help="threads of both engines (default 2)")
    ap.add_argument("--repeat", type=int, default=3, help="timed rounds (default 3)")
    ap.add_argument("--with-q4_1", action="store_true", help="also run llama.cpp on the shipped Q4_1 GGUF")
    ap.add_argument("--kforge-weights", default="f32", metavar="CHOICE",
                    help="kforge-import --weights for kforge's model: f32 (default), as-stored (the shipped "
                         "GGUF's Q4_1 projections and Q8_0 embeddings, read by kforge's block kernels), "
                         "q8_0, q4_0, q4_1, f16, bf16")
    ap.add_argument("--gguf", default=str(SHIPPED_GGUF), help="source GGUF to import (default: the shipped one)")
    ap.add_argument("--work-dir", default=str(REPO / "target/bench/smollm2-135m-instruct"),
                    help="cache of the imported model folder and its f32 GGUF")
    ap.add_argument("--reimport", action="store_true", help="import again even if the cache is fresh")
    ap.add_argument("--kforge-run", default=str(REPO / "target/debug/kforge-run"),
                    help="kforge-run binary (default: target/debug/kforge-run)")
    ap.add_argument("--kforge-import", default=str(REPO / "target/debug/kforge-import"),
                    help="kforge-import binary; the cache is redone when it is newer")
    ap.add_argument("--max-load", type=float, default=0.5,
                    help="warn when the 1-minute load average before the run exceeds this (default 0.5)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args()
    if args.prompt and args.long_prompt:
        ap.error("--prompt and --long-prompt exclude each other")
    if args.n_predict < 2 or args.repeat < 1 or args.threads < 1:
        ap.error("--n-predict must be at least 2, --repeat and --threads at least 1")
    if not Path(args.kforge_run).exists():
        die(f"{args.kforge_run} is missing (cargo build -p kforge-run)")
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        die("llama-cpp-python is not installed: run scripts/setup-bench.sh once")
    res = measure(args)
    if args.json:
        json.dump(res, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        print_table(res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
