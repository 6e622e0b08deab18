//! `POST /s/{code}` and `POST /k/{code}` — a citizen's answers, from the plain HTML form.
//!
//! Valid answers are stored with their tally in one transaction and answered with a redirect to the
//! thank-you page (303, so a reload does not post again). Invalid ones get the form again, status 422,
//! with each problem beside its field and every answer still chosen. The response id made when the
//! form was rendered makes a second post of the same form a no-op; the same id with other answers is
//! refused (409). Anti-abuse rules flag, never refuse: a flagged response is stored and thanked.

use crate::startup::AppState;
use app::i18n::{texts, Lang};
use app::pages::survey::Rejected;
use app::store::{NewResponse, Profile, RecordOutcome};
use app::survey::server::{cookie, device_hash, sign_form, verify_form, DEVICE_COOKIE};
use app::survey::{check, clean_counter, field};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use chrono::Utc;
use ikm_domain::response_file::JAKARTA;
use ikm_domain::submission::{assess, Channel, Circumstances};
use leptos::prelude::provide_context;
use uuid::Uuid;

use crate::form::{value, Fields};

pub async fn submit_qr(
    state: State<AppState>,
    code: Path<String>,
    headers: HeaderMap,
    form: Form<Fields>,
) -> Response {
    submit(state, code, headers, form, false).await
}

pub async fn submit_kiosk(
    state: State<AppState>,
    code: Path<String>,
    headers: HeaderMap,
    form: Form<Fields>,
) -> Response {
    submit(state, code, headers, form, true).await
}

async fn submit(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
    kiosk: bool,
) -> Response {
    match try_submit(&state, &code, &headers, &fields, kiosk).await {
        Ok(response) => response,
        Err(error) => {
            tracing::error!(%error, %code, "storing a survey response failed");
            let text = texts(lang_of(&headers, &fields));
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Html(simple_page(text.load_error, "")),
            )
                .into_response()
        }
    }
}

fn lang_of(headers: &HeaderMap, fields: &Fields) -> Lang {
    value(fields, field::LANG)
        .and_then(Lang::from_tag)
        .or_else(|| {
            let h = headers.get(header::COOKIE)?.to_str().ok()?;
            cookie(h, app::i18n::LANG_COOKIE).and_then(Lang::from_tag)
        })
        .unwrap_or_default()
}

