//! SecureVideo's wire types, named exactly as on the wire.
//!
//! Readers are tolerant: every field may be missing (it takes its default) and
//! unknown fields are ignored, because SecureVideo's fields have come and gone
//! between versions (compare the 2015 recordings with the documented shape in
//! `shared/fixtures/securevideo/`). Writers emit exactly these names.

use serde::{Deserialize, Deserializer, Serialize};

/// A SecureVideo session (a scheduled visit), as returned by `GET /session`,
/// `POST /session/{userId}` and every participant method.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "PascalCase", default)]
pub struct Session {
    #[serde(deserialize_with = "null_as_default")]
    pub session_id: i64,
    /// UTC, without an offset: `2016-04-16T15:00:00`.
    pub schedule_ts: Option<String>,
    pub billable_ts: Option<String>,
    pub connect_code: Option<i64>,
    pub duration_minutes: Option<i64>,
    pub wait_time: Option<i64>,
    pub billable_status_cd: Option<String>,
    pub schedule_type: Option<String>,
    /// The host's SecureVideo user id.
    #[serde(deserialize_with = "id_from_number_or_string")]
    pub user_id: Option<i64>,
    pub is_recorded: Option<bool>,
    pub zoom_meeting_id: Option<i64>,
    pub external_session_id: Option<String>,
    pub topic: Option<String>,
    /// Everyone in the session, the host included.
    #[serde(deserialize_with = "vec_or_null")]
    pub participants: Vec<Participation>,
}

impl Session {
    /// The host's entry in `Participants`: its SecureVideoUserId equals the
    /// session's UserId.
    pub fn host(&self) -> Option<&Participation> {
        let host_id = self.user_id?;
        self.participants
            .iter()
            .find(|p| p.secure_video_user_id == Some(host_id))
    }

    /// The participation with this id, if it is in this session.
    pub fn participation(&self, participation_id: i64) -> Option<&Participation> {
        self.participants
            .iter()
            .find(|p| p.participation_id == participation_id)
    }

    /// The participation whose ParticipantExternalId is `external_id`.
    pub fn participation_by_external_id(&self, external_id: &str) -> Option<&Participation> {
        self.participants
            .iter()
            .find(|p| p.participant_external_id.as_deref() == Some(external_id))
    }
}

/// One participant of a session, as listed in `Session.Participants`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "PascalCase", default)]
pub struct Participation {
    #[serde(deserialize_with = "null_as_default")]
    pub participation_id: i64,
    pub participant_full_name: Option<String>,
    /// Set for SecureVideo users (the host among them), null for guests.
    #[serde(deserialize_with = "id_from_number_or_string")]
    pub secure_video_user_id: Option<i64>,
    pub participant_email_address: Option<String>,
    pub participant_sms_number: Option<String>,
    pub participant_default_resolution: Option<String>,
    pub participant_time_zone_windows_id: Option<String>,
    pub participant_external_id: Option<String>,
    /// The 9-digit access code; guests join at [`join_url`].
    pub connect_code: Option<i64>,
    pub passkey: Option<String>,
    pub should_auto_deliver_code: Option<String>,
    pub connection_ts: Option<String>,
    pub expires_ts: Option<String>,
    #[serde(rename = "RSVP")]
    pub rsvp: Option<String>,
    pub packet_id: Option<i64>,
    pub svc_id: Option<i64>,
    pub deposit_required: Option<f64>,
}

impl Participation {
    /// True for a SecureVideo user (host or not), false for a guest.
    pub fn is_user(&self) -> bool {
        self.secure_video_user_id.is_some()
    }
}

/// SecureVideo's join host: every join link starts with this.
pub const JOIN_HOST_PREFIX: &str = "https://hub.securevideo.com/";

/// Where a guest joins with their access code.
pub fn join_url(connect_code: i64) -> String {
    format!("{JOIN_HOST_PREFIX}Pass/Join/{connect_code}")
}

/// The body that adds or updates a guest (a non-SecureVideo user).
///
/// This is the canonical body a validated [`crate::common::GuestRequest`]
/// serializes to: every field is written, absent ones as `null`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "PascalCase", default)]
pub struct GuestBody {
    pub participant_full_name: Option<String>,
    pub participant_email_address: Option<String>,
    pub participant_sms_number: Option<String>,
    pub participant_default_resolution: Option<String>,
    pub participant_time_zone_windows_id: Option<String>,
    pub participant_external_id: Option<String>,
    pub should_auto_deliver_code: Option<String>,
    pub packet_id: Option<i64>,
    pub svc_id: Option<i64>,
    pub deposit_required: Option<f64>,
}

