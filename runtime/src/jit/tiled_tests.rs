//! The `tiled` strategy (`--kforge-tile-contractions`) JIT-compiled on shapes
//! the tiles do not divide, compared with the reference interpreter (1e-5
//! relative), with the default tile sizes and with small odd ones that make
//! every remainder path run.
use super::{CompiledModule, MatmulStrategy};
use crate::reference::{self as r, AttentionAttrs, Tensor};

const TOLERANCE: f64 = 1e-5;

/// Default sizes, and small ones with partial tiles at every level.
fn strategies() -> Vec<MatmulStrategy> {
    let small = [
        ("tile-sizes", "24,40,16"),
        ("vector-sizes", "8,16"),
        ("dot-sizes", "3,2,8"),
    ];
    vec![
        MatmulStrategy::Tiled(Vec::new()),
        MatmulStrategy::Tiled(
            small
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        ),
    ]
}

/// Compiles the one-op function `@f` with each strategy, runs it and
/// compares its results with `want`.
fn check(op_text: &str, args: &[&Tensor], results: &[Tensor], what: &str) {
    let ty = |t: &Tensor| {
        let dims: String = t.shape().iter().map(|d| format!("{d}x")).collect();
        let elem = match t.element_type() {
            r::ElementType::F32 => "f32",
            r::ElementType::I64 => "i64",
        };
        format!("tensor<{dims}{elem}>")
    };
    let params: Vec<String> = args
        .iter()
        .enumerate()
        .map(|(i, t)| format!("%a{i}: {}", ty(t)))
        .collect();
    let result_types: Vec<String> = results.iter().map(ty).collect();
    let names: Vec<String> = (0..results.len()).map(|i| format!("%r#{i}")).collect();
    let text = format!(
        "func.func @f({}) -> ({}) {{\n  %r:{} = {op_text}\n  return {} : {}\n}}\n",
        params.join(", "),
        result_types.join(", "),
        results.len(),
        names.join(", "),
        result_types.join(", ")
    );
    let inputs: Vec<Tensor> = args.iter().map(|t| (*t).clone()).collect();
    for strategy in strategies() {
        let module = CompiledModule::compile_with_strategy(&text, "tiled.mlir", &strategy)
            .unwrap_or_else(|e| panic!("{what} {strategy:?}: {e}\n{text}"));
        let got = module
            .call("f", &inputs)
            .unwrap_or_else(|e| panic!("{what} {strategy:?}: {e}"));
        for (g, w) in got.iter().zip(results) {
            assert_eq!(g.shape(), w.shape(), "{what}: shape");
            let err = r::max_rel_error(g, w).unwrap();
            assert!(
                err <= TOLERANCE,
                "{what} {strategy:?}: relative error {err:e} > {TOLERANCE:e}"
            );
        }
    }
}

fn rand(shape: &[usize], seed: u64) -> Tensor {
    Tensor::random_f32(shape.to_vec(), seed)
}

fn type_of(shapes: &[&Tensor]) -> Vec<String> {
    shapes
        .iter()
        .map(|t| {
            let dims: String = t.shape().iter().map(|d| format!("{d}x")).collect();
            format!("tensor<{dims}f32>")
        })
        .collect()
}

#[test]
fn tiled_matmul_on_odd_shapes() {
    for (m, k, n, seed) in [
        (100, 33, 70, 1),
        (1, 576, 200, 2),
        (17, 5, 3, 3),
        (64, 300, 257, 4),
        (130, 70, 64, 5),
    ] {
        let (a, b) = (rand(&[m, k], seed), rand(&[k, n], seed + 100));
        let want = r::matmul(&a, &b).unwrap();
        let t = type_of(&[&a, &b, &want]);
        check(
            &format!(
                "\"kforge.matmul\"(%a0, %a1) : ({}, {}) -> {}",
                t[0], t[1], t[2]
            ),
            &[&a, &b],
            &[want],
            &format!("matmul {m}x{k}x{n}"),
        );
    }
}

