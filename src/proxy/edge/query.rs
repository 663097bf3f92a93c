//! No query parameter twice. `?externalSessionId=A&externalSessionId=B`
//! could be read as A by one layer and B by another (or by SecureVideo), so
//! it is refused with a 400 before any route runs: no upstream call. Which
//! parameters a route accepts at all is its own business
//! ([`crate::proxy::routes::params`]); this check holds for every route.

use std::collections::HashSet;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::proxy::error::ProxyError;
use crate::proxy::routes::params::{EXTERNAL_ID, EXTERNAL_SESSION_ID};

/// The parameter names the API knows; an error names only these (anything
/// else is text the client typed and is not echoed).
const KNOWN: [&str; 3] = [EXTERNAL_SESSION_ID, EXTERNAL_ID, "q"];

pub async fn reject_repeated_parameters(request: Request, next: Next) -> Response {
    if let Some(query) = request.uri().query()
        && let Some(repeated) = first_repeated(query)
    {
        let error = match KNOWN.iter().find(|known| **known == repeated) {
            Some(name) => {
                ProxyError::bad_parameter(name, format!("{name} must be given at most once."))
            }
            None => {
                ProxyError::bad_parameter("query", "A query parameter is given more than once.")
            }
        };
        return error.into_response();
    }
    next.run(request).await
}

/// The first parameter name (percent-decoded, as the routes read it) that
/// occurs more than once.
fn first_repeated(query: &str) -> Option<String> {
    let mut seen = HashSet::new();
    url::form_urlencoded::parse(query.as_bytes())
        .map(|(name, _)| name.into_owned())
        .find(|name| !seen.insert(name.clone()))
}

#[cfg(test)]
mod tests {
    use super::first_repeated;

    #[test]
    fn a_name_repeated_in_any_spelling_is_found() {
        assert_eq!(first_repeated("a=1&b=2"), None);
        assert_eq!(first_repeated(""), None);
        assert_eq!(first_repeated("a=1&a=2").as_deref(), Some("a"));
        assert_eq!(first_repeated("a&a").as_deref(), Some("a"));
        assert_eq!(
            first_repeated("externalSessionId=A&external%53essionId=B").as_deref(),
            Some("externalSessionId")
        );
        assert_eq!(first_repeated("q=x+y&q=").as_deref(), Some("q"));
    }
}
