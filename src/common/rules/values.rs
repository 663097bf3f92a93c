//! One parser per field value. Each turns a raw JSON value (from a request
//! body, or from a form input wrapped as a JSON string) into a type that can
//! only hold a valid value, or into the message staff will read.
//!
//! The spec's own rules are marked "spec:"; the bounds a real API needs on top
//! of them say why they exist.

use serde_json::Value;

use crate::common::errors::Violation;
use crate::common::timezones;

mod lowercase;
mod user_account;

pub use user_account::{HelpNumber, SystemRoles};

/// Names shorter than this are rejected. spec: "ParticipantFullName is
/// required and must be at least 2 characters."
pub const NAME_MIN_CHARS: usize = 2;
/// A display name longer than this is a paste accident, not a person, and
/// would not fit SecureVideo's invitation e-mails and SMS texts.
pub const NAME_MAX_CHARS: usize = 100;
/// RFC 5321 caps a forward path at 256 octets, so an address is at most 254.
pub const EMAIL_MAX_CHARS: usize = 254;
/// RFC 5321: the local part is at most 64 octets.
pub const EMAIL_LOCAL_MAX_CHARS: usize = 64;
/// A national number has at least 10 digits (NANP); E.164 allows at most 15.
pub const SMS_MIN_DIGITS: usize = 10;
pub const SMS_MAX_DIGITS: usize = 15;
/// Raw SMS input, separators included, is capped before it is read further.
pub const SMS_MAX_CHARS: usize = 32;
/// EHR identifiers (MRNs, encounter ids) are short; a cap keeps logs, URLs
/// and SecureVideo's own column sizes safe.
pub const EXTERNAL_ID_MAX_CHARS: usize = 64;
/// Any other text value (a time-zone id, a delivery code) is capped here
/// before it is compared against its list.
pub const SHORT_TEXT_MAX_CHARS: usize = 64;
/// SecureVideo's ids are 32-bit integers on its side (a .NET `int`); larger
/// numbers cannot name anything.
pub const MAX_ID: i64 = i32::MAX as i64;
/// A deposit above this is a typo for a smaller amount, not a real
/// pre-visit payment.
pub const MAX_DEPOSIT_CENTS: u64 = 10_000_000;

/// A JSON value is "absent" when missing, null, or an empty/blank string:
/// SecureVideo itself sends `""` for a missing SMS number.
pub fn is_absent(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        _ => false,
    }
}

/// Reads a text value, trimmed, or says why it is not one.
/// The catalogs' text names the field by the widget's own label for it
/// (`{field}`).
fn text<'a>(value: &'a Value, label: &str, max_chars: usize) -> Result<&'a str, Violation> {
    let Value::String(s) = value else {
        return Err(Violation::new(
            "text.not_text",
            format!("{label} must be text."),
        ));
    };
    let s = s.trim();
    if s.chars().count() > max_chars {
        return Err(Violation::new(
            "text.too_long",
            format!("{label} must be at most {max_chars} characters."),
        )
        .with("max", max_chars));
    }
    if s.chars().any(char::is_control) {
        return Err(Violation::new(
            "text.control",
            format!("{label} must not contain control characters."),
        ));
    }
    Ok(s)
}

