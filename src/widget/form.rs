//! Form state → request bodies, and validation through `common`.
//!
//! The inputs hold plain text; [`GuestFields::to_form`] and
//! [`UserFields::to_form`] turn that text into the same raw
//! [`ParticipantForm`] the proxy reads from JSON, and [`validate_guest`] /
//! [`validate_user`] run `common`'s parse functions and session checks on
//! it. No participant rule is written here: the messages staff see as they
//! type are the proxy's messages.

use serde_json::Value;

use crate::common::errors::{FieldErrors, Violation, field};
use crate::common::view::{ParticipantView, SessionView};
use crate::common::{
    Delivery, Mode, ParticipantForm, Session, UpdateRequest, check_guest_add, check_update,
    check_user_add, parse_guest, parse_user,
};
use crate::widget::i18n::Locale;

/// The three packet choices the form offers. spec: 0 all documents (also
/// ones added later), -1 none, else one packet's id.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PacketChoice {
    #[default]
    AllDocuments,
    NoDocuments,
    Packet,
}

impl PacketChoice {
    pub const ALL: [PacketChoice; 3] = [Self::AllDocuments, Self::NoDocuments, Self::Packet];

    pub fn value(self) -> &'static str {
        match self {
            Self::AllDocuments => "all",
            Self::NoDocuments => "none",
            Self::Packet => "packet",
        }
    }

    /// The catalog key of its label.
    pub fn label_key(self) -> &'static str {
        match self {
            Self::AllDocuments => "packet.all",
            Self::NoDocuments => "packet.none",
            Self::Packet => "packet.choice",
        }
    }

    pub fn from_value(value: &str) -> Self {
        match value {
            "none" => Self::NoDocuments,
            "packet" => Self::Packet,
            _ => Self::AllDocuments,
        }
    }
}

/// The session-specific fields every participant has: packet and deposit.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SessionFields {
    pub packet: PacketChoice,
    pub packet_id: String,
    /// The deposit section is open: the service and the amount are sent.
    pub deposit: bool,
    pub svc_id: String,
    pub amount: String,
}

/// A message of the widget's own (no rule of `common` has it): its text is
/// the English catalog's, written once there.
fn own(key: &'static str) -> Violation {
    Violation::new(key, Locale::En.t(key))
}

impl SessionFields {
    pub fn from_participant(p: &ParticipantView) -> Self {
        let (packet, packet_id) = match p.packet_id {
            None | Some(0) => (PacketChoice::AllDocuments, String::new()),
            Some(-1) => (PacketChoice::NoDocuments, String::new()),
            Some(id) => (PacketChoice::Packet, id.to_string()),
        };
        let deposit = p.svc_id.is_some() || p.deposit_required.is_some();
        Self {
            packet,
            packet_id,
            deposit,
            svc_id: p.svc_id.map(|id| id.to_string()).unwrap_or_default(),
            amount: p
                .deposit_required
                .map(super::format::dollars_input)
                .unwrap_or_default(),
        }
    }

    fn fill(&self, form: &mut ParticipantForm) {
        form.packet_id = match self.packet {
            PacketChoice::AllDocuments => Some(Value::from(0)),
            PacketChoice::NoDocuments => Some(Value::from(-1)),
            PacketChoice::Packet => text(&self.packet_id),
        };
        if self.deposit {
            form.svc_id = text(&self.svc_id);
            form.deposit_required = text(&self.amount);
        }
    }

    fn check(&self, errors: &mut FieldErrors) {
        if self.packet == PacketChoice::Packet && self.packet_id.trim().is_empty() {
            // The "Packet #" choice with no number; the wire has no such
            // case (a missing PacketId means all documents).
            errors.add(field::PACKET_ID, own("form.packet_missing"));
        }
        // A ticked box with both fields blank sends neither, which the wire
        // reads as "no deposit": say so instead of dropping it silently
        // (one blank is `common`'s pair rule).
        if self.deposit && self.svc_id.trim().is_empty() && self.amount.trim().is_empty() {
            errors.add(field::SVC_ID, own("form.deposit_service_missing"));
            errors.add(field::DEPOSIT, own("form.deposit_amount_missing"));
        }
    }
}

/// A text input's value as a raw form value: blank is absent.
fn text(value: &str) -> Option<Value> {
    let value = value.trim();
    (!value.is_empty()).then(|| Value::String(value.to_owned()))
}

