//! `/api/v1/regions`, `/api/v1/units`, `/api/v1/services` (and their `.csv`): who publishes what.
//! Regions are public facts; a unit (and its services) is listed once it has published a period.

use super::types::{ApiErrorBody, ApiRegion, ApiService, ApiUnit, ReadErrors};
use super::{csv_response, ApiError, ApiResult};
use crate::web::state::AppState;
use app::model::{Region, Service};
use app::periods::published_newest_first;
use app::store::SharedStore;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::IntoParams;

/// Narrows a list to one regency/city (or a whole province).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegionFilter {
    /// A region code, e.g. `18.71`; a province code takes all its regencies and cities.
    pub region: Option<String>,
    /// A province code, e.g. `18`: only that province's units (with `region`, both must hold).
    pub province: Option<String>,
}

/// Units per page of `/api/v1/units` when the caller does not say.
pub const UNITS_PER_PAGE: u32 = 500;
/// The most units a page of `/api/v1/units` holds.
pub const MAX_UNITS_PER_PAGE: u32 = 1000;

/// `/api/v1/units`: the filters, and which page of the list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitListQuery {
    /// A region code, e.g. `18.71`; a province code takes all its regencies and cities.
    pub region: Option<String>,
    /// A province code, e.g. `18`: only that province's units (with `region`, both must hold).
    pub province: Option<String>,
    /// The page, from 1 (default 1). A page past the last is empty.
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u32>,
    /// Units per page, 1 to 1000 (default 500). `X-Total-Count` says how many there are in all,
    /// `Link` gives the next and previous pages.
    #[param(minimum = 1, maximum = 1000)]
    pub per_page: Option<u32>,
}

/// Narrows a list to one unit.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitFilter {
    /// A unit code, e.g. `1871-DUKCAPIL`.
    pub unit: Option<String>,
}

/// A query that could not be read is the caller's mistake, said in JSON like every other error.
pub(super) fn query<T>(query: Result<Query<T>, QueryRejection>) -> ApiResult<T> {
    query
        .map(|Query(q)| q)
        .map_err(|e| ApiError::BadRequest(format!("the query cannot be read: {}", e.body_text())))
}

pub(super) fn api_region(region: &Region) -> ApiRegion {
    ApiRegion {
        code: region.code.clone(),
        name: region.name.clone(),
        level: region.level.key().to_string(),
        parent_code: region.parent_code.clone(),
    }
}

/// Every published period key per unit id.
pub(super) async fn published(store: &SharedStore) -> ApiResult<HashMap<i64, Vec<String>>> {
    let mut by_unit: HashMap<i64, Vec<String>> = HashMap::new();
    for (unit_id, key) in store.all_published().await? {
        by_unit.entry(unit_id).or_default().push(key);
    }
    Ok(by_unit)
}

/// The 404 of a region code that names no region.
pub(super) fn unknown_region(code: &str) -> ApiError {
    ApiError::NotFound(format!(
        "there is no region with code {code:?}; /api/v1/regions lists them"
    ))
}

/// The region with this code, or a 404 that says so.
pub(super) async fn region(store: &SharedStore, code: &str) -> ApiResult<Region> {
    let regions = store.regions().await?;
    regions
        .into_iter()
        .find(|r| r.code == code)
        .ok_or_else(|| unknown_region(code))
}

/// The regions a unit list is narrowed to, each checked: a region that exists (404 otherwise) and
/// a province that is one (400 otherwise).
async fn scopes(store: &SharedStore, filter: &RegionFilter) -> ApiResult<Vec<String>> {
    let mut within = Vec::new();
    if let Some(code) = &filter.region {
        within.push(region(store, code).await?.code);
    }
    if let Some(code) = &filter.province {
        let found = region(store, code).await?;
        if found.parent_code.is_some() {
            return Err(ApiError::BadRequest(format!(
                "{code:?} is a regency or city, not a province; ask for it with region={code}"
            )));
        }
        within.push(found.code);
    }
    Ok(within)
}

