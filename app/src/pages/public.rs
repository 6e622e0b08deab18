//! `/publik` and `/publik/{code}` — the results units have published, open to everyone without
//! signing in: the province and every kabupaten/kota with its units' latest published period (IKM, grade,
//! respondents), and per unit the nine NRRs, its public replies and its follow-up actions. A period
//! a unit has not published is never shown here (`Dashboards::all_published`).

use crate::components::not_found::NotFound;
use crate::dashboard::{FollowUpAction, PublicReply};
use crate::error::LoadError;
use crate::i18n::{t, use_lang};
use ikm_domain::decimal::group_thousands;
use ikm_domain::{Hundredths, IkmResult, Mutu, Unsur};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicUnitRow {
    pub code: String,
    pub name: String,
    pub period_label: String,
    pub converted: Hundredths,
    pub mutu: Mutu,
    pub respondents: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicRegion {
    pub code: String,
    pub name: String,
    /// The region's figure for the latest period any of its units published.
    pub figures: Option<PublicRegionFigures>,
    pub units: Vec<PublicUnitRow>,
}

/// A region's public figure: pooled (and mean of units) over the units that published the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicRegionFigures {
    pub period_label: String,
    pub converted: Hundredths,
    pub mutu: Mutu,
    pub respondents: u64,
    pub mean_of_units: Option<Hundredths>,
    /// Units that published this period, of the region's active units.
    pub units_published: usize,
    pub units_total: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicUnit {
    pub code: String,
    pub name: String,
    pub region_name: String,
    pub period_label: String,
    pub result: IkmResult,
    pub replies: Vec<PublicReply>,
    pub actions: Vec<FollowUpAction>,
    /// The further media the published periods' results appeared in.
    pub media: Vec<crate::evidence::MediumRecord>,
}

/// What `/publik` shows: the provinces side by side (when units of more than one province take
/// part), and one province with every kabupaten/kota and their units (the one asked for with
/// `?provinsi=`, or the only one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicResults {
    /// Every province with units, each with its figure and no unit rows; empty when only one
    /// province takes part.
    pub provinces: Vec<PublicRegion>,
    /// The province shown (code), and it with its kabupaten/kota (with their units' rows).
    pub shown: Option<String>,
    pub regions: Vec<PublicRegion>,
}

