//! Reading the proxy's JSON answers by hand, over any JSON tree.
//!
//! In the browser the tree is what `JSON.parse` returns (see `api`), so the
//! bundle carries no JSON parser and no serde deserializers (13 KB gzip of
//! it when they did). Natively the tree is a `serde_json::Value`, which is how
//! the tests below hold these readers to the serde derives on
//! [`SessionView`](super::model::SessionView) and friends.
//!
//! The rules are the derives': a missing field takes its default, null is
//! `None` for an optional field (and wrong for any other), unknown fields are
//! ignored, and a field of the wrong type makes the whole answer
//! unreadable. Numbers are read as JavaScript reads them (`f64`), so
//! a whole number must be an exact one (at most 2^53).

use serde_json::Value;

/// A JSON value, as far as the readers need one.
pub trait Json: Sized {
    /// Whether this is a JSON object (not an array, not null).
    fn is_json_object(&self) -> bool;
    /// An object's field, null included; `None` when the field is missing
    /// or this is not an object.
    fn field(&self, key: &str) -> Option<Self>;
    fn is_json_null(&self) -> bool;
    fn as_text(&self) -> Option<String>;
    fn as_number(&self) -> Option<f64>;
    /// An array's items; `None` when this is not an array.
    fn items(&self) -> Option<Vec<Self>>;
    /// An object's fields; `None` when this is not an object.
    fn entries(&self) -> Option<Vec<(String, Self)>>;
}

/// Why an answer could not be read.
pub type Read<T> = Result<T, String>;

/// JavaScript's `Number.MAX_SAFE_INTEGER`.
const MAX_EXACT: f64 = 9_007_199_254_740_991.0;

/// Checks that `value` is an object, naming `what` it should be otherwise.
pub fn object<J: Json>(value: &J, what: &str) -> Read<()> {
    if value.is_json_object() {
        Ok(())
    } else {
        Err(format!("expected {what}"))
    }
}

fn wrong(key: &str, expected: &str) -> String {
    format!("{key}: expected {expected}")
}

/// A field that is there and not null.
fn present<J: Json>(value: &J, key: &str) -> Option<J> {
    value.field(key).filter(|v| !v.is_json_null())
}

/// A field that must not be null: `Ok(None)` when missing.
fn not_null<J: Json>(value: &J, key: &str, expected: &str) -> Read<Option<J>> {
    match value.field(key) {
        Some(v) if v.is_json_null() => Err(wrong(key, expected)),
        v => Ok(v),
    }
}

/// An optional text field.
pub fn text<J: Json>(value: &J, key: &str) -> Read<Option<String>> {
    present(value, key)
        .map(|v| v.as_text().ok_or_else(|| wrong(key, "text")))
        .transpose()
}

/// A text field that is empty when missing.
pub fn text_or_empty<J: Json>(value: &J, key: &str) -> Read<String> {
    not_null(value, key, "text")?.map_or(Ok(String::new()), |v| {
        v.as_text().ok_or_else(|| wrong(key, "text"))
    })
}

/// An optional number field.
pub fn number<J: Json>(value: &J, key: &str) -> Read<Option<f64>> {
    present(value, key)
        .map(|v| v.as_number().ok_or_else(|| wrong(key, "a number")))
        .transpose()
}

fn whole(n: f64) -> Option<i64> {
    (n.fract() == 0.0 && n.abs() <= MAX_EXACT).then_some(n as i64)
}

/// An optional whole-number field.
pub fn integer<J: Json>(value: &J, key: &str) -> Read<Option<i64>> {
    number(value, key)?
        .map(|n| whole(n).ok_or_else(|| wrong(key, "a whole number")))
        .transpose()
}

/// A whole-number field that is 0 when missing.
pub fn integer_or_zero<J: Json>(value: &J, key: &str) -> Read<i64> {
    let expected = "a whole number";
    not_null(value, key, expected)?.map_or(Ok(0), |v| {
        v.as_number()
            .and_then(whole)
            .ok_or_else(|| wrong(key, expected))
    })
}

/// An id sent as a number or a numeric string; a blank string is no id
/// (as [`flexible_id`](super::model::flexible_id)).
pub fn id<J: Json>(value: &J, key: &str) -> Read<Option<i64>> {
    let Some(v) = present(value, key) else {
        return Ok(None);
    };
    let invalid = || wrong(key, "an id");
    if let Some(n) = v.as_number() {
        return whole(n).map(Some).ok_or_else(invalid);
    }
    let s = v.as_text().ok_or_else(invalid)?;
    let s = s.trim();
    if s.is_empty() {
        Ok(None)
    } else {
        s.parse().map(Some).map_err(|_| invalid())
    }
}

