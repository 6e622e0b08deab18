//! `POST /s/{code}` and `POST /k/{code}` — a citizen's answers, from the plain HTML form or from the
//! browser's offline queue (the same fields, with `Accept: application/json`).
//!
//! Valid answers are stored with their tally in one transaction. The form gets a redirect to the
//! thank-you page (303, so a reload does not post again); the queue gets `200` JSON. Invalid ones get
//! the form again, status 422, with each problem beside its field and every answer still chosen (the
//! queue: 422 JSON naming the fields). The response id is an idempotency key: a second post of the
//! same id and answers is a success that stores nothing; the same id with other answers is refused
//! (409). Anti-abuse rules flag, never refuse: a flagged response is stored and thanked.

use crate::group_commit::Recorded;
use crate::web::page::{cookie_lang, simple_page};
use crate::web::state::AppState;
use app::i18n::{texts, Lang};
use app::invitation::{normalize, Closed};
use app::store::{NewResponse, Profile, RecordOutcome};
use app::survey::server::{cookie, device_hash, sign_form, verify_form, DEVICE_COOKIE};
use app::survey::Rejected;
use app::survey::{check, clean_counter, field};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use chrono::{DateTime, Utc};
use ikm_domain::response_file::JAKARTA;
use ikm_domain::submission::{Channel, Circumstances};
use leptos::prelude::provide_context;
use uuid::Uuid;

use crate::web::form::{value, Fields};

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
    let lang = lang_of(&headers, &fields);
    let json = wants_json(&headers);
    match try_submit(&state, &code, &headers, &fields, kiosk).await {
        Ok(outcome) if json => outcome_json(outcome, lang),
        Ok(outcome) => outcome_html(&state, &code, kiosk, &headers, outcome, lang).await,
        Err(error) => {
            tracing::error!(%error, %code, "storing a survey response failed");
            let text = texts(lang);
            if json {
                return answer_json(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    text.load_error,
                );
            }
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Html(simple_page(text.load_error, "")),
            )
                .into_response()
        }
    }
}

/// The browser's offline queue asks for JSON (`Accept: application/json`); a plain form gets pages.
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"))
}

fn lang_of(headers: &HeaderMap, fields: &Fields) -> Lang {
    value(fields, field::LANG)
        .and_then(Lang::from_tag)
        .or_else(|| cookie_lang(headers))
        .unwrap_or_default()
}

/// What became of one post.
enum Outcome {
    /// Stored now, or stored before with the same answers (a replay): either way, thank the citizen.
    Stored {
        id: Uuid,
        thanks: String,
        replay: bool,
    },
    /// Something to correct: the form again with the problems beside the fields.
    Invalid {
        rejected: Box<Rejected>,
        counter: String,
        place: Option<String>,
        invitation: Option<String>,
        channel: Channel,
    },
    /// This id is stored with other answers.
    Conflict,
    /// No active unit has this code.
    UnknownUnit,
    /// Not through this link: its invitation is used, expired or unknown, or the unit's survey is
    /// by invitation only. Nothing stored.
    Closed(Closed),
}

