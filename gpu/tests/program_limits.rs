//! A program too large for the device is refused before anything is allocated, with the bytes it needs.
#[allow(dead_code, reason = "this test binary uses only the shared device")]
mod common;

use kforge_gpu::program::{Program, Resident, ValueDef};

/// A 4 TiB input of a decoder specialized to 2^30 cache rows: the message names the value, the bytes and the
/// cache rows, and no weight is asked for.
#[test]
fn a_value_larger_than_a_storage_buffer_is_refused_before_any_allocation() {
    let Some(g) = common::gpu() else { return };
    let program = Program {
        name: "decode".into(),
        values: vec![ValueDef::Float { len: 1 << 40 }],
        inputs: vec![0],
        outputs: vec![0],
        output_shapes: Vec::new(),
        ops: Vec::new(),
        kv_capacity: Some(1 << 30),
    };
    let mut weight = |name: &str, _: &[usize], _| panic!("weight '{name}' asked for");
    let err = Resident::new(g, program, &[], &mut weight)
        .err()
        .expect("refused")
        .to_string();
    assert!(err.contains("needs 4398046511104 bytes"), "{err}");
    assert!(err.contains("KV cache of 1073741824 rows"), "{err}");
    assert!(err.contains("per storage buffer"), "{err}");
}
