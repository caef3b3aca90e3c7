#!/usr/bin/env python3
"""Load on an OpenAI-compatible server: N concurrent streaming clients.

Each client sends greedy completion requests (`/v1/completions`, stream=True)
from a fixed list of prompts, one after another, until `--requests` requests
have been sent in all or `--duration` seconds have passed. Every response is
checked: a well-formed stream (chunks of JSON, one finish_reason, `[DONE]`),
the usage, and, with `--expect FILE` (a JSON object prompt -> text), the text
itself. Reported (JSON on stdout; `--json FILE` too): requests, failures,
aggregate generated tokens per second (all clients' tokens / wall time),
time to first token (median, p95), per-stream decode speed.

Used by `make test` (tools/kforge-serve/tests/serve.rs: a short bounded run
that must pass) and by bench/serve_vs_llamacpp.sh (the throughput table:
1 vs 8 concurrent streams, kforge-serve beside llama.cpp's server).
Exit status 1 when any request failed or a text differed.
"""
import argparse
import asyncio
import json
import statistics
import sys
import time

import openai

PROMPTS = [
    "The capital of France is",
    "Write a short poem about the sea:",
    "1, 2, 3, 4,",
    "Once upon a time, in a small village by the mountains, there lived",
    "The three primary colors are",
    "def fibonacci(n):",
    "The largest planet in the solar system is",
    "Water boils at a temperature of",
]


def percentile(values, q):
    if not values:
        return None
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(q * (len(values) - 1))))
    return values[k]


async def one_request(client, model, prompt, max_tokens, expect, chunk_tokens=False):
    """Streams one completion; returns a record or raises on a malformed answer.
    chunk_tokens: count a token per text chunk (a server without stream usage)."""
    start = time.perf_counter()
    first = None
    pieces = []
    finish = None
    usage = None
    extra = {} if chunk_tokens else {"stream_options": {"include_usage": True}}
    stream = await client.completions.create(
        model=model,
        prompt=prompt,
        max_tokens=max_tokens,
        temperature=0,
        stream=True,
        **extra,
    )
    chunks = 0
    async for chunk in stream:
        if chunk.usage is not None:
            usage = chunk.usage
        for choice in chunk.choices:
            if choice.index != 0:
                raise ValueError(f"choice index {choice.index}")
            if choice.text:
                chunks += 1
                if first is None:
                    first = time.perf_counter()
                pieces.append(choice.text)
            if choice.finish_reason is not None:
                if finish is not None:
                    raise ValueError("two finish reasons")
                finish = choice.finish_reason
    end = time.perf_counter()
    text = "".join(pieces)
    if finish not in ("stop", "length"):
        raise ValueError(f"finish_reason {finish!r}")
    if chunk_tokens:
        tokens = chunks
    elif usage is None or usage.completion_tokens < 1 or usage.total_tokens != usage.prompt_tokens + usage.completion_tokens:
        raise ValueError(f"usage {usage}")
    else:
        tokens = usage.completion_tokens
    if expect is not None and prompt in expect and expect[prompt] != text:
        raise ValueError(f"text of {prompt!r} differs:\n  got  {text!r}\n  want {expect[prompt]!r}")
    return {
        "ttft": (first or end) - start,
        "seconds": end - start,
        "tokens": tokens,
        "decode_seconds": end - (first or end),
    }


async def client_loop(index, client, args, expect, budget, deadline, records, failures):
    i = index
    while time.perf_counter() < deadline and budget["left"] > 0:
        budget["left"] -= 1
        prompt = PROMPTS[i % len(PROMPTS)]
        i += args.clients
        try:
            records.append(
                await one_request(client, args.model, prompt, args.max_tokens, expect, args.chunk_tokens)
            )
        except Exception as e:  # noqa: BLE001 — every failure is reported
            failures.append(f"{prompt!r}: {type(e).__name__}: {e}")


async def main_async(args):
    expect = None
    if args.expect:
        with open(args.expect) as f:
            expect = json.load(f)
    client = openai.AsyncOpenAI(base_url=args.base_url, api_key="none", max_retries=0, timeout=args.timeout)
    if args.warmup:
        await one_request(client, args.model, PROMPTS[0], 4, None, args.chunk_tokens)
    records, failures = [], []
    budget = {"left": args.requests}
    start = time.perf_counter()
    deadline = start + args.duration
    await asyncio.gather(
        *(client_loop(i, client, args, expect, budget, deadline, records, failures) for i in range(args.clients))
    )
    wall = time.perf_counter() - start
    await client.close()
    tokens = sum(r["tokens"] for r in records)
    ttft = [r["ttft"] for r in records]
    per_stream = [
        (r["tokens"] - 1) / r["decode_seconds"] for r in records if r["tokens"] > 1 and r["decode_seconds"] > 0
    ]
    return {
        "server": args.label or args.base_url,
        "clients": args.clients,
        "requests": len(records) + len(failures),
        "failed": len(failures),
        "failures": failures[:10],
        "wall_seconds": round(wall, 3),
        "generated_tokens": tokens,
        "aggregate_tokens_per_second": round(tokens / wall, 2) if wall > 0 else None,
        "ttft_median_ms": round(1000 * statistics.median(ttft), 1) if ttft else None,
        "ttft_p95_ms": round(1000 * percentile(ttft, 0.95), 1) if ttft else None,
        "stream_decode_tokens_per_second_median": round(statistics.median(per_stream), 2) if per_stream else None,
        "max_tokens": args.max_tokens,
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8080/v1")
    p.add_argument("--model", required=True)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--requests", type=int, default=32, help="requests in all, at most")
    p.add_argument("--duration", type=float, default=60.0, help="seconds at most")
    p.add_argument("--max-tokens", type=int, default=32)
    p.add_argument("--timeout", type=float, default=120.0, help="seconds per request")
    p.add_argument("--expect", help="JSON object: prompt -> the greedy text it must give")
    p.add_argument("--warmup", action="store_true", help="one short request before timing")
    p.add_argument("--label", help="the server's name in the report")
    p.add_argument("--chunk-tokens", action="store_true",
                   help="count one token per text chunk (servers without stream_options.include_usage)")
    p.add_argument("--json", help="also write the report here")
    p.add_argument("--print-prompts", action="store_true", help="print the prompts as JSON and exit")
    args = p.parse_args()
    if args.print_prompts:
        print(json.dumps(PROMPTS))
        return 0
    report = asyncio.run(main_async(args))
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        with open(args.json, "w") as f:
            f.write(text + "\n")
    return 1 if report["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
