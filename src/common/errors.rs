//! Violations of the participant rules, keyed by the wire name of the field
//! they concern, so the widget can show each message next to its input and
//! the proxy can return them all at once.

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

/// Every violation found in one body: field wire name → message.
///
/// Only the first message per field is kept; it is the most basic one (a
/// missing value before a malformed one).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
#[serde(transparent)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// A map with one violation.
    pub fn single(field: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    /// Records a violation unless the field already has one.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_owned())
            .or_insert_with(|| message.into());
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
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
            .map(|(field, message)| {
                if field.is_empty() {
                    message.clone()
                } else {
                    format!("{field}: {message}")
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
            errors.add(name, message);
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
