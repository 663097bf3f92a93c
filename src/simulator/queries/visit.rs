//! What happens during a visit, which SecureVideo's API reads but does not
//! let a client do: participants connecting and leaving, answering their
//! invitation, and the session ending. Written only by the simulator-only
//! routes (`routes/visit.rs`); read by `GET /status` and every Session
//! (`ConnectionTs`, `RSVP`).

use rusqlite::{Connection, OptionalExtension, params};

use super::now_ts;
use crate::common::SessionState;

/// The session's status: ended once ended, started once anyone has
/// connected (even if everyone has left since), else not started. `None`:
/// no such session.
pub fn session_state(conn: &Connection, session_id: i64) -> rusqlite::Result<Option<SessionState>> {
    conn.prepare_cached("SELECT started_ts, ended_ts FROM sessions WHERE session_id = ?1")?
        .query_row([session_id], |row| {
            let started: Option<String> = row.get(0)?;
            let ended: Option<String> = row.get(1)?;
            Ok(match (started, ended) {
                (_, Some(_)) => SessionState::Ended,
                (Some(_), None) => SessionState::Started,
                (None, None) => SessionState::NotStarted,
            })
        })
        .optional()
}

/// The participant connects now; the session has started from its first
/// connection on.
pub fn connect(conn: &Connection, session_id: i64, participation_id: i64) -> rusqlite::Result<()> {
    let now = now_ts();
    conn.execute(
        "UPDATE participations SET connection_ts = ?2 WHERE participation_id = ?1",
        params![participation_id, now],
    )?;
    conn.execute(
        "UPDATE sessions SET started_ts = COALESCE(started_ts, ?2) WHERE session_id = ?1",
        params![session_id, now],
    )?;
    Ok(())
}

/// The participant leaves: no ConnectionTs any more.
pub fn disconnect(conn: &Connection, participation_id: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE participations SET connection_ts = NULL WHERE participation_id = ?1",
        [participation_id],
    )?;
    Ok(())
}

/// The participant's answer to the invitation (one of the RSVP values).
pub fn set_rsvp(conn: &Connection, participation_id: i64, rsvp: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE participations SET rsvp = ?2 WHERE participation_id = ?1",
        params![participation_id, rsvp],
    )?;
    Ok(())
}

/// Ends the session (once: a second end keeps the first time) and
/// disconnects everyone still in it.
pub fn end_session(conn: &Connection, session_id: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE sessions SET ended_ts = COALESCE(ended_ts, ?2) WHERE session_id = ?1",
        params![session_id, now_ts()],
    )?;
    conn.execute(
        "UPDATE participations SET connection_ts = NULL WHERE session_id = ?1",
        [session_id],
    )?;
    Ok(())
}
