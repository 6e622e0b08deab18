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

use crate::transfer::import::{import_csv, ImportOptions, ImportReport};
use crate::transfer::workbook::{MAX_CELLS, MAX_COLUMNS, MAX_PARTS};
use crate::transfer::{xlsx_to_csv, TransferError, WorkbookProblem};
use crate::web::form::{Answer, Ctx, Refusal};
use crate::web::state::AppState;
use app::access::Identity;
use app::dashboard::{ImportOutcome, ImportSummary, UPLOAD_LINES_SHOWN};
use app::forms::code;
use app::forms::UPLOAD_FORM;
use app::i18n::{texts, UploadTexts};
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Extension, Router};
use ikm_domain::decimal::group_thousands;
use ikm_domain::response_file::{FileError, RowProblem};

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

fn rows(errors: &[ikm_domain::response_file::RowError]) -> Vec<(u64, RowProblem)> {
    errors
        .iter()
        .take(UPLOAD_LINES_SHOWN)
        .map(|e| (e.line, e.problem.clone()))
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

/// Why a file was refused, in the words of the person's language; `None` for a failure that is
/// not the file's (storage, I/O).
fn file_problem(error: &TransferError, u: &UploadTexts) -> Option<String> {
    // Numbers as the UI writes them everywhere: Indonesian grouping.
    let count = |n: u64| group_thousands(n, Some('.'));
    Some(match error {
        TransferError::File(FileError::Empty) => u.err_empty.to_string(),
        TransferError::File(FileError::NoScoreColumns) => u.err_no_scores.to_string(),
        TransferError::File(FileError::DuplicateColumn(column)) => {
            u.err_duplicate.replace("{column}", column)
        }
        TransferError::File(FileError::Header(detail)) => u.err_header.replace("{detail}", detail),
        TransferError::Workbook(problem) => match problem {
            WorkbookProblem::Unreadable(detail) => {
                u.err_xlsx_unreadable.replace("{detail}", detail)
            }
            WorkbookProblem::NoSheet => u.err_xlsx_no_sheet.to_string(),
            WorkbookProblem::TooManyParts { parts } => u
                .err_xlsx_parts
                .replace("{n}", &count(*parts as u64))
                .replace("{max}", &count(MAX_PARTS as u64)),
            WorkbookProblem::TooLarge { megabytes } => {
                u.err_xlsx_large.replace("{max}", &count(*megabytes))
            }
            WorkbookProblem::TooWide { row, column } => u
                .err_xlsx_wide
                .replace("{row}", &count(*row))
                .replace("{column}", &count(*column))
                .replace("{max}", &count(u64::from(MAX_COLUMNS))),
            WorkbookProblem::TooManyCells => {
                u.err_xlsx_cells.replace("{max}", &count(MAX_CELLS as u64))
            }
        },
        _ => return None,
    })
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
        UPLOAD_FORM,
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

async fn read_form(ctx: &Ctx, mut form: Multipart) -> Result<Uploaded, Refusal> {
    let u = &texts(ctx.lang()).upload;
    let mut uploaded = Uploaded {
        name: String::new(),
        bytes: Vec::new(),
        skip_invalid: false,
    };
    let too_big = |e: axum::extract::multipart::MultipartError| {
        let message = u.err_unreadable_upload.replace("{detail}", &e.body_text());
        ctx.refuse(e.status(), &message)
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
) -> Answer {
    let ctx = Ctx {
        state,
        identity: identity.map(|Extension(i)| i).unwrap_or_default(),
        headers,
        fields: Vec::new(),
        files: Vec::new(),
    };
    let page = format!("/dasbor/{unit}/impor");
    let managed = ctx.managed(&unit, &page).await?;
    let uploaded = read_form(&ctx, form).await?;
    if uploaded.bytes.is_empty() {
        return Ok(again(ctx, &unit, code::REQUIRED, None).await);
    }
    let u = &texts(ctx.lang()).upload;
    let csv = if is_xlsx(&uploaded.name, &uploaded.bytes) {
        match xlsx_to_csv(&uploaded.bytes) {
            Ok(csv) => csv,
            Err(error) => {
                if let Some(reason) = file_problem(&error, u) {
                    return Ok(again(ctx, &unit, code::CHOICE, Some(reason)).await);
                }
                tracing::error!(%error, %unit, "reading an uploaded workbook failed");
                return Err(ctx.refuse(StatusCode::SERVICE_UNAVAILABLE, u.err_check_failed));
            }
        }
    } else {
        uploaded.bytes
    };
    let store = ctx.state.store.as_ref();
    let options = ImportOptions {
        skip_invalid: uploaded.skip_invalid,
        preview: true,
    };
    let report = match import_csv(store, &managed.unit, &csv, options).await {
        Ok(report) => report,
        Err(error) => {
            if let Some(reason) = file_problem(&error, u) {
                return Ok(again(ctx, &unit, code::CHOICE, Some(reason)).await);
            }
            tracing::error!(%error, %unit, "checking an upload failed");
            return Err(ctx.refuse(StatusCode::SERVICE_UNAVAILABLE, u.err_check_failed));
        }
    };
    let summary = summary_of(&report, uploaded.name, uploaded.skip_invalid);
    let id = uuid::Uuid::new_v4().to_string();
    let actor = ctx.actor(&managed.viewer);
    store
        .save_upload(managed.unit.id, &id, &csv, &summary, &actor)
        .await?;
    Ok(Redirect::to(&format!("{page}?unggahan={id}")).into_response())
}

async fn store(Path((unit, id)): Path<(String, String)>, ctx: Ctx) -> Answer {
    let page = format!("/dasbor/{unit}/impor?unggahan={id}");
    let managed = ctx.managed(&unit, &page).await?;
    let unit_id = managed.unit.id;
    let store = ctx.state.store.as_ref();
    let (mut summary, content) = store.upload(unit_id, &id).await?.ok_or(Refusal::NotFound)?;
    if summary.outcome.is_some() {
        // Stored already (a second press, or another tab): show what was stored.
        return Ok(Redirect::to(&page).into_response());
    }
    let skip_invalid = ctx.get("lewati") == "1";
    let options = ImportOptions {
        skip_invalid,
        preview: false,
    };
    let report = import_csv(store, &managed.unit, &content, options)
        .await
        .map_err(|error| {
            tracing::error!(%error, %unit, %id, "storing an upload failed");
            let u = &texts(ctx.lang()).upload;
            ctx.refuse(StatusCode::SERVICE_UNAVAILABLE, u.err_store_failed)
        })?;
    if !report.committed {
        return Ok(Redirect::to(&format!("{page}&belum=1")).into_response());
    }
    summary.skip_invalid = skip_invalid;
    summary.outcome = Some(ImportOutcome {
        committed: true,
        stored: report.stored,
        already_stored: report.already_stored,
        conflicts: rows(&report.conflicts),
    });
    let actor = ctx.actor(&managed.viewer);
    store.finish_upload(unit_id, &id, &summary, &actor).await?;
    Ok(Redirect::to(&page).into_response())
}
