//! Signatures and random inputs.

use kforge_dialect::TensorType;

use super::{parse, EVERY_OP, KV_ATTENTION, LINEAR_WITH_WEIGHTS, WEIGHTS_AS_ARGUMENTS};
use crate::interpreter::{random_inputs, random_weights, signature, NamedWeight};
use crate::reference::{ElementType, TensorData};

// Tests that a signature lists argument and result types and the weights of
// kforge.weight ops, each name once.
#[test]
fn signature_lists_types_and_weight_ops() {
    let context = kforge_dialect::create_context();
    let module = parse(&context, EVERY_OP);
    let sig = signature(&module, "ops").unwrap();
    assert_eq!(sig.name, "ops");
    assert_eq!(
        sig.arguments,
        vec![
            TensorType::f32(&[2, 3]),
            TensorType::f32(&[3, 4]),
            TensorType::i64(&[2])
        ]
    );
    assert_eq!(
        sig.results,
        vec![
            TensorType::f32(&[2, 4]),
            TensorType::f32(&[1, 2, 4]),
            TensorType::f32(&[2, 6])
        ]
    );
    let names: Vec<&str> = sig.weights.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "table",
            "norm.weight",
            "norm.bias",
            "proj.weight",
            "proj.bias",
            "mlp.up",
            "mlp.down"
        ]
    );
    assert!(sig.weights.iter().all(|w| w.argument.is_none()));
    assert_eq!(sig.weight_arguments(), 0);
    assert_eq!(sig.data_arguments(), &sig.arguments[..]);
    // %ids indexes a table of 5 rows.
    assert_eq!(sig.index_bounds, vec![None, None, Some(5)]);
}

// Tests that trailing weight arguments appear in the signature by name.
#[test]
fn signature_lists_weight_arguments() {
    let context = kforge_dialect::create_context();
    let module = parse(&context, WEIGHTS_AS_ARGUMENTS);
    let sig = signature(&module, "proj").unwrap();
    assert_eq!(sig.arguments.len(), 3);
    assert_eq!(sig.weight_arguments(), 2);
    assert_eq!(sig.data_arguments(), &[TensorType::f32(&[2, 8])]);
    assert_eq!(
        sig.weights,
        vec![
            NamedWeight {
                name: "proj.weight".into(),
                ty: TensorType::f32(&[4, 8]),
                argument: Some(1),
            },
            NamedWeight {
                name: "proj.bias".into(),
                ty: TensorType::f32(&[4]),
                argument: Some(2),
            },
        ]
    );
}

// Tests that random inputs cover the data arguments only, with the declared shapes.
#[test]
fn random_inputs_skip_weight_arguments() {
    let context = kforge_dialect::create_context();
    let module = parse(&context, WEIGHTS_AS_ARGUMENTS);
    let sig = signature(&module, "proj").unwrap();
    let inputs = random_inputs(&sig, 1);
    assert_eq!(inputs.len(), 1);
    assert_eq!(inputs[0].shape(), [2, 8]);
    let weights = random_weights(&sig, 1);
    assert_eq!(weights["proj.weight"].shape(), [4, 8]);
    assert_eq!(weights["proj.bias"].shape(), [4]);
}

// Tests the rule for random values: f32 in [-1, 1), embedding ids below the
// vocabulary, other i64 below min(largest dim, 16), rank-0 i64 zero; and
// that the same seed gives the same tensors.
#[test]
fn random_inputs_follow_the_value_rule() {
    let context = kforge_dialect::create_context();
    let module = parse(
        &context,
        r#"func.func @f(%ids: tensor<64xi64>, %pos: tensor<40xi64>, %short: tensor<3xi64>, %p: tensor<i64>, %x: tensor<4x4xf32>) -> tensor<64x4xf32> {
  %t = "kforge.weight"() {name = "t"} : () -> tensor<5x4xf32>
  %e = "kforge.embedding"(%ids, %t) : (tensor<64xi64>, tensor<5x4xf32>) -> tensor<64x4xf32>
  return %e : tensor<64x4xf32>
}"#,
    );
    let sig = signature(&module, "f").unwrap();
    assert_eq!(sig.index_bounds, vec![Some(5), None, None, None, None]);
    let inputs = random_inputs(&sig, 3);
    let ints = |i: usize| match inputs[i].data() {
        TensorData::I64(v) => v.clone(),
        TensorData::F32(_) => panic!("argument #{i} should be i64"),
    };
    let ids = ints(0);
    assert!(ids.iter().all(|&v| (0..5).contains(&v)), "{ids:?}");
    assert!(ids.contains(&0) && ids.contains(&4));
    let pos = ints(1);
    assert!(pos.iter().all(|&v| (0..16).contains(&v)), "{pos:?}");
    assert!(
        pos.iter().any(|&v| v >= 5),
        "not the vocabulary bound: {pos:?}"
    );
    assert!(ints(2).iter().all(|&v| (0..3).contains(&v)));
    assert_eq!(ints(3), [0]);
    assert_eq!(inputs[3].rank(), 0);
    assert_eq!(inputs[4].element_type(), ElementType::F32);
    let floats = inputs[4].as_f32().unwrap();
    assert!(floats.iter().all(|v| (-1.0..1.0).contains(v)));

    assert_eq!(random_inputs(&sig, 3), inputs);
    assert_ne!(random_inputs(&sig, 4), inputs);
}

// Tests that the KV-cache position (rank-0 i64) is 0 in random inputs.
#[test]
fn random_kv_position_is_zero() {
    let context = kforge_dialect::create_context();
    let module = parse(&context, KV_ATTENTION);
    let sig = signature(&module, "decode").unwrap();
    let inputs = random_inputs(&sig, 9);
    assert_eq!(inputs.len(), 6);
    assert_eq!(inputs[5].as_i64().unwrap(), [0]);
    let out =
        crate::interpreter::interpret(&module, "decode", &inputs, &crate::interpreter::NoWeights);
    assert!(out.is_ok(), "{out:?}");
}

// Tests that weights read by kforge.weight ops are listed with their types.
#[test]
fn signature_of_weights_by_name() {
    let context = kforge_dialect::create_context();
    let module = parse(&context, LINEAR_WITH_WEIGHTS);
    let sig = signature(&module, "proj").unwrap();
    assert_eq!(sig.weights.len(), 2);
    assert_eq!(sig.weights[0].ty, TensorType::f32(&[4, 8]));
    assert_eq!(sig.weight_arguments(), 0);
}
