//! The widget↔proxy contract: what the widget is shown, a session and its
//! participants with only the fields the widget displays, and the user
//! search's hits. Written once: the proxy builds these from SecureVideo's
//! Session and serializes them (serde_json); the widget deserializes the same
//! types (serde-wasm-bindgen over `JSON.parse`). A field added here is added
//! on both sides. Passkeys, Zoom meeting ids, billing fields and anything
//! SecureVideo adds later never leave the proxy.
//!
//! The widget does not take the join link on trust: it is rendered as an
//! `href` and copied for patients, so [`SessionView::normalized`] rebuilds it
//! from the ConnectCode on SecureVideo's join host and keeps a link given
//! without a code only when it is an `https://` link to that host
//! ([`trusted_join_link`]).

use serde::{Deserialize, Serialize};

pub use crate::common::wire::SessionState;
use crate::common::wire::{JOIN_HOST_PREFIX, join_url};
use crate::common::{Delivery, Participation, Session, User};

/// One session, as the widget sees it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SessionView {
    pub session_id: i64,
    /// UTC without an offset, as SecureVideo sends it.
    pub schedule_ts: Option<String>,
    pub external_session_id: Option<String>,
    pub topic: Option<String>,
    /// The host's SecureVideo user id.
    pub user_id: Option<i64>,
    pub host_name: Option<String>,
    pub participants: Vec<ParticipantView>,
}

/// Who a participant is in the session.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParticipantKind {
    /// The session's host (a SecureVideo user); cannot be changed here.
    Host,
    /// Another SecureVideo user, who joins from their dashboard.
    User,
    /// A guest, who joins with the access code.
    #[default]
    Guest,
}

/// One participant, as the widget sees it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ParticipantView {
    pub participation_id: i64,
    pub participant_full_name: Option<String>,
    pub secure_video_user_id: Option<i64>,
    pub kind: ParticipantKind,
    pub participant_email_address: Option<String>,
    pub participant_sms_number: Option<String>,
    pub participant_time_zone_windows_id: Option<String>,
    pub participant_external_id: Option<String>,
    pub should_auto_deliver_code: Option<String>,
    pub connect_code: Option<i64>,
    /// Where a guest joins with the access code; none for SecureVideo users.
    pub join_url: Option<String>,
    #[serde(rename = "RSVP")]
    pub rsvp: Option<String>,
    pub packet_id: Option<i64>,
    pub svc_id: Option<i64>,
    pub deposit_required: Option<f64>,
    /// When the participant connected to the video session (UTC without an
    /// offset, as SecureVideo sends it); none while they are not connected.
    pub connection_ts: Option<String>,
}

/// `GET /api/session/{id}/status`: the session's status, as the widget
/// sees it: `{"SessionId": 36201, "Status": "STARTED"}`. SessionId is the
/// one the proxy resolved the request to (also for
/// `/api/session/0/status?externalSessionId=`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SessionStatus {
    pub session_id: i64,
    pub status: SessionState,
}

impl From<&Session> for SessionView {
    fn from(session: &Session) -> Self {
        Self {
            session_id: session.session_id,
            schedule_ts: session.schedule_ts.clone(),
            external_session_id: session.external_session_id.clone(),
            topic: session.topic.clone(),
            user_id: session.user_id,
            host_name: session.host().and_then(|h| h.participant_full_name.clone()),
            participants: session
                .participants
                .iter()
                .map(|p| ParticipantView::new(session, p))
                .collect(),
        }
    }
}

impl ParticipantKind {
    /// The host's SecureVideoUserId is the session's UserId; any other user
    /// id is a SecureVideo user; no user id is a guest.
    pub fn of(session_user_id: Option<i64>, secure_video_user_id: Option<i64>) -> Self {
        match secure_video_user_id {
            Some(id) if Some(id) == session_user_id => Self::Host,
            Some(_) => Self::User,
            None => Self::Guest,
        }
    }
}

