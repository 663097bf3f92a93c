//! Benchmark data: N sessions spread round-robin over H host users, the
//! size of a group practice's account, for `--seed-sessions N --seed-hosts
//! H` and for tests and `cargo xtask bench scale` through [`bench`].
//!
//! - hosts: SecureVideo users "Bench Host 1" .. "Bench Host H" (ExternalId
//!   `BENCH-HOST-<k>`, example.com addresses), ids after the last user's;
//! - sessions: ExternalSessionId `BENCH-<n>` (n from 1), session n hosted by
//!   host ((n - 1) mod H) + 1, each host's sessions every 30 minutes from
//!   08:00 to 17:30 UTC on the days from tomorrow on;
//! - participants: the host first, then 3 guests (a patient with a
//!   ParticipantExternalId `BENCH-PAT-<n>`, a family member with an SMS
//!   number, a colleague), fictional names, example.com addresses, Windows
//!   time zones, ShouldAutoDeliverCode "N" so the outbox stays empty.
//!
//! Everything goes through the same inserts and rules as the API (fresh
//! ConnectCodes, `parse_guest`, `check_guest_add`) inside one savepoint, so
//! it is all there or none of it. Seeded once: when any `BENCH-` session
//! exists, nothing is added.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use rusqlite::Connection;
use serde_json::json;

use crate::common::{
    GuestRequest, Mode, Packet, ParticipantForm, Participation, Session, User, check_guest_add,
    parse_guest,
};
use crate::simulator::queries::{self, TS_FORMAT};
use crate::simulator::store::StoreError;

/// The ExternalSessionId of bench session `n` is this followed by `n`.
pub const BENCH_SESSION_PREFIX: &str = "BENCH-";
/// The ExternalId of bench host `k` is this followed by `k`.
pub const BENCH_HOST_PREFIX: &str = "BENCH-HOST-";
/// Guests per bench session, besides the host.
pub const BENCH_GUESTS_PER_SESSION: usize = 3;

/// Sessions per host per day (every 30 minutes from 08:00).
const SLOTS_PER_DAY: u32 = 20;

const FIRST_NAMES: [&str; 24] = [
    "Avery", "Blake", "Cameron", "Devon", "Emerson", "Finley", "Harper", "Hayden", "Jamie",
    "Jordan", "Kendall", "Logan", "Marley", "Morgan", "Parker", "Peyton", "Quinn", "Reese",
    "Riley", "Rowan", "Sage", "Skyler", "Taylor", "Tatum",
];
const LAST_NAMES: [&str; 24] = [
    "Alvarez",
    "Bennett",
    "Brooks",
    "Castillo",
    "Delgado",
    "Ellison",
    "Fischer",
    "Garrison",
    "Hayes",
    "Ibarra",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Mendoza",
    "Nakamura",
    "Okafor",
    "Patel",
    "Quintero",
    "Ramirez",
    "Sorensen",
    "Takahashi",
    "Underwood",
    "Vasquez",
    "Whitaker",
];
const TIME_ZONES: [&str; 6] = [
    "Eastern Standard Time",
    "Central Standard Time",
    "Mountain Standard Time",
    "Pacific Standard Time",
    "Alaskan Standard Time",
    "Hawaiian Standard Time",
];
const TOPICS: [&str; 5] = [
    "Follow-up visit",
    "New patient intake",
    "Medication review",
    "Therapy session",
    "Care coordination",
];

/// What [`bench`] found or made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BenchData {
    /// It created this many sessions over this many hosts.
    Created { sessions: u32, hosts: u32 },
    /// The database already had bench data (this many sessions and hosts),
    /// so it added nothing.
    Found { sessions: u32, hosts: u32 },
}

