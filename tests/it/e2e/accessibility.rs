//! axe-core (from npm, installed by `cargo xtask`) on every screen staff
//! see, at every width of the layout tests, standalone and in the portal:
//! the roster, a compact row's open menu, the add form, a form showing its
//! errors, the "Add several" preview, and the undo bar. Every state must have 0 violations.
#![cfg(not(target_arch = "wasm32"))]

use crate::support::e2e_page as page;
use crate::support::e2e_stack as stack;

use fantoccini::key::Key;
use page::{Page, k, press};
use serde_json::json;
use stack::Stack;

const WIDTHS: [u32; 5] = [320, 375, 600, 768, 1280];

/// axe-core's own build, as npm installed it.
fn axe_source() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/node_modules/axe-core/axe.min.js"
    );
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e} (installed by `cargo xtask test`)"))
}

/// Runs axe on the whole page (it goes into open shadow roots) and returns
/// each violation as "rule: target, target".
async fn violations(stack: &Stack, source: &str, state: &str) -> Vec<String> {
    let loaded = stack
        .browser
        .execute("return typeof axe !== 'undefined';", vec![])
        .await
        .unwrap();
    if loaded != json!(true) {
        stack
            .browser
            .execute(&format!("{source}\nreturn true;"), vec![])
            .await
            .unwrap();
    }
    let found = stack
        .browser
        .execute(
            r#"const results = await axe.run(document, {resultTypes: ["violations"]});
               return results.violations.map(v => `${v.id}: ${v.nodes.map(n => JSON.stringify(n.target)).join(", ")}`);"#,
            vec![],
        )
        .await
        .unwrap();
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|v| format!("{state}: {}", v.as_str().unwrap()))
        .collect()
}

/// Every state of one page at one width.
async fn check_states(stack: &Stack, page: &Page<'_>, source: &str, at: &str) -> Vec<String> {
    let mut found = violations(stack, source, &format!("{at}, roster")).await;
    let narrow = page
        .js(
            "const m = root.querySelector('[data-action=menu]'); return !!(m && m.getClientRects().length);",
            vec![],
        )
        .await
        == json!(true);
    if narrow {
        page.click("Actions for Jamie Rivera").await;
        found.extend(violations(stack, source, &format!("{at}, row menu open")).await);
        page.click("Actions for Jamie Rivera").await;
    }
    page.click("Add guest").await;
    page.wait_for("dialog", "the add form").await;
    found.extend(violations(stack, source, &format!("{at}, add form")).await);
    // Submitted empty: every required field says what is wrong.
    page.js(
        "dialog.querySelector('form').requestSubmit(); return true;",
        vec![],
    )
    .await;
    page.wait_for("dialog.querySelector('[aria-invalid=true]')", "the errors")
        .await;
    found.extend(violations(stack, source, &format!("{at}, add form with errors")).await);
    press(page.browser, &[k(Key::Escape)]).await;
    if page.js("return !!dialog;", vec![]).await == json!(true) {
        // "Discard what you typed?"
        page.click("Discard").await;
    }
    page.wait_for_no_dialog().await;
    // Add several, with a preview that has a bad row.
    page.click("Add several").await;
    page.wait_for("dialog", "the bulk dialog").await;
    page.js(
        r#"const area = dialog.querySelector("textarea");
           area.value = "Pat Lee, pat@example.com\nJamie Rivera, j@example.com\n=HYPERLINK(1), x@y.z";
           area.dispatchEvent(new Event("input", {bubbles: true}));
           dialog.querySelector("[data-action=preview]").click();
           return true;"#,
        vec![],
    )
    .await;
    page.wait_for("dialog.querySelector('tbody tr')", "the preview")
        .await;
    found.extend(violations(stack, source, &format!("{at}, add several preview")).await);
    press(page.browser, &[k(Key::Escape)]).await;
    if page.js("return !!dialog;", vec![]).await == json!(true) {
        page.click("Discard").await;
    }
    page.wait_for_no_dialog().await;
    page.js(
        "root.querySelector('[aria-label=\"Remove Jamie Rivera\"]').click(); return true;",
        vec![],
    )
    .await;
    page.wait_for("root.querySelector('[data-undo]')", "the undo bar")
        .await;
    found.extend(violations(stack, source, &format!("{at}, undo bar")).await);
    page.click("Undo removing Jamie Rivera").await;
    found
}

#[tokio::test]
async fn axe_finds_no_violation_on_any_screen_at_any_width() {
    let source = axe_source();
    let stack = Stack::start().await;
    let mut found = Vec::new();
    for width in WIDTHS {
        stack.viewport(width).await;
        let page = stack
            .standalone_page("&undoSeconds=60&refreshSeconds=0")
            .await;
        found.extend(check_states(&stack, &page, &source, &format!("standalone {width} px")).await);

        // The portal: its column for the widget is `width` px.
        stack.viewport(width + 400).await;
        let page = stack.portal_page("?undoSeconds=60&refreshSeconds=0").await;
        page.js(
            "document.querySelector('main.portal').style.gridTemplateColumns = `16rem ${arguments[1]}px`; return true;",
            vec![json!(width)],
        )
        .await;
        found.extend(check_states(&stack, &page, &source, &format!("portal {width} px")).await);
    }
    assert_eq!(found, Vec::<String>::new());
    stack.browser.clone().close().await.unwrap();
}
