//! The kernels of a batched decode step (`kforge.attention` with one KV-cache slot and one position per row):
//! attention in its three forms (scalar, `vec4`, split-key and merge) and the slot cache writes, each row against
//! the one-sequence reference over its own slot.

mod common;

use common::{assert_close, gpu, random, rng};
use kforge_gpu::expected;
use kforge_gpu::runtime::Host;
use kforge_gpu::{AttentionSpec, KernelSpec};

/// `(hq, hkv, d, slots' rows, positions)`: rows at different depths, one at 0, one at the slot's last row; head
/// dims 64 and 16 take the `vec4` and split forms, 5 the scalar one.
const CASES: [(usize, usize, usize, usize, &[u32]); 3] = [
    (9, 3, 64, 100, &[36, 0, 99, 64, 5]),
    (2, 1, 16, 40, &[39, 7]),
    (3, 3, 5, 9, &[0, 8, 4]),
];

fn spec(hq: usize, hkv: usize, d: usize, kv_rows: usize, rows: usize) -> AttentionSpec {
    AttentionSpec {
        sq: rows,
        hq,
        hkv,
        d,
        kv_rows,
        causal: true,
        scale: 1.0 / (d as f32).sqrt(),
        per_row: true,
    }
}

/// Row by row, the one-sequence attention of the row's query over its slot, keys `0..=p`.
fn want_rows(a: &AttentionSpec, q: &[f32], k: &[f32], v: &[f32], positions: &[u32]) -> Vec<f32> {
    let one = AttentionSpec {
        sq: 1,
        per_row: false,
        ..*a
    };
    let (q_row, slot) = (a.hq * a.d, a.kv_rows * a.hkv * a.d);
    let mut out = Vec::new();
    for (b, &p) in positions.iter().enumerate() {
        let (ks, vs) = (&k[b * slot..][..slot], &v[b * slot..][..slot]);
        let row = &q[b * q_row..][..q_row];
        out.extend(expected::attention(&one, row, ks, vs, p as usize + 1, i64::from(p)).unwrap());
    }
    out
}

#[test]
fn per_row_attention_matches_each_rows_reference() {
    let Some(g) = gpu() else { return };
    let mut r = rng(41);
    for (hq, hkv, d, kv_rows, positions) in CASES {
        let rows = positions.len();
        let a = spec(hq, hkv, d, kv_rows, rows);
        let (q, k, v) = (
            random(&mut r, rows * hq * d),
            random(&mut r, rows * kv_rows * hkv * d),
            random(&mut r, rows * kv_rows * hkv * d),
        );
        let want = want_rows(&a, &q, &k, &v, positions);
        let params = Host::U32(positions.to_vec());
        let whole = g
            .run_once(
                &KernelSpec::Attention(a),
                &[
                    Host::F32(q.clone()),
                    Host::F32(k.clone()),
                    Host::F32(v.clone()),
                    Host::Poison(q.len()),
                    params.clone(),
                ],
            )
            .unwrap();
        assert_close(&format!("whole {a:?}"), &whole[0], &want, 2e-5);
        if d % 4 != 0 {
            continue;
        }
        let blocks = a.split_blocks();
        let partial = g
            .run_once(
                &KernelSpec::AttentionSplit(a),
                &[
                    Host::F32(q.clone()),
                    Host::F32(k.clone()),
                    Host::F32(v.clone()),
                    Host::Poison(rows * hq * blocks * (d + 4)),
                    params,
                ],
            )
            .unwrap();
        let combine = KernelSpec::AttentionCombine {
            rows: rows * hq,
            d,
            blocks,
        };
        let split = g
            .run_once(
                &combine,
                &[Host::F32(partial[0].clone()), Host::Poison(q.len())],
            )
            .unwrap();
        assert_close(&format!("split {a:?}"), &split[0], &want, 2e-5);
    }
}

#[test]
fn slot_cache_writes_land_at_each_rows_position() {
    let Some(g) = gpu() else { return };
    let mut r = rng(42);
    let (batch, row, rows) = (3, 10, 6);
    let (k_new, v_new) = (random(&mut r, batch * row), random(&mut r, batch * row));
    let (kc, vc) = (
        random(&mut r, batch * rows * row),
        random(&mut r, batch * rows * row),
    );
    // Slot 2's position is past its rows: dropped, its slot untouched.
    let positions = [5u32, 0, 6];
    let spec = KernelSpec::KvWriteRows { batch, row, rows };
    let got = g
        .run_once(
            &spec,
            &[
                Host::F32(k_new.clone()),
                Host::F32(v_new.clone()),
                Host::F32(kc.clone()),
                Host::F32(vc.clone()),
                Host::U32(positions.to_vec()),
            ],
        )
        .unwrap();
    for (got, (cache, new)) in got.iter().zip([(&kc, &k_new), (&vc, &v_new)]) {
        let mut want = cache.clone();
        for (b, &p) in positions.iter().enumerate() {
            if (p as usize) < rows {
                let at = (b * rows + p as usize) * row;
                want[at..at + row].copy_from_slice(&new[b * row..(b + 1) * row]);
            }
        }
        assert_eq!(got, &want, "{}", spec.name());
    }
}

#[test]
fn per_row_attention_has_no_fused_rope_form() {
    let a = spec(9, 3, 64, 100, 2);
    let err = kforge_gpu::generate(&KernelSpec::AttentionSplitRope(a))
        .unwrap_err()
        .to_string();
    assert!(err.contains("per_row"), "{err}");
}
