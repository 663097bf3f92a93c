//! The simulator's SQLite database: opening it durably, the schema and its
//! version, and the transactions every request runs in.
//!
//! One connection behind a mutex serves all requests. Every write runs in a
//! `BEGIN IMMEDIATE` transaction, so a check and the insert it guards (for
//! example "no participant has this name yet" and the new participant) are
//! one atomic step: of two simultaneous adds of the same name, exactly one
//! succeeds. `journal_mode=WAL` with `synchronous=FULL` means a write that
//! was answered survives the process being killed.

use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::error::ApiError;
use super::seed;

/// The schema this code reads and writes, kept in `PRAGMA user_version`.
pub const SCHEMA_VERSION: i64 = 1;

/// Ids start where SecureVideo's looked like in 2015, so the data reads
/// like the real thing.
const SCHEMA: &str = "
CREATE TABLE users (
    system_user_id       INTEGER PRIMARY KEY,
    full_name            TEXT NOT NULL,
    email_address        TEXT NOT NULL DEFAULT '',
    sms_number           TEXT NOT NULL DEFAULT '',
    default_resolution   TEXT NOT NULL DEFAULT 'high',
    time_zone_windows_id TEXT,
    help_number          TEXT NOT NULL DEFAULT '',
    video_id             TEXT NOT NULL,
    external_id          TEXT UNIQUE
);

CREATE TABLE sessions (
    session_id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id             INTEGER NOT NULL REFERENCES users (system_user_id),
    schedule_ts         TEXT NOT NULL,
    schedule_type       TEXT NOT NULL DEFAULT 'Scheduled',
    connect_code        INTEGER NOT NULL UNIQUE
                        CHECK (connect_code BETWEEN 100000000 AND 999999999),
    external_session_id TEXT UNIQUE,
    topic               TEXT,
    is_recorded         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE participations (
    participation_id         INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id               INTEGER NOT NULL
                             REFERENCES sessions (session_id) ON DELETE CASCADE,
    secure_video_user_id     INTEGER REFERENCES users (system_user_id),
    full_name                TEXT NOT NULL,
    email_address            TEXT NOT NULL DEFAULT '',
    sms_number               TEXT NOT NULL DEFAULT '',
    default_resolution       TEXT NOT NULL DEFAULT 'high',
    time_zone_windows_id     TEXT,
    external_id              TEXT,
    connect_code             INTEGER NOT NULL
                             CHECK (connect_code BETWEEN 100000000 AND 999999999),
    passkey                  TEXT,
    should_auto_deliver_code TEXT NOT NULL
                             CHECK (should_auto_deliver_code IN ('E', 'S', 'N')),
    rsvp                     TEXT NOT NULL DEFAULT 'Unknown',
    connection_ts            TEXT,
    expires_ts               TEXT,
    packet_id                INTEGER,
    svc_id                   INTEGER,
    deposit_cents            INTEGER CHECK (deposit_cents >= 0),
    CHECK ((svc_id IS NULL) = (deposit_cents IS NULL))
);
-- A ConnectCode names one participation across the whole system.
CREATE UNIQUE INDEX participations_connect_code ON participations (connect_code);
-- Backstop for the rule that a user is in a session at most once.
CREATE UNIQUE INDEX participations_user_once
    ON participations (session_id, secure_video_user_id)
    WHERE secure_video_user_id IS NOT NULL;
CREATE INDEX participations_by_session ON participations (session_id);

-- What SecureVideo would have sent. Rows outlive the participation they
-- concern, so no foreign keys.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT NOT NULL CHECK (kind IN ('invitation', 'cancellation')),
    channel          TEXT NOT NULL CHECK (channel IN ('E', 'S')),
    recipient        TEXT NOT NULL,
    session_id       INTEGER NOT NULL,
    participation_id INTEGER NOT NULL,
    created_ts       TEXT NOT NULL
);
CREATE INDEX outbox_by_participation ON outbox (participation_id);

INSERT INTO sqlite_sequence (name, seq) VALUES ('sessions', 36200), ('participations', 70999);
";

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the database has schema version {0}; this simulator knows version {SCHEMA_VERSION}")]
    NewerSchema(i64),
    #[error("seeding the demo data failed: {0}")]
    Seed(String),
}

/// The database: one connection, `None` once closed.
pub struct Store {
    conn: Mutex<Option<Connection>>,
}

impl Store {
    /// Opens (or creates) the database at `path` (`":memory:"` allowed),
    /// creates the schema and seeds the demo data if it is new.
    pub fn open(path: &str) -> Result<Self, StoreError> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // Returns the mode in force ("memory" for an in-memory database).
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        Ok(Self {
            conn: Mutex::new(Some(conn)),
        })
    }

    /// Runs `work` in a `BEGIN IMMEDIATE` transaction: it holds the write
    /// lock from the start, and commits only if `work` succeeds.
    pub fn write<T>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        self.transaction(TransactionBehavior::Immediate, work)
    }

    /// Runs `work` in a read transaction: a consistent snapshot.
    pub fn read<T>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        self.transaction(TransactionBehavior::Deferred, work)
    }

    fn transaction<T>(
        &self,
        behavior: TransactionBehavior,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        // A panic inside `work` poisons the mutex, but its transaction was
        // rolled back when dropped, so the connection is still sound.
        let mut guard = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let conn = guard.as_mut().ok_or(ApiError::Unavailable)?;
        let tx = conn.transaction_with_behavior(behavior)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Checkpoints the write-ahead log into the database file and closes the
    /// connection. Requests after this answer 503.
    pub fn close(&self) {
        let mut guard = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(conn) = guard.take() {
            if let Err(error) = conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);") {
                tracing::warn!(%error, "simulator database checkpoint failed");
            }
            if let Err((_, error)) = conn.close() {
                tracing::warn!(%error, "simulator database did not close cleanly");
            }
        }
    }
}

/// Brings the schema to [`SCHEMA_VERSION`]. A new database gets the schema
/// and the demo data in one transaction, so it is seeded exactly once.
fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    match version {
        0 => {
            tx.execute_batch(SCHEMA)?;
            seed::seed(&tx, chrono::Utc::now()).map_err(|e| StoreError::Seed(e.to_string()))?;
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            tracing::info!("simulator database created and seeded");
        }
        SCHEMA_VERSION => {}
        newer => return Err(StoreError::NewerSchema(newer)),
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_database_is_durable_versioned_and_checks_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("t.db").to_str().unwrap()).unwrap();
        let pragma = |name: &'static str| {
            store
                .read(|tx| {
                    Ok(tx.query_row(&format!("PRAGMA {name}"), [], |r| {
                        r.get_ref(0)?
                            .as_str()
                            .map(str::to_owned)
                            .or_else(|_| r.get::<_, i64>(0).map(|n| n.to_string()))
                    })?)
                })
                .unwrap()
        };
        assert_eq!(pragma("journal_mode"), "wal");
        assert_eq!(pragma("synchronous"), "2", "FULL");
        assert_eq!(pragma("foreign_keys"), "1");
        assert_eq!(pragma("user_version"), SCHEMA_VERSION.to_string());
        store.close();
        assert!(matches!(store.read(|_| Ok(())), Err(ApiError::Unavailable)));
    }
}
