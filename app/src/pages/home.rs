//! `/` — the regions with units (kabupaten/kota) and their units, with a search that works with and
//! without WASM.
//!
//! Without JavaScript the search box submits `?q=…` and the server renders the filtered list; once
//! the WASM has hydrated, the list filters as the visitor types.

use crate::components::search::SearchBox;
use crate::error::LoadError;
use crate::i18n::t;
use crate::model::{Directory, RegionUnits, UnitSummary};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The province, its kabupaten/kota in code order, and each one's active units.
#[server]
pub async fn load_directory() -> Result<Directory, LoadError> {
    use crate::model::RegionLevel;
    use crate::store::use_store;

    let store = use_store()?;
    let failed = crate::store::unavailable("loading the directory");
    let regions = store.regions().await.map_err(failed)?;
    let mut units = store.active_units().await.map_err(failed)?;
    let provinces: Vec<crate::model::Region> = regions
        .iter()
        .filter(|r| r.level == RegionLevel::Province)
        .cloned()
        .collect();
    // The kabupaten/kota with units (of a national tree, most have none here).
    let regions: Vec<RegionUnits> = regions
        .into_iter()
        .filter(|r| r.level != RegionLevel::Province)
        .map(|region| {
            let (mine, rest): (Vec<_>, Vec<_>) =
                units.drain(..).partition(|u| u.region_code == region.code);
            units = rest;
            RegionUnits {
                region,
                units: mine,
            }
        })
        .filter(|r| !r.units.is_empty())
        .collect();
    // The province, when every listed region lies in one.
    let mut theirs = regions
        .iter()
        .map(|r| crate::access::province_of(&r.region.code));
    let one = theirs
        .next()
        .filter(|first| theirs.all(|p| p == *first))
        .map(str::to_string);
    let province = match one {
        Some(code) => provinces.into_iter().find(|p| p.code == code),
        None if provinces.len() == 1 => provinces.into_iter().next(),
        None => None,
    };
    Ok(Directory { province, regions })
}

/// Whether a unit matches the search (by its name, kind or region), ignoring case.
fn matches(query: &str, region: &RegionUnits, unit: &UnitSummary) -> bool {
    let query = query.trim().to_lowercase();
    query.is_empty()
        || [
            unit.name.as_str(),
            unit.kind.label(),
            region.region.name.as_str(),
        ]
        .iter()
        .any(|field| field.to_lowercase().contains(&query))
}

#[component]
pub fn HomePage() -> impl IntoView {
    let text = t();
    let initial = use_query_map().with_untracked(|q| q.get("q").unwrap_or_default());
    let directory = Resource::new(|| (), |_| load_directory());
    view! {
        <Title text=text.home_title />
        <h1>{text.home_title}</h1>
        <p class="lead">{text.home_intro}</p>
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || {
                let initial = initial.clone();
                Suspend::new(async move {
                    match directory.await {
                        Ok(directory) => view! { <DirectorySearch directory initial /> }.into_any(),
                        Err(_) => view! { <p class="error" role="alert">{text.load_error}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The search box and the regions' units (an island: the directory is handed to the browser, which
/// filters it as the visitor types; without the WASM the box submits `?q=…` to the server).
#[island]
fn DirectorySearch(directory: Directory, initial: String) -> impl IntoView {
    let text = t();
    let query = RwSignal::new(initial);
    let directory = StoredValue::new(directory);
    let found = move || {
        let q = query.get();
        directory.with_value(|d| {
            d.regions
                .iter()
                .map(|r| r.units.iter().filter(|u| matches(&q, r, u)).count())
                .sum::<usize>()
        })
    };
    view! {
        <SearchBox
            action="/".to_string()
            label=text.filter_label
            placeholder=text.filter_placeholder
            submit=text.filter_submit
            query
        />
        <p class="found" role="status" aria-live="polite" data-testid="units-found">
            {move || match found() {
                0 => text.no_units_found.to_string(),
                n => format!("{n} {}", text.units_found),
            }}
        </p>
        <div class="regions">
            {move || {
                let q = query.get();
                directory
                    .with_value(|d| {
                        d.regions
                            .iter()
                            .filter_map(|region| {
                                let units: Vec<UnitSummary> = region
                                    .units
                                    .iter()
                                    .filter(|u| matches(&q, region, u))
                                    .cloned()
                                    .collect();
                                (q.trim().is_empty() || !units.is_empty())
                                    .then(|| view! { <RegionCard region=region.clone() units /> })
                            })
                            .collect_view()
                    })
            }}
        </div>
    }
}

#[component]
fn RegionCard(region: RegionUnits, units: Vec<UnitSummary>) -> impl IntoView {
    let text = t();
    let heading_id = format!("region-{}", region.region.code.replace('.', "-"));
    view! {
        <section class="region" aria-labelledby=heading_id.clone() data-region=region.region.code.clone()>
            <h2 id=heading_id.clone()>
                {region.region.name.clone()}
                <span class="count">{format!(" · {} {}", units.len(), text.region_units)}</span>
            </h2>
            <ul class="units">
                {units
                    .into_iter()
                    .map(|unit| {
                        view! {
                            <li>
                                <a href=format!("/unit/{}", unit.code)>
                                    <span class="unit-name">{unit.name.clone()}</span>
                                    <span class="unit-kind">{unit.kind.label()}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Region, RegionLevel, UnitKind};

    fn region() -> RegionUnits {
        RegionUnits {
            region: Region {
                code: "18.72".into(),
                name: "Kota Metro".into(),
                level: RegionLevel::City,
                parent_code: Some("18".into()),
            },
            units: vec![],
        }
    }

    fn unit(name: &str, kind: UnitKind) -> UnitSummary {
        UnitSummary {
            code: "x".into(),
            name: name.into(),
            kind,
            region_code: "18.72".into(),
            mpp_name: None,
        }
    }

    #[test]
    fn search_matches_name_kind_and_region_ignoring_case() {
        let r = region();
        let u = unit("Puskesmas Yosomulyo", UnitKind::Puskesmas);
        assert!(matches("", &r, &u));
        assert!(matches("yosomulyo", &r, &u));
        assert!(matches("METRO", &r, &u));
        assert!(!matches("disdukcapil", &r, &u));
        assert!(matches(
            "rsud",
            &r,
            &unit("RSUD Jend. Ahmad Yani", UnitKind::Rsud)
        ));
    }
}
