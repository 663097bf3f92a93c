//! Reading and writing user accounts: the User API's records, turned into
//! `common`'s [`User`] on the way out. A deleted user keeps its row (the
//! sessions it hosted or joined still name it) and is left out of every
//! read.

use rand::RngExt;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::now_ts;
use crate::common::{User, UserAccountRequest};

const USER_COLUMNS: &str = "system_user_id, full_name, email_address, sms_number, \
     default_resolution, time_zone_windows_id, help_number, video_id, external_id, system_roles";

/// Only users not deleted: a deleted user is gone from every read, and the
/// row stays only for the sessions that name it.
const ACTIVE: &str = "deleted_ts IS NULL";

fn user_from_row(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        system_user_id: Some(row.get(0)?),
        full_name: Some(row.get(1)?),
        email_address: Some(row.get(2)?),
        sms_number: Some(row.get(3)?),
        default_resolution: Some(row.get(4)?),
        time_zone_windows_id: row.get(5)?,
        help_number: Some(row.get(6)?),
        video_id: Some(row.get(7)?),
        // SecureVideo writes "" for "none" (KB "API - Users").
        external_id: Some(row.get::<_, Option<String>>(8)?.unwrap_or_default()),
        system_roles: Some(row.get(9)?),
        new_password: None,
    })
}

pub fn list_users(conn: &Connection) -> rusqlite::Result<Vec<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE {ACTIVE} ORDER BY system_user_id");
    let mut statement = conn.prepare_cached(&sql)?;
    statement.query_map([], user_from_row)?.collect()
}

pub fn user(conn: &Connection, user_id: i64) -> rusqlite::Result<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE system_user_id = ?1 AND {ACTIVE}");
    conn.query_row(&sql, [user_id], user_from_row).optional()
}

pub fn user_by_external_id(conn: &Connection, external_id: &str) -> rusqlite::Result<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE external_id = ?1 AND {ACTIVE}");
    conn.query_row(&sql, [external_id], user_from_row)
        .optional()
}

/// Adds a user account with the id it names (the seed uses this).
pub fn insert_user(conn: &Connection, user: &User) -> rusqlite::Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO users ({USER_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
        ),
        params![
            user.system_user_id,
            user.full_name.as_deref().unwrap_or_default(),
            user.email_address.as_deref().unwrap_or_default(),
            user.sms_number.as_deref().unwrap_or_default(),
            user.default_resolution.as_deref().unwrap_or("high"),
            user.time_zone_windows_id,
            user.help_number.as_deref().unwrap_or_default(),
            user.video_id.as_deref().unwrap_or_default(),
            user.external_id.as_deref().filter(|id| !id.is_empty()),
            user.system_roles.as_deref().unwrap_or_default(),
        ],
    )?;
    Ok(())
}

/// A VideoId as SecureVideo makes one: `securevideo+sv`, the SystemUserId
/// zero-padded to 10 digits, then 8 more digits (KB "API - Users"; the
/// recorded `securevideo+sv000001228327978610` is user 12283).
pub fn video_id(system_user_id: i64) -> String {
    let tail: u32 = rand::rng().random_range(0..100_000_000);
    format!("securevideo+sv{system_user_id:010}{tail:08}")
}

/// Creates a user account from a validated User body; returns its new
/// SystemUserId. Ids count up from the highest ever given, deleted users'
/// included, so an id never names two people.
pub fn create_user(conn: &Connection, account: &UserAccountRequest) -> rusqlite::Result<i64> {
    let id: i64 = conn.query_row(
        "SELECT COALESCE(MAX(system_user_id), 12280) + 1 FROM users",
        [],
        |row| row.get(0),
    )?;
    insert_user(
        conn,
        &User {
            system_user_id: Some(id),
            full_name: Some(account.name().to_owned()),
            email_address: account.email().map(str::to_owned),
            sms_number: account.sms().map(str::to_owned),
            default_resolution: Some(account.resolution().to_owned()),
            time_zone_windows_id: account.time_zone().map(str::to_owned),
            help_number: account.help_number().map(str::to_owned),
            video_id: Some(video_id(id)),
            external_id: account.external_id().map(str::to_owned),
            system_roles: account.system_roles().map(str::to_owned),
            new_password: None,
        },
    )?;
    Ok(id)
}

/// Replaces a user's writable properties, and the copies of them that the
/// user's participations carry (a SecureVideo user's details are kept with
/// the User API, and their sessions show them).
pub fn update_user(
    conn: &Connection,
    user_id: i64,
    account: &UserAccountRequest,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE users SET full_name = ?2, email_address = ?3, sms_number = ?4, \
             default_resolution = ?5, time_zone_windows_id = ?6, help_number = ?7, \
             external_id = ?8, system_roles = ?9 \
         WHERE system_user_id = ?1",
        params![
            user_id,
            account.name(),
            account.email().unwrap_or_default(),
            account.sms().unwrap_or_default(),
            account.resolution(),
            account.time_zone(),
            account.help_number().unwrap_or_default(),
            account.external_id(),
            account.system_roles().unwrap_or_default(),
        ],
    )?;
    conn.execute(
        "UPDATE participations SET full_name = ?2, email_address = ?3, sms_number = ?4, \
             default_resolution = ?5, time_zone_windows_id = ?6, external_id = ?7 \
         WHERE secure_video_user_id = ?1",
        params![
            user_id,
            account.name(),
            account.email().unwrap_or_default(),
            account.sms().unwrap_or_default(),
            account.resolution(),
            account.time_zone(),
            account.external_id(),
        ],
    )?;
    Ok(())
}

/// Is `external_id` the ExternalId of an active user other than `except`?
pub fn user_external_id_taken(
    conn: &Connection,
    external_id: &str,
    except: Option<i64>,
) -> rusqlite::Result<bool> {
    let sql = format!(
        "SELECT 1 FROM users WHERE external_id = ?1 AND system_user_id IS NOT ?2 AND {ACTIVE}"
    );
    Ok(conn
        .query_row(&sql, params![external_id, except], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The sessions scheduled from `now` on that this user hosts, and those
/// (hosted by someone else) they take part in: what a user's deletion
/// would leave without a host or with a participant who cannot log in.
pub fn upcoming_sessions_of_user(
    conn: &Connection,
    user_id: i64,
    now: &str,
) -> rusqlite::Result<(Vec<i64>, Vec<i64>)> {
    let ids = |sql: &str| -> rusqlite::Result<Vec<i64>> {
        conn.prepare_cached(sql)?
            .query_map(params![user_id, now], |row| row.get(0))?
            .collect()
    };
    let hosted = ids(
        "SELECT session_id FROM sessions WHERE user_id = ?1 AND schedule_ts >= ?2 \
         ORDER BY session_id",
    )?;
    let joined = ids(
        "SELECT s.session_id FROM sessions s JOIN participations p USING (session_id) \
         WHERE p.secure_video_user_id = ?1 AND s.user_id <> ?1 AND s.schedule_ts >= ?2 \
         ORDER BY s.session_id",
    )?;
    Ok((hosted, joined))
}

/// Deletes a user: gone from every read, the row kept (marked) for the past
/// sessions that name it. Its ExternalId is released for a new user.
pub fn delete_user(conn: &Connection, user_id: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE users SET deleted_ts = ?2, external_id = NULL WHERE system_user_id = ?1",
        params![user_id, now_ts()],
    )?;
    Ok(())
}
