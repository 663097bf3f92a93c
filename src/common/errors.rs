//! Violations of the participant rules, keyed by the wire name of the field
//! they concern, so the widget can show each message next to its input and
//! the proxy can return them all at once.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The wire names of the fields a participant body can carry.
pub mod field {
    pub const FULL_NAME: &str = "ParticipantFullName";
    pub const EMAIL: &str = "ParticipantEmailAddress";
    pub const SMS: &str = "ParticipantSmsNumber";
    pub const RESOLUTION: &str = "ParticipantDefaultResolution";
    pub const TIME_ZONE: &str = "ParticipantTimeZoneWindowsId";
    pub const EXTERNAL_ID: &str = "ParticipantExternalId";
    pub const DELIVERY: &str = "ShouldAutoDeliverCode";
    pub const PACKET_ID: &str = "PacketId";
    pub const SVC_ID: &str = "SvcId";
    pub const DEPOSIT: &str = "DepositRequired";
    pub const USER_ID: &str = "SecureVideoUserId";

    /// The fields of a guest body, in the order the spec lists them.
    pub const GUEST_FIELDS: [&str; 10] = [
        FULL_NAME,
        EMAIL,
        SMS,
        RESOLUTION,
        TIME_ZONE,
        EXTERNAL_ID,
        DELIVERY,
        PACKET_ID,
        SVC_ID,
        DEPOSIT,
    ];

    /// The fields of a SecureVideo user's participant body.
    pub const USER_FIELDS: [&str; 4] = [USER_ID, PACKET_ID, SVC_ID, DEPOSIT];

    /// Whether `name` is the wire name of a participant field.
    pub fn is_known(name: &str) -> bool {
        GUEST_FIELDS.contains(&name) || name == USER_ID
    }
}

/// The wire names of the fields of a User (the User API's body).
pub mod user_field {
    pub const FULL_NAME: &str = "FullName";
    pub const EMAIL: &str = "EmailAddress";
    pub const SMS: &str = "SmsNumber";
    pub const RESOLUTION: &str = "DefaultResolution";
    pub const TIME_ZONE: &str = "TimeZoneWindowsId";
    pub const HELP_NUMBER: &str = "HelpNumber";
    pub const EXTERNAL_ID: &str = "ExternalId";
    pub const SYSTEM_ROLES: &str = "SystemRoles";
}

/// One broken rule: a stable key naming the rule (the widget's catalogs
/// translate it; API bodies carry it next to the text), the English text
/// API bodies and logs-free error answers carry, and the values that text
/// names (`{length}` in the widget's catalog text), so another language can
/// say the same. The key is written where the rule is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Violation {
    /// `""` for a message this project did not write (SecureVideo's own
    /// wording read back from an upstream answer).
    pub key: Cow<'static, str>,
    pub text: String,
    pub args: Vec<(&'static str, String)>,
}

impl Violation {
    pub fn new(key: &'static str, text: impl Into<String>) -> Self {
        Self {
            key: Cow::Borrowed(key),
            text: text.into(),
            args: Vec::new(),
        }
    }

    /// A message with no rule of ours behind it: only its text is known.
    pub fn untranslated(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    /// The value `{name}` stands for in a catalog's text.
    pub fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }
}

/// Every violation found in one body: field wire name → violation.
///
/// Only the first violation per field is kept; it is the most basic one (a
/// missing value before a malformed one). On the wire it is the map of
/// field → English text (`Errors`); the keys travel beside it
/// (`ErrorKeys`, see [`FieldErrors::keys`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<String, Violation>);

impl Serialize for FieldErrors {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for FieldErrors {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let texts = BTreeMap::<String, String>::deserialize(deserializer)?;
        Ok(Self(
            texts
                .into_iter()
                .map(|(field, text)| (field, Violation::untranslated(text)))
                .collect(),
        ))
    }
}

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// A map with one violation.
    pub fn single(field: &str, violation: Violation) -> Self {
        let mut errors = Self::new();
        errors.add(field, violation);
        errors
    }

    /// Records a violation unless the field already has one.
    pub fn add(&mut self, field: &str, violation: Violation) {
        self.0.entry(field.to_owned()).or_insert(violation);
    }

    /// Each field's rule key, for the `ErrorKeys` beside `Errors` (fields
    /// whose message has no key are left out).
    pub fn keys(&self) -> BTreeMap<String, String> {
        self.0
            .iter()
            .filter(|(_, v)| !v.key.is_empty())
            .map(|(field, v)| (field.clone(), v.key.to_string()))
            .collect()
    }

    /// Gives the violations read from a body their keys (`ErrorKeys`).
    pub fn with_keys(mut self, keys: BTreeMap<String, String>) -> Self {
        for (field, key) in keys {
            if let Some(v) = self.0.get_mut(&field) {
                v.key = Cow::Owned(key);
            }
        }
        self
    }

    /// The violation recorded for `field`.
    pub fn violation(&self, field: &str) -> Option<&Violation> {
        self.0.get(field)
    }

    /// The English text for `field`.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(|v| v.text.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Field → English text.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.text.as_str()))
    }

    pub fn violations(&self) -> impl Iterator<Item = (&str, &Violation)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// `Ok(value)` when nothing was recorded, else `Err(self)`.
    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, Self> {
        if self.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }

    /// One line for a `{"Message": ...}` body: `Field: message; Field: message`
    /// (a violation of the body as a whole has no field and no prefix).
    pub fn summary(&self) -> String {
        self.0
            .iter()
            .map(|(field, v)| {
                if field.is_empty() {
                    v.text.clone()
                } else {
                    format!("{field}: {}", v.text)
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Reads a [`summary`](Self::summary) line back into its violations, so
    /// a rule that the upstream enforced (a duplicate name added by someone
    /// else a moment earlier) lands on its field just as if it had been
    /// caught here. `None` unless every part names a known field: any
    /// other message (SecureVideo's own wording) stays a plain message.
    pub fn from_summary(line: &str) -> Option<Self> {
        // Messages may hold "; " themselves: a part starts a new violation
        // when it begins with a single word and ": ", and that word must
        // then be a known field's name.
        let mut parts: Vec<(&str, String)> = Vec::new();
        for part in line.split("; ") {
            match part.split_once(": ") {
                Some((name, message))
                    if !name.is_empty() && !name.contains(char::is_whitespace) =>
                {
                    if !field::is_known(name) {
                        return None;
                    }
                    parts.push((name, message.to_owned()));
                }
                _ => {
                    let (_, message) = parts.last_mut()?;
                    message.push_str("; ");
                    message.push_str(part);
                }
            }
        }
        let mut errors = Self::new();
        for (name, message) in parts {
            if message.trim().is_empty() {
                return None;
            }
            errors.add(name, Violation::untranslated(message));
        }
        Some(errors)
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary())
    }
}

impl std::error::Error for FieldErrors {}