/// An array field (missing or null: empty), each item read by `read`.
pub fn list<J: Json, T>(value: &J, key: &str, read: fn(&J) -> Read<T>) -> Read<Vec<T>> {
    match present(value, key) {
        None => Ok(Vec::new()),
        Some(v) => v
            .items()
            .ok_or_else(|| wrong(key, "a list"))?
            .iter()
            .map(read)
            .collect(),
    }
}

impl Json for Value {
    fn is_json_object(&self) -> bool {
        self.is_object()
    }
    fn field(&self, key: &str) -> Option<Self> {
        self.get(key).cloned()
    }
    fn is_json_null(&self) -> bool {
        self.is_null()
    }
    fn as_text(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }
    fn as_number(&self) -> Option<f64> {
        self.as_f64()
    }
    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().cloned()
    }
    fn entries(&self) -> Option<Vec<(String, Self)>> {
        self.as_object()
            .map(|o| o.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::super::api_error::ProxyErrorBody;
    use super::super::model::{ParticipantView, SessionView, UserMatch};
    use super::*;

    /// What the serde derive reads, and what the hand reader reads, agree.
    fn same_session(json: &str) {
        let by_serde = serde_json::from_str::<SessionView>(json).ok();
        let value: Value = serde_json::from_str(json).unwrap();
        let by_hand = SessionView::read(&value).ok();
        assert_eq!(by_hand, by_serde, "{json}");
    }

    #[test]
    fn sessions_read_as_the_serde_derive_reads_them() {
        for json in [
            r#"{"SessionId": 7, "UserId": "12", "ScheduleTs": "2026-11-29T15:00:00",
                "ExternalSessionId": "APPT-1", "Topic": "Visit", "HostName": "Dr. A",
                "Participants": [
                {"ParticipationId": 1, "ParticipantFullName": "Dr. Host", "SecureVideoUserId": 12,
                 "Kind": "Host", "ParticipantEmailAddress": "a@example.com"},
                {"ParticipationId": 2, "ParticipantFullName": "Pat", "ConnectCode": 123456789,
                 "JoinUrl": "https://example.com/j", "RSVP": "Yes", "PacketId": -1, "SvcId": 1037,
                 "DepositRequired": 19.99, "ShouldAutoDeliverCode": "S",
                 "ParticipantSmsNumber": "13334446666", "ParticipantTimeZoneWindowsId": "UTC",
                 "ParticipantExternalId": "MRN-1"},
                {"ParticipationId": 3, "SecureVideoUserId": "40", "Unknown": 1, "Kind": "nobody",
                 "DepositRequired": 20}
            ]}"#,
            r#"{"SessionId": 7, "Participants": null, "HostName": "Dr. A"}"#,
            r#"{"UserId": " ", "Participants": [{"SecureVideoUserId": ""}]}"#,
            r#"{}"#,
            // Unreadable: both say so.
            r#"{"SessionId": "7"}"#,
            r#"{"SessionId": 7.5}"#,
            r#"{"Topic": 3}"#,
            r#"{"UserId": "twelve"}"#,
            r#"{"Participants": {}}"#,
            r#"{"Participants": [3]}"#,
            r#"{"Participants": [{"Kind": 1}]}"#,
            r#"{"Participants": [{"DepositRequired": "20"}]}"#,
            r#"{"SessionId": null}"#,
            r#"{"Participants": [{"ParticipationId": null}]}"#,
        ] {
            same_session(json);
        }
        // Stricter than the derive, which would read an array as a struct.
        for json in ["[]", "3", "null", "\"x\""] {
            let value: Value = serde_json::from_str(json).unwrap();
            assert!(SessionView::read(&value).is_err(), "{json}");
        }
    }

    #[test]
    fn user_matches_and_error_bodies_read_as_the_serde_derive_reads_them() {
        for json in [
            r#"{"SecureVideoUserId": "40", "FullName": "Nurse"}"#,
            r#"{"SecureVideoUserId": 41, "Extra": true}"#,
            r#"{"FullName": 5}"#,
        ] {
            let value: Value = serde_json::from_str(json).unwrap();
            assert_eq!(
                UserMatch::read(&value).ok(),
                serde_json::from_str::<UserMatch>(json).ok(),
                "{json}"
            );
        }
        for json in [
            r#"{"Message": "No", "Errors": {"ParticipantFullName": "Taken", "": "Whole"}, "RequestId": "r1"}"#,
            r#"{"Message": "No", "Errors": null}"#,
            r#"{"Errors": {"A": 1}}"#,
            r#"{"Message": null}"#,
            r#"{"Errors": []}"#,
        ] {
            let value: Value = serde_json::from_str(json).unwrap();
            assert_eq!(
                ProxyErrorBody::read(&value).ok(),
                serde_json::from_str::<ProxyErrorBody>(json).ok(),
                "{json}"
            );
        }
        let value: Value = serde_json::from_str(r#"{"ParticipationId": 1}"#).unwrap();
        assert_eq!(ParticipantView::read(&value).unwrap().participation_id, 1);
    }
}
