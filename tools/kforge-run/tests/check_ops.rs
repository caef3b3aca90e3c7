//! Property tests: for every kforge op, modules on random shapes compiled and
//! run by `kforge-run --random-inputs --check` agree with the reference
//! interpreter (the check exits 1 beyond its tolerance).
use proptest::prelude::*;
use std::process::Command;

const RUN: &str = env!("CARGO_BIN_EXE_kforge-run");

/// `tensor<AxBx…xf32>`.
fn t(dims: &[usize]) -> String {
    t_of(dims, "f32")
}

fn t_of(dims: &[usize], element: &str) -> String {
    let shape: Vec<String> = dims.iter().map(|d| d.to_string()).collect();
    if shape.is_empty() {
        format!("tensor<{element}>")
    } else {
        format!("tensor<{}x{element}>", shape.join("x"))
    }
}

/// A module with one public function `@f(args) -> result` around `body`
/// (which defines `%r`).
fn module(args: &[(&str, String)], body: &str, result: &str) -> String {
    let params: Vec<String> = args.iter().map(|(n, ty)| format!("%{n}: {ty}")).collect();
    format!(
        "func.func @f({}) -> {result} {{\n  {body}\n  return %r : {result}\n}}\n",
        params.join(", ")
    )
}

/// Runs `kforge-run --check` on `text`; fails the property with its output.
fn check(text: &str, seed: u64) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("op.mlir");
    std::fs::write(&file, text).unwrap();
    let out = Command::new(RUN)
        .arg(&file)
        .args(["--random-inputs", "--check", "--no-cache", "--no-tune"])
        .args(["--seed", &seed.to_string(), "--tolerance", "1e-4"])
        .output()
        .expect("kforge-run runs");
    prop_assert!(
        out.status.success(),
        "kforge-run --check failed on\n{text}\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(())
}

