// The kforge dialect, defined in IRDL and loaded at context creation
// (`kforge_dialect::create_context`). IRDL fixes each op's operand and result
// counts, their base types and the required attributes; ranks, shapes, element
// types and head counts are checked by the Rust verifier (dialect/src/verify/).
// Semantics of every op: dialect/OPS.md.
irdl.dialect @kforge {
  irdl.operation @matmul {
    %a = irdl.base "!builtin.tensor"
    %b = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    irdl.operands(a: %a, b: %b)
    irdl.results(result: %y)
  }
  irdl.operation @batch_matmul {
    %a = irdl.base "!builtin.tensor"
    %b = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    irdl.operands(a: %a, b: %b)
    irdl.results(result: %y)
  }
  irdl.operation @linear {
    %x = irdl.base "!builtin.tensor"
    %w = irdl.base "!builtin.tensor"
    %bias = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    irdl.operands(input: %x, weight: %w, bias: optional %bias)
    irdl.results(result: %y)
  }
  // A contraction and its pointwise epilogue (--kforge-fuse-epilogue):
  // (a, b, one operand per add/mul step of `epilogue`, at most 4). IRDL binds
  // one constraint value to one type, even across a variadic group, so each
  // epilogue operand has its own optional slot and the op carries
  // `operandSegmentSizes` (e.g. `array<i32: 1, 1, 1, 1, 0, 0>`).
  irdl.operation @fused_linear {
    %a = irdl.base "!builtin.tensor"
    %b = irdl.base "!builtin.tensor"
    %e0 = irdl.base "!builtin.tensor"
    %e1 = irdl.base "!builtin.tensor"
    %e2 = irdl.base "!builtin.tensor"
    %e3 = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %kind = irdl.base "#builtin.string"
    %epilogue = irdl.base "#builtin.string"
    irdl.operands(a: %a, b: %b, e0: optional %e0, e1: optional %e1, e2: optional %e2, e3: optional %e3)
    irdl.results(result: %y)
    irdl.attributes {"kind" = %kind, "epilogue" = %epilogue}
  }
  // Projections of one input (--kforge-fuse-projections, --kforge-fuse-norm):
  // y_i = norm(x)·w_iᵀ for 1–4 weights, with an optional RMSNorm prologue
  // (`norm`: its weight, and the attribute `epsilon`). Slots as fused_linear's:
  // `operandSegmentSizes = array<i32: 1, n, 1, w1, w2, w3>`,
  // `resultSegmentSizes = array<i32: 1, w1, w2, w3>`.
  irdl.operation @multi_linear {
    %x = irdl.base "!builtin.tensor"
    %norm = irdl.base "!builtin.tensor"
    %w0 = irdl.base "!builtin.tensor"
    %w1 = irdl.base "!builtin.tensor"
    %w2 = irdl.base "!builtin.tensor"
    %w3 = irdl.base "!builtin.tensor"
    %y0 = irdl.base "!builtin.tensor"
    %y1 = irdl.base "!builtin.tensor"
    %y2 = irdl.base "!builtin.tensor"
    %y3 = irdl.base "!builtin.tensor"
    irdl.operands(input: %x, norm: optional %norm, w0: %w0, w1: optional %w1, w2: optional %w2, w3: optional %w3)
    irdl.results(y0: %y0, y1: optional %y1, y2: optional %y2, y3: optional %y3)
  }
  // silu(norm(x)·w_gateᵀ) ⊙ (norm(x)·w_upᵀ) (--kforge-fuse-swiglu), the
  // RMSNorm prologue optional as in multi_linear:
  // `operandSegmentSizes = array<i32: 1, n, 1, 1>`.
  irdl.operation @swiglu_linear {
    %x = irdl.base "!builtin.tensor"
    %norm = irdl.base "!builtin.tensor"
    %gate = irdl.base "!builtin.tensor"
    %up = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    irdl.operands(input: %x, norm: optional %norm, w_gate: %gate, w_up: %up)
    irdl.results(result: %y)
  }
  irdl.operation @add {
    %a = irdl.base "!builtin.tensor"
    %b = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %a, rhs: %b)
    irdl.results(result: %y)
  }
  irdl.operation @mul {
    %a = irdl.base "!builtin.tensor"
    %b = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %a, rhs: %b)
    irdl.results(result: %y)
  }
  irdl.operation @silu {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    irdl.operands(input: %x)
    irdl.results(result: %y)
  }
  irdl.operation @gelu {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %approximate = irdl.base "#builtin.string"
    irdl.operands(input: %x)
    irdl.results(result: %y)
    irdl.attributes {"approximate" = %approximate}
  }
  irdl.operation @softmax {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %axis = irdl.base "#builtin.integer"
    irdl.operands(input: %x)
    irdl.results(result: %y)
    irdl.attributes {"axis" = %axis}
  }
  irdl.operation @rms_norm {
    %x = irdl.base "!builtin.tensor"
    %w = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %eps = irdl.base "#builtin.float"
    irdl.operands(input: %x, weight: %w)
    irdl.results(result: %y)
    irdl.attributes {"epsilon" = %eps}
  }
  irdl.operation @layer_norm {
    %x = irdl.base "!builtin.tensor"
    %g = irdl.base "!builtin.tensor"
    %b = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %eps = irdl.base "#builtin.float"
    irdl.operands(input: %x, gamma: %g, beta: %b)
    irdl.results(result: %y)
    irdl.attributes {"epsilon" = %eps}
  }
  irdl.operation @rope {
    %x = irdl.base "!builtin.tensor"
    %pos = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %theta = irdl.base "#builtin.float"
    irdl.operands(input: %x, positions: %pos)
    irdl.results(result: %y)
    irdl.attributes {"theta" = %theta}
  }
  // With a KV cache all six operands are present; without one, only the
  // first three. Several optional groups need `operandSegmentSizes`
  // (e.g. `array<i32: 1, 1, 1, 0, 0, 0>`), which the IR builder adds.
  irdl.operation @attention {
    %q = irdl.base "!builtin.tensor"
    %k = irdl.base "!builtin.tensor"
    %v = irdl.base "!builtin.tensor"
    %k_cache = irdl.base "!builtin.tensor"
    %v_cache = irdl.base "!builtin.tensor"
    %position = irdl.base "!builtin.tensor"
    %out = irdl.base "!builtin.tensor"
    %new_cache = irdl.base "!builtin.tensor"
    %causal = irdl.base "#builtin.integer"
    %scale = irdl.base "#builtin.float"
    irdl.operands(query: %q, key: %k, value: %v, k_cache: optional %k_cache, v_cache: optional %v_cache, position: optional %position)
    irdl.results(result: %out, updated_kv_cache: variadic %new_cache)
    irdl.attributes {"causal" = %causal, "scale" = %scale}
  }
  // swiglu: (input, w_gate, w_up, w_down); gelu: (input, w_up, w_down).
  irdl.operation @mlp {
    %x = irdl.base "!builtin.tensor"
    %w0 = irdl.base "!builtin.tensor"
    %w1 = irdl.base "!builtin.tensor"
    %w2 = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %act = irdl.base "#builtin.string"
    irdl.operands(input: %x, weight0: %w0, weight1: %w1, weight2: optional %w2)
    irdl.results(result: %y)
    irdl.attributes {"activation" = %act}
  }
  irdl.operation @embedding {
    %ids = irdl.base "!builtin.tensor"
    %table = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    irdl.operands(ids: %ids, table: %table)
    irdl.results(result: %y)
  }
  irdl.operation @weight {
    %y = irdl.base "!builtin.tensor"
    %name = irdl.base "#builtin.string"
    irdl.operands()
    irdl.results(result: %y)
    irdl.attributes {"name" = %name}
  }
  irdl.operation @reshape {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    irdl.operands(input: %x)
    irdl.results(result: %y)
  }
}
