//! The fusion benchmark's cases: small functions on SmolLM2-135M's decode
//! shapes (dim 576, 9 heads of 64 in 3 KV groups, FFN 1536, vocab 49152; one
//! row), each exercising one fusion pass, with weights as arguments.

/// One fusion case: a function `@f` and which of its arguments are weights.
pub(super) struct Case {
    /// The fusion pass (or passes) it exercises.
    pub(super) fusion: &'static str,
    /// What it computes.
    pub(super) what: &'static str,
    /// The module text.
    pub(super) text: String,
    /// Argument shapes and kinds.
    pub(super) args: Vec<(Vec<usize>, Arg)>,
}

/// What an argument of a case is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Arg {
    /// An activation: one buffer.
    Input,
    /// A weight: copies rotated call by call, packed when 2-D.
    Weight,
    /// A KV cache: copies rotated call by call, never packed.
    Cache,
}

const D: usize = 576;
pub(super) const HEAD: usize = 64;
pub(super) const GROUPS: usize = 3;
pub(super) const HEADS_PER_GROUP: usize = 3;
/// The context of the attention case.
pub const CONTEXT: usize = 2048;
const KV: usize = 192;
const FFN: usize = 1536;
const VOCAB: usize = 49152;

fn ty(shape: &[usize]) -> String {
    let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
    format!("tensor<{}xf32>", dims.join("x"))
}

/// A function `@f` over `args` whose body is `body` returning `results`.
fn case(
    fusion: &'static str,
    what: &'static str,
    args: &[(&[usize], Arg)],
    body: &str,
    results: &[&[usize]],
) -> Case {
    let params: Vec<String> = args
        .iter()
        .enumerate()
        .map(|(i, (s, _))| format!("%a{i}: {}", ty(s)))
        .collect();
    let result_types: Vec<String> = results.iter().map(|s| ty(s)).collect();
    Case {
        fusion,
        what,
        text: format!(
            "func.func @f({}) -> ({}) {{\n{body}}}\n",
            params.join(", "),
            result_types.join(", ")
        ),
        args: args.iter().map(|(s, w)| (s.to_vec(), *w)).collect(),
    }
}

fn linear(out: &str, x: &str, w: &str, k: usize, n: usize) -> String {
    format!(
        "  {out} = \"kforge.linear\"({x}, {w}) : ({}, {}) -> {}\n",
        ty(&[1, k]),
        ty(&[n, k]),
        ty(&[1, n])
    )
}

fn rms_norm(out: &str, x: &str, g: &str) -> String {
    format!(
        "  {out} = \"kforge.rms_norm\"({x}, {g}) {{epsilon = 1.0e-5 : f32}} : ({}, {}) -> {}\n",
        ty(&[1, D]),
        ty(&[D]),
        ty(&[1, D])
    )
}

fn unary(out: &str, op: &str, x: &str, n: usize) -> String {
    let t = ty(&[1, n]);
    format!("  {out} = \"kforge.{op}\"({x}) : ({t}) -> {t}\n")
}

fn binary(out: &str, op: &str, a: &str, b: &str, n: usize) -> String {
    let t = ty(&[1, n]);
    format!("  {out} = \"kforge.{op}\"({a}, {b}) : ({t}, {t}) -> {t}\n")
}

fn ret(values: &[(&str, usize)]) -> String {
    let names: Vec<&str> = values.iter().map(|(v, _)| *v).collect();
    let types: Vec<String> = values.iter().map(|(_, n)| ty(&[1, *n])).collect();
    format!("  return {} : {}\n", names.join(", "), types.join(", "))
}

