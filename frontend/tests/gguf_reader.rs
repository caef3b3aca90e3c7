//! The GGUF reader on synthetic files: exact round trips of every supported tensor type
//! and metadata value type, and a typed error for each kind of bad input.

use kforge_frontend::gguf::{GgmlType, GgufArray, GgufFile, GgufValue, GgufValueType, GgufWriter};
use kforge_frontend::FrontendError;

/// Values of one Q8_0 block: k/4 for k in -127..=127 (sampled), including ±127/4, so
/// `d = 0.25` exactly and every value is `d * q`.
fn q8_0_values() -> Vec<f32> {
    (0..64)
        .map(|i| ((i * 37 % 255) as f32 - 127.0) / 4.0)
        .collect::<Vec<_>>()
}

/// Q4_1 blocks with min -2 and max 5.5, so `d = 0.5`, `m = -2` and every value is
/// `d * q + m` exactly.
fn q4_1_values() -> Vec<f32> {
    (0..64)
        .map(|i| -2.0 + 0.5 * ((i * 7) % 16) as f32)
        .collect()
}

/// Q4_0 blocks whose largest magnitude is +4, so `d = -0.5` and every value is
/// `d * (q - 8)` exactly.
fn q4_0_values() -> Vec<f32> {
    (0..64)
        .map(|i| -0.5 * (((i * 5) % 16) as f32 - 8.0))
        .collect()
}

fn sample_writer() -> GgufWriter {
    let mut w = GgufWriter::new();
    w.metadata("general.architecture", GgufValue::String("llama".into()))
        .metadata("test.u8", GgufValue::U8(200))
        .metadata("test.i8", GgufValue::I8(-100))
        .metadata("test.u16", GgufValue::U16(60_000))
        .metadata("test.i16", GgufValue::I16(-30_000))
        .metadata("test.u32", GgufValue::U32(4_000_000_000))
        .metadata("test.i32", GgufValue::I32(-2_000_000_000))
        .metadata("test.f32", GgufValue::F32(0.1))
        .metadata("test.bool", GgufValue::Bool(true))
        .metadata("test.u64", GgufValue::U64(u64::MAX))
        .metadata("test.i64", GgufValue::I64(i64::MIN))
        .metadata("test.f64", GgufValue::F64(-1e300))
        .metadata(
            "test.strings",
            GgufValue::Array(GgufArray {
                elem_type: GgufValueType::String,
                items: vec![
                    GgufValue::String("Ġa".into()),
                    GgufValue::String(String::new()),
                ],
            }),
        )
        .metadata(
            "test.nested",
            GgufValue::Array(GgufArray {
                elem_type: GgufValueType::Array,
                items: vec![GgufValue::Array(GgufArray {
                    elem_type: GgufValueType::I16,
                    items: vec![GgufValue::I16(1), GgufValue::I16(-2)],
                })],
            }),
        )
        .metadata(
            "test.empty",
            GgufValue::Array(GgufArray {
                elem_type: GgufValueType::F64,
                items: vec![],
            }),
        );
    let f32_data: Vec<f32> = (0..6).map(|i| i as f32 * 1.5 - 2.0).collect();
    let f16_data: Vec<f32> = (0..64).map(|i| (i as f32 - 32.0) / 8.0).collect();
    w.tensor_f32("t.f32", &[2, 3], &f32_data)
        .tensor_f16("t.f16", &[4, 16], &f16_data)
        .tensor_bf16("t.bf16", &[64], &f16_data)
        .tensor_q8_0("t.q8_0", &[2, 32], &q8_0_values())
        .tensor_q4_1("t.q4_1", &[2, 32], &q4_1_values())
        .tensor_q4_0("t.q4_0", &[1, 64], &q4_0_values());
    w
}

fn parse(bytes: Vec<u8>) -> Result<GgufFile, FrontendError> {
    GgufFile::from_bytes("synthetic.gguf", bytes)
}

