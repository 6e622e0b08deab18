//! `/admin` — the units a signed-in person is responsible for, by region.

use crate::access::Viewer;
use crate::components::province_choice::ProvinceChoice;
use crate::components::staff::{guarded, AdminFrame};
use crate::error::LoadError;
use crate::i18n::t;
use crate::model::{ProvinceUnits, UnitListing};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminHome {
    pub viewer: Viewer,
    /// `(region code, region name, units)`.
    pub regions: Vec<(String, String, Vec<UnitListing>)>,
    /// The provinces to choose from, when the units in the viewer's care are more than one page
    /// lists whole (a national administrator's 30 000 were a 6 MB page); empty otherwise.
    pub provinces: Vec<ProvinceUnits>,
    /// The province chosen among them.
    pub shown: Option<String>,
}

#[server(endpoint = "admin/ringkasan")]
pub async fn load_admin_home(provinsi: Option<String>) -> Result<Option<AdminHome>, LoadError> {
    use crate::access::province_of;
    use crate::pages::home::{provinces_of, WHOLE_DIRECTORY};
    use std::collections::HashMap;

    let viewer = crate::guard::require(|_| true)?;
    if viewer.is_read_only() {
        // The national evaluator manages no unit: their start is the nation's comparison.
        leptos_axum::redirect(&viewer.home_page());
        crate::guard::set_status(http::StatusCode::SEE_OTHER);
        return Ok(Some(AdminHome {
            viewer,
            regions: Vec::new(),
            provinces: Vec::new(),
            shown: None,
        }));
    }
    let store = crate::store::use_store()?;
    let failed = crate::store::unavailable("loading the administration overview");
    let names: HashMap<String, String> = store
        .regions()
        .await
        .map_err(failed)?
        .into_iter()
        .map(|r| (r.code, r.name))
        .collect();
    let mine: Vec<UnitListing> = store
        .all_units()
        .await
        .map_err(failed)?
        .into_iter()
        .filter(|l| viewer.can_manage_unit(&l.unit.code, &l.unit.region_code))
        .collect();
    let mut provinces: Vec<ProvinceUnits> = Vec::new();
    let mut shown = None;
    let listed: Vec<UnitListing> = if mine.len() > WHOLE_DIRECTORY {
        provinces = provinces_of(
            mine.iter().map(|l| (l.unit.region_code.as_str(), 1)),
            |code| names.get(code).cloned(),
        );
        shown = provinsi
            .map(|p| p.trim().to_string())
            .filter(|p| provinces.iter().any(|c| c.code == *p));
        match &shown {
            Some(code) => mine
                .into_iter()
                .filter(|l| province_of(&l.unit.region_code) == code)
                .collect(),
            None => Vec::new(),
        }
    } else {
        mine
    };
    // Grouped by region, the regions in the order their first unit comes.
    let mut regions: Vec<(String, String, Vec<UnitListing>)> = vec![];
    let mut at: HashMap<String, usize> = HashMap::new();
    for listing in listed {
        let code = listing.unit.region_code.clone();
        match at.get(&code) {
            Some(&i) => regions[i].2.push(listing),
            None => {
                let name = names.get(&code).cloned().unwrap_or_else(|| code.clone());
                at.insert(code.clone(), regions.len());
                regions.push((code, name, vec![listing]));
            }
        }
    }
    Ok(Some(AdminHome {
        viewer,
        regions,
        provinces,
        shown,
    }))
}

#[component]
pub fn AdminHomePage() -> impl IntoView {
    let text = t();
    let query = use_query_map();
    let data = Resource::new(move || query.with(|q| q.get("provinsi")), load_admin_home);
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
                            {(!home.provinces.is_empty()).then(|| view! {
                                <ProvinceChoice page="/admin" provinces=home.provinces.clone() shown=home.shown.clone() />
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
