//! The simulator's SQLite database: opening it durably, the schema and its
//! version, and the transactions every request runs in.
//!
//! Writes go to one writer thread that owns the only writing connection.
//! It commits in groups: while one commit is waiting for its fsync, the
//! writes that arrive queue up, and the next transaction runs all of them,
//! each inside its own savepoint, then commits once. Every write is still
//! one atomic step run alone (a check and the insert it guards, for
//! example "no participant has this name yet" and the new participant,
//! cannot interleave with another write, so of two simultaneous adds of
//! the same name exactly one succeeds), a write that fails rolls back only
//! its own savepoint, and no write is answered before the commit that holds
//! it is on disk: `journal_mode=WAL` with `synchronous=FULL`, so an answered
//! write survives the process being killed or the machine losing power.
//!
//! Reads run on a small pool of read-only connections, each in its own
//! snapshot; in WAL mode they neither wait for the writer nor block it. An
//! in-memory database has no second connection to the same data, so its
//! reads go through the writer thread too.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use tokio::sync::oneshot;

use super::error::SimulatorError;
use super::seed;

/// The most writes one commit carries: enough to absorb a stall, few enough
/// that one commit never takes long.
const MAX_GROUP: usize = 256;

/// Read connections kept open between reads.
const IDLE_READERS: usize = 4;

/// How long a connection waits for a lock held by another process (or the
/// checkpointer) before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Prepared statements kept per connection (rusqlite's default is 16; the
/// simulator's statements, the listing variants among them, come close).
const STATEMENT_CACHE: usize = 64;

/// The schema this code reads and writes, kept in `PRAGMA user_version`.
/// It counts changes to the tables. Indexes that only make reads faster
/// are in [`INDEXES`], created on every open, so adding one needs no new
/// version: an existing file gets it on its next open. Version 2 added the
/// User API's writes (`users.system_roles`, `users.deleted_ts`); version 3
/// the session status (`sessions.started_ts`, `sessions.ended_ts`).
pub const SCHEMA_VERSION: i64 = 3;

/// From version 1 to 2, on a database that already holds data.
const MIGRATE_1_TO_2: &str = "
ALTER TABLE users ADD COLUMN system_roles TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN deleted_ts TEXT;
";

/// From version 2 to 3: no session has started or ended yet.
const MIGRATE_2_TO_3: &str = "
ALTER TABLE sessions ADD COLUMN started_ts TEXT;
ALTER TABLE sessions ADD COLUMN ended_ts TEXT;
";

/// Indexes added after version 1's tables, ensured on every open.
const INDEXES: &str = "
-- GET /session/{userId}: the sessions one user takes part in, without
-- reading every participation of the account. Guests have no user id.
CREATE INDEX IF NOT EXISTS participations_by_user
    ON participations (secure_video_user_id)
    WHERE secure_video_user_id IS NOT NULL;
";

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
    external_id          TEXT UNIQUE,
    system_roles         TEXT NOT NULL DEFAULT '',
    -- Set by DELETE /user/{id}: the row stays for the sessions that name it.
    deleted_ts           TEXT
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
    is_recorded         INTEGER NOT NULL DEFAULT 0,
    -- GET /status: set when a participant first connects, and when the
    -- session is ended (both only through the simulator-only routes).
    started_ts          TEXT,
    ended_ts            TEXT
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
    #[error("seeding the bench data failed: {0}")]
    BenchSeed(String),
    #[error("cannot start the database writer thread: {0}")]
    Thread(#[from] std::io::Error),
}

/// The database: the writer thread's queue and the read connections.
pub struct Store {
    /// `None` once closed.
    jobs: Mutex<Option<mpsc::Sender<Box<dyn Job>>>>,
    writer: Mutex<Option<JoinHandle<()>>>,
    /// `None` for an in-memory database (reads go to the writer).
    readers: Option<Readers>,
}