#[test]
fn tensors_of_every_supported_type_round_trip_exactly() {
    let file = parse(sample_writer().to_bytes()).unwrap();
    assert_eq!(file.version(), 3);
    assert_eq!(file.alignment(), 32);
    assert_eq!(file.data_offset() % 32, 0);
    assert_eq!(file.tensors().len(), 6);

    let t = file.tensor_f32("t.f32").unwrap();
    assert_eq!(t.shape, vec![2, 3]);
    assert_eq!(t.data, vec![-2.0, -0.5, 1.0, 2.5, 4.0, 5.5]);

    let f16_data: Vec<f32> = (0..64).map(|i| (i as f32 - 32.0) / 8.0).collect();
    let t = file.tensor_f32("t.f16").unwrap();
    assert_eq!((t.shape.clone(), t.data), (vec![4, 16], f16_data.clone()));
    let t = file.tensor_f32("t.bf16").unwrap();
    assert_eq!((t.shape.clone(), t.data), (vec![64], f16_data));

    let t = file.tensor_f32("t.q8_0").unwrap();
    assert_eq!((t.shape.clone(), t.data), (vec![2, 32], q8_0_values()));
    let t = file.tensor_f32("t.q4_1").unwrap();
    assert_eq!((t.shape.clone(), t.data), (vec![2, 32], q4_1_values()));
    let t = file.tensor_f32("t.q4_0").unwrap();
    assert_eq!((t.shape.clone(), t.data), (vec![1, 64], q4_0_values()));
}

#[test]
fn ggml_dims_are_reversed_into_row_major_shapes() {
    let file = parse(sample_writer().to_bytes()).unwrap();
    let info = file.tensor_info("t.f16").unwrap();
    assert_eq!(info.ggml_dims, vec![16, 4], "ne[0] is the column count");
    assert_eq!(info.shape(), vec![4, 16]);
    assert_eq!(info.dtype, GgmlType::F16);
    assert_eq!(file.tensor_bytes(info).unwrap().len(), 64 * 2);
    let q41 = file.tensor_info("t.q4_1").unwrap();
    assert_eq!(file.tensor_bytes(q41).unwrap().len(), 2 * 20);
}

#[test]
fn metadata_of_every_value_type_round_trips() {
    let w = sample_writer();
    let file = parse(w.to_bytes()).unwrap();
    assert_eq!(file.metadata().len(), 15);
    assert_eq!(file.require_str("general.architecture").unwrap(), "llama");
    assert_eq!(file.get("test.u8"), Some(&GgufValue::U8(200)));
    assert_eq!(file.get("test.i8"), Some(&GgufValue::I8(-100)));
    assert_eq!(file.get("test.u16"), Some(&GgufValue::U16(60_000)));
    assert_eq!(file.get("test.i16"), Some(&GgufValue::I16(-30_000)));
    assert_eq!(file.require_usize("test.u32").unwrap(), 4_000_000_000);
    assert_eq!(file.get("test.i32"), Some(&GgufValue::I32(-2_000_000_000)));
    assert_eq!(file.require_f64("test.f32").unwrap(), f64::from(0.1f32));
    assert_eq!(file.get("test.bool").and_then(|v| v.as_bool()), Some(true));
    assert_eq!(
        file.get("test.u64").and_then(|v| v.as_u64()),
        Some(u64::MAX)
    );
    assert_eq!(
        file.get("test.i64").and_then(|v| v.as_i64()),
        Some(i64::MIN)
    );
    assert_eq!(file.require_f64("test.f64").unwrap(), -1e300);
    let strings = file.get("test.strings").and_then(|v| v.as_array()).unwrap();
    assert_eq!(strings.items[0].as_str(), Some("Ġa"));
    assert_eq!(strings.items[1].as_str(), Some(""));
    let nested = file.get("test.nested").and_then(|v| v.as_array()).unwrap();
    assert_eq!(
        nested.items[0].as_array().unwrap().items[1],
        GgufValue::I16(-2)
    );
    let empty = file.get("test.empty").and_then(|v| v.as_array()).unwrap();
    assert_eq!(
        (empty.elem_type, empty.items.len()),
        (GgufValueType::F64, 0)
    );
    // The writer lays the file out the same way again from what was read.
    let mut again = GgufWriter::new();
    for (k, v) in file.metadata() {
        again.metadata(k, v.clone());
    }
    let reparsed = parse(again.to_bytes()).unwrap();
    assert_eq!(reparsed.metadata(), file.metadata());
}

