//! `/dasbor/{code}/undangan` — the counter staff's page of invitations: one click issues a
//! one-time survey link for the person just served (`POST …/undangan/baru`), shown back here as a
//! QR code for the counter's screen, a WhatsApp link and an SMS text; the quarter's counts (with the
//! people served and respondents per person served); the upload of served counts per day; and the
//! unit's settings (how long links stay valid, invitation only).

use crate::access::Viewer;
use crate::components::fields::{field_error, field_value, form_summary};
use crate::components::staff::{guarded, AdminFrame};
use crate::error::LoadError;
use crate::forms::SERVED_FORM;
use crate::i18n::t;
use crate::invitation::{InvitationCounts, InvitationSettings};
use crate::model::Service;
use ikm_domain::decimal::{group_thousands, Hundredths};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// An invitation just issued, as the counter shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issued {
    pub code: String,
    /// The full link the QR code holds.
    pub link: String,
    pub qr_svg: String,
    /// When it expires, Asia/Jakarta.
    pub expires: String,
    pub whatsapp: String,
    pub sms: String,
    pub used: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationsPage {
    pub viewer: Viewer,
    pub unit_code: String,
    pub unit_name: String,
    pub services: Vec<Service>,
    pub settings: InvitationSettings,
    pub period_label: String,
    pub counts: InvitationCounts,
    pub respondents: u64,
    pub issued: Option<Issued>,
    /// The unit's API keys, newest first.
    pub keys: Vec<crate::invitation::ApiKey>,
    /// A key just made (shown this once).
    pub new_key: Option<String>,
    pub form: Option<crate::forms::FormState>,
}

#[server(endpoint = "dasbor/undangan")]
pub async fn load_invitations(
    code: String,
    kode: Option<String>,
) -> Result<Option<InvitationsPage>, LoadError> {
    use crate::guard::managed_unit;
    use crate::invitation::{invitation_path, message, normalize, whatsapp_link};
    use crate::pages::poster::{public_base_url, qr_svg};
    use crate::store::Counted;
    use crate::time::jakarta_today;
    use ikm_domain::{Period, PeriodKind};

    let store = crate::store::use_store()?;
    let failed = crate::store::unavailable("loading the invitations");
    let Some((viewer, record, unit)) =
        managed_unit(store.as_ref(), &code, "loading the invitations").await?
    else {
        return Ok(None);
    };
    let lang = crate::i18n::use_lang();
    let period = Period::containing(PeriodKind::Quarter, jakarta_today());
    // The invitation just issued (its code in the address), when it is this unit's.
    let mut issued = None;
    if let Some(code) = kode.as_deref().and_then(normalize) {
        if let Some(found) = store
            .invitation(&code)
            .await
            .map_err(failed)?
            .filter(|i| i.unit_id == unit.id)
        {
            let link = format!("{}{}", public_base_url(), invitation_path(&found.code));
            issued = Some(Issued {
                qr_svg: qr_svg(&link)?,
                expires: crate::time::jakarta_time(&found.expires_at.to_rfc3339()),
                whatsapp: whatsapp_link(&record.fields.name, &link),
                sms: message(&record.fields.name, &link),
                used: found.response_id.is_some(),
                code: found.code,
                link,
            });
        }
    }
    let respondents = store
        .unit_tally(unit.id, period.from, period.to, Counted::Valid)
        .await
        .map_err(failed)?
        .respondents();
    Ok(Some(InvitationsPage {
        viewer,
        unit_code: unit.unit.code.clone(),
        unit_name: unit.unit.name.clone(),
        services: unit.services.clone(),
        settings: store.invitation_settings(unit.id).await.map_err(failed)?,
        period_label: period.label(lang),
        counts: store
            .invitation_counts(unit.id, period.from, period.to)
            .await
            .map_err(failed)?,
        respondents,
        issued,
        keys: store.api_keys(unit.id).await.map_err(failed)?,
        new_key: use_context::<crate::invitation::NewKey>().map(|k| k.0),
        form: crate::forms::rejected(),
    }))
}

#[component]
pub fn InvitationsPageView() -> impl IntoView {
    let text = t();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("code").unwrap_or_default(),
                query.read().get("kode"),
            )
        },
        |(code, kode)| load_invitations(code, kode),
    );
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                guarded(data.await, |page: InvitationsPage| view! { <Invitations page /> })
            })}
        </Suspense>
    }
}

fn percent(value: Option<Hundredths>) -> String {
    value.map_or("–".to_string(), |p| format!("{}%", p.to_id_string()))
}

