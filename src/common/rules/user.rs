//! The User API's body: `POST /user` creates a SecureVideo user account,
//! `PUT /user/{id}` replaces one (SecureVideo KB "API - Users"). The
//! simulator parses it here, with the same field parsers as a participant.
//!
//! Unlike a participant body, unknown fields are tolerated: the documented
//! User carries read-only properties (SystemUserId, VideoId) and a
//! write-only one (NewPassword) that clients send back in what they PUT.
//! They are ignored, and NewPassword is never stored.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::participant::optional;
use super::values::{
    EmailAddress, ExternalId, HelpNumber, PersonName, Resolution, SmsNumber, SystemRoles,
    parse_resolution, parse_time_zone,
};
use crate::common::errors::{FieldErrors, user_field};

/// A User body exactly as it arrived: every writable field as raw JSON.
/// Reading one from a JSON object never fails.
#[derive(Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "PascalCase", default)]
pub struct UserAccountForm {
    pub full_name: Option<Value>,
    pub email_address: Option<Value>,
    pub sms_number: Option<Value>,
    pub default_resolution: Option<Value>,
    pub time_zone_windows_id: Option<Value>,
    pub help_number: Option<Value>,
    pub external_id: Option<Value>,
    pub system_roles: Option<Value>,
    /// Read-only, write-only and unknown fields: ignored.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

impl UserAccountForm {
    /// Reads a form from a JSON body. Only a body that is not a JSON object
    /// is refused here.
    pub fn from_json(body: &[u8]) -> Result<Self, FieldErrors> {
        match serde_json::from_slice::<Value>(body) {
            Ok(value @ Value::Object(_)) => Ok(serde_json::from_value(value).unwrap_or_default()),
            Ok(_) => Err(FieldErrors::single("", super::participant::not_object())),
            Err(_) => Err(FieldErrors::single("", super::participant::not_json())),
        }
    }
}

/// A valid User body. Built only by [`parse_user_account`].
#[derive(Clone, Debug, PartialEq)]
pub struct UserAccountRequest {
    name: PersonName,
    email: Option<EmailAddress>,
    sms: Option<SmsNumber>,
    resolution: Resolution,
    time_zone: Option<&'static str>,
    help_number: Option<HelpNumber>,
    external_id: Option<ExternalId>,
    system_roles: Option<SystemRoles>,
}

impl UserAccountRequest {
    pub fn name(&self) -> &str {
        self.name.as_str()
    }
    pub fn email(&self) -> Option<&str> {
        self.email.as_ref().map(EmailAddress::as_str)
    }
    /// Digits only, like a participant's.
    pub fn sms(&self) -> Option<&str> {
        self.sms.as_ref().map(SmsNumber::as_str)
    }
    /// The legacy resolution as sent ("high" when absent).
    pub fn resolution(&self) -> &str {
        self.resolution.as_str()
    }
    pub fn time_zone(&self) -> Option<&'static str> {
        self.time_zone
    }
    pub fn help_number(&self) -> Option<&str> {
        self.help_number.as_ref().map(HelpNumber::as_str)
    }
    pub fn external_id(&self) -> Option<&str> {
        self.external_id.as_ref().map(ExternalId::as_str)
    }
    pub fn system_roles(&self) -> Option<&str> {
        self.system_roles.as_ref().map(SystemRoles::as_str)
    }
}

/// Parses a User body (create, or the whole replacement a PUT sends),
/// reporting every violation. FullName is required (at least 2
/// characters, like a participant's); every other field is optional, and
/// one left out of a PUT is cleared. A blank value counts as absent, as
/// everywhere (SecureVideo itself writes `""` for "none").
pub fn parse_user_account(form: &UserAccountForm) -> Result<UserAccountRequest, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = PersonName::parse(form.full_name.as_ref())
        .map_err(|message| errors.add(user_field::FULL_NAME, message))
        .ok();
    let email = optional(
        &form.email_address,
        user_field::EMAIL,
        &mut errors,
        EmailAddress::parse,
    );
    let sms = optional(
        &form.sms_number,
        user_field::SMS,
        &mut errors,
        SmsNumber::parse,
    );
    let resolution = parse_resolution(form.default_resolution.as_ref())
        .map_err(|message| errors.add(user_field::RESOLUTION, message))
        .ok();
    let time_zone = optional(
        &form.time_zone_windows_id,
        user_field::TIME_ZONE,
        &mut errors,
        parse_time_zone,
    );
    let help_number = optional(
        &form.help_number,
        user_field::HELP_NUMBER,
        &mut errors,
        HelpNumber::parse,
    );
    let external_id = optional(
        &form.external_id,
        user_field::EXTERNAL_ID,
        &mut errors,
        ExternalId::parse,
    );
    let system_roles = optional(
        &form.system_roles,
        user_field::SYSTEM_ROLES,
        &mut errors,
        SystemRoles::parse,
    );
    match name {
        Some(name) => errors.into_result(|| UserAccountRequest {
            name,
            email,
            sms,
            resolution: resolution.unwrap_or_default(),
            time_zone,
            help_number,
            external_id,
            system_roles,
        }),
        None => Err(errors),
    }
}
