//! Invitations on the web (`app::invitation`, `docs/INVITATIONS.md`): a citizen's link
//! (`GET /i/{code}`, to the unit's survey with the invitation, service and counter filled in), the
//! counter staff's form that issues one (`POST /dasbor/{code}/undangan/baru`, back to the page that
//! shows its QR code, WhatsApp link and SMS text) and the unit's settings
//! (`POST /dasbor/{code}/undangan/pengaturan`).

use crate::web::dashboard::saved;
use crate::web::form::{Answer, Ctx};
use crate::web::page::cookie_lang;
use crate::web::state::AppState;
use crate::web::survey::closed_page;
use app::forms::code;
use app::invitation::{
    code_from_bytes, normalize, Closed, Invitation, InvitationSettings, CODE_BYTES, MAX_VALID_DAYS,
};
use app::model::UnitDetail;
use app::survey::clean_counter;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/i/{code}", get(open))
        .route("/i/{code}/qr.png", get(qr_png))
        .route("/dasbor/{code}/undangan/baru", post(issue))
        .route("/dasbor/{code}/undangan/pengaturan", post(settings))
        .route("/dasbor/{code}/undangan/kunci", post(create_key))
        .route("/dasbor/{code}/undangan/kunci/{id}/cabut", post(revoke_key))
}

/// A new invitation of `unit`, with a code of the operating system's randomness.
pub fn new_invitation(
    unit: &UnitDetail,
    service_id: Option<i64>,
    counter_tag: String,
    settings: InvitationSettings,
    now: DateTime<Utc>,
) -> Invitation {
    let mut bytes = [0u8; CODE_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Invitation {
        code: code_from_bytes(bytes),
        unit_id: unit.id,
        unit_code: unit.unit.code.clone(),
        service_id,
        counter_tag,
        issued_at: now,
        expires_at: now + Duration::days(i64::from(settings.valid_days)),
        response_id: None,
    }
}

/// An invitation's link: absolute on the configured public address (`IKM_PUBLIC_URL`), else on the
/// host the request came to.
pub fn invitation_url(public_url: Option<&str>, host: Option<&str>, code: &str) -> String {
    let path = app::invitation::invitation_path(code);
    match (public_url, host) {
        (Some(base), _) => format!("{}{path}", base.trim_end_matches('/')),
        (None, Some(host)) => format!("http://{host}{path}"),
        (None, None) => path,
    }
}

/// The QR code of `link` as a PNG: eight pixels a module, a quiet zone of four modules.
pub fn qr_png_bytes(link: &str) -> Result<Vec<u8>, String> {
    const SCALE: u32 = 8;
    const QUIET: u32 = 4;
    let (width, dark) = app::pages::poster::qr_modules(link)?;
    let width = u32::try_from(width).map_err(|e| e.to_string())?;
    let size = (width + 2 * QUIET) * SCALE;
    let image = image::GrayImage::from_fn(size, size, |x, y| {
        let (mx, my) = (x / SCALE, y / SCALE);
        let inside = (QUIET..QUIET + width).contains(&mx) && (QUIET..QUIET + width).contains(&my);
        let black = inside
            && dark
                .get(((my - QUIET) * width + (mx - QUIET)) as usize)
                .copied()
                .unwrap_or(false);
        image::Luma([if black { 0 } else { 255 }])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageLuma8(image)
        .write_to(&mut out, image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    Ok(out.into_inner())
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

/// A new API key: `ikm_`, eight characters to find it by, `_`, and 43 more (215 random bits),
/// all lowercase letters and digits.
pub fn new_api_key() -> (String, String) {
    let mut bytes = [0u8; 51];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
    let text: String = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(b % 32)] as char)
        .collect();
    let (prefix, secret) = text.split_at(8);
    let prefix = prefix.to_string();
    (format!("ikm_{prefix}_{secret}"), prefix)
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
    let hash = crate::web::api::key_hash(&key);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_qr_png_has_a_white_quiet_zone_and_dark_modules_eight_pixels_each() {
        let png = qr_png_bytes("https://ikm.example/i/7KQ2-M9XD-4HTR-PW3B").expect("png");
        let image = image::load_from_memory(&png).expect("a PNG").to_luma8();
        let (width, _) =
            app::pages::poster::qr_modules("https://ikm.example/i/7KQ2-M9XD-4HTR-PW3B")
                .expect("modules");
        assert_eq!(image.width(), (width as u32 + 8) * 8);
        assert_eq!(image.get_pixel(0, 0).0, [255], "quiet zone");
        // The finder pattern's corner module (top left) is dark.
        assert_eq!(image.get_pixel(4 * 8, 4 * 8).0, [0]);
    }

    #[test]
    fn links_are_absolute_on_the_public_address_or_the_host() {
        assert_eq!(
            invitation_url(Some("https://ikm.example/"), Some("x"), "A"),
            "https://ikm.example/i/A"
        );
        assert_eq!(
            invitation_url(None, Some("ikm.test"), "A"),
            "http://ikm.test/i/A"
        );
        assert_eq!(invitation_url(None, None, "A"), "/i/A");
        let (key, prefix) = new_api_key();
        assert_eq!(app::invitation::key_prefix(&key), Some(prefix.as_str()));
    }
}
