//! `/api/v1/units/{code}/ikm` and `/api/v1/regions/{code}/ikm` (and their `.csv`): the IKM of a
//! published period, from the units' tallies through the one engine (`app::comparison::row`, which
//! applies `ikm_domain`'s formula, interval and Krejcie–Morgan minimum).

use super::directory::{api_region, published, query, unknown_region};
use super::types::{
    ApiAdequacy, ApiComparisonRow, ApiInterval, ApiPeriod, ApiRegionIkm, ApiUnitIkm, ApiUnsur,
    ReadErrors,
};
use super::{csv_response, ApiError, ApiResult};
use crate::web::state::AppState;
use app::comparison::{row, History, Row, UnitFigures};
use app::dashboard::RegionUnit;
use app::figures::RegionReading;
use app::model::RegionLevel;
use app::periods::published_newest_first;
use app::store::Counted;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Json;
use ikm_domain::{Lang, Period, Unsur};
use serde::Deserialize;
use utoipa::IntoParams;

/// Which published period.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// A period key: `2026-05` (month), `2026-T3` (triwulan), `2026-S2` (semester) or `2026`
    /// (year). Without it: the latest period published.
    #[param(
        pattern = r"^(19[0-9]{2}|[2-9][0-9]{3})(-(0[1-9]|1[0-2]|T[1-4]|S[1-2]))?$",
        example = "2026-T3"
    )]
    pub period: Option<String>,
}

pub(super) fn path(path: Result<Path<String>, PathRejection>) -> ApiResult<String> {
    path.map(|Path(code)| code)
        .map_err(|e| ApiError::BadRequest(format!("the address cannot be read: {}", e.body_text())))
}

pub(super) fn api_period(period: &Period) -> ApiPeriod {
    ApiPeriod {
        key: period.key(),
        label: period.label(Lang::Id),
        from: period.from.to_string(),
        to: period.to.to_string(),
    }
}

