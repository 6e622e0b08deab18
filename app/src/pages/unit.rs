//! `/unit/{code}` — one unit: its region, its Mal Pelayanan Publik, its services, and what it did
//! about what citizens said ("Anda berkata, kami melakukan": the public replies staff wrote in the
//! feedback inbox).

use crate::components::not_found::NotFound;
use crate::dashboard::PublicReply;
use crate::error::LoadError;
use crate::i18n::t;
use crate::model::UnitDetail;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The public replies shown on a unit's page.
pub const PUBLIC_REPLIES: u32 = 20;

/// The active unit with this code and its newest public replies, or `None` (unknown or
/// deactivated: both are a 404).
#[server]
pub async fn load_unit(code: String) -> Result<Option<(UnitDetail, Vec<PublicReply>)>, LoadError> {
    let store = crate::store::use_store()?;
    let Some(unit) = crate::store::active_unit(store.as_ref(), &code, "loading a unit").await?
    else {
        return Ok(None);
    };
    let replies = store
        .public_replies(unit.id, PUBLIC_REPLIES)
        .await
        .map_err(crate::store::unavailable("loading a unit's public replies"))?;
    Ok(Some((unit, replies)))
}

#[component]
pub fn UnitPage() -> impl IntoView {
    let text = t();
    let params = use_params_map();
    let unit = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        load_unit,
    );
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                match unit.await {
                    Ok(Some((detail, replies))) => view! { <UnitView detail replies /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(_) => view! { <p class="error" role="alert">{text.load_error}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn UnitView(detail: UnitDetail, replies: Vec<PublicReply>) -> impl IntoView {
    let text = t();
    let d = &text.dash;
    let UnitDetail {
        unit,
        region_name,
        services,
        ..
    } = detail;
    view! {
        <Title text=unit.name.clone() />
        <article class="unit">
            <h1>{unit.name.clone()}</h1>
            <dl class="facts">
                <dt>{text.unit_region}</dt>
                <dd>{region_name}</dd>
                <dt>{text.unit_kind}</dt>
                <dd>{unit.kind.label()}</dd>
                {unit
                    .mpp_name
                    .clone()
                    .map(|mpp| view! {
                        <dt>{text.unit_mpp}</dt>
                        <dd>{mpp}</dd>
                    })}
                <dt>{text.unit_code}</dt>
                <dd>
                    <code>{unit.code.clone()}</code>
                </dd>
            </dl>
            <p class="actions">
                <a class="button" href=format!("/s/{}", unit.code)>{text.unit_take_survey}</a>
                " "
                <a href=format!("/s/{}/poster", unit.code)>{text.unit_poster}</a>
            </p>
            <h2>{text.unit_services}</h2>
            {if services.is_empty() {
                view! { <p>{text.unit_no_services}</p> }.into_any()
            } else {
                view! {
                    <ul class="services">
                        {services
                            .into_iter()
                            .map(|s| view! { <li>{s.name}</li> })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            {(!replies.is_empty()).then(|| view! {
                <section class="public-replies" data-testid="public-replies">
                    <h2>{d.public_heading}</h2>
                    <ul>
                        {replies.into_iter().map(|r| view! {
                            <li>
                                <p><strong>{d.public_said}</strong> ": " <q>{r.comment}</q></p>
                                <p><strong>{d.public_did}</strong> ": " {r.reply}</p>
                                <p class="muted">{crate::time::jakarta_time(&r.replied_at)}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            <p>
                <A href="/">{text.back_home}</A>
            </p>
        </article>
    }
}
