//! The session as the widget sees it: the proxy's session view
//! (`GET /api/session/...` and every participant call), read tolerantly so a
//! field the proxy drops or adds never breaks the page.
//!
//! Fields the proxy may leave out (the host's name, a participant's kind and
//! join link) are filled in from the rest by [`SessionView::normalized`].
//! The join link is never taken on trust: it is rendered as an `href` and
//! copied for patients, so it is built from the ConnectCode on SecureVideo's
//! join host, and a link given without a code is kept only when it is an
//! `https://` link to that host ([`trusted_join_link`]).

use serde::{Deserialize, Deserializer, Serialize};

use super::read::{self, Json, Read};
use crate::common::wire::{JOIN_HOST_PREFIX, join_url};
use crate::common::{Participation, Session};

/// One session and everyone in it.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "PascalCase", default)]
pub struct SessionView {
    pub session_id: i64,
    /// UTC without an offset: `2026-11-29T15:00:00`.
    pub schedule_ts: Option<String>,
    pub external_session_id: Option<String>,
    pub topic: Option<String>,
    /// The host's SecureVideo user id.
    #[serde(deserialize_with = "flexible_id")]
    pub user_id: Option<i64>,
    pub host_name: Option<String>,
    #[serde(deserialize_with = "vec_or_null")]
    pub participants: Vec<ParticipantView>,
}

/// Who a participant is in the session.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The session's host; cannot be changed through this widget.
    Host,
    /// A SecureVideo user, who joins from their dashboard.
    User,
    /// A guest, who joins with the access code.
    Guest,
}

impl Kind {
    /// `host`, `user` or `guest`, in any case; anything else is no kind.
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "host" => Some(Self::Host),
            "user" => Some(Self::User),
            "guest" => Some(Self::Guest),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Host => "Host",
            Self::User => "SecureVideo user",
            Self::Guest => "Guest",
        }
    }
}

/// One participant.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "PascalCase", default)]
pub struct ParticipantView {
    pub participation_id: i64,
    pub participant_full_name: Option<String>,
    #[serde(deserialize_with = "flexible_id")]
    pub secure_video_user_id: Option<i64>,
    /// `None` only until [`SessionView::normalized`] runs.
    #[serde(deserialize_with = "kind_or_none")]
    pub kind: Option<Kind>,
    pub participant_email_address: Option<String>,
    pub participant_sms_number: Option<String>,
    pub participant_time_zone_windows_id: Option<String>,
    pub participant_external_id: Option<String>,
    pub should_auto_deliver_code: Option<String>,
    pub connect_code: Option<i64>,
    pub join_url: Option<String>,
    #[serde(rename = "RSVP")]
    pub rsvp: Option<String>,
    pub packet_id: Option<i64>,
    pub svc_id: Option<i64>,
    pub deposit_required: Option<f64>,
}

impl ParticipantView {
    /// Reads one participant of an answer; see [`read`](super::read).
    pub fn read<J: Json>(value: &J) -> Read<Self> {
        read::object(value, "a participant")?;
        let text = |key| read::text(value, key);
        let integer = |key| read::integer(value, key);
        Ok(Self {
            participation_id: read::integer_or_zero(value, "ParticipationId")?,
            participant_full_name: text("ParticipantFullName")?,
            secure_video_user_id: read::id(value, "SecureVideoUserId")?,
            kind: text("Kind")?.as_deref().and_then(Kind::from_name),
            participant_email_address: text("ParticipantEmailAddress")?,
            participant_sms_number: text("ParticipantSmsNumber")?,
            participant_time_zone_windows_id: text("ParticipantTimeZoneWindowsId")?,
            participant_external_id: text("ParticipantExternalId")?,
            should_auto_deliver_code: text("ShouldAutoDeliverCode")?,
            connect_code: integer("ConnectCode")?,
            join_url: text("JoinUrl")?,
            rsvp: text("RSVP")?,
            packet_id: integer("PacketId")?,
            svc_id: integer("SvcId")?,
            deposit_required: read::number(value, "DepositRequired")?,
        })
    }

    pub fn kind(&self) -> Kind {
        self.kind.unwrap_or(if self.secure_video_user_id.is_some() {
            Kind::User
        } else {
            Kind::Guest
        })
    }

    /// Changes whenever anything shown about the participant changes: the
    /// list's row key, so a changed row is drawn again (FNV-1a; cheaper in
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
        eat(&[self.kind() as u8]);
        hash
    }

    pub fn name(&self) -> &str {
        self.participant_full_name.as_deref().unwrap_or("")
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
            ..Participation::default()
        }
    }
}

impl SessionView {
    /// Reads a session answer; see [`read`](super::read).
    pub fn read<J: Json>(value: &J) -> Read<Self> {
        read::object(value, "a session")?;
        let text = |key| read::text(value, key);
        Ok(Self {
            session_id: read::integer_or_zero(value, "SessionId")?,
            schedule_ts: text("ScheduleTs")?,
            external_session_id: text("ExternalSessionId")?,
            topic: text("Topic")?,
            user_id: read::id(value, "UserId")?,
            host_name: text("HostName")?,
            participants: read::list(value, "Participants", ParticipantView::read)?,
        })
    }

