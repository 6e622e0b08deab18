//! `/m/{code}` — the hall of a Mal Pelayanan Publik: one QR code at the entrance, every booth
//! serving there with its services, and a search that works with and without WASM.
//!
//! Choosing a booth opens that unit's survey with the MPP as the place (`/s/{unit}?mpp={code}`),
//! so the answer counts for the booth and for the MPP, never for the unit's own office. Without
//! JavaScript the search box submits `?q=…` and the server renders the filtered list; once the WASM
//! has hydrated, the list filters as the visitor types.

use crate::components::not_found::NotFound;
use crate::components::search::SearchBox;
use crate::error::LoadError;
use crate::i18n::t;
use crate::mpp::Tenant;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// What the hall shows: the MPP and the booths serving there now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hall {
    pub code: String,
    pub name: String,
    pub address: String,
    pub region_name: String,
    pub tenants: Vec<Tenant>,
}

#[server]
pub async fn load_hall(code: String) -> Result<Option<Hall>, LoadError> {
    let store = crate::store::use_store()?;
    let Some(detail) = store
        .mpp(&code)
        .await
        .map_err(crate::store::unavailable("loading the MPP's hall"))?
    else {
        return Ok(None);
    };
    let tenants = detail.serving().cloned().collect();
    Ok(Some(Hall {
        code: detail.mpp.code,
        name: detail.mpp.fields.name,
        address: detail.mpp.fields.address,
        region_name: detail.mpp.region_name,
        tenants,
    }))
}

/// `/m/{code}` (a citizen's phone) and `/m/{code}/kiosk` (the MPP's tablet at the exit: each booth
/// opens its kiosk form, which comes back here).
#[component]
pub fn HallPage(kiosk: bool) -> impl IntoView {
    let text = t();
    let params = use_params_map();
    let initial = use_query_map().with_untracked(|q| q.get("q").unwrap_or_default());
    let hall = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        load_hall,
    );
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || {
                let initial = initial.clone();
                Suspend::new(async move {
                    match hall.await {
                        Ok(Some(hall)) => view! {
                            <Title text=hall.name.clone() />
                            <header class="hall-head">
                                <h1>{hall.name.clone()}</h1>
                                <p class="survey-region">{hall.region_name.clone()}</p>
                                {(!hall.address.is_empty()).then(|| view! { <p class="muted">{hall.address.clone()}</p> })}
                            </header>
                            <p class="lead">{text.mpp.hall_intro}</p>
                            <HallSearch hall initial kiosk />
                        }
                            .into_any(),
                        Ok(None) => view! { <NotFound /> }.into_any(),
                        Err(_) => view! { <p class="error" role="alert">{text.load_error}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The search box and the booths (an island: the hall is handed to the browser, which filters it
/// as the citizen types; without the WASM the box submits `?q=…` to the server).
#[island]
fn HallSearch(hall: Hall, initial: String, kiosk: bool) -> impl IntoView {
    let text = t();
    let m = &text.mpp;
    let query = RwSignal::new(initial);
    let action = crate::mpp::hall_url(&hall.code, kiosk);
    let hall = StoredValue::new(hall);
    let found = move || {
        let q = query.get();
        hall.with_value(|h| h.tenants.iter().filter(|t| t.matches(&q)).count())
    };
    view! {
        <SearchBox
            action
            label=m.search_label
            placeholder=m.search_placeholder
            submit=m.search_submit
            query
        />
        <p class="found" role="status" aria-live="polite" data-testid="booths-found">
            {move || match found() {
                0 => m.none_found.to_string(),
                n => m.found.replace("{n}", &n.to_string()),
            }}
        </p>
        <ul class="booths">
            {move || {
                let q = query.get();
                hall.with_value(|h| {
                    h.tenants
                        .iter()
                        .filter(|t| t.matches(&q))
                        .map(|tenant| view! { <Booth tenant=tenant.clone() hall=h.code.clone() kiosk /> })
                        .collect_view()
                })
            }}
        </ul>
    }
}

#[component]
fn Booth(tenant: Tenant, hall: String, kiosk: bool) -> impl IntoView {
    let m = &t().mpp;
    let prefix = if kiosk { "k" } else { "s" };
    view! {
        <li class="booth" data-unit=tenant.code.clone()>
            <a href=format!("/{prefix}/{}?mpp={hall}", tenant.code)>
                <span class="unit-name">{tenant.name.clone()}</span>
                {tenant
                    .agency
                    .clone()
                    .map(|agency| view! { <span class="unit-kind">{m.national} " · " {agency}</span> })}
                {(!tenant.services.is_empty())
                    .then(|| view! { <span class="booth-services">{tenant.services.join(" · ")}</span> })}
                <span class="booth-go">{m.take_survey} " →"</span>
            </a>
        </li>
    }
}
