//! One table test per participant rule in `common`: each row is an input and
//! what the parser must make of it (the accepted value, or the one field the
//! violation is reported on). The rules come from SecureVideo's Participant API
//! page (`shared/spec/participant-api.txt`) and the bounds the issue adds.
//!
//! Run: `cargo test --test it common::rules`.

use std::fmt::Debug;

use participant_manager::common::rules::session::{
    DUPLICATE_EXTERNAL_ID_MESSAGE, DUPLICATE_NAME_MESSAGE, DUPLICATE_USER_MESSAGE,
    HOST_EDIT_MESSAGE, HOST_MESSAGE, NAME_CHANGE_MESSAGE, USER_CHANGE_MESSAGE,
};
use participant_manager::common::{
    self, AddRequest, Delivery, FieldErrors, GuestRequest, Mode, Packet, ParticipantForm, Session,
    UserRequest, field,
};
use serde_json::{Value, json};

/// The spec's guest example. The published page shows the address as
/// "[email protected]" (an e-mail obfuscation artefact), so a real one stands in.
fn spec_guest() -> Value {
    json!({
        "ParticipantFullName": "Trevor",
        "ParticipantEmailAddress": "trevor@example.com",
        "ParticipantSmsNumber": "13334446666",
        "ParticipantDefaultResolution": "high",
        "ParticipantTimeZoneWindowsId": "Eastern Standard Time",
        "ParticipantExternalId": "EMR123456",
        "ShouldAutoDeliverCode": "S",
        "PacketId": 1215,
        "SvcId": 1037,
        "DepositRequired": 20.00
    })
}

/// The spec's SecureVideo-user example, id as a string as published.
fn spec_user() -> Value {
    json!({ "SecureVideoUserId": "1122", "PacketId": -1, "SvcId": null, "DepositRequired": null })
}

/// `body` with each `(field, value)` set; `None` leaves the field out.
fn with(mut body: Value, changes: &[(&str, Option<Value>)]) -> Value {
    let object = body.as_object_mut().expect("a body is a JSON object");
    for (name, value) in changes {
        match value {
            Some(value) => object.insert((*name).to_owned(), value.clone()),
            None => object.remove(*name),
        };
    }
    body
}

/// Reads a body the way the proxy does: from its bytes.
fn form(body: &Value) -> ParticipantForm {
    ParticipantForm::from_json(body.to_string().as_bytes()).expect("a JSON object is a form")
}

fn guest_add(body: &Value) -> Result<GuestRequest, FieldErrors> {
    common::parse_guest(&form(body), Mode::Add)
}

fn fields(errors: &FieldErrors) -> Vec<&str> {
    errors.fields().collect()
}

/// Runs one rule's table. A row expects `Ok(value)`, what `read` finds in the
/// accepted request, or `Err(field)`, the only field the violation is on.
fn table<I: Debug, T: Debug, W: PartialEq + Debug>(
    rows: &[(I, Result<W, &str>)],
    parse: impl Fn(&I) -> Result<T, FieldErrors>,
    read: impl Fn(&T) -> W,
) {
    for (input, expected) in rows {
        match (parse(input), expected) {
            (Ok(request), Ok(want)) => {
                assert_eq!(
                    &read(&request),
                    want,
                    "row {input:?}: accepted with the wrong value"
                );
            }
            (Err(errors), Err(want)) => {
                assert_eq!(
                    fields(&errors),
                    [*want],
                    "row {input:?}: rejected on the wrong fields: {errors}"
                );
            }
            (got, want) => panic!("row {input:?}: got {got:?}, want {want:?}"),
        }
    }
}

/// A row for one field: its value (`None` leaves it out) and the outcome.
type FieldRow<'a, W> = (Option<Value>, Result<W, &'a str>);

/// `table` for one guest field set to each row's value in the spec's body.
fn guest_field_table<W: PartialEq + Debug>(
    name: &str,
    rows: &[FieldRow<W>],
    read: impl Fn(&GuestRequest) -> W,
) {
    table(
        rows,
        |value| guest_add(&with(spec_guest(), &[(name, value.clone())])),
        read,
    );
}

/// `guest_field_table` for a text field, read with one of the request's
/// `Option<&str>` getters.
fn guest_text_table(
    name: &str,
    rows: &[FieldRow<Option<&str>>],
    read: fn(&GuestRequest) -> Option<&str>,
) {
    let rows: Vec<_> = rows
        .iter()
        .map(|(value, expected)| (value.clone(), expected.map(|text| text.map(str::to_owned))))
        .collect();
    guest_field_table(name, &rows, |guest| read(guest).map(str::to_owned));
}

