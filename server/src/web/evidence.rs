//! The evidence a unit records for the yearly scorecard, on its dashboard:
//!
//! - `POST /dasbor/{code}/media` — a medium the period's results were published in (kind, name,
//!   day, a link or a photo; multipart when a photo comes along);
//! - `POST /dasbor/{code}/media/{id}/hapus` — removes one recorded by mistake;
//! - `POST /dasbor/{code}/tindak-lanjut/{id}` — a follow-up item's progress: status, the day it was
//!   done, and evidence (a note, a link, a photo);
//! - `GET /bukti/{token}` — a stored photo, as the image it is (`nosniff`, a policy that runs
//!   nothing), to anyone holding its unguessable link (the evaluator's evidence pack lists them).
//!
//! Photos are checked and re-encoded by `crate::photos` before anything is stored; a refused one
//! brings the form back (422) with the reason beside the field.

use crate::photos::{reencode, PhotoProblem};
use crate::web::dashboard::{on_dashboard, optional, saved};
use crate::web::form::{Answer, Ctx};
use crate::web::state::AppState;
use app::dashboard::ActionStatus;
use app::evidence::{ActionUpdate, MediumKind, NewMedium, NewPhoto, MAX_PHOTO_BYTES};
use app::forms::code;
use app::time::jakarta_today;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, CONTENT_TYPE,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use ikm_domain::{Period, PeriodKind};

/// A form with a photo: the photo and the form's fields.
const FORM_LIMIT: usize = MAX_PHOTO_BYTES + 64 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/dasbor/{code}/media",
            post(add_medium).layer(DefaultBodyLimit::max(FORM_LIMIT)),
        )
        .route("/dasbor/{code}/media/{id}/hapus", post(remove_medium))
        .route(
            "/dasbor/{code}/tindak-lanjut/{id}",
            post(update_action).layer(DefaultBodyLimit::max(FORM_LIMIT)),
        )
        .route("/bukti/{token}", get(photo))
}

/// A link staff give as evidence: an `http(s)` address of at most 500 characters, with a host.
pub fn is_link(text: &str) -> bool {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    let host = rest.and_then(|r| r.split(['/', '?', '#']).next());
    text.len() <= 500
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
        && host.is_some_and(|h| !h.is_empty() && !h.starts_with('.') && !h.contains('@'))
}

/// The photo posted under `field`, checked and re-encoded; `Err` with the form's error code.
async fn posted_photo(ctx: &Ctx, field: &str) -> Result<Option<NewPhoto>, &'static str> {
    let Some(bytes) = ctx.file(field) else {
        return Ok(None);
    };
    let bytes = bytes.to_vec();
    let checked = tokio::task::spawn_blocking(move || reencode(&bytes))
        .await
        .unwrap_or_else(|e| Err(PhotoProblem::Unreadable(e.to_string())));
    match checked {
        Ok(photo) => Ok(Some(photo)),
        Err(PhotoProblem::NotAPhoto) => Err(code::PHOTO_TYPE),
        Err(PhotoProblem::TooLarge) => Err(code::PHOTO_SIZE),
        Err(PhotoProblem::HoldsMarkup) => Err(code::PHOTO_MARKUP),
        Err(PhotoProblem::Unreadable(detail)) => {
            tracing::info!(%detail, "a photo could not be read");
            Err(code::PHOTO_UNREADABLE)
        }
    }
}

/// A day typed in `field`: not after today, and (when given) not before `from`.
fn day(
    ctx: &Ctx,
    field: &str,
    from: Option<NaiveDate>,
    errors: &mut Vec<(String, String)>,
) -> Option<NaiveDate> {
    match ctx.get(field).parse::<NaiveDate>() {
        Err(_) => {
            errors.push((field.into(), code::DATE.into()));
            None
        }
        Ok(d) if d > jakarta_today() => {
            errors.push((field.into(), code::FUTURE_DATE.into()));
            None
        }
        Ok(d) if from.is_some_and(|f| d < f) => {
            errors.push((field.into(), code::BEFORE_PERIOD.into()));
            None
        }
        Ok(d) => Some(d),
    }
}

/// The link typed in `field`, if any; a malformed one is an error.
fn link(ctx: &Ctx, field: &str, errors: &mut Vec<(String, String)>) -> Option<String> {
    let text = ctx.get(field);
    if text.is_empty() {
        None
    } else if is_link(&text) {
        Some(text)
    } else {
        errors.push((field.into(), code::LINK.into()));
        None
    }
}

