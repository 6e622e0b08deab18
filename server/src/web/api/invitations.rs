//! `POST /api/v1/units/{code}/invitations`: a queue machine or front-office application issues one
//! to 500 invitations with its unit's API key (`Authorization: Bearer ikm_…`), each answered with its
//! link and QR code, so a ticket printer prints the QR on the ticket. A key is the unit's alone,
//! checked against its stored SHA-256, limited to a number of calls a minute, and each use is
//! audited (`Invitations::issue_through_key`).

use super::types::{ApiInvitation, ApiInvitationRequest, ApiInvitations, IssueErrors};
use super::{ApiError, ApiResult};
use crate::invitations::{invitation_url, key_hash, new_invitation};
use crate::web::state::AppState;
use app::invitation::{key_prefix, ApiKey, MAX_PER_CALL};
use app::survey::clean_counter;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use chrono::Utc;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Calls one key may make per [`WINDOW`] (on each server).
pub const CALLS_PER_WINDOW: u32 = 30;
const WINDOW: Duration = Duration::from_secs(60);

/// Whether `a` and `b` are equal, in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn refused(status: StatusCode, words: &str) -> ApiError {
    ApiError::Refused(status, words.to_string())
}

/// The key the request carries, when it is a live key.
async fn caller(state: &AppState, headers: &HeaderMap) -> ApiResult<ApiKey> {
    let unauthorized = |words: &str| refused(StatusCode::UNAUTHORIZED, words);
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(|| {
            unauthorized(
                "send the unit's API key as `Authorization: Bearer ikm_…` (made on the unit's \
                 invitations page)",
            )
        })?;
    let prefix = key_prefix(given).ok_or_else(|| unauthorized("this is not an API key"))?;
    let Some((key, hash)) = state.store.api_key(prefix).await? else {
        return Err(unauthorized("no such API key"));
    };
    if !same(&key_hash(given), &hash) {
        return Err(unauthorized("no such API key"));
    }
    if key.revoked_at.is_some() {
        return Err(unauthorized(
            "this API key was revoked; make a new one on the unit's invitations page",
        ));
    }
    Ok(key)
}

/// Counts a call of the key with this prefix; `false` when it is over the limit of the current
/// window.
fn within_limit(prefix: &str, now: Instant) -> bool {
    static CALLS: OnceLock<Mutex<HashMap<String, (Instant, u32)>>> = OnceLock::new();
    let Ok(mut calls) = CALLS.get_or_init(Default::default).lock() else {
        return true;
    };
    // Windows long over are forgotten, so the map holds only the keys in use.
    if calls.len() > 10_000 {
        calls.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
    }
    let entry = calls.entry(prefix.to_string()).or_insert((now, 0));
    if now.duration_since(entry.0) >= WINDOW {
        *entry = (now, 0);
    }
    entry.1 += 1;
    entry.1 <= CALLS_PER_WINDOW
}

/// Issues invitations of the unit `code` with its API key.
#[utoipa::path(
    post,
    path = "/api/v1/units/{code}/invitations",
    tag = "invitations",
    params(
        ("code" = String, Path, description = "The unit's code", example = "1871-disdukcapil"),
        ("Authorization" = String, Header, description = "`Bearer ` and the unit's API key (`ikm_…`)")
    ),
    request_body = ApiInvitationRequest,
    responses(
        (status = 201, description = "The invitations issued, each with its link and QR code", body = ApiInvitations),
        IssueErrors
    )
)]
pub async fn issue(
    State(state): State<AppState>,
    code: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Json<ApiInvitationRequest>, JsonRejection>,
) -> ApiResult<(
    StatusCode,
    [(header::HeaderName, &'static str); 1],
    Json<ApiInvitations>,
)> {
    let code = code.map(|Path(code)| code).map_err(|e| {
        ApiError::BadRequest(format!("the address cannot be read: {}", e.body_text()))
    })?;
    let key = caller(&state, &headers).await?;
    if key.unit_code != code {
        return Err(refused(
            StatusCode::FORBIDDEN,
            &format!(
                "this API key belongs to unit {}; it cannot issue invitations for {code}",
                key.unit_code
            ),
        ));
    }
    if !within_limit(&key.prefix, Instant::now()) {
        return Err(refused(
            StatusCode::TOO_MANY_REQUESTS,
            &format!(
                "at most {CALLS_PER_WINDOW} calls a minute with one key; ask for up to \
                 {MAX_PER_CALL} invitations in one call instead"
            ),
        ));
    }
    let Json(asked) = body
        .map_err(|e| ApiError::BadRequest(format!("the body cannot be read: {}", e.body_text())))?;
    let count = asked.count.unwrap_or(1);
    if !(1..=MAX_PER_CALL).contains(&count) {
        return Err(ApiError::BadRequest(format!(
            "count must be 1 to {MAX_PER_CALL}, not {count}"
        )));
    }
    let store = state.store.as_ref();
    let Some(unit) = store.unit(&code).await?.filter(|u| u.active) else {
        return Err(ApiError::NotFound(format!(
            "no active unit has the code {code:?}"
        )));
    };
    if let Some(id) = asked.service_id {
        if !unit.services.iter().any(|s| s.id == id) {
            return Err(ApiError::NotFound(format!(
                "service {id} is not one of {code}'s services; /api/v1/services?unit={code} lists them"
            )));
        }
    }
    if asked
        .counter
        .as_ref()
        .is_some_and(|c| c.chars().count() > 40)
    {
        return Err(ApiError::BadRequest(
            "counter is at most 40 characters".into(),
        ));
    }
    let counter = clean_counter(asked.counter.as_deref());
    let settings = store.invitation_settings(unit.id).await?;
    let now = Utc::now();
    let issued: Vec<_> = (0..count)
        .map(|_| new_invitation(&unit, asked.service_id, counter.clone(), settings, now))
        .collect();
    store.issue_through_key(&key, &issued).await?;
    // A response-rate rule looks at invitations too: unanswered ones bring no answer to check on.
    state.alerts.check_later(unit.id, unit.unit.clone());
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let base = state.web.public_url.as_deref();
    let mut invitations = Vec::with_capacity(issued.len());
    for invitation in &issued {
        let url = invitation_url(base, host, &invitation.code);
        invitations.push(ApiInvitation {
            qr_svg: app::pages::poster::qr_document(&url)
                .map_err(|e| ApiError::BadRequest(format!("no QR code for {url}: {e}")))?,
            qr_png: format!("{url}/qr.png"),
            expires_at: invitation.expires_at.to_rfc3339(),
            code: invitation.code.clone(),
            url,
        });
    }
    Ok((
        StatusCode::CREATED,
        // Links for one ticket each: never kept by a cache.
        [(header::CACHE_CONTROL, "no-store")],
        Json(ApiInvitations {
            unit_code: code,
            invitations,
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_compare_by_their_hash_in_full() {
        let key = format!("ikm_7kq2m9xd_{}", "a".repeat(43));
        let hash = key_hash(&key);
        assert_eq!(hash.len(), 64);
        assert!(same(&hash, &key_hash(&key)));
        assert!(!same(&hash, &key_hash(&format!("{key}b"))));
        assert!(!same(&hash, &hash[..63]));
    }

    #[test]
    fn a_key_is_limited_per_window_and_free_again_after_it() {
        let start = Instant::now();
        let key = "unittest";
        for _ in 0..CALLS_PER_WINDOW {
            assert!(within_limit(key, start));
        }
        assert!(!within_limit(key, start));
        assert!(within_limit(key, start + WINDOW));
    }
}