fn dim() -> impl Strategy<Value = usize> {
    1usize..24
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn matmul(m in dim(), k in dim(), n in dim(), seed in any::<u64>()) {
        let r = t(&[m, n]);
        let body = format!(r#"%r = "kforge.matmul"(%a, %b) : ({}, {}) -> {r}"#, t(&[m, k]), t(&[k, n]));
        check(&module(&[("a", t(&[m, k])), ("b", t(&[k, n]))], &body, &r), seed)?;
    }

    #[test]
    fn batch_matmul(b in 1usize..4, m in dim(), k in dim(), n in dim(), seed in any::<u64>()) {
        let (x, y, r) = (t(&[b, m, k]), t(&[b, k, n]), t(&[b, m, n]));
        let body = format!(r#"%r = "kforge.batch_matmul"(%a, %b) : ({x}, {y}) -> {r}"#);
        check(&module(&[("a", x), ("b", y)], &body, &r), seed)?;
    }

    #[test]
    fn linear(rows in dim(), batch in 1usize..3, k in dim(), n in dim(), bias in any::<bool>(), seed in any::<u64>()) {
        let (x, w, bv, r) = (t(&[batch, rows, k]), t(&[n, k]), t(&[n]), t(&[batch, rows, n]));
        let (operands, types) = if bias {
            ("%x, %w, %bias", format!("{x}, {w}, {bv}"))
        } else {
            ("%x, %w", format!("{x}, {w}"))
        };
        let body = format!(r#"%r = "kforge.linear"({operands}) : ({types}) -> {r}"#);
        check(&module(&[("x", x.clone()), ("w", w), ("bias", bv)], &body, &r), seed)?;
    }

    #[test]
    fn add_and_mul_broadcast(rows in dim(), cols in dim(), mul in any::<bool>(), seed in any::<u64>()) {
        let op = if mul { "mul" } else { "add" };
        let (a, b) = (t(&[rows, cols]), t(&[cols]));
        let body = format!(r#"%r = "kforge.{op}"(%a, %b) : ({a}, {b}) -> {a}"#);
        check(&module(&[("a", a.clone()), ("b", b)], &body, &a), seed)?;
    }

    #[test]
    fn activations(rows in dim(), cols in dim(), which in 0usize..3, seed in any::<u64>()) {
        let x = t(&[rows, cols]);
        let op = ["\"kforge.silu\"(%x)", "\"kforge.gelu\"(%x) {approximate = \"tanh\"}",
                  "\"kforge.gelu\"(%x) {approximate = \"none\"}"][which];
        let body = format!("%r = {op} : ({x}) -> {x}");
        check(&module(&[("x", x.clone())], &body, &x), seed)?;
    }

    #[test]
    fn softmax(rows in dim(), cols in dim(), axis in prop_oneof![Just(-1i64), Just(0), Just(1)], seed in any::<u64>()) {
        let x = t(&[rows, cols]);
        let body = format!(r#"%r = "kforge.softmax"(%x) {{axis = {axis} : i64}} : ({x}) -> {x}"#);
        check(&module(&[("x", x.clone())], &body, &x), seed)?;
    }

    #[test]
    fn rms_norm(rows in dim(), cols in dim(), seed in any::<u64>()) {
        let (x, w) = (t(&[rows, cols]), t(&[cols]));
        let body = format!(r#"%r = "kforge.rms_norm"(%x, %w) {{epsilon = 1.0e-5 : f32}} : ({x}, {w}) -> {x}"#);
        check(&module(&[("x", x.clone()), ("w", w)], &body, &x), seed)?;
    }

    #[test]
    fn layer_norm(rows in dim(), cols in 2usize..24, seed in any::<u64>()) {
        let (x, w) = (t(&[rows, cols]), t(&[cols]));
        let body = format!(r#"%r = "kforge.layer_norm"(%x, %g, %b) {{epsilon = 1.0e-5 : f32}} : ({x}, {w}, {w}) -> {x}"#);
        check(&module(&[("x", x.clone()), ("g", w.clone()), ("b", w)], &body, &x), seed)?;
    }

    #[test]
    fn rope(seq in dim(), heads in 1usize..5, half in 1usize..12, seed in any::<u64>()) {
        let (x, p) = (t(&[seq, heads, 2 * half]), t_of(&[seq], "i64"));
        let body = format!(r#"%r = "kforge.rope"(%x, %p) {{theta = 10000.0 : f32}} : ({x}, {p}) -> {x}"#);
        check(&module(&[("x", x.clone()), ("p", p)], &body, &x), seed)?;
    }

    #[test]
    fn attention(q_len in 1usize..12, extra in 0usize..8, kv_heads in 1usize..3, group in 1usize..4,
                 d in 1usize..20, causal in any::<bool>(), seed in any::<u64>()) {
        // Causal rows before the first key see nothing: the reference rejects
        // them (OPS.md), so keys are at least as many as queries here.
        let kv_len = if causal { q_len + extra } else { 1 + extra };
        let (q, kv) = (t(&[q_len, kv_heads * group, d]), t(&[kv_len, kv_heads, d]));
        let body = format!(
            r#"%r = "kforge.attention"(%q, %k, %v) {{causal = {causal}, scale = 0.3 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}} : ({q}, {kv}, {kv}) -> {q}"#);
        check(&module(&[("q", q.clone()), ("k", kv.clone()), ("v", kv)], &body, &q), seed)?;
    }

    #[test]
    fn attention_with_kv_cache(len in 1usize..6, extra in 0usize..8, kv_heads in 1usize..3, group in 1usize..3,
                               d in 1usize..17, seed in any::<u64>()) {
        let (q, kv, cache) = (t(&[len, kv_heads * group, d]), t(&[len, kv_heads, d]), t(&[len + extra, kv_heads, d]));
        let pos = t_of(&[], "i64");
        let body = format!(
            r#"%r, %kc2, %vc2 = "kforge.attention"(%q, %k, %v, %kc, %vc, %pos) {{causal = true, scale = 0.25 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}} : ({q}, {kv}, {kv}, {cache}, {cache}, {pos}) -> ({q}, {cache}, {cache})"#);
        let args = [("q", q.clone()), ("k", kv.clone()), ("v", kv), ("kc", cache.clone()), ("vc", cache), ("pos", pos)];
        check(&module(&args, &body, &q), seed)?;
    }

    #[test]
    fn mlp(rows in dim(), dim_ in 1usize..16, hidden in 1usize..24, swiglu in any::<bool>(), seed in any::<u64>()) {
        let (x, up, down) = (t(&[rows, dim_]), t(&[hidden, dim_]), t(&[dim_, hidden]));
        let body = if swiglu {
            format!(r#"%r = "kforge.mlp"(%x, %g, %u, %d) {{activation = "swiglu"}} : ({x}, {up}, {up}, {down}) -> {x}"#)
        } else {
            format!(r#"%r = "kforge.mlp"(%x, %u, %d) {{activation = "gelu"}} : ({x}, {up}, {down}) -> {x}"#)
        };
        check(&module(&[("x", x.clone()), ("g", up.clone()), ("u", up), ("d", down)], &body, &x), seed)?;
    }

    #[test]
    fn embedding_of_a_weight(len in dim(), vocab in 1usize..40, width in dim(), seed in any::<u64>()) {
        let (ids, table, r) = (t_of(&[len], "i64"), t(&[vocab, width]), t(&[len, width]));
        let body = format!(
            "%t = \"kforge.weight\"() {{name = \"table\"}} : () -> {table}\n  %r = \"kforge.embedding\"(%ids, %t) : ({ids}, {table}) -> {r}");
        check(&module(&[("ids", ids)], &body, &r), seed)?;
    }

    #[test]
    fn reshape(a in 1usize..6, b in 1usize..6, c in 1usize..6, seed in any::<u64>()) {
        let (x, r) = (t(&[a, b, c]), t(&[a * b, c]));
        let body = format!(r#"%r = "kforge.reshape"(%x) : ({x}) -> {r}"#);
        check(&module(&[("x", x)], &body, &r), seed)?;
    }
}
