//! The dashboard's forms (`POST /dasbor/{code}/…`): a comment's status, note and public reply; the
//! follow-up plan's new items; alert rules; acknowledging an alert; publishing a period. (Evidence
//! — media, follow-up progress, photos — is `evidence.rs`.)
//!
//! Plain HTML forms like the administration's (the same `Ctx`, refusals and re-rendering): each
//! checks on the server that the viewer may manage this unit, validates, stores the change with its
//! audit line, and answers 303 back to the page, or the page again (422) with each problem beside
//! its field.

use crate::web::form::{problems, Answer, Ctx, Managed};
use crate::web::state::AppState;
use app::dashboard::{AlertRules, CommentStatus, CommentUpdate, LevyChannel, NewAction};
use app::forms::code;
use app::periods::{period_query, resolve_period};
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
        .route(
            "/dasbor/{code}/masukan/{response}/dihubungi",
            post(mark_contacted),
        )
        .route("/dasbor/{code}/tindak-lanjut", post(add_action))
        .route("/dasbor/{code}/peringatan", post(set_rules))
        .route("/dasbor/{code}/peringatan/{id}/tangani", post(acknowledge))
        .route("/dasbor/{code}/peringatan/{id}/teruskan", post(forward))
        .route("/dasbor/{code}/peringatan/{id}/tutup", post(close))
        .route("/dasbor/{code}/terbitkan", post(publish))
}

/// The period a request's query names (`periode`, or `dari` and `sampai`), as the dashboard reads it.
pub(crate) fn requested_period(pairs: &[(String, String)]) -> Period {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    resolve_period(get("periode"), get("dari"), get("sampai"), jakarta_today()).0
}

/// The dashboard's address for the period in a posted form's query (rebuilt, never echoed).
pub(crate) fn dashboard_page(code: &str, pairs: &[(String, String)]) -> String {
    format!("/dasbor/{code}?{}", period_query(&requested_period(pairs)))
}

/// For the dashboard's own forms: the page to return to (the period in the query) and the unit
/// the viewer manages, or the refusal.
pub(crate) async fn on_dashboard(
    ctx: &Ctx,
    unit: &str,
    query: &[(String, String)],
) -> Result<(String, Managed), crate::web::form::Refusal> {
    let page = dashboard_page(unit, query);
    let managed = ctx.managed(unit, &page).await?;
    Ok((page, managed))
}

pub(crate) fn saved(page: &str) -> Response {
    let joiner = if page.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{page}{joiner}disimpan=1")).into_response()
}

pub(crate) fn optional(text: String) -> Option<String> {
    Some(text).filter(|t| !t.is_empty())
}

#[derive(Debug, Validate)]
struct CommentInput {
    #[validate(length(max = 2000, code = "length"))]
    catatan: String,
    #[validate(length(max = 2000, code = "length"))]
    balasan: String,
}

async fn update_comment(Path((unit, response)): Path<(String, String)>, ctx: Ctx) -> Answer {
    let back = inbox_back(&unit, &ctx);
    let managed = ctx.managed(&unit, &back).await?;
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
        return Ok(ctx.again(&back, &form, errors).await);
    };
    let update = CommentUpdate {
        status,
        note: optional(input.catatan),
        public_reply: optional(input.balasan),
    };
    let actor = ctx.actor(&managed.viewer);
    ctx.state
        .store
        .update_comment(
            managed.unit.id,
            &response,
            &update,
            chrono::Utc::now(),
            &actor,
        )
        .await?;
    Ok(saved(&back))
}

/// "Sudah dihubungi": staff reached the citizen at the contact they consented to. Only the unit's
/// own staff see contacts, so only they may mark one (403 for the region above it).
async fn mark_contacted(Path((unit, response)): Path<(String, String)>, ctx: Ctx) -> Answer {
    let back = inbox_back(&unit, &ctx);
    let managed = ctx.managed(&unit, &back).await?;
    if !managed.viewer.sees_contacts_of(&unit) {
        return Err(crate::web::form::Refusal::Forbidden);
    }
    let actor = ctx.actor(&managed.viewer);
    ctx.state
        .store
        .mark_contacted(managed.unit.id, &response, chrono::Utc::now(), &actor)
        .await?;
    Ok(saved(&back))
}

/// Back to the inbox with its filters; only a path of this unit's inbox is accepted.
fn inbox_back(unit: &str, ctx: &Ctx) -> String {
    let inbox = format!("/dasbor/{unit}/masukan");
    Some(ctx.get("kembali"))
        .filter(|b| b.starts_with(&format!("{inbox}?")) && !b.contains(['\r', '\n', '#']))
        .unwrap_or(inbox)
}

#[derive(Debug, Validate)]
struct ActionInput {
    #[validate(length(min = 3, max = 2000, code = "length"))]
    tindakan: String,
    #[validate(length(min = 2, max = 200, code = "length"))]
    penanggung_jawab: String,
    #[validate(length(max = 200, code = "length"))]
    tema: String,
}

