//! The open JSON API under `/api/v1/`: published figures only, read without signing in — and one
//! writing call, issuing invitations (`POST /api/v1/units/{code}/invitations`), with a unit's API key.
//!
//! Regions, units, services, and the IKM of a unit or a region for a published period (pooled and
//! mean of units, with the 95% interval and sample adequacy), each table also as CSV, and the
//! OpenAPI 3 document at `/api/v1/openapi.json`, generated from the handlers' annotations
//! (`utoipa`), so it cannot drift from the routes. Every figure comes from the tallies and the one
//! engine (`app::comparison::row`); a unit's figures appear only for the periods it published.

mod directory;
mod figures;
mod invitations;
mod mpp;
pub mod types;

use crate::web::state::AppState;
use app::store::StoreError;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use tower_http::set_header::SetResponseHeaderLayer;
use types::ApiErrorBody;
use utoipa::OpenApi;

/// Why a request to the API got no data.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    /// Refused with this status (401, 403, 429) and words.
    #[error("{1}")]
    Refused(StatusCode, String),
    #[error("the database is unavailable")]
    Store(#[from] StoreError),
    #[error("the table could not be written")]
    Csv(#[from] csv::Error),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, error) = match self {
            ApiError::NotFound(what) => (StatusCode::NOT_FOUND, what),
            ApiError::Store(StoreError::NotFound(what)) => {
                (StatusCode::NOT_FOUND, what.to_string())
            }
            ApiError::BadRequest(what) => (StatusCode::BAD_REQUEST, what),
            ApiError::Refused(status, what) => (status, what),
            ApiError::Store(StoreError::BadText) => {
                (StatusCode::BAD_REQUEST, StoreError::BadText.to_string())
            }
            ApiError::Store(error) => {
                tracing::error!(%error, "the open API could not read the database");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the database is unavailable; try again in a minute".to_string(),
                )
            }
            ApiError::Csv(error) => {
                tracing::error!(%error, "the open API could not write a CSV table");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the table could not be written".to_string(),
                )
            }
        };
        (status, Json(ApiErrorBody { error })).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// A table as CSV (header row from the record's fields), offered as a download.
fn csv_response<T: serde::Serialize>(file_name: &str, rows: &[T]) -> ApiResult<Response> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.serialize(row)?;
    }
    let body = writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "IKM open data API",
        version = "1",
        description = "Published results of the Survei Kepuasan Masyarakat (PermenPANRB 14/2017): \
regions, public-service units, their services, and the Indeks Kepuasan Masyarakat of each unit and \
region for every period the units have published, and of each Mal Pelayanan Publik over the answers \
given in its hall. Read-only, no sign-in. Figures are the engine's \
values rounded to two decimals; a region's pooled IKM applies the unit formula to all responses of \
its units that published the period, its mean of units averages those units' IKMs. Lists cover \
every province (`province=` narrows to one); `/api/v1/units` is paged, 500 units a page by default \
and 1 000 at most (`page`, `per_page`; `X-Total-Count` and `Link` headers), `/api/v1/units.csv` \
gives the whole list.",
        license(name = "CC BY 4.0", url = "https://creativecommons.org/licenses/by/4.0/")
    ),
    paths(
        directory::regions,
        directory::regions_csv,
        directory::units,
        directory::units_csv,
        directory::services,
        directory::services_csv,
        figures::unit_ikm,
        figures::unit_ikm_csv,
        figures::region_ikm,
        figures::region_ikm_csv,
        mpp::mpps,
        mpp::mpp_ikm,
        invitations::issue,
        openapi_json,
    ),
    tags(
        (name = "directory", description = "Regions, units and services"),
        (name = "ikm", description = "Published IKM figures"),
        (name = "invitations", description = "One-time survey links for queue machines (a unit's API key)"),
        (name = "meta", description = "This document")
    )
)]
pub struct ApiDoc;

/// The OpenAPI 3 document of this API.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI document", body = Object))
)]
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// Any other address under `/api/`: a program gets a 404 it can read, not the HTML page.
async fn unknown_address() -> ApiError {
    ApiError::NotFound("there is no such API address; /api/v1/openapi.json lists them all".into())
}

/// The API's routes; anyone may read them from any origin.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi_json))
        .route("/api/v1/regions", get(directory::regions))
        .route("/api/v1/regions.csv", get(directory::regions_csv))
        .route("/api/v1/units", get(directory::units))
        .route("/api/v1/units.csv", get(directory::units_csv))
        .route("/api/v1/services", get(directory::services))
        .route("/api/v1/services.csv", get(directory::services_csv))
        .route("/api/v1/units/{code}/ikm", get(figures::unit_ikm))
        .route("/api/v1/units/{code}/ikm.csv", get(figures::unit_ikm_csv))
        .route("/api/v1/regions/{code}/ikm", get(figures::region_ikm))
        .route("/api/v1/mpp", get(mpp::mpps))
        .route("/api/v1/mpp/{code}/ikm", get(mpp::mpp_ikm))
        .route(
            "/api/v1/units/{code}/invitations",
            axum::routing::post(invitations::issue),
        )
        .route(
            "/api/v1/regions/{code}/ikm.csv",
            get(figures::region_ikm_csv),
        )
        .route("/api/{*rest}", any(unknown_address))
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=60"),
        ))
}
