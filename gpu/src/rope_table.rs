//! The host-side input of the RoPE kernel: its table of cosines and sines.

/// The `cos_sin: [seq, head_dim]` table of [`crate::KernelSpec::Rope`]: for each position the cosines of the
/// angles `pos · θ^(−2i/Dh)`, `i < Dh/2`, then their sines, computed in f64.
pub fn rope_table(positions: &[i64], head_dim: usize, theta: f32) -> Vec<f32> {
    let half = head_dim / 2;
    let mut t = Vec::with_capacity(positions.len() * head_dim);
    for &pos in positions {
        let angles: Vec<f64> = (0..half)
            .map(|i| pos as f64 * f64::from(theta).powf(-2.0 * i as f64 / head_dim as f64))
            .collect();
        t.extend(angles.iter().map(|a| a.cos() as f32));
        t.extend(angles.iter().map(|a| a.sin() as f32));
    }
    t
}