/// The published results: the provinces side by side, and the province asked for (`provinsi`)
/// region by region with its units.
#[server(endpoint = "publik")]
pub async fn load_public(provinsi: Option<String>) -> Result<PublicResults, LoadError> {
    use crate::access::{lies_in, province_of, NATION};
    use crate::periods::latest_published;
    use crate::store::Counted;
    use std::collections::hash_map::Entry;
    use std::collections::HashMap;

    let store = crate::store::use_store()?;
    let failed = crate::store::unavailable("loading the public results");
    let lang = crate::i18n::request_lang();
    let mut periods: HashMap<i64, Vec<String>> = HashMap::new();
    for (unit_id, key) in store.all_published().await.map_err(failed)? {
        periods.entry(unit_id).or_default().push(key);
    }
    let regions = store.regions().await.map_err(failed)?;
    let units: Vec<_> = store
        .region_units(NATION)
        .await
        .map_err(failed)?
        .into_iter()
        .filter(|u| u.active)
        .collect();
    // The provinces some active unit lies in, in code order.
    let taking_part: Vec<&crate::model::Region> = regions
        .iter()
        .filter(|r| r.parent_code.is_none())
        .filter(|r| units.iter().any(|u| province_of(&u.region_code) == r.code))
        .collect();
    // A region's latest period any of its units published, and the units that published it.
    let latest_of = |members: &[&crate::dashboard::RegionUnit]| {
        let keys: Vec<String> = members
            .iter()
            .flat_map(|u| periods.get(&u.id).cloned().unwrap_or_default())
            .collect();
        latest_published(&keys)
    };
    let published = |id: i64, period: &ikm_domain::Period| {
        periods.get(&id).is_some_and(|k| k.contains(&period.key()))
    };
    let figures_of = |period: ikm_domain::Period, total: usize, tallies: &[&ikm_domain::Tally]| {
        let region_ikm = ikm_domain::region::RegionIkm::of(tallies.iter().copied());
        region_ikm.pooled.map(|p| PublicRegionFigures {
            period_label: period.label(lang),
            converted: p.converted,
            mutu: p.mutu,
            respondents: p.respondents,
            mean_of_units: region_ikm.mean_of_units.map(|m| m.converted),
            units_published: tallies.len(),
            units_total: total,
        })
    };

    let shown = match provinsi.as_deref().map(str::trim) {
        Some(code) if taking_part.iter().any(|p| p.code == code) => Some(code.to_string()),
        _ if taking_part.len() == 1 => taking_part.first().map(|p| p.code.clone()),
        // No unit yet: the one province of a fresh deployment, with its regions.
        _ if taking_part.is_empty() => {
            let mut all = regions.iter().filter(|r| r.parent_code.is_none());
            match (all.next(), all.next()) {
                (Some(only), None) => Some(only.code.clone()),
                _ => None,
            }
        }
        _ => None,
    };
    // Each region shown with its units and the latest period any of them published: first the
    // provinces side by side (when more than one takes part), then the province shown and each of
    // its kabupaten/kota.
    struct Place<'a> {
        region: &'a crate::model::Region,
        members: Vec<&'a crate::dashboard::RegionUnit>,
        period: Option<ikm_domain::Period>,
    }
    let side_by_side = if taking_part.len() > 1 {
        taking_part.len()
    } else {
        0
    };
    let places: Vec<Place> = taking_part
        .iter()
        .copied()
        .take(side_by_side)
        .chain(
            regions
                .iter()
                .filter(|r| shown.as_deref().is_some_and(|code| lies_in(&r.code, code))),
        )
        .map(|region| {
            let members: Vec<&crate::dashboard::RegionUnit> = units
                .iter()
                .filter(|u| lies_in(&u.region_code, &region.code))
                .collect();
            let period = latest_of(&members);
            Place {
                region,
                members,
                period,
            }
        })
        .collect();
    let (sides, inside) = places.split_at(side_by_side);
    // A unit's own latest published period (its row's).
    let own_latest = |u: &crate::dashboard::RegionUnit| {
        periods.get(&u.id).and_then(|keys| latest_published(keys))
    };

    // The (unit, period) tallies wanted: a province's or region's latest period for its units
    // that published it, and each shown unit's own latest period. Read one period at a time,
    // with one query of the units of the one province that wants it, or of the nation's when
    // several do (a query a unit or a province was thousands a page nationally).
    let mut wanted: HashMap<ikm_domain::Period, Vec<&crate::dashboard::RegionUnit>> =
        HashMap::new();
    for side in sides {
        if let Some(period) = side.period {
            let members = side.members.iter().filter(|u| published(u.id, &period));
            wanted.entry(period).or_default().extend(members);
        }
    }
    for s in inside {
        for u in &s.members {
            let region_period = s.period.iter().filter(|p| published(u.id, p)).copied();
            for p in own_latest(u).into_iter().chain(region_period) {
                wanted.entry(p).or_default().push(u);
            }
        }
    }
    let mut tallies: HashMap<(i64, String), ikm_domain::Tally> = HashMap::new();
    for (period, members) in wanted {
        let mut provinces = members.iter().map(|u| province_of(&u.region_code));
        let first = provinces.next().unwrap_or(NATION);
        let scope = if provinces.all(|p| p == first) {
            first
        } else {
            NATION
        };
        let mut read: HashMap<i64, ikm_domain::Tally> = store
            .unit_tallies(scope, period.from, period.to, Counted::Valid)
            .await
            .map_err(failed)?
            .into_iter()
            .collect();
        let key = period.key();
        for u in members {
            if let Entry::Vacant(slot) = tallies.entry((u.id, key.clone())) {
                slot.insert(read.remove(&u.id).unwrap_or_default());
            }
        }
    }
    let tallies_of = |members: &[&crate::dashboard::RegionUnit], period: &ikm_domain::Period| {
        members
            .iter()
            .filter(|u| published(u.id, period))
            .filter_map(|u| tallies.get(&(u.id, period.key())))
            .collect::<Vec<&ikm_domain::Tally>>()
    };

    let provinces = sides
        .iter()
        .map(|side| PublicRegion {
            code: side.region.code.clone(),
            name: side.region.name.clone(),
            figures: side.period.and_then(|period| {
                figures_of(
                    period,
                    side.members.len(),
                    &tallies_of(&side.members, &period),
                )
            }),
            units: Vec::new(),
        })
        .collect();
    let mut out = Vec::new();
    for s in inside {
        let figures = s.period.and_then(|period| {
            figures_of(period, s.members.len(), &tallies_of(&s.members, &period))
        });
        // Unit rows under the region the unit belongs to (a province lists only its own units).
        let mut rows = Vec::new();
        for unit in &s.members {
            if unit.region_code != s.region.code {
                continue;
            }
            let Some(period) = own_latest(unit) else {
                continue;
            };
            let Some(tally) = tallies.get(&(unit.id, period.key())) else {
                continue;
            };
            if let Some(result) = IkmResult::of(tally) {
                rows.push(PublicUnitRow {
                    code: unit.code.clone(),
                    name: unit.name.clone(),
                    period_label: period.label(lang),
                    converted: result.converted,
                    mutu: result.mutu,
                    respondents: result.respondents,
                });
            }
        }
        out.push(PublicRegion {
            code: s.region.code.clone(),
            name: s.region.name.clone(),
            figures,
            units: rows,
        });
    }
    Ok(PublicResults {
        provinces,
        shown,
        regions: out,
    })
}

