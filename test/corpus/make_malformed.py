#!/usr/bin/env python3
"""Writes test/corpus/malformed/: small malformed inputs for kforge-opt.

Every file is an input that kforge-opt must reject with a diagnostic (exit 1,
no crash, no hang), except the few in ACCEPTED: an empty, blank or
comment-only file is an empty module, which kforge-opt (like mlir-opt)
accepts. run_corpus.py reads ACCEPTED from here.

The output is deterministic: fixed seeds, no clocks, files written in sorted
order, so re-running the script on a clean checkout changes nothing.

    python3 test/corpus/make_malformed.py          # (re)write the corpus
    python3 test/corpus/make_malformed.py --check  # exit 1 if it is stale
"""
import argparse
import random
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "malformed"

# Inputs kforge-opt accepts on purpose (an empty module), checked to succeed.
ACCEPTED = frozenset(
    {
        "empty.mlir",
        "whitespace-only.mlir",
        "comment-only.mlir",
        "split-marker-only.mlir",
    }
)

# Valid kforge modules that the truncations and edits below start from.
LINEAR = """\
func.func @proj(%x: tensor<4x576xf32>) -> tensor<4x1536xf32> {
  %w = "kforge.weight"() {name = "model.layers.0.mlp.up_proj.weight"} : () -> tensor<1536x576xf32>
  %n = "kforge.weight"() {name = "model.layers.0.post_attention_layernorm.weight"} : () -> tensor<576xf32>
  %h = "kforge.rms_norm"(%x, %n) {epsilon = 1.0e-5 : f32} : (tensor<4x576xf32>, tensor<576xf32>) -> tensor<4x576xf32>
  %y = "kforge.linear"(%h, %w) : (tensor<4x576xf32>, tensor<1536x576xf32>) -> tensor<4x1536xf32>
  return %y : tensor<4x1536xf32>
}
"""

ATTENTION = """\
func.func @decode(%q: tensor<1x9x64xf32>, %k: tensor<1x3x64xf32>, %v: tensor<1x3x64xf32>,
                  %kc: tensor<256x3x64xf32>, %vc: tensor<256x3x64xf32>, %pos: tensor<i64>)
    -> (tensor<1x9x64xf32>, tensor<256x3x64xf32>, tensor<256x3x64xf32>) {
  %o, %kc2, %vc2 = "kforge.attention"(%q, %k, %v, %kc, %vc, %pos) {causal = true, scale = 0.125 : f32,
      operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<1x9x64xf32>, tensor<1x3x64xf32>, tensor<1x3x64xf32>, tensor<256x3x64xf32>, tensor<256x3x64xf32>, tensor<i64>)
    -> (tensor<1x9x64xf32>, tensor<256x3x64xf32>, tensor<256x3x64xf32>)
  return %o, %kc2, %vc2 : tensor<1x9x64xf32>, tensor<256x3x64xf32>, tensor<256x3x64xf32>
}
"""

BLOCK = """\
func.func @block(%ids: tensor<8xi64>, %pos: tensor<8xi64>) -> tensor<8x64xf32> {
  %table = "kforge.weight"() {name = "embed_tokens.weight"} : () -> tensor<100x64xf32>
  %x = "kforge.embedding"(%ids, %table) : (tensor<8xi64>, tensor<100x64xf32>) -> tensor<8x64xf32>
  %x3 = "kforge.reshape"(%x) : (tensor<8x64xf32>) -> tensor<8x4x16xf32>
  %r = "kforge.rope"(%x3, %pos) {theta = 10000.0 : f32} : (tensor<8x4x16xf32>, tensor<8xi64>) -> tensor<8x4x16xf32>
  %a = "kforge.attention"(%r, %r, %r) {causal = true, scale = 0.25 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<8x4x16xf32>, tensor<8x4x16xf32>, tensor<8x4x16xf32>) -> tensor<8x4x16xf32>
  %a2 = "kforge.reshape"(%a) : (tensor<8x4x16xf32>) -> tensor<8x64xf32>
  %g = "kforge.weight"() {name = "gate.weight"} : () -> tensor<128x64xf32>
  %u = "kforge.weight"() {name = "up.weight"} : () -> tensor<128x64xf32>
  %d = "kforge.weight"() {name = "down.weight"} : () -> tensor<64x128xf32>
  %m = "kforge.mlp"(%a2, %g, %u, %d) {activation = "swiglu"} : (tensor<8x64xf32>, tensor<128x64xf32>, tensor<128x64xf32>, tensor<64x128xf32>) -> tensor<8x64xf32>
  %y = "kforge.add"(%x, %m) : (tensor<8x64xf32>, tensor<8x64xf32>) -> tensor<8x64xf32>
  %s = "kforge.softmax"(%y) {axis = -1 : i64} : (tensor<8x64xf32>) -> tensor<8x64xf32>
  return %s : tensor<8x64xf32>
}
"""

