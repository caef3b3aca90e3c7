"""Valid inputs the campaign mutates: the lit inputs split into chunks, a tiny
llama GGUF (1 layer, dim 32, vocab 16; the same model as kforge-fuzz's), a
Hugging Face folder of it, its kforge import, tensor files, reports."""
from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]

TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "a", "b", "ab", "Ġ", "Ġab",
          "1", "2", "c", "d", "e", "f", "g", "h"]
TINY = dict(dim=32, ffn=64, n_heads=4, n_kv_heads=2, vocab=16, n_layers=1, context=64)
LAYER_TENSORS = [  # (HF suffix, GGUF suffix)
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
HF_CONFIG = {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "hidden_size": 32,
             "num_hidden_layers": 1, "num_attention_heads": 4, "num_key_value_heads": 2,
             "intermediate_size": 64, "vocab_size": 16, "rms_norm_eps": 1e-05,
             "rope_theta": 10000.0, "tie_word_embeddings": True,
             "max_position_embeddings": 64, "bos_token_id": 1, "eos_token_id": 2}


def tensor_specs(m: dict = TINY) -> list[tuple[str, str, tuple]]:
    """(HF name, GGUF name, shape) of every tensor, as kforge's tensor_specs."""
    dim, ffn, nh, nkv, vocab = m["dim"], m["ffn"], m["n_heads"], m["n_kv_heads"], m["vocab"]
    hd = dim // nh
    shapes = {"attn_norm.weight": (dim,), "attn_q.weight": (nh * hd, dim),
              "attn_k.weight": (nkv * hd, dim), "attn_v.weight": (nkv * hd, dim),
              "attn_output.weight": (dim, nh * hd), "ffn_norm.weight": (dim,),
              "ffn_gate.weight": (ffn, dim), "ffn_up.weight": (ffn, dim),
              "ffn_down.weight": (dim, ffn)}
    specs = [("model.embed_tokens.weight", "token_embd.weight", (vocab, dim))]
    for layer in range(m["n_layers"]):
        for hf, gg in LAYER_TENSORS:
            specs.append((f"model.layers.{layer}.{hf}", f"blk.{layer}.{gg}", shapes[gg]))
    specs.append(("model.norm.weight", "output_norm.weight", (dim,)))
    return specs


def tensor_values(shape, seed: int) -> np.ndarray:
    return (np.random.default_rng(seed).standard_normal(shape) * 0.1).astype(np.float32)


def write_gguf(path: Path, metadata: dict | None = None, skip_meta: tuple = (),
               tensors: dict | None = None, dtype: str = "f32", drop: tuple = (),
               extra_tensors: dict | None = None):
    """The tiny llama as GGUF. `metadata` overrides keys (value None: left out;
    key -> (value, kind) for an explicit type); `tensors` overrides arrays by
    GGUF name; `dtype` f32/f16/q8_0/q4_0 for matrices; `drop` leaves tensors out."""
    import gguf
    w = gguf.GGUFWriter(str(path), "llama")
    meta = {
        "llama.block_count": (TINY["n_layers"], "u32"),
        "llama.context_length": (TINY["context"], "u32"),
        "llama.embedding_length": (TINY["dim"], "u32"),
        "llama.feed_forward_length": (TINY["ffn"], "u32"),
        "llama.attention.head_count": (TINY["n_heads"], "u32"),
        "llama.attention.head_count_kv": (TINY["n_kv_heads"], "u32"),
        "llama.rope.freq_base": (10000.0, "f32"),
        "llama.attention.layer_norm_rms_epsilon": (1e-5, "f32"),
        "llama.vocab_size": (TINY["vocab"], "u32"),
        "llama.rope.dimension_count": (TINY["dim"] // TINY["n_heads"], "u32"),
        "tokenizer.ggml.model": ("gpt2", "str"),
        "tokenizer.ggml.pre": ("smollm", "str"),
        "tokenizer.ggml.tokens": (TOKENS, "arr"),
        "tokenizer.ggml.token_type": ([3, 3, 3] + [1] * 13, "arr"),
        "tokenizer.ggml.merges": (["a b", "Ġ ab"], "arr"),
        "tokenizer.ggml.bos_token_id": (1, "u32"),
        "tokenizer.ggml.eos_token_id": (2, "u32"),
        "tokenizer.ggml.add_bos_token": (False, "bool"),
        "tokenizer.chat_template": ("{{ messages }}", "str"),
    }
    for k, v in (metadata or {}).items():
        if v is None:
            meta.pop(k, None)
        elif isinstance(v, tuple):
            meta[k] = v
        else:
            meta[k] = (v, meta.get(k, (None, "u32"))[1])
    for k in skip_meta:
        meta.pop(k, None)
    for k, (v, kind) in meta.items():
        if kind == "u32":
            w.add_uint32(k, v)
        elif kind == "u64":
            w.add_uint64(k, v)
        elif kind == "i32":
            w.add_int32(k, v)
        elif kind == "f32":
            w.add_float32(k, v)
        elif kind == "f64":
            w.add_float64(k, v)
        elif kind == "str":
            w.add_string(k, v)
        elif kind == "bool":
            w.add_bool(k, v)
        elif kind == "arr":
            w.add_array(k, v)
    quant = {"f16": gguf.GGMLQuantizationType.F16, "q8_0": gguf.GGMLQuantizationType.Q8_0,
             "q4_0": gguf.GGMLQuantizationType.Q4_0}.get(dtype)
    for i, (_, name, shape) in enumerate(tensor_specs()):
        if name in drop:
            continue
        arr = (tensors or {}).get(name)
        if arr is None:
            arr = tensor_values(shape, i)
        if quant is not None and arr.ndim == 2 and arr.dtype == np.float32:
            if dtype == "f16":
                w.add_tensor(name, arr.astype(np.float16))
            else:
                q = gguf.quants.quantize(arr, quant)
                w.add_tensor(name, q, raw_shape=q.shape, raw_dtype=quant)
        else:
            w.add_tensor(name, arr)
    for name, arr in (extra_tensors or {}).items():
        w.add_tensor(name, arr)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


SAFETENSORS_DTYPES = {np.float32: "F32", np.float16: "F16", np.int64: "I64", np.int32: "I32",
                      np.float64: "F64", np.int8: "I8", np.uint8: "U8", np.bool_: "BOOL"}


def safetensors_bytes(tensors: dict[str, np.ndarray], header_extra: dict | None = None) -> bytes:
    header, blobs, offset = {}, [], 0
    for name, arr in tensors.items():
        data = np.ascontiguousarray(arr).tobytes()
        kind = SAFETENSORS_DTYPES.get(arr.dtype.type, "F32")
        if arr.dtype == np.uint16:  # bf16 carried as raw u16
            kind = "BF16"
        header[name] = {"dtype": kind, "shape": list(arr.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header.update(header_extra or {})
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def hf_tensors(dtype=np.float32) -> dict[str, np.ndarray]:
    out = {}
    for i, (name, _, shape) in enumerate(tensor_specs()):
        v = tensor_values(shape, i)
        out[name] = v.astype(dtype) if dtype != "bf16" else (v.view(np.uint32) >> 16).astype(np.uint16)
    return out


def write_hf(folder: Path, tokenizer: Path | None, config: dict | None = None, dtype=np.float32):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps(config or HF_CONFIG))
    (folder / "model.safetensors").write_bytes(safetensors_bytes(hf_tensors(dtype)))
    if tokenizer:
        shutil.copy(tokenizer, folder / "tokenizer.json")


def split_chunks(text: str) -> list[str]:
    return [c for c in re.split(r"(?m)^// -----\s*$", text)]


def strip_comments(text: str) -> str:
    return "\n".join(l for l in text.split("\n") if not l.lstrip().startswith("//"))


def lit_inputs() -> list[Path]:
    files = sorted(p for p in (REPO / "test/lit").rglob("*.mlir") if "Output" not in p.parts)
    return files


def corpus_inputs() -> list[Path]:
    return sorted((REPO / "test/corpus/malformed").glob("*.mlir"))


def run_line_args(text: str, tool: str) -> list[list[str]]:
    """The arguments of `tool` in each RUN line (after %s, up to a pipe)."""
    out = []
    for line in text.splitlines():
        if "RUN:" not in line or f"{tool} " not in line:
            continue
        rest = line.split(f"{tool} ", 1)[1]
        words = []
        for w in rest.split():
            if w in ("|", "||", "&&") or w.startswith(">") or w.startswith("2>"):
                break
            if "%" in w:
                continue
            words.append(w.strip("'"))
        out.append(words)
    return out


MM_MODULE = """func.func @mm(%a: tensor<{m}x{k}xf32>, %b: tensor<{k}x{n}xf32>) -> tensor<{m}x{n}xf32> {{
  %0 = "kforge.matmul"(%a, %b) : (tensor<{m}x{k}xf32>, tensor<{k}x{n}xf32>) -> tensor<{m}x{n}xf32>
  return %0 : tensor<{m}x{n}xf32>
}}
"""


def build(fix: Path, bin_dir: Path, real_model: bool) -> dict:
    """Fills the fixtures folder; returns paths by name."""
    fix.mkdir(parents=True, exist_ok=True)
    paths = {}
    gguf_path = fix / "tiny.gguf"
    write_gguf(gguf_path)
    paths["gguf"] = gguf_path
    imp = fix / "tiny-import"
    subprocess.run([str(bin_dir / "kforge-import"), "-q", str(gguf_path), "-o", str(imp)],
                   check=True, env={"PATH": "/usr/bin:/bin", "HOME": str(fix)})
    paths["import"] = imp
    for dtype, name in [(np.float32, "hf"), (np.float16, "hf-f16"), ("bf16", "hf-bf16")]:
        write_hf(fix / name, imp / "tokenizer.json", dtype=dtype)
        paths[name] = fix / name
    (fix / "mm.mlir").write_text(MM_MODULE.format(m=24, k=40, n=56))
    paths["mm"] = fix / "mm.mlir"
    reports = REPO / "test/lit/tools/Inputs"
    for name in ["bench-after.json", "bench-before.json"]:
        shutil.copy(reports / name, fix / name)
        paths[name] = fix / name
    paths["real_gguf"] = REPO / "models/smollm2-135m-instruct/model.gguf"
    paths["real_import"] = REPO / "models/smollm2-135m-instruct/kforge"
    if real_model and (paths["real_import"] / "weights.safetensors").is_file():
        dst = fix / "real-import"
        shutil.copytree(paths["real_import"], dst)
        paths["real_copy"] = dst
    return paths