/// An MPP's public figures: its latest period any tenant published, over those tenants' answers
/// given in the hall.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicMppRow {
    pub code: String,
    pub name: String,
    pub region_name: String,
    pub period_label: String,
    pub respondents: u64,
    pub pooled: Option<(Hundredths, Mutu)>,
    pub mean_of_tenants: Option<Hundredths>,
    pub tenants_published: usize,
    /// Tenants with answers given in the hall in the period.
    pub tenants_answered: usize,
}

/// Every MPP some tenant of which has published a period, by region then name.
#[server(endpoint = "publik/mpp")]
pub async fn load_public_mpps() -> Result<Vec<PublicMppRow>, LoadError> {
    use crate::mpp::{published_periods, published_reading};
    use std::collections::HashMap;

    let store = crate::store::use_store()?;
    let failed = crate::store::unavailable("loading the MPPs' public results");
    let lang = crate::i18n::request_lang();
    let mut published: HashMap<i64, Vec<String>> = HashMap::new();
    for (unit_id, key) in store.all_published().await.map_err(failed)? {
        published.entry(unit_id).or_default().push(key);
    }
    let mut rows = Vec::new();
    for summary in store.mpps().await.map_err(failed)? {
        let Some(detail) = store.mpp(&summary.code).await.map_err(failed)? else {
            continue;
        };
        let Some(period) = published_periods(&detail, &published).into_iter().next() else {
            continue;
        };
        let reading = published_reading(store.as_ref(), &detail, &published, period)
            .await
            .map_err(failed)?;
        let ikm = &reading.figures.ikm;
        rows.push(PublicMppRow {
            code: summary.code,
            name: summary.fields.name,
            region_name: summary.region_name,
            period_label: period.label(lang),
            respondents: reading.figures.pooled.respondents(),
            pooled: ikm.pooled.as_ref().map(|p| (p.converted, p.mutu)),
            mean_of_tenants: ikm.mean_of_units.map(|m| m.converted),
            tenants_published: reading.tenants.len(),
            tenants_answered: reading.tenants_answered,
        });
    }
    Ok(rows)
}