#[component]
fn Invitations(page: InvitationsPage) -> impl IntoView {
    let text = t();
    let i = &text.invitation;
    let base = format!("/dasbor/{}/undangan", page.unit_code);
    let form = page.form.clone();
    let counts = page.counts;
    let query = use_query_map().read_untracked();
    let saved = query.get("disimpan").is_some();
    // What the last upload of served counts stored (its days and their total).
    let served_saved = query.get("dilayani").map(|days| {
        let total = query
            .get("jumlah")
            .and_then(|t| t.parse::<u64>().ok())
            .unwrap_or(0);
        (days, group_thousands(total, Some('.')))
    });
    drop(query);
    let served_reason = form
        .as_ref()
        .filter(|f| f.is(SERVED_FORM))
        .and_then(|f| f.value("alasan"));
    view! {
        <AdminFrame viewer=page.viewer.clone() title=format!("{} — {}", i.page_title, page.unit_name)>
            <p class="muted">
                <a href=format!("/dasbor/{}", page.unit_code)>{text.dash.title}</a>
            </p>
            <p class="lead">{i.page_intro}</p>
            {page.issued.clone().map(|issued| view! {
                <section class="invitation-issued" aria-labelledby="issued-heading" data-testid="invitation-issued">
                    <h2 id="issued-heading">{i.issued_heading}</h2>
                    <div class="poster-qr" inner_html=issued.qr_svg.clone()></div>
                    <p class="invitation-code" data-testid="invitation-code">{issued.code.clone()}</p>
                    <p><a href=issued.link.clone() data-testid="invitation-link">{issued.link.clone()}</a></p>
                    <p class="muted">{i.valid_until.replace("{date}", &issued.expires)}</p>
                    {issued.used.then(|| view! { <p class="muted">{i.used_title}</p> })}
                    <p>
                        <a class="button" href=issued.whatsapp.clone() target="_blank" rel="noopener">{i.whatsapp}</a>
                    </p>
                    <div class="field">
                        <label for="sms-text">{i.sms}</label>
                        <textarea id="sms-text" readonly rows="3">{issued.sms.clone()}</textarea>
                    </div>
                </section>
            })}
            <form method="post" action=format!("{base}/baru") class="staff-form invitation-form">
                {form_summary(&form, "invitation")}
                <div class="field" class:has-error=field_error(&form, "invitation", "layanan").is_some()>
                    <label for="inv-layanan">{i.service_label}</label>
                    {field_error(&form, "invitation", "layanan").map(|e| view! { <p class="field-error">{e}</p> })}
                    <select id="inv-layanan" name="layanan">
                        <option value="">{i.service_any}</option>
                        {page.services.iter().map(|s| view! {
                            <option value=s.id.to_string()>{s.name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="inv-loket">{i.counter_label}</label>
                    <input id="inv-loket" name="loket" type="text" maxlength="40" />
                </div>
                <button type="submit" data-testid="issue-invitation">{i.issue}</button>
            </form>
            <section aria-labelledby="counts-heading">
                <h2 id="counts-heading">{i.counts_heading} " · " {page.period_label.clone()}</h2>
                <dl class="facts" data-testid="invitation-counts">
                    <dt>{i.issued}</dt><dd>{counts.issued.to_string()}</dd>
                    <dt>{i.answered}</dt><dd>{counts.answered.to_string()}</dd>
                    <dt>{i.response_rate}</dt><dd data-testid="response-rate">{percent(counts.response_rate())}</dd>
                    <dt>{i.invited_share}</dt><dd>{percent(counts.invited_share(page.respondents))}</dd>
                    <dt>{i.served}</dt>
                    <dd data-testid="served">
                        {counts.served.map_or("–".to_string(), |n| group_thousands(n, Some('.')))}
                        {(counts.uploaded_days > 0).then(|| format!(" ({})", i.served_uploaded.replace("{days}", &counts.uploaded_days.to_string())))}
                    </dd>
                    <dt>{i.per_served}</dt><dd data-testid="per-served">{percent(counts.respondents_per_served(page.respondents))}</dd>
                </dl>
            </section>
            <section aria-labelledby="served-heading" data-testid="served-upload">
                <h2 id="served-heading">{i.served_heading}</h2>
                <p class="muted">{i.served_intro}</p>
                {served_saved.map(|(days, total)| view! {
                    <p class="saved" role="status" data-testid="served-saved">
                        {i.served_saved.replace("{days}", &days).replace("{total}", &total)}
                    </p>
                })}
                <form method="post" action=format!("{base}/dilayani") enctype="multipart/form-data" class="staff-form">
                    {form_summary(&form, SERVED_FORM)}
                    <div class="field" class:has-error=field_error(&form, SERVED_FORM, "berkas").is_some()>
                        <label for="served-file">{i.served_file_label}</label>
                        {field_error(&form, SERVED_FORM, "berkas").map(|e| view! { <p class="field-error" id="served-file-error">{e}</p> })}
                        {served_reason.map(|r| view! { <p class="field-error" data-testid="served-problem">{r}</p> })}
                        <input id="served-file" name="berkas" type="file" required
                            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
                    </div>
                    <button type="submit" data-testid="upload-served">{i.served_upload}</button>
                </form>
            </section>
            <section aria-labelledby="keys-heading" data-testid="api-keys">
                <h2 id="keys-heading">{i.api_heading}</h2>
                <p class="muted">{i.api_intro.replace("{kode}", &page.unit_code).replace("{code}", &page.unit_code)}</p>
                {page.new_key.clone().map(|key| view! {
                    <div class="invitation-issued" role="status">
                        <p>{i.api_new_shown}</p>
                        <p class="invitation-code" data-testid="new-api-key">{key}</p>
                    </div>
                })}
                {if page.keys.is_empty() {
                    view! { <p>{i.api_none}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll" role="region" tabindex="0" aria-label=text.table_scroll>
                            <table class="figures">
                                <thead>
                                    <tr>
                                        <th scope="col">{i.api_col_name}</th>
                                        <th scope="col">{i.api_col_key}</th>
                                        <th scope="col">{i.api_col_created}</th>
                                        <th scope="col">{i.api_col_used}</th>
                                        <th scope="col"></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {page.keys.iter().map(|k| view! {
                                        <tr data-key=k.prefix.clone()>
                                            <th scope="row">{k.name.clone()}</th>
                                            <td><code>{format!("ikm_{}_…", k.prefix)}</code></td>
                                            <td>{crate::time::jakarta_time(&k.created_at)} " · " {k.created_by.clone()}</td>
                                            <td>{k.last_used_at.as_deref().map(crate::time::jakarta_time).unwrap_or_else(|| "—".into())}</td>
                                            <td>
                                                {match &k.revoked_at {
                                                    Some(_) => view! { <span class="muted">{i.api_revoked}</span> }.into_any(),
                                                    None => view! {
                                                        <form method="post" action=format!("{base}/kunci/{}/cabut", k.id)>
                                                            <button type="submit" class="secondary">{i.api_revoke}</button>
                                                        </form>
                                                    }.into_any(),
                                                }}
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
                <form method="post" action=format!("{base}/kunci") class="staff-form">
                    {form_summary(&form, "api-key")}
                    <div class="field" class:has-error=field_error(&form, "api-key", "nama").is_some()>
                        <label for="key-nama">{i.api_name_label}</label>
                        {field_error(&form, "api-key", "nama").map(|e| view! { <p class="field-error">{e}</p> })}
                        <input id="key-nama" name="nama" type="text" maxlength="80" required />
                    </div>
                    <button type="submit" data-testid="create-api-key">{i.api_create}</button>
                </form>
            </section>
            <section aria-labelledby="settings-heading">
                <h2 id="settings-heading">{i.settings_heading}</h2>
                {saved.then(|| view! { <p class="saved" role="status">{text.admin.saved}</p> })}
                <form method="post" action=format!("{base}/pengaturan") class="staff-form">
                    {form_summary(&form, "invitation-settings")}
                    <div class="field" class:has-error=field_error(&form, "invitation-settings", "masa").is_some()>
                        <label for="inv-masa">{i.valid_days_label}</label>
                        {field_error(&form, "invitation-settings", "masa").map(|e| view! { <p class="field-error" id="inv-masa-error">{e}</p> })}
                        <input
                            id="inv-masa"
                            name="masa"
                            type="number"
                            min="1"
                            max="90"
                            required
                            value=field_value(&form, "invitation-settings", "masa", page.settings.valid_days.to_string())
                        />
                    </div>
                    <div class="field checkbox">
                        <label>
                            <input
                                type="checkbox"
                                name="hanya_undangan"
                                value="1"
                                checked=page.settings.only_invited
                                aria-describedby="inv-hanya-hint"
                            />
                            " "
                            {i.only_label}
                        </label>
                        <p class="hint" id="inv-hanya-hint">{i.only_hint}</p>
                    </div>
                    <button type="submit">{i.save}</button>
                </form>
            </section>
        </AdminFrame>
    }
}
