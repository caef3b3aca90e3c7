//! The transform-dialect script that tiles and vectorizes the contractions.
//!
//! One `transform.named_sequence @__transform_main` with a block of steps per
//! contraction (matched by the `kforge.tile` id the pass sets on it), then
//! shared clean-up: vector patterns and hoisting of loop-invariant
//! accumulator reads/writes out of the reduction loops.
use super::contraction::{Contraction, Form, Role};
use super::TileSizes;
use std::fmt::Write;

/// The attribute that tells the script which op is which contraction.
pub(crate) const ID_ATTRIBUTE: &str = "kforge.tile";

const ANY: &str = "!transform.any_op";
const FOR: &str = "!transform.op<\"scf.for\">";

/// The whole script (a module) for `contractions`, the i-th tagged `i`.
pub(crate) fn script(contractions: &[Contraction], sizes: &TileSizes) -> String {
    let mut s = String::new();
    s.push_str("module attributes {transform.with_named_sequence} {\n");
    let _ = writeln!(
        s,
        "  transform.named_sequence @__transform_main(%root: {ANY} {{transform.readonly}}) {{"
    );
    for (i, c) in contractions.iter().enumerate() {
        let mut steps = Steps {
            text: &mut s,
            id: i,
            next: 0,
        };
        match c.form {
            Form::OuterProduct => steps.outer_product(c, sizes),
            Form::Dot => steps.dot(c, sizes),
        }
    }
    s.push_str(CLEAN_UP);
    s.push_str("    transform.yield\n  }\n}\n");
    s
}

/// Patterns after every contraction is vectorized: masked transfers become
/// transfers with a mask operand first (canonicalizing a `vector.mask` region
/// breaks it in MLIR 22: "'vector.mask' op expects only one operation to
/// mask"), contractions from the vectorizer's multiply + multi-reduction,
/// hoisting of the accumulator out of the K loops, then lowering to
/// `vector.fma` and masked loads/stores.
const CLEAN_UP: &str = r#"    transform.apply_patterns to %root {
      transform.apply_patterns.vector.lower_masked_transfers
    } : !transform.any_op
    transform.apply_patterns to %root {
      transform.apply_patterns.vector.reduction_to_contract
      transform.apply_patterns.vector.transfer_permutation_patterns
      transform.apply_patterns.canonicalization
    } : !transform.any_op
    %loops = transform.structured.match ops{["scf.for"]} in %root : (!transform.any_op) -> !transform.any_op
    transform.foreach %loops : !transform.any_op {
    ^bb0(%loop: !transform.any_op):
      transform.loop.hoist_loop_invariant_subsets %loop : !transform.any_op
    }
    transform.apply_patterns to %root {
      transform.apply_patterns.vector.lower_masked_transfers
      transform.apply_patterns.vector.lower_contraction lowering_strategy = "outerproduct"
      transform.apply_patterns.vector.lower_outerproduct
      transform.apply_patterns.vector.lower_multi_reduction lowering_strategy = "innerreduction"
    } : !transform.any_op
"#;

/// Writes the steps of one contraction, with fresh handle names.
struct Steps<'a> {
    text: &'a mut String,
    id: usize,
    next: usize,
}

