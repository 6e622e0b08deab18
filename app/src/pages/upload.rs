//! `/dasbor/{code}/impor` — paper surveys typed into CSV or XLSX, imported into the unit in two
//! steps: the upload form (`POST /dasbor/{code}/impor`, multipart) checks the file and keeps it; the
//! page then shows the check (`?unggahan={id}`: rows, valid and invalid rows with their lines, the
//! survey dates, the file's IKM) with the store button (`POST /dasbor/{code}/impor/{id}`), and,
//! once stored, what was stored. The handlers are in `server/src/upload.rs`; the check and the store
//! are the command line's (`server/src/transfer/import.rs`).

use crate::access::Viewer;
use crate::components::fields::{field_error, form_summary};
use crate::components::staff::{guarded, AdminFrame};
use crate::dashboard::ImportSummary;
use crate::error::LoadError;
use crate::forms::FormState;
use crate::forms::UPLOAD_FORM;
use crate::i18n::{t, use_lang};
use ikm_domain::decimal::group_thousands;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadPage {
    pub viewer: Viewer,
    pub unit_code: String,
    pub unit_name: String,
    /// The upload asked for (`?unggahan=`): its id and check; `Some((id, None))` when it is gone.
    pub upload: Option<(String, Option<ImportSummary>)>,
    /// The store was refused because of invalid rows (`?belum=1`).
    pub not_stored: bool,
    pub form: Option<FormState>,
}

#[server(endpoint = "impor")]
pub async fn load_upload(
    code: String,
    unggahan: Option<String>,
    belum: Option<String>,
) -> Result<Option<UploadPage>, LoadError> {
    let store = crate::store::use_store()?;
    let failed = crate::store::unavailable("loading the import page");
    let Some((viewer, record, unit)) =
        crate::guard::managed_unit(store.as_ref(), &code, "loading the import page").await?
    else {
        return Ok(None);
    };
    let upload = match unggahan.filter(|id| !id.is_empty()) {
        None => None,
        Some(id) => {
            let found = store.upload(unit.id, &id).await.map_err(failed)?;
            Some((id, found.map(|(summary, _)| summary)))
        }
    };
    Ok(Some(UploadPage {
        viewer,
        unit_code: code,
        unit_name: record.fields.name,
        upload,
        not_stored: belum.is_some_and(|b| b == "1"),
        form: crate::forms::rejected(),
    }))
}

#[component]
pub fn UploadPage() -> impl IntoView {
    let text = t();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                params.read().get("code").unwrap_or_default(),
                q.get("unggahan"),
                q.get("belum"),
            )
        },
        |(code, unggahan, belum)| load_upload(code, unggahan, belum),
    );
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                guarded(data.await, |page: UploadPage| view! { <Upload page /> })
            })}
        </Suspense>
    }
}

#[component]
fn Upload(page: UploadPage) -> impl IntoView {
    let text = t();
    let u = &text.upload;
    let base = format!("/dasbor/{}", page.unit_code);
    let title = format!("{} · {}", u.title, page.unit_name);
    let body = match page.upload.clone() {
        None => view! { <UploadForm page=page.clone() /> }.into_any(),
        Some((_, None)) => view! {
            <p class="error" role="alert">{u.gone}</p>
            <p><a href=format!("{base}/impor")>{u.another}</a></p>
        }
        .into_any(),
        Some((id, Some(summary))) => view! {
            <Preview base=base.clone() id summary not_stored=page.not_stored />
        }
        .into_any(),
    };
    view! {
        <AdminFrame viewer=page.viewer.clone() title>
            <p><a href=base.clone()>{u.back}</a></p>
            {body}
        </AdminFrame>
    }
}

#[component]
fn UploadForm(page: UploadPage) -> impl IntoView {
    let text = t();
    let u = &text.upload;
    let error = field_error(&page.form, UPLOAD_FORM, "berkas");
    let reason = page
        .form
        .as_ref()
        .filter(|f| f.is(UPLOAD_FORM))
        .and_then(|f| f.value("alasan"));
    view! {
        <p>{u.intro}</p>
        {form_summary(&page.form, UPLOAD_FORM)}
        <form
            class="staff-form"
            method="post"
            action=format!("/dasbor/{}/impor", page.unit_code)
            enctype="multipart/form-data"
            data-testid="upload-form"
        >
            <div class="field">
                <label for="f-berkas">{u.file_label}</label>
                <p class="hint" id="f-berkas-hint">{u.file_hint}</p>
                {error.map(|_| view! {
                    <p class="field-error" id="f-berkas-error" role="alert">
                        {if reason.is_some() { u.err_bad_file } else { u.err_no_file }}
                        {reason.clone().map(|r| format!(" {r}"))}
                    </p>
                })}
                <input
                    type="file"
                    id="f-berkas"
                    name="berkas"
                    accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    required
                    aria-describedby=if error.is_some() { "f-berkas-hint f-berkas-error" } else { "f-berkas-hint" }
                    aria-invalid=error.is_some().then_some("true")
                />
            </div>
            <div class="field checkbox">
                <input type="checkbox" id="f-lewati" name="lewati" value="1" />
                <label for="f-lewati">{u.skip_label}</label>
            </div>
            <button type="submit">{u.check}</button>
        </form>
    }
}