#[test]
fn the_specs_examples_are_accepted() {
    let guest = guest_add(&spec_guest()).expect("the spec's guest example is valid");
    assert_eq!(guest.name(), Some("Trevor"));
    assert_eq!(guest.delivery(), Delivery::Sms);
    let Ok(AddRequest::User(user)) = common::parse_add(&form(&spec_user())) else {
        panic!("the spec's user example adds the user");
    };
    assert_eq!(
        (user.user_id(), user.packet(), user.deposit()),
        (Some(1122), Packet::NoDocuments, None)
    );
}

#[test]
fn the_full_name_is_required_and_at_least_two_characters_after_trimming() {
    guest_text_table(
        field::FULL_NAME,
        &[
            (Some(json!("Al")), Ok(Some("Al"))),
            (Some(json!("  Trevor  ")), Ok(Some("Trevor"))),
            (Some(json!("李明")), Ok(Some("李明"))),
            (Some(json!(" a ")), Err(field::FULL_NAME)),
            (Some(json!("é")), Err(field::FULL_NAME)),
            (Some(json!("")), Err(field::FULL_NAME)),
            (Some(json!(null)), Err(field::FULL_NAME)),
            (None, Err(field::FULL_NAME)),
            (Some(json!(42)), Err(field::FULL_NAME)),
            (Some(json!("Jo\u{0}e")), Err(field::FULL_NAME)),
        ],
        GuestRequest::name,
    );
}

#[test]
fn an_update_may_leave_the_name_out_but_not_give_a_short_one() {
    let rows = [
        (None, Ok(None)),
        (Some(json!("Trevor")), Ok(Some("Trevor".to_owned()))),
        (Some(json!(" a ")), Err(field::FULL_NAME)),
    ];
    table(
        &rows,
        |name| {
            common::parse_guest(
                &form(&with(spec_guest(), &[(field::FULL_NAME, name.clone())])),
                Mode::Update,
            )
        },
        |guest| guest.name().map(str::to_owned),
    );
}

#[test]
fn an_email_address_is_required_when_invitations_go_by_email() {
    let rows = [
        (
            (json!("E"), Some(json!("trevor@example.com"))),
            Ok(Delivery::Email),
        ),
        ((json!("E"), None), Err(field::EMAIL)),
        ((json!("E"), Some(json!("  "))), Err(field::EMAIL)),
        ((json!("S"), None), Ok(Delivery::Sms)),
        ((json!("N"), None), Ok(Delivery::None)),
    ];
    table(
        &rows,
        |(code, email)| {
            guest_add(&with(
                spec_guest(),
                &[
                    (field::DELIVERY, Some(code.clone())),
                    (field::EMAIL, email.clone()),
                ],
            ))
        },
        GuestRequest::delivery,
    );
}

#[test]
fn an_sms_number_is_required_when_invitations_go_by_text_message() {
    let rows = [
        ((json!("S"), Some(json!("13334446666"))), Ok(Delivery::Sms)),
        ((json!("S"), None), Err(field::SMS)),
        ((json!("S"), Some(json!(""))), Err(field::SMS)),
        ((json!("E"), None), Ok(Delivery::Email)),
        ((json!("N"), None), Ok(Delivery::None)),
    ];
    table(
        &rows,
        |(code, sms)| {
            guest_add(&with(
                spec_guest(),
                &[
                    (field::DELIVERY, Some(code.clone())),
                    (field::SMS, sms.clone()),
                ],
            ))
        },
        GuestRequest::delivery,
    );
}

#[test]
fn the_delivery_code_is_e_s_or_n() {
    guest_field_table(
        field::DELIVERY,
        &[
            (Some(json!("E")), Ok(Delivery::Email)),
            (Some(json!("S")), Ok(Delivery::Sms)),
            (Some(json!(" S ")), Ok(Delivery::Sms)),
            (Some(json!("N")), Ok(Delivery::None)),
            (None, Ok(Delivery::None)),
            (Some(json!("s")), Err(field::DELIVERY)),
            (Some(json!("X")), Err(field::DELIVERY)),
            (Some(json!("SMS")), Err(field::DELIVERY)),
            (Some(json!(1)), Err(field::DELIVERY)),
        ],
        GuestRequest::delivery,
    );
}

