//! The server side of the access rules: find the viewer of this request and refuse with the right
//! status. Every staff page's loader calls [`require`] (or [`managed_unit`]).

use crate::access::{Identity, Viewer};
use crate::error::LoadError;
use crate::model::{UnitDetail, UnitRecord};
use crate::store::{Store, StoreError};
use leptos::prelude::*;

/// Sets the status this request is answered with (nothing outside a request): the one place a
/// loader says 404, 403, 503… for a page rendered on the server as for a server-function call.
pub fn set_status(status: http::StatusCode) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

/// The identity of the current request (none outside a request).
pub fn identity() -> Identity {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Identity>().cloned())
        .unwrap_or_default()
}

/// Why a person may not manage a unit (see [`unit_managed_by`]).
#[derive(Debug)]
pub enum Unmanaged {
    /// No unit has this code.
    NotFound,
    /// The unit is outside the person's scope.
    Forbidden,
    Store(StoreError),
}

/// The one check of "may this person manage this unit", for staff pages and form handlers alike:
/// the unit `code`'s record and detail when `viewer` may manage it.
pub async fn unit_managed_by(
    store: &dyn Store,
    viewer: &Viewer,
    code: &str,
) -> Result<(UnitRecord, UnitDetail), Unmanaged> {
    unit_for(store, viewer, code, Viewer::can_manage_unit).await
}

/// [`unit_managed_by`] for what only reads (a report's PDF): the national evaluator too.
pub async fn unit_viewed_by(
    store: &dyn Store,
    viewer: &Viewer,
    code: &str,
) -> Result<(UnitRecord, UnitDetail), Unmanaged> {
    unit_for(store, viewer, code, Viewer::can_view_unit).await
}

/// [`unit_managed_by`] with the rule `allowed` (manage, or only read).
async fn unit_for(
    store: &dyn Store,
    viewer: &Viewer,
    code: &str,
    allowed: fn(&Viewer, &str, &str) -> bool,
) -> Result<(UnitRecord, UnitDetail), Unmanaged> {
    let Some(record) = store.unit_record(code).await.map_err(Unmanaged::Store)? else {
        return Err(Unmanaged::NotFound);
    };
    if !allowed(viewer, code, &record.fields.region_code) {
        return Err(Unmanaged::Forbidden);
    }
    match store.unit(code).await.map_err(Unmanaged::Store)? {
        Some(unit) => Ok((record, unit)),
        None => Err(Unmanaged::NotFound),
    }
}

/// For a unit's staff pages: the viewer, when they may manage the unit `code` (else the refusal
/// of [`require`]), with the unit's record and detail; `Ok(None)` and 404 for an unknown unit.
pub async fn managed_unit(
    store: &dyn Store,
    code: &str,
    doing: &'static str,
) -> Result<Option<(Viewer, UnitRecord, UnitDetail)>, LoadError> {
    allowed_unit(store, code, doing, Viewer::can_manage_unit).await
}

/// For a unit's pages that only read (its dashboard, report and scorecard): [`managed_unit`] that
/// also lets the national evaluator in ([`Viewer::can_view_unit`]); the page then offers no form
/// to a viewer who may not manage the unit.
pub async fn viewed_unit(
    store: &dyn Store,
    code: &str,
    doing: &'static str,
) -> Result<Option<(Viewer, UnitRecord, UnitDetail)>, LoadError> {
    allowed_unit(store, code, doing, Viewer::can_view_unit).await
}

async fn allowed_unit(
    store: &dyn Store,
    code: &str,
    doing: &'static str,
    allowed: fn(&Viewer, &str, &str) -> bool,
) -> Result<Option<(Viewer, UnitRecord, UnitDetail)>, LoadError> {
    let viewer = require(|_| true)?;
    match unit_for(store, &viewer, code, allowed).await {
        Ok((record, unit)) => Ok(Some((viewer, record, unit))),
        Err(Unmanaged::NotFound) => {
            set_status(http::StatusCode::NOT_FOUND);
            Ok(None)
        }
        Err(Unmanaged::Forbidden) => Err(forbidden()),
        Err(Unmanaged::Store(error)) => Err(crate::store::unavailable(doing)(error)),
    }
}

/// The signed-in viewer when `allowed` says yes. Otherwise the request is answered with 401 (a
/// server-function call), a redirect to the sign-in page (a page) or 403 (signed in, not allowed).
pub fn require(allowed: impl Fn(&Viewer) -> bool) -> Result<Viewer, LoadError> {
    let parts = use_context::<http::request::Parts>();
    let identity = identity();
    match identity.viewer {
        Some(viewer) if allowed(&viewer) => Ok(viewer),
        Some(_) => Err(forbidden()),
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
                set_status(http::StatusCode::UNAUTHORIZED);
            } else {
                leptos_axum::redirect(&format!("/masuk?next={}", crate::i18n::encode_query(&path)));
                set_status(http::StatusCode::SEE_OTHER);
            }
            Err(LoadError::SignIn)
        }
    }
}

/// The refusal of a signed-in person out of scope: 403.
fn forbidden() -> LoadError {
    set_status(http::StatusCode::FORBIDDEN);
    LoadError::Forbidden
}
