//! Staff sign-in: passwords, sessions, the identity of each request, and the same-origin rule for
//! every state-changing request.
//!
//! A session is a random 256-bit token in an HttpOnly, SameSite=Lax cookie (Secure behind HTTPS);
//! the database keeps only its SHA-256, so every server of one database knows every session. A new
//! token is made at each sign-in (the old one is ended), and sign-out ends it.

use crate::accounts::verify_password;
use crate::sign_in_limits::{reserve, Verdict};
use crate::web::form::{raw, value, Answer, Fields};
use crate::web::page::render_page;
use crate::web::page::simple_page;
use crate::web::state::AppState;
use app::access::Identity;
use app::accounts::{action, Actor, AuditEntry};
use app::cookies::cookie;
use app::forms::{code, FormState};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::{Duration, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

pub use crate::web::security::SESSION_COOKIE;
/// A session lasts a working day, then the person signs in again.
pub const SESSION_HOURS: i64 = 12;
/// A hash no password matches, checked when the login name is unknown so that an unknown name takes
/// as long to refuse as a wrong password.
fn decoy_hash() -> String {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY
        .get_or_init(|| password_auth::generate_hash(new_token()))
        .clone()
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What the database keeps of a session token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The client address: the socket's; behind `proxies` trusted proxies, the `X-Forwarded-For` entry
/// that many from the right — the address the outermost trusted proxy saw. Each proxy appends the
/// address it saw to what arrived, so the entries on the left are whatever the client wrote.
fn client_address(request: &Request, proxies: u8) -> String {
    if let Some(forwarded) = forwarded_for(request.headers(), proxies) {
        return forwarded;
    }
    request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip().to_string())
        .unwrap_or_default()
}

/// The `X-Forwarded-For` entry `proxies` from the right (all such headers read as one list).
fn forwarded_for(headers: &HeaderMap, proxies: u8) -> Option<String> {
    if proxies == 0 {
        return None;
    }
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let from_right = usize::from(proxies);
    let entry = entries.len().checked_sub(from_right).map(|i| entries[i])?;
    Some(entry.to_string()).filter(|e| !e.is_empty())
}

/// Middleware: finds who is asking (the session cookie, the address) and keeps it in the request.
pub async fn identify(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let address = client_address(&request, state.web.trust_proxy);
    let token = request
        .headers()
        .get(header::COOKIE)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| cookie(h, SESSION_COOKIE))
        .filter(|t| t.len() == 64)
        .map(token_hash);
    let mut identity = Identity {
        viewer: None,
        address,
        session: None,
    };
    if let Some(hash) = token {
        match state.store.session_viewer(&hash, Utc::now()).await {
            Ok(Some(viewer)) => {
                identity.viewer = Some(viewer);
                identity.session = Some(hash);
            }
            Ok(None) => {}
            Err(error) => {
                tracing::error!(%error, "reading a session failed");
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    Html(simple_page(app::i18n::ID.load_error, "")),
                )
                    .into_response();
            }
        }
    }
    request.extensions_mut().insert(identity);
    next.run(request).await
}

/// The `host[:port]` of an `Origin` or `Referer` value.
fn authority_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(rest))
}

/// Middleware: a state-changing request (anything but GET, HEAD, OPTIONS) whose `Origin` (or, lacking
/// it, `Referer`) names another site is refused with 403. Browsers send `Origin` with every cross-site
/// POST, so a form on another site cannot act with a signed-in person's cookie. Requests without
/// either header do not come from a browser page, and carry no one's cookie by accident.
pub async fn same_origin(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .map(|v| v.to_str().unwrap_or("null"));
    if let Some(source) = source {
        if !is_same_site(source, headers, &state) {
            tracing::warn!(%source, path = %request.uri().path(), "cross-site request refused");
            return (
                StatusCode::FORBIDDEN,
                Html(simple_page(
                    "Permintaan ditolak: formulir ini harus dikirim dari situs ini sendiri. \
                     / Request refused: this form must be sent from this site itself.",
                    "/",
                )),
            )
                .into_response();
        }
    }
    next.run(request).await
}

