//! "Add several": pasted rows (`common::bulk`) as guest forms, each checked
//! by the same rules as one guest added alone (`form::validate_guest`:
//! `common`'s parse and session checks), plus what only a batch has: a
//! name twice in the paste. Pure, so `cargo test` covers it on the host.

use crate::common::bulk::PastedRow;
use crate::common::rules::values::name_key;
use crate::common::view::SessionView;
use crate::common::{Delivery, Violation};
use crate::widget::form::{GuestFields, check_guest_in};
use crate::widget::i18n::Locale;

/// One row of the batch.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchRow {
    /// Stable for the life of the dialog (rows can be dropped).
    pub key: usize,
    /// The line it came from.
    pub line: usize,
    pub fields: GuestFields,
    /// Why the pasted line is not a guest at all (too long, binary, a
    /// formula); such a row can only be dropped or retyped.
    pub refused: Option<Violation>,
    pub state: RowState,
}

/// Where a row is in the batch.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum RowState {
    #[default]
    Waiting,
    Adding,
    /// In the session: never sent again.
    Added,
    /// SecureVideo or the proxy refused it, or the request failed.
    Failed(String),
}

/// What a row says before it is sent: `common`'s messages per field (wire
/// name → message), or that it is fine.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RowCheck {
    pub messages: Vec<(String, Violation)>,
}

impl RowCheck {
    pub fn ok(&self) -> bool {
        self.messages.is_empty()
    }

    pub fn message(&self, field: &str) -> Option<&str> {
        self.messages
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, v)| v.text.as_str())
    }
}

/// The rows of a paste. A row's delivery is its own column's, else by the
/// contact it gives (an address: e-mail; only a number: text), else
/// `delivery`; its time zone is `time_zone` when it left it blank.
pub fn rows_from(pasted: Vec<PastedRow>, delivery: Delivery, time_zone: &str) -> Vec<BatchRow> {
    pasted
        .into_iter()
        .enumerate()
        .map(|(key, p)| {
            // By the contact the row gives; the choice for all when it
            // gives none.
            let by_contact = if !p.email.is_empty() {
                Delivery::Email
            } else if !p.sms.is_empty() {
                Delivery::Sms
            } else {
                delivery
            };
            BatchRow {
                key,
                line: p.line,
                fields: GuestFields {
                    name: p.name,
                    email: p.email,
                    sms: p.sms,
                    delivery: Delivery::from_code(p.delivery.trim()).unwrap_or(by_contact),
                    time_zone: if p.time_zone.trim().is_empty() {
                        time_zone.to_owned()
                    } else {
                        p.time_zone
                    },
                    external_id: p.external_id,
                    ..GuestFields::default()
                },
                refused: p.refused,
                state: RowState::Waiting,
            }
        })
        .collect()
}

/// Every row checked: `common`'s rules against the session (a name already
/// in it is named there), and a name an earlier row of the paste has.
/// Rows already added are not checked again (they are in the session).
pub fn check_all(rows: &[BatchRow], session: Option<&SessionView>) -> Vec<RowCheck> {
    let wire = session.map(SessionView::to_session);
    let session = session.zip(wire.as_ref());
    // (A sorted Vec, not a HashMap: one hash table type less in the bundle.)
    let mut seen: Vec<(String, usize)> = Vec::new();
    rows.iter()
        .map(|row| {
            if row.state == RowState::Added {
                return RowCheck::default();
            }
            if let Some(refused) = &row.refused {
                return RowCheck {
                    messages: vec![(String::new(), refused.clone())],
                };
            }
            let mut messages: Vec<(String, Violation)> =
                match check_guest_in(&row.fields, session, None) {
                    Ok(_) => Vec::new(),
                    Err(errors) => errors
                        .violations()
                        .map(|(f, v)| (f.to_owned(), v.clone()))
                        .collect(),
                };
            let key = name_key(&row.fields.name);
            if !key.is_empty() {
                match seen.binary_search_by(|(k, _)| k.cmp(&key)) {
                    Ok(at) => {
                        // The widget's own rule: its English text is the catalog's.
                        let line = seen[at].1.to_string();
                        let text = Locale::En.tf("bulk.same_name", &[("line", &line)]);
                        messages.push((
                            crate::common::field::FULL_NAME.to_owned(),
                            Violation::new("bulk.same_name", text).with("line", line),
                        ));
                    }
                    Err(at) => seen.insert(at, (key, row.line)),
                }
            }
            RowCheck { messages }
        })
        .collect()
}

