//! The dashboard's forms (`POST /dasbor/{code}/…`): a comment's status, note and public reply; the
//! follow-up plan; alert rules; acknowledging an alert.
//!
//! Plain HTML forms like the administration's (`admin.rs`: the same request context, refusals and
//! re-rendering): each checks on the server that the viewer may manage this unit, validates, stores
//! the change with its audit line, and answers 303 back to the page, or the page again (422) with
//! each problem beside its field.

use crate::admin::{problems, Ctx, Refusal};
use crate::auth::unavailable;
use crate::startup::AppState;
use app::access::Viewer;
use app::dashboard::{ActionStatus, AlertRules, CommentStatus, CommentUpdate, NewAction};
use app::forms::code;
use app::periods::period_query;
use app::periods::resolve_period;
use app::store::StoreError;
use app::time::jakarta_today;
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use ikm_domain::{Mutu, Period, Unsur};
use validator::Validate;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/dasbor/{code}/masukan/{response}", post(update_comment))
        .route("/dasbor/{code}/tindak-lanjut", post(add_action))
        .route("/dasbor/{code}/tindak-lanjut/{id}", post(set_action_status))
        .route("/dasbor/{code}/peringatan", post(set_rules))
        .route("/dasbor/{code}/peringatan/{id}/tangani", post(acknowledge))
        .route("/dasbor/{code}/terbitkan", post(publish))
        .route("/dasbor/{code}/ekspor", axum::routing::get(download))
        .route("/dasbor/{code}/laporan.pdf", axum::routing::get(report_pdf))
        .route(
            "/wilayah/{code}/laporan.pdf",
            axum::routing::get(region_report_pdf),
        )
}

/// The viewer and the unit's id, when the viewer may manage the unit.
pub(crate) async fn managed(ctx: &Ctx, code: &str, back: &str) -> Result<(Viewer, i64), Refusal> {
    let viewer = ctx.viewer(back, |_| true)?;
    let store = &ctx.state.store;
    let Some(record) = store.unit_record(code).await? else {
        return Err(Refusal::NotFound);
    };
    if !viewer.can_manage_unit(code, &record.fields.region_code) {
        return Err(Refusal::Forbidden);
    }
    let Some(unit) = store.unit(code).await? else {
        return Err(Refusal::NotFound);
    };
    Ok((viewer, unit.id))
}

/// The period a request's query names (`periode`, or `dari` and `sampai`), as the dashboard reads it.
fn requested_period(pairs: &[(String, String)]) -> Period {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    resolve_period(get("periode"), get("dari"), get("sampai"), jakarta_today()).0
}

/// The dashboard's address for the period in a posted form's query (rebuilt, never echoed).
fn dashboard_page(code: &str, pairs: &[(String, String)]) -> String {
    format!("/dasbor/{code}?{}", period_query(&requested_period(pairs)))
}

/// For the dashboard's own forms: the page to return to (the period in the query), the viewer and
/// the unit, or the answer that refuses.
async fn on_dashboard(
    ctx: &Ctx,
    unit: &str,
    query: &[(String, String)],
) -> Result<(String, Viewer, i64), Response> {
    let page = dashboard_page(unit, query);
    let (viewer, unit_id) = managed(ctx, unit, &page)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok((page, viewer, unit_id))
}

fn saved(page: &str) -> Response {
    let joiner = if page.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{page}{joiner}disimpan=1")).into_response()
}

fn refuse(result: Result<(), StoreError>, page: &str) -> Response {
    match result {
        Ok(()) => saved(page),
        Err(StoreError::NotFound(_)) => Refusal::NotFound.into_response(),
        Err(e) => unavailable(e),
    }
}

fn optional(text: String) -> Option<String> {
    Some(text).filter(|t| !t.is_empty())
}

#[derive(Debug, Validate)]
struct CommentInput {
    #[validate(length(max = 2000, code = "length"))]
    catatan: String,
    #[validate(length(max = 2000, code = "length"))]
    balasan: String,
}