    /// Fills in what the proxy may have left out: each participant's kind
    /// (the host's SecureVideoUserId is the session's UserId), a guest's
    /// join link, and the host's name.
    pub fn normalized(mut self) -> Self {
        let host_id = self.user_id;
        for p in &mut self.participants {
            if p.kind.is_none() {
                p.kind = Some(match p.secure_video_user_id {
                    Some(id) if Some(id) == host_id => Kind::Host,
                    Some(_) => Kind::User,
                    None => Kind::Guest,
                });
            }
            p.join_url = trusted_join_link(p.kind(), p.connect_code, p.join_url.take());
        }
        if self.host_name.is_none() {
            self.host_name = self
                .participants
                .iter()
                .find(|p| p.kind == Some(Kind::Host))
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

/// An id sent as a number or as a string (SecureVideo does both); blank or
/// null is "no id". The same reading as `common::wire::id_from_number_or_string`,
/// with a visitor instead of an untagged enum, which costs the bundle less.
pub fn flexible_id<'a, D: Deserializer<'a>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    struct Id;
    impl<'de> serde::de::Visitor<'de> for Id {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an id")
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            i64::try_from(v)
                .map(Some)
                .map_err(|_| E::custom("id out of range"))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            let v = v.trim();
            if v.is_empty() {
                return Ok(None);
            }
            v.parse().map(Some).map_err(|_| E::custom("not an id"))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    }
    deserializer.deserialize_any(Id)
}

fn vec_or_null<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// An unknown kind is read as "not said", so the widget works it out.
fn kind_or_none<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Kind>, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?;
    Ok(text.as_deref().and_then(Kind::from_name))
}

/// One hit of the proxy's user search (`GET /api/user?q=`).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "PascalCase", default)]
pub struct UserMatch {
    #[serde(deserialize_with = "flexible_id")]
    pub secure_video_user_id: Option<i64>,
    pub full_name: String,
}

impl UserMatch {
    /// Reads one hit of the user search; see [`read`](super::read).
    pub fn read<J: Json>(value: &J) -> Read<Self> {
        read::object(value, "a user")?;
        Ok(Self {
            secure_video_user_id: read::id(value, "SecureVideoUserId")?,
            full_name: read::text_or_empty(value, "FullName")?,
        })
    }

    /// Reads the user search's answer: a list of hits.
    pub fn read_list<J: Json>(value: &J) -> Read<Vec<Self>> {
        value
            .items()
            .ok_or_else(|| "expected a list of users".to_owned())?
            .iter()
            .map(Self::read)
            .collect()
    }
}

/// The join link shown and copied for a participant: a guest's is built
/// from the ConnectCode; otherwise a given link is kept only when it is an
/// `https://` link on SecureVideo's join host made of plain URL characters
/// (so never `javascript:`, `data:`, another host, or a look-alike such as
/// `https://hub.securevideo.com.evil.example/`).
pub fn trusted_join_link(
    kind: Kind,
    connect_code: Option<i64>,
    given: Option<String>,
) -> Option<String> {
    if kind == Kind::Guest
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

#[cfg(test)]
mod tests {
    use super::*;

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
            trusted_join_link(Kind::Guest, None, Some(link.clone())),
            Some(link)
        );
        assert_eq!(trusted_join_link(Kind::Guest, None, None), None);
    }

    #[test]
    fn a_bare_session_gets_kinds_join_links_and_the_host_name() {
        let view: SessionView = serde_json::from_str(
            r#"{"SessionId": 7, "UserId": "12", "Participants": [
                {"ParticipationId": 1, "ParticipantFullName": "Dr. Host", "SecureVideoUserId": 12},
                {"ParticipationId": 2, "ParticipantFullName": "Pat", "ConnectCode": 123456789},
                {"ParticipationId": 3, "ParticipantFullName": "Nurse", "SecureVideoUserId": "40", "Unknown": 1}
            ]}"#,
        )
        .unwrap();
        let view = view.normalized();
        assert_eq!(view.host_name.as_deref(), Some("Dr. Host"));
        let kinds: Vec<Kind> = view
            .participants
            .iter()
            .map(ParticipantView::kind)
            .collect();
        assert_eq!(kinds, [Kind::Host, Kind::Guest, Kind::User]);
        assert_eq!(
            view.participants[1].join_url.as_deref(),
            Some("https://hub.securevideo.com/Pass/Join/123456789")
        );
        assert_eq!(view.participants[2].join_url, None);
    }

    #[test]
    fn the_proxys_own_kind_and_null_lists_are_accepted() {
        let view: SessionView =
            serde_json::from_str(r#"{"SessionId": 7, "Participants": null, "HostName": "Dr. A"}"#)
                .unwrap();
        assert!(view.participants.is_empty());
        let p: ParticipantView =
            serde_json::from_str(r#"{"ParticipationId": 1, "Kind": "host", "JoinUrl": null}"#)
                .unwrap();
        assert_eq!(p.kind(), Kind::Host);
    }
}
