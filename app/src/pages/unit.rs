//! `/unit/{code}` — one unit: its region, its Mal Pelayanan Publik, and its services.

use crate::i18n::t;
use crate::model::UnitDetail;
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The active unit with this code, or `None` (unknown or deactivated: both are a 404).
#[server]
pub async fn load_unit(code: String) -> Result<Option<UnitDetail>, ServerFnError> {
    let store = crate::store::use_store()?;
    crate::store::active_unit(store.as_ref(), &code, "loading a unit").await
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
                    Ok(Some(detail)) => view! { <UnitView detail /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(_) => view! { <p class="error" role="alert">{text.load_error}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn UnitView(detail: UnitDetail) -> impl IntoView {
    let text = t();
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
            <p>
                <A href="/">{text.back_home}</A>
            </p>
        </article>
    }
}
