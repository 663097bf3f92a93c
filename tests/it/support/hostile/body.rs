//! A raw request body through every parser and session check of `common`,
//! as the fuzz target `body` and its corpus replay drive it.
//!
//! Checked for every input: nothing panics; every violation is named after
//! a field of the participant API, a field of the body, or the body as a
//! whole (`""`); and whatever is accepted serializes to a canonical body
//! that parses back to the same request.

use std::sync::OnceLock;

use participant_manager::common::rules::values::{
    self, Delivery, EmailAddress, ExternalId, Packet, PersonName, SmsNumber, UsdCents,
};
use participant_manager::common::{
    AddRequest, FieldErrors, Mode, ParticipantForm, Session, check_guest_add, check_remove,
    check_update, check_user_add, field, parse_add, parse_guest, parse_update, parse_user,
};
use serde::Serialize;
use serde_json::Value;

use super::upstream::Script;

/// The session the checks run against: a host, a guest and a user.
fn session() -> &'static Session {
    static SESSION: OnceLock<Session> = OnceLock::new();
    SESSION.get_or_init(|| serde_json::from_value(Script::default().session()).unwrap())
}

/// Runs one input through everything; panics on a broken property.
pub fn check_body(data: &[u8]) {
    let form = match ParticipantForm::from_json(data) {
        Ok(form) => form,
        Err(errors) => {
            assert_eq!(errors.fields().collect::<Vec<_>>(), [""], "{errors:?}");
            every_value_parser(&Value::String(String::from_utf8_lossy(data).into_owned()));
            return;
        }
    };
    for value in form_values(&form) {
        every_value_parser(value);
    }

    let add = parse_add(&form);
    named_after_fields(&form, &add);
    if let Ok(request) = &add {
        let checked = match request {
            AddRequest::Guest(guest) => check_guest_add(session(), guest),
            AddRequest::User(user) => check_user_add(session(), user),
        };
        if let Err(errors) = &checked {
            named_after_fields(&form, &Err::<(), _>(errors.clone()));
        }
        assert_round_trip(request, parse_add);
    }
    for mode in [Mode::Add, Mode::Update] {
        let guest = parse_guest(&form, mode);
        named_after_fields(&form, &guest);
        if let Ok(guest) = &guest {
            assert_round_trip(guest, |form| parse_guest(form, mode));
        }
        let user = parse_user(&form, mode);
        named_after_fields(&form, &user);
        if let Ok(user) = &user {
            assert_round_trip(user, |form| parse_user(form, mode));
        }
    }
    for participation in &session().participants {
        let update = parse_update(&form, participation.is_user());
        named_after_fields(&form, &update);
        if let Ok(update) = &update {
            let checked = check_update(session(), participation, update);
            named_after_fields(&form, &checked);
            assert_round_trip(update, |form| parse_update(form, participation.is_user()));
        }
        let _ = check_remove(session(), participation);
    }
}

/// Every value the form holds, known fields and unknown ones.
fn form_values(form: &ParticipantForm) -> impl Iterator<Item = &Value> {
    [
        &form.participant_full_name,
        &form.participant_email_address,
        &form.participant_sms_number,
        &form.participant_default_resolution,
        &form.participant_time_zone_windows_id,
        &form.participant_external_id,
        &form.should_auto_deliver_code,
        &form.packet_id,
        &form.svc_id,
        &form.deposit_required,
        &form.secure_video_user_id,
    ]
    .into_iter()
    .flatten()
    .chain(form.other.values())
}

/// Every parser of one value: none may panic, and what each accepts must
/// be accepted again in its canonical form.
fn every_value_parser(value: &Value) {
    if let Ok(name) = PersonName::parse(Some(value)) {
        let again = PersonName::parse(Some(&Value::String(name.as_str().to_owned())));
        assert_eq!(again.as_ref(), Ok(&name));
    }
    if let Ok(email) = EmailAddress::parse(value) {
        assert_eq!(
            EmailAddress::parse(&Value::String(email.as_str().to_owned())).as_ref(),
            Ok(&email)
        );
    }
    if let Ok(sms) = SmsNumber::parse(value) {
        assert!(sms.as_str().bytes().all(|b| b.is_ascii_digit()), "{sms:?}");
    }
    let _ = ExternalId::parse(value);
    let _ = Delivery::parse(Some(value));
    let _ = values::parse_resolution(Some(value));
    if let Ok(zone) = values::parse_time_zone(value) {
        assert_eq!(
            values::parse_time_zone(&Value::String(zone.to_owned())),
            Ok(zone)
        );
    }
    let _ = values::integer(value, "Value");
    if let Ok(id) = values::positive_id(value, "Id") {
        assert!((1..=values::MAX_ID).contains(&id));
    }
    let _ = Packet::parse(Some(value));
    if let Ok(cents) = UsdCents::parse(value) {
        let dollars = serde_json::json!(cents.to_dollars());
        assert_eq!(UsdCents::parse(&dollars), Ok(cents), "{dollars}");
    }
}

/// Every violation names a field of the API, a key of the body, or the
/// body as a whole.
fn named_after_fields<T>(form: &ParticipantForm, result: &Result<T, FieldErrors>) {
    let Err(errors) = result else { return };
    assert!(!errors.is_empty());
    for name in errors.fields() {
        let known = name.is_empty()
            || field::GUEST_FIELDS.contains(&name)
            || field::USER_FIELDS.contains(&name)
            || form.other.contains_key(name);
        assert!(known, "a violation names {name:?}, which is no field");
    }
}

/// The canonical body of an accepted request parses to an equal request.
fn assert_round_trip<T: Serialize + PartialEq + std::fmt::Debug>(
    request: &T,
    parse: impl Fn(&ParticipantForm) -> Result<T, FieldErrors>,
) {
    let body = serde_json::to_vec(request).expect("a request serializes");
    let form = ParticipantForm::from_json(&body).expect("a canonical body is an object");
    match parse(&form) {
        Ok(again) => assert_eq!(&again, request, "{}", String::from_utf8_lossy(&body)),
        Err(errors) => panic!(
            "the canonical body {} is refused: {errors:?}",
            String::from_utf8_lossy(&body)
        ),
    }
}
