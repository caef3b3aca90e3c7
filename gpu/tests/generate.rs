//! Every generator's output passes naga (parse, validate, SPIR-V) for a spread of specs, cooperative-matrix
//! kernels included: this needs no adapter, so it runs everywhere.

use kforge_gpu::{
    generate, AttentionSpec, CoopMatmulSpec, CoopTile, KernelSpec, MatmulSpec, MatmulTile,
};

#[test]
fn coop_matmul_variants_validate_in_naga() {
    let explored = kforge_gpu::bench::coop_tiles_explored();
    for tile in kforge_gpu::bench::coop_tiles().into_iter().chain(explored) {
        // Partial tiles too (not for `direct`, which needs whole tiles); 16-byte words need n, k multiples of 8.
        let odd = if tile.wide_loads || tile.stage16 {
            (130, 72, 40)
        } else {
            (130, 68, 36)
        };
        let shapes: &[(usize, usize, usize)] = if tile.direct {
            &[(4096, 4096, 4096), (256, 512, 64)]
        } else {
            &[(4096, 4096, 4096), odd]
        };
        for &(m, n, k) in shapes {
            let spec = KernelSpec::CoopMatmul(CoopMatmulSpec { m, n, k, tile });
            let kernel = generate(&spec).unwrap_or_else(|e| panic!("{}: {e}", spec.name()));
            assert!(kernel.source.contains("coopMultiplyAdd"));
        }
    }
}

#[test]
fn unsupported_specs_are_errors() {
    let bad_tile = CoopTile {
        bm: 100,
        ..CoopTile::DEFAULT
    };
    let spec = KernelSpec::CoopMatmul(CoopMatmulSpec {
        m: 128,
        n: 128,
        k: 128,
        tile: bad_tile,
    });
    assert!(generate(&spec)
        .unwrap_err()
        .to_string()
        .contains("unsupported tile"));
    let zero = KernelSpec::Matmul(MatmulSpec::new(1, 0, 4, 4, false));
    assert!(generate(&zero)
        .unwrap_err()
        .to_string()
        .contains("at least one element"));
    let gqa = KernelSpec::Attention(AttentionSpec {
        sq: 1,
        hq: 5,
        hkv: 2,
        d: 8,
        kv_rows: 4,
        causal: true,
        scale: 1.0,
        per_row: false,
    });
    assert!(generate(&gqa)
        .unwrap_err()
        .to_string()
        .contains("multiple of key/value heads"));
}

#[test]
fn matmul_kernel_is_unrolled_with_named_accumulators() {
    let spec = KernelSpec::Matmul(
        MatmulSpec::new(1, 4096, 4096, 4096, false).with_tile(MatmulTile::LARGE),
    );
    let k = generate(&spec).unwrap();
    assert!(k.source.contains("var c7_1 = vec4<f32>(0.0);"));
    assert_eq!(k.source.matches("fma(").count(), 8 * 16);
    assert_eq!(k.workgroups, [32, 32, 1]);
    assert!(
        !k.source.contains("if (r < M"),
        "divisible shapes need no store checks"
    );
}