/// Every input of the guest form, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct GuestFields {
    pub name: String,
    pub email: String,
    pub sms: String,
    pub delivery: Delivery,
    pub time_zone: String,
    pub external_id: String,
    pub session: SessionFields,
}

impl Default for GuestFields {
    fn default() -> Self {
        Self {
            name: String::new(),
            email: String::new(),
            sms: String::new(),
            delivery: Delivery::Email,
            time_zone: String::new(),
            external_id: String::new(),
            session: SessionFields::default(),
        }
    }
}

impl GuestFields {
    /// A new guest, with the time zone preselected.
    pub fn new(time_zone: Option<&str>) -> Self {
        Self {
            time_zone: time_zone.unwrap_or_default().to_owned(),
            ..Self::default()
        }
    }

    /// The form for editing a guest already in the session.
    pub fn from_participant(p: &ParticipantView) -> Self {
        Self {
            name: p.name().to_owned(),
            email: p.participant_email_address.clone().unwrap_or_default(),
            sms: p.participant_sms_number.clone().unwrap_or_default(),
            delivery: p.delivery(),
            time_zone: p
                .participant_time_zone_windows_id
                .clone()
                .unwrap_or_default(),
            external_id: p.participant_external_id.clone().unwrap_or_default(),
            session: SessionFields::from_participant(p),
        }
    }

    /// The raw body, exactly as the proxy will read it.
    pub fn to_form(&self) -> ParticipantForm {
        let mut form = ParticipantForm {
            participant_full_name: text(&self.name),
            participant_email_address: text(&self.email),
            participant_sms_number: text(&self.sms),
            participant_default_resolution: Some(Value::String(
                crate::common::rules::values::RESOLUTION.to_owned(),
            )),
            participant_time_zone_windows_id: text(&self.time_zone),
            participant_external_id: text(&self.external_id),
            should_auto_deliver_code: Some(Value::from(self.delivery.code())),
            ..ParticipantForm::default()
        };
        self.session.fill(&mut form);
        form
    }

    pub fn delivery(&self) -> Delivery {
        self.delivery
    }
}

/// Which contact field the delivery method makes required, by wire name.
/// The rule and its message live in `common::parse_guest`; this only marks
/// the input as required.
pub fn required_contact(delivery: Delivery) -> Option<&'static str> {
    match delivery {
        Delivery::Email => Some(field::EMAIL),
        Delivery::Sms => Some(field::SMS),
        Delivery::None => None,
    }
}

/// Validates a guest form: `common::parse_guest`, then the session checks
/// (`check_guest_add` for an add, `check_update` for an edit of `editing`).
/// Returns the validated body to send (JSON text), or every violation.
pub fn validate_guest(
    fields: &GuestFields,
    session: Option<&SessionView>,
    editing: Option<&ParticipantView>,
) -> Result<String, FieldErrors> {
    let wire = session.map(SessionView::to_session);
    validate_guest_in(fields, session.zip(wire.as_ref()), editing)
}

/// [`validate_guest`] with the session already in its wire form (a batch
/// of rows converts it once, not once a row).
pub fn validate_guest_in(
    fields: &GuestFields,
    session: Option<(&SessionView, &Session)>,
    editing: Option<&ParticipantView>,
) -> Result<String, FieldErrors> {
    check_guest_in(fields, session, editing).map(|guest| body_json(&guest.to_body()))
}

