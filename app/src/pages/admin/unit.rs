//! `/admin/unit/{code}` — a unit's facts and its services; `/admin/unit/baru` — a new unit.

use crate::access::{Role, Viewer};
use crate::components::fields::{field_error, field_value, form_summary, TextField};
use crate::components::letterhead_form::LetterheadForm;
use crate::components::staff::{guarded, AdminFrame};
use crate::components::tv_setting::TvSetting;
use crate::error::LoadError;
use crate::forms::FormState;
use crate::i18n::t;
use crate::model::{Region, UnitKind, UnitRecord};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitEditor {
    pub viewer: Viewer,
    /// `None` for a new unit.
    pub unit: Option<UnitRecord>,
    /// The regions the viewer may place the unit in.
    pub regions: Vec<Region>,
    pub form: Option<FormState>,
    /// Whether the unit's live screen shows the current period.
    pub tv_current: bool,
    /// The unit's own letterhead (its reports fall back to its region's).
    #[serde(default)]
    pub letterhead: Option<crate::letterhead::Letterhead>,
}

#[server(endpoint = "admin/unit")]
pub async fn load_unit_editor(code: String) -> Result<Option<UnitEditor>, LoadError> {
    use crate::guard::require;
    let store = crate::store::use_store()?;
    let failed = crate::store::unavailable("loading a unit for editing");
    let (viewer, unit) = if code == crate::forms::NEW_UNIT {
        (require(Viewer::can_create_units)?, None)
    } else {
        let viewer = require(|_| true)?;
        let Some(record) = store.unit_record(&code).await.map_err(failed)? else {
            crate::guard::set_status(http::StatusCode::NOT_FOUND);
            return Ok(None);
        };
        let region = record.fields.region_code.clone();
        let _ = require(|v| v.can_manage_unit(&code, &region))?;
        (viewer, Some(record))
    };
    let regions = store
        .regions()
        .await
        .map_err(failed)?
        .into_iter()
        .filter(|r| {
            viewer.can_place_units_in(&r.code)
                || unit
                    .as_ref()
                    .is_some_and(|u| u.fields.region_code == r.code)
        })
        .collect();
    let tv_current = match &unit {
        Some(u) => store
            .tv_shows_current(&crate::tv::TvPlace::Unit(u.code.clone()))
            .await
            .map_err(failed)?,
        None => false,
    };
    let letterhead = match &unit {
        Some(u) => store
            .letterhead(&crate::letterhead::LetterheadOwner::Unit(u.code.clone()))
            .await
            .map_err(failed)?,
        None => None,
    };
    Ok(Some(UnitEditor {
        viewer,
        unit,
        regions,
        form: crate::forms::rejected(),
        tv_current,
        letterhead,
    }))
}

#[component]
pub fn UnitEditorPage() -> impl IntoView {
    let text = t();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        load_unit_editor,
    );
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                guarded(data.await, |editor: UnitEditor| view! { <UnitEditorView editor /> })
            })}
        </Suspense>
    }
}