impl Store {
    /// Opens (or creates) the database at `path` (`":memory:"` allowed),
    /// creates the schema and seeds the demo data if it is new, and starts
    /// the writer thread.
    pub fn open(path: &str) -> Result<Self, StoreError> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // Returns the mode in force ("memory" for an in-memory database).
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        let readers = (mode.eq_ignore_ascii_case("wal")).then(|| Readers::new(path));
        let (jobs, queue) = mpsc::channel();
        let writer = std::thread::Builder::new()
            .name("simulator-db-writer".into())
            .spawn(move || write_loop(conn, queue))?;
        Ok(Self {
            jobs: Mutex::new(Some(jobs)),
            writer: Mutex::new(Some(writer)),
            readers,
        })
    }

    /// Queues `work` for the writer thread. The answer arrives once the
    /// commit that holds it is durable, or as the error that undid it.
    pub fn write<T, F>(&self, work: F) -> oneshot::Receiver<Result<T, SimulatorError>>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, SimulatorError> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job = Box::new(Pending {
            work: Some(work),
            outcome: None,
            reply,
        });
        let guard = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        match guard.as_ref() {
            // A job that cannot be queued is dropped with its sender: the
            // receiver reads that as "closed".
            Some(jobs) => drop(jobs.send(job)),
            None => job.finish(Err(SimulatorError::Unavailable)),
        }
        answer
    }

    /// Runs `work` in a read snapshot. Blocks: call it from a blocking
    /// context.
    pub fn read<T, F>(&self, work: F) -> Result<T, SimulatorError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, SimulatorError> + Send + 'static,
    {
        match &self.readers {
            Some(readers) => readers.read(work),
            None => self
                .write(work)
                .blocking_recv()
                .unwrap_or(Err(SimulatorError::Unavailable)),
        }
    }

    /// Stops taking work, lets the writer finish what is queued, checkpoints
    /// the write-ahead log into the database file and closes every
    /// connection. Requests after this answer 503. Blocks.
    pub fn close(&self) {
        drop(self.jobs.lock().unwrap_or_else(|e| e.into_inner()).take());
        if let Some(readers) = &self.readers {
            readers.close();
        }
        let writer = self.writer.lock().unwrap_or_else(|e| e.into_inner()).take();
        // The writer thread itself never waits for itself (it would if a
        // job held the last reference to the store).
        if let Some(writer) = writer
            && writer.thread().id() != std::thread::current().id()
            && writer.join().is_err()
        {
            tracing::error!("the simulator database writer thread panicked");
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        self.close();
    }
}

/// One queued write: run it inside the group's transaction, answer it once
/// the group's commit is known.
trait Job: Send {
    fn run(&mut self, conn: &Connection);
    fn finish(self: Box<Self>, committed: Result<(), SimulatorError>);
}

struct Pending<T, F> {
    work: Option<F>,
    outcome: Option<Result<T, SimulatorError>>,
    reply: oneshot::Sender<Result<T, SimulatorError>>,
}

impl<T, F> Job for Pending<T, F>
where
    T: Send,
    F: FnOnce(&Connection) -> Result<T, SimulatorError> + Send,
{
    /// Runs the work inside a savepoint, so that its failure (or panic)
    /// undoes its own changes and nothing else.
    fn run(&mut self, conn: &Connection) {
        let Some(work) = self.work.take() else { return };
        if let Err(error) = conn.execute_batch("SAVEPOINT job") {
            self.outcome = Some(Err(error.into()));
            return;
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| work(conn)))
            .unwrap_or_else(|_| Err(SimulatorError::Internal("a database job panicked".into())));
        let end = if outcome.is_ok() {
            "RELEASE job"
        } else {
            "ROLLBACK TO job; RELEASE job"
        };
        // If SQLite already rolled the whole transaction back (a full disk,
        // an I/O error), the savepoint is gone too; the writer notices and
        // fails the group.
        let ended = conn.execute_batch(end);
        self.outcome = Some(match (outcome, ended) {
            (Ok(_), Err(error)) => Err(error.into()),
            (outcome, _) => outcome,
        });
    }

    fn finish(self: Box<Self>, committed: Result<(), SimulatorError>) {
        let answer = match (self.outcome, committed) {
            // A failed job's own error explains it, whatever the commit did.
            (Some(Err(error)), _) => Err(error),
            (Some(Ok(value)), Ok(())) => Ok(value),
            (_, Err(error)) => Err(error),
            (None, Ok(())) => Err(SimulatorError::Internal(
                "a database job did not run".into(),
            )),
        };
        // The caller may have gone away; its change stands either way.
        let _ = self.reply.send(answer);
    }
}

/// The writer thread: takes whatever is queued (at least one job, at most
/// [`MAX_GROUP`]), runs it in one `BEGIN IMMEDIATE` transaction, commits,
/// answers. Once the queue is closed and empty, checkpoints and closes.
fn write_loop(conn: Connection, queue: mpsc::Receiver<Box<dyn Job>>) {
    while let Ok(first) = queue.recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match queue.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        let committed = run_group(&conn, &mut group);
        for job in group {
            job.finish(committed.as_ref().map(|_| ()).map_err(copy_error));
        }
    }
    if let Err(error) = conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);") {
        tracing::warn!(%error, "simulator database checkpoint failed");
    }
    if let Err((_, error)) = conn.close() {
        tracing::warn!(%error, "simulator database did not close cleanly");
    }
}

