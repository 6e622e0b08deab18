//! The web import of paper surveys, in two steps like `ikm import --preview` then `ikm import`:
//!
//! - `POST /dasbor/{code}/impor` (multipart: `berkas`, the CSV or XLSX; `lewati`, skip invalid rows)
//!   checks the file with the command line's importer (nothing stored), keeps the file and its check
//!   in the database (`Dashboards::save_upload`) and answers 303 to the preview
//!   `/dasbor/{code}/impor?unggahan={id}`; a missing or unreadable file gives the form again (422)
//!   with the reason beside the field.
//! - `POST /dasbor/{code}/impor/{id}` stores it (all-or-nothing unless `lewati`), records what was
//!   stored with its audit line, drops the file, and answers 303 to the same page, which now shows
//!   the outcome. Storing again adds nothing (the importer's ids are stable).
//!
//! Only the unit's staff and the officials above it (the dashboard's rule).

use crate::admin::{Ctx, Refusal};
use crate::auth::unavailable;
use crate::dashboard::managed;
use crate::startup::AppState;
use crate::transfer::import::{import_csv, ImportOptions, ImportReport};
use crate::transfer::{xlsx_to_csv, TransferError};
use app::access::Identity;
use app::dashboard::{ImportOutcome, ImportSummary, UPLOAD_LINES_SHOWN};
use app::forms::code;
use app::pages::upload::FORM;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Extension, Router};

/// The largest file accepted (a 10 000-row CSV is about 1 MB).
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/dasbor/{code}/impor",
            post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024)),
        )
        .route("/dasbor/{code}/impor/{id}", post(store))
}

fn rows(errors: &[ikm_domain::response_file::RowError]) -> Vec<(u64, String)> {
    errors
        .iter()
        .take(UPLOAD_LINES_SHOWN)
        .map(|e| (e.line, e.reason.clone()))
        .collect()
}

fn summary_of(report: &ImportReport, file_name: String, skip_invalid: bool) -> ImportSummary {
    ImportSummary {
        file_name,
        rows: report.rows,
        valid: report.valid,
        invalid: rows(&report.invalid),
        invalid_total: report.invalid.len() as u64,
        first_day: report.first_day,
        last_day: report.last_day,
        ikm: report.ikm.as_ref().map(|r| (r.converted, r.mutu)),
        skip_invalid,
        outcome: None,
    }
}

/// The upload form again (422) with `problem` beside the file field and, for an unreadable file,
/// the reason (the form's `alasan` value).
async fn again(mut ctx: Ctx, unit: &str, problem: &str, reason: Option<String>) -> Response {
    ctx.fields = reason
        .map(|r| ("alasan".to_string(), r))
        .into_iter()
        .collect();
    ctx.again(
        &format!("/dasbor/{unit}/impor"),
        FORM,
        vec![("berkas".to_string(), problem.to_string())],
    )
    .await
}

/// The file and the skip choice of the upload form.
struct Uploaded {
    name: String,
    bytes: Vec<u8>,
    skip_invalid: bool,
}

async fn read_form(mut form: Multipart) -> Result<Uploaded, Response> {
    let mut uploaded = Uploaded {
        name: String::new(),
        bytes: Vec::new(),
        skip_invalid: false,
    };
    let too_big = |e: axum::extract::multipart::MultipartError| {
        (
            e.status(),
            format!("the upload could not be read: {}", e.body_text()),
        )
            .into_response()
    };
    while let Some(field) = form.next_field().await.map_err(too_big)? {
        match field.name() {
            Some("berkas") => {
                uploaded.name = field
                    .file_name()
                    .unwrap_or("berkas")
                    .chars()
                    .take(200)
                    .collect();
                uploaded.bytes = field.bytes().await.map_err(too_big)?.to_vec();
            }
            Some("lewati") => {
                uploaded.skip_invalid = field.text().await.map_err(too_big)? == "1";
            }
            _ => {}
        }
    }
    Ok(uploaded)
}

fn is_xlsx(name: &str, bytes: &[u8]) -> bool {
    name.to_ascii_lowercase().ends_with(".xlsx") || bytes.starts_with(b"PK\x03\x04")
}

