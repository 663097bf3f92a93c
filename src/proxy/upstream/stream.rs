//! Session lists read as a stream: `GET /session` holds every active
//! session of the account (33 MiB at 10,000 sessions), so its array is
//! parsed element by element as the bytes arrive, and each Session is
//! handed to a fold step and dropped. Memory stays that of one element
//! (plus what the step keeps), whatever the list's size.
//!
//! serde_json parses only from a blocking [`Read`], so the body stream is
//! bridged to one ([`SyncIoBridge`]) on the blocking pool; the fold runs
//! there too.

use std::io::{self, BufReader, Read};

use futures_util::TryStreamExt;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use tokio_util::io::{StreamReader, SyncIoBridge};

use super::error::UpstreamError;
use crate::common::Session;

/// A sanity cap far above any real account (10,000 sessions are 33 MiB):
/// past it the list is not read on.
pub const MAX_LIST_BYTES: u64 = 1 << 30;
/// Likewise, in sessions.
pub const MAX_LIST_SESSIONS: usize = 1_000_000;

/// Reads a 2xx answer holding a JSON array of Sessions, folding each into
/// `acc` with `step`.
pub async fn fold_sessions<A, S>(
    response: reqwest::Response,
    acc: A,
    step: S,
) -> Result<A, UpstreamError>
where
    A: Send + 'static,
    S: FnMut(&mut A, Session) + Send + 'static,
{
    let body = response.bytes_stream().map_err(io::Error::other);
    let reader = tokio::io::AsyncReadExt::take(StreamReader::new(body), MAX_LIST_BYTES + 1);
    tokio::task::spawn_blocking(move || fold_reader(SyncIoBridge::new(reader), acc, step))
        .await
        .map_err(|_| UpstreamError::BadResponse)?
}

/// [`fold_sessions`] over any blocking reader.
pub fn fold_reader<R, A, S>(reader: R, mut acc: A, mut step: S) -> Result<A, UpstreamError>
where
    R: Read,
    S: FnMut(&mut A, Session),
{
    let mut counted = Counted {
        inner: BufReader::with_capacity(64 * 1024, reader),
        bytes: 0,
    };
    let mut json = serde_json::Deserializer::from_reader(&mut counted);
    let folded = json
        .deserialize_seq(Each {
            acc: &mut acc,
            step: &mut step,
        })
        .and_then(|()| json.end());
    match folded {
        Ok(()) => Ok(acc),
        Err(_) if counted.bytes > MAX_LIST_BYTES => {
            tracing::warn!(
                max_bytes = MAX_LIST_BYTES,
                "SecureVideo's session list is over the sanity cap"
            );
            Err(UpstreamError::BadResponse)
        }
        // The connection broke while the list was arriving.
        Err(error) if error.is_io() => Err(UpstreamError::Interrupted),
        Err(_) => Err(UpstreamError::BadResponse),
    }
}

/// Counts what passes through, to tell the size cap from a bad body.
struct Counted<R> {
    inner: R,
    bytes: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

/// Visits the array, one Session at a time.
struct Each<'a, A, S> {
    acc: &'a mut A,
    step: &'a mut S,
}

impl<'de, A, S> Visitor<'de> for Each<'_, A, S>
where
    S: FnMut(&mut A, Session),
{
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of sessions")
    }

    fn visit_seq<V: SeqAccess<'de>>(self, mut seq: V) -> Result<(), V::Error> {
        let mut count = 0usize;
        while let Some(session) = seq.next_element::<Session>()? {
            count += 1;
            if count > MAX_LIST_SESSIONS {
                return Err(de::Error::custom("more sessions than the sanity cap"));
            }
            (self.step)(self.acc, session);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(json: &str) -> Result<Vec<i64>, UpstreamError> {
        fold_reader(json.as_bytes(), Vec::new(), |ids, s| ids.push(s.session_id))
    }

    #[test]
    fn each_element_is_folded_in_order() {
        let json = r#" [ {"SessionId": 1, "Participants": [{"ParticipationId": 5}]},
                        {"SessionId": 2, "Unknown": {"deep": [1, 2]}} ] "#;
        assert_eq!(ids(json).unwrap(), vec![1, 2]);
        assert_eq!(ids("[]").unwrap(), Vec::<i64>::new());
    }

    #[test]
    fn a_body_that_is_not_an_array_of_sessions_is_a_bad_response() {
        for bad in [
            "{}",
            "[1]",
            r#"[{"SessionId": 1}"#,
            r#"[{"SessionId": 1}] trailing"#,
            "",
        ] {
            assert!(
                matches!(ids(bad), Err(UpstreamError::BadResponse)),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_broken_connection_is_interrupted_not_bad() {
        struct Broken(bool);
        impl Read for Broken {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if std::mem::replace(&mut self.0, true) {
                    return Err(io::Error::new(io::ErrorKind::ConnectionReset, "reset"));
                }
                let start = br#"[{"SessionId": 1},"#;
                buf[..start.len()].copy_from_slice(start);
                Ok(start.len())
            }
        }
        let result = fold_reader(Broken(false), 0, |n, _| *n += 1);
        assert!(matches!(result, Err(UpstreamError::Interrupted)));
    }

    #[test]
    fn a_large_list_is_folded_without_being_kept() {
        let one = r#"{"SessionId": 7, "Topic": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}"#;
        let json = format!("[{}]", vec![one; 100_000].join(","));
        let count = fold_reader(json.as_bytes(), 0usize, |n, s| {
            assert_eq!(s.session_id, 7);
            *n += 1
        })
        .unwrap();
        assert_eq!(count, 100_000);
    }
}
