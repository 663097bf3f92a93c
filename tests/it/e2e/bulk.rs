//! "Add several" against the real proxy and simulator: pasted rows are
//! checked before anything is sent (bad rows never reach the proxy), the
//! good ones are added one by one, Cancel stops between rows, and sending
//! again adds the rest without adding anyone twice.
#![cfg(not(target_arch = "wasm32"))]

use crate::support::e2e_page::Page;
use crate::support::e2e_stack::Stack;
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

#[tokio::test]
async fn several_guests_are_checked_then_added_one_by_one_and_bad_rows_never_leave() {
    let stack = Stack::start().await;
    let page = stack.standalone_page("&refreshSeconds=0").await;
    page.click("Add several").await;
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
    assert_eq!(says(1), "Ready");
    assert!(says(13).contains("already"), "in the session: {}", says(13));
    assert!(
        says(14).contains("Line 3"),
        "twice in the paste: {}",
        says(14)
    );
    assert!(says(15).contains("formula"), "{}", says(15));
    assert!(says(16).contains("10000 characters"), "{}", says(16));
    assert!(says(17).contains("not text"), "{}", says(17));
    assert!(
        says(18).contains("e-mail"),
        "e-mail delivery needs one: {}",
        says(18)
    );

    // Fix one in place, drop another.
    page.js(
        r#"const input = dialog.querySelector('[aria-label="E-mail address, line 18"]');
           input.value = "no.contact@example.com";
           input.dispatchEvent(new Event("change", {bubbles: true}));
           dialog.querySelector('[aria-label="Drop line 14"]').click();
           return true;"#,
        vec![],
    )
    .await;
    page.wait_for(
        "[...dialog.querySelectorAll('tbody tr')].length === 17",
        "line 14 dropped",
    )
    .await;
    assert_eq!(
        preview(&page).await.iter().find(|r| r.0 == 18).unwrap().2,
        "Ready"
    );
    // A ready row is text until staff choose to change it.
    let has_input =
        |line: u32| format!("!!dialog.querySelector('[aria-label=\"Name, line {line}\"]')");
    assert_eq!(
        page.js(&format!("return {};", has_input(2)), vec![]).await,
        false
    );
    page.click("Change line 2").await;
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
    page.click(&format!("Add {} guests", 13 - added)).await;
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