/// A page of the units that have published, by code (`limit` after the first `offset`), and how
/// many the filtered list holds in all: the page is read from the database, not cut from the list.
async fn unit_page(
    state: &AppState,
    filter: &RegionFilter,
    offset: u64,
    limit: u32,
) -> ApiResult<(u64, Vec<ApiUnit>)> {
    let within = scopes(&state.store, filter).await?;
    let within: Vec<&str> = within.iter().map(String::as_str).collect();
    let page = state.store.published_units(&within, offset, limit).await?;
    let units = page
        .units
        .into_iter()
        .filter_map(|(unit, keys)| {
            let periods = published_newest_first(&keys);
            let latest = periods.first()?.key();
            Some(ApiUnit {
                code: unit.code,
                name: unit.name,
                kind: unit.kind.key().to_string(),
                region_code: unit.region_code,
                mpp_name: unit.mpp_name,
                latest_period: latest,
                published_periods: periods
                    .iter()
                    .map(|p| p.key())
                    .collect::<Vec<_>>()
                    .join(" "),
            })
        })
        .collect();
    Ok((page.total, units))
}

/// The whole list of the units that have published, by code.
async fn unit_list(state: &AppState, filter: &RegionFilter) -> ApiResult<Vec<ApiUnit>> {
    Ok(unit_page(state, filter, 0, u32::MAX).await?.1)
}

async fn service_list(state: &AppState, filter: &UnitFilter) -> ApiResult<Vec<ApiService>> {
    let units = unit_list(state, &RegionFilter::default()).await?;
    let chosen: Vec<&ApiUnit> = match &filter.unit {
        Some(code) => {
            let unit = units.iter().find(|u| &u.code == code).ok_or_else(|| {
                ApiError::NotFound(format!(
                    "no unit with code {code:?} has published results; /api/v1/units lists those that have"
                ))
            })?;
            vec![unit]
        }
        None => units.iter().collect(),
    };
    // One query for every unit's services, not one per unit (a province lists ~1 500).
    let mut by_unit: HashMap<String, Vec<Service>> = HashMap::new();
    for (code, service) in state.store.active_services().await? {
        by_unit.entry(code).or_default().push(service);
    }
    Ok(chosen
        .into_iter()
        .flat_map(|unit| {
            let services = by_unit.remove(&unit.code).unwrap_or_default();
            services.into_iter().map(|s| ApiService {
                unit_code: unit.code.clone(),
                id: s.id,
                name: s.name,
            })
        })
        .collect())
}

/// Every province, regency and city.
#[utoipa::path(
    get,
    path = "/api/v1/regions",
    tag = "directory",
    responses(
        (status = 200, description = "Every region", body = [ApiRegion]),
        (status = 503, description = "The database is unavailable", body = ApiErrorBody)
    )
)]
pub async fn regions(State(state): State<AppState>) -> ApiResult<Json<Vec<ApiRegion>>> {
    Ok(Json(
        state
            .store
            .regions()
            .await?
            .iter()
            .map(api_region)
            .collect(),
    ))
}

/// Every province, regency and city, as CSV.
#[utoipa::path(
    get,
    path = "/api/v1/regions.csv",
    tag = "directory",
    responses(
        (status = 200, description = "Every region", content_type = "text/csv", body = String),
        (status = 503, description = "The database is unavailable", body = ApiErrorBody)
    )
)]
pub async fn regions_csv(State(state): State<AppState>) -> ApiResult<Response> {
    let rows: Vec<ApiRegion> = state
        .store
        .regions()
        .await?
        .iter()
        .map(api_region)
        .collect();
    csv_response("regions.csv", &rows)
}