async fn try_submit(
    state: &AppState,
    code: &str,
    headers: &HeaderMap,
    fields: &Fields,
    kiosk: bool,
) -> Result<Outcome, app::store::StoreError> {
    let store = &state.store;
    let unit = state
        .units
        .get_or_read(code.to_string(), async {
            Ok::<_, app::store::StoreError>(store.unit(code).await?.map(std::sync::Arc::new))
        })
        .await?;
    let Some(unit) = unit.filter(|u| u.active) else {
        return Ok(Outcome::UnknownUnit);
    };
    // The invitation the answer comes through (its link's field), or the open survey.
    let invitation = match value(fields, app::invitation::FIELD).filter(|v| !v.is_empty()) {
        Some(typed) => match normalize(typed) {
            Some(code) => Some(code),
            None => return Ok(Outcome::Closed(Closed::Unknown)),
        },
        None if unit.only_invited => return Ok(Outcome::Closed(Closed::OnlyInvited)),
        None => None,
    };
    let secret = store.secret().await?;
    let counter = clean_counter(value(fields, field::COUNTER));
    // The MPP it was answered in, when the unit serves there now; an old link of a hall the unit
    // has left counts as its own office.
    let place = match value(fields, field::PLACE).filter(|p| app::mpp::valid_code(p)) {
        Some(mpp) => store.mpp_place(mpp, unit.id).await?,
        None => None,
    };
    let channel = if kiosk {
        Channel::Kiosk
    } else if value(fields, field::CHANNEL) == Some("web") {
        Channel::Web
    } else {
        Channel::Qr
    };
    let id = value(fields, field::ID).and_then(|id| Uuid::parse_str(id).ok());
    // The render token belongs to the page's own id; the queue sends that one as `form`.
    let form_id = value(fields, field::FORM).or(value(fields, field::ID));
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
                    let fresh = Uuid::now_v7().to_string();
                    let token = sign_form(&secret, &fresh, Utc::now());
                    (fresh, token)
                }
            };
            let rejected = Box::new(Rejected {
                response_id,
                token,
                draft,
            });
            return Ok(Outcome::Invalid {
                rejected,
                counter,
                place: place.map(|p| p.code),
                invitation,
                channel,
            });
        }
    };

    let now = Utc::now();
    let rendered = form_id.and_then(|form_id| verify_form(&secret, form_id, token));
    let answered = answered_at(value(fields, field::ANSWERED_AT), rendered, now);
    let seconds_on_form =
        rendered.map(|rendered| (answered - rendered).num_seconds().max(0) as u64);
    let device = headers
        .get(header::COOKIE)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| cookie(h, DEVICE_COOKIE))
        .map(|token| {
            let day = answered.with_timezone(&JAKARTA).date_naive().to_string();
            device_hash(&secret, &day, unit.id, token)
        });
    // The flag is decided by the writer, which knows the device's recent answers (group_commit.rs).
    let circumstances = Circumstances {
        channel,
        honeypot_filled: value(fields, field::HONEYPOT).is_some(),
        seconds_on_form,
        recent_from_device: 0,
    };
    // A levy reported in the comment is e-mailed once the answer is stored (the alert itself is
    // raised in the answer's own transaction).
    let levy = form
        .comment
        .clone()
        .filter(|c| ikm_domain::themes::read(c).has(ikm_domain::themes::CommentFlag::Pungli));
    let response = NewResponse {
        id,
        unit_id: unit.id,
        service_id: form.service_id,
        counter_tag: counter.clone(),
        mpp_id: place.as_ref().map(|p| p.id),
        channel,
        received_at: answered,
        answers: form.answers,
        profile: Profile {
            gender: form.gender,
            age: form.age,
            education: form.education,
            occupation: form.occupation,
        },
        comment: form.comment,
        contact: form.contact.map(|contact| app::store::ContactConsent {
            contact,
            statement: texts(lang_of(headers, fields)).contact_consent.to_string(),
        }),
        lang: lang_of(headers, fields),
        flag: None,
        device_hash: device,
        seconds_on_form: seconds_on_form.map(|s| s.min(u64::from(u32::MAX)) as u32),
        invitation: invitation.clone(),
    };
    // Stored with the answers posted at the same moment, in one transaction (group commit).
    let Recorded { outcome, flag } = state.writer.record(response, circumstances).await?;
    Ok(match outcome {
        RecordOutcome::Stored | RecordOutcome::Duplicate => {
            if let Some(flag) = flag {
                tracing::info!(%code, flag = flag.key(), "response flagged");
            } else if outcome == RecordOutcome::Stored {
                state.alerts.check_later(unit.id, unit.unit.clone());
                if let Some(comment) = levy {
                    state.alerts.levy_later(unit.id, unit.unit.clone(), comment);
                }
            }
            let prefix = if kiosk { "k" } else { "s" };
            let mut thanks = format!("/{prefix}/{code}/terima-kasih?r={id}");
            if !counter.is_empty() {
                thanks.push_str(&format!("&loket={}", app::i18n::encode_query(&counter)));
            }
            if let Some(place) = &place {
                thanks.push_str(&format!("&mpp={}", place.code));
            }
            Outcome::Stored {
                id,
                thanks,
                replay: outcome == RecordOutcome::Duplicate,
            }
        }
        RecordOutcome::Conflict => Outcome::Conflict,
        // Why the writer refused it, read back to say so.
        RecordOutcome::InvitationRefused => {
            let code = invitation.unwrap_or_default();
            let closed = match store.invitation(&code).await? {
                Some(found) if found.unit_id == unit.id => {
                    Closed::of(found.standing(answered, Some(&id.to_string())))
                        .unwrap_or(Closed::Used)
                }
                _ => Closed::Unknown,
            };
            Outcome::Closed(closed)
        }
    })
}

/// When the response was given: the time the queue reports, when it lies between the signed render
/// time (a minute's grace for clock skew) and a few minutes from now; otherwise the time it arrived.
/// Without a valid render token the arrival time counts, so a forged date gains nothing.
fn answered_at(
    reported: Option<&str>,
    rendered: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    let (Some(reported), Some(rendered)) = (reported, rendered) else {
        return now;
    };
    DateTime::parse_from_rfc3339(reported)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .filter(|t| {
            *t >= rendered - chrono::Duration::minutes(1)
                && *t <= now + chrono::Duration::minutes(5)
        })
        .unwrap_or(now)
}