/// Regression (issue 11): on an AVX2 host, compiling the tiled matmul
/// overflowed a test thread's 2 MiB stack and aborted the test binary. The
/// library compiles on a thread of its own, so a caller's stack size no
/// longer matters: the default 2 MiB, and a 128 KiB thread that could not
/// hold one MLIR pass.
#[test]
fn compiles_tiled_matmul_from_small_stacks() {
    for stack in [2 << 20, 128 << 10] {
        std::thread::Builder::new()
            .stack_size(stack)
            .spawn(|| {
                let (a, b) = (rand(&[100, 33], 1), rand(&[33, 70], 101));
                let want = r::matmul(&a, &b).unwrap();
                let t = type_of(&[&a, &b, &want]);
                let op = format!(
                    "\"kforge.matmul\"(%a0, %a1) : ({}, {}) -> {}",
                    t[0], t[1], t[2]
                );
                check(&op, &[&a, &b], &[want], "matmul on a small stack");
            })
            .unwrap()
            .join()
            .unwrap_or_else(|_| panic!("compiling on a {stack}-byte stack failed"));
    }
}

#[test]
fn tiled_batch_matmul_on_odd_shapes() {
    for (batch, m, k, n, seed) in [(3, 10, 33, 70, 6), (2, 1, 17, 45, 7), (5, 19, 64, 9, 8)] {
        let (a, b) = (rand(&[batch, m, k], seed), rand(&[batch, k, n], seed + 100));
        let want = r::batch_matmul(&a, &b).unwrap();
        let t = type_of(&[&a, &b, &want]);
        check(
            &format!(
                "\"kforge.batch_matmul\"(%a0, %a1) : ({}, {}) -> {}",
                t[0], t[1], t[2]
            ),
            &[&a, &b],
            &[want],
            &format!("batch_matmul {batch}x{m}x{k}x{n}"),
        );
    }
}

#[test]
fn tiled_linear_on_odd_shapes() {
    for (x_shape, n, seed) in [
        (vec![7, 33], 70, 9u64),
        (vec![2, 5, 33], 19, 10),
        (vec![1, 576], 100, 11),
        (vec![41], 23, 12),
    ] {
        let k = *x_shape.last().unwrap();
        let (x, w, bias) = (
            rand(&x_shape, seed),
            rand(&[n, k], seed + 1),
            rand(&[n], seed + 2),
        );
        let want = r::linear(&x, &w, None).unwrap();
        let t = type_of(&[&x, &w, &want]);
        check(
            &format!(
                "\"kforge.linear\"(%a0, %a1) : ({}, {}) -> {}",
                t[0], t[1], t[2]
            ),
            &[&x, &w],
            &[want],
            &format!("linear {x_shape:?}x{n}"),
        );
        let want = r::linear(&x, &w, Some(&bias)).unwrap();
        let tb = type_of(&[&bias]);
        check(
            &format!(
                "\"kforge.linear\"(%a0, %a1, %a2) : ({}, {}, {}) -> {}",
                t[0], t[1], tb[0], t[2]
            ),
            &[&x, &w, &bias],
            &[want],
            &format!("linear with bias {x_shape:?}x{n}"),
        );
    }
}

#[test]
fn tiled_attention_gqa_causal_and_not() {
    let (q, k, v) = (
        rand(&[13, 6, 24], 13),
        rand(&[17, 2, 24], 14),
        rand(&[17, 2, 24], 15),
    );
    let t = type_of(&[&q, &k]);
    for causal in [true, false] {
        let attrs = AttentionAttrs { causal, scale: 0.2 };
        let want = r::attention(&q, &k, &v, attrs).unwrap();
        check(
            &format!(
                "\"kforge.attention\"(%a0, %a1, %a2) {{causal = {causal}, scale = 0.2 : f32, \
                 operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}} : ({0}, {1}, {1}) -> {0}",
                t[0], t[1]
            ),
            &[&q, &k, &v],
            &[want],
            &format!("attention causal={causal}"),
        );
    }
}

