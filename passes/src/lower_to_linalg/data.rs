//! `kforge.embedding` → a gather `linalg.generic`; `kforge.reshape` → `tensor.collapse_shape`/`expand_shape`.
use super::emitter::{Emitter, Loop, Val};
use kforge_dialect::{Dim, TensorType};

/// A bound used inside a generic body: a constant written there, or a value
/// computed before the generic.
enum Bound {
    Constant(String),
    Value(String),
}

/// `y[s, d] = table[clamp(ids[s]), d]`: ids outside the table are clamped so
/// compiled code never reads out of bounds (a dynamic vocabulary is read with
/// `tensor.dim`; the verifier rejects a static empty one).
pub(crate) fn embedding(e: &mut Emitter, ids: &Val, table: &Val, out: &TensorType) -> Val {
    let init = e.empty(out, &[Some((ids, 0)), Some((table, 1))]);
    let id_elem = ids.ty.element.mlir_name();
    // The largest id: a constant, or `V - 1` from `tensor.dim` for a dynamic V.
    let last_id = match table.ty.shape[0] {
        Dim::Static(v) => Bound::Constant((v as i64 - 1).to_string()),
        Dim::Dynamic => {
            let c0 = e.index_const(0);
            let v = e.fresh("vocab");
            e.line(format!(
                "{v} = tensor.dim {}, {c0} : {}",
                table.name, table.ty
            ));
            let c1 = e.index_const(1);
            let last = e.fresh("lastid");
            e.line(format!("{last} = arith.subi {v}, {c1} : index"));
            let cast = e.fresh("lastid");
            e.line(format!(
                "{cast} = arith.index_cast {last} : index to {id_elem}"
            ));
            Bound::Value(cast)
        }
    };
    e.generic(
        &[Loop::Parallel, Loop::Parallel],
        &[(ids, "d0")],
        (&init, "d0, d1"),
        |r| {
            let id = r.args[0].clone();
            let zero = r.op(format!("arith.constant 0 : {id_elem}"));
            let max = match last_id {
                Bound::Constant(v) => r.op(format!("arith.constant {v} : {id_elem}")),
                Bound::Value(name) => name,
            };
            let lo = r.op(format!("arith.maxsi {id}, {zero} : {id_elem}"));
            let clamped = r.op(format!("arith.minsi {lo}, {max} : {id_elem}"));
            let row = r.op(format!("arith.index_cast {clamped} : {id_elem} to index"));
            let col = r.op("linalg.index 1 : index");
            r.op(format!(
                "tensor.extract {}[{row}, {col}] : {}",
                table.name, table.ty
            ))
        },
    )
}

/// Groups of `fine` dims whose products are the `coarse` dims, in order.
fn reassociation(coarse: &[u64], fine: &[u64]) -> Option<Vec<Vec<usize>>> {
    if coarse.is_empty() {
        return fine.iter().all(|&d| d == 1).then(Vec::new);
    }
    let mut groups = Vec::new();
    let mut next = 0;
    for (ci, &c) in coarse.iter().enumerate() {
        let mut group = Vec::new();
        let mut product = 1u64;
        while next < fine.len()
            && (group.is_empty() || product < c || (fine[next] == 1 && ci + 1 == coarse.len()))
        {
            product *= fine[next];
            group.push(next);
            next += 1;
            if product == c && !(ci + 1 == coarse.len() && next < fine.len()) {
                break;
            }
        }
        if product != c || group.is_empty() {
            return None;
        }
        groups.push(group);
    }
    (next == fine.len()).then_some(groups)
}

