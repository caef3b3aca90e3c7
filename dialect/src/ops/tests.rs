//! Every list of ops in the repository against [`KforgeOp::ALL`]: a new op
//! added in one place only fails here, naming the place.

use super::*;
use crate::context::{create_context, KFORGE_IRDL};

/// The README, which names the op count and every op in its Dialect line.
const README: &str = include_str!("../../../README.md");
/// The op reference, one table row per op.
const OPS_MD: &str = include_str!("../../OPS.md");

fn all_names() -> Vec<String> {
    KforgeOp::names().map(str::to_string).collect()
}

// Tests that the IRDL file defines exactly the table's ops, in its order.
#[test]
fn irdl_defines_every_op_of_the_table() {
    let defined: Vec<String> = KFORGE_IRDL
        .lines()
        .filter_map(|l| l.trim().strip_prefix("irdl.operation @"))
        .map(|rest| format!("kforge.{}", rest.trim_end_matches(['{', ' '])))
        .collect();
    assert_eq!(defined, all_names(), "dialect/kforge.irdl.mlir vs KforgeOp");
}

// Tests that every op of the table is registered in a context.
#[test]
fn every_op_is_registered() {
    let context = create_context();
    for name in KforgeOp::names() {
        assert!(
            context.is_registered_operation(name),
            "{name} not registered"
        );
    }
}

// Tests that OPS.md has one table row per op, in the table's order.
#[test]
fn ops_md_documents_every_op_once() {
    let rows: Vec<String> = OPS_MD
        .lines()
        .filter_map(|l| l.strip_prefix("| `kforge."))
        .filter_map(|rest| rest.split_once('`'))
        .map(|(name, _)| format!("kforge.{name}"))
        .collect();
    assert_eq!(rows, all_names(), "dialect/OPS.md's op table vs KforgeOp");
}

// Tests that the README's Dialect line gives the op count and names every op.
#[test]
fn readme_names_every_op() {
    let line = README
        .lines()
        .find(|l| l.starts_with("- **Dialect**"))
        .expect("README has a '- **Dialect**' line");
    let count = format!("{} ops", KforgeOp::ALL.len());
    assert!(
        line.contains(&count),
        "README says '{line}', expected '{count}'"
    );
    let (_, list) = line
        .split_once("ops: ")
        .expect("README lists the ops after 'ops: '");
    let listed: Vec<String> = list
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|short| format!("kforge.{short}"))
        .collect();
    assert_eq!(listed, all_names(), "README's op list vs KforgeOp");
}

// Tests that names round-trip and that non-kforge names are not ops.
#[test]
fn names_round_trip() {
    for &op in KforgeOp::ALL {
        assert_eq!(KforgeOp::from_name(op.name()), Some(op));
        assert_eq!(op.to_string(), op.name());
    }
    assert_eq!(KforgeOp::from_name("kforge.nope"), None);
    assert_eq!(KforgeOp::from_name("func.return"), None);
}