impl ParticipantView {
    fn new(session: &Session, p: &Participation) -> Self {
        let kind = ParticipantKind::of(session.user_id, p.secure_video_user_id);
        Self {
            participation_id: p.participation_id,
            participant_full_name: p.participant_full_name.clone(),
            secure_video_user_id: p.secure_video_user_id,
            kind,
            participant_email_address: p.participant_email_address.clone(),
            participant_sms_number: p.participant_sms_number.clone(),
            participant_time_zone_windows_id: p.participant_time_zone_windows_id.clone(),
            participant_external_id: p.participant_external_id.clone(),
            should_auto_deliver_code: p.should_auto_deliver_code.clone(),
            connect_code: p.connect_code,
            join_url: match kind {
                ParticipantKind::Guest => p.connect_code.map(join_url),
                _ => None,
            },
            rsvp: p.rsvp.clone(),
            packet_id: p.packet_id,
            svc_id: p.svc_id,
            deposit_required: p.deposit_required,
            connection_ts: p.connection_ts.clone(),
        }
    }

    /// How invitations go out (absent, blank or unknown code: none).
    pub fn delivery(&self) -> Delivery {
        self.should_auto_deliver_code
            .as_deref()
            .and_then(Delivery::from_code)
            .unwrap_or(Delivery::None)
    }

    pub fn name(&self) -> &str {
        self.participant_full_name.as_deref().unwrap_or("")
    }

    /// Changes whenever anything shown about the participant changes: the
    /// widget's row key, so a changed row is drawn again (FNV-1a; cheaper in
    /// the bundle than formatting the row).
    pub fn fingerprint(&self) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |bytes: &[u8]| {
            for &b in bytes.iter().chain(&[0xff]) {
                hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        };
        let text = |t: &Option<String>| t.as_deref().unwrap_or("\u{0}").as_bytes().to_vec();
        let number = |n: Option<i64>| n.map_or([0xfe; 8], i64::to_le_bytes);
        eat(&self.participation_id.to_le_bytes());
        for t in [
            &self.participant_full_name,
            &self.participant_email_address,
            &self.participant_sms_number,
            &self.participant_time_zone_windows_id,
            &self.participant_external_id,
            &self.should_auto_deliver_code,
            &self.join_url,
            &self.rsvp,
            &self.connection_ts,
        ] {
            eat(&text(t));
        }
        for n in [
            self.secure_video_user_id,
            self.connect_code,
            self.packet_id,
            self.svc_id,
        ] {
            eat(&number(n));
        }
        eat(&self
            .deposit_required
            .map_or(u64::MAX, f64::to_bits)
            .to_le_bytes());
        eat(&[self.kind as u8]);
        hash
    }

    /// The wire participation, for the session checks in `common`.
    pub fn to_participation(&self) -> Participation {
        Participation {
            participation_id: self.participation_id,
            participant_full_name: self.participant_full_name.clone(),
            secure_video_user_id: self.secure_video_user_id,
            participant_email_address: self.participant_email_address.clone(),
            participant_sms_number: self.participant_sms_number.clone(),
            participant_time_zone_windows_id: self.participant_time_zone_windows_id.clone(),
            participant_external_id: self.participant_external_id.clone(),
            connect_code: self.connect_code,
            should_auto_deliver_code: self.should_auto_deliver_code.clone(),
            rsvp: self.rsvp.clone(),
            packet_id: self.packet_id,
            svc_id: self.svc_id,
            deposit_required: self.deposit_required,
            connection_ts: self.connection_ts.clone(),
            ..Participation::default()
        }
    }
}