#[component]
fn Preview(base: String, id: String, summary: ImportSummary, not_stored: bool) -> impl IntoView {
    let text = t();
    let u = &text.upload;
    let lang = use_lang();
    let count = |n: u64| group_thousands(n, Some('.'));
    let days = match (summary.first_day, summary.last_day) {
        (Some(a), Some(b)) if a == b => a.format("%d-%m-%Y").to_string(),
        (Some(a), Some(b)) => format!("{} – {}", a.format("%d-%m-%Y"), b.format("%d-%m-%Y")),
        _ => "—".to_string(),
    };
    let ikm = summary.ikm.map_or("—".to_string(), |(value, mutu)| {
        format!("{} ({})", value.to_id_string(), mutu.letter())
    });
    let more = summary
        .invalid_total
        .saturating_sub(summary.invalid.len() as u64);
    let invalid = (!summary.invalid.is_empty()).then(|| {
        view! {
            <h3>{u.invalid_heading}</h3>
            <ul class="upload-errors" data-testid="upload-errors">
                {summary
                    .invalid
                    .iter()
                    .map(|(line, problem)| view! { <li>{format!("{} {line}: {}", u.line, problem.describe(lang))}</li> })
                    .collect_view()}
            </ul>
            {(more > 0).then(|| view! { <p>{u.more_lines.replace("{n}", &count(more))}</p> })}
        }
    });
    let outcome = summary.outcome.clone();
    view! {
        <section data-testid="upload-preview">
            <h2>{u.preview_heading}</h2>
            <dl class="upload-facts">
                <dt>{u.file_name}</dt><dd>{summary.file_name.clone()}</dd>
                <dt>{u.rows}</dt><dd data-testid="upload-rows">{count(summary.rows)}</dd>
                <dt>{u.valid}</dt><dd data-testid="upload-valid">{count(summary.valid)}</dd>
                <dt>{u.invalid}</dt><dd data-testid="upload-invalid">{count(summary.invalid_total)}</dd>
                <dt>{u.days}</dt><dd>{days}</dd>
                <dt>{u.file_ikm}</dt><dd data-testid="upload-ikm">{ikm}</dd>
            </dl>
            {invalid}
            {match outcome {
                Some(done) => view! {
                    <section data-testid="upload-done">
                        <h2>{u.done_heading}</h2>
                        <dl class="upload-facts">
                            <dt>{u.stored}</dt><dd data-testid="upload-stored">{count(done.stored)}</dd>
                            <dt>{u.already_stored}</dt><dd>{count(done.already_stored)}</dd>
                            <dt>{u.conflicts}</dt><dd>{count(done.conflicts.len() as u64)}</dd>
                        </dl>
                        <ul>
                            {done
                                .conflicts
                                .iter()
                                .map(|(line, problem)| view! { <li>{format!("{} {line}: {}", u.line, problem.describe(lang))}</li> })
                                .collect_view()}
                        </ul>
                        <p><a href=format!("{base}/impor")>{u.another}</a></p>
                    </section>
                }
                .into_any(),
                None => view! {
                    {not_stored.then(|| view! { <p class="error" role="alert" data-testid="upload-refused">{u.not_stored}</p> })}
                    <form class="staff-form" method="post" action=format!("{base}/impor/{id}")>
                        <div class="field checkbox">
                            <input
                                type="checkbox"
                                id="f-lewati"
                                name="lewati"
                                value="1"
                                checked=summary.skip_invalid
                            />
                            <label for="f-lewati">{u.skip_label}</label>
                        </div>
                        <p class="hint">{u.all_or_nothing}</p>
                        <button type="submit" disabled=summary.valid == 0>
                            {u.store.replace("{n}", &count(summary.valid))}
                        </button>
                    </form>
                    <p><a href=format!("{base}/impor")>{u.another}</a></p>
                }
                .into_any(),
            }}
        </section>
    }
}
