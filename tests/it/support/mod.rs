//! The harnesses the tests share. Nothing here is a test.

pub mod alone;
pub mod e2e_page;
pub mod e2e_stack;
pub mod fault_harness;
pub mod hostile;
pub mod proxy_stack;
pub mod sessions_stack;
pub mod sim_harness;
pub mod upstream;