fn groups_text(groups: &[Vec<usize>]) -> String {
    let inner: Vec<String> = groups
        .iter()
        .map(|g| {
            format!(
                "[{}]",
                g.iter()
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect();
    format!("[{}]", inner.join(", "))
}

/// Row-major reshape between static shapes.
pub(crate) fn reshape(e: &mut Emitter, x: &Val, out: &TensorType) -> Val {
    if x.ty.static_shape().is_none() {
        return reshape_keeping_leading(e, x, out);
    }
    let src = x.ty.static_shape().expect("verified static");
    let dst = out.static_shape().expect("verified static");
    if src == dst {
        return x.clone();
    }
    if let Some(groups) = reassociation(&dst, &src) {
        return collapse(e, x, out, &groups);
    }
    if let Some(groups) = reassociation(&src, &dst) {
        return expand(e, x, out, &groups);
    }
    // No direct grouping: go through the flat vector.
    let n = src.iter().product::<u64>();
    let flat_ty = TensorType::new(&[n], x.ty.element);
    let all_src = vec![(0..src.len()).collect::<Vec<_>>()];
    let flat = collapse(e, x, &flat_ty, &all_src);
    let all_dst = vec![(0..dst.len()).collect::<Vec<_>>()];
    expand(e, &flat, out, &all_dst)
}

/// `[?, a…] → [?, b…]`: the leading dim is its own group; the static tails
/// regroup as in the static case (through a flat tail when they must).
fn reshape_keeping_leading(e: &mut Emitter, x: &Val, out: &TensorType) -> Val {
    let tail = |t: &TensorType| -> Vec<u64> {
        t.shape[1..]
            .iter()
            .map(|d| d.size().expect("verified static tail"))
            .collect()
    };
    let (src, dst) = (tail(&x.ty), tail(out));
    let shifted = |groups: Vec<Vec<usize>>| -> Vec<Vec<usize>> {
        std::iter::once(vec![0])
            .chain(
                groups
                    .into_iter()
                    .map(|g| g.into_iter().map(|i| i + 1).collect()),
            )
            .collect()
    };
    if src == dst {
        return x.clone();
    }
    if let Some(groups) = reassociation(&dst, &src) {
        return collapse(e, x, out, &shifted(groups));
    }
    if let Some(groups) = reassociation(&src, &dst) {
        return expand(e, x, out, &shifted(groups));
    }
    let n: u64 = src.iter().product();
    let flat_ty = TensorType {
        shape: vec![x.ty.shape[0], kforge_dialect::Dim::Static(n)],
        element: x.ty.element,
    };
    let flat = collapse(e, x, &flat_ty, &shifted(vec![(0..src.len()).collect()]));
    expand(e, &flat, out, &shifted(vec![(0..dst.len()).collect()]))
}

fn collapse(e: &mut Emitter, x: &Val, out: &TensorType, groups: &[Vec<usize>]) -> Val {
    let name = e.fresh("collapsed");
    e.line(format!(
        "{name} = tensor.collapse_shape {} {} : {} into {out}",
        x.name,
        groups_text(groups),
        x.ty
    ));
    Val {
        name,
        ty: out.clone(),
    }
}

fn expand(e: &mut Emitter, x: &Val, out: &TensorType, groups: &[Vec<usize>]) -> Val {
    // A dynamic result dim is the operand's leading dim (the only dynamic one).
    let sizes: Vec<String> = out
        .shape
        .iter()
        .map(|d| match d {
            kforge_dialect::Dim::Static(n) => n.to_string(),
            kforge_dialect::Dim::Dynamic => e.size(x, 0),
        })
        .collect();
    let name = e.fresh("expanded");
    e.line(format!(
        "{name} = tensor.expand_shape {} {} output_shape [{}] : {} into {out}",
        x.name,
        groups_text(groups),
        sizes.join(", "),
        x.ty
    ));
    Val {
        name,
        ty: out.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::reassociation;

    #[test]
    fn groups_expansions() {
        assert_eq!(
            reassociation(&[4, 576], &[4, 9, 64]),
            Some(vec![vec![0], vec![1, 2]])
        );
        assert_eq!(reassociation(&[6], &[2, 3]), Some(vec![vec![0, 1]]));
        assert_eq!(reassociation(&[2, 6], &[3, 4]), None);
        assert_eq!(
            reassociation(&[4, 8], &[4, 8, 1]),
            Some(vec![vec![0], vec![1, 2]])
        );
    }
}