/// Seeds `sessions` bench sessions over `hosts` new host users into a
/// database with the simulator's schema, unless it already has bench
/// sessions. One savepoint: inside the writer's transaction it is part of
/// that commit, on a plain connection it is its own transaction.
pub fn bench(conn: &Connection, sessions: u32, hosts: u32) -> Result<BenchData, StoreError> {
    if hosts == 0 || hosts > sessions {
        return Err(StoreError::BenchSeed(format!(
            "{sessions} bench sessions cannot be spread over {hosts} hosts"
        )));
    }
    let found = existing(conn)?;
    if found.0 > 0 {
        return Ok(BenchData::Found {
            sessions: found.0,
            hosts: found.1,
        });
    }
    conn.execute_batch("SAVEPOINT bench")?;
    match create(conn, sessions, hosts, Utc::now()) {
        Ok(()) => {
            conn.execute_batch("RELEASE bench")?;
            Ok(BenchData::Created { sessions, hosts })
        }
        Err(error) => {
            let _ = conn.execute_batch("ROLLBACK TO bench; RELEASE bench");
            Err(error)
        }
    }
}

/// How many bench sessions and bench hosts the database holds.
fn existing(conn: &Connection) -> rusqlite::Result<(u32, u32)> {
    // Ranges rather than LIKE, so the UNIQUE indexes answer: '.' follows
    // '-' in ASCII.
    let sessions = conn.query_row(
        "SELECT count(*) FROM sessions \
         WHERE external_session_id >= 'BENCH-' AND external_session_id < 'BENCH.'",
        [],
        |row| row.get(0),
    )?;
    let hosts = conn.query_row(
        "SELECT count(*) FROM users \
         WHERE external_id >= 'BENCH-HOST-' AND external_id < 'BENCH-HOST.'",
        [],
        |row| row.get(0),
    )?;
    Ok((sessions, hosts))
}

fn create(
    conn: &Connection,
    sessions: u32,
    hosts: u32,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let first_id: i64 = conn.query_row(
        "SELECT coalesce(max(system_user_id), 0) + 1 FROM users",
        [],
        |row| row.get(0),
    )?;
    let host_users: Vec<User> = (0..hosts)
        .map(|k| host(first_id + i64::from(k), k + 1))
        .collect();
    for host in &host_users {
        queries::insert_user(conn, host)?;
    }
    let first_day = now.date_naive() + Duration::days(1);
    for n in 1..=sessions {
        let host = &host_users[((n - 1) % hosts) as usize];
        let nth_of_host = (n - 1) / hosts;
        let day = first_day + Duration::days(i64::from(nth_of_host / SLOTS_PER_DAY));
        let start = NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default()
            + Duration::minutes(30 * i64::from(nth_of_host % SLOTS_PER_DAY));
        let schedule_ts = day.and_time(start).format(TS_FORMAT).to_string();
        let host_id = host.system_user_id.unwrap_or_default();
        let session_id = queries::insert_session(
            conn,
            host_id,
            &schedule_ts,
            Some(&format!("{BENCH_SESSION_PREFIX}{n}")),
            Some(TOPICS[n as usize % TOPICS.len()]),
        )?;
        queries::insert_user_participation(conn, session_id, host, Packet::Unspecified, None)?;
        // The session as the rules see it, kept in memory instead of read
        // back after every insert.
        let mut session = Session {
            session_id,
            user_id: Some(host_id),
            participants: vec![Participation {
                secure_video_user_id: Some(host_id),
                participant_full_name: host.full_name.clone(),
                participant_email_address: host.email_address.clone(),
                ..Participation::default()
            }],
            ..Session::default()
        };
        for which in 0..BENCH_GUESTS_PER_SESSION {
            let guest = guest(n, which)?;
            check_guest_add(&session, &guest)
                .map_err(|errors| StoreError::BenchSeed(errors.summary()))?;
            let participation_id = queries::insert_guest(conn, session_id, &guest)?;
            session.participants.push(Participation {
                participation_id,
                participant_full_name: guest.name().map(str::to_owned),
                participant_email_address: guest.email().map(str::to_owned),
                participant_external_id: guest.external_id().map(str::to_owned),
                ..Participation::default()
            });
        }
    }
    Ok(())
}

