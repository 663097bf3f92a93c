//! The staff interface's words, in English and Spanish: one catalog per
//! language (`i18n/en.txt`, `i18n/es.txt`), a line per key,
//! `key = text`, with `{name}` for the values a sentence names. A plain
//! table, not leptos_i18n: see the README's "Two languages" for the
//! bundle figures of both.
//!
//! `common`'s rules carry a key per rule ([`Violation`]); the widget shows
//! the catalog's text for it, and the rule's own (English) text when a
//! catalog has no such key or the message is not one of ours.
//!
//! Pure, so `cargo test` checks the catalogs on the host (every key in
//! both, the same `{names}` in both); numbers go through `Intl` in the
//! browser.

use std::sync::OnceLock;

use crate::common::Violation;

/// A language of the staff interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Locale {
    #[default]
    En,
    Es,
}

type Table = Vec<(&'static str, &'static str)>;

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Es];

    /// The language of a BCP 47 tag (`es-MX` → Spanish); `None` for one
    /// the widget does not speak.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let language = tag.trim().split(['-', '_']).next()?;
        if language.eq_ignore_ascii_case("en") {
            Some(Self::En)
        } else if language.eq_ignore_ascii_case("es") {
            Some(Self::Es)
        } else {
            None
        }
    }

    /// The tag for `lang` attributes and `Intl`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Es => "es",
        }
    }

    /// The catalog's text, as the translators write it.
    pub fn source(self) -> &'static str {
        match self {
            Self::En => include_str!("i18n/en.txt"),
            Self::Es => include_str!("i18n/es.txt"),
        }
    }

    /// The catalog as a table, read once. The files are kept sorted by key
    /// (a test checks it), so it is not sorted here: sorting at run time
    /// cost 1.85 KB gzip of bundle (measured).
    fn table(self) -> &'static Table {
        static EN: OnceLock<Table> = OnceLock::new();
        static ES: OnceLock<Table> = OnceLock::new();
        let cell = match self {
            Self::En => &EN,
            Self::Es => &ES,
        };
        cell.get_or_init(|| entries(self.source()))
    }

    /// The text for `key`, if this catalog has it.
    pub fn lookup(self, key: &str) -> Option<&'static str> {
        let table = self.table();
        table
            .binary_search_by_key(&key, |&(k, _)| k)
            .ok()
            .map(|at| table[at].1)
    }

    /// The text for `key`: this language's, else English's, else the key
    /// (a test keeps every key in both catalogs).
    pub fn t(self, key: &'static str) -> &'static str {
        self.lookup(key)
            .or_else(|| Self::En.lookup(key))
            .unwrap_or(key)
    }

    /// [`t`](Self::t) with its `{names}` filled in.
    pub fn tf(self, key: &'static str, args: &[(&str, &str)]) -> String {
        fill(self.t(key), args)
    }

    /// A count: `key.one` for 1, else `key.other` (English and Spanish
    /// have these two forms), with `{n}` the number as `Intl` writes it.
    pub fn count(self, key: &'static str, n: usize, args: &[(&str, &str)]) -> String {
        let form = if n == 1 { "one" } else { "other" };
        let full = format!("{key}.{form}");
        let text = self
            .lookup(&full)
            .or_else(|| Self::En.lookup(&full))
            .unwrap_or(key);
        let n = self.number(n as f64);
        let mut all = vec![("n", n.as_str())];
        all.extend_from_slice(args);
        fill(text, &all)
    }

    /// A number as this language writes it (`Intl.NumberFormat`).
    pub fn number(self, n: f64) -> String {
        #[cfg(target_arch = "wasm32")]
        {
            intl::number(self, n)
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            n.to_string()
        }
    }

    /// US dollars as this language writes them: `$20.00`, `20,00 US$`.
    pub fn dollars(self, amount: f64) -> String {
        #[cfg(target_arch = "wasm32")]
        {
            intl::dollars(self, amount)
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            super::format::dollars(amount)
        }
    }

    /// The label a message uses for a field, by wire name.
    pub fn field_label(self, field: &str) -> Option<&'static str> {
        self.lookup(&format!("field.{field}"))
    }

    /// A rule's message for `field` in this language: the catalog's text
    /// for its key with its values (and `{field}`, the field's label)
    /// filled in; the rule's own text when the key is unknown or a value
    /// is missing.
    pub fn violation(self, field: &str, violation: &Violation) -> String {
        let Some(text) = (!violation.key.is_empty())
            .then(|| self.lookup(&violation.key))
            .flatten()
        else {
            return violation.text.clone();
        };
        let label = self.field_label(field).unwrap_or(field);
        let mut args: Vec<(&str, &str)> = vec![("field", label)];
        args.extend(violation.args.iter().map(|(k, v)| (*k, v.as_str())));
        let filled = fill(text, &args);
        if filled.contains('{') {
            violation.text.clone()
        } else {
            filled
        }
    }
}

