//! The participant bodies: one raw form, four parse functions (guest add,
//! guest update, user add, user update), and the validated requests they
//! produce. The widget calls these on every keystroke; the proxy and the
//! simulator call them before anything is stored or forwarded.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::values::{
    Delivery, EmailAddress, ExternalId, Packet, PersonName, Resolution, SmsNumber, UsdCents,
    is_absent, parse_resolution, parse_time_zone, positive_id,
};
use crate::common::errors::{FieldErrors, Violation, field};
use crate::common::wire::{GuestBody, UserParticipantBody};

/// A body that is JSON but not an object (shared with the User API's body).
pub(super) fn not_object() -> Violation {
    Violation::new("body.not_object", "The body must be a JSON object.")
}

pub(super) fn not_json() -> Violation {
    Violation::new("body.not_json", "The body is not valid JSON.")
}

/// An add of a SecureVideo user that names none.
pub(super) fn choose_user() -> Violation {
    Violation::new("user.required", "Choose the SecureVideo user to add.")
}

/// A participant body exactly as it arrived: every known field as raw JSON,
/// anything else kept aside so it can be reported by name.
///
/// Deserializing a `ParticipantForm` from any JSON object never fails: a
/// wrong type becomes a field violation when the form is parsed.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "PascalCase", default)]
pub struct ParticipantForm {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_full_name: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_email_address: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_sms_number: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_default_resolution: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_time_zone_windows_id: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_external_id: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub should_auto_deliver_code: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub packet_id: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub svc_id: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deposit_required: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secure_video_user_id: Option<Value>,
    /// Fields this API does not know.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

impl ParticipantForm {
    /// Reads a form from a JSON body. Only a body that is not a JSON object
    /// is refused here.
    pub fn from_json(body: &[u8]) -> Result<Self, FieldErrors> {
        match serde_json::from_slice::<Value>(body) {
            Ok(value @ Value::Object(_)) => Ok(serde_json::from_value(value).unwrap_or_default()),
            Ok(_) => Err(FieldErrors::single("", not_object())),
            Err(_) => Err(FieldErrors::single("", not_json())),
        }
    }

    /// True when the body names a SecureVideo user, so an add is a user add.
    pub fn names_user(&self) -> bool {
        !is_absent(self.secure_video_user_id.as_ref())
    }

    /// The guest-only fields that carry a value, by wire name.
    fn guest_only_fields_present(&self) -> Vec<&'static str> {
        [
            (field::FULL_NAME, &self.participant_full_name),
            (field::EMAIL, &self.participant_email_address),
            (field::SMS, &self.participant_sms_number),
            (field::RESOLUTION, &self.participant_default_resolution),
            (field::TIME_ZONE, &self.participant_time_zone_windows_id),
            (field::EXTERNAL_ID, &self.participant_external_id),
            (field::DELIVERY, &self.should_auto_deliver_code),
        ]
        .into_iter()
        .filter(|(_, value)| !is_absent(value.as_ref()))
        .map(|(name, _)| name)
        .collect()
    }

    fn report_unknown_fields(&self, errors: &mut FieldErrors) {
        for name in self.other.keys() {
            errors.add(
                name,
                Violation::new(
                    "field.unknown",
                    format!("{name} is not a field of a participant."),
                ),
            );
        }
    }
}

/// Whether a body adds a participant or updates one already in the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Add,
    Update,
}

/// A deposit: the service it pays for and the amount, always together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deposit {
    pub svc_id: i64,
    pub amount: UsdCents,
}

/// spec: "SvcId and DepositRequired must both either be null, or both be not
/// null." Reads both and checks they come as a pair.
fn parse_deposit(form: &ParticipantForm, errors: &mut FieldErrors) -> Option<Deposit> {
    let svc = form.svc_id.as_ref().filter(|v| !is_absent(Some(v)));
    let amount = form
        .deposit_required
        .as_ref()
        .filter(|v| !is_absent(Some(v)));
    let svc_id = svc.map(|v| positive_id(v, "Service id"));
    let amount = amount.map(UsdCents::parse);
    if let Some(Err(message)) = &svc_id {
        errors.add(field::SVC_ID, message.clone());
    }
    if let Some(Err(message)) = &amount {
        errors.add(field::DEPOSIT, message.clone());
    }
    match (svc_id, amount) {
        (None, None) => None,
        (Some(Ok(svc_id)), Some(Ok(amount))) => Some(Deposit { svc_id, amount }),
        (Some(_), None) => {
            errors.add(
                field::DEPOSIT,
                Violation::new(
                    "deposit.needs_amount",
                    "Enter the deposit amount for this service, or clear the service.",
                ),
            );
            None
        }
        (None, Some(_)) => {
            errors.add(
                field::SVC_ID,
                Violation::new(
                    "deposit.needs_service",
                    "Choose the service this deposit pays for, or clear the deposit.",
                ),
            );
            None
        }
        _ => None,
    }
}

