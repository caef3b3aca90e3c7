#!/usr/bin/env python3
"""llama.cpp side of the decoder benchmark: greedy generation through llama-cpp-python's
low-level API (the C functions one by one), prefill and decode timed separately.

    python3 bench/llamacpp.py --model PATH.gguf --prompt "The capital of France is" \
        --n-predict 64 --threads 2 --repeat 3 [--check-ids 7042,30,198,...]

Installs nothing (scripts/setup-bench.sh does). Prints one JSON object on stdout.

What is timed, per repeat, on one context whose KV cache is cleared between repeats:
- prefill: one llama_decode of the whole prompt (no BOS; logits for its last token
  only) followed by llama_synchronize;
- decode: each single-token llama_decode + llama_synchronize, feeding back the greedy
  token. The prompt's logits give the first generated token, so n_predict tokens take
  n_predict - 1 decode calls (reported as decode.calls).
Greedy selection (argmax over the logits, numpy, ~20 us) is timed apart and reported as
decode.select_ms_per_token; decode.tok_s counts the model step only,
decode.tok_s_with_select the whole loop. One untimed warm-up generation runs first.
Figures are medians over the repeats (and the best repeat: other load on the machine
only ever slows a run down); llama.cpp's own counters (llama_perf_context:
time spent inside llama_decode) are reported beside ours for each repeat.
"""

import argparse
import ctypes
import json
import os
import statistics
import sys
import time

try:
    import numpy as np
    import llama_cpp as lc
except ImportError as e:  # pragma: no cover - environment problem
    sys.exit(f"llamacpp.py: {e}; run scripts/setup-bench.sh first")

_LOG_SINK = None  # keeps the ctypes callback alive


def silence_llama_logs():
    global _LOG_SINK

    def sink(level, text, user_data):
        pass

    _LOG_SINK = lc.llama_log_callback(sink)
    lc.llama_log_set(_LOG_SINK, ctypes.c_void_p(0))


def parse_ids(text):
    return [int(x) for x in text.replace(" ", "").split(",") if x]


def tokenize(vocab, prompt):
    data = prompt.encode("utf-8")
    cap = len(data) + 16
    buf = (lc.llama_token * cap)()
    # add_special=False: no BOS; parse_special=False: the prompt is plain text.
    n = lc.llama_tokenize(vocab, data, len(data), buf, cap, False, False)
    if n < 0:
        raise RuntimeError(f"llama_tokenize needs {-n} tokens")
    return list(buf[:n])


def clear_kv(ctx):
    if hasattr(lc, "llama_get_memory") and hasattr(lc, "llama_memory_clear"):
        lc.llama_memory_clear(lc.llama_get_memory(ctx), True)
    elif hasattr(lc, "llama_kv_self_clear"):
        lc.llama_kv_self_clear(ctx)
    else:
        lc.llama_kv_cache_clear(ctx)


def decode(ctx, tokens):
    """One llama_decode of `tokens` (continuing the sequence), then synchronize."""
    arr = (lc.llama_token * len(tokens))(*tokens)
    batch = lc.llama_batch_get_one(arr, len(tokens))
    rc = lc.llama_decode(ctx, batch)
    if rc != 0:
        raise RuntimeError(f"llama_decode returned {rc}")
    lc.llama_synchronize(ctx)


def argmax_last(ctx, n_vocab):
    ptr = lc.llama_get_logits_ith(ctx, -1)
    logits = np.ctypeslib.as_array(ptr, shape=(n_vocab,))
    return int(np.argmax(logits)), logits