/// Runs every job of the group in one transaction and commits it.
fn run_group(conn: &Connection, group: &mut [Box<dyn Job>]) -> Result<(), SimulatorError> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    for job in group.iter_mut() {
        job.run(conn);
        if conn.is_autocommit() {
            // SQLite rolled the transaction back under us: nothing of this
            // group was kept, and later jobs must not run outside it.
            return Err(SimulatorError::Internal(
                "the transaction was rolled back by SQLite".into(),
            ));
        }
    }
    if let Err(error) = conn.execute_batch("COMMIT") {
        if !conn.is_autocommit() {
            let _ = conn.execute_batch("ROLLBACK");
        }
        return Err(error.into());
    }
    Ok(())
}

/// The group's commit error, for each of its jobs.
fn copy_error(error: &SimulatorError) -> SimulatorError {
    match error {
        SimulatorError::Internal(cause) => SimulatorError::Internal(cause.clone()),
        _ => SimulatorError::Internal(error.to_string()),
    }
}

/// Read-only connections to a file database, opened on demand and kept
/// (up to [`IDLE_READERS`]) for the next read.
struct Readers {
    path: String,
    /// `None` once closed.
    idle: Mutex<Option<Vec<Connection>>>,
}

impl Readers {
    fn new(path: &str) -> Self {
        Self {
            path: path.to_owned(),
            idle: Mutex::new(Some(Vec::new())),
        }
    }

    fn read<T>(
        &self,
        work: impl FnOnce(&Connection) -> Result<T, SimulatorError>,
    ) -> Result<T, SimulatorError> {
        let taken = match self.idle.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            None => return Err(SimulatorError::Unavailable),
            Some(idle) => idle.pop(),
        };
        let mut conn = match taken {
            Some(conn) => conn,
            None => self.connect()?,
        };
        let value = {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
            let value = work(&tx)?;
            tx.commit()?;
            value
        };
        if let Some(idle) = self.idle.lock().unwrap_or_else(|e| e.into_inner()).as_mut()
            && idle.len() < IDLE_READERS
        {
            idle.push(conn);
        }
        Ok(value)
    }

    fn connect(&self) -> Result<Connection, SimulatorError> {
        // Read-write at the file level, so it shares the writer's WAL index
        // like any other connection; `query_only` refuses every write.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(&self.path, flags)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        conn.pragma_update(None, "query_only", "ON")?;
        Ok(conn)
    }

    fn close(&self) {
        self.idle.lock().unwrap_or_else(|e| e.into_inner()).take();
    }
}