fn parse_packet(form: &ParticipantForm, errors: &mut FieldErrors) -> Packet {
    Packet::parse(form.packet_id.as_ref()).unwrap_or_else(|message| {
        errors.add(field::PACKET_ID, message);
        Packet::Unspecified
    })
}

/// A valid guest body. Built only by [`parse_guest`].
#[derive(Clone, Debug, PartialEq)]
pub struct GuestRequest {
    name: Option<PersonName>,
    email: Option<EmailAddress>,
    sms: Option<SmsNumber>,
    resolution: Resolution,
    time_zone: Option<&'static str>,
    external_id: Option<ExternalId>,
    delivery: Delivery,
    packet: Packet,
    deposit: Option<Deposit>,
}

impl GuestRequest {
    /// The name; always present on an add, optional on an update (where it
    /// may only repeat the current name).
    pub fn name(&self) -> Option<&str> {
        self.name.as_ref().map(PersonName::as_str)
    }
    pub fn email(&self) -> Option<&str> {
        self.email.as_ref().map(EmailAddress::as_str)
    }
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
    pub fn external_id(&self) -> Option<&str> {
        self.external_id.as_ref().map(ExternalId::as_str)
    }
    pub fn delivery(&self) -> Delivery {
        self.delivery
    }
    pub fn packet(&self) -> Packet {
        self.packet
    }
    pub fn deposit(&self) -> Option<Deposit> {
        self.deposit
    }

    /// The canonical wire body.
    pub fn to_body(&self) -> GuestBody {
        GuestBody {
            participant_full_name: self.name().map(str::to_owned),
            participant_email_address: self.email().map(str::to_owned),
            participant_sms_number: self.sms().map(str::to_owned),
            participant_default_resolution: Some(self.resolution().to_owned()),
            participant_time_zone_windows_id: self.time_zone.map(str::to_owned),
            participant_external_id: self.external_id().map(str::to_owned),
            should_auto_deliver_code: Some(self.delivery.code().to_owned()),
            packet_id: self.packet.to_wire(),
            svc_id: self.deposit.map(|d| d.svc_id),
            deposit_required: self.deposit.map(|d| d.amount.to_dollars()),
        }
    }
}

impl Serialize for GuestRequest {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_body().serialize(serializer)
    }
}

/// Parses a guest (non-SecureVideo user) body, reporting every violation.
pub fn parse_guest(form: &ParticipantForm, mode: Mode) -> Result<GuestRequest, FieldErrors> {
    let mut errors = FieldErrors::new();
    form.report_unknown_fields(&mut errors);
    if form.names_user() {
        errors.add(
            field::USER_ID,
            Violation::new(
                "guest.has_user_id",
                "A guest has no SecureVideo user id; add the SecureVideo user instead.",
            ),
        );
    }

    // An update may leave the name out: it cannot change anyway.
    let name_given = !is_absent(form.participant_full_name.as_ref());
    let name = if mode == Mode::Add || name_given {
        PersonName::parse(form.participant_full_name.as_ref())
            .map_err(|message| errors.add(field::FULL_NAME, message))
            .ok()
    } else {
        None
    };

    let delivery = Delivery::parse(form.should_auto_deliver_code.as_ref())
        .map_err(|message| errors.add(field::DELIVERY, message))
        .ok();

    let email = optional(
        &form.participant_email_address,
        field::EMAIL,
        &mut errors,
        EmailAddress::parse,
    );
    if delivery == Some(Delivery::Email) && is_absent(form.participant_email_address.as_ref()) {
        errors.add(
            field::EMAIL,
            Violation::new(
                "email.required",
                "E-mail address is required when invitations go by e-mail.",
            ),
        );
    }
    let sms = optional(
        &form.participant_sms_number,
        field::SMS,
        &mut errors,
        SmsNumber::parse,
    );
    if delivery == Some(Delivery::Sms) && is_absent(form.participant_sms_number.as_ref()) {
        errors.add(
            field::SMS,
            Violation::new(
                "sms.required",
                "Mobile number is required when invitations go by text message.",
            ),
        );
    }

    let resolution = parse_resolution(form.participant_default_resolution.as_ref())
        .map_err(|message| errors.add(field::RESOLUTION, message))
        .ok();
    let time_zone = optional(
        &form.participant_time_zone_windows_id,
        field::TIME_ZONE,
        &mut errors,
        parse_time_zone,
    );
    let external_id = optional(
        &form.participant_external_id,
        field::EXTERNAL_ID,
        &mut errors,
        ExternalId::parse,
    );
    let packet = parse_packet(form, &mut errors);
    let deposit = parse_deposit(form, &mut errors);

    errors.into_result(|| GuestRequest {
        name,
        email,
        sms,
        resolution: resolution.unwrap_or_default(),
        time_zone,
        external_id,
        delivery: delivery.unwrap_or(Delivery::None),
        packet,
        deposit,
    })
}