#[test]
fn tiled_attention_with_kv_cache() {
    let (q, k, v) = (
        rand(&[3, 4, 8], 19),
        rand(&[3, 2, 8], 20),
        rand(&[3, 2, 8], 21),
    );
    let (kc, vc) = (rand(&[16, 2, 8], 22), rand(&[16, 2, 8], 23));
    let pos = Tensor::scalar_i64(5);
    let attrs = AttentionAttrs {
        causal: true,
        scale: 0.35,
    };
    let (o, kc2, vc2) = r::attention_with_cache(&q, &k, &v, &kc, &vc, &pos, attrs).unwrap();
    let t = type_of(&[&q, &k, &kc]);
    check(
        &format!(
            "\"kforge.attention\"(%a0, %a1, %a2, %a3, %a4, %a5) {{causal = true, scale = 0.35 : f32, \
             operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}} : ({0}, {1}, {1}, {2}, {2}, tensor<i64>) -> ({0}, {2}, {2})",
            t[0], t[1], t[2]
        ),
        &[&q, &k, &v, &kc, &vc, &pos],
        &[o, kc2, vc2],
        "attention with cache",
    );
}

#[test]
fn tiled_mlp_swiglu_and_gelu() {
    let x = rand(&[5, 24], 24);
    let (wg, wu, wd) = (
        rand(&[40, 24], 25),
        rand(&[40, 24], 26),
        rand(&[24, 40], 27),
    );
    let t = type_of(&[&x, &wg, &wd]);
    check(
        &format!(
            "\"kforge.mlp\"(%a0, %a1, %a2, %a3) {{activation = \"swiglu\"}} : ({0}, {1}, {1}, {2}) -> {0}",
            t[0], t[1], t[2]
        ),
        &[&x, &wg, &wu, &wd],
        &[r::mlp_swiglu(&x, &wg, &wu, &wd).unwrap()],
        "swiglu mlp",
    );
    check(
        &format!(
            "\"kforge.mlp\"(%a0, %a1, %a2) {{activation = \"gelu\"}} : ({0}, {1}, {2}) -> {0}",
            t[0], t[1], t[2]
        ),
        &[&x, &wu, &wd],
        &[r::mlp_gelu(&x, &wu, &wd).unwrap()],
        "gelu mlp",
    );
}

#[test]
fn bad_tile_sizes_are_an_error() {
    let strategy = MatmulStrategy::Tiled(vec![("tile-sizes".into(), "64,x".into())]);
    let text = "func.func @f(%a: tensor<2x2xf32>) -> tensor<2x2xf32> {\n  return %a : tensor<2x2xf32>\n}\n";
    let err = CompiledModule::compile_with_strategy(text, "bad.mlir", &strategy)
        .err()
        .expect("a bad option fails")
        .to_string();
    assert!(err.contains("expects 3 comma-separated"), "{err}");
}

#[test]
fn tiled_matmul_runs_tasks_on_the_pool() {
    let (a, b) = (rand(&[256, 64], 30), rand(&[64, 1024], 31));
    let want = r::matmul(&a, &b).unwrap();
    let t = type_of(&[&a, &b, &want]);
    let text = format!(
        "func.func @f(%a0: {0}, %a1: {1}) -> {2} {{\n  %r = \"kforge.matmul\"(%a0, %a1) : ({0}, {1}) -> {2}\n  return %r : {2}\n}}\n",
        t[0], t[1], t[2]
    );
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let before = kforge_kernels::async_runtime::tasks_spawned();
    // Compiled and called on a worker of the pool, as generation does.
    let got = pool.install(|| {
        let strategy = MatmulStrategy::Tiled(Vec::new());
        let module = CompiledModule::compile_with_strategy(&text, "tasks.mlir", &strategy).unwrap();
        module.call("f", &[a.clone(), b.clone()]).unwrap()
    });
    assert!(r::max_rel_error(&got[0], &want).unwrap() <= TOLERANCE);
    // 3×4 cache tiles split over two workers: some run as spawned tasks.
    assert!(kforge_kernels::async_runtime::tasks_spawned() > before);
}

