//! What the browser test binaries (`tests/wasm_*.rs`) share.

/// Makes each listed `async fn test(l: Locale)` two browser tests:
/// `in_english::test` and `in_spanish::test` (issue 11: the component
/// tests run in both languages).
macro_rules! in_both_languages {
    ($($test:ident),* $(,)?) => {
        mod in_english {
            use super::*;
            $(#[wasm_bindgen_test]
            async fn $test() {
                super::$test(Locale::En).await
            })*
        }
        mod in_spanish {
            use super::*;
            $(#[wasm_bindgen_test]
            async fn $test() {
                super::$test(Locale::Es).await
            })*
        }
    };
}