/// A unit's latest published period; `None` (404) for an unknown or inactive unit, or one that has
/// published nothing.
#[server(endpoint = "publik/unit")]
pub async fn load_public_unit(code: String) -> Result<Option<PublicUnit>, LoadError> {
    use crate::periods::latest_published;
    use crate::store::Counted;

    let store = crate::store::use_store()?;
    let failed = crate::store::unavailable("loading a unit's public results");
    let not_found = || {
        crate::guard::set_status(http::StatusCode::NOT_FOUND);
        Ok(None)
    };
    let Some(unit) = store
        .unit(&code)
        .await
        .map_err(failed)?
        .filter(|u| u.active)
    else {
        return not_found();
    };
    let keys = store.published_periods(unit.id).await.map_err(failed)?;
    let Some(period) = latest_published(&keys) else {
        return not_found();
    };
    let tally = store
        .unit_tally(unit.id, period.from, period.to, Counted::Valid)
        .await
        .map_err(failed)?;
    let Some(result) = IkmResult::of(&tally) else {
        return not_found();
    };
    let lang = crate::i18n::request_lang();
    Ok(Some(PublicUnit {
        code: unit.unit.code,
        name: unit.unit.name,
        region_name: unit.region_name,
        period_label: period.label(lang),
        result,
        replies: store.public_replies(unit.id, 20).await.map_err(failed)?,
        actions: store
            .followup_actions(unit.id, &[period.key()])
            .await
            .map_err(failed)?,
        media: store
            .media(unit.id)
            .await
            .map_err(failed)?
            .into_iter()
            .filter(|m| keys.contains(&m.period))
            .collect(),
    }))
}

