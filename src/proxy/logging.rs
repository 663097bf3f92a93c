//! JSON logs through `tracing`: one object per line, with the fields of the
//! current span (the request id among them). What goes into them is decided
//! where they are written: ids, kinds and statuses, never personal data,
//! upstream text, tokens or credentials.

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::util::SubscriberInitExt;

/// The filter when neither `--log`/`LOG` nor `RUST_LOG` is set.
pub const DEFAULT_FILTER: &str = "info";

#[derive(Debug, thiserror::Error)]
pub enum LoggingError {
    #[error("the log filter {0:?} is not valid (try info, debug, or participant_manager=debug)")]
    Filter(String),
    #[error("logging is already set up")]
    AlreadySet,
}

/// A JSON subscriber with this filter, writing to `writer`.
pub fn json_subscriber<W>(
    filter: &str,
    writer: W,
) -> Result<impl tracing::Subscriber + Send + Sync + 'static, LoggingError>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_new(filter).map_err(|_| LoggingError::Filter(filter.to_owned()))?;
    Ok(tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_current_span(true)
        .with_span_list(false)
        .with_target(true)
        .with_writer(writer)
        .finish())
}

/// Installs JSON logging to stdout for the whole process (also capturing
/// the `log` records of dependencies).
pub fn init(filter: &str) -> Result<(), LoggingError> {
    json_subscriber(filter, std::io::stdout)?
        .try_init()
        .map_err(|_| LoggingError::AlreadySet)
}
