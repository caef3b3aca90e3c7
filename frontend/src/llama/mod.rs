//! The llama model family: config ([`ModelConfig`], read by [`CheckpointConfig`]), the canonical tensor table
//! ([`tensor_specs`]), the GGUF Q/K RoPE un-permutation, and loading a whole model
//! ([`LlamaWeights`]).

mod config;
mod names;
mod permute;
mod weights;

pub use config::{CheckpointConfig, MAX_CONFIG_BYTES};
pub use kforge_model::config::{
    ModelConfig, MAX_CONTEXT, MAX_HEADS, MAX_LAYERS, MAX_PARAMETERS, MAX_VOCAB, MAX_WIDTH,
};
pub use names::{
    layer_tensor_name, tensor_specs, RopePermutation, TensorSpec, EMBED_TOKENS, FINAL_NORM,
    LAYER_TENSORS, LM_HEAD,
};
pub use permute::{permute_rope_rows, unpermute_rope_rows};
pub use weights::{check_gguf_tensors, LlamaWeights, NamedTensor};
