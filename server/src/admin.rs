//! The administration forms: regions, units, services and accounts (`POST /admin/…`).
//!
//! Plain HTML forms, so they work without the WASM. Each handler checks, on the server, that the
//! signed-in person may make this change in this place of the region tree; validates with
//! `validator`; stores the change with its audit line; and answers with a redirect (303) to the page,
//! or the page again (422) with each problem beside its field.

use crate::auth::{hash_password, unavailable, MIN_PASSWORD_CHARS};
use crate::render::render_page;
use crate::startup::AppState;
use crate::survey::simple_page;
use app::access::{Identity, Role, ScopeKind, Viewer};
use app::accounts::{Actor, NewUser};
use app::forms::{code, FormState};
use app::model::{RegionLevel, UnitFields, UnitKind};
use app::store::{StoreError, Unique};
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Form, Router};
use validator::{Validate, ValidationError, ValidationErrors};

use crate::form::{raw, value, Fields};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/unit", post(create_unit))
        .route("/admin/unit/{code}", post(update_unit))
        .route("/admin/unit/{code}/layanan", post(add_service))
        .route("/admin/unit/{code}/layanan/{id}", post(set_service_active))
        .route("/admin/wilayah/{code}", post(rename_region))
        .route("/admin/pengguna", post(create_user))
        .route("/admin/pengguna/{username}", post(set_user_active))
}

/// Everything a form handler needs about its request.
pub(crate) struct Ctx {
    pub(crate) state: AppState,
    pub(crate) identity: Identity,
    pub(crate) headers: HeaderMap,
    pub(crate) fields: Fields,
}

impl axum::extract::FromRequest<AppState> for Ctx {
    type Rejection = Response;

    async fn from_request(
        request: axum::extract::Request,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let identity = request
            .extensions()
            .get::<Identity>()
            .cloned()
            .unwrap_or_default();
        let headers = request.headers().clone();
        let Form(fields) = Form::<Fields>::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Ctx {
            state: state.clone(),
            identity,
            headers,
            fields,
        })
    }
}

impl Ctx {
    /// The language the person reads the site in: the language cookie, else Bahasa Indonesia.
    pub(crate) fn lang(&self) -> ikm_domain::Lang {
        crate::survey::cookie_lang(&self.headers).unwrap_or_default()
    }

    /// A short page with `message` (in the person's language) and `status`.
    pub(crate) fn message(&self, status: StatusCode, message: &str) -> Response {
        let page = crate::survey::simple_page_in(self.lang(), message, "");
        (status, Html(page)).into_response()
    }

    pub(crate) fn get(&self, name: &str) -> String {
        value(&self.fields, name).unwrap_or_default().to_string()
    }

    fn all(&self, name: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// The signed-in viewer allowed by `allowed`, or the answer that refuses.
    pub(crate) fn viewer(
        &self,
        back: &str,
        allowed: impl Fn(&Viewer) -> bool,
    ) -> Result<Viewer, Refusal> {
        match &self.identity.viewer {
            None => Err(Refusal::SignIn(back.to_string())),
            Some(viewer) if allowed(viewer) => Ok(viewer.clone()),
            Some(_) => Err(Refusal::Forbidden),
        }
    }

    pub(crate) fn actor(&self, viewer: &Viewer) -> Actor {
        Actor::of(viewer, &self.identity.address)
    }

    /// The page at `uri` again, with this form's values (never passwords) and errors.
    pub(crate) async fn again(
        &self,
        uri: &str,
        form: &str,
        errors: Vec<(String, String)>,
    ) -> Response {
        let state = FormState {
            form: form.to_string(),
            values: self
                .fields
                .iter()
                .filter(|(k, _)| !k.contains("password"))
                .cloned()
                .collect(),
            errors,
        };
        render_page(
            &self.state,
            uri,
            &self.headers,
            Some(self.identity.clone()),
            StatusCode::UNPROCESSABLE_ENTITY,
            move || leptos::prelude::provide_context(state.clone()),
        )
        .await
    }
}

/// Why a form handler refuses before it gets to the form itself; answered once, in `into_response`.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Refusal {
    #[error("sign-in required")]
    SignIn(String),
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::SignIn(back) => {
                Redirect::to(&format!("/masuk?next={}", app::i18n::encode_query(&back)))
                    .into_response()
            }
            Refusal::Forbidden => forbidden(),
            Refusal::NotFound => not_found(),
            Refusal::Store(e) => unavailable(e),
        }
    }
}

fn forbidden() -> Response {
    (
        StatusCode::FORBIDDEN,
        Html(simple_page(
            "Anda tidak berhak melakukan perubahan ini. / You may not make this change.",
            "/admin",
        )),
    )
        .into_response()
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Html(simple_page("Data tidak ditemukan. / Not found.", "/admin")),
    )
        .into_response()
}

