//! `/admin/wilayah` — the region names (Kemendagri codes), editable by admins and province staff.

use crate::access::Viewer;
use crate::components::fields::{field_error, field_value, form_summary, TextField};
use crate::components::staff::{guarded, AdminFrame};
use crate::error::LoadError;
use crate::forms::FormState;
use crate::i18n::t;
use crate::model::Region;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionsEditor {
    pub viewer: Viewer,
    pub regions: Vec<Region>,
    pub form: Option<FormState>,
}

#[server(endpoint = "admin/wilayah")]
pub async fn load_regions_editor() -> Result<Option<RegionsEditor>, LoadError> {
    let viewer = crate::guard::require(Viewer::can_edit_regions)?;
    let store = crate::store::use_store()?;
    let regions = store
        .regions()
        .await
        .map_err(crate::store::unavailable("loading regions"))?
        .into_iter()
        .filter(|r| viewer.can_edit_region(&r.code))
        .collect();
    Ok(Some(RegionsEditor {
        viewer,
        regions,
        form: crate::forms::rejected(),
    }))
}

#[component]
pub fn RegionsPage() -> impl IntoView {
    let text = t();
    let data = Resource::new(|| (), |_| load_regions_editor());
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                guarded(data.await, |editor: RegionsEditor| {
                    let a = &text.admin;
                    let form = editor.form.clone();
                    view! {
                        <AdminFrame viewer=editor.viewer title=a.nav_regions.to_string()>
                            <p class="lead">{a.regions_intro}</p>
                            <ul class="region-list">
                                {editor
                                    .regions
                                    .into_iter()
                                    .map(|r| {
                                        let which = format!("region-{}", r.code);
                                        let action = format!("/admin/wilayah/{}", r.code);
                                        view! {
                                            <li>
                                                {form_summary(&form, &which)}
                                                <form method="post" action=action class="staff-form inline-form">
                                                    <TextField
                                                        name="name"
                                                        label=a.region_name
                                                        value=field_value(&form, &which, "name", r.name.clone())
                                                        error=field_error(&form, &which, "name")
                                                        required=true
                                                        prefix=format!("{}-", r.code)
                                                    />
                                                    <code>{r.code.clone()}</code>
                                                    <a href=format!("/wilayah/{}", r.code)>{text.region.nav}</a>
                                                    <a href=format!("/admin/wilayah/{}/kop", r.code)>{a.kop_link}</a>
                                                    <button type="submit" class="button">{a.save}</button>
                                                </form>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </AdminFrame>
                    }
                })
            })}
        </Suspense>
    }
}

/// `/admin/wilayah/{code}/kop` — a region's letterhead, printed on its reports and on those of
/// its units without their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionLetterhead {
    pub viewer: Viewer,
    pub region: Region,
    pub letterhead: Option<crate::letterhead::Letterhead>,
    pub form: Option<FormState>,
}

#[server(endpoint = "admin/wilayah-kop")]
pub async fn load_region_letterhead(code: String) -> Result<Option<RegionLetterhead>, LoadError> {
    let viewer = crate::guard::require(|v| v.can_edit_region_letterhead(&code))?;
    let store = crate::store::use_store()?;
    let failed = crate::store::unavailable("loading a region's letterhead");
    let Some(region) = store
        .regions()
        .await
        .map_err(failed)?
        .into_iter()
        .find(|r| r.code == code)
    else {
        return Ok(None);
    };
    let letterhead = store
        .letterhead(&crate::letterhead::LetterheadOwner::Region(code))
        .await
        .map_err(crate::store::unavailable("loading a region's letterhead"))?;
    Ok(Some(RegionLetterhead {
        viewer,
        region,
        letterhead,
        form: crate::forms::rejected(),
    }))
}

#[component]
pub fn RegionLetterheadPage() -> impl IntoView {
    let text = t();
    let params = leptos_router::hooks::use_params_map();
    let data = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        load_region_letterhead,
    );
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                guarded(data.await, |page: RegionLetterhead| {
                    let title = format!("{} · {}", text.admin.kop_title, page.region.name);
                    let action = format!("/admin/wilayah/{}/kop", page.region.code);
                    view! {
                        <AdminFrame viewer=page.viewer title>
                            <crate::components::letterhead_form::LetterheadForm
                                action
                                letterhead=page.letterhead
                                form=page.form
                            />
                        </AdminFrame>
                    }
                })
            })}
        </Suspense>
    }
}