/// Before failed rows are sent again: the rows whose guest the session now
/// holds (the add went through, but its answer was lost to the network)
/// are marked added, so no row that succeeded is ever sent twice.
pub fn reconcile(rows: &mut [BatchRow], session: &SessionView) {
    for row in rows.iter_mut() {
        if matches!(row.state, RowState::Failed(_) | RowState::Adding) {
            let key = name_key(&row.fields.name);
            if session
                .participants
                .iter()
                .any(|p| name_key(p.name()) == key)
            {
                row.state = RowState::Added;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::bulk::parse;
    use crate::common::field;

    fn session() -> SessionView {
        serde_json::from_str::<SessionView>(
            r#"{"SessionId": 1, "UserId": 12281, "Participants": [
                {"ParticipationId": 1, "ParticipantFullName": "Dr. Dana Whitfield", "SecureVideoUserId": 12281},
                {"ParticipationId": 2, "ParticipantFullName": "Jamie Rivera", "ShouldAutoDeliverCode": "N"}]}"#,
        )
        .unwrap()
        .normalized()
    }

    #[test]
    fn each_row_gets_commons_messages_and_duplicates_are_flagged() {
        let rows = rows_from(
            parse(
                "Pat Lee, pat@example.com\n\
                 jamie rivera, jamie@example.com\n\
                 Sam Green, sam@@example\n\
                 PAT  LEE, pat2@example.com\n\
                 =HYPERLINK(\"x\"), a@b.c\n",
            ),
            Delivery::Email,
            "Eastern Standard Time",
        );
        let checks = check_all(&rows, Some(&session()));
        assert!(checks[0].ok(), "{:?}", checks[0]);
        assert!(
            checks[1].message(field::FULL_NAME).is_some(),
            "already in the session: {:?}",
            checks[1]
        );
        assert!(checks[2].message(field::EMAIL).is_some(), "{:?}", checks[2]);
        assert_eq!(
            checks[3].message(field::FULL_NAME),
            Some("Line 1 of this list has the same name.")
        );
        assert!(checks[4].messages[0].1.text.contains("formula"));
        assert_eq!(rows[0].fields.time_zone, "Eastern Standard Time");
    }

    #[test]
    fn a_row_the_session_now_holds_is_added_not_sent_again() {
        let mut rows = rows_from(
            parse("Jamie Rivera, jamie@example.com\nPat Lee, pat@example.com"),
            Delivery::Email,
            "",
        );
        rows[0].state = RowState::Failed("Could not reach the server.".into());
        rows[1].state = RowState::Failed("Could not reach the server.".into());
        reconcile(&mut rows, &session());
        assert_eq!(rows[0].state, RowState::Added);
        assert!(matches!(rows[1].state, RowState::Failed(_)));
        // An added row is not checked (its name is in the session now).
        assert!(check_all(&rows, Some(&session()))[0].ok());
    }

    #[test]
    fn a_rows_delivery_is_its_column_else_its_contact_else_the_one_for_all() {
        let rows = rows_from(
            parse(
                "ParticipantFullName,ShouldAutoDeliverCode,ParticipantSmsNumber\n\
                 Pat Lee,N,13334440123\nSam Green,,13334440124\nAna Ruiz,,\n",
            ),
            Delivery::Email,
            "",
        );
        assert_eq!(rows[0].fields.delivery, Delivery::None);
        assert_eq!(
            rows[1].fields.delivery,
            Delivery::Sms,
            "only a number: text"
        );
        assert_eq!(
            rows[2].fields.delivery,
            Delivery::Email,
            "the choice for all"
        );
    }
}
