//! `argmax_feed`: a decode step's greedy choice written where the next step's embedding reads its id;
//! `argmax_rows`: the same for every row of a batched step (workgroup `r` takes row `r`).
//!
//! One workgroup of [`WG`] threads: each scans a strided slice of `x` keeping its best (value, index), then a
//! tree reduction in workgroup memory; ties go to the smaller index at every level, so the result is the first
//! of equal maxima, as the host's argmax picks. A vocabulary of 49152 is 196 KB read by one SM: a few
//! microseconds, against a host round trip per token (submit, wait, read 196 KB of logits back).
use super::Generated;

/// Threads of the one workgroup.
const WG: usize = 256;

/// See the module doc; the specs are [`crate::spec::KernelSpec::ArgmaxFeed`] (`rows = 1`) and
/// [`crate::spec::KernelSpec::ArgmaxRows`].
pub fn argmax(rows: usize, n: usize) -> Generated {
    let body = format!(
        "var<workgroup> best_v: array<f32, {WG}>;
var<workgroup> best_i: array<u32, {WG}>;

// (v, i) beats (bv, bi): larger, or equal and earlier. The start (−f32::MAX, n) loses to any index.
fn beats(v: f32, i: u32, bv: f32, bi: u32) -> bool {{
  return v > bv || (v == bv && i < bi);
}}

@compute @workgroup_size({WG})
fn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wid: vec3<u32>) {{
  let row = wid.x;
  var bv = -3.40282347e+38;
  var bi = {n}u;
  for (var i = t; i < {n}u; i += {WG}u) {{
    let v = x[row * {n}u + i];
    if (beats(v, i, bv, bi)) {{ bv = v; bi = i; }}
  }}
  best_v[t] = bv;
  best_i[t] = bi;
  workgroupBarrier();
  for (var s = {half}u; s > 0u; s >>= 1u) {{
    if (t < s && beats(best_v[t + s], best_i[t + s], best_v[t], best_i[t])) {{
      best_v[t] = best_v[t + s];
      best_i[t] = best_i[t + s];
    }}
    workgroupBarrier();
  }}
  if (t == 0u) {{
    ids[row] = select(best_i[0], 0u, best_i[0] >= {n}u);
  }}
}}
",
        half = WG / 2
    );
    Generated {
        body,
        workgroups: [rows as u32, 1, 1],
        shared_bytes: WG * 8,
        // Every thread stores its (value, index) before the first barrier.
        writes_shared_first: true,
        ..Default::default()
    }
}
