//! Reading and writing SecureVideo's records: users, sessions and their
//! participations, turned into `common`'s wire types on the way out.
//!
//! Nothing here decides whether a change is allowed; the route handlers do
//! that with `common`'s rules before they call these.

use std::collections::HashMap;

use rand::RngExt;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

use crate::common::{Deposit, GuestRequest, Packet, Participation, Session, User};

/// How SecureVideo writes a timestamp: UTC, no offset.
pub const TS_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

/// ConnectCodes are 9-digit numbers.
const CONNECT_CODES: std::ops::RangeInclusive<i64> = 100_000_000..=999_999_999;

/// The current time as SecureVideo writes it.
pub fn now_ts() -> String {
    chrono::Utc::now().format(TS_FORMAT).to_string()
}

// ----- users: see [`users`] -----

mod users;
pub use users::*;

// ----- during a visit: see [`visit`] -----

mod visit;
pub use visit::*;

// ----- sessions -----

const SESSION_COLUMNS: &str = "session_id, user_id, schedule_ts, schedule_type, connect_code, \
     external_session_id, topic, is_recorded";

/// A session row, without its participants.
fn session_from_row(row: &Row<'_>) -> rusqlite::Result<Session> {
    Ok(Session {
        session_id: row.get(0)?,
        user_id: Some(row.get(1)?),
        schedule_ts: Some(row.get(2)?),
        schedule_type: Some(row.get(3)?),
        connect_code: Some(row.get(4)?),
        external_session_id: row.get(5)?,
        topic: row.get(6)?,
        is_recorded: Some(row.get(7)?),
        ..Session::default()
    })
}

/// The session with this id, its participants in the order they joined
/// (the host first).
pub fn session(conn: &Connection, session_id: i64) -> rusqlite::Result<Option<Session>> {
    let sql = format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE session_id = ?1");
    let session = conn
        .prepare_cached(&sql)?
        .query_row([session_id], session_from_row)
        .optional()?;
    let Some(mut session) = session else {
        return Ok(None);
    };
    session.participants = participations(conn, session_id)?;
    Ok(Some(session))
}

pub fn session_id_by_external_id(
    conn: &Connection,
    external: &str,
) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT session_id FROM sessions WHERE external_session_id = ?1")?
        .query_row([external], |row| row.get(0))
        .optional()
}

/// Which sessions to list.
#[derive(Clone, Copy, Debug)]
pub enum SessionFilter {
    /// Every session of the account.
    All,
    /// The sessions this user takes part in (as host or participant).
    WithUser(i64),
}

/// The ids of the sessions user `?1` takes part in. The lookup uses
/// `participations_by_user`, so it costs what that user's participations
/// cost, not what the account's do.
const SESSION_IDS_WITH_USER: &str =
    "SELECT session_id FROM participations WHERE secure_video_user_id = ?1";

/// The two statements that list sessions: the sessions (soonest first),
/// then every participation of those sessions (in the order they joined),
/// with its session id last. For `WithUser` both take the user id as `?1`.
/// (`store.rs` tests their query plan.)
pub(crate) fn listing_sql(filter: SessionFilter) -> [String; 2] {
    let filter = match filter {
        SessionFilter::All => String::new(),
        SessionFilter::WithUser(_) => format!("WHERE session_id IN ({SESSION_IDS_WITH_USER})"),
    };
    [
        format!("SELECT {SESSION_COLUMNS} FROM sessions {filter} ORDER BY schedule_ts, session_id"),
        format!(
            "SELECT {PARTICIPATION_COLUMNS}, session_id FROM participations {filter} \
             ORDER BY participation_id"
        ),
    ]
}

/// The listed sessions, each with its participants in the order they
/// joined (the host first). Two queries whatever the count, instead of one
/// per session.
pub fn sessions(conn: &Connection, filter: SessionFilter) -> rusqlite::Result<Vec<Session>> {
    let [sessions_sql, participations_sql] = listing_sql(filter);
    let user = match filter {
        SessionFilter::All => None,
        SessionFilter::WithUser(user_id) => Some(user_id),
    };
    let mut sessions: Vec<Session> = conn
        .prepare_cached(&sessions_sql)?
        .query_map(params_from_iter(user), session_from_row)?
        .collect::<Result<_, _>>()?;
    let position: HashMap<i64, usize> = sessions
        .iter()
        .enumerate()
        .map(|(i, session)| (session.session_id, i))
        .collect();
    let mut statement = conn.prepare_cached(&participations_sql)?;
    let mut rows = statement.query(params_from_iter(user))?;
    while let Some(row) = rows.next()? {
        // After the participation's own columns, so `participation_from_row`
        // reads this row as it reads any other.
        let session_id: i64 = row.get(PARTICIPATION_COLUMN_COUNT)?;
        // Both queries run in one snapshot: every participation's session
        // was listed.
        if let Some(&i) = position.get(&session_id) {
            sessions[i].participants.push(participation_from_row(row)?);
        }
    }
    Ok(sessions)
}

