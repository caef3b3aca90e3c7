#!/usr/bin/env python3
"""The reference a PyTorch user would pick for batch-1 decode (issue 15): a plain llama decoder of SmolLM2-135M's
shapes with a static KV cache, one greedy step captured as a CUDA graph and replayed per token.

Random weights (timing only). Each step: embedding, 30 layers (RMS norm, q/k/v, RoPE, cache write at the position,
attention over the whole static cache with positions past the current one masked, output projection, RMS norm,
SwiGLU, down projection, residuals), final norm, tied output projection, argmax written into the next step's
input; the position advances inside the graph. Per token the host reads the new id back (as kforge-gpu-bench's
decode reads its logits back), so both loops pay one host round trip per token.

    python3 bench/gpu_decode_torch_graph.py [--dtype float32|bfloat16] [--tokens 128] [--context 256] [--json F]
    python3 bench/gpu_decode_torch_graph.py --prefill 512 [--dtype …] [--reps 5]   (the prompt in one eager forward)

Before timing it checks that the graph's first 8 ids equal the eager step's.
"""
import argparse
import json
import time

import torch

HIDDEN, LAYERS, HEADS, KV_HEADS, HEAD_DIM, FFN, VOCAB = 576, 30, 9, 3, 64, 1536, 49152
THETA, EPS = 100000.0, 1e-5


def rms_norm(x, w):
    return x * torch.rsqrt(x.float().pow(2).mean(-1, keepdim=True) + EPS).to(x.dtype) * w


def rotate(x, cos, sin):
    """RoPE in the llama (rotate-half) layout; `cos`/`sin` hold each frequency twice, as HF's tables do."""
    half = x.shape[-1] // 2
    return x * cos + torch.cat([-x[..., half:], x[..., :half]], dim=-1) * sin


class Decoder:
    def __init__(self, dtype, context, device):
        g = torch.Generator(device="cpu").manual_seed(0)

        def w(*shape, scale=0.02):
            return (torch.randn(*shape, generator=g) * scale).to(device=device, dtype=dtype)

        self.embed = w(VOCAB, HIDDEN)
        self.layers = [
            dict(
                n1=torch.ones(HIDDEN, device=device, dtype=dtype),
                q=w(HEADS * HEAD_DIM, HIDDEN),
                k=w(KV_HEADS * HEAD_DIM, HIDDEN),
                v=w(KV_HEADS * HEAD_DIM, HIDDEN),
                o=w(HIDDEN, HEADS * HEAD_DIM),
                n2=torch.ones(HIDDEN, device=device, dtype=dtype),
                gate=w(FFN, HIDDEN),
                up=w(FFN, HIDDEN),
                down=w(HIDDEN, FFN),
            )
            for _ in range(LAYERS)
        ]
        self.norm = torch.ones(HIDDEN, device=device, dtype=dtype)
        self.k_cache = torch.zeros(LAYERS, context, KV_HEADS, HEAD_DIM, device=device, dtype=dtype)
        self.v_cache = torch.zeros_like(self.k_cache)
        inv = 1.0 / THETA ** (torch.arange(0, HEAD_DIM, 2, dtype=torch.float64) / HEAD_DIM)
        angles = torch.arange(context, dtype=torch.float64)[:, None] * inv[None, :]
        self.cos = torch.cos(angles).repeat(1, 2).to(device=device, dtype=dtype)
        self.sin = torch.sin(angles).repeat(1, 2).to(device=device, dtype=dtype)
        self.keys = torch.arange(context, device=device)
        self.token = torch.zeros(1, dtype=torch.long, device=device)
        self.position = torch.zeros(1, dtype=torch.long, device=device)

    def step(self):
        """One token: reads self.token at self.position, writes the next id into self.token, advances."""
        x = self.embed[self.token]  # [1, H]
        cos, sin = self.cos[self.position], self.sin[self.position]  # [1, D]
        mask = (self.keys > self.position).view(1, 1, -1)  # keys past the position
        group = HEADS // KV_HEADS
        for i, l in enumerate(self.layers):
            h = rms_norm(x, l["n1"])
            q = (h @ l["q"].T).view(1, HEADS, HEAD_DIM)
            k = (h @ l["k"].T).view(1, KV_HEADS, HEAD_DIM)
            v = (h @ l["v"].T).view(1, KV_HEADS, HEAD_DIM)
            q, k = rotate(q, cos[:, None], sin[:, None]), rotate(k, cos[:, None], sin[:, None])
            self.k_cache[i].index_copy_(0, self.position, k)
            self.v_cache[i].index_copy_(0, self.position, v)
            keys = self.k_cache[i].repeat_interleave(group, dim=1).transpose(0, 1)  # [HEADS, ctx, D]
            values = self.v_cache[i].repeat_interleave(group, dim=1).transpose(0, 1)
            scores = (q.transpose(0, 1) @ keys.transpose(1, 2)) * HEAD_DIM**-0.5  # [HEADS, 1, ctx]
            scores = scores.masked_fill(mask, float("-inf"))
            attn = torch.softmax(scores.float(), dim=-1).to(x.dtype) @ values  # [HEADS, 1, D]
            x = x + attn.transpose(0, 1).reshape(1, HEADS * HEAD_DIM) @ l["o"].T
            h = rms_norm(x, l["n2"])
            x = x + (torch.nn.functional.silu(h @ l["gate"].T) * (h @ l["up"].T)) @ l["down"].T
        logits = rms_norm(x, self.norm) @ self.embed.T
        self.token.copy_(torch.argmax(logits, dim=-1))
        self.position.add_(1)


    def prefill(self, ids):
        """A whole prompt at positions 0..N in one batched forward (causal attention over it), its keys and values
        written into the static cache; returns the last token's logits."""
        n = ids.shape[0]
        x = self.embed[ids]  # [N, H]
        cos, sin = self.cos[:n, None], self.sin[:n, None]  # [N, 1, D]
        causal = torch.ones(n, n, dtype=torch.bool, device=ids.device).triu(1)
        group = HEADS // KV_HEADS
        for i, l in enumerate(self.layers):
            h = rms_norm(x, l["n1"])
            q = rotate((h @ l["q"].T).view(n, HEADS, HEAD_DIM), cos, sin)
            k = rotate((h @ l["k"].T).view(n, KV_HEADS, HEAD_DIM), cos, sin)
            v = (h @ l["v"].T).view(n, KV_HEADS, HEAD_DIM)
            self.k_cache[i, :n] = k
            self.v_cache[i, :n] = v
            keys = k.repeat_interleave(group, dim=1).transpose(0, 1)  # [HEADS, N, D]
            values = v.repeat_interleave(group, dim=1).transpose(0, 1)
            scores = (q.transpose(0, 1) @ keys.transpose(1, 2)) * HEAD_DIM**-0.5  # [HEADS, N, N]
            scores = scores.masked_fill(causal, float("-inf"))
            attn = torch.softmax(scores.float(), dim=-1).to(x.dtype) @ values  # [HEADS, N, D]
            x = x + attn.transpose(0, 1).reshape(n, HEADS * HEAD_DIM) @ l["o"].T
            h = rms_norm(x, l["n2"])
            x = x + (torch.nn.functional.silu(h @ l["gate"].T) * (h @ l["up"].T)) @ l["down"].T
        return rms_norm(x[-1:], self.norm) @ self.embed.T


