//! The GPU plan's coverage against the dialect's op table.

use kforge_dialect::{GpuKernels, KforgeOp, OpSignature};

use super::plan::planner;
use super::plan_op;

// Tests that exactly the ops the table marks as kernel-less have no planner.
#[test]
fn every_op_with_gpu_kernels_has_a_planner() {
    for &op in KforgeOp::ALL {
        assert_eq!(
            planner(op).is_some(),
            op.gpu_kernels() != GpuKernels::None,
            "{op}: the GPU plan and KforgeOp::gpu_kernels disagree"
        );
    }
}

// Tests that an op without kernels is an error naming it, not a silent gap.
#[test]
fn an_op_without_kernels_says_so() {
    for &op in KforgeOp::ALL {
        if op.gpu_kernels() != GpuKernels::None {
            continue;
        }
        let sig = OpSignature {
            name: op.name().to_string(),
            operands: Vec::new(),
            results: Vec::new(),
            attributes: Default::default(),
        };
        assert_eq!(plan_op(&sig).unwrap_err(), "has no GPU kernel yet");
    }
}

// Tests that the lit test lowering every op with --kforge-lower-to-gpu has a case for each op of the dialect.
#[test]
fn the_every_op_lit_test_covers_every_op() {
    let lit = include_str!("../../../test/lit/passes/kforge-lower-to-gpu-every-op.mlir");
    for &op in KforgeOp::ALL {
        assert!(
            lit.contains(&format!("\"{}\"(", op.name())),
            "{op} is missing from test/lit/passes/kforge-lower-to-gpu-every-op.mlir"
        );
    }
}
