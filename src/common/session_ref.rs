//! How a session is named across every boundary: by SecureVideo's
//! SessionId or by the EHR's own ExternalSessionId. The widget mounts on
//! one, an embed token is scoped to one, and the proxy looks one up
//! upstream; it is one type for all three.

/// A session, by SecureVideo's SessionId or by the EHR's ExternalSessionId.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionRef {
    Id(i64),
    External(String),
}
