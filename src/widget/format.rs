//! How values are shown: masked contact details, labels for codes, money.
//! Pure functions, so `cargo test` covers them on the host.

use crate::common::Delivery;
use crate::common::timezones::windows_zone;
use crate::common::view::ParticipantKind;

pub use crate::common::mask::{MASK, mask_email, mask_phone};

/// What the list's Kind column says.
pub fn kind_label(kind: ParticipantKind) -> &'static str {
    match kind {
        ParticipantKind::Host => "Host",
        ParticipantKind::User => "SecureVideo user",
        ParticipantKind::Guest => "Guest",
    }
}

/// The delivery method as staff read it.
pub fn delivery_label(delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::Email => "Email",
        Delivery::Sms => "Text",
        Delivery::None => "No invites",
    }
}

/// The Windows time-zone id's display name, or the id itself.
pub fn time_zone_label(id: Option<&str>) -> String {
    match id.map(str::trim).filter(|id| !id.is_empty()) {
        Some(id) => windows_zone(id).map_or_else(|| id.to_owned(), |zone| zone.label.to_owned()),
        None => "—".to_owned(),
    }
}

/// spec: PacketId — null or 0 all documents, -1 none, else one packet.
pub fn packet_label(packet_id: Option<i64>) -> String {
    match packet_id {
        None | Some(0) => "All documents".to_owned(),
        Some(-1) => "No documents".to_owned(),
        Some(id) => format!("Packet #{id}"),
    }
}

/// `$20.00 (service #1037)` or `None`.
pub fn deposit_label(svc_id: Option<i64>, amount: Option<f64>) -> String {
    match (svc_id, amount) {
        (Some(svc), Some(amount)) => format!("{} (service #{svc})", dollars(amount)),
        _ => "None".to_owned(),
    }
}

/// `20.0` → `$20.00`.
pub fn dollars(amount: f64) -> String {
    format!("${}", dollars_input(amount))
}

/// An amount as a form input shows it: `20.0` → `20.00`. Whole cents,
/// written with integers: float formatting would add 13 KB to the bundle.
pub fn dollars_input(amount: f64) -> String {
    let cents = (amount * 100.0).round() as i64;
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}{}.{:02}", cents / 100, cents % 100)
}

/// The RSVP as SecureVideo's dashboard shows it: Confirmed, Declined or
/// Unknown (also for no answer, or a word it does not use).
pub fn rsvp_label(rsvp: Option<&str>) -> &'static str {
    match rsvp.map(str::trim) {
        Some(r) if r.eq_ignore_ascii_case("confirmed") => "Confirmed",
        Some(r) if r.eq_ignore_ascii_case("declined") => "Declined",
        _ => "Unknown",
    }
}

/// A timestamp SecureVideo sends as UTC without an offset
/// (`2026-11-29T15:00:00`), marked as UTC so a browser reads it right.
/// One that already has an offset or a `Z` is left alone.
pub fn utc_iso(ts: &str) -> String {
    let ts = ts.trim();
    let time = ts.split_once('T').map_or("", |(_, time)| time);
    let has_zone =
        time.ends_with('Z') || time.ends_with('z') || time.contains('+') || time.contains('-');
    if has_zone || ts.is_empty() {
        ts.to_owned()
    } else {
        format!("{ts}Z")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packets_and_deposits_read_as_words() {
        assert_eq!(packet_label(None), "All documents");
        assert_eq!(packet_label(Some(0)), "All documents");
        assert_eq!(packet_label(Some(-1)), "No documents");
        assert_eq!(packet_label(Some(1215)), "Packet #1215");
        assert_eq!(
            deposit_label(Some(1037), Some(20.0)),
            "$20.00 (service #1037)"
        );
        assert_eq!(deposit_label(None, None), "None");
        assert_eq!(dollars(19.99), "$19.99");
        assert_eq!(dollars_input(0.5), "0.50");
        assert_eq!(dollars_input(1234.005), "1234.01");
    }

    #[test]
    fn rsvp_reads_as_the_dashboard_shows_it() {
        assert_eq!(rsvp_label(Some("Confirmed")), "Confirmed");
        assert_eq!(rsvp_label(Some(" declined ")), "Declined");
        assert_eq!(rsvp_label(Some("Unknown")), "Unknown");
        assert_eq!(rsvp_label(Some("")), "Unknown");
        assert_eq!(rsvp_label(None), "Unknown");
    }

    #[test]
    fn a_utc_time_without_offset_is_marked_utc() {
        assert_eq!(utc_iso("2026-11-29T15:00:00"), "2026-11-29T15:00:00Z");
        assert_eq!(utc_iso("2026-11-29T15:00:00Z"), "2026-11-29T15:00:00Z");
        assert_eq!(
            utc_iso("2026-11-29T15:00:00-05:00"),
            "2026-11-29T15:00:00-05:00"
        );
    }

    #[test]
    fn time_zones_show_their_windows_label() {
        assert_eq!(
            time_zone_label(Some("Eastern Standard Time")),
            "(UTC-05:00) Eastern Time (US & Canada)"
        );
        assert_eq!(time_zone_label(None), "—");
    }
}
