//! The outbox over HTTP: the invitations and cancellation notices
//! SecureVideo would send when participants are added, changed and removed.

use participant_manager::common::field;
use participant_manager::simulator::seed::*;
use serde_json::json;

use crate::support::sim_harness::*;

const DEMO: i64 = DEMO_SESSION_ID;

#[tokio::test]
async fn an_e_mail_guest_is_invited_by_e_mail_and_an_sms_guest_by_text() {
    let sim = Sim::start().await;
    let by_mail = with(
        with(
            guest("Mail Guest"),
            field::EMAIL,
            json!("mail.guest@example.com"),
        ),
        field::DELIVERY,
        json!("E"),
    );
    let by_text = with(
        with(guest("Text Guest"), field::SMS, json!("(555) 555-0199")),
        field::DELIVERY,
        json!("S"),
    );
    let mail_id = sim.add_guest(DEMO, by_mail).await;
    let text_id = sim.add_guest(DEMO, by_text).await;
    let mail = sim.outbox_for(mail_id).await;
    assert_eq!(mail.len(), 1, "{mail:?}");
    assert_eq!(mail[0]["Kind"], "invitation");
    assert_eq!(mail[0]["Channel"], "E");
    assert_eq!(mail[0]["To"], "mail.guest@example.com");
    assert_eq!(mail[0]["SessionId"], DEMO);
    let text = sim.outbox_for(text_id).await;
    assert_eq!(text.len(), 1, "{text:?}");
    assert_eq!(
        (&text[0]["Kind"], &text[0]["Channel"], &text[0]["To"]),
        (&json!("invitation"), &json!("S"), &json!("5555550199"))
    );
    assert!(
        text[0]["CreatedTs"].as_str().unwrap().len() == 19,
        "UTC without offset"
    );
}

#[tokio::test]
async fn a_guest_with_delivery_n_is_not_invited_and_gets_no_cancellation() {
    let sim = Sim::start().await;
    let with_email_but_n = with(
        guest("Quiet Guest"),
        field::EMAIL,
        json!("quiet@example.com"),
    );
    let id = sim.add_guest(DEMO, with_email_but_n).await;
    assert!(sim.outbox_for(id).await.is_empty());
    assert_eq!(sim.delete(&format!("/participant/{id}")).await.status, 204);
    assert!(
        sim.outbox_for(id).await.is_empty(),
        "no invitation, so no cancellation"
    );
}

#[tokio::test]
async fn removing_an_invited_guest_sends_a_cancellation_the_same_way() {
    let sim = Sim::start().await;
    let body = with(
        with(
            guest("Mail Guest"),
            field::EMAIL,
            json!("mail.guest@example.com"),
        ),
        field::DELIVERY,
        json!("E"),
    );
    let id = sim.add_guest(DEMO, body).await;
    assert_eq!(sim.delete(&format!("/participant/{id}")).await.status, 204);
    let messages = sim.outbox_for(id).await;
    let kinds: Vec<_> = messages
        .iter()
        .map(|m| m["Kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["invitation", "cancellation"]);
    assert_eq!(messages[1]["To"], "mail.guest@example.com");
    assert_eq!(messages[1]["Channel"], "E");
}

#[tokio::test]
async fn switching_delivery_from_n_to_e_sends_one_invitation() {
    let sim = Sim::start().await;
    let id = sim.add_guest(DEMO, guest("Robin Example")).await;
    let body = with(
        with(
            guest("Robin Example"),
            field::EMAIL,
            json!("robin@example.com"),
        ),
        field::DELIVERY,
        json!("E"),
    );
    assert_eq!(
        sim.put(&format!("/participant/{id}"), body.clone())
            .await
            .status,
        200
    );
    assert_eq!(sim.outbox_for(id).await.len(), 1);
    // The same update again invites nobody new.
    assert_eq!(
        sim.put(&format!("/participant/{id}"), body).await.status,
        200
    );
    assert_eq!(sim.outbox_for(id).await.len(), 1);
}

#[tokio::test]
async fn a_securevideo_user_is_invited_at_their_account_address() {
    let sim = Sim::start().await;
    let reply = sim
        .post(
            &format!("/participant/{DEMO}"),
            json!({"SecureVideoUserId": DEMO_SMS_ONLY_USER_ID}),
        )
        .await;
    let id = participation_id(&reply.json(), "Jordan Ellis");
    let messages = sim.outbox_for(id).await;
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(
        (&messages[0]["Channel"], &messages[0]["To"]),
        (&json!("S"), &json!("15555550177"))
    );
}