/// The legacy resolution: absent is "high"; the values SecureVideo is
/// known to accept ("high", and "default" as a 2015 client sent it) pass in
/// any case and are passed on as sent; anything else is refused.
#[test]
fn the_default_resolution_accepts_the_legacy_values_as_sent_and_is_high_when_absent() {
    let sent = |s: &str| Ok(Some(s.to_owned()));
    guest_field_table(
        field::RESOLUTION,
        &[
            (None, sent("high")),
            (Some(json!(null)), sent("high")),
            (Some(json!("  ")), sent("high")),
            (Some(json!("high")), sent("high")),
            (Some(json!("HIGH")), sent("HIGH")),
            (Some(json!("default")), sent("default")),
            (Some(json!(" Default ")), sent("Default")),
            (Some(json!("DEFAULT")), sent("DEFAULT")),
            (Some(json!("low")), Err(field::RESOLUTION)),
            (Some(json!("defaults")), Err(field::RESOLUTION)),
            (Some(json!("high default")), Err(field::RESOLUTION)),
            (Some(json!(1)), Err(field::RESOLUTION)),
            (Some(json!(["high"])), Err(field::RESOLUTION)),
        ],
        |guest| guest.to_body().participant_default_resolution,
    );
}

/// The same rule for an update: a PUT that sends "default" keeps it.
#[test]
fn an_update_passes_the_legacy_resolution_through_too() {
    for (sent, kept) in [(Some(json!("default")), "default"), (None, "high")] {
        let body = with(spec_guest(), &[(field::RESOLUTION, sent.clone())]);
        let update = common::parse_guest(&form(&body), Mode::Update)
            .unwrap_or_else(|e| panic!("{sent:?}: {e}"));
        assert_eq!(update.resolution(), kept, "{sent:?}");
    }
}

#[test]
fn the_time_zone_is_a_known_windows_id_in_its_canonical_spelling() {
    guest_field_table(
        field::TIME_ZONE,
        &[
            (None, Ok(None)),
            (
                Some(json!("Eastern Standard Time")),
                Ok(Some("Eastern Standard Time")),
            ),
            (
                Some(json!("  pacific standard time ")),
                Ok(Some("Pacific Standard Time")),
            ),
            (
                Some(json!("Hawaiian Standard Time")),
                Ok(Some("Hawaiian Standard Time")),
            ),
            // Legacy ids, known once the full CLDR table is in.
            (
                Some(json!("Kamchatka Standard Time")),
                Ok(Some("Kamchatka Standard Time")),
            ),
            (
                Some(json!("Mid-Atlantic Standard Time")),
                Ok(Some("Mid-Atlantic Standard Time")),
            ),
            (Some(json!("America/New_York")), Err(field::TIME_ZONE)),
            (Some(json!("Eastern Time")), Err(field::TIME_ZONE)),
            (Some(json!("EST")), Err(field::TIME_ZONE)),
            (Some(json!(5)), Err(field::TIME_ZONE)),
        ],
        GuestRequest::time_zone,
    );
}

#[test]
fn the_packet_is_a_positive_id_zero_minus_one_or_null() {
    guest_field_table(
        field::PACKET_ID,
        &[
            (Some(json!(1215)), Ok(Packet::Packet(1215))),
            (Some(json!("1215")), Ok(Packet::Packet(1215))),
            (Some(json!(0)), Ok(Packet::AllDocuments)),
            (Some(json!(-1)), Ok(Packet::NoDocuments)),
            (Some(json!(null)), Ok(Packet::Unspecified)),
            (None, Ok(Packet::Unspecified)),
            (Some(json!(-2)), Err(field::PACKET_ID)),
            (Some(json!(2_147_483_648_i64)), Err(field::PACKET_ID)),
            (Some(json!(1.5)), Err(field::PACKET_ID)),
            (Some(json!("abc")), Err(field::PACKET_ID)),
            (Some(json!(true)), Err(field::PACKET_ID)),
        ],
        GuestRequest::packet,
    );
}

#[test]
fn the_service_and_the_deposit_are_both_null_or_both_set() {
    let rows = [
        ((json!(null), json!(null)), Ok(None)),
        ((json!(1037), json!(20.00)), Ok(Some((1037, 2000)))),
        ((json!("1037"), json!("20.00")), Ok(Some((1037, 2000)))),
        ((json!(1037), json!(null)), Err(field::DEPOSIT)),
        ((json!(null), json!(20.00)), Err(field::SVC_ID)),
        ((json!(0), json!(20.00)), Err(field::SVC_ID)),
        ((json!(-5), json!(20.00)), Err(field::SVC_ID)),
    ];
    table(
        &rows,
        |(svc, deposit)| {
            guest_add(&with(
                spec_guest(),
                &[
                    (field::SVC_ID, Some(svc.clone())),
                    (field::DEPOSIT, Some(deposit.clone())),
                ],
            ))
        },
        |guest| guest.deposit().map(|d| (d.svc_id, d.amount.cents())),
    );
}

