//! The server side of the access rules: find the viewer of this request and refuse with the right
//! status. Every staff page's loader calls [`require`] (or [`managed_unit`]).

use crate::access::{Identity, Viewer};
use crate::error::LoadError;
use leptos::prelude::*;

/// The identity of the current request (none outside a request).
pub fn identity() -> Identity {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Identity>().cloned())
        .unwrap_or_default()
}

/// For a unit's staff pages: the viewer, when they may manage the unit `code` (else the
/// refusal of [`require`]), with the unit's record and detail; `Ok(None)` and 404 for an
/// unknown unit.
pub async fn managed_unit(
    store: &dyn crate::store::Store,
    code: &str,
    doing: &'static str,
) -> Result<Option<(Viewer, crate::model::UnitRecord, crate::model::UnitDetail)>, LoadError> {
    let failed = crate::store::unavailable(doing);
    require(|_| true)?;
    let not_found = || {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::NOT_FOUND);
        }
    };
    let Some(record) = store.unit_record(code).await.map_err(failed)? else {
        not_found();
        return Ok(None);
    };
    let viewer = require(|v| v.can_manage_unit(code, &record.fields.region_code))?;
    let Some(unit) = store.unit(code).await.map_err(failed)? else {
        not_found();
        return Ok(None);
    };
    Ok(Some((viewer, record, unit)))
}

/// The signed-in viewer when `allowed` says yes. Otherwise the request is answered with 401 (a
/// server-function call), a redirect to the sign-in page (a page) or 403 (signed in, not allowed).
pub fn require(allowed: impl Fn(&Viewer) -> bool) -> Result<Viewer, LoadError> {
    let parts = use_context::<http::request::Parts>();
    let identity = identity();
    let response = use_context::<leptos_axum::ResponseOptions>();
    match identity.viewer {
        Some(viewer) if allowed(&viewer) => Ok(viewer),
        Some(_) => {
            if let Some(response) = response {
                response.set_status(http::StatusCode::FORBIDDEN);
            }
            Err(LoadError::Forbidden)
        }
        None => {
            let path = parts
                .as_ref()
                .map(|p| {
                    p.uri
                        .path_and_query()
                        .map(|pq| pq.as_str().to_string())
                        .unwrap_or_default()
                })
                .unwrap_or_default();
            if path.starts_with("/api/") || path.is_empty() {
                if let Some(response) = response {
                    response.set_status(http::StatusCode::UNAUTHORIZED);
                }
            } else {
                leptos_axum::redirect(&format!("/masuk?next={}", crate::i18n::encode_query(&path)));
                if let Some(response) = response {
                    response.set_status(http::StatusCode::SEE_OTHER);
                }
            }
            Err(LoadError::SignIn)
        }
    }
}
