//! Properties of the participant parsers over generated bodies: they never
//! panic, what they accept survives a trip through the wire unchanged, and
//! every violation they report is named after a field of the body.
//!
//! Run: `cargo test --test it common::properties` (`PROPTEST_CASES=N` for more).

use std::fmt::Debug;
use std::sync::atomic::{AtomicUsize, Ordering};

use participant_manager::common::{
    self, FieldErrors, Mode, ParticipantForm, field, rules::values::MAX_ID,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde::Serialize;
use serde_json::{Map, Number, Value, json};

/// Every field a participant body can carry.
fn known_fields() -> Vec<&'static str> {
    let mut names = field::GUEST_FIELDS.to_vec();
    names.push(field::USER_ID);
    names
}

// ---- Arbitrary JSON ------------------------------------------------------

fn any_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-2i64..3).prop_map(Value::from),
        any::<f64>().prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
        (0u64..10_000_000, 0u32..4)
            .prop_map(|(n, scale)| json!(n as f64 / 10f64.powi(scale as i32))),
    ]
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,40}",
        "[0-9 ()+.-]{0,20}",
        "[A-Za-z]{0,12}@[a-z]{0,8}\\.[a-z]{0,4}",
    ]
}

fn any_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any_number(),
        any_text().prop_map(Value::String),
    ]
}

/// Any JSON value, nested a few levels.
fn any_json() -> impl Strategy<Value = Value> {
    any_leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(any_text(), inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Any JSON object, its keys mostly the known fields, its values mostly
/// strings and numbers.
fn any_body() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        6 => prop::sample::select(known_fields()).prop_map(str::to_owned),
        1 => "[A-Za-z]{0,20}",
        1 => any::<String>(),
    ];
    let value = prop_oneof![4 => any_leaf(), 1 => any_json()];
    prop::collection::btree_map(key, value, 0..12)
        .prop_map(|map| Value::Object(map.into_iter().collect()))
}

// ---- Mostly valid bodies -------------------------------------------------

/// A field's value: `None` leaves the field out.
type Entry = (&'static str, Option<Value>);

fn absent() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![Just(None), Just(Some(Value::Null)), Just(Some(json!("")))]
}

fn rarely_junk(
    valid: impl Strategy<Value = Option<Value>> + 'static,
) -> BoxedStrategy<Option<Value>> {
    prop_oneof![12 => valid, 1 => any_leaf().prop_map(Some)].boxed()
}

fn text(pattern: &'static str) -> impl Strategy<Value = Option<Value>> {
    pattern.prop_map(|s| Some(Value::String(s)))
}

fn id() -> impl Strategy<Value = Value> {
    prop_oneof![
        (1..=MAX_ID).prop_map(Value::from),
        (1..=MAX_ID).prop_map(|n| json!(n.to_string()))
    ]
}

/// PacketId, SvcId and DepositRequired, as a guest or a user may send them.
fn session_properties() -> impl Strategy<Value = Vec<Entry>> {
    let packet = rarely_junk(prop_oneof![
        absent(),
        Just(Some(json!(0))),
        Just(Some(json!(-1))),
        id().prop_map(Some),
    ]);
    let amount = prop_oneof![
        (0u64..=10_000_000).prop_map(|cents| json!(cents as f64 / 100.0)),
        (0u64..=10_000_000).prop_map(|cents| json!(format!("{}.{:02}", cents / 100, cents % 100))),
        (0u64..100_000).prop_map(|dollars| json!(dollars)),
    ];
    let deposit = prop_oneof![
        8 => absent().prop_map(|none| (none.clone(), none)),
        8 => (id(), amount).prop_map(|(svc, amount)| (Some(svc), Some(amount))),
        1 => (any_leaf(), any_leaf()).prop_map(|(svc, amount)| (Some(svc), Some(amount))),
    ];
    (packet, deposit).prop_map(|(packet, (svc, amount))| {
        vec![
            (field::PACKET_ID, packet),
            (field::SVC_ID, svc),
            (field::DEPOSIT, amount),
        ]
    })
}