BASES = {"linear": LINEAR, "attention": ATTENTION, "block": BLOCK}


def op_module(body: str, args: str = "", results: str = "") -> str:
    """A function `@f` around `body` (lines of IR, already indented)."""
    result_part = f" -> ({results})" if results else ""
    return f"func.func @f({args}){result_part} {{\n{body}  return\n}}\n"


def unary(op: str, ty: str, attrs: str = "", result: str = "") -> str:
    """One kforge op on %x : ty, its result unused."""
    attr_part = f" {{{attrs}}}" if attrs else ""
    return op_module(
        f'  %0 = "{op}"(%x){attr_part} : ({ty}) -> {result or ty}\n',
        args=f"%x: {ty}",
    )


def truncations(files: dict) -> None:
    """Valid modules cut at fractions of their length and at named points."""
    for name, text in BASES.items():
        data = text.encode()
        for percent in (3, 10, 25, 40, 50, 60, 75, 90, 99):
            files[f"truncated-{name}-{percent:02d}pct.mlir"] = data[: len(data) * percent // 100]
    named_cuts = {
        "after-func-keyword": (LINEAR, "func.func @"),
        "in-tensor-type": (LINEAR, "tensor<4x5"),
        "in-op-name": (LINEAR, '"kforge.rms_n'),
        "in-attribute-dict": (LINEAR, "{epsilon = 1.0e-"),
        "in-string-attribute": (LINEAR, '{name = "model.layers.0.mlp.up'),
        "in-segment-sizes": (ATTENTION, "array<i32: 1, 1, 1,"),
        "in-result-list": (ATTENTION, "-> (tensor<1x9x64xf32>, tensor<256x3x64"),
        "before-last-brace": (BLOCK, "  return %s : tensor<8x64xf32>\n"),
        "after-operand-list": (BLOCK, '"kforge.mlp"(%a2, %g, %u, %d)'),
    }
    for name, (text, marker) in named_cuts.items():
        end = text.index(marker) + len(marker)
        files[f"truncated-{name}.mlir"] = text[:end].encode()


def garbage(files: dict) -> None:
    """Random bytes, invalid UTF-8, NUL bytes and control characters."""
    rng = random.Random(20261125)
    for i, size in enumerate((64, 512, 4096)):
        files[f"garbage-random-{i}.mlir"] = bytes(rng.randrange(256) for _ in range(size))
    printable = "".join(chr(c) for c in range(32, 127)) + "\n\t"
    files["garbage-random-ascii.mlir"] = "".join(rng.choice(printable) for _ in range(2048)).encode()
    tokens = ['"kforge.matmul"', "(", ")", "{", "}", "<", ">", "%0", "=", ":", "->", "tensor<4x4xf32>",
              "func.func", "@f", ",", "x", "return", "\n", "[", "]", "array<i32: 1>", "// -----\n"]
    files["garbage-token-soup.mlir"] = " ".join(rng.choice(tokens) for _ in range(600)).encode()
    valid = LINEAR.encode()
    mid = valid.index(b'"kforge.linear"') + 5
    files["utf8-invalid-byte-ff.mlir"] = valid[:mid] + b"\xff" + valid[mid:]
    files["utf8-overlong-nul.mlir"] = valid[:mid] + b"\xc0\x80" + valid[mid:]
    files["utf8-lone-continuation.mlir"] = b"\x80\x80\x80" + valid
    files["utf8-surrogate-in-string.mlir"] = valid.replace(b"up_proj", b"up_\xed\xa0\x80proj")
    files["utf8-truncated-sequence-at-eof.mlir"] = valid + b"// caf\xc3"
    files["utf8-latin1-in-comment.mlir"] = b"// caf\xe9 au lait\n" + valid
    files["utf8-bom.mlir"] = b"\xef\xbb\xbf" + valid
    files["nul-bytes-only.mlir"] = b"\x00" * 64
    files["nul-byte-mid-op.mlir"] = valid[:mid] + b"\x00" + valid[mid:]
    files["nul-byte-in-weight-name.mlir"] = valid.replace(b"up_proj", b"up\x00proj")
    files["nul-byte-at-start.mlir"] = b"\x00" + valid
    files["control-chars.mlir"] = b"\x1b[31m\x07\x08\x0b\x0c" + valid
    files["fake-bytecode-header.mlir"] = b"ML\xefR\x00\x01\x02" + bytes(range(256))


def huge_and_odd_dims(files: dict) -> None:
    """Dims that overflow, are negative, or are zero where it breaks a rule."""
    files["dim-20-digits.mlir"] = unary("kforge.silu", "tensor<99999999999999999999x4xf32>").encode()
    files["dim-i64-max-plus-one.mlir"] = unary("kforge.silu", "tensor<9223372036854775808x4xf32>").encode()
    files["dim-i64-max-matmul-mismatch.mlir"] = op_module(
        '  %0 = "kforge.matmul"(%a, %b) : (tensor<9223372036854775807x4xf32>, tensor<5x2xf32>) -> tensor<9223372036854775807x2xf32>\n',
        args="%a: tensor<9223372036854775807x4xf32>, %b: tensor<5x2xf32>",
    ).encode()
    files["dim-negative.mlir"] = unary("kforge.silu", "tensor<-1x4xf32>").encode()
    files["dim-negative-inner.mlir"] = unary("kforge.silu", "tensor<4x-3xf32>").encode()
    files["dim-hex.mlir"] = unary("kforge.silu", "tensor<0x10xf32>").replace("0x10", "0x1F").encode()
    files["dim-zero-contraction-mismatch.mlir"] = op_module(
        '  %0 = "kforge.matmul"(%a, %b) : (tensor<0x3xf32>, tensor<0x4xf32>) -> tensor<0x4xf32>\n',
        args="%a: tensor<0x3xf32>, %b: tensor<0x4xf32>",
    ).encode()
    files["dim-zero-kv-heads.mlir"] = op_module(
        '  %0 = "kforge.attention"(%q, %k, %k) {causal = true, scale = 1.0 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}'
        " : (tensor<2x4x8xf32>, tensor<2x0x8xf32>, tensor<2x0x8xf32>) -> tensor<2x4x8xf32>\n",
        args="%q: tensor<2x4x8xf32>, %k: tensor<2x0x8xf32>",
    ).encode()
    files["dim-zero-reshape-count.mlir"] = unary(
        "kforge.reshape", "tensor<0x0x0xf32>", result="tensor<1xf32>"
    ).encode()
    files["dim-dynamic-weight.mlir"] = op_module(
        '  %0 = "kforge.weight"() {name = "w"} : () -> tensor<?x4xf32>\n'
    ).encode()
    files["reshape-element-count-overflow.mlir"] = unary(
        "kforge.reshape", "tensor<4294967296x4294967296xf32>", result="tensor<4xf32>"
    ).encode()
    files["reshape-element-count-overflow-3d.mlir"] = unary(
        "kforge.reshape", "tensor<4194304x4194304x4194304xf32>", result="tensor<8xf32>"
    ).encode()
    rank = "x".join(["1"] * 10000)
    files["rank-10000-matmul.mlir"] = op_module(
        f'  %0 = "kforge.matmul"(%a, %a) : (tensor<{rank}xf32>, tensor<{rank}xf32>) -> tensor<1x1xf32>\n',
        args=f"%a: tensor<{rank}xf32>",
    ).encode()


def wrong_element_types(files: dict) -> None:
    """Element types kforge ops do not take."""
    files["element-f64-matmul.mlir"] = op_module(
        '  %0 = "kforge.matmul"(%a, %a) : (tensor<4x4xf64>, tensor<4x4xf64>) -> tensor<4x4xf64>\n',
        args="%a: tensor<4x4xf64>",
    ).encode()
    files["element-i8-add.mlir"] = op_module(
        '  %0 = "kforge.add"(%a, %a) : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>\n', args="%a: tensor<4xi8>"
    ).encode()
    files["element-complex-silu.mlir"] = unary("kforge.silu", "tensor<4xcomplex<f32>>").encode()
    files["element-index-softmax.mlir"] = unary("kforge.softmax", "tensor<4xindex>", attrs="axis = 0 : i64").encode()
    files["element-f8-gelu.mlir"] = unary("kforge.gelu", "tensor<4xf8E4M3FN>", attrs='approximate = "tanh"').encode()
    files["element-vector-silu.mlir"] = unary("kforge.silu", "tensor<4xvector<4xf32>>").encode()
    files["element-float-ids.mlir"] = op_module(
        '  %0 = "kforge.embedding"(%i, %t) : (tensor<3xf32>, tensor<10x8xf32>) -> tensor<3x8xf32>\n',
        args="%i: tensor<3xf32>, %t: tensor<10x8xf32>",
    ).encode()
    files["element-i16-positions.mlir"] = op_module(
        '  %0 = "kforge.rope"(%x, %p) {theta = 10000.0 : f32} : (tensor<3x2x8xf32>, tensor<3xi16>) -> tensor<3x2x8xf32>\n',
        args="%x: tensor<3x2x8xf32>, %p: tensor<3xi16>",
    ).encode()
    files["element-mixed-rms-norm.mlir"] = op_module(
        '  %0 = "kforge.rms_norm"(%x, %w) {epsilon = 1.0e-5 : f32} : (tensor<2x8xbf16>, tensor<8xf16>) -> tensor<2x8xbf16>\n',
        args="%x: tensor<2x8xbf16>, %w: tensor<8xf16>",
    ).encode()
    files["element-reshape-changes-type.mlir"] = unary("kforge.reshape", "tensor<2x4xf32>", result="tensor<8xi32>").encode()
    files["element-not-a-type.mlir"] = unary("kforge.silu", "tensor<4xfloat32>").encode()


def unknown_ops(files: dict) -> None:
    """Op names the kforge dialect does not define, and custom syntax."""
    files["unknown-kforge-op.mlir"] = unary("kforge.nope", "tensor<4xf32>").encode()
    files["unknown-kforge-op-uppercase.mlir"] = unary("kforge.MatMul", "tensor<4xf32>").encode()
    files["unknown-kforge-op-trailing-space.mlir"] = unary("kforge.silu ", "tensor<4xf32>").encode()
    files["unknown-kforge-op-homoglyph.mlir"] = unary("kforge.s\u0456lu", "tensor<4xf32>").encode()
    files["unknown-op-empty-name-in-dialect.mlir"] = unary("kforge.", "tensor<4xf32>").encode()
    files["unknown-op-dialect-only.mlir"] = unary("kforge", "tensor<4xf32>").encode()
    files["unknown-dialect.mlir"] = unary("foo.bar", "tensor<4xf32>").encode()
    files["custom-syntax-kforge-op.mlir"] = op_module(
        "  %0 = kforge.silu %x : tensor<4xf32>\n", args="%x: tensor<4xf32>"
    ).encode()
    files["custom-syntax-unknown-kforge-op.mlir"] = op_module(
        "  %0 = kforge.nope %x : tensor<4xf32>\n", args="%x: tensor<4xf32>"
    ).encode()


def wrong_counts(files: dict) -> None:
    """Operand and result counts IRDL or the verifier reject."""
    t = "tensor<4x4xf32>"
    files["count-matmul-one-operand.mlir"] = op_module(
        f'  %0 = "kforge.matmul"(%a) : ({t}) -> {t}\n', args=f"%a: {t}"
    ).encode()
    files["count-matmul-three-operands.mlir"] = op_module(
        f'  %0 = "kforge.matmul"(%a, %a, %a) : ({t}, {t}, {t}) -> {t}\n', args=f"%a: {t}"
    ).encode()
    files["count-linear-no-operands.mlir"] = op_module(f'  %0 = "kforge.linear"() : () -> {t}\n').encode()
    files["count-silu-two-results.mlir"] = op_module(
        f'  %0:2 = "kforge.silu"(%a) : ({t}) -> ({t}, {t})\n', args=f"%a: {t}"
    ).encode()
    files["count-matmul-no-result.mlir"] = op_module(
        f'  "kforge.matmul"(%a, %a) : ({t}, {t}) -> ()\n', args=f"%a: {t}"
    ).encode()
    files["count-weight-with-operand.mlir"] = op_module(
        f'  %0 = "kforge.weight"(%a) {{name = "w"}} : ({t}) -> {t}\n', args=f"%a: {t}"
    ).encode()
    files["count-mlp-five-operands.mlir"] = op_module(
        f'  %0 = "kforge.mlp"(%a, %a, %a, %a, %a) {{activation = "swiglu"}} : ({t}, {t}, {t}, {t}, {t}) -> {t}\n',
        args=f"%a: {t}",
    ).encode()
    q = "tensor<2x4x8xf32>"
    files["count-attention-partial-cache.mlir"] = op_module(
        f'  %0 = "kforge.attention"(%q, %q, %q, %q) {{causal = true, scale = 1.0 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>}}'
        f" : ({q}, {q}, {q}, {q}) -> {q}\n",
        args=f"%q: {q}",
    ).encode()
    files["count-attention-segments-disagree.mlir"] = op_module(
        f'  %0 = "kforge.attention"(%q, %q, %q) {{causal = true, scale = 1.0 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}}'
        f" : ({q}, {q}, {q}) -> {q}\n",
        args=f"%q: {q}",
    ).encode()
    files["count-attention-negative-segment.mlir"] = op_module(
        f'  %0 = "kforge.attention"(%q, %q, %q) {{causal = true, scale = 1.0 : f32, operandSegmentSizes = array<i32: -1, 1, 1, 0, 0, 2>}}'
        f" : ({q}, {q}, {q}) -> {q}\n",
        args=f"%q: {q}",
    ).encode()


def bad_attributes(files: dict) -> None:
    """Missing, mistyped, out-of-range, empty and duplicated attributes."""
    t = "tensor<4x8xf32>"

    def norm(attrs: str) -> bytes:
        return op_module(
            f'  %0 = "kforge.rms_norm"(%x, %w){attrs} : ({t}, tensor<8xf32>) -> {t}\n',
            args=f"%x: {t}, %w: tensor<8xf32>",
        ).encode()

    files["attr-missing-epsilon.mlir"] = norm("")
    files["attr-string-epsilon.mlir"] = norm(' {epsilon = "small"}')
    files["attr-negative-epsilon.mlir"] = norm(" {epsilon = -1.0e-5 : f32}")
    files["attr-duplicate-key.mlir"] = norm(" {epsilon = 1.0e-5 : f32, epsilon = 1.0e-6 : f32}")
    files["attr-unclosed-dict.mlir"] = norm(" {epsilon = 1.0e-5 : f32")
    files["attr-properties-syntax.mlir"] = norm(" <{epsilon = 1.0e-5 : f32}>")
    files["attr-softmax-axis-out-of-range.mlir"] = unary("kforge.softmax", t, attrs="axis = 2 : i64").encode()
    files["attr-softmax-axis-i64-min.mlir"] = unary(
        "kforge.softmax", t, attrs="axis = -9223372036854775808 : i64"
    ).encode()
    files["attr-softmax-axis-i128-huge.mlir"] = unary(
        "kforge.softmax", t, attrs="axis = 18446744073709551617 : i128"
    ).encode()
    files["attr-softmax-axis-float.mlir"] = unary("kforge.softmax", t, attrs="axis = 1.5 : f32").encode()
    files["attr-gelu-approximate-unknown.mlir"] = unary("kforge.gelu", t, attrs='approximate = "fast"').encode()
    files["attr-gelu-approximate-empty.mlir"] = unary("kforge.gelu", t, attrs='approximate = ""').encode()
    files["attr-weight-name-empty.mlir"] = op_module('  %0 = "kforge.weight"() {name = ""} : () -> tensor<4xf32>\n').encode()
    files["attr-weight-name-unterminated.mlir"] = op_module(
        '  %0 = "kforge.weight"() {name = "w} : () -> tensor<4xf32>\n'
    ).encode()
    files["attr-rope-theta-zero.mlir"] = op_module(
        '  %0 = "kforge.rope"(%x, %p) {theta = 0.0 : f32} : (tensor<3x2x8xf32>, tensor<3xi64>) -> tensor<3x2x8xf32>\n',
        args="%x: tensor<3x2x8xf32>, %p: tensor<3xi64>",
    ).encode()
    files["attr-attention-scale-nan.mlir"] = op_module(
        '  %0 = "kforge.attention"(%q, %q, %q) {causal = true, scale = 0x7FC00000 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}'
        " : (tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>\n",
        args="%q: tensor<2x4x8xf32>",
    ).encode()
    files["attr-mlp-activation-empty.mlir"] = op_module(
        '  %0 = "kforge.mlp"(%x, %u, %d) {activation = ""} : (tensor<2x8xf32>, tensor<16x8xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>\n',
        args="%x: tensor<2x8xf32>, %u: tensor<16x8xf32>, %d: tensor<8x16xf32>",
    ).encode()
    for digits in (1000, 100000):
        literal = "1." + "0" * digits + "1"
        files[f"attr-epsilon-{digits}-digits.mlir"] = norm(f" {{epsilon = -{literal} : f32}}")


def unbalanced(files: dict) -> None:
    """Brackets, braces, quotes and SSA structure that do not close or match."""
    valid = LINEAR
    files["unbalanced-missing-close-brace.mlir"] = valid.rstrip().rstrip("}").encode()
    files["unbalanced-extra-close-brace.mlir"] = (valid + "}\n").encode()
    files["unbalanced-leading-close-brace.mlir"] = ("}\n" + valid).encode()
    files["unbalanced-open-brace-only.mlir"] = b"{\n"
    files["unbalanced-close-brace-only.mlir"] = b"}\n"
    files["unbalanced-close-then-module.mlir"] = b"}\nmodule {\n"
    files["unbalanced-extra-paren.mlir"] = valid.replace('"kforge.linear"(%h, %w)', '"kforge.linear"(%h, %w))').encode()
    files["unbalanced-angle-bracket.mlir"] = valid.replace("tensor<576xf32>)", "tensor<576xf32)", 1).encode()
    files["unbalanced-unclosed-string.mlir"] = valid.replace('"kforge.linear"', '"kforge.linear', 1).encode()
    files["unbalanced-brackets-garbage.mlir"] = b") ( ] [ } { > <\n"
    files["ssa-undefined-value.mlir"] = valid.replace('"kforge.linear"(%h, %w)', '"kforge.linear"(%h, %nope)').encode()
    files["ssa-redefined-value.mlir"] = valid.replace("%y = ", "%h = ").replace("return %y", "return %h").encode()
    files["ssa-type-mismatch-on-use.mlir"] = valid.replace(
        "(tensor<4x576xf32>, tensor<1536x576xf32>) -> tensor<4x1536xf32>",
        "(tensor<4x577xf32>, tensor<1536x576xf32>) -> tensor<4x1536xf32>",
    ).encode()
    files["ssa-missing-return.mlir"] = valid.replace("  return %y : tensor<4x1536xf32>\n", "").encode()
    files["ssa-return-wrong-type.mlir"] = valid.replace("return %y : tensor<4x1536xf32>", "return %h : tensor<4x576xf32>").encode()
    files["kforge-op-at-top-level-undefined-operand.mlir"] = b'%0 = "kforge.silu"(%x) : (tensor<4xf32>) -> tensor<4xf32>\n'
    files["split-marker-without-split-flag.mlir"] = (valid + "// -----\n" + valid).encode()


def empty_and_trivial(files: dict) -> None:
    """Empty and near-empty inputs (ACCEPTED) and trivial non-modules."""
    files["empty.mlir"] = b""
    files["whitespace-only.mlir"] = b" \n\t\n   \n"
    files["comment-only.mlir"] = b"// nothing but a comment\n"
    files["split-marker-only.mlir"] = b"// -----\n"
    files["module-keyword-only.mlir"] = b"module"
    files["func-keyword-only.mlir"] = b"func.func"
    files["single-percent.mlir"] = b"%"
    files["single-quote.mlir"] = b'"'


def deep_nesting(files: dict) -> None:
    """Deeply nested regions, attributes, modules and types."""

    def regions(depth: int, inner: str) -> str:
        # A registered op with a region, so the parser goes all the way down.
        return "func.func @f() {\n" + '"func.func"() ({\n' * depth + inner + "}) : () -> ()\n" * depth + "  return\n}\n"

    files["deep-regions-200.mlir"] = regions(200, '"kforge.nope"() : () -> ()\n').encode()
    files["deep-regions-5000.mlir"] = regions(5000, '"kforge.nope"() : () -> ()\n').encode()
    for depth in (1000, 10000):
        files[f"deep-attribute-array-{depth}.mlir"] = unary(
            "kforge.silu", "tensor<4xf32>", attrs="x = " + "[" * depth + "]" * depth, result="tensor<5xf32>"
        ).encode()
        files[f"deep-attribute-array-unclosed-{depth}.mlir"] = unary(
            "kforge.silu", "tensor<4xf32>", attrs="x = " + "[" * depth
        ).encode()
    files["deep-modules-10000.mlir"] = ("module {\n" * 10000 + unary("kforge.nope", "tensor<4xf32>") + "}\n" * 10000).encode()
    files["deep-parens-100000.mlir"] = ("func.func @f() -> " + "(" * 100000 + "f32" + ")" * 100000 + " {\n}\n").encode()
    files["deep-tensor-types-4000.mlir"] = unary("kforge.silu", "tensor<" * 4000 + "f32" + ">" * 4000).encode()


def long_lines(files: dict) -> None:
    """Very long identifiers, strings, lines and comments."""
    files["long-function-name.mlir"] = unary("kforge.nope", "tensor<4xf32>").replace("@f", "@" + "f" * 100000).encode()
    files["long-weight-name-dynamic.mlir"] = op_module(
        '  %0 = "kforge.weight"() {name = "' + "w" * 100000 + '"} : () -> tensor<?xf32>\n'
    ).encode()
    ops = " ".join(f'%v{i} = "kforge.silu"(%x) : (tensor<4xf32>) -> tensor<4xf32>' for i in range(3000))
    files["long-line-3000-ops-then-error.mlir"] = (
        "func.func @f(%x: tensor<4xf32>) { " + ops + ' %bad = "kforge.silu"(%x) : (tensor<4xf32>) -> tensor<5xf32> return }\n'
    ).encode()
    files["long-comment-line-then-error.mlir"] = (
        "// " + "x" * 100000 + "\n" + unary("kforge.nope", "tensor<4xf32>")
    ).encode()
    files["long-ssa-name.mlir"] = unary("kforge.silu", "tensor<4xf32>", result="tensor<5xf32>").replace(
        "%0", "%" + "v" * 100000
    ).encode()


GENERATORS = (
    truncations,
    garbage,
    huge_and_odd_dims,
    wrong_element_types,
    unknown_ops,
    wrong_counts,
    bad_attributes,
    unbalanced,
    empty_and_trivial,
    deep_nesting,
    long_lines,
)


def corpus() -> dict:
    files: dict = {}
    for generate in GENERATORS:
        before = len(files)
        generate(files)
        assert len(files) > before, generate.__name__
    for name, data in files.items():
        assert isinstance(data, bytes), name
    return dict(sorted(files.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check that the committed corpus is up to date")
    args = parser.parse_args()
    files = corpus()
    existing = {p.name for p in OUT.glob("*.mlir")} if OUT.exists() else set()
    if args.check:
        stale = sorted(
            name for name, data in files.items() if not (OUT / name).exists() or (OUT / name).read_bytes() != data
        )
        stale += sorted(existing - set(files))
        for name in stale:
            print(f"stale: {name}")
        print(f"{len(files)} files, {len(stale)} stale")
        return 1 if stale else 0
    OUT.mkdir(exist_ok=True)
    for name in sorted(existing - set(files)):
        (OUT / name).unlink()
    for name, data in files.items():
        (OUT / name).write_bytes(data)
    print(f"wrote {len(files)} files to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
