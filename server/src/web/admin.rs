//! The administration forms: regions, units, services and accounts (`POST /admin/…`).
//!
//! Plain HTML forms, so they work without the WASM. Each handler checks, on the server, that the
//! signed-in person may make this change in this place of the region tree; validates with
//! `validator`; stores the change with its audit line; and answers with a redirect (303) to the page,
//! or the page again (422) with each problem beside its field.

use crate::accounts::{check_scopes, hash_password, MIN_PASSWORD_CHARS};
use crate::web::form::{error, problems, raw, Answer, Ctx, Refusal};
use crate::web::state::AppState;
use app::access::{Role, Viewer};
use app::accounts::NewUser;
use app::forms::code;
use app::model::{UnitFields, UnitKind};
use app::store::{StoreError, Unique};
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use validator::{Validate, ValidationError};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/unit", post(create_unit))
        .route("/admin/unit/{code}", post(update_unit))
        .route("/admin/unit/{code}/layanan", post(add_service))
        .route("/admin/unit/{code}/layanan/{id}", post(set_service_active))
        .route("/admin/wilayah/{code}", post(rename_region))
        .route("/admin/pengguna", post(create_user))
        .route("/admin/pengguna/{username}", post(set_user_active))
        .route("/admin/rubrik", post(save_rubric))
        .route("/admin/rubrik/bawaan", post(reset_rubric))
}

fn saved(to: &str) -> Response {
    Redirect::to(&format!("{to}?disimpan=1")).into_response()
}

fn unit_code(value: &str) -> Result<(), ValidationError> {
    let ok = (3..=60).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !value.starts_with('-')
        && !value.ends_with('-')
        && value != app::forms::NEW_UNIT;
    ok.then_some(()).ok_or_else(|| error(code::UNIT_CODE))
}

fn username(value: &str) -> Result<(), ValidationError> {
    let ok = (3..=32).contains(&value.len())
        && value.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_' || b == b'-'
        });
    ok.then_some(()).ok_or_else(|| error(code::USERNAME))
}

#[derive(Debug, Validate)]
struct UnitInput {
    #[validate(custom(function = "unit_code"))]
    code: String,
    #[validate(length(min = 3, max = 150, code = "length"))]
    name: String,
    #[validate(length(max = 150, code = "length"))]
    mpp: String,
    #[validate(length(max = 300, code = "length"))]
    contact: String,
}

const UNIT_FIELDS: [&str; 8] = [
    "code",
    "name",
    "kind",
    "region",
    "mpp",
    "contact",
    "population",
    "active",
];

/// Reads and checks the unit form; the region must be one the viewer may place units in, unless it
/// is `fixed_region` (a unit head edits a unit but does not move it).
async fn unit_input(
    ctx: &Ctx,
    viewer: &Viewer,
    code: String,
    fixed_region: Option<&str>,
) -> Result<Result<UnitFields, Vec<(String, String)>>, Refusal> {
    let input = UnitInput {
        code,
        name: ctx.get("name"),
        mpp: ctx.get("mpp"),
        contact: ctx.get("contact"),
    };
    let mut errors = match input.validate() {
        Ok(()) => vec![],
        Err(e) => problems(e, &UNIT_FIELDS),
    };
    let kind = UnitKind::parse(&ctx.get("kind"));
    if kind.is_none() {
        errors.push(("kind".into(), code::CHOICE.into()));
    }
    let region = fixed_region
        .map(str::to_string)
        .unwrap_or_else(|| ctx.get("region"));
    let regions = ctx.state.store.regions().await?;
    if !regions.iter().any(|r| r.code == region) {
        errors.push(("region".into(), code::CHOICE.into()));
    } else if fixed_region.is_none() && !viewer.can_place_units_in(&region) {
        errors.push(("region".into(), code::OUT_OF_SCOPE.into()));
    }
    let population = match ctx.get("population").replace('.', "").as_str() {
        "" => None,
        text => match text.parse::<u64>() {
            Ok(n) if n <= 100_000_000 => Some(n),
            _ => {
                errors.push(("population".into(), code::NUMBER.into()));
                None
            }
        },
    };
    errors.sort_by_key(|(f, _)| UNIT_FIELDS.iter().position(|x| x == f));
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let optional = |text: String| Some(text).filter(|t| !t.is_empty());
    Ok(Ok(UnitFields {
        name: input.name,
        kind: kind.unwrap_or(UnitKind::Lainnya),
        region_code: region,
        mpp_name: optional(input.mpp),
        active: ctx.get("active") == "1",
        complaint_contact: optional(input.contact),
        population_per_year: population,
    }))
}

