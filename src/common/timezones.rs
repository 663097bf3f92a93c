//! PLACEHOLDER until the table lands.
pub fn canonical_windows_zone(id: &str) -> Option<&'static str> {
    ["Eastern Standard Time", "Pacific Standard Time", "Hawaiian Standard Time"].into_iter().find(|z| z.eq_ignore_ascii_case(id.trim()))
}
