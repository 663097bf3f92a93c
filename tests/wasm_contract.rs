//! The widget↔proxy contract (`common::view`) across the real boundary: the
//! proxy's writer (serde_json) on one side, the widget's reader
//! (`JSON.parse` + serde-wasm-bindgen, `widget::api::parse_answer`) on the
//! other, one test per type. Runs in headless Chromium (`cargo xtask test`).
#![cfg(target_arch = "wasm32")]

use participant_manager::common::view::{
    ParticipantKind, ParticipantView, SessionState, SessionStatus, SessionView, UserMatch,
};
use participant_manager::common::{Session, User};
use participant_manager::widget::api::parse_answer;
use participant_manager::widget::api_error::ProxyErrorBody;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn session() -> Session {
    serde_json::from_str(
        r#"{"SessionId": 36201, "UserId": 12281, "ScheduleTs": "2026-11-29T15:00:00",
            "ExternalSessionId": "APPT-1001", "Topic": "Follow-up", "Participants": [
            {"ParticipationId": 71000, "ParticipantFullName": "Dr. Dana Whitfield",
             "SecureVideoUserId": 12281, "ShouldAutoDeliverCode": "E", "ConnectCode": 592856316},
            {"ParticipationId": 71001, "ParticipantFullName": "Jamie Rivera", "ConnectCode": 802546666,
             "RSVP": "Unknown", "PacketId": -1, "SvcId": 1037, "DepositRequired": 19.99,
             "ShouldAutoDeliverCode": "S", "ParticipantSmsNumber": "13334446666",
             "ParticipantTimeZoneWindowsId": "UTC", "ParticipantExternalId": "MRN-1"},
            {"ParticipationId": 71002, "ParticipantFullName": "Nurse Kim", "SecureVideoUserId": 40,
             "ConnectionTs": "2026-11-29T15:02:10"}
        ]}"#,
    )
    .unwrap()
}

#[wasm_bindgen_test]
fn a_session_view_the_proxy_writes_the_widget_reads_the_same() {
    let written = SessionView::from(&session());
    let read: SessionView = parse_answer(&serde_json::to_string(&written).unwrap()).unwrap();
    assert_eq!(read, written);
    let kinds: Vec<ParticipantKind> = read.participants.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [
            ParticipantKind::Host,
            ParticipantKind::Guest,
            ParticipantKind::User
        ]
    );
}

#[wasm_bindgen_test]
fn a_participant_view_the_proxy_writes_the_widget_reads_the_same() {
    for written in SessionView::from(&session()).participants {
        let read: ParticipantView =
            parse_answer(&serde_json::to_string(&written).unwrap()).unwrap();
        assert_eq!(read, written);
    }
}

#[wasm_bindgen_test]
fn a_session_status_the_proxy_writes_the_widget_reads_the_same() {
    for status in [
        SessionState::NotStarted,
        SessionState::Started,
        SessionState::Ended,
        SessionState::Unknown,
    ] {
        let written = SessionStatus {
            session_id: 36201,
            status,
        };
        let read: SessionStatus = parse_answer(&serde_json::to_string(&written).unwrap()).unwrap();
        assert_eq!(read, written);
    }
    let read: SessionStatus =
        parse_answer(r#"{"SessionId": 36201, "Status": "SOMETHING_NEW"}"#).unwrap();
    assert_eq!(read.status, SessionState::Unknown);
}

#[wasm_bindgen_test]
fn user_matches_the_proxy_writes_the_widget_reads_the_same() {
    let user: User =
        serde_json::from_str(r#"{"SystemUserId": 40, "FullName": "Nurse Kim"}"#).unwrap();
    let written = vec![UserMatch::from_user(&user).unwrap()];
    let read: Vec<UserMatch> = parse_answer(&serde_json::to_string(&written).unwrap()).unwrap();
    assert_eq!(read, written);
}

#[wasm_bindgen_test]
fn the_proxys_error_body_is_read_with_its_field_errors() {
    let read: ProxyErrorBody = parse_answer(
        r#"{"Message": "No", "Errors": {"ParticipantFullName": "Taken"}, "RequestId": "r1"}"#,
    )
    .unwrap();
    assert_eq!(read.message, "No");
    assert_eq!(read.request_id.as_deref(), Some("r1"));
    assert_eq!(
        read.errors.unwrap().get("ParticipantFullName"),
        Some("Taken")
    );
}

#[wasm_bindgen_test]
fn an_answer_of_the_wrong_shape_is_an_error_not_a_default() {
    for text in [
        r#"{"SessionId": "7"}"#,
        r#"{"SessionId": 7.5}"#,
        r#"{"Topic": 3}"#,
        r#"{"Participants": [3]}"#,
        "<html>",
    ] {
        assert!(parse_answer::<SessionView>(text).is_err(), "{text}");
    }
}
