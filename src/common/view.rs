//! What the widget is shown: a session and its participants with only the
//! fields the widget displays. The proxy builds these from SecureVideo's
//! Session; the widget reads them. Passkeys, Zoom meeting ids, billing fields
//! and anything SecureVideo adds later never leave the proxy.

use serde::{Deserialize, Serialize};

use crate::common::wire::join_url;
use crate::common::{Participation, Session, User};

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

impl ParticipantView {
    fn new(session: &Session, p: &Participation) -> Self {
        let kind = match p.secure_video_user_id {
            Some(id) if Some(id) == session.user_id => ParticipantKind::Host,
            Some(_) => ParticipantKind::User,
            None => ParticipantKind::Guest,
        };
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
        }
    }
}

/// One hit of the user search: only what the picker shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UserMatch {
    pub secure_video_user_id: i64,
    pub full_name: String,
}

impl UserMatch {
    pub fn from_user(user: &User) -> Option<Self> {
        Some(Self {
            secure_video_user_id: user.system_user_id?,
            full_name: user.full_name.clone()?,
        })
    }
}