/// Creates a session hosted by `host_user_id`; returns its id. The host's
/// participation is added separately with [`insert_user_participation`].
pub fn insert_session(
    conn: &Connection,
    host_user_id: i64,
    schedule_ts: &str,
    external_session_id: Option<&str>,
    topic: Option<&str>,
) -> rusqlite::Result<i64> {
    let code = unused_code(conn, "SELECT 1 FROM sessions WHERE connect_code = ?1")?;
    conn.prepare_cached(
        "INSERT INTO sessions (user_id, schedule_ts, connect_code, external_session_id, topic) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        host_user_id,
        schedule_ts,
        code,
        external_session_id,
        topic
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn reschedule_session(
    conn: &Connection,
    session_id: i64,
    schedule_ts: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE sessions SET schedule_ts = ?2, schedule_type = 'Rescheduled' WHERE session_id = ?1",
        params![session_id, schedule_ts],
    )?;
    Ok(())
}

/// Deletes a session and (by cascade) its participations.
pub fn delete_session(conn: &Connection, session_id: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM sessions WHERE session_id = ?1", [session_id])?;
    Ok(())
}

// ----- participations -----

const PARTICIPATION_COLUMNS: &str = "participation_id, full_name, secure_video_user_id, \
     email_address, sms_number, default_resolution, time_zone_windows_id, external_id, \
     connect_code, passkey, should_auto_deliver_code, connection_ts, expires_ts, rsvp, \
     packet_id, svc_id, deposit_cents";

/// How many columns [`PARTICIPATION_COLUMNS`] names.
const PARTICIPATION_COLUMN_COUNT: usize = 17;

fn participation_from_row(row: &Row<'_>) -> rusqlite::Result<Participation> {
    let deposit_cents: Option<i64> = row.get(16)?;
    Ok(Participation {
        participation_id: row.get(0)?,
        participant_full_name: Some(row.get(1)?),
        secure_video_user_id: row.get(2)?,
        participant_email_address: Some(row.get(3)?),
        participant_sms_number: Some(row.get(4)?),
        participant_default_resolution: Some(row.get(5)?),
        participant_time_zone_windows_id: row.get(6)?,
        // SecureVideo writes "" for "none" in these two.
        participant_external_id: Some(row.get::<_, Option<String>>(7)?.unwrap_or_default()),
        connect_code: Some(row.get(8)?),
        passkey: Some(row.get::<_, Option<String>>(9)?.unwrap_or_default()),
        should_auto_deliver_code: Some(row.get(10)?),
        connection_ts: row.get(11)?,
        expires_ts: row.get(12)?,
        rsvp: Some(row.get(13)?),
        packet_id: row.get(14)?,
        svc_id: row.get(15)?,
        deposit_required: deposit_cents.map(|cents| cents as f64 / 100.0),
    })
}

fn participations(conn: &Connection, session_id: i64) -> rusqlite::Result<Vec<Participation>> {
    let sql = format!(
        "SELECT {PARTICIPATION_COLUMNS} FROM participations \
         WHERE session_id = ?1 ORDER BY participation_id"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    statement
        .query_map([session_id], participation_from_row)?
        .collect()
}

/// The session a participation belongs to.
pub fn session_id_of_participation(
    conn: &Connection,
    participation_id: i64,
) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT session_id FROM participations WHERE participation_id = ?1",
        [participation_id],
        |row| row.get(0),
    )
    .optional()
}

pub fn participation(
    conn: &Connection,
    participation_id: i64,
) -> rusqlite::Result<Option<Participation>> {
    let sql =
        format!("SELECT {PARTICIPATION_COLUMNS} FROM participations WHERE participation_id = ?1");
    conn.query_row(&sql, [participation_id], participation_from_row)
        .optional()
}

fn deposit_columns(deposit: Option<Deposit>) -> (Option<i64>, Option<i64>) {
    match deposit {
        Some(deposit) => (
            Some(deposit.svc_id),
            i64::try_from(deposit.amount.cents()).ok(),
        ),
        None => (None, None),
    }
}