#[test]
fn the_deposit_is_a_non_negative_dollar_amount_with_at_most_two_decimals() {
    guest_field_table(
        field::DEPOSIT,
        &[
            (Some(json!(20.00)), Ok(Some(2000))),
            (Some(json!(19.99)), Ok(Some(1999))),
            (Some(json!(0)), Ok(Some(0))),
            (Some(json!(0.1)), Ok(Some(10))),
            (Some(json!("19.99")), Ok(Some(1999))),
            (Some(json!("$20")), Ok(Some(2000))),
            (Some(json!(100_000)), Ok(Some(10_000_000))),
            (Some(json!(1.005)), Err(field::DEPOSIT)),
            (Some(json!(-1)), Err(field::DEPOSIT)),
            (Some(json!("-1")), Err(field::DEPOSIT)),
            (Some(json!(100_000.01)), Err(field::DEPOSIT)),
            (Some(json!("twenty")), Err(field::DEPOSIT)),
            (Some(json!(true)), Err(field::DEPOSIT)),
        ],
        |guest| guest.deposit().map(|d| d.amount.cents()),
    );
}

#[test]
fn an_email_address_has_a_plausible_syntax() {
    guest_text_table(
        field::EMAIL,
        &[
            (
                Some(json!("trevor@example.com")),
                Ok(Some("trevor@example.com")),
            ),
            (
                Some(json!("  first.last+tag@mail.example.org ")),
                Ok(Some("first.last+tag@mail.example.org")),
            ),
            (
                Some(json!("o'brien@example.ie")),
                Ok(Some("o'brien@example.ie")),
            ),
            (None, Ok(None)),
            (Some(json!("[email protected]")), Err(field::EMAIL)),
            (Some(json!("trevor")), Err(field::EMAIL)),
            (Some(json!("trevor@")), Err(field::EMAIL)),
            (Some(json!("@example.com")), Err(field::EMAIL)),
            (Some(json!("trevor@example")), Err(field::EMAIL)),
            (Some(json!("trevor@@example.com")), Err(field::EMAIL)),
            (Some(json!("tre vor@example.com")), Err(field::EMAIL)),
            (Some(json!(".trevor@example.com")), Err(field::EMAIL)),
            (Some(json!("tre..vor@example.com")), Err(field::EMAIL)),
            (Some(json!("trevor@-example.com")), Err(field::EMAIL)),
            (Some(json!("trevor@example.c")), Err(field::EMAIL)),
            (Some(json!(42)), Err(field::EMAIL)),
        ],
        GuestRequest::email,
    );
}

#[test]
fn an_sms_number_is_10_to_15_digits_once_separators_are_removed() {
    guest_text_table(
        field::SMS,
        &[
            (Some(json!("+1 (333) 444-6666")), Ok(Some("13334446666"))),
            (Some(json!("3124455566")), Ok(Some("3124455566"))),
            (Some(json!("333.444.6666")), Ok(Some("3334446666"))),
            (Some(json!("+44 20 7946 0958")), Ok(Some("442079460958"))),
            (Some(json!("123456789012345")), Ok(Some("123456789012345"))),
            (Some(json!(13_334_446_666_i64)), Ok(Some("13334446666"))),
            (Some(json!("333 444 666")), Err(field::SMS)),
            (Some(json!("1234567890123456")), Err(field::SMS)),
            (Some(json!("1333444666x")), Err(field::SMS)),
            // A JSON number is only a phone number when it is a whole one:
            // 13334446666.0 must not become the 12 digits 133344466660.
            (Some(json!(13_334_446_666.0_f64)), Err(field::SMS)),
            (Some(json!(-13_334_446_666_i64)), Err(field::SMS)),
            (Some(json!(true)), Err(field::SMS)),
        ],
        GuestRequest::sms,
    );
}

#[test]
fn the_external_id_is_text_or_a_number() {
    guest_text_table(
        field::EXTERNAL_ID,
        &[
            (Some(json!("EMR123456")), Ok(Some("EMR123456"))),
            (Some(json!(" EMR123456 ")), Ok(Some("EMR123456"))),
            (Some(json!(123456)), Ok(Some("123456"))),
            (None, Ok(None)),
            (Some(json!(["EMR"])), Err(field::EXTERNAL_ID)),
            (Some(json!("EMR\n123")), Err(field::EXTERNAL_ID)),
        ],
        GuestRequest::external_id,
    );
}

