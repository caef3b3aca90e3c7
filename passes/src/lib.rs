//! kforge passes: one file per pass, one `--kforge-…` flag each, all listed in
//! [`registry`], which also defines the pipelines (`--lower-to-cpu`).
//!
//! | flag | file |
//! | --- | --- |
//! | `--kforge-verify` | [`verify`] |
//! | `--kforge-weights-to-arguments` | [`weights_to_arguments`] |
//! | `--kforge-lower-to-linalg` | [`lower_to_linalg`] |
//! | `--kforge-lower-to-gpu` | [`lower_to_gpu`] |
//! | `--kforge-emit-c-interface` | [`emit_c_interface`] |
//! | `--kforge-drop-argument-results` | [`drop_argument_results`] |
//! | `--kforge-internalize` | [`internalize`] |
//! | `--kforge-tile-contractions` | [`tile_contractions`] |
//! | `--kforge-fuse-elementwise` | [`fuse_elementwise`] |
//! | `--kforge-fuse-epilogue` | [`fuse_epilogue`] |
//! | `--kforge-fuse-attention` | [`fuse_attention`] |
//! | `--kforge-fuse-projections` | [`fuse_projections`] |
//! | `--kforge-fuse-swiglu` | [`fuse_swiglu`] |
//! | `--kforge-fuse-norm` | [`fuse_norm`] |
pub mod drop_argument_results;
pub mod emit_c_interface;
pub mod fuse_attention;
pub mod fuse_elementwise;
pub mod fuse_epilogue;
pub mod fuse_norm;
pub mod fuse_projections;
pub mod fuse_swiglu;
pub mod fusion_ir;
pub mod internalize;
pub use kforge_abi::isa;
pub mod lower_to_gpu;
pub mod lower_to_linalg;
pub mod pipeline;
pub mod registry;
pub mod rewrite;
pub mod tile_contractions;
pub mod tile_gpu;
pub mod verify;
pub mod weights_to_arguments;

pub use pipeline::{build_pass_manager, parse_pipeline, PipelineError, Step};
pub use registry::{find_pass, find_pipeline, PassInfo, PipelineInfo, PASSES, PIPELINES};