async fn add_action(
    Path(unit): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
    ctx: Ctx,
) -> Answer {
    let (page, managed) = on_dashboard(&ctx, &unit, &query).await?;
    let (actor, unit_id) = (ctx.actor(&managed.viewer), managed.unit.id);
    let input = ActionInput {
        tindakan: ctx.get("tindakan"),
        penanggung_jawab: ctx.get("penanggung_jawab"),
        tema: ctx.get("tema"),
    };
    let mut errors = match input.validate() {
        Ok(()) => vec![],
        Err(e) => problems(e, &["tindakan", "penanggung_jawab", "tema"]),
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
        return Ok(ctx.again(&page, "action", errors).await);
    };
    let action = NewAction {
        period: period.key(),
        unsur,
        action: input.tindakan,
        owner: input.penanggung_jawab,
        due,
        theme: optional(input.tema),
    };
    ctx.state
        .store
        .add_followup_action(unit_id, &action, &actor)
        .await?;
    Ok(saved(&page))
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
) -> Answer {
    let (page, managed) = on_dashboard(&ctx, &unit, &query).await?;
    let (actor, unit_id) = (ctx.actor(&managed.viewer), managed.unit.id);
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
    let rate = number("tanggapan", 1..=100).unwrap_or_else(|()| {
        errors.push(("tanggapan".into(), code::NUMBER.into()));
        None
    });
    let input = RulesInput {
        email: optional(ctx.get("email")),
    };
    if let Err(e) = input.validate() {
        errors.extend(problems(e, &["email"]));
    }
    if !errors.is_empty() {
        return Ok(ctx.again(&page, "rules", errors).await);
    }
    let rules = AlertRules {
        below_grade,
        low_share_percent: percent,
        low_share_last: last.unwrap_or(AlertRules::default().low_share_last),
        min_response_rate: rate,
        email: input.email,
    };
    let result = ctx
        .state
        .store
        .set_alert_rules(unit_id, &rules, &actor)
        .await;
    ctx.state.alerts.forget_rules(unit_id);
    result?;
    Ok(saved(&page))
}

async fn acknowledge(
    Path((unit, id)): Path<(String, i64)>,
    Query(query): Query<Vec<(String, String)>>,
    ctx: Ctx,
) -> Answer {
    let (page, managed) = on_dashboard(&ctx, &unit, &query).await?;
    let (actor, unit_id) = (ctx.actor(&managed.viewer), managed.unit.id);
    ctx.state
        .store
        .acknowledge_alert(unit_id, id, &actor)
        .await?;
    Ok(saved(&page))
}

#[derive(Debug, Validate)]
struct ForwardInput {
    #[validate(length(min = 3, max = 100, code = "length"))]
    nomor: String,
}

/// A levy report forwarded to APIP or SP4N-LAPOR! (`ke`) under its reference number (`nomor`).
async fn forward(
    Path((unit, id)): Path<(String, i64)>,
    Query(query): Query<Vec<(String, String)>>,
    ctx: Ctx,
) -> Answer {
    let (page, managed) = on_dashboard(&ctx, &unit, &query).await?;
    let (actor, unit_id) = (ctx.actor(&managed.viewer), managed.unit.id);
    let input = ForwardInput {
        nomor: ctx.get("nomor"),
    };
    let mut errors = match input.validate() {
        Ok(()) => vec![],
        Err(e) => problems(e, &["nomor"]),
    };
    let to = LevyChannel::parse(&ctx.get("ke"));
    if to.is_none() {
        errors.insert(0, ("ke".into(), code::CHOICE.into()));
    }
    let (Some(to), true) = (to, errors.is_empty()) else {
        return Ok(ctx.again(&page, &format!("alert-{id}"), errors).await);
    };
    ctx.state
        .store
        .forward_alert(unit_id, id, to, &input.nomor, chrono::Utc::now(), &actor)
        .await?;
    Ok(saved(&page))
}

#[derive(Debug, Validate)]
struct CloseInput {
    #[validate(length(max = 2000, code = "length"))]
    catatan: String,
}

/// A levy report closed, with what was done (`catatan`; required when it was not forwarded).
async fn close(
    Path((unit, id)): Path<(String, i64)>,
    Query(query): Query<Vec<(String, String)>>,
    ctx: Ctx,
) -> Answer {
    let (page, managed) = on_dashboard(&ctx, &unit, &query).await?;
    let (actor, unit_id) = (ctx.actor(&managed.viewer), managed.unit.id);
    let input = CloseInput {
        catatan: ctx.get("catatan"),
    };
    let mut errors = match input.validate() {
        Ok(()) => vec![],
        Err(e) => problems(e, &["catatan"]),
    };
    let forwarded = ctx
        .state
        .store
        .alerts(unit_id, 500)
        .await?
        .iter()
        .any(|a| a.id == id && a.forwarded.is_some());
    if !forwarded && input.catatan.trim().chars().count() < 10 && errors.is_empty() {
        errors.push(("catatan".into(), code::CLOSING_NOTE.into()));
    }
    if !errors.is_empty() {
        return Ok(ctx.again(&page, &format!("alert-{id}"), errors).await);
    }
    ctx.state
        .store
        .close_alert(
            unit_id,
            id,
            optional(input.catatan.trim().to_string()).as_deref(),
            chrono::Utc::now(),
            &actor,
        )
        .await?;
    Ok(saved(&page))
}

/// Publishes the period in the form (`periode`), or withdraws it (`terbit=0`).
async fn publish(
    Path(unit): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
    ctx: Ctx,
) -> Answer {
    let (page, managed) = on_dashboard(&ctx, &unit, &query).await?;
    let (actor, unit_id) = (ctx.actor(&managed.viewer), managed.unit.id);
    let Some(period) =
        Period::parse(&ctx.get("periode")).filter(|p| p.kind != ikm_domain::PeriodKind::Custom)
    else {
        let problem = vec![(String::new(), code::CHOICE.into())];
        return Ok(ctx.again(&page, "publish", problem).await);
    };
    let publish = ctx.get("terbit") != "0";
    ctx.state
        .store
        .set_published(unit_id, &period.key(), publish, chrono::Utc::now(), &actor)
        .await?;
    Ok(saved(&page))
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
