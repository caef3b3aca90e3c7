#!/usr/bin/env python3
"""Load on an OpenAI-compatible server: N concurrent streaming clients.

Each client sends greedy completion requests (`/v1/completions`, stream=True,
read by a small asyncio HTTP reader; the official client's checks are test/serve/openai_client.py)
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

import urllib.parse

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


async def sse_events(base, path, body):
    """POSTs `body` as JSON to `base.path`; yields the data of each server-sent event."""
    url = urllib.parse.urlsplit(base)
    reader, writer = await asyncio.open_connection(url.hostname, url.port or 80)
    payload = json.dumps(body).encode()
    writer.write(
        f"POST {url.path.rstrip('/')}{path} HTTP/1.1\r\nHost: {url.hostname}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\nConnection: close\r\n\r\n".encode()
        + payload
    )
    await writer.drain()
    try:
        status = (await reader.readline()).decode()
        headers = {}
        while (line := (await reader.readline()).decode().strip()):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if " 200 " not in status:
            raise ValueError(f"{status.strip()}: {(await reader.read(300))!r}")
        chunked = headers.get("transfer-encoding", "").lower() == "chunked"
        pending = b""
        while True:
            if chunked:
                size = int((await reader.readline()).strip() or b"0", 16)
                if size == 0:
                    break
                piece = await reader.readexactly(size)
                await reader.readline()
            else:
                piece = await reader.read(65536)
                if not piece:
                    break
            pending += piece
            *lines, pending = pending.split(b"\n")
            for line in lines:
                if line.startswith(b"data: "):
                    yield line[len(b"data: "):].strip().decode()
        for line in pending.split(b"\n"):
            if line.startswith(b"data: "):
                yield line[len(b"data: "):].strip().decode()
    finally:
        writer.close()


async def one_request(client, model, prompt, max_tokens, expect, chunk_tokens=False):
    """Streams one completion; returns a record or raises on a malformed answer.
    chunk_tokens: count a token per text chunk (a server without stream usage).

    The stream is read by a small HTTP/1.1 reader on asyncio's streams and
    json.loads (the openai package's client, which test/serve/openai_client.py
    drives, parses each chunk into pydantic models: on 2 cores that parsing
    took CPU from the server it measures)."""
    body = {"model": model, "prompt": prompt, "max_tokens": max_tokens, "temperature": 0, "stream": True}
    if not chunk_tokens:
        body["stream_options"] = {"include_usage": True}
    start = time.perf_counter()
    first = None
    pieces = []
    finish = None
    usage = None
    chunks = 0
    done = False
    async for data in sse_events(client, "/completions", body):
        if data == "[DONE]":
            done = True
            break
        chunk = json.loads(data)
        if "error" in chunk:
            raise ValueError(f"error event: {chunk['error']}")
        if chunk.get("usage"):
            usage = chunk["usage"]
        for choice in chunk["choices"]:
            if choice["index"] != 0:
                raise ValueError(f"choice index {choice['index']}")
            if choice.get("text"):
                chunks += 1
                if first is None:
                    first = time.perf_counter()
                pieces.append(choice["text"])
            if choice.get("finish_reason") is not None:
                if finish is not None:
                    raise ValueError("two finish reasons")
                finish = choice["finish_reason"]
    end = time.perf_counter()
    text = "".join(pieces)
    if not done:
        raise ValueError("the stream ended without [DONE]")
    if finish not in ("stop", "length"):
        raise ValueError(f"finish_reason {finish!r}")
    if chunk_tokens:
        tokens = chunks
    elif (usage is None or usage["completion_tokens"] < 1
          or usage["total_tokens"] != usage["prompt_tokens"] + usage["completion_tokens"]):
        raise ValueError(f"usage {usage}")
    else:
        tokens = usage["completion_tokens"]
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
            records.append(await asyncio.wait_for(
                one_request(client, args.model, prompt, args.max_tokens, expect, args.chunk_tokens),
                args.timeout,
            ))
        except Exception as e:  # noqa: BLE001 — every failure is reported
            failures.append(f"{prompt!r}: {type(e).__name__}: {e}")


async def main_async(args):
    expect = None
    if args.expect:
        with open(args.expect) as f:
            expect = json.load(f)
    client = args.base_url
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
