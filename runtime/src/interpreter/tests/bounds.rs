//! Indices read from inputs and result sizes, checked before use: by the
//! interpreter at each op, and by [`preflight`] before compiled code runs
//! (which cannot return an error).

use super::parse;
use crate::interpreter::{interpret, preflight, NoWeights};
use crate::reference::Tensor;

/// A decode step's attention over a 16-row cache, from a caller and through
/// a `func.call` (the position reaches the callee as an argument).
const ATTEND: &str = r#"
func.func @attend(%q: tensor<3x4x8xf32>, %k: tensor<3x2x8xf32>, %v: tensor<3x2x8xf32>, %kc: tensor<16x2x8xf32>, %vc: tensor<16x2x8xf32>, %pos: tensor<1xi64>) -> tensor<3x4x8xf32> {
  %p = "kforge.reshape"(%pos) : (tensor<1xi64>) -> tensor<i64>
  %r:3 = "kforge.attention"(%q, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>} : (tensor<3x4x8xf32>, tensor<3x2x8xf32>, tensor<3x2x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>, tensor<i64>) -> (tensor<3x4x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>)
  return %r#0 : tensor<3x4x8xf32>
}
func.func @caller(%q: tensor<3x4x8xf32>, %k: tensor<3x2x8xf32>, %v: tensor<3x2x8xf32>, %kc: tensor<16x2x8xf32>, %vc: tensor<16x2x8xf32>, %pos: tensor<1xi64>) -> tensor<3x4x8xf32> {
  %0 = func.call @attend(%q, %k, %v, %kc, %vc, %pos) : (tensor<3x4x8xf32>, tensor<3x2x8xf32>, tensor<3x2x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>, tensor<1xi64>) -> tensor<3x4x8xf32>
  return %0 : tensor<3x4x8xf32>
}
"#;

fn attend_inputs(position: i64) -> Vec<Tensor> {
    vec![
        Tensor::random_f32([3, 4, 8], 1),
        Tensor::random_f32([3, 2, 8], 2),
        Tensor::random_f32([3, 2, 8], 3),
        Tensor::random_f32([16, 2, 8], 4),
        Tensor::random_f32([16, 2, 8], 5),
        Tensor::i64([1], vec![position]).unwrap(),
    ]
}

// Tests that a KV-cache position in [0, C − S] passes and one outside (equal
// to the cache's row count, past it, negative, the most negative) is named
// with the range, before any compiled code would write the cache.
#[test]
fn kv_cache_positions_outside_the_cache_are_refused_before_the_call() {
    let context = kforge_dialect::create_context();
    let module = parse(&context, ATTEND);
    for function in ["attend", "caller"] {
        for ok in [0, 5, 13] {
            preflight(&module, function, &attend_inputs(ok), &NoWeights).unwrap();
        }
        for bad in [14, 16, -1, i64::MIN, i64::MAX] {
            let err = preflight(&module, function, &attend_inputs(bad), &NoWeights)
                .unwrap_err()
                .to_string();
            assert!(
                err.ends_with(&format!(
                    "kforge.attention: expected the KV-cache position (operand #5) in [0, 13] \
                     (3 new rows into a cache of 16 rows), got {bad}"
                )),
                "{function} {bad}: {err}"
            );
        }
    }
    // The interpreter refuses it too.
    assert!(interpret(&module, "attend", &attend_inputs(14), &NoWeights).is_err());
}

/// Batched decode: a slot per row of a `[3, 16, 2, 8]` cache, a position per row.
const ATTEND_SLOTS: &str = r#"
func.func @attend_slots(%q: tensor<3x4x8xf32>, %k: tensor<3x2x8xf32>, %v: tensor<3x2x8xf32>, %kc: tensor<3x16x2x8xf32>, %vc: tensor<3x16x2x8xf32>, %pos: tensor<3xi64>) -> tensor<3x4x8xf32> {
  %r:3 = "kforge.attention"(%q, %k, %v, %kc, %vc, %pos) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>} : (tensor<3x4x8xf32>, tensor<3x2x8xf32>, tensor<3x2x8xf32>, tensor<3x16x2x8xf32>, tensor<3x16x2x8xf32>, tensor<3xi64>) -> (tensor<3x4x8xf32>, tensor<3x16x2x8xf32>, tensor<3x16x2x8xf32>)
  return %r#0 : tensor<3x4x8xf32>
}
"#;

