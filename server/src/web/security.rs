//! Security headers on every response.
//!
//! Pages rendered by Leptos get a Content-Security-Policy naming the page's own nonce: Leptos puts
//! that nonce (made per request by `leptos_axum`) on every inline script it writes — the hydration
//! loader and the serialized resources — so no other inline script runs, and scripts load only from
//! this site. `'wasm-unsafe-eval'` lets the app's WASM compile; styles may be inline (SVG charts),
//! images may be `data:` (the QR code). Every other response gets the same policy without a nonce
//! (no inline script at all). Besides: no framing (`frame-ancestors 'none'`, `X-Frame-Options`), no
//! content-type sniffing, and the referrer only to this site (the same-site check of form posts
//! still sees it).

use app::store::SharedStore;
use axum::extract::Request;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use leptos::prelude::{provide_context, use_context};

/// The policy, allowing inline scripts that carry `nonce` when there is one.
pub fn policy(nonce: Option<&str>) -> String {
    let scripts = match nonce {
        Some(nonce) => format!("'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_string(),
    };
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// What every page render gets in its context: the store, and its policy header (with the
/// render's nonce) on the response.
pub fn provide_page_context(store: SharedStore) {
    provide_context(store);
    let nonce = leptos::nonce::use_nonce().map(|n| n.to_string());
    if let (Some(nonce), Some(response)) = (nonce, use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(value) = HeaderValue::from_str(&policy(Some(&nonce))) {
            response.insert_header(CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// Adds the headers to every response (a page's own policy is kept).
pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !headers.contains_key(CONTENT_SECURITY_POLICY) {
        if let Ok(value) = HeaderValue::from_str(&policy(None)) {
            headers.insert(CONTENT_SECURITY_POLICY, value);
        }
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_run_only_with_the_nonce_and_nothing_may_frame_the_app() {
        let page = policy(Some("abc123"));
        assert!(page.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
        assert!(
            !page.contains("'unsafe-inline' ;")
                && !page.contains("script-src 'self' 'unsafe-inline'")
        );
        assert!(page.contains("frame-ancestors 'none'"));
        assert!(page.contains("object-src 'none'"));
        let other = policy(None);
        assert!(other.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(!other.contains("nonce"));
    }
}
