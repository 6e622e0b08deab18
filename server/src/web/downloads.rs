//! Downloads from the dashboard and the region pages: a period's responses (`GET
//! /dasbor/{code}/ekspor`, CSV or XLSX) and the SKM report as a PDF (`…/laporan.pdf`) of a unit,
//! a region or an MPP.

use crate::web::dashboard::requested_period;
use crate::web::form::{Answer, Ctx, Refusal};
use crate::web::state::AppState;
use app::periods::period_query;
use app::time::jakarta_today;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use ikm_domain::Period;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/dasbor/{code}/ekspor", get(download))
        .route("/dasbor/{code}/laporan.pdf", get(report_pdf))
        .route("/wilayah/{code}/laporan.pdf", get(region_report_pdf))
        .route("/mpp/{code}/laporan.pdf", get(mpp_report_pdf))
}

/// The XLSX written to a temporary file, opened for reading, with its size; the file's name is
/// gone when this returns (the open file streams on), so nothing is left behind.
async fn xlsx_in_temporary_file(
    store: &dyn app::store::Store,
    scope: &crate::transfer::export::ExportScope,
) -> Result<(tokio::fs::File, u64), crate::transfer::TransferError> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("export");
    crate::transfer::export::write_xlsx(store, scope, &path, &mut |_| {}).await?;
    let file = tokio::fs::File::open(&path).await?;
    let size = file.metadata().await?.len();
    Ok((file, size))
}

/// The CSV as a body that starts with the first page of rows and ends with the last; a failure
/// half-way aborts the body (the browser shows the download as failed, never as a short file).
fn csv_body(
    store: app::store::SharedStore,
    scope: crate::transfer::export::ExportScope,
    unit: String,
) -> axum::body::Body {
    use crate::transfer::export::{stream_csv, Chunk};
    let (tx, rx) = tokio::sync::mpsc::channel::<Chunk>(4);
    tokio::spawn(async move {
        if let Err(error) = stream_csv(store.as_ref(), &scope, &tx).await {
            tracing::warn!(%error, %unit, "a CSV download stopped");
            let _ = tx.send(Err(std::io::Error::other(error.to_string()))).await;
        }
    });
    axum::body::Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(rx))
}

/// `GET /dasbor/{code}/ekspor?periode=…&format=csv|xlsx[&publikasi=1]` — the period's valid
/// responses (for publication: comments masked) as the
/// interchange CSV or the XLSX "olah data" (`transfer::export`). The CSV streams page by page from
/// the database as it is read (its first bytes leave at once, the browser's download bar moves
/// from the start); the XLSX is written to a temporary file, then sent with its length. Memory
/// stays flat however many responses there are.
async fn download(Path(unit): Path<String>, ctx: Ctx) -> Answer {
    use crate::transfer::export::{units_of, ExportScope};
    let period = requested_period(&ctx.fields);
    let page = format!("/dasbor/{unit}?{}", period_query(&period));
    ctx.managed(&unit, &page).await?;
    let d = &app::i18n::texts(ctx.lang()).dash;
    let xlsx = match ctx.get("format").as_str() {
        "csv" => false,
        "xlsx" => true,
        _ => return Err(ctx.refuse(StatusCode::BAD_REQUEST, d.export_format)),
    };
    let store = ctx.state.store.as_ref();
    let failed = |error: crate::transfer::TransferError| {
        tracing::error!(%error, %unit, "an export failed");
        ctx.refuse(StatusCode::SERVICE_UNAVAILABLE, d.export_failed)
    };
    let (title, units) = units_of(store, Some(&unit), None).await.map_err(failed)?;
    let scope = ExportScope {
        title,
        units,
        from: period.from,
        to: period.to,
        for_publication: ctx.get("publikasi") == "1",
    };
    let suffix = if scope.for_publication {
        "-publikasi"
    } else {
        ""
    };
    let name = |extension: &str| {
        format!(
            "attachment; filename=\"ikm-{unit}-{}{suffix}.{extension}\"",
            period.key().replace("..", "_")
        )
    };
    let disposition = header::CONTENT_DISPOSITION;
    let kind = header::CONTENT_TYPE;
    if !xlsx {
        let body = csv_body(ctx.state.store.clone(), scope, unit.clone());
        let headers = [
            (kind, "text/csv; charset=utf-8".to_string()),
            (disposition, name("csv")),
        ];
        return Ok((headers, body).into_response());
    }
    // A zip is finished only at its end: the workbook is written first, then sent with its size,
    // so the browser shows how far the download is.
    let (file, size) = xlsx_in_temporary_file(store, &scope)
        .await
        .map_err(failed)?;
    let headers = [
        (
            kind,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
        ),
        (disposition, name("xlsx")),
        (header::CONTENT_LENGTH, size.to_string()),
    ];
    let body = axum::body::Body::from_stream(tokio_util::io::ReaderStream::new(file));
    Ok((headers, body).into_response())
}

