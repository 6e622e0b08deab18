//! No early fetch of the island script. Leptos (islands mode) loads its JS and WASM once the
//! browser is idle, after the page has painted, but also writes a `<link rel="modulepreload">` of
//! the JS and a `<link rel="preload">` of the WASM into the page's head, which start both downloads
//! at once beside the page's own style: on a slow phone the survey's largest paint (its heading)
//! waited for 180 KB it does not need (Lighthouse: 2,1 s; at low fetch priority still 2,1 s). Left
//! out, the page paints first and hydrates a moment later; without the WASM it works the same, and
//! a form sent before hydration posts as plain HTML (the service worker keeps it when offline).
//!
//! Only the head of an HTML page is read (it comes in the first chunk); the rest streams through.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::Response;
use futures::StreamExt;

/// The head is never longer than this; a page without `</head>` in it is passed through as it is.
const MAX_HEAD: usize = 64 * 1024;

/// `head` without the island script's preloads (of `/pkg/…`); other links stay.
pub fn without_island_hints(head: &str) -> String {
    let mut out = String::with_capacity(head.len() + 64);
    let mut rest = head;
    while let Some(start) = rest.find("<link") {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('>') else {
            rest = &rest[start..];
            break;
        };
        let tag = &rest[start..start + len + 1];
        let hint = (tag.contains("rel=\"modulepreload\"") || tag.contains("rel=\"preload\""))
            && tag.contains("href=\"/pkg/");
        if !hint {
            out.push_str(tag);
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// Middleware: an HTML page's head goes out without the island script's preloads.
pub async fn strip(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if !html {
        return response;
    }
    let (parts, body) = response.into_parts();
    let mut stream = body.into_data_stream();
    let mut head: Vec<u8> = Vec::new();
    let mut failed = None;
    while !contains(&head, b"</head>") && head.len() < MAX_HEAD {
        match stream.next().await {
            Some(Ok(chunk)) => head.extend_from_slice(&chunk),
            Some(Err(error)) => {
                failed = Some(error);
                break;
            }
            None => break,
        }
    }
    let first = match std::str::from_utf8(&head) {
        Ok(text) => Bytes::from(without_island_hints(text)),
        Err(_) => Bytes::from(head),
    };
    let front = futures::stream::once(async move { Ok::<_, axum::Error>(first) });
    let rest = stream.chain(futures::stream::iter(failed.map(Err)));
    let mut response = Response::from_parts(parts, Body::from_stream(front.chain(rest)));
    // The length changed; the body is sent chunked.
    response
        .headers_mut()
        .remove(axum::http::header::CONTENT_LENGTH);
    response
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_island_scripts_preloads_are_left_out() {
        let head = r#"<head><link rel="modulepreload" href="/pkg/ikm.js" crossorigin="n"><link rel="preload" href="/pkg/ikm.wasm" as="fetch" type="application/wasm" crossorigin="n"><link rel="stylesheet" id="leptos" href="/pkg/ikm.css"><link rel="icon" href="/favicon.svg"><script type="module">x</script></head>"#;
        let kept = without_island_hints(head);
        assert_eq!(
            kept,
            r#"<head><link rel="stylesheet" id="leptos" href="/pkg/ikm.css"><link rel="icon" href="/favicon.svg"><script type="module">x</script></head>"#
        );
        assert_eq!(without_island_hints("<p>no head</p>"), "<p>no head</p>");
    }
}