/// Parses an optional field: absent is `None`, present must parse. Shared
/// with the User API's body ([`super::user`]).
pub(super) fn optional<T>(
    value: &Option<Value>,
    name: &str,
    errors: &mut FieldErrors,
    parse: impl FnOnce(&Value) -> Result<T, Violation>,
) -> Option<T> {
    let value = value.as_ref().filter(|v| !is_absent(Some(v)))?;
    parse(value)
        .map_err(|message| errors.add(name, message))
        .ok()
}

/// A valid body for a SecureVideo user's participation. Built only by
/// [`parse_user`].
#[derive(Clone, Debug, PartialEq)]
pub struct UserRequest {
    user_id: Option<i64>,
    packet: Packet,
    deposit: Option<Deposit>,
}

impl UserRequest {
    /// The SecureVideo user; always present on an add, optional on an
    /// update (where it may only repeat the current one).
    pub fn user_id(&self) -> Option<i64> {
        self.user_id
    }
    pub fn packet(&self) -> Packet {
        self.packet
    }
    pub fn deposit(&self) -> Option<Deposit> {
        self.deposit
    }

    /// The canonical wire body.
    pub fn to_body(&self) -> UserParticipantBody {
        UserParticipantBody {
            secure_video_user_id: self.user_id,
            packet_id: self.packet.to_wire(),
            svc_id: self.deposit.map(|d| d.svc_id),
            deposit_required: self.deposit.map(|d| d.amount.to_dollars()),
        }
    }
}

impl Serialize for UserRequest {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_body().serialize(serializer)
    }
}

/// Parses a SecureVideo user's participant body. spec: it carries "only
/// Session-specific properties (e.g., PacketId, SvcId, and DepositRequired)";
/// the user's own properties are maintained with the User API.
pub fn parse_user(form: &ParticipantForm, mode: Mode) -> Result<UserRequest, FieldErrors> {
    let mut errors = FieldErrors::new();
    form.report_unknown_fields(&mut errors);
    for name in form.guest_only_fields_present() {
        errors.add(
            name,
            Violation::new(
                "user.guest_field",
                "Only session-specific properties (PacketId, SvcId, DepositRequired) can be \
                 set for a SecureVideo user; their own details are kept in SecureVideo.",
            ),
        );
    }
    let user_id = match form.secure_video_user_id.as_ref() {
        value if is_absent(value) => {
            if mode == Mode::Add {
                errors.add(field::USER_ID, choose_user());
            }
            None
        }
        Some(value) => positive_id(value, "SecureVideo user id")
            .map_err(|message| errors.add(field::USER_ID, message))
            .ok(),
        None => None,
    };
    let packet = parse_packet(form, &mut errors);
    let deposit = parse_deposit(form, &mut errors);
    errors.into_result(|| UserRequest {
        user_id,
        packet,
        deposit,
    })
}

/// A validated add: a guest or a SecureVideo user.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum AddRequest {
    Guest(GuestRequest),
    User(UserRequest),
}

/// Parses a POST body: a body with a SecureVideoUserId adds that user,
/// any other adds a guest.
pub fn parse_add(form: &ParticipantForm) -> Result<AddRequest, FieldErrors> {
    if form.names_user() {
        parse_user(form, Mode::Add).map(AddRequest::User)
    } else {
        parse_guest(form, Mode::Add).map(AddRequest::Guest)
    }
}

/// A validated update of a guest or of a user's session properties.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum UpdateRequest {
    Guest(GuestRequest),
    User(UserRequest),
}

/// Parses a PUT body for a participant of the given kind. Which kind the
/// target is comes from the session, not from the body.
pub fn parse_update(
    form: &ParticipantForm,
    target_is_user: bool,
) -> Result<UpdateRequest, FieldErrors> {
    if target_is_user {
        parse_user(form, Mode::Update).map(UpdateRequest::User)
    } else {
        parse_guest(form, Mode::Update).map(UpdateRequest::Guest)
    }
}
