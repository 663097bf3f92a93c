//! Finding the widget's controls the way a person does, by label, by
//! button name, by row, inside its shadow root; then acting on them with
//! real WebDriver clicks and keystrokes.

use std::time::{Duration, Instant};

use fantoccini::Client;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::{Element, ElementRef};
use fantoccini::key::Key;
use serde_json::{Value, json};

/// The page element whose shadow root holds the widget.
pub struct Page<'a> {
    pub browser: &'a Client,
    /// CSS selector of the host element.
    pub host: &'static str,
}

/// JavaScript prelude: `root` is the widget's shadow root; `scope` is the
/// open dialog when there is one (the rest of the page is inert then).
const PRELUDE: &str = r#"
const host = document.querySelector(arguments[0]);
const root = host && host.shadowRoot;
const dialog = root && root.querySelector("dialog[open]");
const scope = dialog || root;
const byLabel = (text) => {
  const label = [...scope.querySelectorAll("label")].find(l => l.textContent.trim().startsWith(text));
  return label ? root.getElementById(label.htmlFor) : null;
};
const byName = (name) => [...scope.querySelectorAll("button")].find(b =>
  b.textContent.trim() === name || b.getAttribute("aria-label") === name) || null;
"#;

impl Page<'_> {
    pub async fn js(&self, body: &str, args: Vec<Value>) -> Value {
        let mut all = vec![json!(self.host)];
        all.extend(args);
        self.browser
            .execute(&format!("{PRELUDE}\n{body}"), all)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{body}"))
    }

    fn element(&self, value: &Value, what: &str) -> Element {
        let id = value
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no {what} on the page"));
        Element::from_element_id(self.browser.clone(), ElementRef::from(id.to_owned()))
    }

    /// Waits until `predicate` (a JS expression over the prelude) is true.
    pub async fn wait_for(&self, predicate: &str, what: &str) {
        let started = Instant::now();
        loop {
            if self.js(&format!("return !!({predicate});"), vec![]).await == json!(true) {
                return;
            }
            if started.elapsed() > Duration::from_secs(15) {
                let text = self.text().await;
                panic!("timed out waiting for {what}; the widget shows:\n{text}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn wait_for_text(&self, text: &str) {
        self.wait_for(
            &format!(
                "root && root.querySelector('.pm').textContent.includes({})",
                json!(text)
            ),
            text,
        )
        .await;
    }

    pub async fn wait_for_no_dialog(&self) {
        self.wait_for("!dialog", "the dialog to close").await;
    }

    /// The input a label names.
    pub async fn input(&self, label: &str) -> Element {
        let found = self
            .js("return byLabel(arguments[1]);", vec![json!(label)])
            .await;
        self.element(&found, &format!("input labelled {label:?}"))
    }

    /// The button with this text or accessible name.
    pub async fn button(&self, name: &str) -> Element {
        let found = self
            .js("return byName(arguments[1]);", vec![json!(name)])
            .await;
        self.element(&found, &format!("button {name:?}"))
    }

    /// Replaces the text of the input a label names, typing it.
    pub async fn fill(&self, label: &str, text: &str) {
        let input = self.input(label).await;
        input.clear().await.unwrap();
        input.send_keys(text).await.unwrap();
    }

    pub async fn click(&self, name: &str) {
        self.button(name).await.click().await.unwrap();
    }

    /// The message shown next to the input a label names.
    pub async fn message(&self, label: &str) -> String {
        self.js(
            r#"const input = byLabel(arguments[1]);
               if (!input) return null;
               return (input.getAttribute("aria-describedby") || "").split(" ")
                 .map(id => root.getElementById(id)).filter(e => e && e.classList.contains("pm-error"))
                 .map(e => e.textContent).join("");"#,
            vec![json!(label)],
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// The text of the table row of the participant with this name (the
    /// row header's first text; its kind follows it).
    pub async fn row(&self, name: &str) -> Option<String> {
        self.js(
            r#"const row = [...root.querySelectorAll("tbody tr")].find(r =>
                 r.querySelector("th").childNodes[0].textContent.trim() === arguments[1]);
               return row ? row.textContent : null;"#,
            vec![json!(name)],
        )
        .await
        .as_str()
        .map(str::to_owned)
    }

    pub async fn text(&self) -> String {
        self.js(
            "return root ? root.querySelector('.pm').textContent : '';",
            vec![],
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// Presses Tab until the focused control's label or name starts with
    /// `name`; fails after 80 presses.
    pub async fn tab_to(&self, name: &str) {
        for _ in 0..80 {
            if self.focused().await.starts_with(name) {
                return;
            }
            press(self.browser, &[k(Key::Tab)]).await;
        }
        panic!("{name:?} is not reachable with Tab");
    }

    /// What has focus, deep inside the shadow root: its text or label.
    pub async fn focused(&self) -> String {
        self.js(
            r#"let el = root.activeElement;
               if (!el) return "";
               const label = el.id ? [...root.querySelectorAll("label")].find(l => l.htmlFor === el.id) : null;
               return (label && label.textContent.trim()) || el.getAttribute("aria-label") || el.textContent.trim();"#,
            vec![],
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }
}

/// Keyboard only: presses each key in turn on whatever has focus, through
/// WebDriver's key actions (no element is targeted or clicked).
pub async fn press(browser: &Client, keys: &[char]) {
    let mut actions = KeyActions::new("keyboard".into());
    for &k in keys {
        actions = actions
            .then(KeyAction::Down { value: k })
            .then(KeyAction::Up { value: k });
    }
    browser.perform_actions(actions).await.unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
}

/// A key pressed while a modifier is held.
async fn chord(browser: &Client, modifier: Key, key: char) {
    let modifier = k(modifier);
    let actions = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: modifier })
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key })
        .then(KeyAction::Up { value: modifier });
    browser.perform_actions(actions).await.unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
}

/// Shift+Tab: focus the previous control.
pub async fn shift_tab(browser: &Client) {
    chord(browser, Key::Shift, k(Key::Tab)).await;
}

/// Ctrl+A on the focused input, then types `text` over what it held.
pub async fn retype(browser: &Client, text: &str) {
    chord(browser, Key::Control, 'a').await;
    type_text(browser, text).await;
}

/// Types text on whatever has focus.
pub async fn type_text(browser: &Client, text: &str) {
    let keys: Vec<char> = text.chars().collect();
    press(browser, &keys).await;
}

pub fn k(key: Key) -> char {
    char::from(key)
}
