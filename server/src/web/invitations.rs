//! Invitations on the web (`app::invitation`, `docs/INVITATIONS.md`): a citizen's link
//! (`GET /i/{code}`, to the unit's survey with the invitation, service and counter filled in), the
//! counter staff's form that issues one (`POST /dasbor/{code}/undangan/baru`, back to the page that
//! shows its QR code, WhatsApp link and SMS text) and the unit's settings
//! (`POST /dasbor/{code}/undangan/pengaturan`).

use crate::invitations::{invitation_url, new_api_key, new_invitation, qr_png_bytes};
use crate::transfer::served::{parse_served, RowProblem, ServedFileError};
use crate::transfer::xlsx_to_csv;
use crate::web::dashboard::saved;
use crate::web::form::{Answer, Ctx};
use crate::web::page::cookie_lang;
use crate::web::state::AppState;
use crate::web::survey::closed_page;
use app::forms::{code, SERVED_FORM};
use app::invitation::{normalize, Closed, InvitationSettings, MAX_VALID_DAYS};
use app::survey::clean_counter;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/i/{code}", get(open))
        .route("/i/{code}/qr.png", get(qr_png))
        .route("/dasbor/{code}/undangan/baru", post(issue))
        .route("/dasbor/{code}/undangan/pengaturan", post(settings))
        .route("/dasbor/{code}/undangan/kunci", post(create_key))
        .route("/dasbor/{code}/undangan/kunci/{id}/cabut", post(revoke_key))
        .route(
            "/dasbor/{code}/undangan/dilayani",
            post(served_counts).layer(DefaultBodyLimit::max(SERVED_FILE_BYTES)),
        )
}

/// `GET /i/{code}/qr.png`: the invitation's QR code for a ticket printer (404 for a code no
/// invitation has).
async fn qr_png(
    State(state): State<AppState>,
    Path(typed): Path<String>,
    headers: HeaderMap,
) -> Response {
    let lang = cookie_lang(&headers).unwrap_or_default();
    let Some(code) = normalize(&typed) else {
        return closed_page(Closed::Unknown, lang);
    };
    match state.store.invitation(&code).await {
        Ok(Some(_)) => {
            let host = headers
                .get(axum::http::header::HOST)
                .and_then(|h| h.to_str().ok());
            let link = invitation_url(state.web.public_url.as_deref(), host, &code);
            match qr_png_bytes(&link) {
                Ok(png) => ([(axum::http::header::CONTENT_TYPE, "image/png")], png).into_response(),
                Err(error) => {
                    tracing::error!(%error, "drawing a QR code failed");
                    closed_page(Closed::Unknown, lang)
                }
            }
        }
        Ok(None) => closed_page(Closed::Unknown, lang),
        Err(error) => crate::web::page::unavailable(error),
    }
}

/// `GET /i/{code}`: the unit's survey with the invitation; a code that is not one, or that no
/// invitation has, gets the page that says so (404). A used or expired one is told so by the
/// survey page itself.
async fn open(
    State(state): State<AppState>,
    Path(typed): Path<String>,
    headers: HeaderMap,
) -> Response {
    let lang = cookie_lang(&headers).unwrap_or_default();
    let Some(code) = normalize(&typed) else {
        return closed_page(Closed::Unknown, lang);
    };
    match state.store.invitation(&code).await {
        Ok(Some(invitation)) => {
            let mut to = format!(
                "/s/{}?{}={}",
                invitation.unit_code,
                app::invitation::FIELD,
                invitation.code
            );
            if let Some(service) = invitation.service_id {
                to.push_str(&format!("&layanan={service}"));
            }
            if !invitation.counter_tag.is_empty() {
                to.push_str(&format!(
                    "&loket={}",
                    app::i18n::encode_query(&invitation.counter_tag)
                ));
            }
            Redirect::to(&to).into_response()
        }
        Ok(None) => closed_page(Closed::Unknown, lang),
        Err(error) => crate::web::page::unavailable(error),
    }
}