fn is_same_site(source: &str, headers: &HeaderMap, state: &AppState) -> bool {
    let Some(authority) = authority_of(source) else {
        return false; // "null" or garbage
    };
    let host = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let mut own = vec![];
    if let Some(h) = host("host") {
        own.push(h);
    }
    if state.web.trust_proxy > 0 {
        if let Some(h) = host("x-forwarded-host") {
            own.push(h);
        }
    }
    if let Some(public) = state.web.public_url.as_deref().and_then(authority_of) {
        own.push(public);
    }
    own.iter().any(|o| o.eq_ignore_ascii_case(authority))
}

/// The session cookie; `Secure` when the site is served over HTTPS.
fn session_cookie(value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    );
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn is_https(headers: &HeaderMap, state: &AppState) -> bool {
    crate::web::security::is_https(headers, &state.web)
}

/// Where to go after signing in: the page asked for, when it is a path of this site
/// (`redirect::local_path`); else `None`, the person's own start page.
pub fn safe_next(next: Option<&str>) -> Option<&str> {
    next.and_then(crate::web::redirect::local_path)
}

/// `POST /masuk` — checks the password; the same message for an unknown name and a wrong password.
pub async fn sign_in(
    State(state): State<AppState>,
    Extension(identity): Extension<Identity>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Answer {
    let login = value(&fields, "login").unwrap_or_default().to_lowercase();
    let password = raw(&fields, "password").unwrap_or_default().to_string();
    let asked = safe_next(raw(&fields, "next").filter(|n| !n.is_empty())).map(str::to_string);
    let next = asked.clone().unwrap_or_else(|| "/admin".to_string());
    let again = |status: StatusCode, error: &'static str| {
        let form = FormState {
            form: "sign_in".into(),
            values: vec![("login".into(), login.clone())],
            errors: vec![(String::new(), error.into())],
        };
        let uri = format!("/masuk?next={}", app::i18n::encode_query(&next));
        let state = state.clone();
        let headers = headers.clone();
        let identity = identity.clone();
        async move {
            render_page(&state, &uri, &headers, Some(identity), status, move || {
                leptos::prelude::provide_context(form.clone())
            })
            .await
        }
    };
    if login.is_empty() || password.is_empty() {
        return Ok(again(StatusCode::UNPROCESSABLE_ENTITY, code::REQUIRED).await);
    }
    let store = &state.store;
    let attempt = match reserve(
        store.as_ref(),
        &state.sign_in,
        &login,
        &identity.address,
        Utc::now(),
    )
    .await?
    {
        Verdict::Check(attempt) => attempt,
        Verdict::TooMany => {
            tracing::warn!(address = %identity.address, "sign-in refused: too many failures");
            return Ok(again(StatusCode::TOO_MANY_REQUESTS, code::SIGN_IN_LIMIT).await);
        }
        Verdict::SlowDown => {
            tracing::warn!(address = %identity.address, "sign-in slowed down: the account is being guessed");
            let mut answer = again(StatusCode::TOO_MANY_REQUESTS, code::SIGN_IN_WAIT).await;
            let wait = state.sign_in.gap.num_seconds().max(1).to_string();
            if let Ok(value) = HeaderValue::from_str(&wait) {
                answer.headers_mut().insert(header::RETRY_AFTER, value);
            }
            return Ok(answer);
        }
    };
    let credentials = store.credentials(&login).await?;
    let hash = credentials
        .as_ref()
        .map(|c| c.password_hash.clone())
        .unwrap_or_else(decoy_hash);
    let matches = verify_password(password, hash).await;
    let user = credentials.filter(|c| matches && c.active);
    let Some(user) = user else {
        let entry = AuditEntry {
            actor: Actor {
                user_id: None,
                name: login.clone(),
                address: identity.address.clone(),
            },
            action: action::SIGN_IN_FAILED,
            target: login.clone(),
        };
        store.audit(&entry).await?;
        attempt.failed(store.as_ref(), Utc::now()).await?;
        return Ok(again(StatusCode::UNAUTHORIZED, code::SIGN_IN).await);
    };
    attempt.succeeded(store.as_ref()).await?;
    // A fresh token at every sign-in: a session id planted before sign-in is worth nothing after.
    if let Some(old) = &identity.session {
        store.delete_session(old).await?;
    }
    let token = new_token();
    let now = Utc::now();
    let expires = now + Duration::hours(SESSION_HOURS);
    store
        .create_session(&token_hash(&token), user.user_id, now, expires)
        .await?;
    let entry = AuditEntry {
        actor: Actor {
            user_id: Some(user.user_id),
            name: user.username.clone(),
            address: identity.address.clone(),
        },
        action: action::SIGN_IN,
        target: user.username.clone(),
    };
    store.audit(&entry).await?;
    tracing::info!(user = %user.username, "signed in");
    let next = match asked {
        Some(page) => page,
        // No page asked for: the person's own start page (a unit head's dashboard).
        None => store
            .session_viewer(&token_hash(&token), now)
            .await?
            .map_or(next, |viewer| viewer.home_page()),
    };
    let cookie = session_cookie(&token, SESSION_HOURS * 3600, is_https(&headers, &state));
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response())
}

