//! Which session the widget works on, where its proxy is, and the proxy
//! paths that follow.

/// The API base the standalone page may take from its own address
/// (`?apiBase=`): only one on the page's own origin, since a crafted link
/// on the clinic's origin could otherwise point the widget (and its Bearer
/// token) at another host and show a fake roster. Accepted: a path on this
/// origin (`/api`, `/pm/api`), or an absolute URL whose origin is exactly
/// `page_origin` (`https://clinic.example` — scheme, host and port).
/// Refused: other origins, protocol-relative `//host`, anything with a
/// backslash, whitespace or control character (browsers read a backslash
/// as a slash and drop tabs and newlines, so `/` + backslash + `host`, or
/// `/` + tab + `/host`, would reach another host).
pub fn same_origin_api_base(candidate: &str, page_origin: &str) -> Option<String> {
    if candidate.is_empty()
        || !candidate
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'\\')
    {
        return None;
    }
    let path = if candidate.starts_with('/') {
        candidate
    } else {
        let rest = candidate
            .strip_prefix(page_origin)
            .filter(|_| page_origin.contains("://"))?;
        if rest.is_empty() { "/" } else { rest }
    };
    (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_owned())
}

/// The session a mount targets: the one `common::SessionRef` the proxy's
/// tokens and lookups use too.
pub use crate::common::SessionRef;

impl SessionRef {
    /// Reads the two ways a page can name a session; a positive SessionId
    /// wins over an ExternalSessionId. Blank or zero is "not named".
    pub fn from_parts(session_id: Option<&str>, external_session_id: Option<&str>) -> Option<Self> {
        let id = session_id
            .map(str::trim)
            .and_then(|s| s.parse::<i64>().ok())
            .filter(|id| *id > 0);
        match (id, external_session_id.map(str::trim)) {
            (Some(id), _) => Some(Self::Id(id)),
            (None, Some(ext)) if !ext.is_empty() => Some(Self::External(ext.to_owned())),
            _ => None,
        }
    }

    /// `session/225` or `session/0?externalSessionId=APPT-1001`.
    pub fn session_path(&self) -> String {
        self.path("session")
    }

    /// Where the session's status is read: `session/225/status` or
    /// `session/0/status?externalSessionId=...`.
    pub fn status_path(&self) -> String {
        match self {
            Self::Id(id) => format!("session/{id}/status"),
            Self::External(ext) => {
                format!("session/0/status?externalSessionId={}", encode(ext))
            }
        }
    }

    /// Where a participant is added: `participant/225` or
    /// `participant/0?externalSessionId=...`.
    pub fn add_path(&self) -> String {
        self.path("participant")
    }

    fn path(&self, resource: &str) -> String {
        match self {
            Self::Id(id) => format!("{resource}/{id}"),
            Self::External(ext) => format!("{resource}/0?externalSessionId={}", encode(ext)),
        }
    }
}

/// Where one participation is changed or removed.
pub fn participant_path(participation_id: i64) -> String {
    format!("participant/{participation_id}")
}

/// The user search: `user?q=...`.
pub fn user_search_path(query: &str) -> String {
    format!("user?q={}", encode(query.trim()))
}

/// Joins the API base (`/api`, `https://portal.example/pm/api/`) and a path.
pub fn join(base: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

/// Percent-encodes a query value: everything but RFC 3986 unreserved bytes.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_is_named_by_id_or_by_external_id() {
        assert_eq!(
            SessionRef::from_parts(Some("225"), Some("X")),
            Some(SessionRef::Id(225))
        );
        assert_eq!(
            SessionRef::from_parts(Some("0"), Some(" APPT-1001 ")),
            Some(SessionRef::External("APPT-1001".into()))
        );
        assert_eq!(SessionRef::from_parts(None, Some("")), None);
    }

    #[test]
    fn paths_follow_the_participant_api() {
        let ext = SessionRef::External("A&B 1".into());
        assert_eq!(ext.session_path(), "session/0?externalSessionId=A%26B%201");
        assert_eq!(SessionRef::Id(225).add_path(), "participant/225");
        assert_eq!(participant_path(12345), "participant/12345");
        assert_eq!(join("/api/", "/session/1"), "/api/session/1");
        assert_eq!(SessionRef::Id(7).status_path(), "session/7/status");
        assert_eq!(
            SessionRef::External("A B".into()).status_path(),
            "session/0/status?externalSessionId=A%20B"
        );
        assert_eq!(user_search_path("Dr Who"), "user?q=Dr%20Who");
    }

    // Regression: `?apiBase=` was taken as given, so a crafted link on the
    // clinic's own origin sent the widget, and its Bearer token, elsewhere.
    #[test]
    fn an_api_base_from_the_address_must_be_on_the_pages_origin() {
        let origin = "https://clinic.example";
        for (candidate, expected) in [
            ("/api", Some("/api")),
            ("/pm/api", Some("/pm/api")),
            ("https://clinic.example/api", Some("/api")),
            ("https://clinic.example", Some("/")),
            ("https://evil.example/api", None),
            ("//evil.example/api", None),
            ("/\\evil.example/api", None),
            ("/\t/evil.example/api", None),
            ("https://clinic.example.evil.example/api", None),
            ("https://clinic.example@evil.example/api", None),
            ("https://clinic.example:8443/api", None),
            ("http://clinic.example/api", None),
            ("javascript:alert(1)", None),
            ("api", None),
            ("", None),
        ] {
            assert_eq!(
                same_origin_api_base(candidate, origin).as_deref(),
                expected,
                "{candidate:?}"
            );
        }
        // A page without an origin (file:, sandboxed: "null") takes paths only.
        assert_eq!(same_origin_api_base("null/api", "null"), None);
        assert_eq!(
            same_origin_api_base("/api", "null").as_deref(),
            Some("/api")
        );
    }
}