def generate(ctx, n_vocab, prompt_ids, n_predict):
    """Greedy generation; returns ids, prefill seconds, per-call decode seconds,
    per-token select seconds, first-step top logit id."""
    clear_kv(ctx)
    lc.llama_perf_context_reset(ctx)
    t0 = time.perf_counter()
    decode(ctx, prompt_ids)
    t_prefill = time.perf_counter() - t0
    s0 = time.perf_counter()
    tok, _ = argmax_last(ctx, n_vocab)
    select = [time.perf_counter() - s0]
    ids = [tok]
    step = []
    while len(ids) < n_predict:
        t0 = time.perf_counter()
        decode(ctx, [tok])
        t1 = time.perf_counter()
        tok, _ = argmax_last(ctx, n_vocab)
        t2 = time.perf_counter()
        step.append(t1 - t0)
        select.append(t2 - t1)
        ids.append(tok)
    perf = lc.llama_perf_context(ctx)
    own = {
        "prefill_ms": perf.t_p_eval_ms,
        "prefill_tokens": perf.n_p_eval,
        "decode_ms": perf.t_eval_ms,
        "decode_calls": perf.n_eval,
    }
    return ids, t_prefill, step, select, own


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True, help="a GGUF file")
    ap.add_argument("--prompt", default="The capital of France is")
    ap.add_argument("--n-predict", type=int, default=64, help="tokens to generate")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3, help="timed runs (after a warm-up)")
    ap.add_argument("--ctx", type=int, default=0, help="context size (0: prompt + n-predict, rounded up to 256)")
    ap.add_argument("--flash-attn", choices=["auto", "on", "off"], default="auto")
    ap.add_argument("--check-ids", default="", help="comma-separated expected first generated ids")
    ap.add_argument("--verbose", action="store_true", help="keep llama.cpp's log on stderr")
    args = ap.parse_args()
    if args.n_predict < 1 or args.repeat < 1:
        ap.error("--n-predict and --repeat must be positive")

    if not args.verbose:
        silence_llama_logs()
    lc.llama_backend_init()
    mparams = lc.llama_model_default_params()
    t0 = time.perf_counter()
    model = lc.llama_model_load_from_file(args.model.encode(), mparams)
    if not model:
        sys.exit(f"llamacpp.py: llama.cpp could not load {args.model} (rerun with --verbose)")
    load_s = time.perf_counter() - t0
    vocab = lc.llama_model_get_vocab(model)
    n_vocab = lc.llama_vocab_n_tokens(vocab)
    prompt_ids = tokenize(vocab, args.prompt)
    if not prompt_ids:
        sys.exit("llamacpp.py: the prompt is empty")

    cparams = lc.llama_context_default_params()
    n_ctx = args.ctx or -(-(len(prompt_ids) + args.n_predict) // 256) * 256
    cparams.n_ctx = n_ctx
    cparams.n_batch = max(512, len(prompt_ids))
    cparams.n_ubatch = cparams.n_batch
    cparams.n_threads = args.threads
    cparams.n_threads_batch = args.threads
    cparams.no_perf = False
    cparams.flash_attn_type = {
        "auto": lc.LLAMA_FLASH_ATTN_TYPE_AUTO,
        "on": lc.LLAMA_FLASH_ATTN_TYPE_ENABLED,
        "off": lc.LLAMA_FLASH_ATTN_TYPE_DISABLED,
    }[args.flash_attn]
    ctx = lc.llama_init_from_model(model, cparams)
    if not ctx:
        sys.exit("llamacpp.py: llama_init_from_model failed")

    load_before = os.getloadavg()
    cpu0 = time.process_time()
    wall0 = time.perf_counter()
    # Warm-up: page in the weights, allocate the compute graphs.
    generate(ctx, n_vocab, prompt_ids, args.n_predict)
    runs = []
    for _ in range(args.repeat):
        ids, t_prefill, step, select, own = generate(ctx, n_vocab, prompt_ids, args.n_predict)
        dsum = sum(step)
        runs.append({
            "ids": ids,
            "prefill_s": t_prefill,
            "prefill_tok_s": len(prompt_ids) / t_prefill,
            "decode_calls": len(step),
            "decode_s": dsum,
            "decode_tok_s": len(step) / dsum if step else None,
            "decode_tok_s_with_select": len(step) / (dsum + sum(select[1:])) if step else None,
            "decode_ms_per_token_median": 1e3 * statistics.median(step) if step else None,
            "select_ms_per_token": 1e3 * statistics.median(select),
            "llama_perf": {
                **own,
                "prefill_tok_s": own["prefill_tokens"] / (own["prefill_ms"] / 1e3) if own["prefill_ms"] > 0 else None,
                "decode_tok_s": own["decode_calls"] / (own["decode_ms"] / 1e3) if own["decode_ms"] > 0 else None,
            },
        })

    cpu_s, wall_s = time.process_time() - cpu0, time.perf_counter() - wall0
    med = lambda key: statistics.median(r[key] for r in runs if r[key] is not None)
    med_perf = lambda key: statistics.median(r["llama_perf"][key] for r in runs if r["llama_perf"][key] is not None)
    ids = runs[0]["ids"]
    deterministic = all(r["ids"] == ids for r in runs)
    out = {
        "engine": "llama.cpp",
        "llama_cpp_python": getattr(lc, "__version__", None),
        "system_info": lc.llama_print_system_info().decode(errors="replace").strip(),
        "model": os.path.abspath(args.model),
        "model_bytes": os.path.getsize(args.model),
        "load_s": load_s,
        "threads": args.threads,
        "n_ctx": n_ctx,
        "flash_attn": args.flash_attn,
        "prompt": args.prompt,
        "prompt_ids": prompt_ids,
        "n_predict": args.n_predict,
        "repeat": args.repeat,
        "prefill": {
            "tokens": len(prompt_ids),
            "tok_s": med("prefill_tok_s"),
            "tok_s_best": max(r["prefill_tok_s"] for r in runs),
            "ms": 1e3 * med("prefill_s"),
        },
        "decode": {
            "calls": runs[0]["decode_calls"],
            "tok_s": med("decode_tok_s"),
            "tok_s_best": max((r["decode_tok_s"] for r in runs if r["decode_tok_s"]), default=None),
            "tok_s_with_select": med("decode_tok_s_with_select"),
            "ms_per_token_median": med("decode_ms_per_token_median"),
            "select_ms_per_token": med("select_ms_per_token"),
        },
        "llama_perf": {"prefill_tok_s": med_perf("prefill_tok_s"), "decode_tok_s": med_perf("decode_tok_s")},
        # Other load on the machine skews everything (OpenMP threads spin-wait and
        # collapse when a core is taken): check these before trusting a figure.
        "loadavg_1m_before_after": [load_before[0], os.getloadavg()[0]],
        "process_cpu_s_per_wall_s": cpu_s / wall_s,
        "contention_suspected": cpu_s / wall_s < 0.8 * min(args.threads, os.cpu_count() or 1),
        "generated_ids": ids,
        "ids_identical_across_repeats": deterministic,
        "runs": runs,
    }
    if args.check_ids:
        want = parse_ids(args.check_ids)
        got = ids[: len(want)]
        mismatch = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), None)
        if mismatch is None and len(got) < len(want):
            mismatch = len(got)
        out["check_ids"] = {"expected": want, "match": mismatch is None, "first_mismatch": mismatch}
    lc.llama_free(ctx)
    lc.llama_model_free(model)
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0 if out.get("check_ids", {"match": True})["match"] else 1


if __name__ == "__main__":
    sys.exit(main())
