//! A llama block built by the IR builder, run end to end and compared with
//! the same computation written by hand on the kernels.

use std::collections::HashMap;

use kforge_dialect::builder::transformer::{
    llama_block, KvCache, LlamaBlockConfig, LlamaBlockWeights,
};
use kforge_dialect::{FunctionBuilder, TensorType};
use melior::ir::operation::OperationLike;

use super::{assert_same, i64s};
use crate::interpreter::{interpret, random_inputs, random_weights, signature, NoWeights};
use crate::reference::{self as kernels, AttentionAttrs, Tensor};

const PREFIX: &str = "layers.0.";
const SEQ: u64 = 3;
const CACHE: u64 = 8;

fn config() -> LlamaBlockConfig {
    LlamaBlockConfig {
        dim: 8,
        n_heads: 2,
        n_kv_heads: 1,
        head_dim: 4,
        ffn_dim: 16,
        rope_theta: 10000.0,
        rms_eps: 1e-5,
    }
}

/// The block by hand: `x + attn(norm(x)); h + mlp(norm(h))`, with the
/// attention given as a closure over `(q, k, v)` after RoPE.
fn block_by_hand(
    x: &Tensor,
    positions: &Tensor,
    weights: &HashMap<String, Tensor>,
    attend: impl FnOnce(&Tensor, &Tensor, &Tensor) -> Tensor,
) -> Tensor {
    let cfg = config();
    let w = |name: &str| &weights[&format!("{PREFIX}{name}")];
    let (s, h, hkv, dh) = (SEQ as usize, 2, 1, 4);
    let eps = cfg.rms_eps as f32;
    let theta = cfg.rope_theta as f32;
    let normed = kernels::rms_norm(x, w("input_layernorm.weight"), eps).unwrap();
    let q = kernels::linear(&normed, w("self_attn.q_proj.weight"), None).unwrap();
    let k = kernels::linear(&normed, w("self_attn.k_proj.weight"), None).unwrap();
    let v = kernels::linear(&normed, w("self_attn.v_proj.weight"), None).unwrap();
    let q = kernels::reshape(&q, &[s, h, dh]).unwrap();
    let k = kernels::reshape(&k, &[s, hkv, dh]).unwrap();
    let v = kernels::reshape(&v, &[s, hkv, dh]).unwrap();
    let q = kernels::rope(&q, positions, theta).unwrap();
    let k = kernels::rope(&k, positions, theta).unwrap();
    let attn = attend(&q, &k, &v);
    let attn = kernels::reshape(&attn, &[s, h * dh]).unwrap();
    let attn = kernels::linear(&attn, w("self_attn.o_proj.weight"), None).unwrap();
    let hidden = kernels::add(x, &attn).unwrap();
    let normed = kernels::rms_norm(&hidden, w("post_attention_layernorm.weight"), eps).unwrap();
    let mlp = kernels::mlp_swiglu(
        &normed,
        w("mlp.gate_proj.weight"),
        w("mlp.up_proj.weight"),
        w("mlp.down_proj.weight"),
    )
    .unwrap();
    kernels::add(&hidden, &mlp).unwrap()
}

const ATTRS: AttentionAttrs = AttentionAttrs {
    causal: true,
    scale: 0.5,
};

// Tests that the builder's llama block, run with random weights, equals the
// kernels called by hand in the same order.
#[test]
fn llama_block_matches_the_kernels_by_hand() {
    let context = kforge_dialect::create_context();
    let cfg = config();
    let mut f = FunctionBuilder::new(
        &context,
        "block",
        &[TensorType::f32(&[SEQ, cfg.dim]), TensorType::i64(&[SEQ])],
    );
    let w = LlamaBlockWeights::declare(&mut f, &cfg, PREFIX, Default::default()).unwrap();
    let (x, pos) = (f.arg(0), f.arg(1));
    let out = llama_block(&mut f, &cfg, x, pos, &w, None).unwrap();
    let module = f.finish_module(&[out.hidden]).unwrap();
    assert!(module.as_operation().verify());

    let sig = signature(&module, "block").unwrap();
    assert_eq!(sig.weights.len(), 9);
    let weights = random_weights(&sig, 42);
    let inputs = random_inputs(&sig, 7);
    let outputs = interpret(&module, "block", &inputs, &weights).unwrap();

    let expected = block_by_hand(&inputs[0], &inputs[1], &weights, |q, k, v| {
        kernels::attention(q, k, v, ATTRS).unwrap()
    });
    assert_eq!(outputs.len(), 1);
    assert_same(&outputs[0], &expected);
}

// Tests the llama block with a KV cache at position 2: the hidden state and
// both updated caches equal the kernels by hand.
#[test]
fn llama_block_with_kv_cache_matches_the_kernels_by_hand() {
    let context = kforge_dialect::create_context();
    let cfg = config();
    let cache_ty = TensorType::f32(&[CACHE, cfg.n_kv_heads, cfg.head_dim]);
    let mut f = FunctionBuilder::new(
        &context,
        "step",
        &[
            TensorType::f32(&[SEQ, cfg.dim]),
            TensorType::i64(&[SEQ]),
            cache_ty.clone(),
            cache_ty,
            TensorType::i64(&[]),
        ],
    );
    let w = LlamaBlockWeights::declare(&mut f, &cfg, PREFIX, Default::default()).unwrap();
    let cache = KvCache {
        keys: f.arg(2),
        values: f.arg(3),
        position: f.arg(4),
    };
    let (x, pos) = (f.arg(0), f.arg(1));
    let out = llama_block(&mut f, &cfg, x, pos, &w, Some(cache)).unwrap();
    let (kc, vc) = out.cache.unwrap();
    let module = f.finish_module(&[out.hidden, kc, vc]).unwrap();
    assert!(module.as_operation().verify());

    let sig = signature(&module, "step").unwrap();
    let weights = random_weights(&sig, 42);
    let inputs = vec![
        Tensor::random_f32([SEQ as usize, cfg.dim as usize], 1),
        i64s(&[3], &[2, 3, 4]),
        Tensor::random_f32([CACHE as usize, 1, 4], 2),
        Tensor::random_f32([CACHE as usize, 1, 4], 3),
        Tensor::scalar_i64(2),
    ];
    let outputs = interpret(&module, "step", &inputs, &weights).unwrap();

    let mut caches = None;
    let expected = block_by_hand(&inputs[0], &inputs[1], &weights, |q, k, v| {
        let (o, kc, vc) =
            kernels::attention_with_cache(q, k, v, &inputs[2], &inputs[3], &inputs[4], ATTRS)
                .unwrap();
        caches = Some((kc, vc));
        o
    });
    let (kc, vc) = caches.unwrap();
    assert_eq!(outputs.len(), 3);
    assert_same(&outputs[0], &expected);
    assert_same(&outputs[1], &kc);
    assert_same(&outputs[2], &vc);

    // A cache too small for position 6 + 3 rows is a kernel error, not a panic.
    let mut late = inputs;
    late[4] = Tensor::scalar_i64(6);
    let err = interpret(&module, "step", &late, &weights).unwrap_err();
    assert!(
        err.to_string()
            .contains("position 6 + 3 new rows exceeds cache capacity 8"),
        "{err}"
    );
    // Missing weights are reported by name.
    let err = interpret(&module, "step", &late, &NoWeights).unwrap_err();
    assert!(
        err.to_string()
            .contains("weight 'layers.0.input_layernorm.weight' not found"),
        "{err}"
    );
}
