//! `/tv/{code}` — the live screen for a waiting room's television ("Mode TV"), of a unit or of a Mal
//! Pelayanan Publik: full screen, readable from five metres at 1920×1080 and 1280×720 (sizes in
//! `vh`/`vw`, style/main.css `.tv-screen`). What it shows is `crate::tv::Screen`.
//!
//! The server renders it whole. With JavaScript, `public/tv.js` listens to `/tv/{code}/events`
//! (server-sent events from one shared computation per place, `server/src/web/tv.rs`) and puts each
//! new value in place without reloading; when the network drops or the server restarts it keeps the
//! last value on screen and reconnects. Without JavaScript the page reloads itself every 30 s.

use crate::components::not_found::NotFound;
use crate::error::LoadError;
use crate::i18n::t;
use crate::tv::Screen;
use leptos::prelude::*;
use leptos_meta::{Script, Title};
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// Seconds between reloads of a screen without JavaScript.
pub const RELOAD_SECONDS: u32 = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TvData {
    pub code: String,
    pub screen: Screen,
    /// The survey's full address, written under its QR code.
    pub link: String,
    pub qr_svg: String,
}

#[server]
pub async fn load_tv(code: String) -> Result<Option<TvData>, LoadError> {
    let store = crate::store::use_store()?;
    let lang = crate::i18n::use_lang();
    let Some((_, screen)) = crate::tv::server::screen(store.as_ref(), &code, lang)
        .await
        .map_err(crate::store::unavailable("loading a TV screen"))?
    else {
        crate::guard::set_status(http::StatusCode::NOT_FOUND);
        return Ok(None);
    };
    let link = format!("{}{}", super::poster::public_base_url(), screen.survey);
    Ok(Some(TvData {
        qr_svg: super::poster::qr_svg(&link)?,
        link,
        code,
        screen,
    }))
}

#[component]
pub fn TvPage() -> impl IntoView {
    let text = t();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        load_tv,
    );
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(data)) => view! { <TvScreen data /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(_) => view! { <p class="error" role="alert">{text.load_error}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TvScreen(data: TvData) -> impl IntoView {
    let m = &t().mpp;
    let s = data.screen;
    let events = format!("/tv/{}/events", data.code);
    view! {
        <Title text=s.name.clone() />
        <Script src="/tv.js" defer="" />
        <noscript>
            <meta http-equiv="refresh" content=RELOAD_SECONDS.to_string() />
        </noscript>
        <div class="tv-screen" data-events=events data-testid="tv">
            <header class="tv-head">
                <h1 data-tv="name">{s.name.clone()}</h1>
                <p data-tv="place">{s.place.clone()}</p>
            </header>
            <section class="tv-today">
                <p class="tv-label">{m.tv_today}</p>
                <p class="tv-big" data-tv="today">{s.today.to_string()}</p>
            </section>
            <section class="tv-ikm">
                <p class="tv-label">{m.tv_ikm} " " <span data-tv="period">{s.period.clone().unwrap_or_default()}</span></p>
                <p class="tv-big">
                    <span data-tv="ikm">{s.ikm.as_ref().map(|(v, _)| v.clone()).unwrap_or_default()}</span>
                    " "
                    <span data-tv="grade" class=s.ikm.as_ref().map(|(_, g)| format!("grade grade-{g}")).unwrap_or_default()>
                        {s.ikm.as_ref().map(|(_, g)| g.clone()).unwrap_or_default()}
                    </span>
                </p>
                <p class="tv-note" data-tv="no-ikm" hidden=s.ikm.is_some()>{m.tv_no_ikm}</p>
                <ul class="tv-bars" data-tv="bars">
                    {s.bars.iter().map(|b| view! {
                        <li>
                            <span class="tv-bar-name">{b.name.clone()}</span>
                            <span class="tv-bar"><span style=format!("width:{}%", b.percent)></span></span>
                            <span class="tv-bar-value">{b.value.clone()}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
            <section class="tv-replies">
                <h2>{m.tv_replies}</h2>
                <p class="tv-note" data-tv="no-replies" hidden=!s.replies.is_empty()>{m.tv_no_replies}</p>
                <ul data-tv="replies">
                    {s.replies.iter().map(|r| view! {
                        <li><q>{r.comment.clone()}</q><p>{r.reply.clone()}</p></li>
                    }).collect_view()}
                </ul>
            </section>
            <aside class="tv-qr">
                <div class="tv-qr-code" inner_html=data.qr_svg></div>
                <p>{m.tv_scan}</p>
                <p class="tv-link">{data.link}</p>
            </aside>
            <p class="tv-status" data-tv="status" role="status" hidden=true>{m.tv_reconnecting}</p>
        </div>
    }
}
