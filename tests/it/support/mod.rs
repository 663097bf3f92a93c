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

/// Makes each listed `async fn flow(l: Locale)` two tests,
/// `in_english::flow` and `in_spanish::flow` (issue 11: the end-to-end flows
/// run in both languages). The module calling it has `Locale` in scope.
macro_rules! in_both_languages {
    ($($flow:ident),* $(,)?) => {
        mod in_english {
            use super::*;
            $(#[tokio::test]
            async fn $flow() {
                super::$flow(Locale::En).await
            })*
        }
        mod in_spanish {
            use super::*;
            $(#[tokio::test]
            async fn $flow() {
                super::$flow(Locale::Es).await
            })*
        }
    };
}
pub(crate) use in_both_languages;
