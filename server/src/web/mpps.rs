//! The Mal Pelayanan Publik forms (`POST /admin/mpp…`): create an MPP, change its name and
//! address, add and remove tenants; and the live screens' setting of an MPP and of a unit
//! (`…/tv`: show the current period). Each handler checks on the server that the signed-in person
//! may change this MPP (`Viewer::can_manage_mpp`; creating one needs the region), stores the change
//! with its audit line, and answers with a redirect (303), or the page again (422) with each
//! problem beside its field.

use crate::web::form::{error, problems, Answer, Ctx};
use crate::web::state::AppState;
use app::access::Viewer;
use app::forms::code;
use app::mpp::{valid_code, MppFields};
use app::pages::admin::mpp::{MPP_FORM, NEW_MPP_FORM, TENANT_FORM};
use app::store::StoreError;
use app::tv::TvPlace;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use validator::{Validate, ValidationError};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/mpp", post(create_mpp))
        .route("/admin/mpp/{code}", post(update_mpp))
        .route("/admin/mpp/{code}/tenant", post(add_tenant))
        .route("/admin/mpp/{code}/tenant/{unit}", post(set_tenant))
        .route("/admin/mpp/{code}/tv", post(set_screen))
        .route("/admin/unit/{code}/tv", post(set_unit_screen))
}

fn saved(to: &str) -> Response {
    Redirect::to(&format!("{to}?disimpan=1")).into_response()
}

fn mpp_code(value: &str) -> Result<(), ValidationError> {
    valid_code(value)
        .then_some(())
        .ok_or_else(|| error(code::UNIT_CODE))
}

#[derive(Debug, Validate)]
struct MppInput {
    #[validate(custom(function = "mpp_code"))]
    code: String,
    #[validate(length(min = 3, max = 150, code = "length"))]
    name: String,
    #[validate(length(max = 300, code = "length"))]
    address: String,
}

const MPP_FIELDS: [&str; 4] = ["code", "name", "region", "address"];

async fn create_mpp(ctx: Ctx) -> Answer {
    let page = "/admin/mpp";
    let viewer = ctx.viewer(page, Viewer::can_list_mpps)?;
    let input = MppInput {
        code: ctx.get("code").to_lowercase(),
        name: ctx.get("name"),
        address: ctx.get("address"),
    };
    let region = ctx.get("region");
    let mut errors = match input.validate() {
        Ok(()) => vec![],
        Err(e) => problems(e, &MPP_FIELDS),
    };
    let regions = ctx.state.store.regions().await?;
    let known = regions
        .iter()
        .any(|r| r.code == region && r.parent_code.is_some());
    if !known {
        errors.push(("region".into(), code::CHOICE.into()));
    } else if !viewer.can_place_units_in(&region) {
        errors.push(("region".into(), code::OUT_OF_SCOPE.into()));
    }
    if !errors.is_empty() {
        return Ok(ctx.again(page, NEW_MPP_FORM, errors).await);
    }
    let fields = MppFields {
        name: input.name,
        region_code: region,
        address: input.address,
    };
    match ctx
        .state
        .store
        .save_mpp(&input.code, &fields, true, &ctx.actor(&viewer))
        .await
    {
        Ok(()) => Ok(saved(&format!("/admin/mpp/{}", input.code))),
        Err(StoreError::Taken(_)) => {
            let errors = vec![("code".to_string(), code::TAKEN.to_string())];
            Ok(ctx.again(page, NEW_MPP_FORM, errors).await)
        }
        Err(e) => Err(e.into()),
    }
}

/// The MPP `code` and the viewer when they may change it; signing in returns to its page.
async fn managed_mpp(
    ctx: &Ctx,
    code: &str,
) -> Result<(Viewer, MppFields), crate::web::form::Refusal> {
    let page = format!("/admin/mpp/{code}");
    let signed_in = ctx.viewer(&page, |_| true)?;
    let detail = ctx
        .state
        .store
        .mpp(code)
        .await?
        .ok_or(crate::web::form::Refusal::NotFound)?;
    let region = detail.mpp.fields.region_code.clone();
    if !signed_in.can_manage_mpp(code, &region) {
        return Err(crate::web::form::Refusal::Forbidden);
    }
    Ok((signed_in, detail.mpp.fields))
}