/// Adds a guest; returns the new ParticipationId. The guest gets a fresh
/// ConnectCode and a Passkey.
pub fn insert_guest(
    conn: &Connection,
    session_id: i64,
    guest: &GuestRequest,
) -> rusqlite::Result<i64> {
    let code = unused_participation_code(conn)?;
    let (svc_id, deposit_cents) = deposit_columns(guest.deposit());
    conn.prepare_cached(
        "INSERT INTO participations (session_id, full_name, email_address, sms_number, \
             time_zone_windows_id, external_id, connect_code, passkey, \
             should_auto_deliver_code, packet_id, svc_id, deposit_cents, default_resolution) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        session_id,
        guest.name().unwrap_or_default(),
        guest.email().unwrap_or_default(),
        guest.sms().unwrap_or_default(),
        guest.time_zone(),
        guest.external_id(),
        code,
        uuid::Uuid::new_v4().to_string(),
        guest.delivery().code(),
        guest.packet().to_wire(),
        svc_id,
        deposit_cents,
        guest.resolution(),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Adds a SecureVideo user; returns the new ParticipationId. The
/// participation takes the user's name, contact details, time zone and
/// external id from the user record. Invitations go by e-mail when the user
/// has an address, else by text when they have a number, else not at all.
pub fn insert_user_participation(
    conn: &Connection,
    session_id: i64,
    user: &User,
    packet: Packet,
    deposit: Option<Deposit>,
) -> rusqlite::Result<i64> {
    let code = unused_participation_code(conn)?;
    let (svc_id, deposit_cents) = deposit_columns(deposit);
    let email = user.email_address.as_deref().unwrap_or_default();
    let sms = user.sms_number.as_deref().unwrap_or_default();
    let delivery = if !email.is_empty() {
        "E"
    } else if !sms.is_empty() {
        "S"
    } else {
        "N"
    };
    conn.prepare_cached(
        "INSERT INTO participations (session_id, secure_video_user_id, full_name, \
             email_address, sms_number, default_resolution, time_zone_windows_id, external_id, \
             connect_code, should_auto_deliver_code, packet_id, svc_id, deposit_cents) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        session_id,
        user.system_user_id,
        user.full_name.as_deref().unwrap_or_default(),
        email,
        sms,
        user.default_resolution.as_deref().unwrap_or("high"),
        user.time_zone_windows_id,
        user.external_id,
        code,
        delivery,
        packet.to_wire(),
        svc_id,
        deposit_cents,
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Replaces a guest's properties with those of a validated update body. The
/// name never changes (the rules refuse a different one).
pub fn update_guest(
    conn: &Connection,
    participation_id: i64,
    guest: &GuestRequest,
) -> rusqlite::Result<()> {
    let (svc_id, deposit_cents) = deposit_columns(guest.deposit());
    conn.execute(
        "UPDATE participations SET email_address = ?2, sms_number = ?3, \
             default_resolution = ?10, time_zone_windows_id = ?4, external_id = ?5, \
             should_auto_deliver_code = ?6, packet_id = ?7, svc_id = ?8, deposit_cents = ?9 \
         WHERE participation_id = ?1",
        params![
            participation_id,
            guest.email().unwrap_or_default(),
            guest.sms().unwrap_or_default(),
            guest.time_zone(),
            guest.external_id(),
            guest.delivery().code(),
            guest.packet().to_wire(),
            svc_id,
            deposit_cents,
            guest.resolution(),
        ],
    )?;
    Ok(())
}

/// Replaces the session-specific properties of a user's participation.
pub fn update_user_participation(
    conn: &Connection,
    participation_id: i64,
    packet: Packet,
    deposit: Option<Deposit>,
) -> rusqlite::Result<()> {
    let (svc_id, deposit_cents) = deposit_columns(deposit);
    conn.execute(
        "UPDATE participations SET packet_id = ?2, svc_id = ?3, deposit_cents = ?4 \
         WHERE participation_id = ?1",
        params![participation_id, packet.to_wire(), svc_id, deposit_cents],
    )?;
    Ok(())
}

pub fn delete_participation(conn: &Connection, participation_id: i64) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM participations WHERE participation_id = ?1",
        [participation_id],
    )?;
    Ok(())
}

fn unused_participation_code(conn: &Connection) -> rusqlite::Result<i64> {
    unused_code(conn, "SELECT 1 FROM participations WHERE connect_code = ?1")
}

/// A random 9-digit code that `taken_sql` does not find. The caller holds
/// the write lock, so the code is still free when it is inserted; the
/// UNIQUE index is the backstop.
fn unused_code(conn: &Connection, taken_sql: &str) -> rusqlite::Result<i64> {
    let mut rng = rand::rng();
    loop {
        let code = rng.random_range(CONNECT_CODES);
        let taken = conn.prepare_cached(taken_sql)?.exists([code])?;
        if !taken {
            return Ok(code);
        }
    }
}
