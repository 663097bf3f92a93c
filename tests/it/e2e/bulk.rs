//! "Add several" against the real proxy and simulator: pasted rows are
//! checked before anything is sent (bad rows never reach the proxy), the
//! good ones are added one by one, Cancel stops between rows, and sending
//! again adds the rest without adding anyone twice.
#![cfg(not(target_arch = "wasm32"))]

use crate::support::e2e_page::Page;
use crate::support::e2e_stack::Stack;
use crate::support::in_both_languages;
use participant_manager::widget::i18n::Locale;
use serde_json::{Value, json};

/// Pastes `text` into the open dialog's textarea and shows the preview.
async fn paste(page: &Page<'_>, text: &str) {
    page.js(
        r#"const area = dialog.querySelector("textarea");
           area.value = arguments[1];
           area.dispatchEvent(new Event("input", {bubbles: true}));
           dialog.querySelector("[data-action=preview]").click();
           return true;"#,
        vec![json!(text)],
    )
    .await;
    page.wait_for("dialog.querySelector('tbody tr')", "the preview")
        .await;
}

/// Each preview row: [line, state, what its check says].
async fn preview(page: &Page<'_>) -> Vec<(u64, String, String)> {
    let rows = page
        .js(
            r#"return [...dialog.querySelectorAll("tbody tr")].map(r =>
                 [Number(r.dataset.line), r.dataset.state, r.querySelector(".pm-bulk-check").textContent]);"#,
            vec![],
        )
        .await;
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r[0].as_u64().unwrap(),
                r[1].as_str().unwrap().to_owned(),
                r[2].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn session_names(stack: &Stack) -> Vec<String> {
    let page = stack.standalone_page("&refreshSeconds=0").await;
    let names = page
        .js(
            "return [...root.querySelectorAll('tbody th')].map(th => th.childNodes[0].textContent.trim());",
            vec![],
        )
        .await;
    names
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_owned())
        .collect()
}

