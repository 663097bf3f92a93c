//! Hostile input and leaks: generated ids and query values, the kept fuzz
//! corpus (the harness is `support::hostile`, shared with `fuzz/`), and
//! what the proxy lets out of logs and answers.

mod fuzz_corpus;
mod properties;
mod secrets;
mod secrets_upstream_failures;
