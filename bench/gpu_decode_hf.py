#!/usr/bin/env python3
"""Hugging Face transformers eager `generate` on a random-weight llama of SmolLM2-135M's shape, next to
kforge-gpu-bench's synthetic decode loop (same shapes, random weights, f32, greedy): tokens/s and the ratio.

The device machine has no network, so the model is built from a config (no hub download); the real GGUF
(270 MB) cannot be carried within one call's 64 MiB.
"""
import argparse
import json
import time

import torch
from transformers import LlamaConfig, LlamaForCausalLM


def hf_tokens_per_s(dtype: torch.dtype, tokens: int) -> float:
    cfg = LlamaConfig(vocab_size=49152, hidden_size=576, intermediate_size=1536, num_hidden_layers=30,
                      num_attention_heads=9, num_key_value_heads=3, max_position_embeddings=8192,
                      rope_theta=100000.0, rms_norm_eps=1e-5, tie_word_embeddings=True)
    cfg._attn_implementation = "eager"
    torch.manual_seed(0)
    model = LlamaForCausalLM(cfg).to("cuda", dtype).eval()
    ids = torch.tensor([[1]], device="cuda")
    kw = dict(do_sample=False, pad_token_id=0, eos_token_id=None)
    with torch.no_grad():
        model.generate(ids, max_new_tokens=8, min_new_tokens=8, **kw)
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        out = model.generate(ids, max_new_tokens=tokens, min_new_tokens=tokens, **kw)
        torch.cuda.synchronize()
        dt = time.perf_counter() - t0
    return (out.shape[1] - 1) / dt


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kforge", required=True, nargs="+",
                    help="JSON of kforge-gpu-bench decode --json (the first is the one held to the target)")
    args = ap.parse_args()
    runs = [(path, json.load(open(path))) for path in args.kforge]
    k = runs[0][1]
    n = k["tokens"]
    hf32 = hf_tokens_per_s(torch.float32, n)
    hf16 = hf_tokens_per_s(torch.float16, n)
    print(f"\ndecode, SmolLM2-135M shapes, random weights, greedy, {n} tokens, batch 1")
    print(f"{'engine':<52} {'tok/s':>8} {'vs HF f32':>9}")
    for path, r in runs:
        label = f"kforge-gpu: {r.get('source', 'hand-built loop')} ({path.rsplit('/', 1)[-1]})"
        print(f"{label:<52} {r['tokens_per_s']:>8.1f} {r['tokens_per_s'] / hf32:>8.2f}x")
    print(f"{'HF transformers eager generate, f32':<52} {hf32:>8.1f} {1.0:>8.2f}x")
    print(f"{'HF transformers eager generate, f16':<52} {hf16:>8.1f} {hf16 / hf32:>8.2f}x")
    print(f"kforge: {k['kernels_per_token']} kernels/token, {k['gpu_ms_per_token']:.3f} ms of GPU time per token "
          f"(timestamps); target >= 2x HF eager f32: {'met' if k['tokens_per_s'] >= 2 * hf32 else 'NOT met'}")


if __name__ == "__main__":
    main()
