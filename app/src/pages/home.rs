//! `/` — the regions with units (kabupaten/kota) and their units, with a search that works with and
//! without WASM.
//!
//! Without JavaScript the search box submits `?q=…` and the server renders the filtered list; once
//! the WASM has hydrated, the list filters as the visitor types. A directory too large to hand to a
//! phone whole (a national deployment's) is opened a province at a time (`?provinsi=32`), or
//! searched on the server, its matches listed up to a limit.

use crate::access::province_of;
use crate::components::province_choice::ProvinceChoice;
use crate::components::search::SearchBox;
use crate::error::LoadError;
use crate::i18n::t;
use crate::model::{Directory, ProvinceUnits, Region, RegionLevel, RegionUnits, UnitSummary};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The most active units the home page hands to the browser whole: a province's directory (the
/// demo's 193, a real province's ~1 500; each ~330 bytes of page). A national deployment's 30 000
/// made a 10 MB page; a larger directory is opened a province at a time, or searched.
pub const WHOLE_DIRECTORY: usize = 2_000;

/// The most units a search over a larger directory lists.
pub const SEARCH_LIMIT: usize = 100;

/// The directory the page shows: the province asked for (`provinsi`), or every kabupaten/kota
/// with units when there are at most [`WHOLE_DIRECTORY`] of them, or else the provinces to choose
/// from and the units matching `q` (at most [`SEARCH_LIMIT`]).
#[server]
pub async fn load_directory(
    provinsi: Option<String>,
    q: Option<String>,
) -> Result<Directory, LoadError> {
    use crate::store::use_store;

    let store = use_store()?;
    let failed = crate::store::unavailable("loading the directory");
    let regions = store.regions().await.map_err(failed)?;
    let units = store.active_units().await.map_err(failed)?;
    Ok(directory_of(
        regions,
        units,
        provinsi.as_deref().map(str::trim),
        q.as_deref().unwrap_or_default(),
        (WHOLE_DIRECTORY, SEARCH_LIMIT),
    ))
}

/// [`load_directory`]'s shaping of the regions (provinces first, then kabupaten/kota, each in code
/// order) and the active units, with `(whole, limit)` for [`WHOLE_DIRECTORY`] and
/// [`SEARCH_LIMIT`].
pub fn directory_of(
    regions: Vec<Region>,
    units: Vec<UnitSummary>,
    provinsi: Option<&str>,
    query: &str,
    (whole, limit): (usize, usize),
) -> Directory {
    use crate::access::lies_in;
    use std::collections::HashMap;

    let total = units.len();
    let mut by_region: HashMap<String, Vec<UnitSummary>> = HashMap::new();
    for unit in units {
        by_region
            .entry(unit.region_code.clone())
            .or_default()
            .push(unit);
    }
    let (provinces, regions): (Vec<Region>, Vec<Region>) = regions
        .into_iter()
        .partition(|r| r.level == RegionLevel::Province);
    // The kabupaten/kota with units (of a national tree, most have none here).
    let regions: Vec<RegionUnits> = regions
        .into_iter()
        .filter_map(|region| {
            let units = by_region.remove(&region.code)?;
            Some(RegionUnits { region, units })
        })
        .collect();
    let with_units = provinces_of(
        regions
            .iter()
            .map(|r| (r.region.code.as_str(), r.units.len())),
        |code| {
            provinces
                .iter()
                .find(|p| p.code == code)
                .map(|p| p.name.clone())
        },
    );
    let chosen = provinsi
        .filter(|code| with_units.iter().any(|p| p.code == *code))
        .and_then(|code| provinces.iter().find(|p| p.code == code))
        .cloned();
    // The province, when every listed region lies in one.
    let sole = match with_units.as_slice() {
        [only] => Some(only.code.clone()),
        _ => None,
    };
    let large = total > whole;
    let choices = if large || with_units.len() > 1 {
        with_units
    } else {
        Vec::new()
    };
    if let Some(province) = chosen {
        let regions = regions
            .into_iter()
            .filter(|r| lies_in(&r.region.code, &province.code))
            .collect();
        return Directory {
            province: Some(province),
            regions,
            provinces: choices,
            complete: true,
            matched: None,
        };
    }
    if large {
        // Too large to hand over whole: the units matching the search, up to the limit.
        let query = query.trim();
        let (mut matched, mut listed) = (0, 0);
        let mut found = Vec::new();
        if !query.is_empty() {
            for region in regions {
                let units: Vec<UnitSummary> = region
                    .units
                    .iter()
                    .filter(|u| matches(query, &region, u))
                    .cloned()
                    .collect();
                matched += units.len();
                let room = limit.saturating_sub(listed);
                if room > 0 && !units.is_empty() {
                    listed += units.len().min(room);
                    found.push(RegionUnits {
                        region: region.region,
                        units: units.into_iter().take(room).collect(),
                    });
                }
            }
        }
        return Directory {
            province: None,
            regions: found,
            provinces: choices,
            complete: false,
            matched: (matched > limit).then_some(matched),
        };
    }
    let province = match sole {
        Some(code) => provinces.into_iter().find(|p| p.code == code),
        None if provinces.len() == 1 => provinces.into_iter().next(),
        None => None,
    };
    Directory {
        province,
        regions,
        provinces: choices,
        complete: true,
        matched: None,
    }
}