async fn add_medium(
    Path(unit): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
    ctx: Ctx,
) -> Answer {
    let (page, managed) = on_dashboard(&ctx, &unit, &query).await?;
    let mut errors = Vec::new();
    let period = Period::parse(&ctx.get("periode")).filter(|p| p.kind != PeriodKind::Custom);
    if period.is_none() {
        errors.push((String::new(), code::CHOICE.into()));
    }
    let kind = MediumKind::parse(&ctx.get("jenis"));
    if kind.is_none() {
        errors.push(("jenis".into(), code::CHOICE.into()));
    }
    let name = ctx.get("nama");
    if !(2..=200).contains(&name.chars().count()) {
        errors.push(("nama".into(), code::LENGTH.into()));
    }
    let on = day(&ctx, "tanggal", period.map(|p| p.from), &mut errors);
    let link = link(&ctx, "tautan", &mut errors);
    let photo = match posted_photo(&ctx, "foto").await {
        Ok(photo) => photo,
        Err(problem) => {
            errors.push(("foto".into(), problem.into()));
            None
        }
    };
    let no_evidence = link.is_none()
        && photo.is_none()
        && !errors.iter().any(|(f, _)| f == "tautan" || f == "foto");
    if no_evidence {
        errors.push(("tautan".into(), code::EVIDENCE.into()));
    }
    let (Some(period), Some(kind), Some(on), true) = (period, kind, on, errors.is_empty()) else {
        return Ok(ctx.again(&page, "medium", errors).await);
    };
    let medium = NewMedium {
        period: period.key(),
        kind,
        name,
        on,
        link,
    };
    let actor = ctx.actor(&managed.viewer);
    ctx.state
        .store
        .add_medium(managed.unit.id, &medium, photo.as_ref(), &actor)
        .await?;
    Ok(saved(&page))
}

async fn remove_medium(
    Path((unit, id)): Path<(String, i64)>,
    Query(query): Query<Vec<(String, String)>>,
    ctx: Ctx,
) -> Answer {
    let (page, managed) = on_dashboard(&ctx, &unit, &query).await?;
    let actor = ctx.actor(&managed.viewer);
    ctx.state
        .store
        .remove_medium(managed.unit.id, id, &actor)
        .await?;
    Ok(saved(&page))
}

async fn update_action(
    Path((unit, id)): Path<(String, i64)>,
    Query(query): Query<Vec<(String, String)>>,
    ctx: Ctx,
) -> Answer {
    let (page, managed) = on_dashboard(&ctx, &unit, &query).await?;
    let form = format!("action-{id}");
    let mut errors = Vec::new();
    let status = ActionStatus::parse(&ctx.get("status"));
    if status.is_none() {
        errors.push(("status".into(), code::CHOICE.into()));
    }
    // Done today unless another day is given.
    let done_on = if status == Some(ActionStatus::Selesai) {
        if ctx.get("selesai").is_empty() {
            Some(jakarta_today())
        } else {
            day(&ctx, "selesai", None, &mut errors)
        }
    } else {
        None
    };
    let note = ctx.get("catatan");
    if note.chars().count() > 2000 {
        errors.push(("catatan".into(), code::LENGTH.into()));
    }
    let link = link(&ctx, "tautan", &mut errors);
    let photo = match posted_photo(&ctx, "foto").await {
        Ok(photo) => photo,
        Err(problem) => {
            errors.push(("foto".into(), problem.into()));
            None
        }
    };
    let (Some(status), true) = (status, errors.is_empty()) else {
        return Ok(ctx.again(&page, &form, errors).await);
    };
    let update = ActionUpdate {
        status,
        done_on,
        note: optional(note),
        link,
    };
    let actor = ctx.actor(&managed.viewer);
    ctx.state
        .store
        .update_followup(managed.unit.id, id, &update, photo.as_ref(), &actor)
        .await?;
    Ok(saved(&page))
}

/// A stored photo, as the image it is and nothing else.
async fn photo(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let not_found = || StatusCode::NOT_FOUND.into_response();
    if !crate::photos::is_token(&token) {
        return not_found();
    }
    match state.store.photo(&token).await {
        Ok(Some(photo)) => {
            let extension = if photo.content_type == "image/png" {
                "png"
            } else {
                "jpg"
            };
            (
                [
                    (CONTENT_TYPE, photo.content_type),
                    (X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
                    (
                        CONTENT_SECURITY_POLICY,
                        "default-src 'none'; sandbox".to_string(),
                    ),
                    (
                        CONTENT_DISPOSITION,
                        format!("inline; filename=\"bukti-{token}.{extension}\""),
                    ),
                    // The token names one photo for ever.
                    (
                        CACHE_CONTROL,
                        "public, max-age=31536000, immutable".to_string(),
                    ),
                ],
                Body::from(photo.bytes),
            )
                .into_response()
        }
        Ok(None) => not_found(),
        Err(error) => {
            tracing::error!(%error, "reading a photo failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_link;

    #[test]
    fn links_are_web_addresses() {
        assert!(is_link(
            "https://disdukcapil.bandarlampungkota.go.id/skm-2026"
        ));
        assert!(is_link("http://sippn.menpan.go.id/berita/123?x=1"));
        assert!(!is_link("javascript:alert(1)"));
        assert!(!is_link("ftp://x.go.id"));
        assert!(!is_link("https://"));
        assert!(!is_link("https://a b.go.id"));
        assert!(!is_link("https://user@evil.example"));
        assert!(!is_link(&format!("https://x.go.id/{}", "a".repeat(500))));
    }
}