async fn update_comment(Path((unit, response)): Path<(String, String)>, ctx: Ctx) -> Response {
    // Back to the inbox with its filters; only a path of this unit's inbox is accepted.
    let inbox = format!("/dasbor/{unit}/masukan");
    let back = Some(ctx.get("kembali"))
        .filter(|b| b.starts_with(&format!("{inbox}?")) && !b.contains(['\r', '\n', '#']))
        .unwrap_or(inbox);
    let (viewer, unit_id) = match managed(&ctx, &unit, &back).await {
        Ok(found) => found,
        Err(refusal) => return refusal.into_response(),
    };
    let input = CommentInput {
        catatan: ctx.get("catatan"),
        balasan: ctx.get("balasan"),
    };
    let mut errors = match input.validate() {
        Ok(()) => vec![],
        Err(e) => problems(e, &["catatan", "balasan"]),
    };
    let status = CommentStatus::parse(&ctx.get("status"));
    if status.is_none() {
        errors.insert(0, ("status".into(), code::CHOICE.into()));
    }
    let form = format!("comment-{response}");
    let Some(status) = status.filter(|_| errors.is_empty()) else {
        return ctx.again(&back, &form, errors).await;
    };
    let update = CommentUpdate {
        status,
        note: optional(input.catatan),
        public_reply: optional(input.balasan),
    };
    let result = ctx
        .state
        .store
        .update_comment(unit_id, &response, &update, &ctx.actor(&viewer))
        .await;
    refuse(result, &back)
}

#[derive(Debug, Validate)]
struct ActionInput {
    #[validate(length(min = 3, max = 2000, code = "length"))]
    tindakan: String,
    #[validate(length(min = 2, max = 200, code = "length"))]
    penanggung_jawab: String,
}

