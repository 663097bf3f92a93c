//! Why a call to SecureVideo did not succeed, and what each kind of failure
//! means for a retry and for the circuit breaker.

/// Why a call to SecureVideo did not succeed. The messages are safe to log:
/// they hold no URL, body or credential.
#[derive(Clone, Debug, thiserror::Error)]
pub enum UpstreamError {
    /// SecureVideo answered 400; `message` is its `Message`, cleaned.
    #[error("SecureVideo rejected the request (400)")]
    Rejected { message: Option<String> },
    #[error("SecureVideo answered 404")]
    NotFound,
    /// 401 or 403: our key or secret is wrong or revoked.
    #[error("SecureVideo refused the API credentials ({status})")]
    Unauthorized { status: u16 },
    /// 429: SecureVideo asks us to slow down for `retry_after_secs`.
    #[error("SecureVideo is throttling this account (429)")]
    Throttled { retry_after_secs: u64 },
    /// Any other status that is not a success: 5xx, a redirect (never
    /// followed), an unexpected 4xx.
    #[error("SecureVideo answered {status}")]
    Status { status: u16 },
    /// The deadline passed while waiting for the answer.
    #[error("SecureVideo did not answer in time")]
    Timeout,
    /// No connection could be opened (refused, or not within the connect
    /// timeout): nothing was sent.
    #[error("SecureVideo could not be reached")]
    Unreachable,
    /// The connection failed once the request may have been sent (reset,
    /// closed before or while answering).
    #[error("the connection to SecureVideo broke")]
    Interrupted,
    /// A success whose body is not the expected JSON, or is over the size
    /// cap.
    #[error("SecureVideo's answer could not be read")]
    BadResponse,
    /// No call was made: recent calls failed and the breaker is open.
    #[error("SecureVideo calls are suspended after repeated failures")]
    CircuitOpen { retry_after_secs: u64 },
    /// No call was made: too many calls were in flight for too long.
    #[error("too many SecureVideo calls in flight")]
    Busy { retry_after_secs: u64 },
    #[error("the HTTP client could not be built")]
    Build,
}

/// What a call's outcome says about SecureVideo's health.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Health {
    /// SecureVideo answered as it should (a 400 or 404 included).
    Good,
    /// SecureVideo failed, stalled, throttled or refused our credentials.
    Bad,
    /// No call was made; nothing learned.
    Unknown,
}

impl UpstreamError {
    /// Whether sending the same request again is safe and may help.
    /// `idempotent`: the request is a read, so a repeat changes nothing.
    pub fn is_retryable(&self, idempotent: bool) -> bool {
        match self {
            // Nothing reached SecureVideo: safe for a change too.
            Self::Unreachable => true,
            // It may have been applied: only a read is sent again.
            Self::Status { status } => idempotent && (500..600).contains(status),
            Self::Interrupted => idempotent,
            // A timeout has used up the operation's deadline.
            Self::Timeout => false,
            // An answer that will not change on a repeat, or an
            // instruction to back off.
            Self::Rejected { .. }
            | Self::NotFound
            | Self::Unauthorized { .. }
            | Self::Throttled { .. }
            | Self::BadResponse
            | Self::CircuitOpen { .. }
            | Self::Busy { .. }
            | Self::Build => false,
        }
    }

    /// What this outcome tells the circuit breaker.
    pub fn health(&self) -> Health {
        match self {
            Self::Rejected { .. } | Self::NotFound => Health::Good,
            Self::Unauthorized { .. }
            | Self::Throttled { .. }
            | Self::Status { .. }
            | Self::Timeout
            | Self::Unreachable
            | Self::Interrupted
            | Self::BadResponse => Health::Bad,
            Self::CircuitOpen { .. } | Self::Busy { .. } | Self::Build => Health::Unknown,
        }
    }

    /// True when the call was refused here, without contacting SecureVideo.
    pub fn is_local_refusal(&self) -> bool {
        matches!(self, Self::CircuitOpen { .. } | Self::Busy { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_sent_again_only_when_nothing_was_sent() {
        for error in [
            UpstreamError::Status { status: 500 },
            UpstreamError::Status { status: 503 },
            UpstreamError::Interrupted,
            UpstreamError::Timeout,
        ] {
            assert!(!error.is_retryable(false), "{error:?}");
        }
        assert!(UpstreamError::Unreachable.is_retryable(false));
    }

    #[test]
    fn a_read_is_sent_again_after_a_5xx_or_a_broken_connection_only() {
        assert!(UpstreamError::Status { status: 502 }.is_retryable(true));
        assert!(UpstreamError::Interrupted.is_retryable(true));
        assert!(UpstreamError::Unreachable.is_retryable(true));
        for error in [
            UpstreamError::Status { status: 302 },
            UpstreamError::Status { status: 409 },
            UpstreamError::Unauthorized { status: 401 },
            UpstreamError::Throttled {
                retry_after_secs: 1,
            },
            UpstreamError::BadResponse,
            UpstreamError::Rejected { message: None },
            UpstreamError::NotFound,
        ] {
            assert!(!error.is_retryable(true), "{error:?}");
        }
    }

    #[test]
    fn a_400_or_404_is_a_healthy_securevideo() {
        assert_eq!(UpstreamError::NotFound.health(), Health::Good);
        assert_eq!(
            UpstreamError::Rejected { message: None }.health(),
            Health::Good
        );
        assert_eq!(UpstreamError::Timeout.health(), Health::Bad);
        assert_eq!(
            UpstreamError::Busy {
                retry_after_secs: 1
            }
            .health(),
            Health::Unknown
        );
    }
}
