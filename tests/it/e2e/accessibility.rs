//! axe-core (from npm, installed by `cargo xtask`) on every screen staff
//! see, at every width of the layout tests, standalone and in the portal:
//! the roster, a compact row's open menu, the add form, a form showing its
//! errors, the "Add several" preview, and the undo bar; in English and in
//! Spanish. Every state must have 0 violations.
#![cfg(not(target_arch = "wasm32"))]

use crate::support::e2e_page as page;
use crate::support::e2e_stack as stack;

use fantoccini::key::Key;
use page::{Page, k, press};
use participant_manager::widget::i18n::Locale;
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

/// Escape closes the open dialog; a form with what was typed asks first
/// ("Discard what you typed?"), and is discarded.
async fn close_dialog(page: &Page<'_>, l: Locale) {
    press(page.browser, &[k(Key::Escape)]).await;
    if page.js("return !!dialog;", vec![]).await == json!(true) {
        page.click(l.t("dialog.discard")).await;
    }
    page.wait_for_no_dialog().await;
}

/// Every state of one page at one width.
async fn check_states(
    stack: &Stack,
    page: &Page<'_>,
    source: &str,
    at: &str,
    l: Locale,
) -> Vec<String> {
    let jamie = [("name", "Jamie Rivera")];
    // The widget's root says its language (axe checks `lang` values).
    let lang = page
        .js(
            "return root.querySelector('.pm').getAttribute('lang');",
            vec![],
        )
        .await;
    assert_eq!(lang, json!(l.tag()), "{at}");
    let mut found = violations(stack, source, &format!("{at}, roster")).await;
    let narrow = page
        .js(
            "const m = root.querySelector('[data-action=menu]'); return !!(m && m.getClientRects().length);",
            vec![],
        )
        .await
        == json!(true);
    if narrow {
        let menu = l.tf("row.menu_label", &jamie);
        page.click(&menu).await;
        found.extend(violations(stack, source, &format!("{at}, row menu open")).await);
        page.click(&menu).await;
    }
    page.click(l.t("action.add_guest")).await;
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
    close_dialog(page, l).await;
    // Add several, with a preview that has a bad row.
    page.click(l.t("action.add_several")).await;
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
    close_dialog(page, l).await;
    page.js(
        "root.querySelector(`[aria-label=\"${arguments[1]}\"]`).click(); return true;",
        vec![json!(l.tf("row.remove_label", &jamie))],
    )
    .await;
    page.wait_for("root.querySelector('[data-undo]')", "the undo bar")
        .await;
    found.extend(violations(stack, source, &format!("{at}, undo bar")).await);
    page.click(&l.tf("undo.label", &jamie)).await;
    found
}

#[tokio::test]
async fn axe_finds_no_violation_on_any_screen_at_any_width() {
    let source = axe_source();
    let stack = Stack::start().await;
    let mut found = Vec::new();
    for width in WIDTHS {
        for l in Locale::ALL {
            // Standalone: the `locale` in the address; the portal: its
            // page's own `lang`.
            stack.viewport(width).await;
            let query = format!("&undoSeconds=60&refreshSeconds=0&locale={}", l.tag());
            let page = stack.standalone_page(&query).await;
            let at = format!("standalone {width} px, {}", l.tag());
            found.extend(check_states(&stack, &page, &source, &at, l).await);

            // The portal: its column for the widget is `width` px.
            stack.viewport(width + 400).await;
            let query = format!("?undoSeconds=60&refreshSeconds=0&lang={}", l.tag());
            let page = stack.portal_page(&query).await;
            page.js(
                "document.querySelector('main.portal').style.gridTemplateColumns = `16rem ${arguments[1]}px`; return true;",
                vec![json!(width)],
            )
            .await;
            let at = format!("portal {width} px, {}", l.tag());
            found.extend(check_states(&stack, &page, &source, &at, l).await);
        }
    }
    assert_eq!(found, Vec::<String>::new());
    stack.browser.clone().close().await.unwrap();
}