async fn create_unit(ctx: Ctx) -> Answer {
    let page = "/admin/unit/baru";
    let viewer = ctx.viewer(page, Viewer::can_create_units)?;
    let code = ctx.get("code").to_lowercase();
    let fields = match unit_input(&ctx, &viewer, code.clone(), None).await? {
        Ok(fields) => fields,
        Err(errors) => return Ok(ctx.again(page, "unit", errors).await),
    };
    match ctx
        .state
        .store
        .create_unit(&code, &fields, &ctx.actor(&viewer))
        .await
    {
        Ok(()) => {
            tracing::info!(user = %viewer.username, unit = %code, "unit created");
            Ok(saved(&format!("/admin/unit/{code}")))
        }
        Err(StoreError::Taken(Unique::UnitCode(_))) => {
            let taken = vec![("code".into(), code::TAKEN.into())];
            Ok(ctx.again(page, "unit", taken).await)
        }
        Err(e) => Err(e.into()),
    }
}

async fn update_unit(Path(unit): Path<String>, ctx: Ctx) -> Answer {
    let page = format!("/admin/unit/{unit}");
    let managed = ctx.managed(&unit, &page).await?;
    let viewer = managed.viewer;
    // A unit head keeps the unit where it is; only staff over the region move it.
    let before = managed.record.fields.region_code;
    let fixed = (viewer.role == Role::Unit).then_some(before.as_str());
    let fields = match unit_input(&ctx, &viewer, unit.clone(), fixed).await? {
        Ok(fields) => fields,
        Err(errors) => return Ok(ctx.again(&page, "unit", errors).await),
    };
    ctx.state
        .store
        .update_unit(&unit, &fields, &ctx.actor(&viewer))
        .await?;
    ctx.state.units.forget(&unit);
    Ok(saved(&page))
}

#[derive(Debug, Validate)]
struct ServiceInput {
    #[validate(length(min = 2, max = 120, code = "length"))]
    service: String,
}

async fn add_service(Path(unit): Path<String>, ctx: Ctx) -> Answer {
    let page = format!("/admin/unit/{unit}");
    let viewer = ctx.managed(&unit, &page).await?.viewer;
    let input = ServiceInput {
        service: ctx.get("service"),
    };
    if let Err(errors) = input.validate() {
        let problems = problems(errors, &["service"]);
        return Ok(ctx.again(&page, "service", problems).await);
    }
    match ctx
        .state
        .store
        .add_service(&unit, &input.service, &ctx.actor(&viewer))
        .await
    {
        Ok(()) => {
            ctx.state.units.forget(&unit);
            Ok(saved(&page))
        }
        Err(StoreError::Taken(Unique::ServiceName(_))) => {
            let taken = vec![("service".into(), code::TAKEN.into())];
            Ok(ctx.again(&page, "service", taken).await)
        }
        Err(e) => Err(e.into()),
    }
}

async fn set_service_active(Path((unit, id)): Path<(String, String)>, ctx: Ctx) -> Answer {
    let page = format!("/admin/unit/{unit}");
    let viewer = ctx.managed(&unit, &page).await?.viewer;
    let id = id.parse::<i64>().map_err(|_| Refusal::NotFound)?;
    let active = ctx.get("active") == "1";
    ctx.state
        .store
        .set_service_active(&unit, id, active, &ctx.actor(&viewer))
        .await?;
    ctx.state.units.forget(&unit);
    Ok(saved(&page))
}

#[derive(Debug, Validate)]
struct RegionInput {
    #[validate(length(min = 3, max = 100, code = "length"))]
    name: String,
}

async fn rename_region(Path(region): Path<String>, ctx: Ctx) -> Answer {
    let page = "/admin/wilayah";
    let viewer = ctx.viewer(page, |v| v.can_edit_region(&region))?;
    let input = RegionInput {
        name: ctx.get("name"),
    };
    if let Err(errors) = input.validate() {
        let form = format!("region-{region}");
        return Ok(ctx.again(page, &form, problems(errors, &["name"])).await);
    }
    ctx.state
        .store
        .rename_region(&region, &input.name, &ctx.actor(&viewer))
        .await?;
    Ok(saved(page))
}

