//! Text emission of linalg/tensor/arith IR for the kforge → linalg templates.
//!
//! Each kforge op is lowered by writing a small private function in MLIR's
//! textual form — readable, and checked by MLIR's own parser and verifier —
//! which the pass then parses and inlines in place of the op. `Emitter` keeps
//! SSA names unique and offers the building blocks the templates share:
//! `tensor.empty` with dynamic sizes, `linalg.fill`, and `linalg.generic`.
use kforge_dialect::{Dim, ElementType, TensorType};
use std::fmt::Write;

/// A value in the function being emitted: its SSA name and type.
#[derive(Clone, Debug)]
pub(crate) struct Val {
    pub name: String,
    pub ty: TensorType,
}

/// Where a dynamic dim of a new tensor comes from: (value, dim index).
pub(crate) type DimSource<'a> = (&'a Val, usize);

/// How projections (`kforge.linear`, the linears inside `kforge.mlp`) lower.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LinearKernel {
    /// A reduction `linalg.generic`.
    Loops,
    /// A call to the runtime's microkernel `kforge_ukernel_linear_f32` on buffers.
    Ukernel,
    /// Linalg as `Loops`, laid out for `--kforge-tile-contractions` (GQA
    /// attention reads keys and values through plain loop dims).
    Tiled,
}

/// Builds the text of one `func.func private`.
pub(crate) struct Emitter {
    body: String,
    next_id: usize,
    args: Vec<Val>,
    /// How projections lower.
    pub linear_kernel: LinearKernel,
    /// How `kforge.matmul`/`kforge.batch_matmul` lower (same choices; the
    /// microkernels are `kforge_ukernel_{batch_,}matmul_f32`).
    pub matmul_kernel: LinearKernel,
    /// Declarations the body calls (hoisted into the module by the pass).
    declarations: Vec<String>,
}

impl Emitter {
    /// A function with arguments of the given types, named `%arg0…`.
    pub fn new(arg_types: &[TensorType]) -> Self {
        let args = arg_types
            .iter()
            .enumerate()
            .map(|(i, t)| Val {
                name: format!("%arg{i}"),
                ty: t.clone(),
            })
            .collect();
        Self {
            body: String::new(),
            next_id: 0,
            args,
            linear_kernel: LinearKernel::Loops,
            matmul_kernel: LinearKernel::Loops,
            declarations: Vec::new(),
        }
    }

    pub fn arg(&self, i: usize) -> Val {
        self.args[i].clone()
    }

    /// A fresh SSA name with a readable stem.
    pub fn fresh(&mut self, stem: &str) -> String {
        self.next_id += 1;
        format!("%{stem}{}", self.next_id)
    }

    /// Appends one line of IR.
    pub fn line(&mut self, text: impl AsRef<str>) {
        self.body.push_str("    ");
        self.body.push_str(text.as_ref());
        self.body.push('\n');
    }

    /// `tensor.expand_shape`/`collapse_shape` (`op`) of `x` to `to` with the reassociation `groups` (and, for an
    /// expansion, the `output_shape` sizes).
    pub fn reassociate(
        &mut self,
        op: &str,
        x: &Val,
        to: &TensorType,
        groups: &str,
        output_shape: Option<String>,
    ) -> Val {
        let name = self.fresh("shaped");
        let tail = output_shape
            .map(|s| format!(" output_shape [{s}]"))
            .unwrap_or_default();
        self.line(format!(
            "{name} = {op} {} {groups}{tail} : {} into {to}",
            x.name, x.ty
        ));
        Val {
            name,
            ty: to.clone(),
        }
    }

    /// `arith.constant` of a float in `ty`'s element type.
    pub fn float_const(&mut self, value: f64, elem: &str) -> String {
        let name = self.fresh("cst");
        self.line(format!(
            "{name} = arith.constant {} : {elem}",
            float_literal(value)
        ));
        name
    }

    /// `arith.constant` of an index.
    pub fn index_const(&mut self, value: i64) -> String {
        let name = self.fresh("c");
        self.line(format!("{name} = arith.constant {value} : index"));
        name
    }

    /// Dim `i` of `v` as an `index` operand: its static size as a literal
    /// (for `output_shape`, slice sizes), or a `tensor.dim` of `v`.
    pub fn size(&mut self, v: &Val, i: usize) -> String {
        match v.ty.shape[i] {
            Dim::Static(n) => n.to_string(),
            Dim::Dynamic => self.dim(v, i),
        }
    }

    /// `tensor.dim` of dim `i` of `v`: an `index` value.
    pub fn dim(&mut self, v: &Val, i: usize) -> String {
        let c = self.index_const(i as i64);
        let d = self.fresh("dim");
        self.line(format!("{d} = tensor.dim {}, {c} : {}", v.name, v.ty));
        d
    }

    /// `tensor.empty` of `ty`; each dynamic dim `i` is read with `tensor.dim`
    /// from `sources[i]`.
    pub fn empty(&mut self, ty: &TensorType, sources: &[Option<DimSource>]) -> Val {
        let mut dyn_sizes = Vec::new();
        for (i, d) in ty.shape.iter().enumerate() {
            if *d == Dim::Dynamic {
                let (src, src_dim) = sources
                    .get(i)
                    .copied()
                    .flatten()
                    .expect("templates give a source for every dynamic dim");
                let size = self.dim(src, src_dim);
                dyn_sizes.push(size);
            }
        }
        let name = self.fresh("empty");
        self.line(format!(
            "{name} = tensor.empty({}) : {ty}",
            dyn_sizes.join(", ")
        ));
        Val {
            name,
            ty: ty.clone(),
        }
    }