/// A catalog's `key = text` lines; blank lines and `#` comments skipped.
pub fn entries(source: &'static str) -> Table {
    source
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .filter_map(|line| line.split_once(" = "))
        .map(|(key, text)| (key.trim(), text.trim()))
        .collect()
}

/// `text` with each `{name}` replaced by its value.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(target_arch = "wasm32")]
mod intl {
    use js_sys::{Array, Intl, Object, Reflect};
    use wasm_bindgen::JsValue;

    use super::Locale;

    thread_local! {
        /// One formatter per language and kind: making one costs more
        /// than formatting with it (a 500-row preview formats 500 lines).
        static FORMATS: std::cell::RefCell<Vec<(Locale, bool, Intl::NumberFormat)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }

    fn format(locale: Locale, money: bool, n: f64) -> String {
        FORMATS.with_borrow_mut(|formats| {
            let at = match formats
                .iter()
                .position(|(l, m, _)| *l == locale && *m == money)
            {
                Some(at) => at,
                None => {
                    let options = Object::new();
                    if money {
                        let _ = Reflect::set(&options, &"style".into(), &"currency".into());
                        let _ = Reflect::set(&options, &"currency".into(), &"USD".into());
                    }
                    let tags = Array::of1(&JsValue::from_str(locale.tag()));
                    formats.push((locale, money, Intl::NumberFormat::new(&tags, &options)));
                    formats.len() - 1
                }
            };
            let format = formats[at].2.format();
            format
                .call1(&JsValue::UNDEFINED, &JsValue::from_f64(n))
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_default()
        })
    }

    pub fn number(locale: Locale, n: f64) -> String {
        format(locale, false, n)
    }

    pub fn dollars(locale: Locale, amount: f64) -> String {
        // Whole cents first: the amount arrives as a JSON number.
        format(locale, true, (amount * 100.0).round() / 100.0)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use serde_json::json;

    use super::*;
    use crate::common::view::SessionView;
    use crate::common::{FieldErrors, Mode, ParticipantForm, parse_guest, parse_user};

    fn keys(l: Locale) -> Vec<&'static str> {
        entries(l.source()).into_iter().map(|(k, _)| k).collect()
    }

    /// The `{names}` a text fills in.
    fn names(text: &str) -> BTreeSet<&str> {
        text.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }

