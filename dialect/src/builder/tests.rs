use super::transformer::{llama_block, LlamaBlockConfig, LlamaBlockWeights};
use super::*;
use crate::create_context;
use melior::ir::operation::OperationLike;

#[test]
fn matmul_function_snapshot() {
    let context = create_context();
    let mut f = FunctionBuilder::new(
        &context,
        "mm",
        &[TensorType::f32(&[2, 3]), TensorType::f32(&[3, 4])],
    );
    let y = f.matmul(f.arg(0), f.arg(1)).unwrap();
    let module = f.finish_module(&[y]).unwrap();
    assert!(module.as_operation().verify());
    insta::assert_snapshot!(module.as_operation().to_string());
}

#[test]
fn shape_errors_are_typed() {
    let context = create_context();
    let mut f = FunctionBuilder::new(
        &context,
        "bad",
        &[TensorType::f32(&[2, 3]), TensorType::f32(&[4, 5])],
    );
    let err = f.matmul(f.arg(0), f.arg(1)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "'kforge.matmul' op expected operand #1 dim 0 (4) to match operand #0 dim 1 (3)"
    );
}

#[test]
fn llama_block_snapshot() {
    let context = create_context();
    let cfg = LlamaBlockConfig {
        dim: 8,
        n_heads: 2,
        n_kv_heads: 1,
        head_dim: 4,
        ffn_dim: 16,
        rope_theta: 10000.0,
        rms_eps: 1e-5,
    };
    let mut f = FunctionBuilder::new(
        &context,
        "block",
        &[TensorType::f32(&[3, 8]), TensorType::i64(&[3])],
    );
    let w = LlamaBlockWeights::declare(&mut f, &cfg, "layers.0.", Default::default()).unwrap();
    let (x, pos) = (f.arg(0), f.arg(1));
    let out = llama_block(&mut f, &cfg, x, pos, &w, None).unwrap();
    let module = f.finish_module(&[out.hidden]).unwrap();
    assert!(module.as_operation().verify());
    assert_eq!(crate::verify_module(&module), 0);
    insta::assert_snapshot!(module.as_operation().to_string());
}