impl Steps<'_> {
    fn fresh(&mut self, stem: &str) -> String {
        self.next += 1;
        format!("%{stem}{}_{}", self.id, self.next)
    }

    fn line(&mut self, line: String) {
        self.text.push_str("    ");
        self.text.push_str(&line);
        self.text.push('\n');
    }

    /// The handle of the tagged op.
    fn matched(&mut self) -> String {
        let h = self.fresh("op");
        self.line(format!(
            "{h} = transform.structured.match attributes {{\"{ID_ATTRIBUTE}\" = {} : i64}} in %root : ({ANY}) -> {ANY}",
            self.id
        ));
        h
    }

    /// `tile_using_forall` over the cache tiles of the parallel loops (one
    /// task per tile: the threads' unit of work).
    /// `register` (rows, columns): the register tile, which cache tiles
    /// should be multiples of.
    fn forall(
        &mut self,
        op: &str,
        c: &Contraction,
        sizes: &TileSizes,
        register: (u64, u64),
    ) -> String {
        let [tm, tn, _] = sizes.cache;
        let tiles: Vec<u64> = (0..c.roles.len())
            .map(|d| match c.roles[d] {
                Role::Batch => 1,
                Role::M if Some(d) == c.last(Role::M) => fit(tm, c.extents[d], register.0),
                Role::N if Some(d) == c.last(Role::N) => fit(tn, c.extents[d], register.1),
                Role::M | Role::N => 1,
                Role::K => 0,
            })
            .collect();
        if tiles.iter().all(|t| *t == 0) {
            return op.to_string();
        }
        let (t, f) = (self.fresh("tile"), self.fresh("forall"));
        self.line(format!(
            "{t}, {f} = transform.structured.tile_using_forall {op} tile_sizes {} : ({ANY}) -> ({ANY}, {ANY})",
            list(&tiles)
        ));
        t
    }

    /// `tile_using_for` with `tiles`; the op and one loop handle per
    /// non-zero size.
    fn tile_for(&mut self, op: &str, tiles: &[u64]) -> (String, Vec<String>) {
        let n = tiles.iter().filter(|t| **t != 0).count();
        if n == 0 {
            return (op.to_string(), Vec::new());
        }
        let t = self.fresh("tile");
        let loops: Vec<String> = (0..n).map(|_| self.fresh("loop")).collect();
        self.line(format!(
            "{t}, {} = transform.structured.tile_using_for {op} tile_sizes {} : ({ANY}) -> ({ANY}, {})",
            loops.join(", "),
            list(tiles),
            vec![FOR; n].join(", ")
        ));
        (t, loops)
    }

    fn vectorize(&mut self, op: &str, vector: &[u64]) {
        self.line(format!(
            "transform.structured.vectorize {op} vector_sizes {} : {ANY}",
            list(vector)
        ));
    }

    /// Splits `lp` into full steps and a last partial one: (main, remainder).
    fn peel(&mut self, lp: &str) -> (String, String) {
        let (main, rest) = (self.fresh("main"), self.fresh("rest"));
        self.line(format!(
            "{main}, {rest} = transform.loop.peel {lp} : ({FOR}) -> ({ANY}, {ANY})"
        ));
        (main, rest)
    }

    /// The ops tagged `id` nested in `scope`.
    fn matched_in(&mut self, scope: &str) -> String {
        let h = self.fresh("in");
        self.line(format!(
            "{h} = transform.structured.match attributes {{\"{ID_ATTRIBUTE}\" = {} : i64}} in {scope} : ({ANY}) -> {ANY}",
            self.id
        ));
        h
    }

    /// Cache tiles (threads over M×N, a loop over K chunks), then a register
    /// tile of `rows×cols` outputs per step of K, vectorized to outer
    /// products. The partial last register tile along N is peeled and
    /// vectorized with masks; rows left over along M are done one by one
    /// (a masked row count would scalarize the contraction).
    fn outer_product(&mut self, c: &Contraction, sizes: &TileSizes) {
        let op = self.matched();
        let (m, n) = (c.last(Role::M), c.last(Role::N));
        let [rows, cols] = sizes.vector;
        let rows = m.map_or(1, |m| clamp(rows, c.extents[m]));
        let cols = n.map_or(1, |n| clamp(cols, c.extents[n]));
        let op = self.forall(&op, c, sizes, (rows, cols));
        let tk = sizes.cache[2];
        let k_chunks: Vec<u64> = (0..c.roles.len())
            .map(|d| {
                let chunked = Some(d) == c.last(Role::K) && c.extents[d].is_none_or(|e| e > tk);
                if chunked {
                    tk
                } else {
                    0
                }
            })
            .collect();
        let (op, _) = self.tile_for(&op, &k_chunks);
        let register: Vec<u64> = (0..c.roles.len())
            .map(|d| match c.roles[d] {
                _ if Some(d) == m => rows,
                _ if Some(d) == n => cols,
                _ => 1,
            })
            .collect();
        let (op, loops) = self.tile_for(&op, &register);
        // The loop handles follow the non-zero sizes: every loop is tiled.
        let loop_of = |d: usize| loops[d].clone();
        let leaves = |d: usize, cache: u64, step: u64| {
            leaves_rest(c.extents[d], fit(cache, c.extents[d], step), step)
        };
        let peel_n = n.is_some_and(|n| leaves(n, sizes.cache[1], cols));
        let peel_m = m.is_some_and(|m| leaves(m, sizes.cache[0], rows));
        if let Some(n) = n.filter(|_| peel_n) {
            self.peel(&loop_of(n));
        }
        match m.filter(|_| peel_m) {
            None if peel_n => {
                // The peeled copy needs its own vectorization: the tag now
                // marks exactly the register tiles, both copies.
                let both = self.matched_in("%root");
                self.vectorize(&both, &register);
            }
            None => self.vectorize(&op, &register),
            Some(m) => {
                let (main, rest) = self.peel(&loop_of(m));
                let full = self.matched_in(&main);
                self.vectorize(&full, &register);
                let partial = self.matched_in(&rest);
                let one_row: Vec<u64> = (0..c.roles.len()).map(|d| u64::from(d == m)).collect();
                let (row, _) = self.tile_for(&partial, &one_row);
                let mut row_vector = register.clone();
                row_vector[m] = 1;
                self.vectorize(&row, &row_vector);
            }
        }
    }

    /// Cache tiles over M×N, a register tile of `rows×cols` outputs, and its
    /// K loop split into `kv`-wide vectors accumulated elementwise (partial
    /// sums in registers), reduced across lanes once per register tile.
    /// Remainders are masked (elementwise code masks cleanly).
    fn dot(&mut self, c: &Contraction, sizes: &TileSizes) {
        let op = self.matched();
        let [rows, cols, kv] = sizes.dot;
        let (m, n) = (c.last(Role::M), c.last(Role::N));
        let rows = m.map_or(1, |m| clamp(rows, c.extents[m]));
        let cols = n.map_or(1, |n| clamp(cols, c.extents[n]));
        let op = self.forall(&op, c, sizes, (rows, cols));
        let k = c.roles.len() - 1;
        let kv = clamp(kv, c.extents[k]);
        let register: Vec<u64> = (0..c.roles.len())
            .map(|d| match c.roles[d] {
                _ if Some(d) == m => rows,
                _ if Some(d) == n => cols,
                Role::K => 0,
                _ => 1,
            })
            .collect();
        let (op, _) = self.tile_for(&op, &register);
        let mut split = vec![0; c.roles.len()];
        split[k] = kv;
        let (fill, partial, combine, lp) = (
            self.fresh("fill"),
            self.fresh("partial"),
            self.fresh("combine"),
            self.fresh("loop"),
        );
        self.line(format!(
            "{fill}, {partial}, {combine}, {lp} = transform.structured.tile_reduction_using_for {op} by tile_sizes = {} : ({ANY}) -> ({ANY}, {ANY}, {ANY}, {ANY})",
            list(&split)
        ));
        let mut vector = register.clone();
        vector[k] = kv;
        self.vectorize(&fill, &vector);
        self.vectorize(&partial, &vector);
        self.vectorize(&combine, &vector);
    }
}

