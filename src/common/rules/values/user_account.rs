//! The values only a User (the User API's account) has; the fields it
//! shares with a participant (name, e-mail, SMS, resolution, time zone,
//! external id) are read by the same parsers as a participant's.

use serde_json::Value;

use crate::common::errors::Violation;

use super::{SHORT_TEXT_MAX_CHARS, SMS_MAX_CHARS, SMS_MAX_DIGITS, text};

/// A help-desk number shown to a SecureVideo user ("HelpNumber"), kept as
/// typed: SecureVideo's own records write it both as `4084062331` and as
/// `111-334-8512`. What is typed must still be a phone number: the usual
/// separators and 7 to 15 digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpNumber(String);

impl HelpNumber {
    pub fn parse(value: &Value) -> Result<Self, Violation> {
        let invalid = || {
            Violation::new(
                "help_number.invalid",
                "Enter a help number: 7 to 15 digits, like 111-334-8512.",
            )
        };
        let s = match value {
            Value::Number(n) => n.as_u64().ok_or_else(invalid)?.to_string(),
            _ => text(value, "Help number", SMS_MAX_CHARS)?.to_owned(),
        };
        let digits = s.chars().filter(char::is_ascii_digit).count();
        let only_phone_characters = s
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '+'));
        if only_phone_characters && (7..=SMS_MAX_DIGITS).contains(&digits) {
            Ok(Self(s))
        } else {
            Err(invalid())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A user's SystemRoles: SecureVideo writes one-letter role codes separated
/// by commas ("H,P", "I"). The letters are SecureVideo's to define and are
/// not documented, so any letters are kept as sent; only the shape is
/// checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemRoles(String);

impl SystemRoles {
    pub fn parse(value: &Value) -> Result<Self, Violation> {
        let invalid = || {
            Violation::new(
                "system_roles.invalid",
                "System roles are one-letter codes separated by commas, like H,P.",
            )
        };
        let s = text(value, "System roles", SHORT_TEXT_MAX_CHARS).map_err(|_| invalid())?;
        if s.split(',').all(|code| {
            code.trim().len() == 1 && code.trim().chars().all(|c| c.is_ascii_alphabetic())
        }) {
            Ok(Self(s.to_owned()))
        } else {
            Err(invalid())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