/// Issues one invitation for the person just served (service and counter optional), then shows
/// it on the staff page.
async fn issue(Path(unit): Path<String>, ctx: Ctx) -> Answer {
    let page = format!("/dasbor/{unit}/undangan");
    let managed = ctx.managed(&unit, &page).await?;
    let service = ctx.get("layanan");
    let service_id = match service.as_str() {
        "" => None,
        typed => match typed
            .parse::<i64>()
            .ok()
            .filter(|id| managed.unit.services.iter().any(|s| s.id == *id))
        {
            Some(id) => Some(id),
            None => {
                let problem = vec![("layanan".to_string(), code::CHOICE.to_string())];
                return Ok(ctx.again(&page, "invitation", problem).await);
            }
        },
    };
    let counter = clean_counter(Some(&ctx.get("loket")));
    let store = ctx.state.store.as_ref();
    let settings = store.invitation_settings(managed.unit.id).await?;
    let invitation = new_invitation(&managed.unit, service_id, counter, settings, Utc::now());
    let actor = ctx.actor(&managed.viewer);
    store
        .issue_invitations(std::slice::from_ref(&invitation), &actor.name)
        .await?;
    ctx.state
        .alerts
        .check_later(managed.unit.id, managed.unit.unit.clone());
    Ok(Redirect::to(&format!("{page}?kode={}", invitation.code)).into_response())
}

/// The unit's invitation settings: how many days a link stays valid (1–90), and whether its
/// survey is by invitation only.
async fn settings(Path(unit): Path<String>, ctx: Ctx) -> Answer {
    let page = format!("/dasbor/{unit}/undangan");
    let managed = ctx.managed(&unit, &page).await?;
    let Some(valid_days) = ctx
        .get("masa")
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|d| (1..=MAX_VALID_DAYS).contains(d))
    else {
        let problem = vec![("masa".to_string(), code::NUMBER.to_string())];
        return Ok(ctx.again(&page, "invitation-settings", problem).await);
    };
    let chosen = InvitationSettings {
        valid_days,
        only_invited: ctx.get("hanya_undangan") == "1",
    };
    let actor = ctx.actor(&managed.viewer);
    ctx.state
        .store
        .set_invitation_settings(managed.unit.id, &unit, chosen, &actor)
        .await?;
    // The survey's writer keeps units for a while: this one's choice counts at once.
    ctx.state.units.forget(&unit);
    Ok(saved(&page))
}

/// Makes an API key for the unit's queue machine, named as typed, and shows it once (the page is
/// answered directly, never through an address the key would stay in).
async fn create_key(Path(unit): Path<String>, ctx: Ctx) -> Answer {
    let page = format!("/dasbor/{unit}/undangan");
    let managed = ctx.managed(&unit, &page).await?;
    let name = ctx.get("nama").trim().to_string();
    if name.is_empty() || name.chars().count() > 80 {
        let problem = vec![("nama".to_string(), code::LENGTH.to_string())];
        return Ok(ctx.again(&page, "api-key", problem).await);
    }
    let (key, prefix) = new_api_key();
    let hash = crate::invitations::key_hash(&key);
    let actor = ctx.actor(&managed.viewer);
    ctx.state
        .store
        .create_api_key(managed.unit.id, &unit, &name, &prefix, &hash, &actor)
        .await?;
    let shown = app::invitation::NewKey(key);
    Ok(crate::web::page::render_page(
        &ctx.state,
        &page,
        &ctx.headers,
        Some(ctx.identity.clone()),
        axum::http::StatusCode::OK,
        move || leptos::prelude::provide_context(shown.clone()),
    )
    .await)
}

