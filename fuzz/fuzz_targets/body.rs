//! A raw request body through every parser and session check of `common`:
//! see `tests/it/support/hostile/body.rs` for what is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use participant_manager_fuzz::hostile::body::check_body;

fuzz_target!(|data: &[u8]| check_body(data));
