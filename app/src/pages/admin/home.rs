//! `/admin` — the units a signed-in person is responsible for, by region.

use crate::access::Viewer;
use crate::components::staff::{guarded, AdminFrame};
use crate::error::LoadError;
use crate::i18n::t;
use crate::model::UnitListing;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminHome {
    pub viewer: Viewer,
    /// `(region code, region name, units)`.
    pub regions: Vec<(String, String, Vec<UnitListing>)>,
}

#[server(endpoint = "admin/ringkasan")]
pub async fn load_admin_home() -> Result<Option<AdminHome>, LoadError> {
    let viewer = crate::guard::require(|_| true)?;
    if viewer.is_read_only() {
        // The national evaluator manages no unit: their start is the nation's comparison.
        leptos_axum::redirect(&viewer.home_page());
        crate::guard::set_status(http::StatusCode::SEE_OTHER);
        return Ok(Some(AdminHome {
            viewer,
            regions: Vec::new(),
        }));
    }
    let store = crate::store::use_store()?;
    let failed = crate::store::unavailable("loading the administration overview");
    let names = store.regions().await.map_err(failed)?;
    let mut regions: Vec<(String, String, Vec<UnitListing>)> = vec![];
    for listing in store.all_units().await.map_err(failed)? {
        if !viewer.can_manage_unit(&listing.unit.code, &listing.unit.region_code) {
            continue;
        }
        let code = listing.unit.region_code.clone();
        match regions.iter_mut().find(|(c, _, _)| *c == code) {
            Some((_, _, units)) => units.push(listing),
            None => {
                let name = names
                    .iter()
                    .find(|r| r.code == code)
                    .map(|r| r.name.clone())
                    .unwrap_or_else(|| code.clone());
                regions.push((code, name, vec![listing]));
            }
        }
    }
    Ok(Some(AdminHome { viewer, regions }))
}

#[component]
pub fn AdminHomePage() -> impl IntoView {
    let text = t();
    let data = Resource::new(|| (), |_| load_admin_home());
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                guarded(data.await, |home: AdminHome| {
                    let a = &text.admin;
                    let can_create = home.viewer.can_create_units();
                    let viewer = home.viewer.clone();
                    view! {
                        <AdminFrame viewer=home.viewer title=a.nav_units.to_string()>
                            <p class="lead">{a.units_intro}</p>
                            {can_create.then(|| view! {
                                <p><a class="button" href="/admin/unit/baru">{a.add_unit}</a></p>
                            })}
                            <div class="regions">
                                {home
                                    .regions
                                    .into_iter()
                                    .map(|(code, name, units)| view! {
                                        <section class="region" data-region=code.clone()>
                                            <h2>{name}</h2>
                                            {viewer.can_edit_region_letterhead(&code).then(|| view! {
                                                <p>
                                                    <a href=format!("/admin/wilayah/{code}/kop")>{a.kop_link}</a>
                                                </p>
                                            })}
                                            <ul class="units">
                                                {units
                                                    .into_iter()
                                                    .map(|l| view! {
                                                        <li>
                                                            <a href=format!("/admin/unit/{}", l.unit.code)>
                                                                <span class="unit-name">{l.unit.name}</span>
                                                                <span class="unit-kind">{l.unit.kind.label()}</span>
                                                                {(!l.active).then(|| view! {
                                                                    <span class="badge">{a.inactive}</span>
                                                                })}
                                                            </a>
                                                            <a class="dash-link" href=format!("/dasbor/{}", l.unit.code)>
                                                                {text.dash.nav}
                                                            </a>
                                                        </li>
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        </section>
                                    })
                                    .collect_view()}
                            </div>
                        </AdminFrame>
                    }
                })
            })}
        </Suspense>
    }
}