/// `POST /keluar` — ends the session.
pub async fn sign_out(
    State(state): State<AppState>,
    Extension(identity): Extension<Identity>,
    headers: HeaderMap,
) -> Answer {
    if let (Some(session), Some(viewer)) = (&identity.session, &identity.viewer) {
        state.store.delete_session(session).await?;
        let entry = AuditEntry {
            actor: Actor::of(viewer, &identity.address),
            action: action::SIGN_OUT,
            target: viewer.username.clone(),
        };
        state.store.audit(&entry).await?;
    }
    let cookie = session_cookie("", 0, is_https(&headers, &state));
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_is_the_entry_the_outermost_trusted_proxy_appended() {
        let headers = |values: &[&str]| {
            let mut map = HeaderMap::new();
            for v in values {
                map.append("x-forwarded-for", HeaderValue::from_str(v).expect("value"));
            }
            map
        };
        // The client wrote the first entry itself; nginx appended the address it saw.
        let spoofed = headers(&["127.0.0.1, 203.0.113.9"]);
        assert_eq!(forwarded_for(&spoofed, 1).as_deref(), Some("203.0.113.9"));
        assert_eq!(forwarded_for(&spoofed, 0), None);
        // Two proxies: a CDN appended the client, the local proxy appended the CDN.
        let two = headers(&["10.9.9.9, 198.51.100.7", "192.0.2.1"]);
        assert_eq!(forwarded_for(&two, 2).as_deref(), Some("198.51.100.7"));
        assert_eq!(forwarded_for(&two, 1).as_deref(), Some("192.0.2.1"));
        // Fewer entries than trusted proxies: the request did not come through them.
        assert_eq!(forwarded_for(&headers(&["198.51.100.7"]), 2), None);
        assert_eq!(forwarded_for(&HeaderMap::new(), 1), None);
    }

    #[test]
    fn origins_are_compared_by_host_and_port() {
        assert_eq!(
            authority_of("https://ikm.lampungprov.go.id/admin"),
            Some("ikm.lampungprov.go.id")
        );
        assert_eq!(
            authority_of("http://127.0.0.1:3000"),
            Some("127.0.0.1:3000")
        );
        assert_eq!(authority_of("null"), None);
    }

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/admin/unit/x")), Some("/admin/unit/x"));
        assert_eq!(safe_next(Some("//evil.example")), None);
        assert_eq!(safe_next(Some("https://evil.example")), None);
        assert_eq!(safe_next(None), None);
    }

    #[test]
    fn only_the_hash_of_a_token_is_kept() {
        let token = new_token();
        assert_eq!(token.len(), 64);
        assert_ne!(token_hash(&token), token);
        assert_ne!(new_token(), token);
    }
}