/// Whose publications a period is chosen from, to word the refusals.
pub(super) enum Whose<'a> {
    Unit(&'a str),
    Region(&'a str),
    Mpp(&'a str),
}

impl Whose<'_> {
    fn nothing_published(&self) -> String {
        match self {
            Whose::Unit(code) => format!("unit {code} has not published any results yet"),
            Whose::Region(name) => format!("no unit of {name} has published results yet"),
            Whose::Mpp(name) => format!("no booth of {name} has published results yet"),
        }
    }

    fn not_published(&self, period: &Period, published: &[Period]) -> String {
        let keys: Vec<String> = published.iter().map(|p| p.key()).collect();
        let what = match self {
            Whose::Unit(code) => format!("unit {code} has not published"),
            Whose::Region(name) => format!("no unit of {name} has published"),
            Whose::Mpp(name) => format!("no booth of {name} has published"),
        };
        format!(
            "{what} {}; published: {}",
            period.label(Lang::Id),
            keys.join(", ")
        )
    }
}

/// The period asked for, which must be one of `published` (newest first); else the newest.
pub(super) fn chosen_period(
    asked: Option<&str>,
    published: &[Period],
    whose: Whose,
) -> ApiResult<Period> {
    let Some(newest) = published.first() else {
        return Err(ApiError::NotFound(whose.nothing_published()));
    };
    let Some(key) = asked else {
        return Ok(*newest);
    };
    let Some(period) = Period::parse(key) else {
        return Err(ApiError::BadRequest(format!(
            "{key:?} is not a period; write a month (2026-05), a triwulan (2026-T3), a semester \
             (2026-S2) or a year (2026)"
        )));
    };
    if published.contains(&period) {
        Ok(period)
    } else {
        Err(ApiError::NotFound(whose.not_published(&period, published)))
    }
}

pub(super) fn comparison_row(
    kind: &str,
    row: &Row,
    units_published: u64,
    units_total: u64,
) -> ApiComparisonRow {
    ApiComparisonRow {
        kind: kind.to_string(),
        code: row.code.clone(),
        name: row.name.clone(),
        respondents: row.respondents,
        converted: row.pooled.as_ref().map(|r| r.converted.as_f64()),
        grade: row.pooled.as_ref().map(|r| r.mutu.letter().to_string()),
        mean_of_units: row.mean_of_units.map(|(c, _, _)| c.as_f64()),
        mean_of_units_grade: row.mean_of_units.map(|(_, m, _)| m.letter().to_string()),
        interval_low: row.interval.map(|i| i.low.as_f64()),
        interval_high: row.interval.map(|i| i.high.as_f64()),
        population: row.adequacy.map(|a| a.population),
        required: row.adequacy.map(|a| a.required),
        adequate: row.adequacy.map(|a| a.adequate),
        units_published,
        units_total,
    }
}

async fn unit_summary(state: &AppState, code: &str, asked: Option<&str>) -> ApiResult<ApiUnitIkm> {
    let store = &state.store;
    let unknown = || {
        ApiError::NotFound(format!(
            "no unit with code {code:?} has published results; /api/v1/units lists those that have"
        ))
    };
    let detail = store
        .unit(code)
        .await?
        .filter(|u| u.active)
        .ok_or_else(unknown)?;
    let periods = published_newest_first(&store.published_periods(detail.id).await?);
    if periods.is_empty() {
        return Err(unknown());
    }
    let period = chosen_period(asked, &periods, Whose::Unit(code))?;
    let tally = store
        .unit_tally(detail.id, period.from, period.to, Counted::Valid)
        .await?;
    let population_per_year = store
        .unit_record(code)
        .await?
        .and_then(|r| r.fields.population_per_year);
    // The sample is judged against the people counted as served when the unit counted them.
    let invitations = store
        .invitation_counts(detail.id, period.from, period.to)
        .await?;
    let figures = UnitFigures {
        now: &tally,
        population_per_year,
        invitations,
    };
    // The API gives the period's figures only: no past.
    let none = History::default();
    let row = row(
        code,
        &detail.unit.name,
        String::new(),
        &[figures],
        &period,
        &none,
    );
    let result = row.pooled.as_ref();
    let unsur = Unsur::ALL
        .into_iter()
        .map(|u| {
            let figure = result.map(|r| r.get(u));
            let graded = figure.and_then(|f| f.graded);
            ApiUnsur {
                code: format!("U{}", u.number()),
                key: u.key().to_string(),
                name: u.name(Lang::Id).to_string(),
                answered: figure.map_or(0, |f| f.answered),
                score_sum: figure.map_or(0, |f| f.score_sum),
                nrr: graded.map(|g| g.nrr.as_f64()),
                converted: graded.map(|g| g.converted.as_f64()),
                grade: graded.map(|g| g.mutu.letter().to_string()),
            }
        })
        .collect();
    Ok(ApiUnitIkm {
        unit_code: detail.unit.code.clone(),
        unit_name: detail.unit.name.clone(),
        region_code: detail.unit.region_code.clone(),
        period: api_period(&period),
        respondents: row.respondents,
        ikm: result.map(|r| r.ikm.as_f64()),
        converted: result.map(|r| r.converted.as_f64()),
        grade: result.map(|r| r.mutu.letter().to_string()),
        performance: result.map(|r| r.mutu.label(Lang::Id).to_string()),
        interval: row.interval.map(|i| ApiInterval {
            low: i.low.as_f64(),
            high: i.high.as_f64(),
        }),
        adequacy: row.adequacy.map(|a| ApiAdequacy {
            population: a.population,
            required: a.required,
            respondents: a.respondents,
            adequate: a.adequate,
        }),
        weakest: result
            .and_then(|r| r.weakest())
            .map(|u| format!("U{}", u.number())),
        unsur,
    })
}

async fn region_summary(
    state: &AppState,
    code: &str,
    asked: Option<&str>,
) -> ApiResult<ApiRegionIkm> {
    let store = state.store.as_ref();
    let Some(place) = RegionReading::locate(store, code).await? else {
        return Err(unknown_region(code));
    };
    let published = published(&state.store).await?;
    let active = |u: &&RegionUnit| u.active;
    let keys: Vec<String> = place
        .units
        .iter()
        .filter(active)
        .flat_map(|u| published.get(&u.id).cloned().unwrap_or_default())
        .collect();
    let period = chosen_period(
        asked,
        &published_newest_first(&keys),
        Whose::Region(&place.region.name),
    )?;
    let reading = place
        .load(store, &[(period, Counted::Valid)])
        .await?
        .load_invitations(store, period)
        .await?;
    let key = period.key();
    let is_published = |u: &RegionUnit| published.get(&u.id).is_some_and(|k| k.contains(&key));
    // The API gives the period's figures only: no past.
    let none = History::default();
    let summarise = |kind: &str, code: &str, name: &str, units: &[&RegionUnit]| {
        let figures: Vec<UnitFigures> = units
            .iter()
            .filter(|u| is_published(u))
            .map(|u| UnitFigures {
                now: reading.tally(u.id, period, Counted::Valid),
                population_per_year: u.population_per_year,
                invitations: reading.invitations(u.id),
            })
            .collect();
        let r = row(code, name, String::new(), &figures, &period, &none);
        comparison_row(kind, &r, figures.len() as u64, units.len() as u64)
    };
    let region = &reading.region;
    let all: Vec<&RegionUnit> = reading.units.iter().filter(active).collect();
    let total = summarise("region", &region.code, &region.name, &all);
    let mut rows = Vec::new();
    if region.level == RegionLevel::Province {
        for (child, at) in reading.children.iter().zip(reading.units_by_child()) {
            let units: Vec<&RegionUnit> = at
                .iter()
                .map(|&i| &reading.units[i])
                .filter(active)
                .collect();
            rows.push(summarise("region", &child.code, &child.name, &units));
        }
    }
    // Units of this region itself (every unit of a regency or city; a province's own units).
    for unit in reading.own_units().filter(active) {
        if is_published(unit) {
            rows.push(summarise("unit", &unit.code, &unit.name, &[unit]));
        }
    }
    Ok(ApiRegionIkm {
        region: api_region(region),
        period: api_period(&period),
        total,
        rows,
    })
}

/// A unit's IKM for a period it published: the nine NRRs, the IKM, grade, interval, adequacy.
#[utoipa::path(
    get,
    path = "/api/v1/units/{code}/ikm",
    tag = "ikm",
    params(("code" = String, Path, description = "The unit's code", example = "1871-disdukcapil"), PeriodQuery),
    responses(
        (status = 200, description = "The unit's published IKM", body = ApiUnitIkm),
        ReadErrors
    )
)]
pub async fn unit_ikm(
    State(state): State<AppState>,
    code: Result<Path<String>, PathRejection>,
    period: Result<Query<PeriodQuery>, QueryRejection>,
) -> ApiResult<Json<ApiUnitIkm>> {
    let code = path(code)?;
    let period = query(period)?;
    Ok(Json(
        unit_summary(&state, &code, period.period.as_deref()).await?,
    ))
}

