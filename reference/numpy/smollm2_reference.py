#!/usr/bin/env python3
"""Plain numpy f32 reference for SmolLM2 (llama family), Hugging Face semantics.

Reads the GGUF with the PyPI `gguf` package (dequantized to f32, Q/K rows un-permuted
back to Hugging Face's rotate-half order), or a kforge import folder (the
`weights.safetensors` + `kforge-model.json` written by `kforge-import`), and runs a
llama decoder: RMSNorm, rotate-half RoPE, grouped-query attention with a KV cache,
SwiGLU MLP, tied (or separate) output embedding. Greedy decoding, no BOS added.

Modes:
  (default)          run one prompt (token ids) and print JSON: generated ids, top logit
  --check            also compare against the ANCHORS.md reference tokens; exit 1 on mismatch
  --write-fixture F  write the Rust-test fixture (several prompts, greedy ids, logits)

Examples:
  python3 reference/numpy/smollm2_reference.py --check
  python3 reference/numpy/smollm2_reference.py --import-dir /tmp/smollm2-import --check
  python3 reference/numpy/smollm2_reference.py --write-fixture reference/numpy/fixtures/smollm2_logits.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import struct
import sys
from dataclasses import dataclass

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_GGUF = os.path.join(REPO, "models", "smollm2-135m-instruct", "model.gguf")

# ANCHORS.md: "The capital of France is" -> 16 greedy tokens (f32, no BOS).
ANCHOR_PROMPT_IDS = [504, 3575, 282, 4649, 314]
ANCHOR_NEXT_IDS = [7042, 30, 198, 198, 504, 2988, 314, 42, 216, 34, 32, 33, 40, 29, 32, 33]

# Fixture prompts: text (for the tokenizer check on the Rust side) and its token ids
# under the tokenizer.json that kforge exports from the GGUF (no BOS). The Rust test
# `fixture_prompts_tokenize_to_the_fixture_ids` checks text -> ids again.
FIXTURE_PROMPTS = [
    ("The capital of France is", ANCHOR_PROMPT_IDS),
    ("def fibonacci(n):", [1604, 3987, 46477, 24, 94, 727]),
    ("1 + 2 = 3, 4 + 5 =", [33, 1232, 216, 34, 446, 216, 35, 28, 216, 36, 1232, 216, 37, 446]),
    (
        "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n",
        [1, 4093, 198, 1780, 314, 216, 34, 27, 34, 47, 2, 198, 1, 520, 9531, 198],
    ),
]
FIXTURE_STEPS = 8
FIXTURE_TOP_K = 20
FIXTURE_N_PROBE_IDS = 64
FIXTURE_WEIGHT_PROBES = 8  # values per probed tensor

LAYER_TENSORS = [
    ("input_layernorm.weight", "attn_norm.weight"),
    ("self_attn.q_proj.weight", "attn_q.weight"),
    ("self_attn.k_proj.weight", "attn_k.weight"),
    ("self_attn.v_proj.weight", "attn_v.weight"),
    ("self_attn.o_proj.weight", "attn_output.weight"),
    ("post_attention_layernorm.weight", "ffn_norm.weight"),
    ("mlp.gate_proj.weight", "ffn_gate.weight"),
    ("mlp.up_proj.weight", "ffn_up.weight"),
    ("mlp.down_proj.weight", "ffn_down.weight"),
]


@dataclass
class Config:
    dim: int
    n_layers: int
    n_heads: int
    n_kv_heads: int
    head_dim: int
    ffn_dim: int
    vocab: int
    rope_theta: float
    rms_eps: float
    tied_embeddings: bool


# ---------------------------------------------------------------------------- loading


def unpermute_rope_rows(w: np.ndarray, n_head: int) -> np.ndarray:
    """Undo llama.cpp's Q/K permutation: (n_head, hd/2, 2, in) -> swap 1,2 -> back."""
    rows = w.shape[0]
    return (
        w.reshape(n_head, rows // n_head // 2, 2, *w.shape[1:])
        .swapaxes(1, 2)
        .reshape(w.shape)
    )


def load_gguf(path: str) -> tuple[Config, dict[str, np.ndarray]]:
    from gguf import GGUFReader
    from gguf.quants import dequantize

    reader = GGUFReader(path)

    def field(key, default=None):
        f = reader.fields.get(key)
        if f is None:
            return default
        return f.contents()

    arch = field("general.architecture")
    if arch != "llama":
        raise SystemExit(f"{path}: unsupported architecture (expected llama, found {arch})")
    names = {t.name for t in reader.tensors}
    dim = int(field("llama.embedding_length"))
    n_heads = int(field("llama.attention.head_count"))
    cfg = Config(
        dim=dim,
        n_layers=int(field("llama.block_count")),
        n_heads=n_heads,
        n_kv_heads=int(field("llama.attention.head_count_kv", n_heads)),
        head_dim=int(field("llama.attention.key_length", dim // n_heads)),
        ffn_dim=int(field("llama.feed_forward_length")),
        vocab=int(field("llama.vocab_size")),
        rope_theta=float(field("llama.rope.freq_base", 10000.0)),
        rms_eps=float(field("llama.attention.layer_norm_rms_epsilon")),
        tied_embeddings="output.weight" not in names,
    )
    raw = {}
    for t in reader.tensors:
        w = dequantize(t.data, t.tensor_type).astype(np.float32, copy=False)
        # ggml dims are fastest-varying first; numpy's row-major shape is the reverse.
        raw[t.name] = w.reshape([int(d) for d in reversed(t.shape)])

    weights = {"model.embed_tokens.weight": raw["token_embd.weight"]}
    for i in range(cfg.n_layers):
        for hf, gg in LAYER_TENSORS:
            w = raw[f"blk.{i}.{gg}"]
            if hf == "self_attn.q_proj.weight":
                w = unpermute_rope_rows(w, cfg.n_heads)
            elif hf == "self_attn.k_proj.weight":
                w = unpermute_rope_rows(w, cfg.n_kv_heads)
            weights[f"model.layers.{i}.{hf}"] = np.ascontiguousarray(w)
    weights["model.norm.weight"] = raw["output_norm.weight"]
    if not cfg.tied_embeddings:
        weights["lm_head.weight"] = raw["output.weight"]
    return cfg, weights


def load_safetensors(path: str) -> dict[str, np.ndarray]:
    """A minimal safetensors reader (F32 only), so no extra package is needed."""
    with open(path, "rb") as f:
        (header_len,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(header_len))
        base = 8 + header_len
    data = np.memmap(path, dtype=np.uint8, mode="r")
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise SystemExit(f"{path}: tensor {name} has dtype {info['dtype']} (expected F32)")
        start, end = info["data_offsets"]
        buf = np.frombuffer(data[base + start : base + end], dtype="<f4")
        out[name] = buf.reshape(info["shape"]).astype(np.float32)
    return out


def load_import_dir(path: str) -> tuple[Config, dict[str, np.ndarray]]:
    with open(os.path.join(path, "kforge-model.json")) as f:
        manifest = json.load(f)
    c = manifest["config"]
    cfg = Config(
        dim=c["dim"],
        n_layers=c["n_layers"],
        n_heads=c["n_heads"],
        n_kv_heads=c["n_kv_heads"],
        head_dim=c["head_dim"],
        ffn_dim=c["ffn_dim"],
        vocab=c["vocab"],
        rope_theta=float(c["rope_theta"]),
        rms_eps=float(c["rms_eps"]),
        tied_embeddings=c["tied_embeddings"],
    )
    return cfg, load_safetensors(os.path.join(path, manifest["weights"]))


# ------------------------------------------------------------------------------ model


class Llama:
    def __init__(self, cfg: Config, w: dict[str, np.ndarray]):
        self.cfg = cfg
        self.w = w
        hd = cfg.head_dim
        self.inv_freq = 1.0 / (
            np.float32(cfg.rope_theta) ** (np.arange(0, hd, 2, dtype=np.float32) / np.float32(hd))
        )
        self.lm_head = w["model.embed_tokens.weight"] if cfg.tied_embeddings else w["lm_head.weight"]
        self.reset()

    def reset(self):
        self.k_cache = [None] * self.cfg.n_layers
        self.v_cache = [None] * self.cfg.n_layers
        self.pos = 0

    def rms_norm(self, x, weight):
        var = np.mean(x * x, axis=-1, keepdims=True)
        return (x / np.sqrt(var + np.float32(self.cfg.rms_eps))).astype(np.float32) * weight

    def rope(self, x, positions):
        # x: [T, heads, hd]; Hugging Face rotate-half.
        freqs = np.outer(positions.astype(np.float32), self.inv_freq)  # [T, hd/2]
        emb = np.concatenate([freqs, freqs], axis=-1)
        cos = np.cos(emb)[:, None, :].astype(np.float32)
        sin = np.sin(emb)[:, None, :].astype(np.float32)
        half = x.shape[-1] // 2
        rotated = np.concatenate([-x[..., half:], x[..., :half]], axis=-1)
        return x * cos + rotated * sin

    def attention(self, i, x, positions):
        c, w, p = self.cfg, self.w, f"model.layers.{i}.self_attn."
        t = x.shape[0]
        q = (x @ w[p + "q_proj.weight"].T).reshape(t, c.n_heads, c.head_dim)
        k = (x @ w[p + "k_proj.weight"].T).reshape(t, c.n_kv_heads, c.head_dim)
        v = (x @ w[p + "v_proj.weight"].T).reshape(t, c.n_kv_heads, c.head_dim)
        q, k = self.rope(q, positions), self.rope(k, positions)
        if self.k_cache[i] is not None:
            k = np.concatenate([self.k_cache[i], k], axis=0)
            v = np.concatenate([self.v_cache[i], v], axis=0)
        self.k_cache[i], self.v_cache[i] = k, v
        s = k.shape[0]
        rep = c.n_heads // c.n_kv_heads
        k = np.repeat(k, rep, axis=1)  # [S, H, hd]
        v = np.repeat(v, rep, axis=1)
        scores = np.einsum("thd,shd->hts", q, k) / np.float32(np.sqrt(c.head_dim))
        # Causal mask: query at position positions[t] sees keys 0..=positions[t].
        key_pos = np.arange(s)
        mask = key_pos[None, :] > positions[:, None]
        scores = np.where(mask[None, :, :], np.float32(-np.inf), scores)
        scores = scores - scores.max(axis=-1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=-1, keepdims=True)
        out = np.einsum("hts,shd->thd", probs.astype(np.float32), v).reshape(t, c.n_heads * c.head_dim)
        return out @ w[p + "o_proj.weight"].T

    def mlp(self, i, x):
        w, p = self.w, f"model.layers.{i}.mlp."
        gate = x @ w[p + "gate_proj.weight"].T
        up = x @ w[p + "up_proj.weight"].T
        act = gate / (np.float32(1.0) + np.exp(-gate))  # SiLU
        return (act * up) @ w[p + "down_proj.weight"].T

    def forward(self, ids):
        """Feeds `ids` after the cached positions; returns logits of the last position."""
        w = self.w
        positions = np.arange(self.pos, self.pos + len(ids))
        x = w["model.embed_tokens.weight"][np.asarray(ids)].astype(np.float32)
        for i in range(self.cfg.n_layers):
            p = f"model.layers.{i}."
            x = x + self.attention(i, self.rms_norm(x, w[p + "input_layernorm.weight"]), positions)
            x = x + self.mlp(i, self.rms_norm(x, w[p + "post_attention_layernorm.weight"]))
        self.pos += len(ids)
        x = self.rms_norm(x[-1:], w["model.norm.weight"])
        return (x @ self.lm_head.T)[0].astype(np.float32)

    def greedy(self, prompt_ids, steps, margins=None):
        """Returns (generated ids, first-step logits); appends to `margins` the gap
        between the best and second-best logit at each step (how robust a pick is)."""
        self.reset()
        logits = self.forward(prompt_ids)
        first = logits
        out = []
        for step in range(steps):
            nxt = int(np.argmax(logits))
            out.append(nxt)
            if margins is not None:
                top2 = np.partition(logits, -2)[-2:]
                margins.append(f32(top2[1] - top2[0]))
            if step + 1 < steps:
                logits = self.forward([nxt])
        return out, first


# ---------------------------------------------------------------------------- fixture


def f32(x) -> float:
    """A float32 value as the shortest decimal that round-trips through f32."""
    return float(str(np.float32(x)))


def file_sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def weight_probes(weights: dict[str, np.ndarray], rng: np.random.Generator) -> list[dict]:
    names = [
        "model.embed_tokens.weight",
        "model.layers.0.self_attn.q_proj.weight",
        "model.layers.0.self_attn.k_proj.weight",
        "model.layers.0.self_attn.v_proj.weight",
        "model.layers.0.input_layernorm.weight",
        "model.layers.29.self_attn.k_proj.weight",
        "model.layers.29.mlp.down_proj.weight",
        "model.norm.weight",
    ]
    probes = []
    for name in names:
        w = weights[name]
        for _ in range(FIXTURE_WEIGHT_PROBES):
            index = [int(rng.integers(0, d)) for d in w.shape]
            probes.append({"name": name, "index": index, "value": f32(w[tuple(index)])})
    return probes


def write_fixture(model: Llama, weights, source: str, out_path: str):
    rng = np.random.default_rng(20261125)
    probe_ids = sorted(int(i) for i in rng.choice(model.cfg.vocab, FIXTURE_N_PROBE_IDS, replace=False))
    cases = []
    for text, ids in FIXTURE_PROMPTS:
        margins = []
        generated, logits = model.greedy(ids, FIXTURE_STEPS, margins)
        top = np.argsort(-logits, kind="stable")[:FIXTURE_TOP_K]
        cases.append(
            {
                "text": text,
                "prompt_ids": [int(i) for i in ids],
                "greedy_ids": generated,
                "greedy_margins": margins,
                "first_step_top": [[int(i), f32(logits[i])] for i in top],
                "first_step_probe_logits": [f32(logits[i]) for i in probe_ids],
            }
        )
    fixture = {
        "about": "SmolLM2-135M-Instruct f32 numpy reference (reference/numpy/smollm2_reference.py); "
        "greedy, no BOS; logits of the first generated step; greedy_margins: best minus "
        "second-best logit at each step; weight_probes: canonical (Hugging Face layout) "
        "f32 weights at [row, col]",
        "model_sha256": file_sha256(source) if os.path.isfile(source) else None,
        "numpy": np.__version__,
        "steps": FIXTURE_STEPS,
        "probe_ids": probe_ids,
        "cases": cases,
        "weight_probes": weight_probes(weights, rng),
    }
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    tmp = out_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")
    os.replace(tmp, out_path)
    return fixture


# ------------------------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gguf", default=DEFAULT_GGUF, help="GGUF file (default: %(default)s)")
    ap.add_argument("--import-dir", help="read a kforge import folder instead of the GGUF")
    ap.add_argument("--ids", help="prompt token ids, comma-separated (default: the ANCHORS.md prompt)")
    ap.add_argument("--steps", type=int, default=16, help="tokens to generate (default: %(default)s)")
    ap.add_argument("--check", action="store_true", help="compare with the ANCHORS.md reference tokens")
    ap.add_argument("--write-fixture", metavar="PATH", help="write the Rust-test fixture JSON")
    args = ap.parse_args()

    if args.import_dir:
        cfg, weights = load_import_dir(args.import_dir)
        source = os.path.join(args.import_dir, "weights.safetensors")
    else:
        if not os.path.isfile(args.gguf):
            print(f"{args.gguf}: not found; run scripts/fetch-model.sh", file=sys.stderr)
            return 2
        cfg, weights = load_gguf(args.gguf)
        source = args.gguf
    model = Llama(cfg, weights)

    if args.write_fixture:
        fixture = write_fixture(model, weights, source, args.write_fixture)
        size = os.path.getsize(args.write_fixture)
        print(json.dumps({"fixture": args.write_fixture, "bytes": size, "cases": len(fixture["cases"])}))
        return 0

    ids = [int(x) for x in args.ids.split(",")] if args.ids else ANCHOR_PROMPT_IDS
    generated, logits = model.greedy(ids, args.steps)
    result = {
        "source": source,
        "prompt_ids": ids,
        "generated_ids": generated,
        "first_step_top_id": int(np.argmax(logits)),
        "first_step_top_logit": f32(logits.max()),
    }
    if args.check:
        want = ANCHOR_NEXT_IDS[: args.steps]
        result["check"] = {
            "expected_ids": want,
            "match": ids == ANCHOR_PROMPT_IDS and generated[: len(want)] == want,
        }
    print(json.dumps(result))
    if args.check and not result["check"]["match"]:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
