//! Letterheads (kop surat) and their logos:
//!
//! - `POST /admin/unit/{code}/kop` — a unit's, by whoever may manage the unit;
//! - `POST /admin/wilayah/{code}/kop` — a region's, by an admin, its province's staff or its own
//!   kabupaten/kota staff (`Viewer::can_edit_region_letterhead`);
//! - `GET /kop/{token}` — a stored logo, as the image it is and nothing else (public: it is printed
//!   on published reports).
//!
//! Multipart forms (the logo is a file), so they work without the WASM: the fields are checked
//! (`app::letterhead::LetterheadFields::parse`), the logo checked and rewritten (`crate::logos`),
//! and any problem is shown beside its field (422); saved, the page again (303).

use crate::logos::{check, LogoProblem};
use crate::web::form::{Answer, Ctx};
use crate::web::state::AppState;
use app::accounts::Actor;
use app::components::letterhead_form::FORM;
use app::forms::code;
use app::letterhead::{LetterheadFields, LetterheadOwner, LetterheadProblem, MAX_LOGO_BYTES};
use app::store::letterheads::LogoChange;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

const FORM_LIMIT: usize = MAX_LOGO_BYTES + 64 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/unit/{code}/kop",
            post(save_unit).layer(DefaultBodyLimit::max(FORM_LIMIT)),
        )
        .route(
            "/admin/wilayah/{code}/kop",
            post(save_region).layer(DefaultBodyLimit::max(FORM_LIMIT)),
        )
        .route("/kop/{token}", get(logo))
}

async fn save_unit(Path(unit): Path<String>, ctx: Ctx) -> Answer {
    let page = format!("/admin/unit/{unit}");
    let viewer = ctx.managed(&unit, &page).await?.viewer;
    let actor = ctx.actor(&viewer);
    save(&ctx, LetterheadOwner::Unit(unit), &page, &actor).await
}

async fn save_region(Path(region): Path<String>, ctx: Ctx) -> Answer {
    let page = format!("/admin/wilayah/{region}/kop");
    let viewer = ctx.viewer(&page, |v| v.can_edit_region_letterhead(&region))?;
    let known = ctx.state.store.regions().await?;
    if !known.iter().any(|r| r.code == region) {
        return Err(crate::web::form::Refusal::NotFound);
    }
    let actor = ctx.actor(&viewer);
    save(&ctx, LetterheadOwner::Region(region), &page, &actor).await
}

fn problem_code(problem: LetterheadProblem) -> &'static str {
    match problem {
        LetterheadProblem::NoLines
        | LetterheadProblem::TooManyLines
        | LetterheadProblem::LineTooLong => code::LINES,
        LetterheadProblem::TooLong => code::LENGTH,
        LetterheadProblem::Nip => code::NIP,
    }
}

/// The posted logo checked and rewritten; `Err` with the form's error code.
async fn posted_logo(ctx: &Ctx) -> Result<Option<app::store::letterheads::NewLogo>, &'static str> {
    let Some(bytes) = ctx.file("logo").filter(|b| !b.is_empty()) else {
        return Ok(None);
    };
    let bytes = bytes.to_vec();
    let checked = tokio::task::spawn_blocking(move || check(&bytes))
        .await
        .unwrap_or_else(|e| Err(LogoProblem::Unreadable(e.to_string())));
    match checked {
        Ok(logo) => Ok(Some(logo)),
        Err(LogoProblem::NotAnImage) => Err(code::LOGO_TYPE),
        Err(LogoProblem::TooLarge) => Err(code::LOGO_SIZE),
        Err(LogoProblem::Unreadable(detail)) => {
            tracing::info!(%detail, "a logo could not be read");
            Err(code::LOGO_UNREADABLE)
        }
    }
}

async fn save(ctx: &Ctx, owner: LetterheadOwner, page: &str, actor: &Actor) -> Answer {
    let mut errors: Vec<(String, String)> = Vec::new();
    let fields = LetterheadFields::parse(
        &ctx.get("lines"),
        &ctx.get("address"),
        &ctx.get("contact"),
        &ctx.get("head_name"),
        &ctx.get("head_nip"),
    );
    let fields = match fields {
        Ok(fields) => Some(fields),
        Err(problems) => {
            errors.extend(
                problems
                    .into_iter()
                    .map(|(field, p)| (field.to_string(), problem_code(p).to_string())),
            );
            None
        }
    };
    let logo = match posted_logo(ctx).await {
        Ok(Some(new)) => LogoChange::Replace(new),
        Ok(None) if ctx.get("remove_logo") == "1" => LogoChange::Remove,
        Ok(None) => LogoChange::Keep,
        Err(problem) => {
            errors.push(("logo".into(), problem.into()));
            LogoChange::Keep
        }
    };
    let (Some(fields), true) = (fields, errors.is_empty()) else {
        return Ok(ctx.again(page, FORM, errors).await);
    };
    ctx.state
        .store
        .save_letterhead(&owner, &fields, logo, actor)
        .await?;
    Ok(Redirect::to(&format!("{page}?disimpan=1")).into_response())
}

/// A stored logo, as the image it is and nothing else (an SVG cannot run a script: the policy
/// forbids it and the file was rewritten without any).
async fn logo(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let not_found = || StatusCode::NOT_FOUND.into_response();
    if !crate::photos::is_token(&token) {
        return not_found();
    }
    match state.store.logo(&token).await {
        Ok(Some(logo)) => (
            [
                (CONTENT_TYPE, logo.content_type),
                (X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
                (
                    CONTENT_SECURITY_POLICY,
                    "default-src 'none'; style-src 'unsafe-inline'; sandbox".to_string(),
                ),
                // The token names one logo for ever.
                (
                    CACHE_CONTROL,
                    "public, max-age=31536000, immutable".to_string(),
                ),
            ],
            Body::from(logo.bytes),
        )
            .into_response(),
        Ok(None) => not_found(),
        Err(error) => {
            tracing::error!(%error, "reading a logo failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