    /// The Rust files under `dir`, with their text.
    fn sources(dir: &str) -> Vec<(String, String)> {
        fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push((
                        path.display().to_string(),
                        std::fs::read_to_string(&path).unwrap(),
                    ));
                }
            }
        }
        let mut out = Vec::new();
        walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut out);
        out
    }

    /// The string literals of `text` that look like catalog keys
    /// (`word.word`, lower case), outside `//` comments.
    fn key_literals(text: &str) -> Vec<&str> {
        text.lines()
            .map(|line| line.split("//").next().unwrap_or(""))
            .flat_map(|line| line.split('"').skip(1).step_by(2))
            .filter(|s| {
                s.contains('.')
                    && !s.starts_with('.')
                    && !s.ends_with('.')
                    && s.chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
            })
            .collect()
    }

    #[test]
    fn both_catalogs_have_the_same_keys_once_each() {
        for l in Locale::ALL {
            let mut seen = BTreeSet::new();
            for key in keys(l) {
                assert!(seen.insert(key), "{l:?}: {key} twice");
            }
        }
        let en: BTreeSet<_> = keys(Locale::En).into_iter().collect();
        let es: BTreeSet<_> = keys(Locale::Es).into_iter().collect();
        let only_en: Vec<_> = en.difference(&es).collect();
        let only_es: Vec<_> = es.difference(&en).collect();
        assert!(only_en.is_empty(), "missing from es.txt: {only_en:?}");
        assert!(only_es.is_empty(), "missing from en.txt: {only_es:?}");
    }

    #[test]
    fn each_catalog_is_sorted_by_key_for_the_binary_search() {
        for l in Locale::ALL {
            let keys = keys(l);
            for pair in keys.windows(2) {
                assert!(
                    pair[0] < pair[1],
                    "{}.txt: {} before {}",
                    l.tag(),
                    pair[0],
                    pair[1]
                );
            }
        }
    }

    #[test]
    fn a_key_missing_from_one_catalog_is_found() {
        // The check above, on a catalog with one line taken out.
        let es = Locale::Es.source();
        let line = es.lines().find(|l| l.starts_with("bulk.drop =")).unwrap();
        let cut: &'static str = Box::leak(es.replace(line, "").into_boxed_str());
        let cut: BTreeSet<_> = entries(cut).into_iter().map(|(k, _)| k).collect();
        let en: BTreeSet<_> = keys(Locale::En).into_iter().collect();
        assert_eq!(en.difference(&cut).collect::<Vec<_>>(), [&"bulk.drop"]);
    }

    #[test]
    fn each_text_names_the_same_values_in_both_languages() {
        for (key, en) in entries(Locale::En.source()) {
            let es = Locale::Es.lookup(key).unwrap_or_default();
            assert_eq!(names(en), names(es), "{key}: {en:?} / {es:?}");
            assert!(!es.trim().is_empty(), "{key} is empty in es.txt");
        }
    }

    #[test]
    fn every_key_the_widget_and_the_rules_use_is_in_the_catalogs() {
        let mut used = Vec::new();
        for dir in ["src/widget", "src/common"] {
            for (path, text) in sources(dir) {
                if path.ends_with("i18n.rs") {
                    continue;
                }
                for key in key_literals(&text) {
                    used.push((path.clone(), key.to_owned()));
                }
            }
        }
        assert!(used.len() > 150, "the scan found only {} keys", used.len());
        for l in Locale::ALL {
            for (path, key) in &used {
                let counted = [format!("{key}.one"), format!("{key}.other")];
                assert!(
                    l.lookup(key).is_some() || counted.iter().all(|k| l.lookup(k).is_some()),
                    "{path}: {key} is not in {}.txt",
                    l.tag()
                );
            }
        }
        // Field labels are looked up by the wire name.
        for field in crate::common::field::GUEST_FIELDS
            .iter()
            .chain([&crate::common::field::USER_ID])
        {
            for l in Locale::ALL {
                assert!(
                    l.field_label(field).is_some(),
                    "{field} has no label in {l:?}"
                );
            }
        }
    }

    /// Many broken rules, from `common` itself.
    fn violations() -> Vec<(String, Violation)> {
        let guest = |body: serde_json::Value| {
            let form: ParticipantForm = serde_json::from_value(body).unwrap();
            parse_guest(&form, Mode::Add).err().unwrap_or_default()
        };
        let long = "x".repeat(300);
        let all: Vec<FieldErrors> = vec![
            guest(json!({"ParticipantFullName": "A", "ShouldAutoDeliverCode": "E"})),
            guest(
                json!({"ParticipantFullName": 5, "ParticipantEmailAddress": "nope",
                "ParticipantSmsNumber": "12", "ShouldAutoDeliverCode": "X",
                "ParticipantTimeZoneWindowsId": "Mars", "ParticipantDefaultResolution": "4k",
                "PacketId": "p", "SvcId": "-3", "DepositRequired": "-1", "Bogus": 1}),
            ),
            guest(
                json!({"ParticipantFullName": long, "ParticipantExternalId": "a\u{1}b",
                "ShouldAutoDeliverCode": "S", "SvcId": 7}),
            ),
            guest(
                json!({"ParticipantFullName": "Ann Lee", "DepositRequired": "999999999",
                "SecureVideoUserId": 3, "ParticipantEmailAddress": long}),
            ),
            guest(
                json!({"ParticipantFullName": "Ann Lee", "DepositRequired": 20, "PacketId": 1.5}),
            ),
            parse_user(
                &serde_json::from_value(json!({"SecureVideoUserId": "x",
                    "ParticipantFullName": "Ann Lee"}))
                .unwrap(),
                Mode::Add,
            )
            .err()
            .unwrap(),
            ParticipantForm::from_json(b"[1]").err().unwrap(),
            ParticipantForm::from_json(b"{").err().unwrap(),
        ];
        let mut out: Vec<(String, Violation)> = all
            .iter()
            .flat_map(|e| e.violations().map(|(f, v)| (f.to_owned(), v.clone())))
            .collect();
        let session: SessionView = serde_json::from_str(
            r#"{"SessionId": 1, "UserId": 7, "Participants": [
                {"ParticipationId": 1, "ParticipantFullName": "Dr. Host", "SecureVideoUserId": 7},
                {"ParticipationId": 2, "ParticipantFullName": "Jamie Rivera", "ParticipantExternalId": "E1"},
                {"ParticipationId": 3, "ParticipantFullName": "Nurse Lee", "SecureVideoUserId": 8}]}"#,
        )
        .unwrap();
        let wire = session.to_session();
        let (host, jamie, nurse) = (
            &wire.participants[0],
            &wire.participants[1],
            &wire.participants[2],
        );
        let form =
            |body: serde_json::Value| -> ParticipantForm { serde_json::from_value(body).unwrap() };
        let guest_of = |body| parse_guest(&form(body), Mode::Update).unwrap();
        let user_of = |body| parse_user(&form(body), Mode::Update).unwrap();
        let added = parse_guest(
            &form(json!({"ParticipantFullName": "jamie rivera", "ParticipantExternalId": "E1"})),
            Mode::Add,
        )
        .unwrap();
        use crate::common::{UpdateRequest, check_remove, check_update, check_user_add};
        let session_rules = [
            crate::common::check_guest_add(&wire, &added),
            check_user_add(&wire, &user_of(json!({"SecureVideoUserId": 7}))),
            check_user_add(&wire, &user_of(json!({"SecureVideoUserId": 8}))),
            check_user_add(&wire, &user_of(json!({}))),
            check_update(&wire, host, &UpdateRequest::Guest(guest_of(json!({})))),
            check_update(
                &wire,
                jamie,
                &UpdateRequest::Guest(guest_of(json!({"ParticipantFullName": "Jo Smith"}))),
            ),
            check_update(&wire, jamie, &UpdateRequest::User(user_of(json!({})))),
            check_update(&wire, nurse, &UpdateRequest::Guest(guest_of(json!({})))),
            check_update(
                &wire,
                nurse,
                &UpdateRequest::User(user_of(json!({"SecureVideoUserId": 9}))),
            ),
            check_remove(&wire, host),
        ];
        // The widget's own checks of its forms, said the same way.
        let mut fields = crate::widget::form::GuestFields::new(None);
        fields.name = "Ann Lee".into();
        fields.delivery = crate::common::Delivery::None;
        fields.session.packet = crate::widget::form::PacketChoice::Packet;
        fields.session.deposit = true;
        let form_rules = crate::widget::form::validate_guest(&fields, None, None).unwrap_err();
        out.extend(
            form_rules
                .violations()
                .map(|(f, v)| (f.to_owned(), v.clone())),
        );
        for refused in session_rules {
            let errors = refused.unwrap_err();
            out.extend(errors.violations().map(|(f, v)| (f.to_owned(), v.clone())));
        }
        for row in crate::common::bulk::parse(&format!(
            "{}\nBad\u{1} line\nAnn,=HYPERLINK(\"x\")",
            "y".repeat(1_200)
        )) {
            out.extend(row.refused.map(|v| (String::new(), v)));
        }
        out
    }

    #[test]
    fn the_english_catalog_says_what_the_rules_say() {
        let all = violations();
        let keys: BTreeSet<_> = all.iter().map(|(_, v)| v.key.to_string()).collect();
        assert!(
            keys.len() >= 38,
            "only {} rules were broken: {keys:?}",
            keys.len()
        );
        for (field, v) in &all {
            assert!(!v.key.is_empty(), "{field}: {:?} has no key", v.text);
            assert_eq!(Locale::En.violation(field, v), v.text, "{field} {}", v.key);
            let spanish = Locale::Es.violation(field, v);
            assert_ne!(spanish, v.text, "{field} {}: not translated", v.key);
            assert!(!spanish.contains('{'), "{spanish}");
        }
    }

    #[test]
    fn a_rule_unknown_to_the_catalog_keeps_its_own_text() {
        let v = Violation::new("rule.from_the_future", "Something new.");
        assert_eq!(
            Locale::Es.violation("ParticipantFullName", &v),
            "Something new."
        );
        let missing_value = Violation::new("text.too_long", "Full name is too long.");
        assert_eq!(
            Locale::Es.violation("ParticipantFullName", &missing_value),
            "Full name is too long."
        );
    }

    #[test]
    fn tags_choose_a_language() {
        assert_eq!(Locale::from_tag("es-MX"), Some(Locale::Es));
        assert_eq!(Locale::from_tag("ES"), Some(Locale::Es));
        assert_eq!(Locale::from_tag("en_GB"), Some(Locale::En));
        assert_eq!(Locale::from_tag("fr"), None);
        assert_eq!(Locale::from_tag(""), None);
    }

    #[test]
    fn counts_take_their_form_and_values() {
        assert_eq!(Locale::En.count("bulk.add", 1, &[]), "Add 1 guest");
        assert_eq!(Locale::En.count("bulk.add", 3, &[]), "Add 3 guests");
        assert_eq!(Locale::Es.count("bulk.add", 3, &[]), "Añadir 3 invitados");
        assert_eq!(
            Locale::Es.count("undo.offered", 1, &[("name", "Ana")]),
            "Se quitó a Ana. Puede deshacerlo durante 1 segundo."
        );
        assert_eq!(fill("{a} and {b}", &[("a", "1")]), "1 and {b}");
    }
}
