//! A raw request through the whole proxy router in front of a recording
//! SecureVideo stand-in: see `tests/it/support/hostile/router.rs` for the input
//! format and what is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use participant_manager_fuzz::hostile::router::check_router;

fuzz_target!(|data: &[u8]| check_router(data));