#[component]
fn UnitEditorView(editor: UnitEditor) -> impl IntoView {
    let text = t();
    let a = &text.admin;
    let UnitEditor {
        viewer,
        unit,
        regions,
        form,
        tv_current,
        letterhead,
    } = editor;
    let is_new = unit.is_none();
    let title = unit
        .as_ref()
        .map(|u| u.fields.name.clone())
        .unwrap_or_else(|| a.unit_new_title.to_string());
    let action = unit
        .as_ref()
        .map(|u| format!("/admin/unit/{}", u.code))
        .unwrap_or_else(|| "/admin/unit".to_string());
    let fields = unit.as_ref().map(|u| u.fields.clone());
    let value = |name: &str, current: Option<String>| {
        field_value(&form, "unit", name, current.unwrap_or_default())
    };
    let code = value("code", unit.as_ref().map(|u| u.code.clone()));
    let kind = value("kind", fields.as_ref().map(|f| f.kind.key().to_string()));
    let region = value("region", fields.as_ref().map(|f| f.region_code.clone()));
    let active = match form.as_ref().filter(|f| f.is("unit")) {
        Some(f) => f.value("active").as_deref() == Some("1"),
        None => fields.as_ref().map(|f| f.active).unwrap_or(true),
    };
    let name = value("name", fields.as_ref().map(|f| f.name.clone()));
    let mpp = value("mpp", fields.as_ref().and_then(|f| f.mpp_name.clone()));
    let contact = value(
        "contact",
        fields.as_ref().and_then(|f| f.complaint_contact.clone()),
    );
    let population = value(
        "population",
        fields
            .as_ref()
            .and_then(|f| f.population_per_year.map(|p| p.to_string())),
    );
    let error = |name: &str| field_error(&form, "unit", name);
    let (code_error, name_error, mpp_error, contact_error, population_error) = (
        error("code"),
        error("name"),
        error("mpp"),
        error("contact"),
        error("population"),
    );
    let summary = form_summary(&form, "unit");
    let region_locked = viewer.role == Role::Unit;
    let kind_error = field_error(&form, "unit", "kind");
    let region_error = field_error(&form, "unit", "region");
    view! {
        <AdminFrame viewer title>
            {unit.as_ref().map(|u| {
                let link = format!("/s/{}", u.code);
                view! {
                    <p>
                        {a.survey_link} ": " <a href=link.clone() data-testid="survey-link">{link.clone()}</a>
                        " · " <a href=format!("{link}/poster")>{text.unit_poster}</a>
                    </p>
                }
            })}
            {summary}
            <form method="post" action=action class="staff-form" data-testid="unit-form">
                <TextField
                    name="code"
                    label=a.field_code
                    hint=a.field_code_hint
                    value=code
                    error=code_error
                    required=true
                    readonly=!is_new
                />
                <TextField
                    name="name"
                    label=a.field_name
                    value=name
                    error=name_error
                    required=true
                />
                <div class="field" class:has-error=kind_error.is_some()>
                    <label for="f-kind">{a.field_kind}</label>
                    {kind_error.map(|e| view! { <p class="field-error">{e}</p> })}
                    <select id="f-kind" name="kind" required=true>
                        {UnitKind::ALL
                            .into_iter()
                            .map(|k| view! {
                                <option value=k.key() selected=kind == k.key()>{k.label()}</option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field" class:has-error=region_error.is_some()>
                    <label for="f-region">{a.field_region}</label>
                    {region_error.map(|e| view! { <p class="field-error">{e}</p> })}
                    <select id="f-region" name="region" required=true disabled=region_locked>
                        {regions
                            .into_iter()
                            .map(|r| {
                                let selected = region == r.code;
                                view! { <option value=r.code.clone() selected=selected>{r.name}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <TextField
                    name="mpp"
                    label=a.field_mpp
                    value=mpp
                    error=mpp_error
                />
                <TextField
                    name="contact"
                    label=a.field_contact
                    value=contact
                    error=contact_error
                />
                <TextField
                    name="population"
                    label=a.field_population
                    hint=a.field_population_hint
                    kind="number"
                    value=population
                    error=population_error
                />
                <div class="field checkbox">
                    <label>
                        <input type="checkbox" name="active" value="1" checked=active />
                        " "
                        {a.field_active}
                    </label>
                </div>
                <button type="submit" class="button">{a.save}</button>
            </form>
            {unit.map(|u| {
                let screen = format!("/tv/{}", u.code);
                let tv = format!("/admin/unit/{}/tv", u.code);
                let kop = format!("/admin/unit/{}/kop", u.code);
                let kop_form = form.clone();
                view! {
                    <Services unit=u form />
                    <LetterheadForm action=kop letterhead form=kop_form />
                    <TvSetting screen action=tv on=tv_current />
                }
            })}
        </AdminFrame>
    }
}

#[component]
fn Services(unit: UnitRecord, form: Option<FormState>) -> impl IntoView {
    let text = t();
    let a = &text.admin;
    let add = format!("/admin/unit/{}/layanan", unit.code);
    view! {
        <section class="admin-services">
            <h2>{a.services_title}</h2>
            <ul class="service-list" data-testid="services">
                {unit
                    .services
                    .into_iter()
                    .map(|s| {
                        let action = format!("/admin/unit/{}/layanan/{}", unit.code, s.id);
                        view! {
                            <li class:inactive=!s.active>
                                <span>{s.name}</span>
                                {(!s.active).then(|| view! { <span class="badge">{a.inactive}</span> })}
                                <form method="post" action=action class="inline">
                                    <input type="hidden" name="active" value=if s.active { "0" } else { "1" } />
                                    <button type="submit" class="link-button">
                                        {if s.active { a.deactivate } else { a.activate }}
                                    </button>
                                </form>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {form_summary(&form, "service")}
            <form method="post" action=add class="staff-form inline-form" data-testid="service-form">
                <TextField
                    name="service"
                    label=a.service_name
                    value=field_value(&form, "service", "service", String::new())
                    error=field_error(&form, "service", "service")
                    required=true
                />
                <button type="submit" class="button">{a.add_service}</button>
            </form>
        </section>
    }
}
