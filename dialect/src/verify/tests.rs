//! Verifier rules on hand-made signatures (no MLIR needed).
use super::*;
use crate::signature::AttrValue;
use crate::types::{Dim, ElementType};

fn f32(shape: &[u64]) -> TensorType {
    TensorType::f32(shape)
}

fn sig(name: &str, operands: &[TensorType], results: &[TensorType]) -> OpSignature {
    OpSignature {
        name: name.into(),
        operands: operands.iter().cloned().map(Ok).collect(),
        results: results.iter().cloned().map(Ok).collect(),
        attributes: Default::default(),
    }
}

fn with(mut s: OpSignature, key: &str, v: AttrValue) -> OpSignature {
    s.attributes.insert(key.into(), v);
    s
}

fn err(s: &OpSignature) -> String {
    verify_signature(s).unwrap_err().message
}

#[test]
fn matmul_shapes() {
    assert!(verify_signature(&sig(
        "kforge.matmul",
        &[f32(&[2, 3]), f32(&[3, 4])],
        &[f32(&[2, 4])]
    ))
    .is_ok());
    assert_eq!(
        err(&sig(
            "kforge.matmul",
            &[f32(&[2, 3]), f32(&[5, 4])],
            &[f32(&[2, 4])]
        )),
        "expected operand #1 dim 0 (5) to match operand #0 dim 1 (3)"
    );
    assert_eq!(
        err(&sig(
            "kforge.matmul",
            &[f32(&[2, 3]), f32(&[3, 4])],
            &[f32(&[2, 5])]
        )),
        "expected result #0 type tensor<2x4xf32> (from the operands), got tensor<2x5xf32>"
    );
    assert_eq!(
        err(&sig(
            "kforge.matmul",
            &[f32(&[2, 3, 1]), f32(&[3, 4])],
            &[f32(&[2, 4])]
        )),
        "expected operand #0 rank (3) to be 2"
    );
}

#[test]
fn dynamic_dims_are_compatible() {
    let dynm = TensorType {
        shape: vec![Dim::Dynamic, Dim::Static(3)],
        element: ElementType::F32,
    };
    let out = TensorType {
        shape: vec![Dim::Dynamic, Dim::Static(4)],
        element: ElementType::F32,
    };
    assert!(verify_signature(&sig("kforge.matmul", &[dynm, f32(&[3, 4])], &[out])).is_ok());
}

#[test]
fn element_types_must_agree() {
    let a = TensorType::new(&[2, 3], ElementType::F16);
    assert_eq!(
        err(&sig("kforge.matmul", &[a, f32(&[3, 4])], &[f32(&[2, 4])])),
        "expected operand #1 element type (f32) to match operand #0 (f16)"
    );
    assert_eq!(
        err(&sig(
            "kforge.silu",
            &[TensorType::i64(&[3])],
            &[TensorType::i64(&[3])]
        )),
        "expected operand #0 to have a float element type (f32, f16 or bf16), got i64"
    );
}

#[test]
fn linear_with_and_without_bias() {
    assert!(verify_signature(&sig(
        "kforge.linear",
        &[f32(&[5, 8]), f32(&[3, 8])],
        &[f32(&[5, 3])]
    ))
    .is_ok());
    assert!(verify_signature(&sig(
        "kforge.linear",
        &[f32(&[2, 5, 8]), f32(&[3, 8]), f32(&[3])],
        &[f32(&[2, 5, 3])]
    ))
    .is_ok());
    assert_eq!(
        err(&sig(
            "kforge.linear",
            &[f32(&[5, 8]), f32(&[3, 8]), f32(&[4])],
            &[f32(&[5, 3])]
        )),
        "expected operand #2 dim 0 (4) to match operand #1 dim 0 (3)"
    );
}

