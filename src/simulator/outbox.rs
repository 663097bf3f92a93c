//! The messages SecureVideo would have sent, recorded instead of sent, and
//! `GET /outbox` to read them (a simulator-only route; it needs the same
//! Basic credentials as the rest of the API).
//!
//! When a row is written:
//! - **invitation**, on add, when the participant's ShouldAutoDeliverCode is
//!   "E" (to their e-mail address) or "S" (to their SMS number); none for
//!   "N". A SecureVideo user added to a session is invited by e-mail when
//!   their account has an address, else by text. The host is never invited
//!   to their own session.
//! - **invitation**, on update, when delivery is "E" or "S" and this
//!   participation has not yet been invited on that channel at that address
//!   (delivery changed from "N", or the address or channel changed).
//! - **cancellation**, when a participation that had been sent an invitation
//!   is removed (alone or with its session), on the channel and to the
//!   address of the last invitation.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::SimulatorState;
use super::error::{SimulatorError, json};
use super::queries::{now_ts, participation};

/// One message SecureVideo would have sent.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct OutboxMessage {
    pub id: i64,
    /// "invitation" or "cancellation".
    pub kind: String,
    /// "E" (e-mail) or "S" (text message).
    pub channel: String,
    /// The e-mail address or the SMS number.
    pub to: String,
    pub session_id: i64,
    pub participation_id: i64,
    /// UTC, like every SecureVideo timestamp.
    pub created_ts: String,
}

pub const INVITATION: &str = "invitation";
pub const CANCELLATION: &str = "cancellation";

/// `GET /outbox`: every recorded message, oldest first.
pub(crate) async fn list(State(state): State<SimulatorState>) -> Result<Response, SimulatorError> {
    let messages = state
        .read(|tx| {
            let mut statement = tx.prepare(
                "SELECT id, kind, channel, recipient, session_id, participation_id, created_ts \
                 FROM outbox ORDER BY id",
            )?;
            let rows = statement.query_map([], |row| {
                Ok(OutboxMessage {
                    id: row.get(0)?,
                    kind: row.get(1)?,
                    channel: row.get(2)?,
                    to: row.get(3)?,
                    session_id: row.get(4)?,
                    participation_id: row.get(5)?,
                    created_ts: row.get(6)?,
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    Ok(json(StatusCode::OK, &messages))
}

/// Where an invitation to this participation goes now, if anywhere:
/// (channel, address).
fn destination(
    conn: &Connection,
    participation_id: i64,
) -> rusqlite::Result<Option<(String, String)>> {
    let Some(p) = participation(conn, participation_id)? else {
        return Ok(None);
    };
    let to = match p.should_auto_deliver_code.as_deref() {
        Some("E") => p.participant_email_address,
        Some("S") => p.participant_sms_number,
        _ => None,
    };
    Ok(to
        .filter(|to| !to.is_empty())
        .zip(p.should_auto_deliver_code)
        .map(|(to, channel)| (channel, to)))
}

fn last_invitation(
    conn: &Connection,
    participation_id: i64,
) -> rusqlite::Result<Option<(String, String)>> {
    conn.query_row(
        "SELECT channel, recipient FROM outbox \
         WHERE participation_id = ?1 AND kind = 'invitation' ORDER BY id DESC LIMIT 1",
        [participation_id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
    .optional()
}

fn record(
    conn: &Connection,
    kind: &str,
    (channel, to): &(String, String),
    session_id: i64,
    participation_id: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO outbox (kind, channel, recipient, session_id, participation_id, created_ts) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![kind, channel, to, session_id, participation_id, now_ts()],
    )?;
    tracing::info!(
        kind,
        channel = channel.as_str(),
        session_id,
        participation_id,
        "simulator outbox"
    );
    Ok(())
}

/// After an add: invites the new participant if their delivery asks for it.
pub(crate) fn invite_new(
    conn: &Connection,
    session_id: i64,
    participation_id: i64,
) -> rusqlite::Result<()> {
    if let Some(destination) = destination(conn, participation_id)? {
        record(conn, INVITATION, &destination, session_id, participation_id)?;
    }
    Ok(())
}

/// After an update: invites the participant if delivery now asks for it at
/// a channel and address that have not been invited yet.
pub(crate) fn invite_if_changed(
    conn: &Connection,
    session_id: i64,
    participation_id: i64,
) -> rusqlite::Result<()> {
    let Some(destination) = destination(conn, participation_id)? else {
        return Ok(());
    };
    if last_invitation(conn, participation_id)?.as_ref() != Some(&destination) {
        record(conn, INVITATION, &destination, session_id, participation_id)?;
    }
    Ok(())
}

/// Before a removal: a cancellation notice if an invitation had been sent.
pub(crate) fn cancel(
    conn: &Connection,
    session_id: i64,
    participation_id: i64,
) -> rusqlite::Result<()> {
    if let Some(destination) = last_invitation(conn, participation_id)? {
        record(
            conn,
            CANCELLATION,
            &destination,
            session_id,
            participation_id,
        )?;
    }
    Ok(())
}
