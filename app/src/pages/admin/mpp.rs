//! `/admin/mpp` — the Mal Pelayanan Publik of the viewer's regions and a form for a new one;
//! `/admin/mpp/{code}` — one MPP's name and address, its tenants (added and removed; a tenant that
//! left keeps its history) — for the region's staff and the MPP's own manager. The forms post to
//! `server/src/web/mpps.rs`.

use crate::access::Viewer;
use crate::components::fields::{field_error, field_value, form_summary, TextField};
use crate::components::staff::{guarded, AdminFrame};
use crate::components::tv_setting::TvSetting;
use crate::error::LoadError;
use crate::forms::FormState;
use crate::i18n::t;
use crate::model::Region;
use crate::mpp::{MppDetail, MppSummary};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// The form of a new MPP in `FormState`.
pub const NEW_MPP_FORM: &str = "mpp-baru";
/// The form of an MPP's fields.
pub const MPP_FORM: &str = "mpp";
/// The form adding a tenant.
pub const TENANT_FORM: &str = "tenant";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MppsList {
    pub viewer: Viewer,
    pub mpps: Vec<MppSummary>,
    /// The kabupaten/kota the viewer may create an MPP in.
    pub regions: Vec<Region>,
    pub form: Option<FormState>,
}

#[server(endpoint = "admin/mpp")]
pub async fn load_mpps() -> Result<Option<MppsList>, LoadError> {
    use crate::model::RegionLevel;
    let viewer = crate::guard::require(Viewer::can_list_mpps)?;
    let store = crate::store::use_store()?;
    let failed = crate::store::unavailable("loading the MPPs");
    let mpps = store
        .mpps()
        .await
        .map_err(failed)?
        .into_iter()
        .filter(|m| viewer.can_manage_mpp(&m.code, &m.fields.region_code))
        .collect();
    let regions = store
        .regions()
        .await
        .map_err(failed)?
        .into_iter()
        .filter(|r| r.level != RegionLevel::Province && viewer.can_place_units_in(&r.code))
        .collect();
    Ok(Some(MppsList {
        viewer,
        mpps,
        regions,
        form: crate::forms::rejected(),
    }))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MppEditor {
    pub viewer: Viewer,
    pub detail: MppDetail,
    pub form: Option<FormState>,
    /// Whether the MPP's live screen shows the current period.
    pub tv_current: bool,
}

#[server(endpoint = "admin/mpp-satu")]
pub async fn load_mpp_editor(code: String) -> Result<Option<MppEditor>, LoadError> {
    let store = crate::store::use_store()?;
    let Some(detail) = store
        .mpp(&code)
        .await
        .map_err(crate::store::unavailable("loading an MPP"))?
    else {
        crate::guard::set_status(http::StatusCode::NOT_FOUND);
        return Ok(None);
    };
    let region = detail.mpp.fields.region_code.clone();
    let viewer = crate::guard::require(|v| v.can_manage_mpp(&code, &region))?;
    let tv_current = store
        .tv_shows_current(&crate::tv::TvPlace::Mpp(code.clone()))
        .await
        .map_err(crate::store::unavailable("loading an MPP"))?;
    Ok(Some(MppEditor {
        viewer,
        detail,
        form: crate::forms::rejected(),
        tv_current,
    }))
}

#[component]
pub fn MppsAdminPage() -> impl IntoView {
    let text = t();
    let data = Resource::new(|| (), |_| load_mpps());
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                guarded(data.await, |list: MppsList| view! { <MppList list /> })
            })}
        </Suspense>
    }
}