#[test]
fn broadcasting() {
    assert!(verify_signature(&sig(
        "kforge.add",
        &[f32(&[4, 1, 3]), f32(&[5, 3])],
        &[f32(&[4, 5, 3])]
    ))
    .is_ok());
    assert_eq!(
        err(&sig(
            "kforge.mul",
            &[f32(&[4, 2]), f32(&[3])],
            &[f32(&[4, 2])]
        )),
        "expected broadcast-compatible shapes, got tensor<4x2xf32> and tensor<3xf32>"
    );
}

#[test]
fn softmax_axis_in_range() {
    let s = sig("kforge.softmax", &[f32(&[2, 3])], &[f32(&[2, 3])]);
    assert!(verify_signature(&with(s.clone(), "axis", AttrValue::Int(-1))).is_ok());
    assert_eq!(
        err(&with(s.clone(), "axis", AttrValue::Int(2))),
        "expected 'axis' (2) to be within [-2, 2)"
    );
    assert_eq!(err(&s), "expected an integer attribute 'axis'");
}

#[test]
fn gelu_approximation_values() {
    let s = sig("kforge.gelu", &[f32(&[2])], &[f32(&[2])]);
    assert!(verify_signature(&with(
        s.clone(),
        "approximate",
        AttrValue::Str("none".into())
    ))
    .is_ok());
    assert_eq!(
        err(&with(s, "approximate", AttrValue::Str("fast".into()))),
        "expected 'approximate' to be \"tanh\" or \"none\", got \"fast\""
    );
}

#[test]
fn norms() {
    let s = sig(
        "kforge.rms_norm",
        &[f32(&[2, 8]), f32(&[8])],
        &[f32(&[2, 8])],
    );
    assert!(verify_signature(&with(s, "epsilon", AttrValue::Float(1e-5))).is_ok());
    let s = sig(
        "kforge.layer_norm",
        &[f32(&[2, 8]), f32(&[8]), f32(&[7])],
        &[f32(&[2, 8])],
    );
    assert_eq!(
        err(&with(s, "epsilon", AttrValue::Float(1e-5))),
        "expected operand #2 dim 0 (7) to match operand #0 dim 1 (8)"
    );
    let s = sig(
        "kforge.rms_norm",
        &[f32(&[2, 8]), f32(&[8])],
        &[f32(&[2, 8])],
    );
    assert_eq!(
        err(&with(s, "epsilon", AttrValue::Float(-1.0))),
        "expected 'epsilon' (-1) to be finite and non-negative"
    );
}

#[test]
fn rope_needs_even_head_dim() {
    let s = sig(
        "kforge.rope",
        &[f32(&[4, 2, 5]), TensorType::i64(&[4])],
        &[f32(&[4, 2, 5])],
    );
    assert_eq!(
        err(&with(s, "theta", AttrValue::Float(1e4))),
        "expected the head dim (operand #0 dim 2) to be even, got 5"
    );
    let s = sig(
        "kforge.rope",
        &[f32(&[4, 2, 6]), TensorType::i64(&[3])],
        &[f32(&[4, 2, 6])],
    );
    assert_eq!(
        err(&with(s, "theta", AttrValue::Float(1e4))),
        "expected operand #1 dim 0 (3) to match operand #0 dim 0 (4)"
    );
}

fn attention(operands: &[TensorType], results: &[TensorType]) -> OpSignature {
    let s = sig("kforge.attention", operands, results);
    with(
        with(s, "causal", AttrValue::Int(1)),
        "scale",
        AttrValue::Float(0.125),
    )
}