impl SessionView {
    /// What the widget does with an answer before showing it: each
    /// participant's kind worked out again from the ids (as the proxy works
    /// it out), every join link checked ([`trusted_join_link`]), and the
    /// host's name taken from the host's row when the answer has none.
    pub fn normalized(mut self) -> Self {
        let host_id = self.user_id;
        for p in &mut self.participants {
            p.kind = ParticipantKind::of(host_id, p.secure_video_user_id);
            p.join_url = trusted_join_link(p.kind, p.connect_code, p.join_url.take());
        }
        if self.host_name.is_none() {
            self.host_name = self
                .participants
                .iter()
                .find(|p| p.kind == ParticipantKind::Host)
                .and_then(|p| p.participant_full_name.clone());
        }
        self
    }

    pub fn participant(&self, participation_id: i64) -> Option<&ParticipantView> {
        self.participants
            .iter()
            .find(|p| p.participation_id == participation_id)
    }

    /// The wire session, for the session checks in `common`
    /// (`check_guest_add`, `check_user_add`, `check_update`).
    pub fn to_session(&self) -> Session {
        Session {
            session_id: self.session_id,
            schedule_ts: self.schedule_ts.clone(),
            user_id: self.user_id,
            external_session_id: self.external_session_id.clone(),
            topic: self.topic.clone(),
            participants: self
                .participants
                .iter()
                .map(ParticipantView::to_participation)
                .collect(),
            ..Session::default()
        }
    }

    /// The participants in `self` that were not in `before`: the one an add
    /// created.
    pub fn added_since<'a>(&'a self, before: &SessionView) -> Option<&'a ParticipantView> {
        self.participants
            .iter()
            .find(|p| before.participant(p.participation_id).is_none())
    }
}

/// The join link shown and copied for a participant: a guest's is built
/// from the ConnectCode; otherwise a given link is kept only when it is an
/// `https://` link on SecureVideo's join host made of plain URL characters
/// (so never `javascript:`, `data:`, another host, or a look-alike such as
/// `https://hub.securevideo.com.evil.example/`).
pub fn trusted_join_link(
    kind: ParticipantKind,
    connect_code: Option<i64>,
    given: Option<String>,
) -> Option<String> {
    if kind == ParticipantKind::Guest
        && let Some(code) = connect_code
    {
        return Some(join_url(code));
    }
    given.filter(|link| {
        link.starts_with(JOIN_HOST_PREFIX)
            && link.len() > JOIN_HOST_PREFIX.len()
            && link
                .bytes()
                .all(|b| b.is_ascii_graphic() && !matches!(b, b'\\' | b'"' | b'<' | b'>' | b'`'))
    })
}

/// One hit of the user search: only what the picker shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UserMatch {
    pub secure_video_user_id: i64,
    pub full_name: String,
    /// The user's e-mail, masked (`d•••@clinic.example`): tells two staff
    /// of the same name apart without showing the address.
    pub masked_email: Option<String>,
}

impl UserMatch {
    pub fn from_user(user: &User) -> Option<Self> {
        Some(Self {
            secure_video_user_id: user.system_user_id?,
            full_name: user.full_name.clone()?,
            masked_email: user
                .email_address
                .as_deref()
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(super::mask::mask_email),
        })
    }
}

#[cfg(test)]
mod tests {
    //! The contract, written by the proxy and read by the widget. These run
    //! natively with serde_json on both ends; `tests/wasm_contract.rs` reads
    //! the same JSON with `JSON.parse` and serde-wasm-bindgen, as the widget
    //! does.
    use super::*;