async fn add_action(
    Path(unit): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
    ctx: Ctx,
) -> Response {
    let (page, viewer, unit_id) = match on_dashboard(&ctx, &unit, &query).await {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    let input = ActionInput {
        tindakan: ctx.get("tindakan"),
        penanggung_jawab: ctx.get("penanggung_jawab"),
    };
    let mut errors = match input.validate() {
        Ok(()) => vec![],
        Err(e) => problems(e, &["tindakan", "penanggung_jawab"]),
    };
    let unsur = Unsur::parse(&ctx.get("unsur"));
    if unsur.is_none() {
        errors.insert(0, ("unsur".into(), code::CHOICE.into()));
    }
    let due = match ctx.get("batas").parse::<chrono::NaiveDate>() {
        Ok(date) => Some(date),
        Err(_) => {
            errors.push(("batas".into(), code::DATE.into()));
            None
        }
    };
    let period = Period::parse(&ctx.get("periode"));
    if period.is_none() {
        errors.push((String::new(), code::CHOICE.into()));
    }
    let (Some(unsur), Some(due), Some(period), true) = (unsur, due, period, errors.is_empty())
    else {
        return ctx.again(&page, "action", errors).await;
    };
    let action = NewAction {
        period: period.key(),
        unsur,
        action: input.tindakan,
        owner: input.penanggung_jawab,
        due,
    };
    match ctx
        .state
        .store
        .add_followup_action(unit_id, &action, &ctx.actor(&viewer))
        .await
    {
        Ok(_) => saved(&page),
        Err(e) => unavailable(e),
    }
}

async fn set_action_status(
    Path((unit, id)): Path<(String, i64)>,
    Query(query): Query<Vec<(String, String)>>,
    ctx: Ctx,
) -> Response {
    let (page, viewer, unit_id) = match on_dashboard(&ctx, &unit, &query).await {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    let Some(status) = ActionStatus::parse(&ctx.get("status")) else {
        return ctx
            .again(&page, "action", vec![(String::new(), code::CHOICE.into())])
            .await;
    };
    let result = ctx
        .state
        .store
        .set_followup_status(unit_id, id, status, &ctx.actor(&viewer))
        .await;
    refuse(result, &page)
}

#[derive(Debug, Validate)]
struct RulesInput {
    #[validate(email(code = "email"))]
    email: Option<String>,
}

async fn set_rules(
    Path(unit): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
    ctx: Ctx,
) -> Response {
    let (page, viewer, unit_id) = match on_dashboard(&ctx, &unit, &query).await {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    let mut errors = vec![];
    let below_grade = match ctx.get("mutu").as_str() {
        "" => None,
        letter => {
            let grade = [Mutu::A, Mutu::B, Mutu::C]
                .into_iter()
                .find(|m| m.letter() == letter);
            if grade.is_none() {
                errors.push(("mutu".into(), code::CHOICE.into()));
            }
            grade
        }
    };
    let number = |name: &str, range: std::ops::RangeInclusive<u32>| -> Result<Option<u32>, ()> {
        match ctx.get(name).as_str() {
            "" => Ok(None),
            text => match text.parse::<u32>() {
                Ok(n) if range.contains(&n) => Ok(Some(n)),
                _ => Err(()),
            },
        }
    };
    let percent = number("persen", 1..=100).unwrap_or_else(|()| {
        errors.push(("persen".into(), code::NUMBER.into()));
        None
    });
    let last = number("terakhir", 5..=1000).unwrap_or_else(|()| {
        errors.push(("terakhir".into(), code::NUMBER.into()));
        None
    });
    let input = RulesInput {
        email: optional(ctx.get("email")),
    };
    if let Err(e) = input.validate() {
        errors.extend(problems(e, &["email"]));
    }
    if !errors.is_empty() {
        return ctx.again(&page, "rules", errors).await;
    }
    let rules = AlertRules {
        below_grade,
        low_share_percent: percent,
        low_share_last: last.unwrap_or(AlertRules::default().low_share_last),
        email: input.email,
    };
    let result = ctx
        .state
        .store
        .set_alert_rules(unit_id, &rules, &ctx.actor(&viewer))
        .await;
    ctx.state.alerts.forget_rules(unit_id);
    refuse(result, &page)
}

async fn acknowledge(
    Path((unit, id)): Path<(String, i64)>,
    Query(query): Query<Vec<(String, String)>>,
    ctx: Ctx,
) -> Response {
    let (page, viewer, unit_id) = match on_dashboard(&ctx, &unit, &query).await {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    let result = ctx
        .state
        .store
        .acknowledge_alert(unit_id, id, &ctx.actor(&viewer))
        .await;
    refuse(result, &page)
}

/// Publishes the period in the form (`periode`), or withdraws it (`terbit=0`).
async fn publish(
    Path(unit): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
    ctx: Ctx,
) -> Response {
    let (page, viewer, unit_id) = match on_dashboard(&ctx, &unit, &query).await {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    let Some(period) =
        Period::parse(&ctx.get("periode")).filter(|p| p.kind != ikm_domain::PeriodKind::Custom)
    else {
        return ctx
            .again(&page, "publish", vec![(String::new(), code::CHOICE.into())])
            .await;
    };
    let result = ctx
        .state
        .store
        .set_published(
            unit_id,
            &period.key(),
            ctx.get("terbit") != "0",
            &ctx.actor(&viewer),
        )
        .await;
    refuse(result, &page)
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

/// `GET /dasbor/{code}/ekspor?periode=…&format=csv|xlsx` — the period's valid responses as the
/// interchange CSV or the XLSX "olah data" (`transfer::export`). The CSV streams page by page from
/// the database as it is read (its first bytes leave at once, the browser's download bar moves
/// from the start); the XLSX is written to a temporary file, then sent with its length. Memory
/// stays flat however many responses there are.
async fn download(Path(unit): Path<String>, ctx: Ctx) -> Response {
    use crate::transfer::export::{units_of, ExportScope};
    let period = requested_period(&ctx.fields);
    let page = format!("/dasbor/{unit}?{}", period_query(&period));
    if let Err(refusal) = managed(&ctx, &unit, &page).await {
        return refusal.into_response();
    }
    let d = &app::i18n::texts(ctx.lang()).dash;
    let xlsx = match ctx.get("format").as_str() {
        "csv" => false,
        "xlsx" => true,
        _ => return ctx.message(axum::http::StatusCode::BAD_REQUEST, d.export_format),
    };
    let store = ctx.state.store.as_ref();
    let failed = |error: crate::transfer::TransferError| {
        tracing::error!(%error, %unit, "an export failed");
        ctx.message(axum::http::StatusCode::SERVICE_UNAVAILABLE, d.export_failed)
    };
    let (title, units) = match units_of(store, Some(&unit), None).await {
        Ok(found) => found,
        Err(error) => return failed(error),
    };
    let scope = ExportScope {
        title,
        units,
        from: period.from,
        to: period.to,
    };
    let name = |extension: &str| {
        format!(
            "attachment; filename=\"ikm-{unit}-{}.{extension}\"",
            period.key().replace("..", "_")
        )
    };
    let disposition = axum::http::header::CONTENT_DISPOSITION;
    let kind = axum::http::header::CONTENT_TYPE;
    if !xlsx {
        let body = csv_body(ctx.state.store.clone(), scope, unit.clone());
        return (
            [
                (kind, "text/csv; charset=utf-8".to_string()),
                (disposition, name("csv")),
            ],
            body,
        )
            .into_response();
    }
    // A zip is finished only at its end: the workbook is written first, then sent with its size,
    // so the browser shows how far the download is.
    let (file, size) = match xlsx_in_temporary_file(store, &scope).await {
        Ok(found) => found,
        Err(error) => return failed(error),
    };
    (
        [
            (
                kind,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (disposition, name("xlsx")),
            (axum::http::header::CONTENT_LENGTH, size.to_string()),
        ],
        axum::body::Body::from_stream(tokio_util::io::ReaderStream::new(file)),
    )
        .into_response()
}

/// The report as PDF bytes (laid out and written off the async threads).
async fn report_bytes(doc: app::report::ReportDoc) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Seek};
    tokio::task::spawn_blocking(move || {
        let mut file = tempfile::tempfile()?;
        crate::report_pdf::write(&doc, file.try_clone()?)?;
        file.rewind()?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        Ok(bytes)
    })
    .await
    .map_err(std::io::Error::other)?
}

/// `GET /dasbor/{code}/laporan.pdf?periode=…` — the period's SKM report as a PDF (the same
/// document as the print page `/dasbor/{code}/laporan`), for the unit's staff and the officials
/// above it.
async fn report_pdf(Path(unit): Path<String>, ctx: Ctx) -> Response {
    let period = requested_period(&ctx.fields);
    let page = format!("/dasbor/{unit}/laporan?{}", period_query(&period));
    if let Err(refusal) = managed(&ctx, &unit, &page).await {
        return refusal.into_response();
    }
    let today = jakarta_today();
    let facts = match app::report::load(ctx.state.store.as_ref(), &unit, period, today).await {
        Ok(Some(facts)) => facts,
        Ok(None) => return Refusal::NotFound.into_response(),
        Err(error) => return unavailable(error),
    };
    pdf_answer(&ctx, facts, &unit, &period).await
}

/// `GET /wilayah/{code}/laporan.pdf?periode=…` — a region's report over all its units (the print
/// page `/wilayah/{code}/laporan`), for the officials who may view the region.
async fn region_report_pdf(Path(region): Path<String>, ctx: Ctx) -> Response {
    let period = requested_period(&ctx.fields);
    let page = format!("/wilayah/{region}/laporan?{}", period_query(&period));
    if let Err(refusal) = ctx.viewer(&page, |v| v.can_view_region(&region)) {
        return refusal.into_response();
    }
    let today = jakarta_today();
    let store = ctx.state.store.as_ref();
    let facts = match app::report::load_region(store, &region, period, today).await {
        Ok(Some(facts)) => facts,
        Ok(None) => return Refusal::NotFound.into_response(),
        Err(error) => return unavailable(error),
    };
    pdf_answer(&ctx, facts, &region, &period).await
}

/// The report of `facts` as a PDF download named after `code` and the period.
async fn pdf_answer(
    ctx: &Ctx,
    facts: app::report::ReportFacts,
    code: &str,
    period: &Period,
) -> Response {
    let bytes = match report_bytes(app::report::build(&facts)).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, %code, "writing a report failed");
            let failed = app::i18n::texts(ctx.lang()).dash.report_failed;
            return ctx.message(axum::http::StatusCode::SERVICE_UNAVAILABLE, failed);
        }
    };
    let name = format!("laporan-skm-{code}-{}.pdf", period.key().replace("..", "_"));
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/pdf".to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_after_a_post_keeps_only_a_valid_period() {
        let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(
            dashboard_page("x", &pairs(&[("periode", "2026-T2")])),
            "/dasbor/x?periode=2026-T2"
        );
        assert_eq!(
            dashboard_page(
                "x",
                &pairs(&[("dari", "2026-01-01"), ("sampai", "2026-01-31")])
            ),
            "/dasbor/x?dari=2026-01-01&sampai=2026-01-31"
        );
        let fallback = dashboard_page("x", &pairs(&[("periode", "\r\nSet-Cookie: a")]));
        assert!(fallback.starts_with("/dasbor/x?periode=") && !fallback.contains('\n'));
    }
}