async fn upload(
    State(state): State<AppState>,
    Path(unit): Path<String>,
    identity: Option<Extension<Identity>>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let ctx = Ctx {
        state,
        identity: identity.map(|Extension(i)| i).unwrap_or_default(),
        headers,
        fields: Vec::new(),
    };
    let page = format!("/dasbor/{unit}/impor");
    let (viewer, unit_id) = match managed(&ctx, &unit, &page).await {
        Ok(found) => found,
        Err(refusal) => return refusal.into_response(),
    };
    let uploaded = match read_form(form).await {
        Ok(uploaded) => uploaded,
        Err(response) => return response,
    };
    if uploaded.bytes.is_empty() {
        return again(ctx, &unit, code::REQUIRED, None).await;
    }
    let csv = if is_xlsx(&uploaded.name, &uploaded.bytes) {
        match xlsx_to_csv(&uploaded.bytes) {
            Ok(csv) => csv,
            Err(error) => return again(ctx, &unit, code::CHOICE, Some(error.to_string())).await,
        }
    } else {
        uploaded.bytes
    };
    let store = ctx.state.store.as_ref();
    let detail = match store.unit(&unit).await {
        Ok(Some(detail)) => detail,
        Ok(None) => return Refusal::NotFound.into_response(),
        Err(error) => return unavailable(error),
    };
    let options = ImportOptions {
        skip_invalid: uploaded.skip_invalid,
        preview: true,
    };
    let report = match import_csv(store, &detail, &csv, options).await {
        Ok(report) => report,
        Err(TransferError::File(error)) => {
            return again(ctx, &unit, code::CHOICE, Some(error.to_string())).await
        }
        Err(error) => {
            tracing::error!(%error, %unit, "checking an upload failed");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "the file could not be checked; try again in a minute",
            )
                .into_response();
        }
    };
    let summary = summary_of(&report, uploaded.name, uploaded.skip_invalid);
    let id = uuid::Uuid::new_v4().to_string();
    if let Err(error) = store
        .save_upload(unit_id, &id, &csv, &summary, &ctx.actor(&viewer))
        .await
    {
        return unavailable(error);
    }
    Redirect::to(&format!("{page}?unggahan={id}")).into_response()
}

async fn store(Path((unit, id)): Path<(String, String)>, ctx: Ctx) -> Response {
    let page = format!("/dasbor/{unit}/impor?unggahan={id}");
    let (viewer, unit_id) = match managed(&ctx, &unit, &page).await {
        Ok(found) => found,
        Err(refusal) => return refusal.into_response(),
    };
    let store = ctx.state.store.as_ref();
    let (mut summary, content) = match store.upload(unit_id, &id).await {
        Ok(Some(found)) => found,
        Ok(None) => return Refusal::NotFound.into_response(),
        Err(error) => return unavailable(error),
    };
    if summary.outcome.is_some() {
        // Stored already (a second press, or another tab): show what was stored.
        return Redirect::to(&page).into_response();
    }
    let detail = match store.unit(&unit).await {
        Ok(Some(detail)) => detail,
        Ok(None) => return Refusal::NotFound.into_response(),
        Err(error) => return unavailable(error),
    };
    let skip_invalid = ctx.get("lewati") == "1";
    let options = ImportOptions {
        skip_invalid,
        preview: false,
    };
    let report = match import_csv(store, &detail, &content, options).await {
        Ok(report) => report,
        Err(error) => {
            tracing::error!(%error, %unit, %id, "storing an upload failed");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "the file could not be stored; nothing was lost — try again in a minute",
            )
                .into_response();
        }
    };
    if !report.committed {
        return Redirect::to(&format!("{page}&belum=1")).into_response();
    }
    summary.skip_invalid = skip_invalid;
    summary.outcome = Some(ImportOutcome {
        committed: true,
        stored: report.stored,
        already_stored: report.already_stored,
        conflicts: rows(&report.conflicts),
    });
    if let Err(error) = store
        .finish_upload(unit_id, &id, &summary, &ctx.actor(&viewer))
        .await
    {
        return unavailable(error);
    }
    Redirect::to(&page).into_response()
}