/// The report as PDF bytes (laid out and written off the async threads), under its letterhead
/// with the letterhead's logo read from `store`.
pub(crate) async fn report_bytes(
    store: &dyn app::store::Store,
    doc: app::report::ReportDoc,
) -> std::io::Result<Vec<u8>> {
    let logo = crate::report_pdf::logo_of(store, doc.letterhead.as_ref())
        .await
        .map_err(std::io::Error::other)?;
    tokio::task::spawn_blocking(move || {
        crate::report_pdf::write(&doc, logo.as_ref()).map(|(bytes, _)| bytes)
    })
    .await
    .map_err(std::io::Error::other)?
}

/// `GET /dasbor/{code}/laporan.pdf?periode=…` — the period's SKM report as a PDF (the same
/// document as the print page `/dasbor/{code}/laporan`), for the unit's staff and the officials
/// above it.
async fn report_pdf(Path(unit): Path<String>, ctx: Ctx) -> Answer {
    let period = requested_period(&ctx.fields);
    let page = format!("/dasbor/{unit}/laporan?{}", period_query(&period));
    ctx.viewed(&unit, &page).await?;
    let today = jakarta_today();
    let facts = app::report::load(ctx.state.store.as_ref(), &unit, period, today)
        .await?
        .ok_or(Refusal::NotFound)?;
    pdf_answer(&ctx, facts, &unit, &period).await
}

/// `GET /wilayah/{code}/laporan.pdf?periode=…` — a region's report over all its units (the print
/// page `/wilayah/{code}/laporan`), for the officials who may view the region.
async fn region_report_pdf(Path(region): Path<String>, ctx: Ctx) -> Answer {
    let period = requested_period(&ctx.fields);
    let page = format!("/wilayah/{region}/laporan?{}", period_query(&period));
    ctx.viewer(&page, |v| v.can_view_region(&region))?;
    let today = jakarta_today();
    let store = ctx.state.store.as_ref();
    let facts = app::report::load_region(store, &region, period, today)
        .await?
        .ok_or(Refusal::NotFound)?;
    pdf_answer(&ctx, facts, &region, &period).await
}

/// `GET /mpp/{code}/laporan.pdf?periode=…` — an MPP's report over the answers given in the hall,
/// with its tenants (the print page `/mpp/{code}/laporan`), for its manager and its region's staff.
async fn mpp_report_pdf(Path(mpp): Path<String>, ctx: Ctx) -> Answer {
    let period = requested_period(&ctx.fields);
    let page = format!("/mpp/{mpp}/laporan?{}", period_query(&period));
    let store = ctx.state.store.as_ref();
    let detail = store.mpp(&mpp).await?.ok_or(Refusal::NotFound)?;
    let region = detail.mpp.fields.region_code;
    ctx.viewer(&page, |v| v.can_view_mpp(&mpp, &region))?;
    let facts = app::report::load_mpp(store, &mpp, period, jakarta_today())
        .await?
        .ok_or(Refusal::NotFound)?;
    pdf_answer(&ctx, facts, &mpp, &period).await
}

/// The report of `facts` as a PDF download named after `code` and the period.
async fn pdf_answer(
    ctx: &Ctx,
    facts: app::report::ReportFacts,
    code: &str,
    period: &Period,
) -> Answer {
    let bytes = report_bytes(ctx.state.store.as_ref(), app::report::build(&facts))
        .await
        .map_err(|error| {
            tracing::error!(%error, %code, "writing a report failed");
            let failed = app::i18n::texts(ctx.lang()).dash.report_failed;
            ctx.refuse(StatusCode::SERVICE_UNAVAILABLE, failed)
        })?;
    let name = format!("laporan-skm-{code}-{}.pdf", period.key().replace("..", "_"));
    let headers = [
        (header::CONTENT_TYPE, "application/pdf".to_string()),
        (
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ),
    ];
    Ok((headers, bytes).into_response())
}