#[test]
fn version_2_and_a_custom_alignment_are_read() {
    let mut w = GgufWriter::new();
    w.version(2)
        .alignment(64)
        .metadata("general.alignment", GgufValue::U32(64))
        .tensor_f32("a", &[3], &[1.0, 2.0, 3.0])
        .tensor_f32("b", &[2], &[4.0, 5.0]);
    let file = parse(w.to_bytes()).unwrap();
    assert_eq!((file.version(), file.alignment()), (2, 64));
    assert_eq!(file.data_offset() % 64, 0);
    assert_eq!(file.tensor_info("b").unwrap().offset, 64);
    assert_eq!(file.tensor_f32("b").unwrap().data, vec![4.0, 5.0]);
}

#[test]
fn open_reads_a_file_through_a_memory_map() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.gguf");
    sample_writer().write(&path).unwrap();
    let file = GgufFile::open(&path).unwrap();
    assert_eq!(file.path(), path);
    assert_eq!(file.tensor_f32("t.q4_1").unwrap().data, q4_1_values());
    let missing = GgufFile::open(dir.path().join("nope.gguf")).unwrap_err();
    assert!(
        matches!(missing, FrontendError::Io { op: "open", .. }),
        "{missing}"
    );
}

// ----------------------------------------------------------------- corrupt inputs

#[test]
fn a_truncated_header_is_reported_with_what_was_being_read() {
    let bytes = sample_writer().to_bytes();
    let err = parse(bytes[..10].to_vec()).unwrap_err();
    let FrontendError::Truncated { what, len, .. } = &err else {
        panic!("expected Truncated, got {err}");
    };
    assert_eq!((what.as_str(), *len), ("the tensor count", 10));
    assert!(
        err.to_string().contains("synthetic.gguf: truncated file"),
        "{err}"
    );

    let err = parse(bytes[..60].to_vec()).unwrap_err();
    assert!(err.to_string().contains("metadata"), "{err}");
}

#[test]
fn truncated_tensor_data_is_out_of_bounds() {
    let mut bytes = sample_writer().to_bytes();
    bytes.truncate(bytes.len() - 1);
    let err = parse(bytes).unwrap_err();
    let FrontendError::TensorOutOfBounds {
        tensor,
        end,
        available,
        ..
    } = &err
    else {
        panic!("expected TensorOutOfBounds, got {err}");
    };
    assert_eq!(tensor, "t.q4_0");
    assert_eq!(*end, *available + 1);
}

#[test]
fn every_prefix_of_a_file_is_an_error_not_a_panic() {
    let bytes = sample_writer().to_bytes();
    for len in 0..bytes.len() {
        assert!(
            parse(bytes[..len].to_vec()).is_err(),
            "prefix of {len} bytes parsed"
        );
    }
}

#[test]
fn flipped_header_bytes_never_panic() {
    let bytes = sample_writer().to_bytes();
    let header_len = parse(bytes.clone()).unwrap().data_offset() as usize;
    for pos in 0..header_len {
        for mask in [0x01u8, 0x80, 0xff] {
            let mut corrupt = bytes.clone();
            corrupt[pos] ^= mask;
            if let Ok(file) = parse(corrupt) {
                for t in file.tensors() {
                    let _ = file.tensor_f32(&t.name);
                }
            }
        }
    }
}

#[test]
fn bad_magic_names_the_bytes_found() {
    let mut bytes = sample_writer().to_bytes();
    bytes[..4].copy_from_slice(b"GGML");
    let err = parse(bytes).unwrap_err();
    assert!(
        matches!(err, FrontendError::BadMagic { found, .. } if &found == b"GGML"),
        "{err}"
    );
    assert!(err.to_string().contains("expected magic \"GGUF\""), "{err}");
}

#[test]
fn an_unsupported_version_is_rejected() {
    let mut bytes = sample_writer().to_bytes();
    bytes[4..8].copy_from_slice(&1u32.to_le_bytes());
    let err = parse(bytes).unwrap_err();
    assert!(
        matches!(err, FrontendError::UnsupportedVersion { version: 1, .. }),
        "{err}"
    );
}