/// A guest body that is valid most of the time.
fn guest_body() -> impl Strategy<Value = Value> {
    let name = rarely_junk(text(
        " {0,2}[A-Z][a-z]{1,10}( [A-Z][a-z'-]{1,12}){0,2} {0,2}",
    ));
    let email = rarely_junk(prop_oneof![
        absent(),
        text(" ?[a-z]{1,8}(\\.[a-z0-9]{1,5})?@[a-z]{1,8}\\.(com|org|ie) ?")
    ]);
    let sms = rarely_junk(prop_oneof![
        absent(),
        text("\\+?1? ?\\(?[2-9][0-9]{2}\\)? ?[0-9]{3}[-. ]?[0-9]{4}"),
        (1_000_000_000u64..999_999_999_999_999).prop_map(|n| Some(json!(n))),
    ]);
    let resolution = rarely_junk(prop_oneof![
        absent(),
        Just(Some(json!("high"))),
        Just(Some(json!("HIGH"))),
        Just(Some(json!("default"))),
        Just(Some(json!(" Default ")))
    ]);
    let zone = rarely_junk(prop_oneof![
        absent(),
        prop::sample::select(vec![
            "Eastern Standard Time",
            "pacific standard time",
            " Hawaiian Standard Time ",
            "Kamchatka Standard Time",
            "Mid-Atlantic Standard Time",
        ])
        .prop_map(|zone| Some(json!(zone))),
    ]);
    let external = rarely_junk(prop_oneof![
        absent(),
        text("[A-Z]{0,3}[0-9]{1,10}"),
        any::<u32>().prop_map(|n| Some(json!(n)))
    ]);
    let delivery = rarely_junk(prop_oneof![
        absent(),
        prop::sample::select(vec!["E", "S", "N", " E "]).prop_map(|c| Some(json!(c)))
    ]);
    let fields = (name, email, sms, resolution, zone, external, delivery).prop_map(
        |(name, email, sms, resolution, zone, external, delivery)| {
            vec![
                (field::FULL_NAME, name),
                (field::EMAIL, email),
                (field::SMS, sms),
                (field::RESOLUTION, resolution),
                (field::TIME_ZONE, zone),
                (field::EXTERNAL_ID, external),
                (field::DELIVERY, delivery),
            ]
        },
    );
    (fields, session_properties()).prop_map(|(mut fields, session)| {
        fields.extend(session);
        object(fields)
    })
}

/// A SecureVideo user's body that is valid most of the time.
fn user_body() -> impl Strategy<Value = Value> {
    let user = rarely_junk(id().prop_map(Some));
    let stray = prop_oneof![
        12 => Just(None),
        1 => (prop::sample::select(field::GUEST_FIELDS.to_vec()), any_leaf()).prop_map(Some),
    ];
    (user, stray, session_properties()).prop_map(|(user, stray, mut fields)| {
        fields.push((field::USER_ID, user));
        fields.extend(stray.map(|(name, value)| (name, Some(value))));
        object(fields)
    })
}

fn object(fields: Vec<Entry>) -> Value {
    let map: Map<String, Value> = fields
        .into_iter()
        .filter_map(|(name, value)| Some((name.to_owned(), value?)))
        .collect();
    Value::Object(map)
}

// ---- The parsers, each run on the same form -------------------------------

fn form(body: &Value) -> ParticipantForm {
    ParticipantForm::from_json(body.to_string().as_bytes()).expect("a JSON object is a form")
}

/// A parse function whose accepted request is serialized.
type Parser = fn(&ParticipantForm) -> Result<Value, FieldErrors>;