fn saved(to: &str) -> Response {
    Redirect::to(&format!("{to}?disimpan=1")).into_response()
}

/// Validation errors as `(field, code)`, in the order of `order`.
pub(crate) fn problems(errors: ValidationErrors, order: &[&str]) -> Vec<(String, String)> {
    let by_field = errors.field_errors();
    let mut out = vec![];
    for name in order {
        if let Some(list) = by_field.get(*name).and_then(|l| l.first()) {
            out.push((name.to_string(), list.code.to_string()));
        }
    }
    out
}

pub(crate) fn error(code: &'static str) -> ValidationError {
    ValidationError::new(code)
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

async fn create_unit(ctx: Ctx) -> Response {
    let page = "/admin/unit/baru";
    let viewer = match ctx.viewer(page, Viewer::can_create_units) {
        Ok(v) => v,
        Err(refusal) => return refusal.into_response(),
    };
    let code = ctx.get("code").to_lowercase();
    let fields = match unit_input(&ctx, &viewer, code.clone(), None).await {
        Err(refusal) => return refusal.into_response(),
        Ok(Err(errors)) => return ctx.again(page, "unit", errors).await,
        Ok(Ok(fields)) => fields,
    };
    match ctx
        .state
        .store
        .create_unit(&code, &fields, &ctx.actor(&viewer))
        .await
    {
        Ok(()) => {
            tracing::info!(user = %viewer.username, unit = %code, "unit created");
            saved(&format!("/admin/unit/{code}"))
        }
        Err(StoreError::Taken(Unique::UnitCode(_))) => {
            ctx.again(page, "unit", vec![("code".into(), code::TAKEN.into())])
                .await
        }
        Err(e) => unavailable(e),
    }
}

/// The unit behind a path, when the viewer may manage it.
async fn managed_unit(ctx: &Ctx, code: &str) -> Result<(Viewer, UnitFields), Refusal> {
    let page = format!("/admin/unit/{code}");
    let viewer = ctx.viewer(&page, |_| true)?;
    let Some(record) = ctx.state.store.unit_record(code).await? else {
        return Err(Refusal::NotFound);
    };
    if !viewer.can_manage_unit(code, &record.fields.region_code) {
        return Err(Refusal::Forbidden);
    }
    Ok((viewer, record.fields))
}

async fn update_unit(Path(unit): Path<String>, ctx: Ctx) -> Response {
    let (viewer, before) = match managed_unit(&ctx, &unit).await {
        Ok(found) => found,
        Err(refusal) => return refusal.into_response(),
    };
    let page = format!("/admin/unit/{unit}");
    // A unit head keeps the unit where it is; only staff over the region move it.
    let fixed = (viewer.role == Role::Unit).then_some(before.region_code.as_str());
    let fields = match unit_input(&ctx, &viewer, unit.clone(), fixed).await {
        Err(refusal) => return refusal.into_response(),
        Ok(Err(errors)) => return ctx.again(&page, "unit", errors).await,
        Ok(Ok(fields)) => fields,
    };
    match ctx
        .state
        .store
        .update_unit(&unit, &fields, &ctx.actor(&viewer))
        .await
    {
        Ok(()) => {
            ctx.state.units.forget(&unit);
            saved(&page)
        }
        Err(StoreError::NotFound(_)) => not_found(),
        Err(e) => unavailable(e),
    }
}

#[derive(Debug, Validate)]
struct ServiceInput {
    #[validate(length(min = 2, max = 120, code = "length"))]
    service: String,
}

async fn add_service(Path(unit): Path<String>, ctx: Ctx) -> Response {
    let (viewer, _) = match managed_unit(&ctx, &unit).await {
        Ok(found) => found,
        Err(refusal) => return refusal.into_response(),
    };
    let page = format!("/admin/unit/{unit}");
    let input = ServiceInput {
        service: ctx.get("service"),
    };
    if let Err(errors) = input.validate() {
        return ctx
            .again(&page, "service", problems(errors, &["service"]))
            .await;
    }
    match ctx
        .state
        .store
        .add_service(&unit, &input.service, &ctx.actor(&viewer))
        .await
    {
        Ok(()) => {
            ctx.state.units.forget(&unit);
            saved(&page)
        }
        Err(StoreError::Taken(Unique::ServiceName(_))) => {
            ctx.again(
                &page,
                "service",
                vec![("service".into(), code::TAKEN.into())],
            )
            .await
        }
        Err(StoreError::NotFound(_)) => not_found(),
        Err(e) => unavailable(e),
    }
}

async fn set_service_active(Path((unit, id)): Path<(String, String)>, ctx: Ctx) -> Response {
    let (viewer, _) = match managed_unit(&ctx, &unit).await {
        Ok(found) => found,
        Err(refusal) => return refusal.into_response(),
    };
    let Ok(id) = id.parse::<i64>() else {
        return not_found();
    };
    let active = ctx.get("active") == "1";
    match ctx
        .state
        .store
        .set_service_active(&unit, id, active, &ctx.actor(&viewer))
        .await
    {
        Ok(()) => {
            ctx.state.units.forget(&unit);
            saved(&format!("/admin/unit/{unit}"))
        }
        Err(StoreError::NotFound(_)) => not_found(),
        Err(e) => unavailable(e),
    }
}

#[derive(Debug, Validate)]
struct RegionInput {
    #[validate(length(min = 3, max = 100, code = "length"))]
    name: String,
}

async fn rename_region(Path(region): Path<String>, ctx: Ctx) -> Response {
    let page = "/admin/wilayah";
    let viewer = match ctx.viewer(page, |v| v.can_edit_region(&region)) {
        Ok(v) => v,
        Err(refusal) => return refusal.into_response(),
    };
    let input = RegionInput {
        name: ctx.get("name"),
    };
    if let Err(errors) = input.validate() {
        let form = format!("region-{region}");
        return ctx.again(page, &form, problems(errors, &["name"])).await;
    }
    match ctx
        .state
        .store
        .rename_region(&region, &input.name, &ctx.actor(&viewer))
        .await
    {
        Ok(()) => saved(page),
        Err(StoreError::NotFound(_)) => not_found(),
        Err(e) => unavailable(e),
    }
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

/// Checks that scope codes fit the role: one province, one kabupaten/kota, or existing units.
pub async fn check_scopes(
    store: &dyn app::store::Store,
    role: Role,
    scopes: &[String],
) -> Result<bool, StoreError> {
    let regions = store.regions().await?;
    let level_of = |code: &str| regions.iter().find(|r| r.code == code).map(|r| r.level);
    Ok(match role.scope_kind() {
        ScopeKind::None => scopes.is_empty(),
        ScopeKind::Province => {
            scopes.len() == 1 && level_of(&scopes[0]) == Some(RegionLevel::Province)
        }
        ScopeKind::Region => {
            scopes.len() == 1
                && matches!(
                    level_of(&scopes[0]),
                    Some(RegionLevel::Regency | RegionLevel::City)
                )
        }
        ScopeKind::Units => {
            if scopes.is_empty() {
                return Ok(false);
            }
            for code in scopes {
                if store.unit(code).await?.is_none() {
                    return Ok(false);
                }
            }
            true
        }
    })
}

async fn create_user(ctx: Ctx) -> Response {
    let page = "/admin/pengguna";
    let viewer = match ctx.viewer(page, Viewer::can_manage_users) {
        Ok(v) => v,
        Err(refusal) => return refusal.into_response(),
    };
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
        Some(role) => match check_scopes(ctx.state.store.as_ref(), role, &scopes).await {
            Ok(true) => {}
            Ok(false) => errors.push(("scopes".into(), code::SCOPE.into())),
            Err(e) => return unavailable(e),
        },
    }
    errors.sort_by_key(|(f, _)| USER_FIELDS.iter().position(|x| x == f));
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return ctx.again(page, "user", errors).await;
    };
    let Ok(hash) = hash_password(input.password).await else {
        return unavailable(StoreError::Failed("password hashing failed".into()));
    };
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
        Ok(_) => saved(page),
        Err(StoreError::Taken(taken @ (Unique::Username(_) | Unique::Email(_)))) => {
            let field = match taken {
                Unique::Email(_) => "email",
                _ => "username",
            };
            ctx.again(page, "user", vec![(field.into(), code::TAKEN.into())])
                .await
        }
        Err(e) => unavailable(e),
    }
}

async fn set_user_active(Path(username): Path<String>, ctx: Ctx) -> Response {
    let page = "/admin/pengguna";
    let viewer = match ctx.viewer(page, Viewer::can_manage_users) {
        Ok(v) => v,
        Err(refusal) => return refusal.into_response(),
    };
    let active = ctx.get("active") == "1";
    if !active && viewer.username == username {
        // Locking oneself out leaves nobody to undo it.
        return ctx
            .again(page, "users", vec![(String::new(), code::CHOICE.into())])
            .await;
    }
    match ctx
        .state
        .store
        .set_user_active(&username, active, &ctx.actor(&viewer))
        .await
    {
        Ok(()) => saved(page),
        Err(StoreError::NotFound(_)) => not_found(),
        Err(e) => unavailable(e),
    }
}