#[component]
fn MppList(list: MppsList) -> impl IntoView {
    let text = t();
    let m = &text.mpp;
    let form = list.form.clone();
    let value = {
        let form = form.clone();
        move |field: &str| field_value(&form, NEW_MPP_FORM, field, String::new())
    };
    let err = {
        let form = form.clone();
        move |field: &str| field_error(&form, NEW_MPP_FORM, field)
    };
    let chosen_region = value("region");
    view! {
        <AdminFrame viewer=list.viewer.clone() title=m.admin_title.to_string()>
            <p class="lead">{m.admin_intro}</p>
            {if list.mpps.is_empty() {
                view! { <p>{m.no_mpps}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" role="region" tabindex="0" aria-label=text.table_scroll>
                        <table class="figures" data-testid="mpp-list">
                            <thead>
                                <tr>
                                    <th scope="col">{m.name_label}</th>
                                    <th scope="col">{m.region_label}</th>
                                    <th scope="col">{m.serving_count}</th>
                                    <th scope="col">{m.code_label}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list.mpps.iter().map(|mpp| view! {
                                    <tr data-mpp=mpp.code.clone()>
                                        <th scope="row"><a href=format!("/admin/mpp/{}", mpp.code)>{mpp.fields.name.clone()}</a></th>
                                        <td>{mpp.region_name.clone()}</td>
                                        <td>{mpp.tenants.to_string()}</td>
                                        <td>
                                            <code>{mpp.code.clone()}</code> " · "
                                            <a href=format!("/mpp/{}", mpp.code)>{m.open_results}</a> " · "
                                            <a href=format!("/m/{}", mpp.code)>{m.open_hall}</a>
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            {(!list.regions.is_empty()).then(|| view! {
                <section aria-labelledby="new-mpp">
                    <h2 id="new-mpp">{m.new_heading}</h2>
                    <form method="post" action="/admin/mpp" class="staff-form">
                        {form_summary(&form, NEW_MPP_FORM)}
                        <TextField name="code" label=m.code_label hint=m.code_hint value=value("code") error=err("code") required=true />
                        <TextField name="name" label=m.name_label value=value("name") error=err("name") required=true />
                        <div class="field" class:has-error=err("region").is_some()>
                            <label for="f-region">{m.region_label}</label>
                            {err("region").map(|e| view! { <p class="field-error">{e}</p> })}
                            <select id="f-region" name="region" required=true>
                                {list.regions.iter().map(|r| view! {
                                    <option value=r.code.clone() selected=chosen_region == r.code>{r.name.clone()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <TextField name="address" label=m.address_label value=value("address") error=err("address") />
                        <button type="submit" class="button">{m.create}</button>
                    </form>
                </section>
            })}
        </AdminFrame>
    }
}

#[component]
pub fn MppAdminPage() -> impl IntoView {
    let text = t();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        load_mpp_editor,
    );
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                guarded(data.await, |editor: MppEditor| view! { <Editor editor /> })
            })}
        </Suspense>
    }
}

#[component]
fn Editor(editor: MppEditor) -> impl IntoView {
    let text = t();
    let m = &text.mpp;
    let form = editor.form.clone();
    let mpp = editor.detail.mpp.clone();
    let code = mpp.code.clone();
    let value = {
        let form = form.clone();
        move |which: &str, field: &str, fallback: String| field_value(&form, which, field, fallback)
    };
    let err = {
        let form = form.clone();
        move |which: &str, field: &str| field_error(&form, which, field)
    };
    view! {
        <AdminFrame viewer=editor.viewer.clone() title=mpp.fields.name.clone()>
            <p class="muted">
                <code>{code.clone()}</code> " · " {mpp.region_name.clone()} " · "
                <a href=format!("/mpp/{code}")>{m.open_results}</a> " · "
                <a href=format!("/m/{code}")>{m.open_hall}</a> " · "
                <a href=format!("/m/{code}/poster")>{m.poster_link}</a>
            </p>
            <form method="post" action=format!("/admin/mpp/{code}") class="staff-form" id="mpp-form">
                {form_summary(&form, MPP_FORM)}
                <TextField name="name" label=m.name_label value=value(MPP_FORM, "name", mpp.fields.name.clone()) error=err(MPP_FORM, "name") required=true />
                <TextField name="address" label=m.address_label value=value(MPP_FORM, "address", mpp.fields.address.clone()) error=err(MPP_FORM, "address") />
                <button type="submit" class="button">{m.save}</button>
            </form>
            <section aria-labelledby="tenants-admin">
                <h2 id="tenants-admin">{m.tenants_admin}</h2>
                <ul class="tenant-list" data-testid="tenant-list">
                    {editor.detail.tenants.iter().map(|tenant| {
                        let serving = tenant.serving();
                        view! {
                            <li data-unit=tenant.code.clone() data-serving=serving.to_string()>
                                <span>{tenant.name.clone()}</span>
                                {tenant.agency.clone().map(|a| view! { " " <span class="muted">{m.national} " · " {a}</span> })}
                                " " <code>{tenant.code.clone()}</code>
                                {match tenant.removed_at.clone() {
                                    Some(at) => view! {
                                        " " <span class="muted">{m.left_on.replace("{date}", &crate::time::jakarta_time(&at))}</span>
                                    }.into_any(),
                                    None => view! {
                                        <form method="post" action=format!("/admin/mpp/{code}/tenant/{}", tenant.code) class="inline-form">
                                            <input type="hidden" name="serving" value="0" />
                                            <button type="submit" class="button secondary">{m.remove_tenant}</button>
                                        </form>
                                    }.into_any(),
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <form method="post" action=format!("/admin/mpp/{code}/tenant") class="staff-form" id="tenant-form">
                    {form_summary(&form, TENANT_FORM)}
                    <TextField name="unit" label=m.add_tenant_label hint=m.add_tenant_hint value=value(TENANT_FORM, "unit", String::new()) error=err(TENANT_FORM, "unit") required=true />
                    <button type="submit" class="button">{m.add_tenant}</button>
                </form>
            </section>
            <TvSetting screen=format!("/tv/{code}") action=format!("/admin/mpp/{code}/tv") on=editor.tv_current />
        </AdminFrame>
    }
}
