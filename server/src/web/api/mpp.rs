//! `/api/v1/mpp` and `/api/v1/mpp/{code}/ikm`: the Mal Pelayanan Publik and their published
//! figures. An MPP publishes nothing of its own: as for a region, a period is public over the booths
//! that published it (`app::mpp::published_reading`), from the answers given in the hall, through
//! the one engine (`app::comparison::row`).

use super::directory::{published, query};
use super::figures::{api_period, chosen_period, comparison_row, path, PeriodQuery, Whose};
use super::types::{ApiMpp, ApiMppIkm, ApiMppTenant, ReadErrors};
use super::{ApiError, ApiResult};
use crate::web::state::AppState;
use app::comparison::{row, History, UnitFigures};
use app::mpp::{hall_url, published_periods, published_reading, MppDetail};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::Json;
use std::collections::HashMap;

fn api_mpp(detail: &MppDetail, published: &HashMap<i64, Vec<String>>) -> ApiMpp {
    let mpp = &detail.mpp;
    ApiMpp {
        code: mpp.code.clone(),
        name: mpp.fields.name.clone(),
        region_code: mpp.fields.region_code.clone(),
        region_name: mpp.region_name.clone(),
        address: mpp.fields.address.clone(),
        hall_url: hall_url(&mpp.code, false),
        tenants: detail
            .serving()
            .map(|t| ApiMppTenant {
                code: t.code.clone(),
                name: t.name.clone(),
                agency: t.agency.clone(),
            })
            .collect(),
        published_periods: published_periods(detail, published)
            .iter()
            .map(|p| p.key())
            .collect(),
    }
}

/// Every Mal Pelayanan Publik with its booths and the periods its figures are public for.
#[utoipa::path(
    get,
    path = "/api/v1/mpp",
    tag = "directory",
    responses(
        (status = 200, description = "Every MPP, by region then name", body = [ApiMpp]),
        ReadErrors
    )
)]
pub async fn mpps(State(state): State<AppState>) -> ApiResult<Json<Vec<ApiMpp>>> {
    let store = &state.store;
    let published = published(store).await?;
    let mut out = Vec::new();
    for summary in store.mpps().await? {
        if let Some(detail) = store.mpp(&summary.code).await? {
            out.push(api_mpp(&detail, &published));
        }
    }
    Ok(Json(out))
}

/// An MPP's IKM for a period some of its booths published: pooled over those booths' answers given
/// in the hall and the mean of those booths, with one row per booth.
#[utoipa::path(
    get,
    path = "/api/v1/mpp/{code}/ikm",
    tag = "ikm",
    params(("code" = String, Path, description = "The MPP's code", example = "mpp-kota-bandar-lampung"), PeriodQuery),
    responses(
        (status = 200, description = "The MPP's published IKM", body = ApiMppIkm),
        ReadErrors
    )
)]
pub async fn mpp_ikm(
    State(state): State<AppState>,
    code: Result<Path<String>, PathRejection>,
    period: Result<Query<PeriodQuery>, QueryRejection>,
) -> ApiResult<Json<ApiMppIkm>> {
    let code = path(code)?;
    let asked = query(period)?;
    let store = state.store.as_ref();
    let Some(detail) = store.mpp(&code).await? else {
        return Err(ApiError::NotFound(format!(
            "there is no MPP with code {code:?}; /api/v1/mpp lists them"
        )));
    };
    let published = published(&state.store).await?;
    let periods = published_periods(&detail, &published);
    let name = detail.mpp.fields.name.clone();
    let period = chosen_period(asked.period.as_deref(), &periods, Whose::Mpp(&name))?;
    let reading = published_reading(store, &detail, &published, period).await?;
    let figures = |t: &app::mpp::Tenant, tally| UnitFigures {
        now: tally,
        population_per_year: t.population_per_year,
        ..UnitFigures::default()
    };
    let all: Vec<UnitFigures> = reading
        .tenants
        .iter()
        .map(|(t, tally)| figures(t, tally))
        .collect();
    let published_count = all.len() as u64;
    // The API gives the period's figures only: no past.
    let none = History::default();
    let total = row(&detail.mpp.code, &name, String::new(), &all, &period, &none);
    let total = comparison_row(
        "mpp",
        &total,
        published_count,
        reading.tenants_answered as u64,
    );
    let rows = reading
        .tenants
        .iter()
        .map(|(t, tally)| {
            let r = row(
                &t.code,
                &t.name,
                String::new(),
                &[figures(t, tally)],
                &period,
                &none,
            );
            comparison_row("unit", &r, 1, 1)
        })
        .collect();
    Ok(Json(ApiMppIkm {
        mpp: api_mpp(&detail, &published),
        period: api_period(&period),
        total,
        rows,
    }))
}
