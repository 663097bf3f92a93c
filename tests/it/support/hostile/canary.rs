//! Canary values: unique strings planted where a leak would carry them
//! (the SecureVideo credentials, a Passkey in SecureVideo's answers, the
//! text of SecureVideo's error bodies). Finding one in a response is a leak.

use base64::Engine;

pub const API_KEY: &str = "canary-key-0c5d1e7a";
pub const API_SECRET: &str = "canary-secret-93f2b6d4";
/// The Passkey of every participation the fake SecureVideo returns; the
/// widget's view never carries Passkeys.
pub const PASSKEY: &str = "canary-passkey-4a8e";
/// In every error body the fake SecureVideo returns. Only a 400's message
/// is deliberately passed on to the widget (staff need to read why
/// SecureVideo refused a change); every other answer must not carry it.
pub const UPSTREAM_TEXT: &str = "canary-upstream-text-b71f";
/// The embed-token signing secret of the harness's proxy.
pub const TOKEN_SECRET: &str = "canary-token-secret-5e0b2c9d8f7a6e5d4c3b";

/// The value of the Authorization header the proxy sends upstream.
pub fn basic_header() -> String {
    format!("Basic {}", basic_credentials())
}

/// The base64 of `key:secret`, as it appears in a Basic header.
pub fn basic_credentials() -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("{API_KEY}:{API_SECRET}"))
}

/// The canary found in what a response showed (status line, headers and
/// body as text), if any.
pub fn leaked_in_response(status: u16, shown: &str) -> Option<String> {
    let mut secrets = vec![
        API_KEY.to_owned(),
        API_SECRET.to_owned(),
        basic_credentials(),
        PASSKEY.to_owned(),
        TOKEN_SECRET.to_owned(),
    ];
    if status != 400 {
        secrets.push(UPSTREAM_TEXT.to_owned());
    }
    secrets.into_iter().find(|secret| shown.contains(secret))
}
