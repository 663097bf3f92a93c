//! End to end, in headless Chromium: where the widget's token may go and
//! where it may stay. A crafted link to the standalone page cannot point
//! the widget at another host, the page takes `#token=` out of its address
//! once read, and the custom element leaves no token in the DOM (where
//! session-replay tools record it).
//!
//! Needs `dist/` (the release bundle) and chromedriver: `cargo xtask test`
//! builds and installs both before running these.
#![cfg(not(target_arch = "wasm32"))]

use crate::support::e2e_page as page;
use crate::support::e2e_stack as stack;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use page::Page;
use serde_json::json;
use stack::{DEMO_SESSION, Stack};

/// Another host, as a crafted link would name it: counts every request.
async fn another_host() -> (String, Arc<AtomicUsize>) {
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let app = axum::Router::new().fallback(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        async {
            (
                [
                    ("access-control-allow-origin", "*"),
                    ("access-control-allow-headers", "*"),
                ],
                axum::Json(json!({"SessionId": 1, "Participants": [
                    {"ParticipationId": 9, "ParticipantFullName": "Fake Roster"}
                ]})),
            )
        }
    });
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, seen)
}

async fn run(stack: &Stack, script: &str) -> serde_json::Value {
    stack.browser.execute(script, vec![]).await.unwrap()
}

// Regression: the standalone page took `?apiBase=` from its address, so a
// link on the clinic's own origin could show a fake roster from another
// host and send it the Bearer token; the token also stayed in the address.
#[tokio::test]
async fn a_crafted_link_cannot_send_the_standalone_page_elsewhere_and_the_token_leaves_the_address()
{
    let stack = Stack::start().await;
    let (elsewhere, seen) = another_host().await;
    stack
        .browser
        .goto(&format!(
            "{}/?externalSessionId={DEMO_SESSION}&apiBase={elsewhere}/api#token={}",
            stack.page_url, stack.token
        ))
        .await
        .unwrap();
    let page = Page {
        browser: &stack.browser,
        host: "#participant-manager",
    };
    page.wait_for(
        "root && root.querySelector('tbody tr')",
        "the participant list",
    )
    .await;
    assert!(
        page.row("Jamie Rivera").await.is_some(),
        "not the real roster"
    );
    assert!(page.row("Fake Roster").await.is_none());
    assert_eq!(seen.load(Ordering::SeqCst), 0, "the other host was asked");
    let address = run(&stack, "return location.href;").await;
    let address = address.as_str().unwrap();
    assert!(!address.contains(&stack.token), "{address}");
    assert!(!address.contains("token="), "{address}");
    assert!(address.contains("externalSessionId=APPT-1001"), "{address}");
    stack.browser.clone().close().await.unwrap();
}

// Regression: the custom element kept its `token` attribute, so the token
// sat in the DOM for anything that serialises or records it.
#[tokio::test]
async fn the_custom_element_keeps_no_token_in_the_dom() {
    let stack = Stack::start().await;
    // The portal hands the token over as the `token` property.
    stack.browser.goto(&stack.portal_url()).await.unwrap();
    let portal = Page {
        browser: &stack.browser,
        host: "participant-manager",
    };
    portal
        .wait_for(
            "root && root.querySelector('tbody tr')",
            "the portal's list",
        )
        .await;
    // A second element given the token as an attribute still works, and
    // the attribute is gone.
    stack
        .browser
        .execute(
            r#"const el = document.createElement("participant-manager");
               el.id = "by-attribute";
               el.setAttribute("api-base", "/api");
               el.setAttribute("external-session-id", "APPT-1001");
               el.setAttribute("token", arguments[0]);
               document.body.append(el);"#,
            vec![json!(stack.token)],
        )
        .await
        .unwrap();
    let by_attribute = Page {
        browser: &stack.browser,
        host: "#by-attribute",
    };
    by_attribute
        .wait_for("root && root.querySelector('tbody tr')", "the second list")
        .await;
    assert!(by_attribute.row("Jamie Rivera").await.is_some());
    let found = run(
        &stack,
        r#"const els = [...document.querySelectorAll("participant-manager")];
           return {
             attributes: els.filter(e => e.hasAttribute("token")).length,
             properties: els.filter(e => e.token !== undefined).length,
             html: document.documentElement.outerHTML,
             address: location.href,
           };"#,
    )
    .await;
    assert_eq!(found["attributes"], 0, "a token attribute is left");
    assert_eq!(found["properties"], 0, "the token can be read back");
    assert!(!found["html"].as_str().unwrap().contains(&stack.token));
    assert!(!found["address"].as_str().unwrap().contains(&stack.token));
    stack.browser.clone().close().await.unwrap();
}