/// A participant's full name: trimmed, 2 to 100 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(value: Option<&Value>) -> Result<Self, Violation> {
        let required = || {
            Violation::new(
                "name.required",
                "Full name is required and must be at least 2 characters.",
            )
            .with("min", NAME_MIN_CHARS)
        };
        let value = match value {
            Some(v) if !is_absent(Some(v)) => v,
            _ => return Err(required()),
        };
        let s = text(value, "Full name", NAME_MAX_CHARS)?;
        if s.chars().count() < NAME_MIN_CHARS {
            return Err(required());
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The form used to compare names: trimmed, inner whitespace collapsed,
/// lower-cased. Two participants whose names match here are the same name.
/// Lower-cased exactly as `str::to_lowercase` does, by [`lowercase`]'s
/// smaller tables (the widget ships this function).
pub fn name_key(name: &str) -> String {
    lowercase::to_lowercase(&name.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// An e-mail address with a plausible syntax (one `@`, a local part, a dotted
/// domain of letters, digits and hyphens). Deliverability is SecureVideo's
/// concern; this catches typos before an invitation goes nowhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(value: &Value) -> Result<Self, Violation> {
        let s = text(value, "E-mail address", EMAIL_MAX_CHARS)?;
        let invalid = || {
            Violation::new(
                "email.invalid",
                "Enter an e-mail address like name@example.com.",
            )
        };
        let (local, domain) = s.split_once('@').ok_or_else(invalid)?;
        let local_ok = !local.is_empty()
            && local.len() <= EMAIL_LOCAL_MAX_CHARS
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
            && labels
                .last()
                .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
        if local_ok && domain_ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(invalid())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A number that can receive text messages, kept as digits only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmsNumber(String);

impl SmsNumber {
    /// Spaces, dashes, dots, parentheses and `+` are separators people type;
    /// what remains must be 10 to 15 digits.
    pub fn parse(value: &Value) -> Result<Self, Violation> {
        let invalid = || {
            Violation::new(
                "sms.invalid",
                format!(
                    "Enter a mobile number of {SMS_MIN_DIGITS} to {SMS_MAX_DIGITS} digits, like 13334446666."
                ),
            )
            .with("min", SMS_MIN_DIGITS)
            .with("max", SMS_MAX_DIGITS)
        };
        let s = match value {
            // A whole, non-negative number in JSON is accepted as its digits;
            // 13334446666.0 would otherwise print as "13334446666.0" and its
            // "." be dropped as a separator, giving another number.
            Value::Number(n) => n.as_u64().ok_or_else(invalid)?.to_string(),
            _ => text(value, "Mobile number", SMS_MAX_CHARS)?.to_owned(),
        };
        let digits: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '+'))
            .collect();
        if digits.chars().all(|c| c.is_ascii_digit())
            && (SMS_MIN_DIGITS..=SMS_MAX_DIGITS).contains(&digits.len())
        {
            Ok(Self(digits))
        } else {
            Err(invalid())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The EHR's own identifier for the participant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExternalId(String);

impl ExternalId {
    pub fn parse(value: &Value) -> Result<Self, Violation> {
        let s = match value {
            // Some EHRs send numeric ids.
            Value::Number(n) => n.to_string(),
            _ => text(value, "External id", EXTERNAL_ID_MAX_CHARS)?.to_owned(),
        };
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// spec: ShouldAutoDeliverCode — "E" e-mail, "S" text message, "N" SecureVideo
/// sends nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    Email,
    Sms,
    None,
}

impl Delivery {
    /// Absent means "N": nothing is sent unless staff ask for it.
    pub fn parse(value: Option<&Value>) -> Result<Self, Violation> {
        if is_absent(value) {
            return Ok(Self::None);
        }
        value
            .and_then(Value::as_str)
            .and_then(Self::from_code)
            .ok_or_else(|| {
                Violation::new(
                    "delivery.invalid",
                    "Delivery must be E (e-mail), S (text message) or N (no invitations).",
                )
            })
    }

    /// "E", "S" or "N" (surrounding spaces ignored); anything else: `None`.
    pub fn from_code(code: &str) -> Option<Self> {
        match code.trim() {
            "E" => Some(Self::Email),
            "S" => Some(Self::Sms),
            "N" => Some(Self::None),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Email => "E",
            Self::Sms => "S",
            Self::None => "N",
        }
    }
}

/// spec: ParticipantDefaultResolution "is a legacy property used for
/// backwards compatibility. Please set this property to 'high'."
///
/// What we send: "high" (the widget's forms, and absent is filled in as
/// "high"). What we accept is more: the page asks clients to *set* "high",
/// it does not say that other values are refused, and the real server did
/// not refuse them. A client recorded in 2015 sent "default", and
/// api.securevideo.com created the participant and echoed "default" back
/// (`shared/fixtures/securevideo/session-create-request.json` and
/// `session-create-201.json`). An EHR integration that has sent that for
/// years must keep working against the simulator and through the proxy, so
/// this rule is lenient where the others are strict: every legacy value
/// SecureVideo is known to have accepted, in any case, passed on exactly as
/// sent (trimmed). Anything else (a typo, a number) is no legacy value at
/// all and is still refused. Add a value to [`LEGACY_RESOLUTIONS`] when a
/// recording shows SecureVideo accepting it.
pub const RESOLUTION: &str = "high";

/// The resolution values SecureVideo is known to accept, compared without
/// regard to case.
pub const LEGACY_RESOLUTIONS: [&str; 2] = [RESOLUTION, "default"];

/// A legacy resolution value, kept as it was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolution(String);

impl Resolution {
    /// Absent (missing, null, blank) is "high".
    pub fn parse(value: Option<&Value>) -> Result<Self, Violation> {
        if is_absent(value) {
            return Ok(Self::default());
        }
        let message = || {
            Violation::new(
                "resolution.invalid",
                "Default resolution is a legacy setting: send \"high\" (\"default\" is \
                 accepted too).",
            )
        };
        let Some(s) = value.and_then(Value::as_str).map(str::trim) else {
            return Err(message());
        };
        if LEGACY_RESOLUTIONS
            .iter()
            .any(|known| s.eq_ignore_ascii_case(known))
        {
            Ok(Self(s.to_owned()))
        } else {
            Err(message())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Resolution {
    /// "high", what the spec asks for and what an absent value means.
    fn default() -> Self {
        Self(RESOLUTION.to_owned())
    }
}

/// The resolution as it will be passed on, or why it is refused; see
/// [`Resolution`].
pub fn parse_resolution(value: Option<&Value>) -> Result<Resolution, Violation> {
    Resolution::parse(value)
}

/// A Windows time-zone id from the known list, in its canonical spelling.
pub fn parse_time_zone(value: &Value) -> Result<&'static str, Violation> {
    let s = text(value, "Time zone", SHORT_TEXT_MAX_CHARS)?;
    timezones::canonical_windows_zone(s).ok_or_else(|| {
        Violation::new(
            "time_zone.unknown",
            "Choose a time zone from the list (a Windows time-zone id).",
        )
    })
}

/// Reads a whole number from a JSON number or a numeric string (ids arrive
/// both ways from SecureVideo and from form inputs).
pub fn integer(value: &Value, label: &str) -> Result<i64, Violation> {
    let parsed = match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => {
            let s = s.trim();
            if s.len() <= 20 { s.parse().ok() } else { None }
        }
        _ => None,
    };
    parsed.ok_or_else(|| {
        Violation::new(
            "number.not_whole",
            format!("{label} must be a whole number."),
        )
    })
}

/// A positive SecureVideo id (a user, a service, a packet).
pub fn positive_id(value: &Value, label: &str) -> Result<i64, Violation> {
    let id = integer(value, label)?;
    if (1..=MAX_ID).contains(&id) {
        Ok(id)
    } else {
        Err(Violation::new(
            "number.not_id",
            format!("{label} must be a positive id."),
        ))
    }
}

/// spec: PacketId — a packet's id; 0 shows all documents, also ones added
/// later; -1 shows none; null or omitted shows all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Packet {
    /// null or omitted: all documents.
    Unspecified,
    /// 0: all documents, including ones added later.
    AllDocuments,
    /// -1: no documents.
    NoDocuments,
    /// One packet of e-documents.
    Packet(i64),
}

impl Packet {
    pub fn parse(value: Option<&Value>) -> Result<Self, Violation> {
        let Some(value) = value.filter(|v| !is_absent(Some(v))) else {
            return Ok(Self::Unspecified);
        };
        let message = || {
            Violation::new(
                "packet.invalid",
                "Packet must be a packet id, 0 (all documents), -1 (no documents) or empty.",
            )
        };
        match integer(value, "Packet").map_err(|_| message())? {
            0 => Ok(Self::AllDocuments),
            -1 => Ok(Self::NoDocuments),
            id if (1..=MAX_ID).contains(&id) => Ok(Self::Packet(id)),
            _ => Err(message()),
        }
    }

    /// The wire value: null, 0, -1 or the id.
    pub fn to_wire(self) -> Option<i64> {
        match self {
            Self::Unspecified => None,
            Self::AllDocuments => Some(0),
            Self::NoDocuments => Some(-1),
            Self::Packet(id) => Some(id),
        }
    }
}

/// An amount in US cents: non-negative, at most 2 decimals in dollars.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct UsdCents(u64);

impl UsdCents {
    /// Reads dollars from a JSON number (`20.00`, `19.99`) or a string
    /// (`"20"`, `"19.99"`, `"$20.00"`).
    pub fn parse(value: &Value) -> Result<Self, Violation> {
        let message = || {
            Violation::new(
                "deposit.invalid",
                "Deposit must be an amount in US dollars, like 20.00, with at most 2 decimals.",
            )
        };
        let text = match value {
            // serde_json prints an f64 in its shortest round-trip form, so
            // 19.99 reads back as "19.99" and 20.00 as "20.0".
            Value::Number(n) => n.to_string(),
            Value::String(s) => {
                let s = s.trim();
                s.strip_prefix('$').unwrap_or(s).trim().to_owned()
            }
            _ => return Err(message()),
        };
        if text.starts_with('-') {
            return Err(Violation::new(
                "deposit.negative",
                "Deposit cannot be negative.",
            ));
        }
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let digits_only = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty()
            || whole.len() > 9
            || fraction.len() > 2
            || !digits_only(whole)
            || !digits_only(fraction)
        {
            return Err(message());
        }
        let whole: u64 = whole.parse().map_err(|_| message())?;
        let fraction: u64 = format!("{fraction:0<2}").parse().unwrap_or(0);
        let cents = whole * 100 + fraction;
        if cents > MAX_DEPOSIT_CENTS {
            let max = format!("{}.{:02}", MAX_DEPOSIT_CENTS / 100, MAX_DEPOSIT_CENTS % 100);
            return Err(Violation::new(
                "deposit.too_large",
                format!("Deposit must be at most {max} US dollars."),
            )
            .with("max", max));
        }
        Ok(Self(cents))
    }

    pub fn cents(self) -> u64 {
        self.0
    }

    /// Dollars as the wire's JSON number.
    pub fn to_dollars(self) -> f64 {
        self.0 as f64 / 100.0
    }
}