/// The provinces the `placed` units lie in (each a region code and how many units are placed
/// there), with how many units each holds, in code order; each named by `name_of` (by its code
/// when that has no name for it).
pub fn provinces_of<'a>(
    placed: impl IntoIterator<Item = (&'a str, usize)>,
    name_of: impl Fn(&str) -> Option<String>,
) -> Vec<ProvinceUnits> {
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for (code, units) in placed {
        *counts.entry(province_of(code)).or_default() += units;
    }
    counts
        .into_iter()
        .map(|(code, units)| ProvinceUnits {
            code: code.to_string(),
            name: name_of(code).unwrap_or_else(|| code.to_string()),
            units,
        })
        .collect()
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
    let query = use_query_map();
    let initial = query.with_untracked(|q| q.get("q").unwrap_or_default());
    let directory = Resource::new(
        move || query.with(|q| (q.get("provinsi"), q.get("q"))),
        |(provinsi, q)| load_directory(provinsi, q),
    );
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || {
                let initial = initial.clone();
                Suspend::new(async move {
                    match directory.await {
                        Ok(directory) => {
                            let title = match &directory.province {
                                Some(p) => text
                                    .home_title_in
                                    .replace("{p}", crate::model::bare_province_name(&p.name)),
                                None => text.home_title.to_string(),
                            };
                            view! {
                                <Title text=title.clone() />
                                <h1>{title}</h1>
                                <p class="lead">{text.home_intro}</p>
                                <DirectorySearch directory initial />
                            }
                            .into_any()
                        }
                        Err(_) => view! {
                            <h1>{text.home_title}</h1>
                            <p class="error" role="alert">{text.load_error}</p>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The search box, the provinces to choose from, and the regions' units (an island: the directory
/// is handed to the browser, which filters it as the visitor types; without the WASM the box
/// submits `?q=…` to the server). A large directory's search results are the server's: they are
/// listed as given, and a search goes to the server.
#[island]
fn DirectorySearch(directory: Directory, initial: String) -> impl IntoView {
    let text = t();
    // Typing filters what is shown in place when all of it was handed over; if it was not, and
    // nothing was searched, the visitor is choosing a province.
    let in_place = directory.complete;
    let choosing = !in_place && initial.trim().is_empty();
    let query = RwSignal::new(initial);
    // A search within a province chosen stays in it.
    let keep: Vec<(&'static str, String)> = directory
        .province
        .iter()
        .filter(|_| !directory.provinces.is_empty())
        .map(|p| ("provinsi", p.code.clone()))
        .collect();
    let shown = directory.province.as_ref().map(|p| p.code.clone());
    let provinces = directory.provinces.clone();
    let matched = directory.matched;
    let directory = StoredValue::new(directory);
    let wanted = move || if in_place { query.get() } else { String::new() };
    let found = move || {
        let q = wanted();
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
            keep
        />
        {(!provinces.is_empty()).then(|| view! {
            <ProvinceChoice page="/" provinces shown=shown.clone() />
        })}
        {(!choosing).then(|| view! {
            <p class="found" role="status" aria-live="polite" data-testid="units-found">
                {move || match (found(), matched) {
                    (0, _) => text.no_units_found.to_string(),
                    (n, Some(m)) => text
                        .home_search_cut
                        .replace("{n}", &n.to_string())
                        .replace("{m}", &m.to_string()),
                    (n, None) => format!("{n} {}", text.units_found),
                }}
            </p>
        })}
        <div class="regions">
            {move || {
                let q = wanted();
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

    fn place(code: &str, name: &str) -> Region {
        Region {
            code: code.into(),
            name: name.into(),
            level: if code.contains('.') {
                RegionLevel::City
            } else {
                RegionLevel::Province
            },
            parent_code: code.split_once('.').map(|(p, _)| p.to_string()),
        }
    }

    /// Two provinces: Lampung's Bandar Lampung (three units) and Metro (two), Jawa Barat's Depok
    /// (two); an empty kabupaten.
    fn tree() -> (Vec<Region>, Vec<UnitSummary>) {
        let regions = vec![
            place("18", "Lampung"),
            place("32", "Jawa Barat"),
            place("18.01", "Kabupaten Lampung Selatan"),
            place("18.71", "Kota Bandar Lampung"),
            place("18.72", "Kota Metro"),
            place("32.76", "Kota Depok"),
        ];
        let at = |code: &str, region: &str, name: &str, kind| UnitSummary {
            code: code.into(),
            name: name.into(),
            kind,
            region_code: region.into(),
            mpp_name: None,
        };
        let units = vec![
            at("a", "18.71", "Puskesmas Kedaton", UnitKind::Puskesmas),
            at("b", "18.71", "Puskesmas Way Halim", UnitKind::Puskesmas),
            at(
                "c",
                "18.71",
                "Disdukcapil Bandar Lampung",
                UnitKind::Disdukcapil,
            ),
            at("d", "18.72", "Puskesmas Yosomulyo", UnitKind::Puskesmas),
            at("e", "18.72", "Disdukcapil Metro", UnitKind::Disdukcapil),
            at("f", "32.76", "Puskesmas Sukmajaya", UnitKind::Puskesmas),
            at("g", "32.76", "Disdukcapil Depok", UnitKind::Disdukcapil),
        ];
        (regions, units)
    }

    fn codes(d: &Directory) -> Vec<(String, Vec<String>)> {
        d.regions
            .iter()
            .map(|r| {
                let units = r.units.iter().map(|u| u.code.clone()).collect();
                (r.region.code.clone(), units)
            })
            .collect()
    }

    fn owned(rows: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
        rows.iter()
            .map(|(r, us)| (r.to_string(), us.iter().map(|u| u.to_string()).collect()))
            .collect()
    }

    #[test]
    fn a_directory_within_the_limit_is_handed_whole_a_larger_one_a_province_or_search_at_a_time() {
        let whole = |provinsi, q| {
            let (regions, units) = tree();
            directory_of(regions, units, provinsi, q, (7, 2))
        };
        // Seven units, at most seven handed whole: every kabupaten/kota with units, and both
        // provinces to choose from.
        let all = whole(None, "");
        assert_eq!(
            codes(&all),
            owned(&[
                ("18.71", &["a", "b", "c"]),
                ("18.72", &["d", "e"]),
                ("32.76", &["f", "g"]),
            ])
        );
        assert!(all.complete && all.matched.is_none());
        assert_eq!(all.province, None, "two provinces hold units");
        assert_eq!(all.provinces.len(), 2, "both offered");
        // A province asked for: its own, whatever the size.
        let lampung = whole(Some("18"), "");
        assert_eq!(lampung.province.map(|p| p.name), Some("Lampung".into()));
        assert_eq!(lampung.regions.len(), 2);

        let large = |provinsi, q| {
            let (regions, units) = tree();
            directory_of(regions, units, provinsi, q, (6, 2))
        };
        // Over the limit: the provinces with their counts, and no unit until one is chosen.
        let choose = large(None, "");
        assert!(choose.regions.is_empty() && choose.province.is_none() && !choose.complete);
        let counts: Vec<(String, usize)> = choose
            .provinces
            .iter()
            .map(|p| (p.code.clone(), p.units))
            .collect();
        assert_eq!(counts, [("18".to_string(), 5), ("32".to_string(), 2)]);
        // A province chosen: its units whole, the choice still offered.
        let west_java = large(Some("32"), "");
        assert_eq!(codes(&west_java), owned(&[("32.76", &["f", "g"])]));
        assert_eq!(west_java.provinces.len(), 2);
        assert!(west_java.complete);
        // An unknown province is no choice.
        assert!(large(Some("99"), "").regions.is_empty());
        // A search: its matches up to the limit, and how many matched when more did.
        let clinics = large(None, "puskesmas");
        assert_eq!(codes(&clinics), owned(&[("18.71", &["a", "b"])]));
        assert_eq!(clinics.matched, Some(4));
        assert!(!clinics.complete);
        let depok = large(None, "DEPOK");
        assert_eq!(codes(&depok), owned(&[("32.76", &["f", "g"])]));
        assert_eq!(depok.matched, None, "all it matched is listed");
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