def time_prefill(d, n, reps):
    """Median seconds of a batched prefill of n tokens (eager: one forward is a few hundred kernels over N rows)."""
    ids = (torch.arange(n, device="cuda") * 7919 + 13) % 32000
    with torch.no_grad():
        d.prefill(ids)
        torch.cuda.synchronize()
        times = []
        for _ in range(reps):
            start = time.perf_counter()
            d.prefill(ids)
            torch.cuda.synchronize()
            times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dtype", default="float32", choices=["float32", "bfloat16"])
    ap.add_argument("--tokens", type=int, default=128)
    ap.add_argument("--context", type=int, default=256)
    ap.add_argument("--json")
    ap.add_argument("--prefill", type=int, help="time a batched prefill of this many tokens instead of decode")
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False
    dtype = getattr(torch, args.dtype)
    d = Decoder(dtype, max(args.context, args.prefill or 0), "cuda")
    if args.prefill:
        seconds = time_prefill(d, args.prefill, args.reps)
        rate = args.prefill / seconds
        print(f"torch eager prefill {args.dtype}: {args.prefill} tokens, {seconds * 1e3:.2f} ms, {rate:.0f} tokens/s")
        if args.json:
            json.dump({"dtype": args.dtype, "prefill_tokens": args.prefill, "seconds": seconds,
                       "tokens_per_s": rate, "device": torch.cuda.get_device_name()}, open(args.json, "w"))
        return
    # Warm up on a side stream (as CUDA graph capture wants), then capture one step.
    s = torch.cuda.Stream()
    s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        for _ in range(3):
            d.step()
    torch.cuda.current_stream().wait_stream(s)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        d.step()
    # The graph replays what the eager step computes: the same ids for a few tokens.
    runs = []
    for replay in [d.step, graph.replay]:
        d.position.zero_()
        d.token.zero_()
        ids = []
        for _ in range(8):
            replay()
            ids.append(int(d.token.item()))
        runs.append(ids)
    if runs[0] != runs[1]:
        raise SystemExit(f"the CUDA graph's ids {runs[1]} differ from the eager step's {runs[0]}")
    rows = {}
    for mode in ["readback", "no_readback"]:
        d.position.zero_()
        d.token.zero_()
        torch.cuda.synchronize()
        ids = []
        start = time.perf_counter()
        for _ in range(args.tokens):
            graph.replay()
            if mode == "readback":
                ids.append(int(d.token.item()))
        torch.cuda.synchronize()
        seconds = time.perf_counter() - start
        rows[mode] = args.tokens / seconds
        print(f"torch CUDA graph {args.dtype} ({mode}): {args.tokens} tokens, {rows[mode]:.1f} tokens/s")
    if args.json:
        json.dump({"dtype": args.dtype, "tokens": args.tokens, "tokens_per_s": rows["readback"],
                   "tokens_per_s_no_readback": rows["no_readback"], "device": torch.cuda.get_device_name()},
                  open(args.json, "w"))


if __name__ == "__main__":
    main()