/// Revokes one of the unit's API keys: calls with it are refused from now on.
async fn revoke_key(Path((unit, id)): Path<(String, i64)>, ctx: Ctx) -> Answer {
    let page = format!("/dasbor/{unit}/undangan");
    let managed = ctx.managed(&unit, &page).await?;
    let actor = ctx.actor(&managed.viewer);
    if !ctx
        .state
        .store
        .revoke_api_key(managed.unit.id, &unit, id, &actor)
        .await?
    {
        return Err(crate::web::form::Refusal::NotFound);
    }
    Ok(saved(&page))
}

/// The largest served-counts file taken (ten years of days is under 200 KB as CSV).
const SERVED_FILE_BYTES: usize = 4 * 1024 * 1024;

/// The served-counts file's problem in the person's words.
fn served_problem(error: &ServedFileError, lang: ikm_domain::Lang) -> String {
    let i = &app::i18n::texts(lang).invitation;
    let day = |d: &chrono::NaiveDate| d.format("%d-%m-%Y").to_string();
    match error {
        ServedFileError::Empty => i.served_err_empty.to_string(),
        ServedFileError::TooMany => i.served_err_many.to_string(),
        ServedFileError::Unreadable(detail) => i.served_err_unreadable.replace("{detail}", detail),
        ServedFileError::Rows(rows, total) => {
            let mut words: Vec<String> = rows
                .iter()
                .map(|(line, problem)| {
                    let what = match problem {
                        RowProblem::Date(text) => i.served_err_date.replace("{text}", text),
                        RowProblem::Count(text) => i.served_err_count.replace("{text}", text),
                        RowProblem::Future(d) => i.served_err_future.replace("{day}", &day(d)),
                        RowProblem::TooOld(d) => i.served_err_old.replace("{day}", &day(d)),
                        RowProblem::Repeated(d) => i.served_err_repeated.replace("{day}", &day(d)),
                    };
                    format!(
                        "{}{what}",
                        i.served_line.replace("{line}", &line.to_string())
                    )
                })
                .collect();
            if *total > rows.len() {
                words.push(
                    i.served_err_more
                        .replace("{n}", &(total - rows.len()).to_string()),
                );
            }
            format!("{}. {}", words.join("; "), i.served_nothing_saved)
        }
    }
}

/// Takes a CSV or XLSX of the people served per day (`berkas`): every row checked, then the days
/// stored all or nothing; a wrong file gives the page again (422) with each wrong row named.
async fn served_counts(Path(unit): Path<String>, mut ctx: Ctx) -> Answer {
    let page = format!("/dasbor/{unit}/undangan");
    let managed = ctx.managed(&unit, &page).await?;
    let Some(bytes) = ctx.file("berkas").map(<[u8]>::to_vec) else {
        let problem = vec![("berkas".to_string(), code::REQUIRED.to_string())];
        return Ok(ctx.again(&page, SERVED_FORM, problem).await);
    };
    let lang = ctx.lang();
    let csv = if bytes.starts_with(b"PK\x03\x04") {
        match xlsx_to_csv(&bytes) {
            Ok(csv) => Ok(csv),
            Err(error) => Err(ServedFileError::Unreadable(error.to_string())),
        }
    } else {
        Ok(bytes)
    };
    let today = app::time::jakarta_today();
    match csv.and_then(|csv| parse_served(&csv, today)) {
        Err(error) => {
            ctx.fields = vec![("alasan".to_string(), served_problem(&error, lang))];
            let problem = vec![("berkas".to_string(), code::CHOICE.to_string())];
            Ok(ctx.again(&page, SERVED_FORM, problem).await)
        }
        Ok(days) => {
            let actor = ctx.actor(&managed.viewer);
            ctx.state
                .store
                .set_served_counts(managed.unit.id, &managed.unit.unit.code, &days, &actor)
                .await?;
            let total: u64 = days.iter().map(|(_, n)| n).sum();
            Ok(
                Redirect::to(&format!("{page}?dilayani={}&jumlah={total}", days.len()))
                    .into_response(),
            )
        }
    }
}