/// The body that adds a SecureVideo user to a session, or updates the
/// session-specific properties of one already in it.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "PascalCase", default)]
pub struct UserParticipantBody {
    /// Written as a number; read from a number or a string (the spec's
    /// example sends `"1122"`).
    #[serde(deserialize_with = "id_from_number_or_string")]
    pub secure_video_user_id: Option<i64>,
    pub packet_id: Option<i64>,
    pub svc_id: Option<i64>,
    pub deposit_required: Option<f64>,
}

/// A SecureVideo user account, as returned by the User API.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "PascalCase", default)]
pub struct User {
    /// A JSON string on the wire (`"12283"`), unlike the numeric ids in a
    /// Session; read from either.
    #[serde(
        deserialize_with = "id_from_number_or_string",
        serialize_with = "id_as_string"
    )]
    pub system_user_id: Option<i64>,
    pub full_name: Option<String>,
    pub email_address: Option<String>,
    pub sms_number: Option<String>,
    pub default_resolution: Option<String>,
    pub time_zone_windows_id: Option<String>,
    pub help_number: Option<String>,
    pub video_id: Option<String>,
    pub external_id: Option<String>,
    /// One-letter role codes separated by commas ("H,P"); not in the 2015
    /// recordings, documented since.
    pub system_roles: Option<String>,
    /// Write-only: sets a temporary password. SecureVideo documents it as
    /// always null when a user is read; the simulator never stores one.
    pub new_password: Option<String>,
}

/// Where a session is in its life, as SecureVideo's `GET /status/{id}`
/// names it (`NOT_STARTED`, `STARTED`, `ENDED`). A name this code does not
/// know reads as [`SessionState::Unknown`] (written `UNKNOWN`), so a status
/// SecureVideo adds later shows as "unknown" rather than failing the read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SessionState {
    /// Nobody has connected yet.
    NotStarted,
    /// Someone has connected (they may have left again since).
    Started,
    /// The session is over.
    Ended,
    /// Any other answer, or none.
    #[default]
    #[serde(other)]
    Unknown,
}

/// SecureVideo's answer to `GET /status/{sessionId}` and
/// `GET /status/0?externalSessionId=`.
///
/// Assumed shape: the KB page we have (`shared/spec/participant-api.txt`)
/// names the method and its three values but shows no body, so this
/// follows SecureVideo's other answers: a PascalCase object,
/// `{"SessionId": 36201, "Status": "STARTED"}`. The simulator writes it;
/// the proxy also reads a bare `"STARTED"` (see the upstream client).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "PascalCase", default)]
pub struct SessionStatusBody {
    #[serde(deserialize_with = "null_as_default")]
    pub session_id: i64,
    #[serde(deserialize_with = "null_as_default")]
    pub status: SessionState,
}

/// SecureVideo's error body: `{"Message": "..."}`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "PascalCase", default)]
pub struct ErrorBody {
    #[serde(deserialize_with = "null_as_default")]
    pub message: String,
}

/// Reads an id that SecureVideo sends as a number in one place and as a
/// string in another. An empty string or null is "no id".
pub fn id_from_number_or_string<'de, D>(deserializer: D) -> Result<Option<i64>, D::Error>
where
    D: Deserializer<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Number(i64),
        Text(String),
    }
    match Option::<Id>::deserialize(deserializer)? {
        None => Ok(None),
        Some(Id::Number(n)) => Ok(Some(n)),
        Some(Id::Text(s)) if s.trim().is_empty() => Ok(None),
        Some(Id::Text(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("not an id: {s:?}"))),
    }
}

fn id_as_string<S: serde::Serializer>(id: &Option<i64>, serializer: S) -> Result<S::Ok, S::Error> {
    match id {
        Some(id) => serializer.serialize_str(&id.to_string()),
        None => serializer.serialize_none(),
    }
}

/// A null where a value is expected reads as the default value.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

fn vec_or_null<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    null_as_default::<D, Vec<T>>(deserializer)
}