/// The same in Spanish: `common`'s messages per row by their keys.
async fn several_guests_are_checked_then_added_one_by_one_and_bad_rows_never_leave(l: Locale) {
    let stack = Stack::start().await;
    let page = stack
        .standalone_page(&format!("&refreshSeconds=0&locale={}", l.tag()))
        .await;
    page.click(l.t("action.add_several")).await;
    page.wait_for("dialog", "the dialog").await;
    let mut text: String = (1..=12)
        .map(|i| format!("Bulk Guest {i}, bulk.guest.{i}@example.com\n"))
        .collect();
    text.push_str("Jamie Rivera, jamie.rivera@example.com\n");
    text.push_str("Bulk Guest 3, again@example.com\n");
    text.push_str("=HYPERLINK(\"http://evil.example\",\"x\"), x@example.com\n");
    text.push_str(&"y".repeat(10_000));
    text.push('\n');
    text.push_str("Bin\u{1}ary, b@example.com\n");
    text.push_str("No Contact\n");
    paste(&page, &text).await;

    let rows = preview(&page).await;
    assert_eq!(rows.len(), 18, "{rows:?}");
    let says = |line: u64| rows.iter().find(|r| r.0 == line).unwrap().2.clone();
    assert_eq!(says(1), l.t("bulk.ready"));
    assert!(
        says(13).contains(l.t("session.duplicate_name")),
        "in the session: {}",
        says(13)
    );
    assert!(
        says(14).contains(&l.tf("bulk.same_name", &[("line", "3")])),
        "twice in the paste: {}",
        says(14)
    );
    // (What follows the cell's text: how the cell is split is the parser's.)
    let formula = l.t("bulk.formula").split("{cell}").nth(1).unwrap();
    assert!(says(15).contains(formula), "{}", says(15));
    let long = l.tf("bulk.too_long", &[("length", "10000"), ("max", "1000")]);
    assert!(says(16).contains(&long), "{}", says(16));
    assert!(says(17).contains(l.t("bulk.not_text")), "{}", says(17));
    assert!(
        says(18).contains(l.t("email.required")),
        "e-mail delivery needs one: {}",
        says(18)
    );

    // Fix one in place, drop another.
    page.js(
        r#"const input = dialog.querySelector(`[aria-label="${arguments[1]}"]`);
           input.value = "no.contact@example.com";
           input.dispatchEvent(new Event("change", {bubbles: true}));
           dialog.querySelector(`[aria-label="${arguments[2]}"]`).click();
           return true;"#,
        vec![
            json!(l.tf(
                "bulk.input_label",
                &[("label", l.t("guest.email")), ("line", "18")]
            )),
            json!(l.tf("bulk.drop_label", &[("line", "14")])),
        ],
    )
    .await;
    page.wait_for(
        "[...dialog.querySelectorAll('tbody tr')].length === 17",
        "line 14 dropped",
    )
    .await;
    assert_eq!(
        preview(&page).await.iter().find(|r| r.0 == 18).unwrap().2,
        l.t("bulk.ready")
    );
    // A ready row is text until staff choose to change it.
    let has_input = |line: u32| {
        let label = l.tf(
            "bulk.input_label",
            &[("label", l.t("table.name")), ("line", &line.to_string())],
        );
        format!("!!dialog.querySelector('[aria-label=\"{label}\"]')")
    };
    assert_eq!(
        page.js(&format!("return {};", has_input(2)), vec![]).await,
        false
    );
    page.click(&l.tf("bulk.change_label", &[("line", "2")]))
        .await;
    page.wait_for(&has_input(2), "line 2's inputs").await;

    // Add the 13 ready rows, cancelling after the first few.
    // Cancel as soon as the first row is on its way.
    page.js(
        r#"dialog.querySelector("[data-action=add-batch]").click();
           return await new Promise(done => {
             const look = () => {
               const cancel = dialog.querySelector("[data-action=cancel-batch]");
               if (cancel) { cancel.click(); done(true); } else setTimeout(look, 0);
             };
             look();
           });"#,
        vec![],
    )
    .await;
    page.wait_for(
        "!dialog.querySelector('tr[data-state=adding]') && !dialog.querySelector('progress')",
        "the batch to stop",
    )
    .await;
    let after_cancel = preview(&page).await;
    let added = after_cancel.iter().filter(|r| r.1 == "added").count();
    assert!(
        (1..13).contains(&added),
        "cancelled between rows: {after_cancel:?}"
    );

    // The rest, without anyone twice.
    page.click(&l.count("bulk.add", 13 - added, &[])).await;
    page.wait_for(
        "dialog.querySelectorAll('tr[data-state=added]').length === 13",
        "all 13 added",
    )
    .await;
    let rows = preview(&page).await;
    for line in [15, 16, 17] {
        assert_eq!(rows.iter().find(|r| r.0 == line).unwrap().1, "waiting");
    }

    let outbox: Vec<Value> = stack.outbox().await;
    for i in 1..=12 {
        let to = format!("bulk.guest.{i}@example.com");
        assert_eq!(
            outbox
                .iter()
                .filter(|m| m["Kind"] == "invitation" && m["To"] == to.as_str())
                .count(),
            1,
            "{to}"
        );
    }
    assert!(
        !outbox.iter().any(|m| m["To"] == "x@example.com"
            || m["To"] == "b@example.com"
            || m["To"] == "again@example.com"),
        "a refused row reached SecureVideo: {outbox:?}"
    );
    let names = session_names(&stack).await;
    for i in 1..=12 {
        let name = format!("Bulk Guest {i}");
        assert_eq!(names.iter().filter(|n| **n == name).count(), 1, "{names:?}");
    }
    assert!(names.iter().any(|n| n == "No Contact"));
    stack.browser.clone().close().await.unwrap();
}

// The flows above, once in English and once in Spanish.
in_both_languages!(several_guests_are_checked_then_added_one_by_one_and_bad_rows_never_leave,);