#[test]
fn every_string_has_a_length_cap() {
    let long_email = |local: usize, domain: usize| {
        format!(
            "{}@{}.com",
            "a".repeat(local),
            vec!["b".repeat(63); 3].join(".")[..domain - 4].to_owned()
        )
    };
    // Separators are allowed, but not without end: 15 digits after `+`s.
    let sms_of = |chars: usize| format!("{}{}", "+".repeat(chars - 15), "1".repeat(15));
    let rows = [
        ((field::FULL_NAME, json!("a".repeat(100))), Ok(())),
        (
            (field::FULL_NAME, json!("a".repeat(101))),
            Err(field::FULL_NAME),
        ),
        ((field::EMAIL, json!(long_email(64, 189))), Ok(())),
        (
            (field::EMAIL, json!(long_email(64, 190))),
            Err(field::EMAIL),
        ),
        ((field::EMAIL, json!(long_email(65, 20))), Err(field::EMAIL)),
        ((field::SMS, json!(sms_of(32))), Ok(())),
        ((field::SMS, json!(sms_of(33))), Err(field::SMS)),
        ((field::EXTERNAL_ID, json!("E".repeat(64))), Ok(())),
        (
            (field::EXTERNAL_ID, json!("E".repeat(65))),
            Err(field::EXTERNAL_ID),
        ),
        (
            (field::TIME_ZONE, json!("Eastern Standard Time".repeat(4))),
            Err(field::TIME_ZONE),
        ),
        (
            (field::DELIVERY, json!("S".repeat(1000))),
            Err(field::DELIVERY),
        ),
        (
            (field::RESOLUTION, json!("high".repeat(1000))),
            Err(field::RESOLUTION),
        ),
        (
            (field::PACKET_ID, json!("1".repeat(21))),
            Err(field::PACKET_ID),
        ),
        (
            (field::DEPOSIT, json!(format!("{}.00", "1".repeat(10)))),
            Err(field::DEPOSIT),
        ),
    ];
    table(
        &rows,
        |(name, value)| guest_add(&with(spec_guest(), &[(*name, Some(value.clone()))])),
        |_| (),
    );
}

#[test]
fn every_violation_is_reported_at_once() {
    let body = with(
        spec_guest(),
        &[
            (field::FULL_NAME, Some(json!(" a "))),
            (field::DELIVERY, Some(json!("X"))),
            (field::PACKET_ID, Some(json!(-7))),
        ],
    );
    let errors = guest_add(&body).expect_err("three rules are broken");
    assert_eq!(errors.len(), 3, "{errors}");
    for name in [field::FULL_NAME, field::DELIVERY, field::PACKET_ID] {
        assert!(
            errors.get(name).is_some(),
            "no message for {name}: {errors}"
        );
    }
}

#[test]
fn unknown_fields_in_a_participant_body_are_reported_by_name() {
    let rows = [
        (("Nickname", json!("Trev")), Err("Nickname")),
        (
            ("participantFullName", json!("Trevor")),
            Err("participantFullName"),
        ),
        (("ParticipationId", json!(71899)), Err("ParticipationId")),
        ((field::PACKET_ID, json!(0)), Ok(())),
    ];
    table(
        &rows,
        |(name, value)| guest_add(&with(spec_guest(), &[(*name, Some(value.clone()))])),
        |_| (),
    );
}