#[test]
fn attention_gqa_and_cache() {
    let q = f32(&[4, 9, 64]);
    let kv = f32(&[4, 3, 64]);
    assert!(verify_signature(&attention(
        &[q.clone(), kv.clone(), kv.clone()],
        std::slice::from_ref(&q)
    ))
    .is_ok());
    let bad_kv = f32(&[4, 2, 64]);
    assert_eq!(
        err(&attention(
            &[q.clone(), bad_kv.clone(), bad_kv],
            std::slice::from_ref(&q)
        )),
        "expected the query heads (9) to be a multiple of the key/value heads (2)"
    );
    let cache = f32(&[128, 3, 64]);
    let pos = TensorType::i64(&[]);
    let ok = attention(
        &[
            q.clone(),
            kv.clone(),
            kv.clone(),
            cache.clone(),
            cache.clone(),
            pos.clone(),
        ],
        &[q.clone(), cache.clone(), cache.clone()],
    );
    assert!(verify_signature(&ok).is_ok());
    let one_result = attention(
        &[
            q.clone(),
            kv.clone(),
            kv.clone(),
            cache.clone(),
            cache.clone(),
            pos,
        ],
        std::slice::from_ref(&q),
    );
    assert_eq!(err(&one_result), "expected 3 result(s), got 1");
    let four = attention(&[q.clone(), kv.clone(), kv.clone(), cache], &[q]);
    assert_eq!(err(&four), "expected 3 or 6 operands, got 4");
}

#[test]
fn mlp_variants() {
    let x = f32(&[2, 8]);
    let s = sig(
        "kforge.mlp",
        &[x.clone(), f32(&[16, 8]), f32(&[16, 8]), f32(&[8, 16])],
        std::slice::from_ref(&x),
    );
    assert!(verify_signature(&with(
        s.clone(),
        "activation",
        AttrValue::Str("swiglu".into())
    ))
    .is_ok());
    assert_eq!(
        err(&with(s, "activation", AttrValue::Str("gelu".into()))),
        "expected 3 operands for activation \"gelu\" (input and 2 weights), got 4"
    );
    let s = sig(
        "kforge.mlp",
        &[x.clone(), f32(&[16, 8]), f32(&[8, 15])],
        &[x],
    );
    assert_eq!(
        err(&with(s, "activation", AttrValue::Str("gelu".into()))),
        "expected operand #2 dim 1 (15) to match operand #1 dim 0 (16)"
    );
}

#[test]
fn embedding_weight_reshape() {
    let s = sig(
        "kforge.embedding",
        &[TensorType::i64(&[5]), f32(&[100, 8])],
        &[f32(&[5, 8])],
    );
    assert!(verify_signature(&s).is_ok());
    let s = sig(
        "kforge.embedding",
        &[f32(&[5]), f32(&[100, 8])],
        &[f32(&[5, 8])],
    );
    assert_eq!(
        err(&s),
        "expected operand #0 to have an integer element type (i64 or i32), got f32"
    );
    let w = sig("kforge.weight", &[], &[f32(&[3, 4])]);
    assert!(verify_signature(&with(w.clone(), "name", AttrValue::Str("a".into()))).is_ok());
    assert_eq!(
        err(&with(w, "name", AttrValue::Str("".into()))),
        "expected a non-empty 'name'"
    );
    assert!(verify_signature(&sig("kforge.reshape", &[f32(&[2, 6])], &[f32(&[3, 2, 2])])).is_ok());
    assert_eq!(
        err(&sig("kforge.reshape", &[f32(&[2, 6])], &[f32(&[5, 2])])),
        "expected the result to hold the operand's 12 elements of f32, got tensor<5x2xf32>"
    );
}

#[test]
fn non_tensor_operand() {
    let mut s = sig("kforge.silu", &[], &[f32(&[2])]);
    s.operands.push(Err("f32".into()));
    assert_eq!(
        err(&s),
        "expected operand #0 to be a ranked tensor, got f32"
    );
}

#[test]
fn errors_name_the_op_as_mlir_does() {
    let e = verify_signature(&sig(
        "kforge.matmul",
        &[f32(&[2, 3]), f32(&[5, 4])],
        &[f32(&[2, 4])],
    ))
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "'kforge.matmul' op expected operand #1 dim 0 (5) to match operand #0 dim 1 (3)"
    );
}