/// Times `kforge.linear` on the decoder's shapes, tiled vs packed (one
/// thread, median of 20 calls): `cargo test -p kforge-runtime --
/// --ignored tiled_linear_speed --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn tiled_linear_speed() {
    for (m, n, k) in [(1, 1536, 576), (64, 1536, 576), (64, 576, 1536)] {
        let (x, w) = (rand(&[m, k], 40), rand(&[n, k], 41));
        let want = r::linear(&x, &w, None).unwrap();
        let t = type_of(&[&x, &w, &want]);
        let text = format!(
            "func.func @f(%a0: {0}, %a1: {1}) -> {2} {{\n  %r = \"kforge.linear\"(%a0, %a1) : ({0}, {1}) -> {2}\n  return %r : {2}\n}}\n",
            t[0], t[1], t[2]
        );
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        for strategy in [MatmulStrategy::Tiled(Vec::new()), MatmulStrategy::Packed] {
            let median = pool.install(|| {
                let module =
                    CompiledModule::compile_with_strategy(&text, "speed.mlir", &strategy).unwrap();
                let inputs = [x.clone(), w.clone()];
                let mut times: Vec<f64> = (0..20)
                    .map(|_| {
                        let start = std::time::Instant::now();
                        module.call("f", &inputs).unwrap();
                        start.elapsed().as_secs_f64()
                    })
                    .collect();
                times.sort_by(f64::total_cmp);
                times[10]
            });
            let gflops = 2.0 * (m * n * k) as f64 / median / 1e9;
            println!("linear {m}x{k}·{n}x{k}ᵀ {strategy:?}: {gflops:.1} GFLOP/s");
        }
    }
}

#[test]
fn tiled_products_with_a_dynamic_number_of_rows() {
    // Prefill's shape: any number of tokens in one compiled function.
    let text = "func.func @lin(%x: tensor<?x24xf32>, %w: tensor<40x24xf32>) -> tensor<?x40xf32> {\n  \
                %y = \"kforge.linear\"(%x, %w) : (tensor<?x24xf32>, tensor<40x24xf32>) -> tensor<?x40xf32>\n  \
                return %y : tensor<?x40xf32>\n}\n\
                func.func @mm(%a: tensor<?x33xf32>, %b: tensor<33x70xf32>) -> tensor<?x70xf32> {\n  \
                %y = \"kforge.matmul\"(%a, %b) : (tensor<?x33xf32>, tensor<33x70xf32>) -> tensor<?x70xf32>\n  \
                return %y : tensor<?x70xf32>\n}\n";
    for strategy in strategies() {
        let module = CompiledModule::compile_with_strategy(text, "dynamic.mlir", &strategy)
            .unwrap_or_else(|e| panic!("{strategy:?}: {e}"));
        for rows in [1, 7, 100] {
            let (x, w) = (rand(&[rows, 24], 50), rand(&[40, 24], 51));
            let got = module.call("lin", &[x.clone(), w.clone()]).unwrap();
            let want = r::linear(&x, &w, None).unwrap();
            assert!(
                r::max_rel_error(&got[0], &want).unwrap() <= TOLERANCE,
                "linear {rows}"
            );
            let (a, b) = (rand(&[rows, 33], 52), rand(&[33, 70], 53));
            let got = module.call("mm", &[a.clone(), b.clone()]).unwrap();
            let want = r::matmul(&a, &b).unwrap();
            assert!(
                r::max_rel_error(&got[0], &want).unwrap() <= TOLERANCE,
                "matmul {rows}"
            );
        }
    }
}