/// The cases, on SmolLM2's shapes at decode (one row).
pub(super) fn cases() -> Vec<Case> {
    let x: &[usize] = &[1, D];
    let g: &[usize] = &[D];
    let (wq, wkv): (&[usize], &[usize]) = (&[D, D], &[KV, D]);
    let (wgu, wd): (&[usize], &[usize]) = (&[FFN, D], &[D, FFN]);
    let qkv_body = |input: &str| {
        [
            linear("%q", input, "%a1", D, D),
            linear("%k", input, "%a2", D, KV),
            linear("%v", input, "%a3", D, KV),
        ]
        .concat()
    };
    let mlp = format!(
        "  %m = \"kforge.mlp\"(%n, %a1, %a2, %a3) {{activation = \"swiglu\"}} : ({}, {}, {}, {}) -> {}\n",
        ty(x),
        ty(wgu),
        ty(wgu),
        ty(wd),
        ty(x)
    );
    vec![
        attention_case(),
        case(
            "projections",
            "q, k, v: 1×576 · [576|192|192]×576",
            &[
                (x, Arg::Input),
                (wq, Arg::Weight),
                (wkv, Arg::Weight),
                (wkv, Arg::Weight),
            ],
            &(qkv_body("%a0") + &ret(&[("%q", D), ("%k", KV), ("%v", KV)])),
            &[x, &[1, KV], &[1, KV]],
        ),
        case(
            "swiglu",
            "silu(x·Wg)·(x·Wu): 1×576 · 1536×576 ×2",
            &[(x, Arg::Input), (wgu, Arg::Weight), (wgu, Arg::Weight)],
            &[
                linear("%g", "%a0", "%a1", D, FFN),
                unary("%s", "silu", "%g", FFN),
                linear("%u", "%a0", "%a2", D, FFN),
                binary("%h", "mul", "%s", "%u", FFN),
                ret(&[("%h", FFN)]),
            ]
            .concat(),
            &[&[1, FFN]],
        ),
        case(
            "norm + projections",
            "rms_norm → q, k, v",
            &[
                (x, Arg::Input),
                (wq, Arg::Weight),
                (wkv, Arg::Weight),
                (wkv, Arg::Weight),
                (g, Arg::Weight),
            ],
            &(rms_norm("%n", "%a0", "%a4")
                + &qkv_body("%n")
                + &ret(&[("%q", D), ("%k", KV), ("%v", KV)])),
            &[x, &[1, KV], &[1, KV]],
        ),
        case(
            "epilogue",
            "x·Woᵀ + residual: 576×576",
            &[(x, Arg::Input), (wq, Arg::Weight), (x, Arg::Input)],
            &[
                linear("%o", "%a0", "%a1", D, D),
                binary("%r", "add", "%a2", "%o", D),
                ret(&[("%r", D)]),
            ]
            .concat(),
            &[x],
        ),
        case(
            "norm + swiglu + epilogue",
            "h + mlp(rms_norm(h)): the MLP half of a layer",
            &[
                (x, Arg::Input),
                (wgu, Arg::Weight),
                (wgu, Arg::Weight),
                (wd, Arg::Weight),
                (g, Arg::Weight),
            ],
            &(rms_norm("%n", "%a0", "%a4")
                + &mlp
                + &binary("%r", "add", "%a0", "%m", D)
                + &ret(&[("%r", D)])),
            &[x],
        ),
        case(
            "norm",
            "rms_norm → LM head: 1×576 · 49152×576",
            &[
                (x, Arg::Input),
                (&[VOCAB, D], Arg::Weight),
                (g, Arg::Weight),
            ],
            &(rms_norm("%n", "%a0", "%a2")
                + &linear("%y", "%n", "%a1", D, VOCAB)
                + &ret(&[("%y", VOCAB)])),
            &[&[1, VOCAB]],
        ),
    ]
}

/// The attention of one decode step over a 2048-token context, per KV head
/// group: `softmax(q·Kᵀ)·V` as linear, softmax and matmul (fused into one
/// online-softmax kernel).
fn attention_case() -> Case {
    let (qg, kv): (&[usize], &[usize]) = (&[HEADS_PER_GROUP, HEAD], &[CONTEXT, HEAD]);
    let mut attention_args: Vec<(&[usize], Arg)> = vec![(qg, Arg::Input); GROUPS];
    attention_args.extend(vec![(kv, Arg::Cache); 2 * GROUPS]);
    let attention_body: String = (0..GROUPS)
        .map(|g| {
            let (k, v) = (GROUPS + g, 2 * GROUPS + g);
            let (rows, t) = (HEADS_PER_GROUP, CONTEXT);
            format!(
                "  %s{g} = \"kforge.linear\"(%a{g}, %a{k}) : ({}, {}) -> {}\n\
                   %p{g} = \"kforge.softmax\"(%s{g}) {{axis = -1 : i64}} : ({}) -> {}\n\
                   %o{g} = \"kforge.matmul\"(%p{g}, %a{v}) : ({}, {}) -> {}\n",
                ty(qg),
                ty(kv),
                ty(&[rows, t]),
                ty(&[rows, t]),
                ty(&[rows, t]),
                ty(&[rows, t]),
                ty(kv),
                ty(qg)
            )
        })
        .collect();
    let attention_ret = format!("  return %o0, %o1, %o2 : {t}, {t}, {t}\n", t = ty(qg));
    case(
        "attention",
        "decode step, context 2048: softmax(q·Kᵀ)·V, 3 KV heads × 3 query heads, d 64",
        &attention_args,
        &(attention_body + &attention_ret),
        &[qg, qg, qg],
    )
}
