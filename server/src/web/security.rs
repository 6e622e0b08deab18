//! Security headers on every response.
//!
//! Pages rendered by Leptos get a Content-Security-Policy naming the page's own nonce: Leptos puts
//! that nonce (made per request by `leptos_axum`) on every inline script it writes — the hydration
//! loader and the serialized resources — so no other inline script runs, and scripts load only from
//! this site. `'wasm-unsafe-eval'` lets the app's WASM compile; styles may be inline (SVG charts),
//! images may be `data:` (the QR code). Every other response gets the same policy without a nonce
//! (no inline script at all). Besides: no framing (`frame-ancestors 'none'`, `X-Frame-Options`), no
//! content-type sniffing, and the referrer only to this site (the same-site check of form posts
//! still sees it). Staff pages, their data and downloads — and anything answered to a signed-in
//! browser — are never stored by a cache (`Cache-Control: private, no-store`). Over HTTPS, browsers
//! are told to keep to it (HSTS) and every cookie is `Secure`.

use crate::config::WebConfig;
use crate::web::state::AppState;
use app::store::SharedStore;
use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, COOKIE, REFERRER_POLICY, SET_COOKIE,
    STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue};
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

/// Paths whose answers are for staff only: pages, their server functions, forms and downloads.
/// The session cookie's name (set and read by `auth.rs`; its presence makes a page private here).
pub const SESSION_COOKIE: &str = "ikm_sesi";

const STAFF_PATHS: [&str; 12] = [
    "/admin",
    "/dasbor",
    "/wilayah",
    "/masuk",
    "/keluar",
    "/metrics",
    "/api/admin",
    "/api/dasbor",
    "/api/wilayah",
    "/api/laporan",
    "/api/impor",
    "/api/masuk",
];

/// Whether a request is answered for staff: a staff path, or a browser with a session cookie.
fn for_staff(request: &Request) -> bool {
    let path = request.uri().path();
    STAFF_PATHS
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}/")))
        || request
            .headers()
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|c| app::cookies::cookie(c, SESSION_COOKIE).is_some())
}

/// Whether the site is reached over HTTPS: the public address says so, or a trusted proxy does.
pub fn is_https(headers: &HeaderMap, web: &WebConfig) -> bool {
    web.public_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"))
        || (web.trust_proxy > 0
            && headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|p| p.eq_ignore_ascii_case("https")))
}

/// Adds the headers to every response (a page's own policy and cache rule are kept).
pub async fn headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let staff = for_staff(&request);
    let https = is_https(request.headers(), &state.web);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if staff && !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    }
    if https {
        // Only when the site's own address is https: a proxy's word alone must not pin a browser.
        if state
            .web
            .public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
        {
            headers.insert(
                STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=31536000"),
            );
        }
        secure_cookies(headers);
    }
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

/// Marks every cookie set by this response `Secure` (the site is served over HTTPS).
fn secure_cookies(headers: &mut HeaderMap) {
    let cookies: Vec<HeaderValue> = headers.get_all(SET_COOKIE).iter().cloned().collect();
    if cookies.is_empty() {
        return;
    }
    headers.remove(SET_COOKIE);
    for cookie in cookies {
        let secured = match cookie.to_str() {
            Ok(text) if !text.to_ascii_lowercase().contains("; secure") => {
                HeaderValue::from_str(&format!("{text}; Secure")).unwrap_or(cookie)
            }
            _ => cookie,
        };
        headers.append(SET_COOKIE, secured);
    }
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