/// Bench host `k` (from 1), with user id `id`.
fn host(id: i64, k: u32) -> User {
    User {
        system_user_id: Some(id),
        full_name: Some(format!("Bench Host {k}")),
        email_address: Some(format!("bench.host{k}@example.com")),
        sms_number: Some(String::new()),
        default_resolution: Some("high".to_owned()),
        time_zone_windows_id: Some(TIME_ZONES[k as usize % TIME_ZONES.len()].to_owned()),
        help_number: Some("5555550100".to_owned()),
        video_id: Some(format!("securevideo+sv{id:010}")),
        external_id: Some(format!("{BENCH_HOST_PREFIX}{k}")),
        system_roles: Some("H".to_owned()),
        new_password: None,
    }
}

/// Guest `which` (0, 1 or 2) of session `n`: the patient, a family member
/// with the patient's last name, a colleague. Their first names differ, so
/// no two guests of a session share a name.
fn guest(n: u32, which: usize) -> Result<GuestRequest, StoreError> {
    let n_index = n as usize;
    let first = FIRST_NAMES[(n_index + which * FIRST_NAMES.len() / 3) % FIRST_NAMES.len()];
    let family = LAST_NAMES[(n_index * 7) % LAST_NAMES.len()];
    let last = if which == 2 {
        LAST_NAMES[(n_index * 7 + 11) % LAST_NAMES.len()]
    } else {
        family
    };
    let email = format!(
        "{}.{}.{n}@example.com",
        first.to_ascii_lowercase(),
        last.to_ascii_lowercase()
    );
    let mut body = json!({
        "ParticipantFullName": format!("{first} {last}"),
        "ParticipantEmailAddress": email,
        "ParticipantDefaultResolution": "high",
        "ParticipantTimeZoneWindowsId": TIME_ZONES[(n_index + which) % TIME_ZONES.len()],
        "ShouldAutoDeliverCode": "N",
    });
    match which {
        0 => body["ParticipantExternalId"] = json!(format!("BENCH-PAT-{n}")),
        1 => body["ParticipantSmsNumber"] = json!(format!("1555555{:04}", n % 10_000)),
        _ => {}
    }
    ParticipantForm::from_json(body.to_string().as_bytes())
        .and_then(|form| parse_guest(&form, Mode::Add))
        .map_err(|errors| StoreError::BenchSeed(errors.summary()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::store::Store;

    /// On a plain connection (as a benchmark would call it): all of it in
    /// one transaction, once; a second call finds it and adds nothing.
    #[test]
    fn bench_seeds_once_on_a_plain_connection() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        drop(Store::open(path.to_str().unwrap()).unwrap());
        let conn = Connection::open(&path).unwrap();
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        let (sessions, participations, users) = (
            count("SELECT count(*) FROM sessions"),
            count("SELECT count(*) FROM participations"),
            count("SELECT count(*) FROM users"),
        );
        assert_eq!(
            bench(&conn, 10, 3).unwrap(),
            BenchData::Created {
                sessions: 10,
                hosts: 3
            }
        );
        assert!(conn.is_autocommit(), "committed");
        assert_eq!(count("SELECT count(*) FROM sessions"), sessions + 10);
        assert_eq!(
            count("SELECT count(*) FROM participations"),
            participations + 10 * (1 + BENCH_GUESTS_PER_SESSION as i64)
        );
        assert_eq!(count("SELECT count(*) FROM users"), users + 3);
        assert_eq!(
            bench(&conn, 500, 7).unwrap(),
            BenchData::Found {
                sessions: 10,
                hosts: 3
            }
        );
        assert_eq!(count("SELECT count(*) FROM sessions"), sessions + 10);
        for (sessions, hosts) in [(10, 0), (3, 4)] {
            assert!(matches!(
                bench(&conn, sessions, hosts),
                Err(StoreError::BenchSeed(_))
            ));
        }
    }

    #[test]
    fn every_bench_guest_passes_the_rules_and_the_three_names_differ() {
        for n in 1..=200 {
            let guests: Vec<GuestRequest> = (0..BENCH_GUESTS_PER_SESSION)
                .map(|which| guest(n, which).unwrap())
                .collect();
            let mut names: Vec<&str> = guests.iter().filter_map(|g| g.name()).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), BENCH_GUESTS_PER_SESSION, "session {n}");
            assert!(guests.iter().all(|g| g.delivery().code() == "N"));
        }
    }
}