/// Brings the schema to [`SCHEMA_VERSION`] and ensures [`INDEXES`]. A new
/// database gets the schema and the demo data in one transaction, so it is
/// seeded exactly once.
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
        1 | 2 => {
            if version == 1 {
                tx.execute_batch(MIGRATE_1_TO_2)?;
            }
            tx.execute_batch(MIGRATE_2_TO_3)?;
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            tracing::info!(
                from = version,
                to = SCHEMA_VERSION,
                "simulator database migrated"
            );
        }
        SCHEMA_VERSION => {}
        newer => return Err(StoreError::NewerSchema(newer)),
    }
    tx.execute_batch(INDEXES)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open_file() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("t.db").to_str().unwrap()).unwrap();
        (dir, store)
    }

    fn write<T: Send + 'static>(
        store: &Store,
        work: impl FnOnce(&Connection) -> Result<T, SimulatorError> + Send + 'static,
    ) -> Result<T, SimulatorError> {
        store.write(work).blocking_recv().expect("answered")
    }

    fn count(store: &Store) -> i64 {
        store
            .read(|c| Ok(c.query_row("SELECT count(*) FROM probe", [], |r| r.get(0))?))
            .unwrap()
    }

    #[test]
    fn a_file_database_is_durable_versioned_and_checks_foreign_keys() {
        let (_dir, store) = open_file();
        let pragma = |name: &'static str| {
            write(&store, move |c| {
                Ok(c.query_row(&format!("PRAGMA {name}"), [], |r| {
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
        assert!(matches!(
            store.read(|_| Ok(())),
            Err(SimulatorError::Unavailable)
        ));
        assert!(matches!(
            store.write(|_| Ok(())).blocking_recv().unwrap(),
            Err(SimulatorError::Unavailable)
        ));
    }

    #[test]
    fn reads_cannot_write() {
        let (_dir, store) = open_file();
        let refused = store.read(|c| Ok(c.execute("DELETE FROM users", [])?));
        assert!(
            matches!(refused, Err(SimulatorError::Internal(_))),
            "{refused:?}"
        );
    }

    /// Many writers at once: every answered write is there, a failing or
    /// panicking write undoes only itself, and the writes that shared its
    /// commit stand.
    #[test]
    fn grouped_writes_fail_alone_and_the_rest_commit() {
        for path in ["file", ":memory:"] {
            let dir = tempfile::tempdir().unwrap();
            let path = match path {
                "file" => dir.path().join("t.db").to_str().unwrap().to_owned(),
                memory => memory.to_owned(),
            };
            let store = Store::open(&path).unwrap();
            write(&store, |c| {
                Ok(c.execute_batch("CREATE TABLE probe (n INTEGER PRIMARY KEY)")?)
            })
            .unwrap();
            let answers: Vec<_> = (0..600_i64)
                .map(|n| {
                    store.write(move |c| {
                        c.execute("INSERT INTO probe (n) VALUES (?1)", [n])?;
                        match n % 3 {
                            0 => Ok(n),
                            1 => Err(SimulatorError::BadRequest(format!("refused {n}"))),
                            _ if n % 50 == 2 => panic!("job {n} panics"),
                            _ => Ok(n),
                        }
                    })
                })
                .collect();
            let mut kept = 0;
            for (n, answer) in (0..600_i64).zip(answers) {
                match (n % 3, answer.blocking_recv().unwrap()) {
                    (1, Err(SimulatorError::BadRequest(m))) => {
                        assert_eq!(m, format!("refused {n}"))
                    }
                    (2, Err(SimulatorError::Internal(_))) if n % 50 == 2 => {}
                    (_, Ok(v)) => {
                        assert_eq!(v, n);
                        kept += 1;
                    }
                    (_, other) => panic!("write {n}: {other:?}"),
                }
            }
            assert_eq!(count(&store), kept, "{path}");
            let stored: Vec<i64> = store
                .read(|c| {
                    let mut stmt = c.prepare("SELECT n FROM probe ORDER BY n")?;
                    let rows = stmt.query_map([], |r| r.get(0))?;
                    Ok(rows.collect::<rusqlite::Result<_>>()?)
                })
                .unwrap();
            assert!(
                stored
                    .iter()
                    .all(|n| n % 3 == 0 || (n % 3 == 2 && n % 50 != 2))
            );
            store.close();
        }
    }

    /// What SQLite plans for `sql` (with 12281 for `?1`): one line per step.
    fn query_plan(conn: &Connection, sql: &str) -> Vec<String> {
        let mut statement = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let binds = statement.parameter_count();
        let rows = statement
            .query_map(rusqlite::params_from_iter((0..binds).map(|_| 12281)), |r| {
                r.get::<_, String>(3)
            })
            .unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    }

    /// `GET /session/{userId}` finds that user's participations through
    /// `participations_by_user` and never scans every participation (or
    /// session) of the account; without the index it would.
    #[test]
    fn listing_a_users_sessions_uses_the_user_index() {
        use crate::simulator::queries::{SessionFilter, listing_sql};
        let (_dir, store) = open_file();
        let plans: Vec<Vec<String>> = store
            .read(|c| {
                Ok(listing_sql(SessionFilter::WithUser(12281))
                    .iter()
                    .map(|sql| query_plan(c, sql))
                    .collect())
            })
            .unwrap();
        for plan in &plans {
            assert!(
                plan.iter()
                    .any(|step| step.contains("USING INDEX participations_by_user")
                        || step.contains("USING COVERING INDEX participations_by_user")),
                "{plan:?}"
            );
            assert!(
                !plan.iter().any(|step| step.starts_with("SCAN ")),
                "a full scan: {plan:?}"
            );
        }
    }

    /// A file made before the index existed gets it on its next open.
    #[test]
    fn an_existing_database_gets_the_new_index_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db").to_str().unwrap().to_owned();
        drop(Store::open(&path).unwrap());
        let index_count = || -> i64 {
            Connection::open(&path)
                .unwrap()
                .query_row(
                    "SELECT count(*) FROM sqlite_schema \
                     WHERE type = 'index' AND name = 'participations_by_user'",
                    [],
                    |r| r.get(0),
                )
                .unwrap()
        };
        assert_eq!(index_count(), 1);
        Connection::open(&path)
            .unwrap()
            .execute_batch("DROP INDEX participations_by_user")
            .unwrap();
        assert_eq!(index_count(), 0);
        let store = Store::open(&path).unwrap();
        assert_eq!(index_count(), 1);
        let version: i64 = store
            .read(|c| Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
    }

    /// A database written by schema version 1 (before the User API's writes)
    /// opens, keeps its data and gains the new columns.
    #[test]
    fn a_version_1_database_is_migrated_and_keeps_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.db").to_str().unwrap().to_owned();
        {
            let conn = Connection::open(&path).unwrap();
            let v1_schema = SCHEMA
                .replace(
                    "    system_roles         TEXT NOT NULL DEFAULT '',\n",
                    "",
                )
                .replace(
                    "    -- Set by DELETE /user/{id}: the row stays for the sessions that name it.\n    deleted_ts           TEXT\n",
                    "",
                )
                .replace("external_id          TEXT UNIQUE,\n);", "external_id          TEXT UNIQUE\n);")
                .replace(VERSION_3_SESSION_COLUMNS, "\n);");
            assert!(
                !v1_schema.contains("deleted_ts") && !v1_schema.contains("ended_ts"),
                "the test builds a real v1 schema"
            );
            conn.execute_batch(&v1_schema).unwrap();
            conn.execute(
                "INSERT INTO users (system_user_id, full_name, video_id) VALUES (1, 'Old User', 'v')",
                [],
            )
            .unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
        }
        let store = Store::open(&path).unwrap();
        let (version, name, deleted): (i64, String, Option<String>) = store
            .read(|c| {
                let version = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
                let (name, deleted) = c.query_row(
                    "SELECT full_name, deleted_ts FROM users WHERE system_user_id = 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                Ok((version, name, deleted))
            })
            .unwrap();
        assert_eq!(
            (version, name.as_str(), deleted),
            (SCHEMA_VERSION, "Old User", None)
        );
    }

    /// The session columns version 3 added, as [`SCHEMA`] writes them.
    const VERSION_3_SESSION_COLUMNS: &str = ",
    -- GET /status: set when a participant first connects, and when the
    -- session is ended (both only through the simulator-only routes).
    started_ts          TEXT,
    ended_ts            TEXT
);";

    /// A database written by schema version 2 (before the session status)
    /// opens, keeps its sessions and gains the status columns, empty.
    #[test]
    fn a_version_2_database_is_migrated_and_keeps_its_sessions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v2.db").to_str().unwrap().to_owned();
        {
            let conn = Connection::open(&path).unwrap();
            assert!(SCHEMA.contains(VERSION_3_SESSION_COLUMNS));
            let v2_schema = SCHEMA.replace(VERSION_3_SESSION_COLUMNS, "\n);");
            conn.execute_batch(&v2_schema).unwrap();
            conn.execute_batch(
                "INSERT INTO users (system_user_id, full_name, video_id) VALUES (1, 'Host', 'v');
                 INSERT INTO sessions (session_id, user_id, schedule_ts, connect_code)
                 VALUES (5, 1, '2030-01-01T15:00:00', 123456789);",
            )
            .unwrap();
            conn.pragma_update(None, "user_version", 2).unwrap();
        }
        let store = Store::open(&path).unwrap();
        let (version, row): (i64, (i64, Option<String>, Option<String>)) = store
            .read(|c| {
                let version = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
                let row = c.query_row(
                    "SELECT session_id, started_ts, ended_ts FROM sessions",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )?;
                Ok((version, row))
            })
            .unwrap();
        assert_eq!((version, row), (SCHEMA_VERSION, (5, None, None)));
    }

    /// A write answered before `close` is in the file when it is opened
    /// again.
    #[test]
    fn answered_writes_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db").to_str().unwrap().to_owned();
        let store = Store::open(&path).unwrap();
        write(&store, |c| {
            Ok(c.execute_batch("CREATE TABLE probe (n INTEGER PRIMARY KEY)")?)
        })
        .unwrap();
        let answers: Vec<_> = (0..100_i64)
            .map(|n| store.write(move |c| Ok(c.execute("INSERT INTO probe VALUES (?1)", [n])?)))
            .collect();
        for answer in answers {
            answer.blocking_recv().unwrap().unwrap();
        }
        drop(store);
        let store = Store::open(&path).unwrap();
        assert_eq!(count(&store), 100);
    }
}