#[derive(Debug, Validate)]
struct UserInput {
    #[validate(custom(function = "username"))]
    username: String,
    #[validate(email(code = "email"))]
    email: Option<String>,
    #[validate(length(min = 2, max = 100, code = "length"))]
    display_name: String,
    #[validate(length(min = "MIN_PASSWORD_CHARS", max = 200, code = "password"))]
    password: String,
}

const USER_FIELDS: [&str; 6] = [
    "username",
    "email",
    "display_name",
    "role",
    "scopes",
    "password",
];

async fn create_user(ctx: Ctx) -> Answer {
    let page = "/admin/pengguna";
    let viewer = ctx.viewer(page, Viewer::can_manage_users)?;
    let input = UserInput {
        username: ctx.get("username").to_lowercase(),
        email: Some(ctx.get("email").to_lowercase()).filter(|e| !e.is_empty()),
        display_name: ctx.get("display_name"),
        password: raw(&ctx.fields, "password").unwrap_or_default().to_string(),
    };
    let mut errors = match input.validate() {
        Ok(()) => vec![],
        Err(e) => problems(e, &USER_FIELDS),
    };
    let scopes: Vec<String> = ctx
        .all("scopes")
        .iter()
        .flat_map(|s| s.split([',', ' ', '\n']))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let role = Role::parse(&ctx.get("role"));
    match role {
        None => errors.push(("role".into(), code::CHOICE.into())),
        Some(role) => {
            if !check_scopes(ctx.state.store.as_ref(), role, &scopes).await? {
                errors.push(("scopes".into(), code::SCOPE.into()));
            }
        }
    }
    errors.sort_by_key(|(f, _)| USER_FIELDS.iter().position(|x| x == f));
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return Ok(ctx.again(page, "user", errors).await);
    };
    let hash = hash_password(input.password)
        .await
        .map_err(|_| StoreError::Failed("password hashing failed".into()))?;
    let user = NewUser {
        username: input.username,
        email: input.email,
        display_name: input.display_name,
        password_hash: hash,
        role,
        scopes,
    };
    match ctx
        .state
        .store
        .create_user(&user, &ctx.actor(&viewer))
        .await
    {
        Ok(_) => Ok(saved(page)),
        Err(StoreError::Taken(taken @ (Unique::Username(_) | Unique::Email(_)))) => {
            let field = match taken {
                Unique::Email(_) => "email",
                _ => "username",
            };
            let taken = vec![(field.into(), code::TAKEN.into())];
            Ok(ctx.again(page, "user", taken).await)
        }
        Err(e) => Err(e.into()),
    }
}

async fn set_user_active(Path(username): Path<String>, ctx: Ctx) -> Answer {
    let page = "/admin/pengguna";
    let viewer = ctx.viewer(page, Viewer::can_manage_users)?;
    let active = ctx.get("active") == "1";
    if !active && viewer.username == username {
        // Locking oneself out leaves nobody to undo it.
        let problem = vec![(String::new(), code::CHOICE.into())];
        return Ok(ctx.again(page, "users", problem).await);
    }
    ctx.state
        .store
        .set_user_active(&username, active, &ctx.actor(&viewer))
        .await?;
    Ok(saved(page))
}

/// `POST /admin/rubrik` — replaces the scorecard's rubric (administrators only), when every field
/// reads and the rubric holds together; otherwise the page again with the problems.
async fn save_rubric(ctx: Ctx) -> Answer {
    use app::forms::RUBRIC_FORM;
    let page = "/admin/rubrik";
    let viewer = ctx.viewer(page, Viewer::is_admin)?;
    let mut rubric = match app::scorecard::rubric_from_form(|k| ctx.get(k)) {
        Ok(rubric) => rubric,
        Err(errors) => return Ok(ctx.again(page, RUBRIC_FORM, errors).await),
    };
    if !rubric.check().is_empty() {
        let errors = vec![(String::new(), code::RUBRIC.to_string())];
        return Ok(ctx.again(page, RUBRIC_FORM, errors).await);
    }
    ctx.state
        .store
        .set_rubric(Some(&rubric), &ctx.actor(&viewer))
        .await?;
    Ok(saved(page))
}

/// `POST /admin/rubrik/bawaan` — back to the default rubric (audited).
async fn reset_rubric(ctx: Ctx) -> Answer {
    let page = "/admin/rubrik";
    let viewer = ctx.viewer(page, Viewer::is_admin)?;
    ctx.state
        .store
        .set_rubric(None, &ctx.actor(&viewer))
        .await?;
    Ok(saved(page))
}