/// Every parse function, serializing what it accepts.
fn parsers() -> [(&'static str, Parser); 7] {
    fn ok<T: Serialize>(result: Result<T, FieldErrors>) -> Result<Value, FieldErrors> {
        result.map(|request| serde_json::to_value(request).expect("a request serializes"))
    }
    [
        ("parse_add", |f| ok(common::parse_add(f))),
        ("parse_guest(Add)", |f| {
            ok(common::parse_guest(f, Mode::Add))
        }),
        ("parse_guest(Update)", |f| {
            ok(common::parse_guest(f, Mode::Update))
        }),
        ("parse_user(Add)", |f| ok(common::parse_user(f, Mode::Add))),
        ("parse_user(Update)", |f| {
            ok(common::parse_user(f, Mode::Update))
        }),
        ("parse_update(user)", |f| ok(common::parse_update(f, true))),
        ("parse_update(guest)", |f| {
            ok(common::parse_update(f, false))
        }),
    ]
}

/// Every key of `errors` is a field of a participant body or a key the body
/// itself carried, and never "".
fn check_names(body: &Value, errors: &FieldErrors) -> Result<(), TestCaseError> {
    let object = body.as_object().expect("an object body");
    for name in errors.fields() {
        prop_assert!(
            known_fields().contains(&name) || object.contains_key(name),
            "{name:?} is neither a field nor a key of {body}"
        );
        prop_assert!(
            !name.is_empty() || object.contains_key(""),
            "an unnamed violation for {body}"
        );
    }
    Ok(())
}

/// `cases` cases, or `PROPTEST_CASES` when set. Failing cases are saved in
/// `tests/common_properties.proptest-regressions` and replayed first.
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn parsing_never_panics_on_any_json_object(body in any_body()) {
        let form = form(&body);
        for (_, parse) in parsers() {
            let _ = parse(&form);
        }
    }

    #[test]
    fn reading_a_form_never_panics_on_any_bytes(body in prop_oneof![
        any::<Vec<u8>>(),
        any_json().prop_map(|value| value.to_string().into_bytes()),
    ]) {
        let is_object = matches!(serde_json::from_slice(&body), Ok(Value::Object(_)));
        prop_assert_eq!(ParticipantForm::from_json(&body).is_ok(), is_object);
    }

    #[test]
    fn a_form_keeps_every_key_and_value_of_its_body(body in any_body()) {
        let kept = serde_json::to_value(form(&body)).expect("a form serializes");
        // The body as read from the same bytes: serde_json's text-to-f64 is
        // not exact for every float, and that is not the form's doing.
        let read: Value = serde_json::from_str(&body.to_string()).expect("JSON");
        let mut expected = read.as_object().expect("an object").clone();
        // A known field that is null is the same as one left out.
        expected.retain(|name, value| !(value.is_null() && known_fields().contains(&name.as_str())));
        prop_assert_eq!(kept, Value::Object(expected));
    }

    #[test]
    fn every_violation_names_a_field_of_the_body(
        body in prop_oneof![any_body(), guest_body(), user_body()],
    ) {
        let form = form(&body);
        for (_, parse) in parsers() {
            if let Err(errors) = parse(&form) {
                prop_assert!(!errors.is_empty());
                check_names(&body, &errors)?;
                // What the simulator sends as its `Message` reads back to
                // the same violations on the proxy's side when every one
                // names a field we know. Otherwise (the body as a whole, a
                // field we do not know) the line may be ambiguous; whatever
                // is read back then names only known fields of the body.
                let summary = errors.summary();
                let read = FieldErrors::from_summary(&summary);
                if errors.fields().all(participant_manager::common::field::is_known) {
                    // (A summary is text: the rules' keys are not in it.)
                    let texts = |e: &FieldErrors| e.iter().map(|(f, m)| (f.to_owned(), m.to_owned())).collect::<Vec<_>>();
                    prop_assert_eq!(read.as_ref().map(texts), Some(texts(&errors)), "{}", summary);
                } else if let Some(read) = read {
                    for name in read.fields() {
                        prop_assert!(
                            participant_manager::common::field::is_known(name)
                                && errors.get(name).is_some(),
                            "{} read from {}", name, summary
                        );
                    }
                }
            }
        }
    }
}

/// Parses `body`; when accepted, writes the request, parses that again and
/// checks the second request equals the first and writes the same body.
/// Returns whether `body` was accepted.
fn round_trip<T: Serialize + PartialEq + Debug>(
    parser: &str,
    body: &Value,
    parse: impl Fn(&ParticipantForm) -> Result<T, FieldErrors>,
) -> Result<bool, TestCaseError> {
    let Ok(first) = parse(&form(body)) else {
        return Ok(false);
    };
    let written = serde_json::to_value(&first).expect("a request serializes");
    let again = parse(&form(&written));
    prop_assert_eq!(
        again.as_ref(),
        Ok(&first),
        "{} on {} then {}",
        parser,
        body,
        written
    );
    let rewritten = serde_json::to_value(again.unwrap()).expect("a request serializes");
    prop_assert_eq!(
        rewritten,
        written,
        "{} wrote another body the second time",
        parser
    );
    Ok(true)
}