#[test]
fn unsupported_element_types_are_named() {
    let mut s = sig("kforge.silu", &[], &[f32(&[2])]);
    s.operands.push(Err("tensor<2x?xcomplex<f32>>".into()));
    assert!(
        err(&s).ends_with("got unsupported element type complex<f32>"),
        "{}",
        err(&s)
    );
    let f64_matmul = sig(
        "kforge.matmul",
        &[
            TensorType::new(&[2, 3], ElementType::F64),
            TensorType::new(&[3, 4], ElementType::F64),
        ],
        &[TensorType::new(&[2, 4], ElementType::F64)],
    );
    assert_eq!(
        err(&f64_matmul),
        "expected operand #0 to have a float element type (f32, f16 or bf16), got f64"
    );
}

#[test]
fn weights_take_every_element_type() {
    for element in ElementType::ALL {
        let w = sig("kforge.weight", &[], &[TensorType::new(&[4], element)]);
        assert!(
            verify_signature(&with(w, "name", AttrValue::Str("w".into()))).is_ok(),
            "{element}"
        );
    }
}

#[test]
fn reshape_element_count_overflow_is_an_error() {
    let huge = f32(&[1 << 32, 1 << 32]);
    assert_eq!(
        err(&sig("kforge.reshape", &[huge], &[f32(&[4])])),
        "expected operand #0 (tensor<4294967296x4294967296xf32>) size (73786976294838206464 bytes) \
         to be at most 140737488355328 bytes (2^47)"
    );
}

#[test]
fn embedding_needs_a_non_empty_table() {
    let s = sig(
        "kforge.embedding",
        &[TensorType::i64(&[5]), f32(&[0, 8])],
        &[f32(&[5, 8])],
    );
    assert!(
        err(&s).starts_with("expected a non-empty table"),
        "{}",
        err(&s)
    );
}

#[test]
fn attribute_values_are_checked() {
    let q = f32(&[2, 1, 4]);
    let attention = sig(
        "kforge.attention",
        &[q.clone(), q.clone(), q.clone()],
        std::slice::from_ref(&q),
    );
    let attention = with(attention, "scale", AttrValue::Float(0.5));
    assert_eq!(
        err(&with(attention.clone(), "causal", AttrValue::Int(7))),
        "expected 'causal' to be a boolean (true or false), got 7"
    );
    let wide = AttrValue::WideInt("18446744073709551617 : i128".into());
    assert_eq!(
        err(&with(attention, "causal", wide)),
        "expected 'causal' to fit in a 64-bit signed integer, got 18446744073709551617 : i128"
    );
    let norm = sig(
        "kforge.rms_norm",
        &[f32(&[2, 8]), f32(&[8])],
        &[f32(&[2, 8])],
    );
    assert_eq!(
        err(&with(norm, "epsilon", AttrValue::Float(1e39))),
        "expected 'epsilon' (1000000000000000000000000000000000000000) to be finite in the element type f32"
    );
}

#[test]
fn tensors_beyond_the_size_limit_are_rejected() {
    // An operand of 2^64 elements (2^66 bytes).
    assert_eq!(
        err(&sig(
            "kforge.silu",
            &[f32(&[1 << 32, 1 << 32])],
            &[f32(&[1 << 32, 1 << 32])]
        )),
        "expected operand #0 (tensor<4294967296x4294967296xf32>) size (73786976294838206464 bytes) \
         to be at most 140737488355328 bytes (2^47)"
    );
    // Operands within the limit whose broadcast result is not (2^48 elements).
    assert_eq!(
        err(&sig(
            "kforge.add",
            &[f32(&[1 << 24, 1]), f32(&[1, 1 << 24])],
            &[f32(&[1 << 24, 1 << 24])]
        )),
        "expected result #0 (tensor<16777216x16777216xf32>) size (1125899906842624 bytes) \
         to be at most 140737488355328 bytes (2^47)"
    );
    // A declared result: a weight of 2^48 bytes.
    let weight = with(
        sig(
            "kforge.weight",
            &[],
            &[TensorType::new(&[1 << 48], ElementType::I8)],
        ),
        "name",
        AttrValue::Str("w".into()),
    );
    assert_eq!(
        err(&weight),
        "expected result #0 (tensor<281474976710656xi8>) size (281474976710656 bytes) \
         to be at most 140737488355328 bytes (2^47)"
    );
    // Dynamic dims count as 1: the static part is what is checked.
    let dynamic = TensorType {
        shape: vec![Dim::Dynamic, Dim::Static(1 << 46)],
        element: ElementType::F32,
    };
    assert!(err(&sig(
        "kforge.silu",
        std::slice::from_ref(&dynamic),
        std::slice::from_ref(&dynamic)
    ))
    .contains("size ("));
    // The limit itself passes.
    let limit = TensorType::new(&[1 << 45], ElementType::F32);
    assert!(verify_signature(&sig(
        "kforge.silu",
        std::slice::from_ref(&limit),
        std::slice::from_ref(&limit)
    ))
    .is_ok());
}