async fn update_mpp(Path(mpp): Path<String>, ctx: Ctx) -> Answer {
    let (viewer, before) = managed_mpp(&ctx, &mpp).await?;
    let page = format!("/admin/mpp/{mpp}");
    let input = MppInput {
        code: mpp.clone(),
        name: ctx.get("name"),
        address: ctx.get("address"),
    };
    if let Err(e) = input.validate() {
        return Ok(ctx.again(&page, MPP_FORM, problems(e, &MPP_FIELDS)).await);
    }
    // The region stays: an MPP is a building of its kabupaten/kota.
    let fields = MppFields {
        name: input.name,
        region_code: before.region_code,
        address: input.address,
    };
    match ctx
        .state
        .store
        .save_mpp(&mpp, &fields, false, &ctx.actor(&viewer))
        .await
    {
        Ok(()) => Ok(saved(&page)),
        Err(StoreError::Taken(_)) => {
            let errors = vec![("name".to_string(), code::TAKEN.to_string())];
            Ok(ctx.again(&page, MPP_FORM, errors).await)
        }
        Err(e) => Err(e.into()),
    }
}

async fn add_tenant(Path(mpp): Path<String>, ctx: Ctx) -> Answer {
    let (viewer, fields) = managed_mpp(&ctx, &mpp).await?;
    let page = format!("/admin/mpp/{mpp}");
    let unit_code = ctx.get("unit").to_lowercase();
    // A tenant is a unit of the MPP's own kabupaten/kota (a national agency's booth is entered as
    // a unit of that region).
    let problem = match ctx.state.store.unit(&unit_code).await? {
        None => Some(code::UNKNOWN_UNIT),
        Some(unit) if unit.unit.region_code != fields.region_code => Some(code::OUT_OF_SCOPE),
        Some(_) => None,
    };
    if let Some(problem) = problem {
        let errors = vec![("unit".to_string(), problem.to_string())];
        return Ok(ctx.again(&page, TENANT_FORM, errors).await);
    }
    ctx.state
        .store
        .set_tenant(&mpp, &unit_code, true, &ctx.actor(&viewer))
        .await?;
    Ok(saved(&page))
}

async fn set_tenant(Path((mpp, unit)): Path<(String, String)>, ctx: Ctx) -> Answer {
    let (viewer, _) = managed_mpp(&ctx, &mpp).await?;
    let serving = matches!(ctx.get("serving").as_str(), "1" | "true" | "yes");
    ctx.state
        .store
        .set_tenant(&mpp, &unit, serving, &ctx.actor(&viewer))
        .await?;
    Ok(saved(&format!("/admin/mpp/{mpp}")))
}

/// The MPP manager's choice for its live screen: the current period, or only published ones.
async fn set_screen(Path(mpp): Path<String>, ctx: Ctx) -> Answer {
    let (viewer, _) = managed_mpp(&ctx, &mpp).await?;
    let on = ctx.get("show_current") == "1";
    ctx.state
        .store
        .set_tv_shows_current(&TvPlace::Mpp(mpp.clone()), on, &ctx.actor(&viewer))
        .await?;
    Ok(saved(&format!("/admin/mpp/{mpp}")))
}

/// The unit head's choice for the unit's live screen.
async fn set_unit_screen(Path(unit): Path<String>, ctx: Ctx) -> Answer {
    let page = format!("/admin/unit/{unit}");
    let managed = ctx.managed(&unit, &page).await?;
    let on = ctx.get("show_current") == "1";
    ctx.state
        .store
        .set_tv_shows_current(&TvPlace::Unit(unit), on, &ctx.actor(&managed.viewer))
        .await?;
    Ok(saved(&page))
}
