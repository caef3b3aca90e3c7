//! `--weights`: a GGUF's blocks kept as stored (byte for byte, Q/K rows
//! reordered whole), matrices converted to a format, and the errors of a
//! file kforge cannot keep as it is.

mod common;

use common::{llama_gguf, llama_gguf_stored, tiny_config, tiny_weights};
use kforge_abi::weight_format::WeightFormat;
use kforge_frontend::gguf::{GgmlType, GgufFile};
use kforge_frontend::stored::{self, WeightChoice};
use kforge_frontend::{import_gguf, import_gguf_with, FrontendError};
use safetensors::{Dtype, SafeTensors};

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn as_stored_keeps_the_blocks_and_names_the_formats_in_the_ir() {
    let dir = tmp();
    let weights = tiny_weights(&tiny_config());
    let gguf = dir.path().join("q.gguf");
    llama_gguf_stored(&weights, "q4_1", "q8_0")
        .write(&gguf)
        .unwrap();
    let out = dir.path().join("import");
    import_gguf_with(&gguf, &out, WeightChoice::AsStored).unwrap();

    let model = std::fs::read_to_string(out.join("model.mlir")).unwrap();
    assert!(model.contains(r#"weight_format = "q4_1""#), "{model}");
    assert!(model.contains(r#"weight_format = "q8_0""#), "{model}");
    let bytes = std::fs::read(out.join("weights.safetensors")).unwrap();
    let st = SafeTensors::deserialize(&bytes).unwrap();
    let file = GgufFile::open(&gguf).unwrap();
    // Not a rope-permuted tensor: the GGUF's bytes as they are.
    let up = st.tensor("model.layers.0.mlp.up_proj.weight").unwrap();
    assert_eq!(up.dtype(), Dtype::I8);
    assert_eq!(up.shape(), &[64, 1, 20]);
    let info = file.require_tensor("blk.0.ffn_up.weight").unwrap();
    assert_eq!(up.data(), file.tensor_bytes(info).unwrap());
    // Q's rows reordered whole: dequantized, they equal the f32 import's.
    let q = st.tensor("model.layers.0.self_attn.q_proj.weight").unwrap();
    let q = kforge_reference::quant::dequantize_vec(WeightFormat::Q4_1, q.data(), 32 * 32).unwrap();
    let f32_import = dir.path().join("f32");
    import_gguf(&gguf, &f32_import).unwrap();
    let f32_bytes = std::fs::read(f32_import.join("weights.safetensors")).unwrap();
    let f32_st = SafeTensors::deserialize(&f32_bytes).unwrap();
    let q_f32: Vec<f32> = f32_st
        .tensor("model.layers.0.self_attn.q_proj.weight")
        .unwrap()
        .data()
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
        .collect();
    assert_eq!(q, q_f32);
    let embed = st.tensor("model.embed_tokens.weight").unwrap();
    assert_eq!(
        (embed.dtype(), embed.shape()),
        (Dtype::I8, &[16, 1, 34][..])
    );
    let norm = st.tensor("model.norm.weight").unwrap();
    assert_eq!(norm.dtype(), Dtype::F32);
}

#[test]
fn an_f32_gguf_as_stored_stays_f32() {
    let dir = tmp();
    let gguf = dir.path().join("f.gguf");
    llama_gguf(&tiny_weights(&tiny_config()), &[], &[])
        .write(&gguf)
        .unwrap();
    let out = dir.path().join("import");
    import_gguf_with(&gguf, &out, WeightChoice::AsStored).unwrap();
    let model = std::fs::read_to_string(out.join("model.mlir")).unwrap();
    assert!(!model.contains("weight_format"), "{model}");
}

#[test]
fn converting_quantizes_every_matrix() {
    let dir = tmp();
    let gguf = dir.path().join("f.gguf");
    llama_gguf(&tiny_weights(&tiny_config()), &[], &[])
        .write(&gguf)
        .unwrap();
    for format in [WeightFormat::Q8_0, WeightFormat::Q4_0, WeightFormat::F16] {
        let out = dir.path().join(format.name());
        import_gguf_with(&gguf, &out, WeightChoice::Convert(format)).unwrap();
        let model = std::fs::read_to_string(out.join("model.mlir")).unwrap();
        assert!(
            model.contains(&format!("weight_format = \"{format}\"")),
            "{model}"
        );
    }
}

#[test]
fn mixed_projection_formats_are_refused_and_leave_a_good_import() {
    let dir = tmp();
    let weights = tiny_weights(&tiny_config());
    let good = dir.path().join("good.gguf");
    llama_gguf(&weights, &[], &[]).write(&good).unwrap();
    let out = dir.path().join("import");
    import_gguf(&good, &out).unwrap();
    let before = std::fs::read(out.join("weights.safetensors")).unwrap();

    // Q4_1 projections but for blk.1's down projection, in Q8_0.
    let mixed = dir.path().join("mixed.gguf");
    let mut w = llama_gguf_stored(&weights, "q4_1", "q8_0");
    w.retain_tensors(|name| name != "blk.1.ffn_down.weight");
    w.tensor_q8_0("blk.1.ffn_down.weight", &[32, 64], &[0.5; 32 * 64]);
    w.write(&mixed).unwrap();
    let err = import_gguf_with(&mixed, &out, WeightChoice::AsStored).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("the projections mix formats")
            && text.contains("is q4_1")
            && text.contains("is q8_0"),
        "{text}"
    );
    assert_eq!(
        std::fs::read(out.join("weights.safetensors")).unwrap(),
        before
    );
}

#[test]
fn an_unsupported_format_is_named_with_the_supported_ones() {
    let dir = tmp();
    let weights = tiny_weights(&tiny_config());
    let mut w = llama_gguf_stored(&weights, "q4_1", "q8_0");
    w.retain_tensors(|name| name != "blk.0.attn_q.weight");
    // 32 x 32 weights as Q5_0 blocks (22 bytes per 32 weights).
    w.tensor_raw(
        "blk.0.attn_q.weight",
        &[32, 32],
        GgmlType::Q5_0,
        vec![0; 32 * 22],
    );
    let path = dir.path().join("q5.gguf");
    w.write(&path).unwrap();
    let err = import_gguf_with(&path, dir.path().join("out"), WeightChoice::AsStored).unwrap_err();
    assert!(
        matches!(err, FrontendError::UnsupportedDtype { .. }),
        "{err}"
    );
    let text = err.to_string();
    assert!(
        text.contains("Q5_0") && text.contains("Q8_0, Q4_0, Q4_1"),
        "{text}"
    );
}

#[test]
fn a_format_whose_block_does_not_divide_k_is_refused() {
    let mut config = tiny_config();
    config.dim = 40;
    config.n_heads = 5;
    config.n_kv_heads = 1;
    let weights = tiny_weights(&config);
    let err = stored::convert(&weights, WeightFormat::Q4_0)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("cannot be stored as q4_0") && err.contains("not whole blocks of 32"),
        "{err}"
    );
    // f16 has blocks of one weight: any K.
    assert!(stored::convert(&weights, WeightFormat::F16).is_ok());
}

#[test]
fn weight_choices_parse_and_name_the_valid_ones() {
    assert_eq!(WeightChoice::parse("as-stored"), Ok(WeightChoice::AsStored));
    assert_eq!(
        WeightChoice::parse("q8_0"),
        Ok(WeightChoice::Convert(WeightFormat::Q8_0))
    );
    assert_eq!(
        WeightChoice::parse("q5_k").unwrap_err(),
        "'q5_k' is not a weight format (expected as-stored, f32, f16, bf16, q8_0, q4_0, q4_1)"
    );
}
