//! How values are shown: masked contact details, labels for codes, money.
//! Pure functions, so `cargo test` covers them on the host.

use crate::common::Delivery;
use crate::common::timezones::windows_zone;
use crate::common::view::ParticipantKind;
use crate::widget::i18n::Locale;

pub use crate::common::mask::{MASK, mask_email, mask_phone};

/// The catalog key of what the list's Kind column says.
pub fn kind_key(kind: ParticipantKind) -> &'static str {
    match kind {
        ParticipantKind::Host => "kind.host",
        ParticipantKind::User => "kind.user",
        ParticipantKind::Guest => "kind.guest",
    }
}

/// The catalog key of the delivery method as staff read it.
pub fn delivery_key(delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::Email => "delivery.email",
        Delivery::Sms => "delivery.sms",
        Delivery::None => "delivery.none",
    }
}

/// The Windows time-zone id's display name, or the id itself. (The names
/// are Windows' own, in English: SecureVideo shows them so.)
pub fn time_zone_label(id: Option<&str>) -> String {
    match id.map(str::trim).filter(|id| !id.is_empty()) {
        Some(id) => windows_zone(id).map_or_else(|| id.to_owned(), |zone| zone.label.to_owned()),
        None => "—".to_owned(),
    }
}

/// spec: PacketId — null or 0 all documents, -1 none, else one packet.
pub fn packet_label(packet_id: Option<i64>, l: Locale) -> String {
    match packet_id {
        None | Some(0) => l.t("packet.all").to_owned(),
        Some(-1) => l.t("packet.none").to_owned(),
        Some(id) => l.tf("packet.id", &[("id", &id.to_string())]),
    }
}

/// `$20.00 (service #1037)` or `None`, in `l`'s words and money.
pub fn deposit_label(svc_id: Option<i64>, amount: Option<f64>, l: Locale) -> String {
    match (svc_id, amount) {
        (Some(svc), Some(amount)) => l.tf(
            "deposit.amount",
            &[("amount", &l.dollars(amount)), ("id", &svc.to_string())],
        ),
        _ => l.t("deposit.none").to_owned(),
    }
}

/// `20.0` → `$20.00` (the host tests' stand-in for `Intl`).
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

/// The catalog key of the RSVP as SecureVideo's dashboard shows it:
/// Confirmed, Declined or Unknown (also for no answer, or a word it does
/// not use).
pub fn rsvp_key(rsvp: Option<&str>) -> &'static str {
    match rsvp.map(str::trim) {
        Some(r) if r.eq_ignore_ascii_case("confirmed") => "rsvp.confirmed",
        Some(r) if r.eq_ignore_ascii_case("declined") => "rsvp.declined",
        _ => "rsvp.unknown",
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
        let en = Locale::En;
        assert_eq!(packet_label(None, en), "All documents");
        assert_eq!(packet_label(Some(0), en), "All documents");
        assert_eq!(packet_label(Some(-1), en), "No documents");
        assert_eq!(packet_label(Some(1215), en), "Packet #1215");
        assert_eq!(
            deposit_label(Some(1037), Some(20.0), en),
            "$20.00 (service #1037)"
        );
        assert_eq!(deposit_label(None, None, en), "None");
        let es = Locale::Es;
        assert_eq!(packet_label(Some(1215), es), "Paquete n.º 1215");
        assert_eq!(deposit_label(None, None, es), "Ninguno");
        assert_eq!(dollars(19.99), "$19.99");
        assert_eq!(dollars_input(0.5), "0.50");
        assert_eq!(dollars_input(1234.005), "1234.01");
    }

    #[test]
    fn rsvp_reads_as_the_dashboard_shows_it() {
        assert_eq!(rsvp_key(Some("Confirmed")), "rsvp.confirmed");
        assert_eq!(rsvp_key(Some(" declined ")), "rsvp.declined");
        assert_eq!(rsvp_key(Some("Unknown")), "rsvp.unknown");
        assert_eq!(rsvp_key(Some("")), "rsvp.unknown");
        assert_eq!(rsvp_key(None), "rsvp.unknown");
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
