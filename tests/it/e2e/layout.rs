//! The widget laid out by its own width, from an EHR side panel (320, 375,
//! 480 px) through wide panels and tablet panes to a full page (1280 px),
//! standalone and inside the mock portal, in English and in Spanish (whose
//! words are longer). At every width nothing overflows the widget's
//! container, and every row's actions are on screen; in a narrow panel
//! they sit behind each row's menu, which opens and closes by keyboard.
#![cfg(not(target_arch = "wasm32"))]

use crate::support::e2e_page as page;
use crate::support::e2e_stack as stack;
use crate::support::in_both_languages;

use fantoccini::key::Key;
use page::{Page, k, press};
use participant_manager::widget::i18n::Locale;
use serde_json::{Value, json};
use stack::Stack;

/// 580: just past where the compact rows end (a 560 px widget, plus the
/// page's scroll bar).
const WIDTHS: [u32; 10] = [320, 375, 480, 580, 600, 700, 768, 850, 1000, 1280];

/// What overflows, and which row actions are not on screen, as sentences
/// (empty when the layout is right). `arguments[1]` is the widget's
/// container: its right edge is the limit.
const CHECK: &str = r#"
const limit = arguments[1] === "viewport"
  ? { left: 0, right: document.documentElement.clientWidth }
  : host.parentElement.getBoundingClientRect();
const problems = [];
const shown = (el) => el && el.getClientRects().length > 0;
const inside = (el) => {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.left >= limit.left - 0.5 && r.right <= limit.right + 0.5;
};
if (document.documentElement.scrollWidth > document.documentElement.clientWidth) {
  problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${document.documentElement.clientWidth}`);
}
if (!inside(host)) problems.push("the widget runs past its container");
for (const el of root.querySelectorAll(".pm-host, .pm-table-wrap")) {
  if (el.scrollWidth > el.clientWidth) problems.push(`${el.className} scrolls sideways: ${el.scrollWidth} > ${el.clientWidth}`);
}
for (const el of root.querySelectorAll(".pm *")) {
  if (shown(el) && !inside(el) && el.getBoundingClientRect().width > 0) {
    problems.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 30)}" is cut off`);
  }
}
let menus = 0;
for (const row of root.querySelectorAll("tbody tr")) {
  const name = row.querySelector("th").childNodes[0].textContent.trim();
  const menu = row.querySelector("[data-action=menu]");
  const edit = row.querySelector("[data-action=edit]");
  if (shown(menu)) {
    menus++;
    if (!inside(menu)) problems.push(`${name}'s menu is off screen`);
  } else if (edit) {
    for (const action of ["edit", "remove"]) {
      const el = row.querySelector(`[data-action=${action}]`);
      if (!shown(el) || !inside(el)) problems.push(`${name}'s ${action} is not on screen`);
    }
  }
}
return { problems, menus, rows: root.querySelectorAll("tbody tr").length };
"#;

async fn check(page: &Page<'_>, limit: &str) -> Value {
    page.js(CHECK, vec![json!(limit)]).await
}

/// Waits for the widget to lay itself out again after a resize.
async fn relayout(page: &Page<'_>) {
    page.js(
        "return await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))));",
        vec![],
    )
    .await;
}

