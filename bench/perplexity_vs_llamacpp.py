#!/usr/bin/env python3
"""Perplexity of SmolLM2-135M in each weight format, kforge beside llama.cpp
on the same GGUF files and the same text, with one definition for both
(llama.cpp's `perplexity`: chunks of --context tokens, each from an empty
cache, the second half of each chunk scored; the first half is fed as one
batch, the scored half token by token, in both engines).

    python3 bench/perplexity_vs_llamacpp.py [--formats f32,f16,q8_0,q4_1] [--json]

The GGUF files: f32 is the shipped Q4_1 model dequantized
(`kforge-import --export-gguf-f32`), f16 and q8_0 are that file quantized by
llama.cpp itself (bench/quantize_gguf.py), q4_1 is the shipped file. kforge
imports each with `--weights as-stored`, so both engines read the same blocks.
"""
import argparse
import ctypes
import json
import math
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "models/smollm2-135m-instruct/model.gguf"
sys.path.insert(0, str(REPO / "bench"))


def die(message):
    sys.exit(f"perplexity_vs_llamacpp.py: {message}")


def run(cmd):
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if proc.returncode != 0:
        die(f"{' '.join(map(str, cmd))} failed (exit {proc.returncode}):\n{proc.stderr.strip()}")
    return proc.stdout


def gguf_files(args, work):
    """The GGUF of each format, made once into `work`."""
    f32 = work / "smollm2-f32.gguf"
    if not f32.exists():
        run([args.kforge_import, SHIPPED, "-o", work / "f32-import", "--export-gguf-f32", f32, "-q"])
    files = {"f32": f32, "q4_1": SHIPPED}
    for fmt in ("f16", "q8_0", "q4_0"):
        path = work / f"smollm2-{fmt}.gguf"
        if not path.exists():
            run([sys.executable, REPO / "bench/quantize_gguf.py", f32, path, "--type", fmt])
        files[fmt] = path
    return files


def kforge_ppl(args, gguf, fmt, work):
    folder = work / f"kforge-{fmt}"
    if not (folder / "model.mlir").exists() or folder.stat().st_mtime < Path(args.kforge_import).stat().st_mtime:
        run([args.kforge_import, gguf, "-o", folder, "--weights", "as-stored", "-q"])
    out = run([args.kforge_run, folder / "model.mlir", "--perplexity", args.text,
               "--perplexity-context", args.context, "--threads", args.threads, "--json"])
    return json.loads(out)


def llamacpp_ppl(args, gguf):
    """llama.cpp on `gguf`, by the same protocol as kforge's."""
    import llamacpp as lcb  # bench/llamacpp.py: the ctypes helpers
    lc = lcb.lc
    lcb.silence_llama_logs()
    mparams = lc.llama_model_default_params()
    model = lc.llama_model_load_from_file(str(gguf).encode(), mparams)
    if not model:
        die(f"llama.cpp cannot load {gguf}")
    cparams = lc.llama_context_default_params()
    cparams.n_ctx = args.context
    cparams.n_batch = args.context
    cparams.n_threads = cparams.n_threads_batch = args.threads
    ctx = lc.llama_init_from_model(model, cparams)
    vocab = lc.llama_model_get_vocab(model)
    n_vocab = lc.llama_vocab_n_tokens(vocab)
    tokens = lcb.tokenize(vocab, Path(args.text).read_text(encoding="utf-8"))
    chunks = len(tokens) // args.context
    first = args.context // 2
    nll, scored = 0.0, 0
    t0 = time.time()
    for c in range(chunks):
        chunk = tokens[c * args.context:(c + 1) * args.context]
        lcb.clear_kv(ctx)
        lcb.decode(ctx, chunk[:first + 1])
        for i in range(first + 1, args.context):
            _, logits = lcb.argmax_last(ctx, n_vocab)
            z = logits.astype("float64")
            m = z.max()
            nll += m + math.log(float(lcb.np.exp(z - m).sum())) - z[chunk[i]]
            scored += 1
            if i + 1 < args.context:
                lcb.decode(ctx, [chunk[i]])
    seconds = time.time() - t0
    lc.llama_free(ctx)
    lc.llama_model_free(model)
    return {"perplexity": math.exp(nll / scored), "tokens": len(tokens), "scored": scored, "seconds": seconds}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--text", default=str(REPO / "bench/data/perplexity.txt"))
    ap.add_argument("--context", type=int, default=512)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--formats", default="f32,f16,q8_0,q4_1")
    ap.add_argument("--work-dir", default=str(REPO / "target/bench/perplexity"))
    ap.add_argument("--kforge-run", default=str(REPO / "target/debug/kforge-run"))
    ap.add_argument("--kforge-import", default=str(REPO / "target/debug/kforge-import"))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    work = Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    files = gguf_files(args, work)
    rows = []
    for fmt in args.formats.split(","):
        if fmt not in files:
            die(f"unknown format '{fmt}' (expected one of {', '.join(files)})")
        print(f"{fmt}: kforge, llama.cpp", file=sys.stderr)
        k = kforge_ppl(args, files[fmt], fmt, work)
        l = llamacpp_ppl(args, files[fmt])
        rows.append({"format": fmt, "gguf": str(files[fmt]), "kforge": k, "llamacpp": l,
                     "kforge_vs_llamacpp_percent": 100.0 * (k["perplexity"] / l["perplexity"] - 1.0)})
    f32 = next((r for r in rows if r["format"] == "f32"), None)
    for r in rows:
        if f32:
            r["kforge_vs_f32_percent"] = 100.0 * (r["kforge"]["perplexity"] / f32["kforge"]["perplexity"] - 1.0)
    result = {"text": args.text, "context": args.context, "threads": args.threads,
              "isa": rows[0]["kforge"].get("isa") if rows else None, "rows": rows}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"text {args.text}: chunks of {args.context}, second half scored; kforge ISA {result['isa']}")
    print(f"{'format':<6} {'tokens k/l':>11} {'scored':>7} {'kforge ppl':>11} {'llama.cpp ppl':>14} {'kforge vs llama.cpp':>20} {'kforge vs f32':>14}")
    for r in rows:
        k, l = r["kforge"], r["llamacpp"]
        vs_f32 = f"{r['kforge_vs_f32_percent']:+.3f}%" if "kforge_vs_f32_percent" in r else ""
        print(f"{r['format']:<6} {k['tokens']:>5}/{l['tokens']:<5} {k['scored']:>7} {k['perplexity']:>11.4f} "
              f"{l['perplexity']:>14.4f} {r['kforge_vs_llamacpp_percent']:>+19.3f}% {vs_f32:>14}")


if __name__ == "__main__":
    main()