/// The cache tile for a loop of `extent`: the whole loop when it is no
/// larger than `tile` (one static tile), else the largest multiple of `step`
/// up to `tile` that divides the loop when there is one of at least half of
/// `tile` (576 columns in tiles of 192, not 256 + 256 + 64), else `tile`. A
/// partial cache tile makes the register tiles below it dynamic: masked in
/// the dot form, peeled in the outer-product form.
fn fit(tile: u64, extent: Option<u64>, step: u64) -> u64 {
    let Some(extent) = extent.filter(|e| *e > 0) else {
        return tile;
    };
    if tile == 0 || extent <= tile {
        return tile.min(extent);
    }
    (tile.div_ceil(2)..=tile)
        .rev()
        .find(|t| extent.is_multiple_of(*t) && t.is_multiple_of(step))
        .unwrap_or(tile)
}

/// A register tile no larger than a static loop (a 1-row product gets
/// 1-row tiles, not masked 8-row ones).
fn clamp(size: u64, extent: Option<u64>) -> u64 {
    match extent {
        Some(e) if e > 0 => size.min(e),
        _ => size,
    }
}

/// Whether register tiles of `step` leave a partial tile in some cache tile
/// of a loop of `extent` cut into cache tiles of `cache` (0: one tile).
fn leaves_rest(extent: Option<u64>, cache: u64, step: u64) -> bool {
    let Some(extent) = extent else {
        return true;
    };
    let full = if cache == 0 || cache >= extent {
        extent
    } else {
        cache
    };
    !full.is_multiple_of(step) || (cache != 0 && !(extent % cache).is_multiple_of(step))
}

fn list(sizes: &[u64]) -> String {
    let items: Vec<String> = sizes.iter().map(u64::to_string).collect();
    format!("[{}]", items.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remainders_are_found() {
        assert!(!leaves_rest(Some(1024), 64, 8));
        assert!(leaves_rest(Some(100), 64, 8));
        assert!(leaves_rest(Some(70), 256, 32));
        assert!(!leaves_rest(Some(64), 256, 32));
        assert!(leaves_rest(Some(72), 64, 16));
        assert!(leaves_rest(None, 64, 8));
        assert!(!leaves_rest(Some(96), 0, 8));
    }

    #[test]
    fn cache_tiles_divide_loops_when_they_can() {
        assert_eq!(fit(256, Some(576), 64), 192);
        assert_eq!(fit(256, Some(1536), 64), 256);
        assert_eq!(fit(96, Some(64), 6), 64);
        assert_eq!(fit(96, Some(1024), 6), 96);
        assert_eq!(fit(256, None, 64), 256);
        assert_eq!(fit(0, Some(70), 8), 0);
    }

    #[test]
    fn register_tiles_fit_small_loops() {
        assert_eq!(clamp(8, Some(1)), 1);
        assert_eq!(clamp(8, None), 8);
        assert_eq!(clamp(8, Some(100)), 8);
    }
}