/// A unit's nine unsur for a period it published, as CSV.
#[utoipa::path(
    get,
    path = "/api/v1/units/{code}/ikm.csv",
    tag = "ikm",
    params(("code" = String, Path, description = "The unit's code", example = "1871-disdukcapil"), PeriodQuery),
    responses(
        (status = 200, description = "One row per unsur", content_type = "text/csv", body = String),
        ReadErrors
    )
)]
pub async fn unit_ikm_csv(
    State(state): State<AppState>,
    code: Result<Path<String>, PathRejection>,
    period: Result<Query<PeriodQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let code = path(code)?;
    let period = query(period)?;
    let summary = unit_summary(&state, &code, period.period.as_deref()).await?;
    csv_response(
        &format!("ikm-{}-{}.csv", summary.unit_code, summary.period.key),
        &summary.unsur,
    )
}

/// A region's IKM for a period (pooled and mean of units over the units that published it), with
/// one row per regency/city or unit.
#[utoipa::path(
    get,
    path = "/api/v1/regions/{code}/ikm",
    tag = "ikm",
    params(("code" = String, Path, description = "The region's Kemendagri code", example = "18.71"), PeriodQuery),
    responses(
        (status = 200, description = "The region's published IKM", body = ApiRegionIkm),
        ReadErrors
    )
)]
pub async fn region_ikm(
    State(state): State<AppState>,
    code: Result<Path<String>, PathRejection>,
    period: Result<Query<PeriodQuery>, QueryRejection>,
) -> ApiResult<Json<ApiRegionIkm>> {
    let code = path(code)?;
    let period = query(period)?;
    Ok(Json(
        region_summary(&state, &code, period.period.as_deref()).await?,
    ))
}

/// A region's comparison for a period as CSV: the region's own row first, then one per
/// regency/city or unit.
#[utoipa::path(
    get,
    path = "/api/v1/regions/{code}/ikm.csv",
    tag = "ikm",
    params(("code" = String, Path, description = "The region's Kemendagri code", example = "18.71"), PeriodQuery),
    responses(
        (status = 200, description = "The region's row, then its regencies/cities or units", content_type = "text/csv", body = String),
        ReadErrors
    )
)]
pub async fn region_ikm_csv(
    State(state): State<AppState>,
    code: Result<Path<String>, PathRejection>,
    period: Result<Query<PeriodQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let code = path(code)?;
    let period = query(period)?;
    let summary = region_summary(&state, &code, period.period.as_deref()).await?;
    let mut rows = vec![summary.total];
    rows.extend(summary.rows);
    csv_response(
        &format!("ikm-{}-{}.csv", summary.region.code, summary.period.key),
        &rows,
    )
}