/// The units that have published results, by code, a page at a time (500 by default, at most
/// 1 000); `units.csv` gives the whole list at once.
#[utoipa::path(
    get,
    path = "/api/v1/units",
    tag = "directory",
    params(UnitListQuery),
    responses(
        (status = 200, description = "A page of the units with published results", body = [ApiUnit],
         headers(
             ("X-Total-Count" = u64, description = "How many units the filters select, on every page"),
             ("Link" = String, description = "The next and previous pages (RFC 8288), when there are")
         )),
        ReadErrors
    )
)]
pub async fn units(
    State(state): State<AppState>,
    list: Result<Query<UnitListQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let list = query(list)?;
    let page = list.page.unwrap_or(1);
    let per_page = list.per_page.unwrap_or(UNITS_PER_PAGE);
    if page == 0 || page > 1_000_000 {
        return Err(ApiError::BadRequest(
            "page counts from 1 (page=1 is the first)".into(),
        ));
    }
    if !(1..=MAX_UNITS_PER_PAGE).contains(&per_page) {
        return Err(ApiError::BadRequest(format!(
            "per_page is 1 to {MAX_UNITS_PER_PAGE} (default {UNITS_PER_PAGE})"
        )));
    }
    let filter = RegionFilter {
        region: list.region.clone(),
        province: list.province.clone(),
    };
    let start = u64::from(page - 1) * u64::from(per_page);
    let (total, shown) = unit_page(&state, &filter, start, per_page).await?;
    let link = |to: u32, rel: &str| {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query
            .append_pair("page", &to.to_string())
            .append_pair("per_page", &per_page.to_string());
        for (name, value) in [("region", &list.region), ("province", &list.province)] {
            if let Some(value) = value {
                query.append_pair(name, value);
            }
        }
        format!("</api/v1/units?{}>; rel=\"{rel}\"", query.finish())
    };
    let mut links = Vec::new();
    if start + (shown.len() as u64) < total {
        links.push(link(page + 1, "next"));
    }
    if page > 1 {
        links.push(link(page - 1, "prev"));
    }
    let mut response = Json(shown).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = axum::http::HeaderValue::from_str(&total.to_string()) {
        headers.insert("x-total-count", value);
    }
    if let Ok(value) = axum::http::HeaderValue::from_str(&links.join(", ")) {
        if !links.is_empty() {
            headers.insert(axum::http::header::LINK, value);
        }
    }
    Ok(response)
}

/// The units that have published results, as CSV.
#[utoipa::path(
    get,
    path = "/api/v1/units.csv",
    tag = "directory",
    params(RegionFilter),
    responses(
        (status = 200, description = "Units with published results", content_type = "text/csv", body = String),
        ReadErrors
    )
)]
pub async fn units_csv(
    State(state): State<AppState>,
    filter: Result<Query<RegionFilter>, QueryRejection>,
) -> ApiResult<Response> {
    csv_response("units.csv", &unit_list(&state, &query(filter)?).await?)
}

/// The services of the units that have published results.
#[utoipa::path(
    get,
    path = "/api/v1/services",
    tag = "directory",
    params(UnitFilter),
    responses(
        (status = 200, description = "Services of units with published results", body = [ApiService]),
        ReadErrors
    )
)]
pub async fn services(
    State(state): State<AppState>,
    filter: Result<Query<UnitFilter>, QueryRejection>,
) -> ApiResult<Json<Vec<ApiService>>> {
    Ok(Json(service_list(&state, &query(filter)?).await?))
}

/// The services of the units that have published results, as CSV.
#[utoipa::path(
    get,
    path = "/api/v1/services.csv",
    tag = "directory",
    params(UnitFilter),
    responses(
        (status = 200, description = "Services of units with published results", content_type = "text/csv", body = String),
        ReadErrors
    )
)]
pub async fn services_csv(
    State(state): State<AppState>,
    filter: Result<Query<UnitFilter>, QueryRejection>,
) -> ApiResult<Response> {
    csv_response(
        "services.csv",
        &service_list(&state, &query(filter)?).await?,
    )
}