/// The plain form's answers: a redirect to the thanks, the form again, or a short page.
async fn outcome_html(
    state: &AppState,
    code: &str,
    kiosk: bool,
    headers: &HeaderMap,
    outcome: Outcome,
    lang: Lang,
) -> Response {
    let text = texts(lang);
    match outcome {
        Outcome::Stored { thanks, .. } => Redirect::to(&thanks).into_response(),
        Outcome::Invalid {
            rejected,
            counter,
            place,
            invitation,
            channel,
        } => {
            let again = Again {
                counter: &counter,
                place: place.as_deref(),
                invitation: invitation.as_deref(),
                channel,
            };
            render_again(state, code, kiosk, again, headers, *rejected).await
        }
        Outcome::Conflict => {
            let back = format!("/{}/{code}", if kiosk { "k" } else { "s" });
            let body = simple_page(
                &format!("{} — {}", text.conflict_title, text.conflict_body),
                &back,
            );
            (StatusCode::CONFLICT, Html(body)).into_response()
        }
        Outcome::UnknownUnit => (
            StatusCode::NOT_FOUND,
            Html(simple_page(text.unit_not_found, "/")),
        )
            .into_response(),
        Outcome::Closed(closed) => closed_page(closed, lang),
    }
}

/// The page that says why the survey cannot be answered through this link.
pub fn closed_page(closed: Closed, lang: Lang) -> Response {
    let (title, body) = closed.words(&texts(lang).invitation);
    let status = StatusCode::from_u16(closed.status()).unwrap_or(StatusCode::GONE);
    (
        status,
        Html(crate::web::page::simple_page_in(
            lang,
            &format!("{title}. {body}"),
            "/",
        )),
    )
        .into_response()
}

/// The queue's answers. 200: stored (also a replay of a stored one) — drop it from the queue.
/// 409, 404 and 422: keep it for a person to look at, with the message. 503: try again later.
fn outcome_json(outcome: Outcome, lang: Lang) -> Response {
    let text = texts(lang);
    match outcome {
        Outcome::Stored { id, thanks, replay } => (
            StatusCode::OK,
            axum::Json(serde_json::json!({
                "status": if replay { "duplicate" } else { "stored" },
                "id": id,
                "thanks": thanks,
            })),
        )
            .into_response(),
        Outcome::Invalid { rejected, .. } => {
            let problems: Vec<_> = rejected
                .draft
                .problems
                .iter()
                .map(|(field, problem)| serde_json::json!({ "field": field, "problem": problem }))
                .collect();
            let message = if rejected.draft.form_invalid {
                text.err_form
            } else {
                text.err_summary
            };
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                axum::Json(serde_json::json!({
                    "status": "invalid",
                    "message": message,
                    "problems": problems,
                })),
            )
                .into_response()
        }
        Outcome::Conflict => answer_json(
            StatusCode::CONFLICT,
            "conflict",
            &format!("{} — {}", text.conflict_title, text.conflict_body),
        ),
        Outcome::UnknownUnit => {
            answer_json(StatusCode::NOT_FOUND, "unknown_unit", text.unit_not_found)
        }
        Outcome::Closed(closed) => {
            let (title, body) = closed.words(&text.invitation);
            let status = StatusCode::from_u16(closed.status()).unwrap_or(StatusCode::GONE);
            answer_json(status, closed.key(), &format!("{title}. {body}"))
        }
    }
}

fn answer_json(status: StatusCode, kind: &str, message: &str) -> Response {
    (
        status,
        axum::Json(serde_json::json!({ "status": kind, "message": message })),
    )
        .into_response()
}

/// What the link of a form shown again carries besides the unit.
struct Again<'a> {
    counter: &'a str,
    place: Option<&'a str>,
    invitation: Option<&'a str>,
    channel: Channel,
}

/// Renders the survey page again (status 422) with the rejected draft, as the GET would render it.
async fn render_again(
    state: &AppState,
    code: &str,
    kiosk: bool,
    again: Again<'_>,
    headers: &HeaderMap,
    rejected: Rejected,
) -> Response {
    let Again {
        counter,
        place,
        invitation,
        channel,
    } = again;
    let prefix = if kiosk { "k" } else { "s" };
    let mut uri = format!("/{prefix}/{code}?");
    if !counter.is_empty() {
        uri.push_str(&format!("loket={}&", app::i18n::encode_query(counter)));
    }
    if let Some(place) = place {
        uri.push_str(&format!("mpp={place}&"));
    }
    if let Some(code) = invitation {
        uri.push_str(&format!("{}={code}&", app::invitation::FIELD));
    }
    if channel == Channel::Web {
        uri.push_str("kanal=web");
    }
    crate::web::page::render_page(
        state,
        uri.trim_end_matches(['?', '&']),
        headers,
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
        move || provide_context(rejected.clone()),
    )
    .await
}