// Tests that with a cache slot per row every row's position must be inside
// its slot ([0, C − 1]); the first row outside is named with its value.
#[test]
fn per_row_kv_cache_positions_outside_their_slot_are_refused_before_the_call() {
    let context = kforge_dialect::create_context();
    let module = parse(&context, ATTEND_SLOTS);
    let inputs = |positions: [i64; 3]| {
        vec![
            Tensor::random_f32([3, 4, 8], 1),
            Tensor::random_f32([3, 2, 8], 2),
            Tensor::random_f32([3, 2, 8], 3),
            Tensor::random_f32([3, 16, 2, 8], 4),
            Tensor::random_f32([3, 16, 2, 8], 5),
            Tensor::i64([3], positions.to_vec()).unwrap(),
        ]
    };
    preflight(&module, "attend_slots", &inputs([0, 15, 7]), &NoWeights).unwrap();
    for (positions, row, bad) in [
        ([0, 16, 7], 1, 16),
        ([-1, 0, 0], 0, -1),
        ([0, 0, i64::MAX], 2, i64::MAX),
    ] {
        let err = preflight(&module, "attend_slots", &inputs(positions), &NoWeights)
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with(&format!(
                "kforge.attention: expected every KV-cache position (operand #5) in [0, 15] \
                 (a slot of 16 rows), got {bad} for row {row}"
            )),
            "{positions:?}: {err}"
        );
    }
    assert!(interpret(&module, "attend_slots", &inputs([0, 16, 7]), &NoWeights).is_err());
    interpret(&module, "attend_slots", &inputs([0, 15, 7]), &NoWeights).unwrap();
}

const EMBED: &str = r#"
func.func @embed(%ids: tensor<3xi64>, %table: tensor<5x4xf32>) -> tensor<3x4xf32> {
  %0 = "kforge.embedding"(%ids, %table) : (tensor<3xi64>, tensor<5x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}
"#;

// Tests that token ids outside the vocabulary are refused before the call
// (the lowering would clamp them silently).
#[test]
fn token_ids_outside_the_vocabulary_are_refused_before_the_call() {
    let context = kforge_dialect::create_context();
    let module = parse(&context, EMBED);
    let table = Tensor::random_f32([5, 4], 1);
    let ids = |v: Vec<i64>| vec![Tensor::i64([3], v).unwrap(), table.clone()];
    preflight(&module, "embed", &ids(vec![0, 4, 2]), &NoWeights).unwrap();
    let err = preflight(&module, "embed", &ids(vec![0, 5, 2]), &NoWeights)
        .unwrap_err()
        .to_string();
    assert!(
        err.ends_with(
            "kforge.embedding: expected token ids (operand #0) in [0, 5), got 5 at index 1"
        ),
        "{err}"
    );
    assert!(preflight(&module, "embed", &ids(vec![-3, 0, 0]), &NoWeights).is_err());
}

const BROADCAST: &str = r#"
func.func @outer(%a: tensor<?x1xf32>, %b: tensor<1x?xf32>) -> tensor<?x?xf32> {
  %0 = "kforge.add"(%a, %b) : (tensor<?x1xf32>, tensor<1x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}
"#;

// Tests that a result far larger than its operands (an outer sum of two
// 4M-element vectors: 64 TiB) is an error naming the op, the result and the
// bytes, in the interpreter and before a compiled call, instead of an abort
// of the allocator ("memory allocation of 70368744177664 bytes failed").
#[test]
fn results_too_large_to_allocate_are_errors_not_aborts() {
    let context = kforge_dialect::create_context();
    let module = parse(&context, BROADCAST);
    let n = 1 << 22;
    let inputs = [
        Tensor::f32([n, 1], vec![0.0; n]).unwrap(),
        Tensor::f32([1, n], vec![0.0; n]).unwrap(),
    ];
    let want = "kforge.add: result #0 (shape 4194304x4194304) needs 70368744177664 bytes, \
                more than one allocation may take";
    let err = interpret(&module, "outer", &inputs, &NoWeights)
        .unwrap_err()
        .to_string();
    assert!(err.contains(want), "{err}");
    let err = preflight(&module, "outer", &inputs, &NoWeights)
        .unwrap_err()
        .to_string();
    assert!(err.contains(want), "{err}");
    let small = [Tensor::random_f32([3, 1], 1), Tensor::random_f32([1, 2], 2)];
    preflight(&module, "outer", &small, &NoWeights).unwrap();
}