#[component]
pub fn PublicPage() -> impl IntoView {
    let text = t();
    let p = &text.public;
    let query = leptos_router::hooks::use_query_map();
    let data = Resource::new(move || query.read().get("provinsi"), load_public);
    let mpps = Resource::new(|| (), |_| load_public_mpps());
    view! {
        <Title text=p.title />
        <h1>{p.title}</h1>
        <p class="lead">{p.intro}</p>
        <p class="muted">
            {p.open_data} " " <a href="/api/v1/openapi.json">"OpenAPI"</a> " · "
            <a href="/api/v1/units.csv">"units.csv"</a>
        </p>
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(results) => view! {
                        {(!results.provinces.is_empty()).then(|| view! {
                            <PublicProvinces provinces=results.provinces.clone() shown=results.shown.clone() />
                        })}
                        <PublicRegions regions=results.regions />
                    }.into_any(),
                    Err(_) => view! { <p class="error" role="alert">{text.load_error}</p> }.into_any(),
                }
            })}
        </Suspense>
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                match mpps.await {
                    Ok(rows) => view! { <PublicMpps rows /> }.into_any(),
                    Err(_) => view! { <p class="error" role="alert">{text.load_error}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The MPPs side by side, each from the answers given in its hall.
#[component]
fn PublicMpps(rows: Vec<PublicMppRow>) -> impl IntoView {
    let text = t();
    let p = &text.public;
    view! {
        <section class="public-mpps" aria-labelledby="public-mpps" data-testid="public-mpps">
            <h2 id="public-mpps">{p.mpp_heading}</h2>
            <p class="muted">{p.mpp_intro}</p>
            {if rows.is_empty() {
                view! { <p class="muted">{p.mpp_none}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" role="region" tabindex="0" aria-label=text.table_scroll>
                        <table class="figures">
                            <thead>
                                <tr>
                                    <th scope="col">{p.col_mpp}</th>
                                    <th scope="col">{p.col_period}</th>
                                    <th scope="col" class="num">{p.col_respondents}</th>
                                    <th scope="col" class="num">{p.col_pooled}</th>
                                    <th scope="col">{p.col_grade}</th>
                                    <th scope="col" class="num">{p.col_mean}</th>
                                    <th scope="col" class="num">{p.col_tenants}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|m| view! {
                                    <tr data-mpp=m.code.clone()>
                                        <th scope="row">
                                            <a href=crate::mpp::hall_url(&m.code, false)>{m.name}</a>
                                            <br /><span class="muted">{m.region_name}</span>
                                        </th>
                                        <td>{m.period_label}</td>
                                        <td class="num">{group_thousands(m.respondents, Some('.'))}</td>
                                        <td class="num" data-testid="public-mpp-pooled">
                                            {m.pooled.map(|(c, _)| c.to_id_string()).unwrap_or_else(|| "—".into())}
                                        </td>
                                        <td>{m.pooled.map(|(_, g)| g.letter()).unwrap_or("—")}</td>
                                        <td class="num">{m.mean_of_tenants.map(|c| c.to_id_string()).unwrap_or_else(|| "—".into())}</td>
                                        <td class="num">
                                            {p.mpp_tenants
                                                .replace("{n}", &m.tenants_published.to_string())
                                                .replace("{m}", &m.tenants_answered.to_string())}
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// The provinces side by side, each linking to its own regions and units below.
#[component]
fn PublicProvinces(provinces: Vec<PublicRegion>, shown: Option<String>) -> impl IntoView {
    let text = t();
    let p = &text.public;
    view! {
        <section aria-labelledby="public-provinces" data-testid="public-provinces">
            <h2 id="public-provinces">{p.provinces_heading}</h2>
            <p class="muted">{p.provinces_intro}</p>
            <div class="table-scroll" role="region" tabindex="0" aria-label=text.table_scroll>
                <table class="figures">
                    <thead>
                        <tr>
                            <th scope="col">{text.region.col_province}</th>
                            <th scope="col">{p.col_period}</th>
                            <th scope="col" class="num">{p.col_respondents}</th>
                            <th scope="col" class="num">"IKM"</th>
                            <th scope="col">{p.col_grade}</th>
                            <th scope="col" class="num">{text.region.mean_of_units}</th>
                            <th scope="col" class="num">{p.col_units}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {provinces.into_iter().map(|r| {
                            let current = shown.as_deref() == Some(r.code.as_str());
                            let f = r.figures.clone();
                            view! {
                                <tr data-province=r.code.clone() aria-current=current.then_some("true")>
                                    <th scope="row"><a href=format!("/publik?provinsi={}#wilayah", r.code)>{r.name.clone()}</a></th>
                                    <td>{f.as_ref().map(|f| f.period_label.clone()).unwrap_or_else(|| p.none_published.to_string())}</td>
                                    <td class="num">{f.as_ref().map(|f| group_thousands(f.respondents, Some('.'))).unwrap_or_else(|| "—".into())}</td>
                                    <td class="num" data-testid="province-figure">{f.as_ref().map(|f| f.converted.to_id_string()).unwrap_or_else(|| "—".into())}</td>
                                    <td>{f.as_ref().map(|f| f.mutu.letter()).unwrap_or("—")}</td>
                                    <td class="num">{f.as_ref().and_then(|f| f.mean_of_units).map(|m| m.to_id_string()).unwrap_or_else(|| "—".into())}</td>
                                    <td class="num">{f.as_ref().map(|f| format!("{}/{}", f.units_published, f.units_total)).unwrap_or_else(|| "—".into())}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {shown.is_none().then(|| view! { <p class="notice">{p.choose_province}</p> })}
        </section>
    }
}

#[component]
fn PublicRegions(regions: Vec<PublicRegion>) -> impl IntoView {
    let text = t();
    let p = &text.public;
    view! {
        <div class="regions" id="wilayah">
            {regions.into_iter().map(|r| view! {
                <section class="region" data-region=r.code.clone()>
                    <h2>{r.name.clone()}</h2>
                    {r.figures.clone().map(|f| view! {
                        <p class="ikm-value region-figure" data-testid="region-figure">
                            <span class="ikm-number">{f.converted.to_id_string()}</span>
                            <span class=format!("grade grade-{}", f.mutu.letter())>{f.mutu.letter()}</span>
                        </p>
                        <p class="muted">
                            {f.period_label} " · " {group_thousands(f.respondents, Some('.'))} " " {text.dash.respondents}
                            " · " {p.region_units.replace("{n}", &f.units_published.to_string()).replace("{m}", &f.units_total.to_string())}
                            {f.mean_of_units.map(|m| format!(" · {}: {}", text.region.mean_of_units, m.to_id_string()))}
                        </p>
                    })}
                    {if r.units.is_empty() && r.figures.is_some() {
                        ().into_any()
                    } else if r.units.is_empty() {
                        view! { <p class="muted">{p.none_published}</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-scroll" role="region" tabindex="0" aria-label=crate::i18n::t().table_scroll>
                                <table class="figures">
                                    <thead>
                                        <tr>
                                            <th scope="col">{p.col_unit}</th>
                                            <th scope="col">{p.col_period}</th>
                                            <th scope="col" class="num">{p.col_respondents}</th>
                                            <th scope="col" class="num">"IKM"</th>
                                            <th scope="col">{p.col_grade}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {r.units.into_iter().map(|u| view! {
                                            <tr data-unit=u.code.clone()>
                                                <th scope="row"><a href=format!("/publik/{}", u.code)>{u.name}</a></th>
                                                <td>{u.period_label}</td>
                                                <td class="num">{group_thousands(u.respondents, Some('.'))}</td>
                                                <td class="num">{u.converted.to_id_string()}</td>
                                                <td>{u.mutu.letter()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }}
                </section>
            }).collect_view()}
        </div>
    }
}

#[component]
pub fn PublicUnitPage() -> impl IntoView {
    let text = t();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        load_public_unit,
    );
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(unit)) => view! { <PublicUnitView unit /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(_) => view! { <p class="error" role="alert">{text.load_error}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PublicUnitView(unit: PublicUnit) -> impl IntoView {
    let text = t();
    let p = &text.public;
    let d = &text.dash;
    let lang = use_lang();
    let r = unit.result;
    view! {
        <Title text=unit.name.clone() />
        <article class="unit">
            <h1>{unit.name.clone()}</h1>
            <p class="lead">{unit.region_name.clone()} " · " <strong>{unit.period_label.clone()}</strong></p>
            <section class="headline" data-testid="public-headline">
                <p class="ikm-value">
                    <span class="ikm-number" data-testid="ikm">{r.converted.to_id_string()}</span>
                    <span class=format!("grade grade-{}", r.mutu.letter())>{r.mutu.letter()}</span>
                    <span class="ikm-label">{r.mutu.label(lang)}</span>
                </p>
                <p>{group_thousands(r.respondents, Some('.'))} " " {d.respondents}</p>
            </section>
            <h2>{d.unsur_heading}</h2>
            <div class="table-scroll" role="region" tabindex="0" aria-label=crate::i18n::t().table_scroll>
                <table class="figures" data-testid="public-unsur">
                    <thead>
                        <tr>
                            <th scope="col">{d.col_unsur}</th>
                            <th scope="col" class="num">{d.col_nrr}</th>
                            <th scope="col" class="num">{d.col_converted}</th>
                            <th scope="col">{d.col_grade}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {Unsur::ALL.iter().map(|u| {
                            let g = r.get(*u).graded;
                            view! {
                                <tr>
                                    <th scope="row">{format!("{}. {}", u.number(), u.name(lang))}</th>
                                    <td class="num">{g.map(|g| g.nrr.to_id_string()).unwrap_or("—".into())}</td>
                                    <td class="num">{g.map(|g| g.converted.to_id_string()).unwrap_or("—".into())}</td>
                                    <td>{g.map(|g| g.mutu.letter()).unwrap_or("—")}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {(!unit.actions.is_empty()).then(|| view! {
                <h2>{d.plan_heading}</h2>
                <ul class="actions" data-testid="public-actions">
                    {unit.actions.iter().map(|a| view! {
                        <li>
                            <strong>{a.unsur.name(lang)}</strong> ": " {a.action.clone()} " — "
                            {a.status.label(lang)} " (" {d.field_due} " " {a.due.format("%d-%m-%Y").to_string()} ")"
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {(!unit.media.is_empty()).then(|| view! {
                <h2>{crate::i18n::t().scorecard.media_heading}</h2>
                <ul data-testid="public-media">
                    {unit.media.iter().cloned().map(|m| view! { <crate::components::evidence::MediumLine medium=m /> }).collect_view()}
                </ul>
            })}
            {(!unit.replies.is_empty()).then(|| view! {
                <section class="public-replies" data-testid="public-replies">
                    <h2>{d.public_heading}</h2>
                    <ul>
                        {unit.replies.iter().map(|r| view! {
                            <li>
                                <p><strong>{d.public_said}</strong> ": " <q>{r.comment.clone()}</q></p>
                                <p><strong>{d.public_did}</strong> ": " {r.reply.clone()}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            <p><a href="/publik">{p.back}</a></p>
        </article>
    }
}
