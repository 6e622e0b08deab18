//! Staff sign-in: passwords, sessions, the identity of each request, and the same-origin rule for
//! every state-changing request.
//!
//! A session is a random 256-bit token in an HttpOnly, SameSite=Lax cookie (Secure behind HTTPS);
//! the database keeps only its SHA-256, so every server of one database knows every session. A new
//! token is made at each sign-in (the old one is ended), and sign-out ends it.

use crate::accounts::verify_password;
use crate::web::form::{raw, value, Answer, Fields};
use crate::web::page::render_page;
use crate::web::page::simple_page;
use crate::web::state::AppState;
use app::access::Identity;
use app::accounts::{action, Actor, AuditEntry};
use app::forms::{code, FormState};
use app::survey::server::cookie;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::{Duration, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

pub const SESSION_COOKIE: &str = "ikm_sesi";
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

/// Failed sign-ins allowed per login name, and per client address, in the window below.
pub const MAX_FAILURES_PER_LOGIN: u64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: u64 = 20;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;
fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What the database keeps of a session token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The client address: the socket's, or the first `X-Forwarded-For` hop when a trusted proxy sits
/// in front.
fn client_address(request: &Request, trust_proxy: bool) -> String {
    if trust_proxy {
        if let Some(forwarded) = request
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            return forwarded.to_string();
        }
    }
    request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip().to_string())
        .unwrap_or_default()
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
    if state.web.trust_proxy {
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
    state
        .web
        .public_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"))
        || (state.web.trust_proxy
            && headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|p| p.eq_ignore_ascii_case("https")))
}

/// Where to go after signing in: a path of this site (`redirect::local_path`), else `/admin`.
pub fn safe_next(next: Option<&str>) -> &str {
    next.and_then(crate::web::redirect::local_path)
        .unwrap_or("/admin")
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
    let next = safe_next(raw(&fields, "next").filter(|n| !n.is_empty())).to_string();
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
    let since = Utc::now() - Duration::minutes(FAILURE_WINDOW_MINUTES);
    let (by_login, by_address) = store
        .failed_sign_ins_since(&login, &identity.address, since)
        .await?;
    if by_login >= MAX_FAILURES_PER_LOGIN || by_address >= MAX_FAILURES_PER_ADDRESS {
        tracing::warn!(address = %identity.address, "sign-in refused: too many failures");
        return Ok(again(StatusCode::TOO_MANY_REQUESTS, code::SIGN_IN_LIMIT).await);
    }
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
        return Ok(again(StatusCode::UNAUTHORIZED, code::SIGN_IN).await);
    };
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
        assert_eq!(safe_next(Some("/admin/unit/x")), "/admin/unit/x");
        assert_eq!(safe_next(Some("//evil.example")), "/admin");
        assert_eq!(safe_next(Some("https://evil.example")), "/admin");
        assert_eq!(safe_next(None), "/admin");
    }

    #[test]
    fn only_the_hash_of_a_token_is_kept() {
        let token = new_token();
        assert_eq!(token.len(), 64);
        assert_ne!(token_hash(&token), token);
        assert_ne!(new_token(), token);
    }
}