fn problems(result: &Value) -> Vec<String> {
    result["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_standalone_page_fits_every_width_and_keeps_every_action_on_screen() {
    let stack = Stack::start().await;
    // Spanish words are longer: both languages must fit.
    for l in Locale::ALL {
        let page = stack.standalone_page(&format!("&locale={}", l.tag())).await;
        for width in WIDTHS {
            stack.viewport(width).await;
            relayout(&page).await;
            let result = check(&page, "viewport").await;
            assert_eq!(
                problems(&result),
                Vec::<String>::new(),
                "at {width} px, {l:?}"
            );
            let narrow = width <= 560;
            let rows = result["rows"].as_u64().unwrap();
            assert!(rows >= 3, "{result}");
            // Narrow: every row has its menu; wide: none has.
            assert_eq!(
                result["menus"].as_u64().unwrap(),
                if narrow { rows } else { 0 },
                "at {width} px: {result}"
            );
        }
    }
    stack.browser.clone().close().await.unwrap();
}

#[tokio::test]
async fn the_portal_side_panel_fits_every_width_and_keeps_every_action_on_screen() {
    let stack = Stack::start().await;
    for l in Locale::ALL {
        let page = stack.portal_page(&format!("?lang={}", l.tag())).await;
        for width in WIDTHS {
            // The portal's column for the widget is `width` px (its sidebar
            // and gaps beside it); the window is wide enough for both.
            stack.viewport(width + 400).await;
            page.js(
            "document.querySelector('main.portal').style.gridTemplateColumns = `16rem ${arguments[1]}px`; return true;",
            vec![json!(width)],
        )
        .await;
            relayout(&page).await;
            let result = check(&page, "container").await;
            assert_eq!(
                problems(&result),
                Vec::<String>::new(),
                "at {width} px, {l:?}"
            );
        }
    }
    // The portal as it ships (a `1fr` column, which lets wide content push
    // it past the window): the widget still stays inside it.
    let page = stack.portal_page("").await;
    stack.viewport(1366).await;
    page.js(
        "document.querySelector('main.portal').style.gridTemplateColumns = ''; return true;",
        vec![],
    )
    .await;
    relayout(&page).await;
    let result = check(&page, "container").await;
    assert_eq!(problems(&result), Vec::<String>::new(), "at 1366 px");
    stack.browser.clone().close().await.unwrap();
}

/// In a 320 px panel each row's actions are one Tab stop: its menu opens
/// with Enter, Tab reaches Edit and Remove, Escape closes it and gives the
/// focus back to the menu button, and Edit opens the form.
async fn a_narrow_rows_menu_works_by_keyboard_alone(l: Locale) {
    let stack = Stack::start().await;
    stack.viewport(320).await;
    let page = stack.standalone_page(&format!("&locale={}", l.tag())).await;
    let jamie = [("name", "Jamie Rivera")];
    let actions = l.tf("row.menu_label", &jamie);
    relayout(&page).await;
    // Edit is not a Tab stop while the menu is closed.
    page.tab_to(&actions).await;
    let expanded = "root.activeElement.getAttribute('aria-expanded')";
    assert_eq!(
        page.js(&format!("return {expanded};"), vec![]).await,
        "false"
    );
    press(page.browser, &[k(Key::Enter)]).await;
    assert_eq!(
        page.js(&format!("return {expanded};"), vec![]).await,
        "true"
    );
    press(page.browser, &[k(Key::Tab)]).await;
    assert_eq!(page.focused().await, l.tf("row.edit_label", &jamie));
    press(page.browser, &[k(Key::Tab)]).await;
    assert_eq!(page.focused().await, l.tf("row.remove_label", &jamie));
    press(page.browser, &[k(Key::Tab)]).await;
    assert_eq!(
        page.focused().await,
        l.tf(
            "copy.label",
            &[("shown", l.t("copy.code.button")), ("name", "Jamie Rivera")]
        )
    );
    press(page.browser, &[k(Key::Escape)]).await;
    assert_eq!(page.focused().await, actions);
    assert_eq!(
        page.js(&format!("return {expanded};"), vec![]).await,
        "false"
    );
    // Open again and edit.
    press(page.browser, &[k(Key::Enter), k(Key::Tab), k(Key::Enter)]).await;
    page.wait_for("dialog", "the edit form").await;
    let title = page
        .js(
            "return root.querySelector('dialog[open] h3').textContent;",
            vec![],
        )
        .await;
    assert_eq!(title, json!(l.tf("row.edit_label", &jamie)));
    // Closing it (nothing changed) gives the focus back to the row's menu
    // button: its Edit control is inside the closed menu.
    press(page.browser, &[k(Key::Escape)]).await;
    page.wait_for_no_dialog().await;
    page.wait_for(
        &format!(
            "root.activeElement && root.activeElement.getAttribute('aria-label') === {}",
            json!(actions)
        ),
        "the focus back on the row's menu",
    )
    .await;
    stack.browser.clone().close().await.unwrap();
}

// The flow above, once in English and once in Spanish.
in_both_languages!(a_narrow_rows_menu_works_by_keyboard_alone);