/// A parser accepts what it wrote, and reads it as the same request: the
/// body the widget shows, the proxy forwards and the simulator stores does
/// not drift. Most generated bodies are valid, and the test insists on it, so
/// the property is never vacuously true.
#[test]
fn an_accepted_body_serializes_to_a_body_that_parses_to_an_equal_request() {
    let (bodies, added) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let mut runner = TestRunner::new(config(1024));
    let strategy = prop_oneof![3 => guest_body(), 2 => user_body()];
    runner
        .run(&strategy, |body| {
            bodies.fetch_add(1, Ordering::Relaxed);
            if round_trip("parse_add", &body, common::parse_add)? {
                added.fetch_add(1, Ordering::Relaxed);
            }
            round_trip("parse_guest(Add)", &body, |f| {
                common::parse_guest(f, Mode::Add)
            })?;
            round_trip("parse_guest(Update)", &body, |f| {
                common::parse_guest(f, Mode::Update)
            })?;
            round_trip("parse_user(Add)", &body, |f| {
                common::parse_user(f, Mode::Add)
            })?;
            round_trip("parse_user(Update)", &body, |f| {
                common::parse_user(f, Mode::Update)
            })?;
            round_trip("parse_update(guest)", &body, |f| {
                common::parse_update(f, false)
            })?;
            round_trip("parse_update(user)", &body, |f| {
                common::parse_update(f, true)
            })?;
            Ok(())
        })
        .unwrap_or_else(|failure| panic!("{failure}"));

    // About 60% of the generated bodies are valid adds.
    let (bodies, added) = (bodies.into_inner(), added.into_inner());
    assert!(
        added * 10 >= bodies * 4,
        "only {added} of {bodies} bodies were accepted"
    );
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn an_sms_number_is_its_digits_whatever_the_separators(
        digits in "[0-9]{10,15}",
        separators in prop::collection::vec(prop::sample::select(vec!["", " ", "-", ".", "(", ")", "+"]), 15),
    ) {
        let typed: String = digits.chars().zip(&separators).map(|(d, s)| format!("{s}{d}")).collect();
        let body = json!({ "ParticipantFullName": "Trevor", "ParticipantSmsNumber": typed, "ShouldAutoDeliverCode": "S" });
        let guest = common::parse_guest(&form(&body), Mode::Add);
        prop_assert_eq!(guest.map(|g| g.sms().map(str::to_owned)), Ok(Some(digits)));
    }

    #[test]
    fn a_deposit_in_dollars_and_cents_is_read_exactly(cents in 0u64..=10_000_000, as_text in any::<bool>()) {
        let dollars = if as_text {
            json!(format!("{}.{:02}", cents / 100, cents % 100))
        } else {
            json!(cents as f64 / 100.0)
        };
        let body = json!({ "SecureVideoUserId": 1122, "SvcId": 1037, "DepositRequired": dollars });
        let user = common::parse_user(&form(&body), Mode::Add);
        prop_assert_eq!(user.map(|u| u.deposit().map(|d| d.amount.cents())), Ok(Some(cents)));
    }

    #[test]
    fn a_deposit_with_a_third_decimal_is_refused(
        tenths_of_cents in 0u64..10_000_000,
        last in 1u64..10,
        as_text in any::<bool>(),
    ) {
        let mills = tenths_of_cents * 10 + last;
        let dollars = if as_text {
            json!(format!("{}.{:03}", mills / 1000, mills % 1000))
        } else {
            json!(mills as f64 / 1000.0)
        };
        let body = json!({ "SecureVideoUserId": 1122, "SvcId": 1037, "DepositRequired": dollars });
        let errors = common::parse_user(&form(&body), Mode::Add).expect_err("three decimals");
        prop_assert_eq!(errors.fields().collect::<Vec<_>>(), vec![field::DEPOSIT]);
    }
}