fn bytes(shape: &[u64]) -> TensorType {
    TensorType {
        shape: shape.iter().map(|&d| Dim::Static(d)).collect(),
        element: ElementType::I8,
    }
}

fn format(s: OpSignature, name: &str) -> OpSignature {
    with(s, "weight_format", AttrValue::Str(name.into()))
}

#[test]
fn stored_format_weights() {
    let linear = |w: TensorType, y: TensorType| sig("kforge.linear", &[f32(&[5, 64]), w], &[y]);
    assert!(verify_signature(&format(linear(bytes(&[3, 2, 20]), f32(&[5, 3])), "q4_1")).is_ok());
    assert!(verify_signature(&format(linear(bytes(&[3, 2, 34]), f32(&[5, 3])), "q8_0")).is_ok());
    assert!(verify_signature(&format(linear(bytes(&[3, 64, 2]), f32(&[5, 3])), "f16")).is_ok());
    assert!(verify_signature(&format(linear(f32(&[3, 64]), f32(&[5, 3])), "f32")).is_ok());
    assert_eq!(
        err(&format(linear(bytes(&[3, 2, 20]), f32(&[5, 3])), "q5_k")),
        "expected 'weight_format' to be one of f32, f16, bf16, q8_0, q4_0, q4_1, got \"q5_k\""
    );
    assert_eq!(
        err(&format(linear(bytes(&[3, 2, 18]), f32(&[5, 3])), "q4_1")),
        "expected operand #1 dim 2 (18) to be the q4_1 block size in bytes (20)"
    );
    assert_eq!(
        err(&format(linear(bytes(&[3, 3, 20]), f32(&[5, 3])), "q4_1")),
        "expected operand #1 dim 1 (3 blocks of 32) to hold K (64) weights"
    );
    assert_eq!(
        err(&format(linear(f32(&[3, 64]), f32(&[5, 3])), "q4_1")),
        "expected operand #1 to be the q4_1 bytes [N, K/32, 20] x i8, got tensor<3x64xf32>"
    );
    assert_eq!(
        err(&format(
            sig(
                "kforge.linear",
                &[f32(&[5, 48]), bytes(&[3, 1, 34])],
                &[f32(&[5, 3])]
            ),
            "q8_0"
        )),
        "expected K (48) to be a multiple of the q8_0 block (32 weights)"
    );
    assert_eq!(
        err(&format(
            sig(
                "kforge.linear",
                &[f32(&[5, 64]), bytes(&[3, 2, 20]), f32(&[3])],
                &[f32(&[5, 3])]
            ),
            "q4_1"
        )),
        "expected no bias with a q4_1 weight"
    );
}

#[test]
fn stored_format_embedding_table() {
    let ids = TensorType {
        shape: vec![Dim::Static(4)],
        element: ElementType::I64,
    };
    let s = sig(
        "kforge.embedding",
        &[ids.clone(), bytes(&[10, 2, 34])],
        &[f32(&[4, 64])],
    );
    assert!(verify_signature(&format(s, "q8_0")).is_ok());
    let s = sig(
        "kforge.embedding",
        &[ids, bytes(&[0, 2, 34])],
        &[f32(&[4, 64])],
    );
    assert!(err(&format(s, "q8_0")).starts_with("expected a non-empty table"));
}