#[test]
fn huge_counts_are_malformed_not_allocated() {
    let mut bytes = sample_writer().to_bytes();
    bytes[8..16].copy_from_slice(&u64::MAX.to_le_bytes());
    let err = parse(bytes).unwrap_err();
    assert!(matches!(err, FrontendError::Malformed { .. }), "{err}");
    assert!(err.to_string().contains("tensor infos"), "{err}");
}

#[test]
fn an_unknown_value_type_names_the_key() {
    let mut w = GgufWriter::new();
    w.metadata("k", GgufValue::U8(1));
    let mut bytes = w.to_bytes();
    // magic, version, counts (24 bytes), key "k" (8 + 1), then the type tag.
    bytes[33..37].copy_from_slice(&99u32.to_le_bytes());
    let err = parse(bytes).unwrap_err();
    assert_eq!(
        err.to_string(),
        "synthetic.gguf: malformed file: metadata value of 'k' has unknown value type 99 (expected 0..=12)"
    );
}

#[test]
fn duplicate_keys_and_tensors_are_rejected() {
    let mut w = GgufWriter::new();
    w.metadata("k", GgufValue::U8(1))
        .metadata("k", GgufValue::U8(2));
    let err = parse(w.to_bytes()).unwrap_err();
    assert!(
        err.to_string().contains("duplicate metadata key 'k'"),
        "{err}"
    );

    let mut w = GgufWriter::new();
    w.tensor_f32("t", &[1], &[1.0])
        .tensor_f32("t", &[1], &[2.0]);
    let err = parse(w.to_bytes()).unwrap_err();
    assert!(err.to_string().contains("duplicate tensor 't'"), "{err}");
}

#[test]
fn a_bad_alignment_and_a_misaligned_offset_are_rejected() {
    let mut w = GgufWriter::new();
    w.metadata("general.alignment", GgufValue::U32(24));
    let err = parse(w.to_bytes()).unwrap_err();
    assert!(err.to_string().contains("power of two"), "{err}");

    let mut w = GgufWriter::new();
    w.alignment(8)
        .tensor_f32("a", &[1], &[1.0])
        .tensor_f32("b", &[1], &[2.0]);
    let err = parse(w.to_bytes()).unwrap_err();
    assert!(
        err.to_string()
            .contains("tensor 'b' offset 8 is not a multiple of the alignment (32)"),
        "{err}"
    );
}

#[test]
fn a_block_tensor_with_partial_blocks_is_malformed() {
    let mut w = GgufWriter::new();
    w.tensor_raw("q", &[16, 2], GgmlType::Q4_1, vec![0; 40]);
    let err = parse(w.to_bytes()).unwrap_err();
    assert!(
        err.to_string()
            .contains("16 columns, not a multiple of its block size (32)"),
        "{err}"
    );
}

#[test]
fn unknown_and_unsupported_dtypes_are_named() {
    let mut w = GgufWriter::new();
    w.tensor_raw("mystery", &[4], GgmlType::Other(99), vec![0; 4])
        .tensor_raw("kquant", &[256], GgmlType::Q4_K, vec![0; 144]);
    let file = parse(w.to_bytes()).unwrap();
    let err = file.tensor_f32("mystery").unwrap_err();
    assert!(
        matches!(err, FrontendError::UnknownDtype { type_id: 99, .. }),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("tensor 'mystery' has unknown ggml type id 99"),
        "{err}"
    );
    let err = file.tensor_f32("kquant").unwrap_err();
    assert_eq!(
        err.to_string(),
        "synthetic.gguf: tensor 'kquant' has type Q4_K, which is not supported \
         (supported: F32, F16, BF16, Q8_0, Q4_0, Q4_1)"
    );
}

#[test]
fn a_missing_tensor_and_a_mistyped_key_are_named() {
    let file = parse(sample_writer().to_bytes()).unwrap();
    let err = file.tensor_f32("nope").unwrap_err();
    assert_eq!(err.to_string(), "synthetic.gguf: missing tensor 'nope'");
    let err = file.require_usize("test.i8").unwrap_err();
    assert_eq!(
        err.to_string(),
        "synthetic.gguf: metadata key 'test.i8': expected a non-negative integer, found i8 -100"
    );
    let err = file.require_str("absent.key").unwrap_err();
    assert_eq!(
        err.to_string(),
        "synthetic.gguf: missing metadata key 'absent.key'"
    );
}
