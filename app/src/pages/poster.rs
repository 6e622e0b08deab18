//! `/s/{code}/poster` — a print-ready A4 page with the unit's QR code and its short link.

use crate::components::not_found::NotFound;
use crate::error::LoadError;
use crate::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PosterData {
    pub unit_name: String,
    pub region_name: String,
    /// The short link the QR code holds, written out under it.
    pub link: String,
    /// The QR code as an SVG document (made on the server from the link only).
    pub qr_svg: String,
}

#[server]
pub async fn load_poster(code: String) -> Result<Option<PosterData>, LoadError> {
    let store = crate::store::use_store()?;
    let Some(unit) = crate::store::active_unit(store.as_ref(), &code, "loading the poster").await?
    else {
        return Ok(None);
    };
    let link = format!("{}/s/{}", public_base_url(), unit.unit.code);
    poster(unit.unit.name, unit.region_name, link).map(Some)
}

/// The poster of a Mal Pelayanan Publik's entrance: its hall link (`/m/{code}`), where each
/// citizen chooses the booth that served them.
#[server]
pub async fn load_hall_poster(code: String) -> Result<Option<PosterData>, LoadError> {
    let store = crate::store::use_store()?;
    let Some(hall) = store
        .mpp(&code)
        .await
        .map_err(crate::store::unavailable("loading the MPP's poster"))?
    else {
        return Ok(None);
    };
    let link = format!("{}/m/{}", public_base_url(), hall.mpp.code);
    poster(hall.mpp.fields.name, hall.mpp.region_name, link).map(Some)
}

/// A poster's content: the QR code made on the server from the link only.
#[cfg(feature = "ssr")]
fn poster(name: String, region_name: String, link: String) -> Result<PosterData, LoadError> {
    Ok(PosterData {
        unit_name: name,
        region_name,
        qr_svg: qr_svg(&link)?,
        link,
    })
}

/// The QR code of `link` as an SVG document.
#[cfg(feature = "ssr")]
pub(crate) fn qr_svg(link: &str) -> Result<String, LoadError> {
    let qr = qrcode::QrCode::with_error_correction_level(link.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| LoadError::Call(e.to_string()))?;
    Ok(qr
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(320, 320)
        .quiet_zone(true)
        .build())
}

/// The QR code of `link` as an SVG document, for callers outside a page (the invitations API).
#[cfg(feature = "ssr")]
pub fn qr_document(link: &str) -> Result<String, String> {
    qr_svg(link).map_err(|e| e.to_string())
}

/// The QR code of `link` as its modules: the width in modules, and whether each is dark, row by
/// row (for a PNG drawn by the server).
#[cfg(feature = "ssr")]
pub fn qr_modules(link: &str) -> Result<(usize, Vec<bool>), String> {
    let qr = qrcode::QrCode::with_error_correction_level(link.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| e.to_string())?;
    let dark = qr
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    Ok((qr.width(), dark))
}

/// The address citizens reach this server at: `IKM_PUBLIC_URL` when set, else the request's host.
#[cfg(feature = "ssr")]
pub(crate) fn public_base_url() -> String {
    if let Ok(url) = std::env::var("IKM_PUBLIC_URL") {
        if !url.trim().is_empty() {
            return url.trim().trim_end_matches('/').to_string();
        }
    }
    use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::HOST)?
                .to_str()
                .ok()
                .map(str::to_string)
        })
        .map(|host| format!("http://{host}"))
        .unwrap_or_else(|| "http://127.0.0.1:3000".to_string())
}

/// The link as pieces that never break inside (a unit code stays whole), with a break allowed
/// after each `/`.
fn url_parts(link: &str) -> impl IntoView {
    let scheme_end = link.find("://").map_or(0, |i| i + 3);
    let (scheme, rest) = link.split_at(scheme_end);
    let pieces: Vec<String> = rest
        .split_inclusive('/')
        .enumerate()
        .map(|(i, piece)| {
            if i == 0 {
                format!("{scheme}{piece}")
            } else {
                piece.to_string()
            }
        })
        .collect();
    pieces
        .into_iter()
        .map(|piece| view! { <span class="nowrap">{piece}</span><wbr /> })
        .collect_view()
}

#[component]
pub fn PosterPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        load_poster,
    );
    view! { <Poster data invite=t().poster_invite /> }
}

/// The entrance poster of a Mal Pelayanan Publik (`/m/{code}/poster`).
#[component]
pub fn HallPosterPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        load_hall_poster,
    );
    view! { <Poster data invite=t().mpp.poster_invite /> }
}

#[component]
fn Poster(
    data: Resource<Result<Option<PosterData>, LoadError>>,
    invite: &'static str,
) -> impl IntoView {
    let text = t();
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(p)) => view! {
                        <Title text=p.unit_name.clone() />
                        <article class="poster">
                            <p class="poster-brand">{text.app_name}</p>
                            <h1>{p.unit_name.clone()}</h1>
                            <p class="poster-region">{p.region_name.clone()}</p>
                            <p class="poster-invite">{invite}</p>
                            <div class="poster-qr" inner_html=p.qr_svg.clone()></div>
                            <p class="poster-link">
                                {text.poster_or_visit} " " <strong data-testid="poster-link">{url_parts(&p.link)}</strong>
                            </p>
                        </article>
                    }
                        .into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(_) => view! { <p class="error" role="alert">{text.load_error}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