    /// `tensor.empty` + `linalg.fill` with `value`.
    pub fn filled(&mut self, ty: &TensorType, sources: &[Option<DimSource>], value: f64) -> Val {
        let empty = self.empty(ty, sources);
        let c = self.float_const(value, ty.element.mlir_name());
        let name = self.fresh("init");
        self.line(format!(
            "{name} = linalg.fill ins({c} : {}) outs({} : {ty}) -> {ty}",
            ty.element, empty.name
        ));
        Val {
            name,
            ty: ty.clone(),
        }
    }

    /// `linalg.generic` over `loops` (iterator kinds), reading `ins` through
    /// their indexing maps and updating `out` through `out_map`. `body` gets a
    /// [`Region`] whose `args` are the block arguments (inputs then output) and
    /// returns the yielded value.
    pub fn generic(
        &mut self,
        loops: &[Loop],
        ins: &[(&Val, &str)],
        out: (&Val, &str),
        body: impl FnOnce(&mut Region) -> String,
    ) -> Val {
        let dims: Vec<String> = (0..loops.len()).map(|i| format!("d{i}")).collect();
        let map = |m: &str| format!("affine_map<({}) -> ({m})>", dims.join(", "));
        let maps: Vec<String> = ins
            .iter()
            .map(|(_, m)| map(m))
            .chain([map(out.1)])
            .collect();
        let iterators: Vec<String> = loops.iter().map(|l| format!("\"{}\"", l.name())).collect();
        let name = self.fresh("gen");
        let in_names: Vec<&str> = ins.iter().map(|(v, _)| v.name.as_str()).collect();
        let in_types: Vec<String> = ins.iter().map(|(v, _)| v.ty.to_string()).collect();
        let mut region = Region {
            text: String::new(),
            args: Vec::new(),
            emitter_ids: self.next_id,
        };
        let mut block_args = Vec::new();
        for (v, _) in ins.iter().chain([&(out.0, "")]) {
            let arg = region.fresh("in");
            block_args.push(format!("{arg}: {}", v.ty.element));
            region.args.push(arg);
        }
        let yielded = body(&mut region);
        self.next_id = region.emitter_ids;
        let mut text = String::new();
        let _ = write!(
            text,
            "{name} = linalg.generic {{indexing_maps = [{}], iterator_types = [{}]}}",
            maps.join(", "),
            iterators.join(", ")
        );
        if !ins.is_empty() {
            let _ = write!(
                text,
                " ins({} : {})",
                in_names.join(", "),
                in_types.join(", ")
            );
        }
        let _ = write!(text, " outs({} : {}) {{", out.0.name, out.0.ty);
        self.line(text);
        self.line(format!("^bb0({}):", block_args.join(", ")));
        self.body.push_str(&region.text);
        self.line(format!("  linalg.yield {yielded} : {}", out.0.ty.element));
        self.line(format!("}} -> {}", out.0.ty));
        Val {
            name,
            ty: out.0.ty.clone(),
        }
    }

    /// Declares an external function the body calls (once per template).
    pub fn declare(&mut self, declaration: &str) {
        if !self.declarations.iter().any(|d| d == declaration) {
            self.declarations.push(declaration.to_string());
        }
    }

    /// The finished function text, preceded by its declarations.
    pub fn finish(self, name: &str, results: &[Val]) -> String {
        let args: Vec<String> = self
            .args
            .iter()
            .map(|a| format!("{}: {}", a.name, a.ty))
            .collect();
        let names: Vec<&str> = results.iter().map(|r| r.name.as_str()).collect();
        let types: Vec<String> = results.iter().map(|r| r.ty.to_string()).collect();
        format!(
            "{}func.func private @{name}({}) -> ({}) {{\n{}    return {} : {}\n}}\n",
            self.declarations
                .iter()
                .map(|d| format!("{d}\n"))
                .collect::<String>(),
            args.join(", "),
            types.join(", "),
            self.body,
            names.join(", "),
            types.join(", ")
        )
    }
}

/// A loop of a `linalg.generic`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Loop {
    Parallel,
    Reduction,
}

impl Loop {
    fn name(self) -> &'static str {
        match self {
            Self::Parallel => "parallel",
            Self::Reduction => "reduction",
        }
    }
}

/// The body of a `linalg.generic` being written.
pub(crate) struct Region {
    text: String,
    /// Block arguments: one per input, then the output's current value.
    pub args: Vec<String>,
    emitter_ids: usize,
}

impl Region {
    /// A fresh SSA name (unique across the whole function).
    pub fn fresh(&mut self, stem: &str) -> String {
        self.emitter_ids += 1;
        format!("%{stem}{}", self.emitter_ids)
    }

    /// Emits `%x = <op>` and returns `%x`.
    pub fn op(&mut self, expr: impl AsRef<str>) -> String {
        let name = self.fresh("v");
        self.text
            .push_str(&format!("      {name} = {}\n", expr.as_ref()));
        name
    }

    /// A float constant of `elem`.
    pub fn float(&mut self, value: f64, elem: &str) -> String {
        self.op(format!("arith.constant {} : {elem}", float_literal(value)))
    }
}

/// A float literal MLIR parses.
pub(crate) fn float_literal(value: f64) -> String {
    format!("{value:.9e}")
}

/// The lowest finite value of a float type: the identity of `max` and the
/// score of a masked key (finite, so a fully masked row gives the uniform
/// average of its values instead of NaN).
pub(crate) fn lowest(element: ElementType) -> f64 {
    -element.max_finite().unwrap_or(f32::MAX as f64)
}

/// `d0, d1, …, d{n-1}` as affine results.
pub(crate) fn identity(n: usize) -> String {
    (0..n)
        .map(|i| format!("d{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}