/// The checks of [`validate_guest_in`] without writing the body: a batch's
/// preview checks every row but sends none yet.
pub fn check_guest_in(
    fields: &GuestFields,
    session: Option<(&SessionView, &Session)>,
    editing: Option<&ParticipantView>,
) -> Result<crate::common::GuestRequest, FieldErrors> {
    let mode = if editing.is_some() {
        Mode::Update
    } else {
        Mode::Add
    };
    let mut errors = FieldErrors::new();
    fields.session.check(&mut errors);
    let parsed = parse_guest(&fields.to_form(), mode);
    let guest = match parsed {
        Ok(guest) => guest,
        Err(found) => {
            merge(&mut errors, found);
            if let (Some((session, _)), None) = (session, editing) {
                early_session_check(fields, session, &mut errors);
            }
            return Err(errors);
        }
    };
    if let Some((_, wire)) = session {
        let checked = match editing {
            Some(target) => check_update(
                wire,
                &target.to_participation(),
                &UpdateRequest::Guest(guest.clone()),
            ),
            None => check_guest_add(wire, &guest),
        };
        if let Err(found) = checked {
            merge(&mut errors, found);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(guest)
}

/// The session-specific fields of a SecureVideo user, and on an add the
/// user picked in the search.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserFields {
    pub user_id: Option<i64>,
    pub session: SessionFields,
}

impl UserFields {
    pub fn from_participant(p: &ParticipantView) -> Self {
        Self {
            user_id: p.secure_video_user_id,
            session: SessionFields::from_participant(p),
        }
    }

    pub fn to_form(&self) -> ParticipantForm {
        let mut form = ParticipantForm {
            secure_video_user_id: self.user_id.map(Value::from),
            ..ParticipantForm::default()
        };
        self.session.fill(&mut form);
        form
    }
}

/// Validates a user form: `common::parse_user`, then `check_user_add` or
/// `check_update`.
pub fn validate_user(
    fields: &UserFields,
    session: Option<&SessionView>,
    editing: Option<&ParticipantView>,
) -> Result<String, FieldErrors> {
    let mode = if editing.is_some() {
        Mode::Update
    } else {
        Mode::Add
    };
    let mut errors = FieldErrors::new();
    fields.session.check(&mut errors);
    let user = match parse_user(&fields.to_form(), mode) {
        Ok(user) => user,
        Err(found) => {
            merge(&mut errors, found);
            return Err(errors);
        }
    };
    if let Some(session) = session {
        let wire = session.to_session();
        let checked = match editing {
            Some(target) => check_update(
                &wire,
                &target.to_participation(),
                &UpdateRequest::User(user.clone()),
            ),
            None => check_user_add(&wire, &user),
        };
        if let Err(found) = checked {
            merge(&mut errors, found);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(body_json(&user.to_body()))
}

/// While other fields are still incomplete, checks what is already valid
/// (the name, and the e-mail if given) against the session, so a duplicate
/// or the host shows as soon as the name is typed. Runs `common`'s own
/// parse and check on just those fields.
fn early_session_check(fields: &GuestFields, session: &SessionView, errors: &mut FieldErrors) {
    let partial = GuestFields {
        name: fields.name.clone(),
        email: if errors.get(field::EMAIL).is_none() {
            fields.email.clone()
        } else {
            String::new()
        },
        delivery: Delivery::None,
        ..GuestFields::default()
    };
    if let Ok(guest) = parse_guest(&partial.to_form(), Mode::Add)
        && let Err(found) = check_guest_add(&session.to_session(), &guest)
    {
        merge(errors, found);
    }
}

/// The canonical body as the JSON text the proxy is sent. Written straight
/// from the typed body: no `serde_json::Value` in between.
fn body_json(body: &impl serde::Serialize) -> String {
    serde_json::to_string(body).unwrap_or_default()
}

fn merge(into: &mut FieldErrors, from: FieldErrors) {
    for (name, violation) in from.violations() {
        into.add(name, violation.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::view::SessionView;

    /// The body a valid form sends, read back as JSON.
    fn sent(body: Result<String, FieldErrors>) -> Value {
        serde_json::from_str(&body.expect("the form is valid")).unwrap()
    }

    fn guest(name: &str, delivery: &str) -> GuestFields {
        GuestFields {
            name: name.into(),
            delivery: Delivery::parse(Some(&Value::from(delivery))).unwrap(),
            ..GuestFields::default()
        }
    }

    fn session() -> SessionView {
        serde_json::from_str::<SessionView>(
            r#"{"SessionId": 1, "UserId": 9, "Participants": [
                {"ParticipationId": 1, "ParticipantFullName": "Dr. Host", "SecureVideoUserId": 9},
                {"ParticipationId": 2, "ParticipantFullName": "Pat Doe"}]}"#,
        )
        .unwrap()
        .normalized()
    }

    #[test]
    fn a_short_name_gets_commons_message() {
        let errors = validate_guest(&guest("T", "N"), None, None).unwrap_err();
        assert_eq!(
            errors.get(field::FULL_NAME),
            Some("Full name is required and must be at least 2 characters.")
        );
    }

    #[test]
    fn the_delivery_method_decides_which_contact_is_required() {
        let by_email = validate_guest(&guest("Trevor", "E"), None, None).unwrap_err();
        assert!(by_email.get(field::EMAIL).is_some());
        assert!(by_email.get(field::SMS).is_none());
        let by_text = validate_guest(&guest("Trevor", "S"), None, None).unwrap_err();
        assert!(by_text.get(field::SMS).is_some());
        assert!(validate_guest(&guest("Trevor", "N"), None, None).is_ok());
        assert_eq!(required_contact(Delivery::Sms), Some(field::SMS));
    }

    #[test]
    fn a_deposit_needs_both_service_and_amount() {
        let mut fields = guest("Trevor", "N");
        fields.session.deposit = true;
        fields.session.svc_id = "1037".into();
        let errors = validate_guest(&fields, None, None).unwrap_err();
        assert!(errors.get(field::DEPOSIT).is_some());
        fields.session.amount = "20".into();
        let body = sent(validate_guest(&fields, None, None));
        assert_eq!(body["SvcId"], 1037);
        assert_eq!(body["DepositRequired"], 20.0);
        // Closing the section sends neither.
        fields.session.deposit = false;
        let body = sent(validate_guest(&fields, None, None));
        assert!(body["SvcId"].is_null() && body["DepositRequired"].is_null());
    }

    // Regression (issue 13, defect 1): the box ticked and both fields left
    // blank saved the guest with no deposit and no message.
    #[test]
    fn a_ticked_deposit_with_both_fields_blank_is_refused_on_both_fields() {
        for validate in [
            |f: &GuestFields| validate_guest(f, None, None).map(|_| ()),
            |f: &GuestFields| {
                let user = UserFields {
                    user_id: Some(5),
                    session: f.session.clone(),
                };
                validate_user(&user, None, None).map(|_| ())
            },
        ] {
            let mut fields = guest("Trevor", "N");
            fields.session.deposit = true;
            fields.session.svc_id = "  ".into();
            let errors = validate(&fields).unwrap_err();
            assert_eq!(
                errors.get(field::SVC_ID),
                Some("Enter the service ID for the deposit, or untick \"Require a deposit\".")
            );
            assert_eq!(
                errors.get(field::DEPOSIT),
                Some("Enter the deposit amount, or untick \"Require a deposit\".")
            );
            fields.session.deposit = false;
            assert!(validate(&fields).is_ok());
        }
    }

    #[test]
    fn the_packet_choice_maps_to_the_wire_values() {
        let mut fields = guest("Trevor", "N");
        assert_eq!(sent(validate_guest(&fields, None, None))["PacketId"], 0);
        fields.session.packet = PacketChoice::NoDocuments;
        assert_eq!(sent(validate_guest(&fields, None, None))["PacketId"], -1);
        fields.session.packet = PacketChoice::Packet;
        let errors = validate_guest(&fields, None, None).unwrap_err();
        assert_eq!(
            errors.get(field::PACKET_ID),
            Some("Enter the packet number, or choose all or no documents.")
        );
        fields.session.packet_id = "1215".into();
        assert_eq!(sent(validate_guest(&fields, None, None))["PacketId"], 1215);
    }

    #[test]
    fn a_duplicate_name_is_caught_against_the_shown_session() {
        let session = session();
        let errors = validate_guest(&guest("pat  doe", "N"), Some(&session), None).unwrap_err();
        assert!(errors.get(field::FULL_NAME).is_some());
        let errors = validate_guest(&guest("Dr. Host", "N"), Some(&session), None).unwrap_err();
        assert!(errors.get(field::FULL_NAME).is_some());
    }

    #[test]
    fn a_duplicate_name_shows_before_the_rest_of_the_form_is_valid() {
        let session = session();
        // E-mail delivery without an address: the body is not valid yet.
        let errors = validate_guest(&guest("Pat Doe", "E"), Some(&session), None).unwrap_err();
        assert!(errors.get(field::EMAIL).is_some());
        assert_eq!(
            errors.get(field::FULL_NAME),
            Some(crate::common::rules::session::DUPLICATE_NAME_MESSAGE)
        );
    }

    #[test]
    fn editing_a_guest_keeps_the_name_and_passes() {
        let session = session();
        let pat = session.participant(2).unwrap();
        let fields = GuestFields::from_participant(pat);
        assert!(validate_guest(&fields, Some(&session), Some(pat)).is_ok());
    }

    #[test]
    fn a_user_add_needs_a_picked_user_not_already_in_the_session() {
        let session = session();
        let mut fields = UserFields::default();
        assert!(
            validate_user(&fields, Some(&session), None)
                .unwrap_err()
                .get(field::USER_ID)
                .is_some()
        );
        fields.user_id = Some(9);
        assert!(
            validate_user(&fields, Some(&session), None)
                .unwrap_err()
                .get(field::USER_ID)
                .is_some()
        );
        fields.user_id = Some(40);
        let body = sent(validate_user(&fields, Some(&session), None));
        assert_eq!(body["SecureVideoUserId"], 40);
    }
}