async fn try_submit(
    state: &AppState,
    code: &str,
    headers: &HeaderMap,
    fields: &Fields,
    kiosk: bool,
) -> Result<Response, app::store::StoreError> {
    let lang = lang_of(headers, fields);
    let text = texts(lang);
    let store = &state.store;
    let Some(unit) = store.unit(code).await?.filter(|u| u.active) else {
        return Ok((
            StatusCode::NOT_FOUND,
            Html(simple_page(text.unit_not_found, "/")),
        )
            .into_response());
    };
    let secret = store.secret().await?;
    let counter = clean_counter(value(fields, field::COUNTER));
    let channel = if kiosk {
        Channel::Kiosk
    } else if value(fields, field::CHANNEL) == Some("web") {
        Channel::Web
    } else {
        Channel::Qr
    };
    let id = value(fields, field::ID).and_then(|id| Uuid::parse_str(id).ok());
    let token = value(fields, field::TOKEN).unwrap_or_default();
    let (mut draft, form) = check(fields, &unit.services);
    let (id, form) = match (id, form) {
        (Some(id), Some(form)) => (id, form),
        (id, _) => {
            // Show the form again: the same id when it was sound, a fresh one when it was not.
            let (response_id, token) = match id {
                Some(id) => (id.to_string(), token.to_string()),
                None => {
                    draft.form_invalid = true;
                    let fresh = Uuid::new_v4().to_string();
                    let token = sign_form(&secret, &fresh, Utc::now());
                    (fresh, token)
                }
            };
            let rejected = Rejected {
                response_id,
                token,
                draft,
            };
            return Ok(
                render_again(state, code, kiosk, &counter, channel, headers, rejected).await,
            );
        }
    };

    let now = Utc::now();
    let seconds_on_form = verify_form(&secret, &id.to_string(), token)
        .map(|rendered| (now - rendered).num_seconds().max(0) as u64);
    let device = headers
        .get(header::COOKIE)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| cookie(h, DEVICE_COOKIE))
        .map(|token| {
            let day = now.with_timezone(&JAKARTA).date_naive().to_string();
            device_hash(&secret, &day, unit.id, token)
        });
    let recent = match &device {
        Some(hash) => {
            let since = now - chrono::Duration::seconds(channel.rate_window_secs());
            store.device_submissions_since(unit.id, hash, since).await?
        }
        None => 0,
    };
    let flag = assess(&Circumstances {
        channel,
        honeypot_filled: value(fields, field::HONEYPOT).is_some(),
        seconds_on_form,
        recent_from_device: recent,
    });
    let response = NewResponse {
        id,
        unit_id: unit.id,
        service_id: form.service_id,
        counter_tag: counter.clone(),
        channel,
        received_at: now,
        answers: form.answers,
        profile: Profile {
            gender: form.gender,
            age: form.age,
            education: form.education,
            occupation: form.occupation,
        },
        comment: form.comment,
        lang,
        flag,
        device_hash: device,
        seconds_on_form: seconds_on_form.map(|s| s.min(u64::from(u32::MAX)) as u32),
    };
    let outcome = store
        .record_responses(std::slice::from_ref(&response))
        .await?;
    match outcome.first() {
        Some(RecordOutcome::Stored) | Some(RecordOutcome::Duplicate) => {
            if let Some(flag) = flag {
                tracing::info!(%code, flag = flag.key(), "response flagged");
            }
            let prefix = if kiosk { "k" } else { "s" };
            let mut to = format!("/{prefix}/{code}/terima-kasih?r={id}");
            if !counter.is_empty() {
                to.push_str(&format!("&loket={}", app::i18n::encode_query(&counter)));
            }
            Ok(Redirect::to(&to).into_response())
        }
        _ => {
            let back = format!("/{}/{code}", if kiosk { "k" } else { "s" });
            let body = simple_page(
                &format!("{} — {}", text.conflict_title, text.conflict_body),
                &back,
            );
            Ok((StatusCode::CONFLICT, Html(body)).into_response())
        }
    }
}

/// Renders the survey page again (status 422) with the rejected draft, as the GET would render it.
async fn render_again(
    state: &AppState,
    code: &str,
    kiosk: bool,
    counter: &str,
    channel: Channel,
    headers: &HeaderMap,
    rejected: Rejected,
) -> Response {
    let prefix = if kiosk { "k" } else { "s" };
    let mut uri = format!("/{prefix}/{code}?");
    if !counter.is_empty() {
        uri.push_str(&format!("loket={}&", app::i18n::encode_query(counter)));
    }
    if channel == Channel::Web {
        uri.push_str("kanal=web");
    }
    crate::render::render_page(
        state,
        uri.trim_end_matches(['?', '&']),
        headers,
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
        move || provide_context(rejected.clone()),
    )
    .await
}

/// A minimal page for the few answers that are not the app itself (a store failure, a conflict).
pub fn simple_page(message: &str, back: &str) -> String {
    let link = if back.is_empty() {
        String::new()
    } else {
        format!("<p><a href=\"{}\">←</a></p>", escape_html(back))
    };
    let message = escape_html(message);
    format!(
        "<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><link rel=\"stylesheet\" href=\"/pkg/ikm.css\">\
         <title>IKM</title></head><body><main id=\"main\"><p class=\"error-summary\" role=\"alert\">{message}</p>{link}</main></body></html>"
    )
}

/// `GET /bahasa/{tag}?next=/path` — remembers the language in a cookie and returns to the page.
pub async fn switch_language(
    Path(tag): Path<String>,
    axum::extract::Query(query): axum::extract::Query<Vec<(String, String)>>,
) -> Response {
    let lang = Lang::from_tag(&tag).unwrap_or_default();
    let next = query
        .iter()
        .find(|(k, _)| k == "next")
        .map(|(_, v)| v.as_str())
        // Only paths on this site: never `//host` or `http://…` (no open redirect).
        .filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
        .unwrap_or("/");
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        app::i18n::LANG_COOKIE,
        lang.tag()
    );
    ([(header::SET_COOKIE, cookie)], Redirect::to(next)).into_response()
}

/// Escapes text for HTML (the few pages built here without Leptos).
fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