    fn session() -> Session {
        serde_json::from_str(
            r#"{"SessionId": 7, "UserId": 12, "ScheduleTs": "2026-11-29T15:00:00",
                "ExternalSessionId": "APPT-1", "Topic": "Visit", "Participants": [
                {"ParticipationId": 1, "ParticipantFullName": "Dr. Host", "SecureVideoUserId": 12,
                 "ParticipantEmailAddress": "a@example.com", "ShouldAutoDeliverCode": "E"},
                {"ParticipationId": 2, "ParticipantFullName": "Pat", "ConnectCode": 123456789,
                 "RSVP": "Yes", "PacketId": -1, "SvcId": 1037, "DepositRequired": 19.99,
                 "ShouldAutoDeliverCode": "S", "ParticipantSmsNumber": "13334446666",
                 "ParticipantTimeZoneWindowsId": "UTC", "ParticipantExternalId": "MRN-1"},
                {"ParticipationId": 3, "ParticipantFullName": "Nurse", "SecureVideoUserId": 40,
                 "ConnectionTs": "2026-11-29T15:02:10"}
            ]}"#,
        )
        .unwrap()
    }

    /// What the proxy writes, read back.
    fn round_trip<T: Serialize + serde::de::DeserializeOwned>(value: &T) -> T {
        serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
    }

    #[test]
    fn a_session_view_the_proxy_writes_reads_back_the_same() {
        let view = SessionView::from(&session());
        assert_eq!(view.participants.len(), 3);
        assert_eq!(round_trip(&view), view);
        // Already what the widget would make of it.
        assert_eq!(view.clone().normalized(), view);
    }

    #[test]
    fn a_participant_view_the_proxy_writes_reads_back_the_same() {
        for p in SessionView::from(&session()).participants {
            assert_eq!(round_trip(&p), p);
        }
    }

    #[test]
    fn a_connected_participant_shows_when_they_connected_and_others_show_none() {
        let view = SessionView::from(&session());
        let connected: Vec<Option<&str>> = view
            .participants
            .iter()
            .map(|p| p.connection_ts.as_deref())
            .collect();
        assert_eq!(connected, [None, None, Some("2026-11-29T15:02:10")]);
        let nurse = serde_json::to_value(&view.participants[2]).unwrap();
        assert_eq!(nurse["ConnectionTs"], "2026-11-29T15:02:10");
        // Connecting redraws the row.
        let mut left = view.participants[2].clone();
        left.connection_ts = None;
        assert_ne!(left.fingerprint(), view.participants[2].fingerprint());
        assert_eq!(
            view.to_session().participants[2].connection_ts.as_deref(),
            Some("2026-11-29T15:02:10")
        );
    }

    #[test]
    fn a_session_status_the_proxy_writes_reads_back_the_same() {
        for (status, text) in [
            (SessionState::NotStarted, "NOT_STARTED"),
            (SessionState::Started, "STARTED"),
            (SessionState::Ended, "ENDED"),
            (SessionState::Unknown, "UNKNOWN"),
        ] {
            let written = SessionStatus {
                session_id: 36201,
                status,
            };
            let json = serde_json::to_value(&written).unwrap();
            assert_eq!(
                json,
                serde_json::json!({"SessionId": 36201, "Status": text})
            );
            assert_eq!(round_trip(&written), written);
        }
    }

    #[test]
    fn a_status_this_code_does_not_know_reads_as_unknown() {
        let read: SessionStatus =
            serde_json::from_str(r#"{"SessionId": 5, "Status": "PAUSED"}"#).unwrap();
        assert_eq!(read.status, SessionState::Unknown);
        let read: SessionStatus = serde_json::from_str(r#"{"SessionId": 5}"#).unwrap();
        assert_eq!(read.status, SessionState::Unknown);
    }

    #[test]
    fn each_participant_kind_is_written_lowercase_and_read_back() {
        for (kind, text) in [
            (ParticipantKind::Host, "\"host\""),
            (ParticipantKind::User, "\"user\""),
            (ParticipantKind::Guest, "\"guest\""),
        ] {
            assert_eq!(serde_json::to_string(&kind).unwrap(), text);
            assert_eq!(round_trip(&kind), kind);
        }
    }

    #[test]
    fn a_user_match_the_proxy_writes_reads_back_the_same() {
        let user: User =
            serde_json::from_str(r#"{"SystemUserId": 40, "FullName": "Nurse Kim", "EmailAddress": "kim@clinic.example"}"#).unwrap();
        let hit = UserMatch::from_user(&user).unwrap();
        assert_eq!(hit.secure_video_user_id, 40);
        // Only the masked e-mail leaves the proxy.
        assert_eq!(hit.masked_email.as_deref(), Some("k••@clinic.example"));
        assert!(!serde_json::to_string(&hit).unwrap().contains("kim@"));
        assert_eq!(round_trip(&hit), hit);
        assert_eq!(round_trip(&vec![hit.clone()]), vec![hit]);
    }

    // Regression: the join link was taken verbatim from the answer and
    // rendered as an `href` (and copied for patients), so a hostile upstream
    // or proxy could make "Join link" run script or send a patient elsewhere.
    #[test]
    fn a_hostile_join_link_is_never_kept() {
        let view: SessionView = serde_json::from_str(
            r#"{"SessionId": 7, "UserId": 12, "Participants": [
                {"ParticipationId": 1, "ParticipantFullName": "Pat", "ConnectCode": 123456789,
                 "JoinUrl": "javascript:alert(document.domain)"},
                {"ParticipationId": 2, "ParticipantFullName": "Sam", "ConnectCode": 987654321,
                 "JoinUrl": "https://evil.example/Pass/Join/987654321"},
                {"ParticipationId": 3, "ParticipantFullName": "Nurse", "SecureVideoUserId": 40,
                 "JoinUrl": "JAVASCRIPT:alert(1)"},
                {"ParticipationId": 4, "ParticipantFullName": "Kim", "Kind": "guest",
                 "JoinUrl": "https://hub.securevideo.com.evil.example/x"},
                {"ParticipationId": 5, "ParticipantFullName": "Lee", "Kind": "guest",
                 "JoinUrl": "http://hub.securevideo.com/Pass/Join/1"},
                {"ParticipationId": 6, "ParticipantFullName": "Ann", "Kind": "guest",
                 "JoinUrl": "https://hub.securevideo.com/Pass/Join/1\"onclick=\"x"},
                {"ParticipationId": 7, "ParticipantFullName": "Bo", "Kind": "guest",
                 "JoinUrl": "data:text/html,<script>alert(1)</script>"}
            ]}"#,
        )
        .unwrap();
        let links: Vec<Option<String>> = view
            .normalized()
            .participants
            .into_iter()
            .map(|p| p.join_url)
            .collect();
        assert_eq!(
            links,
            [
                Some("https://hub.securevideo.com/Pass/Join/123456789".to_owned()),
                Some("https://hub.securevideo.com/Pass/Join/987654321".to_owned()),
                None,
                None,
                None,
                None,
                None,
            ]
        );
    }

    #[test]
    fn a_join_link_on_securevideos_host_without_a_code_is_kept() {
        let link = "https://hub.securevideo.com/Pass/Join/555000111".to_owned();
        assert_eq!(
            trusted_join_link(ParticipantKind::Guest, None, Some(link.clone())),
            Some(link)
        );
        assert_eq!(trusted_join_link(ParticipantKind::Guest, None, None), None);
    }

    #[test]
    fn a_kind_the_answer_gets_wrong_is_worked_out_again_from_the_ids() {
        let view: SessionView = serde_json::from_str(
            r#"{"SessionId": 7, "UserId": 12, "Participants": [
                {"ParticipationId": 1, "ParticipantFullName": "Dr. Host", "SecureVideoUserId": 12, "Kind": "guest"},
                {"ParticipationId": 2, "ParticipantFullName": "Pat", "ConnectCode": 123456789, "Kind": "host"},
                {"ParticipationId": 3, "ParticipantFullName": "Nurse", "SecureVideoUserId": 40}
            ]}"#,
        )
        .unwrap();
        let view = view.normalized();
        assert_eq!(view.host_name.as_deref(), Some("Dr. Host"));
        let kinds: Vec<ParticipantKind> = view.participants.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                ParticipantKind::Host,
                ParticipantKind::Guest,
                ParticipantKind::User
            ]
        );
        assert_eq!(
            view.participants[1].join_url.as_deref(),
            Some("https://hub.securevideo.com/Pass/Join/123456789")
        );
    }
}
