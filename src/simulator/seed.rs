//! The demo data a new simulator database starts with: a clinic's host
//! account, a few colleagues to find in a user search, and two upcoming
//! sessions with guests. Seeded once, when the database is created; a
//! restart keeps whatever the data has become.
//!
//! Everyone here is fictional: example.com addresses, 555 numbers.
//!
//! [`bench`] adds the data of a large account for benchmarks.

mod bench;

pub use bench::{
    BENCH_GUESTS_PER_SESSION, BENCH_HOST_PREFIX, BENCH_SESSION_PREFIX, BenchData, bench,
};

use chrono::{DateTime, Duration, NaiveTime, Utc};
use rusqlite::Connection;
use serde_json::json;

use super::error::SimulatorError;
use super::outbox;
use super::queries::{self, TS_FORMAT};
use crate::common::{Mode, Packet, ParticipantForm, User, parse_guest};

/// The account's host: every demo session is theirs.
pub const DEMO_HOST_USER_ID: i64 = 12281;
pub const DEMO_HOST_NAME: &str = "Dr. Dana Whitfield";
/// The other SecureVideo users, for adding a user to a session.
pub const DEMO_OTHER_USER_IDS: [i64; 4] = [12282, 12283, 12284, 12285];
/// A colleague with an ExternalId (`GET /user/0?externalId=PROV-1002`).
pub const DEMO_COLLEAGUE_USER_ID: i64 = 12282;
pub const DEMO_COLLEAGUE_EXTERNAL_ID: &str = "PROV-1002";
/// A colleague with an SMS number and no e-mail address.
pub const DEMO_SMS_ONLY_USER_ID: i64 = 12285;

/// Tomorrow at 15:00 UTC, with an ExternalSessionId and a Topic.
pub const DEMO_SESSION_ID: i64 = 36201;
pub const DEMO_EXTERNAL_SESSION_ID: &str = "APPT-1001";
pub const DEMO_TOPIC: &str = "Follow-up visit";
/// The guest in the demo session whom the EHR knows by an external id.
pub const DEMO_GUEST_NAME: &str = "Jamie Rivera";
pub const DEMO_GUEST_EXTERNAL_ID: &str = "PAT-0001";
/// In three days, addressed by id only (no ExternalSessionId).
pub const DEMO_SECOND_SESSION_ID: i64 = 36202;

/// The first ParticipationId handed out; later ones count up from it.
pub const FIRST_PARTICIPATION_ID: i64 = 71000;

fn user(
    id: i64,
    name: &str,
    email: &str,
    sms: &str,
    zone: &str,
    external_id: Option<&str>,
) -> User {
    User {
        system_user_id: Some(id),
        full_name: Some(name.to_owned()),
        email_address: Some(email.to_owned()),
        sms_number: Some(sms.to_owned()),
        default_resolution: Some("high".to_owned()),
        time_zone_windows_id: Some(zone.to_owned()),
        help_number: Some("5555550100".to_owned()),
        video_id: Some(format!("securevideo+sv{id:010}")),
        external_id: external_id.map(str::to_owned),
        system_roles: Some("H".to_owned()),
        new_password: None,
    }
}

fn demo_users() -> Vec<User> {
    vec![
        user(
            DEMO_HOST_USER_ID,
            DEMO_HOST_NAME,
            "dana.whitfield@example.com",
            "",
            "Pacific Standard Time",
            Some("PROV-1001"),
        ),
        user(
            DEMO_COLLEAGUE_USER_ID,
            "Dr. Sam Okafor",
            "sam.okafor@example.com",
            "15555550142",
            "Eastern Standard Time",
            Some(DEMO_COLLEAGUE_EXTERNAL_ID),
        ),
        user(
            12283,
            "Nurse Priya Raman",
            "priya.raman@example.com",
            "",
            "Central Standard Time",
            None,
        ),
        user(
            12284,
            "Alex Chen, LCSW",
            "alex.chen@example.com",
            "",
            "Mountain Standard Time",
            Some("PROV-1004"),
        ),
        user(
            DEMO_SMS_ONLY_USER_ID,
            "Jordan Ellis",
            "",
            "15555550177",
            "Pacific Standard Time",
            None,
        ),
    ]
}

/// Writes the demo data into a new, empty database.
pub(crate) fn seed(conn: &Connection, now: DateTime<Utc>) -> Result<(), SimulatorError> {
    let users = demo_users();
    for user in &users {
        queries::insert_user(conn, user)?;
    }
    let host = &users[0];
    let at = |days: i64, hour: u32, minute: u32| {
        let time = NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default();
        (now.date_naive() + Duration::days(days))
            .and_time(time)
            .format(TS_FORMAT)
            .to_string()
    };

    let first = queries::insert_session(
        conn,
        DEMO_HOST_USER_ID,
        &at(1, 15, 0),
        Some(DEMO_EXTERNAL_SESSION_ID),
        Some(DEMO_TOPIC),
    )?;
    queries::insert_user_participation(conn, first, host, Packet::Unspecified, None)?;
    add_guest(
        conn,
        first,
        json!({
            "ParticipantFullName": DEMO_GUEST_NAME,
            "ParticipantEmailAddress": "jamie.rivera@example.com",
            "ParticipantTimeZoneWindowsId": "Eastern Standard Time",
            "ParticipantExternalId": DEMO_GUEST_EXTERNAL_ID,
            "ShouldAutoDeliverCode": "E",
        }),
    )?;
    add_guest(
        conn,
        first,
        json!({
            "ParticipantFullName": "Casey Rivera",
            "ParticipantSmsNumber": "15555550123",
            "ParticipantTimeZoneWindowsId": "Eastern Standard Time",
            "ShouldAutoDeliverCode": "S",
        }),
    )?;

    let second = queries::insert_session(
        conn,
        DEMO_HOST_USER_ID,
        &at(3, 17, 30),
        None,
        Some("New patient intake"),
    )?;
    queries::insert_user_participation(conn, second, host, Packet::Unspecified, None)?;
    add_guest(
        conn,
        second,
        json!({
            "ParticipantFullName": "Morgan Lee",
            "ParticipantEmailAddress": "morgan.lee@example.com",
            "ParticipantExternalId": "PAT-0002",
            "ShouldAutoDeliverCode": "N",
            "PacketId": -1,
        }),
    )?;

    if (first, second) != (DEMO_SESSION_ID, DEMO_SECOND_SESSION_ID) {
        return Err(SimulatorError::Internal(format!(
            "demo sessions got ids {first} and {second}"
        )));
    }
    Ok(())
}

/// Adds a demo guest through the same rules and outbox as the API.
fn add_guest(
    conn: &Connection,
    session_id: i64,
    body: serde_json::Value,
) -> Result<(), SimulatorError> {
    let form = ParticipantForm::from_json(body.to_string().as_bytes())?;
    let guest = parse_guest(&form, Mode::Add)?;
    let participation_id = queries::insert_guest(conn, session_id, &guest)?;
    outbox::invite_new(conn, session_id, participation_id)?;
    Ok(())
}