#[test]
fn a_body_that_is_not_a_json_object_is_refused() {
    for body in [&b"[]"[..], b"\"Trevor\"", b"null", b"{", b""] {
        let errors = ParticipantForm::from_json(body).expect_err("only an object is a form");
        assert_eq!(
            errors.len(),
            1,
            "{}: {errors}",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn a_body_with_a_secure_video_user_id_adds_that_user() {
    let rows = [
        (json!({ "SecureVideoUserId": "1122" }), Ok(Some(1122))),
        (json!({ "SecureVideoUserId": 1122 }), Ok(Some(1122))),
        (json!({ "SecureVideoUserId": 0 }), Err(field::USER_ID)),
        (json!({ "SecureVideoUserId": -3 }), Err(field::USER_ID)),
        (json!({ "SecureVideoUserId": "abc" }), Err(field::USER_ID)),
        (json!({ "SecureVideoUserId": 1.5 }), Err(field::USER_ID)),
        // No user id: a guest body, so the guest's name is what is missing.
        (json!({ "SecureVideoUserId": null }), Err(field::FULL_NAME)),
    ];
    table(
        &rows,
        |body| common::parse_add(&form(body)),
        |add| match add {
            AddRequest::User(user) => user.user_id(),
            AddRequest::Guest(_) => None,
        },
    );
}

#[test]
fn a_secure_video_users_body_carries_only_session_specific_properties() {
    let mut rows: Vec<_> = [
        field::FULL_NAME,
        field::EMAIL,
        field::SMS,
        field::RESOLUTION,
        field::TIME_ZONE,
        field::EXTERNAL_ID,
        field::DELIVERY,
    ]
    .into_iter()
    .map(|name| ((name, spec_guest()[name].clone()), Err(name)))
    .collect();
    rows.extend([
        ((field::PACKET_ID, json!(0)), Ok(Packet::AllDocuments)),
        ((field::SVC_ID, json!(null)), Ok(Packet::NoDocuments)),
    ]);
    for mode in [Mode::Add, Mode::Update] {
        table(
            &rows,
            |(name, value)| {
                common::parse_user(
                    &form(&with(spec_user(), &[(*name, Some(value.clone()))])),
                    mode,
                )
            },
            UserRequest::packet,
        );
    }
}

#[test]
fn a_user_add_needs_the_user_and_a_user_update_may_leave_it_out() {
    let body = json!({ "PacketId": 0 });
    let errors = common::parse_user(&form(&body), Mode::Add).expect_err("an add names the user");
    assert_eq!(fields(&errors), [field::USER_ID]);
    let update =
        common::parse_user(&form(&body), Mode::Update).expect("an update may leave the user out");
    assert_eq!(update.user_id(), None);
}

#[test]
fn a_guest_body_may_not_name_a_secure_video_user() {
    let body = with(spec_guest(), &[(field::USER_ID, Some(json!(1122)))]);
    let errors = common::parse_update(&form(&body), false).expect_err("a guest has no user id");
    assert_eq!(fields(&errors), [field::USER_ID]);
}

/// A session like the recorded ones: host "Test User" (user 12281), the guest
/// "Trevor" and the SecureVideo user 5555.
fn session() -> Session {
    serde_json::from_value(json!({
        "SessionId": 36209,
        "UserId": 12281,
        "Participants": [
            { "ParticipationId": 1, "ParticipantFullName": "Test User", "SecureVideoUserId": 12281, "ParticipantEmailAddress": "test@test.com" },
            { "ParticipationId": 2, "ParticipantFullName": "Trevor", "SecureVideoUserId": null, "ParticipantEmailAddress": "trevor@geemail.com" },
            { "ParticipationId": 3, "ParticipantFullName": "Dr. Who", "SecureVideoUserId": 5555 }
        ]
    }))
    .expect("a session")
}

/// `Err((field, message))` when the check refuses.
fn outcome(result: Result<(), FieldErrors>) -> Result<(), (String, String)> {
    result.map_err(|errors| {
        assert_eq!(errors.len(), 1, "one reason at a time: {errors}");
        let (name, message) = errors.iter().next().unwrap();
        (name.to_owned(), message.to_owned())
    })
}

fn refused(name: &str, message: &str) -> Result<(), (String, String)> {
    Err((name.to_owned(), message.to_owned()))
}

#[test]
fn adding_the_host_or_a_name_already_in_the_session_is_rejected() {
    let rows = [
        (
            ("Test User", "someone@example.com"),
            refused(field::FULL_NAME, HOST_MESSAGE),
        ),
        (
            ("  test user ", "someone@example.com"),
            refused(field::FULL_NAME, HOST_MESSAGE),
        ),
        (
            ("Someone Else", "TEST@test.com"),
            refused(field::EMAIL, HOST_MESSAGE),
        ),
        (
            ("  trevor ", "someone@example.com"),
            refused(field::FULL_NAME, DUPLICATE_NAME_MESSAGE),
        ),
        (
            ("TREVOR", "trevor@geemail.com"),
            refused(field::FULL_NAME, DUPLICATE_NAME_MESSAGE),
        ),
        (
            ("Dr.   Who", "someone@example.com"),
            refused(field::FULL_NAME, DUPLICATE_NAME_MESSAGE),
        ),
        (("Trevor Smith", "trevor@geemail.com"), Ok(())),
        (("Someone Else", "someone@example.com"), Ok(())),
    ];
    for ((name, email), expected) in &rows {
        let body = with(
            spec_guest(),
            &[
                (field::FULL_NAME, Some(json!(name))),
                (field::EMAIL, Some(json!(email))),
            ],
        );
        let guest = guest_add(&body).expect("a valid guest");
        assert_eq!(
            &outcome(common::check_guest_add(&session(), &guest)),
            expected,
            "row {name:?}, {email:?}"
        );
    }
}

#[test]
fn adding_the_host_or_a_user_already_in_the_session_is_rejected() {
    let rows = [
        (json!(12281), refused(field::USER_ID, HOST_MESSAGE)),
        (json!("12281"), refused(field::USER_ID, HOST_MESSAGE)),
        (json!(5555), refused(field::USER_ID, DUPLICATE_USER_MESSAGE)),
        (json!(1122), Ok(())),
    ];
    for (id, expected) in &rows {
        let user = common::parse_user(
            &form(&with(spec_user(), &[(field::USER_ID, Some(id.clone()))])),
            Mode::Add,
        )
        .expect("a valid user body");
        assert_eq!(
            &outcome(common::check_user_add(&session(), &user)),
            expected,
            "row {id}"
        );
    }
}

#[test]
fn an_update_may_not_change_a_guests_name_or_a_users_id() {
    let guest_rows = [
        (json!({ "ParticipantFullName": "Trevor" }), Ok(())),
        (json!({ "ParticipantFullName": "  Trevor " }), Ok(())),
        (
            json!({ "ParticipantEmailAddress": "new@example.com" }),
            Ok(()),
        ),
        (
            json!({ "ParticipantFullName": "Trevor Smith" }),
            refused(field::FULL_NAME, NAME_CHANGE_MESSAGE),
        ),
    ];
    let user_rows = [
        (json!({ "SecureVideoUserId": 5555, "PacketId": 0 }), Ok(())),
        (json!({ "SecureVideoUserId": "5555" }), Ok(())),
        (json!({ "PacketId": -1 }), Ok(())),
        (
            json!({ "SecureVideoUserId": 1122 }),
            refused(field::USER_ID, USER_CHANGE_MESSAGE),
        ),
    ];
    let session = session();
    for (participation_id, rows) in [(2, &guest_rows), (3, &user_rows)] {
        let target = session
            .participation(participation_id)
            .expect("in the session");
        for (body, expected) in rows {
            let update =
                common::parse_update(&form(body), target.is_user()).expect("a valid update body");
            assert_eq!(
                &outcome(common::check_update(&session, target, &update)),
                expected,
                "row {body}"
            );
        }
    }
}

#[test]
fn the_host_cannot_be_updated_or_removed() {
    let session = session();
    let rows = [
        (1, refused("", HOST_EDIT_MESSAGE)),
        (2, Ok(())),
        (3, Ok(())),
    ];
    for (participation_id, expected) in &rows {
        let target = session
            .participation(*participation_id)
            .expect("in the session");
        assert_eq!(
            &outcome(common::check_remove(&session, target)),
            expected,
            "remove {participation_id}"
        );
        let update = common::parse_update(&form(&json!({ "PacketId": 0 })), target.is_user())
            .expect("a valid update");
        assert_eq!(
            &outcome(common::check_update(&session, target, &update)),
            expected,
            "update {participation_id}"
        );
    }
}

#[test]
fn an_external_id_names_one_participant_of_the_session() {
    // Participants are addressed by ParticipantExternalId, so two may not share one.
    let mut session = session();
    session.participants[1].participant_external_id = Some("EMR123456".into());
    let rows = [
        (
            "EMR123456",
            refused(field::EXTERNAL_ID, DUPLICATE_EXTERNAL_ID_MESSAGE),
        ),
        ("EMR999", Ok(())),
    ];
    for (external_id, expected) in &rows {
        let body = with(
            spec_guest(),
            &[
                (field::FULL_NAME, Some(json!("Someone New"))),
                (field::EXTERNAL_ID, Some(json!(external_id))),
            ],
        );
        let guest = guest_add(&body).expect("a valid guest");
        assert_eq!(
            &outcome(common::check_guest_add(&session, &guest)),
            expected,
            "add with {external_id:?}"
        );
    }
    // Trevor keeping his own external id is not a clash; taking Dr. Who's is.
    session.participants[2].participant_external_id = Some("EMR-WHO".into());
    let trevor = session.participants[1].clone();
    for (external_id, expected) in [
        ("EMR123456", Ok(())),
        (
            "EMR-WHO",
            refused(field::EXTERNAL_ID, DUPLICATE_EXTERNAL_ID_MESSAGE),
        ),
    ] {
        let body = with(
            spec_guest(),
            &[
                (field::FULL_NAME, Some(json!("Trevor"))),
                (field::EXTERNAL_ID, Some(json!(external_id))),
            ],
        );
        let update = common::parse_update(&form(&body), false).expect("a valid update");
        assert_eq!(
            outcome(common::check_update(&session, &trevor, &update)),
            expected,
            "update with {external_id:?}"
        );
    }
}

// ----- the User API's body -----

/// The documented create body (KB "API - Users"), with example.com data.
fn documented_user() -> Value {
    json!({
        "FullName": "A. MacGuffin",
        "EmailAddress": "a.macguffin@example.com",
        "SmsNumber": "3121234567",
        "DefaultResolution": "high",
        "TimeZoneWindowsId": "Eastern Standard Time",
        "HelpNumber": "111-334-8512",
        "ExternalId": "",
        "SystemRoles": "H,P",
        "NewPassword": null,
    })
}

fn user_account(body: &Value) -> Result<common::UserAccountRequest, FieldErrors> {
    let form = common::UserAccountForm::from_json(body.to_string().as_bytes())?;
    common::parse_user_account(&form)
}

#[test]
fn the_documented_user_body_is_accepted_and_read_only_fields_are_ignored() {
    let mut body = documented_user();
    body["SystemUserId"] = json!("23487");
    body["VideoId"] = json!("securevideo+sv000002348795507371");
    body["SomethingNew"] = json!([1]);
    let user = user_account(&body).expect("the documented body");
    assert_eq!(user.name(), "A. MacGuffin");
    assert_eq!(user.sms(), Some("3121234567"));
    assert_eq!(user.resolution(), "high");
    assert_eq!(user.time_zone(), Some("Eastern Standard Time"));
    assert_eq!(user.help_number(), Some("111-334-8512"));
    assert_eq!(
        (user.external_id(), user.system_roles()),
        (None, Some("H,P"))
    );
}

#[test]
fn each_user_field_is_read_by_the_same_rule_as_a_participants() {
    let rows = [
        (
            ("FullName", json!(null)),
            Err(common::user_field::FULL_NAME),
        ),
        (("FullName", json!("A")), Err(common::user_field::FULL_NAME)),
        (
            ("EmailAddress", json!("a@b")),
            Err(common::user_field::EMAIL),
        ),
        (("SmsNumber", json!("12")), Err(common::user_field::SMS)),
        (("DefaultResolution", json!("default")), Ok("default")),
        (("DefaultResolution", json!("DEFAULT")), Ok("DEFAULT")),
        (("DefaultResolution", json!(null)), Ok("high")),
        (
            ("DefaultResolution", json!("low")),
            Err(common::user_field::RESOLUTION),
        ),
        (
            ("TimeZoneWindowsId", json!("Mars")),
            Err(common::user_field::TIME_ZONE),
        ),
        (("HelpNumber", json!("4084062331")), Ok("high")),
        (("HelpNumber", json!(4084062331_u64)), Ok("high")),
        (("HelpNumber", json!("(408) 406-2331")), Ok("high")),
        (
            ("HelpNumber", json!("123")),
            Err(common::user_field::HELP_NUMBER),
        ),
        (
            ("HelpNumber", json!("call 4084062331")),
            Err(common::user_field::HELP_NUMBER),
        ),
        (("SystemRoles", json!("I")), Ok("high")),
        (("SystemRoles", json!("H, P")), Ok("high")),
        (
            ("SystemRoles", json!("Host")),
            Err(common::user_field::SYSTEM_ROLES),
        ),
        (
            ("SystemRoles", json!("H,,P")),
            Err(common::user_field::SYSTEM_ROLES),
        ),
        (("ExternalId", json!(1234)), Ok("high")),
        (
            ("ExternalId", json!("E".repeat(65))),
            Err(common::user_field::EXTERNAL_ID),
        ),
    ];
    let rows: Vec<_> = rows
        .into_iter()
        .map(|(input, expected)| (input, expected.map(str::to_owned)))
        .collect();
    table(
        &rows,
        |(name, value)| {
            let mut body = documented_user();
            body[*name] = value.clone();
            user_account(&body)
        },
        |user| user.resolution().to_owned(),
    );
    assert!(user_account(&json!([])).is_err(), "not an object");
}
