//! The one percentile of the benches (load, scale, page): the sample at
//! rank round(p/100 × (n − 1)) of a sorted list, or the default for none.

pub fn percentile<T: Copy + Default>(sorted: &[T], p: f64) -> T {
    if sorted.is_empty() {
        return T::default();
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank]
}
